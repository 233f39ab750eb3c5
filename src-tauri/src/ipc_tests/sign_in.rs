//! "Sign in" of an SSO connection through Tauri's real IPC layer (mock runtime, no window),
//! against the local sandbox as IAM Identity Center (SSO-OIDC for the device flow, the SSO
//! portal for role credentials) and CodePipeline: the device code is approved (or denied) in the
//! sandbox as the user would in the browser, the standard SSO token cache is written, and the
//! connection then resolves and answers.
//!
//! It sets HOME and the SSO endpoint variables, so it runs in a process of its own: the test
//! re-runs itself (this one test) with a marker variable.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::{Listener, WebviewWindow};

use pipewright_appcore::connections::ConnectionsState;
use pipewright_appcore::control_room::ControlRoom;
use pipewright_appcore::events::Event;
use pipewright_appcore::sign_in::SignInEvent;
use pipewright_sandbox::{Sandbox, SandboxConfig};

/// The commands this test calls.
pub(crate) const COVERED: &[&str] = &[
    "sign_in_connection",
    "cancel_sign_in",
    "connection_sessions",
    "sign_in_mfa",
];

const TEST: &str = "ipc_tests::sign_in::sign_in_through_ipc_writes_the_sso_token_cache_and_the_connection_resolves";
const CHILD: &str = "PIPEWRIGHT_SIGN_IN_TEST_CHILD";

struct Harness {
    _app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
    events: Arc<Mutex<Vec<Value>>>,
}

impl Harness {
    fn ok(&self, cmd: &str, args: Value) -> Value {
        super::call_checked(&self.webview, cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn err(&self, cmd: &str, args: Value) -> Value {
        match super::call_checked(&self.webview, cmd, args) {
            Ok(v) => panic!("{cmd} should have failed but answered {v}"),
            Err(e) => e,
        }
    }

    /// Waits for a `sign-in` event in the state `state` (the events before it stay).
    fn wait_for(&self, state: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(e) = self
                .events
                .lock()
                .expect("events")
                .iter()
                .find(|e| e["state"]["state"] == state)
            {
                return e.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no sign-in event {state}: {:?}",
                self.events.lock().expect("events")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn clear(&self) {
        self.events.lock().expect("events").clear();
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

#[test]
fn sign_in_through_ipc_writes_the_sso_token_cache_and_the_connection_resolves() {
    if std::env::var_os(CHILD).is_none() {
        let status = std::process::Command::new(std::env::current_exe().expect("the test binary"))
            .args([TEST, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .status()
            .expect("the test re-runs itself");
        assert!(
            status.success(),
            "{TEST} failed in its own process (see above)"
        );
        return;
    }
    let sandbox = tauri::async_runtime::block_on(Sandbox::start(SandboxConfig::with_samples()))
        .expect("the sandbox starts");
    let url = sandbox.endpoint_url().to_string();
    let home = tempfile::tempdir().expect("a home");
    let config = home.path().join(".aws/config");
    std::fs::create_dir_all(config.parent().expect("parent")).expect("mkdir");
    std::fs::write(
        &config,
        "[profile sso-dev]\nsso_session = sandbox\nsso_account_id = 000000000000\nsso_role_name = PipelineOperator\nregion = us-east-1\n\n\
         [sso-session sandbox]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n",
    )
    .expect("write the AWS config");
    // This process runs this one test only: its environment is its own.
    std::env::set_var("HOME", home.path());
    std::env::set_var("AWS_CONFIG_FILE", &config);
    std::env::set_var(
        "AWS_SHARED_CREDENTIALS_FILE",
        home.path().join(".aws/credentials"),
    );
    std::env::set_var("AWS_ENDPOINT_URL_SSO", &url);
    std::env::set_var("AWS_ENDPOINT_URL_SSO_OIDC", &url);
    for var in [
        "AWS_PROFILE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
    ] {
        std::env::remove_var(var);
    }

    let app_dir = tempfile::tempdir().expect("the app's config folder");
    let (app, webview) = super::mock_app(|app| {
        let conns = ConnectionsState::open(
            app_dir.path(),
            pipewright_connections::Keyring::new("pipewright-test-unused"),
        );
        super::manage_control(app, conns, ControlRoom::new(app_dir.path()));
    });
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    app.listen_any(SignInEvent::NAME, move |event| {
        let payload: Value = serde_json::from_str(event.payload()).unwrap_or(Value::Null);
        sink.lock().expect("events").push(payload);
    });
    let h = Harness {
        _app: app,
        webview,
        events,
    };

    let added = h.ok(
        "add_connection",
        json!({ "connection": { "name": "dev sso", "region": "us-east-1", "endpointUrl": url,
                                "auth": { "kind": "awsProfile", "profile": "sso-dev" } } }),
    );
    let id = added["id"].as_str().expect("id").to_string();
    let env = h.ok(
        "add_connection",
        json!({ "connection": { "name": "env", "region": "us-east-1", "endpointUrl": null,
                                "auth": { "kind": "environment" } } }),
    );

    // Never signed in: the session says so; the connection cannot list pipelines.
    let sessions = h.ok("connection_sessions", json!({}));
    assert_eq!(
        sessions,
        json!([{ "connectionId": id, "session": { "expiresAtMs": null, "expired": true, "label": "not signed in" } }]),
        "only the SSO connection has a session"
    );
    h.err("test_connection", json!({ "id": id, "options": {} }));

    // Only an SSO connection signs in; an unknown one is not found.
    let not_sso = h.err("sign_in_connection", json!({ "connection": env["id"] }));
    assert!(
        not_sso["message"]
            .as_str()
            .is_some_and(|m| m.contains("does not sign in with IAM Identity Center")),
        "{not_sso}"
    );
    let unknown = h.err("sign_in_connection", json!({ "connection": "nope" }));
    assert_eq!(unknown["kind"], "not-found", "{unknown}");
    // A new MFA code is only for a connection with an MFA device (crates/app/tests/mfa_sign_in.rs
    // signs one in).
    let not_mfa = h.err("sign_in_mfa", json!({ "connection": id, "code": "123456" }));
    assert!(
        not_mfa["message"]
            .as_str()
            .is_some_and(|m| m.contains("has no MFA device")),
        "{not_mfa}"
    );

    // Started, then cancelled: nothing is cached.
    let waiting = h.ok("sign_in_connection", json!({ "connection": id }));
    assert_eq!(waiting["connectionId"], id.as_str());
    assert_eq!(waiting["connection"], "dev sso");
    assert!(
        waiting["verificationUrl"]
            .as_str()
            .is_some_and(|u| u.starts_with(&url) && u.contains("code=")),
        "{waiting}"
    );
    // No browser in a mock app: the UI shows the page to open.
    assert_eq!(waiting["opened"], false);
    let expires = waiting["expiresAtMs"].as_u64().expect("expiry");
    assert!(expires > now_ms() + 60_000, "{waiting}");
    assert_eq!(
        h.wait_for("waiting")["state"]["userCode"],
        waiting["userCode"]
    );
    assert_eq!(h.ok("cancel_sign_in", json!({ "connection": id })), true);
    h.wait_for("cancelled");
    assert_eq!(h.ok("cancel_sign_in", json!({ "connection": id })), false);
    let cache = pipewright_connections::sso::cache::path("sandbox").expect("cache path");
    assert!(cache.starts_with(home.path()), "{}", cache.display());
    assert!(!cache.exists(), "a cancelled sign-in writes no token");

    // Denied in the browser: said in a sentence.
    h.clear();
    let waiting = h.ok("sign_in_connection", json!({ "connection": "dev sso" }));
    let code = waiting["userCode"].as_str().expect("code").to_string();
    assert!(sandbox.approve_device(&code, false));
    let failed = h.wait_for("failed");
    assert!(
        failed["state"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("denied")),
        "{failed}"
    );
    assert!(!cache.exists());

    // Approved: the standard token cache is written and the connection answers.
    h.clear();
    let waiting = h.ok("sign_in_connection", json!({ "connection": id }));
    let code = waiting["userCode"].as_str().expect("code").to_string();
    assert!(sandbox.approve_device(&code, true));
    let done = h.wait_for("signedIn");
    assert_eq!(done["connectionId"], id.as_str());
    assert_eq!(done["state"]["session"]["expired"], false, "{done}");
    let text = std::fs::read_to_string(&cache).expect("the token cache is written");
    let token: Value = serde_json::from_str(&text).expect("JSON");
    for key in [
        "accessToken",
        "expiresAt",
        "refreshToken",
        "clientId",
        "startUrl",
    ] {
        assert!(token[key].is_string(), "{key} in {text}");
    }
    assert_eq!(token["startUrl"], "https://example.awsapps.com/start");
    let sessions = h.ok("connection_sessions", json!({}));
    assert_eq!(sessions[0]["session"]["expired"], false, "{sessions}");
    assert!(
        sessions[0]["session"]["label"]
            .as_str()
            .is_some_and(|l| l.ends_with(" left")),
        "{sessions}"
    );
    let report = h.ok("test_connection", json!({ "id": id, "options": {} }));
    assert!(
        report["message"]
            .as_str()
            .is_some_and(|m| m.contains("dev sso")),
        "{report}"
    );
    tauri::async_runtime::block_on(sandbox.shutdown());
}
