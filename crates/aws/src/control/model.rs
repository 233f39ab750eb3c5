//! The control plane's data: what the watcher, the CLI and the control room show.
//!
//! These are plain serde types, decoupled from the SDK's types so that the UI gets stable shapes
//! ([`CodePipeline`](crate::CodePipeline) converts).
//! Execution, stage, action, condition and rule statuses are enums with an `Unknown` fallback
//! ([`super::status`]); other enum-like fields stay `String`s (the service adds values over
//! time); timestamps are RFC 3339 strings in UTC, which sort in time order.

use serde::{Deserialize, Serialize};

pub use super::status::{ActionStatus, ConditionStatus, ExecutionStatus, RuleStatus, StageStatus};

/// One page of a paginated listing.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_token: Option<String>,
}

/// A pipeline as `ListPipelines` reports it (sync and control share it).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineListItem {
    pub name: String,
    pub version: Option<i32>,
    pub pipeline_type: Option<String>,
    pub execution_mode: Option<String>,
    pub created: Option<String>,
    pub updated: Option<String>,
}

/// A pipeline with the summary of its latest execution (the pipeline list of the control room).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineOverview {
    pub pipeline: PipelineListItem,
    pub latest_execution: Option<ExecutionSummary>,
}

/// `GetPipelineState`: the latest execution of each stage and action.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineState {
    pub pipeline_name: String,
    pub pipeline_version: Option<i32>,
    pub created: Option<String>,
    pub updated: Option<String>,
    pub stages: Vec<StageState>,
}

/// One stage's latest execution, its inbound transition and its actions.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StageState {
    pub name: String,
    pub latest_execution: Option<StageExecution>,
    /// Executions waiting to enter the stage (the inbound transition is disabled, or QUEUED mode).
    pub inbound_executions: Vec<StageExecution>,
    pub inbound_transition: Option<TransitionState>,
    pub actions: Vec<ActionState>,
    /// `retryStageMetadata.autoStageRetryAttempt` / `manualStageRetryAttempt` / `latestRetryTrigger`.
    pub retry_attempts: Option<RetryMetadata>,
    /// The stage's conditions as they last ran (beforeEntry, onSuccess, onFailure; only those
    /// that ran), each with its rules' latest results.
    #[serde(default)]
    pub conditions: Vec<ConditionRun>,
}

/// Which condition of a stage: `OverrideStageCondition`'s `conditionType` is `BEFORE_ENTRY` or
/// `ON_SUCCESS`; onFailure conditions are shown but cannot be overridden.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ConditionKind {
    BeforeEntry,
    OnSuccess,
    OnFailure,
}

impl ConditionKind {
    /// The name the design file uses (`beforeEntry`, `onSuccess`, `onFailure`).
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionKind::BeforeEntry => "beforeEntry",
            ConditionKind::OnSuccess => "onSuccess",
            ConditionKind::OnFailure => "onFailure",
        }
    }

    /// True for the kinds `OverrideStageCondition` accepts.
    pub fn can_override(self) -> bool {
        self != ConditionKind::OnFailure
    }
}

/// A stage condition's latest evaluation (`StageConditionState`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionRun {
    pub kind: ConditionKind,
    /// `Unknown` when the service names none.
    pub status: ConditionStatus,
    pub summary: Option<String>,
    pub last_status_change: Option<String>,
    pub rules: Vec<RuleRun>,
}

impl ConditionRun {
    /// True while the condition holds the stage (a rule still evaluating, e.g. a closed
    /// deployment window): what Override lets go.
    pub fn is_holding(&self) -> bool {
        self.status == ConditionStatus::InProgress
    }
}

/// One rule of a condition and its latest result (`RuleState`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleRun {
    pub name: String,
    pub rule_execution_id: Option<String>,
    /// `None` while the rule has not run yet.
    pub status: Option<RuleStatus>,
    /// What the rule says, e.g. "Held by deployment window until 14:00 UTC".
    pub summary: Option<String>,
    pub last_status_change: Option<String>,
    pub error: Option<ErrorDetail>,
    pub external_execution_url: Option<String>,
}

/// One rule execution (`ListRuleExecutions`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleExecutionDetail {
    pub pipeline_execution_id: String,
    pub rule_execution_id: String,
    pub stage_name: String,
    pub rule_name: String,
    /// `DeploymentWindow`, `CloudWatchAlarm`, ...
    pub provider: Option<String>,
    pub status: RuleStatus,
    pub summary: Option<String>,
    pub start_time: Option<String>,
    pub last_update_time: Option<String>,
    pub error: Option<ErrorDetail>,
}

/// `StageExecution`: which pipeline execution the stage last ran and how it ended.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StageExecution {
    pub pipeline_execution_id: String,
    pub status: StageStatus,
    /// STANDARD | ROLLBACK
    pub execution_type: Option<String>,
}

/// Whether executions may enter a stage.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransitionState {
    pub enabled: bool,
    pub last_changed_by: Option<String>,
    pub last_changed_at: Option<String>,
    pub disabled_reason: Option<String>,
}

/// How often a stage has been retried.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetryMetadata {
    pub auto_stage_retry_attempt: Option<i32>,
    pub manual_stage_retry_attempt: Option<i32>,
    pub latest_retry_trigger: Option<String>,
}

/// One action and its latest execution.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionState {
    pub name: String,
    pub latest_execution: Option<ActionRun>,
    /// The action's configured resource (e.g. the CodeBuild project) in the console.
    pub entity_url: Option<String>,
    pub revision_url: Option<String>,
    pub current_revision: Option<String>,
}

/// `ActionExecution` from `GetPipelineState`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionRun {
    pub action_execution_id: Option<String>,
    pub status: ActionStatus,
    pub summary: Option<String>,
    pub last_status_change: Option<String>,
    /// Present while a manual approval waits for a decision (not in PARALLEL mode).
    pub token: Option<String>,
    pub last_updated_by: Option<String>,
    pub external_execution_id: Option<String>,
    /// The external run, e.g. the CodeBuild build and its logs.
    pub external_execution_url: Option<String>,
    pub percent_complete: Option<i32>,
    pub error: Option<ErrorDetail>,
}

/// `ErrorDetails` of a failed action.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    pub code: Option<String>,
    pub message: Option<String>,
}

/// One execution in the history (`ListPipelineExecutions`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionSummary {
    pub pipeline_execution_id: String,
    pub status: ExecutionStatus,
    pub status_summary: Option<String>,
    pub start_time: Option<String>,
    pub last_update_time: Option<String>,
    pub trigger_type: Option<String>,
    pub trigger_detail: Option<String>,
    pub stop_reason: Option<String>,
    pub execution_mode: Option<String>,
    /// STANDARD | ROLLBACK
    pub execution_type: Option<String>,
    pub rollback_target: Option<String>,
    pub source_revisions: Vec<SourceRevision>,
}

/// The revision a source action ran with.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceRevision {
    pub action_name: String,
    pub revision_id: Option<String>,
    pub revision_summary: Option<String>,
    pub revision_url: Option<String>,
}

/// One action execution of a pipeline execution (`ListActionExecutions`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionExecutionDetail {
    pub pipeline_execution_id: String,
    pub action_execution_id: String,
    pub pipeline_version: Option<i32>,
    pub stage_name: String,
    pub action_name: String,
    pub status: ActionStatus,
    pub start_time: Option<String>,
    pub last_update_time: Option<String>,
    pub updated_by: Option<String>,
    /// `category/owner/provider/version`, e.g. `Approval/AWS/Manual/1`.
    pub category: Option<String>,
    pub provider: Option<String>,
    /// The action's configuration as it ran (e.g. `CustomData` of a manual approval).
    pub configuration: std::collections::BTreeMap<String, String>,
    /// In PARALLEL mode, the approval token of a waiting manual approval.
    pub external_execution_id: Option<String>,
    pub external_execution_url: Option<String>,
    pub summary: Option<String>,
    pub error: Option<ErrorDetail>,
    pub output_variables: std::collections::BTreeMap<String, String>,
}

impl ActionExecutionDetail {
    /// True for a manual approval (`Approval` category).
    pub fn is_approval(&self) -> bool {
        self.category.as_deref() == Some("Approval")
    }
}

/// The pipeline view: current state plus the recent history.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineView {
    pub state: PipelineState,
    pub executions: Vec<ExecutionSummary>,
    /// Pass back to load older executions.
    pub next_token: Option<String>,
}

/// A manual approval that waits for a decision, with the token to answer it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WaitingApproval {
    pub pipeline: String,
    pub stage: String,
    pub action: String,
    pub pipeline_execution_id: Option<String>,
    pub token: String,
    pub since: Option<String>,
    /// When the token expires (RFC 3339): 7 days after `since`
    /// ([`expiry::expires_at`](super::expiry::expires_at); the action's own
    /// `timeoutInMinutes`, when it has one, is in the release's `expiresAt`).
    #[serde(default)]
    pub expires_at: Option<String>,
}

/// `PutApprovalResult`'s status.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApprovalStatus {
    Approved,
    Rejected,
}

/// `retryMode` of `RetryStageExecution`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RetryMode {
    FailedActions,
    AllActions,
}

/// Which side of a stage a transition is on.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransitionType {
    Inbound,
    Outbound,
}

/// A pipeline variable for `StartPipelineExecution` (V2).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VariableValue {
    pub name: String,
    pub value: String,
}

/// A source revision override for `StartPipelineExecution` (V2).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceRevisionOverride {
    pub action_name: String,
    /// COMMIT_ID | IMAGE_DIGEST | S3_OBJECT_VERSION_ID | S3_OBJECT_KEY
    pub revision_type: String,
    pub revision_value: String,
}

/// The input of `StartPipelineExecution`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartInput {
    pub pipeline: String,
    pub variables: Vec<VariableValue>,
    pub source_revisions: Vec<SourceRevisionOverride>,
    pub client_request_token: Option<String>,
}

impl PipelineState {
    /// The stage named `name`.
    pub fn stage(&self, name: &str) -> Option<&StageState> {
        self.stages.iter().find(|s| s.name == name)
    }

    /// Every manual approval that waits with a token (not PARALLEL mode, whose state has none).
    pub fn waiting_approvals(&self) -> Vec<WaitingApproval> {
        let mut out = Vec::new();
        for stage in &self.stages {
            for action in &stage.actions {
                let Some(run) = &action.latest_execution else {
                    continue;
                };
                if run.status != ActionStatus::InProgress {
                    continue;
                }
                if let Some(token) = run.token.as_ref().filter(|t| !t.is_empty()) {
                    out.push(WaitingApproval {
                        pipeline: self.pipeline_name.clone(),
                        stage: stage.name.clone(),
                        action: action.name.clone(),
                        pipeline_execution_id: stage
                            .latest_execution
                            .as_ref()
                            .map(|e| e.pipeline_execution_id.clone()),
                        token: token.clone(),
                        expires_at: run
                            .last_status_change
                            .as_deref()
                            .and_then(|s| super::expiry::expires_at(s, None)),
                        since: run.last_status_change.clone(),
                    });
                }
            }
        }
        out
    }

    /// The execution currently in progress in any stage, if one is.
    pub fn running_execution(&self) -> Option<&str> {
        self.stages
            .iter()
            .filter_map(|s| s.latest_execution.as_ref())
            .find(|e| matches!(e.status, StageStatus::InProgress | StageStatus::Stopping))
            .map(|e| e.pipeline_execution_id.as_str())
    }
}
