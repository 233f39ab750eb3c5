// The designer's style sheets keep to the type scale of styles.css: one text size (13 px, set
// on :root, or inherited) and the weights 400 and 600. Every further size or weight is a font
// WebKitGTK sets up while the first screen starts (see styles.css).
import { describe, expect, it } from "vitest";

// Node's fs, typed for the one call used: the UI's tsconfig has no Node types, and Vitest hands
// `.css` imports (even `?raw`) over as empty strings.
const fsModule: string = "node:fs";
const { readFileSync } = (await import(/* @vite-ignore */ fsModule)) as {
  readFileSync(path: URL, encoding: "utf8"): string;
};
const SHEETS = ["styles.css", "panels/designer.css", "environments/environments.css"];

/** Every `property: value` of the sheet, with its line number. */
function declarations(css: string, property: string): { line: number; value: string }[] {
  const out: { line: number; value: string }[] = [];
  const re = new RegExp(`(?:^|[;{\\s])${property}\\s*:\\s*([^;}]+)`, "g");
  for (const m of css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " ")).matchAll(re)) {
    out.push({ line: css.slice(0, m.index).split("\n").length, value: m[1].trim() });
  }
  return out;
}

describe("type scale", () => {
  it("finds the declarations it checks", () => {
    expect(declarations("a { font-size: 12px; }\nb {\n  font-weight:700 }", "font-size")).toEqual([
      { line: 1, value: "12px" },
    ]);
    expect(declarations("/* font-weight: 700 */ b { font-weight: 600 }", "font-weight")).toEqual([
      { line: 1, value: "600" },
    ]);
  });

  for (const sheet of SHEETS) {
    it(`${sheet} uses one size and two weights`, () => {
      const css = readFileSync(new URL(`./${sheet}`, import.meta.url), "utf8");
      expect(css).toContain("{");
      const sizes = declarations(css, "font-size").filter(({ value }) => value !== "inherit");
      if (sheet === "styles.css") expect(sizes.map((d) => d.value)).toEqual(["13px"]);
      else expect(sizes).toEqual([]);
      const weights = declarations(css, "font-weight").filter(({ value }) => !["400", "600"].includes(value));
      expect(weights).toEqual([]);
      const shorthands = declarations(css, "font").filter(({ value }) => value !== "inherit");
      expect(shorthands).toEqual([]);
    });
  }
});
