//! A cctray feed (cctray.org v1 `cctray.xml`) of the watched pipelines, for CCMenu, Nevergreen,
//! BuildNotify and other monitors, served over HTTP on loopback only.
//!
//! Mapping: `activity` is `Building` while an execution runs (or an approval waits), otherwise
//! `Sleeping`; `lastBuildStatus` is `Failure` while a stage's latest execution failed, `Success`
//! when the last stage's latest execution succeeded, `Exception` when it was stopped or
//! cancelled, else `Unknown`.
//!
//! Who it answers ([`check_request`]): the feed names the user's pipelines and their state, and
//! any web page the user opens can reach loopback, by DNS rebinding (the page's own name
//! resolving to 127.0.0.1) or by a cross-site request. So, like the sandbox's guard, a request
//! must be addressed to the feed itself (`Host`, and an absolute request URI if any, is
//! `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT` with the port it listens on), and must not
//! come from another site's page (an `Origin`, when present, is one of those; `Sec-Fetch-Site`,
//! when present, is `same-origin` or `none`). Monitors (CCMenu, curl) send neither header.

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

/// Why the feed refuses a request (the body of its 403 or 421 answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Addressed to another name or port (DNS rebinding, a proxy).
    ForeignHost(String),
    /// Sent by a web page of another site.
    CrossSite(String),
}

impl Refusal {
    fn response(&self, port: u16) -> String {
        let (status, body) = match self {
            Refusal::ForeignHost(host) => (
                "421 Misdirected Request",
                format!("this feed serves only requests addressed to 127.0.0.1:{port}, localhost:{port} or [::1]:{port}, not to '{host}'; use the feed's URL as Pipewright shows it\n"),
            ),
            Refusal::CrossSite(origin) => (
                "403 Forbidden",
                format!("this feed refuses requests from web pages of other sites ({origin}); point a build monitor at it instead\n"),
            ),
        };
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    }
}

/// `authority` is the feed itself: a loopback name with the feed's port.
fn is_own_authority(authority: &str, port: u16) -> bool {
    let Some((host, p)) = authority.rsplit_once(':') else {
        return false;
    };
    p.parse::<u16>().ok() == Some(port)
        && matches!(
            host.to_ascii_lowercase().as_str(),
            "127.0.0.1" | "localhost" | "[::1]"
        )
}

/// Refuse a request head not addressed to the feed on `port`, or sent by another site's page.
pub fn check_request(head: &str, port: u16) -> Result<(), Refusal> {
    let mut lines = head.split("\r\n");
    let target = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("");
    let header = |name: &str| {
        head.split("\r\n").skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    };
    match header("host") {
        Some(h) if is_own_authority(h, port) => {}
        other => return Err(Refusal::ForeignHost(other.unwrap_or("").to_string())),
    }
    if let Some(rest) = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
    {
        let authority = rest.split('/').next().unwrap_or("");
        if !is_own_authority(authority, port) {
            return Err(Refusal::ForeignHost(authority.to_string()));
        }
    }
    if let Some(origin) = header("origin") {
        let own = origin
            .strip_prefix("http://")
            .is_some_and(|a| is_own_authority(a, port));
        if !own {
            return Err(Refusal::CrossSite(format!("origin '{origin}'")));
        }
    }
    if let Some(site) = header("sec-fetch-site") {
        if !matches!(site, "same-origin" | "none") {
            return Err(Refusal::CrossSite(format!("Sec-Fetch-Site: {site}")));
        }
    }
    Ok(())
}

/// Serves `GET /cctray.xml` (and `/`) from the latest health, on a loopback address only, to
/// requests addressed to it and not sent by another site's page ([`check_request`]).
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
    let port = addr.port();
    let task = tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                // Out of file descriptors (EMFILE) or a connection reset before it was taken:
                // wait a little rather than spin on the error.
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
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
                let response = if let Err(refusal) = check_request(&head, port) {
                    refusal.response(port)
                } else if method != "GET" && method != "HEAD" {
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
        let addr = server.addr;
        let host = format!("127.0.0.1:{}", addr.port());
        let get = |path: &'static str| {
            let head = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n");
            async move { request(addr, &head).await }
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

    async fn request(addr: SocketAddr, head: &str) -> String {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(head.as_bytes()).await.unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        out
    }

    /// DNS rebinding (a foreign `Host`, or an absolute URI naming another host) and cross-site
    /// requests from a browser are refused by the running server; a monitor's request and the
    /// browser's own navigation to the feed are served.
    #[tokio::test]
    async fn serves_only_its_own_host_and_refuses_cross_site_requests() {
        let (_tx, rx) = watch::channel(vec![health("api", BuildStatus::Success, false)]);
        let server = serve("127.0.0.1:0".parse().unwrap(), rx, console_url("us-east-1"))
            .await
            .unwrap();
        let port = server.addr.port();
        let addr = server.addr;
        let ask = |head: String| async move { request(addr, &head).await };
        for host in [
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("LOCALHOST:{port}"),
        ] {
            let ok = ask(format!("GET /cctray.xml HTTP/1.1\r\nHost: {host}\r\n\r\n")).await;
            assert!(ok.starts_with("HTTP/1.1 200 OK"), "{host}: {ok}");
        }
        let navigation = ask(format!(
            "GET /cctray.xml HTTP/1.1\r\nHost: localhost:{port}\r\nSec-Fetch-Site: none\r\nOrigin: http://localhost:{port}\r\n\r\n"
        ))
        .await;
        assert!(navigation.starts_with("HTTP/1.1 200 OK"), "{navigation}");

        for (head, status, words) in [
            (
                "GET /cctray.xml HTTP/1.1\r\nHost: evil.example:80\r\n\r\n".to_string(),
                "HTTP/1.1 421",
                "not to 'evil.example:80'",
            ),
            (
                format!("GET /cctray.xml HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", port.wrapping_add(1)),
                "HTTP/1.1 421",
                "this feed serves only requests addressed to",
            ),
            (
                "GET /cctray.xml HTTP/1.1\r\n\r\n".to_string(),
                "HTTP/1.1 421",
                "not to ''",
            ),
            (
                format!("GET http://evil.example/cctray.xml HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
                "HTTP/1.1 421",
                "evil.example",
            ),
            (
                format!("GET /cctray.xml HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: https://evil.example\r\n\r\n"),
                "HTTP/1.1 403",
                "origin 'https://evil.example'",
            ),
            (
                format!("GET /cctray.xml HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nSec-Fetch-Site: cross-site\r\n\r\n"),
                "HTTP/1.1 403",
                "Sec-Fetch-Site: cross-site",
            ),
        ] {
            let refused = ask(head.clone()).await;
            assert!(refused.starts_with(status), "{head}: {refused}");
            assert!(refused.contains(words), "{head}: {refused}");
            assert!(!refused.contains("<Projects>"), "{head}: {refused}");
        }
        server.task.abort();
    }
}
