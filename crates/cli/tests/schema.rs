//! `schema/pipewright-design.schema.json` is a valid draft 2020-12 schema that accepts every
//! document of the valid corpus and the documents Pipewright writes, names every field of the
//! format, and still rejects what is not a pipeline.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

#[allow(dead_code)]
#[path = "cli/common.rs"]
mod common;

fn repo() -> PathBuf {
    pipewright_test_support::manifest_dir!().join("../..")
}

fn schema() -> Value {
    let path = repo().join("schema/pipewright-design.schema.json");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema()).expect("the schema compiles")
}

/// Read a JSON or YAML file as a JSON value.
fn read_value(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json = path.extension().is_some_and(|e| e == "json");
    if json {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    } else {
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// Every schema error for a document, one per line, with its location.
fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn full_design() -> Value {
    read_value(&pipewright_test_support::manifest_dir!().join("tests/data/full-design.yaml"))
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    jsonschema::meta::validate(&s).unwrap_or_else(|e| panic!("not a valid schema: {e}"));
}

#[test]
fn every_file_of_the_valid_corpus_matches_the_schema() {
    let dir = repo().join("tests/corpus/valid");
    let Ok(entries) = fs::read_dir(&dir) else {
        // The corpus is not there (yet): nothing to check, but say so.
        eprintln!("{} does not exist; no corpus checked", dir.display());
        return;
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.expect("readable corpus entry").path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("json" | "yaml" | "yml") => files.push(path),
            // Notes about the corpus are fine; anything else would be silently skipped.
            Some("md") => {}
            _ => panic!("{}: not a .json/.yaml/.yml corpus file", path.display()),
        }
    }
    files.sort();
    assert!(
        !files.is_empty(),
        "{} exists but holds no .json/.yaml file",
        dir.display()
    );
    let v = validator();
    let mut failures = Vec::new();
    for file in &files {
        for e in errors(&v, &read_value(file)) {
            failures.push(format!("{}: {e}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("{} corpus files match the schema", files.len());
}

#[test]
fn every_accepted_form_and_what_import_writes_match_the_schema() {
    let v = validator();
    let decl = common::valid_declaration();
    let docs = [
        ("design", common::valid_document()),
        ("bare declaration", decl.clone()),
        (
            "create-pipeline input",
            json!({"pipeline": decl, "tags": [{"key": "team", "value": ""}]}),
        ),
        ("get-pipeline output", common::get_pipeline_output()),
        ("warnings only", common::warnings_only()),
        ("full design", full_design()),
    ];
    for (what, doc) in docs {
        let errs = errors(&v, &doc);
        assert!(errs.is_empty(), "{what}: {}", errs.join("\n"));
    }

    // What `pipewright import` writes.
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "get.json",
        common::json_text(&common::get_pipeline_output()),
    );
    let run = common::pipewright(dir.path(), &["import", "get.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let imported: Value = serde_yaml::from_str(&run.stdout).unwrap();
    let errs = errors(&v, &imported);
    assert!(errs.is_empty(), "imported design: {}", errs.join("\n"));
}

/// Walk `doc` along the schema: every object key must be declared in `properties` of the
/// definition that describes it (so no field of the example falls through to
/// `additionalProperties` unnamed). Returns the undeclared paths.
fn undeclared(schema: &Value, node: &Value, doc: &Value, path: &str, out: &mut Vec<String>) {
    let node = resolve(schema, node);
    match doc {
        Value::Object(map) => {
            for (k, child) in map {
                let child_path = format!("{path}/{k}");
                if let Some(prop) = node.get("properties").and_then(|p| p.get(k)) {
                    undeclared(schema, prop, child, &child_path, out);
                } else if let Some(add @ Value::Object(_)) = node.get("additionalProperties") {
                    undeclared(schema, add, child, &child_path, out);
                } else {
                    out.push(child_path);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = node.get("items") {
                for (i, child) in items.iter().enumerate() {
                    undeclared(schema, item, child, &format!("{path}/{i}"), out);
                }
            }
        }
        _ => {}
    }
}

fn resolve<'a>(schema: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/$defs/").expect("local references only");
            resolve(schema, &schema["$defs"][name])
        }
        None => node,
    }
}

#[test]
fn the_schema_names_every_field_of_the_format() {
    let s = schema();
    let doc = full_design();
    // The example uses only fields the core models: reading and writing it changes nothing.
    let parsed = pipewright_core::Document::from_value(doc.clone()).expect("the core reads it");
    assert_eq!(
        parsed.to_value(),
        doc,
        "the full design is in canonical order and modeled"
    );
    let mut out = Vec::new();
    undeclared(&s, &s["$defs"]["Document"], &doc, "", &mut out);
    assert!(out.is_empty(), "not declared in the schema: {out:?}");
    // And the walk does notice a field the schema does not name.
    let mut with_extra = doc.clone();
    with_extra["pipeline"]["stages"][0]["actions"][0]["surprise"] = json!(1);
    let mut out = Vec::new();
    undeclared(&s, &s["$defs"]["Document"], &with_extra, "", &mut out);
    assert_eq!(out, ["/pipeline/stages/0/actions/0/surprise"]);
}

#[test]
fn unknown_fields_are_allowed_everywhere_the_model_keeps_them() {
    let v = validator();
    let mut doc = full_design();
    doc["futureTopLevel"] = json!({"a": 1});
    doc["pipeline"]["futurePipelineField"] = json!(true);
    doc["pipeline"]["stages"][1]["actions"][0]["futureActionField"] = json!([1]);
    doc["pipeline"]["triggers"][0]["gitConfiguration"]["futureGitField"] = json!("x");
    doc["pipewright"]["futureDesignerField"] = json!({});
    let errs = errors(&v, &doc);
    assert!(errs.is_empty(), "{}", errs.join("\n"));
}

#[test]
fn the_schema_rejects_what_is_not_a_valid_pipeline() {
    let v = validator();
    let cases: Vec<(&str, Value, &str)> = vec![
        ("a list", json!([1]), ""),
        (
            "no stages",
            json!({"pipeline": {"name": "x", "roleArn": "arn:aws:iam::123456789012:role/r"}}),
            "/pipeline",
        ),
        (
            "runOrder as a string",
            {
                let mut d = common::valid_document();
                d["pipeline"]["stages"][0]["actions"][0]["runOrder"] = json!("1");
                d
            },
            "/pipeline/stages/0/actions/0/runOrder",
        ),
        (
            "runOrder 0",
            common::run_order_zero(),
            "/pipeline/stages/0/actions/0/runOrder",
        ),
        (
            "unknown category",
            {
                let mut d = common::valid_document();
                d["pipeline"]["stages"][1]["actions"][0]["actionTypeId"]["category"] =
                    json!("Compile");
                d
            },
            "/pipeline/stages/1/actions/0/actionTypeId/category",
        ),
        (
            "a position without y",
            json!({"pipeline": common::valid_declaration(), "pipewright": {"positions": {"stage:Source": {"x": 1}}}}),
            "/pipewright/positions/stage:Source",
        ),
        (
            "a bare declaration with a bad name",
            {
                let mut d = common::valid_declaration();
                d["name"] = json!("has spaces");
                d
            },
            "/name",
        ),
    ];
    for (what, doc, at) in cases {
        let errs: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| e.instance_path().to_string())
            .collect();
        assert!(
            errs.iter().any(|p| p == at),
            "{what}: expected an error at {at:?}, got {errs:?}"
        );
    }
}

#[test]
fn the_example_in_the_docs_is_valid_canonical_and_matches_the_schema() {
    let docs = fs::read_to_string(repo().join("docs/design-file.md")).expect("docs/design-file.md");
    let start = docs.find("```yaml\n").expect("a YAML example in the docs") + "```yaml\n".len();
    let end = start + docs[start..].find("```").expect("the example ends");
    let example = &docs[start..end];
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "web-app.pipewright.yaml", example);

    let check = common::pipewright(dir.path(), &["fmt", "--check", "web-app.pipewright.yaml"]);
    assert_eq!(
        check.code, 0,
        "the example is not in canonical form: {check:?}"
    );
    let run = common::pipewright(dir.path(), &["validate", "web-app.pipewright.yaml"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stdout.contains(": error["), "{}", run.stdout);

    let value: Value = serde_yaml::from_str(example).unwrap();
    let errs = errors(&validator(), &value);
    assert!(errs.is_empty(), "{}", errs.join("\n"));
}
