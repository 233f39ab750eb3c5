//! Sync use cases: import remote pipelines as design files (`import`), plan local designs against
//! the remote (`plan`), apply the plan (`apply`), delete a remote pipeline with confirmation;
//! each with what starts the pipeline (`around`: EventBridge rules, their role, webhooks).
//!
//! Each design remembers the remote version it was last synced from in `pipewright.sync`
//! ([`pipewright_core::plan::SyncRecord`]); plan and apply use it to detect concurrent edits.

pub mod apply;
pub mod around;
pub mod files;
pub mod import;
pub mod plan;

pub use apply::{apply, ApplyOptions, ApplyReport, Outcome, PipelineResult, ProgressEvent};
pub use files::{load_designs, write_atomic, DesignFile};
pub use import::{import, ImportOptions, ImportReport, Selection};
pub use plan::{plan, PlanOptions};

use pipewright_core::Document;

use crate::codepipeline::CodePipeline;
use crate::config::Aws;
use crate::error::AwsError;

/// Default number of pipelines handled at once.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// The remote pipeline of that name with its tags, or `None` if there is none.
pub async fn fetch_remote(api: &CodePipeline, name: &str) -> Result<Option<Document>, AwsError> {
    let mut doc = match api.get_pipeline(name).await {
        Ok(doc) => doc,
        Err(AwsError::PipelineNotFound(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let arn = doc
        .metadata
        .as_ref()
        .and_then(|m| m.get("pipelineArn"))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    if let Some(arn) = arn {
        doc.tags = Some(api.list_tags(&arn).await?);
    }
    Ok(Some(doc))
}

/// Delete a remote pipeline, only when `confirm_name` repeats its exact name, and what
/// Pipewright made to start it (its `pipewright-` rules, their role, its `pipewright-`
/// webhooks). Returns what was done around it; a resource that could not be deleted is in there
/// with its error (the pipeline is gone either way).
pub async fn delete_pipeline(
    aws: &Aws,
    name: &str,
    confirm_name: &str,
) -> Result<Vec<around::AroundResult>, AwsError> {
    if name.is_empty() || name != confirm_name {
        return Err(AwsError::DeleteNotConfirmed {
            name: name.to_string(),
            confirm: confirm_name.to_string(),
        });
    }
    let api = aws.codepipeline();
    let remote = match api.get_pipeline(name).await {
        Ok(doc) => Some(doc),
        Err(AwsError::PipelineNotFound(_)) => None,
        Err(e) => return Err(e),
    };
    api.delete_pipeline(name).await?;
    let Some(remote) = remote else {
        return Ok(Vec::new());
    };
    let Some(place) = plan::place_of(&remote) else {
        return Ok(Vec::new());
    };
    around::remove(aws, &pipewright_core::around::derive(&remote), &place).await
}

/// Take the remote document into a local design: the remote's declaration, tags and metadata,
/// the local designer section (positions, notes) kept, and a fresh sync record.
pub(crate) fn pulled(
    remote: &Document,
    local: Option<&Document>,
    region: Option<&str>,
) -> Document {
    let mut doc = remote.clone();
    if let Some(local) = local {
        doc.pipewright = local.pipewright.clone();
        for (k, v) in &local.extra {
            doc.extra.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    if let Some(record) = pipewright_core::plan::SyncRecord::from_remote(remote, region) {
        record.store(&mut doc);
    }
    doc
}
