import { describe, expect, it } from "vitest";
import type {
  ActionExecutionDetail,
  ExecutionSummary,
  PipelineDetail,
  SourceChange,
  WaitingApproval,
} from "../backend";
import { approvalAsks, changeWords, runsAfterWords, waitingRevisions } from "./approvalContext";

const approval: WaitingApproval = {
  pipeline: "web",
  stage: "Approval",
  action: "Manual",
  pipelineExecutionId: "e2",
  token: "t",
  since: null,
  expiresAt: null,
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

describe("what an approval releases", () => {
  it("lists a stage's actions by run order", () => {
    const action = (name: string, provider: string, runOrder: number) => ({
      name,
      category: "Deploy",
      provider,
      runOrder,
    });
    expect(
      runsAfterWords({
        stage: "Deploy",
        actions: [
          action("Ship", "CodeDeploy", 1),
          action("Notify", "Lambda", 1),
          action("Smoke", "CodeBuild", 2),
        ],
      }),
    ).toBe("Ship (CodeDeploy) and Notify (Lambda), then Smoke (CodeBuild)");
  });

  const change = (over: Partial<SourceChange>): SourceChange => ({
    actionName: "Source",
    provider: "CodeCommit",
    repository: "web-app",
    from: "a".repeat(40),
    to: "b".repeat(40),
    commits: [],
    more: false,
    filesChanged: null,
    compareUrl: null,
    ...over,
  });
  const commit = (id: string) => ({ id, message: "Fix", author: "Ana", date: null });

  it("counts commits and files since the last approved run", () => {
    expect(
      changeWords(change({ commits: [commit("1"), commit("2"), commit("3")], filesChanged: 4 }), true),
    ).toBe("3 commits, 4 files changed since the last approved run");
    expect(changeWords(change({ commits: [commit("1")], filesChanged: 1 }), true)).toBe(
      "1 commit, 1 file changed since the last approved run",
    );
    expect(changeWords(change({ commits: [commit("1")], more: true }), true)).toBe(
      "1+ commits since the last approved run",
    );
  });

  it("says when nothing changed, when no run went past, and when only a link tells", () => {
    expect(changeWords(change({ to: "a".repeat(40) }), true)).toBe("unchanged since the last approved run");
    expect(changeWords(change({ from: null }), false)).toBe("no earlier run went past this approval");
    expect(changeWords(change({ compareUrl: "https://github.com/o/r/compare/a...b" }), true)).toBe(
      "changed since the last approved run",
    );
  });
});
