//! Pipewright's pure core: the CodePipeline pipeline model, its lossless codec to and from the
//! service's own JSON (and YAML), the provider catalog, validation and lints, plan/diff,
//! environments, templates, the CloudFormation and Terraform exports, and SVG pictures of designs
//! and reviews; with them, what every crate needs of AWS's names ([`arn`]: ARNs, partitions,
//! console hosts) and of XML ([`xml`]).
//!
//! No IO, no async, no UI: everything here is a function of its inputs.

pub mod arn;
pub mod around;
pub mod catalog;
pub mod codec;
pub mod diagnostic;
pub mod document;
pub mod environments;
pub mod error;
pub mod export;
pub mod model;
pub mod picture;
pub mod plan;
pub mod review;
pub mod templates;
pub mod validate;
pub mod xml;

pub use codec::Pointer;
pub use diagnostic::{Diagnostic, Severity};
pub use document::{Designer, Document, Format, Position};
pub use error::CodecError;
pub use model::*;
pub use validate::validate;
