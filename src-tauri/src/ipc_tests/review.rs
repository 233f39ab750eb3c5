//! "Compare with..." through Tauri's real IPC layer (mock runtime): the held-back example
//! (tests/review) committed in a git repository made by the test, the open design edited to the
//! newer side.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

/// The commands these tests call.
pub(crate) const COVERED: &[&str] = &["compare_design", "design_revisions"];

fn example(side: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/review")
        .join(format!("{side}.pipewright.yaml"));
    std::fs::read_to_string(&path).expect("the held-back example")
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Pipewright Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

#[test]
fn compare_with_a_revision_and_a_file_through_ipc() {
    let (_app, webview) = super::mock_app(|_| {});
    let call = |cmd: &str, args: Value| super::call_checked(&webview, cmd, args);
    let repo = tempfile::tempdir().expect("tempdir");
    let file = repo.path().join("shop.pipewright.yaml");
    std::fs::write(&file, example("before")).expect("write");
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "The shop pipeline"]);
    let after = call(
        "parse_text",
        json!({ "text": example("after"), "format": "yaml" }),
    )
    .expect("parse");

    let revisions = call("design_revisions", json!({ "path": file })).expect("revisions");
    assert_eq!(revisions[0]["subject"], "The shop pipeline");
    let review = call(
        "compare_design",
        json!({
            "path": file,
            "document": after,
            "other": { "kind": "revision", "revision": revisions[0]["short"] },
        }),
    )
    .expect("review");
    assert_eq!(review["status"], "changed");
    assert_eq!(review["changes"][0]["op"], "rename");
    assert_eq!(review["changes"][0]["action"], "BuildImage");
    assert_eq!(review["changes"][1]["area"], "stage");
    assert_eq!(review["changes"][1]["stage"], "Approve");
    assert_eq!(review["stages"][2]["mark"], "added");
    assert_eq!(review["stages"][1]["actions"][0]["beforeName"], "Build");

    let review = call(
        "compare_design",
        json!({
            "path": null,
            "document": after,
            "other": { "kind": "file", "path": file },
        }),
    )
    .expect("review");
    assert_eq!(review["after"], "this design");
    assert_eq!(review["changes"].as_array().map(Vec::len), Some(2));

    let err = call(
        "compare_design",
        json!({
            "path": null,
            "document": after,
            "other": { "kind": "revision", "revision": "HEAD" },
        }),
    )
    .expect_err("an unsaved design has no history");
    assert_eq!(err["kind"], "invalid");
}
