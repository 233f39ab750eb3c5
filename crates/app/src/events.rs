//! Events the backend emits to the UI. Listed in [`EVENTS`] for the generated bindings.

use serde::Serialize;

/// `open-file`: a second launch of the app named a design file; the first instance opens it.
pub const OPEN_FILE: &str = "open-file";

/// Payload of [`OPEN_FILE`].
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct OpenFileEvent {
    pub path: String,
}
