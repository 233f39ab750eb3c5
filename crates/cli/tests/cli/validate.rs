//! `pipewright validate`.

use serde_json::{json, Value};

use crate::common::*;

const RUN_ORDER: &str = "/pipeline/stages/0/actions/0/runOrder";

#[test]
fn a_valid_pipeline_in_every_accepted_form_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let decl = valid_declaration();
    let files = [
        write(d, "design.json", json_text(&valid_document())),
        write(
            d,
            "design.yaml",
            serde_yaml::to_string(&valid_document()).unwrap(),
        ),
        write(d, "bare.json", json_text(&decl)),
        write(
            d,
            "create.json",
            json_text(&json!({"pipeline": decl, "tags": [{"key": "team", "value": "web"}]})),
        ),
        write(
            d,
            "get.json",
            json_text(
                &json!({"pipeline": decl, "metadata": {"pipelineArn": "arn:aws:codepipeline:us-east-1:123456789012:app"}}),
            ),
        ),
        // No extension: JSON by content, then YAML by content.
        write(d, "noext-json", json_text(&valid_document())),
        write(
            d,
            "noext-yaml",
            serde_yaml::to_string(&valid_document()).unwrap(),
        ),
    ];
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    let run = pipewright(d, &args);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stdout.contains("error["), "{}", run.stdout);
    assert!(
        run.stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("checked 7 files: "),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn an_error_is_reported_like_a_compiler_with_a_hint_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "bad.json", json_text(&run_order_zero()));
    write(
        d,
        "good.yaml",
        serde_yaml::to_string(&valid_document()).unwrap(),
    );
    let run = pipewright(d, &["validate", "good.yaml", "bad.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("bad.json: error[E") && l.contains(&format!("] {RUN_ORDER}: ")))
        .unwrap_or_else(|| panic!("no runOrder error in:\n{}", run.stdout));
    assert!(lines[at + 1].starts_with("  hint: "), "{}", run.stdout);
    assert!(
        lines[at + 1].len() > "  hint: ".len(),
        "empty hint: {}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("good.yaml: error["),
        "the valid file has no error: {}",
        run.stdout
    );
    let summary = lines.last().unwrap();
    assert!(summary.starts_with("checked 2 files: "), "{summary}");
    assert!(
        summary.starts_with("checked 2 files: 1 error, "),
        "{summary}"
    );
    assert!(summary.ends_with(" in 1 file"), "{summary}");
}

#[test]
fn an_unreadable_file_wins_over_errors_and_the_others_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "bad.json", json_text(&run_order_zero()));
    write(d, "broken.json", "{\"pipeline\": ");
    let run = pipewright(d, &["validate", "bad.json", "broken.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stdout.contains(&format!("] {RUN_ORDER}: ")),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr_lines().len(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("broken.json:1:"), "{}", run.stderr);
    assert!(
        run.stdout
            .trim_end()
            .ends_with("; 1 file could not be read"),
        "{}",
        run.stdout
    );
}

#[test]
fn json_report_has_every_diagnostic_field_and_matches_the_human_report() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "bad.json", json_text(&run_order_zero()));
    write(d, "good.json", json_text(&valid_document()));
    write(d, "broken.yaml", "pipeline:\n  name: [oops\n");
    let run = pipewright(
        d,
        &[
            "validate",
            "--format",
            "json",
            "good.json",
            "bad.json",
            "broken.yaml",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stderr, "", "JSON mode reports everything on stdout");
    let report: Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);

    assert_eq!(files[0]["path"], "good.json");
    assert_eq!(files[0]["ok"], true);
    assert!(files[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["severity"] == "warning"));

    assert_eq!(files[1]["path"], "bad.json");
    assert_eq!(files[1]["ok"], false);
    let diags = files[1]["diagnostics"].as_array().unwrap();
    let d0 = diags
        .iter()
        .find(|d| d["pointer"] == RUN_ORDER)
        .unwrap_or_else(|| panic!("no runOrder diagnostic: {diags:?}"));
    assert_eq!(d0["severity"], "error");
    for key in ["code", "message", "hint"] {
        assert!(
            d0[key].as_str().is_some_and(|s| !s.is_empty()),
            "{key} missing in {d0}"
        );
    }

    assert_eq!(files[2]["path"], "broken.yaml");
    assert_eq!(files[2]["ok"], false);
    assert_eq!(files[2]["error"]["kind"], "syntax");
    assert!(files[2]["error"]["line"].as_u64().unwrap() >= 2);
    assert!(files[2]["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("broken.yaml:"));

    let errors = report["summary"]["errors"].as_u64().unwrap();
    assert!(errors >= 1);
    assert_eq!(report["summary"]["files"], 3);
    assert_eq!(report["summary"]["unreadable"], 1);
    assert_eq!(report["exitCode"], 2);

    // The human report shows the same diagnostic, with the same code.
    let human = pipewright(d, &["validate", "bad.json"]);
    let expected = format!(
        "bad.json: error[{}] {RUN_ORDER}: {}\n  hint: {}\n",
        d0["code"].as_str().unwrap(),
        d0["message"].as_str().unwrap(),
        d0["hint"].as_str().unwrap()
    );
    assert!(human.stdout.contains(&expected), "{}", human.stdout);
    let human_errors = human.stdout.matches(": error[").count() as u64;
    assert_eq!(human_errors, errors);
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    let text = json_text(&run_order_zero());
    let run = pipewright_with_stdin(dir.path(), &["validate", "-"], text.as_bytes());
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains("-: error[") && run.stdout.contains(RUN_ORDER),
        "{}",
        run.stdout
    );
}

#[test]
fn validate_needs_at_least_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let run = pipewright(dir.path(), &["validate"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("<FILE>"), "{}", run.stderr);
}

#[test]
fn warnings_alone_exit_0_unless_denied() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "warn.yaml",
        serde_yaml::to_string(&warnings_only()).unwrap(),
    );
    let report = pipewright(d, &["validate", "--format", "json", "warn.yaml"]);
    let v: Value = serde_json::from_str(&report.stdout).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    assert!(
        !diags.is_empty() && diags.iter().all(|d| d["severity"] == "warning"),
        "the fixture must give warnings and no error: {diags:?}"
    );
    assert_eq!((report.code, &v["files"][0]["ok"]), (0, &json!(true)));

    let run = pipewright(d, &["validate", "warn.yaml"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.starts_with("warn.yaml: warning["),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("checked 1 file: 0 errors, "),
        "{}",
        run.stdout
    );

    let denied = pipewright(d, &["validate", "--deny-warnings", "warn.yaml"]);
    assert_eq!(denied.code, 1, "{denied:?}");
    assert!(
        denied.stdout.trim_end().ends_with("(warnings denied)"),
        "{}",
        denied.stdout
    );
    let denied_json = pipewright(
        d,
        &[
            "validate",
            "--deny-warnings",
            "--format",
            "json",
            "warn.yaml",
        ],
    );
    let v: Value = serde_json::from_str(&denied_json.stdout).unwrap();
    assert_eq!((denied_json.code, &v["files"][0]["ok"]), (1, &json!(false)));
}

#[test]
fn the_full_design_example_has_no_error() {
    let example = pipewright_test_support::manifest_dir!().join("tests/data/full-design.yaml");
    let dir = tempfile::tempdir().unwrap();
    let run = pipewright(dir.path(), &["validate", example.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stdout.contains(": error["), "{}", run.stdout);
}
