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
    /// when the last session worked on the local sandbox, else `"designer"`.
    #[ts(optional)]
    pub first_view: Option<String>,
}

#[tauri::command]
pub async fn app_info<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> AppInfo {
    use tauri::Manager;
    let connected = app
        .try_state::<crate::control_room::ControlRoom>()
        .and_then(|room| room.connection());
    let startup_file = app
        .try_state::<crate::state::AppState>()
        .and_then(|s| s.startup_file());
    // The active connection, or the one the last session used (restored in a moment).
    let mut saved_sandbox = false;
    let mut saved = None;
    if let Some(conns) = app.try_state::<crate::connections::ConnectionsState>() {
        if let Ok(conns) = conns.lock().await {
            saved = conns
                .active()
                .map(|a| (format!("{} · {}", a.name, a.region), a.is_sandbox));
            if let Some(c) = conns
                .store()
                .active_id()
                .and_then(|id| conns.store().get(id))
            {
                saved_sandbox = c.is_sandbox();
                if saved.is_none() {
                    let label = match &c.region {
                        Some(region) => format!("{} · {region}", c.name),
                        None => c.name.clone(),
                    };
                    saved = Some((label, saved_sandbox));
                }
            }
        }
    }
    let (label, sandbox) = match connected {
        Some(c) => (format!("{} · {}", c.name, c.region), c.is_sandbox),
        // None active yet: the control room starts the local sandbox when it is opened.
        None => saved.unwrap_or_else(|| ("Local sandbox".to_string(), true)),
    };
    // The control room first when the last session worked on the local sandbox and no design
    // is opened; a first start shows the designer (the sandbox starts with the control room).
    let first_view = if saved_sandbox && startup_file.is_none() {
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
