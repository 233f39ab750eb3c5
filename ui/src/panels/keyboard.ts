// The designer's keyboard: which key does what (`designerCommand`, a pure function of the key
// event), and the commands of the start screen and title bar (`runCommand`: files, undo, copy
// and paste). The canvas's commands (add a stage or an action, move an action between run
// orders and stages, move a stage, edit, delete) come with the workspace's chunk
// (canvas/commands.ts). shell/shortcuts.ts lists every key for `?`.
import { newDesign, openWithDialog, save, saveAs } from "../files";
import { selectDoc, useDesigner } from "../store";

export type DesignerCommand =
  | "save"
  | "saveAs"
  | "open"
  | "new"
  | "undo"
  | "redo"
  | "copy"
  | "paste"
  | "delete"
  | "addStage"
  | "addAction"
  | "edit"
  | "deselect"
  | "moveEarlier"
  | "moveLater"
  | "movePreviousStage"
  | "moveNextStage"
  | "focusPrevious"
  | "focusNext";

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export interface KeyContext {
  /** The key was typed into a text field. */
  inText: boolean;
  /** The focus is on a card of the canvas. */
  onCard: boolean;
  /** Text is selected on the page (Ctrl+C copies it, not the card). */
  textSelected: boolean;
}

/** The designer command a key stands for, or null (the key is left to the browser). */
export function designerCommand(e: KeyLike, ctx: KeyContext): DesignerCommand | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    if (key === "s") return e.shiftKey ? "saveAs" : "save";
    if (key === "o") return "open";
    if (key === "n") return "new";
    if (ctx.inText) return null;
    if ((key === "z" && e.shiftKey) || key === "y") return "redo";
    if (key === "z") return "undo";
    if (key === "c" && !ctx.textSelected) return "copy";
    if (key === "v") return "paste";
    return null;
  }
  if (ctx.inText || mod) return null;
  if (e.altKey) {
    if (e.shiftKey) return null;
    if (key === "ArrowLeft") return "moveEarlier";
    if (key === "ArrowRight") return "moveLater";
    if (key === "ArrowUp") return "movePreviousStage";
    if (key === "ArrowDown") return "moveNextStage";
    return null;
  }
  if (key === "Delete" || key === "Backspace") return "delete";
  if (key === "F2") return "edit";
  if (key === "Escape") return "deselect";
  if (e.shiftKey) return null;
  if (key === "s") return "addStage";
  if (key === "a") return "addAction";
  if (ctx.onCard && key === "ArrowLeft") return "focusPrevious";
  if (ctx.onCard && key === "ArrowRight") return "focusNext";
  return null;
}

type CanvasCommands = (command: DesignerCommand, card: string | null) => boolean;
let canvasCommands: CanvasCommands | null = null;

/** The workspace's canvas commands, once its chunk is loaded. */
export function registerCanvasCommands(run: CanvasCommands): void {
  canvasCommands = run;
}

/**
 * Runs a command on the designer. `card` is the card that has the focus, if one has. Returns
 * false when it did nothing (the key then does what it would do anyway).
 */
export function runCommand(command: DesignerCommand, card: string | null = null): boolean {
  const s = useDesigner.getState();
  switch (command) {
    case "save":
      void save();
      return true;
    case "saveAs":
      void saveAs();
      return true;
    case "open":
      openWithDialog();
      return true;
    case "new":
      if (s.history) s.openNewDialog();
      else newDesign(null);
      return true;
  }
  if (!selectDoc(s)) return false;
  switch (command) {
    case "undo":
      s.undo();
      return true;
    case "redo":
      s.redo();
      return true;
    case "copy":
      return s.copySelection();
    default:
      return canvasCommands?.(command, card) ?? false;
  }
}
