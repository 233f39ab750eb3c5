//! `pipewright approve PIPELINE`: approve or reject a waiting manual approval, with the token read
//! right before deciding.

use pipewright_aws::control::usecases::{decide_approval, ApprovalRequest, Decision};
use pipewright_aws::control::ApprovalStatus;

use crate::cmd::connections::ProfileArg;
use crate::cmd::control::{self, ConnArgs, GuardArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Approve (or, with --reject, reject) a manual approval that waits in a pipeline.
///
/// The approval's current token is read right before deciding; if it was decided or expired
/// meanwhile, nothing is sent and the approvals waiting now are listed. A production pipeline or
/// stage (named prod/production, or given with --production) needs --confirm with the
/// pipeline's name to approve.
///
/// Exit status: 0 decided; 1 nothing to decide (already decided, expired, none waiting, several
/// waiting, or confirmation missing); 2 bad input or the call failed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright approve web-app --summary 'staging looks good'\n  pipewright approve web-app-prod --stage Approval --action ManualApproval --summary ok --confirm web-app-prod\n  pipewright approve web-app --reject --reason 'errors on staging' --summary no"
)]
pub struct Args {
    /// The pipeline.
    pub pipeline: String,

    /// The stage of the approval (needed when several wait).
    #[arg(long)]
    pub stage: Option<String>,

    /// The approval action's name (needed when several wait in a stage).
    #[arg(long)]
    pub action: Option<String>,

    /// The execution you reviewed: refuse if the approval now waits for another one.
    #[arg(long, value_name = "ID")]
    pub execution: Option<String>,

    /// The comment recorded with the decision (up to 512 characters).
    #[arg(long, default_value = "")]
    pub summary: String,

    /// Reject instead of approving (needs --reason).
    #[arg(long, requires = "reason")]
    pub reject: bool,

    /// Why the change must not go on.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,

    /// The pipeline's name, typed back to confirm approving a production pipeline or stage.
    #[arg(long, value_name = "NAME")]
    pub confirm: Option<String>,

    #[command(flatten)]
    pub guard: GuardArgs,

    #[command(flatten)]
    pub conn: ConnArgs,
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    control::run(profile, &args.conn.clone(), |api, _| async move {
        let decision = if args.reject {
            Decision::Reject {
                reason: args.reason.clone().unwrap_or_default(),
            }
        } else {
            Decision::Approve
        };
        let req = ApprovalRequest {
            pipeline: args.pipeline.clone(),
            stage: args.stage.clone(),
            action: args.action.clone(),
            pipeline_execution_id: args.execution.clone(),
            parallel: None,
            decision,
            summary: args.summary.clone(),
            confirmation: args.confirm.clone(),
        };
        match decide_approval(&api, &args.guard.policy(), &req).await {
            Ok(out) => {
                let verb = match out.status {
                    ApprovalStatus::Approved => "Approved",
                    ApprovalStatus::Rejected => "Rejected",
                };
                output::print(&format!(
                    "{verb} {} {}/{} (execution {})\n",
                    args.pipeline,
                    out.approval.stage,
                    out.approval.action,
                    out.approval.pipeline_execution_id.as_deref().unwrap_or("?")
                ))?;
                Ok(Exit::Ok)
            }
            Err(e) => Ok(control::fail(&e)),
        }
    })
}
