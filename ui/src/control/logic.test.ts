import { describe, expect, it } from "vitest";
import type { PipelineCard, PipelineDetail, StageState, WaitingApproval } from "../bindings";
import {
  afterError,
  ago,
  approvalAt,
  approvalRequest,
  canRetry,
  cardTone,
  isWebLink,
  needsConfirmation,
  parseRevisions,
  parseVariables,
  runningExecution,
  shortId,
  statusTone,
} from "./logic";

const approval: WaitingApproval = {
  pipeline: "web-app-prod",
  stage: "Approval",
  action: "ManualApproval",
  pipelineExecutionId: "11111111-2222-3333",
  token: "tok-1",
  since: "2026-01-01T10:00:00Z",
};

function stage(name: string, status: string | null): StageState {
  return {
    name,
    latestExecution: status ? { pipelineExecutionId: `exec-${name}`, status, executionType: null } : null,
    inboundExecutions: [],
    inboundTransition: null,
    actions: [],
    retryAttempts: null,
  };
}

function detail(over: Partial<PipelineDetail> = {}): PipelineDetail {
  return {
    view: {
      state: {
        pipelineName: "web-app-prod",
        pipelineVersion: 1,
        created: null,
        updated: null,
        stages: [stage("Source", "Succeeded"), stage("Deploy", "Failed")],
      },
      executions: [],
      nextToken: null,
    },
    summary: {
      name: "web-app-prod",
      version: 1,
      pipelineType: "V1",
      executionMode: "SUPERSEDED",
      created: null,
      updated: null,
    },
    production: false,
    productionStages: [],
    approvals: [approval],
    muted: false,
    ...over,
  };
}

describe("control room logic", () => {
  it("maps statuses to tones and failing/approvals win on cards", () => {
    expect(statusTone("Succeeded")).toBe("ok");
    expect(statusTone("InProgress")).toBe("running");
    expect(statusTone("Failed")).toBe("failed");
    expect(statusTone("Superseded")).toBe("stopped");
    expect(statusTone(null)).toBe("idle");
    const card = (failing: boolean, approvals: string[], status: string): PipelineCard => ({
      overview: {
        pipeline: {
          name: "p",
          version: 1,
          pipelineType: "V2",
          executionMode: null,
          created: null,
          updated: null,
        },
        latestExecution: {
          pipelineExecutionId: "e",
          status,
          statusSummary: null,
          startTime: null,
          lastUpdateTime: null,
          triggerType: null,
          triggerDetail: null,
          stopReason: null,
          executionMode: null,
          executionType: null,
          rollbackTarget: null,
          sourceRevisions: [],
        },
      },
      production: false,
      muted: false,
      health: {
        pipeline: "p",
        running: false,
        approvals,
        failing,
        failure: null,
        lastStatus: "Success",
        lastExecutionId: null,
        lastChange: null,
        connection: null,
      },
    });
    expect(cardTone(card(true, ["a"], "Succeeded"))).toBe("failed");
    expect(cardTone(card(false, ["a"], "InProgress"))).toBe("waiting");
    expect(cardTone(card(false, [], "Succeeded"))).toBe("ok");
  });

  it("formats relative times and short ids", () => {
    const now = Date.parse("2026-01-01T12:00:00Z");
    expect(ago("2026-01-01T11:59:50Z", now)).toBe("just now");
    expect(ago("2026-01-01T11:50:00Z", now)).toBe("10 min ago");
    expect(ago("2026-01-01T09:00:00Z", now)).toBe("3 h ago");
    expect(ago("2025-12-29T12:00:00Z", now)).toBe("3 d ago");
    expect(ago(null, now)).toBe("");
    expect(shortId("abcd1234-ef")).toBe("abcd1234");
  });

  it("finds the approval at an action, retryable stages and the running execution", () => {
    expect(approvalAt([approval], "Approval", "ManualApproval")?.token).toBe("tok-1");
    expect(approvalAt([approval], "Approval", "Other")).toBeUndefined();
    expect(canRetry(stage("Deploy", "Failed"))).toBe(true);
    expect(canRetry(stage("Deploy", "Succeeded"))).toBe(false);
    expect(runningExecution(detail())).toBeNull();
    const running = detail();
    running.view.state.stages[0] = stage("Source", "InProgress");
    expect(runningExecution(running)).toBe("exec-Source");
  });

  it("asks for the typed name on production pipelines and production stages only", () => {
    expect(needsConfirmation(detail(), "Deploy")).toBe(false);
    expect(needsConfirmation(detail({ production: true }), null)).toBe(true);
    expect(needsConfirmation(detail({ productionStages: ["Deploy"] }), "Deploy")).toBe(true);
    expect(needsConfirmation(detail({ productionStages: ["Deploy"] }), "Source")).toBe(false);
  });

  it("builds the approval request for exactly the approval shown", () => {
    const approve = approvalRequest(detail(), approval, "approve", "Looks good", "", " ");
    expect(approve).toEqual({
      pipeline: "web-app-prod",
      stage: "Approval",
      action: "ManualApproval",
      pipelineExecutionId: "11111111-2222-3333",
      parallel: false,
      decision: { decision: "approve" },
      summary: "Looks good",
      confirmation: null,
    });
    const parallel = detail();
    parallel.summary.executionMode = "PARALLEL";
    const reject = approvalRequest(parallel, approval, "reject", "", "Broken", "web-app-prod");
    expect(reject.decision).toEqual({ decision: "reject", reason: "Broken" });
    expect(reject.parallel).toBe(true);
    expect(reject.confirmation).toBe("web-app-prod");
  });

  it("parses start variables and source revisions, with a sentence on bad lines", () => {
    expect(parseVariables("STAGE = qa\n\nREGION=eu-west-1=x\n")).toEqual([
      { name: "STAGE", value: "qa" },
      { name: "REGION", value: "eu-west-1=x" },
    ]);
    expect(() => parseVariables("oops")).toThrow(/Line 1/);
    expect(parseRevisions("Source=COMMIT_ID:4f2a9c1")).toEqual([
      { actionName: "Source", revisionType: "COMMIT_ID", revisionValue: "4f2a9c1" },
    ]);
    expect(() => parseRevisions("Source=4f2a")).toThrow(/ActionName=COMMIT_ID:value/);
  });

  it("refreshes after stale approvals and keeps the dialog for fixable errors", () => {
    expect(afterError({ kind: "approval-stale", message: "x" })).toEqual({
      refresh: true,
      keepDialog: false,
    });
    expect(afterError({ kind: "confirmation-required", message: "x" })).toEqual({
      refresh: false,
      keepDialog: true,
    });
    expect(afterError("boom")).toEqual({ refresh: false, keepDialog: true });
  });

  it("hands only web links to the browser", () => {
    expect(isWebLink("https://console.aws.amazon.com/x")).toBe(true);
    expect(isWebLink("file:///etc/passwd")).toBe(false);
    expect(isWebLink("javascript:alert(1)")).toBe(false);
    expect(isWebLink(null)).toBe(false);
  });
});
