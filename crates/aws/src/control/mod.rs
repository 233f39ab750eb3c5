//! The control plane: watch and operate pipelines (view state and history, approve or reject,
//! start, stop, retry, roll back, transitions).
//!
//! The functions in [`usecases`] hold the rules (current approval token, production confirmation,
//! input patterns) over [`CodePipeline`](crate::CodePipeline), so the CLI, the app and the
//! watcher share them. [`why`] explains a failed execution from the services that ran its
//! actions; [`release`] says what an approval releases (expiry, what runs after, what changed).

pub mod actioncause;
pub mod expiry;
pub mod logtext;
pub mod model;
pub mod production;
pub mod release;
pub mod status;
pub mod timeline;
pub mod usecases;
pub mod validate;
pub mod why;

pub use model::*;
pub use production::{name_says_production, ProductionPolicy};
pub use usecases::{ApprovalOutcome, ApprovalRequest, Decision, StopRequest};

#[cfg(test)]
mod mock_service;
