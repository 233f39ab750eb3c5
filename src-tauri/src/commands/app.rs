//! App-level commands: what the title bar and about box show.

use serde::Serialize;

/// `app_info`: the version and the active connection.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// What the title bar shows as the active connection.
    pub connection_label: String,
    /// Whether that connection is the local sandbox (never AWS).
    pub sandbox: bool,
    /// The view to show first: `"control"` (the control room) for a start without a design file
    /// on the local sandbox (a new user sees live pipelines), else `"designer"`.
    #[ts(optional)]
    pub first_view: Option<String>,
}

#[tauri::command]
pub fn app_info<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> AppInfo {
    use tauri::Manager;
    let connection = app
        .try_state::<crate::control_room::ControlRoom>()
        .map(|room| room.connection());
    let startup_file = app
        .try_state::<crate::state::AppState>()
        .and_then(|s| s.startup_file());
    let (label, sandbox) = match connection.as_ref().and_then(|c| c.as_ref()) {
        Some(c) => (format!("{} · {}", c.name, c.region), c.is_sandbox),
        // Not connected yet: the control room starts on the local sandbox unless an AWS
        // connection is active.
        None => ("Local sandbox".to_string(), true),
    };
    let first_view = if connection.is_some() && sandbox && startup_file.is_none() {
        "control"
    } else {
        "designer"
    };
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        connection_label: label,
        sandbox,
        first_view: Some(first_view.into()),
    }
}
