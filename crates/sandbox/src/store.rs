//! The sandbox's data: pipelines (every version of their declaration, tags, transitions) and
//! their executions (stages, actions, attempts, condition runs), plus the counters fault
//! injection needs. Plain data with accessors: the `executions` module moves executions, the
//! `pipelines` module changes pipelines, and the `api` module reads both to answer calls. The
//! server keeps one [`Store`] behind one mutex.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use crate::config::SandboxConfig;
use crate::error::{ApiError, ApiResult};
use crate::scenario::Scenario;
use crate::world::World;

/// The AWS `PipelineExecutionStatus` enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecStatus {
    Cancelled,
    InProgress,
    Stopped,
    Stopping,
    Succeeded,
    Superseded,
    Failed,
}

impl ExecStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ExecStatus::Cancelled => "Cancelled",
            ExecStatus::InProgress => "InProgress",
            ExecStatus::Stopped => "Stopped",
            ExecStatus::Stopping => "Stopping",
            ExecStatus::Succeeded => "Succeeded",
            ExecStatus::Superseded => "Superseded",
            ExecStatus::Failed => "Failed",
        }
    }
}

/// The AWS `StageExecutionStatus` enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageStatus {
    Cancelled,
    InProgress,
    Failed,
    Stopped,
    Stopping,
    Succeeded,
    Skipped,
}

impl StageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StageStatus::Cancelled => "Cancelled",
            StageStatus::InProgress => "InProgress",
            StageStatus::Failed => "Failed",
            StageStatus::Stopped => "Stopped",
            StageStatus::Stopping => "Stopping",
            StageStatus::Succeeded => "Succeeded",
            StageStatus::Skipped => "Skipped",
        }
    }
}

/// The AWS `ActionExecutionStatus` enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionStatus {
    InProgress,
    Abandoned,
    Succeeded,
    Failed,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::InProgress => "InProgress",
            ActionStatus::Abandoned => "Abandoned",
            ActionStatus::Succeeded => "Succeeded",
            ActionStatus::Failed => "Failed",
        }
    }
}

/// A stage condition that runs rules: before the stage's actions, or after they succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    BeforeEntry,
    OnSuccess,
}

impl Gate {
    /// The AWS `ConditionType` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Gate::BeforeEntry => "BEFORE_ENTRY",
            Gate::OnSuccess => "ON_SUCCESS",
        }
    }
}

/// The AWS `ConditionExecutionStatus` enum (the values the sandbox produces).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionStatus {
    InProgress,
    Failed,
    Succeeded,
    Abandoned,
    Overridden,
}

impl ConditionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionStatus::InProgress => "InProgress",
            ConditionStatus::Failed => "Failed",
            ConditionStatus::Succeeded => "Succeeded",
            ConditionStatus::Abandoned => "Abandoned",
            ConditionStatus::Overridden => "Overridden",
        }
    }
}

/// Where a running stage is: checking entry conditions, running actions, checking success
/// conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Entry,
    Actions,
    Success,
}

/// One evaluation of a stage condition and its rules.
#[derive(Debug, Clone)]
pub struct GateRun {
    pub kind: Gate,
    /// The condition's result when it fails: FAIL, SKIP (entry) or ROLLBACK (success).
    pub result: String,
    pub status: ConditionStatus,
    pub last_update: f64,
    pub summary: Option<String>,
    pub rules: Vec<RuleRun>,
}

#[derive(Debug, Clone)]
pub struct RuleRun {
    pub name: String,
    pub decl: Value,
    pub attempt: Attempt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Inbound,
    Outbound,
}

#[derive(Debug, Clone)]
pub struct Transition {
    pub enabled: bool,
    pub last_changed_by: String,
    pub last_changed_at: f64,
    pub reason: Option<String>,
}

#[derive(Debug)]
pub struct PipelineRecord {
    /// Declarations by version (index = version - 1), each with its `version` field set.
    pub versions: Vec<Value>,
    pub created: f64,
    pub updated: f64,
    pub arn: String,
    pub tags: BTreeMap<String, String>,
    pub transitions: HashMap<(String, Direction), Transition>,
    /// Execution ids in start order.
    pub executions: Vec<String>,
    /// StartPipelineExecution clientRequestToken -> (execution id, request fingerprint).
    pub client_tokens: HashMap<String, (String, String)>,
}

impl PipelineRecord {
    /// A new pipeline at version 1.
    pub fn new(decl: Value, arn: String, tags: BTreeMap<String, String>, now: f64) -> Self {
        PipelineRecord {
            versions: vec![decl],
            created: now,
            updated: now,
            arn,
            tags,
            transitions: HashMap::new(),
            executions: Vec::new(),
            client_tokens: HashMap::new(),
        }
    }
    pub fn current(&self) -> &Value {
        self.versions.last().unwrap_or(&Value::Null)
    }
    pub fn version(&self) -> i64 {
        self.versions.len() as i64
    }
    pub fn execution_mode(&self) -> String {
        self.current()
            .get("executionMode")
            .and_then(Value::as_str)
            .unwrap_or("SUPERSEDED")
            .to_string()
    }
    pub fn stage_names(&self) -> Vec<String> {
        stage_names(self.current())
    }
    pub fn transition_enabled(&self, stage: &str, dir: Direction) -> bool {
        self.transitions
            .get(&(stage.to_string(), dir))
            .is_none_or(|t| t.enabled)
    }
}

pub fn stage_names(decl: &Value) -> Vec<String> {
    decl.get("stages")
        .and_then(Value::as_array)
        .map(|stages| {
            stages
                .iter()
                .filter_map(|s| s.get("name").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Debug, Clone)]
pub struct StopRequest {
    pub abandon: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Waiting to enter stage i (held by a transition, a busy stage, or the queue).
    Waiting(usize),
    /// Running stage i.
    Running(usize),
    Done,
}

#[derive(Debug)]
pub struct Execution {
    pub id: String,
    pub pipeline: String,
    pub pipeline_version: i64,
    pub status: ExecStatus,
    pub status_summary: Option<String>,
    pub start_time: f64,
    pub last_update: f64,
    pub trigger_type: &'static str,
    pub trigger_detail: String,
    pub stop: Option<StopRequest>,
    /// The pipeline was updated: finish running actions, then end as Cancelled.
    pub cancel: bool,
    pub mode: String,
    /// For ROLLBACK executions: the execution rolled back to.
    pub rollback_target: Option<String>,
    /// Pipeline variables with their resolved values.
    pub variables: Vec<(String, String)>,
    /// sourceRevisions overrides: (actionName, revisionType, revisionValue).
    pub source_overrides: Vec<(String, String, String)>,
    /// Revisions produced by source actions.
    pub source_revisions: Vec<SourceRevision>,
    pub stages: Vec<StageRun>,
    pub position: Position,
    /// ROLLBACK executions run this stage only.
    pub only_stage: Option<usize>,
    /// The roleArn of the pipeline version the execution runs.
    pub role_arn: String,
}

impl Execution {
    pub fn execution_type(&self) -> &'static str {
        if self.rollback_target.is_some() {
            "ROLLBACK"
        } else {
            "STANDARD"
        }
    }
    pub fn stage(&self, name: &str) -> Option<(usize, &StageRun)> {
        self.stages.iter().enumerate().find(|(_, s)| s.name == name)
    }

    /// Abandon the running actions of stage `i` (all of them, or only approvals).
    pub fn abandon_running(&mut self, i: usize, now: f64, approvals_only: bool) {
        for a in self.stages[i].actions.iter_mut() {
            let approval = a.category() == "Approval";
            if let Some(at) = a.attempts.last_mut() {
                if at.status == ActionStatus::InProgress && (approval || !approvals_only) {
                    at.abandon(now);
                }
            }
        }
    }

    /// Substitute `#{variables.NAME}` (pipeline variables) and `#{Namespace.NAME}` (output
    /// variables of this execution's actions that declare a namespace).
    pub fn resolve(&self, text: &str) -> String {
        let mut out = text.to_string();
        if !out.contains("#{") {
            return out;
        }
        for (n, v) in &self.variables {
            out = out.replace(&format!("#{{variables.{n}}}"), v);
        }
        for stage in &self.stages {
            for a in &stage.actions {
                let Some(ns) = a.decl.get("namespace").and_then(Value::as_str) else {
                    continue;
                };
                if let Some(at) = a.latest() {
                    for (n, v) in &at.output_variables {
                        out = out.replace(&format!("#{{{ns}.{n}}}"), v);
                    }
                }
            }
        }
        out
    }
}

/// The revision a source action produced in an execution.
#[derive(Debug, Clone)]
pub struct SourceRevision {
    pub action: String,
    /// Its output artifact's name.
    pub artifact: String,
    /// The commit id (or object version, image digest).
    pub id: String,
    pub summary: String,
    pub url: Option<String>,
}

#[derive(Debug)]
pub struct StageRun {
    pub name: String,
    pub status: Option<StageStatus>,
    pub entered_at: Option<f64>,
    pub actions: Vec<ActionRun>,
    /// The stage's `onFailure` declaration (result RETRY / ROLLBACK / FAIL).
    pub on_failure: Option<Value>,
    pub before_entry: Option<Value>,
    pub on_success: Option<Value>,
    pub phase: Phase,
    /// The condition evaluation in progress (index into `gates`).
    pub gate: Option<usize>,
    /// Every condition evaluation of this stage in this execution.
    pub gates: Vec<GateRun>,
    pub auto_retries: u32,
    pub manual_retries: u32,
    pub latest_retry_trigger: Option<&'static str>,
}

impl StageRun {
    /// Enter (or re-enter) the stage: entry conditions first when it has any.
    pub fn enter(&mut self, now: f64) {
        self.status = Some(StageStatus::InProgress);
        self.entered_at = Some(now);
        self.gate = None;
        self.phase = if has_conditions(self.before_entry.as_ref()) {
            Phase::Entry
        } else {
            Phase::Actions
        };
    }

    /// The latest evaluation of a kind of condition.
    pub fn latest_gate(&self, kind: Gate) -> Option<&GateRun> {
        self.gates.iter().rev().find(|g| g.kind == kind)
    }
}

/// Whether a beforeEntry/onSuccess declaration has a condition to evaluate.
pub fn has_conditions(decl: Option<&Value>) -> bool {
    decl.and_then(|d| d.pointer("/conditions/0")).is_some()
}

#[derive(Debug)]
pub struct ActionRun {
    pub name: String,
    pub run_order: i64,
    pub decl: Value,
    /// Set by RetryStageExecution: run again even though it has run.
    pub rerun: bool,
    pub attempts: Vec<Attempt>,
}

impl ActionRun {
    pub fn latest(&self) -> Option<&Attempt> {
        self.attempts.last()
    }
    pub fn category(&self) -> &str {
        self.decl
            .pointer("/actionTypeId/category")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    pub fn provider(&self) -> &str {
        self.decl
            .pointer("/actionTypeId/provider")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    pub fn config(&self, key: &str) -> Option<&str> {
        self.decl
            .get("configuration")
            .and_then(|c| c.get(key))
            .and_then(Value::as_str)
    }
}

#[derive(Debug, Clone)]
pub struct Attempt {
    pub id: String,
    pub status: ActionStatus,
    pub start: f64,
    pub last_update: f64,
    /// When a running (non-approval) action completes.
    pub finish_at: Option<f64>,
    /// The failure the scenario planned for this run.
    pub planned_failure: Option<String>,
    pub planned_summary: Option<String>,
    /// Approval token and its expiry.
    pub token: Option<String>,
    pub expires: Option<f64>,
    /// A rule waiting for something outside it (a deployment window opening) until then.
    pub held_until: Option<f64>,
    /// How long a held rule runs once its hold ends.
    pub duration_ms: u64,
    pub summary: Option<String>,
    pub external_id: Option<String>,
    pub external_url: Option<String>,
    pub error: Option<(String, String)>,
    pub updated_by: Option<String>,
    pub output_variables: BTreeMap<String, String>,
}

impl Attempt {
    /// A run that starts now, with nothing planned yet.
    pub fn new(id: String, now: f64) -> Self {
        Attempt {
            id,
            status: ActionStatus::InProgress,
            start: now,
            last_update: now,
            finish_at: None,
            planned_failure: None,
            planned_summary: None,
            token: None,
            expires: None,
            held_until: None,
            duration_ms: 0,
            summary: None,
            external_id: None,
            external_url: None,
            error: None,
            updated_by: None,
            output_variables: BTreeMap::new(),
        }
    }

    /// Stop a run in progress where it is: `Abandoned`, nothing planned left.
    pub fn abandon(&mut self, now: f64) {
        self.status = ActionStatus::Abandoned;
        self.last_update = now;
        self.finish_at = None;
        self.held_until = None;
        self.planned_failure = None;
    }
}

/// One event: its `detail-type`, the pipeline ARN it is about, its `detail`, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub pipeline: String,
    pub detail_type: &'static str,
    pub resource: String,
    pub detail: serde_json::Value,
    pub time: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub status: Option<ExecStatus>,
    pub stages: Vec<Option<StageStatus>>,
    pub attempts: HashMap<String, ActionStatus>,
}

/// What the events observer (`executions::events`) last saw of every execution, and the
/// events not yet taken.
#[derive(Debug, Default)]
pub struct Observer {
    /// Off unless events are published (nothing is kept then).
    pub enabled: bool,
    pub seen: HashMap<String, Seen>,
    pub queue: Vec<Event>,
}

impl Observer {
    /// Take the events queued so far, oldest first.
    pub fn take(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.queue)
    }
}

/// Everything the sandbox knows, behind the server's one mutex.
pub struct Store {
    pub config: SandboxConfig,
    pub base_url: String,
    pub pipelines: BTreeMap<String, PipelineRecord>,
    pub executions: HashMap<String, Execution>,
    /// The executions that may still change (not finished, or finished since the engine last
    /// looked): the engine steps and observes only these, so a call costs the same with ten
    /// pipelines or ten thousand. Filled by [`Store::insert_execution`] and a retry; the
    /// engine drops finished ones.
    pub live: BTreeSet<String>,
    /// How many times each (pipeline, stage, action) has started, for `failTimes`.
    pub run_counts: HashMap<(String, String, String), u32>,
    /// API calls answered, for `throttleEvery`.
    pub calls: u64,
    /// Throttle this many of the next calls.
    pub throttle_next: u64,
    /// Automated rollbacks to start: (pipeline, stage, failed execution id).
    pub pending_rollbacks: Vec<(String, String, String)>,
    /// Repositories, connections, alarms, projects, stacks, sign-in: what the other services know.
    pub world: World,
    /// State-change events not yet handed to the publisher (only when events are published).
    pub events: Observer,
    /// Which account each access key belongs to, the roles, and the account of the call
    /// being answered.
    pub accounts: crate::accounts::Accounts,
}

impl Store {
    pub fn new(config: SandboxConfig, base_url: String) -> Self {
        let mut world = World::default();
        config.scenario.apply(&mut world, 0.0);
        let mut accounts = crate::accounts::Accounts::default();
        for (key, account) in &config.access_keys {
            accounts.register_key(key, account);
        }
        for role in &config.roles {
            accounts.add_role(role.clone());
        }
        Store {
            accounts,
            config,
            base_url,
            pipelines: BTreeMap::new(),
            executions: HashMap::new(),
            live: BTreeSet::new(),
            run_counts: HashMap::new(),
            calls: 0,
            throttle_next: 0,
            pending_rollbacks: Vec::new(),
            world,
            events: Default::default(),
        }
    }

    /// Forget every pipeline and execution (the configuration stays).
    pub fn reset(&mut self, _now: f64) {
        self.pipelines.clear();
        self.executions.clear();
        self.live.clear();
        self.run_counts.clear();
        self.pending_rollbacks.clear();
    }

    /// Replace the scenario; `failTimes` counts runs from here.
    pub fn set_scenario(&mut self, scenario: Scenario, now: f64) {
        scenario.apply(&mut self.world, now);
        self.config.scenario = scenario;
        self.run_counts.clear();
    }

    pub fn arn(&self, name: &str) -> String {
        format!(
            "arn:aws:codepipeline:{}:{}:{name}",
            self.config.region,
            self.accounts.current()
        )
    }

    pub fn pipeline(&self, name: &str) -> ApiResult<&PipelineRecord> {
        self.pipelines
            .get(name)
            .ok_or_else(|| ApiError::pipeline_not_found(name))
    }

    pub fn pipeline_mut(&mut self, name: &str) -> ApiResult<&mut PipelineRecord> {
        self.pipelines
            .get_mut(name)
            .ok_or_else(|| ApiError::pipeline_not_found(name))
    }

    /// An execution of this pipeline (PipelineNotFound before PipelineExecutionNotFound).
    pub fn execution(&self, pipeline: &str, id: &str) -> ApiResult<&Execution> {
        self.pipeline(pipeline)?;
        self.executions
            .get(id)
            .filter(|ex| ex.pipeline == pipeline)
            .ok_or_else(|| ApiError::execution_not_found(pipeline, id))
    }

    pub fn execution_mut(&mut self, pipeline: &str, id: &str) -> ApiResult<&mut Execution> {
        self.pipeline(pipeline)?;
        self.executions
            .get_mut(id)
            .filter(|ex| ex.pipeline == pipeline)
            .ok_or_else(|| ApiError::execution_not_found(pipeline, id))
    }

    /// Executions of a pipeline in start order.
    /// Add a new execution (its pipeline's list is the caller's); the engine will step it.
    pub fn insert_execution(&mut self, id: String, ex: Execution) {
        self.live.insert(id.clone());
        self.executions.insert(id, ex);
    }

    /// Forget the finished executions the engine has stepped and observed for the last time.
    pub fn drop_finished(&mut self) {
        let executions = &self.executions;
        self.live.retain(|id| {
            executions.get(id).is_some_and(|ex| {
                matches!(ex.status, ExecStatus::InProgress | ExecStatus::Stopping)
                    || ex.position != Position::Done
            })
        });
    }

    pub fn executions_of(&self, pipeline: &str) -> Vec<&Execution> {
        self.pipelines
            .get(pipeline)
            .map(|p| {
                p.executions
                    .iter()
                    .filter_map(|id| self.executions.get(id))
                    .collect()
            })
            .unwrap_or_default()
    }
}
