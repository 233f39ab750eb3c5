//! Shared pieces of the sync tests: moto, fixtures, a cuttable TCP proxy, a recording HTTP proxy,
//! SQS on moto, and a double for CodePipeline's webhook calls.

#![allow(dead_code)]

pub mod moto;
pub mod proxy;
pub mod recorder;
pub mod sqs;
pub mod webhooks;

use std::path::Path;

use pipewright_aws::sync::DesignFile;
use pipewright_aws::{Aws, ClientSettings, CodePipeline};
use pipewright_core::{Document, Format};
use serde_json::{json, Value};

#[allow(unused_imports)]
pub use moto::Moto;

/// Client settings for a loopback endpoint: static test credentials, no retries (a failing
/// call should fail at once), short timeouts.
pub fn settings(url: &str) -> ClientSettings {
    let mut s = ClientSettings::for_endpoint(url, moto::REGION)
        .with_static_credentials("testing", "testing")
        .without_retries();
    s.policy.connect_timeout = std::time::Duration::from_secs(2);
    s.policy.operation_timeout = Some(std::time::Duration::from_secs(20));
    s
}

/// CodePipeline against `url`, built through the port like every caller's.
pub async fn api(url: &str) -> CodePipeline {
    settings(url).connect().await.codepipeline()
}

/// The port's handle on `url` (every client: CodePipeline, EventBridge, IAM, ...).
pub async fn aws(url: &str) -> Aws {
    settings(url).connect().await
}

/// A valid two-stage pipeline (S3 source -> CodeBuild) in the service's own JSON.
pub fn pipeline_json(name: &str) -> Value {
    json!({
        "name": name,
        "roleArn": moto::role_arn(),
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
                "configuration": {"ProjectName": "proj"},
                "inputArtifacts": [{"name": "SourceOut"}],
                "outputArtifacts": []
            }]}
        ],
        "pipelineType": "V2",
        "executionMode": "QUEUED"
    })
}

/// [`design`] with fields no one knows yet, at the pipeline and the action level: what a newer
/// service version might send, which Pipewright must carry through untouched.
pub fn design_with_unknown_fields(name: &str) -> Document {
    let mut v = design(name).to_value();
    v["pipeline"]["futurePipelineField"] = json!("kept");
    v["pipeline"]["stages"][1]["actions"][0]["futureActionField"] =
        json!({"nested": [1, 2.5, null], "flag": true});
    Document::from_value(v).expect("fixture design")
}

/// A design document for [`pipeline_json`] with tags.
pub fn design(name: &str) -> Document {
    Document::from_value(json!({
        "pipeline": pipeline_json(name),
        "tags": [{"key": "team", "value": "platform"}]
    }))
    .expect("fixture design")
}

/// Write a design file `<dir>/<name>.json` and return it.
pub fn write_design(dir: &Path, doc: &Document) -> DesignFile {
    let file = DesignFile {
        path: dir.join(format!("{}.json", doc.pipeline.name)),
        format: Format::Json,
        document: doc.clone(),
        environment: None,
    };
    file.save().expect("write design");
    file
}

/// The raw text of a file.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read file")
}
