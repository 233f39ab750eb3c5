import { describe, expect, it } from "vitest";
import type { LogLine } from "../backend";
import {
  atHead,
  emptyLog,
  findMatches,
  lineNumber,
  prependPage,
  scrollTopFor,
  stepMatch,
  visibleRange,
} from "./logPager";

const lines = (from: number, n: number): LogLine[] =>
  Array.from({ length: n }, (_, i) => ({ number: i + 1, text: `line ${from + i}`, ansi: null }));

describe("a log paged from its tail", () => {
  it("puts earlier pages in front and numbers the lines from the count it knows", () => {
    let log = prependPage(emptyLog(12_000), { lines: lines(2_001, 10_000), earlier: "b/1" });
    expect(log.lines).toHaveLength(10_000);
    expect(atHead(log)).toBe(false);
    expect(lineNumber(log, 0)).toBe(2_001);
    expect(lineNumber(log, 9_999)).toBe(12_000);
    log = prependPage(log, { lines: lines(1, 2_000), earlier: null });
    expect(atHead(log)).toBe(true);
    expect(log.lines[0].text).toBe("line 1");
    expect(log.lines[2_000].text).toBe("line 2001");
    expect(lineNumber(log, 2_000)).toBe(2_001);
  });

  it("has no numbers before the head when the count is unknown, and numbers from the head after", () => {
    const log = prependPage(emptyLog(null), { lines: lines(51, 50), earlier: "b/2" });
    expect(lineNumber(log, 0)).toBeNull();
    const whole = prependPage(log, { lines: lines(1, 50), earlier: null });
    expect(lineNumber(whole, 99)).toBe(100);
  });
});

describe("the search over the loaded lines", () => {
  const log = [
    { number: 1, text: "npm http fetch", ansi: null },
    { number: 2, text: "npm ERR! code ERESOLVE", ansi: "\u001b[31mnpm ERR!\u001b[0m code ERESOLVE" },
    { number: 3, text: "ok", ansi: null },
    { number: 4, text: "npm err! again", ansi: null },
  ];

  it("finds the lines in any case by their text", () => {
    expect(findMatches(log, "ERR!")).toEqual([1, 3]);
    expect(findMatches(log, " ")).toEqual([]);
    expect(findMatches(log, "31m")).toEqual([]);
  });

  it("steps to the next and previous match, wrapping around", () => {
    const m = [1, 3, 7];
    expect(stepMatch(m, null, 1)).toBe(0);
    expect(stepMatch(m, null, -1)).toBe(2);
    expect(stepMatch(m, 0, 1)).toBe(1);
    expect(stepMatch(m, 2, 1)).toBe(0);
    expect(stepMatch(m, 0, -1)).toBe(2);
    expect(stepMatch([], 0, 1)).toBeNull();
  });
});

describe("the virtual window", () => {
  it("renders only the rows in view and a few either side", () => {
    expect(visibleRange(0, 400, 20, 10_000, 10)).toEqual({ start: 0, end: 31 });
    expect(visibleRange(100_000, 400, 20, 10_000, 10)).toEqual({ start: 4_990, end: 5_031 });
    expect(visibleRange(1e9, 400, 20, 10_000, 10)).toEqual({ start: 9_989, end: 10_000 });
    expect(visibleRange(0, 400, 20, 0)).toEqual({ start: 0, end: 0 });
  });

  it("centres a row", () => {
    expect(scrollTopFor(500, 400, 20)).toBe(10_000 - 190);
    expect(scrollTopFor(1, 400, 20)).toBe(0);
  });
});
