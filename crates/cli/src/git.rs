//! git, run as a program: designs at a revision (`REV:path`, read with `git cat-file`,
//! directories listed with `git ls-tree`), the top of a repository, its local configuration.
//! Every command runs in the current directory (or the one given), like git's own.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::error::CliError;

/// What a `REV:path` names: a file's bytes, or a directory's files (name and object id).
pub enum Object {
    Blob(Vec<u8>),
    Tree(Vec<(String, String)>),
}

fn git(dir: Option<&Path>, args: &[&str]) -> Result<Output, CliError> {
    let mut cmd = Command::new("git");
    if let Some(dir) = dir {
        cmd.arg("-C").arg(dir);
    }
    cmd.args(args).output().map_err(CliError::GitMissing)
}

/// git's own message: the first line of its standard error, without `fatal: `.
fn message(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let line = line
        .trim()
        .trim_start_matches("fatal: ")
        .trim_start_matches("error: ");
    if line.is_empty() {
        format!("git exited with {}", out.status)
    } else {
        line.trim_end_matches('.').to_string()
    }
}

/// Whether `arg` reads as `REV:path` (a path on disk is never one).
pub fn is_revision_path(arg: &str) -> bool {
    arg.contains(':') && !Path::new(arg).exists()
}

/// The file or directory `spec` (`REV:path`) names, in the repository of the current directory.
pub fn read(spec: &str) -> Result<Object, CliError> {
    let fail = |out: &Output| CliError::GitRead {
        spec: spec.to_string(),
        message: message(out),
    };
    let kind = git(None, &["cat-file", "-t", spec])?;
    if !kind.status.success() {
        return Err(fail(&kind));
    }
    match String::from_utf8_lossy(&kind.stdout).trim() {
        "blob" => {
            let out = git(None, &["cat-file", "blob", spec])?;
            if !out.status.success() {
                return Err(fail(&out));
            }
            Ok(Object::Blob(out.stdout))
        }
        "tree" => {
            let out = git(None, &["ls-tree", "-z", spec])?;
            if !out.status.success() {
                return Err(fail(&out));
            }
            // `<mode> <type> <id>\t<name>`, NUL-terminated.
            let entries = out
                .stdout
                .split(|&b| b == 0)
                .filter_map(|entry| {
                    let entry = String::from_utf8_lossy(entry);
                    let (meta, name) = entry.split_once('\t')?;
                    let mut meta = meta.split(' ');
                    let (_, kind, id) = (meta.next()?, meta.next()?, meta.next()?);
                    (kind == "blob").then(|| (name.to_string(), id.to_string()))
                })
                .collect();
            Ok(Object::Tree(entries))
        }
        other => Err(CliError::GitRead {
            spec: spec.to_string(),
            message: format!("it names a {other}, not a file or a directory"),
        }),
    }
}

/// The bytes of the object `id` (a file listed by [`read`]).
pub fn blob(spec: &str, id: &str) -> Result<Vec<u8>, CliError> {
    let out = git(None, &["cat-file", "blob", id])?;
    if !out.status.success() {
        return Err(CliError::GitRead {
            spec: spec.to_string(),
            message: message(&out),
        });
    }
    Ok(out.stdout)
}

/// The top directory of the repository `dir` is in.
pub fn toplevel(dir: &Path) -> Result<PathBuf, CliError> {
    let out = git(Some(dir), &["rev-parse", "--show-toplevel"])?;
    if !out.status.success() {
        return Err(CliError::NotARepository {
            dir: dir.display().to_string(),
            message: message(&out),
        });
    }
    Ok(PathBuf::from(
        String::from_utf8_lossy(&out.stdout).trim_end_matches(['\n', '\r']),
    ))
}

/// A key of the repository's own configuration (`git config --local`), if set.
pub fn config_get(root: &Path, key: &str) -> Result<Option<String>, CliError> {
    let out = git(Some(root), &["config", "--local", "--get", key])?;
    // Exit 1: not set.
    Ok(out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim_end().to_string()))
}

/// Set a key of the repository's own configuration.
pub fn config_set(root: &Path, key: &str, value: &str) -> Result<(), CliError> {
    let out = git(Some(root), &["config", "--local", key, value])?;
    if !out.status.success() {
        return Err(CliError::GitFailed {
            what: format!("set {key}"),
            message: message(&out),
        });
    }
    Ok(())
}

/// `git diff --no-index` of two files, as text (the fallback when a side is not a design).
pub fn plain_diff(old: &Path, new: &Path) -> Result<Vec<u8>, CliError> {
    let out = Command::new("git")
        .args(["diff", "--no-index", "--no-ext-diff", "--no-color", "--"])
        .arg(old)
        .arg(new)
        .output()
        .map_err(CliError::GitMissing)?;
    Ok(out.stdout)
}
