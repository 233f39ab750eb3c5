//! "Show why" from a failure notification, the whole way without a window: the app's watcher on
//! the embedded sandbox sees the `storefront` build fail, its notification (seen on a real
//! session bus from a real daemon, dunst, inside `scripts/with-session.sh`; outside such a
//! session the test re-runs itself through it) carries the failing line and the author and
//! offers "Show why"; the daemon's click on it makes the flows tell the UI to open storefront
//! with the failed action's panel (`control-open`), and the panel's command answers the failed
//! phase and the log lines around the error on the connection the view was made on.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pipewright_appcore::connections::ConnectionsState;
use pipewright_appcore::control_room::{ControlFlows, ControlRoom, SETTINGS_FILE};
use pipewright_appcore::events::{ControlOpenEvent, Event, RecordingShell};
use pipewright_aws::control::why::{Cause, WhyRequest};
use pipewright_test_support::session::ensure_session;
use serde_json::json;

/// `dbus-monitor` on the notification calls and on every method return (the daemon's answer to
/// `Notify` is the notification's id, needed to click one of its buttons).
struct Monitor {
    child: Child,
    out: Arc<Mutex<String>>,
}

impl Monitor {
    fn start() -> Monitor {
        let mut child = Command::new("dbus-monitor")
            .args([
                "--session",
                "interface='org.freedesktop.Notifications'",
                "type='method_return'",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor runs (package dbus)");
        let out = Arc::new(Mutex::new(String::new()));
        let stdout = child.stdout.take().expect("piped stdout");
        let sink = out.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap_or_else(|e| e.into_inner());
                s.push_str(&line);
                s.push('\n');
            }
        });
        let deadline = Instant::now() + Duration::from_secs(5);
        while out.lock().unwrap_or_else(|e| e.into_inner()).is_empty() && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(100));
        Monitor { child, out }
    }

    fn text(&self) -> String {
        self.out.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The first `Notify` call whose text contains `needle`, and the id the daemon gave it.
    fn notified(&self, needle: &str) -> Option<(String, u32)> {
        let text = self.text();
        let blocks: Vec<&str> = text.split("\nmethod ").collect();
        let call = blocks
            .iter()
            .find(|b| b.contains("member=Notify") && b.contains(needle))?;
        let field = |block: &str, key: &str| -> Option<String> {
            let head = block.lines().next()?;
            head.split_whitespace()
                .find_map(|w| w.strip_prefix(key))
                .map(|v| v.trim_end_matches(';').to_string())
        };
        let sender = field(call, "sender=")?;
        let serial = field(call, "serial=")?;
        let id = blocks.iter().find_map(|b| {
            let head = b.lines().next()?;
            let answers = head.starts_with("return")
                && field(b, "destination=").as_deref() == Some(sender.as_str())
                && field(b, "reply_serial=").as_deref() == Some(serial.as_str());
            if !answers {
                return None;
            }
            b.lines()
                .nth(1)?
                .trim()
                .strip_prefix("uint32 ")?
                .parse()
                .ok()
        })?;
        Some((call.to_string(), id))
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_why_on_a_failure_notification_opens_the_failed_builds_panel() {
    if !ensure_session("show_why_on_a_failure_notification_opens_the_failed_builds_panel") {
        return;
    }
    let _ = Command::new("dunstctl").arg("close-all").status();
    let monitor = Monitor::start();
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
