//! What the control room changes on AWS, each through the control use cases of `pipewright-aws`
//! (which hold the rules: current approval token, production confirmation, input patterns)
//! against the active connection, with the user's production settings; the watchers look again
//! at the pipeline afterwards.

use pipewright_aws::control::{
    usecases, ApprovalOutcome, ApprovalRequest, RetryMode, StartInput, StopRequest, TransitionType,
};

use super::ControlRoom;
use crate::error::Result;

impl ControlRoom {
    /// Approve or reject a waiting approval with the token the service holds now.
    pub async fn decide(&self, request: &ApprovalRequest) -> Result<ApprovalOutcome> {
        let api = self.api()?;
        let outcome = usecases::decide_approval(api.as_ref(), &self.policy(), request).await;
        self.refresh(Some(&request.pipeline));
        Ok(outcome?)
    }

    /// Start an execution (variables and source revisions on V2 pipelines).
    pub async fn start_execution(
        &self,
        input: &StartInput,
        confirmation: Option<&str>,
    ) -> Result<String> {
        let api = self.api()?;
        let id = usecases::start(api.as_ref(), &self.policy(), input, confirmation).await?;
        self.refresh(Some(&input.pipeline));
        Ok(id)
    }

    /// Stop (let running actions finish) or abandon an execution, with a reason.
    pub async fn stop_execution(&self, request: &StopRequest) -> Result<String> {
        let api = self.api()?;
        let id = usecases::stop(api.as_ref(), request).await?;
        self.refresh(Some(&request.pipeline));
        Ok(id)
    }

    /// Retry a failed stage (failed actions, or all actions).
    pub async fn retry_stage(
        &self,
        pipeline: &str,
        stage: &str,
        pipeline_execution_id: Option<&str>,
        mode: RetryMode,
    ) -> Result<String> {
        let api = self.api()?;
        let id =
            usecases::retry(api.as_ref(), pipeline, stage, pipeline_execution_id, mode).await?;
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
    ) -> Result<String> {
        let api = self.api()?;
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
    ) -> Result<()> {
        let api = self.api()?;
        usecases::set_transition(api.as_ref(), pipeline, stage, transition, enabled, reason)
            .await?;
        self.refresh(Some(pipeline));
        Ok(())
    }
}
