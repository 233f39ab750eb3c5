import { describe, expect, it } from "vitest";
import { configLines, parseConfigLines } from "./ConditionsEditor";

describe("rule configuration lines", () => {
  it("parses key=value lines, keeping '=' inside values", () => {
    expect(parseConfigLines("Cron=0 9 ? * MON-FRI *\n\nTimeZone = UTC\nExpr=a=b\nFlag")).toEqual({
      Cron: "0 9 ? * MON-FRI *",
      TimeZone: "UTC",
      Expr: "a=b",
      Flag: "",
    });
  });

  it("round-trips a configuration map", () => {
    const config = { AlarmName: "high-errors", WaitTime: "5" };
    expect(parseConfigLines(configLines(config))).toEqual(config);
    expect(configLines(undefined)).toBe("");
  });
});
