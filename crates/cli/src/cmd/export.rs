//! `pipewright export FILE --format ... [-o OUT]`: a design file to what other tools take.

use std::path::PathBuf;

use pipewright_core::codec::value_to_text;
use pipewright_core::export as iac;
use pipewright_core::{Document, Format};
use serde_json::Value;

use crate::error::CliError;
use crate::files::{self, STDIO};
use crate::output::Exit;

/// What `export` produces. Each target is one variant and one arm in `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// `{"pipeline": ..., "tags": ...}` as JSON, for `aws codepipeline create-pipeline
    /// --cli-input-json` and `update-pipeline --cli-input-json`.
    CodepipelineJson,
    /// The same document as YAML, for `--cli-input-yaml`.
    CodepipelineYaml,
    /// A CloudFormation template (`AWS::CodePipeline::Pipeline`) in YAML; secrets become
    /// `{{resolve:secretsmanager:...}}` dynamic references.
    Cloudformation,
    /// The same CloudFormation template in JSON.
    CloudformationJson,
    /// A Terraform `aws_codepipeline` resource (HCL); secrets become sensitive variables.
    Terraform,
    /// A picture of the pipeline: its stages and actions as SVG shapes and text, which
    /// browsers, `rsvg-convert` and image viewers draw the same.
    Svg,
}

/// Export a design file as CodePipeline JSON/YAML, CloudFormation, Terraform or an SVG picture.
///
/// The CodePipeline formats give the document `aws codepipeline create-pipeline` and
/// `update-pipeline` accept with --cli-input-json (or --cli-input-yaml): the `pipeline`
/// declaration exactly as written, unknown fields and `****` secrets included, plus `tags`;
/// never the `metadata` or `pipewright` sections. Exporting an imported, untouched get-pipeline
/// document gives back the same `pipeline`. Run `pipewright validate` first: export does not
/// check the rules.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright export app.pipewright.yaml -o app.json\n  pipewright export app.pipewright.yaml --format svg -o app.svg\n  aws codepipeline update-pipeline --cli-input-json \"$(pipewright export app.pipewright.yaml --no-tags)\""
)]
pub struct Args {
    /// The design file (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// What to produce.
    #[arg(long, value_enum, default_value_t = ExportFormat::CodepipelineJson)]
    pub format: ExportFormat,

    /// Leave out `tags` (`update-pipeline` does not accept them; use `tag-resource`).
    #[arg(long)]
    pub no_tags: bool,

    /// Export this environment's pipeline (see `pipewright.environments` in the design).
    #[arg(long, short = 'e', value_name = "NAME")]
    pub environment: Option<String>,

    /// Write here (atomically) instead of to standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Exit, CliError> {
    let loaded = files::load(&args.file)?;
    let mut document = match &args.environment {
        Some(env) => {
            pipewright_core::environments::render(&loaded.document, env).map_err(|source| {
                CliError::Codec {
                    path: loaded.source.path.clone(),
                    format: loaded.source.format,
                    source,
                }
            })?
        }
        None => loaded.document,
    };
    if args.no_tags {
        document.tags = None;
    }
    let out = args.output.unwrap_or_else(|| PathBuf::from(STDIO));
    let shown = out.display().to_string();
    let text = render(&document, args.format, &shown)?;
    files::write_atomic(&out, &text)?;
    Ok(Exit::Ok)
}

/// The exported text of a document; `out` names the destination in error messages.
fn render(document: &Document, format: ExportFormat, out: &str) -> Result<String, CliError> {
    match format {
        ExportFormat::CodepipelineJson => {
            text(&document.to_codepipeline_value(), Format::Json, out)
        }
        ExportFormat::CodepipelineYaml => {
            text(&document.to_codepipeline_value(), Format::Yaml, out)
        }
        ExportFormat::Cloudformation => Ok(iac(document, iac::ExportFormat::CloudformationYaml)),
        ExportFormat::CloudformationJson => {
            Ok(iac(document, iac::ExportFormat::CloudformationJson))
        }
        ExportFormat::Terraform => Ok(iac(document, iac::ExportFormat::Terraform)),
        ExportFormat::Svg => Ok(pipewright_core::picture::design(document)),
    }
}

/// An infrastructure-as-code export; what the target cannot express is reported on standard
/// error, one `note:` line each, never dropped silently.
fn iac(document: &Document, format: iac::ExportFormat) -> String {
    let export = iac::export(document, format);
    for note in &export.notes {
        eprintln!("note: {}: {}", note.pointer, note.message);
    }
    export.text
}

/// Canonical JSON or YAML text of a value.
fn text(value: &Value, format: Format, out: &str) -> Result<String, CliError> {
    value_to_text(value, format).map_err(|source| CliError::Codec {
        path: out.to_string(),
        format,
        source,
    })
}
