//! What the remote subcommands (`plan`, `apply`, `pull`, `delete`) share: the endpoint and region
//! options, the connection (global `--profile`, else the standard AWS environment chain), the
//! async runtime, and the exit statuses.
//!
//! Exit status of the remote subcommands:
//! - 0: done (plan: nothing blocks an apply; apply / pull: every pipeline is in sync);
//! - 1: done with problems (a design is invalid or drifted; apply: a pipeline was refused or a
//!   call failed; pull: a pipeline could not be imported); the report says which;
//! - 2: nothing was done (unreadable design, unusable connection, endpoint unreachable while
//!   planning or listing, bad usage, apply not confirmed).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use pipewright_aws::sync::{load_designs, DesignFile};
use pipewright_aws::{Aws, CodePipeline};

use super::connections::ProfileArg;
use crate::output::{self, Exit};

/// `--endpoint-url` and `--region`, next to the global `--profile`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RemoteArgs {
    /// A CodePipeline endpoint other than AWS's (moto, the local sandbox), e.g. http://127.0.0.1:5000.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// The AWS region [default: the connection's, else AWS_REGION / the AWS config].
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// The current code of the connection's MFA device, when it has one (asked for at a terminal).
    #[arg(long, value_name = "CODE")]
    pub mfa_code: Option<String>,
}

/// A connected API and the region it talks to.
pub struct Remote {
    /// The connection's handle: every client of the AWS port.
    pub aws: Aws,
    pub api: CodePipeline,
    pub region: String,
    pub title: String,
}

/// Run an async command on a fresh runtime.
pub fn block_on<F>(f: F) -> Exit
where
    F: std::future::Future<Output = Exit>,
{
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(f),
        Err(e) => {
            output::eprint_line(&format!("error: cannot start the async runtime ({e})"));
            Exit::Error
        }
    }
}

/// Resolve the connection and build the client (through the AWS port).
pub async fn connect(args: &RemoteArgs, profile: &ProfileArg) -> Result<Remote, Exit> {
    let resolved = profile
        .resolve(
            args.endpoint_url.clone(),
            args.region.clone(),
            args.mfa_code.clone(),
        )
        .await
        .map_err(|e| {
            output::eprint_line(&format!("error: {e}"));
            Exit::Error
        })?;
    let aws = resolved.aws();
    Ok(Remote {
        api: aws.codepipeline(),
        aws,
        region: resolved.active.region.clone(),
        title: resolved.active.title.clone(),
    })
}

/// Read the designs named on the command line; any unreadable one stops the command.
pub fn designs(paths: &[PathBuf]) -> Result<Vec<DesignFile>, Exit> {
    for p in paths {
        if !p.exists() {
            output::eprint_line(&format!(
                "{}: no such file or directory; check the path and try again",
                p.display()
            ));
            return Err(Exit::Error);
        }
    }
    let (designs, errors) = load_designs(paths);
    if !errors.is_empty() {
        for e in &errors {
            output::eprint_line(&format!("error: {e}"));
        }
        return Err(Exit::Error);
    }
    if designs.is_empty() {
        output::eprint_line(
            "error: no design files found (*.json, *.yaml, *.yml); name files or a directory that holds them",
        );
        return Err(Exit::Error);
    }
    Ok(designs)
}

/// Ask a yes/no question on the terminal; `false` when standard input is not a terminal.
pub fn confirm(question: &str) -> bool {
    if !io::stdin().is_terminal() {
        return false;
    }
    let mut err = io::stderr().lock();
    let _ = write!(err, "{question} [y/N] ");
    let _ = err.flush();
    let mut line = String::new();
    if io::stdin().read_line(&mut line).is_err() {
        return false;
    }
    matches!(line.trim(), "y" | "Y" | "yes" | "YES" | "Yes")
}

/// Print `text` to stdout, mapping a closed pipe to exit 2.
pub fn print(text: &str) -> Result<(), Exit> {
    output::print(text).map_err(|e| {
        output::report(&e);
        Exit::Error
    })
}

/// Turn `Result<Exit, Exit>` into `Exit`.
pub fn either(r: Result<Exit, Exit>) -> Exit {
    match r {
        Ok(e) | Err(e) => e,
    }
}
