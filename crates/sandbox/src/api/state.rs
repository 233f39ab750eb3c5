//! GetPipelineState, PutApprovalResult and stage transitions.

use serde_json::{json, Value};

use super::{compact, req_str, Call};
use crate::error::{ApiError, ApiResult};
use crate::state::*;

pub fn get_pipeline_state(st: &mut State, body: &Value) -> ApiResult<Value> {
    let name = req_str(body, "name")?;
    let rec = st
        .pipelines
        .get(name)
        .ok_or_else(|| ApiError::pipeline_not_found(name))?;
    let parallel = rec.execution_mode() == "PARALLEL";
    let executions = st.executions_of(name);
    let decl = rec.current();
    let mut stage_states = Vec::new();
    for stage in decl
        .get("stages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let stage_name = stage.get("name").and_then(Value::as_str).unwrap_or("");
        // The stage run that most recently entered this stage.
        let latest = executions
            .iter()
            .filter_map(|ex| {
                let (_, run) = ex.stage(stage_name)?;
                run.entered_at.map(|t| (t, *ex, run))
            })
            .fold(
                None,
                |best: Option<(f64, &Execution, &StageRun)>, cur| match best {
                    Some(b) if b.0 > cur.0 => Some(b),
                    _ => Some(cur),
                },
            );
        let latest_execution = latest.map(|(_, ex, run)| {
            json!({
                "pipelineExecutionId": ex.id,
                "status": run.status.unwrap_or(StageStatus::InProgress).as_str(),
                "type": ex.execution_type(),
            })
        });
        let mut action_states = Vec::new();
        for action in stage
            .get("actions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let action_name = action.get("name").and_then(Value::as_str).unwrap_or("");
            // The most recent run of this action in any execution.
            let newest = executions
                .iter()
                .filter_map(|ex| {
                    let (_, run) = ex.stage(stage_name)?;
                    let a = run.actions.iter().find(|a| a.name == action_name)?;
                    a.latest().map(|at| (*ex, at))
                })
                .fold(
                    None,
                    |best: Option<(&Execution, &Attempt)>, cur| match best {
                        Some(b) if b.1.start > cur.1.start => Some(b),
                        _ => Some(cur),
                    },
                );
            let latest_action = newest.map(|(_, at)| {
                let token = (at.status == ActionStatus::InProgress && !parallel)
                    .then(|| at.token.clone())
                    .flatten();
                compact(json!({
                    "actionExecutionId": at.id,
                    "status": at.status.as_str(),
                    "summary": at.summary,
                    "lastStatusChange": at.last_update,
                    "token": token,
                    "lastUpdatedBy": at.updated_by,
                    "externalExecutionId": at.external_id,
                    "externalExecutionUrl": at.external_url,
                    "errorDetails": at.error.as_ref().map(|(code, message)| json!({ "code": code, "message": message })),
                }))
            });
            let current_revision = newest
                .filter(|(_, at)| at.status == ActionStatus::Succeeded)
                .and_then(|(ex, _)| ex.source_revisions.iter().find(|(a, ..)| a == action_name))
                .map(|(_, _, rev, _)| json!({ "revisionId": rev, "revisionChangeId": rev }));
            action_states.push(compact(json!({
                "actionName": action_name,
                "latestExecution": latest_action,
                "currentRevision": current_revision,
            })));
        }
        let transition = rec
            .transitions
            .get(&(stage_name.to_string(), Direction::Inbound))
            .map_or(json!({ "enabled": true }), |t| {
                compact(json!({
                    "enabled": t.enabled,
                    "lastChangedBy": t.last_changed_by,
                    "lastChangedAt": t.last_changed_at,
                    "disabledReason": t.reason,
                }))
            });
        let inbound: Vec<Value> = executions
            .iter()
            .filter(|ex| {
                ex.status == ExecStatus::InProgress
                    && matches!(ex.position, Position::Waiting(i) if ex.stages[i].name == stage_name)
            })
            .map(|ex| json!({ "pipelineExecutionId": ex.id, "status": "InProgress", "type": ex.execution_type() }))
            .collect();
        let retry_metadata = latest
            .map(|(_, _, run)| run)
            .filter(|run| run.auto_retries + run.manual_retries > 0)
            .map(|run| {
                json!({
                    "autoStageRetryAttempt": run.auto_retries,
                    "manualStageRetryAttempt": run.manual_retries,
                    "latestRetryTrigger": run.latest_retry_trigger,
                })
            });
        let condition_state = |kind: Gate| {
            latest
                .and_then(|(_, _, run)| run.latest_gate(kind))
                .map(condition_state_json)
        };
        stage_states.push(compact(json!({
            "stageName": stage_name,
            "retryStageMetadata": retry_metadata,
            "beforeEntryConditionState": condition_state(Gate::BeforeEntry),
            "onSuccessConditionState": condition_state(Gate::OnSuccess),
            "inboundExecution": inbound.first(),
            "inboundExecutions": if inbound.is_empty() { Value::Null } else { json!(inbound) },
            "inboundTransitionState": transition,
            "actionStates": action_states,
            "latestExecution": latest_execution,
        })));
    }
    Ok(json!({
        "pipelineName": name,
        "pipelineVersion": rec.version(),
        "stageStates": stage_states,
        "created": rec.created,
        "updated": rec.updated,
    }))
}

/// A `StageConditionState`: the condition's evaluation and its rules' latest runs.
fn condition_state_json(gate: &GateRun) -> Value {
    let rules: Vec<Value> = gate
        .rules
        .iter()
        .map(|r| {
            let at = &r.attempt;
            json!({
                "ruleName": r.name,
                "latestExecution": compact(json!({
                    "ruleExecutionId": at.id,
                    "status": at.status.as_str(),
                    "summary": at.summary,
                    "lastStatusChange": at.last_update,
                    "externalExecutionId": at.external_id,
                    "errorDetails": at.error.as_ref().map(|(code, message)| json!({ "code": code, "message": message })),
                })),
            })
        })
        .collect();
    let execution = compact(json!({ "status": gate.status.as_str(), "summary": gate.summary }));
    json!({
        "latestExecution": execution,
        "conditionStates": [{
            "latestExecution": compact(json!({
                "status": gate.status.as_str(),
                "summary": gate.summary,
                "lastStatusChange": gate.last_update,
            })),
            "ruleStates": rules,
        }],
    })
}

/// OverrideStageCondition: let an execution past an entry or success condition that is still
/// being evaluated.
pub fn override_stage_condition(st: &mut State, body: &Value, call: &Call) -> ApiResult<Value> {
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
    let rec = st
        .pipelines
        .get(pipeline)
        .ok_or_else(|| ApiError::pipeline_not_found(pipeline))?;
    if !rec.stage_names().iter().any(|s| s == stage) {
        return Err(ApiError::stage_not_found(pipeline, stage));
    }
    let ex = st
        .executions
        .get_mut(id)
        .filter(|ex| ex.pipeline == pipeline)
        .ok_or_else(|| ApiError::execution_not_found(pipeline, id))?;
    let not_overridable = || {
        ApiError::new(
            "ConditionNotOverridableException",
            format!(
                "Execution '{id}' is not evaluating the {} condition of stage '{stage}'; only a condition in progress can be overridden.",
                kind.as_str()
            ),
        )
    };
    let Position::Running(i) = ex.position else {
        return Err(not_overridable());
    };
    let run = &mut ex.stages[i];
    if run.name != stage {
        return Err(not_overridable());
    }
    let g = run.gate.ok_or_else(not_overridable)?;
    let gate = &mut run.gates[g];
    if gate.kind != kind || gate.status != ConditionStatus::InProgress {
        return Err(not_overridable());
    }
    gate.status = ConditionStatus::Overridden;
    gate.summary = Some(format!("Overridden by {}", call.caller));
    gate.last_update = call.now;
    for rule in gate.rules.iter_mut() {
        let at = &mut rule.attempt;
        if at.status == ActionStatus::InProgress {
            at.status = ActionStatus::Abandoned;
            at.finish_at = None;
            at.planned_failure = None;
            at.last_update = call.now;
            at.updated_by = Some(call.caller.to_string());
        }
    }
    Ok(json!({}))
}

pub fn put_approval_result(st: &mut State, body: &Value, call: &Call) -> ApiResult<Value> {
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
    let rec = st
        .pipelines
        .get(pipeline)
        .ok_or_else(|| ApiError::pipeline_not_found(pipeline))?;
    let decl_stage = rec
        .current()
        .get("stages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|s| s.get("name").and_then(Value::as_str) == Some(stage))
        .ok_or_else(|| ApiError::stage_not_found(pipeline, stage))?;
    let is_approval = decl_stage
        .get("actions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|a| a.get("name").and_then(Value::as_str) == Some(action))
        .ok_or_else(|| ApiError::action_not_found(stage, action))?
        .pointer("/actionTypeId/category")
        .and_then(Value::as_str)
        == Some("Approval");
    if !is_approval {
        return Err(ApiError::new(
            "InvalidApprovalTokenException",
            format!("Action '{action}' in stage '{stage}' is not a manual approval action."),
        ));
    }
    let ids = rec.executions.clone();
    let invalid = || {
        ApiError::new(
            "InvalidApprovalTokenException",
            format!("The approval token is not valid for action '{action}' in stage '{stage}' of pipeline '{pipeline}'. Read the current token with GetPipelineState (or ListActionExecutions in PARALLEL mode)."),
        )
    };
    for id in ids {
        let Some(ex) = st.executions.get_mut(&id) else {
            continue;
        };
        let Some(run) = ex.stages.iter_mut().find(|s| s.name == stage) else {
            continue;
        };
        let Some(a) = run.actions.iter_mut().find(|a| a.name == action) else {
            continue;
        };
        let n = a.attempts.len();
        let Some(k) = a
            .attempts
            .iter()
            .position(|at| at.token.as_deref() == Some(token))
        else {
            continue;
        };
        if k + 1 != n {
            // A token from an earlier attempt (the stage was retried since): stale.
            return Err(invalid());
        }
        let at = &mut a.attempts[k];
        if at.status == ActionStatus::InProgress && at.expires.is_some_and(|e| e <= call.now) {
            return Err(ApiError::new(
                "ApprovalAlreadyCompletedException",
                "The approval request expired; it can no longer be approved or rejected.",
            ));
        }
        if at.status != ActionStatus::InProgress {
            return Err(ApiError::new(
                "ApprovalAlreadyCompletedException",
                format!(
                    "The approval request for action '{action}' was already completed ({}).",
                    at.status.as_str()
                ),
            ));
        }
        at.last_update = call.now;
        at.updated_by = Some(call.caller.to_string());
        at.summary = Some(summary.clone());
        at.expires = None;
        if status == "Approved" {
            at.status = ActionStatus::Succeeded;
        } else {
            at.status = ActionStatus::Failed;
            at.error = Some((
                "JobFailed".to_string(),
                format!("Rejected by {}: {summary}", call.caller),
            ));
        }
        return Ok(json!({ "approvedAt": call.now }));
    }
    Err(invalid())
}

const REASON_CHARS: &str = "!@ ().*?-";

pub fn set_transition(st: &mut State, body: &Value, call: &Call, enable: bool) -> ApiResult<Value> {
    let pipeline = req_str(body, "pipelineName")?;
    let stage = req_str(body, "stageName")?;
    let kind = req_str(body, "transitionType")?;
    let dir = match kind {
        "Inbound" => Direction::Inbound,
        "Outbound" => Direction::Outbound,
        other => {
            return Err(ApiError::validation(format!(
                "Value '{other}' at 'transitionType' failed to satisfy constraint: Member must satisfy enum value set: [Inbound, Outbound]"
            )))
        }
    };
    let reason = if enable {
        None
    } else {
        let r = req_str(body, "reason")?;
        let ok = !r.is_empty()
            && r.len() <= 300
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || REASON_CHARS.contains(c));
        if !ok {
            return Err(ApiError::validation(format!(
                "1 validation error detected: Value '{r}' at 'reason' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9!@ \\(\\)\\.\\*\\?\\-]+ (1-300 characters; no commas, colons or underscores)"
            )));
        }
        Some(r.to_string())
    };
    let rec = st
        .pipelines
        .get_mut(pipeline)
        .ok_or_else(|| ApiError::pipeline_not_found(pipeline))?;
    if !rec.stage_names().iter().any(|s| s == stage) {
        return Err(ApiError::stage_not_found(pipeline, stage));
    }
    rec.transitions.insert(
        (stage.to_string(), dir),
        Transition {
            enabled: enable,
            last_changed_by: call.caller.to_string(),
            last_changed_at: call.now,
            reason,
        },
    );
    Ok(json!({}))
}
