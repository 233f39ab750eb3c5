//! `pipewright fmt`.

use std::fs;

use serde_json::Value;

use crate::common::*;

/// A valid document written the way people write by hand: keys out of canonical order, tabs,
/// no trailing newline.
fn scrambled_json() -> String {
    let v = valid_document();
    let p = &v["pipeline"];
    format!(
        "{{\"pipeline\":{{\"stages\":{},\n\t\"roleArn\":{}, \"name\":{},\"artifactStore\":{}, \"pipelineType\": \"V1\", \"version\": 1}}}}",
        p["stages"], p["roleArn"], p["name"], p["artifactStore"]
    )
}

#[test]
fn fmt_rewrites_in_canonical_form_and_then_check_passes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.json", scrambled_json());
    let yaml =
        "pipeline:\n    stages: []\n    name: x\n    roleArn: 'arn:aws:iam::123456789012:role/r'\n";
    write(d, "b.yaml", yaml);

    let run = pipewright(d, &["fmt", "a.json", "b.yaml"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "reformatted a.json\nreformatted b.yaml\n");

    let a = fs::read_to_string(d.join("a.json")).unwrap();
    // Same document, canonical key order, JSON stays JSON.
    let value: Value = serde_json::from_str(&a).unwrap();
    assert_eq!(value, valid_document());
    let keys: Vec<&str> = value["pipeline"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "name",
            "roleArn",
            "artifactStore",
            "stages",
            "version",
            "pipelineType"
        ]
    );
    assert!(
        a.starts_with("{\n  \"pipeline\": {\n    \"name\": \"app\",\n"),
        "{a}"
    );
    assert!(a.ends_with("}\n") && !a.ends_with("\n\n"));

    let b = fs::read_to_string(d.join("b.yaml")).unwrap();
    assert_eq!(
        b,
        "pipeline:\n  name: x\n  roleArn: arn:aws:iam::123456789012:role/r\n  stages: []\n"
    );

    let again = pipewright(d, &["fmt", "--check", "a.json", "b.yaml"]);
    assert_eq!(again.code, 0, "{again:?}");
    assert_eq!(again.stdout, "");
    let twice = pipewright(d, &["fmt", "a.json"]);
    assert_eq!(
        (twice.code, twice.stdout.as_str()),
        (0, ""),
        "canonical form is stable"
    );
    assert_eq!(fs::read_to_string(d.join("a.json")).unwrap(), a);
}

#[test]
fn check_names_the_files_that_would_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let messy = scrambled_json();
    write(d, "messy.json", &messy);
    let tidy = pipewright_with_stdin(d, &["fmt", "-"], messy.as_bytes());
    assert_eq!(tidy.code, 0, "{tidy:?}");
    write(d, "tidy.json", &tidy.stdout);

    let run = pipewright(d, &["fmt", "--check", "tidy.json", "messy.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stdout, "would reformat messy.json\n");
    assert!(
        run.stderr.contains("1 file would be reformatted"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(d.join("messy.json")).unwrap(), messy);
    let names: Vec<_> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary files left: {names:?}");
}

#[cfg(unix)]
#[test]
fn fmt_keeps_the_file_permissions_and_leaves_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "p.json", scrambled_json());
    fs::set_permissions(d.join("p.json"), fs::Permissions::from_mode(0o640)).unwrap();
    let run = pipewright(d, &["fmt", "p.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let mode = fs::metadata(d.join("p.json")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let names: Vec<_> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("p.json")]);
}

#[test]
fn a_bad_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "broken.json", "{");
    write(d, "ok.json", scrambled_json());
    let run = pipewright(d, &["fmt", "broken.json", "ok.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("broken.json:"), "{}", run.stderr);
    assert_eq!(run.stdout, "reformatted ok.json\n");
    assert_eq!(fs::read_to_string(d.join("broken.json")).unwrap(), "{");
}

#[test]
fn unknown_fields_and_designer_sections_survive_fmt() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut v = get_pipeline_output();
    v["pipewright"] = serde_json::json!({
        "format": 1,
        "positions": {"stage:Source": {"x": 10.5, "y": 0}, "action:Build/Compile": {"x": 300, "y": 40}},
        "notes": {"pipeline": "legacy GitHub v1 source; migrate", "stage:Build": "slow"},
        "futureDesignerField": [1]
    });
    v["topLevelExtra"] = serde_json::json!({"k": "v"});
    write(d, "p.json", serde_json::to_string(&v).unwrap());
    let run = pipewright(d, &["fmt", "p.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let after: Value =
        serde_json::from_str(&fs::read_to_string(d.join("p.json")).unwrap()).unwrap();
    assert_eq!(after["pipeline"], v["pipeline"]);
    assert_eq!(after["metadata"], v["metadata"]);
    assert_eq!(after["pipewright"]["notes"], v["pipewright"]["notes"]);
    assert_eq!(
        after["pipewright"]["futureDesignerField"],
        v["pipewright"]["futureDesignerField"]
    );
    assert_eq!(after["pipewright"]["positions"]["stage:Source"]["x"], 10.5);
    assert_eq!(after["topLevelExtra"], v["topLevelExtra"]);
}

#[test]
fn the_top_comment_block_is_kept_and_other_comments_are_not_dropped_silently() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let header = "# yaml-language-server: $schema=../schema/pipewright-design.schema.json\n# Owned by the web team.\n\n";
    let body = serde_yaml::to_string(&valid_document()).unwrap();

    // Canonical body under a comment header: already canonical, header and all.
    write(d, "headed.yaml", format!("{header}{body}"));
    let run = pipewright(d, &["fmt", "--check", "headed.yaml"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");

    // A non-canonical body: rewritten, header kept.
    let messy = format!("{header}pipeline:\n    name: x\n    stages: []\n");
    write(d, "messy.yaml", &messy);
    let run = pipewright(d, &["fmt", "messy.yaml"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        fs::read_to_string(d.join("messy.yaml")).unwrap(),
        format!("{header}pipeline:\n  name: x\n  stages: []\n")
    );

    // A comment inside the document: fmt refuses and leaves the file alone...
    let commented = "pipeline:\n  name: x # the name\n  stages: []\n";
    write(d, "commented.yaml", commented);
    let run = pipewright(d, &["fmt", "commented.yaml"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stderr_lines().len(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("commented.yaml:2: `pipewright fmt` would drop this YAML comment"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--drop-comments"), "{}", run.stderr);
    assert_eq!(
        fs::read_to_string(d.join("commented.yaml")).unwrap(),
        commented
    );
    // ...--check lists it as not canonical...
    let run = pipewright(d, &["fmt", "--check", "commented.yaml"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (1, "would reformat commented.yaml\n")
    );
    // ...and --drop-comments does what it says.
    let run = pipewright(d, &["fmt", "--drop-comments", "commented.yaml"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        fs::read_to_string(d.join("commented.yaml")).unwrap(),
        "pipeline:\n  name: x\n  stages: []\n"
    );

    // A `#` inside a value is not a comment.
    let hashes = "pipeline:\n  name: x\n  stages:\n  - name: S\n    actions:\n    - name: A\n      actionTypeId:\n        category: Build\n      commands:\n      - echo '# not a comment'\n      - |\n        # shell comment in a block scalar\n        make\n";
    write(d, "hashes.yaml", hashes);
    let run = pipewright(d, &["fmt", "hashes.yaml"]);
    assert_eq!(run.code, 0, "{run:?}");
    let after: Value =
        serde_yaml::from_str(&fs::read_to_string(d.join("hashes.yaml")).unwrap()).unwrap();
    let before: Value = serde_yaml::from_str(hashes).unwrap();
    assert_eq!(after, before);
}
