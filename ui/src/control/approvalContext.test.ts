import { describe, expect, it } from "vitest";
import type { ActionExecutionDetail, ExecutionSummary, PipelineDetail, WaitingApproval } from "../backend";
import { approvalAsks, waitingRevisions } from "./approvalContext";

const approval: WaitingApproval = {
  pipeline: "web",
  stage: "Approval",
  action: "Manual",
  pipelineExecutionId: "e2",
  token: "t",
  since: null,
};

function run(
  stageName: string,
  actionName: string,
  startTime: string,
  configuration: Record<string, string>,
): ActionExecutionDetail {
  return {
    pipelineExecutionId: "e2",
    actionExecutionId: `${stageName}-${actionName}-${startTime}`,
    pipelineVersion: 1,
    stageName,
    actionName,
    status: "InProgress",
    startTime,
    lastUpdateTime: null,
    updatedBy: null,
    category: "Approval",
    provider: "Manual",
    configuration,
    externalExecutionId: null,
    externalExecutionUrl: null,
    summary: null,
    error: null,
    outputVariables: {},
  };
}

describe("what an approval asks", () => {
  it("reads the custom data and the review link of the approval's newest run", () => {
    const asks = approvalAsks(
      [
        run("Build", "Manual", "2026-01-01T10:05:00Z", { CustomData: "not this stage" }),
        run("Approval", "Manual", "2026-01-01T10:00:00Z", { CustomData: "the first run" }),
        run("Approval", "Manual", "2026-01-01T10:10:00Z", {
          CustomData: "  Check the staging site \n",
          ExternalEntityLink: "https://staging.example.com/r/1",
        }),
      ],
      approval,
    );
    expect(asks).toEqual({ customData: "Check the staging site", link: "https://staging.example.com/r/1" });
  });

  it("shows no link that is not a web link, and nothing when the action has no run", () => {
    const asks = approvalAsks(
      [
        run("Approval", "Manual", "2026-01-01T10:00:00Z", {
          CustomData: " ",
          ExternalEntityLink: "javascript:alert(1)",
        }),
      ],
      approval,
    );
    expect(asks).toEqual({ customData: null, link: null });
    expect(approvalAsks([], approval)).toEqual({ customData: null, link: null });
  });

  it("lists the source revisions of the waiting execution only", () => {
    const execution = (id: string, revisionId: string): ExecutionSummary =>
      ({
        pipelineExecutionId: id,
        sourceRevisions: [{ actionName: "Source", revisionId, revisionSummary: "msg", revisionUrl: null }],
      }) as ExecutionSummary;
    const detail = {
      view: { executions: [execution("e3", "c3"), execution("e2", "c2")] },
    } as unknown as PipelineDetail;
    expect(waitingRevisions(detail, approval).map((r) => r.revisionId)).toEqual(["c2"]);
    expect(waitingRevisions(detail, { ...approval, pipelineExecutionId: "gone" })).toEqual([]);
    expect(waitingRevisions(detail, { ...approval, pipelineExecutionId: null })).toEqual([]);
  });
});
