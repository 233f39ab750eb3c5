//! Source connection status: GetConnection through the real CodeConnections client (which
//! speaks RPC v2 CBOR) and as AWS JSON 1.0 (CodeStar Connections), statuses set per ARN through
//! the admin API, and a source action whose connection is not AVAILABLE fails.

mod common;

use aws_sdk_codeconnections::types::ConnectionStatus;
use aws_sdk_codepipeline::types::*;
use common::http;
use common::*;
use pipewright_sandbox::samples::CONNECTION_ARN;
use serde_json::json;

#[tokio::test]
async fn connection_status_is_served_and_settable_per_arn() {
    let (sandbox, client) = start(fast_samples()).await;
    let clients = aws(sandbox.endpoint_url()).await;
    let cc = clients.codeconnections();
    let got = cc
        .get_connection()
        .connection_arn(CONNECTION_ARN)
        .send()
        .await
        .unwrap();
    let c = got.connection().unwrap();
    assert_eq!(c.connection_status(), Some(&ConnectionStatus::Available));
    assert_eq!(c.provider_type().map(|p| p.as_str()), Some("GitHub"));
    assert_eq!(c.owner_account_id(), Some("000000000000"));

    // Another connection, PENDING, through the admin endpoint.
    let pending = "arn:aws:codeconnections:sandbox-local-1:000000000000:connection/0b5e55ed-0000-4000-8000-000000000001";
    let reply = http::admin(
        &sandbox,
        "POST",
        &format!("/sandbox/connections?arn={pending}&status=PENDING"),
        "",
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let got = cc
        .get_connection()
        .connection_arn(pending)
        .send()
        .await
        .unwrap();
    assert_eq!(
        got.connection().unwrap().connection_status(),
        Some(&ConnectionStatus::Pending)
    );
    let listed = cc.list_connections().send().await.unwrap();
    assert_eq!(listed.connections().len(), 2);
    let missing = cc
        .get_connection()
        .connection_arn("arn:aws:codeconnections:sandbox-local-1:000000000000:connection/nope")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(missing.is_resource_not_found_exception(), "{missing:?}");

    // CodeStar Connections' JSON 1.0, as the AWS CLI sends it.
    let host = http::own_host(&sandbox);
    let reply = http::send(
        sandbox.local_addr(),
        "POST",
        "/",
        &[
            ("Host", host.as_str()),
            (
                "X-Amz-Target",
                "CodeStar_connections_20191201.GetConnection",
            ),
            ("Content-Type", "application/x-amz-json-1.0"),
        ],
        &json!({ "ConnectionArn": CONNECTION_ARN }).to_string(),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply
        .head
        .to_lowercase()
        .contains("application/x-amz-json-1.0"));
    assert_eq!(reply.json()["Connection"]["ConnectionStatus"], "AVAILABLE");

    // A source action whose connection is in ERROR fails, saying so.
    sandbox.set_connection_status(
        CONNECTION_ARN,
        pipewright_sandbox::world::ConnectionStatus::Error,
    );
    let id = start_execution(&client, "api-dev").await;
    wait_status(&client, "api-dev", &id, PipelineExecutionStatus::Failed).await;
    let run = action_run(&client, "api-dev", &id, "Source").await;
    let message = run
        .output
        .unwrap()
        .execution_result
        .unwrap()
        .error_details
        .unwrap()
        .message
        .unwrap();
    assert!(
        message.contains("ERROR state") && message.contains(CONNECTION_ARN),
        "{message}"
    );
    sandbox.shutdown().await;
}
