//! Run history you can read: one execution as a timeline of its stages and actions with their
//! durations (for the control room's Gantt strip and `pipewright history`), and two executions
//! compared (revisions, durations per stage and action, outcome).
//!
//! [`build`] and [`compare`] are pure: they take the declaration (`GetPipeline`, for the order
//! of stages and actions), the execution's summary (`ListPipelineExecutions`, with
//! `GetPipelineExecution`'s trigger and revisions) and its action executions
//! (`ListActionExecutions` filtered by the execution, every page), and the time they were read
//! at, so a running action's bar ends "now". [`timeline`] and [`timeline_compare`] read those
//! through the [`CodePipeline`] port.
//!
//! Times are RFC 3339 strings as everywhere in [`super::model`]; durations are milliseconds.

use std::collections::BTreeMap;
use std::time::SystemTime;

use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;
use pipewright_core::model::Pipeline;
use serde::{Deserialize, Serialize};

use super::model::{ActionExecutionDetail, ExecutionSummary, SourceRevision};
use super::status::{ActionStatus, ExecutionStatus};
use crate::codepipeline::CodePipeline;
use crate::error::AwsError;

/// How many of the newest executions (`ListPipelineExecutions`) are searched for an execution's
/// summary (its start time and source actions) before the timeline falls back to
/// `GetPipelineExecution` and its actions' times.
pub const SUMMARY_WITHIN: usize = 300;

/// One execution as a timeline.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    pub pipeline: String,
    pub pipeline_execution_id: String,
    pub status: ExecutionStatus,
    pub status_summary: Option<String>,
    /// `StartPipelineExecution`, `Webhook`, `CloudWatchEvent`, `PutActionRevision`, ...
    pub trigger_type: Option<String>,
    /// Who or what triggered it (a user's ARN, a webhook, an event rule).
    pub trigger_detail: Option<String>,
    /// STANDARD | ROLLBACK
    pub execution_type: Option<String>,
    pub revisions: Vec<RunRevision>,
    /// The execution's start (its summary's, else its first action's).
    pub start_time: Option<String>,
    /// `None` while it runs.
    pub end_time: Option<String>,
    /// Start to end, or start to [`as_of`](Self::as_of) while it runs.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub duration_ms: Option<u64>,
    /// When this was read: where a running bar ends.
    pub as_of: String,
    /// In declaration order; stages that did not run have no actions with times.
    pub stages: Vec<TimelineStage>,
}

/// The revision a source ran with.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunRevision {
    /// The source action's name (the artifact's name when the service gives no action).
    pub source: String,
    pub revision_id: Option<String>,
    /// The commit message's first line, when the provider gives one.
    pub message: Option<String>,
    pub url: Option<String>,
}

/// One stage of a run.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineStage {
    pub name: String,
    /// From its actions: in progress while one runs, failed when one's latest attempt failed,
    /// succeeded when all that ran did; `None` when none ran.
    pub status: Option<ActionStatus>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub duration_ms: Option<u64>,
    /// Run order, then declaration order; actions no longer declared come last.
    pub actions: Vec<TimelineAction>,
}

/// One action of a run, with every attempt it made in this execution.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineAction {
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub run_order: Option<i64>,
    pub category: Option<String>,
    pub provider: Option<String>,
    /// The latest attempt's; `None` when the action did not run.
    pub status: Option<ActionStatus>,
    /// The first attempt's start.
    pub start_time: Option<String>,
    /// The latest attempt's end; `None` while it runs or when the service gave none.
    pub end_time: Option<String>,
    /// True while the latest attempt runs (its bar ends at the timeline's `asOf`).
    pub running: bool,
    /// First start to latest end (to `asOf` while running); `None` when a time is missing.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub duration_ms: Option<u64>,
    /// Oldest first; more than one when the stage was retried.
    pub attempts: Vec<ActionAttempt>,
}

/// One execution of an action (`ListActionExecutions` row).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionAttempt {
    pub action_execution_id: String,
    pub status: ActionStatus,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub duration_ms: Option<u64>,
    pub summary: Option<String>,
    pub error: Option<String>,
    pub external_execution_url: Option<String>,
}

/// Two executions side by side: `a` is the one the user opened, `b` the one compared with.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub a: Timeline,
    pub b: Timeline,
    /// One per source of either run.
    pub revisions: Vec<RevisionChange>,
    /// `b`'s duration minus `a`'s, when both are known.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub duration_delta_ms: Option<i64>,
    pub same_outcome: bool,
    /// `a`'s stages, then those only `b` has.
    pub stages: Vec<StageDelta>,
}

/// One source's revision in each run.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevisionChange {
    pub source: String,
    pub a: Option<RunRevision>,
    pub b: Option<RunRevision>,
    pub changed: bool,
}

/// One stage in each run.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StageDelta {
    pub name: String,
    pub a: Option<RunSide>,
    pub b: Option<RunSide>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub delta_ms: Option<i64>,
    pub actions: Vec<ActionDelta>,
}

/// One action in each run.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionDelta {
    pub name: String,
    pub a: Option<RunSide>,
    pub b: Option<RunSide>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub delta_ms: Option<i64>,
}

/// How a stage or action went in one run.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunSide {
    pub status: Option<ActionStatus>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub duration_ms: Option<u64>,
    /// Attempts made (0 when it did not run).
    pub attempts: u32,
}

/// Milliseconds since the epoch of an RFC 3339 time.
pub fn millis(t: &str) -> Option<i64> {
    DateTime::from_str(t, Format::DateTime)
        .ok()?
        .to_millis()
        .ok()
}

/// An RFC 3339 time (UTC, with milliseconds when it has some) of `ms` since the epoch.
pub fn rfc3339(ms: i64) -> String {
    DateTime::from_millis(ms)
        .fmt(Format::DateTime)
        .unwrap_or_default()
}

fn span(start: Option<&str>, end: Option<&str>) -> Option<u64> {
    let (s, e) = (millis(start?)?, millis(end?)?);
    u64::try_from(e - s).ok()
}

/// A revision summary's message: connections summarize a revision by a JSON document
/// (`{"ProviderType":"GitHub","CommitMessage":"..."}`), CodeCommit by the message itself.
fn first_line(summary: &str) -> String {
    let message = serde_json::from_str::<BTreeMap<String, serde_json::Value>>(summary)
        .ok()
        .and_then(|m| m.get("CommitMessage")?.as_str().map(str::to_string))
        .unwrap_or_else(|| summary.to_string());
    message.lines().next().unwrap_or("").trim().to_string()
}

fn revision(r: &SourceRevision) -> RunRevision {
    RunRevision {
        source: r.action_name.clone(),
        revision_id: r.revision_id.clone(),
        message: r
            .revision_summary
            .as_deref()
            .map(first_line)
            .filter(|m| !m.is_empty()),
        url: r.revision_url.clone(),
    }
}

/// The declared order: each stage's name with its actions' names and run orders (run order,
/// then declaration order).
type Order = Vec<(String, Vec<(String, i64, String, String)>)>;

fn declared(pipeline: Option<&Pipeline>) -> Order {
    let Some(p) = pipeline else {
        return Vec::new();
    };
    p.stages
        .iter()
        .map(|s| {
            let mut actions: Vec<(String, i64, String, String)> = s
                .actions
                .iter()
                .map(|a| {
                    (
                        a.name.clone(),
                        a.effective_run_order(),
                        a.action_type_id.category.clone(),
                        a.action_type_id.provider.clone(),
                    )
                })
                .collect();
            actions.sort_by_key(|a| a.1);
            (s.name.clone(), actions)
        })
        .collect()
}

fn attempt(d: &ActionExecutionDetail) -> ActionAttempt {
    let running = d.status == ActionStatus::InProgress;
    let end = if running {
        None
    } else {
        d.last_update_time.clone()
    };
    ActionAttempt {
        action_execution_id: d.action_execution_id.clone(),
        status: d.status,
        start_time: d.start_time.clone(),
        duration_ms: span(d.start_time.as_deref(), end.as_deref()),
        end_time: end,
        summary: d.summary.clone(),
        error: d.error.as_ref().and_then(|e| e.message.clone()),
        external_execution_url: d.external_execution_url.clone(),
    }
}

fn action(
    name: &str,
    declared: Option<&(String, i64, String, String)>,
    mut runs: Vec<&ActionExecutionDetail>,
    as_of: &str,
) -> TimelineAction {
    // Oldest first; the id breaks ties between attempts that started in the same instant.
    runs.sort_by(|x, y| {
        (
            x.start_time.as_deref().and_then(millis),
            &x.action_execution_id,
        )
            .cmp(&(
                y.start_time.as_deref().and_then(millis),
                &y.action_execution_id,
            ))
    });
    let attempts: Vec<ActionAttempt> = runs.iter().map(|d| attempt(d)).collect();
    let latest = attempts.last();
    let running = latest.is_some_and(|a| a.status == ActionStatus::InProgress);
    let start = attempts.first().and_then(|a| a.start_time.clone());
    let end = latest.and_then(|a| a.end_time.clone());
    let duration = if running {
        span(start.as_deref(), Some(as_of))
    } else {
        span(start.as_deref(), end.as_deref())
    };
    let first = runs.first();
    TimelineAction {
        name: name.to_string(),
        run_order: declared.map(|d| d.1),
        category: declared
            .map(|d| d.2.clone())
            .or_else(|| first.and_then(|r| r.category.clone())),
        provider: declared
            .map(|d| d.3.clone())
            .or_else(|| first.and_then(|r| r.provider.clone())),
        status: latest.map(|a| a.status),
        start_time: start,
        end_time: end,
        running,
        duration_ms: duration,
        attempts,
    }
}

fn stage(name: &str, actions: Vec<TimelineAction>, as_of: &str) -> TimelineStage {
    let ran: Vec<&TimelineAction> = actions.iter().filter(|a| a.status.is_some()).collect();
    let status = if ran.is_empty() {
        None
    } else if ran.iter().any(|a| a.running) {
        Some(ActionStatus::InProgress)
    } else if ran.iter().any(|a| a.status == Some(ActionStatus::Failed)) {
        Some(ActionStatus::Failed)
    } else if ran
        .iter()
        .any(|a| a.status == Some(ActionStatus::Abandoned))
    {
        Some(ActionStatus::Abandoned)
    } else {
        Some(ActionStatus::Succeeded)
    };
    let start = ran
        .iter()
        .filter_map(|a| a.start_time.as_deref())
        .min_by_key(|t| millis(t))
        .map(str::to_string);
    let running = status == Some(ActionStatus::InProgress);
    let end = if running {
        None
    } else {
        ran.iter()
            .filter_map(|a| a.end_time.as_deref())
            .max_by_key(|t| millis(t))
            .map(str::to_string)
    };
    let duration = if running {
        span(start.as_deref(), Some(as_of))
    } else {
        span(start.as_deref(), end.as_deref())
    };
    TimelineStage {
        name: name.to_string(),
        status,
        start_time: start,
        end_time: end,
        duration_ms: duration,
        actions,
    }
}

/// The timeline of `run` from its action executions (`actions`, in any order and possibly of
/// other executions, which are left out), in the order `pipeline` declares (stages and actions
/// it no longer declares come after, in the order they started). `as_of` (RFC 3339) is when
/// this was read.
pub fn build(
    pipeline: &str,
    declaration: Option<&Pipeline>,
    run: &ExecutionSummary,
    actions: &[ActionExecutionDetail],
    as_of: &str,
) -> Timeline {
    let order = declared(declaration);
    let mine: Vec<&ActionExecutionDetail> = actions
        .iter()
        .filter(|a| a.pipeline_execution_id == run.pipeline_execution_id)
        .collect();
    // Stage and action names in the order they first started, for what is not declared.
    let mut by_start = mine.clone();
    by_start.sort_by_key(|a| a.start_time.as_deref().and_then(millis));
    let mut stage_names: Vec<String> = order.iter().map(|(s, _)| s.clone()).collect();
    for a in &by_start {
        if !stage_names.contains(&a.stage_name) {
            stage_names.push(a.stage_name.clone());
        }
    }
    let stages: Vec<TimelineStage> = stage_names
        .iter()
        .map(|s| {
            let decl = order.iter().find(|(n, _)| n == s).map(|(_, a)| a);
            let mut names: Vec<String> = decl
                .map(|a| a.iter().map(|x| x.0.clone()).collect())
                .unwrap_or_default();
            for a in by_start.iter().filter(|a| &a.stage_name == s) {
                if !names.contains(&a.action_name) {
                    names.push(a.action_name.clone());
                }
            }
            let actions = names
                .iter()
                .map(|n| {
                    let runs = mine
                        .iter()
                        .copied()
                        .filter(|a| &a.stage_name == s && &a.action_name == n)
                        .collect();
                    action(
                        n,
                        decl.and_then(|d| d.iter().find(|x| &x.0 == n)),
                        runs,
                        as_of,
                    )
                })
                .collect();
            stage(s, actions, as_of)
        })
        .collect();
    let running = matches!(
        run.status,
        ExecutionStatus::InProgress | ExecutionStatus::Stopping
    );
    let first_start = stages
        .iter()
        .filter_map(|s| s.start_time.as_deref())
        .min_by_key(|t| millis(t))
        .map(str::to_string);
    let start = run.start_time.clone().or(first_start);
    let end = if running {
        None
    } else {
        run.last_update_time.clone().or_else(|| {
            stages
                .iter()
                .filter_map(|s| s.end_time.as_deref())
                .max_by_key(|t| millis(t))
                .map(str::to_string)
        })
    };
    let duration = if running {
        span(start.as_deref(), Some(as_of))
    } else {
        span(start.as_deref(), end.as_deref())
    };
    Timeline {
        pipeline: pipeline.to_string(),
        pipeline_execution_id: run.pipeline_execution_id.clone(),
        status: run.status,
        status_summary: run.status_summary.clone(),
        trigger_type: run.trigger_type.clone(),
        trigger_detail: run.trigger_detail.clone(),
        execution_type: run.execution_type.clone(),
        revisions: run.source_revisions.iter().map(revision).collect(),
        start_time: start,
        end_time: end,
        duration_ms: duration,
        as_of: as_of.to_string(),
        stages,
    }
}

fn delta(a: Option<u64>, b: Option<u64>) -> Option<i64> {
    Some(i64::try_from(b?).ok()? - i64::try_from(a?).ok()?)
}

fn stage_side(s: &TimelineStage) -> RunSide {
    RunSide {
        status: s.status,
        duration_ms: s.duration_ms,
        attempts: s
            .actions
            .iter()
            .map(|a| a.attempts.len() as u32)
            .max()
            .unwrap_or(0),
    }
}

fn action_side(a: &TimelineAction) -> RunSide {
    RunSide {
        status: a.status,
        duration_ms: a.duration_ms,
        attempts: a.attempts.len() as u32,
    }
}

/// `a` and `b` side by side: each source's revision in both, each stage's and action's
/// duration in both and the difference (`b` minus `a`), and whether they ended the same way.
pub fn compare(a: Timeline, b: Timeline) -> Comparison {
    let mut sources: Vec<&str> = a.revisions.iter().map(|r| r.source.as_str()).collect();
    for r in &b.revisions {
        if !sources.contains(&r.source.as_str()) {
            sources.push(&r.source);
        }
    }
    let revisions = sources
        .iter()
        .map(|s| {
            let ra = a.revisions.iter().find(|r| r.source == *s).cloned();
            let rb = b.revisions.iter().find(|r| r.source == *s).cloned();
            let changed = ra.as_ref().and_then(|r| r.revision_id.as_ref())
                != rb.as_ref().and_then(|r| r.revision_id.as_ref());
            RevisionChange {
                source: s.to_string(),
                a: ra,
                b: rb,
                changed,
            }
        })
        .collect();
    let mut names: Vec<&str> = a.stages.iter().map(|s| s.name.as_str()).collect();
    for s in &b.stages {
        if !names.contains(&s.name.as_str()) {
            names.push(&s.name);
        }
    }
    let stages = names
        .iter()
        .map(|n| {
            let sa = a.stages.iter().find(|s| s.name == *n);
            let sb = b.stages.iter().find(|s| s.name == *n);
            let mut actions: Vec<&str> = sa
                .map(|s| s.actions.iter().map(|x| x.name.as_str()).collect())
                .unwrap_or_default();
            for x in sb.iter().flat_map(|s| &s.actions) {
                if !actions.contains(&x.name.as_str()) {
                    actions.push(&x.name);
                }
            }
            let find = |s: Option<&TimelineStage>, name: &str| {
                s.and_then(|s| s.actions.iter().find(|x| x.name == name))
                    .filter(|x| x.status.is_some())
                    .map(action_side)
            };
            let side_a = sa.filter(|s| s.status.is_some()).map(stage_side);
            let side_b = sb.filter(|s| s.status.is_some()).map(stage_side);
            StageDelta {
                name: n.to_string(),
                delta_ms: delta(
                    side_a.as_ref().and_then(|s| s.duration_ms),
                    side_b.as_ref().and_then(|s| s.duration_ms),
                ),
                a: side_a,
                b: side_b,
                actions: actions
                    .iter()
                    .map(|x| {
                        let (xa, xb) = (find(sa, x), find(sb, x));
                        ActionDelta {
                            name: x.to_string(),
                            delta_ms: delta(
                                xa.as_ref().and_then(|s| s.duration_ms),
                                xb.as_ref().and_then(|s| s.duration_ms),
                            ),
                            a: xa,
                            b: xb,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Comparison {
        duration_delta_ms: delta(a.duration_ms, b.duration_ms),
        same_outcome: a.status == b.status,
        revisions,
        stages,
        a,
        b,
    }
}

/// A duration in words for text output: `850 ms`, `42 s`, `4 min 05 s`, `2 h 03 min`.
pub fn duration_words(ms: u64) -> String {
    let s = ms / 1000;
    if ms < 1000 {
        format!("{ms} ms")
    } else if s < 60 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min {:02} s", s / 60, s % 60)
    } else {
        format!("{} h {:02} min", s / 3600, s % 3600 / 60)
    }
}

/// The timeline of `pipeline`'s execution `id`, or of its latest execution when `id` is
/// `None`. Fails when the pipeline, the execution or its action executions cannot be read.
pub async fn timeline(
    api: &CodePipeline,
    pipeline: &str,
    id: Option<&str>,
) -> Result<Timeline, AwsError> {
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default();
    let as_of = rfc3339(now);
    let declaration = api.get_pipeline(pipeline).await?.pipeline;
    let summary = api
        .find_pipeline_execution(pipeline, id, SUMMARY_WITHIN)
        .await?;
    let id = match (id, &summary) {
        (Some(id), _) => id.to_string(),
        (None, Some(s)) => s.pipeline_execution_id.clone(),
        (None, None) => {
            return Err(AwsError::Service {
                operation: "ListPipelineExecutions",
                code: "NoExecutions".into(),
                message: format!(
                    "pipeline {pipeline} has not run yet; `pipewright start {pipeline}` starts it"
                ),
            })
        }
    };
    let detail = api.get_pipeline_execution(pipeline, &id).await?;
    let run = match summary {
        // The summary names each revision's source action; the execution adds what it lacks.
        Some(mut s) => {
            s.trigger_type = s.trigger_type.or(detail.trigger_type);
            s.trigger_detail = s.trigger_detail.or(detail.trigger_detail);
            if s.source_revisions.is_empty() {
                s.source_revisions = detail.source_revisions;
            }
            s.status = detail.status;
            s
        }
        None => detail,
    };
    let actions = api.list_action_executions(pipeline, &id).await?;
    Ok(build(pipeline, Some(&declaration), &run, &actions, &as_of))
}

/// Executions `a` and `b` of `pipeline` compared ([`compare`]).
pub async fn timeline_compare(
    api: &CodePipeline,
    pipeline: &str,
    a: &str,
    b: &str,
) -> Result<Comparison, AwsError> {
    let ta = timeline(api, pipeline, Some(a)).await?;
    let tb = timeline(api, pipeline, Some(b)).await?;
    Ok(compare(ta, tb))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(id: &str, status: ExecutionStatus) -> ExecutionSummary {
        ExecutionSummary {
            pipeline_execution_id: id.into(),
            status,
            start_time: Some("2026-12-01T10:00:00Z".into()),
            last_update_time: Some("2026-12-01T10:10:00Z".into()),
            trigger_type: Some("StartPipelineExecution".into()),
            source_revisions: vec![SourceRevision {
                action_name: "Source".into(),
                revision_id: Some("abc123".into()),
                revision_summary: Some(
                    r#"{"ProviderType":"GitHub","CommitMessage":"Fix the cart\n\nbody"}"#.into(),
                ),
                revision_url: None,
            }],
            ..Default::default()
        }
    }

    fn act(
        exec: &str,
        stage: &str,
        action: &str,
        id: &str,
        status: ActionStatus,
        start: &str,
        end: Option<&str>,
    ) -> ActionExecutionDetail {
        ActionExecutionDetail {
            pipeline_execution_id: exec.into(),
            action_execution_id: id.into(),
            stage_name: stage.into(),
            action_name: action.into(),
            status,
            start_time: Some(format!("2026-12-01T{start}Z")),
            last_update_time: end.map(|e| format!("2026-12-01T{e}Z")),
            ..Default::default()
        }
    }

    fn declaration() -> Pipeline {
        let doc = pipewright_core::Document::parse(
            r#"{"pipeline": {"name": "shop", "roleArn": "arn:aws:iam::1:role/r",
              "artifactStore": {"type": "S3", "location": "b"},
              "stages": [
                {"name": "Source", "actions": [{"name": "Source", "runOrder": 1,
                  "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "CodeCommit", "version": "1"}}]},
                {"name": "Build", "actions": [
                  {"name": "Package", "runOrder": 2,
                   "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"}},
                  {"name": "Test", "runOrder": 1,
                   "actionTypeId": {"category": "Test", "owner": "AWS", "provider": "CodeBuild", "version": "1"}}]},
                {"name": "Deploy", "actions": [{"name": "Ship", "runOrder": 1,
                  "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "CodeDeploy", "version": "1"}}]}
              ]}}"#,
            pipewright_core::Format::Json,
        )
        .unwrap();
        doc.pipeline
    }

    #[test]
    fn stages_follow_the_declaration_and_actions_their_run_order() {
        // Listed newest first, as the service does.
        let actions = vec![
            act(
                "e1",
                "Deploy",
                "Ship",
                "a4",
                ActionStatus::Succeeded,
                "10:06:00",
                Some("10:09:00"),
            ),
            act(
                "e1",
                "Build",
                "Package",
                "a3",
                ActionStatus::Succeeded,
                "10:04:00",
                Some("10:06:00"),
            ),
            act(
                "e1",
                "Build",
                "Test",
                "a2",
                ActionStatus::Succeeded,
                "10:01:00",
                Some("10:04:00"),
            ),
            act(
                "e1",
                "Source",
                "Source",
                "a1",
                ActionStatus::Succeeded,
                "10:00:00",
                Some("10:00:30"),
            ),
            act(
                "other",
                "Source",
                "Source",
                "x",
                ActionStatus::Succeeded,
                "09:00:00",
                Some("09:00:30"),
            ),
        ];
        let t = build(
            "shop",
            Some(&declaration()),
            &run("e1", ExecutionStatus::Succeeded),
            &actions,
            "2026-12-01T11:00:00Z",
        );
        let names: Vec<_> = t.stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Source", "Build", "Deploy"]);
        let build_actions: Vec<_> = t.stages[1]
            .actions
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(build_actions, ["Test", "Package"]);
        assert_eq!(
            t.stages[0].actions[0].attempts.len(),
            1,
            "other executions are left out"
        );
        assert_eq!(t.stages[0].duration_ms, Some(30_000));
        assert_eq!(t.stages[1].duration_ms, Some(300_000));
        assert_eq!(t.stages[1].status, Some(ActionStatus::Succeeded));
        assert_eq!(t.duration_ms, Some(600_000));
        assert_eq!(t.revisions[0].message.as_deref(), Some("Fix the cart"));
        assert_eq!(t.trigger_type.as_deref(), Some("StartPipelineExecution"));
    }

    #[test]
    fn a_running_action_ends_at_the_time_of_reading() {
        let actions = vec![
            act(
                "e1",
                "Source",
                "Source",
                "a1",
                ActionStatus::Succeeded,
                "10:00:00",
                Some("10:00:30"),
            ),
            act(
                "e1",
                "Build",
                "Test",
                "a2",
                ActionStatus::InProgress,
                "10:01:00",
                Some("10:01:05"),
            ),
        ];
        let t = build(
            "shop",
            Some(&declaration()),
            &run("e1", ExecutionStatus::InProgress),
            &actions,
            "2026-12-01T10:03:00Z",
        );
        let test = &t.stages[1].actions[0];
        assert!(test.running);
        assert_eq!(test.end_time, None);
        assert_eq!(test.duration_ms, Some(120_000));
        assert_eq!(t.stages[1].status, Some(ActionStatus::InProgress));
        assert_eq!(t.stages[1].end_time, None);
        let package = &t.stages[1].actions[1];
        assert_eq!((package.status, package.duration_ms), (None, None));
        assert_eq!(t.stages[2].status, None, "Deploy has not run");
        assert_eq!(t.end_time, None);
        assert_eq!(t.duration_ms, Some(180_000));
    }

    #[test]
    fn a_retried_action_keeps_every_attempt_and_spans_them() {
        let actions = vec![
            act(
                "e1",
                "Build",
                "Test",
                "retry",
                ActionStatus::Succeeded,
                "10:05:00",
                Some("10:07:00"),
            ),
            act(
                "e1",
                "Build",
                "Test",
                "first",
                ActionStatus::Failed,
                "10:01:00",
                Some("10:02:00"),
            ),
        ];
        let t = build(
            "shop",
            Some(&declaration()),
            &run("e1", ExecutionStatus::Succeeded),
            &actions,
            "2026-12-01T11:00:00Z",
        );
        let test = &t.stages[1].actions[0];
        let ids: Vec<_> = test
            .attempts
            .iter()
            .map(|a| a.action_execution_id.as_str())
            .collect();
        assert_eq!(ids, ["first", "retry"]);
        assert_eq!(test.status, Some(ActionStatus::Succeeded));
        assert_eq!(test.attempts[0].duration_ms, Some(60_000));
        assert_eq!(test.duration_ms, Some(360_000));
        assert_eq!(t.stages[1].status, Some(ActionStatus::Succeeded));
    }

    #[test]
    fn a_missing_end_leaves_the_duration_unknown() {
        let actions = vec![act(
            "e1",
            "Source",
            "Source",
            "a1",
            ActionStatus::Failed,
            "10:00:00",
            None,
        )];
        let mut summary = run("e1", ExecutionStatus::Failed);
        summary.start_time = None;
        summary.last_update_time = None;
        let t = build(
            "shop",
            Some(&declaration()),
            &summary,
            &actions,
            "2026-12-01T11:00:00Z",
        );
        let source = &t.stages[0].actions[0];
        assert!(!source.running);
        assert_eq!(
            (source.end_time.as_deref(), source.duration_ms),
            (None, None)
        );
        assert_eq!(t.stages[0].status, Some(ActionStatus::Failed));
        assert_eq!(t.start_time.as_deref(), Some("2026-12-01T10:00:00Z"));
        assert_eq!(t.duration_ms, None);
    }

    #[test]
    fn actions_no_longer_declared_come_after_the_declared_ones() {
        let actions = vec![
            act(
                "e1",
                "Build",
                "Lint",
                "a2",
                ActionStatus::Succeeded,
                "10:01:00",
                Some("10:02:00"),
            ),
            act(
                "e1",
                "Gone",
                "Old",
                "a3",
                ActionStatus::Succeeded,
                "10:03:00",
                Some("10:04:00"),
            ),
        ];
        let t = build(
            "shop",
            Some(&declaration()),
            &run("e1", ExecutionStatus::Succeeded),
            &actions,
            "2026-12-01T11:00:00Z",
        );
        let build_actions: Vec<_> = t.stages[1]
            .actions
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(build_actions, ["Test", "Package", "Lint"]);
        assert_eq!(t.stages.last().map(|s| s.name.as_str()), Some("Gone"));
    }

    #[test]
    fn compare_gives_revisions_durations_and_outcome() {
        let decl = declaration();
        let a = build(
            "shop",
            Some(&decl),
            &run("e1", ExecutionStatus::Succeeded),
            &[
                act(
                    "e1",
                    "Source",
                    "Source",
                    "a1",
                    ActionStatus::Succeeded,
                    "10:00:00",
                    Some("10:00:30"),
                ),
                act(
                    "e1",
                    "Build",
                    "Test",
                    "a2",
                    ActionStatus::Succeeded,
                    "10:01:00",
                    Some("10:04:00"),
                ),
            ],
            "2026-12-01T11:00:00Z",
        );
        let mut second = run("e2", ExecutionStatus::Failed);
        second.source_revisions[0].revision_id = Some("def456".into());
        second.last_update_time = Some("2026-12-01T10:05:00Z".into());
        let b = build(
            "shop",
            Some(&decl),
            &second,
            &[
                act(
                    "e2",
                    "Source",
                    "Source",
                    "b1",
                    ActionStatus::Succeeded,
                    "10:00:00",
                    Some("10:00:20"),
                ),
                act(
                    "e2",
                    "Build",
                    "Test",
                    "b2",
                    ActionStatus::Failed,
                    "10:01:00",
                    Some("10:05:00"),
                ),
            ],
            "2026-12-01T11:00:00Z",
        );
        let c = compare(a, b);
        assert!(!c.same_outcome);
        assert_eq!(c.duration_delta_ms, Some(-300_000));
        assert_eq!(c.revisions.len(), 1);
        assert!(c.revisions[0].changed);
        assert_eq!(c.stages[0].delta_ms, Some(-10_000));
        let test = &c.stages[1].actions[0];
        assert_eq!(test.delta_ms, Some(60_000));
        assert_eq!(
            test.b.as_ref().and_then(|s| s.status),
            Some(ActionStatus::Failed)
        );
        assert_eq!(c.stages[2].a, None, "Deploy ran in neither");
        assert_eq!(c.stages[2].delta_ms, None);
    }

    #[test]
    fn durations_read_in_words() {
        assert_eq!(duration_words(850), "850 ms");
        assert_eq!(duration_words(42_000), "42 s");
        assert_eq!(duration_words(245_000), "4 min 05 s");
        assert_eq!(duration_words(7_380_000), "2 h 03 min");
    }
}
