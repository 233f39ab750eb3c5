//! Environment commands: a design's environments, one environment's pipeline, their differences
//! (`pipewright_appcore::environments`).

use pipewright_appcore::{environments, Result};
use pipewright_core::environments::Difference;
use pipewright_core::Document;

#[tauri::command(async)]
pub fn environment_names(document: Document) -> Vec<String> {
    environments::names(&document)
}

#[tauri::command(async)]
pub fn render_environment(document: Document, env: String) -> Result<Document> {
    environments::document_of(document, Some(&env))
}

#[tauri::command(async)]
pub fn environment_differences(
    document: Document,
    left: String,
    right: String,
) -> Result<Vec<Difference>> {
    environments::differences(&document, &left, &right)
}
