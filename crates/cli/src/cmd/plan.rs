//! `pipewright plan DIR|FILES`: what `apply` would do, pipeline by pipeline, with field-level
//! changes. Read-only: one GetPipeline (+ ListTagsForResource) per design, in parallel.

use std::path::PathBuf;

use pipewright_aws::sync::{plan, PlanOptions, DEFAULT_CONCURRENCY};

use super::connections::ProfileArg;
use super::remote::{self, RemoteArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Output format of `plan` and `apply`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

/// Compare design files with the remote pipelines and show what `apply` would change.
///
/// Each design is planned as create (no remote pipeline of that name), update, unchanged,
/// drifted (the remote changed since the design was last synced: apply refuses it until
/// `--pull` or `--force`), other pipeline (the design was synced with a pipeline in another
/// account or region, or with another ARN: "not the pipeline this design was synced with"; apply
/// refuses it unless `--force`) or invalid (validation errors or placeholders left: never sent). Planning a directory also
/// lists remote pipelines without a design. `metadata`, the `pipewright` section and the
/// pipeline `version` are not compared.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 nothing blocks an apply; 1 a design is invalid, drifted or synced with another pipeline; 2 a design could not be read or the endpoint could not be used.\n\nExamples:\n  pipewright plan designs/ --region eu-west-1\n  pipewright plan app.yaml --endpoint-url http://127.0.0.1:5000 --region us-east-1 --format json"
)]
pub struct Args {
    /// Design files, or directories of them (*.json, *.yaml, *.yml).
    #[arg(value_name = "DIR|FILE", required = true)]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub remote: RemoteArgs,

    /// Text for people, JSON for tools and the app.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,

    /// Pipelines fetched at once.
    #[arg(long, default_value_t = DEFAULT_CONCURRENCY, value_name = "N")]
    pub concurrency: usize,
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    Ok(remote::block_on(async move {
        remote::either(run_async(args, profile).await)
    }))
}

async fn run_async(args: Args, profile: &ProfileArg) -> Result<Exit, Exit> {
    let designs = remote::designs(&args.paths)?;
    let conn = remote::connect(&args.remote, profile).await?;
    let opts = PlanOptions {
        concurrency: args.concurrency.max(1),
        include_remote_only: args.paths.iter().any(|p| p.is_dir()),
    };
    let p = plan(&conn.aws, &designs, &opts).await.map_err(|e| {
        output::eprint_line(&format!("error: {e}"));
        Exit::Error
    })?;
    match args.format {
        ReportFormat::Text => {
            output::eprint_line(&format!("Planning against {}", conn.title));
            remote::print(&p.to_text())?;
        }
        ReportFormat::Json => {
            let text = serde_json::to_string_pretty(&p).unwrap_or_default();
            remote::print(&format!("{text}\n"))?;
        }
    }
    Ok(
        if p.summary.invalid + p.summary.drifted + p.summary.other_pipeline > 0 {
            Exit::Failed
        } else {
            Exit::Ok
        },
    )
}
