//! A loopback HTTP front before the sandbox that decides, per request, to pass it on, never
//! answer it, or answer it with a throttling error and an absurd `Retry-After`: the unlucky
//! network of a real day, on this machine only.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the front does with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Pass,
    /// Keep the connection open and never answer.
    Hang,
    /// HTTP 400 ThrottlingException with `Retry-After: 18446744073709551615`.
    Throttle,
}

/// One request as the front saw it: the operation (`GetPipelineState`) and the pipeline it
/// names, if any.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seen {
    pub operation: String,
    pub pipeline: Option<String>,
}

type Rule = dyn Fn(&Seen) -> Fate + Send + Sync;

pub struct Front {
    pub url: String,
    rule: Arc<Mutex<Arc<Rule>>>,
    seen: Arc<Mutex<BTreeMap<Seen, usize>>>,
    task: JoinHandle<()>,
}

impl Front {
    /// A front on a free loopback port before `target` that passes everything on.
    pub async fn start(target: SocketAddr) -> Front {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let rule: Arc<Mutex<Arc<Rule>>> = Arc::new(Mutex::new(Arc::new(|_: &Seen| Fate::Pass)));
        let seen = Arc::new(Mutex::new(BTreeMap::new()));
        let (r, s) = (rule.clone(), seen.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    break;
                };
                tokio::spawn(serve(stream, target, r.clone(), s.clone()));
            }
        });
        Front {
            url,
            rule,
            seen,
            task,
        }
    }

    /// From now on, `rule` decides each request's fate.
    pub fn set(&self, rule: impl Fn(&Seen) -> Fate + Send + Sync + 'static) {
        *self.rule.lock().unwrap() = Arc::new(rule);
    }

    /// How many requests of `operation` named `pipeline` arrived so far.
    pub fn count(&self, operation: &str, pipeline: Option<&str>) -> usize {
        let key = Seen {
            operation: operation.to_string(),
            pipeline: pipeline.map(str::to_string),
        };
        self.seen.lock().unwrap().get(&key).copied().unwrap_or(0)
    }
}

impl Drop for Front {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request: head and body (by Content-Length); `None` at the end of the connection.
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<(String, Vec<u8>)> {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let length = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                let mut chunk = [0u8; 8192];
                let n = stream.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            let body = buf[end + 4..end + 4 + length].to_vec();
            buf.drain(..end + 4 + length);
            return Some((head, body));
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

fn seen(head: &str, body: &[u8]) -> Seen {
    let operation = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("x-amz-target")
                .then(|| v.trim().rsplit('.').next().unwrap_or_default().to_string())
        })
        .unwrap_or_else(|| head.lines().next().unwrap_or_default().to_string());
    let json: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let pipeline = json
        .get("name")
        .or_else(|| json.get("pipelineName"))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    Seen {
        operation,
        pipeline,
    }
}

async fn serve(
    mut stream: TcpStream,
    target: SocketAddr,
    rule: Arc<Mutex<Arc<Rule>>>,
    counts: Arc<Mutex<BTreeMap<Seen, usize>>>,
) {
    let mut buf = Vec::new();
    while let Some((head, body)) = read_request(&mut stream, &mut buf).await {
        let what = seen(&head, &body);
        *counts.lock().unwrap().entry(what.clone()).or_default() += 1;
        let fate = (rule.lock().unwrap().clone())(&what);
        match fate {
            Fate::Hang => {
                // Hold the connection until the client gives up on it.
                let mut rest = [0u8; 1024];
                while matches!(stream.read(&mut rest).await, Ok(n) if n > 0) {}
                return;
            }
            Fate::Throttle => {
                let body = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
                let reply = format!(
                    "HTTP/1.1 400 Bad Request\r\ncontent-type: application/x-amz-json-1.1\r\nretry-after: 18446744073709551615\r\nx-amz-retry-after: 18446744073709551615\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                if stream.write_all(reply.as_bytes()).await.is_err() {
                    return;
                }
            }
            Fate::Pass => {
                let Ok(mut upstream) = TcpStream::connect(target).await else {
                    return;
                };
                let mut request = String::new();
                for line in head.lines() {
                    let lower = line.to_ascii_lowercase();
                    if lower.starts_with("host:") {
                        // The sandbox serves only requests addressed to itself.
                        request.push_str(&format!("host: {target}\r\n"));
                    } else if !lower.starts_with("connection:") {
                        request.push_str(line);
                        request.push_str("\r\n");
                    }
                }
                request.push_str("connection: close\r\n\r\n");
                let mut bytes = request.into_bytes();
                bytes.extend_from_slice(&body);
                if upstream.write_all(&bytes).await.is_err() {
                    return;
                }
                let mut reply = Vec::new();
                if upstream.read_to_end(&mut reply).await.is_err() {
                    return;
                }
                if stream.write_all(&reply).await.is_err() {
                    return;
                }
                // The sandbox said `connection: close`: so does the front.
                return;
            }
        }
    }
}
