// What the approval dialog shows about what is being approved: the approval's CustomData and
// review link, and the source revisions of the waiting execution. Its configuration comes from
// the action execution (`control_execution_actions`); when it cannot be read, one sentence says
// so and the dialog still works.
import { useEffect, useState } from "react";
import { api, errorMessage, type PipelineDetail, type WaitingApproval } from "../backend";
import { type ApprovalAsks, approvalAsks, waitingRevisions } from "./approvalContext";
import { isWebLink } from "./logic";
import { openLink } from "./store";
import { shortRevision } from "./why";

export function ApprovalContext({ detail, approval }: { detail: PipelineDetail; approval: WaitingApproval }) {
  const [asks, setAsks] = useState<ApprovalAsks | null>(null);
  const [error, setError] = useState<string | null>(null);
  const execution = approval.pipelineExecutionId;
  useEffect(() => {
    if (!execution) return;
    let current = true;
    api
      .controlExecutionActions(approval.pipeline, execution)
      .then((actions) => current && setAsks(approvalAsks(actions, approval)))
      .catch((err) => current && setError(errorMessage(err)));
    return () => {
      current = false;
    };
  }, [approval, execution]);
  const revisions = waitingRevisions(detail, approval);
  return (
    <div className="cr-approval-context" data-testid="approval-context">
      {asks?.customData && (
        <blockquote className="cr-custom-data" data-testid="approval-custom-data">
          {asks.customData}
        </blockquote>
      )}
      {asks?.link && (
        <button
          type="button"
          className="link-button"
          title={asks.link}
          data-testid="approval-review-link"
          onClick={() => asks.link && void openLink(asks.link)}
        >
          Review link ↗
        </button>
      )}
      {error && (
        <p className="muted small" data-testid="approval-context-error">
          The approval's custom data could not be read: {error}
        </p>
      )}
      {revisions.length > 0 && (
        <ul className="cr-revisions small" aria-label="Source revisions" data-testid="approval-revisions">
          {revisions.map((r) => (
            <li key={r.actionName}>
              <span className="muted">{r.actionName}</span>{" "}
              <code title={r.revisionId ?? ""}>{shortRevision(r.revisionId)}</code>
              {r.revisionSummary ? ` ${r.revisionSummary}` : ""}
              {isWebLink(r.revisionUrl) && (
                <>
                  {" "}
                  <button
                    type="button"
                    className="link-button"
                    title={r.revisionUrl}
                    onClick={() => r.revisionUrl && void openLink(r.revisionUrl)}
                  >
                    Commit ↗
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
