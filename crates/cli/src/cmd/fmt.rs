//! `pipewright fmt [--check] FILE...`: rewrite documents in canonical form.

use std::path::PathBuf;

use pipewright_core::Format;

use crate::comments;
use crate::error::CliError;
use crate::files::{self, Loaded, STDIO};
use crate::output::{self, count, Exit};

/// Rewrite design files in canonical form, or --check that they are.
///
/// Canonical form: the canonical key order (see docs/design-file.md), 2-space indentation and
/// one trailing newline, in the file's own format (JSON stays JSON, YAML stays YAML). Writes are atomic (a temporary file in the same directory, then a rename) and keep the file's
/// permissions. YAML comments cannot be kept, except the comment block at the top of the file
/// (say, `# yaml-language-server: $schema=...`): fmt refuses to rewrite a file with other comments
/// unless --drop-comments; put notes in the `pipewright.notes` section instead. `-` reads
/// standard input and writes the canonical text to standard output.
///
/// Exit status: 0 when done (or, with --check, when every file is already canonical), 1 with
/// --check when any file would change, 2 when any file cannot be read, parsed or written.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright fmt pipelines/*.yaml\n  pipewright fmt --check pipelines/*.yaml   # in CI"
)]
pub struct Args {
    /// Files to format (`-` for standard input).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Write nothing; list the files that are not canonical and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,

    /// Rewrite YAML files even if that drops comments below the top-of-file comment block.
    #[arg(long)]
    pub drop_comments: bool,
}

pub fn run(args: Args) -> Result<Exit, CliError> {
    let mut exit = Exit::Ok;
    let mut changed = 0;
    let mut unreadable = 0;
    for path in &args.files {
        let loaded = match files::load(path) {
            Ok(loaded) => loaded,
            Err(e) => {
                output::report(&e);
                unreadable += 1;
                exit = exit.and(Exit::Error);
                continue;
            }
        };
        let source = &loaded.source;
        let canonical = match canonical_text(&loaded, args.drop_comments || args.check) {
            Ok(text) => text,
            Err(e) => {
                output::report(&e);
                exit = exit.and(Exit::Error);
                continue;
            }
        };
        let stdin = path.as_os_str() == STDIO;
        if stdin && !args.check {
            output::print(&canonical)?;
            continue;
        }
        if canonical == source.text {
            continue;
        }
        changed += 1;
        if args.check {
            output::print(&format!("would reformat {}\n", source.path))?;
            exit = exit.and(Exit::Failed);
        } else {
            match files::write_atomic(path, &canonical) {
                Ok(()) => output::print(&format!("reformatted {}\n", source.path))?,
                Err(e) => {
                    output::report(&e);
                    exit = exit.and(Exit::Error);
                }
            }
        }
    }
    if args.check && changed > 0 {
        let mut line = format!(
            "{} would be reformatted; run `pipewright fmt` on {}",
            count(changed, "file"),
            if changed == 1 { "it" } else { "them" }
        );
        if unreadable > 0 {
            line.push_str(&format!(
                "; {} could not be read",
                count(unreadable, "file")
            ));
        }
        output::eprint_line(&line);
    }
    Ok(exit)
}

/// The canonical text of a loaded file. YAML keeps its top-of-file comment block; any other
/// comment would be lost, which is an error unless `drop_comments`.
fn canonical_text(loaded: &Loaded, drop_comments: bool) -> Result<String, CliError> {
    let source = &loaded.source;
    let body = loaded
        .document
        .to_text(source.format)
        .map_err(|e| CliError::Codec {
            path: source.path.clone(),
            format: source.format,
            source: e,
        })?;
    if source.format != Format::Yaml {
        return Ok(body);
    }
    let lost = comments::body_comment_lines(&source.text);
    if let (Some(&line), false) = (lost.first(), drop_comments) {
        return Err(CliError::CommentsWouldBeLost {
            path: source.path.clone(),
            line,
            count: lost.len(),
        });
    }
    Ok(format!("{}{body}", comments::header(&source.text)))
}
