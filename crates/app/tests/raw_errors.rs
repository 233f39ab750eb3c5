//! What the user reads when an endpoint fails: one sentence that says what happened and what to
//! do, with the SDK's own account kept for "Copy details", never in the sentence.

use std::io::{Read, Write};
use std::net::TcpListener;

use pipewright_appcore::{AppError, ErrorKind};
use pipewright_aws::ClientSettings;

/// A loopback HTTP server that answers every request with `status`, `content_type` and `body`.
fn failing_endpoint(
    status: &'static str,
    content_type: &'static str,
    body: &'static str,
) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("port").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut request = [0u8; 64 * 1024];
            let _ = stream.read(&mut request);
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://127.0.0.1:{port}")
}

/// The error the UI receives for ListPipelines against `url`.
async fn list_pipelines_error(url: &str) -> AppError {
    let aws = ClientSettings::for_endpoint(url, "eu-west-1")
        .with_static_credentials("testing", "testing")
        .without_retries()
        .connect()
        .await;
    let error = aws
        .codepipeline()
        .list_pipelines()
        .await
        .expect_err("the endpoint fails");
    error.into()
}

/// One sentence, no Rust debug output.
fn assert_plain(message: &str) {
    for raw in [
        "{",
        "}",
        "ResponseError",
        "Unhandled",
        "ErrorMetadata",
        "SdkBody",
        "StatusCode(",
        "\n",
        "unix_wait_status",
    ] {
        assert!(!message.contains(raw), "`{raw}` in: {message}");
    }
    assert!(!message.contains(". "), "more than one sentence: {message}");
    assert!(message.len() < 200, "too long: {message}");
}

#[tokio::test]
async fn an_http_500_is_one_sentence_with_the_rest_in_the_details() {
    for (body, content_type) in [
        ("Internal Server Error", "text/plain"),
        ("", "text/plain"),
        ("{\"oops\": ", "application/x-amz-json-1.1"),
    ] {
        let url = failing_endpoint("500 Internal Server Error", content_type, body);
        let e = list_pipelines_error(&url).await;
        let payload = e.payload();
        assert_plain(&payload.message);
        assert_eq!(
            payload.kind,
            ErrorKind::Service,
            "{body:?}: {}",
            payload.message
        );
        assert_eq!(
            payload.message,
            "The service failed during ListPipelines (HTTP 500); try again in a moment, and check the endpoint if it keeps failing",
            "{body:?}"
        );
        let details = payload.details.expect("details for Copy details");
        assert!(details.contains("500"), "{details}");
        assert!(details.contains("ResponseError"), "{details}");
    }
}

#[tokio::test]
async fn an_unreadable_answer_names_its_status_and_the_endpoint_to_check() {
    let url = failing_endpoint("200 OK", "application/json", "this is not JSON");
    let payload = list_pipelines_error(&url).await.payload();
    assert_plain(&payload.message);
    assert_eq!(payload.kind, ErrorKind::BadResponse);
    assert_eq!(
        payload.message,
        "The endpoint's answer to ListPipelines could not be read (HTTP 200); check that the endpoint URL is a CodePipeline endpoint"
    );
    assert!(payload.details.is_some());
}

#[tokio::test]
async fn an_endpoint_that_refuses_the_connection_is_unreachable_in_plain_words() {
    // A port that was free a moment ago: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let payload = list_pipelines_error(&format!("http://127.0.0.1:{port}"))
        .await
        .payload();
    assert_plain(&payload.message);
    assert_eq!(payload.kind, ErrorKind::Unreachable);
    assert!(
        payload.message.starts_with(
            "Could not reach the endpoint during ListPipelines: the connection failed;"
        ),
        "{}",
        payload.message
    );
    assert!(payload
        .details
        .is_some_and(|d| d.contains("dispatch failure")));
}

#[tokio::test]
async fn an_error_that_says_it_all_sends_no_details() {
    let e: AppError = pipewright_aws::AwsError::PipelineNotFound("web".into()).into();
    let value = serde_json::to_value(&e).unwrap();
    assert_eq!(value.as_object().map(|o| o.len()), Some(2), "{value}");
}
