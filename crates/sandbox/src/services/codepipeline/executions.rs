//! Execution operations, translated: StartPipelineExecution, StopPipelineExecution,
//! RetryStageExecution, RollbackStage, PutApprovalResult and OverrideStageCondition call the
//! `executions` module; ListPipelineExecutions, GetPipelineExecution, ListActionExecutions and
//! ListRuleExecutions render the store's executions as AWS does.

use serde_json::{json, Value};

use super::Call;
use crate::error::{ApiError, ApiResult};
use crate::executions::commands::{self, RetryMode, Verdict};
use crate::executions::create;
use crate::store::*;
use crate::wire::{compact, max_results, opt_str, page, page_start, req_str, with_next_token};

const SOURCE_REVISION_TYPES: [&str; 4] = [
    "COMMIT_ID",
    "IMAGE_DIGEST",
    "S3_OBJECT_VERSION_ID",
    "S3_OBJECT_KEY",
];

pub fn start_pipeline_execution(st: &mut Store, body: &Value, call: &Call) -> ApiResult<Value> {
    let name = req_str(body, "name")?;
    st.pipeline(name)?;
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
    if let Some(token) = token {
        if let Some(id) = create::started_with_token(st, name, token, &fingerprint)? {
            return Ok(json!({ "pipelineExecutionId": id }));
        }
    }
    let mut start = create::Start::by(call.caller);
    for v in body
        .get("variables")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        start.variables.push((
            req_str(v, "name")?.to_string(),
            req_str(v, "value")?.to_string(),
        ));
    }
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
        start.source_overrides.push((
            req_str(o, "actionName")?.to_string(),
            kind.to_string(),
            req_str(o, "revisionValue")?.to_string(),
        ));
    }
    let id = create::start(st, name, start, call.now)?;
    if let Some(token) = token {
        create::remember_token(st, name, token, fingerprint, &id);
    }
    Ok(json!({ "pipelineExecutionId": id }))
}

pub fn stop_pipeline_execution(st: &mut Store, body: &Value, call: &Call) -> ApiResult<Value> {
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
    commands::stop(st, pipeline, id, abandon, reason, call.now)?;
    Ok(json!({ "pipelineExecutionId": id }))
}

pub fn retry_stage_execution(st: &mut Store, body: &Value, call: &Call) -> ApiResult<Value> {
    let pipeline = req_str(body, "pipelineName")?;
    let stage = req_str(body, "stageName")?;
    let id = req_str(body, "pipelineExecutionId")?;
    let mode = match req_str(body, "retryMode")? {
        "FAILED_ACTIONS" => RetryMode::FailedActions,
        "ALL_ACTIONS" => RetryMode::AllActions,
        other => {
            return Err(ApiError::validation(format!(
                "Value '{other}' at 'retryMode' failed to satisfy constraint: Member must satisfy enum value set: [FAILED_ACTIONS, ALL_ACTIONS]"
            )))
        }
    };
    commands::retry(st, pipeline, stage, id, mode, call.now)?;
    Ok(json!({ "pipelineExecutionId": id }))
}

pub fn rollback_stage(st: &mut Store, body: &Value, call: &Call) -> ApiResult<Value> {
    let pipeline = req_str(body, "pipelineName")?;
    let stage = req_str(body, "stageName")?;
    let target = req_str(body, "targetPipelineExecutionId")?;
    let id = commands::rollback(st, pipeline, stage, target, call.caller, call.now)?;
    Ok(json!({ "pipelineExecutionId": id }))
}

pub fn put_approval_result(st: &mut Store, body: &Value, call: &Call) -> ApiResult<Value> {
    let pipeline = req_str(body, "pipelineName")?;
    let stage = req_str(body, "stageName")?;
    let action = req_str(body, "actionName")?;
    let token = req_str(body, "token")?;
    let result = body
        .get("result")
        .ok_or_else(|| ApiError::validation("1 validation error detected: Value null at 'result' failed to satisfy constraint: Member must not be null"))?;
    let status = req_str(result, "status")?;
    let summary = req_str(result, "summary")?.to_string();
    if !matches!(status, "Approved" | "Rejected") {
        return Err(ApiError::validation(format!(
            "Value '{status}' at 'result.status' failed to satisfy constraint: Member must satisfy enum value set: [Approved, Rejected]"
        )));
    }
    if summary.len() > 512 {
        return Err(ApiError::validation(
            "The approval summary can be at most 512 characters.",
        ));
    }
    let verdict = Verdict {
        pipeline,
        stage,
        action,
        token,
        approved: status == "Approved",
        summary,
    };
    commands::approve(st, verdict, call.caller, call.now)?;
    Ok(json!({ "approvedAt": call.now }))
}

pub fn override_stage_condition(st: &mut Store, body: &Value, call: &Call) -> ApiResult<Value> {
    let pipeline = req_str(body, "pipelineName")?;
    let stage = req_str(body, "stageName")?;
    let id = req_str(body, "pipelineExecutionId")?;
    let kind = match req_str(body, "conditionType")? {
        "BEFORE_ENTRY" => Gate::BeforeEntry,
        "ON_SUCCESS" => Gate::OnSuccess,
        other => {
            return Err(ApiError::validation(format!(
                "Value '{other}' at 'conditionType' failed to satisfy constraint: Member must satisfy enum value set: [BEFORE_ENTRY, ON_SUCCESS]"
            )))
        }
    };
    commands::override_condition(st, pipeline, stage, id, kind, call.caller, call.now)?;
    Ok(json!({}))
}

pub fn list_pipeline_executions(st: &mut Store, body: &Value) -> ApiResult<Value> {
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
        "sourceRevisions": ex.source_revisions.iter().map(|r| compact(json!({
            "actionName": r.action, "revisionId": r.id, "revisionSummary": r.summary, "revisionUrl": r.url,
        }))).collect::<Vec<_>>(),
        "trigger": trigger_json(ex),
        "stopTrigger": ex.stop.as_ref().map(|s| compact(json!({ "reason": s.reason }))),
        "executionMode": ex.mode,
        "executionType": ex.execution_type(),
        "rollbackMetadata": rollback_json(ex),
    }))
}

pub fn get_pipeline_execution(st: &mut Store, body: &Value) -> ApiResult<Value> {
    let pipeline = req_str(body, "pipelineName")?;
    let id = req_str(body, "pipelineExecutionId")?;
    let ex = st.execution(pipeline, id)?;
    let created = ex.start_time;
    Ok(json!({ "pipelineExecution": compact(json!({
        "pipelineName": ex.pipeline,
        "pipelineVersion": ex.pipeline_version,
        "pipelineExecutionId": ex.id,
        "status": ex.status.as_str(),
        "statusSummary": ex.status_summary,
        "artifactRevisions": ex.source_revisions.iter().map(|r| compact(json!({
            "name": r.artifact, "revisionId": r.id, "revisionSummary": r.summary, "created": created, "revisionUrl": r.url,
        }))).collect::<Vec<_>>(),
        "variables": ex.variables.iter().map(|(n, v)| json!({ "name": n, "resolvedValue": v })).collect::<Vec<_>>(),
        "trigger": trigger_json(ex),
        "executionMode": ex.mode,
        "executionType": ex.execution_type(),
        "rollbackMetadata": rollback_json(ex),
    })) }))
}

pub fn list_action_executions(st: &mut Store, body: &Value) -> ApiResult<Value> {
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
        st.execution(pipeline, id)?;
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
                json!(v.as_str().map_or_else(|| v.to_string(), |s| ex.resolve(s))),
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

pub fn list_rule_executions(st: &mut Store, body: &Value) -> ApiResult<Value> {
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
        st.execution(pipeline, id)?;
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
                                json!(v.as_str().map_or_else(|| v.to_string(), |s| ex.resolve(s))),
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
