//! The control room's state in the app: the active connection (an AWS connection, or the
//! embedded local sandbox when there is none) and its control-plane client, the background
//! watchers of the watched connections (one [`WatchHub`]), the notifier, and the user's settings
//! (persisted in the app's config folder).
//!
//! A connection is watched while it is the active one, and always when the user chose it in the
//! settings ([`ControlSettings::watched`]). Nothing starts with the app that the user did not ask
//! for: the watchers of the watched connections start at once (an AWS user is notified without
//! opening the control room), the local sandbox starts when the control room is first opened (or
//! a sync needs a connection and none is active) or when it is watched, and the tray icon shows
//! while something is watched.
//!
//! Everything here works without a window: [`ControlRoom`] is tested against real sandboxes.
//! [`flows`] follows connection changes and forwards the watchers' events, notification clicks
//! and the badge through the [`Shell`](crate::events::Shell); [`views`] assembles what the
//! control room's screens show, `why` why an execution failed and `release` what an approval
//! releases; [`settings`] is what the user chose.

mod events;
pub mod flows;
mod operations;
mod release;
pub mod settings;
mod timeline;
pub mod views;
mod why;

pub use events::{EventsExportFormat, EventsSetup};
pub use flows::ControlFlows;
pub use settings::{Account, ControlSettings, Scope, SANDBOX_KEY, SETTINGS_FILE};
pub use views::{PipelineCard, PipelineDetail};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use pipewright_aws::control::ProductionPolicy;
use pipewright_aws::{Aws, CodePipeline};
use pipewright_connections::{
    ActiveConnection, ConnectOptions, Connection, Connections, Resolved, SignInMethod, SANDBOX_NAME,
};
use pipewright_sandbox::{RunningSandbox, Sandbox, SandboxConfig};
use pipewright_watch::feed::{self, FeedConfig};
use pipewright_watch::{
    Alert, AlertMemory, BadgeState, ConnectionHealth, NotificationAction, Notifier, PipelineHealth,
    SignIn, WatchConfig, WatchEvent, WatchHub,
};
use serde::Serialize;
use tokio::sync::{broadcast, mpsc, watch};

use crate::connections::ConnectionsState;
use crate::error::{AppError, Result};

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
    /// Over every watched connection (each item names its connection).
    pub badge: BadgeState,
    /// The connections watched now, by name.
    pub watching: Vec<String>,
}

/// One connection of the "connections to watch" checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct WatchChoice {
    /// What [`ControlSettings::watched`] holds for it: the connection's id, or `local-sandbox`.
    pub key: String,
    pub name: String,
    /// Where it points, in a few words ("eu-west-1", "on this computer, not AWS").
    pub detail: String,
    pub is_sandbox: bool,
    /// The active connection (watched while it is).
    pub active: bool,
    /// A watcher follows it now.
    pub watching: bool,
    /// Why it cannot be watched now (a sentence that says what to do).
    pub problem: Option<String>,
    /// How its watcher learns of changes, when it was asked to use events: "by events", or
    /// polling and why ("polling instead of events: ..."); `None` when it polls as chosen.
    pub feed: Option<String>,
}

/// Where the control-plane calls go.
struct Live {
    api: Arc<CodePipeline>,
    connection: ActiveConnection,
    /// Its account, when it could be learned ([`account_of`]).
    account: Option<Account>,
}

/// A watched connection (by name in the hub).
#[derive(Debug, Clone)]
struct Watched {
    /// Its key in the settings (id, or [`SANDBOX_KEY`]).
    key: String,
    connection: ActiveConnection,
    /// Its account, learned when its watcher started ([`account_of`]).
    account: Option<Account>,
    /// What the watcher was started with: another value restarts it.
    signature: String,
}

/// A connection to watch, resolved.
struct Target {
    key: String,
    /// Watched by CodePipeline's events ([`ControlSettings::events`]).
    events: bool,
    resolved: Resolved,
    signature: String,
}

struct Inner {
    settings_path: PathBuf,
    settings: RwLock<ControlSettings>,
    live: RwLock<Option<Live>>,
    starting: RwLock<bool>,
    error: RwLock<Option<String>>,
    /// The control room was opened (or a sync needed a connection): with no AWS connection
    /// active it runs on the local sandbox from then on.
    opened: AtomicBool,
    sandbox: tokio::sync::Mutex<Option<RunningSandbox>>,
    connecting: tokio::sync::Mutex<()>,
    reconciling: tokio::sync::Mutex<()>,
    /// Made with the first watcher (its event buffer is not small).
    hub: OnceLock<WatchHub>,
    hub_events: Mutex<Option<broadcast::Receiver<WatchEvent>>>,
    hub_ready: watch::Sender<bool>,
    /// The hub's badge, republished (it can be followed before the hub exists).
    badge: watch::Sender<BadgeState>,
    /// By connection name (the hub's key and the events' `connection`).
    watched: Mutex<BTreeMap<String, Watched>>,
    watching: watch::Sender<Vec<String>>,
    /// Why a chosen connection is not watched, by key.
    problems: RwLock<BTreeMap<String, String>>,
    /// The event feeds' latest word, by connection name (see [`WatchChoice::feed`]).
    feeds: RwLock<BTreeMap<String, String>>,
    /// Alerts shown, by connection key and pipeline ARN: a watcher restarted (new credentials
    /// or name) does not show them again; the same name in another region or account is
    /// another pipeline.
    alerted: Mutex<AlertMemory>,
    notifier: Notifier,
    clicks: Mutex<Option<mpsc::UnboundedReceiver<NotificationAction>>>,
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

/// The embedded sandbox's saved connection (as [`Connections::upsert_local_sandbox`] picks it).
fn embedded_sandbox(list: &[Connection]) -> Option<&Connection> {
    list.iter().find(|c| c.is_embedded_sandbox())
}

/// The settings key of a saved connection.
fn key_of(c: &Connection, embedded: Option<&Connection>) -> String {
    if embedded.is_some_and(|e| e.id == c.id) {
        SANDBOX_KEY.to_string()
    } else {
        c.id.clone()
    }
}

fn signature(c: Option<&Connection>, a: &ActiveConnection) -> String {
    let auth = c
        .and_then(|c| serde_json::to_string(&c.auth).ok())
        .unwrap_or_default();
    format!(
        "{:?}|{}|{}|{:?}|{auth}",
        a.id, a.name, a.region, a.endpoint_url
    )
}

impl ControlRoom {
    /// A control room whose settings live in `config_dir`: nothing connected, nothing watched,
    /// nothing started yet. A broken settings file is reported in the status and replaced by the
    /// defaults.
    pub fn new(config_dir: &Path) -> Self {
        let settings_path = config_dir.join(SETTINGS_FILE);
        let (settings, error) = match ControlSettings::load(&settings_path) {
            Ok(s) => (s, None),
            Err(e) => (ControlSettings::default(), Some(e.to_string())),
        };
        let (notifier, clicks) = Notifier::new(notify_of(&settings, &BTreeMap::new()));
        ControlRoom {
            inner: Arc::new(Inner {
                settings_path,
                settings: RwLock::new(settings),
                live: RwLock::new(None),
                starting: RwLock::new(true),
                error: RwLock::new(error),
                opened: AtomicBool::new(false),
                sandbox: tokio::sync::Mutex::new(None),
                connecting: tokio::sync::Mutex::new(()),
                reconciling: tokio::sync::Mutex::new(()),
                hub: OnceLock::new(),
                hub_events: Mutex::new(None),
                hub_ready: watch::channel(false).0,
                badge: watch::channel(BadgeState::default()).0,
                watched: Mutex::new(BTreeMap::new()),
                watching: watch::channel(Vec::new()).0,
                problems: RwLock::new(BTreeMap::new()),
                feeds: RwLock::new(BTreeMap::new()),
                alerted: Mutex::new(AlertMemory::default()),
                notifier,
                clicks: Mutex::new(Some(clicks)),
            }),
        }
    }

    /// Activates the connection remembered from the last session, if any and if nothing is
    /// active yet (no sandbox is started here). A saved connection that cannot be used now is
    /// logged and left inactive.
    pub async fn restore(&self, state: &ConnectionsState) -> Option<ActiveConnection> {
        let mut conns = state.lock().await.ok()?;
        if let Some(active) = conns.active() {
            return Some(active);
        }
        match conns.restore_active().await {
            Ok(active) => active,
            Err(e) => {
                eprintln!("pipewright: the saved connection could not be restored: {e}");
                None
            }
        }
    }

    /// The control room is on screen (or a sync needs a connection): connects unless it is
    /// connected already, starting the local sandbox when no connection is active.
    pub async fn open(&self, conns: &ConnectionsState) -> Result<ActiveConnection> {
        self.inner.opened.store(true, Ordering::SeqCst);
        let _one = self.inner.connecting.lock().await;
        if let Some(connection) = self.connection() {
            return Ok(connection);
        }
        self.connect_locked(conns).await
    }

    /// Whether the control room was opened in this session.
    pub fn is_opened(&self) -> bool {
        self.inner.opened.load(Ordering::SeqCst)
    }

    /// Connects to the active saved connection, or, when there is none (or it is the local
    /// sandbox), starts the embedded sandbox with the sample pipelines on loopback and makes
    /// "Local sandbox" the active connection. Failures end up in [`Self::status`].
    pub async fn connect(&self, conns: &ConnectionsState) -> Result<ActiveConnection> {
        let _one = self.inner.connecting.lock().await;
        self.connect_locked(conns).await
    }

    async fn connect_locked(&self, conns: &ConnectionsState) -> Result<ActiveConnection> {
        let result = self.connect_inner(conns).await;
        write(&self.inner.starting, false);
        match &result {
            Ok(active) => {
                write(&self.inner.error, None);
                self.adopt_entries(active);
            }
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
        // Any connection but the embedded sandbox (which must be started) is used as it is.
        let embedded = embedded_sandbox(&conns.list()).map(|c| c.id.clone());
        if let Some(active) = active.filter(|a| a.id.is_none() || a.id != embedded) {
            let resolved = conns.current().await.map_err(connection_error)?;
            drop(conns);
            let account = account_of(&resolved).await;
            self.set_live(
                Arc::new(resolved.aws().codepipeline()),
                active.clone(),
                account,
            );
            return Ok(active);
        }
        let sandbox = self.sandbox_connection(&mut conns).await?;
        let active = conns
            .activate(&sandbox.id, &ConnectOptions::default())
            .await
            .map_err(connection_error)?;
        let resolved = conns.current().await.map_err(connection_error)?;
        drop(conns);
        let account = account_of(&resolved).await;
        self.set_live(
            Arc::new(resolved.aws().codepipeline()),
            active.clone(),
            account,
        );
        Ok(active)
    }

    /// Starts the embedded sandbox if needed and points its saved connection at it.
    async fn sandbox_connection(&self, conns: &mut Connections) -> Result<Connection> {
        let url = self.start_sandbox().await?;
        let saved = embedded_sandbox(&conns.list()).cloned();
        match saved {
            Some(c) if c.endpoint_url.as_deref() == Some(url.as_str()) => Ok(c),
            _ => conns.upsert_local_sandbox(&url).map_err(connection_error),
        }
    }

    /// Starts the embedded sandbox (samples seeded, their executions running); its URL.
    async fn start_sandbox(&self) -> Result<String> {
        let mut running = self.inner.sandbox.lock().await;
        if let Some(running) = running.as_ref() {
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
        *running = Some(sandbox);
        Ok(url)
    }

    /// Whether the embedded sandbox runs.
    pub async fn sandbox_running(&self) -> bool {
        self.inner.sandbox.lock().await.is_some()
    }

    /// Points the control room at `api` of `connection` in `account` (tests, or after a
    /// connection switch).
    pub fn set_live(
        &self,
        api: Arc<CodePipeline>,
        connection: ActiveConnection,
        account: Option<Account>,
    ) {
        write(
            &self.inner.live,
            Some(Live {
                api,
                connection,
                account,
            }),
        );
        write(&self.inner.starting, false);
    }

    /// Forgets the active connection (it was removed): the control room is not connected.
    pub fn disconnect(&self) {
        write(&self.inner.live, None);
        write(&self.inner.starting, true);
    }

    /// The control-plane client of the active connection.
    pub fn api(&self) -> Result<Arc<CodePipeline>> {
        let live = self.inner.live.read().map_err(|_| not_ready(None))?;
        match live.as_ref() {
            Some(l) => Ok(l.api.clone()),
            None => Err(not_ready(read(&self.inner.error))),
        }
    }

    /// The control-plane client of the active connection and that connection, read together.
    pub fn live(&self) -> Result<(Arc<CodePipeline>, ActiveConnection)> {
        let live = self.inner.live.read().map_err(|_| not_ready(None))?;
        match live.as_ref() {
            Some(l) => Ok((l.api.clone(), l.connection.clone())),
            None => Err(not_ready(read(&self.inner.error))),
        }
    }

    /// The control-plane client, only when the active connection and region are the ones the
    /// user saw (`seen`); otherwise the refusal, and nothing is sent.
    pub fn api_seen(&self, seen: &crate::seen::Seen) -> Result<Arc<CodePipeline>> {
        let (api, connection) = match self.live() {
            Ok(live) => live,
            Err(e) => {
                seen.check(None)?;
                return Err(e);
            }
        };
        seen.check(Some(&connection))?;
        Ok(api)
    }

    /// The active connection, once connected.
    pub fn connection(&self) -> Option<ActiveConnection> {
        self.inner
            .live
            .read()
            .ok()
            .and_then(|l| l.as_ref().map(|l| l.connection.clone()))
    }

    /// Whether `name` is the connection the control room shows.
    pub fn is_active(&self, name: &str) -> bool {
        self.connection().is_some_and(|c| c.name == name)
    }

    pub fn status(&self) -> ControlStatus {
        ControlStatus {
            connection: self.connection(),
            starting: read(&self.inner.starting),
            error: read(&self.inner.error),
            // The hub's own badge when it exists: the forwarded copy may lag a moment behind.
            badge: match self.inner.hub.get() {
                Some(hub) => hub.badge().borrow().clone(),
                None => self.inner.badge.borrow().clone(),
            },
            watching: self.inner.watching.borrow().clone(),
        }
    }

    pub fn settings(&self) -> ControlSettings {
        read(&self.inner.settings)
    }

    /// The production guard of the current settings, for the active connection's pipelines.
    pub fn policy(&self) -> ProductionPolicy {
        match self.scope() {
            Some(scope) => self.settings().policy_in(&scope),
            None => self.settings().policy(),
        }
    }

    /// The connection, region and account of the active connection's pipelines.
    pub fn scope(&self) -> Option<Scope> {
        let live = self.inner.live.read().ok()?;
        live.as_ref()
            .map(|l| Scope::of(&l.connection, l.account.clone()))
    }

    /// What the settings screen shows: the active connection's mutes and production marks as
    /// plain pipeline names.
    pub fn settings_view(&self) -> ControlSettings {
        match self.scope() {
            Some(scope) => self.settings().view_in(&scope),
            None => self.settings(),
        }
    }

    /// Saves what the settings screen sent (plain names, for the active connection; the other
    /// connections' mutes and marks are kept); answers the new view.
    pub fn save_settings_view(&self, view: ControlSettings) -> Result<ControlSettings> {
        let view = view.validated()?;
        match self.scope() {
            Some(scope) => {
                let stored = self.settings().with_view(view, &scope);
                Ok(self.save_settings(stored)?.view_in(&scope))
            }
            None => self.save_settings(view),
        }
    }

    /// Entries of an older settings file (pipeline names only, or written before the account was
    /// known) become the ARN entries of the connection the control room connected to: they
    /// keep their meaning there, and only there.
    fn adopt_entries(&self, active: &ActiveConnection) {
        let Some(scope) = self.scope() else { return };
        let mut settings = self.settings();
        let adopted = settings.adopt(&scope);
        if adopted > 0 {
            match self.save_settings(settings) {
                Ok(_) => tracing::warn!(
                    "{adopted} muted or production pipeline(s) from an older settings file now apply to connection `{}` in {} ({}) only",
                    active.name,
                    active.region,
                    scope
                        .account
                        .as_ref()
                        .map_or("account not known yet", |a| a.id.as_str())
                ),
                Err(e) => tracing::warn!("the older mutes could not be kept per connection: {e}"),
            }
        }
    }

    /// Validates, saves and applies new settings (the notifier follows at once; the watchers
    /// follow with [`Self::reconcile`]).
    pub fn save_settings(&self, settings: ControlSettings) -> Result<ControlSettings> {
        let settings = settings.validated()?;
        settings.save(&self.inner.settings_path)?;
        let mut notify = notify_of(&settings, &lock(&self.inner.watched));
        notify.show_connection = self.inner.watching.borrow().len() > 1;
        self.inner.notifier.update(|s| *s = notify);
        write(&self.inner.settings, settings.clone());
        Ok(settings)
    }

    /// Mutes or unmutes one pipeline of the active connection; answers the settings view.
    pub fn set_muted(&self, pipeline: &str, muted: bool) -> Result<ControlSettings> {
        let mut view = self.settings_view();
        if muted {
            view.muted.insert(pipeline.to_string());
        } else {
            view.muted.remove(pipeline);
        }
        self.save_settings_view(view)
    }

    /// A removed connection is no longer chosen for watching.
    pub fn forget_connection(&self, id: &str) -> Result<()> {
        let mut settings = self.settings();
        if settings.watched.remove(id) {
            self.save_settings(settings)?;
        }
        Ok(())
    }

    pub fn notifier(&self) -> &Notifier {
        &self.inner.notifier
    }

    /// Starts, restarts and stops watchers so that exactly the watched connections are followed:
    /// the active one and the ones chosen in the settings (the local sandbox is started for
    /// that when needed). A watcher keeps running while its connection is unchanged;
    /// `restart` (a connection id) restarts that connection's watcher (new credentials). A
    /// chosen connection that cannot be used now is skipped and its problem kept for the
    /// settings. Returns whether the set of watchers changed.
    pub async fn reconcile(&self, state: &ConnectionsState, restart: Option<&str>) -> Result<bool> {
        let _one = self.inner.reconciling.lock().await;
        let ControlSettings {
            watched: chosen,
            events,
            ..
        } = self.settings();
        let mut problems = BTreeMap::new();
        let mut targets: Vec<Target> = Vec::new();
        {
            let mut conns = state.lock().await.map_err(payload_error)?;
            let active = conns.active();
            let active_id = active.as_ref().and_then(|a| a.id.clone());
            let list = conns.list();
            let embedded = embedded_sandbox(&list).cloned();
            let sandbox_wanted = chosen.contains(SANDBOX_KEY)
                || embedded
                    .as_ref()
                    .is_some_and(|e| active_id.as_deref() == Some(e.id.as_str()));
            // What to watch, by key (the sandbox under its own key, others by id).
            let mut wanted: Vec<(String, Connection)> = Vec::new();
            if sandbox_wanted {
                match self.sandbox_connection(&mut conns).await {
                    Ok(c) => wanted.push((SANDBOX_KEY.into(), c)),
                    Err(e) => {
                        problems.insert(SANDBOX_KEY.to_string(), e.to_string());
                    }
                }
            }
            for c in &list {
                if embedded.as_ref().is_some_and(|e| e.id == c.id) {
                    continue;
                }
                let is_active = active_id.as_deref() == Some(c.id.as_str());
                if is_active || chosen.contains(&c.id) {
                    wanted.push((c.id.clone(), c.clone()));
                }
            }
            for (key, c) in wanted {
                let resolved = if active_id.as_deref() == Some(c.id.as_str()) {
                    conns.current().await
                } else {
                    conns.resolve(&c.id, &ConnectOptions::default()).await
                };
                match resolved {
                    Ok(r) => targets.push(Target {
                        signature: format!(
                            "{}|events={}",
                            signature(Some(&c), &r.active),
                            events.contains(&key)
                        ),
                        events: events.contains(&key),
                        key,
                        resolved: r,
                    }),
                    Err(e) => {
                        problems.insert(key, e.to_string());
                    }
                }
            }
        }
        write(&self.inner.problems, problems);

        // A watcher kept keeps its account; one (re)started learns it (one call, or none).
        let restarted = |t: &Target| {
            restart.is_some_and(|id| t.resolved.active.id.as_deref() == Some(id) || t.key == id)
        };
        let previous = lock(&self.inner.watched).clone();
        let mut accounts = Vec::with_capacity(targets.len());
        for t in &targets {
            let kept = previous
                .get(&t.resolved.active.name)
                .filter(|w| w.signature == t.signature && !restarted(t));
            accounts.push(match kept {
                Some(w) => w.account.clone(),
                None => account_of(&t.resolved).await,
            });
        }

        let (add, remove) = {
            let mut watched = lock(&self.inner.watched);
            let mut add = Vec::new();
            let mut next = BTreeMap::new();
            for (t, account) in targets.into_iter().zip(accounts) {
                let name = t.resolved.active.name.clone();
                let same = watched
                    .get(&name)
                    .is_some_and(|w| w.signature == t.signature && !restarted(&t));
                if !same {
                    let sign_in = match t.resolved.sign_in {
                        Some(SignInMethod::Sso) => SignIn::Sso,
                        Some(SignInMethod::Mfa) => SignIn::Mfa,
                        None => SignIn::Other,
                    };
                    add.push((name.clone(), t.resolved.sdk_config, sign_in, t.events));
                }
                next.insert(
                    name,
                    Watched {
                        key: t.key,
                        connection: t.resolved.active,
                        account,
                        signature: t.signature,
                    },
                );
            }
            let remove: Vec<String> = watched
                .keys()
                .filter(|n| !next.contains_key(*n))
                .cloned()
                .collect();
            *watched = next;
            (add, remove)
        };
        let changed = !add.is_empty() || !remove.is_empty();
        if let Some(hub) = self.inner.hub.get() {
            for name in &remove {
                hub.remove(name).await;
            }
        }
        for (name, config, sign_in, events) in add {
            let aws = Aws::new(&config);
            let feed = events.then(|| {
                (
                    aws.clone(),
                    FeedConfig::new(name.clone(), feed::default_reader("app")),
                )
            });
            self.hub().add_fed(
                aws.codepipeline(),
                WatchConfig::all(name)
                    .signing_in(sign_in)
                    .summarizing_start(),
                feed,
            );
        }
        let names: Vec<String> = lock(&self.inner.watched).keys().cloned().collect();
        let several = names.len() > 1;
        let notify = notify_of(&self.settings(), &lock(&self.inner.watched));
        self.inner.notifier.update(|s| {
            *s = notify;
            s.show_connection = several;
        });
        self.inner.watching.send_if_modified(|w| {
            let modified = *w != names;
            *w = names;
            modified
        });
        Ok(changed)
    }

    /// What a connection's event feed said last ([`WatchEvent::Feed`]): shown with it in the
    /// settings.
    pub fn feed_said(&self, connection: &str, events: bool, reason: Option<String>) {
        let word = if events {
            "by events".to_string()
        } else {
            reason.unwrap_or_else(|| "polling instead of events".to_string())
        };
        if let Ok(mut feeds) = self.inner.feeds.write() {
            feeds.insert(connection.to_string(), word);
        }
    }

    /// The connections watched now, by name (changes when watchers start or stop).
    pub fn watching(&self) -> watch::Receiver<Vec<String>> {
        self.inner.watching.subscribe()
    }

    /// The "connections to watch" checklist: every saved connection, and the local sandbox even
    /// before it was ever started.
    pub async fn watch_choices(&self, state: &ConnectionsState) -> Result<Vec<WatchChoice>> {
        let (list, active) = {
            let conns = state.lock().await.map_err(payload_error)?;
            (conns.list(), conns.active())
        };
        let active_id = active.and_then(|a| a.id);
        let watching: BTreeSet<String> = lock(&self.inner.watched)
            .values()
            .map(|w| w.key.clone())
            .collect();
        let mut problems = read(&self.inner.problems);
        let feeds = read(&self.inner.feeds);
        // A watched connection whose calls fail (an expired sign-in, access denied, ...): why,
        // and what to do.
        for (key, health) in self.not_watched() {
            problems.entry(key).or_insert_with(|| {
                format!(
                    "Not watched: {}; {}.",
                    health.message.unwrap_or_default(),
                    health.remedy.unwrap_or_default()
                )
            });
        }
        let embedded = embedded_sandbox(&list);
        let mut choices: Vec<WatchChoice> = list
            .iter()
            .map(|c| {
                let key = key_of(c, embedded);
                WatchChoice {
                    detail: if c.is_sandbox() {
                        "on this computer, not AWS".to_string()
                    } else {
                        let region = c
                            .region
                            .clone()
                            .unwrap_or_else(|| "region from the AWS profile".to_string());
                        match &c.endpoint_url {
                            Some(url) => format!("{region} · {url}"),
                            None => region,
                        }
                    },
                    name: c.name.clone(),
                    is_sandbox: c.is_sandbox(),
                    active: active_id.as_deref() == Some(c.id.as_str()),
                    watching: watching.contains(&key),
                    problem: problems.get(&key).cloned(),
                    feed: feeds.get(&c.name).cloned(),
                    key,
                }
            })
            .collect();
        if embedded.is_none() {
            choices.push(WatchChoice {
                key: SANDBOX_KEY.to_string(),
                name: SANDBOX_NAME.to_string(),
                detail: "sample pipelines on this computer, not AWS; starts when watched"
                    .to_string(),
                is_sandbox: true,
                active: false,
                watching: false,
                problem: problems.get(SANDBOX_KEY).cloned(),
                feed: None,
            });
        }
        Ok(choices)
    }

    /// Whether each watched connection is watched at all (by name): a connection whose calls
    /// fail is followed by a watcher but not watched.
    pub fn connection_health(&self) -> Vec<ConnectionHealth> {
        self.inner
            .hub
            .get()
            .map(WatchHub::connection_health)
            .unwrap_or_default()
    }

    /// The watched connections that are not watched now, by key.
    fn not_watched(&self) -> Vec<(String, ConnectionHealth)> {
        let watched = lock(&self.inner.watched).clone();
        self.connection_health()
            .into_iter()
            .filter(|h| !h.watching)
            .filter_map(|h| watched.get(&h.connection).map(|w| (w.key.clone(), h)))
            .collect()
    }

    /// Makes a watched connection the active one (a notification or tray click on one of its
    /// pipelines), in the region it is watched in, and connects the control room to it.
    pub async fn switch_to(
        &self,
        state: &ConnectionsState,
        name: &str,
    ) -> Result<ActiveConnection> {
        let watched = lock(&self.inner.watched).get(name).cloned();
        let target = watched
            .as_ref()
            .and_then(|w| w.connection.id.clone())
            .unwrap_or_else(|| name.to_string());
        {
            let mut conns = state.lock().await.map_err(payload_error)?;
            let options = ConnectOptions {
                region: watched.map(|w| w.connection.region),
                ..ConnectOptions::default()
            };
            conns
                .activate(&target, &options)
                .await
                .map_err(connection_error)?;
        }
        self.inner.opened.store(true, Ordering::SeqCst);
        self.connect(state).await
    }

    /// Whether to show this alert of `connection`: false when it was shown already (a watcher
    /// restarted for a new region, new credentials or a new name says it again).
    pub fn first_time(&self, connection: &str, alert: &Alert) -> bool {
        // By connection and the pipeline's ARN (its region and account), not by the connection's
        // name.
        let key = lock(&self.inner.watched)
            .get(connection)
            .map(|w| {
                Scope {
                    connection: w.key.clone(),
                    region: w.connection.region.clone(),
                    account: w.account.clone(),
                }
                .entry(&alert.pipeline)
            })
            .unwrap_or_else(|| format!("{connection}\u{1f}{}", alert.pipeline));
        lock(&self.inner.alerted).remember(&format!("{key}\u{1f}{}", alert.key))
    }

    /// The watchers' hub, made on first use (inside the async runtime).
    fn hub(&self) -> &WatchHub {
        self.inner.hub.get_or_init(|| {
            let (hub, events) = WatchHub::new();
            *lock(&self.inner.hub_events) = Some(events);
            let mut badge = hub.badge();
            let tx = self.inner.badge.clone();
            tokio::spawn(async move {
                loop {
                    tx.send_replace(badge.borrow_and_update().clone());
                    if badge.changed().await.is_err() {
                        break;
                    }
                }
            });
            self.inner.hub_ready.send_replace(true);
            hub
        })
    }

    /// The badge over every watched connection (the default while nothing is watched).
    pub fn badge(&self) -> watch::Receiver<BadgeState> {
        self.inner.badge.subscribe()
    }

    /// Every watched connection's events (another receiver, from now on; call it inside the
    /// async runtime).
    pub fn subscribe(&self) -> broadcast::Receiver<WatchEvent> {
        self.hub().subscribe()
    }

    /// The active connection's pipelines' health (empty until its watcher has polled).
    pub fn health(&self) -> Vec<PipelineHealth> {
        let Some(name) = self.connection().map(|c| c.name) else {
            return Vec::new();
        };
        let Some(hub) = self.inner.hub.get() else {
            return Vec::new();
        };
        hub.health()
            .borrow()
            .iter()
            .filter(|h| h.connection.as_deref() == Some(name.as_str()))
            .cloned()
            .collect()
    }

    /// Ask the active connection's watcher to poll now (after the user acted on a pipeline).
    pub fn refresh(&self, pipeline: Option<&str>) {
        if let Some(c) = self.connection() {
            if let Some(hub) = self.inner.hub.get() {
                hub.refresh(Some(&c.name), pipeline);
            }
        }
    }

    /// Ask the watcher of the watched connection `name` to poll now (it was signed in again).
    pub fn refresh_connection(&self, name: &str) {
        if let Some(hub) = self.inner.hub.get() {
            hub.refresh(Some(name), None);
        }
    }

    /// The notification clicks (taken once, by the forwarder).
    pub fn take_clicks(&self) -> Option<mpsc::UnboundedReceiver<NotificationAction>> {
        lock(&self.inner.clicks).take()
    }

    /// The watchers' events from the first watcher on (taken once, by the forwarder); waits for
    /// the first watcher.
    pub async fn take_events(&self) -> Option<broadcast::Receiver<WatchEvent>> {
        let mut ready = self.inner.hub_ready.subscribe();
        ready.wait_for(|r| *r).await.ok()?;
        lock(&self.inner.hub_events).take()
    }
}

/// The notifier's settings: mutes of the watched connections as `<connection name>` U+001F
/// `<pipeline>` (what the notifier matches an alert of that connection with), and names of older
/// files not yet taken over by a connection as they are.
fn notify_of(
    settings: &ControlSettings,
    watched: &BTreeMap<String, Watched>,
) -> pipewright_watch::NotifySettings {
    let mut notify = settings.notify();
    notify.muted = settings
        .muted
        .iter()
        .filter(|e| !e.contains(':'))
        .cloned()
        .collect();
    for (name, w) in watched {
        let scope = Scope::of(&w.connection, w.account.clone());
        for entry in &settings.muted {
            if let Some(pipeline) = scope.name_of(entry) {
                notify
                    .muted
                    .insert(pipewright_watch::notify::muted_key(name, pipeline));
            }
        }
    }
    notify
}

/// The account of a resolved connection's pipelines: the sandbox's own (no call), else STS
/// GetCallerIdentity (one call, no retries, short timeouts: learned when the control room
/// connects or a watcher starts, never per poll). `None` when it cannot be learned (the
/// settings then keep matching entries without an account).
async fn account_of(resolved: &Resolved) -> Option<Account> {
    if resolved.active.is_sandbox {
        return Some(Account {
            partition: "aws".into(),
            id: pipewright_sandbox::ACCOUNT_ID.into(),
        });
    }
    let limit = std::time::Duration::from_secs(10);
    let policy = pipewright_aws::ClientPolicy {
        connect_timeout: std::time::Duration::from_secs(5),
        read_timeout: Some(limit),
        attempt_timeout: Some(limit),
        operation_timeout: Some(limit),
        ..pipewright_aws::ClientPolicy::default().without_retries()
    };
    let sts = Aws::with_policy(&resolved.sdk_config, &policy).sts();
    match sts.get_caller_identity().send().await {
        Ok(out) => out.arn().and_then(Account::of_arn),
        Err(e) => {
            tracing::warn!(
                connection = %resolved.active.name,
                "the account of the connection could not be learned (mutes and production marks apply to any account of it): {}",
                pipewright_aws::AwsError::from_sdk("GetCallerIdentity", e, |_| None)
            );
            None
        }
    }
}

fn connection_error(e: pipewright_connections::Error) -> AppError {
    AppError::Unavailable(e.to_string())
}

fn payload_error(e: AppError) -> AppError {
    AppError::Unavailable(e.to_string())
}

fn not_ready(error: Option<String>) -> AppError {
    AppError::Unavailable(error.unwrap_or_else(|| {
        "the control room is still connecting; try again in a moment".to_string()
    }))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use pipewright_connections::{AuthInput, NewConnection};
    use pipewright_watch::AlertKind;

    use super::*;
    use crate::events::ControlOpenEvent;
    use pipewright_watch::{NotificationActionKind, QuietHours};

    fn conns_in(dir: &Path) -> ConnectionsState {
        ConnectionsState::open(
            dir,
            pipewright_connections::Keyring::new("pipewright-test-unused"),
        )
    }

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
                watched: [" 7f1c-prod ".to_string(), SANDBOX_KEY.to_string()].into(),
                events: [" 7f1c-prod ".to_string()].into(),
            })
            .expect("save");
        assert_eq!(saved.events, ["7f1c-prod".to_string()].into());
        assert_eq!(saved.quiet_hours.as_deref(), Some("22:00-07:30"));
        assert_eq!(saved.muted, ["data-jobs".to_string()].into());
        assert_eq!(
            saved.watched,
            ["7f1c-prod".to_string(), SANDBOX_KEY.to_string()].into()
        );
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
        // Persisted: a new control room reads them back (the connections to watch too).
        let again = ControlRoom::new(dir.path());
        assert_eq!(again.settings(), saved);
        let text = std::fs::read_to_string(dir.path().join(SETTINGS_FILE)).expect("file");
        assert!(text.contains("\"watched\""), "{text}");
        let muted = again.set_muted("api-dev", true).expect("mute");
        assert!(muted.muted.contains("api-dev"));
        let unmuted = again.set_muted("data-jobs", false).expect("unmute");
        assert_eq!(unmuted.muted, ["api-dev".to_string()].into());
        // A removed connection is no longer chosen.
        again.forget_connection("7f1c-prod").expect("forget");
        assert_eq!(
            ControlRoom::new(dir.path()).settings().watched,
            [SANDBOX_KEY.to_string()].into()
        );

        let err = room
            .save_settings(ControlSettings {
                quiet_hours: Some("late".into()),
                ..ControlSettings::default()
            })
            .expect_err("bad quiet hours");
        assert_eq!(err.kind(), crate::ErrorKind::Invalid);
        assert!(err.to_string().contains("22:00-07:30"), "{err}");
        // The failed save changed nothing.
        assert_eq!(room.settings(), saved);
    }

    /// An alert is shown once per pipeline ARN: the same connection, region and pipeline in
    /// another account (a profile re-pointed, its watcher restarted) says it again.
    #[test]
    fn alert_memory_is_keyed_by_the_pipeline_arn() {
        let dir = tempfile::tempdir().expect("tempdir");
        let room = ControlRoom::new(dir.path());
        let watch_in = |account: &str| {
            let connection = ActiveConnection {
                id: Some("7f1c".into()),
                name: "ops".into(),
                kind: pipewright_connections::AuthKind::AwsProfile,
                region: "us-east-1".into(),
                endpoint_url: None,
                endpoint_from: None,
                is_sandbox: false,
                title: "ops · us-east-1".into(),
            };
            lock(&room.inner.watched).insert(
                "ops".into(),
                Watched {
                    key: "7f1c".into(),
                    connection,
                    account: Some(Account {
                        partition: "aws".into(),
                        id: account.into(),
                    }),
                    signature: String::new(),
                },
            );
        };
        let alert = Alert {
            key: "approval/web/e1/Review/Approve".into(),
            connection: Some("ops".into()),
            kind: AlertKind::ApprovalWaiting,
            pipeline: "web".into(),
            stage: Some("Review".into()),
            action: Some("Approve".into()),
            pipeline_execution_id: Some("e1".into()),
            detail: None,
            link: None,
        };
        watch_in("111111111111");
        assert!(room.first_time("ops", &alert));
        assert!(!room.first_time("ops", &alert));
        watch_in("222222222222");
        assert!(room.first_time("ops", &alert), "another account's pipeline");
        assert!(!room.first_time("ops", &alert));
        watch_in("111111111111");
        assert!(!room.first_time("ops", &alert), "still remembered");
    }

    #[test]
    fn settings_files_from_before_watching_still_load() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join(SETTINGS_FILE),
            r#"{ "quietHours": null, "muted": ["web"], "production": [] }"#,
        )
        .expect("write");
        let settings = ControlRoom::new(dir.path()).settings();
        assert!(settings.watched.is_empty());
        assert!(settings.muted.contains("web"));
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
        assert_eq!(
            room.api().err().map(|e| e.kind()),
            Some(crate::ErrorKind::Unavailable)
        );
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
        assert_eq!(open.connection, None);
        assert_eq!(open.approve, None);
        let approve = ControlOpenEvent::from(NotificationAction {
            pipeline: "api".into(),
            kind: NotificationActionKind::Approve {
                stage: "Review".into(),
                action: "Approve".into(),
                pipeline_execution_id: Some("e1".into()),
            },
            alert_key: "k".into(),
            connection: Some("prod".into()),
        });
        let value = serde_json::to_value(&approve).expect("json");
        assert_eq!(value["approve"]["pipelineExecutionId"], "e1");
        assert_eq!(value["approve"]["stage"], "Review");
        assert_eq!(value["connection"], "prod");
        assert_eq!(value["why"], serde_json::Value::Null);
        let why = ControlOpenEvent::from(NotificationAction {
            pipeline: "storefront".into(),
            kind: NotificationActionKind::ShowWhy {
                stage: Some("Build".into()),
                action: Some("Build".into()),
                pipeline_execution_id: Some("e7".into()),
            },
            alert_key: "k".into(),
            connection: Some("Local sandbox".into()),
        });
        assert_eq!(why.approve, None);
        let value = serde_json::to_value(&why).expect("json");
        assert_eq!(value["why"]["action"], "Build");
        assert_eq!(value["why"]["pipelineExecutionId"], "e7");
        assert_eq!(value["connection"], "Local sandbox");
    }

    /// A new control room starts nothing: no sandbox, no watcher, until it is opened or a
    /// connection is watched.
    #[test]
    fn nothing_runs_until_opened_or_watched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(async {
            let room = ControlRoom::new(dir.path());
            let conns = conns_in(dir.path());
            assert_eq!(room.restore(&conns).await, None);
            assert!(!room.reconcile(&conns, None).await.expect("reconcile"));
            assert!(!room.sandbox_running().await);
            assert!(room.status().watching.is_empty());
            assert!(room.connection().is_none());
            assert!(!dir.path().join("connections.json").exists());
            // The checklist offers the sandbox before it ever ran.
            let choices = room.watch_choices(&conns).await.expect("choices");
            assert_eq!(choices.len(), 1);
            assert_eq!(choices[0].key, SANDBOX_KEY);
            assert!(choices[0].is_sandbox && !choices[0].watching && !choices[0].active);
            // Chosen explicitly: it starts and is watched without being the active connection.
            let mut settings = room.settings();
            settings.watched.insert(SANDBOX_KEY.into());
            room.save_settings(settings).expect("save");
            assert!(room.reconcile(&conns, None).await.expect("reconcile"));
            assert!(room.sandbox_running().await);
            assert_eq!(room.status().watching, vec![SANDBOX_NAME.to_string()]);
            assert!(conns.active().await.is_none());
            assert!(room.connection().is_none());
        });
    }

    /// No saved connection: opening the control room starts the sandbox, saves "Local sandbox" as
    /// the active connection (so it is watched), and the sample pipelines are there with a
    /// pending approval.
    #[test]
    fn opening_without_a_connection_starts_the_sandbox_and_watches_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(async {
            let room = ControlRoom::new(dir.path());
            let conns = conns_in(dir.path());
            let active = room.open(&conns).await.expect("connect");
            assert!(room.is_opened());
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
            // Opening again reuses the running sandbox.
            let again = room.open(&conns).await.expect("reconnect");
            assert_eq!(again.endpoint_url, active.endpoint_url);
            let api = room.api().expect("api");
            let overview = pipewright_aws::control::usecases::list_overview(api.as_ref())
                .await
                .expect("overview");
            let names: Vec<&str> = overview.iter().map(|o| o.pipeline.name.as_str()).collect();
            assert!(names.contains(&"web-app-prod"), "{names:?}");
            // The active sandbox is watched: the badge shows the waiting approval within seconds.
            assert!(room.reconcile(&conns, None).await.expect("reconcile"));
            assert_eq!(room.status().watching, vec![SANDBOX_NAME.to_string()]);
            let mut badge = room.badge();
            let waited = tokio::time::timeout(Duration::from_secs(30), async {
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
            // Nothing changed: the watcher keeps running.
            assert!(!room.reconcile(&conns, None).await.expect("reconcile"));
        });
    }

    /// Two connections watched at once (the embedded sandbox, active, and a second sandbox-kind
    /// connection chosen in the settings): alerts and badge items from both, each alert shown
    /// once; unchoosing the second stops its watcher and its items leave the badge.
    #[test]
    fn two_connections_are_watched_at_once_and_one_can_be_unwatched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(async {
            let other = Sandbox::start(SandboxConfig::with_samples())
                .await
                .expect("second sandbox");
            let room = ControlRoom::new(dir.path());
            let conns = conns_in(dir.path());
            room.open(&conns).await.expect("open");
            let second = conns
                .lock()
                .await
                .expect("conns")
                .add(NewConnection {
                    name: "Second sandbox".into(),
                    region: Some("eu-west-1".into()),
                    endpoint_url: Some(other.endpoint_url().to_string()),
                    auth: AuthInput::LocalSandbox,
                })
                .expect("add");
            let mut events = room.subscribe();
            let mut settings = room.settings();
            settings.watched.insert(second.id.clone());
            room.save_settings(settings).expect("save");
            assert!(room.reconcile(&conns, None).await.expect("reconcile"));
            let both = vec![SANDBOX_NAME.to_string(), "Second sandbox".to_string()];
            assert_eq!(room.status().watching, both);
            assert!(room.notifier().settings().show_connection);
            let choices = room.watch_choices(&conns).await.expect("choices");
            let choice = |key: &str| {
                choices
                    .iter()
                    .find(|c| c.key == key)
                    .unwrap_or_else(|| panic!("{key} in {choices:?}"))
                    .clone()
            };
            assert!(choice(SANDBOX_KEY).active && choice(SANDBOX_KEY).watching);
            assert!(!choice(&second.id).active && choice(&second.id).watching);
            assert_eq!(choice(&second.id).detail, "on this computer, not AWS");

            // An approval alert from each connection, each to be shown once.
            let mut alerted: BTreeSet<String> = BTreeSet::new();
            let waited = tokio::time::timeout(Duration::from_secs(40), async {
                while alerted.len() < 2 {
                    match events.recv().await {
                        Ok(WatchEvent::Alert { connection, alert })
                            if alert.kind == AlertKind::ApprovalWaiting =>
                        {
                            assert_eq!(alert.connection.as_deref(), Some(connection.as_str()));
                            assert!(room.first_time(&connection, &alert));
                            assert!(!room.first_time(&connection, &alert), "shown twice");
                            alerted.insert(connection);
                        }
                        Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                        Err(broadcast::error::RecvError::Closed) => return,
                    }
                }
            })
            .await;
            assert!(waited.is_ok(), "alerts only from {alerted:?}");
            // One badge over both: items of both connections, both approvals counted (the
            // samples move on, so wait for a state that shows both rather than assume it).
            let mut badge = room.badge();
            let waited = tokio::time::timeout(Duration::from_secs(20), async {
                loop {
                    let (items, approvals) = {
                        let b = badge.borrow_and_update();
                        let items: BTreeSet<Option<String>> =
                            b.items.iter().map(|i| i.connection.clone()).collect();
                        (items, b.waiting_approvals)
                    };
                    if items.len() == 2 && approvals >= 2 {
                        return;
                    }
                    if badge.changed().await.is_err() {
                        return;
                    }
                }
            })
            .await;
            assert!(waited.is_ok(), "badge: {:?}", room.status().badge);
            // The control room's cards only take the active connection's health.
            assert!(room
                .health()
                .iter()
                .all(|h| h.connection.as_deref() == Some(SANDBOX_NAME)));

            // Unchosen: its watcher stops and its items leave the badge.
            let mut settings = room.settings();
            settings.watched.clear();
            room.save_settings(settings).expect("save");
            assert!(room.reconcile(&conns, None).await.expect("reconcile"));
            assert_eq!(room.status().watching, vec![SANDBOX_NAME.to_string()]);
            assert!(!room.notifier().settings().show_connection);
            assert!(room
                .status()
                .badge
                .items
                .iter()
                .all(|i| i.connection.as_deref() == Some(SANDBOX_NAME)));
            let choices = room.watch_choices(&conns).await.expect("choices");
            assert!(choices.iter().any(|c| c.key == second.id && !c.watching));

            // A click on the second connection's pipeline makes it the active one (in the
            // region it was watched in); it is watched as the active connection.
            let active = room
                .switch_to(&conns, "Second sandbox")
                .await
                .expect("switch");
            assert_eq!(active.name, "Second sandbox");
            assert_eq!(active.region, "eu-west-1");
            assert_eq!(room.connection().map(|c| c.name), Some(active.name.clone()));
            assert!(room.reconcile(&conns, None).await.expect("reconcile"));
            assert_eq!(room.status().watching, vec!["Second sandbox".to_string()]);
            drop(other);
        });
    }
}
