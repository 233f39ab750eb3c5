import { describe, expect, it } from "vitest";
import type { Comparison, Timeline, TimelineAction, TimelineStage } from "../backend";
import {
  compareSentence,
  deltaText,
  durationText,
  layout,
  MIN_WIDTH,
  pairWidths,
  span,
  ticks,
  triggerText,
} from "./timeline";

const at = (min: number, sec = 0) => new Date(Date.UTC(2026, 11, 1, 10, min, sec)).toISOString();

function action(name: string, patch: Partial<TimelineAction> = {}): TimelineAction {
  return {
    name,
    runOrder: 1,
    category: "Build",
    provider: "CodeBuild",
    status: "Succeeded",
    startTime: null,
    endTime: null,
    running: false,
    durationMs: null,
    attempts: [],
    ...patch,
  };
}

function stage(name: string, actions: TimelineAction[], patch: Partial<TimelineStage> = {}): TimelineStage {
  return { name, status: "Succeeded", startTime: null, endTime: null, durationMs: null, actions, ...patch };
}

function attempt(status: "Succeeded" | "Failed") {
  return {
    actionExecutionId: status,
    status,
    startTime: null,
    endTime: null,
    durationMs: null,
    summary: null,
    error: null,
    externalExecutionUrl: null,
  };
}

function run(patch: Partial<Timeline> = {}): Timeline {
  return {
    pipeline: "shop",
    pipelineExecutionId: "e1",
    status: "Succeeded",
    statusSummary: null,
    triggerType: "StartPipelineExecution",
    triggerDetail: "arn:aws:iam::1:user/alice",
    executionType: "STANDARD",
    revisions: [],
    startTime: at(0),
    endTime: at(10),
    durationMs: 600_000,
    asOf: at(30),
    stages: [
      stage("Source", [action("Source", { startTime: at(0), endTime: at(1), durationMs: 60_000 })], {
        startTime: at(0),
        endTime: at(1),
        durationMs: 60_000,
      }),
      stage(
        "Build",
        [
          action("Test", {
            startTime: at(1),
            endTime: at(6),
            durationMs: 300_000,
            attempts: [attempt("Failed"), attempt("Succeeded")],
          }),
        ],
        { startTime: at(1), endTime: at(6), durationMs: 300_000 },
      ),
      stage("Deploy", [action("Ship", { status: null })], { status: null }),
    ],
    ...patch,
  };
}

describe("the strip's layout", () => {
  it("places each bar at its share of the run's span, stages then their actions", () => {
    const rows = layout(run());
    expect(rows.map((r) => r.key)).toEqual([
      "s:Source",
      "a:Source/Source",
      "s:Build",
      "a:Build/Test",
      "s:Deploy",
      "a:Deploy/Ship",
    ]);
    expect(rows[0]?.bar).toEqual({ left: 0, width: 10 });
    expect(rows[3]?.bar?.left).toBeCloseTo(10);
    expect(rows[3]?.bar?.width).toBeCloseTo(50);
    expect(rows[3]?.attempts).toBe(2);
    expect(rows[2]?.attempts).toBe(2);
    expect(rows[3]?.duration).toBe("5 min 00 s");
  });

  it("gives a stage or action that did not run no bar and no duration", () => {
    const rows = layout(run());
    const ship = rows.find((r) => r.key === "a:Deploy/Ship");
    expect(ship?.status).toBe("NotRun");
    expect(ship?.bar).toBeNull();
    expect(ship?.duration).toBe("");
  });

  it("runs a running action's bar to the time of reading", () => {
    const t = run({
      status: "InProgress",
      endTime: null,
      asOf: at(8),
      durationMs: 480_000,
    });
    t.stages[1] = stage(
      "Build",
      [action("Test", { status: "InProgress", running: true, startTime: at(1), durationMs: 420_000 })],
      { status: "InProgress", startTime: at(1), durationMs: 420_000 },
    );
    expect(span(t)).toEqual({ start: Date.parse(at(0)), end: Date.parse(at(8)) });
    const test = layout(t).find((r) => r.key === "a:Build/Test");
    expect(test?.running).toBe(true);
    expect(test?.status).toBe("InProgress");
    expect(test?.bar?.left).toBeCloseTo(12.5);
    expect(test?.bar?.width).toBeCloseTo(87.5);
  });

  it("keeps a short or endless bar visible and inside the strip", () => {
    const t = run();
    t.stages[0] = stage("Source", [action("Source", { startTime: at(10), endTime: null })], {
      startTime: at(10),
      endTime: null,
    });
    const rows = layout(t);
    expect(rows[1]?.bar?.width).toBe(MIN_WIDTH);
    expect((rows[1]?.bar?.left ?? 0) + (rows[1]?.bar?.width ?? 0)).toBeLessThanOrEqual(100);
    expect(rows[1]?.duration).toBe("—");
  });

  it("has no span without any start", () => {
    const t = run({ startTime: null });
    t.stages = [stage("Source", [action("Source")], { status: null })];
    expect(span(t)).toBeNull();
    expect(layout(t)[1]?.bar).toBeNull();
  });
});

describe("the time axis", () => {
  it("ticks at a round step, at most six after zero", () => {
    const t = ticks(600_000);
    expect(t.map((x) => x.label)).toEqual(["0", "2 min", "4 min", "6 min", "8 min", "10 min"]);
    expect(t[1]?.left).toBeCloseTo(20);
    expect(ticks(9_000).map((x) => x.label)).toEqual(["0", "2 s", "4 s", "6 s", "8 s"]);
    expect(ticks(2 * 3600_000).at(-1)?.label).toBe("2 h");
    expect(ticks(0)).toEqual([]);
  });
});

describe("words", () => {
  it("says durations and differences as pipewright history does", () => {
    expect(durationText(850)).toBe("850 ms");
    expect(durationText(42_000)).toBe("42 s");
    expect(durationText(245_000)).toBe("4 min 05 s");
    expect(durationText(7_380_000)).toBe("2 h 03 min");
    expect(durationText(null)).toBe("—");
    expect(deltaText(44_000)).toBe("+44 s");
    expect(deltaText(-44_000)).toBe("−44 s");
    expect(deltaText(300)).toBe("same");
    expect(deltaText(null)).toBe("—");
  });

  it("names who triggered the run in human words", () => {
    expect(triggerText(run())).toBe("Start pipeline execution by alice");
    expect(triggerText({ triggerType: "Webhook", triggerDetail: "push to main" })).toBe(
      "Webhook (push to main)",
    );
    expect(triggerText({ triggerType: "CloudWatchEvent", triggerDetail: null })).toBe("Cloud watch event");
    expect(triggerText({ triggerType: null, triggerDetail: null })).toBe("Unknown");
  });

  it("puts two durations on one scale and says how the runs differ", () => {
    expect(pairWidths(60_000, 120_000)).toEqual([50, 100]);
    expect(pairWidths(null, 0)).toEqual([0, 0]);
    const c = {
      a: run(),
      b: run({ pipelineExecutionId: "e2", status: "Failed" }),
      revisions: [],
      durationDeltaMs: -90_000,
      sameOutcome: false,
      stages: [],
    } satisfies Comparison;
    expect(compareSentence(c)).toBe(
      "This run: Succeeded; the other: Failed. The other took 1 min 30 s less.",
    );
    expect(compareSentence({ ...c, sameOutcome: true, b: run(), durationDeltaMs: 200 })).toBe(
      "Both runs: Succeeded. They took about as long.",
    );
  });
});
