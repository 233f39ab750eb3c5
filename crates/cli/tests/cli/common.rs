//! Running the built `pipewright` binary, and the documents the tests feed it.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The non-empty lines of standard error.
    pub fn stderr_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect()
    }
}

/// Run `pipewright ARGS` in `dir`.
pub fn pipewright(dir: &Path, args: &[&str]) -> Run {
    pipewright_with_stdin(dir, args, b"")
}

/// Run `pipewright ARGS` in `dir` with `stdin` as standard input.
pub fn pipewright_with_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pipewright"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the pipewright binary starts");
    {
        let mut input = child.stdin.take().expect("stdin is piped");
        // The command may not read its input at all; a closed pipe is fine then.
        let _ = input.write_all(stdin);
    }
    let out = child.wait_with_output().expect("pipewright finishes");
    let run = Run {
        code: out
            .status
            .code()
            .expect("pipewright exits with a status, not a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "pipewright {args:?} panicked: {}",
        run.stderr
    );
    run
}

/// Write `text` to `dir/name` and return the name.
pub fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> String {
    std::fs::write(dir.join(name), text).expect("test file written");
    name.to_string()
}

/// Pretty JSON text of a value.
pub fn json_text(v: &Value) -> String {
    serde_json::to_string_pretty(v).expect("serializes")
}

fn s3_source(name: &str, output: &str) -> Value {
    json!({
        "name": name,
        "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
        "runOrder": 1,
        "configuration": {"S3Bucket": "my-source-bucket", "S3ObjectKey": "app.zip", "PollForSourceChanges": "false"},
        "outputArtifacts": [{"name": output}],
        "inputArtifacts": []
    })
}

fn codebuild(name: &str, input: &str) -> Value {
    json!({
        "name": name,
        "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
        "runOrder": 1,
        "configuration": {"ProjectName": "app-build"},
        "outputArtifacts": [],
        "inputArtifacts": [{"name": input}]
    })
}

/// An ordinary two-stage pipeline (S3 source, CodeBuild build) that CodePipeline accepts.
pub fn valid_declaration() -> Value {
    json!({
        "name": "app",
        "roleArn": "arn:aws:iam::123456789012:role/codepipeline-app",
        "artifactStore": {"type": "S3", "location": "app-artifacts-123456789012"},
        "stages": [
            {"name": "Source", "actions": [s3_source("Fetch", "SourceOutput")]},
            {"name": "Build", "actions": [codebuild("Compile", "SourceOutput")]}
        ],
        "version": 1,
        "pipelineType": "V1"
    })
}

/// `{"pipeline": ...}` around [`valid_declaration`].
pub fn valid_document() -> Value {
    json!({"pipeline": valid_declaration()})
}

/// What `aws codepipeline get-pipeline` prints for a pipeline with fields Pipewright does not
/// model (at every level) and a secret the service masks as `****`.
pub fn get_pipeline_output() -> Value {
    json!({
        "pipeline": {
            "name": "legacy",
            "roleArn": "arn:aws:iam::123456789012:role/codepipeline-legacy",
            "artifactStore": {"type": "S3", "location": "legacy-artifacts", "futureStoreField": {"a": [1, 2]}},
            "stages": [
                {"name": "Source", "actions": [{
                    "name": "GitHub",
                    "actionTypeId": {"category": "Source", "owner": "ThirdParty", "provider": "GitHub", "version": "1"},
                    "runOrder": 1,
                    "configuration": {"Owner": "octo", "Repo": "app", "Branch": "main", "OAuthToken": "****", "PollForSourceChanges": "false"},
                    "outputArtifacts": [{"name": "SourceOutput"}],
                    "inputArtifacts": [],
                    "newActionField": {"nested": [1, 2.5, null, "x"]}
                }]},
                {"name": "Build", "actions": [codebuild("Compile", "SourceOutput")], "newStageField": true}
            ],
            "version": 7,
            "pipelineType": "V1",
            "executionMode": "SUPERSEDED",
            "newPipelineField": "kept"
        },
        "metadata": {
            "pipelineArn": "arn:aws:codepipeline:us-east-1:123456789012:legacy",
            "created": 1700000000.123,
            "updated": 1700000500.5
        }
    })
}

/// [`valid_document`] without `pipelineType`: no error, but a warning (the service silently
/// creates a V1 pipeline).
pub fn warnings_only() -> Value {
    let mut v = valid_document();
    v["pipeline"]
        .as_object_mut()
        .unwrap()
        .remove("pipelineType");
    v
}

/// [`valid_document`] with the first action's runOrder set to 0 (the service's minimum is 1).
pub fn run_order_zero() -> Value {
    let mut v = valid_document();
    v["pipeline"]["stages"][0]["actions"][0]["runOrder"] = json!(0);
    v
}
