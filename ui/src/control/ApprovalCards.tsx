// The manual approvals waiting at one action: one card per waiting execution (PARALLEL mode may
// have several at the same action), each naming its run (the execution's short id, its source
// revision and trigger) and with Approve and Reject bound to that execution's id and token.
import type { PipelineDetail, WaitingApproval } from "../backend";
import { ago, approvalRun } from "./logic";
import { openDialog } from "./store";

function ApprovalCard({ detail, approval }: { detail: PipelineDetail; approval: WaitingApproval }) {
  const run = approvalRun(detail, approval);
  const execution = approval.pipelineExecutionId ?? "";
  return (
    <div className="cr-approval" data-testid={`approval-card-${execution}`} data-execution={execution}>
      <div className="cr-approval-run small">
        Run <span className="mono">{run.id || "?"}</span> waits for approval
        {approval.since && (
          <span className="muted" title={approval.since}>{` · ${ago(approval.since)}`}</span>
        )}
        {(run.revision || run.trigger) && (
          <div className="muted">{[run.revision, run.trigger].filter(Boolean).join(" · ")}</div>
        )}
      </div>
      <div className="cr-approval-buttons">
        <button
          type="button"
          className="primary"
          data-testid="approve-button"
          data-execution={execution}
          title={`Approve run ${run.id}`}
          onClick={() => openDialog({ kind: "approve", approval, decision: "approve" })}
        >
          Approve…
        </button>
        <button
          type="button"
          className="danger"
          data-testid="reject-button"
          data-execution={execution}
          title={`Reject run ${run.id}`}
          onClick={() => openDialog({ kind: "approve", approval, decision: "reject" })}
        >
          Reject…
        </button>
      </div>
    </div>
  );
}

/** The approval cards of one action (nothing when none waits). */
export function ApprovalCards({
  detail,
  stage,
  action,
  approvals,
}: {
  detail: PipelineDetail;
  stage: string;
  action: string;
  approvals: WaitingApproval[];
}) {
  if (approvals.length === 0) return null;
  return (
    <div className="cr-approvals" data-testid={`approval-${stage}-${action}`}>
      {approvals.map((a) => (
        <ApprovalCard key={`${a.pipelineExecutionId ?? ""}-${a.token}`} detail={detail} approval={a} />
      ))}
    </div>
  );
}
