//! The control plane: watch and operate pipelines (view state and history, approve or reject,
//! start, stop, retry, roll back, transitions).
//!
//! [`ControlApi`] is the thin trait over the SDK client (implemented for
//! `aws_sdk_codepipeline::Client`); the functions in [`usecases`] hold the rules (current
//! approval token, production confirmation, input patterns) so the CLI, the app and the watcher
//! share them.

pub mod api;
pub mod error;
pub mod model;
pub mod production;
pub mod usecases;
pub mod validate;

#[cfg(test)]
mod fake;

pub use api::ControlApi;
pub use error::ControlError;
pub use model::*;
pub use production::{name_says_production, ProductionPolicy};
pub use usecases::{ApprovalOutcome, ApprovalRequest, Decision, StopRequest};
