// File commands: new, open, save, save as, recent files, autosave/recovery, exports. They talk
// to the backend and then update the store; the store stays free of IO.
import { api, type Document, dialogs, errorMessage, type Format } from "./backend";
import { rasterize } from "./exports/picture";
import { workspaceChunk } from "./shell/chunks";
import { selectDirty, selectDoc, useDesigner } from "./store";

const DESIGN_FILTERS = [
  { name: "Pipeline design", extensions: ["json", "yaml", "yml"] },
  { name: "All files", extensions: ["*"] },
];

export function formatOfPath(path: string): Format {
  return /\.ya?ml$/i.test(path) ? "yaml" : "json";
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function fail(prefix: string, err: unknown) {
  useDesigner.getState().setNotice({ kind: "error", text: `${prefix}: ${errorMessage(err)}` });
}

/** Run `go` now, or after the user agrees to drop unsaved changes. */
function guardUnsaved(what: string, go: () => void) {
  const s = useDesigner.getState();
  if (!selectDirty(s)) {
    go();
    return;
  }
  s.askConfirm({
    message: `The current design has unsaved changes. ${what} anyway? (A recovery copy stays in the recovery folder until you discard it.)`,
    confirmLabel: what,
    onConfirm: go,
  });
}

export async function refreshRecent() {
  try {
    useDesigner.getState().setRecent(await api.recentFiles());
  } catch {
    // The start screen just shows no recent files.
  }
}

export async function loadTemplates() {
  try {
    useDesigner.getState().setTemplates(await api.templates());
  } catch {
    // The start screen and the New dialog offer the starter design only.
  }
}

/** The values typed in a template's form: trimmed, the empty ones left out (they stay to fill). */
export function filledValues(raw: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(raw)
      .map(([k, v]) => [k, v.trim()] as const)
      .filter(([, v]) => v !== ""),
  );
}

/** A template was picked: ask for its placeholders' values first (if it has any), else create. */
export function pickTemplate(template: string | null) {
  const t = template === null ? null : useDesigner.getState().templates.find((x) => x.id === template);
  if (t && t.placeholders.length > 0) useDesigner.getState().askTemplateValues(t.id);
  else newDesign(template);
}

export function newDesign(template: string | null = null, values: Record<string, string> | null = null) {
  guardUnsaved("New design", async () => {
    const s = useDesigner.getState();
    s.setBusy("Creating a new design…");
    try {
      const filled = values ? filledValues(values) : null;
      const [doc] = await Promise.all([api.newDocument(template, filled), workspaceChunk.prefetch()]);
      useDesigner.getState().loadDocument(doc, null, "json");
    } catch (err) {
      fail("Could not create a new design", err);
    } finally {
      useDesigner.getState().setBusy(null);
    }
  });
}

export async function openPath(path: string) {
  const s = useDesigner.getState();
  s.setBusy(`Opening ${baseName(path)}…`);
  try {
    // The workspace's chunk loads while the file is read (a failure shows where it is rendered).
    const [opened] = await Promise.all([api.openDesign(path), workspaceChunk.prefetch()]);
    performance.mark("pipewright:design-opened");
    useDesigner.getState().loadDocument(opened.document, opened.path, opened.format);
    void refreshRecent();
  } catch (err) {
    fail(`Could not open ${baseName(path)}`, err);
  } finally {
    useDesigner.getState().setBusy(null);
  }
}

export function openWithDialog() {
  guardUnsaved("Open another design", async () => {
    try {
      // The workspace's chunk loads while the user picks a file.
      void workspaceChunk.prefetch();
      const picked = await dialogs.pickFile(DESIGN_FILTERS);
      if (picked) await openPath(picked);
    } catch (err) {
      fail("Could not show the open dialog", err);
    }
  });
}

export function openPathGuarded(path: string) {
  guardUnsaved("Open another design", () => void openPath(path));
}

async function writeTo(path: string, doc: Document, format: Format) {
  const s = useDesigner.getState();
  try {
    await api.saveDesign(path, doc, format);
    useDesigner.getState().markSaved(doc, path, format);
    await api.discardRecovery(s.recoveryKey).catch(() => undefined);
    useDesigner.getState().setNotice({ kind: "info", text: `Saved ${baseName(path)}.` });
    void refreshRecent();
    return true;
  } catch (err) {
    fail(`Could not save ${baseName(path)}`, err);
    return false;
  }
}

export async function saveAs(): Promise<boolean> {
  const s = useDesigner.getState();
  const doc = selectDoc(s);
  if (!doc) return false;
  try {
    const suggested = s.path ?? `${doc.pipeline.name || "pipeline"}.${s.format === "yaml" ? "yaml" : "json"}`;
    const path = await dialogs.pickSavePath({ defaultPath: suggested, filters: DESIGN_FILTERS });
    if (!path) return false;
    return await writeTo(path, doc, formatOfPath(path));
  } catch (err) {
    fail("Could not show the save dialog", err);
    return false;
  }
}

/** Save to the current file (asks for one the first time). Works even when the design has errors. */
export async function save(): Promise<boolean> {
  const s = useDesigner.getState();
  const doc = selectDoc(s);
  if (!doc) return false;
  if (!s.path) return saveAs();
  return writeTo(s.path, doc, s.format);
}

/** The recovery key and document of the last autosave, to skip unchanged writes. */
let lastAutosave: { key: string; doc: Document } | null = null;
/** The key of a restored recovery copy: its design is unsaved work even before any edit. */
let restoredKey: string | null = null;

/**
 * Write a recovery copy while the design has unsaved changes; drop it once the design is clean
 * again (saved, or undone back to the saved state), so a restore never offers stale work.
 */
export async function autosaveNow() {
  const s = useDesigner.getState();
  const doc = selectDoc(s);
  try {
    if (doc && selectDirty(s)) {
      // An untouched new design has nothing worth recovering.
      if ((s.history?.past.length ?? 0) === 0 && s.recoveryKey !== restoredKey) return;
      if (lastAutosave?.key === s.recoveryKey && lastAutosave.doc === doc) return;
      await api.autosave(s.recoveryKey, s.path, doc);
      lastAutosave = { key: s.recoveryKey, doc };
    } else if (lastAutosave) {
      const key = lastAutosave.key;
      lastAutosave = null;
      // The same design is clean again: its copy is stale. A design left for another one keeps
      // its copy (the unsaved-changes question promised so).
      if (key === s.recoveryKey) await api.discardRecovery(key);
    }
  } catch {
    // Autosave is best effort; saving explicitly reports errors.
  }
}

export async function loadRecoveries() {
  try {
    useDesigner.getState().setRecoveries(await api.listRecoveries());
  } catch {
    useDesigner.getState().setRecoveries([]);
  }
}

export async function restoreRecovery(key: string) {
  const s = useDesigner.getState();
  const r = s.recoveries.find((x) => x.key === key);
  if (!r) return;
  // The restored design keeps its file path but stays dirty until saved.
  s.restored(r, r.path ? formatOfPath(r.path) : "json");
  restoredKey = r.key;
  lastAutosave = { key: r.key, doc: r.document };
}

export async function discardRecovery(key: string) {
  try {
    await api.discardRecovery(key);
  } catch (err) {
    fail("Could not discard the recovery copy", err);
  }
  const s = useDesigner.getState();
  s.setRecoveries(s.recoveries.filter((r) => r.key !== key));
}

// ---- Export -------------------------------------------------------------------------------

function utf8ToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The base64 payload of a data URL (base64 or percent-encoded). */
export function dataUrlToBase64(url: string): string {
  const comma = url.indexOf(",");
  const header = url.slice(0, comma);
  const body = url.slice(comma + 1);
  return header.endsWith(";base64") ? body : utf8ToBase64(decodeURIComponent(body));
}

/**
 * Export the pipeline's picture (of the environment shown, if any) as SVG or as PNG at twice its
 * size: the path is asked for first, then core draws the picture.
 */
export async function exportDiagram(
  kind: "png" | "svg",
  environment: string | null,
  draw: (svg: string) => Promise<string> = rasterize,
) {
  const s = useDesigner.getState();
  const doc = selectDoc(s);
  if (!doc) return;
  try {
    const path = await dialogs.pickSavePath({
      defaultPath: `${doc.pipeline.name || "pipeline"}.${kind}`,
      filters: [{ name: kind.toUpperCase(), extensions: [kind] }],
    });
    if (!path) return;
    const svg = await api.exportPicture(doc, environment);
    const data = kind === "svg" ? utf8ToBase64(svg) : dataUrlToBase64(await draw(svg));
    await api.saveExport(path, data);
    useDesigner.getState().setNotice({ kind: "info", text: `Exported the diagram to ${baseName(path)}.` });
  } catch (err) {
    fail(`Could not export the diagram as ${kind.toUpperCase()}`, err);
  }
}
