//! The Markdown rendering of a review, for a pull-request comment (GitHub, GitLab, CodeCommit):
//! a heading with the totals, then per changed pipeline its summary, where it came from, and a
//! table of its changes. It starts with an HTML comment (`<!-- pipewright-diff -->`) a CI job can
//! look for to update its earlier comment instead of adding one.

use std::fmt::Write;

use super::{Review, ReviewSet, ReviewStatus};
use crate::plan::ChangeOp;

/// The first line of every Markdown review.
pub const MARKER: &str = "<!-- pipewright-diff -->";

/// Changes listed per pipeline; the rest are counted.
const MAX_ROWS: usize = 200;

fn op_word(op: ChangeOp) -> &'static str {
    match op {
        ChangeOp::Add => "added",
        ChangeOp::Remove => "removed",
        ChangeOp::Replace => "changed",
        ChangeOp::Rename => "renamed",
        ChangeOp::Reorder => "reordered",
    }
}

/// Text safe in a table cell: no line breaks, `|` escaped, HTML-looking brackets escaped.
fn cell(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A path or `REV:path` as inline code.
fn code(s: &str) -> String {
    format!("`{}`", s.replace('`', "'"))
}

fn sources(r: &Review) -> String {
    match (&r.before, &r.after) {
        (Some(b), Some(a)) if a == b => code(a),
        (Some(b), Some(a)) => format!("{} → {}", code(b), code(a)),
        (Some(one), None) | (None, Some(one)) => code(one),
        (None, None) => String::new(),
    }
}

pub(super) fn render(set: &ReviewSet) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{MARKER}");
    let _ = writeln!(out, "### Pipeline review: {}\n", set.summary_line());
    for r in set.pipelines.iter().filter(|r| r.has_changes()) {
        let what = match r.status {
            ReviewStatus::Added => "new pipeline",
            ReviewStatus::Removed => "removed pipeline",
            _ => "pipeline",
        };
        let _ = writeln!(
            out,
            "#### {what} {}: {}\n",
            code(&r.name),
            cell(&r.summary())
        );
        let src = sources(r);
        if !src.is_empty() {
            let _ = writeln!(out, "{src}\n");
        }
        out.push_str("| | Change |\n| --- | --- |\n");
        for c in r.changes.iter().take(MAX_ROWS) {
            let _ = writeln!(out, "| {} | {} |", op_word(c.op), cell(&c.phrase));
        }
        if r.changes.len() > MAX_ROWS {
            let _ = writeln!(
                out,
                "| | and {} more (run `pipewright diff` to see them all) |",
                r.changes.len() - MAX_ROWS
            );
        }
        out.push('\n');
    }
    let unchanged: Vec<String> = set
        .pipelines
        .iter()
        .filter(|r| !r.has_changes())
        .map(|r| code(&r.name))
        .collect();
    if !unchanged.is_empty() && set.has_changes() {
        let _ = writeln!(out, "Unchanged: {}.", unchanged.join(", "));
    }
    out
}
