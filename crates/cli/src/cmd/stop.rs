//! `pipewright stop PIPELINE`: stop (or abandon) an execution.

use pipewright_aws::control::usecases::{self, StopRequest};

use crate::cmd::connections::ProfileArg;
use crate::cmd::control::{self, ConnArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Stop a pipeline execution (default: the one in progress).
///
/// Without --abandon, running actions finish first ("stop and wait"); with it they are abandoned.
///
/// Exit status: 0 stopping; 1 nothing in progress; 2 bad input or the call failed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright stop api-dev --reason 'wrong branch'\n  pipewright stop api-dev --execution 1b2c... --abandon"
)]
pub struct Args {
    /// The pipeline.
    pub pipeline: String,

    /// The execution to stop (default: the one in progress).
    #[arg(long, value_name = "ID")]
    pub execution: Option<String>,

    /// Abandon running actions instead of letting them finish.
    #[arg(long)]
    pub abandon: bool,

    /// Why (up to 200 characters).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,

    #[command(flatten)]
    pub conn: ConnArgs,
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    control::run(profile, &args.conn.clone(), |api, _| async move {
        let req = StopRequest {
            pipeline: args.pipeline.clone(),
            pipeline_execution_id: args.execution.clone(),
            abandon: args.abandon,
            reason: args.reason.clone(),
        };
        match usecases::stop(&api, &req).await {
            Ok(id) => {
                let how = if args.abandon {
                    "Abandoning"
                } else {
                    "Stopping"
                };
                output::print(&format!("{how} {} execution {id}\n", args.pipeline))?;
                Ok(Exit::Ok)
            }
            Err(e) => Ok(control::fail(&e)),
        }
    })
}
