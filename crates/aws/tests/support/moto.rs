//! moto's server for the sync tests: the shared launcher of `pipewright-test-support`.

pub use pipewright_test_support::moto::*;
