//! `pipewright status [PIPELINE]`: the pipelines with their latest execution, or one pipeline's
//! stages, actions, transitions and recent history.

use pipewright_aws::control::{usecases, ActionStatus, ConditionRun};

use crate::cmd::connections::ProfileArg;
use crate::cmd::control::{self, ConnArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Show the pipelines and their latest execution, or one pipeline's current state: each stage's
/// latest execution, its conditions (held, passed, failed) with each rule's latest result, each
/// action's status, summary, link and error, disabled transitions, waiting approvals, and recent
/// executions.
///
/// Exit status: 0 shown; 2 the calls failed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright status\n  pipewright status web-app-prod --history 5\n  pipewright status web-app-prod --json"
)]
pub struct Args {
    /// One pipeline to show in detail.
    pub pipeline: Option<String>,

    /// How many recent executions to show.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub history: i32,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub conn: ConnArgs,
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    control::run(profile, &args.conn.clone(), |api, _| async move {
        let Some(name) = args.pipeline.clone() else {
            let list = match usecases::list_overview(&api).await {
                Ok(l) => l,
                Err(e) => return Ok(control::fail(&e)),
            };
            if args.json {
                output::print(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&list).unwrap_or_default()
                ))?;
                return Ok(Exit::Ok);
            }
            for p in list {
                let (status, when) = p
                    .latest_execution
                    .as_ref()
                    .map(|e| {
                        (
                            e.status.as_str(),
                            e.last_update_time.as_deref().unwrap_or("-"),
                        )
                    })
                    .unwrap_or(("-", "-"));
                output::print(&format!(
                    "{:<32} {:<11} {}\n",
                    p.pipeline.name, status, when
                ))?;
            }
            return Ok(Exit::Ok);
        };
        let view = match usecases::view(&api, &name, Some(args.history.clamp(1, 100))).await {
            Ok(v) => v,
            Err(e) => return Ok(control::fail(&e)),
        };
        if args.json {
            output::print(&format!(
                "{}\n",
                serde_json::to_string_pretty(&view).unwrap_or_default()
            ))?;
            return Ok(Exit::Ok);
        }
        let mut text = format!("{}\n", view.state.pipeline_name);
        for stage in &view.state.stages {
            if let Some(t) = stage.inbound_transition.as_ref().filter(|t| !t.enabled) {
                text.push_str(&format!(
                    "  ⏸ transition disabled: {}\n",
                    t.disabled_reason.as_deref().unwrap_or("no reason given")
                ));
            }
            let (status, exec) = stage
                .latest_execution
                .as_ref()
                .map(|e| (e.status.as_str(), e.pipeline_execution_id.as_str()))
                .unwrap_or(("-", "-"));
            text.push_str(&format!("  {:<20} {:<11} {exec}\n", stage.name, status));
            for c in &stage.conditions {
                text.push_str(&condition_text(&view.state.pipeline_name, &stage.name, c));
            }
            for action in &stage.actions {
                let Some(run) = &action.latest_execution else {
                    text.push_str(&format!("    {:<18} -\n", action.name));
                    continue;
                };
                let mut line = format!("    {:<18} {:<11}", action.name, run.status);
                if run.token.is_some() && run.status == ActionStatus::InProgress {
                    line.push_str(" waiting for approval");
                }
                if let Some(s) = &run.summary {
                    line.push_str(&format!(" {s}"));
                }
                if let Some(e) = &run.error {
                    line.push_str(&format!(" error: {}", e.message.as_deref().unwrap_or("")));
                }
                if let Some(u) = &run.external_execution_url {
                    line.push_str(&format!(" <{u}>"));
                }
                text.push_str(&line);
                text.push('\n');
            }
        }
        text.push_str("Recent executions:\n");
        for e in &view.executions {
            text.push_str(&format!(
                "  {}  {:<10} {}  {}{}\n",
                e.pipeline_execution_id,
                e.status,
                e.start_time.as_deref().unwrap_or("-"),
                e.trigger_type.as_deref().unwrap_or("-"),
                if e.execution_type.as_deref() == Some("ROLLBACK") {
                    " (rollback)"
                } else {
                    ""
                }
            ));
        }
        output::print(&text)?;
        Ok(Exit::Ok)
    })
}

/// A stage condition and its rules, as lines under the stage: a condition that holds the stage
/// says so and how to let it go.
fn condition_text(pipeline: &str, stage: &str, c: &ConditionRun) -> String {
    let mut out = if c.is_holding() {
        format!("    ⏸ held by {} condition", c.kind.as_str())
    } else {
        format!("    {} condition {}", c.kind.as_str(), c.status)
    };
    if let Some(s) = &c.summary {
        out.push_str(&format!(": {s}"));
    }
    out.push('\n');
    for r in &c.rules {
        let mut line = format!(
            "      rule {:<16} {:<11}",
            r.name,
            r.status.map_or("-", |s| s.as_str())
        );
        if let Some(s) = &r.summary {
            line.push_str(&format!(" {s}"));
        }
        if let Some(e) = &r.error {
            line.push_str(&format!(" error: {}", e.message.as_deref().unwrap_or("")));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if c.is_holding() && c.kind.can_override() {
        out.push_str(&format!(
            "      to let it go now: pipewright override {pipeline} {stage} --condition {}\n",
            c.kind.as_str()
        ));
    }
    out
}
