// The one door to the Rust side. Every backend call (`api`), event subscription (`events`), file
// dialog (`dialogs`) and backend type the UI uses comes through this folder, and so do the
// words of the backend's statuses (status.ts); nothing else imports the generated bindings
// (src/bindings) or Tauri's packages (biome's noRestrictedImports in ui/biome.json keeps it so).
// When the Rust side of the bindings changes, this folder adapts.
export type * from "../bindings/types";
export * as api from "./commands";
export * as dialogs from "./dialogs";
export { errorDetails, errorKind, errorMessage, isAppError } from "./errors";
export * as events from "./events";
export {
  humanWord,
  isRollback,
  isRunning,
  modeLabel,
  RUN_STATUSES,
  type RunStatus,
  runStatus,
  type ShownStatus,
  STATUS_LABELS,
  shownStatus,
  statusLabel,
  statusTone,
  type Tone,
} from "./status";
