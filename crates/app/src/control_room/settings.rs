//! What the user chose for the control room, kept in `control-room.json` in the app's config
//! folder: quiet hours, muted pipelines, pipelines marked production, connections watched.
//!
//! Mutes and production marks belong to one pipeline of one connection: each entry is
//! `<connection>:<region>:<pipeline>` (the connection's id, or its name for an ad-hoc one), which
//! within the connection's account names what the pipeline's ARN names (region and name; the
//! account is the connection's), so muting the sandbox's `data-jobs` leaves a production
//! `data-jobs` in another account alone. Entries of older files name only the pipeline
//! (`data-jobs`): they keep their meaning for the connection the control room connects to first
//! after the update, which takes them over ([`ControlSettings::adopt`], logged), and until then
//! apply by name.

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

/// The connection and region a pipeline belongs to (with its name: what its ARN names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The connection's id (its name for an ad-hoc connection).
    pub connection: String,
    pub region: String,
}

impl Scope {
    /// The scope of pipelines seen on `active`.
    pub fn of(active: &pipewright_connections::ActiveConnection) -> Scope {
        Scope {
            connection: active.id.clone().unwrap_or_else(|| active.name.clone()),
            region: active.region.clone(),
        }
    }

    /// The settings entry of `name` (a pipeline, or `pipeline/stage`) in this scope.
    pub fn entry(&self, name: &str) -> String {
        format!("{}:{}:{name}", self.connection, self.region)
    }

    /// The pipeline (or `pipeline/stage`) of an entry of this scope.
    pub fn name_of<'a>(&self, entry: &'a str) -> Option<&'a str> {
        entry
            .strip_prefix(self.connection.as_str())?
            .strip_prefix(':')?
            .strip_prefix(self.region.as_str())?
            .strip_prefix(':')
    }
}

/// An entry of an older file: a pipeline name only (names and regions never hold `:`).
fn is_unscoped(entry: &str) -> bool {
    !entry.contains(':')
}

/// What the user chose for the control room (file [`SETTINGS_FILE`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ControlSettings {
    /// No desktop notifications in this local time window, `HH:MM-HH:MM` (may wrap midnight).
    pub quiet_hours: Option<String>,
    /// Pipelines whose alerts are not shown as notifications (still counted in the badge), as
    /// `<connection>:<region>:<pipeline>` ([`Scope::entry`]).
    pub muted: BTreeSet<String>,
    /// Pipelines (or `pipeline/stage`) that count as production besides the naming convention,
    /// as `<connection>:<region>:<name>`.
    pub production: BTreeSet<String>,
    /// Connections watched in the background even when they are not the active one (the active
    /// one always is): saved connection ids, and `local-sandbox` ([`SANDBOX_KEY`]) for the local
    /// sandbox.
    pub watched: BTreeSet<String>,
    /// Connections (keys as in [`Self::watched`]) watched by CodePipeline's events through this
    /// desktop's queue (set up with [`crate::control_room::ControlRoom::setup_events`]) instead
    /// of polling; a slow sweep catches a missed event.
    pub events: BTreeSet<String>,
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
        self.events = clean(self.events);
        Ok(self)
    }

    /// The production guard these settings give (every mark, whatever its connection: the
    /// notifier's, which only offers fewer quick "Approve" buttons for it).
    pub fn policy(&self) -> ProductionPolicy {
        ProductionPolicy {
            by_convention: true,
            marked: self
                .production
                .iter()
                .map(|e| e.rsplit(':').next().unwrap_or(e).to_string())
                .collect(),
        }
    }

    /// The production guard for pipelines of `scope`: its marks, and the unscoped ones.
    pub fn policy_in(&self, scope: &Scope) -> ProductionPolicy {
        ProductionPolicy {
            by_convention: true,
            marked: names_in(&self.production, scope),
        }
    }

    /// Whether `pipeline` of `scope` is muted.
    pub fn is_muted(&self, scope: &Scope, pipeline: &str) -> bool {
        self.muted.contains(&scope.entry(pipeline)) || self.muted.contains(pipeline)
    }

    /// What the settings screen shows on `scope`: its mutes and marks as plain names.
    pub fn view_in(&self, scope: &Scope) -> ControlSettings {
        ControlSettings {
            quiet_hours: self.quiet_hours.clone(),
            muted: names_in(&self.muted, scope),
            production: names_in(&self.production, scope),
            watched: self.watched.clone(),
            events: self.events.clone(),
        }
    }

    /// These settings with `view` (plain names, as [`Self::view_in`] gave them) saved for
    /// `scope`: the other connections' entries kept.
    pub fn with_view(&self, view: ControlSettings, scope: &Scope) -> ControlSettings {
        let replace = |stored: &BTreeSet<String>, names: BTreeSet<String>| {
            stored
                .iter()
                .filter(|e| !is_unscoped(e) && scope.name_of(e).is_none())
                .cloned()
                .chain(names.iter().map(|n| scope.entry(n.trim())))
                .collect()
        };
        ControlSettings {
            quiet_hours: view.quiet_hours,
            muted: replace(&self.muted, clean(view.muted)),
            production: replace(&self.production, clean(view.production)),
            watched: view.watched,
            events: view.events,
        }
    }

    /// The entries of an older file (pipeline names only) become `scope`'s; how many did.
    pub fn adopt(&mut self, scope: &Scope) -> usize {
        let mut adopted = 0;
        for set in [&mut self.muted, &mut self.production] {
            let old: Vec<String> = set.iter().filter(|e| is_unscoped(e)).cloned().collect();
            for name in old {
                set.remove(&name);
                set.insert(scope.entry(&name));
                adopted += 1;
            }
        }
        adopted
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

/// The names of `scope`'s entries, and the unscoped ones.
fn names_in(entries: &BTreeSet<String>, scope: &Scope) -> BTreeSet<String> {
    entries
        .iter()
        .filter_map(|e| {
            if is_unscoped(e) {
                Some(e.as_str())
            } else {
                scope.name_of(e)
            }
        })
        .map(str::to_string)
        .collect()
}

fn clean(names: BTreeSet<String>) -> BTreeSet<String> {
    names
        .into_iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(c: &str, r: &str) -> Scope {
        Scope {
            connection: c.into(),
            region: r.into(),
        }
    }

    #[test]
    fn mutes_and_marks_belong_to_one_connection_and_region() {
        let sandbox = scope("sbx-1", "us-east-1");
        let prod = scope("prod-7", "us-east-1");
        let prod_eu = scope("prod-7", "eu-west-1");
        let view = ControlSettings {
            muted: ["data-jobs".to_string()].into(),
            production: ["billing/Deploy".to_string()].into(),
            ..Default::default()
        };
        let stored = ControlSettings::default().with_view(view, &sandbox);
        assert_eq!(
            stored.muted,
            ["sbx-1:us-east-1:data-jobs".to_string()].into()
        );
        assert!(stored.is_muted(&sandbox, "data-jobs"));
        assert!(!stored.is_muted(&prod, "data-jobs"), "another connection");
        assert!(!stored.is_muted(&prod_eu, "data-jobs"));
        assert!(stored
            .policy_in(&sandbox)
            .is_production_stage("billing", "Deploy"));
        assert!(!stored
            .policy_in(&prod)
            .is_production_stage("billing", "Deploy"));
        // Each connection sees its own; saving one keeps the other's.
        let prod_view = ControlSettings {
            muted: ["api".to_string()].into(),
            ..stored.view_in(&prod)
        };
        assert!(stored.view_in(&prod).muted.is_empty());
        let both = stored.with_view(prod_view, &prod);
        assert_eq!(
            both.view_in(&sandbox).muted,
            ["data-jobs".to_string()].into()
        );
        assert_eq!(both.view_in(&prod).muted, ["api".to_string()].into());
    }

    #[test]
    fn names_of_older_files_become_the_first_connection_s() {
        let mut old = ControlSettings {
            muted: ["data-jobs".to_string()].into(),
            production: ["billing".to_string(), "sbx:us-east-1:web".to_string()].into(),
            ..Default::default()
        };
        let prod = scope("prod-7", "eu-west-1");
        // Until adopted, a name applies by name.
        assert!(old.is_muted(&prod, "data-jobs"));
        assert_eq!(old.adopt(&prod), 2);
        assert_eq!(old.muted, ["prod-7:eu-west-1:data-jobs".to_string()].into());
        assert!(old.production.contains("prod-7:eu-west-1:billing"));
        assert!(old.production.contains("sbx:us-east-1:web"));
        assert!(!old.is_muted(&scope("sbx", "us-east-1"), "data-jobs"));
        assert_eq!(old.adopt(&prod), 0);
    }
}
