//! What the user chose for the control room, kept in `control-room.json` in the app's config
//! folder: quiet hours, muted pipelines, pipelines marked production, connections watched.

use std::collections::BTreeSet;
use std::path::Path;

use pipewright_aws::control::ProductionPolicy;
use pipewright_watch::{NotifySettings, QuietHours};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Result};

/// The settings file in the app's config folder.
pub const SETTINGS_FILE: &str = "control-room.json";

/// What [`ControlSettings::watched`] holds for the embedded local sandbox (it may not be saved as
/// a connection yet, and its saved connection is re-pointed at each start).
pub const SANDBOX_KEY: &str = "local-sandbox";

/// What the user chose for the control room (file [`SETTINGS_FILE`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ControlSettings {
    /// No desktop notifications in this local time window, `HH:MM-HH:MM` (may wrap midnight).
    pub quiet_hours: Option<String>,
    /// Pipelines whose alerts are not shown as notifications (still counted in the badge).
    pub muted: BTreeSet<String>,
    /// Pipelines (or `pipeline/stage`) that count as production besides the naming convention.
    pub production: BTreeSet<String>,
    /// Connections watched in the background even when they are not the active one (the active
    /// one always is): saved connection ids, and `local-sandbox` ([`SANDBOX_KEY`]) for the local
    /// sandbox.
    pub watched: BTreeSet<String>,
}

impl ControlSettings {
    /// Reads the settings file; a missing file gives the defaults, a broken one an error.
    pub fn load(path: &Path) -> Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                AppError::Invalid(format!(
                    "the control room settings in {} are not valid ({e}); fix or delete the file",
                    path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(AppError::io("read", path)(e)),
        }
    }

    /// Writes the settings atomically (the app's one atomic write).
    pub fn save(&self, path: &Path) -> Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(AppError::io("create", dir))?;
        }
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| AppError::Invalid(format!("cannot write the settings: {e}")))?;
        crate::files::atomic_write(path, text.as_bytes())
    }

    /// Checks the values and normalizes them (trimmed quiet hours, no blank names).
    pub fn validated(mut self) -> Result<Self> {
        self.quiet_hours = match self.quiet_hours.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => {
                text.parse::<QuietHours>().map_err(|_| {
                    AppError::Invalid(format!(
                        "quiet hours `{text}` are not a time window; write them like 22:00-07:30"
                    ))
                })?;
                Some(text.to_string())
            }
        };
        self.muted = clean(self.muted);
        self.production = clean(self.production);
        self.watched = clean(self.watched);
        Ok(self)
    }

    /// The production guard these settings give.
    pub fn policy(&self) -> ProductionPolicy {
        ProductionPolicy {
            by_convention: true,
            marked: self.production.clone(),
        }
    }

    /// The notifier's settings.
    pub fn notify(&self) -> NotifySettings {
        NotifySettings {
            quiet_hours: self.quiet_hours.as_deref().and_then(|q| q.parse().ok()),
            muted: self.muted.clone(),
            production: self.policy(),
            show_connection: false,
        }
    }
}

fn clean(names: BTreeSet<String>) -> BTreeSet<String> {
    names
        .into_iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}
