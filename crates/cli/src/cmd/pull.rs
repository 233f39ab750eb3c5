//! `pipewright pull --all|NAMES -o DIR`: import remote pipelines as design files.

use std::path::PathBuf;

use pipewright_aws::sync::{import, ImportOptions, Selection, DEFAULT_CONCURRENCY};

use super::connections::ProfileArg;
use super::import::DesignFormat;
use super::remote::{self, RemoteArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Import remote pipelines (all, or by name) as design files, with their tags and a sync record.
///
/// Lists every page of ListPipelines for --all, then fetches each pipeline (GetPipeline with its
/// metadata, ListTagsForResource) and writes `<DIR>/<name>.<json|yaml>` atomically. Everything
/// the service returns is kept, unknown fields and `****` secrets included. An existing design
/// file for the pipeline is overwritten from the remote but keeps its format and its
/// `pipewright` section (canvas positions, notes).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 every pipeline was imported; 1 some could not be (see the report); 2 nothing was imported (unusable connection, listing failed, bad usage).\n\nExamples:\n  pipewright pull --all -o designs/ --region eu-west-1\n  pipewright pull build-app deploy-app -o designs/ --format yaml"
)]
pub struct Args {
    /// Names of the pipelines to import.
    #[arg(
        value_name = "NAME",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub names: Vec<String>,

    /// Import every pipeline of the account and region.
    #[arg(long)]
    pub all: bool,

    /// The directory for the design files (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,

    /// Format of new design files.
    #[arg(long, value_enum, default_value = "json")]
    pub format: DesignFormat,

    #[command(flatten)]
    pub remote: RemoteArgs,

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
    let conn = remote::connect(&args.remote, profile).await?;
    let selection = if args.all {
        Selection::All
    } else {
        Selection::Names(args.names.clone())
    };
    let mut opts = ImportOptions::new(selection, &args.output);
    opts.format = args.format.into();
    opts.concurrency = args.concurrency.max(1);
    opts.region = Some(conn.region.clone());
    let report = import(&conn.api, &opts).await.map_err(|e| {
        output::eprint_line(&format!("error: {e}"));
        Exit::Error
    })?;
    let mut out = String::new();
    for i in &report.imported {
        let v = i
            .version
            .map(|v| format!(" (version {v})"))
            .unwrap_or_default();
        out.push_str(&format!("pulled {} -> {}{v}\n", i.name, i.path));
    }
    for f in &report.failed {
        output::eprint_line(&format!("error: {}: {}", f.name, f.error));
    }
    out.push_str(&format!(
        "Pulled {} of {} from {}.\n",
        output::count(report.imported.len(), "pipeline"),
        report.imported.len() + report.failed.len(),
        conn.title
    ));
    remote::print(&out)?;
    Ok(if report.failed.is_empty() {
        Exit::Ok
    } else {
        Exit::Failed
    })
}
