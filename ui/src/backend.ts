// The one door to the Rust side: the generated bindings (ui/src/bindings, owned by the app shell)
// under the short names the UI uses. Backend types come from the bindings only.

import type { ErrorKind } from "./bindings";
import * as commands from "./bindings";

export type {
  Action,
  ActionTypeId,
  AppError,
  AppInfo,
  Catalog,
  Diagnostic,
  Document,
  ErrorKind,
  Format,
  InputArtifact,
  OpenedDesign,
  OutputArtifact,
  Pipeline,
  Recovery,
  Severity,
  Stage,
  TemplateInfo,
} from "./bindings";

export const api = {
  catalog: commands.catalog,
  validateDocument: commands.validateDocument,
  parseText: commands.parseText,
  renderText: commands.renderText,
  newDocument: commands.newDocument,
  templates: commands.templates,
  openDesign: commands.openDesign,
  saveDesign: commands.saveDesign,
  recentFiles: commands.recentFiles,
  autosave: commands.autosave,
  listRecoveries: commands.listRecoveries,
  discardRecovery: commands.discardRecovery,
  startupFile: commands.startupFile,
  saveExport: commands.saveExport,
  appInfo: commands.appInfo,
  onOpenFile: commands.onOpenFile,
};

/** The sentence to show for a failed backend call (an AppError, or anything else thrown). */
export function errorMessage(err: unknown): string {
  if (err && typeof err === "object" && "message" in err && typeof err.message === "string") {
    return err.message;
  }
  if (typeof err === "string") return err;
  return "Something went wrong talking to the Pipewright backend. Restart the app and try again.";
}

/** The AppError kind, when the error is one. */
export function errorKind(err: unknown): ErrorKind | null {
  if (err && typeof err === "object" && "kind" in err && typeof err.kind === "string")
    return err.kind as ErrorKind;
  return null;
}
