//! `pipewright approve PIPELINE`: approve or reject a waiting manual approval, with the token read
//! right before deciding; with `--show`, what waits and what approving it releases.

use std::fmt::Write as _;

use pipewright_aws::control::release::{self, NextStage, Release, SourceChange};
use pipewright_aws::control::usecases::{self, decide_approval, ApprovalRequest, Decision};
use pipewright_aws::control::{ApprovalStatus, WaitingApproval};
use pipewright_aws::{Aws, AwsError};

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
/// With --show, nothing is decided: each waiting approval (narrowed by --stage, --action,
/// --execution) is printed with its custom data, review link, when it expires, what changed
/// since the last execution that went past it (CodeCommit commits, or a compare link for
/// GitHub, GitLab and Bitbucket connections) and the stages and actions that run after it.
///
/// Exit status: 0 decided (or shown); 1 nothing to decide (already decided, expired, none
/// waiting, several waiting, or confirmation missing); 2 bad input or the call failed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright approve web-app --show\n  pipewright approve web-app --summary 'staging looks good'\n  pipewright approve web-app-prod --stage Approval --action ManualApproval --summary ok --confirm web-app-prod\n  pipewright approve web-app --reject --reason 'errors on staging' --summary no"
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

    /// Show what waits and what approving it releases; decide nothing.
    #[arg(long, conflicts_with_all = ["reject", "reason", "confirm"])]
    pub show: bool,

    #[command(flatten)]
    pub guard: GuardArgs,

    #[command(flatten)]
    pub conn: ConnArgs,
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    if args.show {
        return control::run_aws(profile, &args.conn.clone(), |aws| async move {
            match show(&aws, &args).await {
                Ok(exit) => Ok(exit),
                Err(Shown::Aws(e)) => Ok(control::fail(&e)),
                Err(Shown::Cli(e)) => Err(e),
            }
        });
    }
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

enum Shown {
    Aws(AwsError),
    Cli(CliError),
}

impl From<AwsError> for Shown {
    fn from(e: AwsError) -> Self {
        Shown::Aws(e)
    }
}

impl From<CliError> for Shown {
    fn from(e: CliError) -> Self {
        Shown::Cli(e)
    }
}

/// `--show`: every approval waiting in the pipeline that the options name, and what it releases.
async fn show(aws: &Aws, args: &Args) -> Result<Exit, Shown> {
    let api = aws.codepipeline();
    let state = api.get_pipeline_state(&args.pipeline).await?;
    let waiting: Vec<WaitingApproval> =
        usecases::waiting_approvals(&api, &args.pipeline, &state, None)
            .await?
            .into_iter()
            .filter(|w| args.stage.as_ref().is_none_or(|s| &w.stage == s))
            .filter(|w| args.action.as_ref().is_none_or(|a| &w.action == a))
            .filter(|w| {
                args.execution
                    .as_ref()
                    .is_none_or(|e| w.pipeline_execution_id.as_ref() == Some(e))
            })
            .collect();
    if waiting.is_empty() {
        output::eprint_line(&format!(
            "error: no approval waits in {} that matches; `pipewright status {}` shows the pipeline",
            args.pipeline, args.pipeline
        ));
        return Ok(Exit::Failed);
    }
    let mut text = String::new();
    for (i, w) in waiting.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        let execution = w.pipeline_execution_id.as_deref().unwrap_or("?");
        let _ = writeln!(
            text,
            "{} {}/{} waits in execution {execution} (since {})",
            args.pipeline,
            w.stage,
            w.action,
            w.since.as_deref().unwrap_or("?")
        );
        // What the approver is asked to check: the configuration the action ran with.
        if let Some(id) = &w.pipeline_execution_id {
            match usecases::execution_actions(&api, &args.pipeline, id).await {
                Ok(actions) => {
                    let run = actions
                        .iter()
                        .filter(|a| a.stage_name == w.stage && a.action_name == w.action)
                        .max_by(|a, b| a.start_time.cmp(&b.start_time));
                    let config = |k: &str| {
                        run.and_then(|a| a.configuration.get(k))
                            .map(|v| v.trim())
                            .filter(|v| !v.is_empty())
                    };
                    if let Some(data) = config("CustomData") {
                        let _ = writeln!(text, "  {data}");
                    }
                    if let Some(link) = config("ExternalEntityLink") {
                        let _ = writeln!(text, "  Review: {link}");
                    }
                }
                Err(e) => {
                    let _ = writeln!(text, "  note: the approval's custom data is not shown: {e}");
                }
            }
        }
        let release = release::release(aws, w).await?;
        text.push_str(&release_text(&release));
    }
    output::print(&text)?;
    Ok(Exit::Ok)
}

/// What a release says, indented under its approval.
fn release_text(r: &Release) -> String {
    let mut text = String::new();
    if let Some(words) = &r.expires {
        let _ = writeln!(text, "  The approval {words}.");
    }
    if !r.changes.is_empty() {
        match &r.last_approved {
            Some(last) => {
                let _ = writeln!(
                    text,
                    "  What changed since execution {}:",
                    last.pipeline_execution_id
                );
            }
            None => {
                let _ = writeln!(text, "  What it carries:");
            }
        }
    }
    for c in &r.changes {
        let _ = writeln!(
            text,
            "    {} {}: {}",
            c.action_name,
            c.to.as_deref().unwrap_or("?"),
            change_words(c, r.last_approved.is_some())
        );
        for commit in &c.commits {
            let _ = writeln!(
                text,
                "      {} {}{}",
                commit.id.get(..8).unwrap_or(&commit.id),
                commit.message,
                commit
                    .author
                    .as_deref()
                    .map(|a| format!(" ({a})"))
                    .unwrap_or_default()
            );
        }
        if let Some(url) = &c.compare_url {
            let _ = writeln!(text, "      Compare: {url}");
        }
    }
    if !r.runs_after.is_empty() {
        let _ = writeln!(text, "  Runs after approval:");
        for s in &r.runs_after {
            let _ = writeln!(text, "    {}: {}", s.stage, stage_words(s));
        }
    }
    for n in &r.notes {
        let _ = writeln!(text, "  note: {n}");
    }
    text
}

/// A stage's actions by run order: "Ship (CodeDeploy) and Notify (Lambda), then Smoke (CodeBuild)".
fn stage_words(s: &NextStage) -> String {
    let mut orders: Vec<i64> = s.actions.iter().map(|a| a.run_order).collect();
    orders.dedup();
    orders
        .iter()
        .map(|o| {
            s.actions
                .iter()
                .filter(|a| a.run_order == *o)
                .map(|a| format!("{} ({})", a.name, a.provider))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect::<Vec<_>>()
        .join(", then ")
}

/// What changed in one source, in a few words (the dialog says the same).
fn change_words(c: &SourceChange, last_approved: bool) -> String {
    if !last_approved || c.from.is_none() {
        return "no earlier run went past this approval".into();
    }
    if c.unchanged() {
        return "unchanged since the last approved run".into();
    }
    let mut parts = Vec::new();
    if !c.commits.is_empty() {
        let n = c.commits.len();
        let more = if c.more { "+" } else { "" };
        let noun = if n == 1 && !c.more {
            "commit"
        } else {
            "commits"
        };
        parts.push(format!("{n}{more} {noun}"));
    }
    if let Some(f) = c.files_changed {
        parts.push(format!(
            "{f} {} changed",
            if f == 1 { "file" } else { "files" }
        ));
    }
    if parts.is_empty() {
        return "changed since the last approved run".into();
    }
    format!("{} since the last approved run", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipewright_aws::control::release::{CommitInfo, NextAction};

    #[test]
    fn stage_and_change_words() {
        let a = |name: &str, provider: &str, run_order: i64| NextAction {
            name: name.into(),
            category: "Deploy".into(),
            provider: provider.into(),
            run_order,
        };
        let s = NextStage {
            stage: "Deploy".into(),
            actions: vec![
                a("Ship", "CodeDeploy", 1),
                a("Notify", "Lambda", 1),
                a("Smoke", "CodeBuild", 2),
            ],
        };
        assert_eq!(
            stage_words(&s),
            "Ship (CodeDeploy) and Notify (Lambda), then Smoke (CodeBuild)"
        );
        let mut c = SourceChange {
            from: Some("a".into()),
            to: Some("b".into()),
            commits: vec![CommitInfo::default(); 3],
            files_changed: Some(4),
            ..SourceChange::default()
        };
        assert_eq!(
            change_words(&c, true),
            "3 commits, 4 files changed since the last approved run"
        );
        assert_eq!(
            change_words(&c, false),
            "no earlier run went past this approval"
        );
        c.to = c.from.clone();
        assert_eq!(
            change_words(&c, true),
            "unchanged since the last approved run"
        );
    }
}
