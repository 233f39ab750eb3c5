//! The designer's environments (`pipewright.environments`): the names a design defines, one
//! environment's plain pipeline, and what differs between two. Glue over
//! `pipewright_core::environments` (the code `pipewright export --environment` runs) that words a
//! mistake in an environment as a sentence saying where to fix it.

use pipewright_core::environments::{self, Difference};
use pipewright_core::{CodecError, Document};

use crate::error::{AppError, Result};

/// A mistake in `pipewright.environments`, as a sentence that says where to fix it.
fn environment_error(error: CodecError) -> AppError {
    match error {
        CodecError::Environment { .. } => AppError::Invalid(format!(
            "{error}. Fix the environment in the environment panel (or in the code view) and try again."
        )),
        other => other.into(),
    }
}

/// The environments the design defines, in file order (empty: none).
pub fn names(document: &Document) -> Vec<String> {
    environments::names(document)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// The document of `environment` (the base with its overrides applied), or the design itself for
/// `None` (the base).
pub fn document_of(document: Document, environment: Option<&str>) -> Result<Document> {
    match environment {
        Some(env) => environments::render(&document, env).map_err(environment_error),
        None => Ok(document),
    }
}

/// What differs between two environments' pipelines; pointers index the left document except
/// for nodes only the right one has.
pub fn differences(document: &Document, left: &str, right: &str) -> Result<Vec<Difference>> {
    environments::differences(document, left, right).map_err(environment_error)
}
