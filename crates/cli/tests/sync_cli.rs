//! `pipewright plan / apply / pull / delete` end to end: the real binary against moto's server,
//! credentials from the environment.

use std::path::Path;
use std::process::{Command, Output};

use pipewright_test_support::moto::{self, Moto};
use serde_json::{json, Value};

fn pw(moto: &Moto, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_pipewright"))
        .args(args)
        .args(["--endpoint-url", &moto.url, "--region", moto::REGION])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", home.path().join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.path().join("none"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env(
            "PIPEWRIGHT_CONNECTIONS_FILE",
            home.path().join("connections.json"),
        )
        .output()
        .expect("run pipewright")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write_design(dir: &Path, name: &str, project: &str) {
    let doc = json!({"pipeline": {
        "name": name,
        "roleArn": moto::role_arn(),
        "artifactStore": {"type": "S3", "location": "bucket-1"},
        "stages": [
            {"name": "Source", "actions": [{"name": "Fetch",
                "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
                "configuration": {"S3Bucket": "b", "S3ObjectKey": "k.zip", "PollForSourceChanges": "false"},
                "outputArtifacts": [{"name": "Src"}]}]},
            {"name": "Build", "actions": [{"name": "Compile",
                "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                "configuration": {"ProjectName": project},
                "inputArtifacts": [{"name": "Src"}]}]}
        ]
    }});
    std::fs::write(
        dir.join(format!("{name}.json")),
        serde_json::to_string_pretty(&doc).unwrap(),
    )
    .unwrap();
}

#[test]
fn plan_apply_pull_delete_with_exit_statuses() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    write_design(dir.path(), "app", "p");
    write_design(dir.path(), "web", "w");

    let o = pw(&moto, &["plan", d]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).ends_with(
            "Plan: 2 to create, 0 to update, 0 unchanged, 0 drifted, 0 remote only, 0 invalid. Around them: 4 to create, fix or delete.\n"
        ),
        "{}",
        stdout(&o)
    );

    // Not a terminal and no --yes: nothing applied.
    let o = pw(&moto, &["apply", d]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--yes"), "{}", stderr(&o));

    let o = pw(&moto, &["apply", d, "--yes", "--concurrency", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("Apply: 2 created"), "{}", stdout(&o));
    assert!(stderr(&o).contains("[2/2]"), "progress: {}", stderr(&o));

    // Local edit -> update, as JSON.
    write_design(dir.path(), "app", "p2");
    // That rewrite dropped the sync record: `d/app.json` now reads as never synced. Work on a
    // pulled copy for the update.
    let pulled = tempfile::tempdir().unwrap();
    let o = pw(
        &moto,
        &["pull", "--all", "-o", pulled.path().to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Pulled 2 pipelines of 2"),
        "{}",
        stdout(&o)
    );
    let mut app: Value =
        serde_json::from_str(&std::fs::read_to_string(pulled.path().join("app.json")).unwrap())
            .unwrap();
    assert_eq!(app["pipewright"]["sync"]["version"], 1);
    app["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] = json!("p2");
    std::fs::write(
        pulled.path().join("app.json"),
        serde_json::to_string_pretty(&app).unwrap(),
    )
    .unwrap();
    let p = pulled.path().to_str().unwrap();
    let o = pw(&moto, &["plan", p, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let plan: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(plan["summary"]["update"], 1);
    assert_eq!(
        plan["pipelines"][0]["changes"][0]["pointer"],
        "/pipeline/stages/1/actions/0/configuration/ProjectName"
    );

    // The design in `d` was never synced with the remote and differs: drifted, exit 1.
    let o = pw(&moto, &["plan", d]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("! drifted"), "{}", stdout(&o));
    let o = pw(&moto, &["apply", d, "--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("refused"), "{}", stdout(&o));

    let o = pw(&moto, &["apply", p, "--yes", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let kinds: Vec<&str> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["updated", "unchanged"]);

    let o = pw(&moto, &["delete", "web", "--confirm", "wb"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("refusing to delete"), "{}", stderr(&o));
    let o = pw(&moto, &["delete", "web", "--confirm", "web"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = pw(&moto, &["plan", p]);
    assert!(stdout(&o).contains("+ create      web"), "{}", stdout(&o));
}

/// A design with placeholders left ("New pipeline"'s `REPLACE-ME-...`, a template's `<<Name>>`)
/// validates with warnings, but plan and apply refuse it with the list, and nothing is created.
#[test]
fn plan_and_apply_refuse_placeholders_left() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    write_design(dir.path(), "starter", "REPLACE-ME-codebuild-project");
    let path = dir.path().join("starter.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    doc["pipeline"]["stages"][0]["actions"][0]["configuration"]["S3Bucket"] = json!("<<Bucket>>");
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let file = path.to_str().unwrap();

    let o = Command::new(env!("CARGO_BIN_EXE_pipewright"))
        .args(["validate", file])
        .output()
        .expect("run pipewright");
    assert_eq!(o.status.code(), Some(0), "warnings only: {}", stdout(&o));
    assert!(stdout(&o).contains("warning[W008]"), "{}", stdout(&o));

    let o = pw(&moto, &["plan", d]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("x invalid     starter"), "{out}");
    assert!(
        out.contains("    warning[W008] /pipeline/stages/0/actions/0/configuration/S3Bucket: `S3Bucket` of action `Source/Fetch` still holds the placeholder `<<Bucket>>`\n"),
        "{out}"
    );
    assert!(
        out.contains("`ProjectName` of action `Build/Compile` still holds the placeholder `REPLACE-ME-codebuild-project`"),
        "{out}"
    );
    assert!(
        out.contains("Apply refuses it until 2 placeholders are replaced with real values."),
        "{out}"
    );

    let o = pw(&moto, &["apply", d, "--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("invalid            starter"), "{out}");
    assert!(
        out.contains("Not sent: replace the 2 placeholders with real values first."),
        "{out}"
    );
    // Nothing reached the endpoint: the pipeline is still one to create.
    let o = pw(&moto, &["plan", d, "--format", "json"]);
    let plan: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(plan["summary"]["remoteOnly"], 0, "{plan}");
    assert_eq!(plan["pipelines"][0]["action"], "invalid", "{plan}");
    assert_eq!(plan["pipelines"].as_array().unwrap().len(), 1, "{plan}");
}
