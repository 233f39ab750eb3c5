//! The sandbox publishes CodePipeline's state-change events to EventBridge: the whole chain on
//! loopback, sandbox -> moto's EventBridge (a rule matching failed actions, an SQS target) ->
//! moto's SQS, and a receiver that is down only costs events, counted.
//!
//! Needs moto's server (see tests/moto_parity.rs).

mod common;

use std::time::{Duration, Instant};

use common::moto::*;
use common::*;
use pipewright_sandbox::publish::EventsTarget;
use serde_json::{json, Value};

async fn sqs(moto: &Moto, op: &str, body: Value) -> Value {
    json_call(moto, "sqs", "1.0", &format!("AmazonSQS.{op}"), &body).await
}

async fn events(moto: &Moto, op: &str, body: Value) -> Value {
    json_call(moto, "events", "1.1", &format!("AWSEvents.{op}"), &body).await
}

/// A queue that receives what a rule with this pattern matches; its URL.
async fn queue_for(moto: &Moto, name: &str, pattern: Value) -> String {
    let url = sqs(moto, "CreateQueue", json!({ "QueueName": name })).await["QueueUrl"]
        .as_str()
        .unwrap()
        .to_string();
    events(
        moto,
        "PutRule",
        json!({ "Name": name, "EventPattern": pattern.to_string() }),
    )
    .await;
    events(
        moto,
        "PutTargets",
        json!({ "Rule": name, "Targets": [{ "Id": "q", "Arn": format!("arn:aws:sqs:us-east-1:123456789012:{name}") }] }),
    )
    .await;
    url
}

/// Every event on the queue until `done` says so (20 s at most).
async fn drain(moto: &Moto, url: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut got = Vec::new();
    while !done(&got) {
        assert!(
            Instant::now() < deadline,
            "the queue had only {} events: {got:#?}",
            got.len()
        );
        let r = sqs(
            moto,
            "ReceiveMessage",
            json!({ "QueueUrl": url, "MaxNumberOfMessages": 10, "WaitTimeSeconds": 1 }),
        )
        .await;
        for m in r["Messages"].as_array().into_iter().flatten() {
            got.push(serde_json::from_str(m["Body"].as_str().unwrap()).unwrap());
            sqs(
                moto,
                "DeleteMessage",
                json!({ "QueueUrl": url, "ReceiptHandle": m["ReceiptHandle"] }),
            )
            .await;
        }
    }
    got
}

#[tokio::test]
async fn a_failure_reaches_sqs_through_moto_eventbridge() {
    let moto = Moto::start();
    let failures = queue_for(
        &moto,
        "failures",
        json!({ "source": ["aws.codepipeline"], "detail-type": ["CodePipeline Action Execution State Change"], "detail": { "state": ["FAILED"] } }),
    )
    .await;
    let all = queue_for(
        &moto,
        "data-jobs-all",
        json!({ "source": ["aws.codepipeline"], "detail": { "pipeline": ["data-jobs"] } }),
    )
    .await;
    let (sandbox, _client) =
        start(fast_samples().publish_events(EventsTarget::new(&moto.url, "us-east-1"))).await;

    let failed = drain(&moto, &failures, |got| {
        got.iter().any(|e| e["detail"]["pipeline"] == "data-jobs")
    })
    .await;
    let e = failed
        .iter()
        .find(|e| e["detail"]["pipeline"] == "data-jobs")
        .unwrap();
    assert_eq!(
        e["detail-type"],
        "CodePipeline Action Execution State Change"
    );
    assert_eq!(e["source"], "aws.codepipeline");
    let d = &e["detail"];
    assert_eq!(
        (d["stage"].as_str(), d["action"].as_str()),
        (Some("Build"), Some("Compile"))
    );
    assert_eq!(d["type"]["provider"], "CodeBuild");
    assert_eq!(d["execution-result"]["error-code"], "JobFailed");
    assert!(d["execution-result"]["external-execution-summary"]
        .as_str()
        .unwrap()
        .contains("3 tests failed"));
    assert!(e["resources"][0].as_str().unwrap().ends_with(":data-jobs"));

    // Everything data-jobs' live execution went through, in order.
    let id = d["execution-id"].as_str().unwrap().to_string();
    let seen = drain(&moto, &all, |got| {
        got.iter().any(|e| {
            e["detail-type"] == "CodePipeline Pipeline Execution State Change"
                && e["detail"]["state"] == "FAILED"
        })
    })
    .await;
    let steps: Vec<String> = seen
        .iter()
        .filter(|e| e["detail"]["execution-id"] == id.as_str())
        .map(|e| {
            let d = &e["detail"];
            let what = d
                .get("action")
                .or_else(|| d.get("stage"))
                .and_then(Value::as_str)
                .unwrap_or("pipeline");
            format!("{what} {}", d["state"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        steps,
        [
            "pipeline STARTED",
            "Source STARTED",
            "Source STARTED",
            "Source SUCCEEDED",
            "Source SUCCEEDED",
            "Build STARTED",
            "Compile STARTED",
            "Compile FAILED",
            "Build FAILED",
            "pipeline FAILED",
        ]
    );
    let counts = sandbox.event_counts();
    assert!(
        counts.sent > 10 && counts.failed == 0 && counts.dropped == 0,
        "{counts:?}"
    );
    sandbox.shutdown().await;
    drop(moto);
}

#[tokio::test]
async fn a_receiver_that_is_down_costs_events_not_the_sandbox() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let (sandbox, client) =
        start(fast_samples().publish_events(EventsTarget::new(&url, "us-east-1"))).await;
    wait_for("failed publishes to be counted", || async {
        (sandbox.event_counts().failed > 0).then_some(())
    })
    .await;
    latest_with_status(
        &client,
        "data-jobs",
        aws_sdk_codepipeline::types::PipelineExecutionStatus::Failed,
    )
    .await;
    assert_eq!(sandbox.event_counts().sent, 0);
    let err = pipewright_sandbox::Sandbox::start(
        pipewright_sandbox::SandboxConfig::default().publish_events(EventsTarget::new(
            "https://events.us-east-1.amazonaws.com",
            "us-east-1",
        )),
    )
    .await
    .err()
    .unwrap();
    assert!(err.to_string().contains("plain http"), "{err}");
    sandbox.shutdown().await;
}
