//! Pipewright's pure core: the CodePipeline pipeline model, its lossless codec to and from the
//! service's own JSON (and YAML), the provider catalog, validation and lints.
//!
//! No IO, no async, no UI: everything here is a function of its inputs.

pub mod catalog;
pub mod decode;
pub mod diagnostic;
pub mod document;
pub mod environments;
pub mod error;
pub mod export;
pub mod hash;
pub mod model;
mod one_pass;
pub mod plan;
pub mod pointer;
mod strict;
pub mod templates;
pub mod validate;

pub use diagnostic::{Diagnostic, Severity};
pub use document::{Designer, Document, Format, Position};
pub use error::CodecError;
pub use model::*;
pub use pointer::Pointer;
pub use validate::validate;
