//! Commands against an endpoint on loopback that accepts connections and never answers: each
//! gives up with a clear error within the AWS port's timeouts instead of waiting forever.

mod remote;

use remote::text;
use std::net::TcpListener;
use std::process::Output;
use std::time::{Duration, Instant};

/// A loopback listener that accepts every connection and never writes a byte; the connections
/// stay open until the test ends.
fn silent_endpoint() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("its address").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    format!("http://127.0.0.1:{port}")
}

/// `pipewright ARGS` against `url`, and how long it ran.
async fn pipewright(url: &str, args: &[&str]) -> (Output, Duration) {
    let started = Instant::now();
    let out = remote::pipewright(url, args).await;
    (out, started.elapsed())
}

#[tokio::test]
async fn status_against_an_endpoint_that_never_answers_fails_clearly_within_a_minute() {
    let url = silent_endpoint();
    let (out, took) = pipewright(&url, &["status"]).await;
    let stderr = text(&out.stderr);
    assert!(
        took < Duration::from_secs(60),
        "status waited {took:?} for an endpoint that never answers"
    );
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: could not reach the endpoint during ListPipelines"),
        "{stderr}"
    );
    assert!(stderr.contains("no answer"), "{stderr}");
}

#[tokio::test]
async fn connections_test_against_an_endpoint_that_never_answers_says_so() {
    let url = silent_endpoint();
    let (out, took) = pipewright(&url, &["connections", "test"]).await;
    let stderr = text(&out.stderr);
    assert!(took < Duration::from_secs(30), "test took {took:?}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&url), "{stderr}");
    assert!(stderr.contains("no answer within"), "{stderr}");
}
