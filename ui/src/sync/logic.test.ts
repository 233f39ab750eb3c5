import { describe, expect, it } from "vitest";
import type { AroundChange, AroundResult, PipelinePlan, Plan } from "../backend";
import {
  AROUND_KINDS,
  AROUND_OPS,
  applicable,
  aroundChanges,
  aroundCount,
  aroundTone,
  buildApplyRequest,
  canConfirmDelete,
  confirmText,
  defaultSelection,
  deletedAround,
  driftText,
  formatValue,
  groupChanges,
  onProgress,
  planErrors,
  planIsElsewhere,
  reviewedOf,
  sourcePaths,
  startProgress,
  tone,
} from "./logic";

function p(name: string, action: PipelinePlan["action"], extra: Partial<PipelinePlan> = {}): PipelinePlan {
  return {
    name,
    action,
    changes: [],
    errors: [],
    recordStale: false,
    around: [],
    notes: [],
    warnings: [],
    ...extra,
  } as PipelinePlan;
}

const plan: Plan = {
  pipelines: [
    p("a-create", "create"),
    p("b-update", "update"),
    p("c-same", "unchanged"),
    p("d-drift", "drifted", {
      syncedVersion: 1,
      remoteVersion: 3,
      drift: { reason: "the remote moved", syncedVersion: 1, remoteVersion: 3 },
    }),
    p("e-drift", "drifted"),
    p("f-remote", "remote-only"),
    p("g-bad", "invalid"),
    p("h-stale", "unchanged", { recordStale: true }),
  ],
  summary: {
    create: 1,
    update: 1,
    unchanged: 2,
    drifted: 2,
    remoteOnly: 1,
    invalid: 1,
    around: 0,
    otherPipeline: 0,
  },
};

describe("sync plan selection", () => {
  it("ticks what would change and nothing drifted, invalid or remote-only", () => {
    expect([...defaultSelection(plan)].sort()).toEqual(["a-create", "b-update"]);
  });

  it("lets drifted pipelines in only with a pull or overwrite choice", () => {
    const drift = plan.pipelines[3];
    expect(applicable(drift, undefined)).toBe(false);
    expect(applicable(drift, "skip")).toBe(false);
    expect(applicable(drift, "pull")).toBe(true);
    expect(applicable(drift, "overwrite")).toBe(true);
    expect(applicable(plan.pipelines[6], "overwrite")).toBe(false);
    expect(applicable(plan.pipelines[5], "pull")).toBe(false);
    expect(applicable(plan.pipelines[2], undefined)).toBe(false);
    expect(applicable(plan.pipelines[7], undefined)).toBe(true);
  });

  const reviewed = reviewedOf({
    connection: { id: "c1", name: "prod", region: "us-east-1" },
    fingerprint: "f00d",
  });

  it("binds the request to the plan's connection and drops a plan made elsewhere", () => {
    expect(reviewed.seen).toEqual({ connectionId: "c1", connection: "prod", region: "us-east-1" });
    const made = { connection: { id: "c1", name: "prod", region: "us-east-1" } };
    expect(planIsElsewhere(made, { id: "c1", name: "prod", region: "us-east-1" })).toBe(false);
    expect(planIsElsewhere(made, { id: "c1", name: "prod", region: "eu-west-1" })).toBe(true);
    expect(planIsElsewhere(made, { id: "c2", name: "sandbox", region: "us-east-1" })).toBe(true);
    expect(planIsElsewhere(made, null)).toBe(true);
    expect(planIsElsewhere(null, null)).toBe(false);
  });

  it("lets a design synced with another pipeline in only when sent there on purpose", () => {
    const other = p("o", "other-pipeline");
    expect(applicable(other, undefined)).toBe(false);
    expect(applicable(other, "pull")).toBe(false);
    expect(applicable(other, "overwrite")).toBe(true);
    const req = buildApplyRequest(
      [],
      { ...plan, pipelines: [other] },
      new Set(["o"]),
      { o: "overwrite" },
      reviewed,
    );
    expect([req.only, req.overwrite, req.pull]).toEqual([["o"], ["o"], []]);
  });

  it("builds the request with per-pipeline drift choices and never sends invalid designs", () => {
    const selected = new Set(["a-create", "d-drift", "e-drift", "g-bad", "f-remote"]);
    const req = buildApplyRequest(
      ["/designs"],
      plan,
      selected,
      {
        "d-drift": "overwrite",
        "e-drift": "pull",
      },
      reviewed,
    );
    expect(req).toEqual({
      paths: ["/designs"],
      only: ["a-create", "d-drift", "e-drift"],
      overwrite: ["d-drift"],
      pull: ["e-drift"],
      seen: reviewed.seen,
      fingerprint: "f00d",
    });
    expect(confirmText(plan, req)).toBe(
      "Create 1, overwrite 1 drifted, pull 1 into the design files pipelines.",
    );
    const none = buildApplyRequest(["/designs"], plan, new Set(["g-bad"]), {}, reviewed);
    expect(none.only).toEqual([]);
    expect(confirmText(plan, none)).toBe("Nothing is selected to apply.");
    expect(confirmText(plan, buildApplyRequest([], plan, new Set(["b-update"]), {}, reviewed))).toBe(
      "Update 1 pipeline.",
    );
  });
});

describe("apply progress", () => {
  it("follows starts and finishes in any order", () => {
    let s = startProgress(["a", "b"]);
    expect(s.pipelines.a.status).toBe("waiting");
    s = onProgress(s, { name: "b", finished: null, done: 0, total: 2 });
    s = onProgress(s, { name: "a", finished: null, done: 0, total: 2 });
    s = onProgress(s, { name: "a", finished: "created", done: 1, total: 2 });
    expect(s.pipelines.a).toEqual({ status: "done", outcome: "created" });
    expect(s.pipelines.b.status).toBe("running");
    expect(s.done).toBe(1);
    // A late start event never undoes a finish.
    s = onProgress(s, { name: "a", finished: null, done: 1, total: 2 });
    expect(s.pipelines.a.status).toBe("done");
    s = onProgress(s, { name: "b", finished: "failed", done: 2, total: 2 });
    expect([s.done, s.total]).toEqual([2, 2]);
  });
});

describe("helpers", () => {
  it("reads a plan's errors even when the wire left them out", () => {
    const wire = JSON.parse('{"name":"x","action":"remote-only","changes":[],"recordStale":false}');
    expect(planErrors(wire)).toEqual([]);
    expect(planErrors(plan.pipelines[6])).toEqual([]);
  });

  it("deletes only after the exact name", () => {
    expect(canConfirmDelete("prod", "prod")).toBe(true);
    expect(canConfirmDelete("prod", "Prod")).toBe(false);
    expect(canConfirmDelete("prod", "prod ")).toBe(false);
    expect(canConfirmDelete("", "")).toBe(false);
  });

  it("describes drift with versions", () => {
    expect(driftText(plan.pipelines[3])).toBe(
      "The remote moved (design synced from version 1, remote is version 3).",
    );
    expect(driftText(p("x", "drifted", { remoteVersion: 2 }))).toBe(
      "The remote pipeline changed since the last sync (the design was never synced; remote is version 2).",
    );
  });

  it("groups changes by stage and formats values", () => {
    const c = (pointer: string) => ({ op: "replace" as const, pointer, subject: "s", phrase: "p" });
    const groups = groupChanges([
      c("/pipeline/roleArn"),
      c("/pipeline/stages/0/name"),
      c("/pipeline/stages/0/actions/0/runOrder"),
      c("/pipeline/stages/1/name"),
      c("/tags/0"),
    ]);
    expect(groups.map((g) => [g.group, g.changes.length])).toEqual([
      ["Pipeline", 1],
      ["Stage 1", 2],
      ["Stage 2", 1],
      ["Tags", 1],
    ]);
    expect(formatValue(undefined)).toBe("—");
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue("x".repeat(200), 10)).toBe(`${"x".repeat(9)}…`);
    expect(tone("created")).toBe("ok");
    expect(tone("refused")).toBe("warn");
    expect(tone("failed")).toBe("error");
  });

  it("plans a folder or the open design", () => {
    expect(sourcePaths("/d", "/x/a.json", false)).toEqual(["/d"]);
    expect(sourcePaths("/d", "/x/a.json", true)).toEqual(["/x/a.json"]);
    expect(sourcePaths(null, null, true)).toEqual([]);
  });
});

describe("around the pipeline", () => {
  const line = (op: AroundChange["op"], kind: AroundChange["kind"] = "rule", name = "r"): AroundChange => ({
    kind,
    name,
    op,
    pointer: "/pipeline/stages/0/actions/0",
    summary: "starts web on a push to main",
    differences: [],
  });

  it("counts the lines by what apply does, and leaves unchanged ones out of the changes", () => {
    const around = [line("missing"), line("unchanged", "role", "role"), line("create", "webhook", "w")];
    expect(aroundCount(around)).toBe("3 around: 1 create, 1 unchanged, 1 missing");
    expect(aroundCount([])).toBe("");
    expect(aroundCount(undefined)).toBe("");
    expect(aroundChanges(around).map((a) => a.op)).toEqual(["missing", "create"]);
  });

  it("tones drift as a warning and new resources as a change", () => {
    expect(aroundTone("missing")).toBe("warn");
    expect(aroundTone("update")).toBe("warn");
    expect(aroundTone("create")).toBe("change");
    expect(aroundTone("delete")).toBe("change");
    expect(aroundTone("unchanged")).toBe("muted");
    expect(AROUND_KINDS.rule).toBe("EventBridge rule");
    expect(AROUND_OPS.missing).toBe("missing");
  });

  it("says what a delete removed around the pipeline, and what it could not", () => {
    const removed: AroundResult[] = [
      { kind: "rule", name: "codepipeline-web-main", op: "delete" },
      {
        kind: "role",
        name: "pipewright-events-web",
        op: "delete",
        error: "access denied; delete it by hand",
      },
      { kind: "webhook", name: "web-Source", op: "delete" },
    ];
    expect(deletedAround(removed)).toEqual([
      "EventBridge rule codepipeline-web-main deleted",
      "IAM role pipewright-events-web was not deleted: access denied; delete it by hand",
      "webhook web-Source deleted",
    ]);
    expect(deletedAround([])).toEqual([]);
  });
});
