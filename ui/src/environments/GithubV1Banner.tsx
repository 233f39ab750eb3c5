// GitHub version 1 (OAuth) sources: why they are not recommended (core's lint messages), and the
// one-click migration to a CodeStar connection (core's `migrate_github_v1`), applied as one
// undoable edit.
import { useState } from "react";
import { api, type Document, errorMessage } from "../backend";
import { Dialog } from "../shell/Dialog";
import { useDesigner } from "../store";
import { githubV1Sources } from "./logic";

const WHY =
  "GitHub version 1 keeps a long-lived OAuth token in the pipeline and either polls GitHub (slow, and it counts against the polling quota) or needs a webhook you manage yourself. A CodeStar connection (GitHub version 2) uses the AWS Connector GitHub App, starts the pipeline on events and enables V2 triggers on branches, tags and pull requests.";

function MigrateDialog({ doc, onClose }: { doc: Document; onClose: () => void }) {
  const [arn, setArn] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [changes, setChanges] = useState<string[] | null>(null);
  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      const m = await api.migrateGithubV1(doc, arn.trim());
      useDesigner.getState().edit(() => m.document);
      setChanges(m.changes);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title="Migrate to a CodeStar connection" onClose={onClose} testId="github-migrate-dialog">
      {changes === null ? (
        <form
          className="env-form"
          onSubmit={(e) => {
            e.preventDefault();
            void apply();
          }}
        >
          <p className="muted">
            Create the connection first (console: Developer Tools › Settings › Connections, or{" "}
            <code>aws codeconnections create-connection --provider-type GitHub</code>) and finish its
            handshake in the console. Then paste its ARN:
          </p>
          <input
            data-testid="github-migrate-arn"
            aria-label="Connection ARN"
            placeholder="arn:aws:codestar-connections:eu-west-1:123456789012:connection/…"
            value={arn}
            spellCheck={false}
            onChange={(e) => setArn(e.target.value)}
          />
          {error && (
            <div className="panel-error" role="alert" data-testid="github-migrate-error">
              {error}
            </div>
          )}
          <div className="modal-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="submit"
              className="primary"
              data-testid="github-migrate-apply"
              disabled={busy || !arn.trim()}
            >
              Migrate
            </button>
          </div>
        </form>
      ) : (
        <>
          <p>The design changed (Undo takes it back):</p>
          <ul className="env-list">
            {changes.map((c) => (
              <li key={c} data-testid="github-migrate-change">
                {c}
              </li>
            ))}
          </ul>
          <div className="modal-actions">
            <button type="button" className="primary" data-testid="github-migrate-done" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

export function GithubV1Banner({ doc }: { doc: Document }) {
  const diagnostics = useDesigner((s) => s.diagnostics);
  const [open, setOpen] = useState(false);
  const sources = githubV1Sources(doc);
  if (sources.length === 0 && !open) return null;
  // Core's lints about these actions (W001 GitHub v1, W002 polling), worded by core.
  const lints = diagnostics.filter(
    (d) =>
      (d.code === "W001" || d.code === "W002") &&
      sources.some((s) => d.pointer === s.pointer || d.pointer.startsWith(`${s.pointer}/`)),
  );
  return (
    <>
      {sources.length > 0 && (
        <div className="github-banner" role="note" data-testid="github-v1-banner">
          <div className="github-banner-text">
            <strong>
              GitHub version 1 source{sources.length > 1 ? "s" : ""}:{" "}
              {sources.map((s) => `${s.stage}/${s.action}`).join(", ")}
            </strong>
            {lints.map((d) => (
              <span
                key={`${d.code}-${d.pointer}`}
                className="github-lint"
                data-testid={`github-lint-${d.code}`}
              >
                {d.code}: {d.message}
              </span>
            ))}
            <span className="muted">{WHY}</span>
          </div>
          <button
            type="button"
            className="primary"
            data-testid="github-migrate"
            onClick={() => setOpen(true)}
          >
            Migrate to a CodeStar connection
          </button>
        </div>
      )}
      {open && <MigrateDialog doc={doc} onClose={() => setOpen(false)} />}
    </>
  );
}
