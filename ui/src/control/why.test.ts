import { beforeEach, describe, expect, it, vi } from "vitest";
import type { LogLine, Seen, Why } from "../backend";

const controlWhy = vi.fn();
vi.mock("../backend", async (importOriginal) => {
  const real = await importOriginal<typeof import("../backend")>();
  return { ...real, api: { ...real.api, controlWhy: (...a: unknown[]) => controlWhy(...a) } };
});

const {
  closeWhy,
  filterLines,
  highlight,
  logSections,
  matchCount,
  openWhy,
  setWhyQuery,
  shortRevision,
  stripAnsi,
  useWhy,
} = await import("./why");

const line = (number: number, text: string): LogLine => ({ number, text, ansi: null });

function buildWhy(): Why {
  const around = [
    line(2478, "npm http fetch GET 200 https://registry.npmjs.org/react 12ms"),
    line(2479, "npm ERR! code ERESOLVE"),
    line(2480, "npm ERR! ERESOLVE unable to resolve dependency tree"),
  ];
  return {
    pipeline: "storefront",
    pipelineExecutionId: "e1",
    status: "Failed",
    statusSummary: null,
    headline: "npm ERR! code ERESOLVE",
    revisions: [],
    notes: [],
    consoleUrl: "https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/storefront",
    failed: {
      stage: "Build",
      action: "Build",
      category: "Build",
      provider: "CodeBuild",
      actionExecutionId: "a1",
      startTime: null,
      lastUpdateTime: null,
      externalExecutionId: "storefront-build:1",
      summary: null,
      error: null,
      consoleUrl: "https://console.aws.amazon.com/codesuite/codebuild",
      cause: {
        service: "codeBuild",
        buildId: "storefront-build:1",
        buildStatus: "FAILED",
        failedPhase: { phase: "INSTALL", statusCode: "COMMAND_EXECUTION_ERROR", message: "exit status 1" },
        tests: null,
        log: {
          group: "/aws/codebuild/storefront-build",
          stream: "s",
          deepLink: null,
          lineCount: 2500,
          complete: true,
          firstError: around[1],
          aroundFirstError: around,
          tail: [
            around[2],
            line(2499, "[Container] Phase complete: INSTALL State: FAILED"),
            line(2500, "npm ERR! done"),
          ],
        },
      },
    },
  };
}

describe("the log search", () => {
  it("strips ANSI colour codes", () => {
    expect(stripAnsi("\u001b[31mnpm ERR!\u001b[0m code \u001b[1;33mERESOLVE\u001b[m")).toBe(
      "npm ERR! code ERESOLVE",
    );
    expect(stripAnsi("plain")).toBe("plain");
  });

  it("keeps only the lines that contain the query, in any case", () => {
    const lines = [
      line(1, "npm ERR! code ERESOLVE"),
      line(2, "all good"),
      line(3, "\u001b[31mnpm err!\u001b[0m again"),
    ];
    expect(filterLines(lines, "").map((l) => l.number)).toEqual([1, 2, 3]);
    expect(filterLines(lines, "  ").map((l) => l.number)).toEqual([1, 2, 3]);
    expect(filterLines(lines, "ERR!").map((l) => l.number)).toEqual([1, 3]);
    expect(filterLines(lines, "ERR!")[1].text).toBe("npm err! again");
    expect(filterLines(lines, "nothing like it")).toEqual([]);
  });

  it("highlights every occurrence and keeps the rest of the line", () => {
    expect(highlight("npm ERR! code ERESOLVE", "er")).toEqual([
      { text: "npm ", hit: false },
      { text: "ER", hit: true },
      { text: "R! code ", hit: false },
      { text: "ER", hit: true },
      { text: "ESOLVE", hit: false },
    ]);
    expect(highlight("abc", "")).toEqual([{ text: "abc", hit: false }]);
    expect(highlight("abc", "abc")).toEqual([{ text: "abc", hit: true }]);
    expect(
      highlight("a.b.c", ".")
        .map((p) => p.text)
        .join(""),
    ).toBe("a.b.c");
  });

  it("shows the tail without the lines already shown around the first error, and counts matches in both", () => {
    const why = buildWhy();
    const { around, tail, firstError } = logSections(why);
    expect(around.map((l) => l.number)).toEqual([2478, 2479, 2480]);
    expect(tail.map((l) => l.number)).toEqual([2499, 2500]);
    expect(firstError).toBe(2479);
    expect(matchCount(why, "")).toBeNull();
    expect(matchCount(why, "npm err!")).toBe(3);
    expect(logSections({ ...why, failed: null })).toEqual({ around: [], tail: [], firstError: null });
  });

  it("shortens git commit ids only", () => {
    expect(shortRevision("4f2a9c1e0b7d8a6c5e4f3a2b1c0d9e8f7a6b5c4d")).toBe("4f2a9c1e");
    expect(shortRevision("v1.2.3")).toBe("v1.2.3");
    expect(shortRevision(null)).toBe("");
  });
});

describe("the why store", () => {
  const seen: Seen = { connectionId: "sandbox", connection: "Local sandbox", region: "us-east-1" };
  beforeEach(() => {
    closeWhy();
    controlWhy.mockReset();
  });

  it("asks the backend on the connection the view showed and keeps its answer", async () => {
    const why = buildWhy();
    controlWhy.mockResolvedValue(why);
    const opening = openWhy(
      { pipeline: "storefront", stage: "Build", action: "Build", executionId: "e1" },
      seen,
    );
    expect(useWhy.getState().loading).toBe(true);
    await opening;
    expect(controlWhy).toHaveBeenCalledWith(
      { pipeline: "storefront", pipelineExecutionId: "e1", action: "Build" },
      seen,
    );
    expect(useWhy.getState()).toMatchObject({ why, loading: false, error: null });
    setWhyQuery("ERR");
    expect(useWhy.getState().query).toBe("ERR");
    closeWhy();
    expect(useWhy.getState()).toMatchObject({ target: null, why: null, query: "" });
  });

  it("shows the backend's sentence when it refuses, and drops an answer for a panel closed since", async () => {
    controlWhy.mockRejectedValueOnce({
      kind: "changed-since-review",
      message: "The active connection is now prod.",
    });
    await openWhy({ pipeline: "storefront", stage: null, action: null, executionId: null }, seen);
    expect(useWhy.getState().error).toBe("The active connection is now prod.");

    let answer: (w: Why) => void = () => undefined;
    controlWhy.mockReturnValueOnce(new Promise<Why>((r) => (answer = r)));
    const late = openWhy({ pipeline: "storefront", stage: null, action: null, executionId: null }, seen);
    closeWhy();
    answer(buildWhy());
    await late;
    expect(useWhy.getState().why).toBeNull();
  });
});
