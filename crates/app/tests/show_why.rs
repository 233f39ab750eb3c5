//! "Show why" from a failure notification, the whole way without a window: the app's watcher on
//! the embedded sandbox sees the `storefront` build fail, its notification (seen on a real
//! session bus from a real daemon, dunst, inside `scripts/with-session.sh`; outside such a
//! session the test re-runs itself through it) carries the failing line and the author and
//! offers "Show why"; the daemon's click on it makes the flows tell the UI to open storefront
//! with the failed action's panel (`control-open`), and the panel's command answers the failed
//! phase and the log lines around the error on the connection the view was made on.

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use pipewright_appcore::connections::ConnectionsState;
use pipewright_appcore::control_room::{ControlFlows, ControlRoom, SETTINGS_FILE};
use pipewright_appcore::events::{ControlOpenEvent, Event, RecordingShell};
use pipewright_aws::control::why::{Cause, WhyRequest};
use pipewright_test_support::session::{ensure_session, NotificationMonitor};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_why_on_a_failure_notification_opens_the_failed_builds_panel() {
    if !ensure_session("show_why_on_a_failure_notification_opens_the_failed_builds_panel") {
        return;
    }
    let _ = Command::new("dunstctl").arg("close-all").status();
    let monitor = NotificationMonitor::with_replies();
    let config = tempfile::tempdir().expect("tempdir");
    // Only storefront notifies: every other sample is muted.
    let muted: Vec<&str> = pipewright_sandbox::samples::SAMPLE_PIPELINES
        .iter()
        .copied()
        .filter(|p| *p != "storefront")
        .collect();
    std::fs::write(
        config.path().join(SETTINGS_FILE),
        json!({ "muted": muted }).to_string(),
    )
    .expect("settings");
    let conns = ConnectionsState::open(
        config.path(),
        pipewright_connections::Keyring::new("pipewright-test-unused"),
    );
    let room = ControlRoom::new(config.path());
    let shell = Arc::new(RecordingShell::default());
    let flows = ControlFlows::new(
        room.clone(),
        conns.clone(),
        shell.clone(),
        tokio::runtime::Handle::current(),
    );
    flows.spawn().await.expect("start");
    flows.open_room().await;

    // The live build's failure, notified with its failing line, its author and "Show why".
    let deadline = Instant::now() + Duration::from_secs(60);
    let (call, id) = loop {
        if let Some(found) = monitor.notified("npm ERR! code ERESOLVE") {
            break found;
        }
        assert!(
            Instant::now() < deadline,
            "no failure notification of storefront's build: {}",
            monitor.text()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(call.contains("string \"Failed: storefront\""), "{call}");
    assert!(call.contains(" by Tomás García: "), "{call}");
    assert!(
        call.contains("string \"why\"") && call.contains("string \"Show why\""),
        "{call}"
    );

    // "Show why" clicked: the UI is told to open storefront with the failed action's panel. The
    // notifier hears the daemon's signal on its own thread once the notification is shown, so a
    // signal sent before it listens is lost: send again until the panel is asked for (only the
    // first action of a notification is reported).
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut sent = Instant::now() - Duration::from_secs(1);
    let open: ControlOpenEvent = loop {
        if sent.elapsed() >= Duration::from_millis(500) {
            let out = Command::new("dbus-send")
                .args([
                    "--session",
                    "--type=signal",
                    "/org/freedesktop/Notifications",
                    "org.freedesktop.Notifications.ActionInvoked",
                    &format!("uint32:{id}"),
                    "string:why",
                ])
                .output()
                .expect("dbus-send runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            sent = Instant::now();
        }
        let opened = shell
            .events_named(ControlOpenEvent::NAME)
            .into_iter()
            .find(|p| p["pipeline"] == "storefront");
        if let Some(p) = opened {
            break serde_json::from_value(p).expect("a control-open payload");
        }
        assert!(Instant::now() < deadline, "no control-open for storefront");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(open.approve, None);
    let target = open.why.expect("the panel of the failed action");
    assert_eq!(target.stage.as_deref(), Some("Build"));
    assert_eq!(target.action.as_deref(), Some("Build"));
    assert!(target.pipeline_execution_id.is_some());

    // What the panel asks: why that execution's action failed, on the view's connection.
    let detail = room.detail("storefront").await.expect("the pipeline view");
    let why = room
        .why(
            &WhyRequest {
                pipeline: open.pipeline.clone(),
                pipeline_execution_id: target.pipeline_execution_id.clone(),
                action: target.action.clone(),
            },
            &detail.seen,
        )
        .await
        .expect("why it failed");
    assert_eq!(why.headline, "npm ERR! code ERESOLVE");
    assert_eq!(
        why.pipeline_execution_id,
        target.pipeline_execution_id.unwrap()
    );
    let failed = why.failed.expect("the failed action");
    let Cause::CodeBuild(build) = failed.cause else {
        panic!("a CodeBuild cause: {:?}", failed.cause);
    };
    assert_eq!(
        build.failed_phase.map(|p| p.phase).as_deref(),
        Some("INSTALL")
    );
    let log = build.log.expect("the build log");
    assert!(
        log.around_first_error
            .iter()
            .any(|l| l.text == "npm ERR! code ERESOLVE"),
        "{:?}",
        log.around_first_error
    );
    assert!(log.around_first_error.len() > 1);
    let _ = Command::new("dunstctl").arg("close-all").status();
}
