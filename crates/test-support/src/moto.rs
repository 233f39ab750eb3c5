//! moto's server for tests: started on a free loopback port, killed on drop, with the pipeline
//! role already made.
//!
//! The binary is `$PIPEWRIGHT_VENV/bin/moto_server`, else `<repo>/.venv-test/bin/moto_server`;
//! when neither exists the test fails and says to run `make test` (which creates the venv).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use crate::paths::{repo_root, venv};

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

/// Path of `moto_server`; panics with what to do when it is missing.
pub fn moto_server_bin() -> PathBuf {
    crate::paths::venv_bin("moto_server")
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
    /// Start moto on a port the system picks, wait until it answers, create the pipeline role.
    ///
    /// moto binds port 0 itself and says which port it got: a port chosen here and handed over
    /// could be taken by a parallel test's server in between, and this test would then talk to
    /// that one.
    pub fn start() -> Moto {
        Self::start_with(&[])
    }

    /// [`Moto::start`] serving another account than [`ACCOUNT`] (moto serves one account per
    /// server, whatever the access key); its role is made in that account.
    pub fn start_in_account(account: &str) -> Moto {
        Self::start_with(&[("MOTO_ACCOUNT_ID", account)])
    }

    fn start_with(env: &[(&str, &str)]) -> Moto {
        let bin = moto_server_bin();
        let mut child = Command::new(&bin)
            .args(["-H", "127.0.0.1", "-p", "0"])
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {}: {e}", bin.display()));
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        // Reads the port from " * Running on http://127.0.0.1:PORT", then keeps draining the
        // request log so that moto never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(port) = line
                    .split("Running on http://127.0.0.1:")
                    .nth(1)
                    .and_then(|rest| rest.trim().parse::<u16>().ok())
                {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(port);
                    }
                }
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| {
                let _ = child.kill();
                panic!("moto_server did not say which port it listens on within 30 s")
            });
        Self::ready(child, port)
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
        Self::ready(child, port)
    }

    /// Wait until the server on `port` answers, then create the pipeline role.
    fn ready(child: Child, port: u16) -> Moto {
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

pub fn urlencode(s: &str) -> String {
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
