// @vitest-environment jsdom

import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ApprovalRequest, api, type PipelineCard, type PipelineDetail } from "../backend";
import { approvalRequest } from "./logic";
import {
  attentionFirst,
  connectionChanged,
  connectRoom,
  loadDetail,
  loadList,
  loadSettings,
  openDialog,
  openElsewhere,
  openPipeline,
  runOperation,
  useControl,
} from "./store";

function detail(waiting: boolean): PipelineDetail {
  return {
    view: {
      state: { pipelineName: "api-dev", pipelineVersion: 1, created: null, updated: null, stages: [] },
      executions: [],
      nextToken: null,
    },
    summary: {
      name: "api-dev",
      version: 1,
      pipelineType: "V2",
      executionMode: "QUEUED",
      created: null,
      updated: null,
    },
    production: false,
    productionStages: [],
    seen: { connectionId: "c1", connection: "Local sandbox", region: "us-east-1" },
    approvals: waiting
      ? [
          {
            pipeline: "api-dev",
            stage: "Review",
            action: "Approve",
            pipelineExecutionId: "e1",
            token: "t1",
            since: null,
            expiresAt: null,
          },
        ]
      : [],
    muted: false,
  };
}

let calls: { cmd: string; args: unknown }[] = [];
let decide: (req: ApprovalRequest) => unknown;
let waiting = true;

beforeEach(() => {
  calls = [];
  waiting = true;
  useControl.setState({
    selected: null,
    autoSelected: false,
    detail: null,
    dialog: null,
    notice: null,
    busy: false,
    cards: [],
  });
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case "control_status":
        return { connection: null, starting: false, error: null, badge: null, watching: [] };
      case "control_connect":
        return { connection: null, starting: false, error: null, badge: null, watching: ["Local sandbox"] };
      case "control_open":
        return null;
      case "control_settings":
        return { quietHours: null, muted: [], production: [], watched: ["id-prod"], events: [] };
      case "control_watch_choices":
        return [
          {
            key: "id-prod",
            name: "prod",
            detail: "eu-west-1",
            isSandbox: false,
            active: false,
            watching: true,
            problem: null,
            feed: null,
          },
        ];
      case "control_overview":
        return [
          {
            overview: {
              pipeline: {
                name: "api-dev",
                version: 1,
                pipelineType: "V2",
                executionMode: null,
                created: null,
                updated: null,
              },
              latestExecution: null,
            },
            production: false,
            muted: false,
            health: null,
          },
        ];
      case "control_view":
        return detail(waiting);
      case "control_decide":
        return decide((args as { request: ApprovalRequest }).request);
      default:
        throw { kind: "unmocked", message: cmd };
    }
  });
});

afterEach(() => clearMocks());

function card(name: string, approvals: string[], failing: boolean): PipelineCard {
  return {
    overview: {
      pipeline: { name, version: 1, pipelineType: "V2", executionMode: null, created: null, updated: null },
      latestExecution: null,
    },
    production: false,
    muted: false,
    health: {
      pipeline: name,
      running: false,
      approvals,
      failing,
      failure: null,
      lastStatus: "Success",
      lastExecutionId: null,
      lastChange: null,
      connection: null,
    },
  };
}

describe("control room store", () => {
  it("connects the control room when it opens, then loads it", async () => {
    await connectRoom();
    expect(calls[0].cmd).toBe("control_connect");
    expect(calls.map((c) => c.cmd)).toContain("control_overview");
    expect(useControl.getState().selected).toBe("api-dev");
  });

  it("loads the settings with the connections to watch", async () => {
    await loadSettings();
    const s = useControl.getState();
    expect(s.settings?.watched).toEqual(["id-prod"]);
    expect(s.choices?.map((c) => c.name)).toEqual(["prod"]);
  });

  it("opens a pipeline of another connection through the backend (it switches first)", async () => {
    await openElsewhere({ connection: "prod", pipeline: "web", kind: "Failing", label: "web failed" });
    expect(calls).toEqual([{ cmd: "control_open", args: { connection: "prod", pipeline: "web" } }]);
  });

  it("shows the pipeline asking for attention until the user picks one", async () => {
    expect(attentionFirst([card("a", [], false), card("b", [], true), card("c", ["x"], false)])).toBe("c");
    expect(attentionFirst([card("a", [], false), card("b", [], true)])).toBe("b");
    expect(attentionFirst([card("a", [], false)])).toBe("a");
    await openPipeline("other", true);
    await loadList();
    expect(useControl.getState().selected).toBe("api-dev");
    await openPipeline("other");
    await loadList();
    expect(useControl.getState().selected).toBe("other");
  });

  it("stays on a pipeline acted on, though another one asks for attention", async () => {
    await openPipeline("other", true);
    const d = useControl.getState().detail as PipelineDetail;
    openDialog({ kind: "approve", approval: d.approvals[0], decision: "approve" });
    await loadList();
    expect(useControl.getState()).toMatchObject({ selected: "other", autoSelected: false });
  });

  it("opens the first pipeline of the list", async () => {
    await loadList();
    expect(useControl.getState().selected).toBe("api-dev");
    expect(useControl.getState().detail?.approvals).toHaveLength(1);
  });

  it("approves the approval shown, closes the dialog and refreshes", async () => {
    await loadList();
    const d = useControl.getState().detail as PipelineDetail;
    const approval = d.approvals[0];
    openDialog({ kind: "approve", approval, decision: "approve" });
    decide = (req) => {
      expect(req.stage).toBe("Review");
      expect(req.pipelineExecutionId).toBe("e1");
      waiting = false;
      return { approval, status: "Approved", state: d.view.state };
    };
    const ok = await runOperation(
      () =>
        api.controlDecide(approvalRequest(d, approval, "approve", "fine", "", ""), approval.token, d.seen),
      "Approved.",
    );
    expect(ok).toBe(true);
    const s = useControl.getState();
    expect(s.dialog).toBeNull();
    expect(s.notice).toEqual({ kind: "info", text: "Approved." });
    expect(s.detail?.approvals).toHaveLength(0);
    expect(calls.filter((c) => c.cmd === "control_view").length).toBeGreaterThanOrEqual(2);
  });

  it("says a stale approval was decided already and refreshes the view", async () => {
    await loadList();
    const d = useControl.getState().detail as PipelineDetail;
    openDialog({ kind: "approve", approval: d.approvals[0], decision: "approve" });
    decide = () => {
      waiting = false;
      throw {
        kind: "approval-stale",
        message: "This approval was already decided or has expired; the view was refreshed.",
      };
    };
    const ok = await runOperation(
      () =>
        api.controlDecide(
          approvalRequest(d, d.approvals[0], "approve", "", "", ""),
          d.approvals[0].token,
          d.seen,
        ),
      "x",
    );
    expect(ok).toBe(false);
    const s = useControl.getState();
    expect(s.dialog).toBeNull();
    expect(s.notice?.kind).toBe("error");
    expect(s.notice?.text).toContain("already decided");
    expect(s.detail?.approvals).toHaveLength(0);
  });

  it("keeps the dialog open with the sentence when the name must be typed", async () => {
    await loadList();
    const d = useControl.getState().detail as PipelineDetail;
    openDialog({ kind: "approve", approval: d.approvals[0], decision: "approve" });
    decide = () => {
      throw { kind: "confirmation-required", message: "type its name `api-dev` to confirm this approval" };
    };
    await runOperation(
      () =>
        api.controlDecide(
          approvalRequest(d, d.approvals[0], "approve", "", "", ""),
          d.approvals[0].token,
          d.seen,
        ),
      "x",
    );
    const s = useControl.getState();
    expect(s.dialog?.kind).toBe("approve");
    expect(s.dialogError).toContain("type its name");
    expect(s.busy).toBe(false);
  });
});

describe("a switch of the active connection", () => {
  const sandbox = {
    id: "c1",
    name: "Local sandbox",
    kind: "localSandbox",
    region: "us-east-1",
    endpointUrl: "http://127.0.0.1:4566",
    isSandbox: true,
    title: "Local sandbox",
  } as const;
  const prod = {
    ...sandbox,
    id: "id-prod",
    name: "prod",
    kind: "profile",
    region: "eu-west-1",
    isSandbox: false,
  };

  beforeEach(async () => {
    useControl.setState({
      status: {
        connection: sandbox,
        starting: false,
        error: null,
        badge: {
          waitingApprovals: 0,
          failingPipelines: 0,
          notWatched: 0,
          colour: "Idle",
          items: [],
          tooltip: "",
        },
        watching: [],
      },
    });
    await loadList();
    openDialog({ kind: "start" });
  });

  it("clears the previous connection's pipeline, its detail and the dialog acting on it", () => {
    expect(useControl.getState()).toMatchObject({ selected: "api-dev", dialog: { kind: "start" } });
    expect(connectionChanged(prod as never)).toBe(true);
    const s = useControl.getState();
    expect(s).toMatchObject({
      selected: null,
      detail: null,
      detailError: null,
      cards: [],
      dialog: null,
      actions: {},
      rules: null,
    });
    expect(s.status?.connection?.name).toBe("prod");
  });

  it("a switch to the connection shown changes nothing", () => {
    expect(connectionChanged(sandbox as never)).toBe(false);
    expect(useControl.getState()).toMatchObject({ selected: "api-dev", dialog: { kind: "start" } });
    expect(useControl.getState().detail?.seen.connection).toBe("Local sandbox");
  });

  it("drops a detail asked for before the switch that answers after it", async () => {
    let answer: (d: PipelineDetail) => void = () => undefined;
    mockIPC((cmd) => {
      if (cmd === "control_view") return new Promise<PipelineDetail>((resolve) => (answer = resolve));
      throw { kind: "unmocked", message: cmd };
    });
    useControl.setState({ detail: null });
    const loading = loadDetail();
    connectionChanged(prod as never);
    // The new connection has a pipeline of the same name, and the user opened it meanwhile.
    useControl.setState({ selected: "api-dev" });
    answer(detail(true));
    await loading;
    expect(useControl.getState().detail).toBeNull();
  });

  it("reloads the new connection's list and opens its pipeline", async () => {
    connectionChanged(prod as never);
    await loadList();
    expect(useControl.getState().selected).toBe("api-dev");
    expect(calls.filter((c) => c.cmd === "control_view").length).toBeGreaterThanOrEqual(2);
  });
});

describe("stage conditions", () => {
  function held(): PipelineDetail {
    const d = detail(false);
    d.view.state.stages = [
      {
        name: "Deploy",
        latestExecution: { pipelineExecutionId: "e9", status: "InProgress", executionType: null },
        inboundExecutions: [],
        inboundTransition: null,
        actions: [],
        retryAttempts: null,
        conditions: [
          {
            kind: "beforeEntry",
            status: "InProgress",
            summary: null,
            lastStatusChange: null,
            rules: [
              {
                name: "Window",
                ruleExecutionId: "r1",
                status: "InProgress",
                summary: "Held by deployment window cron(0 * 14 ? * * *) until 14:00 UTC",
                lastStatusChange: null,
                error: null,
                externalExecutionUrl: null,
              },
            ],
          },
        ],
      },
    ];
    return d;
  }

  it("loads the rule executions with a pipeline whose stages have conditions, and overrides on what was seen", async () => {
    const rule = { ruleName: "Window", stageName: "Deploy", provider: "DeploymentWindow" };
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "control_view") return held();
      if (cmd === "control_rule_executions") return [rule];
      if (cmd === "control_override") return "e9";
      if (cmd === "control_status")
        return { connection: null, starting: false, error: null, badge: null, watching: [] };
      if (cmd === "control_overview") return [];
      throw { kind: "unmocked", message: cmd };
    });
    await openPipeline("api-dev");
    expect(useControl.getState().rules).toEqual([rule]);
    expect(calls.find((c) => c.cmd === "control_rule_executions")?.args).toEqual({
      pipeline: "api-dev",
      pipelineExecutionId: null,
    });
    openDialog({ kind: "override", stage: "Deploy", condition: "beforeEntry", executionId: "e9" });
    const d = useControl.getState().detail as PipelineDetail;
    expect(
      await runOperation(
        () => api.controlOverride("api-dev", "Deploy", "beforeEntry", "e9", null, d.seen),
        "Overrode.",
      ),
    ).toBe(true);
    expect(calls.find((c) => c.cmd === "control_override")?.args).toEqual({
      pipeline: "api-dev",
      stage: "Deploy",
      condition: "beforeEntry",
      pipelineExecutionId: "e9",
      confirmation: null,
      seen: { connectionId: "c1", connection: "Local sandbox", region: "us-east-1" },
    });
    expect(useControl.getState().dialog).toBeNull();
  });

  it("does not ask for rule executions when no stage has conditions", async () => {
    await openPipeline("api-dev");
    expect(calls.some((c) => c.cmd === "control_rule_executions")).toBe(false);
    expect(useControl.getState().rules).toBeNull();
  });
});
