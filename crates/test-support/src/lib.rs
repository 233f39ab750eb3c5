//! What Pipewright's test suites share, so that each test crate does not grow its own copy:
//!
//! - [`paths`]: this checkout's folders as the running test sees them ([`manifest_dir!`],
//!   [`paths::repo_root`]) and the Python test venv ([`paths::venv`]);
//! - [`moto`]: moto's server on a free loopback port, killed on drop, with the pipeline role made;
//! - [`session`]: the private desktop session of `scripts/with-session.sh`, and the notifications
//!   seen on its bus.
//!
//! Only `std`: any test crate can depend on it without pulling a runtime in.

pub mod moto;
pub mod paths;
pub mod session;
