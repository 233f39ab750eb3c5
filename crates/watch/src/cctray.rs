//! A cctray feed (cctray.org v1 `cctray.xml`) of the watched pipelines, for CCMenu, Nevergreen,
//! BuildNotify and other monitors, served over HTTP on loopback only.
//!
//! Mapping: `activity` is `Building` while an execution runs (or an approval waits), otherwise
//! `Sleeping`; `lastBuildStatus` is `Failure` while a stage's latest execution failed, `Success`
//! when the last stage's latest execution succeeded, `Exception` when it was stopped or
//! cancelled, else `Unknown`.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::error::WatchError;
use crate::observe::{BuildStatus, PipelineHealth};

/// Builds the link of a pipeline in the feed (e.g. the console page, or a `pipewright://` link).
pub type WebUrl = Arc<dyn Fn(&str) -> String + Send + Sync>;

/// The AWS console page of a pipeline.
pub fn console_url(region: &str) -> WebUrl {
    let region = region.to_string();
    Arc::new(move |name: &str| {
        format!(
            "https://{region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/{name}/view?region={region}"
        )
    })
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The feed for these pipelines, sorted by name.
pub fn render(pipelines: &[PipelineHealth], web_url: &dyn Fn(&str) -> String) -> String {
    let mut sorted: Vec<&PipelineHealth> = pipelines.iter().collect();
    sorted.sort_by(|a, b| a.pipeline.cmp(&b.pipeline));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Projects>\n");
    for p in sorted {
        let activity = if p.running || !p.approvals.is_empty() {
            "Building"
        } else {
            "Sleeping"
        };
        let status = match p.last_status {
            BuildStatus::Success => "Success",
            BuildStatus::Failure => "Failure",
            BuildStatus::Exception => "Exception",
            BuildStatus::Unknown => "Unknown",
        };
        xml.push_str(&format!(
            "  <Project name=\"{}\" activity=\"{activity}\" lastBuildStatus=\"{status}\" lastBuildLabel=\"{}\" lastBuildTime=\"{}\" webUrl=\"{}\"/>\n",
            escape(&p.pipeline),
            escape(p.last_execution_id.as_deref().unwrap_or("")),
            escape(p.last_change.as_deref().unwrap_or("")),
            escape(&web_url(&p.pipeline)),
        ));
    }
    xml.push_str("</Projects>\n");
    xml
}

/// A running feed server.
pub struct CctrayServer {
    pub addr: SocketAddr,
    pub task: JoinHandle<()>,
}

impl CctrayServer {
    /// `http://127.0.0.1:PORT/cctray.xml`
    pub fn url(&self) -> String {
        format!("http://{}/cctray.xml", self.addr)
    }
}

/// Serves `GET /cctray.xml` (and `/`) from the latest health, on a loopback address only.
pub async fn serve(
    addr: SocketAddr,
    health: watch::Receiver<Vec<PipelineHealth>>,
    web_url: WebUrl,
) -> Result<CctrayServer, WatchError> {
    if !addr.ip().is_loopback() {
        return Err(WatchError::NotLoopback(addr));
    }
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| WatchError::Bind(addr, e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| WatchError::Bind(addr, e))?;
    let task = tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                continue;
            };
            let health = health.clone();
            let web_url = web_url.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let mut len = 0;
                // Read the request head (the body, if any, is ignored).
                while len < buf.len() {
                    match tokio::time::timeout(
                        std::time::Duration::from_secs(5),
                        stream.read(&mut buf[len..]),
                    )
                    .await
                    {
                        Ok(Ok(0)) | Err(_) | Ok(Err(_)) => break,
                        Ok(Ok(n)) => len += n,
                    }
                    if buf[..len].windows(4).any(|w| w == b"\r\n\r\n") {
                        break;
                    }
                }
                let head = String::from_utf8_lossy(&buf[..len]);
                let mut parts = head.split_whitespace();
                let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                let path = path.split('?').next().unwrap_or("");
                let response = if method != "GET" && method != "HEAD" {
                    "HTTP/1.1 405 Method Not Allowed\r\nAllow: GET\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
                } else if path == "/cctray.xml" || path == "/" {
                    let body = render(&health.borrow(), web_url.as_ref());
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/xml; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n{}",
                        body.len(),
                        if method == "HEAD" { "" } else { &body }
                    )
                } else {
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .to_string()
                };
                let _ = stream.write_all(response.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    Ok(CctrayServer { addr, task })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn health(name: &str, status: BuildStatus, running: bool) -> PipelineHealth {
        PipelineHealth {
            connection: None,
            pipeline: name.into(),
            running,
            approvals: vec![],
            failing: status == BuildStatus::Failure,
            failure: None,
            last_status: status,
            last_execution_id: Some("exec-1".into()),
            last_change: Some("2026-11-25T05:00:00Z".into()),
        }
    }

    #[test]
    fn renders_cctray_v1() {
        let xml = render(
            &[
                health("web & <api>", BuildStatus::Failure, false),
                health("api", BuildStatus::Success, true),
            ],
            console_url("eu-west-1").as_ref(),
        );
        let expected = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<Projects>",
            "  <Project name=\"api\" activity=\"Building\" lastBuildStatus=\"Success\" lastBuildLabel=\"exec-1\" lastBuildTime=\"2026-11-25T05:00:00Z\" webUrl=\"https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/api/view?region=eu-west-1\"/>",
            "  <Project name=\"web &amp; &lt;api&gt;\" activity=\"Sleeping\" lastBuildStatus=\"Failure\" lastBuildLabel=\"exec-1\" lastBuildTime=\"2026-11-25T05:00:00Z\" webUrl=\"https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/web &amp; &lt;api&gt;/view?region=eu-west-1\"/>",
            "</Projects>",
            "",
        ]
        .join("\n");
        assert_eq!(xml, expected);
    }

    #[tokio::test]
    async fn serves_on_loopback_only() {
        let (tx, rx) = watch::channel(vec![health("api", BuildStatus::Success, false)]);
        let err = serve(
            "0.0.0.0:0".parse().unwrap(),
            rx.clone(),
            console_url("us-east-1"),
        )
        .await
        .err()
        .expect("a non-loopback address is refused");
        assert!(matches!(err, WatchError::NotLoopback(_)));

        let server = serve("127.0.0.1:0".parse().unwrap(), rx, console_url("us-east-1"))
            .await
            .unwrap();
        let get = |path: &'static str| async move {
            let mut s = tokio::net::TcpStream::connect(server.addr).await.unwrap();
            s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
                .await
                .unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).await.unwrap();
            out
        };
        let first = get("/cctray.xml").await;
        assert!(first.starts_with("HTTP/1.1 200 OK"), "{first}");
        assert!(first.contains("name=\"api\" activity=\"Sleeping\" lastBuildStatus=\"Success\""));
        tx.send(vec![health("api", BuildStatus::Failure, true)])
            .unwrap();
        let second = get("/cctray.xml").await;
        assert!(
            second.contains("activity=\"Building\" lastBuildStatus=\"Failure\""),
            "{second}"
        );
        assert!(get("/other").await.starts_with("HTTP/1.1 404"));
        server.task.abort();
    }
}
