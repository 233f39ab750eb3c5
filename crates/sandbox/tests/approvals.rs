//! Manual approvals through the real SDK: approve, reject, wrong/stale tokens, decided twice,
//! expiry.

mod common;

use std::time::Duration;

use aws_sdk_codepipeline::types::*;
use common::*;

fn full_pipeline(name: &str, timeout: Option<i32>) -> PipelineDeclaration {
    pipeline(
        name,
        vec![
            source(),
            build_stage(),
            approval_stage(timeout),
            deploy_stage(),
        ],
    )
}

#[tokio::test]
async fn approved_execution_runs_every_stage_and_succeeds() {
    let (sandbox, client) = start(quick()).await;
    create(&client, full_pipeline("web", None)).await;
    let id = start_execution(&client, "web").await;
    let token = wait_token(&client, "web", "Approval", "Approve").await;
    assert!(uuid_like(&token), "the token is a UUID: {token}");

    // While waiting: earlier stages succeeded, the approval stage is in progress.
    for (stage, want) in [
        ("Source", StageExecutionStatus::Succeeded),
        ("Build", StageExecutionStatus::Succeeded),
        ("Approval", StageExecutionStatus::InProgress),
    ] {
        let latest = stage_state(&client, "web", stage)
            .await
            .latest_execution
            .unwrap();
        assert_eq!(latest.status, want, "stage {stage}");
        assert_eq!(latest.pipeline_execution_id, id);
    }
    assert!(stage_state(&client, "web", "Deploy")
        .await
        .latest_execution
        .is_none());
    let build = action_state(&client, "web", "Build", "Compile")
        .await
        .unwrap();
    assert_eq!(build.status, Some(ActionExecutionStatus::Succeeded));
    assert!(build.external_execution_id.unwrap().starts_with("Compile:"));
    assert!(build
        .external_execution_url
        .unwrap()
        .starts_with(sandbox.endpoint_url()));
    assert!(build.summary.is_some());
    assert_eq!(
        execution_status(&client, "web", &id).await,
        PipelineExecutionStatus::InProgress
    );

    let out = approve(
        &client,
        "web",
        "Approval",
        "Approve",
        &token,
        ApprovalStatus::Approved,
    )
    .await
    .expect("approval accepted");
    assert!(out.approved_at.is_some());
    wait_status(&client, "web", &id, PipelineExecutionStatus::Succeeded).await;

    let approval = action_state(&client, "web", "Approval", "Approve")
        .await
        .unwrap();
    assert_eq!(approval.status, Some(ActionExecutionStatus::Succeeded));
    assert_eq!(approval.summary.as_deref(), Some("looks good"));
    assert!(
        approval.token.is_none(),
        "a decided approval shows no token"
    );
    assert!(approval.last_updated_by.unwrap().contains("testing"));
    let deploy = stage_state(&client, "web", "Deploy")
        .await
        .latest_execution
        .unwrap();
    assert_eq!(deploy.status, StageExecutionStatus::Succeeded);

    let details = client
        .list_action_executions()
        .pipeline_name("web")
        .filter(
            ActionExecutionFilter::builder()
                .pipeline_execution_id(&id)
                .build(),
        )
        .send()
        .await
        .unwrap()
        .action_execution_details
        .unwrap();
    assert_eq!(details.len(), 4);
    assert!(details
        .iter()
        .all(|d| d.status == Some(ActionExecutionStatus::Succeeded)));
    let approval = details
        .iter()
        .find(|d| d.action_name.as_deref() == Some("Approve"))
        .unwrap();
    let result = approval
        .output
        .as_ref()
        .unwrap()
        .execution_result
        .as_ref()
        .unwrap();
    assert_eq!(
        result.external_execution_id.as_deref(),
        Some(token.as_str())
    );
    sandbox.shutdown().await;
}

fn uuid_like(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && s.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

#[tokio::test]
async fn rejected_approval_fails_the_stage_and_the_execution() {
    let (sandbox, client) = start(quick()).await;
    create(&client, full_pipeline("web", None)).await;
    let id = start_execution(&client, "web").await;
    let token = wait_token(&client, "web", "Approval", "Approve").await;
    approve(
        &client,
        "web",
        "Approval",
        "Approve",
        &token,
        ApprovalStatus::Rejected,
    )
    .await
    .expect("rejection accepted");
    wait_status(&client, "web", &id, PipelineExecutionStatus::Failed).await;
    let stage = stage_state(&client, "web", "Approval")
        .await
        .latest_execution
        .unwrap();
    assert_eq!(stage.status, StageExecutionStatus::Failed);
    let approval = action_state(&client, "web", "Approval", "Approve")
        .await
        .unwrap();
    assert_eq!(approval.status, Some(ActionExecutionStatus::Failed));
    assert!(approval
        .error_details
        .unwrap()
        .message
        .unwrap()
        .contains("Rejected"));
    assert!(stage_state(&client, "web", "Deploy")
        .await
        .latest_execution
        .is_none());
    let summary = client
        .get_pipeline_execution()
        .pipeline_name("web")
        .pipeline_execution_id(&id)
        .send()
        .await
        .unwrap()
        .pipeline_execution
        .unwrap()
        .status_summary
        .unwrap();
    assert!(summary.contains("Approval"), "{summary}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn wrong_stale_and_decided_tokens_are_refused() {
    let (sandbox, client) = start(quick()).await;
    create(&client, full_pipeline("web", None)).await;
    let id = start_execution(&client, "web").await;
    let first = wait_token(&client, "web", "Approval", "Approve").await;

    let wrong = approve(
        &client,
        "web",
        "Approval",
        "Approve",
        "00000000-0000-0000-0000-000000000000",
        ApprovalStatus::Approved,
    )
    .await
    .unwrap_err()
    .into_service_error();
    assert!(wrong.is_invalid_approval_token_exception(), "{wrong:?}");

    // Reject, retry the stage: a new token; the old one is stale.
    approve(
        &client,
        "web",
        "Approval",
        "Approve",
        &first,
        ApprovalStatus::Rejected,
    )
    .await
    .unwrap();
    wait_status(&client, "web", &id, PipelineExecutionStatus::Failed).await;
    let decided = approve(
        &client,
        "web",
        "Approval",
        "Approve",
        &first,
        ApprovalStatus::Approved,
    )
    .await
    .unwrap_err()
    .into_service_error();
    assert!(
        decided.is_approval_already_completed_exception(),
        "{decided:?}"
    );

    client
        .retry_stage_execution()
        .pipeline_name("web")
        .stage_name("Approval")
        .pipeline_execution_id(&id)
        .retry_mode(StageRetryMode::FailedActions)
        .send()
        .await
        .expect("retry the rejected approval");
    let second = wait_token(&client, "web", "Approval", "Approve").await;
    assert_ne!(first, second);
    let stale = approve(
        &client,
        "web",
        "Approval",
        "Approve",
        &first,
        ApprovalStatus::Approved,
    )
    .await
    .unwrap_err()
    .into_service_error();
    assert!(stale.is_invalid_approval_token_exception(), "{stale:?}");

    let missing_action = approve(
        &client,
        "web",
        "Approval",
        "Nope",
        &second,
        ApprovalStatus::Approved,
    )
    .await
    .unwrap_err()
    .into_service_error();
    assert!(
        missing_action.is_action_not_found_exception(),
        "{missing_action:?}"
    );
    let missing_stage = approve(
        &client,
        "web",
        "Nope",
        "Approve",
        &second,
        ApprovalStatus::Approved,
    )
    .await
    .unwrap_err()
    .into_service_error();
    assert!(
        missing_stage.is_stage_not_found_exception(),
        "{missing_stage:?}"
    );

    approve(
        &client,
        "web",
        "Approval",
        "Approve",
        &second,
        ApprovalStatus::Approved,
    )
    .await
    .unwrap();
    wait_status(&client, "web", &id, PipelineExecutionStatus::Succeeded).await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn approval_expires_after_its_timeout() {
    let (sandbox, client) = start(quick()).await;
    create(&client, full_pipeline("web", Some(5))).await;
    let id = start_execution(&client, "web").await;
    let token = wait_token(&client, "web", "Approval", "Approve").await;
    sandbox.advance_clock(Duration::from_secs(4 * 60));
    assert_eq!(
        execution_status(&client, "web", &id).await,
        PipelineExecutionStatus::InProgress
    );
    sandbox.advance_clock(Duration::from_secs(2 * 60));
    wait_status(&client, "web", &id, PipelineExecutionStatus::Failed).await;
    let approval = action_state(&client, "web", "Approval", "Approve")
        .await
        .unwrap();
    assert_eq!(approval.status, Some(ActionExecutionStatus::Failed));
    let late = approve(
        &client,
        "web",
        "Approval",
        "Approve",
        &token,
        ApprovalStatus::Approved,
    )
    .await
    .unwrap_err()
    .into_service_error();
    assert!(late.is_approval_already_completed_exception(), "{late:?}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn default_approval_timeout_is_seven_days() {
    let (sandbox, client) = start(quick()).await;
    create(&client, full_pipeline("web", None)).await;
    let id = start_execution(&client, "web").await;
    wait_token(&client, "web", "Approval", "Approve").await;
    sandbox.advance_clock(Duration::from_secs(7 * 24 * 3600 - 60));
    assert_eq!(
        execution_status(&client, "web", &id).await,
        PipelineExecutionStatus::InProgress
    );
    sandbox.advance_clock(Duration::from_secs(120));
    wait_status(&client, "web", &id, PipelineExecutionStatus::Failed).await;
    sandbox.shutdown().await;
}
