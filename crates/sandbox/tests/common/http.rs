//! Raw HTTP/1.1 over loopback, for what an SDK client never sends or hides: foreign `Host`
//! headers, `Origin`, the sandbox's own endpoints, and the exact JSON of an answer.

use std::net::SocketAddr;

use pipewright_sandbox::{RunningSandbox, ADMIN_TOKEN_HEADER};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A response: status code, head (status line and headers) and body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {}", self.body))
    }
}

/// Send one request to `addr` with exactly these headers (add `Host` yourself; `Content-Length`
/// and `Connection: close` are added).
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    let mut req = format!("{method} {path} HTTP/1.1\r\n");
    for (name, value) in headers {
        req.push_str(&format!("{name}: {value}\r\n"));
    }
    req.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// `127.0.0.1:PORT`: the `Host` an SDK client sends.
pub fn own_host(sandbox: &RunningSandbox) -> String {
    sandbox.local_addr().to_string()
}

/// A request to one of the sandbox's own endpoints, addressed to it, with its admin token.
pub async fn admin(sandbox: &RunningSandbox, method: &str, path: &str, body: &str) -> Reply {
    let host = own_host(sandbox);
    let headers = [
        ("Host", host.as_str()),
        (ADMIN_TOKEN_HEADER, sandbox.admin_token()),
    ];
    send(sandbox.local_addr(), method, path, &headers, body).await
}

/// One CodePipeline operation as AWS JSON 1.1, with these extra headers (and `Host` unless they
/// name one).
pub async fn operation(
    sandbox: &RunningSandbox,
    op: &str,
    body: &Value,
    extra: &[(&str, &str)],
) -> Reply {
    let host = own_host(sandbox);
    let target = format!("CodePipeline_20150709.{op}");
    let mut headers = vec![
        ("X-Amz-Target", target.as_str()),
        ("Content-Type", "application/x-amz-json-1.1"),
    ];
    if !extra.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        headers.push(("Host", host.as_str()));
    }
    headers.extend_from_slice(extra);
    send(
        sandbox.local_addr(),
        "POST",
        "/",
        &headers,
        &body.to_string(),
    )
    .await
}
