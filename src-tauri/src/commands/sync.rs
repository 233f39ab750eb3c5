//! Sync commands (the sync review screen): each one call on `pipewright_appcore::sync` against
//! the active connection; an apply's progress goes to the UI as `sync-progress` events.

use std::sync::Arc;

use pipewright_appcore::control_room::ControlFlows;
use pipewright_appcore::seen::Seen;
use pipewright_appcore::state::AppState;
use pipewright_appcore::sync::{
    self, ApplyRequest, ApplyResults, ImportRequest, ImportResults, RemotePipeline, SyncPlan,
};
use pipewright_appcore::Result;
use pipewright_aws::sync::around::AroundResult;
use tauri::{AppHandle, Runtime, State};

use crate::shell::TauriShell;

#[tauri::command]
pub async fn sync_plan(flows: State<'_, ControlFlows>, paths: Vec<String>) -> Result<SyncPlan> {
    sync::plan_active(&flows, paths).await
}

#[tauri::command]
pub async fn sync_apply<R: Runtime>(
    app: AppHandle<R>,
    flows: State<'_, ControlFlows>,
    request: ApplyRequest,
) -> Result<ApplyResults> {
    sync::apply_active(&flows, Arc::new(TauriShell(app)), request).await
}

#[tauri::command]
pub async fn remote_pipelines(flows: State<'_, ControlFlows>) -> Result<Vec<RemotePipeline>> {
    sync::remote_pipelines_active(&flows).await
}

#[tauri::command]
pub async fn sync_import(
    flows: State<'_, ControlFlows>,
    state: State<'_, AppState>,
    request: ImportRequest,
) -> Result<ImportResults> {
    // The design files go only into a folder chosen in the folder dialog.
    state
        .grants
        .check_folder(std::path::Path::new(&request.folder))?;
    sync::import_active(&flows, request).await
}

/// Deletes a remote pipeline, with the rules, role and webhooks Pipewright made to start it;
/// `confirm_name` must repeat its exact name. Returns what was done to those.
#[tauri::command]
pub async fn delete_remote_pipeline(
    flows: State<'_, ControlFlows>,
    name: String,
    confirm_name: String,
    seen: Seen,
) -> Result<Vec<AroundResult>> {
    sync::delete_active(&flows, name, confirm_name, seen).await
}
