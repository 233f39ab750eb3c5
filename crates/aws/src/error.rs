//! The AWS crate's one error type, for every call and use case (sync and control).
//!
//! Messages are one sentence, lower-case, that say what happened and what to do; the CLI and the
//! app show them as they are, so they never hold the SDK's `Debug` output: that goes to
//! [`AwsError::technical`], which the app offers behind "Copy details". [`AwsError::kind`] is the
//! stable, machine-readable side for the UI. SDK errors of any operation and any service are
//! mapped in one place, [`AwsError::from_sdk`].

use std::path::PathBuf;
use std::time::Duration;

use aws_credential_types::provider::error::CredentialsError;
use aws_runtime::retries::classifiers::THROTTLING_ERRORS;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::control::model::PipelineState;

/// Why an AWS call or a use case did not do what was asked.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum AwsError {
    /// Nothing answered (connection refused, DNS, TLS, timeout): the endpoint is down or wrong.
    #[error("could not reach the endpoint during {operation}: {detail}; check the endpoint URL, the network and the region, then try again")]
    Unreachable {
        operation: &'static str,
        /// What happened, in plain words ("the connection failed").
        detail: String,
        /// The SDK's own account of it, for "Copy details" (never in the message).
        technical: Option<String>,
    },

    #[error("AWS is throttling Pipewright's calls ({code}); wait a moment and try again, or lower --concurrency")]
    Throttled {
        code: String,
        /// The server's `Retry-After` (or `x-amz-retry-after`), when it sent one.
        retry_after: Option<Duration>,
    },

    /// The service failed on its side (HTTP 5xx) after Pipewright's retries. `code` is empty when
    /// the answer was not an AWS error (a proxy's or a crashed server's page).
    #[error("the service failed during {operation} (HTTP {status}{}); try again in a moment, and check the endpoint if it keeps failing", code_and_message(code, message))]
    ServerError {
        operation: &'static str,
        status: u16,
        code: String,
        message: String,
        /// The SDK's own account of an answer it could not read, for "Copy details".
        technical: Option<String>,
    },

    #[error("the credentials were refused ({code}): {message}; check the profile or the AWS_* environment variables")]
    AccessDenied { code: String, message: String },

    /// No credentials could be had before the call was sent: an SSO session that expired, a
    /// profile without credentials, a credential process that failed.
    #[error("no credentials could be had for this connection ({detail}); {}", if *expired { "sign in again (`pipewright connections login NAME` for an SSO profile)" } else { "check the profile or the AWS_* environment variables" })]
    Credentials {
        detail: String,
        /// The provider said the session or token expired.
        expired: bool,
    },

    #[error("pipeline `{0}` does not exist in this account and region; check the name, the region and the connection")]
    PipelineNotFound(String),

    #[error("a pipeline named `{0}` already exists in this account and region; pull it (`pipewright pull {0}`) or pick another name")]
    PipelineNameInUse(String),

    /// The service rejected the request (validation, structure, limits, ...).
    #[error("{operation} was refused ({code}): {message}")]
    Service {
        operation: &'static str,
        code: String,
        message: String,
    },

    #[error("the endpoint answered with something Pipewright could not read: {0}; is the endpoint URL a CodePipeline endpoint?")]
    BadResponse(String),

    /// An answer that is not the service's (not JSON, cut to the wrong shape) with a status
    /// below 500: most often an endpoint URL that is not a CodePipeline endpoint.
    #[error("the endpoint's answer to {operation} could not be read (HTTP {status}); check that the endpoint URL is a CodePipeline endpoint")]
    Unreadable {
        operation: &'static str,
        status: u16,
        /// The SDK's own account of it, for "Copy details".
        technical: String,
    },

    #[error("the connection settings are not usable: {0}; check the region, the endpoint URL and the credentials")]
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

    /// The approval token was answered already, or the approval timed out. Carries the state as it
    /// is now so the view can refresh without another call.
    #[error("this approval was already decided or has expired; the view was refreshed, decide again if one still waits")]
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

    #[error("stage `{stage}` is not in pipeline `{pipeline}`; refresh the view, the pipeline may have changed")]
    StageNotFound { pipeline: String, stage: String },

    #[error("no execution of pipeline `{pipeline}` {what}")]
    NoExecution { pipeline: String, what: String },
}

/// What kind of error an [`AwsError`] is: stable words the UI and scripts switch on.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AwsErrorKind {
    Unreachable,
    Throttled,
    ServerError,
    AccessDenied,
    Credentials,
    PipelineNotFound,
    PipelineNameInUse,
    Service,
    BadResponse,
    Config,
    Io,
    Design,
    DeleteNotConfirmed,
    ApprovalStale,
    NoWaitingApproval,
    AmbiguousApproval,
    ConfirmationRequired,
    ReasonRequired,
    InvalidInput,
    StageNotFound,
    NoExecution,
}

impl AwsErrorKind {
    /// The kind as its serialized word (`approval-stale`, `throttled`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unreachable => "unreachable",
            Self::Throttled => "throttled",
            Self::ServerError => "server-error",
            Self::AccessDenied => "access-denied",
            Self::Credentials => "credentials",
            Self::PipelineNotFound => "pipeline-not-found",
            Self::PipelineNameInUse => "pipeline-name-in-use",
            Self::Service => "service",
            Self::BadResponse => "bad-response",
            Self::Config => "config",
            Self::Io => "io",
            Self::Design => "design",
            Self::DeleteNotConfirmed => "delete-not-confirmed",
            Self::ApprovalStale => "approval-stale",
            Self::NoWaitingApproval => "no-waiting-approval",
            Self::AmbiguousApproval => "ambiguous-approval",
            Self::ConfirmationRequired => "confirmation-required",
            Self::ReasonRequired => "reason-required",
            Self::InvalidInput => "invalid-input",
            Self::StageNotFound => "stage-not-found",
            Self::NoExecution => "no-execution",
        }
    }
}

impl std::fmt::Display for AwsErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error codes that mean the credentials were refused (no SDK list exists for these).
const CREDENTIAL_CODES: &[&str] = &[
    "AccessDeniedException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "ExpiredTokenException",
    "InvalidClientTokenId",
];

/// Whether AWS refused a request for its time: this computer's clock is off by more than the
/// 5 minutes a signature may be (SigV4 says "Signature expired" or "not yet current"; some
/// services have a code of their own). The one clock-skew check, for `connections test` and the
/// watcher's health alike.
pub fn is_clock_skew(code: &str, message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    matches!(code, "RequestTimeTooSkewed" | "RequestInTheFuture")
        || m.contains("signature expired")
        || m.contains("signature not yet current")
        || m.contains("request time too skewed")
}

/// The one throttling check: the codes the SDK's own retry classifier treats as throttling, and
/// HTTP 429.
pub fn is_throttling(code: &str, status: u16) -> bool {
    status == 429 || THROTTLING_ERRORS.contains(&code)
}

/// `, CODE: MESSAGE` for [`AwsError::ServerError`]'s sentence, or nothing when the answer had no
/// AWS error code.
fn code_and_message(code: &str, message: &str) -> String {
    match (code.is_empty(), message.is_empty()) {
        (true, _) => String::new(),
        (false, true) => format!(", {code}"),
        (false, false) => format!(", {code}: {message}"),
    }
}

/// An error and its sources, each by its `Display` (never the `Debug` dump
/// [`DisplayErrorContext`] ends with), joined with ": ".
fn chain_text(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut src = err.source();
    while let Some(s) = src {
        let part = s.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        src = s.source();
    }
    text
}

/// Whether an unreadable answer was cut off by the connection (reset, closed early) rather than
/// malformed: the endpoint went away mid-answer, which is worth trying again.
fn cut_short(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = err.source();
    while let Some(e) = next {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if matches!(
                io.kind(),
                std::io::ErrorKind::UnexpectedEof
                    | std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::BrokenPipe
            ) {
                return true;
            }
        }
        next = e.source();
    }
    false
}

/// `Retry-After` (seconds) or `x-amz-retry-after` (milliseconds).
fn retry_after(resp: &HttpResponse) -> Option<Duration> {
    let headers = resp.headers();
    if let Some(ms) = headers
        .get("x-amz-retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return Some(Duration::from_millis(ms));
    }
    headers
        .get("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// The credentials provider's error behind a failed call, as text (its sources joined), when
/// the call failed for want of credentials.
fn credentials_error(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if e.downcast_ref::<CredentialsError>().is_some() {
            return Some(chain_text(e));
        }
        cur = e.source();
    }
    None
}

impl AwsError {
    /// Whether AWS refused the call for this computer's clock ([`is_clock_skew`]).
    pub fn is_clock_skew(&self) -> bool {
        match self {
            AwsError::AccessDenied { code, message }
            | AwsError::Service { code, message, .. }
            | AwsError::ServerError { code, message, .. } => is_clock_skew(code, message),
            _ => false,
        }
    }

    /// Maps any SDK error of any service to ours. `typed` first gets the operation's modeled
    /// error (`|e| e.is_pipeline_not_found_exception().then(...)`) for the cases the operation
    /// names; everything else is mapped by HTTP status and error code.
    pub fn from_sdk<E>(
        operation: &'static str,
        err: SdkError<E, HttpResponse>,
        typed: impl FnOnce(&E) -> Option<AwsError>,
    ) -> AwsError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        match err {
            SdkError::ServiceError(ctx) => {
                if let Some(mapped) = typed(ctx.err()) {
                    return mapped;
                }
                let e = ctx.err();
                let status = ctx.raw().status().as_u16();
                let code = e.code().unwrap_or("UnknownError").to_string();
                let message = e
                    .message()
                    .map(str::to_string)
                    .unwrap_or_else(|| e.to_string());
                if is_throttling(&code, status) {
                    AwsError::Throttled {
                        code,
                        retry_after: retry_after(ctx.raw()),
                    }
                } else if CREDENTIAL_CODES.contains(&code.as_str()) {
                    AwsError::AccessDenied { code, message }
                } else if status >= 500 {
                    AwsError::ServerError {
                        operation,
                        status,
                        code,
                        message,
                        technical: None,
                    }
                } else {
                    AwsError::Service {
                        operation,
                        code,
                        message,
                    }
                }
            }
            SdkError::TimeoutError(_) => AwsError::Unreachable {
                operation,
                detail: "no answer before the timeout".into(),
                technical: None,
            },
            err @ SdkError::DispatchFailure(_) if credentials_error(&err).is_some() => {
                let detail = credentials_error(&err).unwrap_or_default();
                let expired = detail.to_ascii_lowercase().contains("expired");
                AwsError::Credentials { detail, expired }
            }
            err @ SdkError::DispatchFailure(_) => {
                let detail = match &err {
                    SdkError::DispatchFailure(d) if d.is_timeout() => "the connection timed out",
                    SdkError::DispatchFailure(d) if d.is_io() => "the connection failed",
                    _ => "the request could not be sent",
                };
                AwsError::Unreachable {
                    operation,
                    detail: detail.into(),
                    technical: Some(DisplayErrorContext(&err).to_string()),
                }
            }
            SdkError::ResponseError(ctx)
                if ctx
                    .raw()
                    .headers()
                    .get("content-type")
                    .is_some_and(|t| t.starts_with("text/html")) =>
            {
                // AWS APIs answer JSON or XML; an HTML page is a server that does not implement
                // the operation (moto answers its unimplemented calls this way).
                AwsError::Service {
                    operation,
                    code: "NotImplemented".into(),
                    message: format!(
                        "the endpoint answered with an HTML page (HTTP {}), not an AWS response: it does not implement this operation",
                        ctx.raw().status().as_u16()
                    ),
                }
            }
            err @ SdkError::ResponseError(_) if cut_short(&err) => AwsError::Unreachable {
                operation,
                detail: "the connection closed before the answer was complete".into(),
                technical: Some(DisplayErrorContext(&err).to_string()),
            },
            err @ SdkError::ConstructionFailure(_) => {
                AwsError::Config(format!("{operation}: {}", chain_text(&err)))
            }
            err => {
                let technical = DisplayErrorContext(&err).to_string();
                match err.raw_response().map(|r| r.status().as_u16()) {
                    Some(status) if status >= 500 => AwsError::ServerError {
                        operation,
                        status,
                        code: String::new(),
                        message: String::new(),
                        technical: Some(technical),
                    },
                    Some(status) => AwsError::Unreadable {
                        operation,
                        status,
                        technical,
                    },
                    None => AwsError::BadResponse(format!("{operation}: {}", chain_text(&err))),
                }
            }
        }
    }

    /// The stable kind of this error.
    pub fn kind(&self) -> AwsErrorKind {
        use AwsErrorKind as K;
        match self {
            Self::Unreachable { .. } => K::Unreachable,
            Self::Throttled { .. } => K::Throttled,
            Self::ServerError { .. } => K::ServerError,
            Self::AccessDenied { .. } => K::AccessDenied,
            Self::Credentials { .. } => K::Credentials,
            Self::PipelineNotFound(_) => K::PipelineNotFound,
            Self::PipelineNameInUse(_) => K::PipelineNameInUse,
            Self::Service { .. } => K::Service,
            Self::BadResponse(_) | Self::Unreadable { .. } => K::BadResponse,
            Self::Config(_) => K::Config,
            Self::Io { .. } => K::Io,
            Self::Design { .. } => K::Design,
            Self::DeleteNotConfirmed { .. } => K::DeleteNotConfirmed,
            Self::ApprovalStale { .. } => K::ApprovalStale,
            Self::NoWaitingApproval { .. } => K::NoWaitingApproval,
            Self::AmbiguousApproval { .. } => K::AmbiguousApproval,
            Self::ConfirmationRequired { .. } => K::ConfirmationRequired,
            Self::ReasonRequired => K::ReasonRequired,
            Self::InvalidInput { .. } => K::InvalidInput,
            Self::StageNotFound { .. } => K::StageNotFound,
            Self::NoExecution { .. } => K::NoExecution,
        }
    }

    /// True when the call may succeed if simply repeated later (endpoint down, throttled, a
    /// failure on the service's side).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Unreachable { .. } | Self::Throttled { .. } | Self::ServerError { .. }
        )
    }

    /// True when the endpoint does not serve the operation at all (the local sandbox serves
    /// CodePipeline only): the caller skips what needs it and says so, rather than failing.
    pub fn is_unsupported_operation(&self) -> bool {
        matches!(
            self.code(),
            Some("UnknownOperationException" | "InvalidAction" | "NotImplemented")
        ) || matches!(self, Self::ServerError { status: 501, .. })
    }

    /// The service's error code, when the service answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Throttled { code, .. }
            | Self::ServerError { code, .. }
            | Self::AccessDenied { code, .. }
            | Self::Service { code, .. } => Some(code.as_str()).filter(|c| !c.is_empty()),
            _ => None,
        }
    }

    /// The technical account the message leaves out (the SDK's error with its sources and the raw
    /// answer), for the app's "Copy details"; `None` when the message says it all.
    pub fn technical(&self) -> Option<&str> {
        match self {
            Self::Unreachable { technical, .. } | Self::ServerError { technical, .. } => {
                technical.as_deref()
            }
            Self::Unreadable { technical, .. } => Some(technical),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_codepipeline::operation::get_pipeline::GetPipelineError;
    use aws_sdk_codepipeline::operation::list_pipelines::ListPipelinesError;
    use aws_sdk_codepipeline::types::error::PipelineNotFoundException;
    use aws_smithy_runtime_api::client::result::ConnectorError;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::error::ErrorMetadata;

    fn response(status: u16, headers: &[(&'static str, &str)]) -> HttpResponse {
        let mut r = HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::empty());
        for (k, v) in headers {
            r.headers_mut().insert(*k, v.to_string());
        }
        r
    }

    /// A service error of ListPipelines with this code, message and HTTP status.
    fn service(
        code: &str,
        message: &str,
        status: u16,
        headers: &[(&'static str, &str)],
    ) -> SdkError<ListPipelinesError, HttpResponse> {
        let meta = ErrorMetadata::builder().code(code).message(message).build();
        SdkError::service_error(ListPipelinesError::generic(meta), response(status, headers))
    }

    fn map(err: SdkError<ListPipelinesError, HttpResponse>) -> AwsError {
        AwsError::from_sdk("ListPipelines", err, |_| None)
    }

    #[test]
    fn throttling_is_the_sdk_list_or_http_429_and_keeps_retry_after() {
        let e = map(service(
            "ThrottlingException",
            "Rate exceeded",
            400,
            &[("retry-after", "3")],
        ));
        let AwsError::Throttled { code, retry_after } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(code, "ThrottlingException");
        assert_eq!(*retry_after, Some(Duration::from_secs(3)));
        assert!(e.is_transient());
        assert_eq!(e.kind(), AwsErrorKind::Throttled);
        assert!(e.to_string().contains("--concurrency"), "{e}");
        // Codes only the SDK's classifier knows, and a bare 429.
        assert!(matches!(
            map(service("SlowDown", "", 503, &[("x-amz-retry-after", "1500")])),
            AwsError::Throttled { retry_after: Some(d), .. } if d == Duration::from_millis(1500)
        ));
        assert!(matches!(
            map(service("Whatever", "", 429, &[])),
            AwsError::Throttled { .. }
        ));
    }

    #[test]
    fn refused_credentials_are_access_denied() {
        let e = map(service("ExpiredTokenException", "expired", 400, &[]));
        assert!(
            matches!(e, AwsError::AccessDenied { ref code, .. } if code == "ExpiredTokenException")
        );
        assert!(!e.is_transient());
        assert_eq!(e.kind(), AwsErrorKind::AccessDenied);
        assert_eq!(
            e.to_string(),
            "the credentials were refused (ExpiredTokenException): expired; check the profile or the AWS_* environment variables"
        );
    }

    #[test]
    fn a_refusal_keeps_the_operation_code_and_message() {
        let e = map(service("InvalidStructureException", "bad stage", 400, &[]));
        assert_eq!(e.code(), Some("InvalidStructureException"));
        assert_eq!(e.kind(), AwsErrorKind::Service);
        assert!(!e.is_transient());
        assert_eq!(
            e.to_string(),
            "ListPipelines was refused (InvalidStructureException): bad stage"
        );
    }

    #[test]
    fn server_failures_are_transient() {
        let e = map(service("InternalFailure", "oops", 500, &[]));
        assert!(
            matches!(e, AwsError::ServerError { status: 500, .. }),
            "{e:?}"
        );
        assert!(e.is_transient());
        assert_eq!(e.kind().as_str(), "server-error");
    }

    #[test]
    fn the_typed_error_wins_over_the_code() {
        let err: SdkError<GetPipelineError, HttpResponse> = SdkError::service_error(
            GetPipelineError::PipelineNotFoundException(
                PipelineNotFoundException::builder()
                    .message("no such pipeline")
                    .build(),
            ),
            response(400, &[]),
        );
        let e = AwsError::from_sdk("GetPipeline", err, |e| {
            e.is_pipeline_not_found_exception()
                .then(|| AwsError::PipelineNotFound("web".into()))
        });
        assert!(matches!(e, AwsError::PipelineNotFound(ref n) if n == "web"));
        assert_eq!(
            e.to_string(),
            "pipeline `web` does not exist in this account and region; check the name, the region and the connection"
        );
    }

    #[test]
    fn missing_credentials_are_not_an_unreachable_endpoint() {
        let expired = CredentialsError::provider_error(std::io::Error::other(
            "the SSO token has expired and cannot be refreshed",
        ));
        let err = SdkError::<ListPipelinesError, HttpResponse>::dispatch_failure(
            ConnectorError::other(Box::new(expired), None),
        );
        let e = map(err);
        let AwsError::Credentials { detail, expired } = &e else {
            panic!("{e:?}")
        };
        assert!(*expired);
        assert!(detail.contains("the SSO token has expired"), "{detail}");
        assert_eq!(e.kind(), AwsErrorKind::Credentials);
        assert!(!e.is_transient());
        assert!(e.to_string().contains("sign in again"), "{e}");
    }

    #[test]
    fn no_answer_is_unreachable() {
        let refused = SdkError::<ListPipelinesError, HttpResponse>::dispatch_failure(
            ConnectorError::io(Box::new(std::io::Error::new(
                std::io::ErrorKind::ConnectionRefused,
                "Connection refused",
            ))),
        );
        let e = map(refused);
        assert!(
            matches!(
                e,
                AwsError::Unreachable {
                    operation: "ListPipelines",
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.is_transient());
        assert!(
            e.to_string().starts_with(
                "could not reach the endpoint during ListPipelines: the connection failed"
            ),
            "{e}"
        );
        let e = map(SdkError::timeout_error("slow"));
        assert_eq!(e.kind(), AwsErrorKind::Unreachable);
        assert!(
            e.to_string().contains("no answer before the timeout"),
            "{e}"
        );
    }

    #[test]
    fn an_html_page_is_an_operation_the_endpoint_does_not_implement() {
        let mut page = response(500, &[("content-type", "text/html; charset=utf-8")]);
        *page.body_mut() = SdkBody::from("<!doctype html><title>500</title>");
        let e = map(SdkError::response_error("not json", page));
        assert_eq!(e.code(), Some("NotImplemented"));
        assert!(e.is_unsupported_operation(), "{e}");
        assert!(!e.is_transient());
        // A throttled or failing AWS call is not that.
        assert!(!map(service("InternalFailure", "oops", 500, &[])).is_unsupported_operation());
        assert!(
            map(service("UnknownOperationException", "no", 400, &[])).is_unsupported_operation()
        );
    }

    #[test]
    fn an_answer_cut_off_by_the_connection_is_unreachable_not_unreadable() {
        let cut = std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "IncompleteBody");
        let e = map(SdkError::response_error(cut, response(200, &[])));
        assert_eq!(e.kind(), AwsErrorKind::Unreachable, "{e}");
        assert!(e.is_transient());
        assert!(
            e.to_string()
                .contains("closed before the answer was complete"),
            "{e}"
        );
    }

    #[test]
    fn unreadable_answers_and_unusable_settings() {
        let e = map(SdkError::response_error("not json", response(200, &[])));
        assert_eq!(e.kind(), AwsErrorKind::BadResponse);
        assert!(!e.is_transient());
        let e = map(SdkError::construction_failure("no region"));
        assert_eq!(e.kind(), AwsErrorKind::Config);
        assert!(e.to_string().contains("check the region"), "{e}");
    }

    #[test]
    fn use_case_errors_have_their_own_kinds_and_lower_case_sentences() {
        let cases: Vec<(AwsError, AwsErrorKind)> = vec![
            (
                AwsError::ApprovalStale {
                    refreshed: Box::new(None),
                },
                AwsErrorKind::ApprovalStale,
            ),
            (
                AwsError::ConfirmationRequired {
                    pipeline: "web-prod".into(),
                    operation: "start".into(),
                },
                AwsErrorKind::ConfirmationRequired,
            ),
            (AwsError::ReasonRequired, AwsErrorKind::ReasonRequired),
            (
                AwsError::NoWaitingApproval {
                    pipeline: "web".into(),
                    where_: String::new(),
                },
                AwsErrorKind::NoWaitingApproval,
            ),
            (
                AwsError::AmbiguousApproval {
                    pipeline: "web".into(),
                    candidates: "A/B, C/D".into(),
                },
                AwsErrorKind::AmbiguousApproval,
            ),
            (
                AwsError::InvalidInput {
                    field: "reason",
                    message: "too long".into(),
                },
                AwsErrorKind::InvalidInput,
            ),
            (
                AwsError::StageNotFound {
                    pipeline: "web".into(),
                    stage: "Prod".into(),
                },
                AwsErrorKind::StageNotFound,
            ),
            (
                AwsError::NoExecution {
                    pipeline: "web".into(),
                    what: "is in progress".into(),
                },
                AwsErrorKind::NoExecution,
            ),
            (
                AwsError::PipelineNameInUse("web".into()),
                AwsErrorKind::PipelineNameInUse,
            ),
            (
                AwsError::DeleteNotConfirmed {
                    name: "web".into(),
                    confirm: "we".into(),
                },
                AwsErrorKind::DeleteNotConfirmed,
            ),
            (
                AwsError::Io {
                    path: "/x".into(),
                    source: std::io::Error::other("gone"),
                },
                AwsErrorKind::Io,
            ),
        ];
        for (e, kind) in cases {
            assert_eq!(e.kind(), kind, "{e}");
            assert!(!e.is_transient(), "{e}");
            let first = e.to_string().chars().next().unwrap();
            assert!(!first.is_uppercase(), "{e}");
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::json!(kind.as_str())
            );
        }
        assert_eq!(
            AwsError::ApprovalStale {
                refreshed: Box::new(None)
            }
            .to_string(),
            "this approval was already decided or has expired; the view was refreshed, decide again if one still waits"
        );
    }
}
