//! The control room's state in the app: the active connection (an AWS connection, or the
//! embedded local sandbox when there is none), the control-plane client, the background watcher,
//! the notifier, and the user's notification settings (persisted in the app's config folder).
//!
//! Everything here works without a window: [`ControlRoom`] is tested against a real sandbox.
//! The glue that needs an `AppHandle` (forwarding watcher events, notification clicks and the
//! badge to the UI and the tray) is [`spawn_forwarders`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use pipewright_aws::control::{ControlApi, ProductionPolicy};
use pipewright_aws::SdkApi;
use pipewright_connections::{ActiveConnection, ConnectOptions, SANDBOX_NAME};
use pipewright_sandbox::{RunningSandbox, Sandbox, SandboxConfig};
use pipewright_watch::{
    BadgeState, NotificationAction, NotificationActionKind, Notifier, NotifySettings,
    PipelineHealth, QuietHours, WatchConfig, WatchEvent, Watcher,
};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc, watch};

use crate::connections::{ActiveConnectionEvent, ConnectionsState, ACTIVE_CONNECTION_EVENT};
use crate::error::{AppError, ErrorPayload, Result};

/// The settings file in the app's config folder.
pub const SETTINGS_FILE: &str = "control-room.json";

/// Event `control-open`: open a pipeline in the control room (a notification or tray click).
pub const CONTROL_OPEN: &str = "control-open";
/// Event `control-badge`: the badge (approvals waiting, pipelines failing) changed.
pub const CONTROL_BADGE: &str = "control-badge";
/// Event `control-changed`: a watched pipeline's health changed, or the connection did.
pub const CONTROL_CHANGED: &str = "control-changed";

/// Payload of [`CONTROL_OPEN`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ControlOpenEvent {
    pub pipeline: String,
    /// Set when the user clicked "Approve": open the approval dialog of this action.
    pub approve: Option<ApproveTarget>,
}

/// Which approval a notification's "Approve" button means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ApproveTarget {
    pub stage: String,
    pub action: String,
    pub pipeline_execution_id: Option<String>,
}

/// Payload of [`CONTROL_CHANGED`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ControlChangedEvent {
    /// The pipeline whose health changed; `None` for the whole list (connection, pipeline set).
    pub pipeline: Option<String>,
}

impl From<NotificationAction> for ControlOpenEvent {
    fn from(action: NotificationAction) -> Self {
        let approve = match action.kind {
            NotificationActionKind::Open => None,
            NotificationActionKind::Approve {
                stage,
                action,
                pipeline_execution_id,
            } => Some(ApproveTarget {
                stage,
                action,
                pipeline_execution_id,
            }),
        };
        ControlOpenEvent {
            pipeline: action.pipeline,
            approve,
        }
    }
}

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

    /// Writes the settings atomically (temp file + rename).
    pub fn save(&self, path: &Path) -> Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(AppError::io("create", dir))?;
        }
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| AppError::Invalid(format!("cannot write the settings: {e}")))?;
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, text).map_err(AppError::io("write", &tmp))?;
        std::fs::rename(&tmp, path).map_err(AppError::io("write", path))
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

/// Where the control room is: what the title bar and the control room header show.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ControlStatus {
    /// The active connection, once connected.
    pub connection: Option<ActiveConnection>,
    /// Starting (the sandbox or the connection is not ready yet).
    pub starting: bool,
    /// Why the control room could not connect (a sentence to show in a banner).
    pub error: Option<String>,
    pub badge: BadgeState,
}

/// Where the control-plane calls go.
struct Live {
    api: Arc<dyn ControlApi>,
    connection: ActiveConnection,
}

struct Inner {
    settings_path: PathBuf,
    settings: RwLock<ControlSettings>,
    live: RwLock<Option<Live>>,
    starting: RwLock<bool>,
    error: RwLock<Option<String>>,
    sandbox: Mutex<Option<RunningSandbox>>,
    watcher: Mutex<Option<Watcher>>,
    notifier: Notifier,
    clicks: Mutex<Option<mpsc::UnboundedReceiver<NotificationAction>>>,
    badge: watch::Sender<BadgeState>,
}

/// The control room (managed Tauri state; cheap to clone).
#[derive(Clone)]
pub struct ControlRoom {
    inner: Arc<Inner>,
}

fn read<T: Clone>(lock: &RwLock<T>) -> T {
    match lock.read() {
        Ok(v) => v.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

fn write<T>(lock: &RwLock<T>, value: T) {
    match lock.write() {
        Ok(mut v) => *v = value,
        Err(poisoned) => *poisoned.into_inner() = value,
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl ControlRoom {
    /// A control room whose settings live in `config_dir` (not connected yet). A broken
    /// settings file is reported in the status and replaced by the defaults.
    pub fn new(config_dir: &Path) -> Self {
        let settings_path = config_dir.join(SETTINGS_FILE);
        let (settings, error) = match ControlSettings::load(&settings_path) {
            Ok(s) => (s, None),
            Err(e) => (ControlSettings::default(), Some(e.to_string())),
        };
        let (notifier, clicks) = Notifier::new(settings.notify());
        let (badge, _) = watch::channel(BadgeState::default());
        ControlRoom {
            inner: Arc::new(Inner {
                settings_path,
                settings: RwLock::new(settings),
                live: RwLock::new(None),
                starting: RwLock::new(true),
                error: RwLock::new(error),
                sandbox: Mutex::new(None),
                watcher: Mutex::new(None),
                notifier,
                clicks: Mutex::new(Some(clicks)),
                badge,
            }),
        }
    }

    /// Connects to the active saved connection, or, when there is none (or it is the local
    /// sandbox), starts the embedded sandbox with the sample pipelines on loopback and makes
    /// "Local sandbox" the active connection. Failures end up in [`Self::status`].
    pub async fn connect(&self, conns: &ConnectionsState) -> Result<ActiveConnection> {
        let result = self.connect_inner(conns).await;
        write(&self.inner.starting, false);
        match &result {
            Ok(_) => write(&self.inner.error, None),
            Err(e) => write(&self.inner.error, Some(e.to_string())),
        }
        result
    }

    async fn connect_inner(&self, state: &ConnectionsState) -> Result<ActiveConnection> {
        let mut conns = state.lock().await.map_err(payload_error)?;
        let mut active = conns.active();
        if active.is_none() {
            active = match conns.restore_active().await {
                Ok(active) => active,
                Err(e) => {
                    // A saved connection that cannot be used now: fall back to the sandbox.
                    eprintln!("pipewright: the saved connection could not be restored: {e}");
                    None
                }
            };
        }
        if let Some(active) = active.filter(|a| !a.is_sandbox) {
            let resolved = conns.current().await.map_err(connection_error)?;
            drop(conns);
            let client = pipewright_aws::client::client_from_config(&resolved.sdk_config);
            self.set_live(Arc::new(SdkApi::new(client)), active.clone());
            return Ok(active);
        }
        let url = self.start_sandbox().await?;
        conns.upsert_local_sandbox(&url).map_err(connection_error)?;
        let active = conns
            .activate(SANDBOX_NAME, &ConnectOptions::default())
            .await
            .map_err(connection_error)?;
        let resolved = conns.current().await.map_err(connection_error)?;
        drop(conns);
        let client = pipewright_aws::client::client_from_config(&resolved.sdk_config);
        self.set_live(Arc::new(SdkApi::new(client)), active.clone());
        Ok(active)
    }

    /// Starts the embedded sandbox (samples seeded, their executions running); its URL.
    async fn start_sandbox(&self) -> Result<String> {
        if let Some(running) = lock(&self.inner.sandbox).as_ref() {
            return Ok(running.endpoint_url().to_string());
        }
        let sandbox = Sandbox::start(SandboxConfig::with_samples())
            .await
            .map_err(|e| {
                AppError::Unavailable(format!(
                    "the local sandbox could not start ({e}); restart Pipewright"
                ))
            })?;
        let url = sandbox.endpoint_url().to_string();
        *lock(&self.inner.sandbox) = Some(sandbox);
        Ok(url)
    }

    /// Points the control room at `api` (tests, or after a connection switch).
    pub fn set_live(&self, api: Arc<dyn ControlApi>, connection: ActiveConnection) {
        write(&self.inner.live, Some(Live { api, connection }));
        write(&self.inner.starting, false);
    }

    /// The control-plane client of the active connection.
    pub fn api(&self) -> Result<Arc<dyn ControlApi>> {
        let live = self.inner.live.read().map_err(|_| not_ready(None))?;
        match live.as_ref() {
            Some(l) => Ok(l.api.clone()),
            None => Err(not_ready(read(&self.inner.error))),
        }
    }

    /// The active connection, once connected.
    pub fn connection(&self) -> Option<ActiveConnection> {
        self.inner
            .live
            .read()
            .ok()
            .and_then(|l| l.as_ref().map(|l| l.connection.clone()))
    }

    pub fn status(&self) -> ControlStatus {
        ControlStatus {
            connection: self.connection(),
            starting: read(&self.inner.starting),
            error: read(&self.inner.error),
            badge: self.inner.badge.borrow().clone(),
        }
    }

    pub fn settings(&self) -> ControlSettings {
        read(&self.inner.settings)
    }

    /// The production guard of the current settings.
    pub fn policy(&self) -> ProductionPolicy {
        self.settings().policy()
    }

    /// Validates, saves and applies new settings (the notifier follows at once).
    pub fn save_settings(&self, settings: ControlSettings) -> Result<ControlSettings> {
        let settings = settings.validated()?;
        settings.save(&self.inner.settings_path)?;
        let notify = settings.notify();
        self.inner.notifier.update(|s| *s = notify);
        write(&self.inner.settings, settings.clone());
        Ok(settings)
    }

    /// Mutes or unmutes one pipeline's notifications.
    pub fn set_muted(&self, pipeline: &str, muted: bool) -> Result<ControlSettings> {
        let mut settings = self.settings();
        if muted {
            settings.muted.insert(pipeline.to_string());
        } else {
            settings.muted.remove(pipeline);
        }
        self.save_settings(settings)
    }

    pub fn notifier(&self) -> &Notifier {
        &self.inner.notifier
    }

    /// Starts the background watcher over the active connection (replacing a running one);
    /// returns its events. The badge is republished on [`Self::badge`].
    pub fn start_watcher(&self) -> Result<broadcast::Receiver<WatchEvent>> {
        let api = self.api()?;
        let label = self
            .connection()
            .map(|c| c.title)
            .unwrap_or_else(|| "connection".into());
        let (watcher, events) = Watcher::spawn(api, WatchConfig::all(label));
        let mut badge = watcher.badge();
        let tx = self.inner.badge.clone();
        tokio::spawn(async move {
            loop {
                let value = badge.borrow_and_update().clone();
                tx.send_replace(value);
                if badge.changed().await.is_err() {
                    break;
                }
            }
        });
        let previous = lock(&self.inner.watcher).replace(watcher);
        if let Some(previous) = previous {
            tokio::spawn(previous.shutdown());
        }
        Ok(events)
    }

    /// The badge as the watcher sees it (the default until the watcher runs).
    pub fn badge(&self) -> watch::Receiver<BadgeState> {
        self.inner.badge.subscribe()
    }

    /// Every watched pipeline's health (empty until the watcher has polled).
    pub fn health(&self) -> Vec<PipelineHealth> {
        lock(&self.inner.watcher)
            .as_ref()
            .map(|w| w.health().borrow().clone())
            .unwrap_or_default()
    }

    /// Ask the watcher to poll now (after the user acted on a pipeline).
    pub fn refresh(&self, pipeline: Option<&str>) {
        if let Some(w) = lock(&self.inner.watcher).as_ref() {
            w.refresh(pipeline);
        }
    }

    /// The notification clicks (taken once, by the forwarder).
    pub fn take_clicks(&self) -> Option<mpsc::UnboundedReceiver<NotificationAction>> {
        lock(&self.inner.clicks).take()
    }
}

fn connection_error(e: pipewright_connections::Error) -> AppError {
    AppError::Unavailable(e.to_string())
}

fn payload_error(e: ErrorPayload) -> AppError {
    AppError::Unavailable(e.message)
}

fn not_ready(error: Option<String>) -> AppError {
    AppError::Unavailable(error.unwrap_or_else(|| {
        "the control room is still connecting; try again in a moment".to_string()
    }))
}

/// Connects, starts the watcher and forwards what it reports to the UI (events) and the tray;
/// follows the active connection when the user switches it. Runs on Tauri's async runtime;
/// errors are shown in the control room's banner.
pub fn spawn_forwarders<R: tauri::Runtime>(app: tauri::AppHandle<R>, room: ControlRoom) {
    use tauri::{Emitter, Listener};
    // Notification clicks open the pipeline in the control room.
    if let Some(mut clicks) = room.take_clicks() {
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            while let Some(click) = clicks.recv().await {
                crate::tray::show_main(&app);
                let _ = app.emit(CONTROL_OPEN, ControlOpenEvent::from(click));
            }
        });
    }
    // The badge drives the tray and the UI's counters.
    {
        let app = app.clone();
        let mut badge = room.badge();
        tauri::async_runtime::spawn(async move {
            loop {
                let value = badge.borrow_and_update().clone();
                crate::tray::update(&app, &value);
                let _ = app.emit(CONTROL_BADGE, value);
                if badge.changed().await.is_err() {
                    break;
                }
            }
        });
    }
    // Another connection (or region) chosen in the settings: reconnect and watch it.
    {
        let app2 = app.clone();
        let room = room.clone();
        app.listen(ACTIVE_CONNECTION_EVENT, move |event| {
            #[derive(Deserialize)]
            struct Payload {
                active: Option<ActiveConnection>,
            }
            let Ok(payload) = serde_json::from_str::<Payload>(event.payload()) else {
                return;
            };
            let Some(active) = payload.active else {
                return;
            };
            let current = room.connection();
            let same = current.as_ref().is_some_and(|c| {
                c.id == active.id
                    && c.region == active.region
                    && c.endpoint_url == active.endpoint_url
            });
            if !same {
                tauri::async_runtime::spawn(connect_and_watch(app2.clone(), room.clone()));
            }
        });
    }
    tauri::async_runtime::spawn(connect_and_watch(app, room));
}

async fn connect_and_watch<R: tauri::Runtime>(app: tauri::AppHandle<R>, room: ControlRoom) {
    use tauri::{Emitter, Manager};
    let Some(conns) = app.try_state::<ConnectionsState>() else {
        eprintln!("pipewright: the connections are not available; the control room stays empty");
        return;
    };
    let before = conns.active().await;
    let connected = room.connect(&conns).await;
    match &connected {
        Ok(active) if before.as_ref() != Some(active) => {
            // The sandbox became the active connection: the title bar follows.
            let _ = app.emit(
                ACTIVE_CONNECTION_EVENT,
                ActiveConnectionEvent {
                    active: Some(active.clone()),
                },
            );
        }
        Ok(_) => {}
        Err(e) => eprintln!("pipewright: the control room could not connect: {e}"),
    }
    let _ = app.emit(CONTROL_CHANGED, ControlChangedEvent { pipeline: None });
    if connected.is_err() {
        return;
    }
    let mut events = match room.start_watcher() {
        Ok(events) => events,
        Err(e) => {
            eprintln!("pipewright: the watcher could not start: {e}");
            return;
        }
    };
    // Alerts become notifications; health changes refresh the views. Ends when the watcher is
    // replaced (another connection).
    loop {
        match events.recv().await {
            Ok(WatchEvent::Alert { alert, .. }) => {
                if let Err(e) = room.notifier().deliver(&alert).await {
                    eprintln!("pipewright: notification not shown: {e}");
                }
            }
            Ok(WatchEvent::Health { health, .. }) => {
                let _ = app.emit(
                    CONTROL_CHANGED,
                    ControlChangedEvent {
                        pipeline: Some(health.pipeline),
                    },
                );
            }
            Ok(WatchEvent::Pipelines { .. }) | Err(broadcast::error::RecvError::Lagged(_)) => {
                let _ = app.emit(CONTROL_CHANGED, ControlChangedEvent { pipeline: None });
            }
            Ok(_) => {}
            Err(broadcast::error::RecvError::Closed) => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_validation() {
        let dir = tempfile::tempdir().expect("tempdir");
        let room = ControlRoom::new(dir.path());
        assert_eq!(room.settings(), ControlSettings::default());
        let saved = room
            .save_settings(ControlSettings {
                quiet_hours: Some(" 22:00-07:30 ".into()),
                muted: [" data-jobs ".to_string(), "  ".to_string()].into(),
                production: ["billing-service".to_string()].into(),
            })
            .expect("save");
        assert_eq!(saved.quiet_hours.as_deref(), Some("22:00-07:30"));
        assert_eq!(saved.muted, ["data-jobs".to_string()].into());
        // The notifier follows at once.
        let notify = room.notifier().settings();
        assert_eq!(
            notify.quiet_hours,
            Some(QuietHours {
                start: 22 * 60,
                end: 7 * 60 + 30
            })
        );
        assert!(notify.muted.contains("data-jobs"));
        assert!(notify.production.is_production_pipeline("billing-service"));
        // Persisted: a new control room reads them back.
        let again = ControlRoom::new(dir.path());
        assert_eq!(again.settings(), saved);
        let muted = again.set_muted("api-dev", true).expect("mute");
        assert!(muted.muted.contains("api-dev"));
        let unmuted = again.set_muted("data-jobs", false).expect("unmute");
        assert_eq!(unmuted.muted, ["api-dev".to_string()].into());

        let err = room
            .save_settings(ControlSettings {
                quiet_hours: Some("late".into()),
                ..ControlSettings::default()
            })
            .expect_err("bad quiet hours");
        assert_eq!(err.kind(), "invalid");
        assert!(err.to_string().contains("22:00-07:30"), "{err}");
        // The failed save changed nothing.
        assert_eq!(room.settings(), saved);
    }

    #[test]
    fn broken_settings_file_is_reported_not_fatal() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(SETTINGS_FILE), "{ nope").expect("write");
        let room = ControlRoom::new(dir.path());
        assert_eq!(room.settings(), ControlSettings::default());
        let status = room.status();
        assert!(status.starting);
        assert!(status.connection.is_none());
        assert!(
            status
                .error
                .as_deref()
                .unwrap_or_default()
                .contains("fix or delete"),
            "{status:?}"
        );
        assert_eq!(room.api().err().map(|e| e.kind()), Some("unavailable"));
    }

    #[test]
    fn notification_clicks_become_open_events() {
        let open = ControlOpenEvent::from(NotificationAction {
            pipeline: "web".into(),
            kind: NotificationActionKind::Open,
            alert_key: "k".into(),
            connection: None,
        });
        assert_eq!(open.pipeline, "web");
        assert_eq!(open.approve, None);
        let approve = ControlOpenEvent::from(NotificationAction {
            pipeline: "api".into(),
            kind: NotificationActionKind::Approve {
                stage: "Review".into(),
                action: "Approve".into(),
                pipeline_execution_id: Some("e1".into()),
            },
            alert_key: "k".into(),
            connection: None,
        });
        let value = serde_json::to_value(&approve).expect("json");
        assert_eq!(value["approve"]["pipelineExecutionId"], "e1");
        assert_eq!(value["approve"]["stage"], "Review");
    }

    /// No saved connection: the app starts the sandbox, saves "Local sandbox" as the active
    /// connection, and the sample pipelines are there with a pending approval.
    #[test]
    fn without_a_connection_the_sandbox_is_started_and_active() {
        let dir = tempfile::tempdir().expect("tempdir");
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(async {
            let room = ControlRoom::new(dir.path());
            let conns = ConnectionsState::open(
                dir.path(),
                pipewright_connections::Keyring::new("pipewright-test-unused"),
            );
            let active = room.connect(&conns).await.expect("connect");
            assert!(active.is_sandbox);
            assert_eq!(active.name, SANDBOX_NAME);
            let url = active.endpoint_url.clone().expect("endpoint");
            assert!(url.starts_with("http://127.0.0.1:"), "{url}");
            let status = room.status();
            assert!(!status.starting);
            assert_eq!(status.error, None);
            assert_eq!(status.connection.as_ref(), Some(&active));
            // The connection was saved as the active one.
            let saved = std::fs::read_to_string(dir.path().join("connections.json"))
                .expect("connections file");
            assert!(saved.contains(&url), "{saved}");
            assert_eq!(conns.active().await.as_ref(), Some(&active));
            // Connecting again reuses the running sandbox.
            let again = room.connect(&conns).await.expect("reconnect");
            assert_eq!(again.endpoint_url, active.endpoint_url);
            let api = room.api().expect("api");
            let overview = pipewright_aws::control::usecases::list_overview(api.as_ref())
                .await
                .expect("overview");
            let names: Vec<&str> = overview.iter().map(|o| o.pipeline.name.as_str()).collect();
            assert!(names.contains(&"web-app-prod"), "{names:?}");
            // The watcher reports the waiting approval on the badge within seconds.
            let _events = room.start_watcher().expect("watcher");
            let mut badge = room.badge();
            let waited = tokio::time::timeout(std::time::Duration::from_secs(30), async {
                loop {
                    if badge.borrow_and_update().waiting_approvals > 0 {
                        return;
                    }
                    if badge.changed().await.is_err() {
                        return;
                    }
                }
            })
            .await;
            assert!(
                waited.is_ok(),
                "no approval on the badge: {:?}",
                room.status().badge
            );
            assert!(room.status().badge.waiting_approvals > 0);
            assert!(!room.health().is_empty());
        });
    }
}
