//! App-level commands: what the title bar and the About box show.

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
    /// The view to show first: `"control"` (the control room, which starts the local sandbox) for
    /// a start without a design file on the local sandbox (a new user, or the last session worked
    /// there), else `"designer"`.
    #[ts(optional)]
    pub first_view: Option<String>,
}

#[tauri::command]
pub async fn app_info<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> AppInfo {
    use tauri::Manager;
    let connected = app
        .try_state::<pipewright_appcore::control_room::ControlRoom>()
        .and_then(|room| room.connection());
    let startup_file = app
        .try_state::<pipewright_appcore::state::AppState>()
        .and_then(|s| s.startup_file());
    // The active connection, or the one the last session used (restored in a moment).
    let mut saved = None;
    if let Some(conns) = app.try_state::<pipewright_appcore::connections::ConnectionsState>() {
        if let Ok(conns) = conns.lock().await {
            saved = conns
                .active()
                .map(|a| (format!("{} · {}", a.name, a.region), a.is_sandbox));
            if let Some(c) = conns
                .store()
                .active_id()
                .and_then(|id| conns.store().get(id))
            {
                if saved.is_none() {
                    let label = match &c.region {
                        Some(region) => format!("{} · {region}", c.name),
                        None => c.name.clone(),
                    };
                    saved = Some((label, c.is_sandbox()));
                }
            }
        }
    }
    let (label, sandbox) = match connected {
        Some(c) => (format!("{} · {}", c.name, c.region), c.is_sandbox),
        // None active yet: the control room starts the local sandbox when it is opened.
        None => saved.unwrap_or_else(|| ("Local sandbox".to_string(), true)),
    };
    // The control room first on the local sandbox when no design is opened: a new user with no
    // AWS connection sees live sample pipelines (the sandbox starts with the control room). A
    // start with a design file shows the designer and starts nothing.
    let first_view = if sandbox && startup_file.is_none() {
        "control"
    } else {
        "designer"
    };
    AppInfo {
        version: app.package_info().version.to_string(),
        connection_label: label,
        sandbox,
        first_view: Some(first_view.into()),
    }
}

/// `about_info`: what runs, for the About box and bug reports.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutInfo {
    /// The app's version: the workspace version (`Cargo.toml`), unless the bundler was given
    /// another (the update test's newer package).
    pub version: String,
    /// `release` or `debug` (a debug build has the web inspector).
    pub build: String,
    /// Operating system and architecture, e.g. `linux x86_64`.
    pub platform: String,
    /// The package it was installed from (`deb`, `rpm`, `appimage`, `msi`, `nsis`, `app`), when
    /// it was installed from one.
    pub installed_from: Option<String>,
    /// The web view's engine version (WebKitGTK, WKWebView or WebView2).
    pub webview: Option<String>,
    /// Where updates are looked for, when this build looks for them.
    pub update_endpoint: Option<String>,
}

#[tauri::command]
pub fn about_info<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> AboutInfo {
    use tauri::utils::config::BundleType;
    use tauri::utils::platform::bundle_type;
    let installed_from = bundle_type().map(|t| {
        match t {
            BundleType::Deb => "deb",
            BundleType::Rpm => "rpm",
            BundleType::AppImage => "appimage",
            BundleType::Msi => "msi",
            BundleType::Nsis => "nsis",
            BundleType::App | BundleType::Dmg => "app",
        }
        .to_string()
    });
    let update_endpoint = crate::updater::enabled(&app)
        .then(|| {
            app.config().plugins.0.get("updater")?["endpoints"][0]
                .as_str()
                .map(str::to_string)
        })
        .flatten();
    AboutInfo {
        version: app.package_info().version.to_string(),
        build: if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
        .into(),
        platform: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        installed_from,
        webview: tauri::webview_version().ok(),
        update_endpoint,
    }
}
