//! `pipewright new`: start a design from an architecture template (or list the templates).

use std::path::PathBuf;

use indexmap::IndexMap;
use pipewright_core::{templates, Format};

use crate::error::CliError;
use crate::files;
use crate::output::Exit;

/// Start a design file from an architecture template.
///
/// Templates are proven pipeline shapes (DEV/PROD branches to Elastic Beanstalk, Docker to ECR
/// and ECS, approval before production, credential-leak check, GitHub three ways, CloudFormation
/// change sets). Values you must provide are placeholders written `<<Name>>`; give them with
/// `--set Name=value` or fill them in later (`pipewright validate` reports the ones left).
/// Files a template brings (a buildspec, a Lambda function) are written beside the design.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright new --list\n  pipewright new --template docker-ecr-ecs -o shop.pipewright.yaml --set AppName=shop --set AccountId=123456789012"
)]
pub struct Args {
    /// The template id (see `--list`).
    #[arg(long, short = 't', value_name = "ID", required_unless_present = "list")]
    pub template: Option<String>,

    /// List the templates with their placeholders and exit.
    #[arg(long)]
    pub list: bool,

    /// A placeholder value, `Name=value` (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE", value_parser = parse_pair)]
    pub values: Vec<(String, String)>,

    /// Fill every placeholder with its documented example value (for trying a template out).
    #[arg(long)]
    pub examples: bool,

    /// The design file to write (`.yaml`, `.yml` or `.json`); refuses to overwrite an existing file.
    #[arg(short, long, value_name = "OUT", required_unless_present = "list")]
    pub output: Option<PathBuf>,
}

fn parse_pair(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("`{s}` is not NAME=VALUE"))
}

pub fn run(args: Args) -> Result<Exit, CliError> {
    if args.list {
        for t in templates::list() {
            println!("{:<28} {}", t.id, t.title);
            println!("{:<28} {}", "", t.description);
            let names: Vec<_> = t.placeholders.iter().map(|p| p.name.as_str()).collect();
            println!("{:<28} placeholders: {}", "", names.join(", "));
            if !t.files.is_empty() {
                println!("{:<28} files: {}", "", t.files.join(", "));
            }
        }
        return Ok(Exit::Ok);
    }
    let (Some(id), Some(out)) = (args.template, args.output) else {
        return Ok(Exit::Error);
    };
    let mut values: IndexMap<String, String> = if args.examples {
        templates::example_values(&id)
    } else {
        IndexMap::new()
    };
    values.extend(args.values);
    let shown = out.display().to_string();
    let codec = |source| CliError::Codec {
        path: shown.clone(),
        format: Format::Yaml,
        source,
    };
    let inst = templates::instantiate(&id, &values).map_err(codec)?;
    if out.exists() {
        return Err(CliError::Write {
            path: shown.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "the file exists; choose another name or delete it first",
            ),
        });
    }
    let format = Format::from_file_name(&shown).unwrap_or(Format::Yaml);
    let text = inst.document.to_text(format).map_err(codec)?;
    files::write_atomic(&out, &text)?;
    let dir = out.parent().map(PathBuf::from).unwrap_or_default();
    for f in &inst.files {
        let path = dir.join(f.name);
        if path.exists() {
            eprintln!("note: {} exists; left as it is", path.display());
            continue;
        }
        files::write_atomic(&path, &f.content)?;
        eprintln!("wrote {}", path.display());
    }
    let left = templates::unfilled(&inst.document);
    if !left.is_empty() {
        let mut names: Vec<_> = left.iter().map(|(_, n)| n.as_str()).collect();
        names.dedup();
        eprintln!(
            "wrote {shown}; fill in the placeholders: {} (pipewright new --list explains them)",
            names.join(", ")
        );
    } else {
        eprintln!("wrote {shown}");
    }
    Ok(Exit::Ok)
}
