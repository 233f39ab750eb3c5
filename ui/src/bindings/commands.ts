// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p pipewright-app bindings`.
// Do not edit by hand.

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AppError, AppInfo, Catalog, Diagnostic, Document, Format, OpenFileEvent, OpenedDesign, Recovery, TemplateInfo } from "./types";

/** Command `catalog`. Rejects with an `AppError`. */
export function catalog(): Promise<Catalog> {
  return invoke<Catalog>("catalog");
}

/** Command `validate_document`. Rejects with an `AppError`. */
export function validateDocument(document: Document): Promise<Array<Diagnostic>> {
  return invoke<Array<Diagnostic>>("validate_document", { document });
}

/** Command `parse_text`. Rejects with an `AppError`. */
export function parseText(text: string, format: Format): Promise<Document> {
  return invoke<Document>("parse_text", { text, format });
}

/** Command `render_text`. Rejects with an `AppError`. */
export function renderText(document: Document, format: Format): Promise<string> {
  return invoke<string>("render_text", { document, format });
}

/** Command `templates`. Rejects with an `AppError`. */
export function templates(): Promise<Array<TemplateInfo>> {
  return invoke<Array<TemplateInfo>>("templates");
}

/** Command `new_document`. Rejects with an `AppError`. */
export function newDocument(template: string | null): Promise<Document> {
  return invoke<Document>("new_document", { template });
}

/** Command `open_design`. Rejects with an `AppError`. */
export function openDesign(path: string): Promise<OpenedDesign> {
  return invoke<OpenedDesign>("open_design", { path });
}

/** Command `save_design`. Rejects with an `AppError`. */
export function saveDesign(path: string, document: Document, format: Format | null): Promise<void> {
  return invoke<void>("save_design", { path, document, format });
}

/** Command `recent_files`. Rejects with an `AppError`. */
export function recentFiles(): Promise<Array<string>> {
  return invoke<Array<string>>("recent_files");
}

/** Command `autosave`. Rejects with an `AppError`. */
export function autosave(key: string, path: string | null, document: Document): Promise<void> {
  return invoke<void>("autosave", { key, path, document });
}

/** Command `list_recoveries`. Rejects with an `AppError`. */
export function listRecoveries(): Promise<Array<Recovery>> {
  return invoke<Array<Recovery>>("list_recoveries");
}

/** Command `discard_recovery`. Rejects with an `AppError`. */
export function discardRecovery(key: string): Promise<void> {
  return invoke<void>("discard_recovery", { key });
}

/** Command `startup_file`. Rejects with an `AppError`. */
export function startupFile(): Promise<string | null> {
  return invoke<string | null>("startup_file");
}

/** Command `save_export`. Rejects with an `AppError`. */
export function saveExport(path: string, dataBase64: string): Promise<void> {
  return invoke<void>("save_export", { path, dataBase64 });
}

/** Command `app_info`. Rejects with an `AppError`. */
export function appInfo(): Promise<AppInfo> {
  return invoke<AppInfo>("app_info");
}

/** Event `open-file`. */
export function onOpenFile(handler: (payload: OpenFileEvent) => void): Promise<UnlistenFn> {
  return listen<OpenFileEvent>("open-file", (event) => handler(event.payload));
}

/** Whether a rejection value is the backend's `AppError`. */
export function isAppError(error: unknown): error is AppError {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as AppError).kind === "string" &&
    typeof (error as AppError).message === "string"
  );
}
