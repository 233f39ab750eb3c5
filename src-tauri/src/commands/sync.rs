//! Sync commands (the sync review screen): plan, apply with `sync-progress` events, list and
//! import remote pipelines, confirmed delete. Every call uses the active connection (the local
//! sandbox, started then, when none is active yet); the connections lock is released before AWS
//! is called.

use std::future::Future;
use std::sync::Arc;

use pipewright_aws::CodePipeline;
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::sync::{
    self, ApplyRequest, ApplyResults, ImportRequest, ImportResults, RemotePipeline, SyncPlan,
    SYNC_PROGRESS_EVENT,
};
use pipewright_appcore::connections::ConnectionsState;
use pipewright_appcore::error::{AppError, ErrorKind};

type Result<T> = std::result::Result<T, AppError>;

/// The active connection's API, its title-bar description and region. With no connection active
/// yet, the app's default one, the local sandbox, is started first (as the title bar says).
async fn connect<R: Runtime>(
    app: &AppHandle<R>,
    state: &ConnectionsState,
) -> Result<(CodePipeline, pipewright_connections::ActiveConnection)> {
    use tauri::Manager;
    if state.active().await.is_none() {
        if let Some(room) = app.try_state::<crate::control_room::ControlRoom>() {
            crate::control_room::open_room(app, &room, state).await;
        }
    }
    let resolved = state.current().await?;
    Ok((resolved.aws().codepipeline(), resolved.active))
}

/// Runs a sync use case on a blocking thread of the runtime: the AWS crate's use cases fan out
/// over borrowed designs, which makes their futures not `Send` as Tauri's async commands need.
async fn off_thread<T, F, Fut>(make: F) -> Result<T>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = Result<T>>,
    T: Send + 'static,
{
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || handle.block_on(make()))
        .await
        .map_err(|e| {
            AppError::other(
                ErrorKind::Internal,
                format!("the sync task stopped unexpectedly ({e}); try again"),
            )
        })?
}

/// Plans design files (or folders of them) against the active connection.
#[tauri::command]
pub async fn sync_plan<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, ConnectionsState>,
    paths: Vec<String>,
) -> Result<SyncPlan> {
    let (api, active) = connect(&app, &state).await?;
    off_thread(move || async move { sync::plan(&api, active, &paths).await }).await
}

/// Applies the chosen designs; emits `sync-progress` for every pipeline started and finished.
#[tauri::command]
pub async fn sync_apply<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, ConnectionsState>,
    request: ApplyRequest,
) -> Result<ApplyResults> {
    let (api, active) = connect(&app, &state).await?;
    let progress = Arc::new(move |p: sync::SyncProgress| {
        let _ = app.emit(SYNC_PROGRESS_EVENT, p);
    });
    off_thread(move || async move { sync::apply(&api, &active.region, &request, progress).await })
        .await
}

/// The remote pipelines of the active connection (all pages).
#[tauri::command]
pub async fn remote_pipelines<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, ConnectionsState>,
) -> Result<Vec<RemotePipeline>> {
    let (api, _) = connect(&app, &state).await?;
    off_thread(move || async move { sync::remote_pipelines(&api).await }).await
}

/// Writes remote pipelines as design files into a folder.
#[tauri::command]
pub async fn sync_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, ConnectionsState>,
    request: ImportRequest,
) -> Result<ImportResults> {
    let (api, active) = connect(&app, &state).await?;
    off_thread(move || async move { sync::import(&api, &active.region, &request).await }).await
}

/// Deletes a remote pipeline; `confirm_name` must repeat its exact name.
#[tauri::command]
pub async fn delete_remote_pipeline<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, ConnectionsState>,
    name: String,
    confirm_name: String,
) -> Result<()> {
    let (api, _) = connect(&app, &state).await?;
    off_thread(move || async move { sync::delete_remote(&api, &name, &confirm_name).await }).await
}
