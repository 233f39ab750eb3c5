import { describe, expect, it } from "vitest";
import { applySgr, colour256, parseAnsi, styleCss, styledPieces } from "./ansi";

const E = "\u001b";

describe("parseAnsi", () => {
  it("cuts npm's coloured ERR! line into styled spans", () => {
    const line = `${E}[37;40mnpm${E}[0m ${E}[0m${E}[31;40mERR!${E}[0m code ERESOLVE`;
    expect(parseAnsi(line)).toEqual([
      { text: "npm", style: { fg: "var(--ansi-7)", bg: "var(--ansi-bg-0)" } },
      { text: " ", style: {} },
      { text: "ERR!", style: { fg: "var(--ansi-1)", bg: "var(--ansi-bg-0)" } },
      { text: " code ERESOLVE", style: {} },
    ]);
  });

  it("keeps styles across sequences and resets them one by one", () => {
    const spans = parseAnsi(`${E}[1m${E}[41m FAIL ${E}[22m x${E}[49m${E}[32m ok${E}[39m end`);
    expect(spans).toEqual([
      { text: " FAIL ", style: { bold: true, bg: "var(--ansi-bg-1)" } },
      { text: " x", style: { bg: "var(--ansi-bg-1)" } },
      { text: " ok", style: { fg: "var(--ansi-2)" } },
      { text: " end", style: {} },
    ]);
  });

  it("reads bright, 256 and RGB colours and ignores malformed ones", () => {
    expect(parseAnsi(`${E}[91ma`)[0].style).toEqual({ fg: "var(--ansi-9)" });
    expect(parseAnsi(`${E}[38;5;196ma`)[0].style).toEqual({ fg: "rgb(255, 0, 0)" });
    expect(parseAnsi(`${E}[48;5;240ma`)[0].style).toEqual({ bg: "rgb(88, 88, 88)" });
    expect(parseAnsi(`${E}[38;2;10;20;30ma`)[0].style).toEqual({ fg: "rgb(10, 20, 30)" });
    expect(parseAnsi(`${E}[38;5;999ma`)[0].style).toEqual({});
    expect(parseAnsi(`${E}[38;9;1ma`)[0].style).toEqual({});
    expect(colour256(3)).toBe("var(--ansi-3)");
    expect(colour256(3, true)).toBe("var(--ansi-bg-3)");
    expect(colour256(16)).toBe("rgb(0, 0, 0)");
    expect(applySgr({ bold: true }, [])).toEqual({});
  });

  it("drops cursor moves, titles, carriage returns and a lone escape, and keeps markup as text", () => {
    expect(
      parseAnsi(`${E}]0;title\u0007a${E}[2K${E}[1Ab\r${E}[?25l<img src=x onerror=alert(1)>${E}`),
    ).toEqual([{ text: "ab<img src=x onerror=alert(1)>", style: {} }]);
    expect(parseAnsi("")).toEqual([]);
    expect(parseAnsi("plain")).toEqual([{ text: "plain", style: {} }]);
  });
});

describe("styledPieces", () => {
  const spans = parseAnsi(`${E}[31mnpm ERR${E}[0m! code ERESOLVE`);

  it("marks the matches, also one that crosses two colours", () => {
    expect(styledPieces(spans, "err!")).toEqual([
      { text: "npm ", style: { fg: "var(--ansi-1)" }, hit: false },
      { text: "ERR", style: { fg: "var(--ansi-1)" }, hit: true },
      { text: "!", style: {}, hit: true },
      { text: " code ERESOLVE", style: {}, hit: false },
    ]);
  });

  it("finds every occurrence in any case and none for a blank query", () => {
    const pieces = styledPieces(parseAnsi("aXa xa"), "xA");
    expect(pieces.filter((p) => p.hit).map((p) => p.text)).toEqual(["Xa", "xa"]);
    expect(styledPieces(spans, "  ").every((p) => !p.hit)).toBe(true);
    expect(
      styledPieces(spans, "zzz")
        .map((p) => p.text)
        .join(""),
    ).toBe("npm ERR! code ERESOLVE");
  });
});

describe("styleCss", () => {
  it("gives the colours and text styles, swapped when inverse", () => {
    expect(styleCss({ fg: "var(--ansi-1)", bold: true, underline: true })).toEqual({
      color: "var(--ansi-1)",
      fontWeight: "bold",
      textDecoration: "underline",
    });
    expect(styleCss({ fg: "var(--ansi-2)", inverse: true })).toEqual({
      color: "var(--ansi-bg)",
      backgroundColor: "var(--ansi-2)",
    });
  });
});
