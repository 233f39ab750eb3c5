//! What one poll saw of a pipeline, flattened so the decision logic does not care whether it came
//! from `GetPipelineState` or (PARALLEL mode) from `ListActionExecutions`.

use pipewright_aws::control::{
    ActionExecutionDetail, ActionStatus, ExecutionStatus, ExecutionSummary, PipelineState,
    StageStatus,
};
use serde::{Deserialize, Serialize};

/// One stage's latest execution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StageObs {
    pub stage: String,
    pub pipeline_execution_id: Option<String>,
    pub status: StageStatus,
}

/// One action's latest execution.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionObs {
    pub stage: String,
    pub action: String,
    pub pipeline_execution_id: Option<String>,
    pub action_execution_id: Option<String>,
    pub status: ActionStatus,
    /// A manual approval waiting for a decision.
    pub waiting_approval: bool,
    pub summary: Option<String>,
    pub error: Option<String>,
    pub external_url: Option<String>,
    pub custom_data: Option<String>,
    pub since: Option<String>,
}

/// Everything the decision logic needs about one pipeline at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub pipeline: String,
    pub stages: Vec<StageObs>,
    pub actions: Vec<ActionObs>,
    /// PARALLEL mode: the newest finished execution's status (the state has no single "latest").
    pub last_finished: Option<(String, ExecutionStatus)>,
}

impl Snapshot {
    /// From `GetPipelineState` (SUPERSEDED and QUEUED modes).
    pub fn from_state(state: &PipelineState) -> Self {
        let mut actions = Vec::new();
        let stages = state
            .stages
            .iter()
            .map(|s| {
                let exec = s
                    .latest_execution
                    .as_ref()
                    .map(|e| e.pipeline_execution_id.clone());
                for a in &s.actions {
                    let Some(run) = &a.latest_execution else {
                        continue;
                    };
                    let error = run.error.as_ref().map(|e| {
                        match (e.code.as_deref(), e.message.as_deref()) {
                            (Some(c), Some(m)) => format!("{c}: {m}"),
                            (None, Some(m)) => m.to_string(),
                            (Some(c), None) => c.to_string(),
                            (None, None) => String::new(),
                        }
                    });
                    actions.push(ActionObs {
                        stage: s.name.clone(),
                        action: a.name.clone(),
                        pipeline_execution_id: exec.clone(),
                        action_execution_id: run.action_execution_id.clone(),
                        status: run.status,
                        waiting_approval: run.status == ActionStatus::InProgress
                            && run.token.as_deref().is_some_and(|t| !t.is_empty()),
                        summary: run.summary.clone(),
                        error: error.filter(|e| !e.is_empty()),
                        external_url: run
                            .external_execution_url
                            .clone()
                            .or_else(|| a.entity_url.clone()),
                        custom_data: None,
                        since: run.last_status_change.clone(),
                    });
                }
                StageObs {
                    stage: s.name.clone(),
                    pipeline_execution_id: exec,
                    status: s
                        .latest_execution
                        .as_ref()
                        .map(|e| e.status)
                        .unwrap_or_default(),
                }
            })
            .collect();
        Snapshot {
            pipeline: state.pipeline_name.clone(),
            stages,
            actions,
            last_finished: None,
        }
    }

    /// PARALLEL mode: the recent executions and the action executions of those in progress.
    /// Each in-progress execution contributes its actions; the newest finished execution gives
    /// the pipeline's last result.
    pub fn from_parallel(
        pipeline: &str,
        executions: &[ExecutionSummary],
        actions: &[ActionExecutionDetail],
    ) -> Self {
        let last_finished = executions
            .iter()
            .find(|e| {
                !matches!(
                    e.status,
                    ExecutionStatus::InProgress | ExecutionStatus::Stopping
                )
            })
            .map(|e| (e.pipeline_execution_id.clone(), e.status));
        let mut stages: Vec<StageObs> = Vec::new();
        for e in executions
            .iter()
            .filter(|e| e.status == ExecutionStatus::InProgress)
        {
            stages.push(StageObs {
                stage: String::new(),
                pipeline_execution_id: Some(e.pipeline_execution_id.clone()),
                status: StageStatus::InProgress,
            });
        }
        let actions = actions
            .iter()
            .map(|a| ActionObs {
                stage: a.stage_name.clone(),
                action: a.action_name.clone(),
                pipeline_execution_id: Some(a.pipeline_execution_id.clone()),
                action_execution_id: Some(a.action_execution_id.clone()),
                status: a.status,
                waiting_approval: a.is_approval()
                    && a.status == ActionStatus::InProgress
                    && a.external_execution_id.is_some(),
                summary: a.summary.clone(),
                error: a.error.as_ref().and_then(|e| e.message.clone()),
                external_url: a.external_execution_url.clone(),
                custom_data: a.configuration.get("CustomData").cloned(),
                since: a.last_update_time.clone().or_else(|| a.start_time.clone()),
            })
            .collect();
        Snapshot {
            pipeline: pipeline.to_string(),
            stages,
            actions,
            last_finished,
        }
    }

    /// Something runs or waits: poll fast.
    pub fn is_active(&self) -> bool {
        self.stages
            .iter()
            .any(|s| matches!(s.status, StageStatus::InProgress | StageStatus::Stopping))
            || self
                .actions
                .iter()
                .any(|a| a.status == ActionStatus::InProgress)
    }

    /// Approvals waiting for a decision.
    pub fn waiting_approvals(&self) -> impl Iterator<Item = &ActionObs> {
        self.actions.iter().filter(|a| a.waiting_approval)
    }

    /// The pipeline is failing: a stage's latest execution failed (or, PARALLEL, the newest
    /// finished execution failed).
    pub fn is_failing(&self) -> bool {
        if let Some((_, status)) = &self.last_finished {
            return *status == ExecutionStatus::Failed;
        }
        self.stages.iter().any(|s| s.status == StageStatus::Failed)
    }

    /// The execution that last reached the final stage and succeeded there, if the last stage's
    /// latest execution succeeded.
    pub fn succeeded_execution(&self) -> Option<&str> {
        if let Some((id, status)) = &self.last_finished {
            return (*status == ExecutionStatus::Succeeded).then_some(id.as_str());
        }
        let last = self.stages.last()?;
        (last.status == StageStatus::Succeeded)
            .then_some(last.pipeline_execution_id.as_deref())
            .flatten()
    }

    /// The health summary the badge and the cctray feed use.
    pub fn health(&self) -> PipelineHealth {
        let failing = self.is_failing();
        let first_failure = self
            .actions
            .iter()
            .find(|a| a.status == ActionStatus::Failed)
            .map(|a| format!("{} › {}", a.stage, a.action))
            .or_else(|| {
                self.stages
                    .iter()
                    .find(|s| s.status == StageStatus::Failed)
                    .map(|s| s.stage.clone())
            });
        let last_status = if failing {
            BuildStatus::Failure
        } else if self.succeeded_execution().is_some() {
            BuildStatus::Success
        } else if self
            .stages
            .iter()
            .any(|s| matches!(s.status, StageStatus::Stopped | StageStatus::Cancelled))
        {
            BuildStatus::Exception
        } else {
            BuildStatus::Unknown
        };
        let last_change = self.actions.iter().filter_map(|a| a.since.clone()).max();
        let last_execution_id = self
            .last_finished
            .as_ref()
            .map(|(id, _)| id.clone())
            .or_else(|| {
                self.stages
                    .iter()
                    .rev()
                    .find_map(|s| s.pipeline_execution_id.clone())
            });
        PipelineHealth {
            connection: None,
            pipeline: self.pipeline.clone(),
            running: self.is_active(),
            approvals: self
                .waiting_approvals()
                .map(|a| format!("{} › {}", a.stage, a.action))
                .collect(),
            failing,
            failure: if failing { first_failure } else { None },
            last_status,
            last_execution_id,
            last_change,
        }
    }
}

/// How a pipeline's last result reads in a feed (cctray's `lastBuildStatus`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BuildStatus {
    Success,
    Failure,
    /// Stopped or cancelled: something prevented the run from finishing.
    Exception,
    Unknown,
}

/// Every followed pipeline's health, by pipeline name (what `Watcher::health` publishes).
pub type Healths = std::collections::BTreeMap<String, PipelineHealth>;

/// One pipeline's health for the tray and the feed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineHealth {
    /// The connection (set by the watcher).
    #[serde(default)]
    pub connection: Option<String>,
    pub pipeline: String,
    pub running: bool,
    /// `stage › action` of each waiting approval.
    pub approvals: Vec<String>,
    pub failing: bool,
    /// Where it fails, `stage › action` or the stage.
    pub failure: Option<String>,
    pub last_status: BuildStatus,
    pub last_execution_id: Option<String>,
    /// RFC 3339 time of the latest status change seen.
    pub last_change: Option<String>,
}
