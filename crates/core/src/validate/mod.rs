//! Validation: every rule the CodePipeline service enforces, checked offline, and lints from
//! good practice. One file per family of rules; one function per rule, its doc comment quoting
//! the AWS rule and its source. Every code is listed in [`CODES`] and in `docs/diagnostics.md`.
//!
//! Each family's tests sit at the end of its file: one test per rule (`rule_cases!`) that runs
//! the corpus files named by its code (`tests/corpus/invalid/<code>-*`) and checks the rule stays
//! quiet on the valid corpus, then unit tests of the family's edge cases. `testing.rs` holds what
//! they share; `codes.rs`' tests keep the registry, `docs/diagnostics.md` and the rule cases in
//! step.
//!
//! Code ranges: `E1xx` names, formats and required fields; `E2xx` pipeline structure; `E3xx`
//! artifacts and artifact stores; `E4xx` regions; `E5xx` action configuration; `E6xx` V2
//! features and Commands actions; `E7xx` triggers; `E8xx` stage conditions and their rules'
//! configuration; `W9xx` what starts the pipeline (source connections, polling); `W...`
//! warnings (lints and things that cannot be checked offline).

mod artifacts;
mod codes;
mod conditions;
mod config;
mod detection;
mod fields;
mod lints;
mod names;
mod order;
mod placeholders;
mod regions;
mod rule_config;
mod structure;
mod triggers;
mod v2;
mod variables;

pub use codes::{code_info, CodeInfo, CODES};
pub use placeholders::{blocks_sync, placeholders_in, PLACEHOLDER_CODE, REPLACE_ME};

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use crate::catalog::{self, Provider};
use crate::codec::Pointer;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::model::{Action, Pipeline};

/// What validation may know beyond the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The region the pipeline is (or will be) created in: the connection's region at plan and
    /// apply, `--region` on the command line. It makes the cross-region rules (`E4xx`) precise
    /// when the document does not say its region (`metadata.pipelineArn`).
    pub region: Option<String>,
    /// The states of the source connections the document uses (`GetConnection`), at plan and
    /// in the designer: a PENDING or ERROR one is W901.
    pub connections: Vec<crate::around::ConnectionState>,
}

/// Every diagnostic for a document: errors first, then warnings, each in document order.
pub fn validate(doc: &Document) -> Vec<Diagnostic> {
    validate_with(doc, &Options::default())
}

/// [`validate`], knowing what [`Options`] says beyond the document.
pub fn validate_with(doc: &Document, opts: &Options) -> Vec<Diagnostic> {
    let mut out = Out::default();
    let p = &doc.pipeline;
    let cat = Catalogued::of(p);
    names::check(doc, &mut out);
    structure::check(p, &mut out);
    artifacts::check(p, &cat, &mut out);
    regions::check(doc, opts, &mut out);
    config::check(p, &cat, &mut out);
    v2::check(doc, &cat, &mut out);
    triggers::check(p, &mut out);
    conditions::check(p, &mut out);
    rule_config::check(p, &mut out);
    lints::check(p, &cat, &mut out);
    fields::check(doc, &mut out);
    variables::check(p, &mut out);
    detection::check(doc, opts, &mut out);
    placeholders::check(doc, &mut out);
    let mut diags = out.0;
    order::sort(&mut diags, doc);
    diags
}

/// Only the errors of [`validate`].
pub fn errors(doc: &Document) -> Vec<Diagnostic> {
    validate(doc).into_iter().filter(|d| d.is_error()).collect()
}

/// Diagnostics as a compiler prints them: one block per diagnostic, then a summary line.
///
/// ```text
/// error[E301]: action `Deploy` reads artifact `Bundel`, which no action produces
///   --> /pipeline/stages/2/actions/1/inputArtifacts/0/name
///   = hint: Name an output artifact of an earlier action ...
///
/// 1 error, 0 warnings
/// ```
pub fn render(diags: &[Diagnostic]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    for d in diags {
        let sev = d.severity.label();
        let at = if d.pointer.is_empty() {
            "/"
        } else {
            &d.pointer
        };
        let _ = write!(s, "{sev}[{}]: {}\n  --> {at}\n", d.code, d.message);
        if !d.hint.is_empty() {
            let _ = writeln!(s, "  = hint: {}", d.hint);
        }
        s.push('\n');
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let _ = writeln!(
        s,
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    s
}

/// Each action's catalog entry, looked up once per validation: several rules need it.
pub(crate) struct Catalogued(Vec<Option<&'static Provider>>);

impl Catalogued {
    fn of(p: &Pipeline) -> Catalogued {
        Catalogued(
            p.actions()
                .map(|(_, _, a)| catalog::find(&a.action_type_id))
                .collect(),
        )
    }

    /// `p.actions()` (the pipeline this was made from), each with its catalog entry.
    pub(crate) fn actions<'a>(
        &'a self,
        p: &'a Pipeline,
    ) -> impl Iterator<Item = (usize, usize, &'a Action, Option<&'static Provider>)> + 'a {
        p.actions()
            .zip(self.0.iter().copied())
            .map(|((si, ai, a), prov)| (si, ai, a, prov))
    }
}

/// Where rules put what they find.
#[derive(Default)]
pub(crate) struct Out(Vec<Diagnostic>);

impl Out {
    /// Report `code` at `at`. The severity follows the code: `W...` is a warning, anything
    /// else an error.
    pub(crate) fn emit(
        &mut self,
        code: &'static str,
        at: &Pointer,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        debug_assert!(
            code_info(code).is_some(),
            "{code} is not listed in validate::CODES"
        );
        let severity = if code.starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        };
        self.0.push(Diagnostic {
            code,
            severity,
            message: message.into(),
            pointer: at.as_str().to_string(),
            hint: hint.into(),
        });
    }
}

/// An empty FxHash map with room for `capacity` entries (validation's name maps: short keys).
pub(crate) fn fast_map<K, V>(capacity: usize) -> FxHashMap<K, V> {
    FxHashMap::with_capacity_and_hasher(capacity, FxBuildHasher)
}

/// An empty FxHash set with room for `capacity` entries.
pub(crate) fn fast_set<K>(capacity: usize) -> FxHashSet<K> {
    FxHashSet::with_capacity_and_hasher(capacity, FxBuildHasher)
}

/// `/pipeline`.
pub(crate) fn pipeline_ptr() -> Pointer {
    Pointer::root().key("pipeline")
}

/// `/pipeline/stages/<si>`.
pub(crate) fn stage_ptr(si: usize) -> Pointer {
    pipeline_ptr().key("stages").index(si)
}

/// `/pipeline/stages/<si>/actions/<ai>`.
pub(crate) fn action_ptr(si: usize, ai: usize) -> Pointer {
    stage_ptr(si).key("actions").index(ai)
}

/// Length in characters, as the service counts it.
pub(crate) fn len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// The number of actions of the pipeline (capacity for per-action maps).
pub(crate) fn action_count(p: &Pipeline) -> usize {
    p.stages.iter().map(|s| s.actions.len()).sum()
}

/// Every character is ASCII alphanumeric or one of `extra`.
pub(crate) fn only(s: &str, extra: &[u8]) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
}

/// 1..=max characters (at least `min`), each ASCII alphanumeric or one of `extra`.
pub(crate) fn fits(s: &str, min: usize, max: usize, extra: &[u8]) -> bool {
    (min..=max).contains(&len(s)) && only(s, extra)
}

/// `"a", "b"` for messages.
pub(crate) fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod testing;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::render;
    use crate::validate::testing::{base, run};

    #[test]
    fn base_pipeline_is_clean() {
        assert_eq!(run(base()), vec![]);
    }

    #[test]
    fn render_counts_errors_and_warnings() {
        let mut v = base();
        v["pipeline"]["name"] = json!("bad name");
        v["pipeline"]
            .as_object_mut()
            .unwrap()
            .shift_remove("pipelineType");
        v["pipeline"]
            .as_object_mut()
            .unwrap()
            .shift_remove("executionMode");
        let text = render(&run(v));
        assert!(text.starts_with("error[E101]: pipeline name `bad name` is not a valid name\n  --> /pipeline/name\n  = hint: "), "{text}");
        assert!(text.contains("warning[W005]"), "{text}");
        assert!(text.ends_with("1 error, 1 warning\n"), "{text}");
    }
}
