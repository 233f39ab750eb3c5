// What the approval dialog shows about what is being approved: the approval's CustomData and
// review link, the source revisions of the waiting execution, and what it releases: when its
// token expires, the stages and actions that run after it, and the commits since the last run
// that went past it. Its configuration comes from the action execution
// (`control_execution_actions`), what it releases from `control_release` on the connection the
// view was made on; when either cannot be read, one sentence says so and the dialog still works.
import { useEffect, useState } from "react";
import { api, errorMessage, type PipelineDetail, type Release, type WaitingApproval } from "../backend";
import {
  type ApprovalAsks,
  approvalAsks,
  changeWords,
  runsAfterWords,
  waitingRevisions,
} from "./approvalContext";
import { isWebLink, shortId } from "./logic";
import { openLink } from "./store";
import { shortRevision } from "./why";

export function ApprovalContext({ detail, approval }: { detail: PipelineDetail; approval: WaitingApproval }) {
  const [asks, setAsks] = useState<ApprovalAsks | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [release, setRelease] = useState<Release | null>(null);
  const [releaseError, setReleaseError] = useState<string | null>(null);
  const execution = approval.pipelineExecutionId;
  const seen = detail.seen;
  useEffect(() => {
    let current = true;
    api
      .controlRelease(approval, seen)
      .then((r) => current && setRelease(r))
      .catch((err) => current && setReleaseError(errorMessage(err)));
    return () => {
      current = false;
    };
  }, [approval, seen]);
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
      {release?.expires && (
        <p className="small" data-testid="approval-expiry" title={release.expiresAt ?? ""}>
          The approval {release.expires}.
        </p>
      )}
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
      {release && <ReleaseParts release={release} />}
      {releaseError && (
        <p className="muted small" data-testid="approval-release-error">
          What this approval releases could not be read: {releaseError}
        </p>
      )}
    </div>
  );
}

function ReleaseParts({ release }: { release: Release }) {
  const lastApproved = release.lastApproved !== null;
  return (
    <>
      {release.changes.length > 0 && (
        <section className="cr-release small" aria-label="What changed" data-testid="approval-changes">
          <h4>
            What changed
            {release.lastApproved && (
              <span className="muted">
                {" "}
                since <code>{shortId(release.lastApproved.pipelineExecutionId)}</code>
              </span>
            )}
          </h4>
          {release.changes.map((c) => (
            <div key={c.actionName} data-testid={`approval-change-${c.actionName}`}>
              <span className="muted">{c.actionName}</span> {changeWords(c, lastApproved)}
              {c.compareUrl && isWebLink(c.compareUrl) && (
                <>
                  {" "}
                  <button
                    type="button"
                    className="link-button"
                    title={c.compareUrl}
                    data-testid="approval-compare"
                    onClick={() => c.compareUrl && void openLink(c.compareUrl)}
                  >
                    Compare ↗
                  </button>
                </>
              )}
              {c.commits.length > 0 && (
                <ul className="cr-commits" data-testid="approval-commits">
                  {c.commits.map((commit) => (
                    <li key={commit.id}>
                      <code title={commit.id}>{shortRevision(commit.id)}</code> {commit.message}
                      {commit.author && <span className="muted"> · {commit.author}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </section>
      )}
      {release.runsAfter.length > 0 && (
        <section
          className="cr-release small"
          aria-label="Runs after approval"
          data-testid="approval-runs-after"
        >
          <h4>Runs after approval</h4>
          <ol>
            {release.runsAfter.map((s) => (
              <li key={s.stage}>
                <strong>{s.stage}</strong>: {runsAfterWords(s)}
              </li>
            ))}
          </ol>
        </section>
      )}
      {release.notes.map((n) => (
        <p key={n} className="muted small" data-testid="approval-release-note">
          {n}
        </p>
      ))}
    </>
  );
}
