//! Desktop notifications for alerts, with quiet hours, per-pipeline mute, and clicks reported back
//! as [`NotificationAction`]s on a channel. The desktop's notification service differs per
//! platform (freedesktop D-Bus, macOS Notification Center, Windows toasts): [`desktop`] is the
//! one place that calls it.
//!
//! Clicking a notification (its default action) or its "Review" button asks to open the pipeline;
//! "Approve" (offered only where notifications carry buttons and the pipeline is not production)
//! asks to approve; "Show why" on a failure asks to open the pipeline with the failed action's
//! "why it failed" panel. Where a platform has no buttons (macOS), the click opens the pipeline
//! and it is approved (or its failure read) there. The app decides what to do with them: nothing here calls AWS.
//!
//! `wait_for_action` blocks until the notification is clicked or closed, and forever if the
//! daemon never answers; each wait runs on a blocking thread, every notification carries an
//! expiry so the daemon closes it, and at most [`MAX_WAITERS`] waits run at once.

use std::collections::{BTreeSet, HashMap};
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use chrono::Timelike;
use pipewright_aws::control::ProductionPolicy;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::decide::{Alert, AlertKind};
use crate::error::WatchError;

mod desktop;

/// At most this many notifications wait for a click at once; later ones are shown without.
pub const MAX_WAITERS: usize = 32;

/// A time window without desktop notifications (alerts are still counted and listed).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuietHours {
    /// Minutes after midnight, local time.
    pub start: u16,
    pub end: u16,
}

impl QuietHours {
    /// True when `minute` (after local midnight) is inside the window; a window may wrap past
    /// midnight (22:00-07:00). Start is inclusive, end exclusive; start == end is empty.
    pub fn contains(&self, minute: u16) -> bool {
        let m = minute % 1440;
        if self.start <= self.end {
            m >= self.start && m < self.end
        } else {
            m >= self.start || m < self.end
        }
    }

    /// Is it quiet now (local time)?
    pub fn is_quiet_now(&self) -> bool {
        let now = chrono::Local::now();
        self.contains((now.hour() * 60 + now.minute()) as u16)
    }
}

impl FromStr for QuietHours {
    type Err = WatchError;

    /// `HH:MM-HH:MM`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || WatchError::QuietHours(s.to_string());
        let parse = |t: &str| -> Result<u16, WatchError> {
            let (h, m) = t.trim().split_once(':').ok_or_else(bad)?;
            let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
            if h > 23 || m > 59 {
                return Err(bad());
            }
            Ok(h * 60 + m)
        };
        let (a, b) = s.split_once('-').ok_or_else(bad)?;
        Ok(QuietHours {
            start: parse(a)?,
            end: parse(b)?,
        })
    }
}

/// What the user chose about notifications.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotifySettings {
    pub quiet_hours: Option<QuietHours>,
    pub muted: BTreeSet<String>,
    pub production: ProductionPolicy,
    /// Name the alert's connection in the notification's title (several connections watched).
    #[serde(default)]
    pub show_connection: bool,
}

/// The entry of [`NotifySettings::muted`] that mutes `pipeline` of one connection only (a plain
/// pipeline name mutes it on every connection).
pub fn muted_key(connection: &str, pipeline: &str) -> String {
    format!("{connection}\u{1f}{pipeline}")
}

/// What a click on a notification asks for.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum NotificationActionKind {
    /// Open the pipeline's view (default action / "Review").
    Open,
    /// Approve the waiting approval (only offered for non-production pipelines).
    #[serde(rename_all = "camelCase")]
    Approve {
        stage: String,
        action: String,
        pipeline_execution_id: Option<String>,
    },
    /// Sign the connection in again (its SSO or MFA session expired).
    SignIn,
    /// Open the pipeline with the failed action's "why it failed" panel ("Show why" on a
    /// failure; `action` is `None` when the stage failed without a failed action).
    #[serde(rename_all = "camelCase")]
    ShowWhy {
        stage: Option<String>,
        action: Option<String>,
        pipeline_execution_id: Option<String>,
    },
}

/// A click, reported on the notifier's channel.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationAction {
    /// The connection of the pipeline (when the alert came from a watcher).
    pub connection: Option<String>,
    pub pipeline: String,
    pub kind: NotificationActionKind,
    pub alert_key: String,
}

/// The notification for an alert, independent of the D-Bus library (pure, unit-tested).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationSpec {
    pub summary: String,
    pub body: String,
    /// `(id, label)`; `default` is the click on the notification itself.
    pub actions: Vec<(String, String)>,
    pub timeout_ms: u32,
    pub category: &'static str,
    /// The id of a shown notification this one replaces (the pipeline's failure, when it
    /// recovered); where a platform has no ids, it is shown as a new one.
    pub replaces: Option<u32>,
}

/// Why an alert was not shown.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Suppressed {
    Muted,
    QuietHours,
}

/// The result of delivering an alert.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// Shown, with the daemon's notification id.
    Shown(u32),
    Suppressed(Suppressed),
}

/// Builds the notification of an alert. `actions_supported`: notifications can carry buttons
/// (on Linux, the server's capabilities list `actions`).
pub fn spec_for(
    alert: &Alert,
    actions_supported: bool,
    production: &ProductionPolicy,
) -> NotificationSpec {
    let mut actions = vec![("default".to_string(), "Review".to_string())];
    let (timeout_ms, category) = match alert.kind {
        AlertKind::ApprovalWaiting => {
            let prod = production
                .is_production_stage(&alert.pipeline, alert.stage.as_deref().unwrap_or_default());
            if actions_supported {
                actions.push(("review".to_string(), "Review".to_string()));
                if !prod {
                    actions.push(("approve".to_string(), "Approve".to_string()));
                }
            }
            (10 * 60 * 1000, "x-pipewright.approval")
        }
        kind => {
            if actions_supported {
                actions.extend(
                    kind.actions()
                        .iter()
                        .map(|(i, l)| (i.to_string(), l.to_string())),
                );
            }
            (kind.timeout_ms(), kind.category())
        }
    };
    let mut body = alert.body();
    if let Some(link) = alert
        .link
        .as_deref()
        .filter(|_| alert.kind != AlertKind::Recovered)
    {
        body.push('\n');
        body.push_str(link);
    }
    NotificationSpec {
        summary: alert.title(),
        body,
        actions,
        timeout_ms,
        category,
        replaces: None,
    }
}

/// The action a notification's action id stands for.
pub fn action_for(alert: &Alert, id: &str) -> Option<NotificationActionKind> {
    match id {
        "default" | "review" => Some(NotificationActionKind::Open),
        "sign-in" if alert.kind == AlertKind::SignInNeeded => Some(NotificationActionKind::SignIn),
        "approve" if alert.kind == AlertKind::ApprovalWaiting => {
            Some(NotificationActionKind::Approve {
                stage: alert.stage.clone().unwrap_or_default(),
                action: alert.action.clone().unwrap_or_default(),
                pipeline_execution_id: alert.pipeline_execution_id.clone(),
            })
        }
        "why" if matches!(alert.kind, AlertKind::ActionFailed | AlertKind::StageFailed) => {
            Some(NotificationActionKind::ShowWhy {
                stage: alert.stage.clone(),
                action: alert.action.clone(),
                pipeline_execution_id: alert.pipeline_execution_id.clone(),
            })
        }
        _ => None,
    }
}

/// Shows alerts as desktop notifications.
#[derive(Clone)]
pub struct Notifier {
    settings: Arc<RwLock<NotifySettings>>,
    actions: mpsc::UnboundedSender<NotificationAction>,
    waiters: Arc<AtomicUsize>,
    shown: Arc<AtomicUsize>,
    suppressed: Arc<AtomicUsize>,
    /// The notification id of each pipeline's failure on screen, by [`muted_key`]: its
    /// "Recovered" replaces it rather than showing beside it.
    failures: Arc<Mutex<HashMap<String, u32>>>,
}

impl Notifier {
    /// A notifier and the receiving end of its clicks.
    pub fn new(settings: NotifySettings) -> (Self, mpsc::UnboundedReceiver<NotificationAction>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (
            Notifier {
                settings: Arc::new(RwLock::new(settings)),
                actions: tx,
                waiters: Arc::new(AtomicUsize::new(0)),
                shown: Arc::new(AtomicUsize::new(0)),
                suppressed: Arc::new(AtomicUsize::new(0)),
                failures: Arc::default(),
            },
            rx,
        )
    }

    /// Change the settings (quiet hours, mutes) while running.
    pub fn update(&self, f: impl FnOnce(&mut NotifySettings)) {
        if let Ok(mut s) = self.settings.write() {
            f(&mut s);
        }
    }

    pub fn mute(&self, pipeline: &str, muted: bool) {
        self.update(|s| {
            if muted {
                s.muted.insert(pipeline.to_string());
            } else {
                s.muted.remove(pipeline);
            }
        });
    }

    pub fn settings(&self) -> NotifySettings {
        self.settings.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// Whether this alert would be suppressed at local minute `minute` (pure).
    pub fn suppression(
        settings: &NotifySettings,
        alert: &Alert,
        minute: u16,
    ) -> Option<Suppressed> {
        let muted_here = alert
            .connection
            .as_deref()
            .is_some_and(|c| settings.muted.contains(&muted_key(c, &alert.pipeline)));
        if muted_here || settings.muted.contains(&alert.pipeline) {
            Some(Suppressed::Muted)
        } else if settings.quiet_hours.is_some_and(|q| q.contains(minute)) {
            Some(Suppressed::QuietHours)
        } else {
            None
        }
    }

    /// A start summary without the lines of muted pipelines (each line starts with its
    /// pipeline's name); muted as a whole when nothing else is left. `None`: not a summary.
    pub fn without_muted(settings: &NotifySettings, alert: &Alert) -> Option<Alert> {
        if alert.kind != AlertKind::NeedsAttention {
            return None;
        }
        let connection = alert.connection.as_deref().unwrap_or_default();
        let muted = |pipeline: &str| {
            settings.muted.contains(pipeline)
                || settings.muted.contains(&muted_key(connection, pipeline))
        };
        let detail = alert.detail.as_deref().unwrap_or_default();
        let kept: Vec<&str> = detail
            .lines()
            .filter(|l| l.split_once(": ").is_none_or(|(p, _)| !muted(p)))
            .collect();
        let mut out = alert.clone();
        if kept.iter().all(|l| l.starts_with("and ")) {
            // Only muted pipelines: suppressed like their own alerts.
            out.pipeline = detail
                .lines()
                .find_map(|l| l.split_once(": ").map(|(p, _)| p.to_string()))
                .unwrap_or_default();
        }
        out.detail = Some(kept.join("\n"));
        Some(out)
    }

    /// Counts: (shown, suppressed).
    pub fn counts(&self) -> (usize, usize) {
        (
            self.shown.load(Ordering::Relaxed),
            self.suppressed.load(Ordering::Relaxed),
        )
    }

    /// Shows the alert unless muted or in quiet hours; a click is reported on the channel.
    pub async fn deliver(&self, alert: &Alert) -> Result<Delivery, WatchError> {
        let settings = self.settings();
        let now = chrono::Local::now();
        let unmuted;
        let alert = match Self::without_muted(&settings, alert) {
            Some(a) => {
                unmuted = a;
                &unmuted
            }
            None => alert,
        };
        if let Some(why) =
            Self::suppression(&settings, alert, (now.hour() * 60 + now.minute()) as u16)
        {
            self.suppressed.fetch_add(1, Ordering::Relaxed);
            return Ok(Delivery::Suppressed(why));
        }
        let pipeline_key = muted_key(alert.connection.as_deref().unwrap_or(""), &alert.pipeline);
        let replaces = match alert.kind {
            AlertKind::Recovered => self.failures().remove(&pipeline_key),
            _ => None,
        };
        let alert = alert.clone();
        let kind = alert.kind;
        let actions = self.actions.clone();
        let waiters = self.waiters.clone();
        let id = tokio::task::spawn_blocking(move || -> Result<u32, WatchError> {
            let mut spec = spec_for(&alert, desktop::supports_actions(), &settings.production);
            spec.replaces = replaces;
            if let Some(connection) = alert
                .connection
                .as_deref()
                .filter(|_| settings.show_connection && !alert.kind.is_about_connection())
            {
                spec.summary = format!("{} ({connection})", spec.summary);
            }
            let shown =
                desktop::show(&spec).map_err(|e| WatchError::Notification(e.to_string()))?;
            let id = shown.id;
            if waiters.fetch_add(1, Ordering::SeqCst) < MAX_WAITERS {
                std::thread::spawn(move || {
                    shown.wait(|id| {
                        if let Some(kind) = action_for(&alert, id) {
                            let _ = actions.send(NotificationAction {
                                connection: alert.connection.clone(),
                                pipeline: alert.pipeline.clone(),
                                kind,
                                alert_key: alert.key.clone(),
                            });
                        }
                    });
                    waiters.fetch_sub(1, Ordering::SeqCst);
                });
            } else {
                waiters.fetch_sub(1, Ordering::SeqCst);
            }
            Ok(id)
        })
        .await
        .map_err(|e| WatchError::Notification(e.to_string()))??;
        self.shown.fetch_add(1, Ordering::Relaxed);
        if matches!(kind, AlertKind::ActionFailed | AlertKind::StageFailed) && id != 0 {
            self.failures().insert(pipeline_key, id);
        }
        Ok(Delivery::Shown(id))
    }

    fn failures(&self) -> std::sync::MutexGuard<'_, HashMap<String, u32>> {
        self.failures.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(kind: AlertKind, pipeline: &str, stage: &str) -> Alert {
        Alert {
            connection: None,
            key: format!("{pipeline}|{stage}"),
            kind,
            pipeline: pipeline.into(),
            stage: Some(stage.into()),
            action: Some("Approve".into()),
            pipeline_execution_id: Some("e1".into()),
            detail: Some("Check the release notes".into()),
            link: None,
        }
    }

    #[test]
    fn quiet_hours_parse_and_wrap_midnight() {
        let q: QuietHours = "22:00-07:30".parse().unwrap();
        assert_eq!(
            q,
            QuietHours {
                start: 1320,
                end: 450
            }
        );
        assert!(q.contains(23 * 60));
        assert!(q.contains(0));
        assert!(q.contains(7 * 60 + 29));
        assert!(!q.contains(7 * 60 + 30));
        assert!(!q.contains(12 * 60));
        let day: QuietHours = "12:00-13:00".parse().unwrap();
        assert!(day.contains(12 * 60 + 30));
        assert!(!day.contains(13 * 60));
        for bad in ["", "22-07", "25:00-01:00", "10:00", "aa:bb-cc:dd"] {
            assert!(bad.parse::<QuietHours>().is_err(), "{bad}");
        }
    }

    /// The start summary leaves muted pipelines out, and is muted when only they were in it.
    #[test]
    fn the_start_summary_leaves_muted_pipelines_out() {
        let standing = [
            alert(AlertKind::ActionFailed, "data-jobs", "Build"),
            alert(AlertKind::ApprovalWaiting, "web", "Review"),
        ];
        let summary = Alert::needs_attention("sandbox", &standing, 1).unwrap();
        assert_eq!(
            summary.detail.as_deref(),
            Some("data-jobs: Build › Approve failed\nweb: Review › Approve waits for a decision")
        );
        let mut s = NotifySettings::default();
        s.muted.insert(muted_key("sandbox", "data-jobs"));
        let kept = Notifier::without_muted(&s, &summary).unwrap();
        assert_eq!(
            kept.detail.as_deref(),
            Some("web: Review › Approve waits for a decision")
        );
        assert_eq!(Notifier::suppression(&s, &kept, 600), None);
        s.muted.insert("web".into());
        let none = Notifier::without_muted(&s, &summary).unwrap();
        assert_eq!(
            Notifier::suppression(&s, &none, 600),
            Some(Suppressed::Muted)
        );
        let failed = alert(AlertKind::ActionFailed, "web", "Build");
        assert_eq!(Notifier::without_muted(&s, &failed), None);
    }

    #[test]
    fn mute_and_quiet_hours_suppress() {
        let a = alert(AlertKind::ActionFailed, "web", "Build");
        let mut s = NotifySettings::default();
        assert_eq!(Notifier::suppression(&s, &a, 600), None);
        s.quiet_hours = Some("09:00-11:00".parse().unwrap());
        assert_eq!(
            Notifier::suppression(&s, &a, 600),
            Some(Suppressed::QuietHours)
        );
        assert_eq!(Notifier::suppression(&s, &a, 700), None);
        s.muted.insert("web".into());
        assert_eq!(Notifier::suppression(&s, &a, 700), Some(Suppressed::Muted));
    }

    #[test]
    fn approve_action_only_when_supported_and_not_production() {
        let policy = ProductionPolicy::default();
        let a = alert(AlertKind::ApprovalWaiting, "web", "Review");
        let spec = spec_for(&a, true, &policy);
        assert_eq!(spec.summary, "Approval waiting: web");
        assert_eq!(
            spec.body,
            "Review › Approve waits for a decision\nCheck the release notes"
        );
        let ids: Vec<&str> = spec.actions.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(ids, vec!["default", "review", "approve"]);
        let spec = spec_for(&a, false, &policy);
        assert_eq!(
            spec.actions,
            vec![("default".to_string(), "Review".to_string())]
        );
        let prod = alert(AlertKind::ApprovalWaiting, "web", "Prod");
        let ids: Vec<String> = spec_for(&prod, true, &policy)
            .actions
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert_eq!(ids, vec!["default", "review"]);
        assert_eq!(
            action_for(&a, "approve"),
            Some(NotificationActionKind::Approve {
                stage: "Review".into(),
                action: "Approve".into(),
                pipeline_execution_id: Some("e1".into())
            })
        );
        assert_eq!(
            action_for(&a, "default"),
            Some(NotificationActionKind::Open)
        );
        assert_eq!(action_for(&a, "__closed"), None);
        let failed = alert(AlertKind::ActionFailed, "web", "Build");
        assert_eq!(action_for(&failed, "approve"), None);
    }

    #[test]
    fn failures_offer_show_why_where_buttons_exist() {
        let policy = ProductionPolicy::default();
        let failed = alert(AlertKind::ActionFailed, "web", "Build");
        let spec = spec_for(&failed, true, &policy);
        assert_eq!(
            spec.actions,
            vec![
                ("default".to_string(), "Review".to_string()),
                ("why".to_string(), "Show why".to_string())
            ]
        );
        let ids: Vec<String> = spec_for(&failed, false, &policy)
            .actions
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert_eq!(
            ids,
            vec!["default"],
            "no buttons: the click opens the pipeline"
        );
        assert_eq!(
            action_for(&failed, "why"),
            Some(NotificationActionKind::ShowWhy {
                stage: failed.stage.clone(),
                action: failed.action.clone(),
                pipeline_execution_id: failed.pipeline_execution_id.clone(),
            })
        );
        let waiting = alert(AlertKind::ApprovalWaiting, "web", "Review");
        assert_eq!(action_for(&waiting, "why"), None);
        let ids: Vec<String> = spec_for(&waiting, true, &policy)
            .actions
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert!(!ids.contains(&"why".to_string()), "{ids:?}");
    }
}
