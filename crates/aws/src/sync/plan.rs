//! Plan: fetch the remote pipeline for every design (in parallel) and compare with the pure
//! planner in `pipewright_core::plan`; then what starts each pipeline (`around`), the status of
//! its source connections (W901) and whether the service stopped its polling (W902).

use std::collections::HashSet;

use futures_util::stream::{self, StreamExt};
use pipewright_core::around::{self, AroundNote, Place};
use pipewright_core::plan::{plan_pipeline, plan_remote_only, PipelinePlan, Plan, PlanAction};
use pipewright_core::validate::{validate_with, Options};
use pipewright_core::Document;

use super::around::observe;
use super::files::DesignFile;
use super::{fetch_remote, DEFAULT_CONCURRENCY};
use crate::config::Aws;
use crate::error::AwsError;
use crate::source_connections::connection_states;

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

/// Where a remote pipeline lives, from its `metadata.pipelineArn`.
pub(crate) fn place_of(remote: &Document) -> Option<Place> {
    let arn = remote.metadata.as_ref()?.get("pipelineArn")?.as_str()?;
    Place::of_arn(arn)
}

/// The plan of one design against the remote as it is now.
pub async fn plan_one(aws: &Aws, design: &DesignFile) -> Result<PipelinePlan, AwsError> {
    // The connection's region is where the pipeline is (or will be): it makes the cross-region
    // rules (E4xx) precise for a design that does not say its region, and a design synced in
    // another region plans as `other-pipeline`.
    let known = Options {
        region: aws.region().map(str::to_string),
        ..Options::default()
    };
    let errors = validate_with(&design.document, &known);
    let remote = fetch_remote(&aws.codepipeline(), design.name()).await?;
    let mut plan = plan_pipeline(
        &design.document,
        Some(&design.display()),
        errors,
        remote.as_ref(),
        aws.region(),
    );
    if plan.action != PlanAction::Invalid {
        plan_around(aws, &design.document, remote.as_ref(), &mut plan).await?;
    }
    Ok(plan)
}

/// What starts the pipeline, what it needs that Pipewright does not make, and what only the
/// remote can tell (W901, W902), into `plan`.
pub(crate) async fn plan_around(
    aws: &Aws,
    local: &Document,
    remote: Option<&Document>,
    plan: &mut PipelinePlan,
) -> Result<(), AwsError> {
    let desired = around::derive(local);
    plan.notes = desired.notes.clone();
    match remote.and_then(|r| place_of(r).map(|p| (r, p))) {
        None => plan.around = around::plan::plan(&desired, None),
        Some((remote, place)) => {
            let current = around::derive(remote);
            let seen = observe(aws, &desired, &current, &place).await?;
            plan.around = seen.plan(&desired, &place);
            plan.notes
                .extend(seen.notes().into_iter().map(|message| AroundNote {
                    pointer: String::new(),
                    message,
                }));
        }
    }
    let arns: Vec<String> = desired.connections.iter().map(|c| c.arn.clone()).collect();
    if !arns.is_empty() {
        let report = connection_states(aws, &arns).await;
        plan.notes
            .extend(report.unread.into_iter().map(|message| AroundNote {
                pointer: String::new(),
                message,
            }));
        let opts = Options {
            region: aws.region().map(str::to_string),
            connections: report.states,
        };
        plan.warnings = validate_with(local, &opts)
            .into_iter()
            .filter(|d| d.code == "W901")
            .collect();
    }
    if let Some(remote) = remote {
        plan.warnings.extend(
            pipewright_core::validate(remote)
                .into_iter()
                .filter(|d| d.code == "W902"),
        );
    }
    Ok(())
}

/// The plan of every design; the first call that fails fails the plan.
pub async fn plan(aws: &Aws, designs: &[DesignFile], opts: &PlanOptions) -> Result<Plan, AwsError> {
    let results: Vec<Result<PipelinePlan, AwsError>> = stream::iter(designs)
        .map(|d| plan_one(aws, d))
        .buffer_unordered(opts.concurrency.max(1))
        .collect()
        .await;
    let mut pipelines = Vec::with_capacity(results.len());
    for r in results {
        pipelines.push(r?);
    }
    if opts.include_remote_only {
        let local: HashSet<&str> = designs.iter().map(|d| d.name()).collect();
        for summary in aws.codepipeline().list_pipelines().await? {
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
