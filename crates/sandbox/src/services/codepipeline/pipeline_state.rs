//! GetPipelineState: the view of a pipeline that the console's pipeline page shows, per stage
//! the latest execution to enter it, each action's latest run (with the approval token), the
//! inbound transition, executions waiting to enter, and condition and retry state.

use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::store::*;
use crate::wire::{compact, req_str};

pub fn get_pipeline_state(st: &mut Store, body: &Value) -> ApiResult<Value> {
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
            // `created` as GetPipelineExecution's artifactRevisions give it for the same revision.
            let current_revision = newest
                .filter(|(_, at)| at.status == ActionStatus::Succeeded)
                .and_then(|(ex, _)| {
                    let rev = &ex.source_revisions.iter().find(|r| r.action == action_name)?.id;
                    Some(json!({ "revisionId": rev, "revisionChangeId": rev, "created": ex.start_time }))
                });
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
