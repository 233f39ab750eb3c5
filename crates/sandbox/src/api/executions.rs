//! Executions: start, stop, retry, rollback, and the history calls.

use serde_json::{json, Value};

use super::{compact, max_results, opt_str, page, page_start, req_str, with_next_token, Call};
use crate::error::{ApiError, ApiResult};
use crate::state::*;

const SOURCE_REVISION_TYPES: [&str; 4] = [
    "COMMIT_ID",
    "IMAGE_DIGEST",
    "S3_OBJECT_VERSION_ID",
    "S3_OBJECT_KEY",
];

pub fn start_pipeline_execution(st: &mut State, body: &Value, call: &Call) -> ApiResult<Value> {
    let name = req_str(body, "name")?;
    if !st.pipelines.contains_key(name) {
        return Err(ApiError::pipeline_not_found(name));
    }
    let token = opt_str(body, "clientRequestToken");
    if let Some(token) = token {
        let ok = !token.is_empty()
            && token.len() <= 128
            && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !ok {
            return Err(ApiError::validation(format!(
                "1 validation error detected: Value '{token}' at 'clientRequestToken' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9-]+$"
            )));
        }
    }
    // The parameters a repeated clientRequestToken must match.
    let fingerprint = json!([body.get("variables"), body.get("sourceRevisions")]).to_string();
    if let Some((id, seen)) = token.and_then(|t| st.pipelines[name].client_tokens.get(t)) {
        if seen != &fingerprint {
            return Err(ApiError::conflict(format!(
                "clientRequestToken '{}' was already used to start execution '{id}' with different variables or source revisions. Use a new token for a different request.",
                token.unwrap_or_default()
            )));
        }
        return Ok(json!({ "pipelineExecutionId": id }));
    }
    let mut variables = Vec::new();
    for v in body
        .get("variables")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        variables.push((
            req_str(v, "name")?.to_string(),
            req_str(v, "value")?.to_string(),
        ));
    }
    let mut overrides = Vec::new();
    for o in body
        .get("sourceRevisions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let kind = req_str(o, "revisionType")?;
        if !SOURCE_REVISION_TYPES.contains(&kind) {
            return Err(ApiError::validation(format!(
                "Value '{kind}' at 'sourceRevisions.revisionType' failed to satisfy constraint: Member must satisfy enum value set: {SOURCE_REVISION_TYPES:?}"
            )));
        }
        overrides.push((
            req_str(o, "actionName")?.to_string(),
            kind.to_string(),
            req_str(o, "revisionValue")?.to_string(),
        ));
    }
    let id = new_execution(
        st,
        name,
        "StartPipelineExecution",
        call.caller,
        variables,
        overrides,
        call.now,
    )?;
    if let (Some(token), Some(rec)) = (token, st.pipelines.get_mut(name)) {
        rec.client_tokens
            .insert(token.to_string(), (id.clone(), fingerprint));
    }
    Ok(json!({ "pipelineExecutionId": id }))
}

/// Create an execution of the pipeline's current version, waiting to enter its first stage.
pub fn new_execution(
    st: &mut State,
    name: &str,
    trigger_type: &'static str,
    trigger_detail: &str,
    variables: Vec<(String, String)>,
    overrides: Vec<(String, String, String)>,
    now: f64,
) -> ApiResult<String> {
    let rec = st
        .pipelines
        .get_mut(name)
        .ok_or_else(|| ApiError::pipeline_not_found(name))?;
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
    for (n, _) in &variables {
        if !declared.iter().any(|(d, _)| d == n) {
            return Err(ApiError::validation(format!(
                "Variable '{n}' is not declared in pipeline '{name}'. Declare it in the pipeline's variables, or leave it out."
            )));
        }
    }
    let mut resolved = Vec::new();
    for (n, default) in declared {
        let value = variables
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
    for (action, _, _) in &overrides {
        if !source_actions.contains(action) {
            return Err(ApiError::validation(format!(
                "The source revision override names action '{action}', which is not a source action of pipeline '{name}'."
            )));
        }
    }
    let stages = stage_runs(&decl);
    let id = uuid::Uuid::new_v4().to_string();
    let ex = Execution {
        id: id.clone(),
        pipeline: name.to_string(),
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
        rollback_target: None,
        variables: resolved,
        source_overrides: overrides,
        source_revisions: Vec::new(),
        stages,
        position: Position::Waiting(0),
        only_stage: None,
        role_arn: decl
            .get("roleArn")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
    };
    rec.executions.push(id.clone());
    st.executions.insert(id.clone(), ex);
    Ok(id)
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

fn find_execution<'a>(st: &'a mut State, pipeline: &str, id: &str) -> ApiResult<&'a mut Execution> {
    if !st.pipelines.contains_key(pipeline) {
        return Err(ApiError::pipeline_not_found(pipeline));
    }
    st.executions
        .get_mut(id)
        .filter(|ex| ex.pipeline == pipeline)
        .ok_or_else(|| ApiError::execution_not_found(pipeline, id))
}

pub fn stop_pipeline_execution(st: &mut State, body: &Value, call: &Call) -> ApiResult<Value> {
    let pipeline = req_str(body, "pipelineName")?;
    let id = req_str(body, "pipelineExecutionId")?;
    let abandon = body
        .get("abandon")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let reason = opt_str(body, "reason").map(str::to_string);
    if reason.as_ref().is_some_and(|r| r.len() > 200) {
        return Err(ApiError::validation(
            "The stop reason can be at most 200 characters.",
        ));
    }
    let ex = find_execution(st, pipeline, id)?;
    match ex.status {
        ExecStatus::InProgress => {}
        ExecStatus::Stopping => {
            let was_abandon = ex.stop.as_ref().is_some_and(|s| s.abandon);
            if abandon && !was_abandon {
                if let Some(stop) = ex.stop.as_mut() {
                    stop.abandon = true;
                }
                return Ok(json!({ "pipelineExecutionId": id }));
            }
            return Err(ApiError::new(
                "DuplicatedStopRequestException",
                format!("Execution '{id}' of pipeline '{pipeline}' is already being stopped. Wait for it to stop, or stop and abandon it."),
            ));
        }
        other => {
            return Err(ApiError::new(
                "PipelineExecutionNotStoppableException",
                format!(
                    "Execution '{id}' of pipeline '{pipeline}' is {} and can't be stopped; only InProgress executions can.",
                    other.as_str()
                ),
            ))
        }
    }
    ex.stop = Some(StopRequest { abandon, reason });
    ex.last_update = call.now;
    match ex.position {
        Position::Running(i) => {
            ex.status = ExecStatus::Stopping;
            if let Some(stage) = ex.stages.get_mut(i) {
                stage.status = Some(StageStatus::Stopping);
            }
            crate::engine::abandon_running(ex, i, call.now, true);
        }
        _ => {
            ex.status = ExecStatus::Stopped;
            ex.position = Position::Done;
        }
    }
    Ok(json!({ "pipelineExecutionId": id }))
}

/// The execution that most recently entered a stage of a pipeline.
fn latest_in_stage<'a>(st: &'a State, pipeline: &str, stage: &str) -> Option<&'a Execution> {
    st.executions_of(pipeline)
        .into_iter()
        .filter_map(|ex| {
            ex.stage(stage)
                .and_then(|(_, s)| s.entered_at)
                .map(|t| (t, ex))
        })
        .fold(
            None,
            |best: Option<(f64, &Execution)>, (t, ex)| match best {
                Some((bt, _)) if bt > t => best,
                _ => Some((t, ex)),
            },
        )
        .map(|(_, ex)| ex)
}

fn stage_busy(st: &State, pipeline: &str, stage: &str, except: &str) -> bool {
    st.executions_of(pipeline).into_iter().any(|ex| {
        ex.id != except
            && ex.mode != "PARALLEL"
            && matches!(ex.position, Position::Running(i) if ex.stages[i].name == stage)
    })
}

pub fn retry_stage_execution(st: &mut State, body: &Value, call: &Call) -> ApiResult<Value> {
    let pipeline = req_str(body, "pipelineName")?;
    let stage = req_str(body, "stageName")?;
    let id = req_str(body, "pipelineExecutionId")?;
    let mode = req_str(body, "retryMode")?;
    if !matches!(mode, "FAILED_ACTIONS" | "ALL_ACTIONS") {
        return Err(ApiError::validation(format!(
            "Value '{mode}' at 'retryMode' failed to satisfy constraint: Member must satisfy enum value set: [FAILED_ACTIONS, ALL_ACTIONS]"
        )));
    }
    let rec = st
        .pipelines
        .get(pipeline)
        .ok_or_else(|| ApiError::pipeline_not_found(pipeline))?;
    if !rec.stage_names().iter().any(|s| s == stage) {
        return Err(ApiError::stage_not_found(pipeline, stage));
    }
    let current_version = rec.version();
    let not_retryable = |why: String| ApiError::new("StageNotRetryableException", why);
    {
        let ex = st
            .executions
            .get(id)
            .filter(|ex| ex.pipeline == pipeline)
            .ok_or_else(|| ApiError::execution_not_found(pipeline, id))?;
        let (_, run) = ex.stage(stage).ok_or_else(|| {
            not_retryable(format!(
                "Execution '{id}' never ran stage '{stage}', so there is nothing to retry."
            ))
        })?;
        let stage_ended = matches!(run.status, Some(StageStatus::Failed | StageStatus::Stopped));
        if !stage_ended
            || ex.position != Position::Done
            || !matches!(ex.status, ExecStatus::Failed | ExecStatus::Stopped)
        {
            return Err(not_retryable(format!(
                "Stage '{stage}' of execution '{id}' is {} and can't be retried; only a failed or stopped stage can.",
                run.status.map_or("not started", StageStatus::as_str)
            )));
        }
        if ex.pipeline_version != current_version {
            return Err(not_retryable(format!(
                "Pipeline '{pipeline}' was updated after execution '{id}' ran (version {} -> {current_version}); start a new execution instead.",
                ex.pipeline_version
            )));
        }
    }
    if latest_in_stage(st, pipeline, stage).is_some_and(|l| l.id != id) {
        return Err(ApiError::new(
            "NotLatestPipelineExecutionException",
            format!("Execution '{id}' is not the latest execution in stage '{stage}'; retry the latest one."),
        ));
    }
    if stage_busy(st, pipeline, stage, id) {
        return Err(ApiError::conflict(format!(
            "Stage '{stage}' of pipeline '{pipeline}' is running another execution. Try again when it is done."
        )));
    }
    let ex = find_execution(st, pipeline, id)?;
    let (i, _) = ex
        .stage(stage)
        .ok_or_else(|| ApiError::stage_not_found(pipeline, stage))?;
    for a in ex.stages[i].actions.iter_mut() {
        let status = a.latest().map(|at| at.status);
        a.rerun = mode == "ALL_ACTIONS"
            || matches!(status, Some(ActionStatus::Failed | ActionStatus::Abandoned));
    }
    ex.status = ExecStatus::InProgress;
    ex.status_summary = None;
    ex.stop = None;
    ex.position = Position::Running(i);
    ex.stages[i].enter(call.now);
    ex.stages[i].manual_retries += 1;
    ex.stages[i].latest_retry_trigger = Some("ManualStageRetry");
    for later in ex.stages.iter_mut().skip(i + 1) {
        later.status = None;
    }
    ex.last_update = call.now;
    Ok(json!({ "pipelineExecutionId": id }))
}

pub fn rollback_stage(st: &mut State, body: &Value, call: &Call) -> ApiResult<Value> {
    let pipeline = req_str(body, "pipelineName")?;
    let stage = req_str(body, "stageName")?;
    let target = req_str(body, "targetPipelineExecutionId")?;
    let rec = st
        .pipelines
        .get(pipeline)
        .ok_or_else(|| ApiError::pipeline_not_found(pipeline))?;
    let stages = rec.stage_names();
    let Some(index) = stages.iter().position(|s| s == stage) else {
        return Err(ApiError::stage_not_found(pipeline, stage));
    };
    let unable = |why: String| ApiError::new("UnableToRollbackStageException", why);
    if rec.execution_mode() == "PARALLEL" {
        return Err(unable(format!(
            "Pipeline '{pipeline}' runs in PARALLEL mode, which does not support stage rollback."
        )));
    }
    if index == 0 {
        return Err(unable(format!(
            "Stage '{stage}' is the source stage of pipeline '{pipeline}'; source stages can't be rolled back."
        )));
    }
    let version = rec.version();
    let t = st
        .executions
        .get(target)
        .filter(|ex| ex.pipeline == pipeline)
        .ok_or_else(|| ApiError::execution_not_found(pipeline, target))?;
    if t.rollback_target.is_some() {
        return Err(unable(format!(
            "Execution '{target}' is itself a rollback; choose a STANDARD execution as the target."
        )));
    }
    if t.pipeline_version != version {
        return Err(ApiError::new(
            "PipelineExecutionOutdatedException",
            format!("Execution '{target}' ran pipeline version {}, but the pipeline is now version {version}; choose a target that ran the current version.", t.pipeline_version),
        ));
    }
    if t.stage(stage).and_then(|(_, s)| s.status) != Some(StageStatus::Succeeded) {
        return Err(unable(format!(
            "Execution '{target}' did not succeed in stage '{stage}'; choose one listed by ListPipelineExecutions with filter succeededInStage."
        )));
    }
    if latest_in_stage(st, pipeline, stage).is_some_and(|l| l.id == target) {
        return Err(unable(format!(
            "Execution '{target}' is already the latest execution in stage '{stage}'; there is nothing to roll back."
        )));
    }
    if stage_busy(st, pipeline, stage, "") {
        return Err(ApiError::conflict(format!(
            "Stage '{stage}' of pipeline '{pipeline}' is running an execution. Stop it or wait for it before rolling back."
        )));
    }
    let id = create_rollback(
        st,
        pipeline,
        index,
        target,
        "ManualRollback",
        call.caller,
        call.now,
    );
    Ok(json!({ "pipelineExecutionId": id }))
}

/// A ROLLBACK execution that reruns stage `index` with the target execution's variables and
/// source revisions.
pub fn create_rollback(
    st: &mut State,
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
        .map(|(action, _, rev, _)| (action.clone(), "COMMIT_ID".to_string(), rev.clone()))
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
        role_arn: decl
            .get("roleArn")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
    };
    rec.executions.push(id.clone());
    st.executions.insert(id.clone(), ex);
    id
}

pub fn list_pipeline_executions(st: &mut State, body: &Value) -> ApiResult<Value> {
    let pipeline = req_str(body, "pipelineName")?;
    let size = max_results(body, 100, 100)?;
    let start = page_start(body)?;
    let rec = st
        .pipelines
        .get(pipeline)
        .ok_or_else(|| ApiError::pipeline_not_found(pipeline))?;
    let version = rec.version();
    let succeeded_in = body
        .pointer("/filter/succeededInStage/stageName")
        .and_then(Value::as_str);
    let mut list: Vec<&Execution> = st
        .executions_of(pipeline)
        .into_iter()
        .filter(|ex| match succeeded_in {
            None => true,
            Some(stage) => {
                ex.pipeline_version == version
                    && ex.stage(stage).and_then(|(_, s)| s.status) == Some(StageStatus::Succeeded)
            }
        })
        .collect();
    list.reverse();
    let all: Vec<Value> = list.into_iter().map(summary_json).collect();
    let (items, next) = page(all, start, size);
    Ok(with_next_token(
        json!({ "pipelineExecutionSummaries": items }),
        next,
    ))
}

fn trigger_json(ex: &Execution) -> Value {
    json!({ "triggerType": ex.trigger_type, "triggerDetail": ex.trigger_detail })
}

fn rollback_json(ex: &Execution) -> Value {
    ex.rollback_target.as_ref().map_or(
        Value::Null,
        |t| json!({ "rollbackTargetPipelineExecutionId": t }),
    )
}

pub fn summary_json(ex: &Execution) -> Value {
    compact(json!({
        "pipelineExecutionId": ex.id,
        "status": ex.status.as_str(),
        "statusSummary": ex.status_summary,
        "startTime": ex.start_time,
        "lastUpdateTime": ex.last_update,
        "sourceRevisions": ex.source_revisions.iter().map(|(action, _, rev, summary)| json!({
            "actionName": action, "revisionId": rev, "revisionSummary": summary,
        })).collect::<Vec<_>>(),
        "trigger": trigger_json(ex),
        "stopTrigger": ex.stop.as_ref().map(|s| compact(json!({ "reason": s.reason }))),
        "executionMode": ex.mode,
        "executionType": ex.execution_type(),
        "rollbackMetadata": rollback_json(ex),
    }))
}

pub fn get_pipeline_execution(st: &mut State, body: &Value) -> ApiResult<Value> {
    let pipeline = req_str(body, "pipelineName")?;
    let id = req_str(body, "pipelineExecutionId")?;
    let ex = find_execution(st, pipeline, id)?;
    let created = ex.start_time;
    Ok(json!({ "pipelineExecution": compact(json!({
        "pipelineName": ex.pipeline,
        "pipelineVersion": ex.pipeline_version,
        "pipelineExecutionId": ex.id,
        "status": ex.status.as_str(),
        "statusSummary": ex.status_summary,
        "artifactRevisions": ex.source_revisions.iter().map(|(_, artifact, rev, summary)| json!({
            "name": artifact, "revisionId": rev, "revisionSummary": summary, "created": created,
        })).collect::<Vec<_>>(),
        "variables": ex.variables.iter().map(|(n, v)| json!({ "name": n, "resolvedValue": v })).collect::<Vec<_>>(),
        "trigger": trigger_json(ex),
        "executionMode": ex.mode,
        "executionType": ex.execution_type(),
        "rollbackMetadata": rollback_json(ex),
    })) }))
}

pub fn list_action_executions(st: &mut State, body: &Value) -> ApiResult<Value> {
    let pipeline = req_str(body, "pipelineName")?;
    let size = max_results(body, 100, 100)?;
    let start = page_start(body)?;
    if !st.pipelines.contains_key(pipeline) {
        return Err(ApiError::pipeline_not_found(pipeline));
    }
    let by_id = body
        .pointer("/filter/pipelineExecutionId")
        .and_then(Value::as_str);
    let latest = body.pointer("/filter/latestInPipelineExecution");
    let latest_id = latest
        .and_then(|l| l.get("pipelineExecutionId"))
        .and_then(Value::as_str);
    let only_latest = latest
        .and_then(|l| l.get("startTimeRange"))
        .and_then(Value::as_str)
        .map_or(latest.is_some(), |r| r == "Latest");
    let want = by_id.or(latest_id);
    if let Some(id) = want {
        find_execution(st, pipeline, id)?;
    }
    let region = st.config.region.clone();
    let mut rows: Vec<(f64, Value)> = Vec::new();
    for ex in st.executions_of(pipeline) {
        if want.is_some_and(|w| w != ex.id) {
            continue;
        }
        for stage in &ex.stages {
            for a in &stage.actions {
                let n = a.attempts.len();
                for (k, at) in a.attempts.iter().enumerate() {
                    if latest_id.is_some() && only_latest && k + 1 != n {
                        continue;
                    }
                    rows.push((at.start, action_detail(ex, stage, a, at, &region)));
                }
            }
        }
    }
    rows.sort_by(|x, y| y.0.total_cmp(&x.0));
    let all: Vec<Value> = rows.into_iter().map(|(_, v)| v).collect();
    let (items, next) = page(all, start, size);
    Ok(with_next_token(
        json!({ "actionExecutionDetails": items }),
        next,
    ))
}

/// Substitute `#{variables.NAME}` (pipeline variables) and `#{Namespace.NAME}` (output
/// variables of this execution's actions that declare a namespace).
fn resolve(text: &str, ex: &Execution) -> String {
    let mut out = text.to_string();
    if !out.contains("#{") {
        return out;
    }
    for (n, v) in &ex.variables {
        out = out.replace(&format!("#{{variables.{n}}}"), v);
    }
    for stage in &ex.stages {
        for a in &stage.actions {
            let Some(ns) = a.decl.get("namespace").and_then(Value::as_str) else {
                continue;
            };
            if let Some(at) = a.latest() {
                for (n, v) in &at.output_variables {
                    out = out.replace(&format!("#{{{ns}.{n}}}"), v);
                }
            }
        }
    }
    out
}

fn action_detail(
    ex: &Execution,
    stage: &StageRun,
    a: &ActionRun,
    at: &Attempt,
    region: &str,
) -> Value {
    let config = a.decl.get("configuration").cloned().unwrap_or(json!({}));
    let resolved: serde_json::Map<String, Value> = config
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            (
                k.clone(),
                json!(v.as_str().map_or_else(|| v.to_string(), |s| resolve(s, ex))),
            )
        })
        .collect();
    let names = |key: &str| -> Vec<Value> {
        a.decl
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|x| x.get("name").cloned())
            .map(|name| json!({ "name": name }))
            .collect()
    };
    let result = compact(json!({
        "externalExecutionId": at.external_id,
        "externalExecutionSummary": at.summary,
        "externalExecutionUrl": at.external_url,
        "errorDetails": at.error.as_ref().map(|(code, message)| json!({ "code": code, "message": message })),
    }));
    compact(json!({
        "pipelineExecutionId": ex.id,
        "actionExecutionId": at.id,
        "pipelineVersion": ex.pipeline_version,
        "stageName": stage.name,
        "actionName": a.name,
        "startTime": at.start,
        "lastUpdateTime": at.last_update,
        "updatedBy": at.updated_by,
        "status": at.status.as_str(),
        "input": compact(json!({
            "actionTypeId": a.decl.get("actionTypeId"),
            "configuration": config,
            "resolvedConfiguration": resolved,
            "roleArn": a.decl.get("roleArn").and_then(Value::as_str).unwrap_or(&ex.role_arn),
            "region": a.decl.get("region").and_then(Value::as_str).unwrap_or(region),
            "inputArtifacts": names("inputArtifacts"),
            "namespace": a.decl.get("namespace"),
        })),
        "output": json!({
            "outputArtifacts": names("outputArtifacts"),
            "executionResult": result,
            "outputVariables": at.output_variables,
        }),
    }))
}

pub fn list_rule_executions(st: &mut State, body: &Value) -> ApiResult<Value> {
    let pipeline = req_str(body, "pipelineName")?;
    let size = max_results(body, 100, 100)?;
    let start = page_start(body)?;
    if !st.pipelines.contains_key(pipeline) {
        return Err(ApiError::pipeline_not_found(pipeline));
    }
    let by_id = body
        .pointer("/filter/pipelineExecutionId")
        .and_then(Value::as_str);
    let latest = body.pointer("/filter/latestInPipelineExecution");
    let latest_id = latest
        .and_then(|l| l.get("pipelineExecutionId"))
        .and_then(Value::as_str);
    let only_latest = latest
        .and_then(|l| l.get("startTimeRange"))
        .and_then(Value::as_str)
        .map_or(latest.is_some(), |r| r == "Latest");
    let want = by_id.or(latest_id);
    if let Some(id) = want {
        find_execution(st, pipeline, id)?;
    }
    let region = st.config.region.clone();
    let mut rows: Vec<(f64, Value)> = Vec::new();
    for ex in st.executions_of(pipeline) {
        if want.is_some_and(|w| w != ex.id) {
            continue;
        }
        for stage in &ex.stages {
            for (k, gate) in stage.gates.iter().enumerate() {
                let newer = stage.gates[k + 1..].iter().any(|g| g.kind == gate.kind);
                if latest_id.is_some() && only_latest && newer {
                    continue;
                }
                for rule in &gate.rules {
                    let at = &rule.attempt;
                    let config = rule.decl.get("configuration").cloned().unwrap_or(json!({}));
                    let resolved: serde_json::Map<String, Value> = config
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                json!(v.as_str().map_or_else(|| v.to_string(), |s| resolve(s, ex))),
                            )
                        })
                        .collect();
                    rows.push((at.start, compact(json!({
                        "pipelineExecutionId": ex.id,
                        "ruleExecutionId": at.id,
                        "pipelineVersion": ex.pipeline_version,
                        "stageName": stage.name,
                        "ruleName": rule.name,
                        "startTime": at.start,
                        "lastUpdateTime": at.last_update,
                        "updatedBy": at.updated_by,
                        "status": at.status.as_str(),
                        "input": compact(json!({
                            "ruleTypeId": rule.decl.get("ruleTypeId"),
                            "configuration": config,
                            "resolvedConfiguration": resolved,
                            "roleArn": rule.decl.get("roleArn").and_then(Value::as_str).unwrap_or(&ex.role_arn),
                            "region": rule.decl.get("region").and_then(Value::as_str).unwrap_or(&region),
                        })),
                        "output": { "executionResult": compact(json!({
                            "externalExecutionId": at.external_id,
                            "externalExecutionSummary": at.summary,
                            "errorDetails": at.error.as_ref().map(|(code, message)| json!({ "code": code, "message": message })),
                        })) },
                    }))));
                }
            }
        }
    }
    rows.sort_by(|x, y| y.0.total_cmp(&x.0));
    let all: Vec<Value> = rows.into_iter().map(|(_, v)| v).collect();
    let (items, next) = page(all, start, size);
    Ok(with_next_token(
        json!({ "ruleExecutionDetails": items }),
        next,
    ))
}
