//! Export commands: CloudFormation and Terraform of a design or one of its environments, its SVG
//! picture (`pipewright_appcore::exports`), and writing an export's text.

use std::path::Path;

use pipewright_appcore::state::AppState;
use pipewright_appcore::{exports, files, Result};
use pipewright_core::export::{Export, ExportFormat};
use pipewright_core::Document;
use tauri::State;

#[tauri::command(async)]
pub fn export_iac(
    document: Document,
    format: ExportFormat,
    environment: Option<String>,
) -> Result<Export> {
    exports::export(document, format, environment.as_deref())
}

/// The SVG picture of the design or one of its environments.
#[tauri::command(async)]
pub fn export_picture(document: Document, environment: Option<String>) -> Result<String> {
    exports::picture(document, environment.as_deref())
}

/// Write an export's text to `path` atomically (a path chosen in the save dialog, or a recent
/// file).
#[tauri::command(async)]
pub fn save_text(path: String, text: String, state: State<'_, AppState>) -> Result<()> {
    state.check_path(Path::new(&path), "write")?;
    files::atomic_write(Path::new(&path), text.as_bytes())
}
