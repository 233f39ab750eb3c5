//! The crate's one error type. Every message is a sentence that says what happened and what to
//! do; the settings screen and the CLI show it as is. No message ever contains a secret.

use std::path::PathBuf;

use serde::{Serialize, Serializer};

/// What went wrong, as a stable code the UI can branch on (icons, "retry" buttons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ConnectionErrorKind"))]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    Io,
    CorruptFile,
    Input,
    DuplicateName,
    NotFound,
    InvalidEndpoint,
    MissingRegion,
    KeyringUnavailable,
    SecretMissing,
    Keyring,
    MfaCodeRequired,
    CredentialsUnavailable,
    ExpiredToken,
    ClockSkew,
    AccessDenied,
    InvalidCredentials,
    UnknownRegion,
    EndpointNotResolvable,
    Unreachable,
    Throttled,
    UnexpectedResponse,
    Service,
    SignInFailed,
    PlainHttp,
}

/// Everything that can go wrong with connections, from the profiles file to "Test connection".
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Could not {action} {path}: {source}. Check that the folder exists and is writable.")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("The connections file {path} is not valid ({detail}): fix it, or move it away to start with no connections.")]
    CorruptFile { path: PathBuf, detail: String },

    #[error("{0}")]
    Input(String),

    #[error(
        "A connection named '{0}' already exists: pick another name, or edit that connection."
    )]
    DuplicateName(String),

    #[error("There is no Pipewright connection or AWS profile named '{0}': list them with `pipewright connections list`, or add one with `pipewright connections add`.")]
    NotFound(String),

    #[error("The endpoint URL '{url}' cannot be used: {reason}.")]
    InvalidEndpoint { url: String, reason: String },

    #[error("No region is set for connection '{connection}': set one on the connection (or `region = ...` in its AWS profile, or AWS_REGION in the environment).")]
    MissingRegion { connection: String },

    #[error("No OS keyring (Secret Service) is available: use an AWS profile or environment credentials instead. ({detail})")]
    KeyringUnavailable { detail: String },

    #[error("The secret access key of connection '{connection}' is not in the OS keyring (it was removed, or this is another user or machine): enter it again with 'Replace secret' (`pipewright connections rotate {connection}`).")]
    SecretMissing { connection: String },

    #[error("The OS keyring refused the request ({detail}): unlock the keyring and try again, or use an AWS profile or environment credentials instead.")]
    Keyring { detail: String },

    #[error("Connection '{connection}' uses the MFA device {serial}: enter the current MFA code to connect.")]
    MfaCodeRequired { connection: String, serial: String },

    #[error("Could not get AWS credentials for '{connection}' ({detail}). For an SSO profile run `aws sso login --profile <name>`; otherwise check the profile in ~/.aws/config or the AWS_* environment variables.")]
    CredentialsUnavailable { connection: String, detail: String },

    #[error("The AWS security token has expired ({detail}): refresh the credentials (for an SSO profile run `aws sso login`; for temporary keys replace the session token) and test again.")]
    ExpiredToken { detail: String },

    #[error("This computer's clock is more than 5 minutes off from AWS's, so AWS refuses the signed requests ({detail}): set the clock right (turn on automatic time, e.g. `timedatectl set-ntp true`) and test again.")]
    ClockSkew { detail: String },

    #[error("The credentials are valid but not allowed to list CodePipeline pipelines ({detail}): ask your AWS administrator for codepipeline:ListPipelines (for example the AWSCodePipeline_ReadOnlyAccess policy), or pick another connection.")]
    AccessDenied { detail: String },

    #[error("AWS does not recognise these credentials ({detail}): check the access key id and the secret access key (replace the secret if it was rotated), or pick another connection.")]
    InvalidCredentials { detail: String },

    #[error("'{region}' is not a region CodePipeline can be reached in ({detail}): pick a region such as us-east-1 or eu-west-1.")]
    UnknownRegion { region: String, detail: String },

    #[error("The endpoint host '{host}' could not be resolved: check the region and the endpoint URL, and that this computer is online.")]
    EndpointNotResolvable { host: String },

    #[error("Could not reach {endpoint} ({detail}): check that the endpoint is running (start the local sandbox or moto if you use one) and that no firewall or proxy blocks it.")]
    Unreachable { endpoint: String, detail: String },

    #[error("AWS is throttling requests ({detail}): wait a minute and try again.")]
    Throttled { detail: String },

    #[error("The endpoint answered with something that is not a CodePipeline response ({detail}): check the endpoint URL.")]
    UnexpectedResponse {
        detail: String,
        /// The SDK's own account of the answer, for the app's "Copy details".
        technical: Option<String>,
    },

    #[error("CodePipeline answered {code}: {message}")]
    Service { code: String, message: String },

    #[error("Signing in '{connection}' with IAM Identity Center did not finish: {detail}.")]
    SignIn { connection: String, detail: String },

    #[error("Refusing to send the long-lived access key of '{connection}' over plain http to {url}: only a loopback endpoint (127.0.0.1, ::1, localhost) may use http. Use an https endpoint, or temporary credentials (an SSO or MFA session).")]
    PlainHttp { connection: String, url: String },
}

impl Error {
    /// The stable code of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Io { .. } => ErrorKind::Io,
            Error::CorruptFile { .. } => ErrorKind::CorruptFile,
            Error::Input(_) => ErrorKind::Input,
            Error::DuplicateName(_) => ErrorKind::DuplicateName,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::InvalidEndpoint { .. } => ErrorKind::InvalidEndpoint,
            Error::MissingRegion { .. } => ErrorKind::MissingRegion,
            Error::KeyringUnavailable { .. } => ErrorKind::KeyringUnavailable,
            Error::SecretMissing { .. } => ErrorKind::SecretMissing,
            Error::Keyring { .. } => ErrorKind::Keyring,
            Error::MfaCodeRequired { .. } => ErrorKind::MfaCodeRequired,
            Error::CredentialsUnavailable { .. } => ErrorKind::CredentialsUnavailable,
            Error::ExpiredToken { .. } => ErrorKind::ExpiredToken,
            Error::ClockSkew { .. } => ErrorKind::ClockSkew,
            Error::AccessDenied { .. } => ErrorKind::AccessDenied,
            Error::InvalidCredentials { .. } => ErrorKind::InvalidCredentials,
            Error::UnknownRegion { .. } => ErrorKind::UnknownRegion,
            Error::EndpointNotResolvable { .. } => ErrorKind::EndpointNotResolvable,
            Error::Unreachable { .. } => ErrorKind::Unreachable,
            Error::Throttled { .. } => ErrorKind::Throttled,
            Error::UnexpectedResponse { .. } => ErrorKind::UnexpectedResponse,
            Error::Service { .. } => ErrorKind::Service,
            Error::SignIn { .. } => ErrorKind::SignInFailed,
            Error::PlainHttp { .. } => ErrorKind::PlainHttp,
        }
    }

    /// The technical account the message leaves out (the SDK's error), when there is one.
    pub fn technical(&self) -> Option<&str> {
        match self {
            Error::UnexpectedResponse { technical, .. } => technical.as_deref(),
            _ => None,
        }
    }

    /// The error as the UI receives it.
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            kind: self.kind(),
            message: self.to_string(),
        }
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// The serialized form of [`Error`]: `{ "kind": "expiredToken", "message": "..." }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ConnectionError"))]
#[serde(rename_all = "camelCase")]
pub struct ErrorPayload {
    pub kind: ErrorKind,
    pub message: String,
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
