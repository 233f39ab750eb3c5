//! The background watcher: follows the pipelines of one connection, polls adaptively, backs off
//! on throttling and errors, and publishes alerts, health and the badge on channels.
//!
//! Each pipeline is polled on its own: the calls in flight run side by side (at most
//! [`PollPolicy::concurrency`]) and each is bounded by [`PollPolicy::call_timeout`] besides the
//! AWS port's own timeouts, so a call that hangs delays only its pipeline. The listing and the
//! approval details and a failure's cause ([`enrich`]) are calls of their own too. Whether the connection is watched at all is
//! tracked by a [`HealthTracker`] and published as [`WatchEvent::Connection`] (and as an alert on
//! each stop and resume). The task runs under a [`supervisor`](crate::supervisor): a task that
//! ends (a panic) is reported and started again.
//!
//! Wiring (e.g. in the app): `let (watcher, events) = Watcher::spawn(aws.codepipeline(), config);` then read
//! `events` (a `broadcast::Receiver<WatchEvent>`), `watcher.badge()` (a `watch::Receiver<BadgeState>`)
//! and `watcher.health()` (for the cctray feed); pass alerts to a [`Notifier`](crate::Notifier).

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use futures_util::stream::{FuturesUnordered, StreamExt};
use pipewright_aws::control::{usecases, why};
use pipewright_aws::events::PipelineEvent;
use pipewright_aws::members::{self, MemberRoleError, MemberRoles, READ_ROLE, RETRY_REFUSED};
use pipewright_aws::{AwsError, CodePipeline, PipelineListItem};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::badge::BadgeState;
use crate::decide::{Alert, AlertKind, Decider};
use crate::health::{Call, ConnectionHealth, HealthTracker, SignIn};
use crate::observe::{Healths, PipelineHealth, Snapshot};
use crate::schedule::{after, woke_from_sleep, PollPolicy};
use crate::supervisor::{supervise, Ended};

/// What to watch and how.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WatchConfig {
    /// A label for the connection (shown in events; one watcher per connection).
    pub connection: String,
    /// The pipelines to follow; `None` follows every pipeline (`ListPipelines`, re-listed rarely).
    pub pipelines: Option<Vec<String>>,
    pub policy: PollPolicy,
    /// How the connection signs in: what to say when its credentials expire.
    #[serde(default)]
    pub sign_in: SignIn,
    /// Say what already needs attention at the start (the first look at every followed
    /// pipeline) once, as one [`AlertKind::NeedsAttention`] alert, instead of one alert each:
    /// a desktop app starting, or a connection being added. Off, each is its own alert (the
    /// CLI's lines).
    #[serde(default)]
    pub summarize_start: bool,
    /// The read-only role assumed in a member account to confirm an event from it (the
    /// organisation layout); `None`: [`READ_ROLE`](pipewright_aws::members::READ_ROLE).
    #[serde(default)]
    pub member_role: Option<String>,
}

impl WatchConfig {
    pub fn all(connection: impl Into<String>) -> Self {
        Self {
            connection: connection.into(),
            pipelines: None,
            policy: PollPolicy::default(),
            sign_in: SignIn::default(),
            summarize_start: false,
            member_role: None,
        }
    }

    /// The same, for a connection that signs in this way.
    pub fn signing_in(mut self, sign_in: SignIn) -> Self {
        self.sign_in = sign_in;
        self
    }

    /// The same, saying what already needs attention at the start as one summary.
    pub fn summarizing_start(mut self) -> Self {
        self.summarize_start = true;
        self
    }
}

/// What the watcher reports.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum WatchEvent {
    /// A new alert (each raised once).
    Alert { connection: String, alert: Alert },
    /// A pipeline's health changed.
    Health {
        connection: String,
        health: PipelineHealth,
    },
    /// The set of followed pipelines changed.
    #[serde(rename_all = "camelCase")]
    Pipelines {
        connection: String,
        pipelines: Vec<String>,
    },
    /// Polling failed; retried after `retry_in_ms`. Reported once per streak of failures.
    #[serde(rename_all = "camelCase")]
    Error {
        connection: String,
        pipeline: Option<String>,
        message: String,
        retry_in_ms: u64,
    },
    /// AWS throttled; everything waits `retry_in_ms`. Reported once per streak.
    #[serde(rename_all = "camelCase")]
    Throttled {
        connection: String,
        retry_in_ms: u64,
    },
    /// Polling works again after errors.
    Recovered {
        connection: String,
        pipeline: Option<String>,
    },
    /// The machine woke from sleep: everything is polled now.
    Resumed { connection: String },
    /// Whether the connection is watched at all changed (it stopped: why and what to do; or it
    /// is watched again).
    Connection {
        connection: String,
        health: ConnectionHealth,
    },
    /// Where the watcher learns of changes: CodePipeline's events through the reader's queue
    /// (`events: true`), or polling (with why, when events were wanted and the queue failed).
    Feed {
        connection: String,
        events: bool,
        reason: Option<String>,
    },
    /// The watcher's task ended unexpectedly and starts again in `restart_in_ms`.
    #[serde(rename_all = "camelCase")]
    Restarted {
        connection: String,
        reason: String,
        restart_in_ms: u64,
    },
}

impl WatchEvent {
    /// The connection the event is about.
    pub fn connection(&self) -> &str {
        match self {
            WatchEvent::Alert { connection, .. }
            | WatchEvent::Health { connection, .. }
            | WatchEvent::Pipelines { connection, .. }
            | WatchEvent::Error { connection, .. }
            | WatchEvent::Throttled { connection, .. }
            | WatchEvent::Recovered { connection, .. }
            | WatchEvent::Resumed { connection }
            | WatchEvent::Connection { connection, .. }
            | WatchEvent::Feed { connection, .. }
            | WatchEvent::Restarted { connection, .. } => connection,
        }
    }
}

/// What one poll of a pipeline gave: the snapshot and whether the pipeline is in PARALLEL mode.
type Observed = Result<(Snapshot, bool), AwsError>;

enum Command {
    Refresh(Option<String>),
    Event(Box<PipelineEvent>),
    SetPolicy(PollPolicy),
    SetPipelines(Option<Vec<String>>),
    SetApi(Box<CodePipeline>),
}

/// What the watcher's runs share, so that a restarted run goes on where the last one stopped:
/// the channels, what was already alerted, and the commands.
struct Shared {
    events: broadcast::Sender<WatchEvent>,
    badge: watch::Sender<BadgeState>,
    /// Every followed pipeline's health, by name: the one copy, changed in place (one entry per
    /// poll), so a change costs the same with ten pipelines or ten thousand.
    health: watch::Sender<Healths>,
    connection: watch::Sender<ConnectionHealth>,
    decider: Mutex<Decider>,
    commands: Arc<tokio::sync::Mutex<mpsc::UnboundedReceiver<Command>>>,
    /// The client a (re)started run uses: the latest one given.
    api: Mutex<CodePipeline>,
    /// The first look at every followed pipeline is over (and, with
    /// [`WatchConfig::summarize_start`], its summary said): a restarted run does not say it
    /// again.
    settled: AtomicBool,
    /// When the watcher started (wall clock, ms): the summary's key.
    started_ms: u64,
}

/// A handle on a running watcher. Dropping it stops the watcher.
pub struct Watcher {
    events: broadcast::Sender<WatchEvent>,
    badge: watch::Receiver<BadgeState>,
    health: watch::Receiver<Healths>,
    connection: watch::Receiver<ConnectionHealth>,
    commands: mpsc::UnboundedSender<Command>,
    task: JoinHandle<()>,
}

impl Watcher {
    /// Starts watching; returns the handle and a receiver that sees every event from the start.
    pub fn spawn(
        api: CodePipeline,
        config: WatchConfig,
    ) -> (Self, broadcast::Receiver<WatchEvent>) {
        let (events, first) = broadcast::channel(4096);
        let (badge_tx, badge) = watch::channel(BadgeState::default());
        let (health_tx, health) = watch::channel(Healths::new());
        let (connection_tx, connection) =
            watch::channel(ConnectionHealth::watching(&config.connection));
        let (commands, rx) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            events: events.clone(),
            badge: badge_tx,
            health: health_tx,
            connection: connection_tx,
            decider: Mutex::new(Decider::new()),
            commands: Arc::new(tokio::sync::Mutex::new(rx)),
            api: Mutex::new(api),
            settled: AtomicBool::new(false),
            started_ms: wall_ms(),
        });
        let label = config.connection.clone();
        let said = events.clone();
        let restarted = move |reason: String, pause: Duration| {
            let _ = said.send(WatchEvent::Restarted {
                connection: label.clone(),
                reason,
                restart_in_ms: pause.as_millis() as u64,
            });
        };
        let task = tokio::spawn(supervise(restarted, move || {
            let api = shared.api.lock().unwrap_or_else(|p| p.into_inner()).clone();
            let engine = Engine::new(api, config.clone(), shared.clone());
            engine.run()
        }));
        (
            Watcher {
                events,
                badge,
                health,
                connection,
                commands,
                task,
            },
            first,
        )
    }

    /// Another receiver of events (from now on).
    pub fn subscribe(&self) -> broadcast::Receiver<WatchEvent> {
        self.events.subscribe()
    }

    /// The tray badge, updated as pipelines change.
    pub fn badge(&self) -> watch::Receiver<BadgeState> {
        self.badge.clone()
    }

    /// Every followed pipeline's health (feed for [`crate::cctray::serve`]).
    pub fn health(&self) -> watch::Receiver<Healths> {
        self.health.clone()
    }

    /// Whether the connection is watched at all.
    pub fn connection_health(&self) -> watch::Receiver<ConnectionHealth> {
        self.connection.clone()
    }

    /// Poll now (one pipeline or all), e.g. after the user acted on a pipeline.
    pub fn refresh(&self, pipeline: Option<&str>) {
        let _ = self
            .commands
            .send(Command::Refresh(pipeline.map(str::to_string)));
    }

    /// Follow other pipelines (`None` = all).
    pub fn set_pipelines(&self, pipelines: Option<Vec<String>>) {
        let _ = self.commands.send(Command::SetPipelines(pipelines));
    }

    /// Go on with another client of the same connection (new credentials after signing in
    /// again) and poll everything now; what the watcher knows, its health included, is kept, so
    /// the return to watching is said.
    pub fn set_api(&self, api: CodePipeline) {
        let _ = self.commands.send(Command::SetApi(Box::new(api)));
    }

    /// Poll with another policy from now on (e.g. [`PollPolicy::events`] while events tell the
    /// watcher what changed, and back when they stop).
    pub fn set_policy(&self, policy: PollPolicy) {
        let _ = self.commands.send(Command::SetPolicy(policy));
    }

    /// A handle that pokes this watcher from another task (an event feed): refresh a pipeline,
    /// change the policy, say where changes come from.
    pub fn poke(&self) -> Poke {
        Poke {
            commands: self.commands.clone(),
            events: self.events.clone(),
        }
    }

    /// Stops the watcher.
    pub async fn shutdown(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

/// Pokes a running [`Watcher`] from another task; see [`Watcher::poke`].
#[derive(Clone)]
pub struct Poke {
    commands: mpsc::UnboundedSender<Command>,
    events: broadcast::Sender<WatchEvent>,
}

impl Poke {
    /// Poll this pipeline now (once more after a poll in flight); an unknown one makes the
    /// watcher list the pipelines again, when it follows them all.
    pub fn refresh(&self, pipeline: &str) {
        let _ = self
            .commands
            .send(Command::Refresh(Some(pipeline.to_string())));
    }

    pub fn set_policy(&self, policy: PollPolicy) {
        let _ = self.commands.send(Command::SetPolicy(policy));
    }

    /// A CodePipeline event: poll the pipeline it names, in the account it names. A pipeline of
    /// this connection's own account is polled as [`Poke::refresh`] does; another account's (the
    /// organisation layout) is polled through that account's read-only role, or, when the role
    /// cannot be assumed, alerted from its events alone.
    pub fn event(&self, event: PipelineEvent) {
        let _ = self.commands.send(Command::Event(Box::new(event)));
    }

    /// Publish an event beside the watcher's own.
    pub fn say(&self, event: WatchEvent) {
        let _ = self.events.send(event);
    }

    /// Whether the watcher still runs.
    pub fn is_closed(&self) -> bool {
        self.commands.is_closed()
    }
}

#[derive(Debug, Clone)]
struct Tracker {
    next_due: Instant,
    failures: u32,
    active: bool,
    /// PARALLEL execution mode; `None` until known.
    parallel: Option<bool>,
    in_error: bool,
    /// A poll of it is in flight.
    polling: bool,
    /// Polled at least once (answered or failed).
    seen: bool,
    /// Asked for again while a poll was in flight (the change may be newer than that poll).
    again: bool,
    /// Another account's pipeline (keyed by its ARN), read through that account's role.
    member: Option<Member>,
}

/// Where a member account's pipeline is.
#[derive(Debug, Clone)]
struct Member {
    account: String,
    region: Option<String>,
    name: String,
}

impl Tracker {
    fn new(parallel: Option<bool>) -> Self {
        Tracker {
            next_due: Instant::now(),
            failures: 0,
            active: false,
            parallel,
            in_error: false,
            polling: false,
            seen: false,
            again: false,
            member: None,
        }
    }
}

/// A finished call.
enum Done {
    Listed {
        started: Instant,
        result: Result<Vec<PipelineListItem>, AwsError>,
    },
    Polled {
        name: String,
        started: Instant,
        result: Observed,
    },
    Enriched(Alert),
    /// The connection's own account (or why it is not known).
    Identity(Result<String, AwsError>),
    /// A member account's role could not be assumed to poll this pipeline (keyed by ARN).
    Refused {
        key: String,
        error: MemberRoleError,
    },
}

/// What the watcher knows of its connection's own account.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Own {
    Unknown,
    Asking,
    Known(String),
    /// Not to be had (no STS behind this client): every event is taken as this account's.
    Unavailable,
}

type Job = Pin<Box<dyn Future<Output = Done> + Send>>;

/// `fut`, or Unreachable once `limit` passed.
async fn bounded<T>(
    limit: Duration,
    operation: &'static str,
    fut: impl Future<Output = Result<T, AwsError>>,
) -> Result<T, AwsError> {
    match tokio::time::timeout(limit, fut).await {
        Ok(r) => r,
        Err(_) => Err(AwsError::Unreachable {
            operation,
            detail: format!("no answer within {} s", limit.as_secs()),
            technical: None,
        }),
    }
}

struct Engine {
    api: CodePipeline,
    config: WatchConfig,
    shared: Arc<Shared>,
    trackers: BTreeMap<String, Tracker>,
    throttle_until: Option<Instant>,
    throttle_failures: u32,
    /// When to (re-)list pipelines; `None` when following an explicit list.
    list_due: Option<Instant>,
    listing: bool,
    listed_error: bool,
    list_failures: u32,
    tracker: HealthTracker,
    jobs: FuturesUnordered<Job>,
    /// Listed at least once (or following an explicit list).
    listed_once: bool,
    /// The alerts of the first look at each pipeline, held for the start summary.
    standing: Vec<Alert>,
    /// The connection's own account, which events name to be polled here.
    own: Own,
    /// Events waiting for [`Engine::own`] to be known.
    waiting: Vec<PipelineEvent>,
    /// The member accounts' roles (made at the first member event).
    members: Option<Arc<MemberRoles>>,
    /// A member pipeline's events not confirmed by a poll yet (what to alert from if its
    /// role cannot be assumed).
    unconfirmed: BTreeMap<String, Vec<PipelineEvent>>,
    /// The member accounts whose refused role was said (once each, until it works).
    refused: BTreeSet<String>,
    /// The keys of alerts raised from events alone, and the member pipelines that failed.
    from_events: crate::decide::AlertMemory,
    failed_by_event: BTreeSet<String>,
}

/// Polls one pipeline: `GetPipelineState`, or for PARALLEL mode the recent executions and the
/// action executions of those in progress. An unknown mode is looked up once (`GetPipeline`).
pub async fn observe(
    api: &CodePipeline,
    pipeline: &str,
    parallel: Option<bool>,
) -> Result<(Snapshot, bool), AwsError> {
    let parallel = match parallel {
        Some(p) => p,
        None => {
            api.get_pipeline_summary(pipeline)
                .await?
                .execution_mode
                .as_deref()
                == Some("PARALLEL")
        }
    };
    if !parallel {
        let state = api.get_pipeline_state(pipeline).await?;
        return Ok((Snapshot::from_state(&state), false));
    }
    let execs = api
        .list_pipeline_executions(pipeline, None, Some(10), None)
        .await?
        .items;
    let mut actions = Vec::new();
    for e in execs
        .iter()
        .filter(|e| e.status == pipewright_aws::control::ExecutionStatus::InProgress)
    {
        actions.extend(usecases::execution_actions(api, pipeline, &e.pipeline_execution_id).await?);
    }
    Ok((Snapshot::from_parallel(pipeline, &execs, &actions), true))
}

/// How many characters of an approval's `CustomData` its notification shows.
pub const CUSTOM_DATA_SHOWN: usize = 160;

/// Adds an approval's `CustomData` (shortened to [`CUSTOM_DATA_SHOWN`] characters) and review
/// link (`ExternalEntityLink`) from its action execution, and the waiting run's source revision
/// (commit and message) from the same answer; best effort (one `ListActionExecutions` per new
/// approval).
pub async fn enrich_approval(api: &CodePipeline, alert: &mut Alert) {
    if alert.kind != AlertKind::ApprovalWaiting || alert.detail.is_some() {
        return;
    }
    let Some(exec) = alert.pipeline_execution_id.clone() else {
        return;
    };
    let Ok(actions) = api.list_action_executions(&alert.pipeline, &exec).await else {
        return;
    };
    let custom = actions
        .iter()
        .find(|a| {
            Some(&a.stage_name) == alert.stage.as_ref()
                && Some(&a.action_name) == alert.action.as_ref()
        })
        .map(|a| {
            if alert.link.is_none() {
                alert.link = a.configuration.get("ExternalEntityLink").cloned();
            }
            a.configuration.get("CustomData").cloned()
        });
    let detail = approval_detail(custom.flatten().as_deref(), &actions);
    alert.detail = (!detail.is_empty()).then_some(detail);
}

/// An approval notification's detail: its custom data (shortened), then the revision of the run
/// that waits (`Revision 3f9c2a1: Bump react-dates`), each when known.
pub fn approval_detail(
    custom_data: Option<&str>,
    actions: &[pipewright_aws::control::ActionExecutionDetail],
) -> String {
    let mut lines = Vec::new();
    if let Some(data) = custom_data.map(str::trim).filter(|d| !d.is_empty()) {
        lines.push(shorten(data, CUSTOM_DATA_SHOWN));
    }
    let source = actions
        .iter()
        .filter(|a| a.category.as_deref() == Some("Source"))
        .map(why::source_revision)
        .find(|(id, message)| id.is_some() || message.is_some());
    if let Some((id, message)) = source {
        let id = id.unwrap_or_default();
        let short: String = id.chars().take(7).collect();
        lines.push(match message {
            Some(m) if short.is_empty() => format!("Revision: {}", shorten(&m, 100)),
            Some(m) => format!("Revision {short}: {}", shorten(&m, 100)),
            None => format!("Revision {short}"),
        });
    }
    lines.join("\n")
}

/// `text` on one line, at most `max` characters (an ellipsis in place of the rest).
fn shorten(text: &str, max: usize) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= max {
        return one;
    }
    let mut cut: String = one.chars().take(max.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// Adds why an action failed to its alert: the first failing line (or the service's cause) and
/// who made the source revision, from the services around the pipeline
/// ([`why`](pipewright_aws::control::why)). Best effort, and once per failure: the alert is raised
/// once, polls never look this up. The action's own error stays, after the first failing line.
pub async fn enrich_failure(api: &CodePipeline, alert: &mut Alert) {
    if alert.kind != AlertKind::ActionFailed {
        return;
    }
    let Some(aws) = api.around() else {
        return;
    };
    let req = why::WhyRequest {
        pipeline: alert.pipeline.clone(),
        pipeline_execution_id: alert.pipeline_execution_id.clone(),
        action: alert.action.clone(),
    };
    if let Ok(w) = why::why(aws, &req).await {
        if w.failed.is_some() {
            alert.detail = Some(failure_detail(&w, alert.detail.as_deref()));
        }
    }
}

/// A failure notification's detail: the first failing line, the action's own error (`said`,
/// when it differs), the first failed test when the build has test reports, then the source
/// revision and its author (`3f9c2a1 by Tomás García: Bump react-dates`).
pub fn failure_detail(w: &why::Why, said: Option<&str>) -> String {
    let mut d = w.headline.clone();
    if let Some(said) = said.filter(|s| !s.is_empty() && *s != w.headline) {
        d.push('\n');
        d.push_str(said);
    }
    let first_test = match w.failed.as_ref().map(|f| &f.cause) {
        Some(why::Cause::CodeBuild(b)) => b.tests.as_ref().and_then(|t| t.failed.first()),
        _ => None,
    };
    if let Some(t) = first_test {
        d.push_str(&format!("\nFirst failed test: {}", t.full_name()));
    }
    if let Some(r) = w
        .revisions
        .iter()
        .find(|r| r.author.is_some() || r.message.is_some())
    {
        let id = r.revision_id.as_deref().unwrap_or("");
        d.push('\n');
        d.push_str(&id[..id.len().min(7)]);
        if let Some(a) = &r.author {
            d.push_str(&format!(" by {a}"));
        }
        if let Some(m) = &r.message {
            d.push_str(&format!(": {m}"));
        }
    }
    d
}

/// What an alert gets before it is raised: an approval's custom data and link, a failure's cause.
pub async fn enrich(api: &CodePipeline, alert: &mut Alert) {
    enrich_approval(api, alert).await;
    enrich_failure(api, alert).await;
}

/// One pass over the given pipelines (or all): the alerts the current state raises and each
/// pipeline's health. What `pipewright watch --once` prints.
pub async fn run_once(
    api: &CodePipeline,
    pipelines: Option<Vec<String>>,
) -> Result<(Vec<Alert>, Vec<PipelineHealth>), AwsError> {
    let targets: Vec<(String, Option<bool>)> = match pipelines {
        Some(list) => list.into_iter().map(|p| (p, None)).collect(),
        None => usecases::list_all_pipelines(api)
            .await?
            .into_iter()
            .map(|p| {
                let parallel = p.execution_mode.as_deref() == Some("PARALLEL");
                (p.name, Some(parallel))
            })
            .collect(),
    };
    let mut decider = Decider::new();
    let mut alerts = Vec::new();
    let mut healths = Vec::new();
    for (name, parallel) in targets {
        let (snap, _) = observe(api, &name, parallel).await?;
        for mut a in decider.decide(&snap) {
            enrich(api, &mut a).await;
            alerts.push(a);
        }
        healths.push(snap.health());
    }
    Ok((alerts, healths))
}

fn wall_ms() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

impl Engine {
    fn new(api: CodePipeline, config: WatchConfig, shared: Arc<Shared>) -> Self {
        let tracker = HealthTracker::new(
            &config.connection,
            config.sign_in,
            config.policy.throttled_for,
        );
        Engine {
            api,
            config,
            shared,
            trackers: BTreeMap::new(),
            throttle_until: None,
            throttle_failures: 0,
            list_due: Some(Instant::now()),
            listing: false,
            listed_error: false,
            list_failures: 0,
            tracker,
            jobs: FuturesUnordered::new(),
            listed_once: false,
            standing: Vec::new(),
            own: Own::Unknown,
            waiting: Vec::new(),
            members: None,
            unconfirmed: BTreeMap::new(),
            refused: BTreeSet::new(),
            from_events: crate::decide::AlertMemory::default(),
            failed_by_event: BTreeSet::new(),
        }
    }

    fn emit(&self, event: WatchEvent) {
        let _ = self.shared.events.send(event);
    }

    fn connection(&self) -> String {
        self.config.connection.clone()
    }

    fn decide(&self, snap: &Snapshot) -> Vec<Alert> {
        self.shared
            .decider
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .decide(snap)
    }

    fn forget(&mut self, name: &str) {
        self.shared
            .health
            .send_if_modified(|h| h.remove(name).is_some());
        self.tracker.forget(name);
        self.shared
            .decider
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .forget(name);
    }

    fn follow(&mut self, names: Vec<(String, Option<bool>)>) {
        let mut changed = false;
        let mut keep: BTreeSet<String> = names.iter().map(|(n, _)| n.clone()).collect();
        // Member accounts' pipelines are not listed here: they stay while events name them.
        keep.extend(
            self.trackers
                .iter()
                .filter(|(_, t)| t.member.is_some())
                .map(|(n, _)| n.clone()),
        );
        let before = self.trackers.len();
        self.trackers.retain(|n, _| keep.contains(n));
        let gone: Vec<String> = self
            .shared
            .health
            .borrow()
            .keys()
            .filter(|n| !keep.contains(*n))
            .cloned()
            .collect();
        for n in gone {
            self.forget(&n);
        }
        changed |= before != self.trackers.len();
        for (name, parallel) in names {
            match self.trackers.get_mut(&name) {
                Some(t) => {
                    if parallel.is_some() {
                        t.parallel = parallel;
                    }
                }
                None => {
                    self.trackers.insert(name, Tracker::new(parallel));
                    changed = true;
                }
            }
        }
        if changed {
            self.emit(WatchEvent::Pipelines {
                connection: self.connection(),
                pipelines: self.trackers.keys().cloned().collect(),
            });
            self.publish_health();
        }
    }

    /// The badge from every pipeline's health and the connection's (the health channel itself
    /// is changed in place where a pipeline's health changes).
    fn publish_health(&self) {
        let connection = self.tracker.state().clone();
        let badge = BadgeState::from_parts(self.shared.health.borrow().values(), [&connection]);
        self.shared.badge.send_if_modified(|b| {
            if *b != badge {
                *b = badge;
                true
            } else {
                false
            }
        });
    }

    /// Decides whether the connection is watched; says so when that changed.
    fn evaluate(&mut self) {
        let before = self.tracker.state().clone();
        let Some(now) = self
            .tracker
            .evaluate(self.trackers.keys(), Instant::now(), wall_ms())
        else {
            return;
        };
        self.shared.connection.send_replace(now.clone());
        // The badge first: whoever hears the event sees it already.
        self.publish_health();
        self.emit(WatchEvent::Connection {
            connection: self.connection(),
            health: now.clone(),
        });
        if let Some(alert) = now.alert(&before) {
            self.emit(WatchEvent::Alert {
                connection: self.connection(),
                alert,
            });
        }
    }

    fn throttled(&mut self, retry_after: Option<Duration>) -> Duration {
        self.throttle_failures = self.throttle_failures.saturating_add(1);
        let wait = self
            .config
            .policy
            .backoff(self.throttle_failures, fastrand::f64(), retry_after);
        self.throttle_until = Some(after(Instant::now(), wait));
        // Once per streak: the streak ends with the next successful call.
        if self.throttle_failures == 1 {
            self.emit(WatchEvent::Throttled {
                connection: self.connection(),
                retry_in_ms: wait.as_millis() as u64,
            });
        }
        wait
    }

    fn start_list(&mut self) {
        self.listing = true;
        let api = self.api.clone();
        let limit = self.config.policy.call_timeout;
        let started = Instant::now();
        self.jobs.push(Box::pin(async move {
            let result = bounded(limit, "ListPipelines", usecases::list_all_pipelines(&api)).await;
            Done::Listed { started, result }
        }));
    }

    fn start_poll(&mut self, name: String, parallel: Option<bool>) {
        let member = self.trackers.get_mut(&name).and_then(|t| {
            t.polling = true;
            t.member.clone()
        });
        if let (Some(member), Some(roles)) = (member, self.member_roles()) {
            let limit = self.config.policy.call_timeout;
            let started = Instant::now();
            self.jobs.push(Box::pin(async move {
                let aws = match roles.aws(&member.account, member.region.as_deref()).await {
                    Ok(aws) => aws,
                    Err(error) => return Done::Refused { key: name, error },
                };
                let api = aws.codepipeline();
                let result = bounded(
                    limit,
                    "GetPipelineState",
                    observe(&api, &member.name, parallel),
                )
                .await
                .map(|(mut snap, parallel)| {
                    // Keyed by its ARN: the decider, health and tray tell accounts apart.
                    snap.pipeline = name.clone();
                    (snap, parallel)
                });
                Done::Polled {
                    name,
                    started,
                    result,
                }
            }));
            return;
        }
        let api = self.api.clone();
        let limit = self.config.policy.call_timeout;
        let started = Instant::now();
        self.jobs.push(Box::pin(async move {
            let result = bounded(limit, "GetPipelineState", observe(&api, &name, parallel)).await;
            Done::Polled {
                name,
                started,
                result,
            }
        }));
    }

    fn start_enrich(&mut self, mut alert: Alert) {
        let api = self.api.clone();
        let limit = self.config.policy.call_timeout;
        let member = self
            .trackers
            .get(&alert.pipeline)
            .and_then(|t| t.member.clone())
            .zip(self.member_roles());
        self.jobs.push(Box::pin(async move {
            match member {
                // A member account's pipeline: read through its role, by its name there.
                Some((m, roles)) => {
                    if let Ok(aws) = roles.aws(&m.account, m.region.as_deref()).await {
                        let key = std::mem::replace(&mut alert.pipeline, m.name.clone());
                        let _ =
                            tokio::time::timeout(limit, enrich(&aws.codepipeline(), &mut alert))
                                .await;
                        alert.pipeline = key;
                    }
                }
                None => {
                    let _ = tokio::time::timeout(limit, enrich(&api, &mut alert)).await;
                }
            }
            Done::Enriched(alert)
        }));
    }

    /// The member accounts' roles, assumed with this connection's credentials.
    fn member_roles(&mut self) -> Option<Arc<MemberRoles>> {
        if self.members.is_none() {
            let base = self.api.around()?.clone();
            let role = self
                .config
                .member_role
                .clone()
                .unwrap_or_else(|| READ_ROLE.to_string());
            self.members = Some(Arc::new(MemberRoles::new(base, role)));
        }
        self.members.clone()
    }

    /// An event: poll the pipeline it names, here or in its member account.
    fn on_event(&mut self, event: PipelineEvent) {
        let Some(account) = event.account.clone() else {
            return self.command(Command::Refresh(Some(event.pipeline)));
        };
        match &self.own {
            Own::Known(own) if *own == account => {
                self.command(Command::Refresh(Some(event.pipeline)))
            }
            Own::Known(_) => self.on_member_event(account, event),
            Own::Unavailable => self.command(Command::Refresh(Some(event.pipeline))),
            Own::Asking => self.waiting.push(event),
            Own::Unknown => {
                let Some(aws) = self.api.around().cloned() else {
                    self.own = Own::Unavailable;
                    return self.on_event(event);
                };
                self.own = Own::Asking;
                self.waiting.push(event);
                let limit = self.config.policy.call_timeout;
                self.jobs.push(Box::pin(async move {
                    Done::Identity(
                        bounded(limit, "GetCallerIdentity", members::own_account(&aws)).await,
                    )
                }));
            }
        }
    }

    fn on_member_event(&mut self, account: String, event: PipelineEvent) {
        let Some(key) = event.pipeline_arn() else {
            return;
        };
        let now = Instant::now();
        let added = !self.trackers.contains_key(&key);
        let t = self
            .trackers
            .entry(key.clone())
            .or_insert_with(|| Tracker::new(None));
        t.member = Some(Member {
            account,
            region: event.region.clone(),
            name: event.pipeline.clone(),
        });
        t.next_due = now;
        t.again = t.polling;
        let pending = self.unconfirmed.entry(key).or_default();
        pending.push(event);
        // Only the latest few matter to alert from.
        if pending.len() > 50 {
            pending.remove(0);
        }
        if added {
            self.emit(WatchEvent::Pipelines {
                connection: self.connection(),
                pipelines: self.trackers.keys().cloned().collect(),
            });
        }
    }

    /// A member account's role was refused: alert from the pipeline's events alone, say it once
    /// per account, and try again later.
    fn refused(&mut self, key: String, error: MemberRoleError) {
        // The role's refusal is kept that long (`MemberRoles`): poll again after it.
        let retry = RETRY_REFUSED;
        let Some(t) = self.trackers.get_mut(&key) else {
            return;
        };
        t.polling = false;
        t.seen = true;
        t.next_due = if std::mem::take(&mut t.again) {
            // Newer events came in meanwhile: alert from them as well, without a call (the
            // role's refusal is cached).
            Instant::now()
        } else {
            after(Instant::now(), retry)
        };
        if self.refused.insert(error.account.clone()) {
            self.emit(WatchEvent::Error {
                connection: self.connection(),
                pipeline: None,
                message: format!(
                    "{error}; until then, account {}'s alerts come from its events alone",
                    error.account
                ),
                retry_in_ms: retry.as_millis() as u64,
            });
        }
        let events = self.unconfirmed.remove(&key).unwrap_or_default();
        for event in events {
            if let Some(alert) = self.alert_from_event(&key, &error.account, &event) {
                self.emit(WatchEvent::Alert {
                    connection: self.connection(),
                    alert,
                });
            }
        }
    }

    /// What an event says alone: a failure (once per execution), an approval waiting, or a
    /// success after a failure this watcher alerted.
    fn alert_from_event(&mut self, key: &str, account: &str, e: &PipelineEvent) -> Option<Alert> {
        let state = e.state.as_deref()?.to_ascii_uppercase();
        let exec = e.execution_id.clone();
        let on = |what: &str| {
            format!(
                "{}|{key}|{}|{what}",
                self.config.connection,
                exec.as_deref().unwrap_or("")
            )
        };
        let action_event = e.detail_type.contains("Action");
        let stage_event = e.detail_type.contains("Stage");
        let (kind, id) = match state.as_str() {
            "FAILED" if action_event => (AlertKind::ActionFailed, on("failed")),
            "FAILED" => (AlertKind::StageFailed, on("failed")),
            "STARTED" if action_event && e.category.as_deref() == Some("Approval") => (
                AlertKind::ApprovalWaiting,
                on(&format!(
                    "approval|{}|{}",
                    e.stage.as_deref().unwrap_or(""),
                    e.action.as_deref().unwrap_or("")
                )),
            ),
            "SUCCEEDED" if !action_event && !stage_event && self.failed_by_event.contains(key) => {
                (AlertKind::Recovered, on("recovered"))
            }
            _ => return None,
        };
        if !self.from_events.remember(&id) {
            return None;
        }
        match kind {
            AlertKind::ActionFailed | AlertKind::StageFailed => {
                self.failed_by_event.insert(key.to_string());
            }
            AlertKind::Recovered => {
                self.failed_by_event.remove(key);
            }
            _ => {}
        }
        Some(Alert {
            key: id,
            connection: Some(self.connection()),
            kind,
            pipeline: key.to_string(),
            stage: e.stage.clone(),
            action: e.action.clone(),
            pipeline_execution_id: exec,
            detail: Some(format!(
                "from the event alone: account {account}'s pipeline state could not be read"
            )),
            link: None,
        })
    }

    fn listed(&mut self, started: Instant, result: Result<Vec<PipelineListItem>, AwsError>) {
        self.listing = false;
        let now = Instant::now();
        match result {
            Ok(items) => {
                self.tracker.success(&Call::List, started);
                self.throttle_failures = 0;
                self.list_failures = 0;
                self.listed_once = true;
                if self.listed_error {
                    self.listed_error = false;
                    self.emit(WatchEvent::Recovered {
                        connection: self.connection(),
                        pipeline: None,
                    });
                }
                if self.config.pipelines.is_none() {
                    self.list_due = Some(after(now, self.config.policy.list_every));
                    let names = items
                        .into_iter()
                        .map(|p| {
                            let parallel = p.execution_mode.as_deref() == Some("PARALLEL");
                            (p.name, Some(parallel))
                        })
                        .collect();
                    self.follow(names);
                }
            }
            Err(e) => {
                self.tracker.failure(&Call::List, &e, now);
                let wait = match &e {
                    AwsError::Throttled { retry_after, .. } => self.throttled(*retry_after),
                    _ => {
                        self.list_failures = self.list_failures.saturating_add(1);
                        self.config
                            .policy
                            .backoff(self.list_failures, fastrand::f64(), None)
                    }
                };
                if self.list_due.is_some() {
                    self.list_due = Some(after(now, wait));
                }
                if !matches!(e, AwsError::Throttled { .. }) && !self.listed_error {
                    self.listed_error = true;
                    self.emit(WatchEvent::Error {
                        connection: self.connection(),
                        pipeline: None,
                        message: e.to_string(),
                        retry_in_ms: wait.as_millis() as u64,
                    });
                }
            }
        }
    }

    fn polled(&mut self, name: String, started: Instant, result: Observed) {
        let now = Instant::now();
        let policy = self.config.policy.clone();
        let followed = self.trackers.len();
        if let Some(t) = self.trackers.get_mut(&name) {
            t.polling = false;
        } else {
            // No longer followed.
            return;
        }
        let call = Call::Pipeline(name.clone());
        let first_look = !self.shared.settled.load(Ordering::SeqCst)
            && self.trackers.get(&name).is_some_and(|t| !t.seen);
        if !matches!(result, Err(AwsError::Throttled { .. })) {
            if let Some(t) = self.trackers.get_mut(&name) {
                t.seen = true;
            }
        }
        match result {
            Ok((snap, parallel)) => {
                self.tracker.success(&call, started);
                self.throttle_failures = 0;
                // Confirmed by its state: its events need not be alerted alone; a member
                // account read again may be said refused again later.
                self.unconfirmed.remove(&name);
                if let Some(m) = self.trackers.get(&name).and_then(|t| t.member.as_ref()) {
                    self.refused.remove(&m.account);
                }
                let mut alerts = self.decide(&snap);
                if first_look && self.config.summarize_start {
                    // Already so when the watcher started: said once, in the summary.
                    self.standing.append(&mut alerts);
                }
                let recovered = {
                    let Some(t) = self.trackers.get_mut(&name) else {
                        return;
                    };
                    t.parallel = Some(parallel);
                    t.failures = 0;
                    t.active = snap.is_active();
                    t.next_due = if std::mem::take(&mut t.again) {
                        now
                    } else {
                        after(
                            now,
                            policy.interval_among(t.active, followed, fastrand::f64()),
                        )
                    };
                    std::mem::replace(&mut t.in_error, false)
                };
                if recovered {
                    self.emit(WatchEvent::Recovered {
                        connection: self.connection(),
                        pipeline: Some(name.clone()),
                    });
                }
                for mut alert in alerts {
                    alert.connection = Some(self.connection());
                    if (alert.kind == AlertKind::ApprovalWaiting && alert.detail.is_none())
                        || alert.kind == AlertKind::ActionFailed
                    {
                        self.start_enrich(alert);
                    } else {
                        self.emit(WatchEvent::Alert {
                            connection: self.connection(),
                            alert,
                        });
                    }
                }
                let mut health = snap.health();
                health.connection = Some(self.connection());
                let changed = self.shared.health.send_if_modified(|h| {
                    if h.get(&name) == Some(&health) {
                        return false;
                    }
                    h.insert(name.clone(), health.clone());
                    true
                });
                if changed {
                    self.emit(WatchEvent::Health {
                        connection: self.connection(),
                        health,
                    });
                    self.publish_health();
                }
            }
            Err(AwsError::Throttled { code, retry_after }) => {
                self.tracker
                    .failure(&call, &AwsError::Throttled { code, retry_after }, now);
                let wait = self.throttled(retry_after);
                if let Some(t) = self.trackers.get_mut(&name) {
                    t.next_due = after(now, wait);
                }
            }
            Err(AwsError::PipelineNotFound(_)) if self.config.pipelines.is_none() => {
                // Deleted: stop following it until the next listing says otherwise.
                self.trackers.remove(&name);
                self.forget(&name);
                self.publish_health();
                self.emit(WatchEvent::Pipelines {
                    connection: self.connection(),
                    pipelines: self.trackers.keys().cloned().collect(),
                });
            }
            Err(e) => {
                self.tracker.failure(&call, &e, now);
                let Some(t) = self.trackers.get_mut(&name) else {
                    return;
                };
                t.failures = t.failures.saturating_add(1);
                let wait = policy.backoff(t.failures, fastrand::f64(), None);
                t.next_due = after(now, wait);
                if !std::mem::replace(&mut t.in_error, true) {
                    let event = WatchEvent::Error {
                        connection: self.connection(),
                        pipeline: Some(name),
                        message: e.to_string(),
                        retry_in_ms: wait.as_millis() as u64,
                    };
                    self.emit(event);
                }
            }
        }
    }

    /// Once every followed pipeline was looked at: the start is over, and what its first look
    /// found is said as one summary (with [`WatchConfig::summarize_start`]).
    fn settle(&mut self) {
        if self.shared.settled.load(Ordering::SeqCst)
            || !self.listed_once
            || self.trackers.values().any(|t| !t.seen)
        {
            return;
        }
        self.shared.settled.store(true, Ordering::SeqCst);
        let standing = std::mem::take(&mut self.standing);
        if let Some(alert) =
            Alert::needs_attention(&self.config.connection, &standing, self.shared.started_ms)
        {
            self.emit(WatchEvent::Alert {
                connection: self.connection(),
                alert,
            });
        }
    }

    fn done(&mut self, done: Done) {
        match done {
            Done::Listed { started, result } => self.listed(started, result),
            Done::Polled {
                name,
                started,
                result,
            } => self.polled(name, started, result),
            Done::Enriched(alert) => self.emit(WatchEvent::Alert {
                connection: self.connection(),
                alert,
            }),
            Done::Identity(result) => {
                self.own = match result {
                    Ok(account) => Own::Known(account),
                    Err(_) => Own::Unavailable,
                };
                for event in std::mem::take(&mut self.waiting) {
                    self.on_event(event);
                }
            }
            Done::Refused { key, error } => self.refused(key, error),
        }
        self.settle();
    }

    fn command(&mut self, cmd: Command) {
        let now = Instant::now();
        match cmd {
            Command::Refresh(None) => {
                self.trackers.values_mut().for_each(|t| t.next_due = now);
                // Not watched: a refresh (e.g. after signing in) tries the listing now too.
                if !self.tracker.state().watching {
                    if self.list_due.is_some() {
                        self.list_due = Some(now);
                    }
                    self.throttle_until = None;
                }
            }
            Command::Refresh(Some(p)) => match self.trackers.get_mut(&p) {
                Some(t) => {
                    t.next_due = now;
                    t.again = t.polling;
                }
                // A pipeline the watcher does not know yet (just created): list again.
                None if self.config.pipelines.is_none() && !self.listing => {
                    self.list_due = Some(now);
                }
                None => {}
            },
            Command::SetPolicy(policy) => {
                self.config.policy = policy;
                // What was scheduled under the old policy is looked at again under the new one.
                self.trackers.values_mut().for_each(|t| {
                    t.next_due = t.next_due.min(after(now, self.config.policy.idle));
                });
                if let Some(due) = self.list_due {
                    self.list_due = Some(due.min(after(now, self.config.policy.list_every)));
                }
            }
            Command::Event(event) => self.on_event(*event),
            Command::SetApi(api) => {
                *self.shared.api.lock().unwrap_or_else(|p| p.into_inner()) = (*api).clone();
                self.api = *api;
                // New credentials: the member roles are assumed with them from now on.
                self.members = None;
                self.command(Command::Refresh(None));
            }
            Command::SetPipelines(list) => {
                self.config.pipelines = list.clone();
                match list {
                    Some(list) => {
                        self.list_due = None;
                        self.follow(list.into_iter().map(|n| (n, None)).collect());
                    }
                    None => self.list_due = Some(now),
                }
            }
        }
    }

    /// Starts the calls that are due, as long as fewer than `concurrency` are in flight.
    fn start_due(&mut self, now: Instant) {
        if self.throttle_until.is_some_and(|until| now < until) {
            return;
        }
        self.throttle_until = None;
        let limit = self.config.policy.concurrency.max(1);
        if !self.listing && self.list_due.is_some_and(|d| d <= now) && self.jobs.len() < limit {
            self.start_list();
        }
        let due: Vec<(String, Option<bool>)> = self
            .trackers
            .iter()
            .filter(|(_, t)| !t.polling && t.next_due <= now)
            .map(|(n, t)| (n.clone(), t.parallel))
            .collect();
        for (name, parallel) in due {
            if self.jobs.len() >= limit {
                break;
            }
            self.start_poll(name, parallel);
        }
    }

    /// When to look again: the next due call, the end of a throttle, and at least every
    /// `active` interval or 30 s (to notice a suspend and a throttle that lasts).
    fn next_wake(&self, now: Instant) -> Instant {
        let policy = &self.config.policy;
        let due = self
            .trackers
            .values()
            .filter(|t| !t.polling)
            .map(|t| t.next_due)
            .chain(self.list_due.filter(|_| !self.listing))
            .min();
        let due = match self.throttle_until {
            Some(until) => due.map(|d| d.max(until)).or(Some(until)),
            None => due,
        };
        // Waking costs no call; it is how a suspend is noticed, even with a slow policy.
        let cap = after(now, policy.active.min(Duration::from_secs(30)));
        due.map_or(cap, |d| d.min(cap)).max(now)
    }

    async fn run(mut self) -> Ended {
        let commands = self.shared.commands.clone();
        let mut commands = commands.lock_owned().await;
        match self.config.pipelines.clone() {
            Some(list) => {
                self.list_due = None;
                self.listed_once = true;
                self.follow(list.into_iter().map(|n| (n, None)).collect());
            }
            None => self.list_due = Some(Instant::now()),
        }
        self.shared
            .connection
            .send_replace(self.tracker.state().clone());
        let mut last = (Instant::now(), SystemTime::now());
        loop {
            // Woke from sleep (or the network came back after a suspend): poll everything now.
            let now = (Instant::now(), SystemTime::now());
            let wall = now.1.duration_since(last.1).unwrap_or_default();
            if woke_from_sleep(now.0 - last.0, wall, self.config.policy.sleep_gap) {
                self.trackers.values_mut().for_each(|t| t.next_due = now.0);
                self.throttle_until = None;
                if self.list_due.is_some() {
                    self.list_due = Some(now.0);
                }
                self.emit(WatchEvent::Resumed {
                    connection: self.connection(),
                });
            }
            last = now;

            let now = Instant::now();
            self.start_due(now);
            self.evaluate();
            let wake = self.next_wake(now);
            tokio::select! {
                Some(done) = self.jobs.next(), if !self.jobs.is_empty() => {
                    self.done(done);
                    self.evaluate();
                }
                _ = tokio::time::sleep_until(wake) => {}
                cmd = commands.recv() => match cmd {
                    Some(c) => self.command(c),
                    None => return Ended::Stopped,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    #[test]
    fn a_failure_detail_names_the_first_failed_test() {
        let w: why::Why = serde_json::from_value(json!({
            "pipeline": "data-jobs", "pipelineExecutionId": "e1", "status": "Failed",
            "statusSummary": null, "headline": "FAILED tests/test_etl.py::test_dedupe_orders",
            "revisions": [{ "actionName": "Source", "provider": "CodeCommit",
                "revisionId": "3f9c2a1e0b7d", "message": "Dedupe by id", "author": "Ana",
                "authorEmail": null, "url": null }],
            "failed": { "stage": "Build", "action": "Compile", "category": "Build",
                "provider": "CodeBuild", "actionExecutionId": "a1", "startTime": null,
                "lastUpdateTime": null, "externalExecutionId": "b:1", "summary": null,
                "error": null, "consoleUrl": "https://example.com",
                "cause": { "service": "codeBuild", "buildId": "b:1", "buildStatus": "FAILED",
                    "failedPhase": null, "log": null,
                    "tests": { "reports": [], "more": false, "failed": [
                        { "report": "r", "prefix": "tests.test_etl", "name": "test_dedupe_orders",
                          "status": "FAILED", "message": null }] } } },
            "notes": [], "consoleUrl": "https://example.com",
        }))
        .unwrap();
        assert_eq!(
            failure_detail(&w, Some("Build terminated with state: FAILED")),
            "FAILED tests/test_etl.py::test_dedupe_orders\nBuild terminated with state: FAILED\n\
             First failed test: tests.test_etl.test_dedupe_orders\n3f9c2a1 by Ana: Dedupe by id"
        );
    }

    #[test]
    fn an_approval_detail_has_its_custom_data_shortened_and_the_waiting_revision() {
        use pipewright_aws::control::ActionExecutionDetail;
        let source = ActionExecutionDetail {
            stage_name: "Source".into(),
            action_name: "Source".into(),
            category: Some("Source".into()),
            external_execution_id: Some("3f9c2a1e0b7d8a6c5e4f3a2b1c0d9e8f7a6b5c4d".into()),
            summary: Some("Bump react-dates\n\nand its peers".into()),
            ..ActionExecutionDetail::default()
        };
        let long = format!(
            "Check the staging site,\n then approve. {}",
            "x".repeat(300)
        );
        let d = approval_detail(Some(&long), std::slice::from_ref(&source));
        let (data, revision) = d.split_once('\n').unwrap();
        assert!(
            data.starts_with("Check the staging site, then approve. xxx"),
            "{data}"
        );
        assert_eq!(data.chars().count(), CUSTOM_DATA_SHOWN);
        assert!(data.ends_with('…'));
        assert_eq!(revision, "Revision 3f9c2a1: Bump react-dates");
        let connection = ActionExecutionDetail {
            summary: Some(r#"{"ProviderType":"GitHub","CommitMessage":"Fix it"}"#.into()),
            output_variables: [("CommitId".to_string(), "abcdef1234".to_string())].into(),
            ..source.clone()
        };
        assert_eq!(
            approval_detail(Some("Short."), &[connection]),
            "Short.\nRevision abcdef1: Fix it"
        );
        assert_eq!(approval_detail(None, &[]), "");
        assert_eq!(approval_detail(Some("  "), &[]), "");
    }

    use aws_sdk_codepipeline::Client;
    use pipewright_aws::mock::{self, mock, MockResponse, Rule, RuleMode};
    use serde_json::{json, Value};

    use super::*;

    /// Pipelines in memory behind a mocked SDK client (the service's own JSON); `fail_next`
    /// answers the next `GetPipelineState` calls with HTTP 503.
    #[derive(Clone, Default)]
    struct Fake {
        states: Arc<Mutex<HashMap<String, Value>>>,
        calls: Arc<Mutex<Vec<(String, String)>>>,
        fail_next: Arc<Mutex<u32>>,
    }

    impl Fake {
        fn count(&self, op: &str, pipeline: &str) -> usize {
            self.calls
                .lock()
                .unwrap()
                .iter()
                .filter(|(o, p)| o == op && p == pipeline)
                .count()
        }

        fn log(&self, op: &str, pipeline: &str) {
            self.calls
                .lock()
                .unwrap()
                .push((op.to_string(), pipeline.to_string()));
        }

        fn insert(&self, name: &str, state: Value) {
            self.states.lock().unwrap().insert(name.into(), state);
        }

        fn api(&self) -> CodePipeline {
            let f = self.clone();
            let list = mock!(Client::list_pipelines).then_compute_response(move |_| {
                f.log("ListPipelines", "");
                let mut names: Vec<String> = f.states.lock().unwrap().keys().cloned().collect();
                names.sort();
                let rows: Vec<Value> = names.iter().map(|n| json!({"name": n})).collect();
                MockResponse::Http(mock::json(200, json!({"pipelines": rows})))
            });
            let f = self.clone();
            let summary = mock!(Client::get_pipeline).then_compute_response(move |req| {
                let name = req.name().unwrap_or_default();
                f.log("GetPipeline", name);
                let decl = json!({"name": name, "roleArn": "arn:aws:iam::1:role/r", "stages": []});
                MockResponse::Http(mock::json(200, json!({"pipeline": decl})))
            });
            let f = self.clone();
            let state = mock!(Client::get_pipeline_state).then_compute_response(move |req| {
                let name = req.name().unwrap_or_default();
                f.log("GetPipelineState", name);
                {
                    let mut fail = f.fail_next.lock().unwrap();
                    if *fail > 0 {
                        *fail -= 1;
                        return MockResponse::Http(mock::error(
                            503,
                            "ServiceUnavailableException",
                            "connection refused",
                        ));
                    }
                }
                match f.states.lock().unwrap().get(name) {
                    Some(s) => MockResponse::Http(mock::json(200, s.clone())),
                    None => MockResponse::Http(mock::error(
                        400,
                        "PipelineNotFoundException",
                        "no such pipeline",
                    )),
                }
            });
            let executions = mock!(Client::list_pipeline_executions)
                .then_http_response(|| mock::json(200, json!({"pipelineExecutionSummaries": []})));
            let f = self.clone();
            let actions = mock!(Client::list_action_executions).then_compute_response(move |req| {
                f.log(
                    "ListActionExecutions",
                    req.pipeline_name().unwrap_or_default(),
                );
                MockResponse::Http(mock::json(200, json!({"actionExecutionDetails": []})))
            });
            let rules: [&Rule; 5] = [&list, &summary, &state, &executions, &actions];
            mock::codepipeline(RuleMode::MatchAny, &rules)
        }
    }

    /// `GetPipelineState` of a one-stage pipeline whose approval runs (with a token if `waiting`).
    fn state(name: &str, status: &str, waiting: bool) -> Value {
        let mut run = json!({"actionExecutionId": "a1", "status": status});
        if waiting {
            run["token"] = json!("tok");
        }
        json!({
            "pipelineName": name,
            "stageStates": [{
                "stageName": "Review",
                "latestExecution": {"pipelineExecutionId": "e1", "status": status},
                "actionStates": [{"actionName": "Approve", "latestExecution": run}]
            }]
        })
    }

    fn drain(rx: &mut broadcast::Receiver<WatchEvent>) -> Vec<WatchEvent> {
        let mut out = Vec::new();
        while let Ok(ev) = rx.try_recv() {
            out.push(ev);
        }
        out
    }

    #[tokio::test(start_paused = true)]
    async fn idle_pipelines_are_polled_once_a_minute_and_busy_ones_every_5_seconds() {
        let fake = Fake::default();
        fake.insert("idle", state("idle", "Succeeded", false));
        fake.insert("busy", state("busy", "InProgress", false));
        let (watcher, _events) = Watcher::spawn(fake.api(), WatchConfig::all("test"));
        tokio::time::sleep(Duration::from_secs(600) + Duration::from_millis(100)).await;
        let idle = fake.count("GetPipelineState", "idle");
        let busy = fake.count("GetPipelineState", "busy");
        assert!(
            (10..=11).contains(&idle),
            "idle polled {idle} times in 10 minutes"
        );
        assert!(
            (119..=121).contains(&busy),
            "busy polled {busy} times in 10 minutes"
        );
        assert_eq!(
            fake.count("ListPipelines", ""),
            1,
            "listed once in 10 minutes"
        );
        // The mode came from ListPipelines: no GetPipeline per pipeline.
        assert_eq!(fake.count("GetPipeline", "idle"), 0);

        // It finishes: back to the idle interval.
        fake.insert("busy", state("busy", "Succeeded", false));
        tokio::time::sleep(Duration::from_secs(10)).await;
        let before = fake.count("GetPipelineState", "busy");
        tokio::time::sleep(Duration::from_secs(120)).await;
        let after = fake.count("GetPipelineState", "busy");
        assert!((2..=3).contains(&(after - before)), "{}", after - before);
        watcher.shutdown().await;
    }

    #[tokio::test(start_paused = true)]
    async fn network_loss_backs_off_reports_once_and_does_not_repeat_alerts() {
        let fake = Fake::default();
        fake.insert("web", state("web", "InProgress", true));
        let config = WatchConfig {
            connection: "test".into(),
            pipelines: Some(vec!["web".into()]),
            policy: PollPolicy::default(),
            ..WatchConfig::all("test")
        };
        let (watcher, mut events) = Watcher::spawn(fake.api(), config);
        tokio::time::sleep(Duration::from_secs(1)).await;
        let first = drain(&mut events);
        let alerts = first
            .iter()
            .filter(|e| matches!(e, WatchEvent::Alert { .. }))
            .count();
        assert_eq!(alerts, 1, "{first:?}");
        assert_eq!(watcher.badge().borrow().waiting_approvals, 1);

        // The network goes away for 6 calls: backoff 2, 4, 8, 16, 32, 64 s (with jitter).
        *fake.fail_next.lock().unwrap() = 6;
        let polls_before = fake.count("GetPipelineState", "web");
        tokio::time::sleep(Duration::from_secs(60)).await;
        let during = fake.count("GetPipelineState", "web") - polls_before;
        assert!(
            during <= 6,
            "{during} polls in a minute while failing: not backing off"
        );
        tokio::time::sleep(Duration::from_secs(300)).await;
        let events = drain(&mut events);
        let errors = events
            .iter()
            .filter(|e| matches!(e, WatchEvent::Error { .. }))
            .count();
        let recovered = events
            .iter()
            .filter(|e| matches!(e, WatchEvent::Recovered { .. }))
            .count();
        let alerts = events
            .iter()
            .filter(|e| matches!(e, WatchEvent::Alert { alert, .. } if !alert.kind.is_about_connection()))
            .count();
        assert_eq!((errors, recovered, alerts), (1, 1, 0), "{events:?}");
        // Its only pipeline failing, the connection was not watched meanwhile: said once, and
        // its return once.
        let about: Vec<AlertKind> = events
            .iter()
            .filter_map(|e| match e {
                WatchEvent::Alert { alert, .. } if alert.kind.is_about_connection() => {
                    Some(alert.kind)
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            about,
            vec![AlertKind::WatchStopped, AlertKind::WatchResumed],
            "{events:?}"
        );
        // The same approval still waits; the badge still counts it.
        assert_eq!(watcher.badge().borrow().waiting_approvals, 1);
        watcher.shutdown().await;
    }
}
