//! Environments, exports and the GitHub migration through Tauri's real IPC layer (mock runtime), on
//! core's real templates.

use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::{Manager, WebviewWindow};

use pipewright_appcore::state::AppState;
use pipewright_core::templates::{example_values, instantiate};

/// The commands these tests call.
pub(crate) const COVERED: &[&str] = &[
    "environment_names",
    "render_environment",
    "environment_differences",
    "export_iac",
    "export_picture",
    "migrate_github_v1",
    "save_text",
];

struct Harness {
    app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
    _config: tempfile::TempDir,
}

impl Harness {
    fn new() -> Self {
        let config = tempfile::tempdir().expect("tempdir");
        let dir = config.path().to_path_buf();
        let (app, webview) = super::mock_app(move |app| {
            app.manage(AppState::new(&dir, &dir, None));
        });
        Harness {
            app,
            webview,
            _config: config,
        }
    }

    /// The user chose `path` in the save dialog.
    fn choose(&self, path: &std::path::Path) {
        self.app.state::<AppState>().grants.grant_file(path);
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        super::call_checked(&self.webview, cmd, args)
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

/// A core template with its example values, as the UI holds it (JSON).
fn template(id: &str) -> Value {
    let inst = instantiate(id, &example_values(id)).expect("template");
    inst.document.to_value()
}

fn stage_names(doc: &Value) -> Vec<String> {
    doc["pipeline"]["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| s["name"].as_str().expect("name").to_string())
        .collect()
}

#[test]
fn environments_render_and_differ_through_ipc() {
    let h = Harness::new();
    let doc = template("eb-dev-prod");
    let names = h.ok("environment_names", json!({ "document": doc }));
    let names: Vec<String> = serde_json::from_value(names).expect("names");
    assert!(names.len() >= 2, "{names:?}");
    let (dev, prod) = (&names[0], &names[1]);

    let base_name = doc["pipeline"]["name"].as_str().expect("name").to_string();
    let rendered_dev = h.ok("render_environment", json!({ "document": doc, "env": dev }));
    let rendered_prod = h.ok(
        "render_environment",
        json!({ "document": doc, "env": prod }),
    );
    let dev_name = rendered_dev["pipeline"]["name"].as_str().expect("name");
    let prod_name = rendered_prod["pipeline"]["name"].as_str().expect("name");
    assert!(dev_name.starts_with(&base_name) && dev_name != base_name);
    assert_ne!(dev_name, prod_name);
    assert!(
        rendered_dev["pipewright"]["environments"].is_null(),
        "a rendered environment is a plain pipeline: {}",
        rendered_dev["pipewright"]
    );
    // Prod has a stage dev does not (the manual approval).
    let only_prod: Vec<_> = stage_names(&rendered_prod)
        .into_iter()
        .filter(|s| !stage_names(&rendered_dev).contains(s))
        .collect();
    assert!(!only_prod.is_empty(), "prod adds a stage");

    let diffs = h.ok(
        "environment_differences",
        json!({ "document": doc, "left": dev, "right": prod }),
    );
    let diffs = diffs.as_array().expect("a list");
    let name_diff = diffs
        .iter()
        .find(|d| d["pointer"] == "/pipeline/name")
        .expect("the names differ");
    assert_eq!(name_diff["left"], dev_name);
    assert_eq!(name_diff["right"], prod_name);
    let added = diffs
        .iter()
        .find(|d| d.get("left").is_none_or(Value::is_null))
        .expect("a stage only prod has");
    assert_eq!(added["right"]["name"], only_prod[0].as_str());
    assert!(
        h.ok(
            "environment_differences",
            json!({ "document": doc, "left": dev, "right": dev })
        )
        .as_array()
        .expect("list")
        .is_empty(),
        "an environment does not differ from itself"
    );

    let error = h
        .call(
            "render_environment",
            json!({ "document": doc, "env": "staging" }),
        )
        .expect_err("no such environment");
    assert_eq!(error["kind"], "invalid");
    let message = error["message"].as_str().expect("message");
    assert!(
        message.contains("staging") && message.contains(dev.as_str()),
        "{message}"
    );

    let plain = template("manual-approval");
    assert_eq!(
        h.ok("environment_names", json!({ "document": plain })),
        json!([])
    );
}

#[test]
fn the_picture_through_ipc_is_svg_of_the_base_or_an_environment() {
    let h = Harness::new();
    let doc = template("eb-dev-prod");
    let prod = h.ok("environment_names", json!({ "document": doc }))[1]
        .as_str()
        .expect("prod")
        .to_string();
    let base = h.ok(
        "export_picture",
        json!({ "document": doc, "environment": null }),
    );
    let base = base.as_str().expect("text");
    assert!(
        base.starts_with("<svg") && !base.contains("foreignObject"),
        "{base}"
    );
    let env = h.ok(
        "export_picture",
        json!({ "document": doc, "environment": prod }),
    );
    let rendered = h.ok(
        "render_environment",
        json!({ "document": doc, "env": prod }),
    );
    let name = rendered["pipeline"]["name"].as_str().expect("name");
    assert!(
        env.as_str()
            .expect("text")
            .contains(&format!(r#"data-name="{name}""#)),
        "{env}"
    );
    let error = h
        .call(
            "export_picture",
            json!({ "document": doc, "environment": "qa" }),
        )
        .expect_err("no such environment");
    assert_eq!(error["kind"], "invalid");
}

#[test]
fn exports_through_ipc_for_the_base_or_an_environment() {
    let h = Harness::new();
    let doc = template("eb-dev-prod");
    let names = h.ok("environment_names", json!({ "document": doc }));
    let prod = names[1].as_str().expect("prod").to_string();
    let rendered_prod = h.ok(
        "render_environment",
        json!({ "document": doc, "env": prod }),
    );
    let prod_name = rendered_prod["pipeline"]["name"]
        .as_str()
        .expect("name")
        .to_string();

    let cfn = h.ok(
        "export_iac",
        json!({ "document": doc, "format": "cloudformation-yaml", "environment": prod }),
    );
    let text = cfn["text"].as_str().expect("text");
    assert!(text.contains("AWS::CodePipeline::Pipeline"), "{text}");
    assert!(text.contains(&prod_name), "the prod pipeline is exported");
    assert!(cfn["notes"].is_array());

    let json_export = h.ok(
        "export_iac",
        json!({ "document": doc, "format": "cloudformation-json", "environment": null }),
    );
    let parsed: Value =
        serde_json::from_str(json_export["text"].as_str().expect("text")).expect("JSON");
    assert!(parsed["Resources"].is_object(), "{parsed}");

    let tf = h.ok(
        "export_iac",
        json!({ "document": doc, "format": "terraform", "environment": prod }),
    );
    let text = tf["text"].as_str().expect("text");
    assert!(text.contains("resource \"aws_codepipeline\""), "{text}");
    assert!(text.contains(&prod_name));

    // A GitHub v1 token never leaves as plaintext; the note says so.
    let github = template("github-v1-polling");
    let token = github["pipeline"]["stages"][0]["actions"][0]["configuration"]["OAuthToken"]
        .as_str()
        .expect("token")
        .to_string();
    let cfn = h.ok(
        "export_iac",
        json!({ "document": github, "format": "cloudformation-yaml", "environment": null }),
    );
    assert!(!cfn["text"].as_str().expect("text").contains(&token));
    assert!(
        cfn["notes"]
            .as_array()
            .expect("notes")
            .iter()
            .any(|n| n["pointer"]
                .as_str()
                .is_some_and(|p| p.ends_with("OAuthToken"))),
        "{}",
        cfn["notes"]
    );

    let error = h
        .call(
            "export_iac",
            json!({ "document": doc, "format": "terraform", "environment": "qa" }),
        )
        .expect_err("no such environment");
    assert_eq!(error["kind"], "invalid");
    let error = h
        .call(
            "export_iac",
            json!({ "document": doc, "format": "pulumi", "environment": null }),
        )
        .expect_err("no such format");
    assert!(error.to_string().contains("pulumi"), "{error}");

    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("pipeline.tf");
    std::fs::write(&out, "old").expect("write");
    h.choose(&out);
    h.ok("save_text", json!({ "path": out, "text": text }));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), text);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
    h.choose(&dir.path().join("missing/pipeline.tf"));
    let error = h
        .call(
            "save_text",
            json!({ "path": dir.path().join("missing/pipeline.tf"), "text": "x" }),
        )
        .expect_err("missing folder");
    assert_eq!(error["kind"], "not-found");
}

#[test]
fn github_v1_migrates_through_ipc() {
    let h = Harness::new();
    let doc = template("github-v1-webhook");
    let arn = "arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc-123";
    let migrated = h.ok(
        "migrate_github_v1",
        json!({ "document": doc, "connectionArn": arn }),
    );
    let source = &migrated["document"]["pipeline"]["stages"][0]["actions"][0];
    assert_eq!(
        source["actionTypeId"]["provider"],
        "CodeStarSourceConnection"
    );
    assert_eq!(source["configuration"]["ConnectionArn"], arn);
    assert!(source["configuration"]["OAuthToken"].is_null());
    let changes = migrated["changes"].as_array().expect("changes");
    assert!(!changes.is_empty());
    assert!(changes
        .iter()
        .all(|c| c.as_str().is_some_and(|s| s.ends_with('.'))));

    let error = h
        .call(
            "migrate_github_v1",
            json!({ "document": doc, "connectionArn": "my-connection" }),
        )
        .expect_err("not an ARN");
    assert_eq!(error["kind"], "invalid");
    assert!(error["message"]
        .as_str()
        .expect("message")
        .contains("arn:aws:codestar-connections:"));
    let error = h
        .call(
            "migrate_github_v1",
            json!({ "document": migrated["document"], "connectionArn": arn }),
        )
        .expect_err("nothing left to migrate");
    assert!(error["message"]
        .as_str()
        .expect("message")
        .contains("nothing to migrate"));
}
