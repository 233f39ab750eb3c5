//! Plan: fetch the remote pipeline for every design (in parallel) and compare with the pure
//! planner in `pipewright_core::plan`.

use std::collections::HashSet;

use futures_util::stream::{self, StreamExt};
use pipewright_core::plan::{plan_pipeline, plan_remote_only, PipelinePlan, Plan};

use super::files::DesignFile;
use super::{fetch_remote, DEFAULT_CONCURRENCY};
use crate::codepipeline::CodePipeline;
use crate::error::AwsError;

/// How to plan.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    pub concurrency: usize,
    /// Also list the remote pipelines that have no design (one ListPipelines).
    pub include_remote_only: bool,
}

impl Default for PlanOptions {
    fn default() -> Self {
        Self {
            concurrency: DEFAULT_CONCURRENCY,
            include_remote_only: false,
        }
    }
}

/// The plan of one design against the remote as it is now.
pub async fn plan_one(api: &CodePipeline, design: &DesignFile) -> Result<PipelinePlan, AwsError> {
    let errors = pipewright_core::validate(&design.document);
    let remote = fetch_remote(api, design.name()).await?;
    Ok(plan_pipeline(
        &design.document,
        Some(&design.display()),
        errors,
        remote.as_ref(),
    ))
}

/// The plan of every design; the first call that fails fails the plan.
pub async fn plan(
    api: &CodePipeline,
    designs: &[DesignFile],
    opts: &PlanOptions,
) -> Result<Plan, AwsError> {
    let results: Vec<Result<PipelinePlan, AwsError>> = stream::iter(designs)
        .map(|d| plan_one(api, d))
        .buffer_unordered(opts.concurrency.max(1))
        .collect()
        .await;
    let mut pipelines = Vec::with_capacity(results.len());
    for r in results {
        pipelines.push(r?);
    }
    if opts.include_remote_only {
        let local: HashSet<&str> = designs.iter().map(|d| d.name()).collect();
        for summary in api.list_pipelines().await? {
            if !local.contains(summary.name.as_str()) {
                pipelines.push(plan_remote_only(
                    &summary.name,
                    summary.version.map(i64::from),
                ));
            }
        }
    }
    Ok(Plan::new(pipelines))
}
