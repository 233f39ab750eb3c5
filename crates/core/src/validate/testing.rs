//! What the rule tests of every family share: a small valid pipeline to edit, the rule corpus
//! (`tests/corpus/{valid,invalid}`, files named by code) run one rule at a time, and
//! [`rule_cases!`], which gives each rule its own test the way ruff's `#[test_case(Rule::X,
//! Path::new("B011.py"))]` does.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::{code_info, validate};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Format};

/// A small valid V2 pipeline: connection source -> CodeBuild -> approval -> CodeDeploy.
pub(crate) fn base() -> Value {
    json!({
        "pipeline": {
            "name": "demo",
            "roleArn": "arn:aws:iam::123456789012:role/svc",
            "artifactStore": {"type": "S3", "location": "my-bucket"},
            "pipelineType": "V2",
            "executionMode": "QUEUED",
            "stages": [
                {"name": "Source", "actions": [{
                    "name": "Src",
                    "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "CodeStarSourceConnection", "version": "1"},
                    "configuration": {"ConnectionArn": "arn:aws:codeconnections:us-east-1:123456789012:connection/abc", "FullRepositoryId": "o/r", "BranchName": "main"},
                    "outputArtifacts": [{"name": "SourceOut"}]
                }]},
                {"name": "Build", "actions": [{
                    "name": "Build",
                    "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                    "configuration": {"ProjectName": "p"},
                    "inputArtifacts": [{"name": "SourceOut"}],
                    "outputArtifacts": [{"name": "BuildOut"}]
                }]},
                {"name": "Deploy", "actions": [{
                    "name": "Approve",
                    "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"},
                    "runOrder": 1
                }, {
                    "name": "Deploy",
                    "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "CodeDeploy", "version": "1"},
                    "runOrder": 2,
                    "configuration": {"ApplicationName": "a", "DeploymentGroupName": "prod"},
                    "inputArtifacts": [{"name": "BuildOut"}]
                }]}
            ]
        }
    })
}

/// Every diagnostic of a document given as a JSON value.
pub(crate) fn run(v: Value) -> Vec<Diagnostic> {
    validate(&Document::from_value(v).expect("test document decodes"))
}

/// The codes [`run`] reports, in order.
pub(crate) fn codes(v: Value) -> Vec<&'static str> {
    run(v).into_iter().map(|d| d.code).collect()
}

/// Apply a JSON pointer edit: set the node (creating the last key) to `to`.
pub(crate) fn set(mut v: Value, pointer: &str, to: Value) -> Value {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let node = v
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent}"));
    match node {
        Value::Object(m) => {
            m.insert(last.to_string(), to);
        }
        Value::Array(a) => a[last.parse::<usize>().unwrap()] = to,
        _ => panic!("{parent} is not a container"),
    }
    v
}

/// Remove the node at a JSON pointer.
pub(crate) fn remove(mut v: Value, pointer: &str) -> Value {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    match v.pointer_mut(parent).unwrap() {
        Value::Object(m) => {
            m.shift_remove(last);
        }
        Value::Array(a) => {
            a.remove(last.parse::<usize>().unwrap());
        }
        _ => panic!(),
    }
    v
}

/// Each `(document, code, pointer)` reports `code` at `pointer`.
pub(crate) fn assert_fires_at(cases: Vec<(Value, &str, &str)>) {
    for (doc, code, pointer) in cases {
        let diags = run(doc);
        assert!(
            diags.iter().any(|d| d.code == code && d.pointer == pointer),
            "expected {code} at {pointer}, got {diags:#?}"
        );
    }
}

/// One test per rule: `rule_cases! { e301_input_not_produced: "E301", ... }` runs
/// [`corpus_case`] for each code.
macro_rules! rule_cases {
    ($($test:ident: $code:literal),* $(,)?) => {$(
        #[test]
        fn $test() {
            $crate::validate::testing::corpus_case($code);
        }
    )*};
}

pub(crate) use rule_cases;

/// The corpus cases of one rule: every `tests/corpus/invalid/<code>-*` file reports `code` (and,
/// for an error, no other error), errors first, every diagnostic pointing into the document; and
/// an error code never fires on the valid corpus.
pub(crate) fn corpus_case(code: &str) {
    let info = code_info(code).unwrap_or_else(|| panic!("{code} is not in validate::CODES"));
    let invalid: Vec<_> = corpus_files("invalid")
        .into_iter()
        .filter(|(path, _, _)| file_name(path).split('-').next() == Some(code))
        .collect();
    assert!(
        !invalid.is_empty(),
        "add tests/corpus/invalid/{code}-<slug>.json: a document whose only mistake {code} reports"
    );
    for (path, text, format) in invalid {
        let file = file_name(&path);
        let doc = Document::parse(&text, format).unwrap_or_else(|e| panic!("{file}: {e}"));
        let diags = validate(&doc);
        let errors: BTreeSet<&str> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.code)
            .collect();
        if info.severity == Severity::Error {
            assert_eq!(
                errors,
                BTreeSet::from([code]),
                "{file} must report {code} and no other error, got:\n{}",
                listing(&diags)
            );
        } else {
            assert!(
                errors.is_empty(),
                "{file} must have no error, got:\n{}",
                listing(&diags)
            );
            assert!(
                diags.iter().any(|d| d.code == code),
                "{file} must warn {code}, got:\n{}",
                listing(&diags)
            );
        }
        // Errors first, and every diagnostic points into the document (or at a missing field of
        // a node that exists).
        let first_warning = diags
            .iter()
            .position(|d| !d.is_error())
            .unwrap_or(diags.len());
        assert!(
            diags[first_warning..].iter().all(|d| !d.is_error()),
            "{file}: errors must come first"
        );
        let value = doc.to_value();
        for d in &diags {
            let parent = d.pointer.rsplit_once('/').map_or("", |(p, _)| p);
            assert!(
                value.pointer(&d.pointer).is_some() || value.pointer(parent).is_some(),
                "{file}: {} points at {}, which is not in the document",
                d.code,
                d.pointer
            );
        }
    }
    if info.severity == Severity::Error {
        for (path, text, format) in corpus_files("valid") {
            let file = file_name(&path);
            let doc = Document::parse(&text, format).unwrap_or_else(|e| panic!("{file}: {e}"));
            let diags = validate(&doc);
            assert!(
                diags.iter().all(|d| d.code != code),
                "{file} is valid, yet {code} fires:\n{}",
                listing(&diags)
            );
        }
    }
}

/// Every `.json` / `.yaml` / `.yml` file of `tests/corpus/<kind>`, sorted.
pub(crate) fn corpus_files(kind: &str) -> Vec<(PathBuf, String, Format)> {
    let dir = pipewright_test_support::manifest_dir!()
        .join("../../tests/corpus")
        .join(kind);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter_map(|p| {
            let format = Format::from_file_name(&file_name(&p))?;
            let text = std::fs::read_to_string(&p).expect("corpus file is UTF-8");
            Some((p, text, format))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().to_string()
}

fn listing(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("  {} {} {}", d.code, d.pointer, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}
