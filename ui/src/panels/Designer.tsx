// The designer: its start screen, or the workspace of the open design (a chunk of its own, loaded
// when the first design opens); its keyboard shortcuts, which act only while it is on screen; and
// the validation of the open design, run whichever view is on screen.
import { useEffect } from "react";
import { api, errorMessage } from "../backend";
import { workspaceChunk } from "../shell/chunks";
import { ChunkScreen, ScreenBoundary, ScreenLoading } from "../shell/screens";
import { selectDoc, useDesigner } from "../store";
import { DesignerFrame } from "./Frame";
import { designerCommand, runCommand } from "./keyboard";
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

/** The designer's keys (panels/keyboard.ts), on the window while the designer is on screen. */
function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // A dialog's keys are its own (Delete in it must not delete the selected card).
      if (e.target instanceof Element && e.target.closest("dialog")) return;
      const card =
        e.target instanceof HTMLElement && e.target.matches(".react-flow__node") ? e.target.dataset.id : null;
      const command = designerCommand(e, {
        inText: isTextTarget(e.target),
        onCard: !!card,
        textSelected: !!window.getSelection()?.toString(),
      });
      if (command && runCommand(command, card ?? null)) e.preventDefault();
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
