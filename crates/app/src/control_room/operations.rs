//! What the control room changes on AWS, each through the control use cases of `pipewright-aws`
//! (which hold the rules: current approval token, production confirmation, input patterns)
//! against the active connection, with the user's production settings; the watchers look again
//! at the pipeline afterwards.
//!
//! Every operation carries what the user saw ([`Seen`]: the connection and region of the view
//! the dialog was opened from) and is refused, with nothing sent, when the active connection or
//! region is another by the time the click arrives. An approval also names the stage, action,
//! execution and token the dialog showed, and an execution operation (stop, retry, overriding a
//! stage condition) the execution: a request that leaves one of them out is refused rather than
//! matched loosely.

use pipewright_aws::control::{
    usecases, ApprovalOutcome, ApprovalRequest, ConditionKind, RetryMode, StartInput, StopRequest,
    TransitionType,
};

use super::ControlRoom;
use crate::error::{AppError, Result};
use crate::seen::Seen;

/// The refusal for a request that does not name what the dialog showed.
fn unnamed(what: &str) -> AppError {
    AppError::Invalid(format!(
        "this request does not name the {what} the dialog showed; nothing was sent: refresh the pipeline and try again"
    ))
}

fn named<'a>(value: Option<&'a str>, what: &str) -> Result<&'a str> {
    value.filter(|v| !v.is_empty()).ok_or_else(|| unnamed(what))
}

impl ControlRoom {
    /// Approve or reject the waiting approval the dialog showed (stage, action, execution and
    /// `token` all named), only while it still waits with that token.
    pub async fn decide(
        &self,
        request: &ApprovalRequest,
        token: Option<&str>,
        seen: &Seen,
    ) -> Result<ApprovalOutcome> {
        named(request.stage.as_deref(), "stage")?;
        named(request.action.as_deref(), "action")?;
        named(request.pipeline_execution_id.as_deref(), "execution")?;
        let token = named(token, "approval token")?;
        let api = self.api_seen(seen)?;
        let outcome =
            usecases::decide_approval_as_seen(api.as_ref(), &self.policy(), request, Some(token))
                .await;
        self.refresh(Some(&request.pipeline));
        Ok(outcome?)
    }

    /// Start an execution (variables and source revisions on V2 pipelines).
    pub async fn start_execution(
        &self,
        input: &StartInput,
        confirmation: Option<&str>,
        seen: &Seen,
    ) -> Result<String> {
        let api = self.api_seen(seen)?;
        let id = usecases::start(api.as_ref(), &self.policy(), input, confirmation).await?;
        self.refresh(Some(&input.pipeline));
        Ok(id)
    }

    /// Stop (let running actions finish) or abandon the execution the dialog showed.
    pub async fn stop_execution(&self, request: &StopRequest, seen: &Seen) -> Result<String> {
        named(request.pipeline_execution_id.as_deref(), "execution")?;
        let api = self.api_seen(seen)?;
        let id = usecases::stop(api.as_ref(), request).await?;
        self.refresh(Some(&request.pipeline));
        Ok(id)
    }

    /// Retry a failed stage of the execution the dialog showed (failed actions, or all).
    pub async fn retry_stage(
        &self,
        pipeline: &str,
        stage: &str,
        pipeline_execution_id: Option<&str>,
        mode: RetryMode,
        seen: &Seen,
    ) -> Result<String> {
        let execution = named(pipeline_execution_id, "execution")?;
        let api = self.api_seen(seen)?;
        let id = usecases::retry(api.as_ref(), pipeline, stage, Some(execution), mode).await?;
        self.refresh(Some(pipeline));
        Ok(id)
    }

    /// Roll a stage back to a target (production needs the typed name).
    pub async fn rollback_stage(
        &self,
        pipeline: &str,
        stage: &str,
        target_pipeline_execution_id: &str,
        confirmation: Option<&str>,
        seen: &Seen,
    ) -> Result<String> {
        named(Some(target_pipeline_execution_id), "execution")?;
        let api = self.api_seen(seen)?;
        let id = usecases::rollback(
            api.as_ref(),
            &self.policy(),
            pipeline,
            stage,
            target_pipeline_execution_id,
            confirmation,
        )
        .await?;
        self.refresh(Some(pipeline));
        Ok(id)
    }

    /// Disable (with a reason) or enable a stage's transition.
    pub async fn set_transition(
        &self,
        pipeline: &str,
        stage: &str,
        transition: TransitionType,
        enabled: bool,
        reason: Option<&str>,
        seen: &Seen,
    ) -> Result<()> {
        let api = self.api_seen(seen)?;
        usecases::set_transition(api.as_ref(), pipeline, stage, transition, enabled, reason)
            .await?;
        self.refresh(Some(pipeline));
        Ok(())
    }

    /// Let the execution the dialog showed past the stage's beforeEntry or onSuccess condition
    /// that holds it (`OverrideStageCondition`, through the use case `pipewright override`
    /// uses); refused when the condition holds nothing, or another execution by now, or when a
    /// production stage's name was not typed back.
    pub async fn override_condition(
        &self,
        pipeline: &str,
        stage: &str,
        kind: ConditionKind,
        pipeline_execution_id: Option<&str>,
        confirmation: Option<&str>,
        seen: &Seen,
    ) -> Result<String> {
        let execution = named(pipeline_execution_id, "execution")?;
        let api = self.api_seen(seen)?;
        let id = usecases::override_condition(
            api.as_ref(),
            &self.policy(),
            pipeline,
            stage,
            kind,
            Some(execution),
            confirmation,
        )
        .await;
        self.refresh(Some(pipeline));
        Ok(id?)
    }
}
