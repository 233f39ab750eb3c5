//! Pipeline CRUD, tags, pagination, error shapes and throttling through the real SDK.

mod common;

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_sdk_codepipeline::error::ProvideErrorMetadata;
use aws_sdk_codepipeline::types::*;
use common::*;
use pipewright_sandbox::{SandboxConfig, ACCOUNT_ID, SANDBOX_REGION};

fn two_stages(name: &str) -> PipelineDeclaration {
    pipeline(name, vec![source(), build_stage()])
}

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build().unwrap()
}

#[tokio::test]
async fn create_get_update_delete_round_trip() {
    let (sandbox, client) = start(quick()).await;
    let created = client
        .create_pipeline()
        .pipeline(two_stages("app"))
        .tags(tag("team", "web"))
        .tags(tag("env", "prod"))
        .send()
        .await
        .expect("create");
    let p = created.pipeline.unwrap();
    assert_eq!(p.version, Some(1));
    assert_eq!(
        p.execution_mode,
        Some(ExecutionMode::Superseded),
        "AWS's default is filled in"
    );
    assert_eq!(p.pipeline_type, Some(PipelineType::V1));
    let a = &p.stages[0].actions[0];
    assert_eq!(a.run_order, Some(1));
    let keys: Vec<_> = created.tags.unwrap().into_iter().map(|t| t.key).collect();
    assert_eq!(keys, ["env", "team"], "tags come back sorted by key");

    let got = client.get_pipeline().name("app").send().await.unwrap();
    assert_eq!(got.pipeline.as_ref(), Some(&p));
    let meta = got.metadata.unwrap();
    assert_eq!(
        meta.pipeline_arn.as_deref(),
        Some(format!("arn:aws:codepipeline:{SANDBOX_REGION}:{ACCOUNT_ID}:app").as_str())
    );
    assert!(meta.created.is_some() && meta.updated.is_some());

    let mut changed = p.clone();
    changed.stages[1].actions[0].configuration =
        Some([("ProjectName".to_string(), "other".to_string())].into());
    let updated = client
        .update_pipeline()
        .pipeline(changed)
        .send()
        .await
        .unwrap()
        .pipeline
        .unwrap();
    assert_eq!(updated.version, Some(2));
    // A stale version in the request is not rejected (as AWS and moto).
    let mut stale = updated.clone();
    stale.version = Some(1);
    let third = client
        .update_pipeline()
        .pipeline(stale)
        .send()
        .await
        .unwrap()
        .pipeline
        .unwrap();
    assert_eq!(third.version, Some(3));
    let v1 = client
        .get_pipeline()
        .name("app")
        .version(1)
        .send()
        .await
        .unwrap()
        .pipeline
        .unwrap();
    assert_eq!(v1, p);
    let missing_version = client
        .get_pipeline()
        .name("app")
        .version(9)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        missing_version.is_pipeline_version_not_found_exception(),
        "{missing_version:?}"
    );

    client.delete_pipeline().name("app").send().await.unwrap();
    let gone = client
        .get_pipeline()
        .name("app")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(gone.is_pipeline_not_found_exception(), "{gone:?}");
    assert!(gone.message().unwrap().contains("app"));
    // Deleting what does not exist succeeds, as AWS and moto.
    client.delete_pipeline().name("app").send().await.unwrap();
    sandbox.shutdown().await;
}

#[tokio::test]
async fn create_errors_have_aws_codes() {
    let (sandbox, client) = start(quick()).await;
    create(&client, two_stages("app")).await;
    let dup = client
        .create_pipeline()
        .pipeline(two_stages("app"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(dup.is_pipeline_name_in_use_exception(), "{dup:?}");
    let one = client
        .create_pipeline()
        .pipeline(pipeline("one", vec![source()]))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(one.is_invalid_structure_exception(), "{one:?}");
    let bad_name = client
        .create_pipeline()
        .pipeline(two_stages("no spaces allowed"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad_name.is_validation_exception(), "{bad_name:?}");
    let system_tag = client
        .create_pipeline()
        .pipeline(two_stages("tagged"))
        .tags(tag("aws:owner", "x"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(system_tag.is_invalid_tags_exception(), "{system_tag:?}");
    let missing = client
        .update_pipeline()
        .pipeline(two_stages("nope"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(missing.code(), Some("PipelineNotFoundException"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn tags_can_be_added_listed_and_removed() {
    let (sandbox, client) = start(quick()).await;
    let arn = client
        .create_pipeline()
        .pipeline(two_stages("app"))
        .tags(tag("team", "web"))
        .send()
        .await
        .unwrap();
    drop(arn);
    let arn = client
        .get_pipeline()
        .name("app")
        .send()
        .await
        .unwrap()
        .metadata
        .unwrap()
        .pipeline_arn
        .unwrap();
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags(tag("team", "platform"))
        .tags(tag("cost", "42"))
        .send()
        .await
        .unwrap();
    let list = |c: aws_sdk_codepipeline::Client, arn: String| async move {
        c.list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .unwrap()
            .tags
            .unwrap()
            .into_iter()
            .map(|t| (t.key, t.value))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        list(client.clone(), arn.clone()).await,
        vec![
            ("cost".to_string(), "42".to_string()),
            ("team".to_string(), "platform".to_string())
        ]
    );
    client
        .untag_resource()
        .resource_arn(&arn)
        .tag_keys("team")
        .send()
        .await
        .unwrap();
    assert_eq!(
        list(client.clone(), arn.clone()).await,
        vec![("cost".to_string(), "42".to_string())]
    );
    let unknown = client
        .list_tags_for_resource()
        .resource_arn(format!(
            "arn:aws:codepipeline:{SANDBOX_REGION}:{ACCOUNT_ID}:nope"
        ))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(unknown.is_resource_not_found_exception(), "{unknown:?}");
    let bad_arn = client
        .tag_resource()
        .resource_arn("not-an-arn")
        .tags(tag("a", "b"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad_arn.is_invalid_arn_exception(), "{bad_arn:?}");
    let too_many = client
        .tag_resource()
        .resource_arn(&arn)
        .set_tags(Some((0..50).map(|i| tag(&format!("k{i}"), "v")).collect()))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(too_many.is_too_many_tags_exception(), "{too_many:?}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn list_calls_paginate_with_next_token() {
    let (sandbox, client) = start(quick()).await;
    for i in 0..5 {
        create(&client, two_stages(&format!("p{i}"))).await;
    }
    let first = client.list_pipelines().max_results(2).send().await.unwrap();
    assert_eq!(first.pipelines.as_ref().unwrap().len(), 2);
    assert!(first.next_token.is_some());
    let names: Vec<String> = client
        .list_pipelines()
        .max_results(2)
        .into_paginator()
        .items()
        .send()
        .collect::<std::result::Result<Vec<_>, _>>()
        .await
        .unwrap()
        .into_iter()
        .filter_map(|s| s.name)
        .collect();
    assert_eq!(names, ["p0", "p1", "p2", "p3", "p4"]);
    let bad = client
        .list_pipelines()
        .next_token("garbage")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad.is_invalid_next_token_exception(), "{bad:?}");

    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(start_execution(&client, "p0").await);
    }
    for id in &ids {
        wait_for("the execution to end", || async {
            let s = execution_status(&client, "p0", id).await;
            (s != PipelineExecutionStatus::InProgress).then_some(())
        })
        .await;
    }
    let listed: Vec<String> = client
        .list_pipeline_executions()
        .pipeline_name("p0")
        .max_results(2)
        .into_paginator()
        .items()
        .send()
        .collect::<std::result::Result<Vec<_>, _>>()
        .await
        .unwrap()
        .into_iter()
        .filter_map(|s| s.pipeline_execution_id)
        .collect();
    ids.reverse();
    assert_eq!(listed, ids, "all executions, newest first");
    let actions = client
        .list_action_executions()
        .pipeline_name("p0")
        .max_results(3)
        .into_paginator()
        .items()
        .send()
        .collect::<std::result::Result<Vec<_>, _>>()
        .await
        .unwrap();
    let all_at_once = client
        .list_action_executions()
        .pipeline_name("p0")
        .send()
        .await
        .unwrap()
        .action_execution_details
        .unwrap();
    assert!(all_at_once.len() > 3, "more than one page of action runs");
    let ids = |v: &[ActionExecutionDetail]| {
        v.iter()
            .map(|d| d.action_execution_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&actions), ids(&all_at_once));
    let too_big = client
        .list_pipeline_executions()
        .pipeline_name("p0")
        .max_results(101)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(too_big.is_validation_exception(), "{too_big:?}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn throttling_is_the_sdks_retryable_throttling_error() {
    let (sandbox, client) = start(quick()).await;
    sandbox.throttle_next(1);
    let err = client.list_pipelines().send().await.unwrap_err();
    assert_eq!(err.code(), Some("ThrottlingException"));
    assert_eq!(err.message(), Some("Rate exceeded"));
    // The code the SDK's AwsErrorCodeClassifier classifies as a throttling error.
    assert!(aws_runtime::retries::classifiers::THROTTLING_ERRORS.contains(&err.code().unwrap()));
    let raw = err.raw_response().expect("a raw response");
    assert_eq!(raw.status().as_u16(), 400);
    client
        .list_pipelines()
        .send()
        .await
        .expect("the next call passes");

    // The SDK's standard retry strategy classifies it as throttling and retries it.
    let retrying = client_with(
        sandbox.endpoint_url(),
        RetryConfig::standard()
            .with_max_attempts(3)
            .with_initial_backoff(Duration::from_millis(5)),
    )
    .await;
    sandbox.throttle_next(2);
    retrying
        .list_pipelines()
        .send()
        .await
        .expect("succeeds on the third attempt");
    sandbox.throttle_next(3);
    let exhausted = retrying.list_pipelines().send().await.unwrap_err();
    assert_eq!(exhausted.code(), Some("ThrottlingException"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn start_on_create_starts_an_execution_like_aws() {
    let (sandbox, client) = start(quick().start_on_create(true)).await;
    create(&client, two_stages("app")).await;
    let executions = client
        .list_pipeline_executions()
        .pipeline_name("app")
        .send()
        .await
        .unwrap()
        .pipeline_execution_summaries
        .unwrap();
    assert_eq!(executions.len(), 1);
    let trigger = executions[0].trigger.clone().unwrap();
    assert_eq!(trigger.trigger_type, Some(TriggerType::CreatePipeline));
    let id = executions[0].pipeline_execution_id.clone().unwrap();
    wait_status(&client, "app", &id, PipelineExecutionStatus::Succeeded).await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn throttle_every_nth_call_from_the_config() {
    let (sandbox, client) = start(SandboxConfig::default().throttle_every(3)).await;
    let mut codes = Vec::new();
    for _ in 0..6 {
        codes.push(
            client
                .list_pipelines()
                .send()
                .await
                .err()
                .and_then(|e| e.code().map(str::to_string)),
        );
    }
    let throttled: Vec<bool> = codes
        .iter()
        .map(|c| c.as_deref() == Some("ThrottlingException"))
        .collect();
    assert_eq!(throttled, [false, false, true, false, false, true]);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn admin_endpoints_inject_faults_and_show_action_pages() {
    let (sandbox, client) = start(quick()).await;
    let url = sandbox.endpoint_url().to_string();
    let reply = http::admin(&sandbox, "POST", "/sandbox/faults?throttleNext=1", "").await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let err = client.list_pipelines().send().await.unwrap_err();
    assert_eq!(err.code(), Some("ThrottlingException"));
    create(&client, two_stages("app")).await;
    let id = start_execution(&client, "app").await;
    wait_status(&client, "app", &id, PipelineExecutionStatus::Succeeded).await;
    let build = action_state(&client, "app", "Build", "Compile")
        .await
        .unwrap();
    let page = build.external_execution_url.unwrap();
    let path = page.strip_prefix(&url).unwrap();
    let page = http::admin(&sandbox, "GET", path, "").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Compile") && page.body.contains("Succeeded"),
        "{page:?}"
    );
    let health = http::admin(&sandbox, "GET", "/sandbox/health", "").await;
    assert_eq!((health.status, health.body.as_str()), (200, "ok"));

    // Replace the scenario over HTTP: the next run fails as it says.
    let scenario = r#"{"defaultDurationMs": 10, "actions": [{"action": "Compile", "fail": "from the endpoint"}]}"#;
    let reply = http::admin(&sandbox, "POST", "/sandbox/scenario", scenario).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let id = start_execution(&client, "app").await;
    wait_status(&client, "app", &id, PipelineExecutionStatus::Failed).await;
    let reply = http::admin(&sandbox, "POST", "/sandbox/scenario", r#"{"bogus": 1}"#).await;
    assert_eq!(reply.status, 400, "{reply:?}");

    // Reset forgets everything.
    let reply = http::admin(&sandbox, "POST", "/sandbox/reset", "").await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(client
        .list_pipelines()
        .send()
        .await
        .unwrap()
        .pipelines
        .unwrap()
        .is_empty());
    sandbox.shutdown().await;
}
