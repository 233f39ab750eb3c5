//! The CLI's one error type. Each message is a single line that starts with the file it is
//! about (`path:line:col:` for syntax, `path: /pointer:` for a wrong type) and says what to do.

use std::io;

use pipewright_core::{CodecError, Format};
use thiserror::Error;

/// Why a command could not do its work on a file.
#[derive(Debug, Error)]
pub enum CliError {
    #[error("{path}: no such file or directory; check the path and try again")]
    NotFound { path: String },

    #[error("{path}: is a directory, not a pipeline file; name the files inside it instead (for example `{path}/*.yaml`)")]
    IsDirectory { path: String },

    #[error(
        "{path}: cannot read the file ({source}); check that it exists and that you may read it"
    )]
    Read {
        path: String,
        #[source]
        source: io::Error,
    },

    #[error("{path}:{line}:{column}: the file is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8 and try again")]
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
        byte: u8,
    },

    #[error("{}", codec_message(path, *format, source))]
    Codec {
        path: String,
        format: Format,
        #[source]
        source: CodecError,
    },

    #[error("{path}: cannot write the file ({source}); check that the directory exists and that you may write to it")]
    Write {
        path: String,
        #[source]
        source: io::Error,
    },

    #[error("{path}:{line}: `pipewright fmt` would drop this YAML comment ({count} in the file); move comments into `pipewright.notes` or to the top of the file, or run `pipewright fmt --drop-comments`")]
    CommentsWouldBeLost {
        path: String,
        line: usize,
        count: usize,
    },

    #[error("cannot write to standard output ({0})")]
    Stdout(#[source] io::Error),

    #[error("cannot run git ({0}); install git, or name files on disk instead of `REV:path`")]
    GitMissing(#[source] io::Error),

    #[error("{spec}: git cannot read it ({message}); check the revision and the path (from the top of the repository, or starting with ./)")]
    GitRead { spec: String, message: String },

    #[error(
        "{dir}: not inside a git repository ({message}); run this inside one, or `git init` first"
    )]
    NotARepository { dir: String, message: String },

    #[error(
        "git could not {what} ({message}); check that you may write the repository's configuration"
    )]
    GitFailed { what: String, message: String },

    #[error(transparent)]
    Review(#[from] pipewright_core::review::ReviewError),

    #[error("{0}")]
    Usage(String),
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Json => "JSON",
        Format::Yaml => "YAML",
    }
}

fn codec_message(path: &str, format: Format, error: &CodecError) -> String {
    match error {
        CodecError::Syntax {
            line,
            column,
            message,
        } => {
            let what = format_name(format);
            if *line == 0 {
                format!("{path}: this is not valid {what}: {message}; fix the syntax and try again")
            } else {
                format!(
                    "{path}:{line}:{column}: this is not valid {what}: {message}; fix the syntax there and try again"
                )
            }
        }
        CodecError::WrongType { expected, .. } => {
            format!("{path}: {error}; change the value to {expected}")
        }
        other => format!("{path}: {other}"),
    }
}

impl CliError {
    /// A stable, machine-readable name for the kind of error (`validate --format json`).
    pub fn kind(&self) -> &'static str {
        match self {
            CliError::NotFound { .. } => "not_found",
            CliError::IsDirectory { .. } => "is_directory",
            CliError::Read { .. } => "read",
            CliError::NotUtf8 { .. } => "not_utf8",
            CliError::Codec { source, .. } => match source {
                CodecError::Empty => "empty",
                CodecError::TooLarge { .. } => "too_large",
                CodecError::Syntax { .. } => "syntax",
                CodecError::WrongType { .. } => "wrong_type",
                CodecError::NotAPipeline(_) => "not_a_pipeline",
                CodecError::Write(_) => "encode",
                _ => "invalid",
            },
            CliError::Write { .. } => "write",
            CliError::CommentsWouldBeLost { .. } => "comments",
            CliError::Stdout(_) => "stdout",
            CliError::GitMissing(_) | CliError::GitFailed { .. } => "git",
            CliError::GitRead { .. } => "not_found",
            CliError::NotARepository { .. } => "not_a_repository",
            CliError::Review(_) => "invalid",
            CliError::Usage(_) => "usage",
        }
    }

    /// Where in the file the error is: `(line, column)` when known.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            CliError::NotUtf8 { line, column, .. } => Some((*line, *column)),
            CliError::CommentsWouldBeLost { line, .. } => Some((*line, 1)),
            CliError::Codec {
                source: CodecError::Syntax { line, column, .. },
                ..
            } if *line > 0 => Some((*line, *column)),
            _ => None,
        }
    }

    /// The JSON pointer of the offending node, for type errors.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            CliError::Codec {
                source: CodecError::WrongType { pointer, .. },
                ..
            } => Some(pointer),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_lead_with_path_line_and_column() {
        let e = CliError::Codec {
            path: "p.json".into(),
            format: Format::Json,
            source: CodecError::Syntax {
                line: 3,
                column: 7,
                message: "expected value".into(),
            },
        };
        assert_eq!(
            e.to_string(),
            "p.json:3:7: this is not valid JSON: expected value; fix the syntax there and try again"
        );
        assert_eq!(e.line_column(), Some((3, 7)));
        assert_eq!(e.kind(), "syntax");
    }

    #[test]
    fn type_errors_lead_with_path_and_pointer() {
        let e = CliError::Codec {
            path: "p.yaml".into(),
            format: Format::Yaml,
            source: CodecError::WrongType {
                pointer: "/pipeline/stages/0/actions/0/runOrder".into(),
                expected: "a whole number".into(),
                found: "a string".into(),
            },
        };
        assert_eq!(
            e.to_string(),
            "p.yaml: /pipeline/stages/0/actions/0/runOrder: expected a whole number, found a string; change the value to a whole number"
        );
        assert_eq!(e.pointer(), Some("/pipeline/stages/0/actions/0/runOrder"));
    }
}
