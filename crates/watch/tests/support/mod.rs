//! Test support shared by the watch crate's integration tests.
#![allow(dead_code)]

pub mod front;
