//! `pipewright override PIPELINE STAGE --condition beforeEntry|onSuccess`.

use pipewright_aws::control::{usecases, ConditionKind};

use crate::cmd::connections::ProfileArg;
use crate::cmd::control::{self, ConnArgs, GuardArgs};
use crate::cmd::remote;
use crate::error::CliError;
use crate::output::{self, Exit};

/// Which condition to override.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Condition {
    #[value(name = "beforeEntry")]
    BeforeEntry,
    #[value(name = "onSuccess")]
    OnSuccess,
}

/// Let the execution a stage condition holds go on (OverrideStageCondition): a closed
/// deployment window, an alarm still being watched, any rule still evaluating.
///
/// `pipewright status PIPELINE` shows which conditions hold which stage and why. Asks for
/// confirmation on a terminal; pass --yes otherwise. A production pipeline or stage also needs
/// --confirm with the pipeline's name.
///
/// Exit status: 0 overridden; 1 nothing is held by that condition, or the production name was
/// not confirmed; 2 not confirmed, bad input or the call failed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright override web-app-dev Deploy --condition beforeEntry\n  pipewright override web-app-prod Deploy --condition onSuccess --yes --confirm web-app-prod"
)]
pub struct Args {
    /// The pipeline.
    pub pipeline: String,

    /// The stage whose condition holds the execution.
    pub stage: String,

    /// The condition to override.
    #[arg(long, value_name = "CONDITION")]
    pub condition: Condition,

    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// The pipeline's name, typed back to confirm overriding production.
    #[arg(long, value_name = "NAME")]
    pub confirm: Option<String>,

    #[command(flatten)]
    pub guard: GuardArgs,

    #[command(flatten)]
    pub conn: ConnArgs,
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    let kind = match args.condition {
        Condition::BeforeEntry => ConditionKind::BeforeEntry,
        Condition::OnSuccess => ConditionKind::OnSuccess,
    };
    if !args.yes
        && !remote::confirm(&format!(
            "Override the {} condition of {} stage {}?",
            kind.as_str(),
            args.pipeline,
            args.stage
        ))
    {
        output::eprint_line(
            "Nothing overridden: not confirmed. Answer `y` at the prompt, or pass --yes when not on a terminal.",
        );
        return Ok(Exit::Error);
    }
    control::run(profile, &args.conn.clone(), |api, _| async move {
        match usecases::override_condition(
            &api,
            &args.guard.policy(),
            &args.pipeline,
            &args.stage,
            kind,
            None,
            args.confirm.as_deref(),
        )
        .await
        {
            Ok(execution) => {
                output::print(&format!(
                    "Overrode the {} condition of {} stage {} for execution {execution}\n",
                    kind.as_str(),
                    args.pipeline,
                    args.stage
                ))?;
                Ok(Exit::Ok)
            }
            Err(e) => Ok(control::fail(&e)),
        }
    })
}
