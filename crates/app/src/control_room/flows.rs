//! The control room in motion: what happens when the app starts, when the active connection
//! changes, when the control room is opened, when the watched connections change, and when a
//! notification (or the tray) asks to open a pipeline. It forwards the watchers' alerts to
//! desktop notifications (a connection that stops being watched, and its return, included),
//! their health, errors, throttling and recoveries and the badge to the UI, and notification
//! clicks to [`ControlFlows::open_pipeline`] ("Sign in again" to the UI's sign-in of the
//! connection, [`ControlFlows::request_sign_in`]: the SSO device flow, [`ControlFlows::sign_in`],
//! or a new MFA code, [`ControlFlows::sign_in_mfa`], both run here). Everything it tells the UI
//! goes through the [`Shell`](crate::events::Shell), so it runs and is tested without a window.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use pipewright_connections::ActiveConnection;
use pipewright_watch::{NotificationActionKind, WatchEvent};
use tokio::runtime::Handle;
use tokio::sync::broadcast;
use tokio::task::JoinHandle;

use super::ControlRoom;
use crate::connections::ConnectionsState;
use crate::error::Result;
use crate::events::{
    self, ActiveConnectionEvent, ControlChangedEvent, ControlOpenEvent, Shell, SignInRequestEvent,
};
use crate::sign_in::{ConnectionSession, SignInWaiting, SignIns};

/// The control room, the connections and the shell, together (cheap to clone).
#[derive(Clone)]
pub struct ControlFlows {
    room: ControlRoom,
    conns: ConnectionsState,
    shell: Arc<dyn Shell>,
    runtime: Handle,
    sign_ins: SignIns,
}

impl ControlFlows {
    /// Flows over `room` and `conns` that talk to the UI through `shell` and run their background
    /// work on `runtime`.
    pub fn new(
        room: ControlRoom,
        conns: ConnectionsState,
        shell: Arc<dyn Shell>,
        runtime: Handle,
    ) -> Self {
        ControlFlows {
            room,
            conns,
            shell,
            runtime,
            sign_ins: SignIns::default(),
        }
    }

    pub fn room(&self) -> &ControlRoom {
        &self.room
    }

    pub fn connections(&self) -> &ConnectionsState {
        &self.conns
    }

    fn changed(&self, pipeline: Option<String>) {
        events::emit(self.shell.as_ref(), &ControlChangedEvent { pipeline });
    }

    fn announce(&self, active: Option<ActiveConnection>) {
        events::emit(self.shell.as_ref(), &ActiveConnectionEvent { active });
    }

    /// Starts the forwarders (the watchers' alerts to notifications, their health to
    /// `control-changed`, the badge to `control-badge`, notification clicks to
    /// [`Self::open_pipeline`]), then, in the returned task, restores the active connection of
    /// the last session and starts the watchers of the watched connections. Nothing else starts:
    /// no sandbox unless it is watched. Errors are shown in the control room's banner.
    pub fn spawn(&self) -> JoinHandle<()> {
        // Notification clicks open the pipeline, on its connection.
        if let Some(mut clicks) = self.room.take_clicks() {
            let flows = self.clone();
            self.runtime.spawn(async move {
                while let Some(click) = clicks.recv().await {
                    match (&click.kind, &click.connection) {
                        // "Sign in again": the window shows the connection's sign-in.
                        (NotificationActionKind::SignIn, Some(connection)) => {
                            flows.request_sign_in(connection).await;
                        }
                        _ => flows.open_pipeline(click.into()).await,
                    }
                }
            });
        }
        // Alerts become notifications (once each); the active connection's changes refresh the
        // views.
        let flows = self.clone();
        self.runtime.spawn(async move {
            let room = &flows.room;
            let Some(mut events) = room.take_events().await else {
                return;
            };
            loop {
                match events.recv().await {
                    Ok(WatchEvent::Alert { connection, alert }) => {
                        if room.first_time(&connection, &alert) {
                            if let Err(e) = room.notifier().deliver(&alert).await {
                                tracing::warn!("notification not shown: {e}");
                            }
                        }
                    }
                    Ok(WatchEvent::Health { connection, health })
                        if room.is_active(&connection) =>
                    {
                        flows.changed(Some(health.pipeline));
                    }
                    Ok(WatchEvent::Pipelines { connection, .. }) if room.is_active(&connection) => {
                        flows.changed(None);
                    }
                    // Whether a connection is watched at all changed, or its watcher restarted:
                    // the control room shows it on the connection (and the badge follows).
                    Ok(WatchEvent::Connection { .. } | WatchEvent::Restarted { .. }) => {
                        flows.changed(None);
                    }
                    // A pipeline of the active connection cannot be read, or can again.
                    Ok(
                        WatchEvent::Error {
                            connection,
                            pipeline,
                            ..
                        }
                        | WatchEvent::Recovered {
                            connection,
                            pipeline,
                        },
                    ) if room.is_active(&connection) => {
                        flows.changed(pipeline);
                    }
                    Ok(WatchEvent::Feed {
                        connection,
                        events,
                        reason,
                    }) => {
                        room.feed_said(&connection, events, reason);
                        flows.changed(None);
                    }
                    Ok(WatchEvent::Throttled { connection, .. }) if room.is_active(&connection) => {
                        flows.changed(None);
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => flows.changed(None),
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Closed) => break,
                }
            }
        });
        // The badge drives the UI's counters.
        let flows = self.clone();
        self.runtime.spawn(async move {
            let mut badge = flows.room.badge();
            loop {
                let value = badge.borrow_and_update().clone();
                events::emit(flows.shell.as_ref(), &value);
                if badge.changed().await.is_err() {
                    break;
                }
            }
        });
        let flows = self.clone();
        self.runtime.spawn(async move { flows.start().await })
    }

    /// App start: the last session's connection, and the watchers of the watched connections.
    async fn start(&self) {
        let before = self.conns.active().await;
        if self.room.restore(&self.conns).await.is_some() {
            self.connect_and_announce(before, false).await;
        }
        self.rewatch_now(None).await;
    }

    /// The active connection changed (or was edited, or removed): connect the control room to
    /// it and watch it.
    pub async fn follow_active(&self, active: Option<ActiveConnection>) {
        let current = self.room.connection();
        match &active {
            Some(a) => {
                let same = current.as_ref().is_some_and(|c| {
                    c.id == a.id && c.region == a.region && c.endpoint_url == a.endpoint_url
                });
                if !same {
                    self.connect_and_announce(active.clone(), false).await;
                }
            }
            None if self.room.is_opened() => {
                // The active connection was removed while the control room is in use: back to
                // the local sandbox.
                self.connect_and_announce(None, false).await;
            }
            None => {
                if current.is_some() {
                    self.room.disconnect();
                    self.changed(None);
                }
            }
        }
        self.rewatch_now(None).await;
    }

    /// Connects (or opens) the control room; says so to the title bar when the active
    /// connection is now another one than `before` (the sandbox became active), and to the
    /// views.
    async fn connect_and_announce(
        &self,
        before: Option<ActiveConnection>,
        open: bool,
    ) -> Option<ActiveConnection> {
        let connected = if open {
            self.room.open(&self.conns).await
        } else {
            self.room.connect(&self.conns).await
        };
        let result = match connected {
            Ok(active) => {
                if before.as_ref() != Some(&active) {
                    self.announce(Some(active.clone()));
                }
                Some(active)
            }
            Err(e) => {
                tracing::warn!("the control room could not connect: {e}");
                None
            }
        };
        self.changed(None);
        result
    }

    async fn rewatch_now(&self, restart: Option<&str>) {
        // The active connection itself changed (new credentials, renamed, moved): reconnect.
        let active_id = self.room.connection().and_then(|c| c.id);
        if restart.is_some() && active_id.as_deref() == restart {
            let before = self.room.connection();
            self.connect_and_announce(before, false).await;
        }
        match self.room.reconcile(&self.conns, restart).await {
            Ok(true) => self.changed(None),
            Ok(false) => {}
            Err(e) => tracing::warn!("the watchers could not follow the connections: {e}"),
        }
    }

    /// The control room is on screen (or a sync needs a connection): connect it, starting the
    /// local sandbox when no connection is active, and watch what is now active.
    pub async fn open_room(&self) {
        if self.room.connection().is_some() {
            self.room.inner.opened.store(true, Ordering::SeqCst);
            return;
        }
        let before = self.conns.active().await;
        if self.connect_and_announce(before, true).await.is_some() {
            self.rewatch_now(None).await;
        }
    }

    /// The watched connections may have changed (settings saved; a connection added, edited,
    /// given new credentials or removed): start and stop watchers to match, in the background.
    /// `restart`: a connection id whose watcher must start again (new credentials).
    pub fn rewatch(&self, restart: Option<String>) {
        let flows = self.clone();
        self.runtime
            .spawn(async move { flows.rewatch_now(restart.as_deref()).await });
    }

    /// Starts the SSO sign-in of a saved connection (its id or name): see
    /// [`crate::sign_in::SignIns::start`]. Its watcher polls again once signed in.
    pub async fn sign_in(&self, id_or_name: &str) -> Result<SignInWaiting> {
        self.sign_ins
            .start(
                &self.conns,
                &self.room,
                self.shell.clone(),
                &self.runtime,
                id_or_name,
            )
            .await
    }

    /// "Sign in again" for a saved connection (its id or name): shows the window and asks the UI
    /// for the sign-in the connection needs (`sign-in-requested`): the SSO device flow, or a new
    /// code for a connection whose MFA session ended.
    pub async fn request_sign_in(&self, id_or_name: &str) {
        self.shell.show_main_window();
        let method = match crate::sign_in::method(&self.conns, id_or_name).await {
            Ok(method) => method,
            Err(e) => {
                tracing::warn!("no sign-in for {id_or_name}: {e}");
                return;
            }
        };
        events::emit(
            self.shell.as_ref(),
            &SignInRequestEvent {
                connection: id_or_name.to_string(),
                method,
            },
        );
    }

    /// Signs a saved connection (its id or name) with an MFA device in again with a new `code`:
    /// a new MFA session (see [`crate::sign_in::refresh_mfa`]), then its watcher starts again on
    /// it (and the connection reconnects, if it is the active one), so watching resumes.
    pub async fn sign_in_mfa(&self, id_or_name: &str, code: &str) -> Result<ConnectionSession> {
        let session = crate::sign_in::refresh_mfa(&self.conns, id_or_name, code).await?;
        self.rewatch_now(Some(&session.connection_id)).await;
        Ok(session)
    }

    /// Cancels the running sign-in of a saved connection (its id or name); false when none runs.
    pub async fn cancel_sign_in(&self, id_or_name: &str) -> Result<bool> {
        crate::sign_in::cancel(&self.sign_ins, &self.conns, self.shell.as_ref(), id_or_name).await
    }

    /// Opens a pipeline from a notification, the tray or the control room's "elsewhere" list:
    /// shows the window, makes the pipeline's connection the active one when it is another, then
    /// tells the UI (`control-open`).
    pub async fn open_pipeline(&self, event: ControlOpenEvent) {
        self.shell.show_main_window();
        if let Some(name) = event.connection.as_deref() {
            if !self.room.is_active(name) {
                let before = self.conns.active().await;
                match self.room.switch_to(&self.conns, name).await {
                    Ok(active) => {
                        if before.as_ref() != Some(&active) {
                            self.announce(Some(active));
                        }
                        self.rewatch_now(None).await;
                    }
                    Err(e) => tracing::warn!("could not switch to {name}: {e}"),
                }
                self.changed(None);
            }
        }
        events::emit(self.shell.as_ref(), &event);
    }
}
