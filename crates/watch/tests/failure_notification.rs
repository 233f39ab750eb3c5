//! The failure notification of the sandbox's `storefront` sample, seen on a real session bus by
//! a real notification daemon (dunst, inside `scripts/with-session.sh`): the watcher looks up
//! why the build failed once, and the body carries the first failing line and the commit's
//! author; the notification offers "Show why".

use std::process::Command;
use std::time::{Duration, Instant};

use pipewright_aws::ClientSettings;
use pipewright_sandbox::{ActionRule, Sandbox, SandboxConfig};
use pipewright_test_support::session::{ensure_session, NotificationMonitor};
use pipewright_watch::{
    AlertKind, Delivery, Notifier, NotifySettings, PollPolicy, WatchConfig, WatchEvent, Watcher,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_build_notifies_its_first_failing_line_and_author() {
    if !ensure_session("a_failed_build_notifies_its_first_failing_line_and_author") {
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
    watch.pipelines = Some(vec!["storefront".into()]);
    watch.policy = PollPolicy {
        active: Duration::from_millis(150),
        idle: Duration::from_millis(400),
        sleep_gap: Duration::from_secs(20),
        ..PollPolicy::default()
    };
    let (watcher, mut events) = Watcher::spawn(api, watch);
    let deadline = Instant::now() + Duration::from_secs(20);
    let alert = loop {
        assert!(Instant::now() < deadline, "no failure alert for the build");
        let Ok(Ok(ev)) = tokio::time::timeout(Duration::from_millis(200), events.recv()).await
        else {
            continue;
        };
        if let WatchEvent::Alert { alert, .. } = ev {
            if alert.kind == AlertKind::ActionFailed && alert.action.as_deref() == Some("Build") {
                break alert;
            }
        }
    };
    let detail = alert.detail.clone().unwrap();
    let (first, revision) = detail.split_once('\n').unwrap();
    assert_eq!(first, "npm ERR! code ERESOLVE");
    assert!(revision.contains(" by Tomás García: "), "{revision}");

    let (notifier, _clicks) = Notifier::new(NotifySettings::default());
    assert!(matches!(
        notifier.deliver(&alert).await.unwrap(),
        Delivery::Shown(_)
    ));
    let deadline = Instant::now() + Duration::from_secs(5);
    while monitor.count("Failed: storefront") == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let seen = monitor.text();
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
    watcher.shutdown().await;
    sandbox.shutdown().await;
}
