// What an approval asks the approver to look at, from what the backend already answers: the
// action's CustomData and review link (ExternalEntityLink, the configuration the action
// execution ran with: `control_execution_actions`) and the source revisions of the waiting
// execution (the pipeline view's history). Pure; the dialog's part is ApprovalContext.tsx.
import type { ActionExecutionDetail, PipelineDetail, SourceRevision, WaitingApproval } from "../backend";
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
