//! `pipewright import FILE [-o OUT] [--format json|yaml]`: CodePipeline JSON/YAML to a design file.

use std::path::PathBuf;

use pipewright_core::{Designer, Format};

use crate::error::CliError;
use crate::files::{self, STDIO};
use crate::output::{self, count, Exit};

/// Version of the `pipewright` section that `import` writes.
pub const DESIGNER_FORMAT: i64 = 1;

/// The text format of a design file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DesignFormat {
    Json,
    Yaml,
}

impl From<DesignFormat> for Format {
    fn from(f: DesignFormat) -> Format {
        match f {
            DesignFormat::Json => Format::Json,
            DesignFormat::Yaml => Format::Yaml,
        }
    }
}

/// Turn CodePipeline JSON/YAML (get-pipeline output) into a design file.
///
/// FILE is what `aws codepipeline get-pipeline --name NAME` prints (JSON or YAML, with its
/// `metadata`), a `create-pipeline --cli-input-json` document, or a bare pipeline declaration.
/// Everything is kept as is, unknown fields and `****` secrets included; a `pipewright` section
/// (`format: 1`) is added when there is none. The design file goes to standard output unless
/// -o names a file.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  aws codepipeline get-pipeline --name app > app.json\n  pipewright import app.json -o app.pipewright.yaml\n  aws codepipeline get-pipeline --name app | pipewright import - > app.pipewright.yaml"
)]
pub struct Args {
    /// The CodePipeline JSON or YAML file (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Write the design file here (atomically) instead of to standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Format of the design file [default: from OUT's extension, else yaml].
    #[arg(long, value_enum)]
    pub format: Option<DesignFormat>,
}

pub fn run(args: Args) -> Result<Exit, CliError> {
    let loaded = files::load(&args.file)?;
    let mut document = loaded.document;
    let designer = document.pipewright.get_or_insert_with(Designer::default);
    if designer.format.is_none() {
        designer.format = Some(DESIGNER_FORMAT);
    }
    let out = args.output.unwrap_or_else(|| PathBuf::from(STDIO));
    let format = match args.format {
        Some(f) => f.into(),
        None => out
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(Format::from_file_name)
            .unwrap_or(Format::Yaml),
    };
    let shown = out.display().to_string();
    let text = document.to_text(format).map_err(|source| CliError::Codec {
        path: shown.clone(),
        format,
        source,
    })?;
    files::write_atomic(&out, &text)?;
    if out.as_os_str() != STDIO {
        let name = &document.pipeline.name;
        output::eprint_line(&format!(
            "imported pipeline `{name}` ({}) into {shown}",
            count(document.pipeline.stages.len(), "stage")
        ));
    }
    Ok(Exit::Ok)
}
