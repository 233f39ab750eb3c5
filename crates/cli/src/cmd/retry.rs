//! `pipewright retry PIPELINE STAGE`: retry a failed stage.

use pipewright_aws::control::{usecases, RetryMode};

use crate::cmd::connections::ProfileArg;
use crate::cmd::control::{self, ConnArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Retry a failed stage of its latest execution: its failed actions, or all its actions.
///
/// Exit status: 0 retrying; 1 nothing to retry; 2 bad input or the call failed (e.g. the stage
/// is not retryable).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright retry data-jobs Build\n  pipewright retry data-jobs Build --all-actions"
)]
pub struct Args {
    /// The pipeline.
    pub pipeline: String,

    /// The failed stage.
    pub stage: String,

    /// The execution (default: the stage's latest).
    #[arg(long, value_name = "ID")]
    pub execution: Option<String>,

    /// Run every action of the stage again, not only the failed ones.
    #[arg(long)]
    pub all_actions: bool,

    #[command(flatten)]
    pub conn: ConnArgs,
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    control::run(profile, &args.conn.clone(), |api, _| async move {
        let mode = if args.all_actions {
            RetryMode::AllActions
        } else {
            RetryMode::FailedActions
        };
        match usecases::retry(
            &api,
            &args.pipeline,
            &args.stage,
            args.execution.as_deref(),
            mode,
        )
        .await
        {
            Ok(id) => {
                output::print(&format!(
                    "Retrying {} stage {} (execution {id})\n",
                    args.pipeline, args.stage
                ))?;
                Ok(Exit::Ok)
            }
            Err(e) => Ok(control::fail(&e)),
        }
    })
}
