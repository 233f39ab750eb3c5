//! Designer commands: parse, render, validate and start documents. Each is glue over
//! `pipewright_core` (the same code the CLI runs).

use std::collections::BTreeMap;

use pipewright_core::catalog::Catalog;
use pipewright_core::templates::TemplateInfo;
use pipewright_core::{Diagnostic, Document, Format};

use pipewright_appcore::error::Result;

#[tauri::command]
pub fn catalog() -> Catalog {
    pipewright_core::catalog::catalog().clone()
}

#[tauri::command(async)]
pub fn validate_document(document: Document) -> Vec<Diagnostic> {
    pipewright_core::validate(&document)
}

#[tauri::command(async)]
pub fn parse_text(text: String, format: Format) -> Result<Document> {
    Ok(Document::parse(&text, format)?)
}

#[tauri::command(async)]
pub fn render_text(document: Document, format: Format) -> Result<String> {
    Ok(document.to_text(format)?)
}

#[tauri::command]
pub fn templates() -> Vec<TemplateInfo> {
    pipewright_core::templates::list()
}

/// A new design: the starter, or a template with the placeholder values given (the rest stay to
/// fill).
#[tauri::command]
pub fn new_document(
    template: Option<String>,
    values: Option<BTreeMap<String, String>>,
) -> Result<Document> {
    pipewright_appcore::starter::new_document(template.as_deref(), &values.unwrap_or_default())
}
