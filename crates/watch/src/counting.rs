//! A [`ControlApi`] decorator that counts calls per operation (benchmarks, tests, and an "API
//! calls per minute" figure in the app).

use std::collections::BTreeMap;
use std::sync::Mutex;

use async_trait::async_trait;
use pipewright_aws::control::*;

/// Counts every call made through it, then delegates.
pub struct CountingApi<A> {
    inner: A,
    counts: Mutex<BTreeMap<&'static str, u64>>,
}

impl<A> CountingApi<A> {
    pub fn new(inner: A) -> Self {
        Self {
            inner,
            counts: Mutex::new(BTreeMap::new()),
        }
    }

    fn tick(&self, op: &'static str) {
        if let Ok(mut c) = self.counts.lock() {
            *c.entry(op).or_default() += 1;
        }
    }

    /// Calls so far, per operation.
    pub fn counts(&self) -> BTreeMap<&'static str, u64> {
        self.counts.lock().map(|c| c.clone()).unwrap_or_default()
    }

    /// Calls so far, all operations.
    pub fn total(&self) -> u64 {
        self.counts().values().sum()
    }

    pub fn inner(&self) -> &A {
        &self.inner
    }
}

#[async_trait]
impl<A: ControlApi> ControlApi for CountingApi<A> {
    async fn list_pipelines(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<PipelineListItem>, ControlError> {
        self.tick("ListPipelines");
        self.inner.list_pipelines(next_token).await
    }

    async fn get_pipeline_summary(&self, pipeline: &str) -> Result<PipelineListItem, ControlError> {
        self.tick("GetPipeline");
        self.inner.get_pipeline_summary(pipeline).await
    }

    async fn get_pipeline_state(&self, pipeline: &str) -> Result<PipelineState, ControlError> {
        self.tick("GetPipelineState");
        self.inner.get_pipeline_state(pipeline).await
    }

    async fn list_pipeline_executions(
        &self,
        pipeline: &str,
        succeeded_in_stage: Option<&str>,
        max_results: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Page<ExecutionSummary>, ControlError> {
        self.tick("ListPipelineExecutions");
        self.inner
            .list_pipeline_executions(pipeline, succeeded_in_stage, max_results, next_token)
            .await
    }

    async fn list_action_executions(
        &self,
        pipeline: &str,
        pipeline_execution_id: Option<&str>,
        max_results: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Page<ActionExecutionDetail>, ControlError> {
        self.tick("ListActionExecutions");
        self.inner
            .list_action_executions(pipeline, pipeline_execution_id, max_results, next_token)
            .await
    }

    async fn put_approval_result(
        &self,
        pipeline: &str,
        stage: &str,
        action: &str,
        token: &str,
        status: ApprovalStatus,
        summary: &str,
    ) -> Result<(), ControlError> {
        self.tick("PutApprovalResult");
        self.inner
            .put_approval_result(pipeline, stage, action, token, status, summary)
            .await
    }

    async fn start_pipeline_execution(&self, input: &StartInput) -> Result<String, ControlError> {
        self.tick("StartPipelineExecution");
        self.inner.start_pipeline_execution(input).await
    }

    async fn stop_pipeline_execution(
        &self,
        pipeline: &str,
        pipeline_execution_id: &str,
        abandon: bool,
        reason: Option<&str>,
    ) -> Result<(), ControlError> {
        self.tick("StopPipelineExecution");
        self.inner
            .stop_pipeline_execution(pipeline, pipeline_execution_id, abandon, reason)
            .await
    }

    async fn retry_stage_execution(
        &self,
        pipeline: &str,
        stage: &str,
        pipeline_execution_id: &str,
        mode: RetryMode,
    ) -> Result<String, ControlError> {
        self.tick("RetryStageExecution");
        self.inner
            .retry_stage_execution(pipeline, stage, pipeline_execution_id, mode)
            .await
    }

    async fn rollback_stage(
        &self,
        pipeline: &str,
        stage: &str,
        target_pipeline_execution_id: &str,
    ) -> Result<String, ControlError> {
        self.tick("RollbackStage");
        self.inner
            .rollback_stage(pipeline, stage, target_pipeline_execution_id)
            .await
    }

    async fn set_stage_transition(
        &self,
        pipeline: &str,
        stage: &str,
        transition: TransitionType,
        enabled: bool,
        reason: Option<&str>,
    ) -> Result<(), ControlError> {
        self.tick("SetStageTransition");
        self.inner
            .set_stage_transition(pipeline, stage, transition, enabled, reason)
            .await
    }
}
