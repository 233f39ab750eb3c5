// The designer: its start screen, or the workspace of the open design (a chunk of its own, loaded
// when the first design opens); its keyboard shortcuts, which act only while it is on screen; and
// the validation of the open design, run whichever view is on screen.
import { useEffect } from "react";
import { api, errorMessage } from "../backend";
import { newDesign, openWithDialog, save, saveAs } from "../files";
import { workspaceChunk } from "../shell/chunks";
import { ChunkScreen, ScreenBoundary, ScreenLoading } from "../shell/screens";
import { selectDoc, useDesigner } from "../store";
import { DesignerFrame } from "./Frame";
import { StartScreen } from "./StartScreen";

export const VALIDATE_DELAY_MS = 250;

export function useValidation() {
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
      // A dialog's keys are its own (Delete in it must not delete the selected card).
      if (e.target instanceof Element && e.target.closest("dialog")) return;
      const s = useDesigner.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const inText = isTextTarget(e.target);
      let handled = true;
      if (mod && key === "s" && e.shiftKey) void saveAs();
      else if (mod && key === "s") void save();
      else if (mod && key === "o") openWithDialog();
      else if (mod && key === "n") {
        if (s.history) s.openNewDialog();
        else newDesign(null);
      } else if (mod && !inText && ((key === "z" && e.shiftKey) || key === "y")) s.redo();
      else if (mod && !inText && key === "z") s.undo();
      else if (mod && !inText && key === "c" && !window.getSelection()?.toString())
        handled = s.copySelection();
      else if (mod && !inText && key === "v") handled = s.pasteClipboard();
      else if (!inText && (e.key === "Delete" || e.key === "Backspace") && !mod)
        handled = s.deleteSelection();
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

/** The designer: the start screen, or the workspace of the open design (loaded on first use). */
export function Designer() {
  useShortcuts();
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
