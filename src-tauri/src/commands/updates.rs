//! Update commands: what the update prompt and the About box call (`crate::updater` does the work).

use pipewright_appcore::error::AppError;

use crate::updater::{self, UpdateCheck};

/// `update_check`: asks the update endpoint set at build time for a newer version.
#[tauri::command]
pub async fn update_check<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
) -> Result<UpdateCheck, AppError> {
    updater::check(&app).await
}

/// `update_install`: the user's "Install and restart" for the update the last check found.
#[tauri::command]
pub async fn update_install<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> Result<(), AppError> {
    updater::install(&app).await
}
