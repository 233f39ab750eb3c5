//! An IAM Identity Center (SSO) session that ends while the app watches its connection, against
//! the local sandbox as SSO-OIDC, SSO portal and CodePipeline, with the desktop notifications
//! observed on a real session bus with a real notification daemon (dunst, inside
//! `scripts/with-session.sh`; outside such a session the test re-runs itself through it).
//!
//! The sign-in is Pipewright's own device flow (it writes the standard SSO token cache, which
//! aws-config's SSO provider then reads), the second time through the app's "Sign in again";
//! the session's end is the sandbox's: every access and refresh token issued so far is refused. Its own test binary: it sets HOME and the SSO endpoint
//! variables for the process.

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use pipewright_test_support::session::{ensure_session, NotificationMonitor};

use pipewright_appcore::connections::ConnectionsState;
use pipewright_appcore::control_room::{ControlFlows, ControlRoom, SETTINGS_FILE};
use pipewright_appcore::events::RecordingShell;
use pipewright_connections::{sso, AuthInput, ConnectOptions, Keyring, NewConnection};
use pipewright_sandbox::sso::SsoTimes;
use pipewright_sandbox::{RunningSandbox, Sandbox, SandboxConfig};
use pipewright_watch::BadgeColour;
use serde_json::json;

const NAME: &str = "sandbox-sso";

async fn wait_for(what: &str, secs: u64, done: impl Fn() -> bool, show: impl Fn() -> String) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !done() {
        assert!(
            Instant::now() < deadline,
            "no {what} within {secs} s: {}",
            show()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Pipewright's own sign-in (the device flow), approved in the sandbox as the user would in the
/// browser.
async fn sign_in(sandbox: &RunningSandbox) -> sso::device::Session {
    let profile = sso::profile(NAME)
        .await
        .expect("the profile reads")
        .expect("an SSO profile");
    let waiting = sso::device::start(&profile).await.expect("a device code");
    assert!(
        waiting.verification_url.starts_with(sandbox.endpoint_url()),
        "{}",
        waiting.verification_url
    );
    assert!(sandbox.approve_device(&waiting.user_code, true));
    waiting.finish().await.expect("signed in")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sso_session_that_ends_while_watching_is_said_once_and_signing_in_again_resumes() {
    let test = "an_sso_session_that_ends_while_watching_is_said_once_and_signing_in_again_resumes";
    if !ensure_session(test) {
        return;
    }
    // Access tokens of 40 s, so that the role credentials (which last as long as the session's
    // token) are asked for again within a minute, as an hour-long session's would be at its end.
    let sandbox = Sandbox::start(SandboxConfig::with_samples())
        .await
        .expect("the sandbox starts");
    sandbox.set_sso_times(SsoTimes {
        access_token_seconds: 40,
        ..SsoTimes::default()
    });
    let url = sandbox.endpoint_url().to_string();
    let home = tempfile::tempdir().expect("a home");
    let config = home.path().join(".aws/config");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        format!(
            "[profile {NAME}]\nsso_session = sandbox\nsso_account_id = 000000000000\nsso_role_name = PipelineOperator\nregion = us-east-1\n\n\
             [sso-session sandbox]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n"
        ),
    )
    .unwrap();
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

    let session = sign_in(&sandbox).await;
    assert!(
        session
            .cache_file
            .starts_with(home.path().join(".aws/sso/cache")),
        "{}",
        session.cache_file.display()
    );

    let app = tempfile::tempdir().expect("the app's config folder");
    // The samples' own alerts stay off the desktop (muted).
    let muted: Vec<&str> = pipewright_sandbox::samples::SAMPLE_PIPELINES.to_vec();
    std::fs::write(
        app.path().join(SETTINGS_FILE),
        json!({ "muted": muted }).to_string(),
    )
    .unwrap();
    let conns = ConnectionsState::open(app.path(), Keyring::new("pipewright-test-unused"));
    let room = ControlRoom::new(app.path());
    let shell = Arc::new(RecordingShell::default());
    let flows = ControlFlows::new(
        room.clone(),
        conns.clone(),
        shell.clone(),
        tokio::runtime::Handle::current(),
    );
    let _ = Command::new("dunstctl").arg("close-all").status();
    let monitor = NotificationMonitor::start();
    flows.spawn().await.expect("start");
    let active = {
        let mut c = conns.lock().await.expect("connections");
        c.add(NewConnection {
            name: NAME.into(),
            region: Some("us-east-1".into()),
            endpoint_url: Some(url.clone()),
            auth: AuthInput::AwsProfile {
                profile: NAME.into(),
            },
        })
        .expect("added");
        c.activate(NAME, &ConnectOptions::default())
            .await
            .expect("activated")
    };
    flows.follow_active(Some(active)).await;
    wait_for(
        "first poll",
        30,
        || room.status().badge.waiting_approvals > 0,
        || format!("{:?}", room.status()),
    )
    .await;
    assert!(room.connection_health().iter().all(|h| h.watching));

    // The session ends (every access and refresh token refused).
    let ended = Instant::now();
    sandbox.expire_sso_sessions();
    wait_for(
        "notification that the connection is not watched",
        90,
        || monitor.count(&format!("Not watching {NAME}")) >= 1,
        || format!("{:?}\n{}", room.connection_health(), monitor.text()),
    )
    .await;
    let noticed = ended.elapsed();
    eprintln!("not-watching notification {noticed:?} after the session ended");
    let text = monitor.text();
    assert!(
        text.contains(&format!(
            "The SSO session of {NAME} has expired. Sign in again"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("pipewright connections login {NAME}")),
        "{text}"
    );
    assert!(text.contains("string \"sign-in\""), "{text}");
    assert!(text.contains("string \"Sign in again\""), "{text}");
    // The tray's own state, and the connection in the control room says why.
    let status = room.status();
    assert_eq!(status.badge.colour, BadgeColour::NotWatched, "{status:?}");
    assert_eq!(status.badge.not_watched, 1);
    let choice = room
        .watch_choices(&conns)
        .await
        .expect("choices")
        .into_iter()
        .find(|c| c.name == NAME)
        .expect("the connection");
    assert!(
        choice
            .problem
            .as_deref()
            .is_some_and(|p| p.contains(&format!("the SSO session of {NAME} has expired"))),
        "{choice:?}"
    );
    // Still not watched a while on: one notification, not one per poll.
    tokio::time::sleep(Duration::from_secs(12)).await;
    assert_eq!(
        monitor.count(&format!("Not watching {NAME}")),
        1,
        "{}",
        monitor.text()
    );

    // "Sign in again" in the app: its sign-in opens the page in the browser, the user approves
    // the code, the token cache is written, and the connection's watcher polls at once:
    // watching resumes, and says so once.
    let waiting = flows.sign_in(NAME).await.expect("the app's sign-in starts");
    assert_eq!(shell.opened(), vec![waiting.verification_url.clone()]);
    assert!(sandbox.approve_device(&waiting.user_code, true));
    wait_for(
        "the sign-in to end",
        30,
        || {
            shell
                .events_named("sign-in")
                .iter()
                .any(|e| e["state"]["state"] == "signedIn")
        },
        || format!("{:?}", shell.events_named("sign-in")),
    )
    .await;
    wait_for(
        "notification that watching resumed",
        60,
        || monitor.count(&format!("Watching {NAME} again")) >= 1,
        || format!("{:?}\n{}", room.connection_health(), monitor.text()),
    )
    .await;
    wait_for(
        "the badge back to its counts",
        10,
        || room.status().badge.colour != BadgeColour::NotWatched,
        || format!("{:?}", room.status().badge),
    )
    .await;
    assert_eq!(monitor.count(&format!("Not watching {NAME}")), 1);
    sandbox.shutdown().await;
}
