//! Export commands: CloudFormation and Terraform of a design or one of its environments
//! (`pipewright_appcore::exports`), and writing an export's text.

use std::path::Path;

use pipewright_appcore::{exports, files, Result};
use pipewright_core::export::{Export, ExportFormat};
use pipewright_core::Document;

#[tauri::command(async)]
pub fn export_iac(
    document: Document,
    format: ExportFormat,
    environment: Option<String>,
) -> Result<Export> {
    exports::export(document, format, environment.as_deref())
}

/// Write an export's text to `path` atomically.
#[tauri::command(async)]
pub fn save_text(path: String, text: String) -> Result<()> {
    files::atomic_write(Path::new(&path), text.as_bytes())
}
