//! One sandbox endpoint, several accounts, as AWS tells them apart: by the access key a request
//! is signed with. A registered key belongs to its account; STS `AssumeRole` of a registered
//! role that trusts the caller's account gives credentials of the role's account; a pipeline is
//! seen only by its own account.

mod common;

use aws_sdk_codepipeline::Client;
use common::*;
use pipewright_aws::members::{own_account, MemberRoles, READ_ROLE};
use pipewright_aws::{Aws, ClientSettings};

const MEMBER: &str = "222222222222";

async fn aws_as(url: &str, key: &str) -> Aws {
    ClientSettings::for_endpoint(url, "us-east-1")
        .with_static_credentials(key, "secret")
        .without_retries()
        .connect()
        .await
}

fn sdk(aws: &Aws) -> Client {
    aws.codepipeline().sdk_client().clone()
}

#[tokio::test]
async fn each_account_sees_its_own_pipelines_and_a_trusted_role_reads_another_accounts() {
    let config = quick().access_key("member-key", MEMBER).account_role(
        MEMBER,
        READ_ROLE,
        &[pipewright_sandbox::ACCOUNT_ID],
    );
    let (sandbox, central) = start(config).await;
    let url = sandbox.endpoint_url().to_string();
    let member = aws_as(&url, "member-key").await;
    create(
        &sdk(&member),
        pipeline("member-app", vec![source(), build_stage()]),
    )
    .await;
    create(
        &central,
        pipeline("central-app", vec![source(), build_stage()]),
    )
    .await;

    // The connection's own account, and the member's.
    let central_aws = aws_as(&url, "testing").await;
    assert_eq!(
        own_account(&central_aws).await.unwrap(),
        pipewright_sandbox::ACCOUNT_ID
    );
    assert_eq!(own_account(&member).await.unwrap(), MEMBER);

    // Each account lists and reads only its own pipelines; the ARN names the account.
    let names = |out: aws_sdk_codepipeline::operation::list_pipelines::ListPipelinesOutput| {
        out.pipelines()
            .iter()
            .filter_map(|p| p.name().map(str::to_string))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(central.list_pipelines().send().await.unwrap()),
        ["central-app"]
    );
    assert_eq!(
        names(sdk(&member).list_pipelines().send().await.unwrap()),
        ["member-app"]
    );
    let hidden = central
        .get_pipeline_state()
        .name("member-app")
        .send()
        .await
        .unwrap_err();
    assert!(
        hidden
            .as_service_error()
            .is_some_and(|e| e.is_pipeline_not_found_exception()),
        "{hidden:?}"
    );
    let meta = sdk(&member)
        .get_pipeline()
        .name("member-app")
        .send()
        .await
        .unwrap();
    assert_eq!(
        meta.metadata().and_then(|m| m.pipeline_arn()),
        Some(format!("arn:aws:codepipeline:sandbox-local-1:{MEMBER}:member-app").as_str())
    );

    // The central account assumes the member's read role and reads the member's pipeline.
    let roles = MemberRoles::new(central_aws.clone(), READ_ROLE);
    let before = sandbox.account_calls(MEMBER);
    let as_member = roles.aws(MEMBER, None).await.expect("the role is assumed");
    assert_eq!(own_account(&as_member).await.unwrap(), MEMBER);
    let state = as_member
        .codepipeline()
        .get_pipeline_state("member-app")
        .await
        .expect("state");
    assert_eq!(state.pipeline_name, "member-app");
    assert_eq!(
        sandbox.account_calls(MEMBER),
        before + 1,
        "the call came with the member's credentials"
    );

    // A role that does not exist, or does not trust the caller, is refused, naming both.
    let err = roles.check("333333333333").await.unwrap_err();
    assert_eq!(
        err.role_arn,
        "arn:aws:iam::333333333333:role/PipewrightWatchRead"
    );
    assert!(err.cause.starts_with("AccessDenied"), "{err}");
    let stranger = MemberRoles::new(aws_as(&url, "member-key").await, READ_ROLE);
    assert!(
        stranger.check(MEMBER).await.is_err(),
        "the role trusts the central account only"
    );
    sandbox.shutdown().await;
}
