//! "Compare with...": the review of the open design against a git revision of its file, or
//! against another design file (`pipewright_core::review`, the code `pipewright diff` runs). The
//! open design, as it is in the editor (saved or not), is the newer side. git runs as a program in
//! the file's folder, so a revision means what it means there (`HEAD`, `main`, `HEAD~2`, a commit).

use std::path::Path;
use std::process::{Command, Output};

use pipewright_core::review::{self, Labelled, Review};
use pipewright_core::Document;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Result};

/// What to compare the open design with.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum CompareWith {
    /// The open design's file at a git revision (`HEAD`, a branch, a commit).
    Revision { revision: String },
    /// Another design file.
    File { path: String },
}

/// A commit that changed the open design's file, for the revision picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Revision {
    /// The full commit id.
    pub id: String,
    /// The abbreviated id, as git prints it.
    pub short: String,
    /// The commit's subject line.
    pub subject: String,
    /// The commit date, `YYYY-MM-DD`.
    pub date: String,
}

/// The label of the open design in the review: its file name, or "this design" when unsaved.
fn open_label(path: Option<&Path>) -> String {
    path.and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "this design".into())
}

/// The review of `other` (the older side) against the open design `document` (saved at `path`,
/// if it has a file).
pub fn compare_with(
    path: Option<&Path>,
    document: &Document,
    other: &CompareWith,
) -> Result<Review> {
    let before = match other {
        CompareWith::File { path: other } => {
            let opened = crate::files::open_design(Path::new(other))?;
            Labelled {
                label: other.clone(),
                document: opened.document,
            }
        }
        CompareWith::Revision { revision } => {
            let path = path.ok_or_else(|| {
                AppError::Invalid(
                    "this design has no file yet, so it has no git history; save it in a git repository first, or compare with another file".into(),
                )
            })?;
            at_revision(path, revision)?
        }
    };
    let after = Labelled {
        label: open_label(path),
        document: document.clone(),
    };
    Ok(review::review(Some(&before), Some(&after)))
}

/// The file's folder and name, as git is run in and asked about.
fn split(path: &Path) -> Result<(&Path, String)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| AppError::Invalid(format!("{} names no file", path.display())))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Ok((dir, name))
}

fn git(dir: &Path, args: &[&str]) -> Result<Output> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| {
            AppError::Unavailable(format!(
                "could not run git ({e}); install git to compare with a revision, or compare with another file"
            ))
        })
}

/// git's own message: the first line of its standard error, without `fatal: `.
fn git_message(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let line = line.trim_start_matches("fatal: ").trim_end_matches('.');
    if line.is_empty() {
        format!("git exited with {}", out.status)
    } else {
        line.to_string()
    }
}

/// The design file `path` at `revision`, read with `git cat-file` in its folder.
fn at_revision(path: &Path, revision: &str) -> Result<Labelled> {
    let revision = revision.trim();
    if revision.is_empty() || revision.starts_with('-') || revision.contains(':') {
        return Err(AppError::Invalid(format!(
            "`{revision}` is not a revision; give a commit, a branch or a tag, such as HEAD or main"
        )));
    }
    let (dir, name) = split(path)?;
    let spec = format!("{revision}:./{name}");
    let out = git(dir, &["cat-file", "blob", &spec])?;
    if !out.status.success() {
        return Err(AppError::Invalid(format!(
            "{name} at {revision}: git cannot read it ({}); check that the file is in a git repository and that the revision has it",
            git_message(&out)
        )));
    }
    let text = pipewright_files::decode(Path::new(&name), out.stdout)?;
    let format = pipewright_core::Format::detect(&name, &text);
    let label = format!("{revision}:{name}");
    let document =
        Document::parse(&text, format).map_err(|e| AppError::Parse(format!("{label}: {e}")))?;
    Ok(Labelled { label, document })
}

/// The latest commits (at most `limit`) that changed the design file `path`, newest first;
/// empty when the file has no history yet.
pub fn revisions(path: &Path, limit: usize) -> Result<Vec<Revision>> {
    let (dir, name) = split(path)?;
    let limit = format!("-n{}", limit.max(1));
    let out = git(
        dir,
        &["log", &limit, "--format=%H%x1f%h%x1f%cs%x1f%s", "--", &name],
    )?;
    if !out.status.success() {
        return Err(AppError::Invalid(format!(
            "{name}: git cannot list its history ({}); is the file in a git repository?",
            git_message(&out)
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let mut f = line.splitn(4, '\u{1f}');
            Some(Revision {
                id: f.next()?.to_string(),
                short: f.next()?.to_string(),
                date: f.next()?.to_string(),
                subject: f.next().unwrap_or("").to_string(),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use std::fs;

    use pipewright_core::plan::ChangeOp;
    use pipewright_core::review::{Mark, ReviewStatus};
    use pipewright_core::Format;

    use super::*;
    use crate::error::ErrorKind;

    fn example(side: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/review")
            .join(format!("{side}.pipewright.yaml"));
        fs::read_to_string(&path).expect("the held-back example")
    }

    fn run_git(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .args([
                "-c",
                "user.name=Pipewright Test",
                "-c",
                "user.email=test@example.com",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(dir)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }

    /// A repository whose one commit holds `before` in `designs/web.pipewright.yaml`.
    fn repository() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        run_git(dir.path(), &["init", "-q"]);
        fs::create_dir(dir.path().join("designs")).expect("mkdir");
        let file = dir.path().join("designs/web.pipewright.yaml");
        fs::write(&file, example("before")).expect("write");
        run_git(dir.path(), &["add", "."]);
        run_git(dir.path(), &["commit", "-q", "-m", "The shop pipeline"]);
        (dir, file)
    }

    fn after() -> Document {
        Document::parse(&example("after"), Format::Yaml).expect("after parses")
    }

    #[test]
    fn the_open_design_against_a_revision_of_its_file() {
        let (_repo, file) = repository();
        let r = compare_with(
            Some(&file),
            &after(),
            &CompareWith::Revision {
                revision: "HEAD".into(),
            },
        )
        .expect("review");
        assert_eq!(r.status, ReviewStatus::Changed);
        assert_eq!(r.before.as_deref(), Some("HEAD:web.pipewright.yaml"));
        assert_eq!(r.after.as_deref(), Some("web.pipewright.yaml"));
        let phrases: Vec<&str> = r.changes.iter().map(|c| c.phrase.as_str()).collect();
        assert_eq!(
            phrases,
            [
                "action `Build` in stage `Build` renamed to `BuildImage`",
                "stage `Approve` added after `Build` with 1 action: `ApproveRelease` (Approval, Manual)"
            ]
        );
        assert_eq!(r.changes[0].op, ChangeOp::Rename);
        assert_eq!(r.changes[1].stage.as_deref(), Some("Approve"));
        let approve = r
            .stages
            .iter()
            .find(|s| s.name == "Approve")
            .expect("Approve");
        assert_eq!(approve.mark, Mark::Added);

        let revisions = revisions(&file, 20).expect("history");
        assert_eq!(revisions.len(), 1);
        assert_eq!(revisions[0].subject, "The shop pipeline");
        assert!(revisions[0].id.starts_with(&revisions[0].short));
        // A commit id reads the same file.
        let by_id = compare_with(
            Some(&file),
            &after(),
            &CompareWith::Revision {
                revision: revisions[0].short.clone(),
            },
        )
        .expect("review by id");
        assert_eq!(by_id.changes, r.changes);
    }

    #[test]
    fn the_open_design_against_another_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let other = dir.path().join("before.yaml");
        fs::write(&other, example("before")).expect("write");
        let r = compare_with(
            None,
            &after(),
            &CompareWith::File {
                path: other.display().to_string(),
            },
        )
        .expect("review");
        assert_eq!(r.after.as_deref(), Some("this design"));
        assert_eq!(r.changes.len(), 2);
        // The same design: nothing changed.
        let same = compare_with(
            None,
            &Document::parse(&example("before"), Format::Yaml).expect("parse"),
            &CompareWith::File {
                path: other.display().to_string(),
            },
        )
        .expect("review");
        assert_eq!(same.status, ReviewStatus::Unchanged);
    }

    #[test]
    fn what_cannot_be_compared_is_said() {
        let (repo, file) = repository();
        let doc = after();
        let rev = |r: &str| CompareWith::Revision { revision: r.into() };
        let e = compare_with(None, &doc, &rev("HEAD")).expect_err("unsaved");
        assert!(e.to_string().contains("has no file yet"), "{e}");
        let e = compare_with(Some(&file), &doc, &rev("nope")).expect_err("no such revision");
        assert_eq!(e.kind(), ErrorKind::Invalid);
        assert!(
            e.to_string()
                .starts_with("web.pipewright.yaml at nope: git cannot read it ("),
            "{e}"
        );
        for bad in ["", "--output=x", "HEAD:other.yaml"] {
            let e = compare_with(Some(&file), &doc, &rev(bad)).expect_err(bad);
            assert!(e.to_string().contains("is not a revision"), "{bad}: {e}");
        }
        // A file outside any repository.
        let outside = tempfile::tempdir().expect("tempdir");
        let lone = outside.path().join("lone.yaml");
        fs::write(&lone, example("before")).expect("write");
        let e = compare_with(Some(&lone), &doc, &rev("HEAD")).expect_err("no repository");
        assert!(e.to_string().contains("git cannot read it"), "{e}");
        assert!(revisions(&lone, 5).is_err());
        // A new file in a repository has no history yet.
        let new = repo.path().join("designs/new.yaml");
        fs::write(&new, example("after")).expect("write");
        assert_eq!(revisions(&new, 5).expect("history"), []);
        let e = compare_with(
            Some(&file),
            &doc,
            &CompareWith::File {
                path: repo.path().join("missing.yaml").display().to_string(),
            },
        )
        .expect_err("missing file");
        assert_eq!(e.kind(), ErrorKind::NotFound);
    }
}
