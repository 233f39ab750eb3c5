//! What callers do to executions: stop (and abandon), retry a stage, roll a stage back, approve
//! or reject a manual approval, override a stage condition, and cancel the running executions
//! of a pipeline that was updated. Each checks what AWS checks, answers the CodePipeline error
//! AWS answers, and changes the store; the engine ([`super::advance`]) takes it from there.

use serde_json::Value;

use super::create;
use crate::error::{ApiError, ApiResult};
use crate::store::{
    ActionStatus, ConditionStatus, ExecStatus, Execution, Gate, Position, StageStatus, StopRequest,
    Store,
};

/// StopPipelineExecution: stop and wait (running actions finish), or stop and abandon.
/// Asking to abandon an execution that is already stopping upgrades the stop.
pub fn stop(
    st: &mut Store,
    pipeline: &str,
    id: &str,
    abandon: bool,
    reason: Option<String>,
    now: f64,
) -> ApiResult<()> {
    let ex = st.execution_mut(pipeline, id)?;
    match ex.status {
        ExecStatus::InProgress => {}
        ExecStatus::Stopping => {
            let was_abandon = ex.stop.as_ref().is_some_and(|s| s.abandon);
            if abandon && !was_abandon {
                if let Some(stop) = ex.stop.as_mut() {
                    stop.abandon = true;
                }
                return Ok(());
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
    ex.last_update = now;
    match ex.position {
        Position::Running(i) => {
            ex.status = ExecStatus::Stopping;
            if let Some(stage) = ex.stages.get_mut(i) {
                stage.status = Some(StageStatus::Stopping);
            }
            ex.abandon_running(i, now, true);
        }
        _ => {
            ex.status = ExecStatus::Stopped;
            ex.position = Position::Done;
        }
    }
    Ok(())
}

/// UpdatePipeline: running executions finish their running actions and end `Cancelled`;
/// waiting ones end `Cancelled` at once.
pub fn cancel_running(st: &mut Store, pipeline: &str, now: f64) {
    let ids = match st.pipelines.get(pipeline) {
        Some(rec) => rec.executions.clone(),
        None => return,
    };
    for id in ids {
        let Some(ex) = st.executions.get_mut(&id) else {
            continue;
        };
        if ex.status != ExecStatus::InProgress {
            continue;
        }
        match ex.position {
            Position::Waiting(_) => {
                ex.status = ExecStatus::Cancelled;
                ex.position = Position::Done;
                ex.last_update = now;
            }
            Position::Running(i) => {
                ex.cancel = true;
                ex.abandon_running(i, now, true);
            }
            Position::Done => {}
        }
    }
}

/// The execution that most recently entered a stage of a pipeline.
fn latest_in_stage<'a>(st: &'a Store, pipeline: &str, stage: &str) -> Option<&'a Execution> {
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

fn stage_busy(st: &Store, pipeline: &str, stage: &str, except: &str) -> bool {
    st.executions_of(pipeline).into_iter().any(|ex| {
        ex.id != except
            && ex.mode != "PARALLEL"
            && matches!(ex.position, Position::Running(i) if ex.stages[i].name == stage)
    })
}

/// RetryStageExecution's `retryMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryMode {
    FailedActions,
    AllActions,
}

/// RetryStageExecution: rerun the failed (or all) actions of the failed or stopped stage of the
/// latest execution in that stage.
pub fn retry(
    st: &mut Store,
    pipeline: &str,
    stage: &str,
    id: &str,
    mode: RetryMode,
    now: f64,
) -> ApiResult<()> {
    let rec = st.pipeline(pipeline)?;
    if !rec.stage_names().iter().any(|s| s == stage) {
        return Err(ApiError::stage_not_found(pipeline, stage));
    }
    let current_version = rec.version();
    let not_retryable = |why: String| ApiError::new("StageNotRetryableException", why);
    {
        let ex = st.execution(pipeline, id)?;
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
    let ex = st.execution_mut(pipeline, id)?;
    let (i, _) = ex
        .stage(stage)
        .ok_or_else(|| ApiError::stage_not_found(pipeline, stage))?;
    for a in ex.stages[i].actions.iter_mut() {
        let status = a.latest().map(|at| at.status);
        a.rerun = mode == RetryMode::AllActions
            || matches!(status, Some(ActionStatus::Failed | ActionStatus::Abandoned));
    }
    ex.status = ExecStatus::InProgress;
    ex.status_summary = None;
    ex.stop = None;
    ex.position = Position::Running(i);
    ex.stages[i].enter(now);
    ex.stages[i].manual_retries += 1;
    ex.stages[i].latest_retry_trigger = Some("ManualStageRetry");
    for later in ex.stages.iter_mut().skip(i + 1) {
        later.status = None;
    }
    ex.last_update = now;
    st.live.insert(id.to_string());
    Ok(())
}

/// RollbackStage: a ROLLBACK execution that reruns the stage with the revisions of `target`, an
/// earlier STANDARD execution of the current version that succeeded in it; its id.
pub fn rollback(
    st: &mut Store,
    pipeline: &str,
    stage: &str,
    target: &str,
    caller: &str,
    now: f64,
) -> ApiResult<String> {
    let rec = st.pipeline(pipeline)?;
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
    Ok(create::rollback(
        st,
        pipeline,
        index,
        target,
        "ManualRollback",
        caller,
        now,
    ))
}

/// A PutApprovalResult: which approval, the token it was given, and the verdict.
#[derive(Debug, Clone)]
pub struct Verdict<'a> {
    pub pipeline: &'a str,
    pub stage: &'a str,
    pub action: &'a str,
    pub token: &'a str,
    pub approved: bool,
    pub summary: String,
}

/// PutApprovalResult: approve or reject the pending approval that holds `token`.
pub fn approve(st: &mut Store, v: Verdict, caller: &str, now: f64) -> ApiResult<()> {
    let Verdict {
        pipeline,
        stage,
        action,
        token,
        ..
    } = v;
    let rec = st.pipeline(pipeline)?;
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
        if at.status == ActionStatus::InProgress && at.expires.is_some_and(|e| e <= now) {
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
        at.last_update = now;
        at.updated_by = Some(caller.to_string());
        at.expires = None;
        if v.approved {
            at.status = ActionStatus::Succeeded;
        } else {
            at.status = ActionStatus::Failed;
            at.error = Some((
                "JobFailed".to_string(),
                format!("Rejected by {caller}: {}", v.summary),
            ));
        }
        at.summary = Some(v.summary);
        return Ok(());
    }
    Err(invalid())
}

/// OverrideStageCondition: let an execution past an entry or success condition that is still
/// being evaluated (its rules in progress are abandoned).
pub fn override_condition(
    st: &mut Store,
    pipeline: &str,
    stage: &str,
    id: &str,
    kind: Gate,
    caller: &str,
    now: f64,
) -> ApiResult<()> {
    let rec = st.pipeline(pipeline)?;
    if !rec.stage_names().iter().any(|s| s == stage) {
        return Err(ApiError::stage_not_found(pipeline, stage));
    }
    let ex = st.execution_mut(pipeline, id)?;
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
    gate.summary = Some(format!("Overridden by {caller}"));
    gate.last_update = now;
    for rule in gate.rules.iter_mut() {
        if rule.attempt.status == ActionStatus::InProgress {
            rule.attempt.abandon(now);
            rule.attempt.updated_by = Some(caller.to_string());
        }
    }
    Ok(())
}
