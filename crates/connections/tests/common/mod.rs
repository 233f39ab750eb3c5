//! Real servers for the connection tests, all on loopback: moto's server, a tiny HTTP server that
//! answers fixed AWS error bodies (and records what it was sent), a closed port. Plus a hermetic
//! AWS environment (no real ~/.aws, no instance metadata).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use std::sync::{Arc, Mutex, Once};
use std::thread;
use std::time::Duration;

pub use pipewright_test_support::moto::Moto;

/// Serialises tests of one binary that touch process-wide environment variables.
pub static ENV_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub async fn env_lock() -> tokio::sync::MutexGuard<'static, ()> {
    ENV_LOCK.lock().await
}

/// Points aws-config away from the real ~/.aws and instance metadata, once per test binary.
pub fn hermetic_aws_env() -> PathBuf {
    static ONCE: Once = Once::new();
    let dir = std::env::temp_dir().join(format!("pipewright-conn-tests-{}", std::process::id()));
    ONCE.call_once(|| {
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("aws-config");
        let creds = dir.join("aws-credentials");
        if !config.exists() {
            std::fs::write(&config, "").unwrap();
        }
        if !creds.exists() {
            std::fs::write(&creds, "").unwrap();
        }
        std::env::set_var("AWS_CONFIG_FILE", &config);
        std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", &creds);
        std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
        for v in [
            "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
            "AWS_ENDPOINT_URL",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_ROLE_ARN",
        ] {
            std::env::remove_var(v);
        }
    });
    dir
}

/// Keyring tests need the real Secret Service of `scripts/with-session.sh`. Outside it they fail
/// (they must not pass against nothing).
pub fn require_session() {
    if std::env::var_os("PIPEWRIGHT_IN_SESSION").is_none() {
        panic!(
            "this test needs a real Secret Service (an unlocked gnome-keyring on a private D-Bus): \
             run via make test, or `scripts/with-session.sh cargo test -p pipewright-connections`"
        );
    }
}

/// A unique keyring service name per test, so tests never see each other's (or the user's) entries.
pub fn test_keyring() -> pipewright_connections::Keyring {
    pipewright_connections::Keyring::new(format!("pipewright-test-{}", uuid_like()))
}

pub fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{}-{t}-{n}", std::process::id())
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind a loopback port")
}

/// moto's server on a free loopback port, killed on drop.
pub fn moto_server() -> Moto {
    Moto::start()
}

/// A loopback port nothing listens on (connection refused).
pub fn closed_port_url() -> String {
    format!("http://127.0.0.1:{}", free_port())
}

/// One request the stub server received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub head: String,
    pub body: String,
}

/// A tiny HTTP server answering every request with `status` and `body`
/// (`application/x-amz-json-1.1`), recording each request. Stops when dropped.
pub struct StubServer {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    port: u16,
}

impl Drop for StubServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

impl StubServer {
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

pub fn stub_server(status: u16, body: &str) -> StubServer {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().unwrap().port();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (req2, stop2, body) = (requests.clone(), stop.clone(), body.to_owned());
    thread::spawn(move || {
        for stream in listener.incoming().take(200) {
            if stop2.load(std::sync::atomic::Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            answer(stream, status, &body, &req2);
        }
    });
    StubServer {
        url: format!("http://127.0.0.1:{port}"),
        requests,
        stop,
        port,
    }
}

/// Reads one request, records it, then answers: recorded before the client can see the answer,
/// so a test that checks the requests after its call returns never misses this one.
fn answer(
    stream: TcpStream,
    status: u16,
    body: &str,
    requests: &Mutex<Vec<Recorded>>,
) -> Option<()> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut head = String::new();
    let mut content_length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            content_length = v.trim().parse().unwrap_or(0);
        }
        let end = line == "\r\n" || line == "\n";
        head.push_str(&line);
        if end {
            break;
        }
    }
    let mut buf = vec![0u8; content_length];
    reader.read_exact(&mut buf).ok()?;
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        _ => "Error",
    };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: 00000000-0000-0000-0000-000000000000\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    requests
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Recorded {
            head,
            body: String::from_utf8_lossy(&buf).into_owned(),
        });
    let mut stream = stream;
    stream.write_all(response.as_bytes()).ok()?;
    let _ = stream.flush();
    Some(())
}

/// Every file under `dir`, recursively, with its bytes.
pub fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = std::fs::read(&p) {
                out.push((p, bytes));
            }
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    !n.is_empty() && haystack.windows(n.len()).any(|w| w == n)
}
