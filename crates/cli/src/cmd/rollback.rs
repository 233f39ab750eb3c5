//! `pipewright rollback PIPELINE STAGE`: roll a stage back to an earlier successful execution.

use pipewright_aws::control::usecases;

use crate::cmd::connections::ProfileArg;
use crate::cmd::control::{self, ConnArgs, GuardArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Roll a stage back to an earlier execution that succeeded in it (V2 pipelines).
///
/// With --list, print the possible targets (newest first) and exit. Without --to, the newest
/// target is used. A production pipeline or stage needs --confirm with the pipeline's name.
///
/// Exit status: 0 rolling back (or listed); 1 no target or confirmation missing; 2 bad input or
/// the call failed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright rollback web-app-prod Deploy --list\n  pipewright rollback web-app-prod Deploy --to 7d0e... --confirm web-app-prod"
)]
pub struct Args {
    /// The pipeline.
    pub pipeline: String,

    /// The stage to roll back.
    pub stage: String,

    /// The execution to roll back to (default: the newest one that succeeded in the stage).
    #[arg(long, value_name = "ID")]
    pub to: Option<String>,

    /// Only list the executions the stage can roll back to.
    #[arg(long)]
    pub list: bool,

    /// The pipeline's name, typed back to confirm rolling back production.
    #[arg(long, value_name = "NAME")]
    pub confirm: Option<String>,

    #[command(flatten)]
    pub guard: GuardArgs,

    #[command(flatten)]
    pub conn: ConnArgs,
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    control::run(profile, &args.conn.clone(), |api, _| async move {
        let target = match (&args.to, args.list) {
            (Some(to), false) => to.clone(),
            _ => {
                let targets =
                    match usecases::rollback_targets(&api, &args.pipeline, &args.stage, 20).await {
                        Ok(t) => t,
                        Err(e) => return Ok(control::fail(&e)),
                    };
                if args.list {
                    for t in &targets {
                        output::print(&format!(
                            "{}  {}  {}\n",
                            t.pipeline_execution_id,
                            t.start_time.as_deref().unwrap_or("-"),
                            t.trigger_type.as_deref().unwrap_or("-")
                        ))?;
                    }
                    return Ok(if targets.is_empty() {
                        Exit::Failed
                    } else {
                        Exit::Ok
                    });
                }
                match targets.first() {
                    Some(t) => t.pipeline_execution_id.clone(),
                    None => {
                        output::eprint_line(&format!(
                            "error: no earlier execution succeeded in {} stage {}; there is nothing to roll back to",
                            args.pipeline, args.stage
                        ));
                        return Ok(Exit::Failed);
                    }
                }
            }
        };
        match usecases::rollback(
            &api,
            &args.guard.policy(),
            &args.pipeline,
            &args.stage,
            &target,
            args.confirm.as_deref(),
        )
        .await
        {
            Ok(id) => {
                output::print(&format!(
                    "Rolling back {} stage {} to execution {target} (rollback execution {id})\n",
                    args.pipeline, args.stage
                ))?;
                Ok(Exit::Ok)
            }
            Err(e) => Ok(control::fail(&e)),
        }
    })
}
