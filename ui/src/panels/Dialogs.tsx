// Modal dialogs: restore unsaved work found in the recovery folder, and confirm before dropping
// unsaved changes.
import { baseName, discardRecovery, restoreRecovery } from "../files";
import { useDesigner } from "../store";

export function RecoveryDialog() {
  const recoveries = useDesigner((s) => s.recoveries);
  const set = useDesigner((s) => s.set);
  if (recoveries.length === 0) return null;
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-label="Restore unsaved work" data-testid="recovery-dialog">
        <div className="modal-title">Restore unsaved work?</div>
        <p>Pipewright found designs with changes that were never saved:</p>
        <ul className="recoveries">
          {recoveries.map((r) => (
            <li key={r.key}>
              <div>
                <strong>{r.document.pipeline.name || "Untitled"}</strong>
                <span className="muted">
                  {r.path ? baseName(r.path) : "never saved"} · autosaved{" "}
                  {new Date(r.savedAt).toLocaleString()}
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
          <button type="button" onClick={() => set({ recoveries: [] })}>
            Decide later
          </button>
        </div>
      </div>
    </div>
  );
}

export function ConfirmDialog() {
  const confirm = useDesigner((s) => s.confirm);
  const set = useDesigner((s) => s.set);
  if (!confirm) return null;
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-label="Confirm" data-testid="confirm-dialog">
        <p>{confirm.message}</p>
        <div className="modal-actions">
          <button type="button" onClick={() => set({ confirm: null })}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            data-testid="confirm-yes"
            onClick={() => {
              set({ confirm: null });
              confirm.onConfirm();
            }}
          >
            {confirm.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
