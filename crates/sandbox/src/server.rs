//! The HTTP side: the accept loop, the services' protocols (routed to `services`: AWS JSON on
//! `POST /` by `X-Amz-Target`, RPC v2 CBOR on `/service/...`, the query protocol by a form body,
//! REST JSON by path), sandbox endpoints under `/sandbox/` for demos and fault injection (the
//! world's switches are listed in the crate README), and the engine task, which also hands the
//! engine's state-change events to the publisher.
//!
//! - `GET  /sandbox/health` answers `ok`.
//! - `GET  /sandbox/actions/<actionExecutionId>` a plain-text page for an action run (the
//!   `externalExecutionUrl` of build/deploy actions points here).
//! - `POST /sandbox/clock/advance?ms=N` moves the sandbox clock forward (approval expiry).
//! - `POST /sandbox/faults?throttleNext=N&throttleEvery=M` injects ThrottlingException.
//! - `POST /sandbox/scenario` (body: a scenario in JSON or YAML) replaces the scenario.
//! - `POST /sandbox/reset` deletes every pipeline and execution.
//!
//! Every request passes the `guard` first (its own `Host`, no other site's pages); the `POST
//! /sandbox/...` endpoints also need the admin token (answered 403 otherwise).
//!
//! Signatures are not checked: any credentials are accepted. A request's account is its access
//! key's (`accounts`); the caller shown in `lastChangedBy`/`updatedBy` is
//! `arn:aws:iam::<account>:user/<access key id>`.

use std::convert::Infallible;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};

use crate::clock::Clock;
use crate::error::ApiError;
use crate::executions;
use crate::guard::{Guard, Refusal};
use crate::scenario::Scenario;
use crate::services::{self, Call};
use crate::store::Store;

pub const TARGET_PREFIX: &str = "CodePipeline_20150709.";

/// Requests larger than this are refused (a real pipeline declaration is a few hundred KB).
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

pub struct Shared {
    pub store: Mutex<Store>,
    pub clock: Clock,
    pub notify: Notify,
    pub guard: Guard,
    /// Where state-change events go, when they are published.
    pub publisher: Option<crate::publish::Publisher>,
}

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Give the events the engine queued to the publisher (never waits).
    pub fn hand_over_events(&self, st: &mut Store) {
        if let Some(p) = &self.publisher {
            p.offer(st.events.take());
        }
    }

    /// Run `f` on the store with the engine caught up before and after, then wake the engine.
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store, f64) -> T) -> T {
        let now = self.clock.now();
        let out = {
            let mut st = self.lock();
            executions::advance(&mut st, now);
            let out = f(&mut st, now);
            executions::advance(&mut st, now);
            self.hand_over_events(&mut st);
            out
        };
        self.notify.notify_one();
        out
    }
}

/// The first wait after an accept error that is not the connection's own (out of file
/// descriptors, memory or buffers); it doubles up to [`ACCEPT_BACKOFF_MAX`] while the error lasts.
const ACCEPT_BACKOFF_MIN: Duration = Duration::from_millis(10);
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(1);

/// Accept connections until `stop`, each served on its own task. When accepting fails for want
/// of resources (EMFILE, ENFILE, ENOBUFS, ENOMEM), the pending connection stays in the backlog
/// and the next accept would fail at once: wait instead of spinning, and accept again when
/// connections have closed.
pub async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let mut backoff = ACCEPT_BACKOFF_MIN;
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => {
                backoff = ACCEPT_BACKOFF_MIN;
                stream
            }
            Err(e) if is_connection_error(&e) => continue,
            Err(_) => {
                tokio::select! {
                    _ = tokio::time::sleep(backoff) => {}
                    _ = stop.changed() => break,
                }
                backoff = (backoff * 2).min(ACCEPT_BACKOFF_MAX);
                continue;
            }
        };
        let shared = shared.clone();
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let svc = service_fn(move |req| handle(shared.clone(), req));
            let conn = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), svc);
            tokio::select! {
                _ = conn => {}
                _ = stop.changed() => {}
            }
        });
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

/// The engine task: advance at every deadline and whenever an API call changed something.
pub async fn engine_loop(shared: Arc<Shared>) {
    loop {
        let now = shared.clock.now();
        let deadline = {
            let mut st = shared.lock();
            let next = executions::advance(&mut st, now);
            shared.hand_over_events(&mut st);
            next
        };
        match deadline {
            Some(t) => {
                let wait = std::time::Duration::from_secs_f64((t - now).max(0.0) + 0.001);
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = shared.notify.notified() => {}
                }
            }
            None => shared.notify.notified().await,
        }
    }
}

type Resp = Response<Full<Bytes>>;

pub async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Result<Resp, Infallible> {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    if let Err(refusal) = shared.guard.check(req.uri(), req.headers()) {
        return Ok(refused(&path, &refusal));
    }
    if method == hyper::Method::POST && path.starts_with("/sandbox/") {
        if let Err(refusal) = shared.guard.check_admin(req.headers()) {
            return Ok(refused(&path, &refusal));
        }
    }
    let query = req.uri().query().unwrap_or("").to_string();
    let target = header(&req, "x-amz-target");
    let content_type = header(&req, "content-type").unwrap_or_default();
    let headers = req.headers().clone();
    let caller = {
        let auth = header(&req, "authorization");
        let key = crate::accounts::access_key(auth.as_deref()).unwrap_or("anonymous");
        caller_arn(shared.lock().accounts.account_of(key), key)
    };
    let body = match Limited::new(req.into_body(), MAX_BODY_BYTES).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            return Ok(text(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!("Could not read the request body ({e}); requests are limited to {MAX_BODY_BYTES} bytes."),
            ))
        }
    };
    if path.starts_with("/sandbox/") {
        return Ok(admin(&shared, &method, &path, &query, &body));
    }
    let form = content_type.starts_with("application/x-www-form-urlencoded");
    if method == hyper::Method::POST && path == "/" && (target.is_some() || !form) {
        let Some((service, op)) = target.as_deref().and_then(|t| {
            let (name, op) = t.split_once('.')?;
            Some((services::JsonService::by_target(name)?.0, op))
        }) else {
            return Ok(error(&ApiError::new(
                "UnknownOperationException",
                format!("Missing or unknown X-Amz-Target header {target:?}; expected {TARGET_PREFIX}<Operation> (or another service the sandbox serves, see its README)."),
            ), "1.1"));
        };
        let version = services::JsonService::by_target(
            target
                .as_deref()
                .unwrap_or("")
                .split('.')
                .next()
                .unwrap_or(""),
        )
        .map_or("1.1", |(_, v)| v);
        let body: Value = if body.iter().all(u8::is_ascii_whitespace) {
            json!({})
        } else {
            match serde_json::from_slice(&body) {
                Ok(v) => v,
                Err(e) => {
                    return Ok(error(
                        &ApiError::new(
                            "SerializationException",
                            format!("The request body is not valid JSON: {e}"),
                        ),
                        version,
                    ))
                }
            }
        };
        return Ok(match call(&shared, service, op, &body, &caller) {
            Ok(v) => json_response(StatusCode::OK, &v, version),
            Err(e) => error(&e, version),
        });
    }
    if method == hyper::Method::POST && path.starts_with("/service/") {
        return Ok(cbor_call(&shared, &path, &body, &caller));
    }
    if method == hyper::Method::POST && path == "/" && form {
        let params: Vec<(String, String)> = String::from_utf8_lossy(&body)
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect();
        let sts = params
            .iter()
            .any(|(k, v)| k == "Action" && services::sts::serves(v));
        let (status, xml) = shared.with_store(|st, now| {
            let call = Call {
                caller: &caller,
                now,
            };
            if sts {
                services::sts::handle(st, &params, &call)
            } else {
                services::cloudformation::handle(st, &body, &call)
            }
        });
        return Ok(Response::builder()
            .status(status)
            .header("content-type", "text/xml")
            .header("x-amzn-requestid", uuid::Uuid::new_v4().to_string())
            .body(Full::new(Bytes::from(xml)))
            .unwrap_or_else(|_| Response::new(Full::new(Bytes::new()))));
    }
    let rest = shared.with_store(|st, now| {
        services::sso_oidc::handle(st, &method, &path, &body, now)
            .or_else(|| services::sso::handle(st, &method, &path, &query, &headers, now))
    });
    if let Some((status, body, error_type)) = rest {
        let mut b = Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .header("x-amzn-requestid", uuid::Uuid::new_v4().to_string());
        if let Some(t) = error_type {
            b = b.header("x-amzn-errortype", t);
        }
        return Ok(b
            .body(Full::new(Bytes::from(body.to_string())))
            .unwrap_or_else(|_| Response::new(Full::new(Bytes::new()))));
    }
    Ok(text(
        StatusCode::NOT_FOUND,
        "This is the Pipewright sandbox: send AWS JSON requests (POST / with X-Amz-Target: CodePipeline_20150709.<Operation>, or another service it serves), CloudFormation query requests, or SSO-OIDC / SSO portal REST requests.",
    ))
}

/// One JSON-protocol operation on the store: CodePipeline calls count towards throttling; a
/// bug in one operation answers InternalFailure instead of dropping the connection.
fn call(
    shared: &Shared,
    service: services::JsonService,
    op: &str,
    body: &Value,
    caller: &str,
) -> Result<Value, ApiError> {
    shared.with_store(|st, now| {
        if service == services::JsonService::CodePipeline {
            st.calls += 1;
            let every = st.config.scenario.throttle_every;
            if st.throttle_next > 0 {
                st.throttle_next -= 1;
                return Err(throttled());
            }
            if every > 0 && st.calls % every == 0 {
                return Err(throttled());
            }
        }
        let call = Call { caller, now };
        let account = crate::accounts::arn_account(caller)
            .unwrap_or(crate::ACCOUNT_ID)
            .to_string();
        if service == services::JsonService::CodePipeline {
            st.accounts.count_call(&account);
            // Another account's pipeline is not there for this caller.
            if let Some(name) = named_pipeline(body).filter(|n| !sees(st, &account, n)) {
                if op != "CreatePipeline" {
                    return Err(ApiError::new(
                        "PipelineNotFoundException",
                        format!("The account with id '{account}' does not include a pipeline with the name '{name}'"),
                    ));
                }
            }
        }
        st.accounts.current = Some(account.clone());
        let mut out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| service.dispatch(st, op, body, &call)))
            .unwrap_or_else(|_| Err(ApiError::internal(format!("The sandbox failed while handling {op}. This is a bug in pipewright-sandbox; please report it."))));
        st.accounts.current = None;
        if service == services::JsonService::CodePipeline && op == "ListPipelines" {
            if let Ok(Value::Object(page)) = &mut out {
                if let Some(Value::Array(items)) = page.get_mut("pipelines") {
                    items.retain(|p| p.get("name").and_then(Value::as_str).is_none_or(|n| sees(st, &account, n)));
                }
            }
        }
        out
    })
}

/// Smithy RPC v2 CBOR: `POST /service/<Service>/operation/<Operation>`, CBOR in and out.
fn cbor_call(shared: &Shared, path: &str, body: &[u8], caller: &str) -> Resp {
    let mut parts = path.trim_start_matches('/').split('/');
    let (service, op) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("service"), Some(name), Some("operation"), Some(op)) => (name, op),
        _ => ("", ""),
    };
    let answer = match services::JsonService::by_target(service) {
        None => Err(ApiError::new(
            "UnknownOperationException",
            format!("The sandbox does not serve {service} over RPC v2 CBOR."),
        )),
        Some((svc, _)) => match crate::cbor::decode(body) {
            Err(e) => Err(ApiError::new(
                "SerializationException",
                format!("The request body is not valid CBOR: {e}"),
            )),
            Ok(v) => {
                let v = if v.is_null() { json!({}) } else { v };
                call(shared, svc, op, &v, caller)
            }
        },
    };
    let (status, value) = match answer {
        Ok(v) => (StatusCode::OK, v),
        Err(e) => (
            StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST),
            services::error_body(&e),
        ),
    };
    Response::builder()
        .status(status)
        .header("content-type", "application/cbor")
        .header("smithy-protocol", "rpc-v2-cbor")
        .header("x-amzn-requestid", uuid::Uuid::new_v4().to_string())
        .body(Full::new(Bytes::from(crate::cbor::encode(&value))))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn throttled() -> ApiError {
    ApiError::new("ThrottlingException", "Rate exceeded")
}

fn header<B>(req: &Request<B>, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// `arn:aws:iam::<account>:user/<access key id>`: who signed a request, in the account its
/// access key belongs to.
fn caller_arn(account: &str, key: &str) -> String {
    format!("arn:aws:iam::{account}:user/{key}")
}

/// The pipeline a CodePipeline request names, if any.
fn named_pipeline(body: &Value) -> Option<&str> {
    body.get("name")
        .or_else(|| body.get("pipelineName"))
        .or_else(|| body.get("pipeline").and_then(|p| p.get("name")))
        .and_then(Value::as_str)
}

/// Whether `caller_account` may see the pipeline `name` (it does not exist, or is its own).
fn sees(st: &Store, caller_account: &str, name: &str) -> bool {
    st.pipelines.get(name).is_none_or(|p| {
        crate::accounts::arn_account(&p.arn).unwrap_or(crate::ACCOUNT_ID) == caller_account
    })
}

fn json_response(status: StatusCode, v: &Value, version: &str) -> Resp {
    Response::builder()
        .status(status)
        .header("content-type", format!("application/x-amz-json-{version}"))
        .header("x-amzn-requestid", uuid::Uuid::new_v4().to_string())
        .body(Full::new(Bytes::from(v.to_string())))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn error(e: &ApiError, version: &str) -> Resp {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
    json_response(status, &services::error_body(e), version)
}

/// 403: text for the sandbox's own endpoints, an AWS JSON error (which SDKs show with its
/// message) for the API.
fn refused(path: &str, refusal: &Refusal) -> Resp {
    let message = refusal.to_string();
    if path.starts_with("/sandbox/") {
        text(StatusCode::FORBIDDEN, &message)
    } else {
        json_response(
            StatusCode::FORBIDDEN,
            &json!({ "__type": "AccessDeniedException", "message": message }),
            "1.1",
        )
    }
}

fn text(status: StatusCode, body: &str) -> Resp {
    Response::builder()
        .status(status)
        .header("content-type", "text/plain; charset=utf-8")
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn query_u64(query: &str, key: &str) -> Option<u64> {
    query_str(query, key).and_then(|v| v.parse().ok())
}

/// A query parameter, percent-decoded.
pub fn query_str(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (percent_decode(k) == key).then(|| percent_decode(v))
    })
}

/// Decode `%XX` escapes and `+` (form encoding).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(
                    std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                    16,
                ) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn bad(message: &str) -> Resp {
    text(StatusCode::BAD_REQUEST, message)
}

fn ok(v: Value) -> Resp {
    json_response(StatusCode::OK, &v, "1.1")
}

/// The admin endpoints that set the world's switches (see the module docs).
fn world_switch(shared: &Shared, path: &str, query: &str) -> Option<Resp> {
    use crate::world::{AlarmState, ConnectionStatus, LogFault};
    let q = |k: &str| query_str(query, k);
    Some(match path {
        "/sandbox/logs/faults" => {
            let Some(group) = q("group") else {
                return Some(bad(
                    "Pass ?group=<log group name>&fault=accessDenied|notFound|none.",
                ));
            };
            let fault = match q("fault").as_deref() {
                None | Some("none") | Some("") => None,
                Some(f) => match LogFault::parse(f) {
                    Some(f) => Some(f),
                    None => return Some(bad("fault is accessDenied, notFound or none.")),
                },
            };
            shared.with_store(|st, _| match fault {
                Some(f) => st.world.log_faults.insert(group.clone(), f),
                None => st.world.log_faults.remove(&group),
            });
            ok(json!({ "group": group, "fault": fault }))
        }
        "/sandbox/connections" => {
            let (Some(arn), Some(status)) = (
                q("arn"),
                q("status").as_deref().and_then(ConnectionStatus::parse),
            ) else {
                return Some(bad(
                    "Pass ?arn=<connection ARN>&status=AVAILABLE|PENDING|ERROR.",
                ));
            };
            shared.with_store(|st, _| crate::world::set_connection(&mut st.world, &arn, status));
            ok(json!({ "arn": arn, "status": status }))
        }
        "/sandbox/alarms" => {
            let (Some(name), Some(state)) =
                (q("name"), q("state").as_deref().and_then(AlarmState::parse))
            else {
                return Some(bad(
                    "Pass ?name=<alarm name>&state=OK|ALARM|INSUFFICIENT_DATA[&reason=...].",
                ));
            };
            let reason = q("reason").unwrap_or_default();
            shared.with_store(|st, now| {
                crate::world::set_alarm(&mut st.world, &name, state, &reason, now)
            });
            ok(json!({ "name": name, "state": state }))
        }
        "/sandbox/sso/approve" | "/sandbox/sso/deny" => {
            let Some(code) = q("userCode").or_else(|| q("user_code")) else {
                return Some(bad(
                    "Pass ?userCode=<the user code StartDeviceAuthorization gave>.",
                ));
            };
            let allow = path.ends_with("approve");
            if shared.with_store(|st, now| st.world.sso.decide(&code, allow, now)) {
                ok(json!({ "userCode": code, "approved": allow }))
            } else {
                text(StatusCode::NOT_FOUND, "No device authorization is waiting with this user code (it may have expired or been decided).")
            }
        }
        "/sandbox/sso/expire" => {
            shared.with_store(|st, now| st.world.sso.expire_all(now));
            ok(json!({}))
        }
        "/sandbox/sso/times" => shared.with_store(|st, _| {
            let t = &mut st.world.sso.times;
            for (key, field) in [
                ("accessTokenSeconds", &mut t.access_token_seconds),
                ("refreshTokenSeconds", &mut t.refresh_token_seconds),
                ("deviceCodeSeconds", &mut t.device_code_seconds),
                ("intervalSeconds", &mut t.interval_seconds),
            ] {
                if let Some(v) = query_u64(query, key) {
                    *field = v;
                }
            }
            if let Some(v) = q("autoApprove") {
                st.world.sso.auto_approve = v == "true";
            }
            let t = st.world.sso.times;
            ok(json!({
                "accessTokenSeconds": t.access_token_seconds,
                "refreshTokenSeconds": t.refresh_token_seconds,
                "deviceCodeSeconds": t.device_code_seconds,
                "intervalSeconds": t.interval_seconds,
                "autoApprove": st.world.sso.auto_approve,
            }))
        }),
        _ => return None,
    })
}

fn admin(shared: &Shared, method: &hyper::Method, path: &str, query: &str, body: &[u8]) -> Resp {
    if method == hyper::Method::POST {
        if let Some(resp) = world_switch(shared, path, query) {
            return resp;
        }
    }
    match (method.as_str(), path) {
        ("GET", "/sandbox/health") => text(StatusCode::OK, "ok"),
        ("GET", "/sandbox/events") => {
            let c = shared.publisher.as_ref().map(|p| p.stats.counts()).unwrap_or_default();
            ok(json!({ "publishing": shared.publisher.is_some(), "sent": c.sent, "failed": c.failed, "dropped": c.dropped }))
        }
        ("POST", "/sandbox/reset") => {
            shared.with_store(Store::reset);
            json_response(StatusCode::OK, &json!({}), "1.1")
        }
        ("POST", "/sandbox/scenario") => {
            let parsed = std::str::from_utf8(body)
                .map_err(|e| e.to_string())
                .and_then(Scenario::from_text);
            match parsed {
                Ok(scenario) => {
                    shared.with_store(|st, now| st.set_scenario(scenario, now));
                    json_response(StatusCode::OK, &json!({}), "1.1")
                }
                Err(e) => text(StatusCode::BAD_REQUEST, &format!("The scenario is not valid: {e}")),
            }
        }
        ("POST", "/sandbox/clock/advance") => match query_u64(query, "ms") {
            Some(ms) => {
                shared.clock.advance(ms);
                shared.with_store(|_, _| ());
                json_response(StatusCode::OK, &json!({ "now": shared.clock.now() }), "1.1")
            }
            None => text(StatusCode::BAD_REQUEST, "Pass ?ms=<milliseconds> to advance the clock."),
        },
        ("POST", "/sandbox/faults") => shared.with_store(|st, _| {
            if let Some(n) = query_u64(query, "throttleNext") {
                st.throttle_next = n;
            }
            if let Some(n) = query_u64(query, "throttleEvery") {
                st.config.scenario.throttle_every = n;
            }
            json_response(
                StatusCode::OK,
                &json!({ "throttleNext": st.throttle_next, "throttleEvery": st.config.scenario.throttle_every }),
                "1.1",
            )
        }),
        ("GET", "/sandbox/device") => {
            let code = query_str(query, "user_code");
            let page = shared.with_store(|st, now| services::sso_oidc::device_page(st, code.as_deref(), now));
            text(StatusCode::OK, &page)
        }
        ("GET", p) if p.starts_with("/sandbox/actions/") => {
            let id = &p["/sandbox/actions/".len()..];
            let page = shared.with_store(|st, _| action_page(st, id));
            match page {
                Some(body) => text(StatusCode::OK, &body),
                None => text(StatusCode::NOT_FOUND, "No action execution with this id."),
            }
        }
        _ => text(StatusCode::NOT_FOUND, "Unknown sandbox endpoint."),
    }
}

fn action_page(st: &Store, id: &str) -> Option<String> {
    for ex in st.executions.values() {
        for stage in &ex.stages {
            for a in &stage.actions {
                if let Some(at) = a.attempts.iter().find(|at| at.id == id) {
                    let mut out = format!(
                        "Pipewright sandbox action run\n\npipeline:  {}\nexecution: {}\nstage:     {}\naction:    {} ({}/{})\nstatus:    {}\n",
                        ex.pipeline,
                        ex.id,
                        stage.name,
                        a.name,
                        a.category(),
                        a.provider(),
                        at.status.as_str()
                    );
                    if let Some(s) = &at.summary {
                        out.push_str(&format!("summary:   {s}\n"));
                    }
                    if let Some((code, message)) = &at.error {
                        out.push_str(&format!("error:     {code}: {message}\n"));
                    }
                    return Some(out);
                }
            }
        }
    }
    None
}
