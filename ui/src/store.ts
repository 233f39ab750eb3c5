// The designer's store. The document (with its undo history) is the truth; the canvas, the
// inspector and the code view are projections of it. Edits go through `edit(op)` with `op` one of
// the pure functions of model/ops.ts. Around the document: the provider catalog, the start
// screen's lists, the designer's dialogs and notices; each changed by a named action.
import { create } from "zustand";
import type { Action, Diagnostic, Document, Format, Recovery, Stage, TemplateInfo } from "./backend";
import type { CatalogView } from "./model/catalog";
import { type History, record, redo, startHistory, undo } from "./model/history";
import {
  actionNodeId,
  deleteAction,
  deleteStage,
  pasteAction,
  pasteStage,
  resolveNodeId,
  stageNodeId,
} from "./model/ops";
import { type NodeProblems, PIPELINE_NODE, problemsByNode } from "./model/pointer";
import { startupFileHint } from "./shell/startup";

export type Clipboard = { kind: "action"; action: Action } | { kind: "stage"; stage: Stage } | null;

export interface Notice {
  kind: "error" | "info";
  text: string;
}

export interface ConfirmRequest {
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
}

export interface DesignerState {
  catalog: CatalogView | null;
  catalogError: string | null;
  /** null while no design is open (the start screen shows). */
  history: History | null;
  /** The document as last saved or opened; the design is dirty when the present differs. */
  savedDoc: Document | null;
  path: string | null;
  format: Format;
  /** Recovery-folder key of this editing session. */
  recoveryKey: string;
  selection: string | null;
  /** Ask the inspector to focus a field; `nonce` changes on every request. */
  focus: { field: string; nonce: number } | null;
  diagnostics: Diagnostic[];
  /** Diagnostic counts per node id, for the badges on the canvas. */
  problems: Map<string, NodeProblems>;
  validationError: string | null;
  codeView: boolean;
  codeFormat: Format;
  clipboard: Clipboard;
  notice: Notice | null;
  /** What the designer's live region says (to screen readers); `nonce` changes every time. */
  announcement: { text: string; nonce: number } | null;
  busy: string | null;
  /** The file the app was started with is being opened (startup.ts): no start screen yet. */
  startupOpening: boolean;
  recent: string[];
  recoveries: Recovery[];
  confirm: ConfirmRequest | null;
  providerPicker: string | null;
  /** The architecture templates a new design can start from. */
  templates: TemplateInfo[];
  /** The "New design" chooser is open. */
  newDialog: boolean;
  /** The template whose placeholder values are being asked for (null: no form). */
  templateForm: string | null;

  loadDocument: (doc: Document, path: string | null, format: Format) => void;
  closeDocument: () => void;
  /**
   * Apply a model edit. `select` is the node to select after it: an id, or a function of the new
   * document (for ids that depend on it, like a renamed node whose name is taken twice).
   */
  edit: (
    op: (doc: Document) => Document,
    opts?: { coalesce?: string; select?: string | null | ((next: Document) => string | null) },
  ) => void;
  undo: () => void;
  redo: () => void;
  select: (id: string | null, field?: string | null) => void;
  markSaved: (doc: Document, path: string, format: Format) => void;
  copySelection: () => boolean;
  pasteClipboard: () => boolean;
  deleteSelection: () => boolean;
  setDiagnostics: (d: Diagnostic[], error: string | null) => void;
  setNotice: (n: Notice | null) => void;
  /** Says a sentence to screen readers (the designer's live region). */
  announce: (text: string) => void;
  /** The provider catalog arrived, or could not be loaded (`error`). */
  setCatalog: (catalog: CatalogView) => void;
  catalogFailed: (error: string) => void;
  setTemplates: (templates: TemplateInfo[]) => void;
  setRecent: (paths: string[]) => void;
  /** The recovery copies to offer for restore (none: the offer closes). */
  setRecoveries: (recoveries: Recovery[]) => void;
  /** A recovery copy was restored: its design keeps its file path but stays unsaved. */
  restored: (recovery: Recovery, format: Format) => void;
  /** What the designer is busy with (a sentence), or null when it is done. */
  setBusy: (busy: string | null) => void;
  /** The startup file is open, or there was none: the start screen may show. */
  startupSettled: () => void;
  askConfirm: (request: ConfirmRequest) => void;
  closeConfirm: () => void;
  openNewDialog: () => void;
  closeNewDialog: () => void;
  /** Ask for the values of template `id`'s placeholders before creating the design. */
  askTemplateValues: (id: string) => void;
  closeTemplateForm: () => void;
  /** The provider list for adding an action to a stage (by name); null closes it. */
  pickProviderFor: (stage: string | null) => void;
  toggleCodeView: () => void;
  setCodeFormat: (format: Format) => void;
}

function readFlag(key: string, fallback: boolean): boolean {
  try {
    const v = globalThis.localStorage?.getItem(key);
    return v === null || v === undefined ? fallback : v === "1";
  } catch {
    return fallback;
  }
}

/** Remember a view preference (best effort). */
function writeFlag(key: string, value: boolean) {
  try {
    globalThis.localStorage?.setItem(key, value ? "1" : "0");
  } catch {
    // Private mode or no storage: the preference lasts for this session only.
  }
}

export function newRecoveryKey(): string {
  const rand = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return `design-${rand}`;
}

export const useDesigner = create<DesignerState>()((set, get) => ({
  catalog: null,
  catalogError: null,
  history: null,
  savedDoc: null,
  path: null,
  format: "json",
  recoveryKey: newRecoveryKey(),
  selection: null,
  focus: null,
  diagnostics: [],
  problems: new Map(),
  validationError: null,
  codeView: readFlag("pipewright.codeView", false),
  codeFormat: "json",
  clipboard: null,
  notice: null,
  announcement: null,
  busy: null,
  startupOpening: startupFileHint() != null,
  recent: [],
  recoveries: [],
  confirm: null,
  providerPicker: null,
  templates: [],
  newDialog: false,
  templateForm: null,

  loadDocument: (doc, path, format) =>
    set({
      history: startHistory(doc),
      savedDoc: path ? doc : null,
      path,
      format,
      codeFormat: format,
      recoveryKey: newRecoveryKey(),
      selection: null,
      focus: null,
      diagnostics: [],
      problems: new Map(),
      validationError: null,
      notice: null,
    }),

  closeDocument: () =>
    set({ history: null, savedDoc: null, path: null, selection: null, diagnostics: [], problems: new Map() }),

  edit: (op, opts) => {
    const { history } = get();
    if (!history) return;
    const next = op(history.present);
    if (next === history.present) return;
    const patch: Partial<DesignerState> = { history: record(history, next, opts?.coalesce ?? null) };
    if (opts && "select" in opts) {
      patch.selection = typeof opts.select === "function" ? opts.select(next) : (opts.select ?? null);
    } else if (get().selection && resolveNodeId(next, get().selection).kind === "pipeline") {
      patch.selection = get().selection === PIPELINE_NODE ? PIPELINE_NODE : null;
    }
    set(patch);
  },

  undo: () => {
    const { history } = get();
    if (history) set({ history: undo(history) });
  },
  redo: () => {
    const { history } = get();
    if (history) set({ history: redo(history) });
  },

  select: (id, field) =>
    set((s) => ({
      selection: id,
      focus: field ? { field, nonce: (s.focus?.nonce ?? 0) + 1 } : s.focus,
    })),

  markSaved: (doc, path, format) => set({ savedDoc: doc, path, format }),

  copySelection: () => {
    const { history, selection } = get();
    if (!history) return false;
    const sel = resolveNodeId(history.present, selection);
    if (sel.kind === "action") {
      set({
        clipboard: { kind: "action", action: history.present.pipeline.stages[sel.stage].actions[sel.action] },
      });
      return true;
    }
    if (sel.kind === "stage") {
      set({ clipboard: { kind: "stage", stage: history.present.pipeline.stages[sel.stage] } });
      return true;
    }
    return false;
  },

  pasteClipboard: () => {
    const { history, clipboard, selection } = get();
    if (!history || !clipboard) return false;
    const doc = history.present;
    const sel = resolveNodeId(doc, selection);
    if (clipboard.kind === "action") {
      const si = sel.kind === "pipeline" ? doc.pipeline.stages.length - 1 : sel.stage;
      if (si < 0) return false;
      const { doc: next, name } = pasteAction(doc, si, clipboard.action);
      get().edit(() => next, { select: actionNodeId(doc.pipeline.stages[si].name, name) });
      return true;
    }
    const at = sel.kind === "pipeline" ? undefined : sel.stage + 1;
    const { doc: next, name } = pasteStage(doc, clipboard.stage, at);
    get().edit(() => next, { select: stageNodeId(name) });
    return true;
  },

  deleteSelection: () => {
    const { history, selection } = get();
    if (!history) return false;
    const sel = resolveNodeId(history.present, selection);
    if (sel.kind === "action") {
      const stage = history.present.pipeline.stages[sel.stage];
      get().edit((d) => deleteAction(d, sel.stage, sel.action), { select: stageNodeId(stage.name) });
      return true;
    }
    if (sel.kind === "stage") {
      get().edit((d) => deleteStage(d, sel.stage), { select: null });
      return true;
    }
    return false;
  },

  setDiagnostics: (diagnostics, validationError) => {
    const doc = get().history?.present;
    set({ diagnostics, validationError, problems: doc ? problemsByNode(doc, diagnostics) : new Map() });
  },
  setNotice: (notice) => set({ notice }),
  announce: (text) => set((s) => ({ announcement: { text, nonce: (s.announcement?.nonce ?? 0) + 1 } })),
  setCatalog: (catalog) => set({ catalog, catalogError: null }),
  catalogFailed: (catalogError) => set({ catalogError }),
  setTemplates: (templates) => set({ templates }),
  setRecent: (recent) => set({ recent }),
  setRecoveries: (recoveries) => set({ recoveries }),
  restored: (r, format) => {
    get().loadDocument(r.document, null, format);
    set({ path: r.path, savedDoc: null, recoveryKey: r.key, recoveries: [] });
  },
  setBusy: (busy) => set({ busy }),
  startupSettled: () => set({ startupOpening: false }),
  askConfirm: (confirm) => set({ confirm }),
  closeConfirm: () => set({ confirm: null }),
  openNewDialog: () => set({ newDialog: true }),
  closeNewDialog: () => set({ newDialog: false }),
  askTemplateValues: (id) => set({ templateForm: id, newDialog: false }),
  closeTemplateForm: () => set({ templateForm: null }),
  pickProviderFor: (providerPicker) => set({ providerPicker }),
  toggleCodeView: () => {
    const codeView = !get().codeView;
    writeFlag("pipewright.codeView", codeView);
    set({ codeView });
  },
  setCodeFormat: (codeFormat) => set({ codeFormat }),
}));

export const selectDoc = (s: DesignerState) => s.history?.present ?? null;
export const selectDirty = (s: DesignerState) => s.history !== null && s.history.present !== s.savedDoc;
