//! "Test connection" against real loopback servers: moto (success), a closed port (unreachable),
//! and a tiny HTTP server answering AWS error bodies (expired token, access denied, invalid
//! credentials, throttling). Uses the local-sandbox kind (dummy credentials), so no keyring.

mod common;

use common::*;
use pipewright_connections::{
    test_connection, AuthInput, ConnectOptions, Connections, ErrorKind, Keyring, NewConnection,
};

async fn sandbox_at(url: &str) -> (tempfile::TempDir, Connections) {
    hermetic_aws_env();
    let dir = tempfile::tempdir().unwrap();
    let mut c =
        Connections::open(dir.path().join("connections.json"), Keyring::new("unused")).unwrap();
    c.add(NewConnection {
        name: "target".into(),
        region: Some("eu-west-1".into()),
        endpoint_url: Some(url.into()),
        auth: AuthInput::LocalSandbox,
    })
    .unwrap();
    (dir, c)
}

async fn test_against(
    url: &str,
) -> pipewright_connections::Result<pipewright_connections::TestReport> {
    let (_dir, mut c) = sandbox_at(url).await;
    c.test("target", &ConnectOptions::default()).await
}

#[tokio::test]
async fn moto_answers_list_pipelines() {
    let moto = moto_server();
    let report = test_against(&moto.url)
        .await
        .expect("moto answers ListPipelines");
    assert_eq!(report.connection.name, "target");
    assert_eq!(report.connection.region, "eu-west-1");
    assert!(report.connection.is_sandbox);
    assert_eq!(report.first_pipeline, None);
    assert!(
        report
            .message
            .starts_with("Connected to target (eu-west-1)"),
        "{}",
        report.message
    );
}

#[tokio::test]
async fn closed_port_is_unreachable() {
    let url = closed_port_url();
    let e = test_against(&url).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unreachable, "{e}");
    let msg = e.to_string();
    assert!(msg.contains(&url), "{msg}");
    assert!(msg.contains("connection refused"), "{msg}");
    assert!(msg.contains("check that the endpoint is running"), "{msg}");
}

async fn expect_kind(status: u16, body: &str, kind: ErrorKind, words: &[&str]) {
    let stub = stub_server(status, body);
    let e = test_against(&stub.url).await.unwrap_err();
    assert_eq!(e.kind(), kind, "{e}");
    let msg = e.to_string();
    for w in words {
        assert!(msg.contains(w), "'{w}' not in: {msg}");
    }
    // Exactly one real ListPipelines call (no retries), asking for one result.
    let reqs = stub.requests();
    assert_eq!(reqs.len(), 1, "{reqs:?}");
    let head = reqs[0].head.to_ascii_lowercase();
    assert!(
        head.contains("x-amz-target: codepipeline_20150709.listpipelines"),
        "{head}"
    );
    assert!(
        head.contains("authorization: aws4-hmac-sha256 credential=pipewright-sandbox/"),
        "{head}"
    );
    assert_eq!(reqs[0].body, r#"{"maxResults":1}"#);
}

#[tokio::test]
async fn expired_token_is_explained() {
    expect_kind(
        400,
        r#"{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}"#,
        ErrorKind::ExpiredToken,
        &["expired", "aws sso login"],
    )
    .await;
}

#[tokio::test]
async fn access_denied_is_explained() {
    expect_kind(
        400,
        r#"{"__type":"AccessDeniedException","Message":"User: arn:aws:iam::123456789012:user/dev is not authorized to perform: codepipeline:ListPipelines"}"#,
        ErrorKind::AccessDenied,
        &["not allowed", "codepipeline:ListPipelines", "administrator"],
    )
    .await;
}

#[tokio::test]
async fn unrecognized_client_is_invalid_credentials() {
    expect_kind(
        400,
        r#"{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}"#,
        ErrorKind::InvalidCredentials,
        &["does not recognise", "secret access key"],
    )
    .await;
}

#[tokio::test]
async fn invalid_signature_is_invalid_credentials() {
    expect_kind(
        400,
        r#"{"__type":"InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided."}"#,
        ErrorKind::InvalidCredentials,
        &["InvalidSignatureException"],
    )
    .await;
}

#[tokio::test]
async fn throttling_is_explained() {
    expect_kind(
        400,
        r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
        ErrorKind::Throttled,
        &["throttling", "wait"],
    )
    .await;
}

#[tokio::test]
async fn other_service_errors_keep_their_code() {
    expect_kind(
        400,
        r#"{"__type":"ValidationException","message":"1 validation error detected"}"#,
        ErrorKind::Service,
        &["ValidationException", "1 validation error detected"],
    )
    .await;
}

#[tokio::test]
async fn a_non_aws_answer_is_an_unexpected_response() {
    let stub = stub_server(200, "<html>this is a web server, not CodePipeline</html>");
    let e = test_against(&stub.url).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnexpectedResponse, "{e}");
    assert!(e.to_string().contains("check the endpoint URL"), "{e}");
}

#[tokio::test]
async fn test_connection_works_on_a_resolved_config_too() {
    let moto = moto_server();
    let (_dir, mut c) = sandbox_at(&moto.url).await;
    let active = c
        .activate("target", &ConnectOptions::default())
        .await
        .unwrap();
    assert_eq!(active.title, "target · eu-west-1 · local sandbox, not AWS");
    let report = test_connection(&c.current().await.unwrap()).await.unwrap();
    assert_eq!(report.connection, active);
}

#[tokio::test]
async fn an_endpoint_that_never_answers_is_unreachable() {
    // Accepts connections and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().take(4).flatten() {
            held.push(s);
        }
        std::thread::sleep(std::time::Duration::from_secs(10));
    });
    let (_dir, mut c) = sandbox_at(&url).await;
    let resolved = c
        .resolve("target", &ConnectOptions::default())
        .await
        .unwrap();
    let e = pipewright_connections::test_connection_within(
        &resolved,
        std::time::Duration::from_millis(1500),
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unreachable, "{e}");
    assert!(e.to_string().contains("no answer within 1.5 s"), "{e}");
}
