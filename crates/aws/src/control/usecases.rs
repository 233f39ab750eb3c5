//! The control room's use cases over [`ControlApi`]: list, view, approve or reject, start, stop,
//! retry, roll back, and disable or enable transitions. Guards (production confirmation, input
//! patterns, current approval token) live here so every caller gets them.

use serde::{Deserialize, Serialize};

use super::api::ControlApi;
use super::error::ControlError;
use super::model::*;
use super::production::ProductionPolicy;
use super::validate;

/// How many executions one history page holds unless the caller says otherwise.
pub const HISTORY_PAGE: i32 = 25;

/// Every pipeline with its latest execution: `ListPipelines` (all pages), then one
/// `ListPipelineExecutions` of one item per pipeline.
pub async fn list_overview(api: &dyn ControlApi) -> Result<Vec<PipelineOverview>, ControlError> {
    let pipelines = list_all_pipelines(api).await?;
    let mut out = Vec::with_capacity(pipelines.len());
    for pipeline in pipelines {
        let latest = match api
            .list_pipeline_executions(&pipeline.name, None, Some(1), None)
            .await
        {
            Ok(page) => page.items.into_iter().next(),
            // Deleted between the two calls: leave it out.
            Err(ControlError::PipelineNotFound(_)) => continue,
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
pub async fn list_all_pipelines(
    api: &dyn ControlApi,
) -> Result<Vec<PipelineListItem>, ControlError> {
    let mut all = Vec::new();
    let mut token = None;
    loop {
        let page = api.list_pipelines(token).await?;
        all.extend(page.items);
        match page.next_token {
            Some(t) if !t.is_empty() => token = Some(t),
            _ => break,
        }
    }
    Ok(all)
}

/// The pipeline view: `GetPipelineState` plus the first page of its history.
pub async fn view(
    api: &dyn ControlApi,
    pipeline: &str,
    history: Option<i32>,
) -> Result<PipelineView, ControlError> {
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
    api: &dyn ControlApi,
    pipeline: &str,
    next_token: Option<String>,
    max: Option<i32>,
) -> Result<Page<ExecutionSummary>, ControlError> {
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
    api: &dyn ControlApi,
    pipeline: &str,
    pipeline_execution_id: &str,
) -> Result<Vec<ActionExecutionDetail>, ControlError> {
    let mut all = Vec::new();
    let mut token = None;
    loop {
        let page = api
            .list_action_executions(pipeline, Some(pipeline_execution_id), Some(100), token)
            .await?;
        all.extend(page.items);
        match page.next_token {
            Some(t) if !t.is_empty() => token = Some(t),
            _ => break,
        }
    }
    Ok(all)
}

/// The manual approvals waiting in a PARALLEL-mode pipeline, whose state carries no tokens:
/// the token is each action execution's `externalExecutionId` (`ListActionExecutions`), for the
/// executions in progress.
pub async fn parallel_waiting_approvals(
    api: &dyn ControlApi,
    pipeline: &str,
) -> Result<Vec<WaitingApproval>, ControlError> {
    let running = api
        .list_pipeline_executions(pipeline, None, Some(20), None)
        .await?;
    let mut out = Vec::new();
    for exec in running.items.iter().filter(|e| e.status == "InProgress") {
        for a in execution_actions(api, pipeline, &exec.pipeline_execution_id).await? {
            if a.is_approval() && a.status == "InProgress" {
                if let Some(token) = a.external_execution_id.clone().filter(|t| !t.is_empty()) {
                    out.push(WaitingApproval {
                        pipeline: pipeline.to_string(),
                        stage: a.stage_name.clone(),
                        action: a.action_name.clone(),
                        pipeline_execution_id: Some(a.pipeline_execution_id.clone()),
                        token,
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
/// [`ControlError::ApprovalStale`] with the refreshed state.
pub async fn decide_approval(
    api: &dyn ControlApi,
    policy: &ProductionPolicy,
    req: &ApprovalRequest,
) -> Result<ApprovalOutcome, ControlError> {
    let (status, text) = match &req.decision {
        Decision::Approve => (ApprovalStatus::Approved, req.summary.trim().to_string()),
        Decision::Reject { reason } => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(ControlError::ReasonRequired);
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
    let mut waiting = state.waiting_approvals();
    let parallel = match req.parallel {
        Some(p) => p,
        None if waiting.is_empty() => {
            api.get_pipeline_summary(&req.pipeline)
                .await?
                .execution_mode
                .as_deref()
                == Some("PARALLEL")
        }
        None => false,
    };
    if parallel {
        waiting = parallel_waiting_approvals(api, &req.pipeline).await?;
    }
    let stage = req.stage.as_deref();
    let action = req.action.as_deref();
    let at_place: Vec<WaitingApproval> = waiting
        .into_iter()
        .filter(|w| stage.is_none_or(|s| w.stage == s) && action.is_none_or(|a| w.action == a))
        .collect();
    let stale = || ControlError::ApprovalStale {
        refreshed: Box::new(Some(state.clone())),
    };
    let matching: Vec<&WaitingApproval> = at_place
        .iter()
        .filter(|w| {
            req.pipeline_execution_id.as_deref().is_none_or(|id| {
                w.pipeline_execution_id
                    .as_deref()
                    .is_none_or(|wid| wid == id)
            })
        })
        .collect();
    let approval = match matching.as_slice() {
        [one] => (*one).clone(),
        [] if stage.is_some() || action.is_some() || req.pipeline_execution_id.is_some() => {
            // The user saw an approval there: it was decided, expired, or replaced by another run.
            return Err(stale());
        }
        [] => {
            return Err(ControlError::NoWaitingApproval {
                pipeline: req.pipeline.clone(),
                where_: where_text(stage, action),
            })
        }
        many => {
            return Err(ControlError::AmbiguousApproval {
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
        Err(ControlError::ApprovalStale { .. }) => {
            let refreshed = api.get_pipeline_state(&req.pipeline).await.ok();
            return Err(ControlError::ApprovalStale {
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
    api: &dyn ControlApi,
    policy: &ProductionPolicy,
    input: &StartInput,
    confirmation: Option<&str>,
) -> Result<String, ControlError> {
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
pub async fn stop(api: &dyn ControlApi, req: &StopRequest) -> Result<String, ControlError> {
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
                .ok_or_else(|| ControlError::NoExecution {
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
    api: &dyn ControlApi,
    pipeline: &str,
    stage: &str,
    pipeline_execution_id: Option<&str>,
    mode: RetryMode,
) -> Result<String, ControlError> {
    let id = match pipeline_execution_id {
        Some(id) => id.to_string(),
        None => {
            let state = api.get_pipeline_state(pipeline).await?;
            let st = state
                .stage(stage)
                .ok_or_else(|| ControlError::StageNotFound {
                    pipeline: pipeline.into(),
                    stage: stage.into(),
                })?;
            st.latest_execution
                .as_ref()
                .map(|e| e.pipeline_execution_id.clone())
                .ok_or_else(|| ControlError::NoExecution {
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
    api: &dyn ControlApi,
    pipeline: &str,
    stage: &str,
    limit: usize,
) -> Result<Vec<ExecutionSummary>, ControlError> {
    let state = api.get_pipeline_state(pipeline).await?;
    let current = state
        .stage(stage)
        .ok_or_else(|| ControlError::StageNotFound {
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
    api: &dyn ControlApi,
    policy: &ProductionPolicy,
    pipeline: &str,
    stage: &str,
    target_pipeline_execution_id: &str,
    confirmation: Option<&str>,
) -> Result<String, ControlError> {
    policy.check(
        policy.is_production_stage(pipeline, stage),
        pipeline,
        "rollback",
        confirmation,
    )?;
    api.rollback_stage(pipeline, stage, target_pipeline_execution_id)
        .await
}

/// Disables (with a reason, checked against the API's pattern first) or enables a transition.
pub async fn set_transition(
    api: &dyn ControlApi,
    pipeline: &str,
    stage: &str,
    transition: TransitionType,
    enabled: bool,
    reason: Option<&str>,
) -> Result<(), ControlError> {
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
    use crate::control::fake::Fake;

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
        let api = Fake::default().with_waiting_approval("web", "Review", "tok-1");
        let out = decide_approval(&api, &ProductionPolicy::default(), &approve("web"))
            .await
            .unwrap();
        assert_eq!(out.approval.stage, "Review");
        assert_eq!(out.approval.token, "tok-1");
        assert_eq!(out.status, ApprovalStatus::Approved);
        let calls = api.calls();
        assert_eq!(calls[0], "GetPipelineState web");
        assert_eq!(
            calls[1],
            "PutApprovalResult web Review Approve tok-1 Approved looks good"
        );
        let action = &out.state.stages[1].actions[0];
        assert_eq!(
            action.latest_execution.as_ref().unwrap().status,
            "Succeeded"
        );
    }

    #[tokio::test]
    async fn a_second_decision_is_stale_and_carries_the_refreshed_state() {
        let api = Fake::default().with_waiting_approval("web", "Review", "tok-1");
        let policy = ProductionPolicy::default();
        let mut req = approve("web");
        req.stage = Some("Review".into());
        req.action = Some("Approve".into());
        decide_approval(&api, &policy, &req).await.unwrap();
        let err = decide_approval(&api, &policy, &req).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "This approval was already decided or has expired; the view was refreshed."
        );
        let ControlError::ApprovalStale { refreshed } = err else {
            panic!("expected ApprovalStale")
        };
        let state = refreshed.expect("refreshed state");
        assert_eq!(state.waiting_approvals(), vec![]);
    }

    #[tokio::test]
    async fn a_token_answered_between_read_and_write_is_stale() {
        // The service refuses the token (someone decided in between): the use case re-reads.
        struct Racing(Fake);
        #[async_trait::async_trait]
        impl ControlApi for Racing {
            async fn list_pipelines(
                &self,
                t: Option<String>,
            ) -> Result<Page<PipelineListItem>, ControlError> {
                self.0.list_pipelines(t).await
            }
            async fn get_pipeline_summary(
                &self,
                p: &str,
            ) -> Result<PipelineListItem, ControlError> {
                self.0.get_pipeline_summary(p).await
            }
            async fn get_pipeline_state(&self, p: &str) -> Result<PipelineState, ControlError> {
                self.0.get_pipeline_state(p).await
            }
            async fn list_pipeline_executions(
                &self,
                p: &str,
                s: Option<&str>,
                m: Option<i32>,
                t: Option<String>,
            ) -> Result<Page<ExecutionSummary>, ControlError> {
                self.0.list_pipeline_executions(p, s, m, t).await
            }
            async fn list_action_executions(
                &self,
                p: &str,
                e: Option<&str>,
                m: Option<i32>,
                t: Option<String>,
            ) -> Result<Page<ActionExecutionDetail>, ControlError> {
                self.0.list_action_executions(p, e, m, t).await
            }
            async fn put_approval_result(
                &self,
                p: &str,
                s: &str,
                a: &str,
                tok: &str,
                st: ApprovalStatus,
                sum: &str,
            ) -> Result<(), ControlError> {
                // Another reviewer wins the race.
                self.0
                    .put_approval_result(p, s, a, tok, ApprovalStatus::Rejected, "other")
                    .await?;
                self.0.put_approval_result(p, s, a, tok, st, sum).await
            }
            async fn start_pipeline_execution(
                &self,
                i: &StartInput,
            ) -> Result<String, ControlError> {
                self.0.start_pipeline_execution(i).await
            }
            async fn stop_pipeline_execution(
                &self,
                p: &str,
                e: &str,
                a: bool,
                r: Option<&str>,
            ) -> Result<(), ControlError> {
                self.0.stop_pipeline_execution(p, e, a, r).await
            }
            async fn retry_stage_execution(
                &self,
                p: &str,
                s: &str,
                e: &str,
                m: RetryMode,
            ) -> Result<String, ControlError> {
                self.0.retry_stage_execution(p, s, e, m).await
            }
            async fn rollback_stage(
                &self,
                p: &str,
                s: &str,
                t: &str,
            ) -> Result<String, ControlError> {
                self.0.rollback_stage(p, s, t).await
            }
            async fn set_stage_transition(
                &self,
                p: &str,
                s: &str,
                t: TransitionType,
                e: bool,
                r: Option<&str>,
            ) -> Result<(), ControlError> {
                self.0.set_stage_transition(p, s, t, e, r).await
            }
        }
        let api = Racing(Fake::default().with_waiting_approval("web", "Review", "tok-1"));
        let err = decide_approval(&api, &ProductionPolicy::default(), &approve("web"))
            .await
            .unwrap_err();
        let ControlError::ApprovalStale { refreshed } = err else {
            panic!("expected ApprovalStale, got {err}")
        };
        let state = refreshed.expect("refreshed state");
        let run = state.stages[1].actions[0].latest_execution.clone().unwrap();
        assert_eq!(
            run.status, "Failed",
            "the refreshed state shows the other decision"
        );
        assert_eq!(api.0.calls().last().unwrap(), "GetPipelineState web");
    }

    #[tokio::test]
    async fn an_approval_for_another_execution_than_the_one_seen_is_stale() {
        let api = Fake::default().with_waiting_approval("web", "Review", "tok-1");
        let mut req = approve("web");
        req.pipeline_execution_id = Some("exec-0".into());
        let err = decide_approval(&api, &ProductionPolicy::default(), &req)
            .await
            .unwrap_err();
        assert!(matches!(err, ControlError::ApprovalStale { .. }), "{err}");
        assert!(!api
            .calls()
            .iter()
            .any(|c| c.starts_with("PutApprovalResult")));
    }

    #[tokio::test]
    async fn reject_requires_a_reason_and_sends_it() {
        let api = Fake::default().with_waiting_approval("web", "Review", "tok-1");
        let policy = ProductionPolicy::default();
        let mut req = approve("web");
        req.decision = Decision::Reject {
            reason: "  ".into(),
        };
        assert!(matches!(
            decide_approval(&api, &policy, &req).await,
            Err(ControlError::ReasonRequired)
        ));
        assert!(api.calls().is_empty(), "nothing is sent without a reason");
        req.decision = Decision::Reject {
            reason: "tests fail on staging".into(),
        };
        req.summary = "no".into();
        let out = decide_approval(&api, &policy, &req).await.unwrap();
        assert_eq!(out.status, ApprovalStatus::Rejected);
        assert!(api.calls()[1].ends_with("Rejected no (reason: tests fail on staging)"));
    }

    #[tokio::test]
    async fn production_approval_needs_the_name_typed_back() {
        let policy = ProductionPolicy::default();
        // Production by pipeline name: refused before any call.
        let api = Fake::default().with_waiting_approval("web-prod", "Review", "tok-1");
        let err = decide_approval(&api, &policy, &approve("web-prod"))
            .await
            .unwrap_err();
        assert!(matches!(err, ControlError::ConfirmationRequired { .. }));
        assert!(api.calls().is_empty());
        let mut req = approve("web-prod");
        req.confirmation = Some("web-prod".into());
        decide_approval(&api, &policy, &req).await.unwrap();

        // Production by stage name: refused after finding the approval, nothing put.
        let api = Fake::default().with_waiting_approval("web", "Prod", "tok-2");
        let err = decide_approval(&api, &policy, &approve("web"))
            .await
            .unwrap_err();
        assert!(matches!(err, ControlError::ConfirmationRequired { .. }));
        assert!(!api
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
        let api = Fake::default().with_waiting_approval("web", "Review", "tok-1");
        {
            let mut states = api.states.lock().unwrap();
            let st = states.get_mut("web").unwrap();
            let mut second = st.stages[1].actions[0].clone();
            second.name = "SecurityReview".into();
            second.latest_execution.as_mut().unwrap().token = Some("tok-2".into());
            st.stages[1].actions.push(second);
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
        let api = Fake::default();
        api.states.lock().unwrap().insert(
            "par".into(),
            PipelineState {
                pipeline_name: "par".into(),
                ..Default::default()
            },
        );
        api.modes
            .lock()
            .unwrap()
            .insert("par".into(), "PARALLEL".into());
        api.executions.lock().unwrap().insert(
            "par".into(),
            vec![ExecutionSummary {
                pipeline_execution_id: "e-7".into(),
                status: "InProgress".into(),
                ..Default::default()
            }],
        );
        api.actions.lock().unwrap().insert(
            "par".into(),
            vec![ActionExecutionDetail {
                pipeline_execution_id: "e-7".into(),
                action_execution_id: "a-1".into(),
                stage_name: "Gate".into(),
                action_name: "Approve".into(),
                status: "InProgress".into(),
                category: Some("Approval".into()),
                external_execution_id: Some("ext-token-7".into()),
                ..Default::default()
            }],
        );
        let out = decide_approval(&api, &ProductionPolicy::default(), &approve("par"))
            .await
            .unwrap();
        assert_eq!(out.approval.token, "ext-token-7");
        assert_eq!(out.approval.pipeline_execution_id.as_deref(), Some("e-7"));
        assert!(api.calls().contains(
            &"PutApprovalResult par Gate Approve ext-token-7 Approved looks good".into()
        ));
    }

    #[tokio::test]
    async fn start_and_rollback_of_production_need_confirmation() {
        let api = Fake::default().with_waiting_approval("web", "Prod", "t");
        let policy = ProductionPolicy::default();
        let input = StartInput {
            pipeline: "web".into(),
            ..Default::default()
        };
        let err = start(&api, &policy, &input, None).await.unwrap_err();
        assert!(matches!(err, ControlError::ConfirmationRequired { .. }));
        assert_eq!(
            start(&api, &policy, &input, Some("web")).await.unwrap(),
            "exec-new"
        );
        let err = rollback(&api, &policy, "web", "Prod", "exec-0", Some("wrong"))
            .await
            .unwrap_err();
        assert!(matches!(err, ControlError::ConfirmationRequired { .. }));
        // A non-production stage of the same pipeline rolls back without confirmation.
        rollback(&api, &policy, "web", "Source", "exec-0", None)
            .await
            .unwrap();
        assert!(!api
            .calls()
            .iter()
            .any(|c| c.contains("RollbackStage web Prod")));
    }

    #[tokio::test]
    async fn transition_reason_is_checked_before_sending() {
        let api = Fake::default();
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
            ControlError::InvalidInput {
                field: "reason",
                ..
            }
        ));
        assert!(
            set_transition(&api, "web", "Deploy", TransitionType::Inbound, false, None)
                .await
                .is_err()
        );
        assert!(api.calls().is_empty());
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
            api.calls(),
            vec![
                "SetStageTransition web Deploy Inbound false freeze for Q4 (release)",
                "SetStageTransition web Deploy Inbound true -"
            ]
        );
    }

    #[tokio::test]
    async fn stop_and_retry_default_to_the_current_execution() {
        let api = Fake::default().with_waiting_approval("web", "Review", "t");
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
        let calls = api.calls();
        assert!(
            calls.contains(&"StopPipelineExecution web exec-1 abandon=true wrong branch".into())
        );
        assert!(calls.contains(&"RetryStageExecution web Review exec-1 FailedActions".into()));
        assert!(matches!(
            retry(&api, "web", "Nope", None, RetryMode::AllActions).await,
            Err(ControlError::StageNotFound { .. })
        ));
    }

    #[tokio::test]
    async fn rollback_targets_skip_rollbacks_and_the_current_execution() {
        let api = Fake::default().with_waiting_approval("web", "Review", "t");
        let exec = |id: &str, ty: &str| ExecutionSummary {
            pipeline_execution_id: id.into(),
            status: "Succeeded".into(),
            execution_type: Some(ty.into()),
            ..Default::default()
        };
        api.executions.lock().unwrap().insert(
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
        assert!(api
            .calls()
            .contains(&"ListPipelineExecutions web Review".into()));
    }
}
