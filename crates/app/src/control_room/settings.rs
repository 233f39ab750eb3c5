//! What the user chose for the control room, kept in `control-room.json` in the app's config
//! folder: quiet hours, muted pipelines, pipelines marked production, connections watched.
//!
//! Mutes and production marks belong to one pipeline of one connection: each entry is
//! `<connection>|<pipeline ARN>` (the connection's id, or its name for an ad-hoc one; the ARN
//! `arn:<partition>:codepipeline:<region>:<account>:<pipeline>`), so muting the sandbox's
//! `data-jobs` leaves a production `data-jobs` in another account alone, and a profile re-pointed
//! at another account does not carry the old account's mutes and marks over.
//!
//! The account is learned when the control room connects ([`Account`]). Until it is known, and
//! in files written before accounts were, an entry is `<connection>:<region>:<pipeline>`; it
//! matches the pipeline of that name in any account of the connection and region (a production
//! mark is never lost because the account could not be learned), and becomes the ARN form the
//! first time the account is known ([`ControlSettings::adopt`]). Entries of still older files
//! name only the pipeline (`data-jobs`): they keep their meaning for the connection the control
//! room connects to first after the update, which takes them over (logged), and until then
//! apply by name.

use std::collections::BTreeSet;
use std::path::Path;

use pipewright_aws::control::ProductionPolicy;
use pipewright_core::arn::Arn;
use pipewright_watch::{NotifySettings, QuietHours};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Result};

/// The settings file in the app's config folder.
pub const SETTINGS_FILE: &str = "control-room.json";

/// What [`ControlSettings::watched`] holds for the embedded local sandbox (it may not be saved as
/// a connection yet, and its saved connection is re-pointed at each start).
pub const SANDBOX_KEY: &str = "local-sandbox";

/// The account a connection's pipelines live in (what their ARNs name besides region and name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    pub partition: String,
    /// The 12-digit account id.
    pub id: String,
}

impl Account {
    /// The account of an ARN (`arn:<partition>:<service>:<region>:<account>:...`), e.g. STS
    /// GetCallerIdentity's.
    pub fn of_arn(arn: &str) -> Option<Account> {
        let arn = Arn::parse(arn)?;
        (!arn.account.is_empty()).then(|| Account {
            partition: arn.partition.into(),
            id: arn.account.into(),
        })
    }
}

/// The connection, region and account a pipeline belongs to (with its name: what its ARN names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The connection's id (its name for an ad-hoc connection).
    pub connection: String,
    pub region: String,
    /// The connection's account, once learned; `None` while it cannot be (its entries are then
    /// `<connection>:<region>:<name>`).
    pub account: Option<Account>,
}

impl Scope {
    /// The scope of pipelines seen on `active` (in `account`, when known).
    pub fn of(
        active: &pipewright_connections::ActiveConnection,
        account: Option<Account>,
    ) -> Scope {
        Scope {
            connection: active.id.clone().unwrap_or_else(|| active.name.clone()),
            region: active.region.clone(),
            account,
        }
    }

    /// The settings entry of `name` (a pipeline, or `pipeline/stage`) in this scope.
    pub fn entry(&self, name: &str) -> String {
        match &self.account {
            Some(a) => format!(
                "{}|arn:{}:codepipeline:{}:{}:{name}",
                self.connection, a.partition, self.region, a.id
            ),
            None => format!("{}:{}:{name}", self.connection, self.region),
        }
    }

    /// The pipeline (or `pipeline/stage`) of an entry of this scope: one of its account, or
    /// one written without an account (which matches any account of the connection and region);
    /// with the account unknown, entries of every account of the connection and region.
    pub fn name_of<'a>(&self, entry: &'a str) -> Option<&'a str> {
        let rest = entry.strip_prefix(self.connection.as_str())?;
        let Some(arn) = rest.strip_prefix('|') else {
            return Self::name_without_account(rest, &self.region);
        };
        let arn = Arn::parse_of(arn, "codepipeline")?;
        let same_account = self
            .account
            .as_ref()
            .is_none_or(|a| a.partition == arn.partition && a.id == arn.account);
        (arn.region == self.region && same_account).then_some(arn.resource)
    }

    /// The pipeline of an entry of this connection and region written without an account.
    fn older_name_of<'a>(&self, entry: &'a str) -> Option<&'a str> {
        Self::name_without_account(entry.strip_prefix(self.connection.as_str())?, &self.region)
    }

    fn name_without_account<'a>(rest: &'a str, region: &str) -> Option<&'a str> {
        rest.strip_prefix(':')?
            .strip_prefix(region)?
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
    /// `<connection>|<pipeline ARN>` ([`Scope::entry`]).
    pub muted: BTreeSet<String>,
    /// Pipelines (or `pipeline/stage`) that count as production besides the naming convention,
    /// as `<connection>|<pipeline ARN>` (`.../pipeline/stage` for a stage).
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
        self.muted.contains(pipeline)
            || self
                .muted
                .iter()
                .any(|e| !is_unscoped(e) && scope.name_of(e) == Some(pipeline))
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
    /// `scope`: the other connections' and accounts' entries kept, and a name still in the view
    /// keeps its entry as it was.
    pub fn with_view(&self, view: ControlSettings, scope: &Scope) -> ControlSettings {
        let replace = |stored: &BTreeSet<String>, names: BTreeSet<String>| {
            let mut out: BTreeSet<String> = stored
                .iter()
                .filter(|e| !is_unscoped(e) && scope.name_of(e).is_none())
                .cloned()
                .collect();
            for name in names {
                let kept: Vec<&String> = stored
                    .iter()
                    .filter(|e| !is_unscoped(e) && scope.name_of(e) == Some(name.as_str()))
                    .collect();
                if kept.is_empty() {
                    out.insert(scope.entry(&name));
                } else {
                    out.extend(kept.into_iter().cloned());
                }
            }
            out
        };
        ControlSettings {
            quiet_hours: view.quiet_hours,
            muted: replace(&self.muted, clean(view.muted)),
            production: replace(&self.production, clean(view.production)),
            watched: view.watched,
            events: view.events,
        }
    }

    /// Entries become `scope`'s ARN entries where they can: those of an older file (pipeline
    /// names only), and, once `scope`'s account is known, those of its connection and region
    /// written without an account. How many did.
    pub fn adopt(&mut self, scope: &Scope) -> usize {
        let mut adopted = 0;
        for set in [&mut self.muted, &mut self.production] {
            let old: Vec<(String, String)> = set
                .iter()
                .filter_map(|e| {
                    if is_unscoped(e) {
                        Some((e.clone(), e.clone()))
                    } else {
                        scope
                            .account
                            .as_ref()
                            .and(scope.older_name_of(e))
                            .map(|name| (e.clone(), name.to_string()))
                    }
                })
                .collect();
            for (entry, name) in old {
                set.remove(&entry);
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
        in_account(c, r, "111122223333")
    }

    fn in_account(c: &str, r: &str, account: &str) -> Scope {
        Scope {
            connection: c.into(),
            region: r.into(),
            account: Some(Account {
                partition: "aws".into(),
                id: account.into(),
            }),
        }
    }

    fn unknown(c: &str, r: &str) -> Scope {
        Scope {
            connection: c.into(),
            region: r.into(),
            account: None,
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
            ["sbx-1|arn:aws:codepipeline:us-east-1:111122223333:data-jobs".to_string()].into()
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
        assert!(stored.policy().is_production_stage("billing", "Deploy"));
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

    /// The same connection, region and name in another account (a profile re-pointed) is
    /// another pipeline.
    #[test]
    fn mutes_and_marks_belong_to_one_account() {
        let a = in_account("ops", "us-east-1", "111111111111");
        let b = in_account("ops", "us-east-1", "222222222222");
        let view = ControlSettings {
            muted: ["web".to_string()].into(),
            production: ["web".to_string()].into(),
            ..Default::default()
        };
        let stored = ControlSettings::default().with_view(view, &a);
        assert!(stored.is_muted(&a, "web"));
        assert!(!stored.is_muted(&b, "web"));
        assert!(stored.policy_in(&a).is_production_pipeline("web"));
        assert!(!stored.policy_in(&b).is_production_pipeline("web"));
        assert!(stored.view_in(&b).muted.is_empty());
        // Saving B's view keeps A's.
        let on_b = stored.with_view(
            ControlSettings {
                muted: ["api".to_string()].into(),
                ..stored.view_in(&b)
            },
            &b,
        );
        assert!(on_b.is_muted(&a, "web") && !on_b.is_muted(&a, "api"));
        assert!(on_b.is_muted(&b, "api") && !on_b.is_muted(&b, "web"));
        assert!(on_b.policy_in(&a).is_production_pipeline("web"));
        // With the account unknown, no mark is lost: every account's apply, and saving keeps
        // the entries of the names still there as they were.
        let blind = unknown("ops", "us-east-1");
        assert!(on_b.policy_in(&blind).is_production_pipeline("web"));
        assert!(on_b.is_muted(&blind, "web") && on_b.is_muted(&blind, "api"));
        let saved = on_b.with_view(on_b.view_in(&blind), &blind);
        assert_eq!(saved, on_b);
        let added = on_b.with_view(
            ControlSettings {
                production: ["web".to_string(), "db".to_string()].into(),
                ..on_b.view_in(&blind)
            },
            &blind,
        );
        assert!(added.production.contains("ops:us-east-1:db"));
        assert!(added.policy_in(&b).is_production_pipeline("db"));
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
        assert_eq!(
            old.muted,
            ["prod-7|arn:aws:codepipeline:eu-west-1:111122223333:data-jobs".to_string()].into()
        );
        assert!(old
            .production
            .contains("prod-7|arn:aws:codepipeline:eu-west-1:111122223333:billing"));
        assert!(old.production.contains("sbx:us-east-1:web"));
        assert!(!old.is_muted(&scope("sbx", "us-east-1"), "data-jobs"));
        assert_eq!(old.adopt(&prod), 0);
    }

    /// A file of before accounts (`<connection>:<region>:<name>`): its entries keep matching
    /// while the account is unknown, and become the ARN of the first account learned for their
    /// connection and region; the other connections' stay as they are until theirs is known.
    #[test]
    fn entries_without_an_account_take_the_first_account_learned() {
        let text = r#"{
            "quietHours": "22:00-07:00",
            "muted": ["sbx:us-east-1:data-jobs", "ops:us-east-1:web"],
            "production": ["ops:us-east-1:web/Deploy", "ops:eu-west-1:web", "legacy"],
            "watched": ["ops"]
        }"#;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(SETTINGS_FILE);
        std::fs::write(&path, text).expect("write");
        let mut settings = ControlSettings::load(&path).expect("load");
        let blind = unknown("ops", "us-east-1");
        assert_eq!(settings.adopt(&blind), 1, "only the bare name");
        assert!(settings.production.contains("ops:us-east-1:legacy"));
        assert!(settings.is_muted(&blind, "web"));
        let a = in_account("ops", "us-east-1", "111111111111");
        assert!(settings.is_muted(&a, "web"), "matches before adopted");
        assert!(settings.policy_in(&a).is_production_stage("web", "Deploy"));
        assert_eq!(settings.adopt(&a), 3);
        assert_eq!(
            settings.production,
            [
                "ops:eu-west-1:web".to_string(),
                "ops|arn:aws:codepipeline:us-east-1:111111111111:legacy".to_string(),
                "ops|arn:aws:codepipeline:us-east-1:111111111111:web/Deploy".to_string(),
            ]
            .into()
        );
        assert_eq!(
            settings.muted,
            [
                "ops|arn:aws:codepipeline:us-east-1:111111111111:web".to_string(),
                "sbx:us-east-1:data-jobs".to_string(),
            ]
            .into()
        );
        assert_eq!(settings.adopt(&a), 0);
        settings.save(&path).expect("save");
        let again = ControlSettings::load(&path).expect("load");
        let b = in_account("ops", "us-east-1", "222222222222");
        assert!(again.is_muted(&a, "web") && !again.is_muted(&b, "web"));
        assert!(!again.policy_in(&b).is_production_stage("web", "Deploy"));
        assert_eq!(again.quiet_hours.as_deref(), Some("22:00-07:00"));
    }

    #[test]
    fn accounts_come_from_arns() {
        assert_eq!(
            Account::of_arn("arn:aws-cn:iam::123456789012:user/ci"),
            Some(Account {
                partition: "aws-cn".into(),
                id: "123456789012".into()
            })
        );
        assert_eq!(Account::of_arn("arn:aws:iam:::user/ci"), None);
        assert_eq!(Account::of_arn("not an arn"), None);
    }
}
