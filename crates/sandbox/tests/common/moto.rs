//! moto's server for the parity and chain tests: started on a free loopback port, killed on drop,
//! and raw AWS JSON / query calls to it (moto routes by the credential scope of the
//! `Authorization` header and does not check signatures).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub const MOTO_ROLE: &str = "arn:aws:iam::123456789012:role/pipeline-role";
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// moto's server, killed on drop.
pub struct Moto {
    child: Child,
    pub url: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn moto_path() -> PathBuf {
    let from_env =
        std::env::var_os("PIPEWRIGHT_VENV").map(|v| PathBuf::from(v).join("bin/moto_server"));
    let repo = manifest_dir().join("../../.venv-test/bin/moto_server");
    from_env.filter(|p| p.exists()).or_else(|| repo.exists().then_some(repo)).unwrap_or_else(|| {
        panic!(
            "moto_server was not found in $PIPEWRIGHT_VENV/bin or <repo>/.venv-test/bin. \
             Run `make test` (or `python3 -m venv .venv-test && .venv-test/bin/pip install -r tests/requirements.txt`) first."
        )
    })
}

pub async fn start_moto() -> Moto {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(moto_path())
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto_server starts");
    let moto = Moto {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "moto_server did not listen on port {port} within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    moto
}

/// Create the pipeline role in moto's IAM (query API, unsigned signature is fine for moto).
pub async fn create_role(moto: &Moto) {
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"codepipeline.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let body = format!(
        "Action=CreateRole&Version=2010-05-08&RoleName=pipeline-role&AssumeRolePolicyDocument={}",
        urlencode(policy)
    );
    let host = moto.url.strip_prefix("http://").unwrap();
    let req = format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut s = tokio::net::TcpStream::connect(host).await.unwrap();
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    assert!(
        out.starts_with("HTTP/1.1 200") && out.contains(MOTO_ROLE),
        "CreateRole in moto failed: {out}"
    );
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// This package's folder as `cargo test` names it when the test runs: a test binary reused from
/// another checkout that shares the target folder still reads this checkout's files.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), Into::into)
}

/// One raw HTTP/1.1 request to moto; (status, body).
pub async fn raw(moto: &Moto, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let host = moto.url.strip_prefix("http://").unwrap();
    let mut req = format!("POST / HTTP/1.1\r\nHost: {host}\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    let mut s = tokio::net::TcpStream::connect(host).await.unwrap();
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    let (head, rest) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    // moto answers with Content-Length; tolerate chunked bodies of one chunk.
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        rest.split("\r\n").nth(1).unwrap_or("").to_string()
    } else {
        rest.to_string()
    };
    (status, body)
}

/// An AWS JSON call to moto for `service` (the credential scope's service name).
pub async fn json_call(
    moto: &Moto,
    service: &str,
    version: &str,
    target: &str,
    body: &Value,
) -> Value {
    let auth = format!(
        "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0"
    );
    let ct = format!("application/x-amz-json-{version}");
    let (status, text) = raw(
        moto,
        &[
            ("Content-Type", &ct),
            ("X-Amz-Target", target),
            ("Authorization", &auth),
        ],
        &body.to_string(),
    )
    .await;
    assert_eq!(status, 200, "{target} {body}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}
