//! "Sign in again" for a connection whose MFA session ended, without a window: the request says
//! which sign-in the connection needs (a new MFA code, not the SSO device flow), and signing in
//! with a new code asks STS (moto on loopback) for a new session that replaces the old one; an
//! empty code is refused, never answered with the session that ended. Keys live in the real
//! keyring of `scripts/with-session.sh` (outside such a session the test re-runs itself through
//! it). Its own test binary: it sets the AWS environment variables for the process.

use std::sync::Arc;
use std::time::Duration;

use pipewright_appcore::connections::ConnectionsState;
use pipewright_appcore::control_room::{ControlFlows, ControlRoom};
use pipewright_appcore::error::ErrorKind;
use pipewright_appcore::events::{Event, RecordingShell, SignInRequestEvent};
use pipewright_connections::{AuthInput, ConnectOptions, Keyring, NewConnection, Secret};
use pipewright_test_support::moto::Moto;
use pipewright_test_support::session::ensure_session;
use serde_json::json;

const SERIAL: &str = "arn:aws:iam::123456789012:mfa/release-manager";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_again_asks_an_mfa_connection_for_a_new_code_and_makes_a_new_session() {
    if !ensure_session(
        "sign_in_again_asks_an_mfa_connection_for_a_new_code_and_makes_a_new_session",
    ) {
        return;
    }
    // No real ~/.aws, no instance metadata.
    let home = tempfile::tempdir().expect("a home");
    std::env::set_var("HOME", home.path());
    std::env::set_var("AWS_CONFIG_FILE", home.path().join("config"));
    std::env::set_var(
        "AWS_SHARED_CREDENTIALS_FILE",
        home.path().join("credentials"),
    );
    std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
    for var in [
        "AWS_PROFILE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
    ] {
        std::env::remove_var(var);
    }
    let moto = Moto::start();

    let app = tempfile::tempdir().expect("the app's config folder");
    let keyring = Keyring::new(format!("pipewright-test-mfa-{}", std::process::id()));
    let conns = ConnectionsState::open(app.path(), keyring);
    {
        let mut c = conns.lock().await.expect("the connections");
        c.add(NewConnection {
            name: "release".into(),
            region: Some("us-east-1".into()),
            endpoint_url: Some(moto.url.clone()),
            auth: AuthInput::AccessKey {
                access_key_id: "AKIAMFASIGNINTEST001".into(),
                secret_access_key: Secret::new("long-term-secret"),
                session_token: None,
                mfa_serial: Some(SERIAL.into()),
            },
        })
        .expect("the MFA connection is saved");
        c.add(NewConnection {
            name: "sso-dev".into(),
            region: Some("us-east-1".into()),
            endpoint_url: None,
            auth: AuthInput::AwsProfile {
                profile: "dev".into(),
            },
        })
        .expect("the SSO connection is saved");
    }
    let room = ControlRoom::new(app.path());
    let shell = Arc::new(RecordingShell::default());
    let flows = ControlFlows::new(
        room,
        conns.clone(),
        shell.clone(),
        tokio::runtime::Handle::current(),
    );

    // "Sign in again" says which sign-in each connection needs.
    flows.request_sign_in("release").await;
    flows.request_sign_in("sso-dev").await;
    assert_eq!(
        shell.events_named(SignInRequestEvent::NAME),
        vec![
            json!({ "connection": "release", "method": "mfa" }),
            json!({ "connection": "sso-dev", "method": "sso" }),
        ]
    );
    assert_eq!(shell.shown(), 2, "the window is shown for each");

    // The first session, made with a code when the connection was first used.
    let first = conns
        .lock()
        .await
        .unwrap()
        .resolve(
            "release",
            &ConnectOptions {
                mfa_code: Some("111111".into()),
                ..ConnectOptions::default()
            },
        )
        .await
        .expect("the first MFA session")
        .session_expires
        .expect("an MFA session ends");

    // Without a code there is nothing to sign in with: no session, stale or new, is given.
    for blank in ["", "   "] {
        let e = flows
            .sign_in_mfa("release", blank)
            .await
            .expect_err("a blank code is refused");
        assert_eq!(e.kind(), ErrorKind::MfaCodeRequired, "{e}");
        assert!(e.to_string().contains(SERIAL), "{e}");
    }
    // An SSO connection has no MFA device to ask.
    let e = flows
        .sign_in_mfa("sso-dev", "222222")
        .await
        .expect_err("not an MFA connection");
    assert!(e.to_string().contains("no MFA device"), "{e}");

    // A new code: STS is asked again, and the new session replaces the old one for every use.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let signed_in = flows
        .sign_in_mfa("release", " 222222 ")
        .await
        .expect("signed in with the new code");
    let new_end = signed_in
        .session
        .expires_at_ms
        .expect("the new session ends");
    let first_ms = first
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    assert!(
        new_end > first_ms,
        "a new session, not the first one again: {new_end} vs {first_ms}"
    );
    assert!(!signed_in.session.expired);
    let now_used = conns
        .lock()
        .await
        .unwrap()
        .resolve("release", &ConnectOptions::default())
        .await
        .expect("the connection resolves on its new session")
        .session_expires
        .expect("an MFA session");
    assert!(now_used > first, "later uses get the new session");
}
