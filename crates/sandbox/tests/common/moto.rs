//! moto for the parity and chain tests: the shared launcher of `pipewright-test-support`, and raw
//! AWS JSON / query calls to it (moto routes by the credential scope of the `Authorization` header
//! and does not check signatures).

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[allow(unused_imports)] // not every test binary that includes `common` starts moto
pub use pipewright_test_support::moto::{role_arn, Moto};

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
