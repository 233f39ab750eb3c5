// What an approval asks the approver to look at, from what the backend already answers: the
// action's CustomData and review link (ExternalEntityLink, the configuration the action
// execution ran with: `control_execution_actions`), the source revisions of the waiting
// execution (the pipeline view's history), and the words for what it releases
// (`control_release`: what runs after, what changed). Pure; the dialog's part is
// ApprovalContext.tsx.
import type {
  ActionExecutionDetail,
  NextStage,
  PipelineDetail,
  SourceChange,
  SourceRevision,
  WaitingApproval,
} from "../backend";
import { isWebLink } from "./logic";

export interface ApprovalAsks {
  /** The approval's CustomData (what to check), when it has one. */
  customData: string | null;
  /** Its review link, when it is a web link. */
  link: string | null;
}

/** The CustomData and review link of `approval`'s action execution among `actions`. */
export function approvalAsks(actions: ActionExecutionDetail[], approval: WaitingApproval): ApprovalAsks {
  const mine = actions.filter((a) => a.stageName === approval.stage && a.actionName === approval.action);
  // The newest run of the action in that execution (a retried stage runs it again).
  const run = mine.reduce<ActionExecutionDetail | null>(
    (newest, a) => (!newest || (a.startTime ?? "") > (newest.startTime ?? "") ? a : newest),
    null,
  );
  const customData = run?.configuration.CustomData?.trim() || null;
  const link = run?.configuration.ExternalEntityLink?.trim() ?? null;
  return { customData, link: isWebLink(link) ? link : null };
}

/** The source revisions of the execution `approval` waits in, when the view's history has it. */
export function waitingRevisions(detail: PipelineDetail, approval: WaitingApproval): SourceRevision[] {
  if (!approval.pipelineExecutionId) return [];
  const execution = detail.view.executions.find(
    (e) => e.pipelineExecutionId === approval.pipelineExecutionId,
  );
  return execution?.sourceRevisions ?? [];
}

/** One stage that runs after approval, in words: its actions by run order ("Ship (CodeDeploy), then Smoke (CodeBuild)"). */
export function runsAfterWords(stage: NextStage): string {
  const orders = [...new Set(stage.actions.map((a) => a.runOrder))].sort((a, b) => a - b);
  return orders
    .map((order) =>
      stage.actions
        .filter((a) => a.runOrder === order)
        .map((a) => `${a.name} (${a.provider})`)
        .join(" and "),
    )
    .join(", then ");
}

/** What changed in one source since the last approved run, in a few words. */
export function changeWords(change: SourceChange, lastApproved: boolean): string {
  if (!lastApproved || !change.from) return "no earlier run went past this approval";
  if (change.from === change.to) return "unchanged since the last approved run";
  const parts: string[] = [];
  if (change.commits.length > 0) {
    const n = change.commits.length;
    parts.push(`${n}${change.more ? "+" : ""} ${n === 1 && !change.more ? "commit" : "commits"}`);
  }
  if (change.filesChanged !== null) {
    parts.push(`${change.filesChanged} ${change.filesChanged === 1 ? "file" : "files"} changed`);
  }
  if (parts.length === 0) return "changed since the last approved run";
  return `${parts.join(", ")} since the last approved run`;
}
