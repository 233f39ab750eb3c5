//! `pipewright`: the headless command line over Pipewright's core. This file only parses the
//! command line and dispatches; each subcommand lives in `cmd/<name>.rs`.

mod cmd;
mod comments;
mod error;
mod files;
mod git;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A design is many small strings; mimalloc allocates and frees them faster than glibc's malloc
/// (parse + validate of a 500-action pipeline: about 15% faster, `cargo bench -p pipewright-core`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Design, check and convert AWS CodePipeline pipelines from the command line.
///
/// Pipewright design files are CodePipeline's own pipeline JSON (or YAML) plus an optional
/// `pipewright` section with canvas positions and notes; see docs/design-file.md.
#[derive(Debug, Parser)]
#[command(
    name = "pipewright",
    version,
    propagate_version = true,
    after_help = "Exit status: 0 success; 1 problems found (validation errors, files fmt --check would change, changes with diff --exit-code); 2 a file could not be read, parsed or written, or bad usage.\n\nRun `pipewright help <COMMAND>` for a command's options and examples."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,

    #[command(flatten)]
    connection: cmd::connections::ProfileArg,
}

/// The subcommands. A variant's help is the doc comment of its `Args` struct.
#[derive(Debug, Subcommand)]
enum Command {
    Validate(cmd::validate::Args),
    Fmt(cmd::fmt::Args),
    Diff(cmd::diff::Args),
    GitSetup(cmd::git_setup::Args),
    Import(cmd::import::Args),
    Export(cmd::export::Args),
    New(cmd::new::Args),
    Catalog(cmd::catalog::Args),
    Connections(cmd::connections::Args),
    Plan(cmd::plan::Args),
    Apply(cmd::apply::Args),
    Pull(cmd::pull::Args),
    Delete(cmd::delete::Args),
    Watch(cmd::watch::Args),
    Events(cmd::events::Args),
    Approve(cmd::approve::Args),
    Start(cmd::start::Args),
    Stop(cmd::stop::Args),
    Retry(cmd::retry::Args),
    Rollback(cmd::rollback::Args),
    Status(cmd::status::Args),
    History(cmd::history::Args),
    Transition(cmd::transition::Args),
    Override(cmd::overrides::Args),
    Why(cmd::why::Args),
    Logs(cmd::logs::Args),
}

fn main() -> ExitCode {
    // `pipewright package-assets --out DIR`, for packaging, stays out of the command line that
    // its man pages and completions describe.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == cmd::assets::NAME)
    {
        let args = cmd::assets::Args::parse_from(std::env::args_os().skip(1));
        return output::finish(cmd::assets::run(
            args,
            <Cli as clap::CommandFactory>::command(),
        ));
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(args) => cmd::validate::run(args),
        Command::Fmt(args) => cmd::fmt::run(args),
        Command::Diff(args) => cmd::diff::run(args),
        Command::GitSetup(args) => cmd::git_setup::run(args),
        Command::Import(args) => cmd::import::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Catalog(args) => cmd::catalog::run(args),
        Command::Connections(args) => cmd::connections::run(args, &cli.connection),
        Command::Plan(args) => cmd::plan::run(args, &cli.connection),
        Command::Apply(args) => cmd::apply::run(args, &cli.connection),
        Command::Pull(args) => cmd::pull::run(args, &cli.connection),
        Command::Delete(args) => cmd::delete::run(args, &cli.connection),
        Command::Watch(args) => cmd::watch::run(args, &cli.connection),
        Command::Events(args) => cmd::events::run(args, &cli.connection),
        Command::Approve(args) => cmd::approve::run(args, &cli.connection),
        Command::Start(args) => cmd::start::run(args, &cli.connection),
        Command::Stop(args) => cmd::stop::run(args, &cli.connection),
        Command::Retry(args) => cmd::retry::run(args, &cli.connection),
        Command::Rollback(args) => cmd::rollback::run(args, &cli.connection),
        Command::Status(args) => cmd::status::run(args, &cli.connection),
        Command::History(args) => cmd::history::run(args, &cli.connection),
        Command::Transition(args) => cmd::transition::run(args, &cli.connection),
        Command::Override(args) => cmd::overrides::run(args, &cli.connection),
        Command::Why(args) => cmd::why::run(args, &cli.connection),
        Command::Logs(args) => cmd::logs::run(args, &cli.connection),
    };
    output::finish(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
