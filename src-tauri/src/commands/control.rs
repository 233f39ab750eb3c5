//! Control-room commands: each one call on the [`ControlRoom`] or its [`ControlFlows`]
//! (`pipewright_appcore::control_room`), against the active connection. Every command that
//! changes something passes the `seen` connection and region of the view back to the backend,
//! which refuses when they are not the active ones any more.

use pipewright_appcore::control_room::{
    ControlFlows, ControlRoom, ControlSettings, ControlStatus, EventsExportFormat, EventsSetup,
    PipelineCard, PipelineDetail, WatchChoice,
};
use pipewright_appcore::events::ControlOpenEvent;
use pipewright_appcore::seen::Seen;
use pipewright_appcore::{links, AppError, Result};
use pipewright_aws::control::release::Release;
use pipewright_aws::control::timeline::{Comparison, Timeline};
use pipewright_aws::control::why::{LogPage, LogPageRequest, Why, WhyRequest};
use pipewright_aws::control::{
    ActionExecutionDetail, ApprovalOutcome, ApprovalRequest, ConditionKind, ExecutionSummary, Page,
    RetryMode, RuleExecutionDetail, StartInput, StopRequest, TransitionType, WaitingApproval,
};
use tauri::State;

/// `control_status`: the active connection (sandbox or AWS), whether it is still starting, and
/// the badge.
#[tauri::command]
pub fn control_status(room: State<'_, ControlRoom>) -> ControlStatus {
    room.status()
}

/// `control_connect`: the control room is on screen. Connects it unless it is connected (to the
/// active connection, or to the local sandbox, started now, when none is active) and watches
/// what is active; answers the status.
#[tauri::command]
pub async fn control_connect(flows: State<'_, ControlFlows>) -> Result<ControlStatus> {
    flows.open_room().await;
    Ok(flows.room().status())
}

/// `control_watch_choices`: the "connections to watch" checklist.
#[tauri::command]
pub async fn control_watch_choices(flows: State<'_, ControlFlows>) -> Result<Vec<WatchChoice>> {
    flows.room().watch_choices(flows.connections()).await
}

/// `control_open`: open a pipeline of a watched connection (makes its connection the active
/// one, then `control-open` follows).
#[tauri::command]
pub async fn control_open(
    flows: State<'_, ControlFlows>,
    connection: Option<String>,
    pipeline: String,
) -> Result<()> {
    let event = ControlOpenEvent {
        connection,
        pipeline,
        approve: None,
        why: None,
    };
    flows.open_pipeline(event).await;
    Ok(())
}

#[tauri::command]
pub async fn control_overview(room: State<'_, ControlRoom>) -> Result<Vec<PipelineCard>> {
    room.overview().await
}

#[tauri::command]
pub async fn control_view(
    room: State<'_, ControlRoom>,
    pipeline: String,
) -> Result<PipelineDetail> {
    room.detail(&pipeline).await
}

#[tauri::command]
pub async fn control_history(
    room: State<'_, ControlRoom>,
    pipeline: String,
    next_token: Option<String>,
) -> Result<Page<ExecutionSummary>> {
    room.history(&pipeline, next_token).await
}

#[tauri::command]
pub async fn control_execution_actions(
    room: State<'_, ControlRoom>,
    pipeline: String,
    pipeline_execution_id: String,
) -> Result<Vec<ActionExecutionDetail>> {
    room.execution_actions(&pipeline, &pipeline_execution_id)
        .await
}

/// `control_why`: why the execution failed (the latest failed one and its first failed action
/// unless `request` names them), read on the connection the view showed (`seen`).
#[tauri::command]
pub async fn control_why(
    room: State<'_, ControlRoom>,
    request: WhyRequest,
    seen: Seen,
) -> Result<Why> {
    room.why(&request, &seen).await
}

/// `control_log_page`: a page of a build log from its tail (the lines before `request.before`
/// when given), read on the connection the view showed (`seen`).
#[tauri::command]
pub async fn control_log_page(
    room: State<'_, ControlRoom>,
    request: LogPageRequest,
    seen: Seen,
) -> Result<LogPage> {
    room.log_page(&request, &seen).await
}

/// `control_release`: what the approval the dialog shows releases (expiry, what runs after,
/// the commits since the last approved run), read on the connection the view showed (`seen`).
#[tauri::command]
pub async fn control_release(
    room: State<'_, ControlRoom>,
    approval: WaitingApproval,
    seen: Seen,
) -> Result<Release> {
    room.release(&approval, &seen).await
}

/// `control_timeline`: the timeline of an execution (the latest when `execution` is `null`):
/// stages and actions with their durations, trigger and revisions, on the connection the view
/// showed (`seen`).
#[tauri::command]
pub async fn control_timeline(
    room: State<'_, ControlRoom>,
    pipeline: String,
    execution: Option<String>,
    seen: Seen,
) -> Result<Timeline> {
    room.timeline(&pipeline, execution.as_deref(), &seen).await
}

/// `control_compare`: executions `a` and `b` side by side (revisions, durations, outcome), on
/// the connection the view showed (`seen`).
#[tauri::command]
pub async fn control_compare(
    room: State<'_, ControlRoom>,
    pipeline: String,
    a: String,
    b: String,
    seen: Seen,
) -> Result<Comparison> {
    room.compare(&pipeline, &a, &b, &seen).await
}

/// `control_decide`: the approval the dialog showed (its token included), on the connection it
/// showed; a stale token fails with kind `approval-stale` (refresh the view), another
/// connection or region with `changed-since-review`.
#[tauri::command]
pub async fn control_decide(
    room: State<'_, ControlRoom>,
    request: ApprovalRequest,
    token: Option<String>,
    seen: Seen,
) -> Result<ApprovalOutcome> {
    room.decide(&request, token.as_deref(), &seen).await
}

#[tauri::command]
pub async fn control_start(
    room: State<'_, ControlRoom>,
    input: StartInput,
    confirmation: Option<String>,
    seen: Seen,
) -> Result<String> {
    room.start_execution(&input, confirmation.as_deref(), &seen)
        .await
}

#[tauri::command]
pub async fn control_stop(
    room: State<'_, ControlRoom>,
    request: StopRequest,
    seen: Seen,
) -> Result<String> {
    room.stop_execution(&request, &seen).await
}

#[tauri::command]
pub async fn control_retry(
    room: State<'_, ControlRoom>,
    pipeline: String,
    stage: String,
    pipeline_execution_id: Option<String>,
    mode: RetryMode,
    seen: Seen,
) -> Result<String> {
    room.retry_stage(
        &pipeline,
        &stage,
        pipeline_execution_id.as_deref(),
        mode,
        &seen,
    )
    .await
}

/// `control_rule_executions`: the rule executions of the pipeline's stage conditions, newest
/// first (only the execution's, when named).
#[tauri::command]
pub async fn control_rule_executions(
    room: State<'_, ControlRoom>,
    pipeline: String,
    pipeline_execution_id: Option<String>,
) -> Result<Vec<RuleExecutionDetail>> {
    room.rule_executions(&pipeline, pipeline_execution_id.as_deref())
        .await
}

/// `control_override`: let the execution the dialog showed past the stage condition that holds
/// it (beforeEntry or onSuccess), on the connection it showed; production needs the name typed.
#[tauri::command]
pub async fn control_override(
    room: State<'_, ControlRoom>,
    pipeline: String,
    stage: String,
    condition: ConditionKind,
    pipeline_execution_id: Option<String>,
    confirmation: Option<String>,
    seen: Seen,
) -> Result<String> {
    room.override_condition(
        &pipeline,
        &stage,
        condition,
        pipeline_execution_id.as_deref(),
        confirmation.as_deref(),
        &seen,
    )
    .await
}

#[tauri::command]
pub async fn control_rollback_targets(
    room: State<'_, ControlRoom>,
    pipeline: String,
    stage: String,
) -> Result<Vec<ExecutionSummary>> {
    room.rollback_targets(&pipeline, &stage).await
}

#[tauri::command]
pub async fn control_rollback(
    room: State<'_, ControlRoom>,
    pipeline: String,
    stage: String,
    target_pipeline_execution_id: String,
    confirmation: Option<String>,
    seen: Seen,
) -> Result<String> {
    room.rollback_stage(
        &pipeline,
        &stage,
        &target_pipeline_execution_id,
        confirmation.as_deref(),
        &seen,
    )
    .await
}

#[tauri::command]
pub async fn control_set_transition(
    room: State<'_, ControlRoom>,
    pipeline: String,
    stage: String,
    transition: TransitionType,
    enabled: bool,
    reason: Option<String>,
    seen: Seen,
) -> Result<()> {
    room.set_transition(
        &pipeline,
        &stage,
        transition,
        enabled,
        reason.as_deref(),
        &seen,
    )
    .await
}

#[tauri::command]
pub fn control_settings(room: State<'_, ControlRoom>) -> ControlSettings {
    room.settings_view()
}

/// `control_save_settings`: validate, persist and apply the settings (watchers start and stop
/// in the background; `control-changed` follows).
#[tauri::command]
pub fn control_save_settings(
    flows: State<'_, ControlFlows>,
    settings: ControlSettings,
) -> Result<ControlSettings> {
    let saved = flows.room().save_settings_view(settings)?;
    flows.rewatch(None);
    Ok(saved)
}

/// `control_events_setup`: set up this desktop's queue of CodePipeline's events on the active
/// connection (as seen) and watch it by events from now on.
#[tauri::command]
pub async fn control_events_setup(
    flows: State<'_, ControlFlows>,
    seen: Seen,
) -> Result<EventsSetup> {
    flows.room().setup_events(flows.connections(), &seen).await
}

/// `control_events_stop`: watch the active connection by polling again (and, with `teardown`,
/// remove this desktop's queue and rule).
#[tauri::command]
pub async fn control_events_stop(
    flows: State<'_, ControlFlows>,
    seen: Seen,
    teardown: bool,
) -> Result<EventsSetup> {
    flows
        .room()
        .stop_events(flows.connections(), &seen, teardown)
        .await
}

/// `control_events_export`: this desktop's queue and rule as CloudFormation or Terraform.
#[tauri::command]
pub fn control_events_export(room: State<'_, ControlRoom>, format: EventsExportFormat) -> String {
    room.events_export(format)
}

#[tauri::command]
pub fn control_mute(
    room: State<'_, ControlRoom>,
    pipeline: String,
    muted: bool,
) -> Result<ControlSettings> {
    room.set_muted(&pipeline, muted)
}

/// `control_open_link`: open a web link (e.g. a CodeBuild log) in the default browser.
#[tauri::command]
pub fn control_open_link<R: tauri::Runtime>(app: tauri::AppHandle<R>, url: String) -> Result<()> {
    use tauri::Manager;
    let url = links::check_link(&url)?;
    let opener = app
        .try_state::<tauri_plugin_opener::Opener<R>>()
        .ok_or_else(|| {
            AppError::Unavailable(
                "links cannot be opened here; copy the link into a browser instead".into(),
            )
        })?;
    opener
        .open_url(url, None::<&str>)
        .map_err(links::open_failed)
}
