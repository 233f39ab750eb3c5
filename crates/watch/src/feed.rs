//! The event feed: reads this reader's queue of CodePipeline state changes
//! ([`pipewright_aws::events`]) and pokes the [`Watcher`](crate::Watcher) to poll the pipeline
//! each event names. Events tell, state confirms: the watcher's poll and its deciders make the
//! alerts exactly as when polling, so an event and a poll of the same change alert once. An
//! event from another account (the organisation layout's central bus) is confirmed in that
//! account through its read-only role ([`Poke::event`]); the accounts whose events came are
//! noted on the queue for `pipewright events status`.
//!
//! While the queue answers, the watcher runs the slow [`PollPolicy::events`] sweep (which
//! catches a missed event); when the queue is gone, denied or unreachable, the feed puts the
//! polling policy back, says so ([`WatchEvent::Feed`] with the reason), and tries the queue again
//! every [`FeedConfig::retry`].

use std::time::{Duration, SystemTime};

use pipewright_aws::events::{self, Reader};
use pipewright_aws::{Aws, AwsError};
use tokio::task::JoinHandle;

use crate::schedule::PollPolicy;
use crate::watcher::{Poke, WatchEvent};

/// Which queue to read and what to go back to without it.
#[derive(Debug, Clone)]
pub struct FeedConfig {
    /// The connection's label (as in the watcher's events).
    pub connection: String,
    /// This reader's name (see [`events::reader_name`]): one per program per desktop.
    pub reader: String,
    /// The event bus of the rule (`None`: the default bus).
    pub bus: Option<String>,
    /// The policy without events (today's polling).
    pub polling: PollPolicy,
    /// How long to wait before trying a failed queue again.
    pub retry: Duration,
    /// How often to tag the queue as still read.
    pub heartbeat: Duration,
    /// The long poll of one receive, in seconds (at most 20).
    pub wait_seconds: i32,
}

impl FeedConfig {
    pub fn new(connection: impl Into<String>, reader: impl Into<String>) -> Self {
        Self {
            connection: connection.into(),
            reader: reader.into(),
            bus: None,
            polling: PollPolicy::default(),
            retry: Duration::from_secs(300),
            heartbeat: Duration::from_secs(3600),
            wait_seconds: events::WAIT_SECONDS,
        }
    }
}

/// Starts reading the queue on the current runtime; the task ends when the watcher stops.
pub fn spawn(aws: Aws, watcher: Poke, config: FeedConfig) -> JoinHandle<()> {
    tokio::spawn(run(aws, watcher, config))
}

async fn run(aws: Aws, watcher: Poke, config: FeedConfig) {
    let mut said: Option<(bool, Option<String>)> = None;
    let mut say = |watcher: &Poke, events: bool, reason: Option<String>| {
        let now = Some((events, reason.clone()));
        if said != now {
            said = now;
            watcher.say(WatchEvent::Feed {
                connection: config.connection.clone(),
                events,
                reason,
            });
        }
    };
    while !watcher.is_closed() {
        let reason = match events::find(&aws, &config.reader, config.bus.as_deref()).await {
            Ok(Some(reader)) => {
                watcher.set_policy(PollPolicy::events());
                say(&watcher, true, None);
                read(&aws, &watcher, &reader, &config).await
            }
            Ok(None) => format!(
                "events are not set up for this reader ({}{}): run `pipewright events setup`",
                events::PREFIX,
                config.reader
            ),
            Err(e) => e.to_string(),
        };
        if watcher.is_closed() {
            return;
        }
        watcher.set_policy(config.polling.clone());
        say(
            &watcher,
            false,
            Some(format!("polling instead of events: {reason}")),
        );
        tokio::time::sleep(config.retry).await;
    }
}

/// Reads until the queue fails (its error, as a sentence) or the watcher stops.
async fn read(aws: &Aws, watcher: &Poke, reader: &Reader, config: &FeedConfig) -> String {
    let mut beat = tokio::time::Instant::now();
    if let Err(e) = events::heartbeat(aws, reader, SystemTime::now()).await {
        return why(e, reader);
    }
    // The accounts whose events came (noted on the queue for `pipewright events status`).
    let mut accounts = std::collections::BTreeSet::new();
    while !watcher.is_closed() {
        match events::receive(aws, reader, config.wait_seconds).await {
            Ok(batch) => {
                let new: Vec<String> = batch
                    .iter()
                    .filter_map(|e| e.account.clone())
                    .filter(|a| accounts.insert(a.clone()))
                    .collect();
                for e in batch {
                    watcher.event(e);
                }
                // Best effort: listing them must not stop the reading.
                let _ = events::note_accounts(aws, reader, &new, SystemTime::now()).await;
            }
            Err(e) => return why(e, reader),
        }
        if beat.elapsed() >= config.heartbeat {
            beat = tokio::time::Instant::now();
            if let Err(e) = events::heartbeat(aws, reader, SystemTime::now()).await {
                return why(e, reader);
            }
            let seen: Vec<String> = accounts.iter().cloned().collect();
            let _ = events::note_accounts(aws, reader, &seen, SystemTime::now()).await;
        }
    }
    String::new()
}

/// The queue's error as a sentence; a queue that is gone says how to make it again.
fn why(e: AwsError, reader: &Reader) -> String {
    match &e {
        AwsError::Service { code, .. }
            if code.contains("NonExistentQueue") || code.contains("QueueDoesNotExist") =>
        {
            format!(
                "the queue {} is gone: run `pipewright events setup` (or Use events in the app) to make it again",
                reader.rule
            )
        }
        _ => e.to_string(),
    }
}

/// This desktop's reader name for `program` ("app", "cli"): user and host, so that each program
/// on each desktop has its own queue.
pub fn default_reader(program: &str) -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "desktop".into());
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "user".into());
    events::reader_name(&format!(
        "{}-{}-{program}",
        user.trim(),
        host.trim().split('.').next().unwrap_or("desktop")
    ))
}
