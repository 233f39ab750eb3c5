//! Every event the backend sends to the UI, each a payload type with its name ([`Event`]). The
//! generated bindings give each a typed listener (`onOpenFile`, ...), so neither side writes an
//! event name by hand; the shell sends them through [`Shell`], which the app logic is given.

use serde::{Deserialize, Serialize};

use pipewright_connections::sso::SessionStatus;
use pipewright_connections::{ActiveConnection, SignInMethod};
pub use pipewright_watch::BadgeState;
use pipewright_watch::{NotificationAction, NotificationActionKind};

/// A payload the backend sends to the UI, with its event name and the name of its generated
/// TypeScript listener.
pub trait Event: Serialize + ts_rs::TS + Clone + Send + 'static {
    /// The event's name on the wire (kebab-case).
    const NAME: &'static str;
    /// The generated listener's name (`on` + the payload's role).
    const LISTENER: &'static str;
}

/// What the app logic asks of the window shell: send an event to the UI, and bring the main
/// window up. The Tauri shell implements it over its `AppHandle`; tests record what is asked.
pub trait Shell: Send + Sync + 'static {
    /// Send `payload` as the event `name` (use [`emit`]).
    fn emit_json(&self, name: &'static str, payload: serde_json::Value);
    /// Show, unminimize and focus the main window.
    fn show_main_window(&self);
    /// Open a web link (checked with [`crate::links::check_link`]) in the default browser; why
    /// not, when it cannot.
    fn open_url(&self, url: &str) -> std::result::Result<(), String> {
        let _ = url;
        Err("no browser can be opened here".to_string())
    }
}

/// Send a typed event through `shell`.
pub fn emit<E: Event>(shell: &dyn Shell, payload: &E) {
    match serde_json::to_value(payload) {
        Ok(value) => shell.emit_json(E::NAME, value),
        Err(e) => tracing::warn!("event {} not sent: {e}", E::NAME),
    }
}

/// A shell without a window that keeps what it was asked, for tests.
#[derive(Debug, Default)]
pub struct RecordingShell {
    events: std::sync::Mutex<Vec<(String, serde_json::Value)>>,
    shown: std::sync::atomic::AtomicUsize,
    opened: std::sync::Mutex<Vec<String>>,
}

impl RecordingShell {
    /// The payloads of the event `name` so far.
    pub fn events_named(&self, name: &str) -> Vec<serde_json::Value> {
        self.events
            .lock()
            .map(|e| {
                e.iter()
                    .filter(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// How many times the main window was asked to show.
    pub fn shown(&self) -> usize {
        self.shown.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The links it was asked to open, in order.
    pub fn opened(&self) -> Vec<String> {
        self.opened.lock().map(|o| o.clone()).unwrap_or_default()
    }
}

impl Shell for RecordingShell {
    fn emit_json(&self, name: &'static str, payload: serde_json::Value) {
        if let Ok(mut e) = self.events.lock() {
            e.push((name.to_string(), payload));
        }
    }

    fn show_main_window(&self) {
        self.shown.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    fn open_url(&self, url: &str) -> std::result::Result<(), String> {
        let url = crate::links::check_link(url).map_err(|e| e.to_string())?;
        if let Ok(mut o) = self.opened.lock() {
            o.push(url.to_string());
        }
        Ok(())
    }
}

/// `open-file`: a second launch of the app named a design file; the first instance opens it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct OpenFileEvent {
    pub path: String,
}

/// `active-connection`: the active connection or region changed (title bar); `null`: none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ActiveConnectionEvent {
    pub active: Option<ActiveConnection>,
}

/// `control-open`: open a pipeline in the control room (a notification or tray click).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ControlOpenEvent {
    /// The connection of the pipeline. When the event reaches the UI it is the active connection
    /// already (the backend switched to it); `None`: the active connection.
    #[serde(default)]
    pub connection: Option<String>,
    pub pipeline: String,
    /// Set when the user clicked "Approve": open the approval dialog of this action.
    pub approve: Option<ApproveTarget>,
    /// Set when the user clicked "Show why" on a failure: open the "why it failed" panel of
    /// this action.
    #[serde(default)]
    pub why: Option<WhyTarget>,
}

/// Which failure a notification's "Show why" button means (what the failure notification
/// named; `None` parts are the latest failed execution and its first failed action).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct WhyTarget {
    pub stage: Option<String>,
    pub action: Option<String>,
    pub pipeline_execution_id: Option<String>,
}

/// Which approval a notification's "Approve" button means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ApproveTarget {
    pub stage: String,
    pub action: String,
    pub pipeline_execution_id: Option<String>,
}

/// `control-changed`: a watched pipeline's health changed, or the connection did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ControlChangedEvent {
    /// The pipeline whose health changed; `None` for the whole list (connection, pipeline set).
    pub pipeline: Option<String>,
}

impl From<NotificationAction> for ControlOpenEvent {
    fn from(action: NotificationAction) -> Self {
        let (approve, why) = match action.kind {
            // "Sign in again" is not a pipeline to open: the flows ask the UI for the sign-in
            // (`sign-in-requested`); here it opens the connection's control room.
            NotificationActionKind::Open | NotificationActionKind::SignIn => (None, None),
            NotificationActionKind::Approve {
                stage,
                action,
                pipeline_execution_id,
            } => (
                Some(ApproveTarget {
                    stage,
                    action,
                    pipeline_execution_id,
                }),
                None,
            ),
            NotificationActionKind::ShowWhy {
                stage,
                action,
                pipeline_execution_id,
            } => (
                None,
                Some(WhyTarget {
                    stage,
                    action,
                    pipeline_execution_id,
                }),
            ),
        };
        ControlOpenEvent {
            connection: action.connection,
            pipeline: action.pipeline,
            approve,
            why,
        }
    }
}

/// `sign-in-requested`: "Sign in again" was clicked on a notification: the UI opens the sign-in
/// this connection needs, the SSO device flow or a prompt for a new MFA code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInRequestEvent {
    /// The connection's name.
    pub connection: String,
    /// How it signs in again: `sso` (IAM Identity Center) or `mfa` (a new code from its device).
    pub method: SignInMethod,
}

impl Event for SignInRequestEvent {
    const NAME: &'static str = "sign-in-requested";
    const LISTENER: &'static str = "onSignInRequested";
}

/// `sync-progress`: one pipeline of an apply started or finished.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub name: String,
    /// `null` when the pipeline starts; its outcome label ("created", "failed", ...) when done.
    pub finished: Option<String>,
    /// Pipelines done so far, over the whole apply.
    pub done: u32,
    pub total: u32,
}

impl Event for OpenFileEvent {
    const NAME: &'static str = "open-file";
    const LISTENER: &'static str = "onOpenFile";
}

impl Event for ActiveConnectionEvent {
    const NAME: &'static str = "active-connection";
    const LISTENER: &'static str = "onActiveConnection";
}

impl Event for ControlOpenEvent {
    const NAME: &'static str = "control-open";
    const LISTENER: &'static str = "onControlOpen";
}

impl Event for ControlChangedEvent {
    const NAME: &'static str = "control-changed";
    const LISTENER: &'static str = "onControlChanged";
}

/// `control-badge`: the badge (approvals waiting, pipelines failing) changed.
impl Event for BadgeState {
    const NAME: &'static str = "control-badge";
    const LISTENER: &'static str = "onControlBadge";
}

impl Event for SyncProgress {
    const NAME: &'static str = "sync-progress";
    const LISTENER: &'static str = "onSyncProgress";
}

/// A sign-in waiting for the user: the code to confirm and the page to confirm it on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInWaiting {
    /// The saved connection's id.
    pub connection_id: String,
    /// Its name.
    pub connection: String,
    /// The code the browser page shows, to compare before approving.
    pub user_code: String,
    /// The page to approve the code on (opened in the browser when [`Self::opened`]).
    pub verification_url: String,
    /// The code expires then (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub expires_at_ms: u64,
    /// Whether the browser was opened on [`Self::verification_url`]; otherwise the user opens it.
    pub opened: bool,
}

/// How a sign-in ended, or that it waits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum SignInState {
    /// Waiting for the user to approve the code in the browser.
    Waiting(SignInWaiting),
    /// Approved: the token cache is written; the session lasts this long.
    SignedIn { session: SessionStatus },
    /// Denied, expired, or the service failed: a sentence that says what to do.
    Failed { message: String },
    /// Cancelled in the app.
    Cancelled,
}

/// `sign-in`: a connection's sign-in started, ended or was cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInEvent {
    pub connection_id: String,
    pub connection: String,
    pub state: SignInState,
}

impl Event for SignInEvent {
    const NAME: &'static str = "sign-in";
    const LISTENER: &'static str = "onSignIn";
}

/// Calls `$then!` with every event payload type, for the bindings.
#[macro_export]
macro_rules! with_events {
    ($then:ident) => {
        $then!(
            $crate::events::OpenFileEvent,
            $crate::events::ActiveConnectionEvent,
            $crate::events::SyncProgress,
            $crate::events::ControlOpenEvent,
            $crate::events::BadgeState,
            $crate::events::ControlChangedEvent,
            $crate::events::SignInRequestEvent,
            $crate::events::SignInEvent
        )
    };
}
