//! The app's folders under a former bundle identifier moved to the current ones, before anything
//! reads them (`pipewright_appcore::folders` has the rules). A plugin, registered before the ones
//! that read the config folder (the window's geometry), so it runs first at start.

use std::path::PathBuf;

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Manager, Runtime};

use pipewright_appcore::folders::{former_folder, move_folder, FORMER_IDENTIFIERS};

/// The plugin that moves the folders at start.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("pipewright-folders")
        .setup(|app, _api| {
            move_former_folders(app);
            Ok(())
        })
        .build()
}

/// Moves each former identifier's folders into the current ones (config, data, local data,
/// cache; the same folder twice where a platform has one for two). A folder that cannot be
/// moved is logged and left: the app starts anyway, with what the new folders hold.
fn move_former_folders<R: Runtime>(app: &tauri::AppHandle<R>) {
    let path = app.path();
    let mut current: Vec<PathBuf> = [
        path.app_config_dir(),
        path.app_data_dir(),
        path.app_local_data_dir(),
        path.app_cache_dir(),
    ]
    .into_iter()
    .flatten()
    .collect();
    current.dedup();
    for folder in &current {
        for former in FORMER_IDENTIFIERS {
            let Some(old) = former_folder(folder, former) else {
                continue;
            };
            match move_folder(&old, folder) {
                Ok(moved) if moved.moved == [folder.clone()] => {
                    tracing::info!("moved {} to {}", old.display(), folder.display());
                }
                Ok(moved) if !moved.moved.is_empty() || !moved.kept_back.is_empty() => {
                    tracing::info!(
                        "moved {} files and folders of {} into {}; kept back {} that {} has as new or newer",
                        moved.moved.len(),
                        old.display(),
                        folder.display(),
                        moved.kept_back.len(),
                        folder.display()
                    );
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(
                    "could not move {} to {}: {error}; move its contents by hand to keep them",
                    old.display(),
                    folder.display()
                ),
            }
        }
    }
}
