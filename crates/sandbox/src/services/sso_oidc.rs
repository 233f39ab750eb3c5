//! SSO-OIDC (REST JSON, service `oidc`): RegisterClient (`POST /client/register`),
//! StartDeviceAuthorization (`POST /device_authorization`) and CreateToken (`POST /token`, the
//! device code and refresh token grants). CreateToken answers `authorization_pending` until the
//! device is approved (`POST /sandbox/sso/approve?userCode=...` or
//! `RunningSandbox::approve_device`); its verification URL is the sandbox's `/sandbox/device`
//! page, which says how. Errors are OAuth's: `{"error", "error_description"}` with the
//! exception in `x-amzn-errortype`. The rules are in `sso`.

use serde_json::{json, Value};

use crate::sso::Refusal;
use crate::store::Store;

/// (status, body, x-amzn-errortype)
pub type Rest = (u16, Value, Option<&'static str>);

pub fn refusal(r: Refusal) -> Rest {
    let (shape, error, status, description) = r.wire();
    let body = if error.is_empty() {
        json!({ "message": description })
    } else {
        json!({ "error": error, "error_description": description })
    };
    (status, body, Some(shape))
}

fn field<'a>(body: &'a Value, key: &str) -> Result<&'a str, Refusal> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or(Refusal::InvalidRequest)
}

/// Answer an SSO-OIDC request, or None when the path is not one of its operations.
pub fn handle(
    st: &mut Store,
    method: &hyper::Method,
    path: &str,
    body: &[u8],
    now: f64,
) -> Option<Rest> {
    if method != hyper::Method::POST
        || !matches!(
            path,
            "/client/register" | "/device_authorization" | "/token"
        )
    {
        return None;
    }
    let body: Value = serde_json::from_slice(body).unwrap_or_else(|_| json!({}));
    let answer = match path {
        "/client/register" => register_client(st, &body, now),
        "/device_authorization" => start_device_authorization(st, &body, now),
        _ => create_token(st, &body, now),
    };
    Some(answer.unwrap_or_else(refusal))
}

fn register_client(st: &mut Store, body: &Value, now: f64) -> Result<Rest, Refusal> {
    let name = field(body, "clientName")?;
    field(body, "clientType")?;
    let (id, client) = st.world.sso.register_client(name, now);
    Ok((
        200,
        json!({
            "clientId": id,
            "clientSecret": client.secret,
            "clientIdIssuedAt": client.issued.floor() as i64,
            "clientSecretExpiresAt": client.expires.floor() as i64,
        }),
        None,
    ))
}

fn start_device_authorization(st: &mut Store, body: &Value, now: f64) -> Result<Rest, Refusal> {
    let id = field(body, "clientId")?;
    let secret = field(body, "clientSecret")?;
    field(body, "startUrl")?;
    let (device_code, user_code) = st.world.sso.start_device(id, secret, now)?;
    let uri = format!("{}/sandbox/device", st.base_url);
    let t = st.world.sso.times;
    Ok((
        200,
        json!({
            "deviceCode": device_code,
            "userCode": user_code,
            "verificationUri": uri,
            "verificationUriComplete": format!("{uri}?user_code={user_code}"),
            "expiresIn": t.device_code_seconds,
            "interval": t.interval_seconds,
        }),
        None,
    ))
}

fn create_token(st: &mut Store, body: &Value, now: f64) -> Result<Rest, Refusal> {
    let id = field(body, "clientId")?;
    let secret = field(body, "clientSecret")?;
    let grant = field(body, "grantType")?;
    let device_code = body.get("deviceCode").and_then(Value::as_str);
    let refresh = body.get("refreshToken").and_then(Value::as_str);
    let granted = st
        .world
        .sso
        .create_token(id, secret, grant, device_code, refresh, now)?;
    Ok((
        200,
        json!({
            "accessToken": granted.access_token,
            "tokenType": "Bearer",
            "expiresIn": granted.expires_in,
            "refreshToken": granted.refresh_token,
        }),
        None,
    ))
}

/// The `/sandbox/device` page the verification URL opens: what to do to approve.
pub fn device_page(st: &Store, user_code: Option<&str>, now: f64) -> String {
    let waiting: Vec<String> = st
        .world
        .sso
        .devices
        .values()
        .filter(|d| d.decision.is_none() && d.expires > now)
        .filter(|d| user_code.is_none_or(|c| c.eq_ignore_ascii_case(&d.user_code)))
        .map(|d| {
            let client = st
                .world
                .sso
                .clients
                .get(&d.client_id)
                .map_or("?", |c| c.name.as_str());
            format!(
                "  {}  (client {client}, expires in {} s)",
                d.user_code,
                (d.expires - now).round()
            )
        })
        .collect();
    format!(
        "Pipewright sandbox: IAM Identity Center sign-in (a stand-in, not AWS)\n\n{}\n\nApprove a code as the user would:\n  curl -X POST -H 'x-pipewright-sandbox-token: <admin token>' '{}/sandbox/sso/approve?userCode=<code>'\n(or /sandbox/sso/deny; from Rust: RunningSandbox::approve_device).\n",
        if waiting.is_empty() {
            "No device authorization is waiting.".to_string()
        } else {
            format!("Waiting for approval:\n{}", waiting.join("\n"))
        },
        st.base_url
    )
}
