//! File commands: open and save designs, recent files, autosave and recovery, exports. The
//! logic lives in `crate::files`, `crate::recent` and `crate::recovery`. A path from the webview
//! is opened or written only when the user chose it in a dialog this session, or it is a recent
//! file or the startup file (`AppState::check_path`).

use std::path::Path;

use pipewright_core::{Document, Format};
use tauri::State;

use pipewright_appcore::error::Result;
use pipewright_appcore::files::{self, OpenedDesign};
use pipewright_appcore::recovery::Recovery;
use pipewright_appcore::state::AppState;

#[tauri::command(async)]
pub fn open_design(path: String, state: State<'_, AppState>) -> Result<OpenedDesign> {
    state.check_path(Path::new(&path), "open")?;
    let opened = files::open_design(Path::new(&path))?;
    let _ = state.recent.remember(Path::new(&path)); // the list is a convenience: never fail an open over it
    Ok(opened)
}

#[tauri::command(async)]
pub fn save_design(
    path: String,
    document: Document,
    format: Option<Format>,
    state: State<'_, AppState>,
) -> Result<()> {
    state.check_path(Path::new(&path), "save to")?;
    files::save_design(Path::new(&path), &document, format)?;
    let _ = state.recent.remember(Path::new(&path));
    Ok(())
}

#[tauri::command]
pub fn recent_files(state: State<'_, AppState>) -> Vec<String> {
    state.recent.list()
}

#[tauri::command(async)]
pub fn autosave(
    key: String,
    path: Option<String>,
    document: Document,
    state: State<'_, AppState>,
) -> Result<()> {
    state.recoveries.save(&key, path, document)
}

#[tauri::command(async)]
pub fn list_recoveries(state: State<'_, AppState>) -> Vec<Recovery> {
    state.recoveries.list()
}

#[tauri::command]
pub fn discard_recovery(key: String, state: State<'_, AppState>) -> Result<()> {
    state.recoveries.discard(&key)
}

#[tauri::command]
pub fn startup_file(state: State<'_, AppState>) -> Option<String> {
    state.startup_file()
}

#[tauri::command(async)]
pub fn save_export(path: String, data_base64: String, state: State<'_, AppState>) -> Result<()> {
    state.check_path(Path::new(&path), "write")?;
    files::save_export(Path::new(&path), &data_base64)
}
