//! Desktop notifications observed on a real session bus with a real notification daemon (dunst),
//! inside `scripts/with-session.sh` (Xvfb + private D-Bus + dunst). Outside such a session the
//! test re-runs itself through that script, so it never passes without having run.

use std::process::Command;
use std::time::{Duration, Instant};

use pipewright_test_support::session::{ensure_session, NotificationMonitor};

use pipewright_aws::control::{ActionStatus, StageStatus};
use pipewright_watch::observe::{ActionObs, StageObs};
use pipewright_watch::{
    Alert, AlertKind, Decider, Delivery, NotificationActionKind, Notifier, NotifySettings,
    QuietHours, Snapshot,
};

/// The notifications seen on the session bus, read as `Notify` calls.
struct Monitor(NotificationMonitor);

impl Monitor {
    fn start() -> Monitor {
        Monitor(NotificationMonitor::start())
    }

    /// Each `Notify` call's string arguments: app name, icon, summary, body, then the actions.
    fn notify_calls(&self) -> Vec<Vec<String>> {
        let text = self.0.text();
        let mut calls = Vec::new();
        let string = regex::Regex::new(r#"(?s)^\s+string "(.*?)"$"#).unwrap();
        for block in text.split("\nmethod call ").skip(1) {
            let Some((head, rest)) = block.split_once('\n') else {
                continue;
            };
            if !head.contains("member=Notify") {
                continue;
            }
            // Arguments end at the next message header (a line that does not start with a blank).
            let mut args = String::new();
            for line in rest.lines() {
                if ["method ", "signal ", "error "]
                    .iter()
                    .any(|p| line.starts_with(p))
                {
                    break;
                }
                args.push_str(line);
                args.push('\n');
            }
            // Strings may span lines (the body); join continuation lines to their string.
            let mut values = Vec::new();
            let mut current: Option<String> = None;
            for line in args.lines() {
                // The actions array ends at the first `]`; the hints (a dict) follow it.
                if current.is_none() && line.trim() == "]" {
                    break;
                }
                if let Some(cur) = current.as_mut() {
                    cur.push('\n');
                    cur.push_str(line);
                    if line.ends_with('"') {
                        let done = current.take().unwrap();
                        values.push(done[..done.len() - 1].to_string());
                    }
                    continue;
                }
                if let Some(start) = line.trim_start().strip_prefix("string \"") {
                    if start.ends_with('"') && string.is_match(line) {
                        values.push(start[..start.len() - 1].to_string());
                    } else {
                        current = Some(start.to_string());
                    }
                }
            }
            // Only this test's notifications (other tests may share the session).
            if values.get(2).is_some_and(|s| s.contains(": nt-")) {
                calls.push(values);
            }
        }
        calls
    }

    fn wait_for_calls(&self, n: usize) -> Vec<Vec<String>> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let calls = self.notify_calls();
            if calls.len() >= n || Instant::now() > deadline {
                return calls;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn approval_snapshot(pipeline: &str, stage: &str) -> Snapshot {
    Snapshot {
        pipeline: pipeline.into(),
        stages: vec![StageObs {
            stage: stage.into(),
            pipeline_execution_id: Some("exec-1".into()),
            status: StageStatus::InProgress,
        }],
        actions: vec![ActionObs {
            stage: stage.into(),
            action: "ManualApproval".into(),
            pipeline_execution_id: Some("exec-1".into()),
            action_execution_id: Some("act-1".into()),
            status: ActionStatus::InProgress,
            waiting_approval: true,
            custom_data: Some("Check the staging site".into()),
            ..Default::default()
        }],
        last_finished: None,
    }
}

fn failure_alert() -> Alert {
    Alert {
        connection: Some("sandbox".into()),
        key: "nt-data-jobs|e2|Build|Compile|a9|ActionFailed".into(),
        kind: AlertKind::ActionFailed,
        pipeline: "nt-data-jobs".into(),
        stage: Some("Build".into()),
        action: Some("Compile".into()),
        pipeline_execution_id: Some("e2".into()),
        detail: Some("exit status 1".into()),
        link: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_reach_the_daemon_once_with_actions_and_clicks_come_back() {
    if !ensure_session("notifications_reach_the_daemon_once_with_actions_and_clicks_come_back") {
        return;
    }
    // Start from an empty screen so "the first notification" below is ours.
    let _ = Command::new("dunstctl").arg("close-all").status();
    let monitor = Monitor::start();
    let (notifier, mut clicks) = Notifier::new(NotifySettings::default());
    let mut decider = Decider::new();

    // An approval: polled twice, notified once.
    let snap = approval_snapshot("nt-web-app", "Approval");
    let mut shown = 0;
    for _ in 0..2 {
        for alert in decider.decide(&snap) {
            assert!(matches!(
                notifier.deliver(&alert).await.unwrap(),
                Delivery::Shown(_)
            ));
            shown += 1;
        }
    }
    assert_eq!(shown, 1);
    let calls = monitor.wait_for_calls(1);
    assert_eq!(calls.len(), 1, "{calls:?}");
    let call = &calls[0];
    assert_eq!(call[0], "Pipewright");
    assert_eq!(call[2], "Approval waiting: nt-web-app");
    assert_eq!(
        call[3],
        "Approval › ManualApproval waits for a decision\nCheck the staging site"
    );
    assert_eq!(
        &call[4..],
        ["default", "Review", "review", "Review", "approve", "Approve"]
    );

    // Clicking it (dunst's default action) reports which pipeline to open.
    let out = Command::new("dunstctl")
        .args(["action", "0"])
        .output()
        .expect("dunstctl runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let click = tokio::time::timeout(Duration::from_secs(5), clicks.recv())
        .await
        .expect("the click is reported within 5 s")
        .expect("the channel is open");
    assert_eq!(click.pipeline, "nt-web-app");
    assert_eq!(
        click.connection, None,
        "the alert came from a Decider, not a watcher"
    );
    assert_eq!(click.kind, NotificationActionKind::Open);

    // A production approval: no Approve button.
    for alert in decider.decide(&approval_snapshot("nt-web-app-prod", "Approval")) {
        notifier.deliver(&alert).await.unwrap();
    }
    // A failure with its error summary, and "Show why".
    let Delivery::Shown(failure_id) = notifier.deliver(&failure_alert()).await.unwrap() else {
        panic!("the failure is shown");
    };
    let calls = monitor.wait_for_calls(3);
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert_eq!(calls[1][2], "Approval waiting: nt-web-app-prod");
    assert_eq!(&calls[1][4..], ["default", "Review", "review", "Review"]);
    assert_eq!(calls[2][2], "Failed: nt-data-jobs");
    assert_eq!(calls[2][3], "Build › Compile failed: exit status 1");
    assert_eq!(&calls[2][4..], ["default", "Review", "why", "Show why"]);
    // Its "Show why" button (the daemon's ActionInvoked signal) asks for the failed action's
    // panel. The notifier listens for the signal on its own thread once the notification is
    // shown, so a signal sent before it subscribed is lost: send again until one is heard (the
    // listener reports the first action of a notification only).
    let mut click = None;
    for _ in 0..10 {
        let out = Command::new("dbus-send")
            .args([
                "--session",
                "--type=signal",
                "/org/freedesktop/Notifications",
                "org.freedesktop.Notifications.ActionInvoked",
                &format!("uint32:{failure_id}"),
                "string:why",
            ])
            .output()
            .expect("dbus-send runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if let Ok(c) = tokio::time::timeout(Duration::from_millis(500), clicks.recv()).await {
            click = c;
            break;
        }
    }
    let click = click.expect("the Show why click is reported within 5 s");
    assert_eq!(click.pipeline, "nt-data-jobs");
    assert_eq!(
        click.kind,
        NotificationActionKind::ShowWhy {
            stage: Some("Build".into()),
            action: Some("Compile".into()),
            pipeline_execution_id: Some("e2".into()),
        }
    );

    // Muted pipelines and quiet hours: counted, not shown.
    notifier.mute("nt-data-jobs", true);
    let mut again = failure_alert();
    again.key.push_str("-2");
    assert!(matches!(
        notifier.deliver(&again).await.unwrap(),
        Delivery::Suppressed(_)
    ));
    notifier.mute("nt-data-jobs", false);
    notifier.update(|s| {
        s.quiet_hours = Some(QuietHours {
            start: 0,
            end: 1440,
        })
    });
    assert!(matches!(
        notifier.deliver(&again).await.unwrap(),
        Delivery::Suppressed(_)
    ));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        monitor.notify_calls().len(),
        3,
        "suppressed alerts reach no daemon"
    );
    assert_eq!(notifier.counts(), (3, 2));
    let _ = Command::new("dunstctl").arg("close-all").status();
}
