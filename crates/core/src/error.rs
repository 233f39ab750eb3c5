//! The core crate's one error type. Messages are sentences that say what to do.

use thiserror::Error;

/// Why a document could not be read or written.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum CodecError {
    #[error("the file is empty; a pipeline document needs at least `pipeline` with `name`, `roleArn` and `stages`")]
    Empty,

    #[error("the file is {size} bytes, over the {limit}-byte limit for a pipeline document; is this the right file?")]
    TooLarge { size: usize, limit: usize },

    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },

    #[error("{pointer}: expected {expected}, found {found}")]
    WrongType {
        pointer: String,
        expected: String,
        found: String,
    },

    #[error("this is not a pipeline document: {0}")]
    NotAPipeline(String),

    #[error("environment `{env}`: {message}")]
    Environment { env: String, message: String },

    #[error("could not write the document: {0}")]
    Write(String),
}
