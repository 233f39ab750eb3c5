//! The control room's use cases over [`CodePipeline`]: list, view, approve or reject, start, stop,
//! retry, roll back, and disable or enable transitions. Guards (production confirmation, input
//! patterns, current approval token) live here so every caller gets them.

use serde::{Deserialize, Serialize};

use super::model::*;
use super::production::ProductionPolicy;
use super::validate;
use crate::codepipeline::CodePipeline;
use crate::error::AwsError;

/// How many executions one history page holds unless the caller says otherwise.
pub const HISTORY_PAGE: i32 = 25;

/// Every pipeline with its latest execution: `ListPipelines` (all pages), then one
/// `ListPipelineExecutions` of one item per pipeline.
pub async fn list_overview(api: &CodePipeline) -> Result<Vec<PipelineOverview>, AwsError> {
    let pipelines = list_all_pipelines(api).await?;
    let mut out = Vec::with_capacity(pipelines.len());
    for pipeline in pipelines {
        let latest = match api
            .list_pipeline_executions(&pipeline.name, None, Some(1), None)
            .await
        {
            Ok(page) => page.items.into_iter().next(),
            // Deleted between the two calls: leave it out.
            Err(AwsError::PipelineNotFound(_)) => continue,
            Err(e) => return Err(e),
        };
        out.push(PipelineOverview {
            pipeline,
            latest_execution: latest,
        });
    }
    Ok(out)
}

/// `ListPipelines`, every page.
pub async fn list_all_pipelines(api: &CodePipeline) -> Result<Vec<PipelineListItem>, AwsError> {
    api.list_pipelines().await
}

/// The pipeline view: `GetPipelineState` plus the first page of its history.
pub async fn view(
    api: &CodePipeline,
    pipeline: &str,
    history: Option<i32>,
) -> Result<PipelineView, AwsError> {
    let state = api.get_pipeline_state(pipeline).await?;
    let page = api
        .list_pipeline_executions(pipeline, None, Some(history.unwrap_or(HISTORY_PAGE)), None)
        .await?;
    Ok(PipelineView {
        state,
        executions: page.items,
        next_token: page.next_token,
    })
}

/// One more page of history (pass the view's `next_token`).
pub async fn history_page(
    api: &CodePipeline,
    pipeline: &str,
    next_token: Option<String>,
    max: Option<i32>,
) -> Result<Page<ExecutionSummary>, AwsError> {
    api.list_pipeline_executions(
        pipeline,
        None,
        Some(max.unwrap_or(HISTORY_PAGE)),
        next_token,
    )
    .await
}

/// Every action execution of one pipeline execution (all pages), in the order the service lists them.
pub async fn execution_actions(
    api: &CodePipeline,
    pipeline: &str,
    pipeline_execution_id: &str,
) -> Result<Vec<ActionExecutionDetail>, AwsError> {
    api.list_action_executions(pipeline, pipeline_execution_id)
        .await
}

/// The manual approvals waiting in `pipeline` now, with their current tokens, whatever its
/// execution mode: from `state` (GetPipelineState), or, in PARALLEL mode, whose state carries no
/// tokens, from the executions in progress ([`parallel_waiting_approvals`]). `execution_mode` is
/// the pipeline's when the caller knows it; `None` looks it up when the state shows no approval.
/// The one place that decides this, for the app's view and the approval use case.
pub async fn waiting_approvals(
    api: &CodePipeline,
    pipeline: &str,
    state: &PipelineState,
    execution_mode: Option<&str>,
) -> Result<Vec<WaitingApproval>, AwsError> {
    let waiting = state.waiting_approvals();
    let parallel = match execution_mode {
        Some(mode) => mode == "PARALLEL",
        None if waiting.is_empty() => {
            api.get_pipeline_summary(pipeline)
                .await?
                .execution_mode
                .as_deref()
                == Some("PARALLEL")
        }
        None => false,
    };
    if parallel {
        parallel_waiting_approvals(api, pipeline).await
    } else {
        Ok(waiting)
    }
}

/// The manual approvals waiting in a PARALLEL-mode pipeline, whose state carries no tokens:
/// the token is each action execution's `externalExecutionId` (`ListActionExecutions`), for the
/// executions in progress.
pub async fn parallel_waiting_approvals(
    api: &CodePipeline,
    pipeline: &str,
) -> Result<Vec<WaitingApproval>, AwsError> {
    let running = api
        .list_pipeline_executions(pipeline, None, Some(20), None)
        .await?;
    let mut out = Vec::new();
    for exec in running
        .items
        .iter()
        .filter(|e| e.status == ExecutionStatus::InProgress)
    {
        for a in execution_actions(api, pipeline, &exec.pipeline_execution_id).await? {
            if a.is_approval() && a.status == ActionStatus::InProgress {
                if let Some(token) = a.external_execution_id.clone().filter(|t| !t.is_empty()) {
                    out.push(WaitingApproval {
                        pipeline: pipeline.to_string(),
                        stage: a.stage_name.clone(),
                        action: a.action_name.clone(),
                        pipeline_execution_id: Some(a.pipeline_execution_id.clone()),
                        token,
                        expires_at: a
                            .start_time
                            .as_deref()
                            .and_then(|s| super::expiry::expires_at(s, None)),
                        since: a.start_time.clone(),
                    });
                }
            }
        }
    }
    Ok(out)
}

/// The decision on a manual approval.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "camelCase")]
pub enum Decision {
    Approve,
    /// A rejection must say why.
    Reject {
        reason: String,
    },
}

/// What to approve or reject. Stage, action and execution narrow the choice; when the pipeline
/// has exactly one waiting approval they may be left out.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalRequest {
    pub pipeline: String,
    pub stage: Option<String>,
    pub action: Option<String>,
    /// The execution the user looked at: if the approval now waits for another execution, the
    /// request is stale (the user never saw what they would approve).
    pub pipeline_execution_id: Option<String>,
    /// PARALLEL execution mode (tokens come from `ListActionExecutions`); `None` = find out.
    pub parallel: Option<bool>,
    pub decision: Decision,
    pub summary: String,
    /// The pipeline's name typed back, required for production pipelines and stages.
    pub confirmation: Option<String>,
}

/// A decided approval and the state right after.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalOutcome {
    pub approval: WaitingApproval,
    pub status: ApprovalStatus,
    pub state: PipelineState,
}

fn where_text(stage: Option<&str>, action: Option<&str>) -> String {
    match (stage, action) {
        (Some(s), Some(a)) => format!(" at {s}/{a}"),
        (Some(s), None) => format!(" in stage {s}"),
        (None, Some(a)) => format!(" at action {a}"),
        (None, None) => String::new(),
    }
}

/// Approves or rejects a waiting manual approval with the token the service holds NOW: the
/// state is read right before deciding. A token that went stale in between gives
/// [`AwsError::ApprovalStale`] with the refreshed state.
pub async fn decide_approval(
    api: &CodePipeline,
    policy: &ProductionPolicy,
    req: &ApprovalRequest,
) -> Result<ApprovalOutcome, AwsError> {
    decide_approval_as_seen(api, policy, req, None).await
}

/// [`decide_approval`] for the approval the user saw, with its `token`: only that approval is
/// decided, or the request is stale. Nothing is taken on trust when an id is unknown: the
/// waiting approval's execution id must be known and equal to the request's, and the token the
/// same (a stage retried in the same execution asks again with a new token).
pub async fn decide_approval_as_seen(
    api: &CodePipeline,
    policy: &ProductionPolicy,
    req: &ApprovalRequest,
    token: Option<&str>,
) -> Result<ApprovalOutcome, AwsError> {
    let (status, text) = match &req.decision {
        Decision::Approve => (ApprovalStatus::Approved, req.summary.trim().to_string()),
        Decision::Reject { reason } => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(AwsError::ReasonRequired);
            }
            let summary = req.summary.trim();
            let text = if summary.is_empty() || summary == reason {
                reason.to_string()
            } else {
                format!("{summary} (reason: {reason})")
            };
            (ApprovalStatus::Rejected, text)
        }
    };
    validate::approval_summary(&text)?;
    if status == ApprovalStatus::Approved {
        // Fail early on a production pipeline, before any call.
        policy.check(
            policy.is_production_pipeline(&req.pipeline),
            &req.pipeline,
            "approval",
            req.confirmation.as_deref(),
        )?;
    }

    let state = api.get_pipeline_state(&req.pipeline).await?;
    let mode = match req.parallel {
        Some(true) => Some("PARALLEL"),
        Some(false) => Some("QUEUED"),
        None => None,
    };
    let waiting = waiting_approvals(api, &req.pipeline, &state, mode).await?;
    let stage = req.stage.as_deref();
    let action = req.action.as_deref();
    let at_place: Vec<WaitingApproval> = waiting
        .into_iter()
        .filter(|w| stage.is_none_or(|s| w.stage == s) && action.is_none_or(|a| w.action == a))
        .collect();
    let stale = || AwsError::ApprovalStale {
        refreshed: Box::new(Some(state.clone())),
    };
    let matching: Vec<&WaitingApproval> = at_place
        .iter()
        .filter(|w| match token {
            Some(token) => {
                w.token == token
                    && req.pipeline_execution_id.is_some()
                    && w.pipeline_execution_id == req.pipeline_execution_id
            }
            None => req.pipeline_execution_id.as_deref().is_none_or(|id| {
                w.pipeline_execution_id
                    .as_deref()
                    .is_none_or(|wid| wid == id)
            }),
        })
        .collect();
    let approval = match matching.as_slice() {
        [one] => (*one).clone(),
        [] if stage.is_some()
            || action.is_some()
            || req.pipeline_execution_id.is_some()
            || token.is_some() =>
        {
            // The user saw an approval there: it was decided, expired, or replaced by another run.
            return Err(stale());
        }
        [] => {
            return Err(AwsError::NoWaitingApproval {
                pipeline: req.pipeline.clone(),
                where_: where_text(stage, action),
            })
        }
        many => {
            return Err(AwsError::AmbiguousApproval {
                pipeline: req.pipeline.clone(),
                candidates: many
                    .iter()
                    .map(|w| format!("{}/{}", w.stage, w.action))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        }
    };
    if status == ApprovalStatus::Approved {
        policy.check(
            policy.is_production_stage(&req.pipeline, &approval.stage),
            &req.pipeline,
            "approval",
            req.confirmation.as_deref(),
        )?;
    }
    match api
        .put_approval_result(
            &req.pipeline,
            &approval.stage,
            &approval.action,
            &approval.token,
            status,
            &text,
        )
        .await
    {
        Ok(()) => {}
        Err(AwsError::ApprovalStale { .. }) => {
            let refreshed = api.get_pipeline_state(&req.pipeline).await.ok();
            return Err(AwsError::ApprovalStale {
                refreshed: Box::new(refreshed),
            });
        }
        Err(e) => return Err(e),
    }
    let state = api.get_pipeline_state(&req.pipeline).await?;
    Ok(ApprovalOutcome {
        approval,
        status,
        state,
    })
}

/// Starts an execution (variables and source revision overrides need a V2 pipeline). A pipeline
/// that is production, or has a production stage, needs its name typed back.
pub async fn start(
    api: &CodePipeline,
    policy: &ProductionPolicy,
    input: &StartInput,
    confirmation: Option<&str>,
) -> Result<String, AwsError> {
    validate::start_input(input)?;
    let production = if policy.is_production_pipeline(&input.pipeline) {
        true
    } else {
        let state = api.get_pipeline_state(&input.pipeline).await?;
        policy.touches_production(
            &input.pipeline,
            state.stages.iter().map(|s| s.name.as_str()),
        )
    };
    policy.check(production, &input.pipeline, "start", confirmation)?;
    api.start_pipeline_execution(input).await
}

/// How to stop an execution.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StopRequest {
    pub pipeline: String,
    /// Default: the execution in progress.
    pub pipeline_execution_id: Option<String>,
    /// Abandon running actions instead of letting them finish.
    pub abandon: bool,
    pub reason: Option<String>,
}

/// Stops (or abandons) an execution; returns the execution's id.
pub async fn stop(api: &CodePipeline, req: &StopRequest) -> Result<String, AwsError> {
    if let Some(reason) = &req.reason {
        validate::stop_reason(reason)?;
    }
    let id = match &req.pipeline_execution_id {
        Some(id) => id.clone(),
        None => {
            let state = api.get_pipeline_state(&req.pipeline).await?;
            state
                .running_execution()
                .map(str::to_string)
                .ok_or_else(|| AwsError::NoExecution {
                    pipeline: req.pipeline.clone(),
                    what: "is in progress; there is nothing to stop".into(),
                })?
        }
    };
    api.stop_pipeline_execution(&req.pipeline, &id, req.abandon, req.reason.as_deref())
        .await?;
    Ok(id)
}

/// Retries a failed stage of its latest execution (or the given one).
pub async fn retry(
    api: &CodePipeline,
    pipeline: &str,
    stage: &str,
    pipeline_execution_id: Option<&str>,
    mode: RetryMode,
) -> Result<String, AwsError> {
    let id = match pipeline_execution_id {
        Some(id) => id.to_string(),
        None => {
            let state = api.get_pipeline_state(pipeline).await?;
            let st = state.stage(stage).ok_or_else(|| AwsError::StageNotFound {
                pipeline: pipeline.into(),
                stage: stage.into(),
            })?;
            st.latest_execution
                .as_ref()
                .map(|e| e.pipeline_execution_id.clone())
                .ok_or_else(|| AwsError::NoExecution {
                    pipeline: pipeline.into(),
                    what: format!("has run stage `{stage}`; there is nothing to retry"),
                })?
        }
    };
    api.retry_stage_execution(pipeline, stage, &id, mode).await
}

/// Executions a stage can roll back to: succeeded in that stage, not themselves rollbacks, and
/// not the stage's current execution. Newest first, at most `limit`.
pub async fn rollback_targets(
    api: &CodePipeline,
    pipeline: &str,
    stage: &str,
    limit: usize,
) -> Result<Vec<ExecutionSummary>, AwsError> {
    let state = api.get_pipeline_state(pipeline).await?;
    let current = state
        .stage(stage)
        .ok_or_else(|| AwsError::StageNotFound {
            pipeline: pipeline.into(),
            stage: stage.into(),
        })?
        .latest_execution
        .as_ref()
        .map(|e| e.pipeline_execution_id.clone());
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = api
            .list_pipeline_executions(pipeline, Some(stage), Some(100), token)
            .await?;
        for e in page.items {
            if e.execution_type.as_deref() == Some("ROLLBACK")
                || Some(&e.pipeline_execution_id) == current.as_ref()
            {
                continue;
            }
            out.push(e);
            if out.len() >= limit {
                return Ok(out);
            }
        }
        match page.next_token {
            Some(t) if !t.is_empty() => token = Some(t),
            _ => return Ok(out),
        }
    }
}

/// Rolls a stage back to an earlier execution that succeeded in it. Production needs confirmation.
pub async fn rollback(
    api: &CodePipeline,
    policy: &ProductionPolicy,
    pipeline: &str,
    stage: &str,
    target_pipeline_execution_id: &str,
    confirmation: Option<&str>,
) -> Result<String, AwsError> {
    policy.check(
        policy.is_production_stage(pipeline, stage),
        pipeline,
        "rollback",
        confirmation,
    )?;
    api.rollback_stage(pipeline, stage, target_pipeline_execution_id)
        .await
}

/// Lets the execution a stage condition holds go on (`OverrideStageCondition`): the execution
/// is the one the condition last ran for; refused when that condition is not holding anything,
/// or (with `expected`, the execution a dialog showed) when it holds another execution by now.
/// A production pipeline or stage needs its name typed back (`confirmation`), like approving
/// or rolling back: overriding is how a change skips a deployment window or a watched alarm.
/// Returns the execution's id.
pub async fn override_condition(
    api: &CodePipeline,
    policy: &ProductionPolicy,
    pipeline: &str,
    stage: &str,
    kind: ConditionKind,
    expected: Option<&str>,
    confirmation: Option<&str>,
) -> Result<String, AwsError> {
    policy.check(
        policy.is_production_stage(pipeline, stage),
        pipeline,
        "override",
        confirmation,
    )?;
    let state = api.get_pipeline_state(pipeline).await?;
    let Some(s) = state.stage(stage) else {
        return Err(AwsError::InvalidInput {
            field: "stageName",
            message: format!(
                "pipeline {pipeline} has no stage {stage}; its stages are {}",
                state
                    .stages
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    };
    let holding = s
        .conditions
        .iter()
        .find(|c| c.kind == kind)
        .filter(|c| c.is_holding());
    let execution = s
        .latest_execution
        .as_ref()
        .map(|e| e.pipeline_execution_id.clone())
        .or_else(|| {
            s.inbound_executions
                .first()
                .map(|e| e.pipeline_execution_id.clone())
        });
    let (Some(_), Some(execution)) = (holding, execution) else {
        return Err(AwsError::NoExecution {
            pipeline: pipeline.to_string(),
            what: format!(
                "held by the {} condition of stage {stage} (nothing to override)",
                kind.as_str()
            ),
        });
    };
    if let Some(expected) = expected.filter(|e| *e != execution) {
        return Err(AwsError::NoExecution {
            pipeline: pipeline.to_string(),
            what: format!(
                "matches the one shown ({expected}) under the {} condition of stage {stage}: it holds {execution} now; nothing was overridden, refresh the view",
                kind.as_str()
            ),
        });
    }
    api.override_stage_condition(pipeline, stage, &execution, kind)
        .await?;
    Ok(execution)
}

/// Disables (with a reason, checked against the API's pattern first) or enables a transition.
pub async fn set_transition(
    api: &CodePipeline,
    pipeline: &str,
    stage: &str,
    transition: TransitionType,
    enabled: bool,
    reason: Option<&str>,
) -> Result<(), AwsError> {
    if !enabled {
        validate::transition_reason(reason.unwrap_or(""))?;
    }
    api.set_stage_transition(
        pipeline,
        stage,
        transition,
        enabled,
        if enabled { None } else { reason },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::mock_service::Service;
    use serde_json::json;

    fn approve(pipeline: &str) -> ApprovalRequest {
        ApprovalRequest {
            pipeline: pipeline.into(),
            stage: None,
            action: None,
            pipeline_execution_id: None,
            parallel: None,
            decision: Decision::Approve,
            summary: "looks good".into(),
            confirmation: None,
        }
    }

    #[tokio::test]
    async fn approves_with_the_token_read_right_before() {
        let service = Service::default().with_waiting_approval("web", "Review", "tok-1");
        let api = service.api();
        let out = decide_approval(&api, &ProductionPolicy::default(), &approve("web"))
            .await
            .unwrap();
        assert_eq!(out.approval.stage, "Review");
        assert_eq!(out.approval.token, "tok-1");
        assert_eq!(out.status, ApprovalStatus::Approved);
        let calls = service.calls();
        assert_eq!(calls[0], "GetPipelineState web");
        assert_eq!(
            calls[1],
            "PutApprovalResult web Review Approve tok-1 Approved looks good"
        );
        let action = &out.state.stages[1].actions[0];
        assert_eq!(
            action.latest_execution.as_ref().unwrap().status,
            ActionStatus::Succeeded
        );
    }

    #[tokio::test]
    async fn a_second_decision_is_stale_and_carries_the_refreshed_state() {
        let service = Service::default().with_waiting_approval("web", "Review", "tok-1");
        let api = service.api();
        let policy = ProductionPolicy::default();
        let mut req = approve("web");
        req.stage = Some("Review".into());
        req.action = Some("Approve".into());
        decide_approval(&api, &policy, &req).await.unwrap();
        let err = decide_approval(&api, &policy, &req).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "this approval was already decided or has expired; the view was refreshed, decide again if one still waits"
        );
        let AwsError::ApprovalStale { refreshed } = err else {
            panic!("expected ApprovalStale")
        };
        let state = refreshed.expect("refreshed state");
        assert_eq!(state.waiting_approvals(), vec![]);
    }

    #[tokio::test]
    async fn a_token_answered_between_read_and_write_is_stale() {
        // The service refuses the token (someone decided in between): the use case re-reads.
        let service = Service::default().with_waiting_approval("web", "Review", "tok-1");
        *service.racing.lock().unwrap() = true;
        let api = service.api();
        let err = decide_approval(&api, &ProductionPolicy::default(), &approve("web"))
            .await
            .unwrap_err();
        let AwsError::ApprovalStale { refreshed } = err else {
            panic!("expected ApprovalStale, got {err}")
        };
        let state = refreshed.expect("refreshed state");
        let run = state.stages[1].actions[0].latest_execution.clone().unwrap();
        assert_eq!(
            run.status,
            ActionStatus::Failed,
            "the refreshed state shows the other decision"
        );
        assert_eq!(service.calls().last().unwrap(), "GetPipelineState web");
    }

    #[tokio::test]
    async fn an_approval_for_another_execution_than_the_one_seen_is_stale() {
        let service = Service::default().with_waiting_approval("web", "Review", "tok-1");
        let api = service.api();
        let mut req = approve("web");
        req.pipeline_execution_id = Some("exec-0".into());
        let err = decide_approval(&api, &ProductionPolicy::default(), &req)
            .await
            .unwrap_err();
        assert!(matches!(err, AwsError::ApprovalStale { .. }), "{err}");
        assert!(!service
            .calls()
            .iter()
            .any(|c| c.starts_with("PutApprovalResult")));
    }

    #[tokio::test]
    async fn reject_requires_a_reason_and_sends_it() {
        let service = Service::default().with_waiting_approval("web", "Review", "tok-1");
        let api = service.api();
        let policy = ProductionPolicy::default();
        let mut req = approve("web");
        req.decision = Decision::Reject {
            reason: "  ".into(),
        };
        assert!(matches!(
            decide_approval(&api, &policy, &req).await,
            Err(AwsError::ReasonRequired)
        ));
        assert!(
            service.calls().is_empty(),
            "nothing is sent without a reason"
        );
        req.decision = Decision::Reject {
            reason: "tests fail on staging".into(),
        };
        req.summary = "no".into();
        let out = decide_approval(&api, &policy, &req).await.unwrap();
        assert_eq!(out.status, ApprovalStatus::Rejected);
        assert!(service.calls()[1].ends_with("Rejected no (reason: tests fail on staging)"));
    }

    #[tokio::test]
    async fn production_approval_needs_the_name_typed_back() {
        let policy = ProductionPolicy::default();
        // Production by pipeline name: refused before any call.
        let service = Service::default().with_waiting_approval("web-prod", "Review", "tok-1");
        let api = service.api();
        let err = decide_approval(&api, &policy, &approve("web-prod"))
            .await
            .unwrap_err();
        assert!(matches!(err, AwsError::ConfirmationRequired { .. }));
        assert!(service.calls().is_empty());
        let mut req = approve("web-prod");
        req.confirmation = Some("web-prod".into());
        decide_approval(&api, &policy, &req).await.unwrap();

        // Production by stage name: refused after finding the approval, nothing put.
        let service = Service::default().with_waiting_approval("web", "Prod", "tok-2");
        let api = service.api();
        let err = decide_approval(&api, &policy, &approve("web"))
            .await
            .unwrap_err();
        assert!(matches!(err, AwsError::ConfirmationRequired { .. }));
        assert!(!service
            .calls()
            .iter()
            .any(|c| c.starts_with("PutApprovalResult")));

        // Rejecting needs no confirmation.
        let mut req = approve("web");
        req.decision = Decision::Reject {
            reason: "not now".into(),
        };
        decide_approval(&api, &policy, &req).await.unwrap();
    }

    #[tokio::test]
    async fn several_waiting_approvals_must_be_named() {
        let service = Service::default().with_waiting_approval("web", "Review", "tok-1");
        let api = service.api();
        {
            let mut states = service.states.lock().unwrap();
            let actions = states.get_mut("web").unwrap()["stageStates"][1]["actionStates"]
                .as_array_mut()
                .unwrap();
            let mut second = actions[0].clone();
            second["actionName"] = json!("SecurityReview");
            second["latestExecution"]["token"] = json!("tok-2");
            actions.push(second);
        }
        let err = decide_approval(&api, &ProductionPolicy::default(), &approve("web"))
            .await
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("Review/Approve, Review/SecurityReview"),
            "{err}"
        );
        let mut req = approve("web");
        req.action = Some("SecurityReview".into());
        let out = decide_approval(&api, &ProductionPolicy::default(), &req)
            .await
            .unwrap();
        assert_eq!(out.approval.token, "tok-2");
    }

    #[tokio::test]
    async fn parallel_mode_uses_the_external_execution_id_as_token() {
        let service = Service::default();
        let api = service.api();
        service.states.lock().unwrap().insert(
            "par".into(),
            json!({"pipelineName": "par", "stageStates": []}),
        );
        service
            .modes
            .lock()
            .unwrap()
            .insert("par".into(), "PARALLEL".into());
        service.executions.lock().unwrap().insert(
            "par".into(),
            vec![json!({"pipelineExecutionId": "e-7", "status": "InProgress"})],
        );
        service.actions.lock().unwrap().insert(
            "par".into(),
            vec![json!({
                "pipelineExecutionId": "e-7",
                "actionExecutionId": "a-1",
                "stageName": "Gate",
                "actionName": "Approve",
                "status": "InProgress",
                "input": {"actionTypeId": {
                    "category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"
                }},
                "output": {"executionResult": {"externalExecutionId": "ext-token-7"}}
            })],
        );
        let out = decide_approval(&api, &ProductionPolicy::default(), &approve("par"))
            .await
            .unwrap();
        assert_eq!(out.approval.token, "ext-token-7");
        assert_eq!(out.approval.pipeline_execution_id.as_deref(), Some("e-7"));
        assert!(service.calls().contains(
            &"PutApprovalResult par Gate Approve ext-token-7 Approved looks good".into()
        ));
    }

    #[tokio::test]
    async fn start_and_rollback_of_production_need_confirmation() {
        let service = Service::default().with_waiting_approval("web", "Prod", "t");
        let api = service.api();
        let policy = ProductionPolicy::default();
        let input = StartInput {
            pipeline: "web".into(),
            ..Default::default()
        };
        let err = start(&api, &policy, &input, None).await.unwrap_err();
        assert!(matches!(err, AwsError::ConfirmationRequired { .. }));
        assert_eq!(
            start(&api, &policy, &input, Some("web")).await.unwrap(),
            "exec-new"
        );
        let err = rollback(&api, &policy, "web", "Prod", "exec-0", Some("wrong"))
            .await
            .unwrap_err();
        assert!(matches!(err, AwsError::ConfirmationRequired { .. }));
        // A non-production stage of the same pipeline rolls back without confirmation.
        rollback(&api, &policy, "web", "Source", "exec-0", None)
            .await
            .unwrap();
        assert!(!service
            .calls()
            .iter()
            .any(|c| c.contains("RollbackStage web Prod")));
    }

    #[tokio::test]
    async fn transition_reason_is_checked_before_sending() {
        let service = Service::default();
        let api = service.api();
        let err = set_transition(
            &api,
            "web",
            "Deploy",
            TransitionType::Inbound,
            false,
            Some("freeze: q4"),
        )
        .await
        .unwrap_err();
        assert!(matches!(
            err,
            AwsError::InvalidInput {
                field: "reason",
                ..
            }
        ));
        assert!(
            set_transition(&api, "web", "Deploy", TransitionType::Inbound, false, None)
                .await
                .is_err()
        );
        assert!(service.calls().is_empty());
        set_transition(
            &api,
            "web",
            "Deploy",
            TransitionType::Inbound,
            false,
            Some("freeze for Q4 (release)"),
        )
        .await
        .unwrap();
        set_transition(
            &api,
            "web",
            "Deploy",
            TransitionType::Inbound,
            true,
            Some("ignored"),
        )
        .await
        .unwrap();
        assert_eq!(
            service.calls(),
            vec![
                "SetStageTransition web Deploy Inbound false freeze for Q4 (release)",
                "SetStageTransition web Deploy Inbound true -"
            ]
        );
    }

    #[tokio::test]
    async fn stop_and_retry_default_to_the_current_execution() {
        let service = Service::default().with_waiting_approval("web", "Review", "t");
        let api = service.api();
        let id = stop(
            &api,
            &StopRequest {
                pipeline: "web".into(),
                pipeline_execution_id: None,
                abandon: true,
                reason: Some("wrong branch".into()),
            },
        )
        .await
        .unwrap();
        assert_eq!(id, "exec-1");
        retry(&api, "web", "Review", None, RetryMode::FailedActions)
            .await
            .unwrap();
        let calls = service.calls();
        assert!(
            calls.contains(&"StopPipelineExecution web exec-1 abandon=true wrong branch".into())
        );
        assert!(calls.contains(&"RetryStageExecution web Review exec-1 FAILED_ACTIONS".into()));
        assert!(matches!(
            retry(&api, "web", "Nope", None, RetryMode::AllActions).await,
            Err(AwsError::StageNotFound { .. })
        ));
    }

    #[tokio::test]
    async fn rollback_targets_skip_rollbacks_and_the_current_execution() {
        let service = Service::default().with_waiting_approval("web", "Review", "t");
        let api = service.api();
        let exec = |id: &str, ty: &str| json!({"pipelineExecutionId": id, "status": "Succeeded", "executionType": ty});
        service.executions.lock().unwrap().insert(
            "web".into(),
            vec![
                exec("exec-1", "STANDARD"),
                exec("exec-r", "ROLLBACK"),
                exec("exec-0", "STANDARD"),
            ],
        );
        let targets = rollback_targets(&api, "web", "Review", 10).await.unwrap();
        let ids: Vec<_> = targets
            .iter()
            .map(|t| t.pipeline_execution_id.as_str())
            .collect();
        assert_eq!(ids, vec!["exec-0"]);
        assert!(service
            .calls()
            .contains(&"ListPipelineExecutions web Review".into()));
    }
}
