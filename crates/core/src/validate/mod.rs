//! Validation: every rule the CodePipeline service enforces, checked offline, and lints from
//! good practice. One file per family of rules.

use crate::diagnostic::Diagnostic;
use crate::document::Document;

/// Every diagnostic for a document, errors first, in document order.
pub fn validate(_doc: &Document) -> Vec<Diagnostic> {
    Vec::new()
}
