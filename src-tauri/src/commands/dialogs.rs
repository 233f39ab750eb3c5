//! The file dialogs, opened from Rust so that what the user chose is recorded
//! ([`pipewright_appcore::grants`]): the file commands write only there (or to a recent file).
//! Each answers the chosen path, or `null` when the user cancels.

use std::path::{Path, PathBuf};

use pipewright_appcore::grants::FileFilter;
use pipewright_appcore::state::AppState;
use pipewright_appcore::{AppError, Result};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

fn unavailable() -> AppError {
    AppError::Unavailable(
        "the file dialog could not be shown here; try again in the app's window".into(),
    )
}

fn builder<R: Runtime>(app: &AppHandle<R>, filters: &[FileFilter]) -> Result<FileDialogBuilder<R>> {
    if app.try_state::<tauri_plugin_dialog::Dialog<R>>().is_none() {
        return Err(unavailable());
    }
    let mut b = app.dialog().file();
    for f in filters {
        let exts: Vec<&str> = f.extensions.iter().map(String::as_str).collect();
        b = b.add_filter(&f.name, &exts);
    }
    Ok(b)
}

/// Waits for the dialog's answer (the dialog runs on the main thread).
async fn answer(
    show: impl FnOnce(tokio::sync::oneshot::Sender<Option<FilePath>>),
) -> Result<Option<PathBuf>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    show(tx);
    let picked = rx.await.map_err(|_| unavailable())?;
    Ok(picked.and_then(|p| p.into_path().ok()))
}

/// `pick_file`: one existing file to open.
#[tauri::command]
pub async fn pick_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    filters: Vec<FileFilter>,
) -> Result<Option<String>> {
    let b = builder(&app, &filters)?;
    let picked = answer(|tx| {
        b.pick_file(move |p| {
            let _ = tx.send(p);
        })
    })
    .await?;
    Ok(picked.map(|p| {
        state.grants.grant_file(&p);
        p.display().to_string()
    }))
}

/// `pick_folder`: a folder (to plan, or to import into).
#[tauri::command]
pub async fn pick_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    title: String,
) -> Result<Option<String>> {
    let b = builder(&app, &[])?.set_title(title);
    let picked = answer(|tx| {
        b.pick_folder(move |p| {
            let _ = tx.send(p);
        })
    })
    .await?;
    Ok(picked.map(|p| {
        state.grants.grant_folder(&p);
        p.display().to_string()
    }))
}

/// `pick_save_path`: where to save; `default_path` is a file name or a full path.
#[tauri::command]
pub async fn pick_save_path<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    title: Option<String>,
    default_path: String,
    filters: Vec<FileFilter>,
) -> Result<Option<String>> {
    let mut b = builder(&app, &filters)?;
    if let Some(title) = title {
        b = b.set_title(title);
    }
    let default = Path::new(&default_path);
    if let Some(dir) = default.parent().filter(|d| d.is_dir()) {
        b = b.set_directory(dir);
    }
    if let Some(name) = default.file_name() {
        b = b.set_file_name(name.to_string_lossy());
    }
    let picked = answer(|tx| {
        b.save_file(move |p| {
            let _ = tx.send(p);
        })
    })
    .await?;
    Ok(picked.map(|p| {
        state.grants.grant_file(&p);
        p.display().to_string()
    }))
}
