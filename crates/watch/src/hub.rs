//! Several connections at once: one [`Watcher`] per connection, their events merged on one
//! channel and one badge over all of them. What the app holds.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use pipewright_aws::{Aws, CodePipeline};
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

use crate::badge::BadgeState;
use crate::feed::FeedConfig;
use crate::health::ConnectionHealth;
use crate::observe::PipelineHealth;
use crate::watcher::{WatchConfig, WatchEvent, Watcher};

struct Entry {
    watcher: Watcher,
    forward: JoinHandle<()>,
    /// Reads the connection's queue of CodePipeline events, when it watches by events.
    feed: Option<JoinHandle<()>>,
}

impl Entry {
    async fn stop(self) {
        self.forward.abort();
        if let Some(feed) = self.feed {
            feed.abort();
        }
        self.watcher.shutdown().await;
    }
}

#[derive(Default)]
struct Inner {
    entries: BTreeMap<String, Entry>,
}

/// The watchers of the chosen connections.
#[derive(Clone)]
pub struct WatchHub {
    inner: Arc<Mutex<Inner>>,
    events: broadcast::Sender<WatchEvent>,
    badge: watch::Sender<BadgeState>,
    health: watch::Sender<Vec<PipelineHealth>>,
}

impl WatchHub {
    /// An empty hub and a receiver of every connection's events.
    pub fn new() -> (Self, broadcast::Receiver<WatchEvent>) {
        let (events, first) = broadcast::channel(4096);
        let hub = WatchHub {
            inner: Arc::new(Mutex::new(Inner::default())),
            events,
            badge: watch::channel(BadgeState::default()).0,
            health: watch::channel(Vec::new()).0,
        };
        (hub, first)
    }

    /// Another receiver of events.
    pub fn subscribe(&self) -> broadcast::Receiver<WatchEvent> {
        self.events.subscribe()
    }

    /// One badge over every connection.
    pub fn badge(&self) -> watch::Receiver<BadgeState> {
        self.badge.subscribe()
    }

    /// Every followed pipeline's health, all connections (for the cctray feed).
    pub fn health(&self) -> watch::Receiver<Vec<PipelineHealth>> {
        self.health.subscribe()
    }

    /// Starts watching a connection (`config.connection` names it; a watcher already running
    /// under that name is replaced).
    pub fn add(&self, api: CodePipeline, config: WatchConfig) {
        self.add_fed(api, config, None);
    }

    /// The same, learning of changes from CodePipeline's events through `feed`'s queue (read
    /// with `aws`) while it answers ([`crate::feed`]); polling otherwise.
    pub fn add_fed(&self, api: CodePipeline, config: WatchConfig, feed: Option<(Aws, FeedConfig)>) {
        let name = config.connection.clone();
        let polling = config.policy.clone();
        let (watcher, mut rx) = Watcher::spawn(api, config);
        let feed = feed.map(|(aws, feed)| {
            crate::feed::spawn(aws, watcher.poke(), FeedConfig { polling, ..feed })
        });
        let hub = self.clone();
        let forward = tokio::spawn(async move {
            loop {
                match rx.recv().await {
                    Ok(ev) => {
                        let health_changed = matches!(
                            ev,
                            WatchEvent::Health { .. }
                                | WatchEvent::Pipelines { .. }
                                | WatchEvent::Connection { .. }
                        );
                        let _ = hub.events.send(ev);
                        if health_changed {
                            hub.recompute();
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => hub.recompute(),
                    Err(broadcast::error::RecvError::Closed) => break,
                }
            }
        });
        let old = self.inner.lock().ok().and_then(|mut inner| {
            inner.entries.insert(
                name,
                Entry {
                    watcher,
                    forward,
                    feed,
                },
            )
        });
        if let Some(old) = old {
            tokio::spawn(old.stop());
        }
    }

    /// Goes on watching a connection with a new client (it signed in again): its watcher keeps
    /// what it knows and says when watching resumed. False when the connection is not watched.
    pub fn set_api(&self, connection: &str, api: CodePipeline) -> bool {
        let Ok(inner) = self.inner.lock() else {
            return false;
        };
        match inner.entries.get(connection) {
            Some(e) => {
                e.watcher.set_api(api);
                true
            }
            None => false,
        }
    }

    /// Stops watching a connection.
    pub async fn remove(&self, connection: &str) {
        let entry = self
            .inner
            .lock()
            .ok()
            .and_then(|mut inner| inner.entries.remove(connection));
        if let Some(e) = entry {
            e.stop().await;
        }
        self.recompute();
    }

    /// The connections watched.
    pub fn connections(&self) -> Vec<String> {
        self.inner
            .lock()
            .map(|i| i.entries.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Poll now: one connection's pipeline, one connection, or everything.
    pub fn refresh(&self, connection: Option<&str>, pipeline: Option<&str>) {
        if let Ok(inner) = self.inner.lock() {
            for (name, e) in &inner.entries {
                if connection.is_none_or(|c| c == name) {
                    e.watcher.refresh(pipeline);
                }
            }
        }
    }

    /// Whether each watched connection is watched at all, by name.
    pub fn connection_health(&self) -> Vec<ConnectionHealth> {
        self.inner
            .lock()
            .map(|i| {
                i.entries
                    .values()
                    .map(|e| e.watcher.connection_health().borrow().clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn recompute(&self) {
        let all: Vec<PipelineHealth> = self
            .inner
            .lock()
            .map(|i| {
                i.entries
                    .values()
                    .flat_map(|e| {
                        e.watcher
                            .health()
                            .borrow()
                            .values()
                            .cloned()
                            .collect::<Vec<_>>()
                    })
                    .collect()
            })
            .unwrap_or_default();
        let connections = self.connection_health();
        let badge = BadgeState::from_parts(all.iter(), connections.iter());
        self.badge.send_if_modified(|b| {
            let changed = *b != badge;
            *b = badge;
            changed
        });
        self.health.send_replace(all);
    }
}
