//! `pipewright new` and the infrastructure-as-code exports, through the binary.

use serde_json::Value;

use crate::common::pipewright;

#[test]
fn new_lists_every_template_with_its_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let run = pipewright(dir.path(), &["new", "--list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for id in [
        "eb-dev-prod",
        "docker-ecr-ecs",
        "manual-approval",
        "credential-leak-check",
        "github-v1-polling",
        "github-v1-webhook",
        "github-v2-connection",
        "cloudformation-change-set",
    ] {
        assert!(
            run.stdout.contains(id),
            "{id} missing from:\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("placeholders: AppName"));
}

#[test]
fn a_template_filled_from_the_command_line_validates_and_brings_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let run = pipewright(
        dir.path(),
        &[
            "new",
            "--template",
            "docker-ecr-ecs",
            "--examples",
            "--set",
            "AppName=shop",
            "-o",
            "shop.pipewright.yaml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("shop.pipewright.yaml")).unwrap();
    assert!(text.contains("name: shop-container"), "{text}");
    assert!(dir.path().join("buildspec.yml").exists());
    let run = pipewright(dir.path(), &["validate", "shop.pipewright.yaml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    // Refuses to overwrite.
    let again = pipewright(
        dir.path(),
        &["new", "-t", "docker-ecr-ecs", "-o", "shop.pipewright.yaml"],
    );
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("exists"), "{}", again.stderr);
}

#[test]
fn unfilled_placeholders_are_named_and_then_reported_by_validate() {
    let dir = tempfile::tempdir().unwrap();
    let run = pipewright(
        dir.path(),
        &["new", "-t", "manual-approval", "-o", "r.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("AccountId"), "{}", run.stderr);
    let run = pipewright(dir.path(), &["validate", "r.yaml"]);
    assert_eq!(
        run.code, 1,
        "placeholders left must be errors:\n{}",
        run.stdout
    );
}

#[test]
fn an_unknown_template_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = pipewright(dir.path(), &["new", "-t", "nope", "-o", "x.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("eb-dev-prod"), "{}", run.stderr);
}

#[test]
fn environments_export_to_cloudformation_and_terraform() {
    let dir = tempfile::tempdir().unwrap();
    let run = pipewright(
        dir.path(),
        &["new", "-t", "eb-dev-prod", "--examples", "-o", "web.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    let prod = pipewright(
        dir.path(),
        &[
            "export",
            "web.yaml",
            "--environment",
            "prod",
            "--format",
            "cloudformation-json",
        ],
    );
    assert_eq!(prod.code, 0, "{}", prod.stderr);
    let template: Value = serde_json::from_str(&prod.stdout).unwrap();
    let resource = template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
        .clone();
    let props = &resource["Properties"];
    assert_eq!(props["Name"], "web-shop-prod");
    let stages: Vec<_> = props["Stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(stages, ["Source", "Build", "Approve", "Deploy"]);

    let dev = pipewright(
        dir.path(),
        &["export", "web.yaml", "-e", "dev", "--format", "terraform"],
    );
    assert_eq!(dev.code, 0, "{}", dev.stderr);
    assert!(dev.stdout.contains("resource \"aws_codepipeline\""));
    assert!(dev.stdout.contains("\"web-shop-dev\""), "{}", dev.stdout);
    assert!(!dev.stdout.contains("Approve"));

    let base = pipewright(
        dir.path(),
        &["export", "web.yaml", "--format", "cloudformation"],
    );
    assert_eq!(base.code, 0);
    assert!(
        base.stderr.contains("note: /pipewright/environments"),
        "the base export says environments exist: {}",
        base.stderr
    );

    let missing = pipewright(
        dir.path(),
        &[
            "export",
            "web.yaml",
            "-e",
            "staging",
            "--format",
            "terraform",
        ],
    );
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("dev, prod"), "{}", missing.stderr);
}

#[test]
fn secrets_are_never_exported_as_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let run = pipewright(
        dir.path(),
        &[
            "new",
            "-t",
            "github-v1-polling",
            "--examples",
            "-o",
            "gh.yaml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cfn = pipewright(
        dir.path(),
        &["export", "gh.yaml", "--format", "cloudformation"],
    );
    assert!(
        cfn.stdout.contains("{{resolve:secretsmanager:"),
        "{}",
        cfn.stdout
    );
    assert!(!cfn.stdout.contains("****"));
    assert!(
        cfn.stderr.contains("OAuthToken"),
        "the secret is reported: {}",
        cfn.stderr
    );
    let tf = pipewright(dir.path(), &["export", "gh.yaml", "--format", "terraform"]);
    assert!(tf.stdout.contains("sensitive = true"), "{}", tf.stdout);
    assert!(!tf.stdout.contains("****"));
}

#[test]
fn the_catalog_is_printed_as_text_and_as_the_json_the_designer_uses() {
    let dir = tempfile::tempdir().unwrap();
    let text = pipewright(dir.path(), &["catalog"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.contains("Build/AWS/CodeBuild/1"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("required: ProjectName"));
    let json = pipewright(dir.path(), &["catalog", "--format", "json"]);
    assert_eq!(json.code, 0);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    let providers = v["providers"].as_array().unwrap();
    assert_eq!(providers.len(), text.stdout.lines().count());
    let gh = providers
        .iter()
        .find(|p| p["provider"] == "GitHub")
        .unwrap();
    assert_eq!(gh["legacy"], true);
}
