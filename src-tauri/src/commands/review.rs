//! "Compare with..." commands: the open design against a git revision of its file or another
//! design file, and the file's recent commits (`pipewright_appcore::review`).

use std::path::Path;

use pipewright_appcore::review::{self, CompareWith, Revision};
use pipewright_appcore::Result;
use pipewright_core::review::Review;
use pipewright_core::Document;

/// How many commits the revision picker lists.
const REVISIONS: usize = 30;

#[tauri::command(async)]
pub fn compare_design(
    path: Option<String>,
    document: Document,
    other: CompareWith,
) -> Result<Review> {
    review::compare_with(path.as_deref().map(Path::new), &document, &other)
}

#[tauri::command(async)]
pub fn design_revisions(path: String) -> Result<Vec<Revision>> {
    review::revisions(Path::new(&path), REVISIONS)
}
