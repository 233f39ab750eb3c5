//! `pipewright`: the headless command line over Pipewright's core, as a library: [`run`] parses
//! a command line and dispatches; each subcommand lives in `cmd/<name>.rs`. Two binaries call it:
//! this crate's own `pipewright` (`src/main.rs`, for `cargo run` and the tests) and the desktop
//! app's, which runs it when invoked as `pipewright` (the packages install `/usr/bin/pipewright`
//! as a link to the app, so the CLI ships without a second copy of the AWS SDK).

mod cmd;
mod comments;
mod error;
mod files;
mod git;
mod output;

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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

/// The name the CLI is installed and invoked as.
pub const NAME: &str = "pipewright";

/// Whether `argv0` (the first argument a binary got) names the CLI: its file name is
/// [`NAME`] (`pipewright.exe` on Windows, any case there), wherever it sits. The desktop app's
/// binary asks this first: anything else, including no argv[0] at all, runs the app, so
/// `pipewright-app FILE` still opens a design.
pub fn invoked_as_cli(argv0: Option<&OsStr>) -> bool {
    let Some(name) = argv0.and_then(|a| Path::new(a).file_name()) else {
        return false;
    };
    if cfg!(windows) {
        let name = name.to_string_lossy().to_ascii_lowercase();
        name == NAME || name.strip_suffix(".exe") == Some(NAME)
    } else {
        name == NAME
    }
}

/// Run the command line `args` (the program name first, as `std::env::args_os` gives it) and
/// return the process status. Usage errors, `--help` and `--version` print and exit here, as
/// clap does.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // `pipewright package-assets --out DIR`, for packaging, stays out of the command line that
    // its man pages and completions describe.
    if args.get(1).is_some_and(|a| a == cmd::assets::NAME) {
        let args = cmd::assets::Args::parse_from(args.into_iter().skip(1));
        return output::finish(cmd::assets::run(
            args,
            <Cli as clap::CommandFactory>::command(),
        ));
    }
    let cli = Cli::parse_from(args);
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

    fn cli(argv0: &str) -> bool {
        invoked_as_cli(Some(OsStr::new(argv0)))
    }

    #[test]
    fn the_name_pipewright_runs_the_cli_from_any_folder() {
        assert!(cli("pipewright"));
        assert!(cli("/usr/bin/pipewright"));
        assert!(cli("./target/debug/pipewright"));
    }

    #[test]
    fn the_app_name_and_others_run_the_app() {
        assert!(!cli("pipewright-app"));
        assert!(!cli("/usr/bin/pipewright-app"));
        assert!(!cli("/usr/bin/pipewright/app"));
        assert!(!cli("pipewright2"));
        assert!(!cli("/opt/pipewright/bin/Pipewright-App"));
        assert!(!cli(""));
        assert!(!invoked_as_cli(None));
    }

    #[test]
    fn only_windows_ignores_case_and_the_exe_suffix() {
        assert_eq!(
            cli("C:\\Program Files\\Pipewright\\PIPEWRIGHT.EXE"),
            cfg!(windows)
        );
        assert_eq!(cli("pipewright.exe"), cfg!(windows));
        assert!(!cli("pipewright-app.exe"));
    }
}
