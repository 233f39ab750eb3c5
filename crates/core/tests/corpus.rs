//! The rule corpus (`tests/corpus/`): realistic valid pipelines give no error, every code has an
//! invalid file named by it, and every file round-trips through the codec. What each invalid
//! file reports is checked rule by rule, beside each rule (`rule_cases!` in
//! `src/validate/<family>.rs`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pipewright_core::codec::parse_value;
use pipewright_core::validate::{code_info, validate};
use pipewright_core::{Document, Format};
use serde_json::Value;

fn corpus_dir(kind: &str) -> PathBuf {
    pipewright_test_support::manifest_dir!()
        .join("../../tests/corpus")
        .join(kind)
}

/// Every `.json` / `.yaml` / `.yml` file of a corpus directory, sorted; fails when there is none.
fn files(kind: &str) -> Vec<(PathBuf, String, Format)> {
    let dir = corpus_dir(kind);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().to_string();
            let format = Format::from_file_name(&name)?;
            let text = std::fs::read_to_string(&p).expect("corpus file is UTF-8");
            Some((p, text, format))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(!out.is_empty(), "{} holds no corpus files", dir.display());
    out
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().to_string()
}

fn render(diags: &[pipewright_core::Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("  {} {} {}", d.code, d.pointer, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn valid_pipelines_have_no_errors() {
    let files = files("valid");
    assert!(
        files.iter().any(|f| f.2 == Format::Yaml),
        "the valid corpus needs YAML files too"
    );
    for (path, text, format) in files {
        let doc = Document::parse(&text, format).unwrap_or_else(|e| panic!("{}: {e}", name(&path)));
        let diags = validate(&doc);
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).cloned().collect();
        assert!(
            errors.is_empty(),
            "{} should be valid, got:\n{}",
            name(&path),
            render(&errors)
        );
    }
}

/// Each invalid file is named by the code it reports (`E301-input-not-produced.json`); what it
/// reports is checked beside that code's rule (`rule_cases!` in `src/validate/<family>.rs`).
#[test]
fn invalid_files_are_named_by_a_known_code() {
    for (path, _, _) in files("invalid") {
        let file = name(&path);
        let code = file.split('-').next().unwrap();
        assert!(
            code_info(code).is_some(),
            "{file}: the name must start with a known code, not `{code}`"
        );
    }
}

#[test]
fn every_corpus_file_round_trips() {
    for kind in ["valid", "invalid"] {
        for (path, text, format) in files(kind) {
            let file = name(&path);
            let parsed = parse_value(&text, format).unwrap_or_else(|e| panic!("{file}: {e}"));
            let doc =
                Document::from_value(parsed.clone()).unwrap_or_else(|e| panic!("{file}: {e}"));
            // A bare declaration is wrapped in `pipeline`.
            let expected = if parsed.get("pipeline").is_some() {
                parsed
            } else {
                let mut m = serde_json::Map::new();
                m.insert("pipeline".into(), parsed);
                Value::Object(m)
            };
            assert_eq!(
                doc.to_value(),
                expected,
                "{file}: to_value must equal the parsed JSON value"
            );
            for out_format in [Format::Json, Format::Yaml] {
                let canonical = doc.to_text(out_format).unwrap();
                let again = Document::parse(&canonical, out_format)
                    .unwrap_or_else(|e| panic!("{file} as {out_format:?}: {e}"));
                assert_eq!(
                    again, doc,
                    "{file}: {out_format:?} text reads back as the same document"
                );
                assert_eq!(
                    again.to_text(out_format).unwrap(),
                    canonical,
                    "{file}: canonical {out_format:?} is a fixed point"
                );
            }
        }
    }
}

/// Codes that no single-mistake document can isolate, with the unit test that covers each.
const NOT_ISOLATABLE: &[(&str, &str)] = &[
    (
        "E207",
        "validate::structure::tests::only_source_actions_is_e207",
    ),
    (
        "E706",
        "validate::triggers::tests::more_than_fifty_triggers_is_e706",
    ),
    // Needs a connection's state (GetConnection), which no document holds.
    (
        "W901",
        "validate::detection::tests::pending_connection_is_w901",
    ),
];

#[test]
fn every_code_has_an_invalid_corpus_file() {
    let covered: BTreeSet<String> = files("invalid")
        .iter()
        .map(|(p, _, _)| name(p).split('-').next().unwrap().to_string())
        .collect();
    for info in pipewright_core::validate::CODES {
        let exempt = NOT_ISOLATABLE.iter().any(|(c, _)| *c == info.code);
        assert!(
            covered.contains(info.code) != exempt,
            "{}: add tests/corpus/invalid/{}-<slug>.json (or, if it cannot be isolated, list it in NOT_ISOLATABLE with its unit test)",
            info.code,
            info.code
        );
    }
}
