//! Bad input gives one clear line on standard error, with the location, and exit status 2 —
//! for every command that reads a pipeline file, never a panic.

use std::path::Path;

use crate::common::*;

/// The commands that read one pipeline file, as argument lists ending in the file name.
fn commands(file: &str) -> Vec<Vec<String>> {
    [
        vec!["validate", file],
        vec!["validate", "--format", "json", file],
        vec!["fmt", file],
        vec!["fmt", "--check", file],
        vec!["import", file],
        vec!["export", file],
    ]
    .into_iter()
    .map(|v| v.into_iter().map(String::from).collect())
    .collect()
}

/// Run every command on `file` in `dir`; each exits 2 with the one-line error `expected` checks.
fn assert_refused(dir: &Path, file: &str, expected: impl Fn(&str) -> bool) {
    let before = std::fs::read(dir.join(file)).ok();
    for args in commands(file) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = pipewright(dir, &args);
        assert_eq!(run.code, 2, "pipewright {args:?}: {run:?}");
        let line = if args.contains(&"json") {
            let report: serde_json::Value =
                serde_json::from_str(&run.stdout).expect("one JSON document");
            assert_eq!(report["files"][0]["ok"], false);
            report["files"][0]["error"]["message"]
                .as_str()
                .expect("an error message")
                .to_string()
        } else {
            let lines = run.stderr_lines();
            assert_eq!(
                lines.len(),
                1,
                "pipewright {args:?}: not one line: {}",
                run.stderr
            );
            lines[0].to_string()
        };
        assert!(!line.contains('\n'));
        assert!(
            expected(&line),
            "pipewright {args:?}: unexpected message: {line}"
        );
        assert_eq!(
            std::fs::read(dir.join(file)).ok(),
            before,
            "pipewright {args:?} changed the file"
        );
    }
}

#[test]
fn broken_json_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "broken.json",
        "{\n  \"pipeline\": {\n    \"name\": \"x\",,\n  }\n}\n",
    );
    assert_refused(dir.path(), "broken.json", |l| {
        l.starts_with("broken.json:3:")
            && l.contains("not valid JSON")
            && l.contains("fix the syntax")
    });
}

#[test]
fn broken_yaml_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "broken.yaml",
        "pipeline:\n  name: x\n  stages: [\n    {name: a\n",
    );
    assert_refused(dir.path(), "broken.yaml", |l| {
        let rest = l.strip_prefix("broken.yaml:").unwrap_or("");
        let mut parts = rest.splitn(3, ':');
        let line_ok = parts
            .next()
            .is_some_and(|n| n.parse::<usize>().is_ok_and(|n| n >= 2));
        let col_ok = parts.next().is_some_and(|n| n.parse::<usize>().is_ok());
        line_ok && col_ok && l.contains("not valid YAML")
    });
}

#[test]
fn a_wrong_type_names_the_json_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = valid_document();
    v["pipeline"]["stages"][1]["actions"][0]["runOrder"] = serde_json::json!("2");
    write(dir.path(), "types.json", json_text(&v));
    assert_refused(dir.path(), "types.json", |l| {
        l == "types.json: /pipeline/stages/1/actions/0/runOrder: expected a whole number, found a string; change the value to a whole number"
    });
    write(
        dir.path(),
        "types.yaml",
        "pipeline:\n  name: x\n  stages: {a: 1}\n",
    );
    assert_refused(dir.path(), "types.yaml", |l| {
        l.starts_with("types.yaml: /pipeline/stages: expected a list, found an object")
    });
}

#[test]
fn an_empty_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.yaml", "");
    assert_refused(dir.path(), "empty.yaml", |l| {
        l.starts_with("empty.yaml: the file is empty")
    });
    write(dir.path(), "blank.json", "  \n\n");
    assert_refused(dir.path(), "blank.json", |l| {
        l.starts_with("blank.json: the file is empty")
    });
}

#[test]
fn a_document_that_is_not_a_pipeline_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "list.json", "[1, 2]");
    assert_refused(dir.path(), "list.json", |l| {
        l.starts_with("list.json: this is not a pipeline document")
    });
}

#[test]
fn a_huge_file_is_refused_by_size() {
    let dir = tempfile::tempdir().unwrap();
    // Valid JSON of 17 MiB: refused for its size, not parsed.
    let mut text = String::from("{\"pipeline\": {\"name\": \"");
    text.push_str(&"x".repeat(17 * 1024 * 1024));
    text.push_str("\", \"stages\": []}}");
    write(dir.path(), "huge.json", &text);
    assert_refused(dir.path(), "huge.json", |l| {
        l.starts_with("huge.json: the file is ") && l.contains("-byte limit")
    });
}

#[test]
fn a_huge_standard_input_is_refused_by_size() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{{\"pipeline\": {{\"name\": \"{}\"}}}}",
        "y".repeat(17 << 20)
    );
    let run = pipewright_with_stdin(dir.path(), &["validate", "-"], text.as_bytes());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with("-: the file is "), "{}", run.stderr);
}

#[test]
fn a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("pipelines")).unwrap();
    for args in commands("pipelines") {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = pipewright(dir.path(), &args);
        assert_eq!(run.code, 2, "{args:?}");
        let text = if args.contains(&"json") {
            &run.stdout
        } else {
            &run.stderr
        };
        assert!(
            text.contains(
                "pipelines: is a directory, not a pipeline file; name the files inside it"
            ),
            "{args:?}: {text}"
        );
    }
}

#[test]
fn a_missing_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for args in commands("nowhere.yaml") {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = pipewright(dir.path(), &args);
        assert_eq!(run.code, 2, "{args:?}");
        let text = if args.contains(&"json") {
            &run.stdout
        } else {
            &run.stderr
        };
        assert!(
            text.contains("nowhere.yaml: no such file or directory; check the path"),
            "{args:?}: {text}"
        );
    }
}

#[test]
fn bytes_that_are_not_utf8_are_refused_with_their_location() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "latin1.yaml",
        b"pipeline:\n  name: caf\xe9\n".as_slice(),
    );
    assert_refused(dir.path(), "latin1.yaml", |l| {
        l == "latin1.yaml:2:12: the file is not UTF-8 text (byte 0xe9); save it as UTF-8 and try again"
    });
}
