//! `pipewright import` and `pipewright export`.

use std::fs;

use serde_json::{json, Value};

use crate::common::*;

#[test]
fn an_imported_untouched_get_pipeline_document_exports_the_same_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let original = get_pipeline_output();
    write(d, "get-pipeline.json", json_text(&original));

    let import = pipewright(
        d,
        &[
            "import",
            "get-pipeline.json",
            "-o",
            "legacy.pipewright.yaml",
        ],
    );
    assert_eq!(import.code, 0, "{import:?}");
    assert_eq!(import.stdout, "");
    assert!(
        import.stderr.contains("legacy.pipewright.yaml"),
        "{}",
        import.stderr
    );
    let design: Value =
        serde_yaml::from_str(&fs::read_to_string(d.join("legacy.pipewright.yaml")).unwrap())
            .unwrap();
    assert_eq!(design["pipeline"], original["pipeline"]);
    assert_eq!(design["metadata"], original["metadata"]);
    assert_eq!(design["pipewright"]["format"], 1);

    for (format, parse) in [
        (
            "codepipeline-json",
            (|t: &str| serde_json::from_str::<Value>(t).unwrap()) as fn(&str) -> Value,
        ),
        ("codepipeline-yaml", |t: &str| {
            serde_yaml::from_str::<Value>(t).unwrap()
        }),
    ] {
        let export = pipewright(d, &["export", "legacy.pipewright.yaml", "--format", format]);
        assert_eq!(export.code, 0, "{export:?}");
        let exported = parse(&export.stdout);
        assert_eq!(exported["pipeline"], original["pipeline"], "{format}");
        assert_eq!(
            exported["pipeline"]["stages"][0]["actions"][0]["configuration"]["OAuthToken"],
            "****"
        );
        assert_eq!(
            exported.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["pipeline"],
            "no metadata, no pipewright section"
        );
    }

    // Straight from the get-pipeline file, too.
    let direct = pipewright(d, &["export", "get-pipeline.json"]);
    let exported: Value = serde_json::from_str(&direct.stdout).unwrap();
    assert_eq!(exported, json!({"pipeline": original["pipeline"]}));
}

#[test]
fn import_writes_yaml_to_stdout_by_default_and_json_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "bare.json", json_text(&valid_declaration()));

    let run = pipewright(d, &["import", "bare.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.starts_with("pipeline:\n  name: app\n"),
        "{}",
        run.stdout
    );
    let design: Value = serde_yaml::from_str(&run.stdout).unwrap();
    assert_eq!(design["pipeline"], valid_declaration());
    assert_eq!(design["pipewright"], json!({"format": 1}));

    let run = pipewright(d, &["import", "bare.json", "--format", "json"]);
    let design: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(design["pipeline"], valid_declaration());

    // -o with a .json name writes JSON without being asked.
    let run = pipewright(d, &["import", "bare.json", "-o", "app.pipewright.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = fs::read_to_string(d.join("app.pipewright.json")).unwrap();
    let design: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(design["pipeline"]["name"], "app");

    // An imported design is already canonical.
    let check = pipewright(d, &["fmt", "--check", "app.pipewright.json"]);
    assert_eq!(check.code, 0, "{check:?}");
}

#[test]
fn import_keeps_an_existing_designer_section() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut v = valid_document();
    v["pipewright"] = json!({"format": 1, "notes": {"pipeline": "hello"}});
    write(d, "design.json", json_text(&v));
    let run = pipewright(d, &["import", "design.json", "--format", "json"]);
    let design: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(design["pipewright"], v["pipewright"]);
}

#[test]
fn export_keeps_tags_unless_told_not_to_and_writes_files_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tags = json!([{"key": "team", "value": "web"}]);
    let mut v = valid_document();
    v["tags"] = tags.clone();
    v["pipewright"] = json!({"format": 1, "positions": {"stage:Source": {"x": 0.0, "y": 0.0}}});
    write(d, "design.yaml", serde_yaml::to_string(&v).unwrap());

    let run = pipewright(d, &["export", "design.yaml", "-o", "create.json"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
    let created: Value =
        serde_json::from_str(&fs::read_to_string(d.join("create.json")).unwrap()).unwrap();
    assert_eq!(
        created,
        json!({"pipeline": valid_declaration(), "tags": tags})
    );

    let run = pipewright(
        d,
        &[
            "export",
            "design.yaml",
            "--no-tags",
            "--format",
            "codepipeline-yaml",
        ],
    );
    let updated: Value = serde_yaml::from_str(&run.stdout).unwrap();
    assert_eq!(updated, json!({"pipeline": valid_declaration()}));
}

#[test]
fn export_rejects_an_unknown_format_and_lists_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.json", json_text(&valid_document()));
    let run = pipewright(dir.path(), &["export", "d.json", "--format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("codepipeline-json"), "{}", run.stderr);
}

#[test]
fn import_and_export_read_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let text = json_text(&get_pipeline_output());
    let import = pipewright_with_stdin(dir.path(), &["import", "-"], text.as_bytes());
    assert_eq!(import.code, 0, "{import:?}");
    let export = pipewright_with_stdin(dir.path(), &["export", "-"], import.stdout.as_bytes());
    assert_eq!(export.code, 0, "{export:?}");
    let exported: Value = serde_json::from_str(&export.stdout).unwrap();
    assert_eq!(exported["pipeline"], get_pipeline_output()["pipeline"]);
}

#[test]
fn export_draws_a_design_as_svg_that_rsvg_convert_renders() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "d.json", json_text(&valid_document()));
    let run = pipewright(d, &["export", "d.json", "--format", "svg", "-o", "d.svg"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
    let svg = fs::read_to_string(d.join("d.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(!svg.contains("foreignObject"));
    let stages: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("data-kind") == Some("stage"))
        .filter_map(|n| n.attribute("data-name"))
        .collect();
    let declared = valid_declaration();
    let expected: Vec<&str> = declared["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(stages, expected);

    let out = std::process::Command::new("rsvg-convert")
        .args(["d.svg", "-o", "d.png"])
        .current_dir(d)
        .output()
        .expect("rsvg-convert is not installed: run `make test`, which installs librsvg2-bin");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = fs::read(d.join("d.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
}
