//! Creating executions: a STANDARD execution of the pipeline's current version, waiting to enter
//! its first stage (StartPipelineExecution, CreatePipeline with `start_on_create`, the samples),
//! and a ROLLBACK execution that reruns one stage with an earlier execution's revisions
//! (RollbackStage, `onFailure: ROLLBACK`).

use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::store::{ActionRun, ExecStatus, Execution, Phase, Position, StageRun, Store};

/// What starts a STANDARD execution, and with what.
#[derive(Debug, Clone, Default)]
pub struct Start {
    /// The AWS `TriggerType`, e.g. `StartPipelineExecution`.
    pub trigger_type: &'static str,
    /// Who or what started it (the caller's ARN).
    pub trigger_detail: String,
    /// Pipeline variables given at start: (name, value).
    pub variables: Vec<(String, String)>,
    /// sourceRevisions overrides: (actionName, revisionType, revisionValue).
    pub source_overrides: Vec<(String, String, String)>,
}

impl Start {
    /// Started by `caller` through StartPipelineExecution, with no variables or overrides.
    pub fn by(caller: &str) -> Self {
        Start {
            trigger_type: "StartPipelineExecution",
            trigger_detail: caller.to_string(),
            ..Self::default()
        }
    }
}

/// Start an execution of the pipeline's current version; its id.
pub fn start(st: &mut Store, name: &str, start: Start, now: f64) -> ApiResult<String> {
    let rec = st.pipeline_mut(name)?;
    let decl = rec.current().clone();
    let declared: Vec<(String, Option<String>)> = decl
        .get("variables")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| {
            let n = v.get("name")?.as_str()?.to_string();
            Some((
                n,
                v.get("defaultValue")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            ))
        })
        .collect();
    for (n, _) in &start.variables {
        if !declared.iter().any(|(d, _)| d == n) {
            return Err(ApiError::validation(format!(
                "Variable '{n}' is not declared in pipeline '{name}'. Declare it in the pipeline's variables, or leave it out."
            )));
        }
    }
    let mut resolved = Vec::new();
    for (n, default) in declared {
        let value = start
            .variables
            .iter()
            .rev()
            .find(|(v, _)| v == &n)
            .map(|(_, value)| value.clone())
            .or(default)
            .ok_or_else(|| {
                ApiError::validation(format!(
                    "Variable '{n}' of pipeline '{name}' has no default value. Give it a value when you start the execution."
                ))
            })?;
        resolved.push((n, value));
    }
    let source_actions: Vec<String> = decl
        .pointer("/stages/0/actions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("name").and_then(Value::as_str).map(str::to_string))
        .collect();
    for (action, _, _) in &start.source_overrides {
        if !source_actions.contains(action) {
            return Err(ApiError::validation(format!(
                "The source revision override names action '{action}', which is not a source action of pipeline '{name}'."
            )));
        }
    }
    let id = uuid::Uuid::new_v4().to_string();
    let ex = Execution {
        id: id.clone(),
        pipeline: name.to_string(),
        pipeline_version: rec.version(),
        status: ExecStatus::InProgress,
        status_summary: None,
        start_time: now,
        last_update: now,
        trigger_type: start.trigger_type,
        trigger_detail: start.trigger_detail,
        stop: None,
        cancel: false,
        mode: rec.execution_mode(),
        rollback_target: None,
        variables: resolved,
        source_overrides: start.source_overrides,
        source_revisions: Vec::new(),
        stages: stage_runs(&decl),
        position: Position::Waiting(0),
        only_stage: None,
        role_arn: role_arn(&decl),
    };
    rec.executions.push(id.clone());
    st.insert_execution(id.clone(), ex);
    Ok(id)
}

/// The execution an earlier StartPipelineExecution with this `clientRequestToken` started, if
/// any; ConflictException when `fingerprint` (the request's variables and source revisions)
/// differs from that first request's.
pub fn started_with_token(
    st: &Store,
    name: &str,
    token: &str,
    fingerprint: &str,
) -> ApiResult<Option<String>> {
    match st.pipeline(name)?.client_tokens.get(token) {
        None => Ok(None),
        Some((id, seen)) if seen == fingerprint => Ok(Some(id.clone())),
        Some((id, _)) => Err(ApiError::conflict(format!(
            "clientRequestToken '{token}' was already used to start execution '{id}' with different variables or source revisions. Use a new token for a different request."
        ))),
    }
}

/// Remember which execution a `clientRequestToken` started (see [`started_with_token`]).
pub fn remember_token(st: &mut Store, name: &str, token: &str, fingerprint: String, id: &str) {
    if let Some(rec) = st.pipelines.get_mut(name) {
        rec.client_tokens
            .insert(token.to_string(), (id.to_string(), fingerprint));
    }
}

/// A ROLLBACK execution that reruns stage `index` with the target execution's variables and
/// source revisions; its id. The caller has checked that the rollback is allowed.
pub fn rollback(
    st: &mut Store,
    pipeline: &str,
    index: usize,
    target: &str,
    trigger_type: &'static str,
    trigger_detail: &str,
    now: f64,
) -> String {
    let (variables, revisions) = st
        .executions
        .get(target)
        .map(|t| (t.variables.clone(), t.source_revisions.clone()))
        .unwrap_or_default();
    let overrides = revisions
        .iter()
        .map(|r| (r.action.clone(), "COMMIT_ID".to_string(), r.id.clone()))
        .collect();
    let id = uuid::Uuid::new_v4().to_string();
    let Some(rec) = st.pipelines.get_mut(pipeline) else {
        return id;
    };
    let decl = rec.current().clone();
    let ex = Execution {
        id: id.clone(),
        pipeline: pipeline.to_string(),
        pipeline_version: rec.version(),
        status: ExecStatus::InProgress,
        status_summary: None,
        start_time: now,
        last_update: now,
        trigger_type,
        trigger_detail: trigger_detail.to_string(),
        stop: None,
        cancel: false,
        mode: rec.execution_mode(),
        rollback_target: Some(target.to_string()),
        variables,
        source_overrides: overrides,
        source_revisions: revisions,
        stages: stage_runs(&decl),
        position: Position::Waiting(index),
        only_stage: Some(index),
        role_arn: role_arn(&decl),
    };
    rec.executions.push(id.clone());
    st.insert_execution(id.clone(), ex);
    id
}

fn role_arn(decl: &Value) -> String {
    decl.get("roleArn")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

fn stage_runs(decl: &Value) -> Vec<StageRun> {
    decl.get("stages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|s| StageRun {
            name: s
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            status: None,
            entered_at: None,
            on_failure: s.get("onFailure").cloned(),
            before_entry: s.get("beforeEntry").cloned(),
            on_success: s.get("onSuccess").cloned(),
            phase: Phase::Actions,
            gate: None,
            gates: Vec::new(),
            auto_retries: 0,
            manual_retries: 0,
            latest_retry_trigger: None,
            actions: s
                .get("actions")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|a| ActionRun {
                    name: a
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    run_order: a.get("runOrder").and_then(Value::as_i64).unwrap_or(1),
                    decl: a.clone(),
                    rerun: false,
                    attempts: Vec::new(),
                })
                .collect(),
        })
        .collect()
}
