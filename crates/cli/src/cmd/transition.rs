//! `pipewright transition PIPELINE STAGE --disable --reason TEXT | --enable`.

use pipewright_aws::control::{usecases, TransitionType};

use crate::cmd::connections::ProfileArg;
use crate::cmd::control::{self, ConnArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Disable (with a reason) or enable the transition into (or out of) a stage.
///
/// The reason may hold letters, digits, spaces and ! @ ( ) . * ? - (1 to 300 characters); it is
/// checked before anything is sent.
///
/// Exit status: 0 done; 2 bad input or the call failed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright transition billing-service Production --disable --reason 'Change freeze (ticket 42)'\n  pipewright transition billing-service Production --enable"
)]
pub struct Args {
    /// The pipeline.
    pub pipeline: String,

    /// The stage.
    pub stage: String,

    /// Disable the transition (needs --reason).
    #[arg(long, conflicts_with = "enable", requires = "reason")]
    pub disable: bool,

    /// Enable the transition.
    #[arg(long)]
    pub enable: bool,

    /// Why it is disabled.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,

    /// The stage's outbound transition instead of its inbound one.
    #[arg(long)]
    pub outbound: bool,

    #[command(flatten)]
    pub conn: ConnArgs,
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    if args.disable == args.enable {
        output::eprint_line("error: say --disable --reason TEXT or --enable");
        return Ok(Exit::Error);
    }
    control::run(profile, &args.conn.clone(), |api, _| async move {
        let kind = if args.outbound {
            TransitionType::Outbound
        } else {
            TransitionType::Inbound
        };
        match usecases::set_transition(
            &api,
            &args.pipeline,
            &args.stage,
            kind,
            args.enable,
            args.reason.as_deref(),
        )
        .await
        {
            Ok(()) => {
                let what = if args.enable { "Enabled" } else { "Disabled" };
                let side = if args.outbound { "outbound" } else { "inbound" };
                output::print(&format!(
                    "{what} the {side} transition of {} stage {}\n",
                    args.pipeline, args.stage
                ))?;
                Ok(Exit::Ok)
            }
            Err(e) => Ok(control::fail(&e)),
        }
    })
}
