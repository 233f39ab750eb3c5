//! Property tests: whatever the input, parsing and validation never panic, a decoded document
//! re-encodes to a value that decodes to the same document, and `Document::parse` (one pass, with
//! the careful reader behind it) gives exactly what the careful reader gives.

use pipewright_core::codec::{parse_value, value_to_text};
use pipewright_core::validate::{render, validate};
use pipewright_core::{CodecError, Document, Format};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Field names of the model, so generated objects reach deep into the decoder and the rules.
const KEYS: &[&str] = &[
    "pipeline",
    "name",
    "roleArn",
    "artifactStore",
    "artifactStores",
    "stages",
    "actions",
    "actionTypeId",
    "category",
    "owner",
    "provider",
    "version",
    "runOrder",
    "configuration",
    "inputArtifacts",
    "outputArtifacts",
    "region",
    "namespace",
    "timeoutInMinutes",
    "commands",
    "environmentVariables",
    "outputVariables",
    "files",
    "type",
    "location",
    "encryptionKey",
    "id",
    "executionMode",
    "pipelineType",
    "variables",
    "triggers",
    "providerType",
    "gitConfiguration",
    "sourceActionName",
    "push",
    "pullRequest",
    "branches",
    "tags",
    "filePaths",
    "includes",
    "excludes",
    "events",
    "onFailure",
    "onSuccess",
    "beforeEntry",
    "conditions",
    "result",
    "rules",
    "ruleTypeId",
    "retryConfiguration",
    "retryMode",
    "metadata",
    "pipewright",
    "positions",
    "x",
    "y",
    "notes",
    "key",
    "value",
    "defaultValue",
    "description",
    "blockers",
    "us-east-1",
];

const WORDS: &[&str] = &[
    "Source",
    "Build",
    "Deploy",
    "Test",
    "Approval",
    "Invoke",
    "Compute",
    "AWS",
    "ThirdParty",
    "Custom",
    "CodeBuild",
    "CodeCommit",
    "CodeStarSourceConnection",
    "GitHub",
    "Manual",
    "S3",
    "Commands",
    "ECS",
    "CloudFormation",
    "1",
    "V1",
    "V2",
    "QUEUED",
    "PARALLEL",
    "ROLLBACK",
    "SKIP",
    "FAIL",
    "RETRY",
    "Out",
    "****",
    "true",
    "prod",
    "AKIAABCDEFGHIJKLMNOP",
    "arn:aws:iam::123456789012:role/r",
    "",
    "a/b~c",
    "é",
    "#{Vars.X}",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop::sample::select(WORDS).prop_map(|s| Value::String(s.to_string())),
        ".{0,12}".prop_map(Value::String),
    ]
}

fn json_ish() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        4 => prop::sample::select(KEYS).prop_map(str::to_string),
                        1 => "[a-zA-Z]{1,8}",
                    ],
                    inner
                ),
                0..8
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// The reader `Document::parse` falls back to when its one pass says no.
fn careful(text: &str, format: Format) -> Result<Document, CodecError> {
    Document::from_value(parse_value(text, format)?)
}

/// `Document::parse` reads the text as the careful reader does: same document, same error.
fn assert_parse_agrees(text: &str, format: Format) {
    assert_eq!(
        Document::parse(text, format),
        careful(text, format),
        "{format:?}:\n{text}"
    );
}

/// A value as compact JSON, canonical JSON and YAML, each read both ways.
fn assert_parse_agrees_on_value(v: &Value) {
    assert_parse_agrees(&serde_json::to_string(v).unwrap(), Format::Json);
    for format in [Format::Json, Format::Yaml] {
        assert_parse_agrees(&value_to_text(v, format).unwrap(), format);
    }
}

/// Decode, validate, render, and check the re-encoding is a fixed point.
fn exercise(doc: Document) {
    let diags = validate(&doc);
    let _ = render(&diags);
    let value_now = doc.to_value();
    // Errors first; every diagnostic names a registered code and points into the document.
    let first_warning = diags
        .iter()
        .position(|d| !d.is_error())
        .unwrap_or(diags.len());
    assert!(
        diags[first_warning..].iter().all(|d| !d.is_error()),
        "errors come first"
    );
    for d in &diags {
        assert!(
            pipewright_core::validate::code_info(d.code).is_some(),
            "{} is registered",
            d.code
        );
        // The node, or (for a missing field) its parent or grandparent, is in the document.
        let mut at = d.pointer.as_str();
        let mut found = value_now.pointer(at).is_some();
        for _ in 0..2 {
            if found {
                break;
            }
            at = at.rsplit_once('/').map_or("", |(parent, _)| parent);
            found = value_now.pointer(at).is_some();
        }
        assert!(found, "{} points into the document: {}", d.code, d.pointer);
        assert!(
            !d.message.is_empty() && !d.hint.is_empty(),
            "{} has a message and a hint",
            d.code
        );
    }
    let value = doc.to_value();
    let again = Document::from_value(value.clone()).expect("an encoded document decodes");
    assert_eq!(again, doc, "re-encoded document decodes to itself");
    assert_eq!(again.to_value(), value);
    for format in [Format::Json, Format::Yaml] {
        let text = doc.to_text(format).expect("a document always writes");
        let back = Document::parse(&text, format).expect("written text reads back");
        assert_eq!(back, doc, "{format:?} text round trip");
    }
}

fn corpus_values() -> Vec<Value> {
    let dir = pipewright_test_support::manifest_dir!().join("../../tests/corpus/valid");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(format) = Format::from_file_name(&name) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        out.push(parse_value(&text, format).unwrap());
    }
    out.sort_by_key(|v| v.to_string());
    out
}

/// Every JSON pointer of a value.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(child, p, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(child, p, out);
            }
        }
        _ => {}
    }
}

/// A valid corpus pipeline with a few nodes replaced by arbitrary values.
fn mutated_corpus_value(
    which: prop::sample::Index,
    edits: Vec<(prop::sample::Index, Value)>,
) -> Value {
    let values = corpus_values();
    let mut v = which.get(&values).clone();
    for (at, new) in edits {
        let mut ptrs = Vec::new();
        pointers(&v, String::new(), &mut ptrs);
        if ptrs.is_empty() {
            break;
        }
        let p = at.get(&ptrs).clone();
        if let Some(node) = v.pointer_mut(&p) {
            *node = new;
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        for format in [Format::Json, Format::Yaml] {
            assert_parse_agrees(&text, format);
            if let Ok(doc) = Document::parse(&text, format) {
                exercise(doc);
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        for format in [Format::Json, Format::Yaml] {
            assert_parse_agrees(&text, format);
            if let Ok(doc) = Document::parse(&text, format) {
                exercise(doc);
            }
        }
    }

    #[test]
    fn arbitrary_values_never_panic(v in json_ish(), wrap in any::<bool>()) {
        let v = if wrap { serde_json::json!({"pipeline": v}) } else { v };
        if let Ok(doc) = Document::from_value(v.clone()) {
            exercise(doc);
        }
        // The same value as text, in both formats.
        for format in [Format::Json, Format::Yaml] {
            let text = value_to_text(&v, format).unwrap();
            if let Ok(doc) = Document::parse(&text, format) {
                exercise(doc);
            }
        }
    }

    /// Structure-aware: take a valid corpus pipeline and replace a few nodes with arbitrary
    /// values; decoding may fail, but nothing panics and what decodes round-trips.
    #[test]
    fn mutated_corpus_pipelines_never_panic(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), json_ish()), 1..4),
    ) {
        let v = mutated_corpus_value(which, edits);
        if let Ok(doc) = Document::from_value(v) {
            exercise(doc);
        }
    }

    #[test]
    fn parse_agrees_with_the_careful_reader(v in json_ish(), wrap in any::<bool>()) {
        let v = if wrap { serde_json::json!({"pipeline": v}) } else { v };
        assert_parse_agrees_on_value(&v);
    }

    /// Mostly valid pipelines with a few odd nodes: the one pass reads most of them.
    #[test]
    fn mutated_corpus_pipelines_parse_as_the_careful_reader_reads_them(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), json_ish()), 1..4),
    ) {
        assert_parse_agrees_on_value(&mutated_corpus_value(which, edits));
    }
}

#[test]
fn valid_corpus_values_decode_back_to_themselves() {
    // The property above must start from documents that round-trip exactly.
    for v in corpus_values() {
        let doc = Document::from_value(v.clone()).unwrap();
        let expected = if v.get("pipeline").is_some() {
            v
        } else {
            serde_json::json!({"pipeline": v})
        };
        assert_eq!(doc.to_value(), expected);
    }
}
