//! End-to-end tests of the `pipewright` binary: each runs the built executable on files in a
//! temporary directory and checks its output, exit status and the files it leaves.

mod bad_input;
mod common;
mod convert;
mod diff;
mod fmt;
mod help;
mod packaging;
mod templates;
mod validate;
