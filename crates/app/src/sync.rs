//! The sync review screen's logic over `pipewright_aws::sync`: plan a set of design files against
//! the active connection, apply a chosen part of the plan (per-pipeline "pull remote" or
//! "overwrite" for drifted ones) with progress, list and import remote pipelines, delete one
//! remote pipeline after its name was typed. Each runs against the active connection (the local
//! sandbox, started then, when none is active yet); the connections lock is released before AWS
//! is called.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use pipewright_aws::sync::around::AroundResult;
use pipewright_aws::sync::{
    self as aws_sync, ApplyOptions, DesignFile, ImportOptions, Outcome, PipelineResult,
    PlanOptions, Selection,
};
use pipewright_aws::{Aws, CodePipeline};
use pipewright_connections::ActiveConnection;
use pipewright_core::plan::{Binding, Change, Drift, Plan};
use pipewright_core::{Diagnostic, Format};
use serde::{Deserialize, Serialize};

use crate::control_room::ControlFlows;
use crate::error::{AppError, ErrorKind};
use crate::events::{self, Shell, SyncProgress};
use crate::seen::{self, Seen};

/// The plan of some design files against the active connection.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncPlan {
    pub plan: Plan,
    /// Files that could not be read as designs (each a sentence); they are left out of the plan.
    pub problems: Vec<String>,
    /// Where the plan was made (connection and region).
    pub connection: ActiveConnection,
    /// The plan as reviewed, in a word: apply passes it back and is refused when planning again
    /// gives another plan (the designs or the remote changed since).
    pub fingerprint: String,
}

/// The fingerprint of a plan and the designs it was made from (stable within a run of the
/// app): a design edited after the review changes it even where the plan's summary does not.
pub fn fingerprint(plan: &Plan, designs: &[DesignFile]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    serde_json::to_string(plan)
        .unwrap_or_default()
        .hash(&mut hasher);
    for d in designs {
        d.path.hash(&mut hasher);
        d.environment.hash(&mut hasher);
        d.document.to_value().to_string().hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

/// What to apply: the design files, which of their pipelines, and the choices for drifted ones.
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ApplyRequest {
    /// Design files or folders (as for the plan).
    pub paths: Vec<String>,
    /// Only these pipelines (by name); `null` applies every design.
    pub only: Option<Vec<String>>,
    /// Drifted pipelines (and pipelines synced with another pipeline) to overwrite with the
    /// design.
    pub overwrite: Vec<String>,
    /// Drifted pipelines whose remote version is taken into the design file instead.
    pub pull: Vec<String>,
    /// The connection and region the plan was reviewed on.
    pub seen: Seen,
    /// The reviewed plan's [`SyncPlan::fingerprint`].
    pub fingerprint: String,
}

/// The result of one pipeline of an apply.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ApplyResult {
    pub name: String,
    pub source: String,
    /// `created`, `updated`, `unchanged`, `record-refreshed`, `pulled`, `refused`, `invalid`, `failed`.
    pub outcome: String,
    /// The outcome in words ("refused (drifted)").
    pub label: String,
    /// True when work is left undone (refused, invalid, failed).
    pub problem: bool,
    #[ts(type = "number | null")]
    pub version: Option<i64>,
    /// Why a call failed (a sentence).
    pub error: Option<String>,
    /// Running again may succeed (throttling, a network hiccup).
    pub transient: bool,
    pub errors: Vec<Diagnostic>,
    pub drift: Option<Drift>,
    /// Set when refused because the design was synced with another pipeline.
    pub binding: Option<Binding>,
    /// What was (or, for a refused pipeline, would have been) changed.
    pub changes: Vec<Change>,
    /// What was done to what starts the pipeline (EventBridge rules, their role, webhooks); an
    /// entry with an `error` was not done, and makes `problem` true.
    pub around: Vec<AroundResult>,
    /// What the pipeline needs that apply did not make or check (a CloudTrail trail, an endpoint
    /// without EventBridge), one sentence each.
    pub notes: Vec<String>,
}

/// Every pipeline's result.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ApplyResults {
    pub results: Vec<ApplyResult>,
    pub problems: Vec<String>,
    pub success: bool,
}

/// One remote pipeline (ListPipelines, all pages).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RemotePipeline {
    pub name: String,
    #[ts(type = "number | null")]
    pub version: Option<i64>,
    pub pipeline_type: Option<String>,
    pub updated: Option<String>,
}

/// What to import.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRequest {
    /// Pipeline names; `null` imports every remote pipeline.
    pub names: Option<Vec<String>>,
    /// The folder the design files go to (`<folder>/<name>.json|yaml`).
    pub folder: String,
    /// Format of new files (an existing file keeps its own).
    pub format: Format,
}

/// One imported pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportedPipeline {
    pub name: String,
    pub path: String,
    #[ts(type = "number | null")]
    pub version: Option<i64>,
}

/// One pipeline that was not imported.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportFailure {
    pub name: String,
    pub error: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportResults {
    pub imported: Vec<ImportedPipeline>,
    pub failed: Vec<ImportFailure>,
}

/// `s` with its first letter in upper case: problems listed in the sync view are sentences.
fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Reads the design files named by `paths` (files, or folders of `*.json|yaml|yml`).
fn load(paths: &[String]) -> Result<(Vec<DesignFile>, Vec<String>), AppError> {
    if paths.is_empty() {
        return Err(AppError::Invalid(
            "no design files were given: pick a folder of designs or open a design first".into(),
        ));
    }
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let (designs, errors) = aws_sync::load_designs(&paths);
    let problems = errors
        .into_iter()
        .map(|e| capitalized(&e.to_string()))
        .collect();
    Ok((designs, problems))
}

/// Plans the designs against the remote, listing remote pipelines without a design too.
pub async fn plan(
    aws: &Aws,
    connection: ActiveConnection,
    paths: &[String],
) -> Result<SyncPlan, AppError> {
    let (designs, problems) = load(paths)?;
    let opts = PlanOptions {
        include_remote_only: true,
        ..Default::default()
    };
    let plan = aws_sync::plan(aws, &designs, &opts)
        .await
        .map_err(AppError::from)?;
    Ok(SyncPlan {
        fingerprint: fingerprint(&plan, &designs),
        plan,
        problems,
        connection,
    })
}

fn outcome_fields(outcome: &Outcome) -> (&'static str, Option<i64>) {
    match outcome {
        Outcome::Created { version } => ("created", *version),
        Outcome::Updated { version } => ("updated", *version),
        Outcome::Unchanged => ("unchanged", None),
        Outcome::RecordRefreshed { version } => ("record-refreshed", *version),
        Outcome::Pulled { version } => ("pulled", *version),
        Outcome::Refused { .. } | Outcome::OtherPipeline { .. } => ("refused", None),
        Outcome::Invalid { .. } => ("invalid", None),
        Outcome::Failed { .. } => ("failed", None),
    }
}

fn to_result(r: PipelineResult) -> ApplyResult {
    let problem = r.is_problem();
    let (outcome, version) = outcome_fields(&r.outcome);
    let (error, transient) = match &r.outcome {
        Outcome::Failed { error, transient } => (Some(capitalized(error)), *transient),
        _ => (None, false),
    };
    ApplyResult {
        name: r.name,
        source: r.source,
        outcome: outcome.into(),
        label: r.outcome.label().into(),
        problem,
        version,
        error,
        transient,
        errors: match &r.outcome {
            Outcome::Invalid { errors } => errors.clone(),
            _ => Vec::new(),
        },
        drift: match &r.outcome {
            Outcome::Refused { drift } => Some(drift.clone()),
            _ => None,
        },
        binding: match &r.outcome {
            Outcome::OtherPipeline { binding } => Some(binding.clone()),
            _ => None,
        },
        changes: r.changes,
        around: r.around,
        notes: r.notes,
    }
}

/// Applies the chosen designs: drifted ones named in `pull` are pulled, those in `overwrite`
/// overwritten, the rest applied normally (drifted ones refused). `progress` gets every start and
/// finish with counts over the whole apply.
pub async fn apply(
    aws: &Aws,
    region: &str,
    request: &ApplyRequest,
    progress: Arc<dyn Fn(SyncProgress) + Send + Sync>,
) -> Result<ApplyResults, AppError> {
    let (designs, problems) = load(&request.paths)?;
    let designs: Vec<DesignFile> = match &request.only {
        Some(only) => {
            let only: HashSet<&str> = only.iter().map(String::as_str).collect();
            designs
                .into_iter()
                .filter(|d| only.contains(d.name()))
                .collect()
        }
        None => designs,
    };
    let pull: HashSet<&str> = request.pull.iter().map(String::as_str).collect();
    let overwrite: HashSet<&str> = request.overwrite.iter().map(String::as_str).collect();
    let (pulled, rest): (Vec<DesignFile>, Vec<DesignFile>) =
        designs.into_iter().partition(|d| pull.contains(d.name()));
    let (forced, normal): (Vec<DesignFile>, Vec<DesignFile>) =
        rest.into_iter().partition(|d| overwrite.contains(d.name()));

    let total = (pulled.len() + forced.len() + normal.len()) as u32;
    let done = Arc::new(AtomicUsize::new(0));
    let mut results = Vec::new();
    for (group, force, pull) in [
        (normal, false, false),
        (forced, true, false),
        (pulled, false, true),
    ] {
        if group.is_empty() {
            continue;
        }
        let opts = ApplyOptions {
            force,
            pull,
            region: Some(region.to_string()),
            ..Default::default()
        };
        let sink = progress.clone();
        let done = done.clone();
        let callback: aws_sync::apply::ProgressFn = Arc::new(move |e| {
            let finished = e.finished.map(str::to_string);
            let now = if finished.is_some() {
                done.fetch_add(1, Ordering::SeqCst) + 1
            } else {
                done.load(Ordering::SeqCst)
            };
            sink(SyncProgress {
                name: e.name.clone(),
                finished,
                done: now as u32,
                total,
            });
        });
        let report = aws_sync::apply(aws, &group, &opts, Some(callback)).await;
        results.extend(report.results.into_iter().map(to_result));
    }
    results.sort_by(|a, b| a.name.cmp(&b.name).then(a.source.cmp(&b.source)));
    let success = problems.is_empty() && !results.iter().any(|r| r.problem);
    Ok(ApplyResults {
        results,
        problems,
        success,
    })
}

/// Every remote pipeline (all pages), by name.
pub async fn remote_pipelines(api: &CodePipeline) -> Result<Vec<RemotePipeline>, AppError> {
    let mut list: Vec<RemotePipeline> = api
        .list_pipelines()
        .await
        .map_err(AppError::from)?
        .into_iter()
        .map(|p| RemotePipeline {
            name: p.name,
            version: p.version.map(i64::from),
            pipeline_type: p.pipeline_type,
            updated: p.updated,
        })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(list)
}

/// Writes the chosen remote pipelines as design files into a folder.
pub async fn import(
    api: &CodePipeline,
    region: &str,
    request: &ImportRequest,
) -> Result<ImportResults, AppError> {
    if request.folder.trim().is_empty() {
        return Err(AppError::Invalid(
            "no folder was chosen: pick the folder the design files go to".into(),
        ));
    }
    let selection = match &request.names {
        Some(names) if names.is_empty() => {
            return Err(AppError::Invalid(
                "no pipeline was picked: tick the pipelines to import, or import all".into(),
            ))
        }
        Some(names) => Selection::Names(names.clone()),
        None => Selection::All,
    };
    let mut opts = ImportOptions::new(selection, &request.folder);
    opts.format = request.format;
    opts.region = Some(region.to_string());
    let report = aws_sync::import(api, &opts).await.map_err(AppError::from)?;
    Ok(ImportResults {
        imported: report
            .imported
            .into_iter()
            .map(|i| ImportedPipeline {
                name: i.name,
                path: i.path,
                version: i.version,
            })
            .collect(),
        failed: report
            .failed
            .into_iter()
            .map(|f| ImportFailure {
                name: f.name,
                error: capitalized(&f.error),
            })
            .collect(),
    })
}

/// Deletes a remote pipeline, only when `confirm_name` repeats its exact name, with what
/// Pipewright made to start it; returns what was done to those (an entry with an `error` is left
/// for the user to delete).
pub async fn delete_remote(
    aws: &Aws,
    name: &str,
    confirm_name: &str,
) -> Result<Vec<AroundResult>, AppError> {
    aws_sync::delete_pipeline(aws, name, confirm_name)
        .await
        .map_err(AppError::from)
}

/// The active connection's AWS handle and what it is. With no connection active yet, the app's
/// default one, the local sandbox, is started first (as the title bar says).
async fn connect(flows: &ControlFlows) -> Result<(Aws, ActiveConnection), AppError> {
    if flows.connections().active().await.is_none() {
        // Boxed: opening the room starts the sandbox, a deep future to nest in every command.
        Box::pin(flows.open_room()).await;
    }
    let resolved = flows.connections().current().await?;
    Ok((resolved.aws(), resolved.active))
}

/// Runs a sync use case on a blocking thread of the runtime: the AWS crate's use cases fan out
/// over borrowed designs, which makes their futures not `Send` as async commands need.
async fn off_thread<T, F, Fut>(make: F) -> Result<T, AppError>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>>,
    T: Send + 'static,
{
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || handle.block_on(make()))
        .await
        .map_err(|e| {
            AppError::other(
                ErrorKind::Internal,
                format!("the sync task stopped unexpectedly ({e}); try again"),
            )
        })?
}

/// [`plan`] against the active connection.
pub async fn plan_active(flows: &ControlFlows, paths: Vec<String>) -> Result<SyncPlan, AppError> {
    let (aws, active) = connect(flows).await?;
    off_thread(move || async move { plan(&aws, active, &paths).await }).await
}

/// [`apply`] against the active connection, each pipeline's progress sent as `sync-progress`
/// through `shell`; refused, with nothing sent, when the active connection or region is not the
/// one the plan was reviewed on, or when planning again gives another plan than the reviewed one.
pub async fn apply_active(
    flows: &ControlFlows,
    shell: Arc<dyn Shell>,
    request: ApplyRequest,
) -> Result<ApplyResults, AppError> {
    let (aws, active) = connect(flows).await?;
    request.seen.check(Some(&active))?;
    let progress = Arc::new(move |p: SyncProgress| events::emit(shell.as_ref(), &p));
    off_thread(move || async move {
        // Plan again: apply only what was reviewed.
        let now = plan(&aws, active.clone(), &request.paths).await?;
        if request.fingerprint.is_empty() || now.fingerprint != request.fingerprint {
            return Err(seen::changed(
                "the designs or the remote pipelines changed since this plan was made; nothing was sent: review the new plan and apply again".into(),
            ));
        }
        apply(&aws, &active.region, &request, progress).await
    })
    .await
}

/// [`remote_pipelines`] of the active connection.
pub async fn remote_pipelines_active(
    flows: &ControlFlows,
) -> Result<Vec<RemotePipeline>, AppError> {
    let (aws, _) = connect(flows).await?;
    off_thread(move || async move { remote_pipelines(&aws.codepipeline()).await }).await
}

/// [`import`] from the active connection.
pub async fn import_active(
    flows: &ControlFlows,
    request: ImportRequest,
) -> Result<ImportResults, AppError> {
    let (aws, active) = connect(flows).await?;
    off_thread(move || async move { import(&aws.codepipeline(), &active.region, &request).await })
        .await
}

/// [`delete_remote`] on the active connection, when it is the one the user saw.
pub async fn delete_active(
    flows: &ControlFlows,
    name: String,
    confirm_name: String,
    seen: Seen,
) -> Result<Vec<AroundResult>, AppError> {
    let (aws, active) = connect(flows).await?;
    seen.check(Some(&active))?;
    off_thread(move || async move { delete_remote(&aws, &name, &confirm_name).await }).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipewright_aws::AwsError;

    #[test]
    fn outcomes_keep_their_details() {
        let r = to_result(PipelineResult {
            name: "p".into(),
            source: "/d/p.json".into(),
            outcome: Outcome::Failed {
                error: "could not reach the endpoint".into(),
                transient: true,
            },
            changes: Vec::new(),
            around: Vec::new(),
            notes: Vec::new(),
        });
        assert_eq!(
            (r.outcome.as_str(), r.problem, r.transient),
            ("failed", true, true)
        );
        assert_eq!(r.error.as_deref(), Some("Could not reach the endpoint"));
        let r = to_result(PipelineResult {
            name: "p".into(),
            source: "s".into(),
            outcome: Outcome::Created { version: Some(1) },
            changes: Vec::new(),
            around: Vec::new(),
            notes: Vec::new(),
        });
        assert_eq!(
            (r.outcome.as_str(), r.version, r.problem),
            ("created", Some(1), false)
        );
    }

    #[test]
    fn delete_errors_say_not_confirmed() {
        let e = AppError::from(AwsError::DeleteNotConfirmed {
            name: "prod".into(),
            confirm: "pro".into(),
        })
        .payload();
        assert_eq!(e.kind, ErrorKind::NotConfirmed);
        assert!(e.message.starts_with("Refusing"), "{}", e.message);
    }

    #[test]
    fn nothing_to_plan_is_a_sentence() {
        let e = load(&[]).expect_err("empty").payload();
        assert_eq!(e.kind, ErrorKind::Invalid);
        assert!(e.message.starts_with("No design files"), "{}", e.message);
    }
}
