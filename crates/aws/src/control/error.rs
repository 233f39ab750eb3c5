//! Errors of the control-plane use cases. Each message is a sentence the UI and the CLI show as is.

use std::time::Duration;

use thiserror::Error;

use super::model::PipelineState;

/// Why a control-plane call or use case did not do what was asked.
#[derive(Debug, Error)]
pub enum ControlError {
    /// The approval token was answered already, or the approval timed out. Carries the state as it is
    /// now so the view can refresh without another call.
    #[error("This approval was already decided or has expired; the view was refreshed.")]
    ApprovalStale {
        refreshed: Box<Option<PipelineState>>,
    },

    #[error("no manual approval is waiting in pipeline `{pipeline}`{where_}; refresh the view to see its current state")]
    NoWaitingApproval { pipeline: String, where_: String },

    #[error("several manual approvals wait in pipeline `{pipeline}` ({candidates}); name the stage and action to decide")]
    AmbiguousApproval {
        pipeline: String,
        candidates: String,
    },

    #[error("`{pipeline}` is a production pipeline: type its name `{pipeline}` to confirm this {operation}")]
    ConfirmationRequired { pipeline: String, operation: String },

    #[error("a rejection needs a reason: say why the change must not go on")]
    ReasonRequired,

    #[error("{field} is not valid: {message}")]
    InvalidInput {
        field: &'static str,
        message: String,
    },

    #[error("pipeline `{0}` does not exist in this account and region; check the connection and the name")]
    PipelineNotFound(String),

    #[error("stage `{stage}` is not in pipeline `{pipeline}`; refresh the view, the pipeline may have changed")]
    StageNotFound { pipeline: String, stage: String },

    #[error("no execution of pipeline `{pipeline}` {what}")]
    NoExecution { pipeline: String, what: String },

    #[error("AWS is throttling requests ({code}); the watcher slows down and tries again")]
    Throttled {
        code: String,
        /// The server's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
    },

    #[error("could not reach the CodePipeline endpoint during {operation}: {message}; check the network and the endpoint URL")]
    Network {
        operation: &'static str,
        message: String,
    },

    #[error("{operation} was refused: {code}: {message}")]
    Service {
        operation: &'static str,
        code: String,
        message: String,
    },
}

impl ControlError {
    /// True when the caller should back off and try again later (throttling, network).
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Throttled { .. } | Self::Network { .. })
    }

    /// The service's error code, when the service answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Throttled { code, .. } | Self::Service { code, .. } => Some(code),
            _ => None,
        }
    }
}
