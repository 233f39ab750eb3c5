//! `pipewright why PIPELINE [--execution ID] [--action NAME]`: why an execution failed, from the
//! service that ran the failed action.

use pipewright_aws::control::why::{self, Cause, Why, WhyRequest};

use crate::cmd::connections::ProfileArg;
use crate::cmd::control::{self, ConnArgs};
use crate::cmd::logs::Colour;
use crate::error::CliError;
use crate::output::{self, Exit};

/// Show why a pipeline's latest failed execution (or the one given) failed: the failed action,
/// and what its service says. CodeBuild: the failed phase and its message, the build log's lines
/// around the first error and its tail. CloudFormation: the first failed resource and its
/// reason. CodeDeploy: the deployment's error and the failed lifecycle event. Lambda, Step
/// Functions, ECS, Elastic Beanstalk, S3: their error, naming the function, execution, service,
/// environment or bucket, and its console page. Other actions: their error and console link.
/// With the source revision's commit and author, and the failed tests when the build has test
/// reports. The log lines keep their ANSI colours when stdout is a terminal (or as --color says)
/// and are stripped otherwise.
///
/// Exit status: 0 shown; 1 no failed execution; 2 the calls failed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright why storefront\n  pipewright why storefront --execution 4f1c...\n  pipewright why storefront --json"
)]
pub struct Args {
    pub pipeline: String,

    /// The execution to explain (default: the latest failed one).
    #[arg(long, value_name = "ID")]
    pub execution: Option<String>,

    /// The action to explain (default: the first that failed).
    #[arg(long, value_name = "NAME")]
    pub action: Option<String>,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,

    /// The log lines' colours: kept on a terminal unless NO_COLOR is set (auto), always, or never.
    #[arg(long, value_enum, default_value_t = Colour::Auto, value_name = "WHEN")]
    pub color: Colour,

    #[command(flatten)]
    pub conn: ConnArgs,
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    let colour = args.color.on();
    control::run_aws(profile, &args.conn.clone(), |aws| async move {
        let req = WhyRequest {
            pipeline: args.pipeline.clone(),
            pipeline_execution_id: args.execution.clone(),
            action: args.action.clone(),
        };
        let got = match why::why(&aws, &req).await {
            Ok(w) => w,
            Err(e) => return Ok(control::fail(&e)),
        };
        if args.json {
            output::print(&format!(
                "{}\n",
                serde_json::to_string_pretty(&got).unwrap_or_default()
            ))?;
        } else {
            output::print(&text(&got, colour))?;
        }
        Ok(Exit::Ok)
    })
}

/// A log line as printed: with its colours when `colour` and it has some.
fn log_text(l: &why::LogLine, colour: bool) -> String {
    match &l.ansi {
        Some(ansi) if colour => Colour::line(true, ansi),
        _ => l.text.clone(),
    }
}

/// The report as text (log lines with their colours when `colour`).
pub fn text(w: &Why, colour: bool) -> String {
    let mut t = format!(
        "{} execution {} {}\n",
        w.pipeline, w.pipeline_execution_id, w.status
    );
    if let Some(a) = &w.failed {
        t.push_str(&format!(
            "failed: {}/{} ({})\n",
            a.stage,
            a.action,
            a.provider.as_deref().unwrap_or("unknown provider")
        ));
    }
    t.push_str(&format!("why: {}\n", w.headline));
    for r in &w.revisions {
        let id = r.revision_id.as_deref().unwrap_or("?");
        t.push_str(&format!(
            "source {}: {} {}",
            r.action_name,
            &id[..id.len().min(12)],
            r.message.as_deref().unwrap_or("")
        ));
        if let Some(a) = &r.author {
            t.push_str(&format!(
                " by {a}{}",
                r.author_email
                    .as_ref()
                    .map(|e| format!(" <{e}>"))
                    .unwrap_or_default()
            ));
        }
        t.push('\n');
    }
    if let Some(a) = &w.failed {
        if let Some(e) = a.error.as_ref().and_then(|e| e.message.as_ref()) {
            t.push_str(&format!("action error: {e}\n"));
        }
        match &a.cause {
            Cause::CodeBuild(b) => {
                t.push_str(&format!(
                    "build {} {}\n",
                    b.build_id,
                    b.build_status.as_deref().unwrap_or("")
                ));
                if let Some(p) = &b.failed_phase {
                    t.push_str(&format!(
                        "failed phase: {} {}: {}\n",
                        p.phase,
                        p.status_code.as_deref().unwrap_or(""),
                        p.message.as_deref().unwrap_or("")
                    ));
                }
                if let Some(tests) = &b.tests {
                    for r in &tests.reports {
                        t.push_str(&format!(
                            "test report {}: {} of {} tests failed\n",
                            r.name, r.failed, r.total
                        ));
                    }
                    for f in &tests.failed {
                        let message = f.message.as_deref().and_then(|m| m.lines().next());
                        t.push_str(&format!(
                            "failed test: {}{}\n",
                            f.full_name(),
                            message.map(|m| format!(": {m}")).unwrap_or_default()
                        ));
                    }
                    if tests.more {
                        t.push_str("failed test: ... more in the reports\n");
                    }
                }
                if let Some(log) = &b.log {
                    t.push_str(&format!(
                        "log {} {} ({} lines{})\n",
                        log.group,
                        log.stream,
                        log.line_count,
                        if log.complete { "" } else { ", more not read" }
                    ));
                    if !log.around_first_error.is_empty() {
                        t.push_str("around the first error:\n");
                        for l in &log.around_first_error {
                            let mark = if log.first_error.as_ref() == Some(l) {
                                '>'
                            } else {
                                ' '
                            };
                            t.push_str(&format!(
                                "{mark}{:>7} | {}\n",
                                l.number,
                                log_text(l, colour)
                            ));
                        }
                    }
                    t.push_str("tail:\n");
                    for l in &log.tail {
                        t.push_str(&format!(" {:>7} | {}\n", l.number, log_text(l, colour)));
                    }
                }
            }
            Cause::CloudFormation(s) => {
                t.push_str(&format!(
                    "stack {} {}\n",
                    s.stack,
                    s.stack_status.as_deref().unwrap_or("")
                ));
                if let Some(e) = &s.first_failed {
                    t.push_str(&format!(
                        "first failed resource: {} {} {}: {}\n",
                        e.logical_resource_id,
                        e.resource_type.as_deref().unwrap_or(""),
                        e.status,
                        e.reason.as_deref().unwrap_or("")
                    ));
                }
            }
            Cause::CodeDeploy(d) => {
                t.push_str(&format!(
                    "deployment {} {} {}: {}\n",
                    d.deployment_id,
                    d.status.as_deref().unwrap_or(""),
                    d.error_code.as_deref().unwrap_or(""),
                    d.error_message.as_deref().unwrap_or("")
                ));
                if let Some(e) = &d.failed_event {
                    t.push_str(&format!(
                        "failed lifecycle event: {} on {} {} {}: {}\n",
                        e.event,
                        d.failed_target.as_deref().unwrap_or("?"),
                        e.error_code.as_deref().unwrap_or(""),
                        e.script_name.as_deref().unwrap_or(""),
                        e.message.as_deref().unwrap_or("")
                    ));
                    if let Some(tail) = &e.log_tail {
                        for l in tail.lines() {
                            t.push_str(&format!("  | {l}\n"));
                        }
                    }
                }
            }
            Cause::Action => {
                if let Some(id) = &a.external_execution_id {
                    t.push_str(&format!("external execution: {id}\n"));
                }
                if let Some(s) = &a.summary {
                    t.push_str(&format!("summary: {s}\n"));
                }
            }
        }
        t.push_str(&format!("console: {}\n", a.console_url));
    } else {
        t.push_str(&format!("console: {}\n", w.console_url));
    }
    for n in &w.notes {
        t.push_str(&format!("note: {n}\n"));
    }
    t
}
