import { describe, expect, it } from "vitest";
import type { Rule } from "../backend";
import { normalizeCatalog } from "../model/catalog";
import {
  commandsText,
  formKeys,
  otherKeys,
  ruleEntry,
  setCommands,
  setConfigKey,
  setOtherKeys,
  setProvider,
} from "./rules";

// The catalog's rule entries as the backend sends them (core's `RuleProvider`).
const catalog = normalizeCatalog({
  providers: [],
  rules: [
    {
      provider: "DeploymentWindow",
      version: "1",
      displayName: "Deployment window",
      description: "Holds the stage outside a cron window.",
      docsUrl: "",
      skipAllowed: false,
      runsCommands: false,
      config: [
        { name: "Cron", required: true, secret: false, help: "cron(...) expression" },
        { name: "TimeZone", required: false, secret: false, help: "IANA zone", default: "UTC" },
      ],
    },
    {
      provider: "VariableCheck",
      version: "1",
      displayName: "Variable check",
      description: "",
      docsUrl: "",
      skipAllowed: true,
      runsCommands: false,
      config: [
        { name: "Variable", required: true, secret: false, help: "" },
        { name: "Value", required: true, secret: false, help: "" },
        {
          name: "Operator",
          required: true,
          secret: false,
          help: "",
          allowed: ["EQ", "NE", "CONTAINS", "MATCHES", "GT", "GE", "LT", "LE"],
        },
      ],
    },
    {
      provider: "Commands",
      version: "1",
      displayName: "Commands",
      description: "",
      docsUrl: "",
      skipAllowed: false,
      runsCommands: true,
      config: [],
    },
  ],
});

function rule(provider: string, configuration: Record<string, string> = {}): Rule {
  return {
    name: "R",
    ruleTypeId: { category: "Rule", owner: "AWS", provider, version: "1" },
    configuration,
    roleArn: "arn:aws:iam::123456789012:role/r",
  };
}

describe("rule forms from the catalog", () => {
  it("gives each provider its keys, with choices and defaults", () => {
    const window = ruleEntry(catalog, "DeploymentWindow");
    expect(formKeys(window).map((k) => k.name)).toEqual(["Cron", "TimeZone"]);
    expect(formKeys(window)[0].required).toBe(true);
    expect(formKeys(window)[1].defaultValue).toBe("UTC");
    const check = formKeys(ruleEntry(catalog, "VariableCheck"));
    expect(check.find((k) => k.name === "Operator")?.choices).toContain("MATCHES");
    expect(ruleEntry(catalog, "Commands")?.runsCommands).toBe(true);
    expect(ruleEntry(catalog, "SomethingNew")).toBeUndefined();
    expect(formKeys(undefined)).toEqual([]);
  });

  it("sets and clears a key, keeping the rest of the rule", () => {
    const r = setConfigKey(rule("DeploymentWindow", { TimeZone: "UTC" }), "Cron", "cron(0 9 ? * MON-FRI *)");
    expect(r.configuration).toEqual({ TimeZone: "UTC", Cron: "cron(0 9 ? * MON-FRI *)" });
    expect(r.roleArn).toBe("arn:aws:iam::123456789012:role/r");
    expect(setConfigKey(r, "TimeZone", "").configuration).toEqual({ Cron: "cron(0 9 ? * MON-FRI *)" });
  });

  it("keeps keys outside the form as other keys, and edits only those", () => {
    const keys = formKeys(ruleEntry(catalog, "DeploymentWindow"));
    const r = rule("DeploymentWindow", { Cron: "cron(0 9 * * ? *)", Legacy: "x" });
    expect(otherKeys(r, keys)).toEqual({ Legacy: "x" });
    const next = setOtherKeys(r, keys, { Extra: "1", Cron: "ignored" });
    expect(next.configuration).toEqual({ Cron: "cron(0 9 * * ? *)", Extra: "1" });
  });

  it("switching the provider loses nothing typed", () => {
    const r = setProvider(rule("DeploymentWindow", { Cron: "cron(0 9 * * ? *)" }), "CloudWatchAlarm");
    expect(r.ruleTypeId).toEqual({
      category: "Rule",
      owner: "AWS",
      provider: "CloudWatchAlarm",
      version: "1",
    });
    expect(r.configuration).toEqual({ Cron: "cron(0 9 * * ? *)" });
  });

  it("edits a Commands rule's commands, one a line", () => {
    const r = setCommands(rule("Commands"), "npm ci\n\n  npm test  \n");
    expect(r.commands).toEqual(["npm ci", "npm test"]);
    expect(commandsText(r)).toBe("npm ci\nnpm test");
    expect("commands" in setCommands(r, "  \n")).toBe(false);
  });
});
