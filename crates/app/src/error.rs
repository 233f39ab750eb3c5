//! The app's one error type. Every command returns it, and it crosses IPC as
//! `AppError { kind, message, details? }` (TypeScript: `AppError`): `kind` is an [`ErrorKind`], a
//! closed set of kebab-case words the UI switches on (a TypeScript union), `message` one sentence
//! that says what happened and what to do, and `details` the technical rest (the SDK's error, a
//! process's exit status) for the UI's "Copy details", never shown in the sentence. Errors of the other crates (AWS, connections, the codec)
//! become an `AppError` here, in one place, so every command speaks the same way.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize, Serializer};

/// What went wrong, as a word the UI may branch on (refresh on `approval-stale`, ask for the typed
/// name on `confirmation-required`, ask for the MFA code on `mfa-code-required`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The text is not a pipeline document.
    Parse,
    /// A document could not be written as text.
    Render,
    /// A file, pipeline, stage or connection does not exist.
    NotFound,
    /// Reading or writing a file failed.
    Io,
    /// A file name that says neither JSON nor YAML.
    Format,
    /// An argument is not acceptable (empty name, bad base64, no reason given, ...).
    Invalid,
    /// No template of that name.
    Template,
    /// The control room has no connection (yet).
    Unavailable,
    /// An approval was decided already or expired.
    ApprovalStale,
    /// No manual approval is waiting.
    NoApproval,
    /// Several approvals wait; the stage and action must be named.
    AmbiguousApproval,
    /// A production pipeline: its name must be typed to confirm.
    ConfirmationRequired,
    /// A delete whose confirmation does not name the pipeline.
    NotConfirmed,
    /// No execution matches.
    NoExecution,
    /// A pipeline of that name exists already.
    NameInUse,
    /// A connection of that name exists already.
    DuplicateName,
    /// The endpoint could not be reached (network, DNS, TLS, timeout).
    Unreachable,
    /// The service is throttling requests.
    Throttled,
    /// The credentials were refused or lack a permission.
    AccessDenied,
    /// The credentials are not recognised.
    InvalidCredentials,
    /// The session token or SSO session has expired.
    ExpiredToken,
    /// This computer's clock is too far off for AWS to accept its signed requests.
    ClockSkew,
    /// No credentials could be found for the connection.
    CredentialsUnavailable,
    /// The connection needs the current MFA code.
    MfaCodeRequired,
    /// No OS keyring is available.
    KeyringUnavailable,
    /// The keyring refused the request.
    Keyring,
    /// The connection's secret is not in the keyring.
    SecretMissing,
    /// The connections file cannot be read.
    CorruptFile,
    /// The endpoint URL cannot be used.
    InvalidEndpoint,
    /// No region is set.
    MissingRegion,
    /// The region is not one CodePipeline serves.
    UnknownRegion,
    /// The endpoint's host name does not resolve.
    EndpointNotResolvable,
    /// The endpoint answered with something that is not the service's answer.
    BadResponse,
    /// The connection settings are not usable.
    Config,
    /// The service refused the request for another reason (its code is in the message).
    Service,
    /// A task of the app stopped unexpectedly.
    Internal,
    /// Signing in (IAM Identity Center) did not finish: denied, expired or failed.
    SignInFailed,
    /// Long-lived keys would go over plain http to an endpoint that is not loopback.
    PlainHttp,
    /// The connection, region or remote state is not what the user reviewed: nothing was sent.
    ChangedSinceReview,
    /// A file command named a path the user did not choose in a dialog (nor a recent file).
    PathNotChosen,
}

/// Everything a command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The text is not a pipeline document (syntax error with line and column, or wrong shape).
    #[error("{0}. Fix the document and try again.")]
    Parse(String),

    /// The document could not be written as text.
    #[error("could not render the document: {0}")]
    Render(String),

    /// Reading or writing a file failed.
    #[error("could not {action} {}: {source}. Check that the path exists and that you may access it.", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The file name does not say JSON or YAML.
    #[error("{} does not end in .json, .yaml or .yml; choose a file name with one of these extensions", path.display())]
    UnknownFormat { path: PathBuf },

    /// An argument from the UI is not acceptable (bad base64, empty key, ...).
    #[error("{0}")]
    Invalid(String),

    /// The template name is not one the app knows.
    #[error("there is no template named `{0}`; pick one from the template list")]
    UnknownTemplate(String),

    /// The control room has no connection (yet): still starting, or it could not connect.
    #[error("{0}")]
    Unavailable(String),

    /// Another crate's error, already a sentence, with the kind it maps to and the technical
    /// account the sentence leaves out.
    #[error("{message}")]
    Other {
        kind: ErrorKind,
        message: String,
        details: Option<String>,
    },
}

impl AppError {
    /// The kind the UI sees.
    pub fn kind(&self) -> ErrorKind {
        match self {
            AppError::Parse(_) => ErrorKind::Parse,
            AppError::Render(_) => ErrorKind::Render,
            AppError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                ErrorKind::NotFound
            }
            AppError::Io { .. } => ErrorKind::Io,
            AppError::UnknownFormat { .. } => ErrorKind::Format,
            AppError::Invalid(_) => ErrorKind::Invalid,
            AppError::UnknownTemplate(_) => ErrorKind::Template,
            AppError::Unavailable(_) => ErrorKind::Unavailable,
            AppError::Other { kind, .. } => *kind,
        }
    }

    /// An IO error about `path`, for `map_err`.
    pub fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> AppError {
        let path = path.to_path_buf();
        move |source| AppError::Io {
            action,
            path,
            source,
        }
    }

    /// An error of another crate, already worded as a sentence.
    pub fn other(kind: ErrorKind, message: impl Into<String>) -> AppError {
        AppError::Other {
            kind,
            message: message.into(),
            details: None,
        }
    }

    /// This error with `details`, the technical account its sentence leaves out.
    pub fn with_details(self, details: impl Into<String>) -> AppError {
        let details = Some(details.into()).filter(|d| !d.trim().is_empty());
        match self {
            AppError::Other { kind, message, .. } => AppError::Other {
                kind,
                message,
                details,
            },
            other => AppError::Other {
                kind: other.kind(),
                message: other.to_string(),
                details,
            },
        }
    }

    /// The technical account behind the sentence, when there is one: the SDK's error, an IO
    /// error's own words, a process's exit status.
    pub fn details(&self) -> Option<String> {
        match self {
            AppError::Other { details, .. } => details.clone(),
            _ => None,
        }
    }

    /// The value sent to the UI: the kind, the sentence with a capital first letter (the crates
    /// word their messages in lower case, cargo-style; the UI shows them as sentences), and the
    /// details for "Copy details".
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            kind: self.kind(),
            message: sentence(&self.to_string()),
            details: self.details(),
        }
    }
}

/// `s` with its first letter in upper case.
fn sentence(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// What the UI receives when a command fails (TypeScript: `AppError`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "AppError")]
pub struct ErrorPayload {
    pub kind: ErrorKind,
    pub message: String,
    /// The technical account the message leaves out (absent when the message says it all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub details: Option<String>,
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}

impl From<pipewright_core::CodecError> for AppError {
    fn from(error: pipewright_core::CodecError) -> Self {
        match error {
            pipewright_core::CodecError::Write(message) => AppError::Render(message),
            other => AppError::Parse(other.to_string()),
        }
    }
}

impl From<pipewright_aws::AwsError> for AppError {
    fn from(e: pipewright_aws::AwsError) -> Self {
        use pipewright_aws::AwsErrorKind as A;
        let kind = match e.kind() {
            A::Unreachable => ErrorKind::Unreachable,
            A::Throttled => ErrorKind::Throttled,
            A::AccessDenied => ErrorKind::AccessDenied,
            A::Credentials => ErrorKind::CredentialsUnavailable,
            A::PipelineNotFound | A::StageNotFound => ErrorKind::NotFound,
            A::PipelineNameInUse => ErrorKind::NameInUse,
            A::BadResponse => ErrorKind::BadResponse,
            A::Config => ErrorKind::Config,
            A::Io => ErrorKind::Io,
            A::Design => ErrorKind::Parse,
            A::DeleteNotConfirmed => ErrorKind::NotConfirmed,
            A::ApprovalStale => ErrorKind::ApprovalStale,
            A::NoWaitingApproval => ErrorKind::NoApproval,
            A::AmbiguousApproval => ErrorKind::AmbiguousApproval,
            A::ConfirmationRequired => ErrorKind::ConfirmationRequired,
            A::ReasonRequired | A::InvalidInput => ErrorKind::Invalid,
            A::NoExecution => ErrorKind::NoExecution,
            // A refusal, or a failure on the service's side (5xx): its code is in the message.
            _ => ErrorKind::Service,
        };
        let error = AppError::other(kind, e.to_string());
        match e.technical() {
            Some(technical) => error.with_details(technical),
            None => error,
        }
    }
}

impl From<pipewright_connections::Error> for AppError {
    fn from(e: pipewright_connections::Error) -> Self {
        use pipewright_connections::ErrorKind as C;
        let kind = match e.kind() {
            C::Io => ErrorKind::Io,
            C::CorruptFile => ErrorKind::CorruptFile,
            C::Input => ErrorKind::Invalid,
            C::DuplicateName => ErrorKind::DuplicateName,
            C::NotFound => ErrorKind::NotFound,
            C::InvalidEndpoint => ErrorKind::InvalidEndpoint,
            C::MissingRegion => ErrorKind::MissingRegion,
            C::KeyringUnavailable => ErrorKind::KeyringUnavailable,
            C::SecretMissing => ErrorKind::SecretMissing,
            C::Keyring => ErrorKind::Keyring,
            C::MfaCodeRequired => ErrorKind::MfaCodeRequired,
            C::CredentialsUnavailable => ErrorKind::CredentialsUnavailable,
            C::ExpiredToken => ErrorKind::ExpiredToken,
            C::ClockSkew => ErrorKind::ClockSkew,
            C::AccessDenied => ErrorKind::AccessDenied,
            C::InvalidCredentials => ErrorKind::InvalidCredentials,
            C::UnknownRegion => ErrorKind::UnknownRegion,
            C::EndpointNotResolvable => ErrorKind::EndpointNotResolvable,
            C::Unreachable => ErrorKind::Unreachable,
            C::Throttled => ErrorKind::Throttled,
            C::UnexpectedResponse => ErrorKind::BadResponse,
            C::Service => ErrorKind::Service,
            C::SignInFailed => ErrorKind::SignInFailed,
            C::PlainHttp => ErrorKind::PlainHttp,
        };
        let error = AppError::other(kind, e.to_string());
        match e.technical() {
            Some(technical) => error.with_details(technical),
            None => error,
        }
    }
}

impl From<pipewright_files::ReadError> for AppError {
    fn from(e: pipewright_files::ReadError) -> Self {
        use pipewright_files::ReadError as R;
        match e {
            R::NotFound { path } => AppError::Io {
                action: "open",
                path,
                source: std::io::ErrorKind::NotFound.into(),
            },
            R::Io { path, source } => AppError::Io {
                action: "read",
                path,
                source,
            },
            other => AppError::Parse(other.to_string()),
        }
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_kind_and_message() {
        let error = AppError::UnknownFormat {
            path: PathBuf::from("/tmp/pipe.txt"),
        };
        let value = serde_json::to_value(&error).expect("serialize");
        assert_eq!(value["kind"], "format");
        assert_eq!(
            value["message"],
            "/tmp/pipe.txt does not end in .json, .yaml or .yml; choose a file name with one of these extensions"
        );
        assert_eq!(value.as_object().map(|o| o.len()), Some(2));
    }

    #[test]
    fn messages_reach_the_ui_as_sentences() {
        let e = AppError::Render("no".into());
        assert_eq!(e.payload().message, "Could not render the document: no");
        assert_eq!(e.to_string(), "could not render the document: no");
    }

    #[test]
    fn missing_files_have_their_own_kind() {
        let missing = AppError::io("read", Path::new("/nope"))(std::io::Error::from(
            std::io::ErrorKind::NotFound,
        ));
        assert_eq!(missing.kind(), ErrorKind::NotFound);
        let denied = AppError::io("read", Path::new("/nope"))(std::io::Error::from(
            std::io::ErrorKind::PermissionDenied,
        ));
        assert_eq!(denied.kind(), ErrorKind::Io);
    }

    #[test]
    fn codec_syntax_errors_keep_line_and_column() {
        let error =
            pipewright_core::Document::parse("{\n  \"pipeline\": [", pipewright_core::Format::Json)
                .expect_err("broken JSON");
        let app: AppError = error.into();
        assert_eq!(app.kind(), ErrorKind::Parse);
        assert!(app.to_string().contains("line "), "{app}");
    }

    #[test]
    fn kinds_are_kebab_case_words() {
        let kinds = [
            (ErrorKind::ApprovalStale, "approval-stale"),
            (ErrorKind::ConfirmationRequired, "confirmation-required"),
            (ErrorKind::MfaCodeRequired, "mfa-code-required"),
            (ErrorKind::NotFound, "not-found"),
        ];
        for (kind, word) in kinds {
            assert_eq!(serde_json::to_value(kind).unwrap(), word);
        }
    }

    #[test]
    fn control_errors_keep_their_kind() {
        let e: AppError = pipewright_aws::AwsError::ConfirmationRequired {
            pipeline: "web-prod".into(),
            operation: "approval".into(),
        }
        .into();
        assert_eq!(e.kind(), ErrorKind::ConfirmationRequired);
        assert!(
            e.payload().message.starts_with('`'),
            "{}",
            e.payload().message
        );
    }

    #[test]
    fn aws_errors_keep_their_kind_and_become_sentences() {
        let stale: AppError = pipewright_aws::AwsError::ApprovalStale {
            refreshed: Box::new(None),
        }
        .into();
        assert_eq!(stale.kind(), ErrorKind::ApprovalStale);
        assert!(
            stale
                .payload()
                .message
                .starts_with("This approval was already decided"),
            "{}",
            stale.payload().message
        );
        let throttled: AppError = pipewright_aws::AwsError::Throttled {
            code: "ThrottlingException".into(),
            retry_after: None,
        }
        .into();
        assert_eq!(throttled.kind(), ErrorKind::Throttled);
        let missing: AppError = pipewright_aws::AwsError::StageNotFound {
            pipeline: "web".into(),
            stage: "Prod".into(),
        }
        .into();
        assert_eq!(missing.kind(), ErrorKind::NotFound);
    }
}
