//! Control-room commands: thin wrappers over the control use cases of `pipewright-aws`
//! (which hold the rules: current approval token, production confirmation, input patterns)
//! against the active connection of the [`ControlRoom`].

use pipewright_aws::control::{
    usecases, ActionExecutionDetail, ApprovalOutcome, ApprovalRequest, ExecutionSummary, Page,
    PipelineListItem, PipelineOverview, PipelineView, RetryMode, StartInput, StopRequest,
    TransitionType, WaitingApproval,
};
use pipewright_watch::PipelineHealth;
use serde::Serialize;
use tauri::State;

use crate::control_room::{
    ControlOpenEvent, ControlRoom, ControlSettings, ControlStatus, WatchChoice,
};
use pipewright_appcore::connections::ConnectionsState;
use pipewright_appcore::error::{AppError, Result};

/// How many rollback targets the picker offers.
pub const ROLLBACK_TARGETS: usize = 20;

/// One row of the control room's pipeline list.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PipelineCard {
    pub overview: PipelineOverview,
    /// Approving, starting and rolling back need the pipeline's name typed back.
    pub production: bool,
    /// Its notifications are muted.
    pub muted: bool,
    /// What the watcher knows (approvals waiting, failing), once it has polled.
    pub health: Option<PipelineHealth>,
}

/// The pipeline view with what the UI needs to offer the right operations.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PipelineDetail {
    pub view: PipelineView,
    /// Type (V1/V2: variables and source overrides need V2) and execution mode.
    pub summary: PipelineListItem,
    pub production: bool,
    /// Stages that count as production (operations on them need the typed confirmation).
    pub production_stages: Vec<String>,
    /// Approvals waiting now, with their current tokens (PARALLEL mode included).
    pub approvals: Vec<WaitingApproval>,
    pub muted: bool,
}

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
pub async fn control_connect<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    room: State<'_, ControlRoom>,
    conns: State<'_, ConnectionsState>,
) -> Result<ControlStatus> {
    crate::control_room::open_room(&app, &room, &conns).await;
    Ok(room.status())
}

/// `control_watch_choices`: the "connections to watch" checklist (saved connections and the
/// local sandbox), with what is watched now and why a chosen one cannot be.
#[tauri::command]
pub async fn control_watch_choices(
    room: State<'_, ControlRoom>,
    conns: State<'_, ConnectionsState>,
) -> Result<Vec<WatchChoice>> {
    room.watch_choices(&conns).await
}

/// `control_open`: open a pipeline of a watched connection (the control room's list of what
/// needs attention elsewhere): makes its connection the active one, then `control-open` follows.
#[tauri::command]
pub async fn control_open<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    room: State<'_, ControlRoom>,
    connection: Option<String>,
    pipeline: String,
) -> Result<()> {
    let event = ControlOpenEvent {
        connection,
        pipeline,
        approve: None,
    };
    crate::control_room::open_pipeline(app, room.inner().clone(), event).await;
    Ok(())
}

/// `control_overview`: every pipeline of the active connection with its latest execution.
#[tauri::command]
pub async fn control_overview(room: State<'_, ControlRoom>) -> Result<Vec<PipelineCard>> {
    let api = room.api()?;
    let overview = usecases::list_overview(api.as_ref()).await?;
    let policy = room.policy();
    let settings = room.settings();
    let health = room.health();
    Ok(overview
        .into_iter()
        .map(|o| {
            let name = o.pipeline.name.clone();
            PipelineCard {
                production: policy.is_production_pipeline(&name),
                muted: settings.muted.contains(&name),
                health: health.iter().find(|h| h.pipeline == name).cloned(),
                overview: o,
            }
        })
        .collect())
}

/// `control_view`: state of every stage and action, transitions, history, waiting approvals.
#[tauri::command]
pub async fn control_view(
    room: State<'_, ControlRoom>,
    pipeline: String,
) -> Result<PipelineDetail> {
    let api = room.api()?;
    let summary = api.get_pipeline_summary(&pipeline).await?;
    let view = usecases::view(api.as_ref(), &pipeline, None).await?;
    let approvals = if summary.execution_mode.as_deref() == Some("PARALLEL") {
        usecases::parallel_waiting_approvals(api.as_ref(), &pipeline).await?
    } else {
        view.state.waiting_approvals()
    };
    let policy = room.policy();
    let production_stages = view
        .state
        .stages
        .iter()
        .filter(|s| policy.is_production_stage(&pipeline, &s.name))
        .map(|s| s.name.clone())
        .collect();
    Ok(PipelineDetail {
        production: policy.is_production_pipeline(&pipeline),
        production_stages,
        muted: room.settings().muted.contains(&pipeline),
        view,
        summary,
        approvals,
    })
}

/// `control_history`: an older page of the execution history (pass the view's `nextToken`).
#[tauri::command]
pub async fn control_history(
    room: State<'_, ControlRoom>,
    pipeline: String,
    next_token: Option<String>,
) -> Result<Page<ExecutionSummary>> {
    let api = room.api()?;
    Ok(usecases::history_page(api.as_ref(), &pipeline, next_token, None).await?)
}

/// `control_execution_actions`: the action executions of one pipeline execution.
#[tauri::command]
pub async fn control_execution_actions(
    room: State<'_, ControlRoom>,
    pipeline: String,
    pipeline_execution_id: String,
) -> Result<Vec<ActionExecutionDetail>> {
    let api = room.api()?;
    Ok(usecases::execution_actions(api.as_ref(), &pipeline, &pipeline_execution_id).await?)
}

/// `control_decide`: approve or reject a waiting approval with the token the service holds now.
/// A stale token fails with kind `approval-stale` (refresh the view).
#[tauri::command]
pub async fn control_decide(
    room: State<'_, ControlRoom>,
    request: ApprovalRequest,
) -> Result<ApprovalOutcome> {
    let api = room.api()?;
    let outcome = usecases::decide_approval(api.as_ref(), &room.policy(), &request).await;
    room.refresh(Some(&request.pipeline));
    Ok(outcome?)
}

/// `control_start`: start an execution (variables and source revisions on V2 pipelines).
#[tauri::command]
pub async fn control_start(
    room: State<'_, ControlRoom>,
    input: StartInput,
    confirmation: Option<String>,
) -> Result<String> {
    let api = room.api()?;
    let id = usecases::start(
        api.as_ref(),
        &room.policy(),
        &input,
        confirmation.as_deref(),
    )
    .await?;
    room.refresh(Some(&input.pipeline));
    Ok(id)
}

/// `control_stop`: stop (let running actions finish) or abandon an execution, with a reason.
#[tauri::command]
pub async fn control_stop(room: State<'_, ControlRoom>, request: StopRequest) -> Result<String> {
    let api = room.api()?;
    let id = usecases::stop(api.as_ref(), &request).await?;
    room.refresh(Some(&request.pipeline));
    Ok(id)
}

/// `control_retry`: retry a failed stage (failed actions, or all actions).
#[tauri::command]
pub async fn control_retry(
    room: State<'_, ControlRoom>,
    pipeline: String,
    stage: String,
    pipeline_execution_id: Option<String>,
    mode: RetryMode,
) -> Result<String> {
    let api = room.api()?;
    let id = usecases::retry(
        api.as_ref(),
        &pipeline,
        &stage,
        pipeline_execution_id.as_deref(),
        mode,
    )
    .await?;
    room.refresh(Some(&pipeline));
    Ok(id)
}

/// `control_rollback_targets`: earlier executions that succeeded in the stage, newest first.
#[tauri::command]
pub async fn control_rollback_targets(
    room: State<'_, ControlRoom>,
    pipeline: String,
    stage: String,
) -> Result<Vec<ExecutionSummary>> {
    let api = room.api()?;
    Ok(usecases::rollback_targets(api.as_ref(), &pipeline, &stage, ROLLBACK_TARGETS).await?)
}

/// `control_rollback`: roll a stage back to a target (production needs the typed name).
#[tauri::command]
pub async fn control_rollback(
    room: State<'_, ControlRoom>,
    pipeline: String,
    stage: String,
    target_pipeline_execution_id: String,
    confirmation: Option<String>,
) -> Result<String> {
    let api = room.api()?;
    let id = usecases::rollback(
        api.as_ref(),
        &room.policy(),
        &pipeline,
        &stage,
        &target_pipeline_execution_id,
        confirmation.as_deref(),
    )
    .await?;
    room.refresh(Some(&pipeline));
    Ok(id)
}

/// `control_set_transition`: disable (with a reason) or enable a stage's transition.
#[tauri::command]
pub async fn control_set_transition(
    room: State<'_, ControlRoom>,
    pipeline: String,
    stage: String,
    transition: TransitionType,
    enabled: bool,
    reason: Option<String>,
) -> Result<()> {
    let api = room.api()?;
    usecases::set_transition(
        api.as_ref(),
        &pipeline,
        &stage,
        transition,
        enabled,
        reason.as_deref(),
    )
    .await?;
    room.refresh(Some(&pipeline));
    Ok(())
}

/// `control_settings`: quiet hours, muted pipelines, extra production names, connections to
/// watch.
#[tauri::command]
pub fn control_settings(room: State<'_, ControlRoom>) -> ControlSettings {
    room.settings()
}

/// `control_save_settings`: validate, persist and apply the settings (watchers start and stop
/// in the background; `control-changed` follows).
#[tauri::command]
pub fn control_save_settings<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    room: State<'_, ControlRoom>,
    settings: ControlSettings,
) -> Result<ControlSettings> {
    let saved = room.save_settings(settings)?;
    crate::control_room::rewatch(&app, None);
    Ok(saved)
}

/// `control_mute`: mute or unmute one pipeline's notifications.
#[tauri::command]
pub fn control_mute(
    room: State<'_, ControlRoom>,
    pipeline: String,
    muted: bool,
) -> Result<ControlSettings> {
    room.set_muted(&pipeline, muted)
}

/// Only web links leave the app (CodeBuild logs, console pages), never files or scripts.
pub fn check_link(url: &str) -> Result<&str> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        && url.len() > "https://".len()
    {
        Ok(url)
    } else {
        Err(AppError::Invalid(format!(
            "`{url}` is not a web link; only http and https links open in the browser"
        )))
    }
}

/// `control_open_link`: open an external link (e.g. a CodeBuild log) in the default browser.
#[tauri::command]
pub fn control_open_link<R: tauri::Runtime>(app: tauri::AppHandle<R>, url: String) -> Result<()> {
    use tauri::Manager;
    let url = check_link(&url)?;
    let opener = app
        .try_state::<tauri_plugin_opener::Opener<R>>()
        .ok_or_else(|| {
            AppError::Unavailable(
                "links cannot be opened here; copy the link into a browser instead".into(),
            )
        })?;
    opener.open_url(url, None::<&str>).map_err(|e| {
        AppError::Unavailable(format!(
            "the browser could not be opened ({e}); copy the link into a browser instead"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_open() {
        assert!(check_link("https://console.aws.amazon.com/codebuild/home").is_ok());
        assert!(check_link(" http://127.0.0.1:8080/log ").is_ok());
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://",
            "https://a b",
            "",
        ] {
            let err = check_link(bad).expect_err(bad);
            assert_eq!(err.kind(), pipewright_appcore::ErrorKind::Invalid);
        }
    }
}
