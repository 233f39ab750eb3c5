// "Compare with...": the dialog that picks a git revision of the open file or another design
// file, and the list beside the canvas that names each change (a click selects its card). The
// comparison runs again, shortly after each edit, so the marks follow the design.
import { useEffect, useId, useMemo, useState } from "react";
import { api, type CompareWith, type Document, dialogs, errorMessage, type Revision } from "../backend";
import { Dialog } from "../shell/Dialog";
import { useDesigner } from "../store";
import { changeItems, summary } from "./logic";
import { useReview } from "./store";
import "./review.css";

/** Wait this long after the last edit before comparing again. */
export const COMPARE_DELAY_MS = 250;

const DESIGN_FILTERS = [{ name: "Pipeline designs", extensions: ["json", "yaml", "yml"] }];

/** What a comparison is with, in words. */
export function otherLabel(other: CompareWith): string {
  return other.kind === "revision" ? `revision ${other.revision}` : other.path;
}

export function CompareDialog() {
  const open = useReview((s) => s.dialog);
  const path = useDesigner((s) => s.path);
  if (!open) return null;
  return <CompareForm path={path} />;
}

function CompareForm({ path }: { path: string | null }) {
  const close = useReview((s) => s.closeDialog);
  const start = useReview((s) => s.start);
  const [kind, setKind] = useState<"revision" | "file">(path ? "revision" : "file");
  const [revision, setRevision] = useState("HEAD");
  const [file, setFile] = useState("");
  const [revisions, setRevisions] = useState<Revision[] | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const listId = useId();
  useEffect(() => {
    if (!path) return;
    let live = true;
    api
      .designRevisions(path)
      .then((list) => live && setRevisions(list))
      .catch((err) => live && setHistoryError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [path]);
  const ready = kind === "revision" ? path !== null && revision.trim() !== "" : file.trim() !== "";
  const submit = () => {
    if (!ready) return;
    start(kind === "revision" ? { kind, revision: revision.trim() } : { kind, path: file.trim() });
  };
  return (
    <Dialog title="Compare with…" onClose={close} onSubmit={submit} testId="compare-dialog">
      <p className="panel-muted">
        The design as it is now is compared with an older side: the canvas marks what changed.
      </p>
      <fieldset className="compare-choice">
        <legend>Compare with</legend>
        <label>
          <input
            type="radio"
            name="compare-kind"
            data-testid="compare-kind-revision"
            checked={kind === "revision"}
            disabled={!path}
            onChange={() => setKind("revision")}
          />{" "}
          A git revision of this file
        </label>
        <label>
          <input
            type="radio"
            name="compare-kind"
            data-testid="compare-kind-file"
            checked={kind === "file"}
            onChange={() => setKind("file")}
          />{" "}
          Another design file
        </label>
      </fieldset>
      {kind === "revision" ? (
        <div className="compare-field">
          <label htmlFor={`${listId}-rev`}>Revision (a commit, branch or tag)</label>
          <input
            id={`${listId}-rev`}
            data-testid="compare-revision"
            value={revision}
            list={listId}
            onChange={(e) => setRevision(e.target.value)}
          />
          <datalist id={listId}>
            {revisions?.map((r) => (
              <option key={r.id} value={r.short}>
                {`${r.date} ${r.subject}`}
              </option>
            ))}
          </datalist>
          {revisions && revisions.length > 0 && (
            <ul className="compare-revisions" aria-label="Recent commits of this file">
              {revisions.slice(0, 8).map((r) => (
                <li key={r.id}>
                  <button
                    type="button"
                    className="link-button"
                    data-testid={`compare-commit-${r.short}`}
                    aria-pressed={revision === r.short}
                    onClick={() => setRevision(r.short)}
                  >
                    <code>{r.short}</code> {r.date} {r.subject}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {revisions && revisions.length === 0 && (
            <p className="panel-muted">This file has no commits yet.</p>
          )}
          {historyError && <p className="panel-muted">{historyError}</p>}
        </div>
      ) : (
        <div className="compare-field">
          <label htmlFor={`${listId}-file`}>Design file</label>
          <div className="compare-file">
            <input
              id={`${listId}-file`}
              data-testid="compare-file"
              value={file}
              onChange={(e) => setFile(e.target.value)}
            />
            <button
              type="button"
              data-testid="compare-browse"
              onClick={async () => {
                const picked = await dialogs.pickFile(DESIGN_FILTERS);
                if (picked) setFile(picked);
              }}
            >
              Browse…
            </button>
          </div>
        </div>
      )}
      <div className="modal-actions">
        <button type="button" onClick={close}>
          Cancel
        </button>
        <button type="submit" className="primary" data-testid="compare-go" disabled={!ready}>
          Compare
        </button>
      </div>
    </Dialog>
  );
}

/** Runs the comparison again, shortly after each edit, while one is on. */
function useComparison(doc: Document) {
  const other = useReview((s) => s.other);
  const path = useDesigner((s) => s.path);
  useEffect(() => {
    if (!other) return;
    let live = true;
    const timer = setTimeout(() => {
      api
        .compareDesign(path, doc, other)
        .then((review) => live && useReview.getState().show(review))
        .catch((err) => live && useReview.getState().fail(errorMessage(err)));
    }, COMPARE_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [doc, path, other]);
}

/** The list of changes beside the canvas, while a comparison is on. */
export function ReviewPanel({ doc }: { doc: Document }) {
  useComparison(doc);
  const other = useReview((s) => s.other);
  const review = useReview((s) => s.review);
  const error = useReview((s) => s.error);
  const end = useReview((s) => s.end);
  const selection = useDesigner((s) => s.selection);
  const select = useDesigner((s) => s.select);
  const announce = useDesigner((s) => s.announce);
  const items = useMemo(() => (review ? changeItems(review, doc) : []), [review, doc]);
  if (!other) return null;
  return (
    <aside className="review-panel" aria-label="Changes" data-testid="review-panel" data-region>
      <div className="panel-title">
        <span>Changes</span>
        <button
          type="button"
          className="icon-button"
          data-testid="review-end"
          onClick={end}
          title="End the comparison"
        >
          ✕<span className="sr-only"> End the comparison</span>
        </button>
      </div>
      <p className="review-against">
        Compared with <strong>{otherLabel(other)}</strong>
      </p>
      {error && (
        <p className="review-error" role="alert" data-testid="review-error">
          {error}
        </p>
      )}
      {!review && !error && <p className="panel-muted">Comparing…</p>}
      {review && (
        <>
          <p className="review-summary" data-testid="review-summary" aria-live="polite">
            {summary(review)}
          </p>
          <ul className="review-list" data-testid="review-list">
            {items.map((item) => (
              <li key={item.key}>
                <button
                  type="button"
                  className={`review-item review-${item.kind}`}
                  data-testid="review-item"
                  data-kind={item.kind}
                  aria-current={item.target !== null && item.target === selection ? "true" : undefined}
                  onClick={() => {
                    if (item.target) select(item.target);
                    else
                      announce(
                        "This change has no card on the canvas: it is a pipeline setting, or removed.",
                      );
                  }}
                >
                  <span className="review-kind">{item.kind}</span> {item.phrase}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
