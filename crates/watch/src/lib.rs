//! Pipewright's control-room backend: the background watcher over the AWS port's
//! [`CodePipeline`](pipewright_aws::CodePipeline), the pure alert decisions, desktop
//! notifications with quiet hours and mutes, the tray badge state, and a loopback cctray feed.
//! Calls are counted, where wanted, by the port's [`CallCounter`](pipewright_aws::CallCounter).
//!
//! Everything that decides is pure and unit-tested ([`observe`], [`decide`], [`schedule`],
//! [`badge`], [`health`], [`cctray::render`], [`notify::spec_for`]); [`watcher`] (under its
//! [`supervisor`]) and [`notify::Notifier`] do the IO.

pub mod badge;
pub mod cctray;
pub mod decide;
pub mod error;
pub mod feed;
pub mod health;
pub mod hub;
pub mod notify;
pub mod observe;
pub mod schedule;
pub mod supervisor;
pub mod watcher;

pub use badge::{BadgeColour, BadgeItem, BadgeItemKind, BadgeState};
pub use decide::{Alert, AlertKind, AlertMemory, Decider};
pub use error::WatchError;
pub use feed::FeedConfig;
pub use health::{ConnectionHealth, SignIn, StopReason};
pub use hub::WatchHub;
pub use notify::{
    Delivery, NotificationAction, NotificationActionKind, Notifier, NotifySettings, QuietHours,
};
pub use observe::{ActionAt, BuildStatus, Healths, PipelineHealth, Snapshot};
pub use schedule::PollPolicy;
pub use watcher::{run_once, Poke, WatchConfig, WatchEvent, Watcher};
