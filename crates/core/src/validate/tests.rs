//! Unit tests of the rules, and the check that `docs/diagnostics.md` documents every code.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::*;
use crate::document::Document;

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

pub(crate) fn run(v: Value) -> Vec<Diagnostic> {
    validate(&Document::from_value(v).expect("test document decodes"))
}

fn codes(v: Value) -> Vec<&'static str> {
    run(v).into_iter().map(|d| d.code).collect()
}

/// Apply a JSON pointer edit: set the node (creating the last key) to `to`.
fn set(mut v: Value, pointer: &str, to: Value) -> Value {
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

fn remove(mut v: Value, pointer: &str) -> Value {
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

#[test]
fn base_pipeline_is_clean() {
    assert_eq!(run(base()), vec![]);
}

#[test]
fn each_rule_fires_at_its_pointer() {
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            set(base(), "/pipeline/name", json!("has space")),
            "E101",
            "/pipeline/name",
        ),
        (
            set(base(), "/pipeline/stages/1/name", json!("a/b")),
            "E102",
            "/pipeline/stages/1/name",
        ),
        (
            set(
                base(),
                "/pipeline/stages/1/actions/0/outputArtifacts/0/name",
                json!("Build.Out"),
            ),
            "E105",
            "/pipeline/stages/1/actions/0/outputArtifacts/0/name",
        ),
        (
            remove(base(), "/pipeline/roleArn"),
            "E110",
            "/pipeline/roleArn",
        ),
        (
            set(base(), "/pipeline/roleArn", json!("arn:aws:iam::12:role/x")),
            "E120",
            "/pipeline/roleArn",
        ),
        (
            set(base(), "/pipeline/stages/1/actions/0/runOrder", json!(0)),
            "E204",
            "/pipeline/stages/1/actions/0/runOrder",
        ),
        (
            set(base(), "/pipeline/stages/2/name", json!("Build")),
            "E208",
            "/pipeline/stages/2/name",
        ),
        (
            set(
                base(),
                "/pipeline/stages/2/actions/1/name",
                json!("Approve"),
            ),
            "E209",
            "/pipeline/stages/2/actions/1/name",
        ),
        (
            set(base(), "/pipeline/executionMode", json!("queued")),
            "E210",
            "/pipeline/executionMode",
        ),
        (
            set(
                base(),
                "/pipeline/stages/1/actions/0/inputArtifacts/0/name",
                json!("Nope"),
            ),
            "E301",
            "/pipeline/stages/1/actions/0/inputArtifacts/0/name",
        ),
        (
            set(base(), "/pipeline/artifactStore/type", json!("GCS")),
            "E312",
            "/pipeline/artifactStore/type",
        ),
        (
            remove(
                base(),
                "/pipeline/stages/1/actions/0/configuration/ProjectName",
            ),
            "E501",
            "/pipeline/stages/1/actions/0/configuration/ProjectName",
        ),
        (
            set(
                base(),
                "/pipeline/stages/1/actions/0/timeoutInMinutes",
                json!(10),
            ),
            "E505",
            "/pipeline/stages/1/actions/0/timeoutInMinutes",
        ),
        (
            set(base(), "/pipeline/pipelineType", json!("V1")),
            "E601",
            "/pipeline/executionMode",
        ),
    ];
    for (doc, code, pointer) in cases {
        let diags = run(doc);
        assert!(
            diags.iter().any(|d| d.code == code && d.pointer == pointer),
            "expected {code} at {pointer}, got {diags:#?}"
        );
    }
}

#[test]
fn input_from_same_stage_needs_lower_run_order() {
    // Same runOrder: not yet produced.
    let v = set(base(), "/pipeline/stages/1/actions/0/runOrder", json!(1));
    let mut v = v;
    let test = json!({
        "name": "Test",
        "actionTypeId": {"category": "Test", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
        "runOrder": 1,
        "configuration": {"ProjectName": "t"},
        "inputArtifacts": [{"name": "BuildOut"}]
    });
    v["pipeline"]["stages"][1]["actions"]
        .as_array_mut()
        .unwrap()
        .push(test);
    assert_eq!(codes(v.clone()), vec!["E301"]);
    let v = set(v, "/pipeline/stages/1/actions/1/runOrder", json!(2));
    assert_eq!(codes(v), Vec::<&str>::new());
}

#[test]
fn errors_come_first_then_document_order() {
    let mut v = base();
    v["pipeline"]["stages"][1]["actions"][0]["runOrder"] = json!(1000);
    v["pipeline"]["name"] = json!("bad name");
    v["pipeline"]["stages"][0]["actions"][0]["configuration"]["PollForSourceChanges"] =
        json!("true");
    v["pipeline"]
        .as_object_mut()
        .unwrap()
        .shift_remove("pipelineType");
    v["pipeline"]
        .as_object_mut()
        .unwrap()
        .shift_remove("executionMode");
    let got: Vec<(&str, String)> = run(v).into_iter().map(|d| (d.code, d.pointer)).collect();
    let want: Vec<(&str, String)> = vec![
        ("E101", "/pipeline/name".into()),
        ("E204", "/pipeline/stages/1/actions/0/runOrder".into()),
        (
            "W501",
            "/pipeline/stages/0/actions/0/configuration/PollForSourceChanges".into(),
        ),
        (
            "W002",
            "/pipeline/stages/0/actions/0/configuration/PollForSourceChanges".into(),
        ),
        ("W005", "/pipeline/pipelineType".into()),
    ];
    assert_eq!(got, want);
}

#[test]
fn v2_only_action_on_v1() {
    let mut v = base();
    v["pipeline"]["pipelineType"] = json!("V1");
    v["pipeline"]
        .as_object_mut()
        .unwrap()
        .shift_remove("executionMode");
    v["pipeline"]["stages"][1]["actions"][0] = json!({
        "name": "Run",
        "actionTypeId": {"category": "Compute", "owner": "AWS", "provider": "Commands", "version": "1"},
        "commands": ["make"],
        "inputArtifacts": [{"name": "SourceOut"}],
        "outputArtifacts": [{"name": "BuildOut", "files": ["dist/**/*"]}]
    });
    assert_eq!(codes(v), vec!["E602"]);
}

#[test]
fn production_deploy_without_approval_is_flagged() {
    let v = remove(base(), "/pipeline/stages/2/actions/0");
    let d = run(v);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "W004");
    assert_eq!(d[0].pointer, "/pipeline/stages/2/actions/0");
}

#[test]
fn plaintext_secrets_are_flagged_but_masked_values_are_not() {
    let mut v = base();
    v["pipeline"]["stages"][1]["actions"][0]["configuration"]["EnvironmentVariables"] =
        json!(r#"[{"name":"DB_PASSWORD","value":"hunter22","type":"PLAINTEXT"}]"#);
    assert_eq!(codes(v.clone()), vec!["W003"]);
    v["pipeline"]["stages"][1]["actions"][0]["configuration"]["EnvironmentVariables"] =
        json!(r#"[{"name":"DB_PASSWORD","value":"prod/db","type":"SECRETS_MANAGER"}]"#);
    assert_eq!(codes(v), Vec::<&str>::new());
}

/// The codes the validator's sources mention, e.g. `"E301"`.
fn codes_in_sources() -> BTreeMap<String, String> {
    let dir = manifest_dir().join("src/validate");
    let re = regex::Regex::new(r#""([EW]\d{3})""#).unwrap();
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "tests.rs" || name == "codes.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for c in re.captures_iter(&text) {
            found.insert(c[1].to_string(), name.clone());
        }
    }
    found
}

/// `(code, severity)` rows of the table in docs/diagnostics.md.
pub(crate) fn documented_codes() -> BTreeMap<String, String> {
    let path = manifest_dir().join("../../docs/diagnostics.md");
    let text = std::fs::read_to_string(path).expect("docs/diagnostics.md exists");
    let mut rows = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "| E101 | error | ... | ... |" -> ["", "E101", "error", ..., ""]
        if cells.len() >= 5 && cells[0].is_empty() {
            let code = cells[1].trim_matches('`');
            if code.len() == 4
                && (code.starts_with('E') || code.starts_with('W'))
                && code[1..].chars().all(|c| c.is_ascii_digit())
            {
                assert!(
                    rows.insert(code.to_string(), cells[2].to_lowercase())
                        .is_none(),
                    "{code} is documented twice"
                );
            }
        }
    }
    rows
}

#[test]
fn every_code_is_registered_and_documented() {
    let documented = documented_codes();
    assert!(
        !documented.is_empty(),
        "docs/diagnostics.md has no table rows"
    );
    for (code, file) in codes_in_sources() {
        assert!(
            code_info(&code).is_some(),
            "{code} (used in {file}) is not in validate::CODES"
        );
    }
    for info in CODES {
        let sev = match info.severity {
            crate::diagnostic::Severity::Error => "error",
            crate::diagnostic::Severity::Warning => "warning",
        };
        assert_eq!(
            documented.get(info.code).map(String::as_str),
            Some(sev),
            "{} must be documented in docs/diagnostics.md with severity {sev}",
            info.code
        );
        assert_eq!(
            info.code.starts_with('W'),
            sev == "warning",
            "{}: W codes are warnings",
            info.code
        );
    }
    for code in documented.keys() {
        assert!(
            code_info(code).is_some(),
            "docs/diagnostics.md documents {code}, which validation never reports"
        );
    }
    let used = codes_in_sources();
    for info in CODES {
        assert!(
            used.contains_key(info.code),
            "{} is registered but no rule reports it",
            info.code
        );
    }
}

/// E207 cannot be the only error of a document: a pipeline whose actions are all sources has
/// either one stage (E201) or a source outside the first stage (E206).
#[test]
fn only_source_actions_is_e207() {
    let mut v = base();
    let source = v["pipeline"]["stages"][0].clone();
    let mut second = source.clone();
    second["name"] = json!("More");
    second["actions"][0]["name"] = json!("More");
    second["actions"][0]["outputArtifacts"][0]["name"] = json!("MoreOut");
    v["pipeline"]["stages"] = json!([source, second]);
    let got = codes(v);
    assert!(got.contains(&"E207"), "{got:?}");
    assert!(got.contains(&"E206"), "{got:?}");
}

/// E706 cannot be the only error: 51 triggers need 51 source actions (E202: at most 50 per
/// stage) or a repeated source action (E703).
#[test]
fn more_than_fifty_triggers_is_e706() {
    let mut v = base();
    let trigger = json!({
        "providerType": "CodeStarSourceConnection",
        "gitConfiguration": {"sourceActionName": "Src", "push": [{"branches": {"includes": ["main"]}}]}
    });
    v["pipeline"]["triggers"] = Value::Array(vec![trigger; 51]);
    let d = run(v);
    let e706: Vec<_> = d.iter().filter(|d| d.code == "E706").collect();
    assert_eq!(e706.len(), 1, "{d:#?}");
    assert_eq!(e706[0].pointer, "/pipeline/triggers");
    assert_eq!(d.iter().filter(|d| d.code == "E703").count(), 50);
}

#[test]
fn cross_region_needs_artifact_stores_for_each_region() {
    let mut v = base();
    v["pipeline"]["stages"][2]["actions"][1]["region"] = json!("eu-west-1");
    assert_eq!(codes(v.clone()), vec!["E402"]);
    let store = v["pipeline"]
        .as_object_mut()
        .unwrap()
        .shift_remove("artifactStore")
        .unwrap();
    v["pipeline"]["artifactStores"] = json!({"us-east-1": store});
    assert_eq!(codes(v.clone()), vec!["E403"]);
    v["pipeline"]["artifactStores"]["eu-west-1"] = json!({"type": "S3", "location": "eu-bucket"});
    assert_eq!(codes(v), Vec::<&str>::new());
}

#[test]
fn approval_later_in_the_same_stage_does_not_cover_a_production_deploy() {
    let mut v = base();
    v["pipeline"]["stages"][2]["name"] = json!("Production");
    v["pipeline"]["stages"][2]["actions"][0]["runOrder"] = json!(2);
    v["pipeline"]["stages"][2]["actions"][1]["runOrder"] = json!(1);
    assert_eq!(codes(v.clone()), vec!["W004"]);
    // Same run order: they run in parallel, so nobody approved first.
    v["pipeline"]["stages"][2]["actions"][0]["runOrder"] = json!(1);
    assert_eq!(codes(v.clone()), vec!["W004"]);
    v["pipeline"]["stages"][2]["actions"][1]["runOrder"] = json!(2);
    assert_eq!(codes(v), Vec::<&str>::new());
}

#[test]
fn change_set_creation_is_not_a_production_deploy() {
    let mut v = base();
    v["pipeline"]["stages"][2]["name"] = json!("Production");
    v["pipeline"]["stages"][2]["actions"][0] = json!({
        "name": "Plan",
        "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "CloudFormation", "version": "1"},
        "configuration": {"ActionMode": "CHANGE_SET_REPLACE", "StackName": "s", "ChangeSetName": "c", "TemplatePath": "BuildOut::t.yaml"},
        "inputArtifacts": [{"name": "BuildOut"}]
    });
    // Without the approval, the CodeDeploy action at runOrder 2 is unguarded.
    assert_eq!(codes(v), vec!["W004"]);
}

#[test]
fn parallel_mode_rejects_rollback_in_conditions_too() {
    let mut v = base();
    v["pipeline"]["executionMode"] = json!("PARALLEL");
    v["pipeline"]["stages"][2]["onFailure"] = json!({"conditions": [{"result": "ROLLBACK", "rules": [{
        "name": "Alarm",
        "ruleTypeId": {"category": "Rule", "owner": "AWS", "provider": "CloudWatchAlarm", "version": "1"},
        "configuration": {"AlarmName": "a"}
    }]}]});
    let d = run(v);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "E801");
    assert_eq!(
        d[0].pointer,
        "/pipeline/stages/2/onFailure/conditions/0/result"
    );
}

#[test]
fn variables_in_values_skip_enum_checks_and_booleans_ignore_case() {
    let mut v = base();
    v["pipeline"]["variables"] = json!([{"name": "Format", "defaultValue": "CODE_ZIP"}]);
    v["pipeline"]["stages"][0]["actions"][0]["configuration"]["DetectChanges"] = json!("False");
    v["pipeline"]["stages"][0]["actions"][0]["configuration"]["OutputArtifactFormat"] =
        json!("#{variables.Format}");
    assert_eq!(codes(v.clone()), Vec::<&str>::new());
    v["pipeline"]["stages"][0]["actions"][0]["configuration"]["OutputArtifactFormat"] =
        json!("ZIP");
    assert_eq!(codes(v), vec!["E504"]);
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

#[test]
fn variable_references_must_resolve_upstream() {
    let mut v = base();
    v["pipeline"]["stages"][0]["actions"][0]["namespace"] = json!("SourceVariables");
    v["pipeline"]["stages"][1]["actions"][0]["configuration"]["EnvironmentVariables"] =
        json!(r##"[{"name":"C","value":"#{SourceVariables.CommitId}","type":"PLAINTEXT"}]"##);
    assert_eq!(codes(v.clone()), Vec::<&str>::new());
    // The namespace of a later action.
    v["pipeline"]["stages"][2]["actions"][1]["namespace"] = json!("DeployVars");
    v["pipeline"]["stages"][2]["actions"][0]["configuration"] =
        json!({"CustomData": "#{DeployVars.Id} #{codepipeline.PipelineExecutionId}"});
    let d = run(v.clone());
    assert_eq!(
        d.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec!["W007"],
        "{d:#?}"
    );
    assert_eq!(
        d[0].pointer,
        "/pipeline/stages/2/actions/0/configuration/CustomData"
    );
    // An undeclared pipeline variable.
    v["pipeline"]["stages"][2]["actions"][0]["configuration"] =
        json!({"CustomData": "#{variables.Env}"});
    assert_eq!(codes(v.clone()), vec!["W007"]);
    v["pipeline"]["variables"] = json!([{"name": "Env"}]);
    assert_eq!(codes(v), Vec::<&str>::new());
}

/// This package's folder as `cargo test` names it when the test runs: a test binary reused from
/// another checkout that shares the target folder still reads this checkout's files.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), Into::into)
}
