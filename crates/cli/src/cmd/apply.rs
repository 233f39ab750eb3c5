//! `pipewright apply DIR|FILES`: create or update the remote pipelines so they match the
//! designs, many at once, with a progress line and a per-pipeline report.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use pipewright_aws::sync::{
    apply, plan, ApplyOptions, PlanOptions, ProgressEvent, DEFAULT_CONCURRENCY,
};

use super::connections::ProfileArg;
use super::plan::ReportFormat;
use super::remote::{self, RemoteArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Create or update the remote pipelines from design files.
///
/// Shows the plan and asks for confirmation (or takes --yes), then runs CreatePipeline /
/// UpdatePipeline for the designs that changed, --concurrency at a time, retrying throttled
/// calls with backoff. Designs with validation errors or placeholders left (`REPLACE-ME...`,
/// `<<Name>>`) are never sent. A design whose remote
/// pipeline changed since it was last synced is refused: --pull takes the remote into the design
/// file, --force overwrites the remote. A design synced with another pipeline (another account,
/// region or ARN) is refused the same way: --force sends it to this one anyway. Design files are rewritten (atomically) only after their
/// pipeline succeeded, with the new sync record; a failed pipeline's file stays as it was, and
/// running apply again finishes the job.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 every pipeline is in sync; 1 a pipeline was invalid, refused (drifted or another pipeline) or failed (see the report); 2 nothing was applied (unreadable design, unusable connection, not confirmed).\n\nExamples:\n  pipewright apply designs/ --region eu-west-1\n  pipewright apply designs/ --endpoint-url http://127.0.0.1:5000 --region us-east-1 --yes --concurrency 16\n  pipewright apply app.yaml --pull"
)]
pub struct Args {
    /// Design files, or directories of them (*.json, *.yaml, *.yml).
    #[arg(value_name = "DIR|FILE", required = true)]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub remote: RemoteArgs,

    /// Pipelines applied at once.
    #[arg(long, default_value_t = DEFAULT_CONCURRENCY, value_name = "N")]
    pub concurrency: usize,

    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Overwrite remote pipelines that changed since their design was last synced, and send
    /// designs synced with another pipeline (account, region) to this one.
    #[arg(long, conflicts_with = "pull")]
    pub force: bool,

    /// Take remote pipelines that changed since the last sync into their design files.
    #[arg(long)]
    pub pull: bool,

    /// Text for people, JSON for tools and the app (the report; the plan is not printed).
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    Ok(remote::block_on(async move {
        remote::either(run_async(args, profile).await)
    }))
}

fn progress_printer() -> Arc<dyn Fn(&ProgressEvent) + Send + Sync> {
    let tty = std::io::stderr().is_terminal();
    Arc::new(move |e: &ProgressEvent| {
        let Some(label) = e.finished else { return };
        let mut err = std::io::stderr().lock();
        if tty {
            let _ = write!(
                err,
                "\r\x1b[2K[{}/{}] {} {}",
                e.done, e.total, label, e.name
            );
            if e.done == e.total {
                let _ = writeln!(err);
            }
        } else {
            let _ = writeln!(err, "[{}/{}] {} {}", e.done, e.total, label, e.name);
        }
        let _ = err.flush();
    })
}

async fn run_async(args: Args, profile: &ProfileArg) -> Result<Exit, Exit> {
    let designs = remote::designs(&args.paths)?;
    let conn = remote::connect(&args.remote, profile).await?;
    let concurrency = args.concurrency.max(1);
    if !args.yes {
        let opts = PlanOptions {
            concurrency,
            include_remote_only: false,
        };
        let p = plan(&conn.aws, &designs, &opts).await.map_err(|e| {
            output::eprint_line(&format!("error: {e}"));
            Exit::Error
        })?;
        output::eprint_line(&format!("Applying to {}", conn.title));
        if args.format == ReportFormat::Text {
            remote::print(&p.to_text())?;
        }
        let forced = if args.force {
            p.summary.drifted + p.summary.other_pipeline
        } else {
            0
        };
        let sends = p.summary.create + p.summary.update + p.summary.around + forced;
        if sends > 0 && !remote::confirm(&format!("Apply {sends} change(s) to {}?", conn.title)) {
            output::eprint_line(
                "Nothing applied: not confirmed. Answer `y` at the prompt, or pass --yes when not on a terminal.",
            );
            return Err(Exit::Error);
        }
    }
    let opts = ApplyOptions {
        concurrency,
        force: args.force,
        pull: args.pull,
        region: Some(conn.region.clone()),
    };
    let report = apply(&conn.aws, &designs, &opts, Some(progress_printer())).await;
    match args.format {
        ReportFormat::Text => remote::print(&report.to_text())?,
        ReportFormat::Json => {
            let text = serde_json::to_string_pretty(&report).unwrap_or_default();
            remote::print(&format!("{text}\n"))?;
        }
    }
    Ok(if report.is_success() {
        Exit::Ok
    } else {
        Exit::Failed
    })
}
