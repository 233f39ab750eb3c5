// Every keyboard shortcut of the app, as `?` lists them (ShortcutsDialog.tsx). The designer's
// keys are decided in panels/keyboard.ts (its test checks each one listed here does something);
// the keys of the shell (this list, F6, the tabs) in shell/keys.ts; the rest are the browser's
// own (Tab, Enter, Space, Escape in a dialog).

export interface Shortcut {
  /** Each way to press it, e.g. ["Ctrl+Shift+Z", "Ctrl+Y"]. */
  keys: string[];
  what: string;
}

export interface ShortcutGroup {
  title: string;
  items: Shortcut[];
}

export const SHORTCUTS: ShortcutGroup[] = [
  {
    title: "Everywhere",
    items: [
      { keys: ["?"], what: "Show this list" },
      {
        keys: ["F6", "Shift+F6"],
        what: "Next / previous area: the bar of views, the title bar, the providers, the canvas, the problems, the inspector; the pipelines and the open pipeline in the control room",
      },
      { keys: ["Tab", "Shift+Tab"], what: "Next / previous control" },
      {
        keys: ["←", "→"],
        what: "On the bar of views or the environments: the previous / next tab (Enter or Space shows it)",
      },
      { keys: ["Enter", "Space"], what: "Press the focused button, tick the focused box" },
      { keys: ["Escape"], what: "Close the dialog; the focus goes back where it was" },
    ],
  },
  {
    title: "Designer: files and history",
    items: [
      { keys: ["Ctrl+N"], what: "New design, from the starter or a template" },
      { keys: ["Ctrl+O"], what: "Open a design" },
      { keys: ["Ctrl+S"], what: "Save" },
      { keys: ["Ctrl+Shift+S"], what: "Save as" },
      { keys: ["Ctrl+Z"], what: "Undo" },
      { keys: ["Ctrl+Shift+Z", "Ctrl+Y"], what: "Redo" },
      { keys: ["Ctrl+C", "Ctrl+V"], what: "Copy and paste the selected stage or action" },
    ],
  },
  {
    title: "Designer: the canvas",
    items: [
      { keys: ["S"], what: "Add a stage at the end" },
      {
        keys: ["A"],
        what: "Add an action to the selected stage: type to filter the providers, Tab to one, Enter adds it",
      },
      { keys: ["Tab"], what: "To a card of the canvas (Enter selects it)" },
      { keys: ["←", "→"], what: "On a card: select the previous / next card" },
      { keys: ["F2"], what: "Edit the selected card in the inspector (its name first)" },
      { keys: ["Delete", "Backspace"], what: "Delete the selected stage or action" },
      {
        keys: ["Alt+←", "Alt+→"],
        what: "Move the selected stage left / right; the selected action runs earlier / later (joins the run order beside it)",
      },
      { keys: ["Alt+↑", "Alt+↓"], what: "Move the selected action to the previous / next stage" },
      { keys: ["Escape"], what: "Select the pipeline itself (its settings in the inspector)" },
    ],
  },
  {
    title: "Designer: the inspector",
    items: [
      {
        keys: ["Space"],
        what: "Connect artifacts: tick an input artifact of the selected action (the edge is drawn)",
      },
      { keys: ["Tab"], what: "Through the fields of the selected card; every change is one undo step" },
    ],
  },
  {
    title: "Control room",
    items: [
      { keys: ["Tab", "Enter"], what: "Open a pipeline of the list" },
      {
        keys: ["Tab", "Enter"],
        what: "Approve…, Reject…, Retry…, Roll back…, Start, Stop: each opens its dialog; fill it in, Tab to its button, Enter",
      },
      { keys: ["Enter"], what: "On an execution of the history: show or hide its action executions" },
    ],
  },
];
