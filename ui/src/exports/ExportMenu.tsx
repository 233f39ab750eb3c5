// The toolbar's infrastructure-as-code export: CloudFormation (YAML, JSON) or Terraform of the
// base design or one environment. Core writes the text; the notes (what the target cannot
// express, secrets replaced by references) are shown before anything is saved.
import { useEffect, useRef, useState } from "react";
import { api, dialogs, type Export, type ExportFormat, errorMessage } from "../backend";
import { activeEnvironment, environmentNames } from "../environments/logic";
import { useEnvironmentView } from "../environments/store";
import { Dialog } from "../shell/Dialog";
import { selectDoc, useDesigner } from "../store";
import { EXPORT_CHOICES, exportChoice, exportFileName } from "./logic";
import "../environments/environments.css";

interface Pending {
  format: ExportFormat;
  environment: string | null;
  result: Export;
}

const PREVIEW_LINES = 60;

function ExportDialog({ pending, onClose }: { pending: Pending; onClose: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const choice = exportChoice(pending.format);
  const lines = pending.result.text.split("\n");
  const saveIt = async () => {
    const doc = selectDoc(useDesigner.getState());
    if (!doc) return;
    setError(null);
    let path: string | null;
    try {
      path = await dialogs.pickSavePath({
        title: `Export ${choice.label}`,
        defaultPath: exportFileName(doc, pending.format, pending.environment),
        filters: [choice.filter],
      });
    } catch (err) {
      setError(`Could not show the save dialog: ${errorMessage(err)}`);
      return;
    }
    if (!path) return;
    setBusy(true);
    try {
      await api.saveText(path, pending.result.text);
      useDesigner.getState().setNotice({ kind: "info", text: `Exported ${choice.label} to ${path}` });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`${choice.label} — ${pending.environment ? `environment ${pending.environment}` : "base design"}`}
      onClose={onClose}
      className="export-dialog"
      testId="export-dialog"
      fallbackFocus='[data-testid="export-menu"]'
    >
      {pending.result.notes.length === 0 ? (
        <p className="muted" data-testid="export-no-notes">
          Everything in the design maps to {choice.label}.
        </p>
      ) : (
        <>
          <p>
            Read before saving: {pending.result.notes.length} note
            {pending.result.notes.length === 1 ? "" : "s"} about what {choice.label} cannot express or what
            was replaced.
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolled box needs the focus for the keyboard to scroll it */}
          <ul className="env-list export-notes" aria-label="Notes" tabIndex={0}>
            {pending.result.notes.map((n) => (
              <li key={`${n.pointer}-${n.message}`} data-testid="export-note" title={n.pointer}>
                <code>{n.pointer || "/"}</code> {n.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolled box needs the focus for the keyboard to scroll it */}
      <section className="export-preview" aria-label="Preview" tabIndex={0}>
        <pre data-testid="export-preview">
          {lines.slice(0, PREVIEW_LINES).join("\n")}
          {lines.length > PREVIEW_LINES ? `\n… ${lines.length - PREVIEW_LINES} more lines` : ""}
        </pre>
      </section>
      {error && (
        <div className="panel-error" role="alert" data-testid="export-error">
          {error}
        </div>
      )}
      <div className="modal-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          data-testid="export-save"
          disabled={busy}
          onClick={() => void saveIt()}
        >
          Save…
        </button>
      </div>
    </Dialog>
  );
}

export function ExportMenu() {
  const doc = useDesigner(selectDoc);
  const viewed = useEnvironmentView((s) => s.view);
  const [open, setOpen] = useState(false);
  const [environment, setEnvironment] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener("mousedown", close);
    return () => window.removeEventListener("mousedown", close);
  }, [open]);
  if (!doc) return null;
  const names = environmentNames(doc);
  const chosen = activeEnvironment(doc, environment);

  const run = async (format: ExportFormat) => {
    setBusy(true);
    try {
      const result = await api.exportIac(doc, format, chosen);
      setPending({ format, environment: chosen, result });
      setOpen(false);
    } catch (err) {
      useDesigner.getState().setNotice({ kind: "error", text: `Could not export: ${errorMessage(err)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="export-menu-wrap" ref={box}>
      <button
        type="button"
        data-testid="export-menu"
        aria-expanded={open}
        aria-controls={open ? "export-popover" : undefined}
        className={open ? "active" : ""}
        title="Export as CloudFormation or Terraform"
        onClick={() => {
          if (!open) setEnvironment(activeEnvironment(doc, viewed));
          setOpen(!open);
        }}
      >
        IaC ▾
      </button>
      {open && (
        <fieldset
          className="export-popover"
          id="export-popover"
          data-testid="export-menu-popover"
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            e.stopPropagation();
            setOpen(false);
            box.current?.querySelector<HTMLElement>('[data-testid="export-menu"]')?.focus();
          }}
        >
          <legend className="sr-only">Export as</legend>
          {names.length > 0 && (
            <label className="field">
              <span className="field-label">Pipeline</span>
              <select
                data-testid="export-environment"
                value={chosen ?? ""}
                onChange={(e) => setEnvironment(e.target.value || null)}
              >
                <option value="">Base design</option>
                {names.map((n) => (
                  <option key={n} value={n}>
                    Environment {n}
                  </option>
                ))}
              </select>
              {chosen === null && (
                <span className="field-help">
                  With environments defined, each environment is its own pipeline; the base design is not
                  deployed.
                </span>
              )}
            </label>
          )}
          {EXPORT_CHOICES.map((c) => (
            <button
              type="button"
              key={c.format}
              data-testid={`export-${c.format}`}
              disabled={busy}
              onClick={() => void run(c.format)}
            >
              {c.label}
            </button>
          ))}
        </fieldset>
      )}
      {pending && <ExportDialog pending={pending} onClose={() => setPending(null)} />}
    </span>
  );
}
