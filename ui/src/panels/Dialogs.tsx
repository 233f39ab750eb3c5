// The designer's dialogs: restore unsaved work found in the recovery folder, confirm before
// dropping unsaved changes, and the New design chooser.
import { baseName, discardRecovery, newDesign, restoreRecovery } from "../files";
import { Dialog } from "../shell/Dialog";
import { useDesigner } from "../store";

export function RecoveryDialog() {
  const recoveries = useDesigner((s) => s.recoveries);
  const setRecoveries = useDesigner((s) => s.setRecoveries);
  if (recoveries.length === 0) return null;
  return (
    <Dialog title="Restore unsaved work?" onClose={() => setRecoveries([])} testId="recovery-dialog">
      <p>Pipewright found designs with changes that were never saved:</p>
      <ul className="recoveries">
        {recoveries.map((r) => (
          <li key={r.key}>
            <div>
              <strong>{r.document.pipeline.name || "Untitled"}</strong>
              <span className="muted">
                {r.path ? baseName(r.path) : "never saved"} · autosaved {new Date(r.savedAt).toLocaleString()}
              </span>
            </div>
            <button
              type="button"
              className="primary"
              data-testid={`recovery-restore-${r.key}`}
              onClick={() => void restoreRecovery(r.key)}
            >
              Restore
            </button>
            <button
              type="button"
              data-testid={`recovery-discard-${r.key}`}
              onClick={() => void discardRecovery(r.key)}
            >
              Discard
            </button>
          </li>
        ))}
      </ul>
      <div className="modal-actions">
        <button type="button" onClick={() => setRecoveries([])}>
          Decide later
        </button>
      </div>
    </Dialog>
  );
}

export function ConfirmDialog() {
  const confirm = useDesigner((s) => s.confirm);
  const closeConfirm = useDesigner((s) => s.closeConfirm);
  if (!confirm) return null;
  return (
    <Dialog
      title={`${confirm.confirmLabel}?`}
      role="alertdialog"
      onClose={closeConfirm}
      testId="confirm-dialog"
    >
      <p>{confirm.message}</p>
      <div className="modal-actions">
        <button type="button" onClick={closeConfirm}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          data-testid="confirm-yes"
          onClick={() => {
            closeConfirm();
            confirm.onConfirm();
          }}
        >
          {confirm.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

/** Templates to start a design from, as buttons (the start screen and the New dialog share it). */
export function TemplateList({
  onPick,
  withStarter = true,
  compact = false,
}: {
  onPick: (id: string | null) => void;
  withStarter?: boolean;
  /** Titles only (the description becomes the tooltip). */
  compact?: boolean;
}) {
  const templates = useDesigner((s) => s.templates);
  if (compact) {
    return (
      <div className="template-chips">
        {templates.map((t) => (
          <button
            type="button"
            key={t.id}
            data-testid={`new-template-${t.id}`}
            title={t.description}
            onClick={() => onPick(t.id)}
          >
            {t.title}
          </button>
        ))}
      </div>
    );
  }
  return (
    <ul className="template-list">
      {withStarter && (
        <li>
          <button type="button" data-testid="new-starter" onClick={() => onPick(null)}>
            <strong>Starter pipeline</strong>
            <span className="muted">
              A CodeCommit source and a CodeBuild build; replace the REPLACE-ME values.
            </span>
          </button>
        </li>
      )}
      {templates.map((t) => (
        <li key={t.id}>
          <button
            type="button"
            data-testid={`new-template-${t.id}`}
            onClick={() => onPick(t.id)}
            title={t.id}
          >
            <strong>{t.title}</strong>
            <span className="muted">{t.description}</span>
            {t.placeholders.length > 0 && (
              <span className="muted small">
                Fill in: {t.placeholders.map((p) => p.name).join(", ")}
                {t.files.length > 0 && ` · comes with ${t.files.join(", ")}`}
              </span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function NewDesignDialog() {
  const open = useDesigner((s) => s.newDialog);
  const close = useDesigner((s) => s.closeNewDialog);
  if (!open) return null;
  return (
    <Dialog title="New design" onClose={close} closeOnOutsideClick testId="new-dialog">
      <div className="picker-list">
        <TemplateList
          onPick={(id) => {
            close();
            newDesign(id);
          }}
        />
      </div>
      <div className="modal-actions">
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
