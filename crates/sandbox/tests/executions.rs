//! The execution engine through the real SDK: failures and retries, stop and abandon, rollback,
//! transitions, execution modes, start options.

mod common;

use std::time::Duration;

use aws_sdk_codepipeline::types::*;
use common::*;
use pipewright_sandbox::ActionRule;

fn three_stages(name: &str) -> PipelineDeclaration {
    pipeline(name, vec![source(), build_stage(), deploy_stage()])
}

#[tokio::test]
async fn failing_build_then_retry_failed_actions_succeeds() {
    let config = quick().rule(
        ActionRule::for_action("jobs", "Build", "Compile")
            .fail("Compilation failed: 3 errors")
            .times(1),
    );
    let (sandbox, client) = start(config).await;
    create(&client, three_stages("jobs")).await;
    let id = start_execution(&client, "jobs").await;
    wait_status(&client, "jobs", &id, PipelineExecutionStatus::Failed).await;
    let build = stage_state(&client, "jobs", "Build").await;
    assert_eq!(
        build.latest_execution.unwrap().status,
        StageExecutionStatus::Failed
    );
    let compile = action_state(&client, "jobs", "Build", "Compile")
        .await
        .unwrap();
    assert_eq!(compile.status, Some(ActionExecutionStatus::Failed));
    assert_eq!(
        compile.error_details.unwrap().message.as_deref(),
        Some("Compilation failed: 3 errors")
    );
    assert!(stage_state(&client, "jobs", "Deploy")
        .await
        .latest_execution
        .is_none());

    // Only the failed stage of a failed execution is retryable.
    let not_failed = client
        .retry_stage_execution()
        .pipeline_name("jobs")
        .stage_name("Source")
        .pipeline_execution_id(&id)
        .retry_mode(StageRetryMode::FailedActions)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        not_failed.is_stage_not_retryable_exception(),
        "{not_failed:?}"
    );

    let out = client
        .retry_stage_execution()
        .pipeline_name("jobs")
        .stage_name("Build")
        .pipeline_execution_id(&id)
        .retry_mode(StageRetryMode::FailedActions)
        .send()
        .await
        .expect("retry accepted");
    assert_eq!(out.pipeline_execution_id.as_deref(), Some(id.as_str()));
    wait_status(&client, "jobs", &id, PipelineExecutionStatus::Succeeded).await;

    // Two runs of Compile, one of Checkout (FAILED_ACTIONS does not rerun the source).
    let details = client
        .list_action_executions()
        .pipeline_name("jobs")
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
    let runs = |name: &str| {
        details
            .iter()
            .filter(|d| d.action_name.as_deref() == Some(name))
            .count()
    };
    assert_eq!((runs("Checkout"), runs("Compile"), runs("Ship")), (1, 2, 1));
    // latestInPipelineExecution with startTimeRange Latest shows one run per action.
    let latest = client
        .list_action_executions()
        .pipeline_name("jobs")
        .filter(
            ActionExecutionFilter::builder()
                .latest_in_pipeline_execution(
                    LatestInPipelineExecutionFilter::builder()
                        .pipeline_execution_id(&id)
                        .start_time_range(StartTimeRange::Latest)
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap()
        .action_execution_details
        .unwrap();
    assert_eq!(latest.len(), 3);
    assert!(latest
        .iter()
        .all(|d| d.status == Some(ActionExecutionStatus::Succeeded)));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn retry_all_actions_reruns_the_whole_stage() {
    let config = quick().rule(
        ActionRule::for_action("p", "Build", "Lint")
            .fail("lint")
            .times(1),
    );
    let (sandbox, client) = start(config).await;
    let build = stage(
        "Build",
        vec![
            action(
                "Compile",
                ActionCategory::Build,
                "CodeBuild",
                1,
                &["SourceOutput"],
                &["BuildOutput"],
            ),
            action(
                "Lint",
                ActionCategory::Test,
                "CodeBuild",
                1,
                &["SourceOutput"],
                &[],
            ),
        ],
    );
    create(
        &client,
        pipeline("p", vec![source(), build, deploy_stage()]),
    )
    .await;
    let id = start_execution(&client, "p").await;
    wait_status(&client, "p", &id, PipelineExecutionStatus::Failed).await;
    client
        .retry_stage_execution()
        .pipeline_name("p")
        .stage_name("Build")
        .pipeline_execution_id(&id)
        .retry_mode(StageRetryMode::AllActions)
        .send()
        .await
        .unwrap();
    wait_status(&client, "p", &id, PipelineExecutionStatus::Succeeded).await;
    let details = client
        .list_action_executions()
        .pipeline_name("p")
        .send()
        .await
        .unwrap()
        .action_execution_details
        .unwrap();
    let runs = |name: &str| {
        details
            .iter()
            .filter(|d| d.action_name.as_deref() == Some(name))
            .count()
    };
    assert_eq!((runs("Compile"), runs("Lint")), (2, 2));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn actions_run_by_run_order_and_parallel_within_one() {
    let config = quick().action_duration(Duration::from_millis(80));
    let (sandbox, client) = start(config).await;
    let build = stage(
        "Build",
        vec![
            action(
                "A",
                ActionCategory::Build,
                "CodeBuild",
                1,
                &["SourceOutput"],
                &["OutA"],
            ),
            action(
                "B",
                ActionCategory::Build,
                "CodeBuild",
                1,
                &["SourceOutput"],
                &["OutB"],
            ),
            action("C", ActionCategory::Test, "CodeBuild", 2, &["OutA"], &[]),
        ],
    );
    create(&client, pipeline("p", vec![source(), build])).await;
    let id = start_execution(&client, "p").await;
    wait_status(&client, "p", &id, PipelineExecutionStatus::Succeeded).await;
    let details = client
        .list_action_executions()
        .pipeline_name("p")
        .send()
        .await
        .unwrap()
        .action_execution_details
        .unwrap();
    let get = |n: &str| {
        details
            .iter()
            .find(|d| d.action_name.as_deref() == Some(n))
            .unwrap()
    };
    let start = |n: &str| get(n).start_time.unwrap().as_secs_f64();
    let end = |n: &str| get(n).last_update_time.unwrap().as_secs_f64();
    assert!(
        (start("A") - start("B")).abs() < 0.02,
        "A and B start together"
    );
    assert!(
        start("C") >= end("A").max(end("B")) - 0.001,
        "C starts after A and B"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn stop_and_wait_lets_running_actions_finish() {
    let config = quick()
        .rule(ActionRule::for_action("p", "Build", "Compile").duration(Duration::from_secs(3600)));
    let (sandbox, client) = start(config).await;
    create(&client, three_stages("p")).await;
    let id = start_execution(&client, "p").await;
    wait_for("Compile running", || async {
        action_state(&client, "p", "Build", "Compile")
            .await
            .filter(|a| a.status == Some(ActionExecutionStatus::InProgress))
    })
    .await;
    client
        .stop_pipeline_execution()
        .pipeline_name("p")
        .pipeline_execution_id(&id)
        .reason("Bad commit")
        .send()
        .await
        .expect("stop accepted");
    assert_eq!(
        execution_status(&client, "p", &id).await,
        PipelineExecutionStatus::Stopping
    );
    let again = client
        .stop_pipeline_execution()
        .pipeline_name("p")
        .pipeline_execution_id(&id)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(again.is_duplicated_stop_request_exception(), "{again:?}");
    // Compile takes an hour of sandbox time: still Stopping until it finishes.
    assert_eq!(
        execution_status(&client, "p", &id).await,
        PipelineExecutionStatus::Stopping
    );
    sandbox.advance_clock(Duration::from_secs(3600));
    wait_status(&client, "p", &id, PipelineExecutionStatus::Stopped).await;
    let compile = action_state(&client, "p", "Build", "Compile")
        .await
        .unwrap();
    assert_eq!(
        compile.status,
        Some(ActionExecutionStatus::Succeeded),
        "stop-and-wait lets it finish"
    );
    assert_eq!(
        stage_state(&client, "p", "Build")
            .await
            .latest_execution
            .unwrap()
            .status,
        StageExecutionStatus::Stopped
    );
    assert!(stage_state(&client, "p", "Deploy")
        .await
        .latest_execution
        .is_none());
    let summary = client
        .list_pipeline_executions()
        .pipeline_name("p")
        .send()
        .await
        .unwrap()
        .pipeline_execution_summaries
        .unwrap()
        .remove(0);
    assert_eq!(
        summary.stop_trigger.unwrap().reason.as_deref(),
        Some("Bad commit")
    );
    let stopped = client
        .stop_pipeline_execution()
        .pipeline_name("p")
        .pipeline_execution_id(&id)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        stopped.is_pipeline_execution_not_stoppable_exception(),
        "{stopped:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn stop_and_abandon_abandons_running_actions() {
    let config = quick()
        .rule(ActionRule::for_action("p", "Build", "Compile").duration(Duration::from_secs(30)));
    let (sandbox, client) = start(config).await;
    create(&client, three_stages("p")).await;
    let id = start_execution(&client, "p").await;
    wait_for("Compile running", || async {
        action_state(&client, "p", "Build", "Compile")
            .await
            .filter(|a| a.status == Some(ActionExecutionStatus::InProgress))
    })
    .await;
    client
        .stop_pipeline_execution()
        .pipeline_name("p")
        .pipeline_execution_id(&id)
        .abandon(true)
        .reason("Abandon now")
        .send()
        .await
        .expect("stop accepted");
    wait_status(&client, "p", &id, PipelineExecutionStatus::Stopped).await;
    let compile = action_state(&client, "p", "Build", "Compile")
        .await
        .unwrap();
    assert_eq!(compile.status, Some(ActionExecutionStatus::Abandoned));
    let missing = client
        .stop_pipeline_execution()
        .pipeline_name("p")
        .pipeline_execution_id("11111111-2222-3333-4444-555555555555")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    // StopPipelineExecution has no modelled PipelineExecutionNotFoundException: read the code.
    assert_eq!(
        missing.meta().code(),
        Some("PipelineExecutionNotFoundException")
    );
    // A stopped stage can be retried.
    client
        .retry_stage_execution()
        .pipeline_name("p")
        .stage_name("Build")
        .pipeline_execution_id(&id)
        .retry_mode(StageRetryMode::FailedActions)
        .send()
        .await
        .expect("a stopped stage is retryable");
    assert_eq!(
        execution_status(&client, "p", &id).await,
        PipelineExecutionStatus::InProgress
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn rollback_reruns_a_stage_with_an_earlier_successful_execution() {
    let (sandbox, client) = start(quick()).await;
    create(&client, three_stages("p")).await;
    let first = start_execution(&client, "p").await;
    wait_status(&client, "p", &first, PipelineExecutionStatus::Succeeded).await;
    let second = start_execution(&client, "p").await;
    wait_status(&client, "p", &second, PipelineExecutionStatus::Succeeded).await;

    let targets = client
        .list_pipeline_executions()
        .pipeline_name("p")
        .filter(
            PipelineExecutionFilter::builder()
                .succeeded_in_stage(
                    SucceededInStageFilter::builder()
                        .stage_name("Deploy")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap()
        .pipeline_execution_summaries
        .unwrap();
    let ids: Vec<_> = targets
        .iter()
        .filter_map(|s| s.pipeline_execution_id.clone())
        .collect();
    assert_eq!(ids, vec![second.clone(), first.clone()], "newest first");

    let source = client
        .rollback_stage()
        .pipeline_name("p")
        .stage_name("Source")
        .target_pipeline_execution_id(&first)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(source.is_unable_to_rollback_stage_exception(), "{source:?}");
    let current = client
        .rollback_stage()
        .pipeline_name("p")
        .stage_name("Deploy")
        .target_pipeline_execution_id(&second)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        current.is_unable_to_rollback_stage_exception(),
        "{current:?}"
    );

    let rollback = client
        .rollback_stage()
        .pipeline_name("p")
        .stage_name("Deploy")
        .target_pipeline_execution_id(&first)
        .send()
        .await
        .expect("rollback accepted")
        .pipeline_execution_id;
    wait_status(&client, "p", &rollback, PipelineExecutionStatus::Succeeded).await;
    let exec = client
        .get_pipeline_execution()
        .pipeline_name("p")
        .pipeline_execution_id(&rollback)
        .send()
        .await
        .unwrap()
        .pipeline_execution
        .unwrap();
    assert_eq!(exec.execution_type, Some(ExecutionType::Rollback));
    assert_eq!(
        exec.trigger.unwrap().trigger_type,
        Some(TriggerType::ManualRollback)
    );
    assert_eq!(
        exec.rollback_metadata
            .unwrap()
            .rollback_target_pipeline_execution_id
            .as_deref(),
        Some(first.as_str())
    );
    let deploy = stage_state(&client, "p", "Deploy")
        .await
        .latest_execution
        .unwrap();
    assert_eq!(deploy.pipeline_execution_id, rollback);
    assert_eq!(deploy.r#type, Some(ExecutionType::Rollback));
    // Source and Build were not rerun by the rollback.
    let build = stage_state(&client, "p", "Build")
        .await
        .latest_execution
        .unwrap();
    assert_eq!(build.pipeline_execution_id, second);
    // A rollback can't be a rollback target.
    let nested = client
        .rollback_stage()
        .pipeline_name("p")
        .stage_name("Deploy")
        .target_pipeline_execution_id(&rollback)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(nested.is_unable_to_rollback_stage_exception(), "{nested:?}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn disabled_inbound_transition_holds_the_execution_before_the_stage() {
    let (sandbox, client) = start(quick()).await;
    create(&client, three_stages("p")).await;
    client
        .disable_stage_transition()
        .pipeline_name("p")
        .stage_name("Deploy")
        .transition_type(StageTransitionType::Inbound)
        .reason("Release freeze (Friday)")
        .send()
        .await
        .expect("disable");
    let id = start_execution(&client, "p").await;
    let held = wait_for("the execution held before Deploy", || async {
        stage_state(&client, "p", "Deploy").await.inbound_execution
    })
    .await;
    assert_eq!(held.pipeline_execution_id, id);
    let deploy = stage_state(&client, "p", "Deploy").await;
    let transition = deploy.inbound_transition_state.unwrap();
    assert!(!transition.enabled);
    assert_eq!(
        transition.disabled_reason.as_deref(),
        Some("Release freeze (Friday)")
    );
    assert!(transition.last_changed_by.unwrap().contains("testing"));
    assert!(deploy.latest_execution.is_none());
    assert_eq!(
        execution_status(&client, "p", &id).await,
        PipelineExecutionStatus::InProgress
    );

    let bad_reason = client
        .disable_stage_transition()
        .pipeline_name("p")
        .stage_name("Build")
        .transition_type(StageTransitionType::Inbound)
        .reason("no_underscores: or commas,")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad_reason.is_validation_exception(), "{bad_reason:?}");
    let missing = client
        .enable_stage_transition()
        .pipeline_name("p")
        .stage_name("Nope")
        .transition_type(StageTransitionType::Inbound)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(missing.is_stage_not_found_exception(), "{missing:?}");

    client
        .enable_stage_transition()
        .pipeline_name("p")
        .stage_name("Deploy")
        .transition_type(StageTransitionType::Inbound)
        .send()
        .await
        .expect("enable");
    wait_status(&client, "p", &id, PipelineExecutionStatus::Succeeded).await;
    assert!(
        stage_state(&client, "p", "Deploy")
            .await
            .inbound_transition_state
            .unwrap()
            .enabled
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn disabled_outbound_transition_holds_after_the_stage() {
    let (sandbox, client) = start(quick()).await;
    create(&client, three_stages("p")).await;
    client
        .disable_stage_transition()
        .pipeline_name("p")
        .stage_name("Build")
        .transition_type(StageTransitionType::Outbound)
        .reason("Hold after build")
        .send()
        .await
        .unwrap();
    let id = start_execution(&client, "p").await;
    wait_for("Build succeeded", || async {
        stage_state(&client, "p", "Build")
            .await
            .latest_execution
            .filter(|e| e.status == StageExecutionStatus::Succeeded)
    })
    .await;
    assert!(stage_state(&client, "p", "Deploy")
        .await
        .inbound_execution
        .is_some());
    client
        .enable_stage_transition()
        .pipeline_name("p")
        .stage_name("Build")
        .transition_type(StageTransitionType::Outbound)
        .send()
        .await
        .unwrap();
    wait_status(&client, "p", &id, PipelineExecutionStatus::Succeeded).await;
    sandbox.shutdown().await;
}

async fn hold_deploy(client: &aws_sdk_codepipeline::Client, name: &str) {
    client
        .disable_stage_transition()
        .pipeline_name(name)
        .stage_name("Deploy")
        .transition_type(StageTransitionType::Inbound)
        .reason("hold")
        .send()
        .await
        .unwrap();
}

async fn release_deploy(client: &aws_sdk_codepipeline::Client, name: &str) {
    client
        .enable_stage_transition()
        .pipeline_name(name)
        .stage_name("Deploy")
        .transition_type(StageTransitionType::Inbound)
        .send()
        .await
        .unwrap();
}

async fn wait_held(client: &aws_sdk_codepipeline::Client, name: &str, id: &str) {
    wait_for("the execution to wait before Deploy", || async {
        stage_state(client, name, "Deploy")
            .await
            .inbound_executions
            .unwrap_or_default()
            .into_iter()
            .find(|e| e.pipeline_execution_id == id)
    })
    .await;
}

#[tokio::test]
async fn superseded_mode_newer_execution_supersedes_a_waiting_older_one() {
    let (sandbox, client) = start(quick()).await;
    create(&client, three_stages("p")).await;
    hold_deploy(&client, "p").await;
    let older = start_execution(&client, "p").await;
    wait_held(&client, "p", &older).await;
    let newer = start_execution(&client, "p").await;
    wait_status(&client, "p", &older, PipelineExecutionStatus::Superseded).await;
    wait_held(&client, "p", &newer).await;
    release_deploy(&client, "p").await;
    wait_status(&client, "p", &newer, PipelineExecutionStatus::Succeeded).await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn queued_mode_runs_waiting_executions_in_order() {
    let (sandbox, client) = start(quick()).await;
    create(&client, with_mode(three_stages("q"), ExecutionMode::Queued)).await;
    hold_deploy(&client, "q").await;
    let first = start_execution(&client, "q").await;
    wait_held(&client, "q", &first).await;
    let second = start_execution(&client, "q").await;
    wait_held(&client, "q", &second).await;
    let queue = stage_state(&client, "q", "Deploy")
        .await
        .inbound_executions
        .unwrap();
    let ids: Vec<_> = queue
        .iter()
        .map(|e| e.pipeline_execution_id.clone())
        .collect();
    assert_eq!(ids, vec![first.clone(), second.clone()]);
    release_deploy(&client, "q").await;
    wait_status(&client, "q", &first, PipelineExecutionStatus::Succeeded).await;
    wait_status(&client, "q", &second, PipelineExecutionStatus::Succeeded).await;
    let deploy_start = |id: String| {
        let client = client.clone();
        async move {
            client
                .list_action_executions()
                .pipeline_name("q")
                .filter(
                    ActionExecutionFilter::builder()
                        .pipeline_execution_id(id)
                        .build(),
                )
                .send()
                .await
                .unwrap()
                .action_execution_details
                .unwrap()
                .into_iter()
                .find(|d| d.stage_name.as_deref() == Some("Deploy"))
                .unwrap()
        }
    };
    let a = deploy_start(first).await;
    let b = deploy_start(second).await;
    assert!(
        b.start_time.unwrap().as_secs_f64() >= a.last_update_time.unwrap().as_secs_f64() - 0.001,
        "the second deploys after the first finished"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn parallel_mode_runs_executions_independently_and_hides_tokens_from_state() {
    let (sandbox, client) = start(quick()).await;
    let p = with_mode(
        pipeline("par", vec![source(), approval_stage(None), build_stage()]),
        ExecutionMode::Parallel,
    );
    create(&client, p).await;
    let a = start_execution(&client, "par").await;
    let b = start_execution(&client, "par").await;
    // Both wait at the approval at the same time.
    let tokens = wait_for("two pending approvals", || async {
        let details = client
            .list_action_executions()
            .pipeline_name("par")
            .send()
            .await
            .unwrap()
            .action_execution_details
            .unwrap();
        let pending: Vec<(String, String)> = details
            .into_iter()
            .filter(|d| {
                d.action_name.as_deref() == Some("Approve")
                    && d.status == Some(ActionExecutionStatus::InProgress)
            })
            .map(|d| {
                let token = d
                    .output
                    .unwrap()
                    .execution_result
                    .unwrap()
                    .external_execution_id
                    .unwrap();
                (d.pipeline_execution_id.unwrap(), token)
            })
            .collect();
        (pending.len() == 2).then_some(pending)
    })
    .await;
    let approval = action_state(&client, "par", "Approval", "Approve")
        .await
        .unwrap();
    assert!(
        approval.token.is_none(),
        "PARALLEL mode: no token in GetPipelineState"
    );
    let token_b = &tokens.iter().find(|(id, _)| id == &b).unwrap().1;
    approve(
        &client,
        "par",
        "Approval",
        "Approve",
        token_b,
        ApprovalStatus::Approved,
    )
    .await
    .unwrap();
    wait_status(&client, "par", &b, PipelineExecutionStatus::Succeeded).await;
    assert_eq!(
        execution_status(&client, "par", &a).await,
        PipelineExecutionStatus::InProgress
    );
    let token_a = &tokens.iter().find(|(id, _)| id == &a).unwrap().1;
    approve(
        &client,
        "par",
        "Approval",
        "Approve",
        token_a,
        ApprovalStatus::Approved,
    )
    .await
    .unwrap();
    wait_status(&client, "par", &a, PipelineExecutionStatus::Succeeded).await;
    let rollback = client
        .rollback_stage()
        .pipeline_name("par")
        .stage_name("Build")
        .target_pipeline_execution_id(&a)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        rollback.is_unable_to_rollback_stage_exception(),
        "{rollback:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn start_resolves_variables_and_honours_client_request_tokens() {
    let (sandbox, client) = start(quick()).await;
    let mut p = with_mode(three_stages("v"), ExecutionMode::Queued);
    p.variables = Some(vec![
        PipelineVariableDeclaration::builder()
            .name("ENV")
            .default_value("staging")
            .build()
            .unwrap(),
        PipelineVariableDeclaration::builder()
            .name("REGION")
            .default_value("eu-west-1")
            .build()
            .unwrap(),
    ]);
    create(&client, p).await;
    let start = || {
        client
            .start_pipeline_execution()
            .name("v")
            .variables(
                PipelineVariable::builder()
                    .name("ENV")
                    .value("prod")
                    .build()
                    .unwrap(),
            )
            .source_revisions(
                SourceRevisionOverride::builder()
                    .action_name("Checkout")
                    .revision_type(SourceRevisionType::CommitId)
                    .revision_value("0123456789abcdef0123456789abcdef01234567")
                    .build()
                    .unwrap(),
            )
            .client_request_token("deploy-42")
    };
    let id = start().send().await.unwrap().pipeline_execution_id.unwrap();
    let again = start().send().await.unwrap().pipeline_execution_id.unwrap();
    assert_eq!(id, again, "same clientRequestToken, same execution");
    let different = client
        .start_pipeline_execution()
        .name("v")
        .client_request_token("deploy-42")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        different.is_conflict_exception(),
        "same token, other parameters: {different:?}"
    );
    wait_status(&client, "v", &id, PipelineExecutionStatus::Succeeded).await;
    let exec = client
        .get_pipeline_execution()
        .pipeline_name("v")
        .pipeline_execution_id(&id)
        .send()
        .await
        .unwrap()
        .pipeline_execution
        .unwrap();
    let vars: Vec<(String, String)> = exec
        .variables
        .unwrap()
        .into_iter()
        .map(|v| (v.name.unwrap(), v.resolved_value.unwrap()))
        .collect();
    assert_eq!(
        vars,
        vec![
            ("ENV".into(), "prod".into()),
            ("REGION".into(), "eu-west-1".into())
        ]
    );
    let revision = exec.artifact_revisions.unwrap().remove(0);
    assert_eq!(revision.name.as_deref(), Some("SourceOutput"));
    assert_eq!(
        revision.revision_id.as_deref(),
        Some("0123456789abcdef0123456789abcdef01234567")
    );
    assert_eq!(exec.execution_mode, Some(ExecutionMode::Queued));
    assert_eq!(
        exec.trigger.unwrap().trigger_type,
        Some(TriggerType::StartPipelineExecution)
    );

    let undeclared = client
        .start_pipeline_execution()
        .name("v")
        .variables(
            PipelineVariable::builder()
                .name("NOPE")
                .value("x")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(undeclared.is_validation_exception(), "{undeclared:?}");
    let missing = client
        .start_pipeline_execution()
        .name("nope")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(missing.is_pipeline_not_found_exception(), "{missing:?}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn updating_a_pipeline_cancels_its_running_execution() {
    let config = quick()
        .rule(ActionRule::for_action("p", "Build", "Compile").duration(Duration::from_secs(3600)));
    let (sandbox, client) = start(config).await;
    create(&client, three_stages("p")).await;
    let id = start_execution(&client, "p").await;
    wait_for("Compile running", || async {
        action_state(&client, "p", "Build", "Compile")
            .await
            .filter(|a| a.status == Some(ActionExecutionStatus::InProgress))
    })
    .await;
    let current = client
        .get_pipeline()
        .name("p")
        .send()
        .await
        .unwrap()
        .pipeline
        .unwrap();
    client
        .update_pipeline()
        .pipeline(current)
        .send()
        .await
        .unwrap();
    assert_eq!(
        execution_status(&client, "p", &id).await,
        PipelineExecutionStatus::InProgress,
        "the running action finishes first"
    );
    sandbox.advance_clock(Duration::from_secs(3600));
    wait_status(&client, "p", &id, PipelineExecutionStatus::Cancelled).await;
    let compile = action_state(&client, "p", "Build", "Compile")
        .await
        .unwrap();
    assert_eq!(
        compile.status,
        Some(ActionExecutionStatus::Succeeded),
        "running actions complete"
    );
    assert_eq!(
        stage_state(&client, "p", "Build")
            .await
            .latest_execution
            .unwrap()
            .status,
        StageExecutionStatus::Cancelled
    );
    // The structure changed: the cancelled execution's stage can't be retried.
    sandbox.shutdown().await;
}

fn with_on_failure(
    mut p: PipelineDeclaration,
    stage: usize,
    conditions: FailureConditions,
) -> PipelineDeclaration {
    p.stages[stage].on_failure = Some(conditions);
    p.pipeline_type = Some(PipelineType::V2);
    p
}

#[tokio::test]
async fn on_failure_retry_retries_the_stage_once_automatically() {
    let config = quick().rule(
        ActionRule::for_action("p", "Build", "Compile")
            .fail("flaky")
            .times(1),
    );
    let (sandbox, client) = start(config).await;
    let on_failure = FailureConditions::builder()
        .result(aws_sdk_codepipeline::types::Result::Retry)
        .retry_configuration(
            RetryConfiguration::builder()
                .retry_mode(StageRetryMode::FailedActions)
                .build(),
        )
        .build();
    create(&client, with_on_failure(three_stages("p"), 1, on_failure)).await;
    let id = start_execution(&client, "p").await;
    wait_status(&client, "p", &id, PipelineExecutionStatus::Succeeded).await;
    let meta = stage_state(&client, "p", "Build")
        .await
        .retry_stage_metadata
        .expect("retry metadata");
    assert_eq!(meta.auto_stage_retry_attempt, Some(1));
    assert_eq!(meta.manual_stage_retry_attempt, Some(0));
    assert_eq!(
        meta.latest_retry_trigger,
        Some(RetryTrigger::AutomatedStageRetry)
    );

    // A failure that persists fails after the one automatic retry.
    let id = start_execution(&client, "p").await;
    wait_status(&client, "p", &id, PipelineExecutionStatus::Succeeded).await;
    sandbox.set_scenario(pipewright_sandbox::Scenario {
        default_duration_ms: 30,
        actions: vec![ActionRule::for_action("p", "Build", "Compile").fail("broken")],
        ..Default::default()
    });
    let id = start_execution(&client, "p").await;
    wait_status(&client, "p", &id, PipelineExecutionStatus::Failed).await;
    let runs = client
        .list_action_executions()
        .pipeline_name("p")
        .filter(
            ActionExecutionFilter::builder()
                .pipeline_execution_id(&id)
                .build(),
        )
        .send()
        .await
        .unwrap()
        .action_execution_details
        .unwrap()
        .into_iter()
        .filter(|d| d.action_name.as_deref() == Some("Compile"))
        .count();
    assert_eq!(runs, 2);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn on_failure_rollback_rolls_back_to_the_last_successful_execution() {
    let (sandbox, client) = start(quick()).await;
    let on_failure = FailureConditions::builder()
        .result(aws_sdk_codepipeline::types::Result::Rollback)
        .build();
    create(&client, with_on_failure(three_stages("p"), 2, on_failure)).await;
    let good = start_execution(&client, "p").await;
    wait_status(&client, "p", &good, PipelineExecutionStatus::Succeeded).await;
    sandbox.set_scenario(pipewright_sandbox::Scenario {
        default_duration_ms: 30,
        actions: vec![ActionRule::for_action("p", "Deploy", "Ship")
            .fail("health checks failed")
            .times(1)],
        ..Default::default()
    });
    let bad = start_execution(&client, "p").await;
    wait_status(&client, "p", &bad, PipelineExecutionStatus::Failed).await;
    let rollback = wait_for("an automated rollback", || async {
        client
            .list_pipeline_executions()
            .pipeline_name("p")
            .send()
            .await
            .unwrap()
            .pipeline_execution_summaries
            .unwrap()
            .into_iter()
            .find(|s| s.execution_type == Some(ExecutionType::Rollback))
    })
    .await;
    let trigger = rollback.trigger.unwrap();
    assert_eq!(trigger.trigger_type, Some(TriggerType::AutomatedRollback));
    assert_eq!(trigger.trigger_detail.as_deref(), Some(bad.as_str()));
    assert_eq!(
        rollback
            .rollback_metadata
            .unwrap()
            .rollback_target_pipeline_execution_id
            .as_deref(),
        Some(good.as_str())
    );
    let id = rollback.pipeline_execution_id.unwrap();
    wait_status(&client, "p", &id, PipelineExecutionStatus::Succeeded).await;
    sandbox.shutdown().await;
}
