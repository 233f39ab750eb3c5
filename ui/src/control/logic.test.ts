import { describe, expect, it } from "vitest";
import type {
  BadgeItem,
  BadgeState,
  ExecutionStatus,
  PipelineCard,
  PipelineDetail,
  StageState,
  StageStatus,
  WaitingApproval,
  WatchChoice,
} from "../backend";
import {
  actionStatus,
  afterError,
  ago,
  approvalRequest,
  approvalRun,
  approvalsAt,
  canRetry,
  cardTone,
  detailIsCurrent,
  isWebLink,
  needsConfirmation,
  parseRevisions,
  parseVariables,
  runningExecution,
  shortId,
  splitBadge,
  toggleWatched,
  watchNote,
} from "./logic";

const approval: WaitingApproval = {
  pipeline: "web-app-prod",
  stage: "Approval",
  action: "ManualApproval",
  pipelineExecutionId: "11111111-2222-3333",
  token: "tok-1",
  since: "2026-01-01T10:00:00Z",
  expiresAt: null,
};

function stage(name: string, status: StageStatus | null): StageState {
  return {
    name,
    latestExecution: status ? { pipelineExecutionId: `exec-${name}`, status, executionType: null } : null,
    inboundExecutions: [],
    inboundTransition: null,
    actions: [],
    retryAttempts: null,
    conditions: [],
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
    seen: { connectionId: "c1", connection: "Local sandbox", region: "us-east-1" },
    approvals: [approval],
    muted: false,
    ...over,
  };
}

describe("control room logic", () => {
  it("colours a card by its latest run, and failing or approvals waiting win", () => {
    const card = (failing: boolean, approvals: string[], status: ExecutionStatus): PipelineCard => ({
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
    expect(approvalsAt([approval], "Approval", "ManualApproval").map((a) => a.token)).toEqual(["tok-1"]);
    expect(approvalsAt([approval], "Approval", "Other")).toEqual([]);
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

describe("several watched connections", () => {
  const item = (connection: string | null, pipeline: string, kind: BadgeItem["kind"]): BadgeItem => ({
    connection,
    pipeline,
    kind,
    label: `${pipeline} ${kind}`,
  });
  const badge = (items: BadgeItem[]): BadgeState => ({
    waitingApprovals: items.filter((i) => i.kind === "ApprovalWaiting").length,
    failingPipelines: items.filter((i) => i.kind === "Failing").length,
    notWatched: items.filter((i) => i.kind === "NotWatched" || i.kind === "SignInNeeded").length,
    colour: "Failure",
    items,
    tooltip: "",
  });

  it("puts connections not watched apart, the one on screen included", () => {
    const split = splitBadge(
      badge([
        item("prod", "", "SignInNeeded"),
        item("dev", "", "NotWatched"),
        item("dev", "web", "Failing"),
        item("prod", "api", "ApprovalWaiting"),
      ]),
      "prod",
    );
    expect(split.notWatched.map((i) => i.connection)).toEqual(["prod", "dev"]);
    expect(split.approvals).toBe(1);
    expect(split.failing).toBe(0);
    expect(split.elsewhere.map((i) => i.pipeline)).toEqual(["web"]);
  });

  it("counts the connection on screen and lists the others", () => {
    const split = splitBadge(
      badge([
        item("prod", "web", "Failing"),
        item("staging", "api", "Failing"),
        item("prod", "web", "ApprovalWaiting"),
        item("prod", "billing", "ApprovalWaiting"),
        item("staging", "jobs", "ApprovalWaiting"),
      ]),
      "staging",
    );
    expect(split.approvals).toBe(1);
    expect(split.failing).toBe(1);
    expect(split.elsewhere.map((i) => `${i.connection}/${i.pipeline}/${i.kind}`)).toEqual([
      "prod/web/Failing",
      "prod/web/ApprovalWaiting",
      "prod/billing/ApprovalWaiting",
    ]);
  });

  it("takes items without a connection as the one on screen, and copes with no badge", () => {
    const split = splitBadge(badge([item(null, "web", "ApprovalWaiting")]), "prod");
    expect(split).toEqual({ approvals: 1, failing: 0, elsewhere: [], notWatched: [] });
    expect(splitBadge(null, null)).toEqual({ approvals: 0, failing: 0, elsewhere: [], notWatched: [] });
  });

  it("ticks and unticks connections to watch without repeats", () => {
    expect(toggleWatched(["b"], "a", true)).toEqual(["a", "b"]);
    expect(toggleWatched(["a", "b"], "a", true)).toEqual(["a", "b"]);
    expect(toggleWatched(["a", "b"], "a", false)).toEqual(["b"]);
    expect(toggleWatched([], "local-sandbox", false)).toEqual([]);
  });

  it("says what ticking a connection means", () => {
    const choice = (over: Partial<WatchChoice>): WatchChoice => ({
      key: "id-1",
      name: "prod",
      detail: "eu-west-1",
      isSandbox: false,
      active: false,
      watching: false,
      problem: null,
      feed: null,
      ...over,
    });
    expect(watchNote(choice({ active: true, watching: true }), false)).toBe(
      "watched while it is the active connection",
    );
    expect(watchNote(choice({ active: true, watching: true }), true)).toBe("watched (the active connection)");
    expect(watchNote(choice({}), true)).toBe("watched once saved");
    expect(watchNote(choice({ watching: true }), true)).toBe("watched");
    expect(watchNote(choice({ watching: true }), false)).toBe("stops being watched once saved");
    expect(watchNote(choice({}), false)).toBe("not watched");
    const mfa = choice({ problem: "An MFA code is needed: activate the connection to enter it." });
    expect(watchNote(mfa, true)).toMatch(/MFA code/);
    expect(watchNote(mfa, false)).toBe("not watched");
    // How a connection asked to use events learns of changes.
    expect(watchNote(choice({ watching: true, feed: "by events" }), true)).toBe("watched (by events)");
    expect(
      watchNote(
        choice({ active: true, watching: true, feed: "polling instead of events: access denied" }),
        true,
      ),
    ).toBe("watched (the active connection) (polling instead of events: access denied)");
    expect(watchNote(choice({ feed: "by events" }), true)).toBe("watched once saved");
  });
});

describe("the detail belongs to the active connection", () => {
  const active = {
    id: "c1",
    name: "Local sandbox",
    kind: "localSandbox",
    region: "us-east-1",
    endpointUrl: null,
    isSandbox: true,
    title: "Local sandbox",
  } as const;
  const detailSeen = (connectionId: string | null, connection: string, region: string) =>
    ({ seen: { connectionId, connection, region } }) as unknown as PipelineDetail;

  it("is current when read from the active connection and region", () => {
    expect(detailIsCurrent(detailSeen("c1", "Local sandbox", "us-east-1"), active as never)).toBe(true);
    expect(detailIsCurrent(null, active as never)).toBe(true);
    expect(detailIsCurrent(detailSeen("c1", "Local sandbox", "us-east-1"), null)).toBe(true);
  });

  it("is not current from another connection or another region of it", () => {
    expect(detailIsCurrent(detailSeen("id-prod", "prod", "us-east-1"), active as never)).toBe(false);
    expect(detailIsCurrent(detailSeen("c1", "Local sandbox", "eu-west-1"), active as never)).toBe(false);
  });

  it("names an ad-hoc connection (no id) by its name", () => {
    const adHoc = { ...active, id: null, name: "profile dev" };
    expect(detailIsCurrent(detailSeen(null, "profile dev", "us-east-1"), adHoc as never)).toBe(true);
    expect(detailIsCurrent(detailSeen(null, "profile ops", "us-east-1"), adHoc as never)).toBe(false);
  });
});

describe("PARALLEL mode: one approval card per waiting execution", () => {
  const later: WaitingApproval = {
    ...approval,
    pipelineExecutionId: "99999999-8888-7777",
    token: "tok-2",
    since: "2026-01-01T10:05:00Z",
    expiresAt: null,
  };
  const other: WaitingApproval = { ...approval, stage: "Prod", action: "Sign-off", token: "tok-3" };
  const parallel = detail({
    summary: { ...detail().summary, executionMode: "PARALLEL" },
    approvals: [later, other, approval],
    view: {
      ...detail().view,
      executions: [
        {
          pipelineExecutionId: "99999999-8888-7777",
          status: "InProgress",
          statusSummary: null,
          startTime: null,
          lastUpdateTime: null,
          triggerType: "Webhook",
          triggerDetail: null,
          stopReason: null,
          executionMode: "PARALLEL",
          executionType: "STANDARD",
          rollbackTarget: null,
          sourceRevisions: [
            { actionName: "Source", revisionId: "4f2a9c1e77", revisionSummary: null, revisionUrl: null },
          ],
        },
      ],
    },
  });

  it("lists each waiting execution of the action once, oldest first, with its own token", () => {
    const cards = approvalsAt(parallel.approvals, "Approval", "ManualApproval");
    expect(cards.map((a) => [a.pipelineExecutionId, a.token])).toEqual([
      ["11111111-2222-3333", "tok-1"],
      ["99999999-8888-7777", "tok-2"],
    ]);
    expect(approvalsAt(parallel.approvals, "Approval", "Other")).toEqual([]);
  });

  it("names each card's run: short id, revision and trigger when the history has them", () => {
    expect(approvalRun(parallel, later)).toEqual({
      id: "99999999",
      revision: "4f2a9c1e",
      trigger: "Webhook",
    });
    expect(approvalRun(parallel, approval)).toEqual({ id: "11111111", revision: null, trigger: null });
  });

  it("each card's request decides its own execution", () => {
    for (const a of approvalsAt(parallel.approvals, "Approval", "ManualApproval")) {
      const req = approvalRequest(parallel, a, "approve", "", "", "");
      expect(req.pipelineExecutionId).toBe(a.pipelineExecutionId);
      expect(req.parallel).toBe(true);
    }
  });

  it("a rejected run stays Failed while other runs wait at the same action", () => {
    const rejected = {
      actionExecutionId: "a-1",
      status: "Failed",
      summary: "Rejected by alice",
      lastStatusChange: null,
      token: null,
      lastUpdatedBy: null,
      externalExecutionId: null,
      externalExecutionUrl: null,
      percentComplete: null,
      error: null,
    } as const;
    expect(actionStatus(rejected as never, 1)).toBe("Failed");
    expect(actionStatus({ ...rejected, status: "InProgress" } as never, 1)).toBe("WaitingForApproval");
    expect(actionStatus(null, 2)).toBe("WaitingForApproval");
    expect(actionStatus({ ...rejected, status: "Succeeded" } as never, 0)).toBe("Succeeded");
  });
});
