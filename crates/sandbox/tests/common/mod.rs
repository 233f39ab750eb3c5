//! Shared helpers for the sandbox tests: a sandbox plus a real aws-sdk-codepipeline client, small
//! pipeline builders, and polling with a deadline (no fixed sleeps).
#![allow(dead_code)]

pub mod http;
pub mod moto;

use std::future::Future;
use std::time::{Duration, Instant};

use aws_config::retry::RetryConfig;
use aws_sdk_codepipeline::types::*;
use aws_sdk_codepipeline::Client;
use pipewright_aws::{Aws, ClientSettings};
use pipewright_sandbox::{RunningSandbox, Sandbox, SandboxConfig};

pub const ROLE: &str = "arn:aws:iam::000000000000:role/pipeline-role";

/// A client for `url` the way the app builds one (through the AWS port), with retries off (or
/// standard retries).
pub async fn client_with(url: &str, retry: RetryConfig) -> Client {
    let mut settings = ClientSettings::for_endpoint(url, "us-east-1")
        .with_static_credentials("testing", "testing");
    settings.policy.retry = retry;
    settings.connect().await.codepipeline().sdk_client().clone()
}

/// Every client for `url` (through the AWS port), retries off.
pub async fn aws(url: &str) -> Aws {
    ClientSettings::for_endpoint(url, "us-east-1")
        .with_static_credentials("testing", "testing")
        .without_retries()
        .connect()
        .await
}

pub async fn client(url: &str) -> Client {
    client_with(url, RetryConfig::disabled()).await
}

/// A sandbox whose actions take `ms` milliseconds, and a client for it.
pub async fn start(config: SandboxConfig) -> (RunningSandbox, Client) {
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");
    let client = client(sandbox.endpoint_url()).await;
    (sandbox, client)
}

pub fn quick() -> SandboxConfig {
    SandboxConfig::default().action_duration(Duration::from_millis(30))
}

/// Poll `f` until it yields a value; fail after 10 s.
pub async fn wait_for<T, F, Fut>(what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        if Instant::now() > deadline {
            panic!("timed out after 10 s waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(15)).await;
    }
}

pub fn action(
    name: &str,
    category: ActionCategory,
    provider: &str,
    run_order: i32,
    inputs: &[&str],
    outputs: &[&str],
) -> ActionDeclaration {
    let mut b = ActionDeclaration::builder()
        .name(name)
        .action_type_id(
            ActionTypeId::builder()
                .category(category.clone())
                .owner(ActionOwner::Aws)
                .provider(provider)
                .version("1")
                .build()
                .unwrap(),
        )
        .run_order(run_order);
    for i in inputs {
        b = b.input_artifacts(InputArtifact::builder().name(*i).build().unwrap());
    }
    for o in outputs {
        b = b.output_artifacts(OutputArtifact::builder().name(*o).build().unwrap());
    }
    match category {
        ActionCategory::Source => {
            b = b
                .configuration("RepositoryName", "app")
                .configuration("BranchName", "main")
        }
        ActionCategory::Build | ActionCategory::Test => b = b.configuration("ProjectName", name),
        ActionCategory::Deploy => {
            b = b
                .configuration("ApplicationName", "app")
                .configuration("DeploymentGroupName", "prod")
        }
        _ => {}
    }
    b.build().unwrap()
}

pub fn stage(name: &str, actions: Vec<ActionDeclaration>) -> StageDeclaration {
    StageDeclaration::builder()
        .name(name)
        .set_actions(Some(actions))
        .build()
        .unwrap()
}

pub fn source() -> StageDeclaration {
    stage(
        "Source",
        vec![action(
            "Checkout",
            ActionCategory::Source,
            "CodeCommit",
            1,
            &[],
            &["SourceOutput"],
        )],
    )
}

pub fn build_stage() -> StageDeclaration {
    stage(
        "Build",
        vec![action(
            "Compile",
            ActionCategory::Build,
            "CodeBuild",
            1,
            &["SourceOutput"],
            &["BuildOutput"],
        )],
    )
}

pub fn approval_stage(timeout_minutes: Option<i32>) -> StageDeclaration {
    let mut a = action("Approve", ActionCategory::Approval, "Manual", 1, &[], &[]);
    a.timeout_in_minutes = timeout_minutes;
    stage("Approval", vec![a])
}

pub fn deploy_stage() -> StageDeclaration {
    stage(
        "Deploy",
        vec![action(
            "Ship",
            ActionCategory::Deploy,
            "CodeDeploy",
            1,
            &["BuildOutput"],
            &[],
        )],
    )
}

pub fn pipeline(name: &str, stages: Vec<StageDeclaration>) -> PipelineDeclaration {
    PipelineDeclaration::builder()
        .name(name)
        .role_arn(ROLE)
        .artifact_store(
            ArtifactStore::builder()
                .r#type(ArtifactStoreType::S3)
                .location("pipewright-artifacts")
                .build()
                .unwrap(),
        )
        .set_stages(Some(stages))
        .build()
        .unwrap()
}

pub fn with_mode(mut p: PipelineDeclaration, mode: ExecutionMode) -> PipelineDeclaration {
    p.execution_mode = Some(mode);
    p.pipeline_type = Some(PipelineType::V2);
    p
}

pub async fn create(client: &Client, p: PipelineDeclaration) {
    client
        .create_pipeline()
        .pipeline(p)
        .send()
        .await
        .expect("create pipeline");
}

pub async fn start_execution(client: &Client, name: &str) -> String {
    client
        .start_pipeline_execution()
        .name(name)
        .send()
        .await
        .expect("start execution")
        .pipeline_execution_id
        .expect("an execution id")
}

pub async fn execution_status(client: &Client, name: &str, id: &str) -> PipelineExecutionStatus {
    client
        .get_pipeline_execution()
        .pipeline_name(name)
        .pipeline_execution_id(id)
        .send()
        .await
        .expect("get execution")
        .pipeline_execution
        .and_then(|e| e.status)
        .expect("a status")
}

/// Wait until the execution has this status.
pub async fn wait_status(client: &Client, name: &str, id: &str, want: PipelineExecutionStatus) {
    let mut last = None;
    let ok = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let s = execution_status(client, name, id).await;
            if s == want {
                return;
            }
            last = Some(s);
            tokio::time::sleep(Duration::from_millis(15)).await;
        }
    })
    .await;
    assert!(
        ok.is_ok(),
        "execution {id} never reached {want:?}; last status {last:?}"
    );
}

pub async fn stage_state(client: &Client, name: &str, stage: &str) -> StageState {
    client
        .get_pipeline_state()
        .name(name)
        .send()
        .await
        .expect("get pipeline state")
        .stage_states
        .unwrap_or_default()
        .into_iter()
        .find(|s| s.stage_name.as_deref() == Some(stage))
        .expect("the stage is in the state")
}

/// The action's latest execution as GetPipelineState shows it.
pub async fn action_state(
    client: &Client,
    name: &str,
    stage: &str,
    action: &str,
) -> Option<ActionExecution> {
    stage_state(client, name, stage)
        .await
        .action_states
        .unwrap_or_default()
        .into_iter()
        .find(|a| a.action_name.as_deref() == Some(action))
        .and_then(|a| a.latest_execution)
}

/// Wait for a pending approval; its token.
pub async fn wait_token(client: &Client, name: &str, stage: &str, action: &str) -> String {
    wait_for("an approval token", || async {
        action_state(client, name, stage, action)
            .await
            .filter(|e| e.status == Some(ActionExecutionStatus::InProgress))
            .and_then(|e| e.token)
    })
    .await
}

pub async fn approve(
    client: &Client,
    name: &str,
    stage: &str,
    action: &str,
    token: &str,
    status: ApprovalStatus,
) -> std::result::Result<
    aws_sdk_codepipeline::operation::put_approval_result::PutApprovalResultOutput,
    aws_sdk_codepipeline::error::SdkError<
        aws_sdk_codepipeline::operation::put_approval_result::PutApprovalResultError,
    >,
> {
    client
        .put_approval_result()
        .pipeline_name(name)
        .stage_name(stage)
        .action_name(action)
        .token(token)
        .result(
            ApprovalResult::builder()
                .status(status)
                .summary("looks good")
                .build()
                .unwrap(),
        )
        .send()
        .await
}

/// The samples with every action quick (user rules come before the samples' own durations).
pub fn fast_samples() -> SandboxConfig {
    SandboxConfig::with_samples().rule(
        pipewright_sandbox::ActionRule::for_action("*", "*", "*")
            .duration(Duration::from_millis(30)),
    )
}

/// The latest execution of a pipeline once it has this status.
pub async fn latest_with_status(
    client: &Client,
    name: &str,
    want: PipelineExecutionStatus,
) -> String {
    wait_for(
        &format!("{name}'s latest execution to be {want:?}"),
        || async {
            let s = client
                .list_pipeline_executions()
                .pipeline_name(name)
                .max_results(1)
                .send()
                .await
                .ok()?
                .pipeline_execution_summaries?
                .into_iter()
                .next()?;
            (s.status == Some(want.clone())).then(|| s.pipeline_execution_id.unwrap_or_default())
        },
    )
    .await
}

/// The latest run of an action in an execution (ListActionExecutions).
pub async fn action_run(
    client: &Client,
    name: &str,
    execution: &str,
    action: &str,
) -> ActionExecutionDetail {
    client
        .list_action_executions()
        .pipeline_name(name)
        .filter(
            ActionExecutionFilter::builder()
                .pipeline_execution_id(execution)
                .build(),
        )
        .send()
        .await
        .expect("list action executions")
        .action_execution_details
        .unwrap_or_default()
        .into_iter()
        .find(|d| d.action_name.as_deref() == Some(action))
        .unwrap_or_else(|| panic!("{action} ran in {execution}"))
}
