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

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode, Uri};
use hyper_util::rt::{TokioIo, TokioTimer};
use pipewright_core::xml::escape;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::error::WatchError;
use crate::observe::{BuildStatus, Healths, PipelineHealth};

/// Requests are bounded: a head larger than this is refused (431) ...
const MAX_HEAD_BYTES: usize = 8192;
/// ... a head not received within this time closes the connection ...
const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// ... and no connection lives longer than this (a client that never reads its answer).
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(30);

/// The first wait after an accept error that is not the connection's own (out of file
/// descriptors, memory or buffers); it doubles up to [`ACCEPT_BACKOFF_MAX`] while the error lasts.
const ACCEPT_BACKOFF_MIN: Duration = Duration::from_millis(10);
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(1);

/// Builds the link of a pipeline in the feed (e.g. the console page, or a `pipewright://` link).
pub type WebUrl = Arc<dyn Fn(&str) -> String + Send + Sync>;

/// The AWS console page of a pipeline, on the console of the region's partition.
pub fn console_url(region: &str) -> WebUrl {
    let region = region.to_string();
    let host = pipewright_core::arn::console_host(&region);
    Arc::new(move |name: &str| {
        format!("https://{host}/codesuite/codepipeline/pipelines/{name}/view?region={region}")
    })
}

/// The feed for these pipelines, sorted by name.
pub fn render<'a>(
    pipelines: impl IntoIterator<Item = &'a PipelineHealth>,
    web_url: &dyn Fn(&str) -> String,
) -> String {
    let mut sorted: Vec<&PipelineHealth> = pipelines.into_iter().collect();
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
    fn response(&self, port: u16) -> Resp {
        let (status, body) = match self {
            Refusal::ForeignHost(host) => (
                StatusCode::MISDIRECTED_REQUEST,
                format!("this feed serves only requests addressed to 127.0.0.1:{port}, localhost:{port} or [::1]:{port}, not to '{host}'; use the feed's URL as Pipewright shows it\n"),
            ),
            Refusal::CrossSite(origin) => (
                StatusCode::FORBIDDEN,
                format!("this feed refuses requests from web pages of other sites ({origin}); point a build monitor at it instead\n"),
            ),
        };
        answer(status, "text/plain; charset=utf-8", body)
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

/// Refuse a request not addressed to the feed on `port` (its `Host`, and the authority of an
/// absolute request URI), or sent by another site's page (`Origin`, `Sec-Fetch-Site`).
pub fn check_request(uri: &Uri, headers: &HeaderMap, port: u16) -> Result<(), Refusal> {
    // A header that is not visible ASCII reads as empty, which no check accepts.
    let header =
        |name: header::HeaderName| headers.get(name).map(|v| v.to_str().unwrap_or("").trim());
    match header(header::HOST) {
        Some(h) if is_own_authority(h, port) => {}
        other => return Err(Refusal::ForeignHost(other.unwrap_or("").to_string())),
    }
    if let Some(authority) = uri.authority() {
        if !is_own_authority(authority.as_str(), port) {
            return Err(Refusal::ForeignHost(authority.to_string()));
        }
    }
    if let Some(origin) = header(header::ORIGIN) {
        let own = origin
            .strip_prefix("http://")
            .is_some_and(|a| is_own_authority(a, port));
        if !own {
            return Err(Refusal::CrossSite(format!("origin '{origin}'")));
        }
    }
    if let Some(site) = header(header::HeaderName::from_static("sec-fetch-site")) {
        if !matches!(site, "same-origin" | "none") {
            return Err(Refusal::CrossSite(format!("Sec-Fetch-Site: {site}")));
        }
    }
    Ok(())
}

type Resp = Response<Full<Bytes>>;

/// An answer that closes the connection after it (one request per connection, as monitors poll).
fn answer(status: StatusCode, content_type: &str, body: String) -> Resp {
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = status;
    let headers = resp.headers_mut();
    if !content_type.is_empty() {
        if let Ok(v) = HeaderValue::from_str(content_type) {
            headers.insert(header::CONTENT_TYPE, v);
        }
    }
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    resp
}

/// One request: the guard first, then `GET`/`HEAD` of `/cctray.xml` (or `/`).
fn respond(
    req: &Request<Incoming>,
    port: u16,
    health: &watch::Receiver<Healths>,
    web_url: &WebUrl,
) -> Resp {
    if let Err(refusal) = check_request(req.uri(), req.headers(), port) {
        return refusal.response(port);
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut resp = answer(StatusCode::METHOD_NOT_ALLOWED, "", String::new());
        resp.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET"));
        return resp;
    }
    match req.uri().path() {
        // hyper sends no body to a HEAD request, but the Content-Length of this one.
        "/cctray.xml" | "/" => {
            let body = render(health.borrow().values(), web_url.as_ref());
            let mut resp = answer(StatusCode::OK, "application/xml; charset=utf-8", body);
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            resp
        }
        _ => answer(StatusCode::NOT_FOUND, "", String::new()),
    }
}

/// Errors of one connection (the peer gave up before it was accepted): accept the next at once.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    )
}

/// Serves `GET /cctray.xml` (and `/`) from the latest health, on a loopback address only, to
/// requests addressed to it and not sent by another site's page ([`check_request`]). Each
/// connection is served by hyper (HTTP/1.1, one request, bounded head and lifetime); when
/// accepting fails for want of resources (EMFILE, ENFILE, ENOBUFS, ENOMEM) the loop waits,
/// doubling the wait while the error lasts, instead of spinning.
pub async fn serve(
    addr: SocketAddr,
    health: watch::Receiver<Healths>,
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
    let mut http = hyper::server::conn::http1::Builder::new();
    http.keep_alive(false)
        .max_buf_size(MAX_HEAD_BYTES)
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT);
    let task = tokio::spawn(async move {
        let mut backoff = ACCEPT_BACKOFF_MIN;
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => {
                    backoff = ACCEPT_BACKOFF_MIN;
                    stream
                }
                Err(e) if is_connection_error(&e) => continue,
                Err(_) => {
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(ACCEPT_BACKOFF_MAX);
                    continue;
                }
            };
            let health = health.clone();
            let web_url = web_url.clone();
            let svc = service_fn(move |req: Request<Incoming>| {
                let resp = respond(&req, port, &health, &web_url);
                async move { Ok::<_, Infallible>(resp) }
            });
            let conn = http.serve_connection(TokioIo::new(stream), svc);
            tokio::spawn(async move {
                // A failed or timed-out connection only ends itself.
                let _ = tokio::time::timeout(CONNECTION_TIMEOUT, conn).await;
            });
        }
    });
    Ok(CctrayServer { addr, task })
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    fn healths(one: PipelineHealth) -> Healths {
        Healths::from([(one.pipeline.clone(), one)])
    }

    fn health(name: &str, status: BuildStatus, running: bool) -> PipelineHealth {
        PipelineHealth {
            pipeline: name.into(),
            running,
            failing: status == BuildStatus::Failure,
            last_status: status,
            last_execution_id: Some("exec-1".into()),
            last_change: Some("2026-11-25T05:00:00Z".into()),
            ..PipelineHealth::default()
        }
    }

    #[test]
    fn a_pipelines_page_is_on_its_partitions_console() {
        assert_eq!(
            console_url("cn-north-1")("api"),
            "https://cn-north-1.console.amazonaws.cn/codesuite/codepipeline/pipelines/api/view?region=cn-north-1"
        );
        assert!(console_url("us-gov-east-1")("api")
            .starts_with("https://us-gov-east-1.console.amazonaws-us-gov.com/"));
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
        let (tx, rx) = watch::channel(healths(health("api", BuildStatus::Success, false)));
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
        tx.send(healths(health("api", BuildStatus::Failure, true)))
            .unwrap();
        let second = get("/cctray.xml").await;
        assert!(
            second.contains("activity=\"Building\" lastBuildStatus=\"Failure\""),
            "{second}"
        );
        assert!(get("/other").await.starts_with("HTTP/1.1 404"));
        server.task.abort();
    }

    /// Requests are bounded: a head larger than the limit is refused before any guard or feed
    /// (and answered, not left hanging); a method other than GET or HEAD is refused; HEAD gets
    /// the headers without the feed.
    #[tokio::test]
    async fn bounds_requests_and_answers_only_get_and_head() {
        let (_tx, rx) = watch::channel(healths(health("api", BuildStatus::Success, false)));
        let server = serve("127.0.0.1:0".parse().unwrap(), rx, console_url("us-east-1"))
            .await
            .unwrap();
        let addr = server.addr;
        let host = format!("127.0.0.1:{}", addr.port());

        let padding = "a".repeat(MAX_HEAD_BYTES * 2);
        let huge =
            format!("GET /cctray.xml HTTP/1.1\r\nHost: {host}\r\nX-Padding: {padding}\r\n\r\n");
        // The server closes with part of the head unread, so the close may come as a reset:
        // keep what arrived before it.
        let refused = tokio::time::timeout(Duration::from_secs(10), async {
            let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
            let _ = s.write_all(huge.as_bytes()).await;
            let mut out = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = s.read(&mut buf).await {
                out.extend_from_slice(&buf[..n]);
            }
            String::from_utf8_lossy(&out).into_owned()
        })
        .await
        .expect("an oversized head is answered, not left waiting");
        assert!(refused.starts_with("HTTP/1.1 431"), "{refused}");
        assert!(!refused.contains("<Projects>"), "{refused}");

        let post = request(
            addr,
            &format!("POST /cctray.xml HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\n\r\n"),
        )
        .await;
        assert!(post.starts_with("HTTP/1.1 405"), "{post}");
        assert!(post.to_ascii_lowercase().contains("allow: get"), "{post}");

        let get = request(
            addr,
            &format!("GET /cctray.xml HTTP/1.1\r\nHost: {host}\r\n\r\n"),
        )
        .await;
        let head = request(
            addr,
            &format!("HEAD /cctray.xml HTTP/1.1\r\nHost: {host}\r\n\r\n"),
        )
        .await;
        assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
        assert!(!head.contains("<Projects>"), "{head}");
        let length = |r: &str| {
            r.lines().find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length: ")
                    .map(str::to_string)
            })
        };
        assert_eq!(length(&head), length(&get), "{head}\n{get}");
        assert!(get.contains("<Projects>"), "{get}");
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
        let (_tx, rx) = watch::channel(healths(health("api", BuildStatus::Success, false)));
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
