//! An in-memory [`ControlApi`] for the use cases' unit tests: it holds pipeline states, records
//! each call, and answers approvals the way the service does (a token is good once).

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::api::ControlApi;
use super::error::ControlError;
use super::model::*;

#[derive(Default)]
pub struct Fake {
    pub states: Mutex<HashMap<String, PipelineState>>,
    pub modes: Mutex<HashMap<String, String>>,
    pub executions: Mutex<HashMap<String, Vec<ExecutionSummary>>>,
    pub actions: Mutex<HashMap<String, Vec<ActionExecutionDetail>>>,
    pub calls: Mutex<Vec<String>>,
}

impl Fake {
    fn log(&self, call: String) {
        self.calls.lock().unwrap().push(call);
    }

    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    /// A pipeline `Source -> <stage> (approval action `Approve` waiting with `token`)`.
    pub fn with_waiting_approval(self, pipeline: &str, stage: &str, token: &str) -> Self {
        let state = PipelineState {
            pipeline_name: pipeline.into(),
            stages: vec![
                StageState {
                    name: "Source".into(),
                    latest_execution: Some(StageExecution {
                        pipeline_execution_id: "exec-1".into(),
                        status: "Succeeded".into(),
                        execution_type: None,
                    }),
                    ..Default::default()
                },
                StageState {
                    name: stage.into(),
                    latest_execution: Some(StageExecution {
                        pipeline_execution_id: "exec-1".into(),
                        status: "InProgress".into(),
                        execution_type: None,
                    }),
                    actions: vec![ActionState {
                        name: "Approve".into(),
                        latest_execution: Some(ActionRun {
                            status: "InProgress".into(),
                            token: Some(token.into()),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        self.states
            .lock()
            .unwrap()
            .insert(pipeline.to_string(), state);
        self
    }
}

#[async_trait]
impl ControlApi for Fake {
    async fn list_pipelines(
        &self,
        _next_token: Option<String>,
    ) -> Result<Page<PipelineListItem>, ControlError> {
        self.log("ListPipelines".into());
        let mut names: Vec<String> = self.states.lock().unwrap().keys().cloned().collect();
        names.sort();
        Ok(Page {
            items: names
                .into_iter()
                .map(|name| PipelineListItem {
                    name,
                    ..Default::default()
                })
                .collect(),
            next_token: None,
        })
    }

    async fn get_pipeline_summary(&self, pipeline: &str) -> Result<PipelineListItem, ControlError> {
        self.log(format!("GetPipeline {pipeline}"));
        Ok(PipelineListItem {
            name: pipeline.into(),
            execution_mode: self.modes.lock().unwrap().get(pipeline).cloned(),
            ..Default::default()
        })
    }

    async fn get_pipeline_state(&self, pipeline: &str) -> Result<PipelineState, ControlError> {
        self.log(format!("GetPipelineState {pipeline}"));
        self.states
            .lock()
            .unwrap()
            .get(pipeline)
            .cloned()
            .ok_or_else(|| ControlError::PipelineNotFound(pipeline.into()))
    }

    async fn list_pipeline_executions(
        &self,
        pipeline: &str,
        succeeded_in_stage: Option<&str>,
        max_results: Option<i32>,
        _next_token: Option<String>,
    ) -> Result<Page<ExecutionSummary>, ControlError> {
        self.log(format!(
            "ListPipelineExecutions {pipeline} {}",
            succeeded_in_stage.unwrap_or("-")
        ));
        let mut items = self
            .executions
            .lock()
            .unwrap()
            .get(pipeline)
            .cloned()
            .unwrap_or_default();
        if succeeded_in_stage.is_some() {
            items.retain(|e| e.status == "Succeeded");
        }
        items.truncate(max_results.unwrap_or(100) as usize);
        Ok(Page {
            items,
            next_token: None,
        })
    }

    async fn list_action_executions(
        &self,
        pipeline: &str,
        pipeline_execution_id: Option<&str>,
        _max_results: Option<i32>,
        _next_token: Option<String>,
    ) -> Result<Page<ActionExecutionDetail>, ControlError> {
        self.log(format!("ListActionExecutions {pipeline}"));
        let mut items = self
            .actions
            .lock()
            .unwrap()
            .get(pipeline)
            .cloned()
            .unwrap_or_default();
        if let Some(id) = pipeline_execution_id {
            items.retain(|a| a.pipeline_execution_id == id);
        }
        Ok(Page {
            items,
            next_token: None,
        })
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
        self.log(format!(
            "PutApprovalResult {pipeline} {stage} {action} {token} {status:?} {summary}"
        ));
        let mut states = self.states.lock().unwrap();
        let run = states
            .get_mut(pipeline)
            .and_then(|s| s.stages.iter_mut().find(|s| s.name == stage))
            .and_then(|s| s.actions.iter_mut().find(|a| a.name == action))
            .and_then(|a| a.latest_execution.as_mut());
        if let Some(run) = run.filter(|r| r.token.as_deref() == Some(token)) {
            run.token = None;
            run.status = match status {
                ApprovalStatus::Approved => "Succeeded".into(),
                ApprovalStatus::Rejected => "Failed".into(),
            };
            return Ok(());
        }
        // PARALLEL: the token is an action execution's externalExecutionId.
        let mut actions = self.actions.lock().unwrap();
        if let Some(a) = actions.get_mut(pipeline).and_then(|v| {
            v.iter_mut().find(|a| {
                a.stage_name == stage
                    && a.action_name == action
                    && a.status == "InProgress"
                    && a.external_execution_id.as_deref() == Some(token)
            })
        }) {
            a.status = "Succeeded".into();
            return Ok(());
        }
        Err(ControlError::ApprovalStale {
            refreshed: Box::new(None),
        })
    }

    async fn start_pipeline_execution(&self, input: &StartInput) -> Result<String, ControlError> {
        self.log(format!(
            "StartPipelineExecution {} vars={}",
            input.pipeline,
            input.variables.len()
        ));
        Ok("exec-new".into())
    }

    async fn stop_pipeline_execution(
        &self,
        pipeline: &str,
        pipeline_execution_id: &str,
        abandon: bool,
        reason: Option<&str>,
    ) -> Result<(), ControlError> {
        self.log(format!(
            "StopPipelineExecution {pipeline} {pipeline_execution_id} abandon={abandon} {}",
            reason.unwrap_or("-")
        ));
        Ok(())
    }

    async fn retry_stage_execution(
        &self,
        pipeline: &str,
        stage: &str,
        pipeline_execution_id: &str,
        mode: RetryMode,
    ) -> Result<String, ControlError> {
        self.log(format!(
            "RetryStageExecution {pipeline} {stage} {pipeline_execution_id} {mode:?}"
        ));
        Ok(pipeline_execution_id.into())
    }

    async fn rollback_stage(
        &self,
        pipeline: &str,
        stage: &str,
        target: &str,
    ) -> Result<String, ControlError> {
        self.log(format!("RollbackStage {pipeline} {stage} {target}"));
        Ok("exec-rollback".into())
    }

    async fn set_stage_transition(
        &self,
        pipeline: &str,
        stage: &str,
        transition: TransitionType,
        enabled: bool,
        reason: Option<&str>,
    ) -> Result<(), ControlError> {
        self.log(format!(
            "SetStageTransition {pipeline} {stage} {transition:?} {enabled} {}",
            reason.unwrap_or("-")
        ));
        Ok(())
    }
}
