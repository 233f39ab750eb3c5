//! Environments, infrastructure-as-code exports and the GitHub version 1 migration: glue over
//! `pipewright_core::{environments, export, templates}` (the same code `pipewright export
//! --environment` runs).

use std::path::Path;

use pipewright_core::environments::{self, Difference};
use pipewright_core::export::{self, Export, ExportFormat};
use pipewright_core::{CodecError, Document};
use serde::Serialize;

use pipewright_appcore::error::{AppError, Result};

/// `migrate_github_v1`: the migrated design and what changed, as sentences.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Migration {
    pub document: Document,
    pub changes: Vec<String>,
}

/// A mistake in `pipewright.environments`, as a sentence that says where to fix it.
fn environment_error(error: CodecError) -> AppError {
    match error {
        CodecError::Environment { .. } => AppError::Invalid(format!(
            "{error}. Fix the environment in the environment panel (or in the code view) and try again."
        )),
        other => other.into(),
    }
}

/// The document of `environment`, or the design itself for `None` (the base).
fn document_of(document: Document, environment: Option<&str>) -> Result<Document> {
    match environment {
        Some(env) => environments::render(&document, env).map_err(environment_error),
        None => Ok(document),
    }
}

/// The environments the design defines, in file order (empty: none).
#[tauri::command(async)]
pub fn environment_names(document: Document) -> Vec<String> {
    environments::names(&document)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// The plain pipeline document of one environment (the base with its overrides applied).
#[tauri::command(async)]
pub fn render_environment(document: Document, env: String) -> Result<Document> {
    document_of(document, Some(&env))
}

/// What differs between two environments' pipelines; pointers index the left document except
/// for nodes only the right one has.
#[tauri::command(async)]
pub fn environment_differences(
    document: Document,
    left: String,
    right: String,
) -> Result<Vec<Difference>> {
    environments::differences(&document, &left, &right).map_err(environment_error)
}

/// The design (or one environment of it) as CloudFormation or Terraform, with the notes on what
/// the target could not express.
#[tauri::command(async)]
pub fn export_iac(
    document: Document,
    format: ExportFormat,
    environment: Option<String>,
) -> Result<Export> {
    let doc = document_of(document, environment.as_deref())?;
    Ok(export::export(&doc, format))
}

/// Whether `arn` names a CodeStar / CodeConnections connection.
fn is_connection_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && matches!(parts[2], "codestar-connections" | "codeconnections")
        && !parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && parts[5].starts_with("connection/")
        && parts[5].len() > "connection/".len()
}

/// Every GitHub version 1 (OAuth) source of the design moved to the CodeStar connection
/// `connection_arn`.
#[tauri::command(async)]
pub fn migrate_github_v1(document: Document, connection_arn: String) -> Result<Migration> {
    let arn = connection_arn.trim();
    if !is_connection_arn(arn) {
        return Err(AppError::Invalid(format!(
            "`{arn}` is not a connection ARN; copy it from the console (Developer Tools > Settings > Connections), it looks like arn:aws:codestar-connections:eu-west-1:123456789012:connection/1a2b3c4d-..."
        )));
    }
    let (document, changes) = pipewright_core::templates::migrate_github_v1(&document, arn);
    if changes.is_empty() {
        return Err(AppError::Invalid(
            "this design has no GitHub version 1 source action; there is nothing to migrate".into(),
        ));
    }
    Ok(Migration { document, changes })
}

/// Write an export's text to `path` atomically (temporary file + rename).
#[tauri::command(async)]
pub fn save_text(path: String, text: String) -> Result<()> {
    pipewright_appcore::files::atomic_write(Path::new(&path), text.as_bytes())
}

#[cfg(test)]
pub(crate) mod ipc_tests {
    //! These commands through Tauri's real IPC layer (mock runtime), on core's real templates.

    use serde_json::{json, Value};
    use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
    use tauri::WebviewWindow;

    use pipewright_core::templates::{example_values, instantiate};

    /// The commands these tests call (`ipc_tests` covers the others).
    pub(crate) const COVERED: &[&str] = &[
        "environment_names",
        "render_environment",
        "environment_differences",
        "export_iac",
        "migrate_github_v1",
        "save_text",
    ];

    struct Harness {
        _app: tauri::App<MockRuntime>,
        webview: WebviewWindow<MockRuntime>,
    }

    impl Harness {
        fn new() -> Self {
            let app = mock_builder()
                .invoke_handler(crate::commands::handler())
                .build(mock_context(noop_assets()))
                .expect("build the mock app");
            let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
                .build()
                .expect("mock window");
            Harness { _app: app, webview }
        }

        fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
            let spec = crate::commands::specs()
                .into_iter()
                .find(|s| s.name == cmd)
                .unwrap_or_else(|| panic!("{cmd} is not in the command list"));
            let mut sent: Vec<String> = args
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            let mut expected: Vec<String> = spec.args.iter().map(|(n, _)| camel(n)).collect();
            sent.sort();
            expected.sort();
            assert_eq!(sent, expected, "arguments of {cmd}");
            crate::ipc_tests::ipc_call(&self.webview, cmd, args)
        }

        fn ok(&self, cmd: &str, args: Value) -> Value {
            self.call(cmd, args)
                .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
        }
    }

    fn camel(snake: &str) -> String {
        let mut parts = snake.split('_');
        let mut out = parts.next().unwrap_or_default().to_string();
        for p in parts {
            let mut c = p.chars();
            if let Some(first) = c.next() {
                out.extend(first.to_uppercase());
                out.push_str(c.as_str());
            }
        }
        out
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
        h.ok("save_text", json!({ "path": out, "text": text }));
        assert_eq!(std::fs::read_to_string(&out).expect("read"), text);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
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

    #[test]
    fn connection_arns_are_recognised() {
        use super::is_connection_arn;
        assert!(is_connection_arn(
            "arn:aws:codeconnections:us-east-1:123456789012:connection/x"
        ));
        assert!(is_connection_arn(
            "arn:aws-cn:codestar-connections:cn-north-1:123456789012:connection/x"
        ));
        assert!(!is_connection_arn(
            "arn:aws:codestar-connections:us-east-1:1234:connection/x"
        ));
        assert!(!is_connection_arn(
            "arn:aws:s3:us-east-1:123456789012:connection/x"
        ));
        assert!(!is_connection_arn(
            "arn:aws:codeconnections:us-east-1:123456789012:connection/"
        ));
    }
}
