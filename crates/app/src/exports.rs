//! Infrastructure-as-code exports of a design, or of one of its environments: CloudFormation or
//! Terraform with the notes on what the target could not express (`pipewright_core::export`).

use pipewright_core::export::{self, Export, ExportFormat};
use pipewright_core::Document;

use crate::environments::document_of;
use crate::error::Result;

/// The design (or its environment `environment`) as `format`.
pub fn export(
    document: Document,
    format: ExportFormat,
    environment: Option<&str>,
) -> Result<Export> {
    let doc = document_of(document, environment)?;
    Ok(export::export(&doc, format))
}
