//! The lossless codec: documents read from CodePipeline's own JSON (and YAML) into the model and
//! written back, so that a document read and written is the same JSON value, fields Pipewright
//! does not know included (the way `toml_edit` keeps what it does not understand).
//!
//! - `text.rs`: text to JSON values and back (limits, syntax errors with line and column, the
//!   canonical text `pipewright fmt` writes); `strict.rs`: values read strictly (a key twice is
//!   an error, never "last one wins").
//! - `aliases.rs`: YAML aliases bounded (expanded values and bytes) before a design is read.
//! - `one_pass.rs`: the fast path, text straight into the model.
//! - `decode.rs`: the careful path, a JSON value decoded by hand with a [`Pointer`] to every node,
//!   because serde's `flatten` loses the location of a type error (dtolnay/path-to-error#9).
//! - `structs.rs`: every model struct's fields, listed once for both paths.
//! - `document.rs`: [`Document`](crate::Document)'s reading and writing, and the parts of a
//!   design file around the pipeline.
//! - `pointer.rs`: JSON pointers, which errors and diagnostics use to name a node.

mod aliases;
mod decode;
mod document;
mod one_pass;
mod pointer;
mod strict;
mod structs;
mod text;

pub use aliases::{check_expansion, MAX_EXPANDED_BYTES, MAX_EXPANDED_VALUES};
pub use pointer::Pointer;
pub use text::{parse_value, value_to_text, MAX_DOCUMENT_BYTES, MAX_YAML_FLOW_DEPTH};
