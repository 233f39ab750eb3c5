//! The sample pipelines: a live control room right after start.

mod common;

use aws_sdk_codepipeline::types::*;
use common::*;
use pipewright_sandbox::{ActionRule, SandboxConfig};

fn fast_samples() -> SandboxConfig {
    // User rules come before the samples' own durations: make every sample action quick.
    SandboxConfig::with_samples()
        .rule(ActionRule::for_action("*", "*", "*").duration(std::time::Duration::from_millis(30)))
}

#[tokio::test]
async fn samples_show_a_live_control_room() {
    let (sandbox, client) = start(fast_samples()).await;
    let names: Vec<String> = client
        .list_pipelines()
        .send()
        .await
        .unwrap()
        .pipelines
        .unwrap()
        .into_iter()
        .filter_map(|p| p.name)
        .collect();
    assert_eq!(
        names,
        [
            "api-dev",
            "billing-service",
            "data-jobs",
            "mobile-release",
            "storefront",
            "web-app-prod"
        ]
    );

    // web-app-prod: waits at its manual approval, with history to roll back to.
    let token = wait_token(&client, "web-app-prod", "Approval", "ManualApproval").await;
    let history = client
        .list_pipeline_executions()
        .pipeline_name("web-app-prod")
        .send()
        .await
        .unwrap()
        .pipeline_execution_summaries
        .unwrap();
    assert_eq!(history.len(), 4);
    assert!(history[1..]
        .iter()
        .all(|s| s.status == Some(PipelineExecutionStatus::Succeeded)));
    let live = history[0].pipeline_execution_id.clone().unwrap();
    approve(
        &client,
        "web-app-prod",
        "Approval",
        "ManualApproval",
        &token,
        ApprovalStatus::Approved,
    )
    .await
    .unwrap();
    wait_status(
        &client,
        "web-app-prod",
        &live,
        PipelineExecutionStatus::Succeeded,
    )
    .await;
    let target = history[1].pipeline_execution_id.clone().unwrap();
    let rollback = client
        .rollback_stage()
        .pipeline_name("web-app-prod")
        .stage_name("Deploy")
        .target_pipeline_execution_id(&target)
        .send()
        .await
        .expect("a past execution is a rollback target")
        .pipeline_execution_id;
    wait_status(
        &client,
        "web-app-prod",
        &rollback,
        PipelineExecutionStatus::Succeeded,
    )
    .await;

    // api-dev succeeds.
    let api = latest_execution(&client, "api-dev").await;
    wait_status(&client, "api-dev", &api, PipelineExecutionStatus::Succeeded).await;

    // Its build resolves the source's output variables and the pipeline variables.
    let build = client
        .list_action_executions()
        .pipeline_name("api-dev")
        .filter(
            ActionExecutionFilter::builder()
                .pipeline_execution_id(&api)
                .build(),
        )
        .send()
        .await
        .unwrap()
        .action_execution_details
        .unwrap()
        .into_iter()
        .find(|d| d.action_name.as_deref() == Some("Build"))
        .unwrap();
    let commit = client
        .get_pipeline_execution()
        .pipeline_name("api-dev")
        .pipeline_execution_id(&api)
        .send()
        .await
        .unwrap()
        .pipeline_execution
        .unwrap()
        .artifact_revisions
        .unwrap()
        .remove(0)
        .revision_id
        .unwrap();
    let resolved = build.input.unwrap().resolved_configuration.unwrap();
    let env = &resolved["EnvironmentVariables"];
    assert!(env.contains(&commit) && env.contains("\"dev\""), "{env}");

    // data-jobs fails its build once; a retry succeeds.
    let jobs = latest_execution(&client, "data-jobs").await;
    wait_status(&client, "data-jobs", &jobs, PipelineExecutionStatus::Failed).await;
    let compile = action_state(&client, "data-jobs", "Build", "Compile")
        .await
        .unwrap();
    assert!(compile
        .error_details
        .unwrap()
        .message
        .unwrap()
        .contains("tests failed"));
    client
        .retry_stage_execution()
        .pipeline_name("data-jobs")
        .stage_name("Build")
        .pipeline_execution_id(&jobs)
        .retry_mode(StageRetryMode::FailedActions)
        .send()
        .await
        .unwrap();
    wait_status(
        &client,
        "data-jobs",
        &jobs,
        PipelineExecutionStatus::Succeeded,
    )
    .await;

    // mobile-release (PARALLEL): two executions, each waiting at its own approval.
    let pending = wait_for("two pending QA approvals", || async {
        let details = client
            .list_action_executions()
            .pipeline_name("mobile-release")
            .send()
            .await
            .unwrap()
            .action_execution_details
            .unwrap();
        let n = details
            .iter()
            .filter(|d| {
                d.action_name.as_deref() == Some("QASignoff")
                    && d.status == Some(ActionExecutionStatus::InProgress)
            })
            .count();
        (n == 2).then_some(n)
    })
    .await;
    assert_eq!(pending, 2);

    // billing-service waits before Production behind a disabled transition.
    let production = wait_for("an execution held before Production", || async {
        let s = stage_state(&client, "billing-service", "Production").await;
        s.inbound_execution.is_some().then_some(s)
    })
    .await;
    let transition = production.inbound_transition_state.unwrap();
    assert!(!transition.enabled);
    assert!(transition.disabled_reason.unwrap().contains("freeze"));
    sandbox.shutdown().await;
}

async fn latest_execution(client: &aws_sdk_codepipeline::Client, name: &str) -> String {
    client
        .list_pipeline_executions()
        .pipeline_name(name)
        .max_results(1)
        .send()
        .await
        .unwrap()
        .pipeline_execution_summaries
        .unwrap()
        .remove(0)
        .pipeline_execution_id
        .unwrap()
}

#[tokio::test]
async fn sample_pipelines_reach_the_approval_within_seconds_at_default_speed() {
    let (sandbox, client) = start(SandboxConfig::with_samples()).await;
    // wait_token polls with a 10 s deadline: the sample durations get there in about 3 s.
    let token = wait_token(&client, "web-app-prod", "Approval", "ManualApproval").await;
    assert!(!token.is_empty());
    sandbox.shutdown().await;
}
