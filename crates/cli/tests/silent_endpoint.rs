//! Commands against an endpoint on loopback that accepts connections and never answers: each
//! gives up with a clear error within the AWS port's timeouts instead of waiting forever.

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

fn pipewright(args: &[&str]) -> (Output, Duration) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pipewright"));
    cmd.args(args)
        .env("HOME", home.path())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.path().join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.path().join("credentials"),
        )
        .env(
            "PIPEWRIGHT_CONNECTIONS_FILE",
            home.path().join("connections.json"),
        )
        .env_remove("AWS_PROFILE");
    let started = Instant::now();
    let out = cmd.output().expect("pipewright runs");
    (out, started.elapsed())
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn status_against_an_endpoint_that_never_answers_fails_clearly_within_a_minute() {
    let url = silent_endpoint();
    let (out, took) = pipewright(&["status", "--endpoint-url", &url, "--region", "us-east-1"]);
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

#[test]
fn connections_test_against_an_endpoint_that_never_answers_says_so() {
    let url = silent_endpoint();
    let (out, took) = pipewright(&[
        "connections",
        "test",
        "--endpoint-url",
        &url,
        "--region",
        "us-east-1",
    ]);
    let stderr = text(&out.stderr);
    assert!(took < Duration::from_secs(30), "test took {took:?}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&url), "{stderr}");
    assert!(stderr.contains("no answer within"), "{stderr}");
}
