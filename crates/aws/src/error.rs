//! The AWS crate's one error type. Messages are sentences that say what happened and what to do;
//! the CLI and the app show them as they are.

use std::path::PathBuf;

use aws_sdk_codepipeline::error::{ProvideErrorMetadata, SdkError};
use thiserror::Error;

/// Why a CodePipeline call or a sync step failed.
#[derive(Debug, Error)]
pub enum AwsError {
    /// Nothing answered (connection refused, DNS, TLS, timeout): the endpoint is down or wrong.
    #[error("could not reach the CodePipeline endpoint: {0}. Check the endpoint URL, the network and the region, then run the command again")]
    Unreachable(String),

    #[error("pipeline `{0}` does not exist in this account and region; check the name, the region and the connection")]
    PipelineNotFound(String),

    #[error("a pipeline named `{0}` already exists in this account and region; pull it (`pipewright pull {0}`) or pick another name")]
    PipelineNameInUse(String),

    #[error("AWS is throttling CodePipeline calls ({0}); wait a moment and run the command again, or lower --concurrency")]
    Throttled(String),

    #[error("the credentials were refused ({code}): {message}. Check the profile or the AWS_* environment variables")]
    AccessDenied { code: String, message: String },

    /// The service rejected the request (validation, structure, limits, ...).
    #[error("CodePipeline refused the request ({code}): {message}")]
    Service { code: String, message: String },

    #[error("the CodePipeline endpoint answered with something Pipewright could not read: {0}. Is the endpoint URL a CodePipeline endpoint?")]
    BadResponse(String),

    #[error("the connection settings are not usable: {0}")]
    Config(String),

    #[error("could not read or write `{path}`: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("`{path}` is not a readable pipeline design: {source}")]
    Design {
        path: PathBuf,
        #[source]
        source: pipewright_core::CodecError,
    },

    #[error("refusing to delete pipeline `{name}`: the confirmation `{confirm}` does not name it; repeat the pipeline's exact name to confirm")]
    DeleteNotConfirmed { name: String, confirm: String },
}

impl AwsError {
    /// Map an SDK error to ours. `subject` names the pipeline the call was about, for messages.
    pub fn from_sdk<E, R>(err: SdkError<E, R>, subject: &str) -> AwsError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug,
    {
        match err {
            SdkError::ServiceError(service) => {
                let e = service.into_err();
                let code = e.code().unwrap_or("UnknownError").to_string();
                let message = e
                    .message()
                    .map(str::to_string)
                    .unwrap_or_else(|| e.to_string());
                Self::from_code(code, message, subject)
            }
            SdkError::DispatchFailure(d) => {
                let detail = if d.is_io() {
                    "the connection failed".to_string()
                } else if d.is_timeout() {
                    "the connection timed out".to_string()
                } else {
                    "the request could not be sent".to_string()
                };
                AwsError::Unreachable(format!("{detail} ({d:?})"))
            }
            SdkError::TimeoutError(_) => {
                AwsError::Unreachable("the call timed out before the endpoint answered".into())
            }
            SdkError::ResponseError(r) => AwsError::BadResponse(format!("{r:?}")),
            SdkError::ConstructionFailure(c) => AwsError::Config(format!("{c:?}")),
            other => AwsError::BadResponse(other.to_string()),
        }
    }

    /// Map a service error code (`PipelineNotFoundException`, ...) to ours.
    pub fn from_code(code: String, message: String, subject: &str) -> AwsError {
        match code.as_str() {
            "PipelineNotFoundException" => AwsError::PipelineNotFound(subject.to_string()),
            "PipelineNameInUseException" => AwsError::PipelineNameInUse(subject.to_string()),
            "ThrottlingException"
            | "Throttling"
            | "TooManyRequestsException"
            | "RequestLimitExceeded" => AwsError::Throttled(message),
            "AccessDeniedException"
            | "UnrecognizedClientException"
            | "InvalidSignatureException"
            | "ExpiredTokenException"
            | "InvalidClientTokenId" => AwsError::AccessDenied { code, message },
            _ => AwsError::Service { code, message },
        }
    }

    /// True when the call may succeed if simply repeated later (endpoint down, throttled).
    pub fn is_transient(&self) -> bool {
        matches!(self, AwsError::Unreachable(_) | AwsError::Throttled(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_codes_map_to_sentences_that_say_what_to_do() {
        let e = AwsError::from_code("PipelineNotFoundException".into(), "x".into(), "app");
        assert!(matches!(e, AwsError::PipelineNotFound(ref n) if n == "app"));
        assert!(e.to_string().contains("check the name"), "{e}");
        let e = AwsError::from_code("ThrottlingException".into(), "Rate exceeded".into(), "app");
        assert!(e.is_transient());
        assert!(e.to_string().contains("--concurrency"), "{e}");
        let e = AwsError::from_code("ExpiredTokenException".into(), "expired".into(), "app");
        assert!(matches!(e, AwsError::AccessDenied { .. }));
        assert!(!e.is_transient());
        let e = AwsError::from_code(
            "InvalidStructureException".into(),
            "bad stage".into(),
            "app",
        );
        assert_eq!(
            e.to_string(),
            "CodePipeline refused the request (InvalidStructureException): bad stage"
        );
    }
}
