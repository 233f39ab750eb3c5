//! What `Document::parse` reports for text it cannot read: syntax errors and duplicate keys with
//! their line, wrong types with their JSON pointer, and clear errors (never a panic or a stack
//! overflow) for empty, huge and deeply nested input. A valid document is read in one pass; these
//! check that the errors are still those of the careful reader, found in the same order.

use pipewright_core::codec::MAX_DOCUMENT_BYTES;
use pipewright_core::{CodecError, Document, Format};

fn wrong_type_pointer(err: CodecError) -> String {
    match err {
        CodecError::WrongType { pointer, .. } => pointer,
        other => panic!("expected a wrong type, got {other:?}"),
    }
}

#[test]
fn a_wrong_type_is_reported_at_its_pointer() {
    let json = r#"{"pipeline": {"name": "p", "stages": [{"name": "S", "actions": [
        {"name": "A", "runOrder": 1}, {"name": "B", "runOrder": "2"}]}]}}"#;
    let err = Document::parse(json, Format::Json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "/pipeline/stages/0/actions/1/runOrder: expected a whole number, found a string"
    );
    let yaml = "pipeline:\n  name: p\n  stages:\n  - name: S\n    actions:\n    - name: A\n    - name: B\n      runOrder: 2.5\n";
    let err = Document::parse(yaml, Format::Yaml).unwrap_err();
    assert_eq!(
        wrong_type_pointer(err),
        "/pipeline/stages/0/actions/1/runOrder"
    );
}

#[test]
fn the_first_wrong_type_is_the_first_field_in_model_order() {
    // As before: fields are decoded in the model's order, not the file's.
    let json = r#"{"pipeline": {"stages": [{"actions": [{"runOrder": "x", "name": 1}]}]}}"#;
    let err = Document::parse(json, Format::Json).unwrap_err();
    assert_eq!(wrong_type_pointer(err), "/pipeline/stages/0/actions/0/name");
}

#[test]
fn a_syntax_error_later_in_the_file_wins_over_an_earlier_wrong_type() {
    let json = "{\"pipeline\": {\"name\": 1,\n\"stages\": [}\n}";
    let err = Document::parse(json, Format::Json).unwrap_err();
    assert!(matches!(err, CodecError::Syntax { line: 2, .. }), "{err}");
}

#[test]
fn a_duplicate_key_later_in_the_file_wins_over_an_earlier_wrong_type() {
    let json = "{\"pipeline\": {\"name\": 1, \"stages\": []},\n\"tags\": [{\"key\": \"a\",\n\"key\": \"b\"}]}";
    let err = Document::parse(json, Format::Json).unwrap_err();
    assert!(matches!(err, CodecError::Syntax { line: 3, .. }), "{err}");
    assert!(err.to_string().contains("`key` appears twice"), "{err}");
}

#[test]
fn a_duplicate_key_deep_in_an_action_is_located() {
    let json = "{\"pipeline\": {\"name\": \"p\", \"stages\": [{\"name\": \"S\", \"actions\": [{\n\"name\": \"A\",\n\"configuration\": {\"K\": \"1\",\n\"K\": \"2\"}}]}]}}";
    let err = Document::parse(json, Format::Json).unwrap_err();
    assert!(matches!(err, CodecError::Syntax { line: 4, .. }), "{err}");
    assert!(err.to_string().contains("`K` appears twice"), "{err}");
}

#[test]
fn empty_documents_are_refused() {
    for text in ["", "  \n\t", "\u{feff}", "\u{feff}  \n"] {
        for format in [Format::Json, Format::Yaml] {
            assert_eq!(
                Document::parse(text, format),
                Err(CodecError::Empty),
                "{text:?}"
            );
        }
    }
    for yaml in ["# only a comment\n", "~\n", "null\n", "---\n"] {
        assert_eq!(
            Document::parse(yaml, Format::Yaml),
            Err(CodecError::Empty),
            "{yaml:?}"
        );
    }
}

#[test]
fn huge_documents_are_refused_before_parsing() {
    let text = format!(
        "{{\"pipeline\": {{\"name\": \"{}\"}}}}",
        "x".repeat(MAX_DOCUMENT_BYTES)
    );
    for format in [Format::Json, Format::Yaml] {
        assert!(matches!(
            Document::parse(&text, format),
            Err(CodecError::TooLarge { .. })
        ));
    }
}

/// The same document shapes, nested `depth` lists deep in different places.
fn deeply_nested(depth: usize) -> Vec<String> {
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    vec![
        format!("{{\"pipeline\": {{\"name\": \"p\", \"stages\": []}}, \"x\": {nested}}}"),
        format!("{{\"pipeline\": {{\"stages\": [{{\"actions\": [{{\"x\": {nested}}}]}}]}}}}"),
        format!("{{\"pipeline\": {{\"stages\": [{{\"actions\": [{{\"configuration\": {nested}}}]}}]}}}}"),
        format!("{{\"name\": \"p\", \"stages\": {nested}}}"),
        nested,
    ]
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_stack_overflow() {
    for text in deeply_nested(100_000) {
        let err = Document::parse(&text, Format::Json).unwrap_err();
        assert!(matches!(err, CodecError::Syntax { .. }), "{err}");
    }
    // libyaml takes time quadratic in the depth of flow collections, so YAML is kept shallower;
    // the limit (128) is the same.
    for text in deeply_nested(1_000) {
        let err = Document::parse(&text, Format::Yaml).unwrap_err();
        assert!(matches!(err, CodecError::Syntax { .. }), "{err}");
    }
    let mut yaml = String::from("pipeline:\n  name: p\n  stages: []\nx:\n");
    for depth in 1..400 {
        yaml.push_str(&format!("{}k:\n", "  ".repeat(depth)));
    }
    let err = Document::parse(&yaml, Format::Yaml).unwrap_err();
    assert!(matches!(err, CodecError::Syntax { .. }), "{err}");
}
