//! The app's one error type. It crosses IPC as `AppError { kind, message }`: `kind` is a stable
//! machine-readable word the UI may branch on, `message` a sentence that says what to do.

use std::path::{Path, PathBuf};

use serde::{Serialize, Serializer};

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

    /// A control-room operation was refused or failed (stale approval, confirmation needed, ...).
    #[error("{0}")]
    Control(#[from] pipewright_aws::control::ControlError),

    /// The control room has no connection (yet): still starting, or it could not connect.
    #[error("{0}")]
    Unavailable(String),
}

impl AppError {
    /// The stable `kind` the UI sees.
    pub fn kind(&self) -> &'static str {
        match self {
            AppError::Parse(_) => "parse",
            AppError::Render(_) => "render",
            AppError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                "not-found"
            }
            AppError::Io { .. } => "io",
            AppError::UnknownFormat { .. } => "format",
            AppError::Invalid(_) => "invalid",
            AppError::UnknownTemplate(_) => "template",
            AppError::Control(e) => control_kind(e),
            AppError::Unavailable(_) => "unavailable",
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

    /// The value sent to the UI.
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            kind: self.kind().to_string(),
            message: self.to_string(),
        }
    }
}

/// What the UI receives when a command fails (TypeScript: `AppError`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(rename = "AppError")]
pub struct ErrorPayload {
    pub kind: String,
    pub message: String,
}

/// The `kind` of a control-room error: the UI refreshes on `approval-stale` and asks for the
/// typed name on `confirmation-required`.
fn control_kind(e: &pipewright_aws::control::ControlError) -> &'static str {
    use pipewright_aws::control::ControlError as C;
    match e {
        C::ApprovalStale { .. } => "approval-stale",
        C::NoWaitingApproval { .. } => "no-approval",
        C::AmbiguousApproval { .. } => "ambiguous-approval",
        C::ConfirmationRequired { .. } => "confirmation-required",
        C::ReasonRequired | C::InvalidInput { .. } => "invalid",
        C::PipelineNotFound(_) | C::StageNotFound { .. } => "not-found",
        C::NoExecution { .. } => "no-execution",
        C::Throttled { .. } | C::Network { .. } => "network",
        C::Service { .. } => "service",
    }
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
    fn missing_files_have_their_own_kind() {
        let missing = AppError::io("read", Path::new("/nope"))(std::io::Error::from(
            std::io::ErrorKind::NotFound,
        ));
        assert_eq!(missing.kind(), "not-found");
        let denied = AppError::io("read", Path::new("/nope"))(std::io::Error::from(
            std::io::ErrorKind::PermissionDenied,
        ));
        assert_eq!(denied.kind(), "io");
    }

    #[test]
    fn codec_syntax_errors_keep_line_and_column() {
        let error =
            pipewright_core::Document::parse("{\n  \"pipeline\": [", pipewright_core::Format::Json)
                .expect_err("broken JSON");
        let app: AppError = error.into();
        assert_eq!(app.kind(), "parse");
        assert!(app.to_string().contains("line "), "{app}");
    }
}
