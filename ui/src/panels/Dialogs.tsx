// The designer's dialogs: restore unsaved work found in the recovery folder, confirm before
// dropping unsaved changes, the New design chooser, and the form that asks a template's values.
import { useState } from "react";
import { baseName, discardRecovery, newDesign, pickTemplate, restoreRecovery } from "../files";
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
            pickTemplate(id);
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

/** The values of a template's placeholders, asked before the design is made from it. */
export function TemplateValuesDialog() {
  const id = useDesigner((s) => s.templateForm);
  const template = useDesigner((s) => s.templates.find((t) => t.id === s.templateForm));
  const close = useDesigner((s) => s.closeTemplateForm);
  const [values, setValues] = useState<Record<string, string>>({});
  if (!id || !template) return null;
  const create = () => {
    close();
    newDesign(id, values);
    setValues({});
  };
  const cancel = () => {
    close();
    setValues({});
  };
  return (
    <Dialog title={`New design: ${template.title}`} onClose={cancel} testId="template-form">
      <form
        className="template-form"
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <p className="muted">
          Fill in what you know now; a field left empty stays a placeholder (&lt;&lt;Name&gt;&gt;) that the
          Problems panel lists until you set it.
        </p>
        {template.placeholders.map((p, i) => (
          <label key={p.name} className="field">
            <span>{p.name}</span>
            <input
              data-testid={`template-value-${p.name}`}
              value={values[p.name] ?? ""}
              placeholder={p.example ? `e.g. ${p.example}` : undefined}
              // The first field takes the focus, as the dialog opens.
              autoFocus={i === 0}
              onChange={(e) => setValues((v) => ({ ...v, [p.name]: e.target.value }))}
            />
            {p.help && <span className="muted small">{p.help}</span>}
          </label>
        ))}
        <div className="modal-actions">
          <button type="button" onClick={cancel}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="template-create">
            Create design
          </button>
        </div>
      </form>
    </Dialog>
  );
}
