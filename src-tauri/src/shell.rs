//! The app logic's [`Shell`] over Tauri: events go to the webview through the app handle, and
//! "show the main window" is [`crate::window::show_main`]; links open through the opener plugin.

use pipewright_appcore::events::{Event, Shell};
use tauri::{AppHandle, Emitter, Runtime};

/// [`Shell`] for a Tauri app.
pub struct TauriShell<R: Runtime>(pub AppHandle<R>);

impl<R: Runtime> Shell for TauriShell<R> {
    fn emit_json(&self, name: &'static str, payload: serde_json::Value) {
        if let Err(e) = self.0.emit(name, payload) {
            tracing::warn!("event {name} not sent: {e}");
        }
    }

    fn show_main_window(&self) {
        crate::window::show_main(&self.0);
    }

    fn open_url(&self, url: &str) -> Result<(), String> {
        use tauri::Manager;
        let url = pipewright_appcore::links::check_link(url).map_err(|e| e.to_string())?;
        let opener = self
            .0
            .try_state::<tauri_plugin_opener::Opener<R>>()
            .ok_or_else(|| "no browser opener is set up in this app".to_string())?;
        opener
            .open_url(url, None::<&str>)
            .map_err(|e| e.to_string())
    }
}

/// Send a typed event to the UI.
pub fn emit<R: Runtime, E: Event>(app: &AppHandle<R>, payload: &E) {
    pipewright_appcore::events::emit(&TauriShell(app.clone()), payload);
}
