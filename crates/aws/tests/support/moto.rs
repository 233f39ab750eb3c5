//! moto's server for tests: started on a free loopback port, killed on drop.
//!
//! Reuse from another test crate with
//! `#[path = "../../aws/tests/support/moto.rs"] mod moto;` (it only needs `std`).
//!
//! The binary is `$PIPEWRIGHT_VENV/bin/moto_server`, else `<repo>/.venv-test/bin/moto_server`;
//! when neither exists the test fails and says to run `make test` (which creates the venv).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The account moto uses.
pub const ACCOUNT: &str = "123456789012";
/// The region tests use.
pub const REGION: &str = "us-east-1";
/// The role [`Moto::start`] creates, trusted by codepipeline.amazonaws.com.
pub const ROLE_NAME: &str = "pipewright-test-role";

/// A running moto server.
pub struct Moto {
    child: Option<Child>,
    pub port: u16,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
}

/// The repository root (two levels above this crate's manifest).
pub fn repo_root() -> PathBuf {
    let manifest = manifest_dir();
    manifest
        .ancestors()
        .find(|p| p.join(".git").exists() || p.join("Makefile").is_file())
        .map(PathBuf::from)
        .unwrap_or(manifest)
}

/// The venv holding moto and awscli.
pub fn venv() -> PathBuf {
    match std::env::var_os("PIPEWRIGHT_VENV") {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => repo_root().join(".venv-test"),
    }
}

/// Path of `moto_server`; panics with what to do when it is missing.
pub fn moto_server_bin() -> PathBuf {
    let bin = venv().join("bin").join("moto_server");
    assert!(
        bin.is_file(),
        "moto_server not found at {} (set PIPEWRIGHT_VENV or create <repo>/.venv-test): run `make test`, \
         or `python3 -m venv .venv-test && .venv-test/bin/pip install -r tests/requirements.txt`",
        bin.display()
    );
    bin
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The ARN of the role [`Moto::start`] creates.
pub fn role_arn() -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{ROLE_NAME}")
}

impl Moto {
    /// Start moto on a free port, wait until it answers, create the pipeline role.
    pub fn start() -> Moto {
        Self::start_on(free_port())
    }

    /// Start moto on the given port (to restart a server where clients expect it).
    pub fn start_on(port: u16) -> Moto {
        let bin = moto_server_bin();
        let child = Command::new(&bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {}: {e}", bin.display()));
        let moto = Moto {
            child: Some(child),
            port,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if moto.http("GET", "/moto-api/", &[], "").is_ok() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "moto_server did not answer on port {port} within 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto.create_role();
        moto
    }

    /// The server's loopback socket address.
    pub fn addr(&self) -> std::net::SocketAddr {
        ([127, 0, 0, 1], self.port).into()
    }

    /// A raw HTTP/1.1 request to moto (test setup only); returns (status, body).
    pub fn http(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> std::io::Result<(u16, String)> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port))?;
        s.set_read_timeout(Some(Duration::from_secs(10)))?;
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(body);
        s.write_all(req.as_bytes())?;
        let _ = s.shutdown(Shutdown::Write);
        let mut resp = String::new();
        s.read_to_string(&mut resp)?;
        let status = resp
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = resp
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        Ok((status, body))
    }

    /// IAM CreateRole through moto's query API (moto routes by the credential scope and does not
    /// check signatures).
    fn create_role(&self) {
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"codepipeline.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        let body = format!(
            "Action=CreateRole&Version=2010-05-08&RoleName={ROLE_NAME}&AssumeRolePolicyDocument={}",
            urlencode(policy)
        );
        let auth = "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0";
        let (status, resp) = self
            .http(
                "POST",
                "/",
                &[
                    ("Content-Type", "application/x-www-form-urlencoded"),
                    ("Authorization", auth),
                ],
                &body,
            )
            .expect("moto answers IAM CreateRole");
        assert!(
            status == 200 && resp.contains("CreateRoleResponse"),
            "moto IAM CreateRole failed: HTTP {status}: {resp}"
        );
    }

    /// Forget every resource (`POST /moto-api/reset`) and create the role again.
    pub fn reset(&self) {
        let (status, _) = self
            .http("POST", "/moto-api/reset", &[], "")
            .expect("moto answers reset");
        assert_eq!(status, 200, "moto reset");
        self.create_role();
    }

    /// Kill the server now (the endpoint goes away).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        self.kill();
    }
}

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// This package's folder as `cargo test` names it when the test runs: a test binary reused from
/// another checkout that shares the target folder still reads this checkout's files.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), Into::into)
}
