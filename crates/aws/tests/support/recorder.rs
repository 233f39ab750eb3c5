//! A recording HTTP/1.1 proxy on a loopback port: every request a client sends passes through
//! unchanged to the server behind it, and the proxy keeps the operation (`X-Amz-Target`) and the
//! body as they went over the wire. Tests check what Pipewright *sent* here, whatever the server
//! behind the proxy happens to keep.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The operation, e.g. `CreatePipeline` (from `X-Amz-Target: CodePipeline_20150709.CreatePipeline`).
    pub operation: String,
    /// The body, parsed as JSON (`Value::Null` when it is not JSON).
    pub body: Value,
}

pub struct Recorder {
    pub url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: JoinHandle<()>,
}

impl Recorder {
    /// Record every request to `127.0.0.1:<any free port>` and forward it to `target`.
    pub async fn start(target: SocketAddr) -> Recorder {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind recorder port");
        let port = listener.local_addr().expect("recorder addr").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        let task = tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let log = log.clone();
                tokio::spawn(async move {
                    if let Ok(outbound) = TcpStream::connect(target).await {
                        forward(inbound, outbound, log).await;
                    }
                });
            }
        });
        Recorder {
            url: format!("http://127.0.0.1:{port}"),
            requests,
            task,
        }
    }

    /// The recorded requests of one operation, in the order they were sent.
    pub fn bodies_of(&self, operation: &str) -> Vec<Value> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.operation == operation)
            .map(|r| r.body.clone())
            .collect()
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Copy the server's answers back as they come; read the client's side request by request
/// (headers, then `Content-Length` bytes), record it, and pass it on.
async fn forward(inbound: TcpStream, outbound: TcpStream, log: Arc<Mutex<Vec<Recorded>>>) {
    let (mut client_rd, mut client_wr) = inbound.into_split();
    let (mut server_rd, mut server_wr) = outbound.into_split();
    let answers = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut server_rd, &mut client_wr).await;
    });
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    'conn: loop {
        // One request: its head, then its body.
        let head_end = loop {
            if let Some(i) = find(&buf, b"\r\n\r\n") {
                break i + 4;
            }
            match client_rd.read(&mut chunk).await {
                Ok(0) | Err(_) => break 'conn,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
        let header = |name: &str| {
            head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_string())
            })
        };
        assert!(
            header("transfer-encoding").is_none(),
            "the recorder reads Content-Length bodies only: {head}"
        );
        let len: usize = header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + len {
            match client_rd.read(&mut chunk).await {
                Ok(0) | Err(_) => break 'conn,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let request: Vec<u8> = buf.drain(..head_end + len).collect();
        let operation = header("x-amz-target")
            .and_then(|t| t.rsplit('.').next().map(str::to_string))
            .unwrap_or_default();
        let body = serde_json::from_slice(&request[head_end..]).unwrap_or(Value::Null);
        log.lock().unwrap().push(Recorded { operation, body });
        if server_wr.write_all(&request).await.is_err() {
            break;
        }
    }
    let _ = server_wr.shutdown().await;
    let _ = answers.await;
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
