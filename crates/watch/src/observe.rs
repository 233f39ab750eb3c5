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
        // One per run and action: a listing can name an action execution twice (its pages
        // shift while runs move on), and two runs waiting at one action are two approvals.
        let mut waiting: Vec<ActionAt> = Vec::new();
        for a in self.waiting_approvals() {
            let at = ActionAt {
                stage: Some(a.stage.clone()),
                action: Some(a.action.clone()),
                pipeline_execution_id: a.pipeline_execution_id.clone(),
                since: a.since.clone(),
            };
            if !waiting.iter().any(|w| w.same_place(&at)) {
                waiting.push(at);
            }
        }
        let failed_at = failing.then(|| {
            match self
                .actions
                .iter()
                .find(|a| a.status == ActionStatus::Failed)
            {
                Some(a) => ActionAt {
                    stage: Some(a.stage.clone()),
                    action: Some(a.action.clone()),
                    pipeline_execution_id: a.pipeline_execution_id.clone(),
                    since: a.since.clone(),
                },
                None => {
                    let stage = self.stages.iter().find(|s| s.status == StageStatus::Failed);
                    ActionAt {
                        stage: stage.map(|s| s.stage.clone()).filter(|s| !s.is_empty()),
                        action: None,
                        pipeline_execution_id: match &self.last_finished {
                            Some((id, _)) => Some(id.clone()),
                            None => stage.and_then(|s| s.pipeline_execution_id.clone()),
                        },
                        since: None,
                    }
                }
            }
        });
        PipelineHealth {
            connection: None,
            pipeline: self.pipeline.clone(),
            running: self.is_active(),
            approvals: waiting
                .iter()
                .map(|a| {
                    format!(
                        "{} › {}",
                        a.stage.as_deref().unwrap_or_default(),
                        a.action.as_deref().unwrap_or_default()
                    )
                })
                .collect(),
            waiting,
            failing,
            failure: if failing { first_failure } else { None },
            failed_at,
            last_status,
            last_execution_id,
            last_change,
        }
    }
}

/// How a pipeline's last result reads in a feed (cctray's `lastBuildStatus`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BuildStatus {
    Success,
    Failure,
    /// Stopped or cancelled: something prevented the run from finishing.
    Exception,
    #[default]
    Unknown,
}

/// Every followed pipeline's health, by pipeline name (what `Watcher::health` publishes).
pub type Healths = std::collections::BTreeMap<String, PipelineHealth>;

/// One pipeline's health for the tray and the feed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineHealth {
    /// The connection (set by the watcher).
    #[serde(default)]
    pub connection: Option<String>,
    pub pipeline: String,
    pub running: bool,
    /// `stage › action` of each waiting approval.
    pub approvals: Vec<String>,
    /// The same approvals with their runs, one per run and action (what the tray's lines open).
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub waiting: Vec<ActionAt>,
    pub failing: bool,
    /// Where it fails, `stage › action` or the stage.
    pub failure: Option<String>,
    /// The same, with its run, while failing (what the tray's failure line opens).
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub failed_at: Option<ActionAt>,
    pub last_status: BuildStatus,
    pub last_execution_id: Option<String>,
    /// RFC 3339 time of the latest status change seen.
    pub last_change: Option<String>,
}

/// Where in which run a waiting approval or a failure is: what a tray line opens. `None` parts
/// are not known (a PARALLEL-mode run that failed names only its execution).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionAt {
    pub stage: Option<String>,
    pub action: Option<String>,
    pub pipeline_execution_id: Option<String>,
    /// RFC 3339 time of its last status change (when an approval started waiting).
    pub since: Option<String>,
}

impl ActionAt {
    /// The same stage, action and run (whatever `since` says).
    pub fn same_place(&self, other: &ActionAt) -> bool {
        (&self.stage, &self.action, &self.pipeline_execution_id)
            == (&other.stage, &other.action, &other.pipeline_execution_id)
    }

    /// How long it has waited at `now_ms` (milliseconds since the epoch), when `since` is known.
    pub fn waited(&self, now_ms: i64) -> Option<std::time::Duration> {
        let since = chrono::DateTime::parse_from_rfc3339(self.since.as_deref()?).ok()?;
        let ms = now_ms.checked_sub(since.timestamp_millis())?;
        u64::try_from(ms).ok().map(std::time::Duration::from_millis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waiting(run: &str, id: &str) -> ActionObs {
        ActionObs {
            stage: "Approval".into(),
            action: "Manual".into(),
            pipeline_execution_id: Some(run.into()),
            action_execution_id: Some(id.into()),
            status: ActionStatus::InProgress,
            waiting_approval: true,
            since: Some("2026-12-06T17:00:00Z".into()),
            ..ActionObs::default()
        }
    }

    #[test]
    fn health_has_one_approval_per_run_and_the_failed_action_with_its_run() {
        let snap = Snapshot {
            pipeline: "mobile".into(),
            stages: vec![],
            actions: vec![
                waiting("run-a", "x1"),
                waiting("run-b", "x2"),
                // Listed again (a listing whose pages shifted).
                waiting("run-a", "x1"),
                ActionObs {
                    stage: "Build".into(),
                    action: "Compile".into(),
                    pipeline_execution_id: Some("run-c".into()),
                    status: ActionStatus::Failed,
                    ..ActionObs::default()
                },
            ],
            last_finished: Some(("run-c".into(), ExecutionStatus::Failed)),
        };
        let health = snap.health();
        assert_eq!(health.approvals, vec!["Approval › Manual"; 2]);
        let runs: Vec<Option<&str>> = health
            .waiting
            .iter()
            .map(|w| w.pipeline_execution_id.as_deref())
            .collect();
        assert_eq!(runs, vec![Some("run-a"), Some("run-b")]);
        let failed = health.failed_at.expect("failing");
        assert_eq!(
            (failed.stage.as_deref(), failed.action.as_deref()),
            (Some("Build"), Some("Compile"))
        );
        assert_eq!(failed.pipeline_execution_id.as_deref(), Some("run-c"));
    }
}
