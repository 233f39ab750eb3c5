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
}

#[tauri::command]
pub fn app_info() -> AppInfo {
    // Connections are not wired yet: the app only knows the local sandbox.
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        connection_label: "Local sandbox".into(),
        sandbox: true,
    }
}
