// The app: the views behind one bar (control/ViewShell.tsx), the designer's start screen or
// workspace, and the start-up wiring (connection label, templates, recent files, startup file,
// recoveries, file events, validation, autosave, shortcuts). Only what the first screen needs is
// loaded at start: the workspace of an open design, the sync review, the connection settings and
// the control room are chunks of their own (chunks.ts), loaded when first shown.
import { useEffect } from "react";
import { api, errorMessage, events } from "./backend";
import { workspaceChunk } from "./chunks";
import { ChunkScreen, ScreenBoundary, ScreenLoading } from "./connections/RemoteViews";
import { useActiveConnection } from "./connections/useActiveConnection";
import { ViewShell } from "./control/ViewShell";
import {
  autosaveNow,
  loadRecoveries,
  newDesign,
  openPath,
  openPathGuarded,
  openWithDialog,
  refreshRecent,
  save,
  saveAs,
} from "./files";
import { DesignerFrame } from "./panels/Frame";
import { StartScreen } from "./panels/StartScreen";
import { afterNextPaint, startupFile } from "./startup";
import { selectDoc, useDesigner } from "./store";

export const VALIDATE_DELAY_MS = 250;
export const AUTOSAVE_EVERY_MS = 5000;

// The file the app was started with is opened as this code loads: reading it and loading the
// workspace's chunk then overlap the first render instead of following it. Told by the desktop
// app's initialization script (startup.ts), the designer shows its loading state meanwhile, not
// the start screen. Settles with whether a file was opened.
const startupOpened: Promise<boolean> = startupFile(api.startupFile)
  .then(async (path) => {
    performance.mark("pipewright:startup-file");
    if (!path) return false;
    await openPath(path);
    return true;
  })
  .catch(() => false)
  .finally(() => useDesigner.getState().set({ startupOpening: false }));

function useStartup() {
  useEffect(() => {
    const s = useDesigner.getState();
    api
      .appInfo()
      .then((appInfo) => s.set({ appInfo }))
      .catch(() => undefined);
    // The provider catalog is asked for by the workspace, when a design opens. The start
    // screen's lists and the recovery offer come at once on a start without a file; with one,
    // once its design is on screen, so that their answers do not hold up its first frame (the
    // open itself refreshes the recent files).
    let live = true;
    void startupOpened
      .then((opened) => (opened ? afterNextPaint() : undefined))
      .then(() => {
        if (!live) return;
        if (!useDesigner.getState().history) void refreshRecent();
        void loadRecoveries();
        api
          .templates()
          .then((templates) => useDesigner.getState().set({ templates }))
          .catch(() => undefined);
      });
    const unlisten: Promise<() => void>[] = [];
    unlisten.push(events.onOpenFile((e) => openPathGuarded(e.path)));
    // The title bar names the active connection: ask again whenever it changes.
    unlisten.push(
      events.onActiveConnection(() => {
        api
          .appInfo()
          .then((appInfo) => useDesigner.getState().set({ appInfo }))
          .catch(() => undefined);
      }),
    );
    unlisten.push(events.onFileDrop((paths) => openPathGuarded(paths[0])));
    const timer = setInterval(() => void autosaveNow(), AUTOSAVE_EVERY_MS);
    return () => {
      live = false;
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

/** The designer: the start screen, or the workspace of the open design (loaded on first use). */
function Designer() {
  const open = useDesigner((s) => selectDoc(s) !== null);
  const startupOpening = useDesigner((s) => s.startupOpening);
  if (!open && startupOpening)
    return (
      <DesignerFrame>
        <ScreenLoading />
      </DesignerFrame>
    );
  if (!open)
    return (
      <DesignerFrame>
        <StartScreen />
      </DesignerFrame>
    );
  return (
    <ScreenBoundary>
      <ChunkScreen
        of={workspaceChunk}
        loading={
          <DesignerFrame>
            <ScreenLoading />
          </DesignerFrame>
        }
      />
    </ScreenBoundary>
  );
}

export function App() {
  useStartup();
  useValidation();
  useShortcuts();
  useActiveConnection();
  return <ViewShell designer={<Designer />} />;
}
