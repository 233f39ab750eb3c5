//! A loopback double for CodePipeline's webhook calls, in front of moto: neither moto nor the
//! local sandbox serves `PutWebhook`, `ListWebhooks`, `RegisterWebhookWithThirdParty`,
//! `DeregisterWebhookWithThirdParty` or `DeleteWebhook`. The double answers those itself (AWS
//! JSON 1.1, as the service does, the secret token redacted on the way out) and passes every
//! other request on to the server behind it, one request per connection to it.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One webhook as the double keeps it.
#[derive(Debug, Clone)]
pub struct Hook {
    pub definition: Value,
    /// The secret token of the last PutWebhook.
    pub secret: String,
    pub registered: bool,
}

#[derive(Default)]
pub struct State {
    pub hooks: BTreeMap<String, Hook>,
    /// Every webhook call, in order: (operation, webhook name).
    pub calls: Vec<(String, String)>,
}

pub struct WebhookDouble {
    pub url: String,
    pub state: Arc<Mutex<State>>,
    task: JoinHandle<()>,
}

impl WebhookDouble {
    pub async fn start(target: SocketAddr) -> WebhookDouble {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((conn, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(serve(conn, target, state));
            }
        });
        WebhookDouble {
            url: format!("http://127.0.0.1:{port}"),
            state,
            task,
        }
    }

    /// The operations called so far, in order.
    pub fn calls(&self) -> Vec<(String, String)> {
        self.state.lock().unwrap().calls.clone()
    }
}

impl Drop for WebhookDouble {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Read one HTTP/1.1 message (head, then `Content-Length` bytes) from `rd`, after what `buf`
/// already holds; `None` at the end of the stream.
async fn message(
    rd: &mut (impl AsyncReadExt + Unpin),
    buf: &mut Vec<u8>,
) -> Option<(String, Vec<u8>)> {
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match rd.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let len: usize = header(&head, "content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + len {
        match rd.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let all: Vec<u8> = buf.drain(..head_end + len).collect();
    Some((head, all))
}

fn header(head: &str, name: &str) -> Option<String> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_string())
    })
}

async fn serve(mut conn: TcpStream, target: SocketAddr, state: Arc<Mutex<State>>) {
    let mut buf = Vec::new();
    while let Some((head, request)) = message(&mut conn, &mut buf).await {
        let op = header(&head, "x-amz-target")
            .and_then(|t| t.strip_prefix("CodePipeline_20150709.").map(str::to_string))
            .unwrap_or_default();
        let head_len = head.len();
        let response = match answer(&op, &request[head_len..], &state) {
            Some((status, body)) => {
                let reason = if status == 200 { "OK" } else { "Bad Request" };
                let mut r = format!(
                    "HTTP/1.1 {status} {reason}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                r.extend_from_slice(body.as_bytes());
                r
            }
            None => match pass_on(target, &request).await {
                Some(r) => r,
                None => return,
            },
        };
        if conn.write_all(&response).await.is_err() {
            return;
        }
    }
}

/// One request to the server behind, on its own connection; its whole answer.
async fn pass_on(target: SocketAddr, request: &[u8]) -> Option<Vec<u8>> {
    let mut upstream = TcpStream::connect(target).await.ok()?;
    upstream.write_all(request).await.ok()?;
    let mut buf = Vec::new();
    let (_, all) = message(&mut upstream, &mut buf).await?;
    Some(all)
}

fn not_found(name: &str) -> (u16, String) {
    (
        400,
        json!({"__type": "WebhookNotFoundException", "message": format!("webhook {name} not found")})
            .to_string(),
    )
}

fn redacted(def: &Value) -> Value {
    let mut d = def.clone();
    if let Some(c) = d
        .get_mut("authenticationConfiguration")
        .and_then(Value::as_object_mut)
    {
        c.remove("SecretToken");
    }
    d
}

fn item(name: &str, def: &Value) -> Value {
    json!({
        "definition": redacted(def),
        "url": format!("https://webhooks.test/{name}"),
        "arn": format!("arn:aws:codepipeline:us-east-1:123456789012:webhook:{name}")
    })
}

/// The double's answer to a webhook operation; `None` for anything else.
fn answer(op: &str, body: &[u8], state: &Mutex<State>) -> Option<(u16, String)> {
    let input: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let mut st = state.lock().unwrap();
    let answer = match op {
        "PutWebhook" => {
            let def = input["webhook"].clone();
            let name = def["name"].as_str().unwrap_or_default().to_string();
            let secret = def["authenticationConfiguration"]["SecretToken"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            st.calls.push((op.into(), name.clone()));
            let registered = st.hooks.get(&name).is_some_and(|h| h.registered);
            st.hooks.insert(
                name.clone(),
                Hook {
                    definition: def.clone(),
                    secret,
                    registered,
                },
            );
            (200, json!({"webhook": item(&name, &def)}).to_string())
        }
        "ListWebhooks" => {
            let items: Vec<Value> = st
                .hooks
                .iter()
                .map(|(n, h)| item(n, &h.definition))
                .collect();
            (200, json!({"webhooks": items}).to_string())
        }
        "RegisterWebhookWithThirdParty" | "DeregisterWebhookWithThirdParty" => {
            let name = input["webhookName"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            st.calls.push((op.into(), name.clone()));
            match st.hooks.get_mut(&name) {
                None => not_found(&name),
                Some(h) => {
                    h.registered = op == "RegisterWebhookWithThirdParty";
                    (200, "{}".into())
                }
            }
        }
        "DeleteWebhook" => {
            let name = input["name"].as_str().unwrap_or_default().to_string();
            st.calls.push((op.into(), name.clone()));
            st.hooks.remove(&name);
            (200, "{}".into())
        }
        _ => return None,
    };
    Some(answer)
}
