//! `pipewright diff OLD NEW`: what changed between two designs, two directories of designs, or
//! their git revisions (`REV:path`), as text, Markdown, an SVG picture or JSON. This module only
//! reads the sides and prints; the review itself is `pipewright_core::review`. It is also git's
//! external diff driver (`--git-external`, set up by `pipewright git-setup`).

use std::path::Path;

use pipewright_core::review::{self, Labelled, ReviewSet};

use crate::error::CliError;
use crate::files::{self, STDIO};
use crate::git::{self, Object};
use crate::output::{self, Exit};

/// Output format of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// For a terminal (and `git diff`).
    Text,
    /// For a pull-request comment.
    Markdown,
    /// A picture of each changed pipeline, its stages and actions marked.
    Svg,
    /// The review for tools (the changes with pointers, areas and nodes, the marked picture).
    Json,
}

/// Show what changed between two designs: stages, actions, configuration keys, artifacts,
/// triggers, conditions and environments, renames said as renames.
///
/// Each side is a design file, a directory of designs (*.json, *.yaml, *.yml; paired by pipeline
/// name, then by file name), `REV:path` for a file or directory at a git revision of the
/// repository you are in (read with `git cat-file`; `main:designs/web.yaml`, `HEAD~1:./web.yaml`,
/// `:web.yaml` for the staged copy), or `-` for standard input. Stages and actions whose names
/// differ pair by content similarity (see docs/review.md); changes of order alone are said as
/// such. The `pipewright` section's canvas positions and notes, `metadata` and the pipeline
/// `version` are not compared.
///
/// Exit status: 0, or with --exit-code 0 when nothing changed and 1 when something did (like
/// `git diff --exit-code`); 2 when a side cannot be read or is not a design.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright diff main:web.pipewright.yaml web.pipewright.yaml\n  pipewright diff origin/main:designs designs --format markdown > review.md\n  pipewright diff old.yaml new.yaml --format svg > review.svg\n  pipewright diff --exit-code a.yaml b.yaml || echo changed\n  pipewright git-setup    # and `git diff` shows this by itself"
)]
pub struct Args {
    /// The older side: a file, a directory, `REV:path` or `-`.
    #[arg(value_name = "OLD", allow_hyphen_values = true)]
    pub old: String,

    /// The newer side: a file, a directory, `REV:path` or `-`.
    #[arg(
        value_name = "NEW",
        allow_hyphen_values = true,
        required_unless_present = "git_external"
    )]
    pub new: Option<String>,

    /// What git passes an external diff driver after the path and old file.
    #[arg(hide = true, allow_hyphen_values = true)]
    pub git_args: Vec<String>,

    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,

    /// Exit 1 when something changed, 0 when nothing did (2 stays trouble).
    #[arg(long)]
    pub exit_code: bool,

    /// Run as git's external diff driver (`diff.pipewright.command`, see `pipewright
    /// git-setup`): the arguments are git's seven (path, old file, hash and mode, new file, hash
    /// and mode).
    #[arg(long, hide = true)]
    pub git_external: bool,
}

/// One side: a design, or the designs of a directory.
enum Side {
    One(Box<Labelled>),
    Many(Vec<Labelled>),
}

fn is_design_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".json", ".yaml", ".yml"]
        .iter()
        .any(|e| lower.ends_with(e))
}

fn parse(shown: String, name: &str, bytes: Vec<u8>) -> Result<Labelled, CliError> {
    let loaded = files::source_of(shown, name, bytes)?.parse()?;
    Ok(Labelled {
        label: loaded.source.path,
        document: loaded.document,
    })
}

fn load_file(path: &Path) -> Result<Labelled, CliError> {
    let loaded = files::load(path)?;
    Ok(Labelled {
        label: loaded.source.path,
        document: loaded.document,
    })
}

/// Every design of a directory on disk (not its subdirectories), by file name.
fn load_dir(dir: &Path) -> Result<Vec<Labelled>, Vec<CliError>> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|source| {
        vec![CliError::Read {
            path: shown.clone(),
            source,
        }]
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(is_design_name)
        })
        .collect();
    paths.sort();
    collect(paths.iter().map(|p| load_file(p)))
}

/// Every result, or every error.
fn collect(
    results: impl Iterator<Item = Result<Labelled, CliError>>,
) -> Result<Vec<Labelled>, Vec<CliError>> {
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(design) => ok.push(design),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(ok)
    } else {
        Err(errors)
    }
}

fn load(arg: &str) -> Result<Side, Vec<CliError>> {
    let path = Path::new(arg);
    if arg == STDIO || path.is_file() {
        return load_file(path)
            .map(|d| Side::One(Box::new(d)))
            .map_err(|e| vec![e]);
    }
    if path.is_dir() {
        return load_dir(path).map(Side::Many);
    }
    if !git::is_revision_path(arg) {
        return Err(vec![CliError::NotFound {
            path: arg.to_string(),
        }]);
    }
    match git::read(arg).map_err(|e| vec![e])? {
        Object::Blob(bytes) => parse(arg.to_string(), arg, bytes)
            .map(|d| Side::One(Box::new(d)))
            .map_err(|e| vec![e]),
        Object::Tree(entries) => {
            let base = arg.trim_end_matches('/');
            let mut entries: Vec<_> = entries
                .into_iter()
                .filter(|(n, _)| is_design_name(n))
                .collect();
            entries.sort();
            collect(entries.into_iter().map(|(name, id)| {
                let spec = if base.ends_with(':') {
                    format!("{base}{name}")
                } else {
                    format!("{base}/{name}")
                };
                git::blob(&spec, &id).and_then(|bytes| parse(spec.clone(), &name, bytes))
            }))
            .map(Side::Many)
        }
    }
}

/// The review of two sides: two designs, or two sets of them.
fn review_of(old: Side, new: Side, old_arg: &str, new_arg: &str) -> Result<ReviewSet, CliError> {
    match (old, new) {
        (Side::One(a), Side::One(b)) => Ok(review::compare(&a, &b)),
        (Side::Many(a), Side::Many(b)) => Ok(review::compare_sets(&a, &b)?),
        (Side::Many(_), Side::One(_)) => Err(CliError::Usage(format!(
            "`{old_arg}` is a directory and `{new_arg}` a file; compare a file with a file, or a directory with a directory"
        ))),
        (Side::One(_), Side::Many(_)) => Err(CliError::Usage(format!(
            "`{old_arg}` is a file and `{new_arg}` a directory; compare a file with a file, or a directory with a directory"
        ))),
    }
}

pub fn run(args: Args) -> Result<Exit, CliError> {
    if args.git_external {
        return git_external(&args);
    }
    let Some(new) = args.new.as_deref() else {
        return Err(CliError::Usage(
            "name two sides to compare: OLD and NEW".into(),
        ));
    };
    if !args.git_args.is_empty() {
        return Err(CliError::Usage(format!(
            "`pipewright diff` compares two sides, and was given {}; name OLD and NEW only",
            args.git_args.len() + 2
        )));
    }
    let (old_side, new_side) = (load(&args.old), load(new));
    let mut errors: Vec<CliError> = Vec::new();
    let (old_side, new_side) = match (old_side, new_side) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            errors.extend(a.err().into_iter().flatten());
            errors.extend(b.err().into_iter().flatten());
            for e in &errors {
                output::report(e);
            }
            return Ok(Exit::Error);
        }
    };
    let set = review_of(old_side, new_side, &args.old, new)?;
    let text = match args.format {
        DiffFormat::Text => set.to_text(),
        DiffFormat::Markdown => set.to_markdown(),
        DiffFormat::Svg => pipewright_core::picture::review(&set),
        DiffFormat::Json => {
            let mut json = serde_json::to_string_pretty(&set).unwrap_or_default();
            json.push('\n');
            json
        }
    };
    output::print(&text)?;
    Ok(if args.exit_code && set.has_changes() {
        Exit::Failed
    } else {
        Exit::Ok
    })
}

/// git's external diff driver: `path old-file old-hex old-mode new-file new-hex new-mode`
/// (`/dev/null` for a side that does not exist), or just `path` for an unmerged file. Prints
/// the review under a `diff --pipewright` header and exits 0, as git wants; a side that is not a
/// design falls back to git's own text diff.
fn git_external(args: &Args) -> Result<Exit, CliError> {
    let mut all: Vec<&str> = vec![args.old.as_str()];
    all.extend(args.new.as_deref());
    all.extend(args.git_args.iter().map(String::as_str));
    let path = all[0];
    if all.len() == 1 {
        output::print(&format!("* Unmerged path {path}\n"))?;
        return Ok(Exit::Ok);
    }
    if all.len() < 7 {
        return Err(CliError::Usage(format!(
            "--git-external takes the seven arguments git passes an external diff driver, and was given {}; set it up with `pipewright git-setup`",
            all.len()
        )));
    }
    let (old_file, new_file) = (all[1], all[4]);
    // A rename passes the new path as the eighth argument.
    let new_path = all.get(7).copied().unwrap_or(path);
    let side = |file: &str, label: String| -> Result<Option<Labelled>, CliError> {
        if file == "/dev/null" {
            return Ok(None);
        }
        let bytes = std::fs::File::open(file)
            .and_then(pipewright_files::read_bounded)
            .map_err(|source| CliError::Read {
                path: label.clone(),
                source,
            })?;
        parse(label, path, bytes).map(Some)
    };
    let header = format!("diff --pipewright a/{path} b/{new_path}\n");
    match (
        side(old_file, format!("a/{path}")),
        side(new_file, format!("b/{new_path}")),
    ) {
        (Ok(old), Ok(new)) => {
            let set = ReviewSet::new(vec![review::review(old.as_ref(), new.as_ref())]);
            output::print(&format!("{header}{}", set.to_text()))?;
        }
        (old, new) => {
            // Not a design (yet): say why, then show git's text diff.
            let mut text = header;
            for e in [old.err(), new.err()].into_iter().flatten() {
                text.push_str(&format!("# pipewright: {e}\n"));
            }
            output::print(&text)?;
            let plain = git::plain_diff(Path::new(old_file), Path::new(new_file))?;
            output::print(&String::from_utf8_lossy(&plain))?;
        }
    }
    Ok(Exit::Ok)
}
