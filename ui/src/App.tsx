// The designer window: toolbar, palette, canvas, inspector, code view and problems panel, plus
// the start-up wiring (catalog, connection label, startup file, recoveries, file events).
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { getNodesBounds, getViewportForBounds, ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { toPng, toSvg } from "html-to-image";
import { useCallback, useEffect } from "react";
import { api, errorMessage } from "./backend";
import { Canvas } from "./canvas/Canvas";
import { useActiveConnection } from "./connections/useActiveConnection";
import { ViewShell } from "./control/ViewShell";
import { EnvironmentCenter, EnvironmentSide } from "./environments/Environments";
import {
  autosaveNow,
  exportDiagram,
  loadRecoveries,
  newDesign,
  openPath,
  openPathGuarded,
  openWithDialog,
  refreshRecent,
  save,
  saveAs,
} from "./files";
import { normalizeCatalog } from "./model/catalog";
import { CodeView } from "./panels/CodeView";
import { ConfirmDialog, NewDesignDialog, RecoveryDialog } from "./panels/Dialogs";
import { Inspector } from "./panels/Inspector";
import { Palette } from "./panels/Palette";
import { ProblemsPanel } from "./panels/ProblemsPanel";
import { ProviderPicker } from "./panels/ProviderPicker";
import { StartScreen } from "./panels/StartScreen";
import { Toolbar } from "./panels/Toolbar";
import { selectDoc, useDesigner } from "./store";

export const VALIDATE_DELAY_MS = 250;
export const AUTOSAVE_EVERY_MS = 5000;
export const NOTICE_MS = 4000;
/** Emitted by the app when the active connection changes (APP-CONTRACT, connections). */
const ACTIVE_CONNECTION_EVENT = "active-connection";

function useStartup() {
  useEffect(() => {
    const s = useDesigner.getState();
    api
      .appInfo()
      .then((appInfo) => s.set({ appInfo }))
      .catch(() => undefined);
    api
      .catalog()
      .then((raw) => useDesigner.getState().set({ catalog: normalizeCatalog(raw), catalogError: null }))
      .catch((err) =>
        useDesigner.getState().set({ catalogError: `Could not load the providers: ${errorMessage(err)}` }),
      );
    void refreshRecent();
    void loadRecoveries();
    api
      .templates()
      .then((templates) => useDesigner.getState().set({ templates }))
      .catch(() => undefined);
    api
      .startupFile()
      .then((path) => {
        if (path) void openPath(path);
      })
      .catch(() => undefined);
    const unlisten: Promise<() => void>[] = [];
    unlisten.push(api.onOpenFile((e) => openPathGuarded(e.path)));
    // The title bar names the active connection: ask again whenever it changes.
    unlisten.push(
      listen(ACTIVE_CONNECTION_EVENT, () => {
        api
          .appInfo()
          .then((appInfo) => useDesigner.getState().set({ appInfo }))
          .catch(() => undefined);
      }),
    );
    try {
      unlisten.push(
        getCurrentWebview().onDragDropEvent((e) => {
          if (e.payload.type === "drop" && e.payload.paths.length > 0) openPathGuarded(e.payload.paths[0]);
        }),
      );
    } catch {
      // Not inside a Tauri webview (plain browser): no file drops.
    }
    const timer = setInterval(() => void autosaveNow(), AUTOSAVE_EVERY_MS);
    return () => {
      clearInterval(timer);
      for (const u of unlisten) u.then((f) => f()).catch(() => undefined);
    };
  }, []);
}

function useValidation() {
  const doc = useDesigner(selectDoc);
  useEffect(() => {
    if (!doc) return;
    let live = true;
    const timer = setTimeout(() => {
      api
        .validateDocument(doc)
        .then((d) => live && useDesigner.getState().setDiagnostics(d, null))
        .catch((err) => live && useDesigner.getState().setDiagnostics([], errorMessage(err)));
    }, VALIDATE_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [doc]);
}

function isTextTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName);
}

function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = useDesigner.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const inText = isTextTarget(e.target);
      let handled = true;
      if (mod && key === "s" && e.shiftKey) void saveAs();
      else if (mod && key === "s") void save();
      else if (mod && key === "o") openWithDialog();
      else if (mod && key === "n") {
        if (s.history) s.set({ newDialog: true });
        else newDesign(null);
      } else if (mod && !inText && ((key === "z" && e.shiftKey) || key === "y")) s.redo();
      else if (mod && !inText && key === "z") s.undo();
      else if (mod && !inText && key === "c" && !window.getSelection()?.toString())
        handled = s.copySelection();
      else if (mod && !inText && key === "v") handled = s.pasteClipboard();
      else if (!inText && (e.key === "Delete" || e.key === "Backspace") && !mod)
        handled = s.deleteSelection();
      else if (e.key === "Escape" && (s.providerPicker !== null || s.newDialog))
        s.set({ providerPicker: null, newDialog: false });
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

function Workspace() {
  const doc = useDesigner(selectDoc);
  const codeView = useDesigner((s) => s.codeView);
  const notice = useDesigner((s) => s.notice);
  const setNotice = useDesigner((s) => s.setNotice);
  const recoveryKey = useDesigner((s) => s.recoveryKey);
  const { getNodes } = useReactFlow();
  // Information fades on its own; errors stay until dismissed.
  useEffect(() => {
    if (notice?.kind !== "info") return;
    const t = setTimeout(() => useDesigner.getState().setNotice(null), NOTICE_MS);
    return () => clearTimeout(t);
  }, [notice]);

  const onExport = useCallback(
    (kind: "png" | "svg") => {
      void exportDiagram(kind, async () => {
        const nodes = getNodes();
        const bounds = getNodesBounds(nodes);
        const width = Math.max(400, Math.min(8000, Math.ceil(bounds.width + 80)));
        const height = Math.max(300, Math.min(8000, Math.ceil(bounds.height + 80)));
        const vp = getViewportForBounds(bounds, width, height, 0.05, 2, 0.04);
        const el = document.querySelector<HTMLElement>(".react-flow__viewport");
        if (!el) throw new Error("The canvas is not on screen; open a design first.");
        const bg = getComputedStyle(document.body).getPropertyValue("--canvas-bg").trim() || "#ffffff";
        const options = {
          backgroundColor: bg,
          // The picture shows the pipeline, not the editing controls.
          filter: (node: HTMLElement) =>
            !node.classList?.contains("stage-add-action") && !node.classList?.contains("react-flow__handle"),
          width,
          height,
          style: {
            width: `${width}px`,
            height: `${height}px`,
            transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})`,
          },
        };
        return kind === "png" ? toPng(el, options) : toSvg(el, options);
      });
    },
    [getNodes],
  );

  return (
    <div className="app">
      <Toolbar onExport={onExport} />
      {notice && (
        <div
          className={`notice ${notice.kind}`}
          role={notice.kind === "error" ? "alert" : "status"}
          data-testid="notice"
        >
          <span>{notice.text}</span>
          <button type="button" className="icon-button" onClick={() => setNotice(null)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}
      {doc ? (
        <main className={`workspace${codeView ? " with-code" : ""}`}>
          <Palette />
          <div className="center">
            <EnvironmentCenter
              doc={doc}
              base={
                <>
                  <Canvas key={recoveryKey} doc={doc} />
                  <ProblemsPanel doc={doc} />
                </>
              }
            />
          </div>
          {codeView && <CodeView doc={doc} />}
          <EnvironmentSide doc={doc} inspector={<Inspector />} />
        </main>
      ) : (
        <StartScreen />
      )}
      <ProviderPicker />
      <NewDesignDialog />
      <RecoveryDialog />
      <ConfirmDialog />
    </div>
  );
}

export function App() {
  useStartup();
  useValidation();
  useShortcuts();
  useActiveConnection();
  return (
    <ReactFlowProvider>
      <ViewShell designer={<Workspace />} />
    </ReactFlowProvider>
  );
}
