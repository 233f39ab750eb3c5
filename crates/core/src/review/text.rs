//! The text rendering of a review, as `pipewright diff` prints it (and `git diff` shows it).
//!
//! ```text
//! ~ pipeline `web`: 1 stage added, 1 action renamed  (a/web.yaml -> b/web.yaml)
//!     + stage `Approve` added after `Build` with 1 action: `Approve` (Approval, Manual)
//!     ~ action `Build` in stage `Build` renamed to `Compile`
//! 1 pipeline changed
//! ```

use std::fmt::Write;

use super::{Review, ReviewSet, ReviewStatus};
use crate::plan::ChangeOp;

/// `+` added, `-` removed, `~` changed, renamed or reordered.
pub(super) fn sign(op: ChangeOp) -> char {
    match op {
        ChangeOp::Add => '+',
        ChangeOp::Remove => '-',
        ChangeOp::Replace | ChangeOp::Rename | ChangeOp::Reorder => '~',
    }
}

fn status_sign(status: ReviewStatus) -> char {
    match status {
        ReviewStatus::Added => '+',
        ReviewStatus::Removed => '-',
        ReviewStatus::Changed => '~',
        ReviewStatus::Unchanged => '=',
    }
}

/// `(a.yaml -> b.yaml)`, `(b.yaml)` for one side.
pub(super) fn sources(r: &Review) -> String {
    match (&r.before, &r.after) {
        (Some(b), Some(a)) if a == b => a.clone(),
        (Some(b), Some(a)) => format!("{b} -> {a}"),
        (Some(one), None) | (None, Some(one)) => one.clone(),
        (None, None) => String::new(),
    }
}

pub(super) fn render(set: &ReviewSet) -> String {
    let mut out = String::new();
    for r in set.pipelines.iter().filter(|r| r.has_changes()) {
        let _ = write!(
            out,
            "{} pipeline `{}`: {}",
            status_sign(r.status),
            r.name,
            r.summary()
        );
        let src = sources(r);
        if !src.is_empty() {
            let _ = write!(out, "  ({src})");
        }
        out.push('\n');
        for c in &r.changes {
            let _ = writeln!(out, "    {} {}", sign(c.op), c.phrase);
        }
    }
    let line = set.summary_line();
    let mut chars = line.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
        out.push_str(".\n");
    }
    out
}
