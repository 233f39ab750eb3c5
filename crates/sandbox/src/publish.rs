//! Publishing CodePipeline's state-change events to an EventBridge endpoint (`PutEvents`, AWS
//! JSON 1.1, `AWSEvents.PutEvents`), such as moto's on loopback. The engine's observer
//! (`executions::events`) queues the events of each transition; the server hands them to a
//! bounded channel ([`QUEUE`] events) without waiting, and one task sends them in order, up to ten
//! per call. A full queue drops events and a failed call loses its events: both are counted
//! ([`EventStats`]), neither stops the sandbox.
//!
//! Requests carry a well-formed SigV4 `Authorization` header whose credential scope names the
//! region and service (which is what moto routes by) but whose signature is not computed: the
//! receiver must be one that does not check signatures. Plain `http://` only.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::sync::mpsc;

pub use crate::config::EventsTarget;
use crate::store::Event;

/// Events waiting to be sent at most; more are dropped (and counted).
pub const QUEUE: usize = 10_000;

/// What happened to the events so far.
#[derive(Debug, Default)]
pub struct EventStats {
    sent: AtomicU64,
    failed: AtomicU64,
    dropped: AtomicU64,
}

/// A snapshot of [`EventStats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EventCounts {
    /// Accepted by the receiver.
    pub sent: u64,
    /// Lost in a call that failed, or refused by the receiver.
    pub failed: u64,
    /// Dropped because the queue was full.
    pub dropped: u64,
}

impl EventStats {
    pub fn counts(&self) -> EventCounts {
        EventCounts {
            sent: self.sent.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            dropped: self.dropped.load(Ordering::Relaxed),
        }
    }
}

/// The sending side: hand events over without waiting.
pub struct Publisher {
    tx: mpsc::Sender<Event>,
    pub stats: Arc<EventStats>,
}

impl Publisher {
    /// Queue events in order; those that do not fit are dropped and counted.
    pub fn offer(&self, events: Vec<Event>) {
        for e in events {
            if self.tx.try_send(e).is_err() {
                self.stats.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

/// Start the sending task on the current runtime.
pub fn start(target: EventsTarget) -> (Publisher, tokio::task::JoinHandle<()>) {
    let (tx, rx) = mpsc::channel(QUEUE);
    let stats = Arc::new(EventStats::default());
    let task = tokio::spawn(run(rx, target, stats.clone()));
    (Publisher { tx, stats }, task)
}

async fn run(mut rx: mpsc::Receiver<Event>, target: EventsTarget, stats: Arc<EventStats>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < 10 {
            match rx.try_recv() {
                Ok(e) => batch.push(e),
                Err(_) => break,
            }
        }
        let n = batch.len() as u64;
        match put_events(&target, &batch).await {
            Ok(failed) => {
                stats.sent.fetch_add(n - failed.min(n), Ordering::Relaxed);
                stats.failed.fetch_add(failed.min(n), Ordering::Relaxed);
            }
            Err(_) => {
                stats.failed.fetch_add(n, Ordering::Relaxed);
            }
        }
    }
}

/// The PutEvents request body for a batch.
pub fn body(target: &EventsTarget, batch: &[Event]) -> Value {
    let entries: Vec<Value> = batch
        .iter()
        .map(|e| {
            json!({
                "Source": "aws.codepipeline",
                "DetailType": e.detail_type,
                "Detail": e.detail.to_string(),
                "Resources": [e.resource],
                "Time": e.time.floor() as i64,
                "EventBusName": target.event_bus,
            })
        })
        .collect();
    json!({ "Entries": entries })
}

/// Send one PutEvents call; how many entries the receiver refused.
async fn put_events(target: &EventsTarget, batch: &[Event]) -> Result<u64, String> {
    let (host, path) = target.authority()?;
    let payload = body(target, batch).to_string();
    let now = batch.last().map_or(0.0, |e| e.time);
    let c = crate::clock::civil(now);
    let date = format!("{:04}{:02}{:02}", c.year, c.month, c.day);
    let stamp = format!("{date}T{:02}{:02}{:02}Z", c.hour, c.minute, c.second);
    let auth = format!(
        "AWS4-HMAC-SHA256 Credential={}/{date}/{}/events/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature={}",
        target.access_key_id,
        target.region,
        "0".repeat(64)
    );
    let stream = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        tokio::net::TcpStream::connect(&host),
    )
    .await
    .map_err(|_| format!("connecting to {host} timed out"))?
    .map_err(|e| format!("could not connect to {host}: {e}"))?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    let driver = tokio::spawn(conn);
    let req = hyper::Request::post(path)
        .header("host", &host)
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", "AWSEvents.PutEvents")
        .header("x-amz-date", stamp)
        .header("authorization", auth)
        .body(Full::new(Bytes::from(payload)))
        .map_err(|e| e.to_string())?;
    let reply = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        let resp = sender.send_request(req).await.map_err(|e| e.to_string())?;
        let status = resp.status();
        let bytes = resp
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok::<_, String>((status, bytes))
    })
    .await
    .map_err(|_| "PutEvents timed out".to_string())??;
    driver.abort();
    let (status, bytes) = reply;
    if !status.is_success() {
        return Err(format!(
            "PutEvents answered {status}: {}",
            String::from_utf8_lossy(&bytes)
        ));
    }
    let v: Value = serde_json::from_slice(&bytes).unwrap_or_default();
    Ok(v.get("FailedEntryCount")
        .and_then(Value::as_u64)
        .unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_http_endpoints_are_taken() {
        let t = EventsTarget::new("http://127.0.0.1:5000/", "us-east-1");
        assert_eq!(
            t.authority().unwrap(),
            ("127.0.0.1:5000".into(), "/".into())
        );
        let err = EventsTarget::new("https://events.example", "us-east-1")
            .authority()
            .unwrap_err();
        assert!(err.contains("plain http"), "{err}");
    }

    #[test]
    fn entries_carry_the_codepipeline_event() {
        let t = EventsTarget::new("http://127.0.0.1:5000", "us-east-1");
        let e = Event {
            pipeline: "p".into(),
            detail_type: crate::executions::events::PIPELINE_DETAIL,
            resource: "arn:aws:codepipeline:r:a:p".into(),
            detail: json!({ "state": "STARTED" }),
            time: 1_714_644_672.5,
        };
        let b = body(&t, &[e]);
        let entry = &b["Entries"][0];
        assert_eq!(entry["Source"], "aws.codepipeline");
        assert_eq!(
            entry["DetailType"],
            "CodePipeline Pipeline Execution State Change"
        );
        assert_eq!(entry["Detail"], "{\"state\":\"STARTED\"}");
        assert_eq!(entry["Time"], 1_714_644_672i64);
    }
}
