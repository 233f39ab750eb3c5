//! The sync commands through IPC against moto's server, on a sandbox-kind connection at moto
//! (dummy credentials, loopback; not named "Local sandbox", which is the embedded sandbox's and
//! which the app re-points): plan, apply create with progress events, unchanged on re-plan,
//! drift refused then overwritten, pull, import, confirmed delete.

use std::path::Path;

use serde_json::{json, Value};

use super::moto::{role_arn, Moto};
use super::Harness;
use pipewright_appcore::events::Event;
use pipewright_appcore::events::SyncProgress;

fn pipeline(name: &str, project: &str) -> Value {
    json!({
        "name": name,
        "roleArn": role_arn(),
        "artifactStore": {"type": "S3", "location": "pipewright-artifacts"},
        "stages": [
            {"name": "Source", "actions": [{
                "name": "Fetch",
                "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
                "runOrder": 1,
                "configuration": {"S3Bucket": "src-bucket", "S3ObjectKey": "src.zip", "PollForSourceChanges": "false"},
                "outputArtifacts": [{"name": "SourceOut"}],
                "inputArtifacts": []
            }]},
            {"name": "Build", "actions": [{
                "name": "Compile",
                "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                "runOrder": 1,
                "configuration": {"ProjectName": project},
                "inputArtifacts": [{"name": "SourceOut"}],
                "outputArtifacts": []
            }]}
        ],
        "pipelineType": "V2",
        "executionMode": "QUEUED"
    })
}

fn write(dir: &Path, file: &str, doc: &Value) -> String {
    let path = dir.join(file);
    std::fs::write(&path, serde_json::to_string_pretty(doc).expect("json")).expect("write design");
    path.display().to_string()
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
}

/// Plan `paths`, then apply what was reviewed (the plan's connection, region and fingerprint).
fn apply_reviewed(
    h: &mut Harness,
    paths: Value,
    only: Value,
    overwrite: Value,
    pull: Value,
) -> Result<Value, Value> {
    let plan = h.ok("sync_plan", json!({ "paths": paths }));
    let request = json!({ "request": {
        "paths": paths, "only": only, "overwrite": overwrite, "pull": pull,
        "seen": seen_of(&plan["connection"]), "fingerprint": plan["fingerprint"],
    } });
    h.call("sync_apply", request)
}

/// What a dialog made on this connection passes back.
fn seen_of(connection: &Value) -> Value {
    json!({ "connectionId": connection["id"], "connection": connection["name"], "region": connection["region"] })
}

fn find<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .expect("a list")
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{name} not in {list}"))
}

#[test]
fn plan_apply_import_delete_through_ipc_against_moto() {
    let moto = Moto::start();
    let config = tempfile::tempdir().expect("tempdir");
    let designs = tempfile::tempdir().expect("tempdir");
    let mut h = Harness::new(config.path(), "pipewright-sync-ipc-test-unused");

    let sandbox = h.ok(
        "add_connection",
        json!({ "connection": { "name": "moto (sandbox kind)", "region": "us-east-1", "endpointUrl": moto.url,
                                "auth": { "kind": "localSandbox" } } }),
    );
    h.ok(
        "activate_connection",
        json!({ "id": sandbox["id"], "options": {} }),
    );

    write(
        designs.path(),
        "alpha.json",
        &json!({ "pipeline": pipeline("alpha", "proj") }),
    );
    let mut broken = pipeline("broken", "proj");
    broken["stages"] = json!([broken["stages"][0].clone()]);
    write(
        designs.path(),
        "broken.json",
        &json!({ "pipeline": broken }),
    );
    std::fs::write(designs.path().join("notes.yaml"), "pipeline: [").expect("write");

    let plan = h.ok("sync_plan", json!({ "paths": [designs.path()] }));
    let pipelines = &plan["plan"]["pipelines"];
    let alpha = find(pipelines, "alpha");
    assert_eq!(alpha["action"], "create", "{plan}");
    assert!(!alpha["changes"].as_array().expect("changes").is_empty());
    let broken = find(pipelines, "broken");
    assert_eq!(broken["action"], "invalid", "{plan}");
    assert!(!broken["errors"].as_array().expect("errors").is_empty());
    assert_eq!(plan["problems"].as_array().map(Vec::len), Some(1), "{plan}");
    assert_eq!(plan["connection"]["isSandbox"], true);

    // Apply only the design without errors.
    // Reviewed on this connection, applied after a region switch: refused, nothing created.
    let reviewed = h.ok("sync_plan", json!({ "paths": [designs.path()] }));
    let request = json!({ "request": {
        "paths": [designs.path()], "only": ["alpha"], "overwrite": [], "pull": [],
        "seen": seen_of(&reviewed["connection"]), "fingerprint": reviewed["fingerprint"],
    } });
    h.ok("switch_region", json!({ "region": "eu-west-1" }));
    let moved = h.err("sync_apply", request.clone());
    assert_eq!(moved["kind"], "changed-since-review", "{moved}");
    assert!(
        moved["message"]
            .as_str()
            .is_some_and(|m| m.contains("now eu-west-1, not us-east-1")),
        "{moved}"
    );
    h.ok("switch_region", json!({ "region": "us-east-1" }));
    // Without what was reviewed: refused.
    let bare = h.err(
        "sync_apply",
        json!({ "request": { "paths": [designs.path()], "only": ["alpha"], "overwrite": [], "pull": [] } }),
    );
    assert_eq!(bare["kind"], "changed-since-review", "{bare}");
    assert!(
        h.events_named(SyncProgress::NAME).is_empty(),
        "nothing was applied"
    );
    let applied = h.ok("sync_apply", request);
    let results = &applied["results"];
    assert_eq!(results.as_array().map(Vec::len), Some(1), "{applied}");
    assert_eq!(results[0]["outcome"], "created", "{applied}");
    assert_eq!(results[0]["version"], 1);
    let progress = h.events_named(SyncProgress::NAME);
    assert_eq!(
        progress,
        vec![
            json!({ "name": "alpha", "finished": null, "done": 0, "total": 1 }),
            json!({ "name": "alpha", "finished": "created", "done": 1, "total": 1 }),
        ]
    );
    assert_eq!(
        read(&designs.path().join("alpha.json"))["pipewright"]["sync"]["version"],
        1,
        "the design remembers the synced version"
    );
    let plan = h.ok(
        "sync_plan",
        json!({ "paths": [designs.path().join("alpha.json")] }),
    );
    assert_eq!(
        plan["plan"]["pipelines"][0]["action"], "unchanged",
        "{plan}"
    );

    // A design never synced and different from the remote: drifted, refused, then overwritten.
    let other = tempfile::tempdir().expect("tempdir");
    let other_alpha = write(
        other.path(),
        "alpha.json",
        &json!({ "pipeline": pipeline("alpha", "proj-from-elsewhere") }),
    );
    let refused = apply_reviewed(
        &mut h,
        json!([other_alpha]),
        json!(null),
        json!([]),
        json!([]),
    )
    .expect("apply");
    assert_eq!(refused["results"][0]["outcome"], "refused", "{refused}");
    assert!(refused["results"][0]["drift"]["reason"].is_string());
    assert_eq!(refused["success"], false);
    let forced = apply_reviewed(
        &mut h,
        json!([other_alpha]),
        json!(null),
        json!(["alpha"]),
        json!([]),
    )
    .expect("apply");
    assert_eq!(forced["results"][0]["outcome"], "updated", "{forced}");

    // The first folder's design is now behind the remote: drifted; pull takes the remote in.
    let plan = h.ok(
        "sync_plan",
        json!({ "paths": [designs.path().join("alpha.json")] }),
    );
    let alpha = &plan["plan"]["pipelines"][0];
    assert_eq!(alpha["action"], "drifted", "{plan}");
    assert!(alpha["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .any(|c| c["pointer"]
            .as_str()
            .is_some_and(|p| p.ends_with("/configuration/ProjectName"))));
    let pulled = apply_reviewed(
        &mut h,
        json!([designs.path()]),
        json!(["alpha"]),
        json!([]),
        json!(["alpha"]),
    )
    .expect("apply");
    assert_eq!(pulled["results"][0]["outcome"], "pulled", "{pulled}");
    assert_eq!(
        read(&designs.path().join("alpha.json"))["pipeline"]["stages"][1]["actions"][0]
            ["configuration"]["ProjectName"],
        "proj-from-elsewhere"
    );

    // Import: list the remote pipelines and write them as design files.
    let remote = h.ok("remote_pipelines", json!({}));
    assert_eq!(find(&remote, "alpha")["version"], 2, "{remote}");
    let imported_dir = tempfile::tempdir().expect("tempdir");
    // Only into a folder chosen in the folder dialog.
    let unchosen = h.err(
        "sync_import",
        json!({ "request": { "names": null, "folder": imported_dir.path(), "format": "yaml" } }),
    );
    assert_eq!(unchosen["kind"], "path-not-chosen", "{unchosen}");
    h.choose_folder(imported_dir.path());
    let imported = h.ok(
        "sync_import",
        json!({ "request": { "names": null, "folder": imported_dir.path(), "format": "yaml" } }),
    );
    assert_eq!(imported["imported"][0]["name"], "alpha", "{imported}");
    let text = std::fs::read_to_string(imported_dir.path().join("alpha.yaml")).expect("imported");
    assert!(text.contains("proj-from-elsewhere"), "{text}");
    let nothing = h.err(
        "sync_import",
        json!({ "request": { "names": [], "folder": imported_dir.path(), "format": "json" } }),
    );
    assert_eq!(nothing["kind"], "invalid");

    // Delete only after the name was typed.
    let seen = seen_of(&h.ok("active_connection", json!({})));
    let refused = h.err(
        "delete_remote_pipeline",
        json!({ "name": "alpha", "confirmName": "alph", "seen": seen }),
    );
    assert_eq!(refused["kind"], "not-confirmed", "{refused}");
    assert_eq!(
        h.ok("remote_pipelines", json!({})).as_array().map(Vec::len),
        Some(1)
    );
    // Seen in another region: refused.
    let mut elsewhere = seen.clone();
    elsewhere["region"] = json!("eu-west-1");
    let moved = h.err(
        "delete_remote_pipeline",
        json!({ "name": "alpha", "confirmName": "alpha", "seen": elsewhere }),
    );
    assert_eq!(moved["kind"], "changed-since-review", "{moved}");
    h.ok(
        "delete_remote_pipeline",
        json!({ "name": "alpha", "confirmName": "alpha", "seen": seen }),
    );
    assert_eq!(h.ok("remote_pipelines", json!({})), json!([]));
    let plan = h.ok(
        "sync_plan",
        json!({ "paths": [designs.path().join("alpha.json")] }),
    );
    assert_eq!(plan["plan"]["pipelines"][0]["action"], "create", "{plan}");
}
