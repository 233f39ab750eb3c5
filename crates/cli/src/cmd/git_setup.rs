//! `pipewright git-setup`: make `git diff` show the review of design files by itself. Writes the
//! `.gitattributes` lines that give those files the `pipewright` diff driver (committed, so the
//! team shares them) and the driver's command in the repository's own configuration
//! (`diff.pipewright.command`, which git never takes from a clone). Running it again changes
//! nothing; it says what it wrote.

use std::path::{Path, PathBuf};

use crate::error::CliError;
use crate::files;
use crate::git;
use crate::output::{self, Exit};

/// The diff driver's name, in `.gitattributes` (`diff=pipewright`) and the git configuration.
pub const DRIVER: &str = "pipewright";

/// The files given the driver when no `--pattern` is named: the suggested design file names.
pub const DEFAULT_PATTERNS: &[&str] =
    &["*.pipewright.yaml", "*.pipewright.yml", "*.pipewright.json"];

/// Make `git diff` show pipeline changes of design files with `pipewright diff`.
///
/// Adds `PATTERN diff=pipewright` to the repository's top-level .gitattributes for each pattern
/// (commit it), and sets `diff.pipewright.command` in the repository's own git configuration
/// (.git/config) to this `pipewright diff --git-external`. Then `git diff`, `git diff --cached` and
/// `git diff main...` show the review of those files; `git log -p` and `git show` need
/// `--ext-diff`; `--no-ext-diff` shows the plain text diff. Everyone who clones the repository
/// runs `pipewright git-setup` once (the command is never shared through git). Running it again
/// changes nothing.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright git-setup\n  pipewright git-setup --pattern 'designs/*.yaml' --pattern 'designs/*.json'\n  git diff --no-ext-diff    # the plain text diff"
)]
pub struct Args {
    /// A .gitattributes pattern of design files (repeatable). Default: *.pipewright.yaml,
    /// *.pipewright.yml and *.pipewright.json.
    #[arg(long = "pattern", value_name = "PATTERN")]
    pub patterns: Vec<String>,

    /// The repository to set up (default: the one of the current directory).
    #[arg(short = 'C', value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

/// `s` as one word for the shell git runs the command with.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// How the driver's command names this program: `pipewright` when that is what the `PATH`
/// finds, else this executable's absolute path.
fn program() -> String {
    let me = std::env::current_exe().and_then(|p| p.canonicalize()).ok();
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("pipewright"))
            .find(|p| p.is_file())
            .and_then(|p| p.canonicalize().ok())
    });
    match (me, on_path) {
        (Some(me), Some(found)) if me == found => "pipewright".into(),
        (Some(me), _) => shell_word(&me.display().to_string()),
        (None, _) => "pipewright".into(),
    }
}

/// The lines `.gitattributes` lacks, for `patterns`.
fn missing_lines(existing: &str, patterns: &[String]) -> Vec<String> {
    patterns
        .iter()
        .map(|p| format!("{p} diff={DRIVER}"))
        .filter(|line| {
            !existing.lines().any(|l| {
                l.split_whitespace().collect::<Vec<_>>()
                    == line.split_whitespace().collect::<Vec<_>>()
            })
        })
        .collect()
}

pub fn run(args: Args) -> Result<Exit, CliError> {
    let root = git::toplevel(&args.dir)?;
    let patterns: Vec<String> = if args.patterns.is_empty() {
        DEFAULT_PATTERNS.iter().map(|p| p.to_string()).collect()
    } else {
        args.patterns.clone()
    };
    let mut wrote = false;

    let attributes = root.join(".gitattributes");
    let existing = match std::fs::read_to_string(&attributes) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(CliError::Read {
                path: attributes.display().to_string(),
                source,
            })
        }
    };
    let lines = missing_lines(&existing, &patterns);
    if !lines.is_empty() {
        let mut text = existing.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        if !existing.contains(&format!("diff={DRIVER}")) {
            text.push_str(
                "# Design files: `git diff` shows their pipeline changes (pipewright git-setup).\n",
            );
        }
        for line in &lines {
            text.push_str(line);
            text.push('\n');
        }
        files::write_atomic(&attributes, &text)?;
        output::print(&format!(
            "{}: added {}\n",
            shown(&attributes),
            lines
                .iter()
                .map(|l| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        wrote = true;
    }

    let key = format!("diff.{DRIVER}.command");
    let command = format!("{} diff --git-external", program());
    if git::config_get(&root, &key)?.as_deref() != Some(command.as_str()) {
        git::config_set(&root, &key, &command)?;
        output::print(&format!(
            "git config (this repository): set {key} = {command}\n"
        ))?;
        wrote = true;
    }

    if wrote {
        output::print(&format!(
            "`git diff` now shows pipeline changes of {} with `pipewright diff`; commit .gitattributes, and have everyone who clones the repository run `pipewright git-setup` once.\n",
            patterns.join(", ")
        ))?;
    } else {
        output::print(&format!(
            "{} is set up already: nothing to change.\n",
            shown(&root)
        ))?;
    }
    Ok(Exit::Ok)
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lines_are_added_once_whatever_the_spacing() {
        let patterns = vec![
            "*.pipewright.yaml".to_string(),
            "designs/*.json".to_string(),
        ];
        assert_eq!(
            missing_lines(
                "*.png binary\n*.pipewright.yaml   diff=pipewright\n",
                &patterns
            ),
            ["designs/*.json diff=pipewright"]
        );
        assert!(missing_lines(
            "*.pipewright.yaml diff=pipewright\ndesigns/*.json diff=pipewright",
            &patterns
        )
        .is_empty());
    }

    #[test]
    fn the_command_is_one_shell_word() {
        assert_eq!(
            shell_word("/usr/local/bin/pipewright"),
            "/usr/local/bin/pipewright"
        );
        assert_eq!(
            shell_word("/home/a b/it's/pipewright"),
            r"'/home/a b/it'\''s/pipewright'"
        );
    }
}
