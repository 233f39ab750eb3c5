// The one door to the Rust side. Until the generated bindings (ui/src/bindings, owned by the app
// shell) land, this file declares the contract of APP-CONTRACT.md by hand and calls `invoke`.
// When they land, the types and commands below are replaced by re-exports from "./bindings".
import { invoke } from "@tauri-apps/api/core";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type Open = { [key: string]: unknown };

export type Format = "json" | "yaml";
export type Severity = "error" | "warning";

export interface ActionTypeId extends Open {
  category: string;
  owner: string;
  provider: string;
  version: string;
}
export interface ArtifactRef extends Open {
  name: string;
}
export interface Action extends Open {
  name: string;
  actionTypeId: ActionTypeId;
  runOrder?: number | null;
  configuration?: Record<string, string> | null;
  inputArtifacts?: ArtifactRef[] | null;
  outputArtifacts?: ArtifactRef[] | null;
  region?: string | null;
  namespace?: string | null;
  roleArn?: string | null;
}
export interface Stage extends Open {
  name: string;
  actions: Action[];
  onFailure?: Open | null;
  onSuccess?: Open | null;
  beforeEntry?: Open | null;
}
export interface ArtifactStore extends Open {
  type: string;
  location: string;
}
export interface Pipeline extends Open {
  name: string;
  roleArn: string;
  artifactStore?: ArtifactStore | null;
  stages: Stage[];
  executionMode?: string | null;
  pipelineType?: string | null;
  variables?: Open[] | null;
  triggers?: Open[] | null;
}
export interface Document extends Open {
  pipeline: Pipeline;
  tags?: { key: string; value: string }[] | null;
  metadata?: Open | null;
  pipewright?: Open | null;
}
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  pointer: string;
  hint: string;
}
export interface AppError {
  kind: string;
  message: string;
}
export interface OpenedDesign {
  path: string;
  format: Format;
  document: Document;
}
export interface Recovery {
  key: string;
  path: string | null;
  savedAt: string;
  document: Document;
}
export interface AppInfo {
  version: string;
  connectionLabel: string;
  sandbox: boolean;
}

// The catalog's exact shape is the generated binding's; `catalogView.ts` normalises it for the UI.
export type Catalog = unknown;

export const api = {
  catalog: () => invoke<Catalog>("catalog"),
  validateDocument: (document: Document) => invoke<Diagnostic[]>("validate_document", { document }),
  parseText: (text: string, format: Format) => invoke<Document>("parse_text", { text, format }),
  renderText: (document: Document, format: Format) => invoke<string>("render_text", { document, format }),
  newDocument: (template: string | null) => invoke<Document>("new_document", { template }),
  openDesign: (path: string) => invoke<OpenedDesign>("open_design", { path }),
  saveDesign: (path: string, document: Document, format: Format | null) =>
    invoke<void>("save_design", { path, document, format }),
  recentFiles: () => invoke<string[]>("recent_files"),
  autosave: (key: string, path: string | null, document: Document) =>
    invoke<void>("autosave", { key, path, document }),
  listRecoveries: () => invoke<Recovery[]>("list_recoveries"),
  discardRecovery: (key: string) => invoke<void>("discard_recovery", { key }),
  startupFile: () => invoke<string | null>("startup_file"),
  saveExport: (path: string, dataBase64: string) => invoke<void>("save_export", { path, dataBase64 }),
  appInfo: () => invoke<AppInfo>("app_info"),
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
export function errorKind(err: unknown): string | null {
  if (err && typeof err === "object" && "kind" in err && typeof err.kind === "string") return err.kind;
  return null;
}
