//! What the failure and approval notifications of the sandbox's samples say, seen on a real
//! session bus by a real notification daemon (dunst, inside `scripts/with-session.sh`): a failed
//! build's body carries the first failing line and the commit's author and offers "Show why"
//! (the watcher looks up why once); an approval's body carries its custom data and the waiting
//! run's revision (commit and message).

use std::process::Command;
use std::time::{Duration, Instant};

use pipewright_aws::ClientSettings;
use pipewright_sandbox::{ActionRule, Sandbox, SandboxConfig};
use pipewright_test_support::session::{ensure_session, NotificationMonitor};
use pipewright_watch::{
    Alert, AlertKind, Delivery, Notifier, NotifySettings, PollPolicy, WatchConfig, WatchEvent,
    Watcher,
};

/// Watches `pipeline` on the samples (every action 30 ms) until an alert `wanted` takes, shows
/// it through the notifier, and returns it with what the bus saw once `summary` was notified.
async fn notified(pipeline: &str, wanted: fn(&Alert) -> bool, summary: &str) -> (Alert, String) {
    let _ = Command::new("dunstctl").arg("close-all").status();
    let monitor = NotificationMonitor::start();
    let config = SandboxConfig::with_samples()
        .rule(ActionRule::for_action("*", "*", "*").duration(Duration::from_millis(30)));
    let sandbox = Sandbox::start(config).await.unwrap();
    let api = ClientSettings::for_endpoint(sandbox.endpoint_url(), "us-east-1")
        .with_static_credentials("testing", "testing")
        .without_retries()
        .connect()
        .await
        .codepipeline();
    let mut watch = WatchConfig::all("sandbox");
    watch.pipelines = Some(vec![pipeline.into()]);
    watch.policy = PollPolicy {
        active: Duration::from_millis(150),
        idle: Duration::from_millis(400),
        sleep_gap: Duration::from_secs(20),
        ..PollPolicy::default()
    };
    let (watcher, mut events) = Watcher::spawn(api, watch);
    let deadline = Instant::now() + Duration::from_secs(20);
    let alert = loop {
        assert!(Instant::now() < deadline, "no such alert for {pipeline}");
        let Ok(Ok(ev)) = tokio::time::timeout(Duration::from_millis(200), events.recv()).await
        else {
            continue;
        };
        if let WatchEvent::Alert { alert, .. } = ev {
            if wanted(&alert) {
                break alert;
            }
        }
    };
    let (notifier, _clicks) = Notifier::new(NotifySettings::default());
    assert!(matches!(
        notifier.deliver(&alert).await.unwrap(),
        Delivery::Shown(_)
    ));
    let deadline = Instant::now() + Duration::from_secs(5);
    while monitor.count(summary) == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    watcher.shutdown().await;
    sandbox.shutdown().await;
    (alert, monitor.text())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_build_notifies_its_first_failing_line_and_author() {
    if !ensure_session("a_failed_build_notifies_its_first_failing_line_and_author") {
        return;
    }
    let (alert, seen) = notified(
        "storefront",
        |a| a.kind == AlertKind::ActionFailed && a.action.as_deref() == Some("Build"),
        "Failed: storefront",
    )
    .await;
    let detail = alert.detail.clone().unwrap();
    let (first, revision) = detail.split_once('\n').unwrap();
    assert_eq!(first, "npm ERR! code ERESOLVE");
    assert!(revision.contains(" by Tomás García: "), "{revision}");

    assert!(seen.contains("string \"Failed: storefront\""), "{seen}");
    assert!(
        seen.contains("string \"Build › Build failed: npm ERR! code ERESOLVE\n"),
        "{seen}"
    );
    assert!(seen.contains(" by Tomás García: "), "{seen}");
    // The daemon lists actions: the failure offers "Show why" (the failed action's panel).
    assert!(
        seen.contains("string \"why\"") && seen.contains("string \"Show why\""),
        "{seen}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approval_notification_shows_its_custom_data_and_the_waiting_revision() {
    if !ensure_session("an_approval_notification_shows_its_custom_data_and_the_waiting_revision") {
        return;
    }
    let (alert, seen) = notified(
        "web-app-prod",
        |a| a.kind == AlertKind::ApprovalWaiting,
        "Approval waiting: web-app-prod",
    )
    .await;
    let detail = alert.detail.clone().unwrap();
    let (data, revision) = detail.split_once('\n').unwrap();
    assert_eq!(
        data,
        "Check the staging site, then approve the production deploy."
    );
    let (id, message) = revision
        .strip_prefix("Revision ")
        .and_then(|r| r.split_once(": "))
        .unwrap_or_else(|| panic!("{revision}"));
    assert_eq!(id.len(), 7, "{revision}");
    assert!(!message.is_empty(), "{revision}");

    assert!(
        seen.contains("string \"Approval waiting: web-app-prod\""),
        "{seen}"
    );
    assert!(
        seen.contains("waits for a decision\nCheck the staging site, then approve the production deploy.\nRevision "),
        "{seen}"
    );
    assert!(
        seen.contains(&format!("Revision {id}: {message}")),
        "{seen}"
    );
}
