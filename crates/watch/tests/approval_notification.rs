//! The approval notification of the sandbox's `web-app-prod` sample, seen on a real session bus
//! by a real notification daemon (dunst, inside `scripts/with-session.sh`): its body carries the
//! approval's custom data and the waiting run's revision (commit and message).

use std::process::Command;
use std::time::{Duration, Instant};

use pipewright_aws::ClientSettings;
use pipewright_sandbox::{ActionRule, Sandbox, SandboxConfig};
use pipewright_test_support::session::{ensure_session, NotificationMonitor};
use pipewright_watch::{
    AlertKind, Delivery, Notifier, NotifySettings, PollPolicy, WatchConfig, WatchEvent, Watcher,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approval_notification_shows_its_custom_data_and_the_waiting_revision() {
    if !ensure_session("an_approval_notification_shows_its_custom_data_and_the_waiting_revision") {
        return;
    }
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
    watch.pipelines = Some(vec!["web-app-prod".into()]);
    watch.policy = PollPolicy {
        active: Duration::from_millis(150),
        idle: Duration::from_millis(400),
        sleep_gap: Duration::from_secs(20),
        ..PollPolicy::default()
    };
    let (watcher, mut events) = Watcher::spawn(api, watch);
    let deadline = Instant::now() + Duration::from_secs(20);
    let alert = loop {
        assert!(Instant::now() < deadline, "no approval alert");
        let Ok(Ok(ev)) = tokio::time::timeout(Duration::from_millis(200), events.recv()).await
        else {
            continue;
        };
        if let WatchEvent::Alert { alert, .. } = ev {
            if alert.kind == AlertKind::ApprovalWaiting {
                break alert;
            }
        }
    };
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

    let (notifier, _clicks) = Notifier::new(NotifySettings::default());
    assert!(matches!(
        notifier.deliver(&alert).await.unwrap(),
        Delivery::Shown(_)
    ));
    let deadline = Instant::now() + Duration::from_secs(5);
    while monitor.count("Approval waiting: web-app-prod") == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let seen = monitor.text();
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
    watcher.shutdown().await;
    sandbox.shutdown().await;
}
