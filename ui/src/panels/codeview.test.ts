import { describe, expect, it } from "vitest";
import { errorPosition, offsetOf } from "./CodeView";

describe("code view error positions", () => {
  it("reads the line and column of parse errors in either wording", () => {
    expect(errorPosition("Line 9, column 17: this is not valid JSON")).toEqual({ line: 9, column: 17 });
    expect(errorPosition("The YAML is not valid at line 4, column 1: bad")).toEqual({ line: 4, column: 1 });
    expect(errorPosition("-:2:5: this is not valid JSON")).toEqual({ line: 2, column: 5 });
    expect(errorPosition("something else")).toBeNull();
  });

  it("finds the offset of a line and column, clamped to the line", () => {
    const text = "ab\ncdef\ng";
    expect(offsetOf(text, 1, 1)).toBe(0);
    expect(offsetOf(text, 2, 3)).toBe(5);
    expect(offsetOf(text, 2, 99)).toBe(7);
    expect(offsetOf(text, 9, 1)).toBe(text.length);
  });
});
