//! Errors: [`Error`] for the library's own failures (binding, reading a scenario) and
//! [`ApiError`], a CodePipeline service error as the sandbox sends it on the wire.

use std::path::PathBuf;

/// What can go wrong starting or configuring the sandbox.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Could not listen on {addr}: {source}. Choose another port with --port, or pass 0 for a free one.")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error(
        "Could not read the scenario file {path}: {source}. Check the path and its permissions."
    )]
    ScenarioRead {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("The scenario file {path} is not a valid scenario: {message}. See the Scenario documentation in crates/sandbox/src/scenario.rs.")]
    ScenarioParse { path: PathBuf, message: String },
    #[error("The sandbox could not seed its sample pipelines: {0}. This is a bug in pipewright-sandbox; please report it.")]
    Samples(String),
    #[error("The sandbox can't publish events: {0}.")]
    Events(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A CodePipeline service error: answered as HTTP 400 with `{"__type": code, "message": ...}`,
/// which the AWS SDKs parse into the operation's typed error (or an unhandled error with `code()`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: &'static str,
    pub message: String,
    pub status: u16,
}

impl ApiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            status: 400,
        }
    }
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new("ValidationException", message)
    }
    pub fn pipeline_not_found(name: &str) -> Self {
        Self::new(
            "PipelineNotFoundException",
            format!(
                "Account '{}' does not have a pipeline with name '{name}'",
                crate::ACCOUNT_ID
            ),
        )
    }
    pub fn execution_not_found(pipeline: &str, id: &str) -> Self {
        Self::new(
            "PipelineExecutionNotFoundException",
            format!(
                "Account '{}' does not have an execution with id '{id}' for pipeline '{pipeline}'",
                crate::ACCOUNT_ID
            ),
        )
    }
    pub fn stage_not_found(pipeline: &str, stage: &str) -> Self {
        Self::new(
            "StageNotFoundException",
            format!("Stage '{stage}' does not exist in pipeline '{pipeline}'"),
        )
    }
    pub fn action_not_found(stage: &str, action: &str) -> Self {
        Self::new(
            "ActionNotFoundException",
            format!("Action '{action}' does not exist in stage '{stage}'"),
        )
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new("ConflictException", message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError {
            code: "InternalFailure",
            message: message.into(),
            status: 500,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

pub type ApiResult<T> = std::result::Result<T, ApiError>;
