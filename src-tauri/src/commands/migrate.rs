//! The GitHub version 1 migration command (`pipewright_appcore::migrate`).

use pipewright_appcore::migrate::{self, Migration};
use pipewright_appcore::Result;
use pipewright_core::Document;

#[tauri::command(async)]
pub fn migrate_github_v1(document: Document, connection_arn: String) -> Result<Migration> {
    migrate::github_v1(&document, &connection_arn)
}
