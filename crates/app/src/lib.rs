//! Pipewright's desktop app logic, without a window: everything the app does that can be tested
//! without a display. The Tauri shell (`src-tauri`) registers commands of a few lines over this
//! crate, and owns only the window, the tray and the event plumbing ([`events::Shell`]).
//!
//! - [`control_room`]: the active connection, the watchers of the watched connections, the
//!   notifier, the user's settings; what the control room shows and changes; its flows (start,
//!   connection changes, notification clicks).
//! - [`sync`]: the sync review screen (plan, apply, import, delete) against the active connection.
//! - [`connections`]: the saved AWS connections and the active one.
//! - [`files`]: open and save design files, write exports; [`recent`], [`recovery`]: the
//!   recent-files list, autosave and crash recovery; [`starter`]: the design a new window starts
//!   from; [`state`]: the file the app was started with.
//! - [`environments`], [`exports`], [`migrate`]: a design's environments, its CloudFormation and
//!   Terraform exports, the GitHub version 1 migration.
//! - [`review`]: "Compare with...": the open design against a git revision of its file or
//!   another file.
//! - [`events`]: every event sent to the UI, and the [`events::Shell`] they go through.
//! - [`sign_in`]: "Sign in" of an SSO connection from the app (the device flow of
//!   `pipewright connections login`), and how long each session has left.
//! - [`tray`]: what the tray icon shows (its shape, count, tooltip and menu lines) and what a
//!   click on a line asks for.
//! - [`links`]: which links may open in the browser.
//! - [`rendering`]: how the webview draws, chosen before it starts.
//! - [`folders`]: the app's folders moved over when its bundle identifier changed.
//! - [`error`]: the one error every command returns to the UI.

pub mod connections;
pub mod control_room;
pub mod environments;
pub mod error;
pub mod events;
pub mod exports;
pub mod files;
pub mod folders;
pub mod grants;
pub mod links;
pub mod migrate;
pub mod recent;
pub mod recovery;
pub mod rendering;
pub mod review;
pub mod seen;
pub mod sign_in;
pub mod starter;
pub mod state;
pub mod sync;
pub mod tray;

pub use error::{AppError, ErrorKind, ErrorPayload, Result};
