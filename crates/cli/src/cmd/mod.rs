//! One module per subcommand. Each has `Args` (clap derive; its doc comment is the help text)
//! and `run(Args) -> Result<Exit, CliError>`. To add a subcommand: a module here, a variant in
//! `Command` in `main.rs`, and its arm in `main`.

pub mod apply;
pub mod approve;
pub mod assets;
pub mod catalog;
pub mod connections;
pub mod control;
pub mod delete;
pub mod diff;
pub mod events;
pub mod export;
pub mod fmt;
pub mod git_setup;
pub mod history;
pub mod import;
pub mod logs;
pub mod new;
pub mod overrides;
pub mod plan;
pub mod pull;
pub mod remote;
pub mod retry;
pub mod rollback;
pub mod start;
pub mod status;
pub mod stop;
pub mod transition;
pub mod validate;
pub mod watch;
pub mod why;
