//! Updates through tauri-plugin-updater: minisign-signed packages, looked up at the endpoint and
//! checked against the public key set when the app was built (`plugins.updater` in
//! `tauri.conf.json`, filled in by `scripts/package.sh` from `PIPEWRIGHT_UPDATER_ENDPOINT` and
//! `PIPEWRIGHT_UPDATER_PUBKEY`). A build without them (`make run`, the tests' debug builds) has
//! updates off, and the About box says so.
//!
//! Nothing installs by itself. Once the UI's update prompt is listening ([`PROMPT_READY`]), the
//! app checks and announces a newer version ([`UPDATE_AVAILABLE`]); the About box checks on
//! request ([`check`]). The prompt shows the version and its notes and asks, and
//! only [`install`], the user's "Install and restart", downloads it, verifies its signature
//! against the key in this binary (a package that does not match is refused, and this version
//! keeps running), installs it and restarts into it. The signature must also name the version
//! the endpoint announced (`requireSignedVersion`), so an old signed release cannot be served as
//! a new one.
//!
//! How each platform installs, as the plugin does it: on Linux the package type the app was
//! installed from (the bundler marks the binary): a `.deb` with `dpkg -i`, an `.rpm` with
//! `rpm -U`, each through `pkexec` (the desktop's password prompt), zenity or kdialog with sudo,
//! or sudo; an AppImage is replaced in place. macOS replaces the `.app` bundle; Windows runs the
//! NSIS or MSI installer, which closes the app.

use std::sync::Mutex;

use pipewright_appcore::error::{AppError, ErrorKind};
use serde::Serialize;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Emitter, Listener, Manager, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};

/// Emitted by the UI once its update prompt listens: the app then checks for an update.
pub const PROMPT_READY: &str = "update-prompt-ready";
/// Emitted by the app when that check found a newer version (payload: [`AvailableUpdate`]).
pub const UPDATE_AVAILABLE: &str = "update-available";

/// What a check found.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCheck {
    /// The version that runs.
    pub current_version: String,
    /// Whether this build looks for updates (an endpoint and a public key were set at build time).
    pub enabled: bool,
    /// A newer version, when there is one.
    pub update: Option<AvailableUpdate>,
}

/// A newer version announced by the update endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AvailableUpdate {
    pub version: String,
    /// The release notes, as the endpoint gives them (plain text or Markdown).
    pub notes: Option<String>,
    /// When it was published (RFC 3339), when the endpoint says.
    pub date: Option<String>,
}

impl pipewright_appcore::events::Event for AvailableUpdate {
    const NAME: &'static str = UPDATE_AVAILABLE;
    const LISTENER: &'static str = "onUpdateAvailable";
}

/// The update found by the last check, installed by [`install`].
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<Update>>);

/// The plugin, registered by `lib.rs`. It also keeps the update the last check found, for
/// [`install`], and checks when the UI's prompt says it is ready.
pub fn plugin<R: Runtime>() -> TauriPlugin<R, tauri_plugin_updater::Config> {
    tauri_plugin_updater::Builder::new().build()
}

/// Checks for an update whenever the UI's prompt is ready (at start, and after a reload), and
/// announces a newer version to it. A check that fails at start is only logged: the About box's
/// "Check for updates" reports errors.
pub fn check_when_prompt_ready<R: Runtime>(app: &AppHandle<R>) {
    app.manage(PendingUpdate::default());
    if !enabled(app) {
        return;
    }
    let handle = app.clone();
    app.listen(PROMPT_READY, move |_| {
        let app = handle.clone();
        tauri::async_runtime::spawn(async move {
            match check(&app).await {
                Ok(UpdateCheck {
                    update: Some(update),
                    ..
                }) => {
                    let _ = app.emit(UPDATE_AVAILABLE, update);
                }
                Ok(_) => {}
                Err(error) => eprintln!("Pipewright: {error}"),
            }
        });
    });
}

/// Whether this build was given an update endpoint and a public key.
pub fn enabled<R: Runtime>(app: &AppHandle<R>) -> bool {
    let config = app.config();
    let Some(updater) = config.plugins.0.get("updater") else {
        return false;
    };
    let has_key = updater["pubkey"]
        .as_str()
        .is_some_and(|k| !k.trim().is_empty());
    let has_endpoint = updater["endpoints"]
        .as_array()
        .is_some_and(|e| !e.is_empty());
    has_key && has_endpoint
}

/// Asks the update endpoint whether a newer version exists.
pub async fn check<R: Runtime>(app: &AppHandle<R>) -> Result<UpdateCheck, AppError> {
    let current_version = app.package_info().version.to_string();
    if !enabled(app) {
        return Ok(UpdateCheck {
            current_version,
            enabled: false,
            update: None,
        });
    }
    let update = app
        .updater()
        .map_err(|e| check_error(&e))?
        .check()
        .await
        .map_err(|e| check_error(&e))?;
    let available = update.as_ref().map(|u| AvailableUpdate {
        version: u.version.clone(),
        notes: u.body.clone().filter(|n| !n.trim().is_empty()),
        date: u.date.and_then(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .ok()
        }),
    });
    if let Some(pending) = app.try_state::<PendingUpdate>() {
        if let Ok(mut slot) = pending.0.lock() {
            *slot = update;
        }
    }
    Ok(UpdateCheck {
        current_version,
        enabled: true,
        update: available,
    })
}

/// Downloads the update the last check found, verifies its signature, installs it and restarts
/// into it. Returns only when something failed; this version then still runs.
pub async fn install<R: Runtime>(app: &AppHandle<R>) -> Result<(), AppError> {
    let update = app
        .try_state::<PendingUpdate>()
        .and_then(|p| p.0.lock().ok().and_then(|mut slot| slot.take()));
    let Some(update) = update else {
        return Err(AppError::other(
            ErrorKind::Invalid,
            "no update is waiting to be installed; check for updates first",
        ));
    };
    let current = app.package_info().version.to_string();
    // `download` verifies the signature before it returns the bytes.
    let bytes = update
        .download(|_, _| {}, || {})
        .await
        .map_err(|e| install_error(&e, &update.version, &current))?;
    let version = update.version.clone();
    tauri::async_runtime::spawn_blocking(move || update.install(bytes))
        .await
        .map_err(|e| {
            AppError::other(
                ErrorKind::Internal,
                format!(
                    "the update's installer stopped unexpectedly; Pipewright {current} still runs"
                ),
            )
            .with_details(e.to_string())
        })?
        .map_err(|e| install_error(&e, &version, &current))?;
    app.request_restart();
    Ok(())
}

fn check_error(error: &tauri_plugin_updater::Error) -> AppError {
    use tauri_plugin_updater::Error as E;
    let (kind, message) = match error {
        E::Reqwest(_) | E::Network(_) | E::ReleaseNotFound => (
            ErrorKind::Unreachable,
            "could not reach the update server; check your network connection and try again later".to_string(),
        ),
        E::TargetNotFound(_) | E::TargetsNotFound(_) => (
            ErrorKind::NotFound,
            "the update server has no package for this system; download the new version from the project's releases page".to_string(),
        ),
        _ => (
            ErrorKind::BadResponse,
            "could not check for updates; try again later".to_string(),
        ),
    };
    AppError::other(kind, message).with_details(error.to_string())
}

/// The sentence for a failed download or install: the version offered, what happened, and that
/// the running version stays.
pub fn install_error(
    error: &tauri_plugin_updater::Error,
    offered: &str,
    current: &str,
) -> AppError {
    use tauri_plugin_updater::Error as E;
    let (kind, what) = match error {
        E::Minisign(_) | E::Base64(_) | E::SignatureUtf8(_) => (
            ErrorKind::BadResponse,
            "its signature does not match this app's update key, so it may have been tampered with and was not installed".to_string(),
        ),
        E::SignedVersionMismatch { signed, .. } => (
            ErrorKind::BadResponse,
            format!("its signature is for version {signed}, so it was not installed"),
        ),
        E::MissingSignedVersion => (
            ErrorKind::BadResponse,
            "its signature does not name a version, so it was not installed".to_string(),
        ),
        E::InvalidUpdaterFormat => (
            ErrorKind::BadResponse,
            "the download is not a package this installation can use, so it was not installed".to_string(),
        ),
        E::AuthenticationFailed => (
            ErrorKind::AccessDenied,
            "installing it needs an administrator's password, and none was given".to_string(),
        ),
        E::Reqwest(_) | E::Network(_) => (
            ErrorKind::Unreachable,
            "it could not be downloaded".to_string(),
        ),
        _ => (
            ErrorKind::Internal,
            "it could not be installed".to_string(),
        ),
    };
    AppError::other(
        kind,
        format!("Pipewright {offered}: {what}; Pipewright {current} still runs"),
    )
    .with_details(error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_signature_is_refused_in_one_sentence_that_says_what_still_runs() {
        let error = tauri_plugin_updater::Error::Minisign(minisign_verify::Error::InvalidSignature);
        let message = install_error(&error, "0.2.0", "0.1.0").to_string();
        assert_eq!(
            message,
            "Pipewright 0.2.0: its signature does not match this app's update key, so it may have been tampered with and was not installed; Pipewright 0.1.0 still runs"
        );
    }
}
