// @vitest-environment jsdom

import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PipelineDetail, WaitingApproval } from "../backend";
import { openFromEvent } from "./events";
import { useControl } from "./store";

const waiting = (exec: string, token: string): WaitingApproval => ({
  pipeline: "mobile-release",
  stage: "Approval",
  action: "ManualApproval",
  pipelineExecutionId: exec,
  token,
  since: null,
  expiresAt: null,
});

/** A PARALLEL-mode pipeline with two runs waiting at one approval. */
const detail: PipelineDetail = {
  view: {
    state: { pipelineName: "mobile-release", pipelineVersion: 1, created: null, updated: null, stages: [] },
    executions: [],
    nextToken: null,
  },
  summary: {
    name: "mobile-release",
    version: 1,
    pipelineType: "V2",
    executionMode: "PARALLEL",
    created: null,
    updated: null,
  },
  production: false,
  productionStages: [],
  seen: { connectionId: "c1", connection: "Local sandbox", region: "us-east-1" },
  approvals: [waiting("a1a1a1a1-1111", "token-a"), waiting("b2b2b2b2-2222", "token-b")],
  muted: false,
};

beforeEach(() => {
  useControl.setState({ selected: null, detail: null, dialog: null, notice: null, busy: false });
  mockIPC((cmd) => {
    if (cmd === "control_view") return detail;
    throw { kind: "unmocked", message: cmd };
  });
});

afterEach(() => clearMocks());

describe("control-open from a tray line or a notification", () => {
  it("opens the approval dialog of the run it names, not the first one waiting", async () => {
    await openFromEvent({
      connection: "Local sandbox",
      pipeline: "mobile-release",
      approve: { stage: "Approval", action: "ManualApproval", pipelineExecutionId: "b2b2b2b2-2222" },
      why: null,
    });
    const { selected, dialog } = useControl.getState();
    expect(selected).toBe("mobile-release");
    expect(dialog?.kind).toBe("approve");
    if (dialog?.kind !== "approve") return;
    expect(dialog.approval.pipelineExecutionId).toBe("b2b2b2b2-2222");
    expect(dialog.approval.token).toBe("token-b");
    expect(dialog.decision).toBe("approve");
  });

  it("says so when that run's approval no longer waits, and opens no other run's", async () => {
    await openFromEvent({
      connection: null,
      pipeline: "mobile-release",
      approve: { stage: "Approval", action: "ManualApproval", pipelineExecutionId: "c3c3c3c3-3333" },
      why: null,
    });
    const { dialog, notice } = useControl.getState();
    expect(dialog).toBeNull();
    expect(notice?.text).toBe(
      "The approval at Approval › ManualApproval of run c3c3c3c3 is no longer waiting.",
    );
  });

  it("only opens the pipeline when no approval is named", async () => {
    await openFromEvent({ connection: null, pipeline: "mobile-release", approve: null, why: null });
    expect(useControl.getState().selected).toBe("mobile-release");
    expect(useControl.getState().dialog).toBeNull();
    expect(useControl.getState().notice).toBeNull();
  });
});
