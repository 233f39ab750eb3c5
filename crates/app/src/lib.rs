//! Pipewright's desktop app logic, without a window: everything the app does that can be tested
//! without a display. The Tauri shell (`src-tauri`) registers commands of a few lines over this
//! crate, and owns only the window, the tray and the event plumbing.
//!
//! - [`files`]: open and save design files, write exports.
//! - [`environments`], [`exports`], [`migrate`]: a design's environments, its CloudFormation and
//!   Terraform exports, the GitHub version 1 migration.
//! - [`recent`], [`recovery`]: the recent-files list; autosave and crash recovery.
//! - [`starter`]: the design a new window starts from.
//! - [`state`]: what the app keeps while it runs (the file it was started with).
//! - [`rendering`]: how the webview draws, chosen before it starts.
//! - [`connections`]: the saved AWS connections and the active one.
//! - [`error`]: the one error every command returns to the UI.

pub mod connections;
pub mod environments;
pub mod error;
pub mod exports;
pub mod files;
pub mod migrate;
pub mod recent;
pub mod recovery;
pub mod rendering;
pub mod starter;
pub mod state;

pub use error::{AppError, ErrorKind, ErrorPayload, Result};
