//! The start and the recovery as the desktop sees them, on a real session bus with dunst inside
//! `scripts/with-session.sh` (outside a session each test re-runs itself through it): what
//! already needs attention when watching starts is one summary notification, and a pipeline's
//! "Recovered" replaces its "Failed" on screen.

use std::process::Command;
use std::time::{Duration, Instant};

use pipewright_test_support::session::{ensure_session, NotificationMonitor};
use pipewright_watch::{Alert, AlertKind, Delivery, Notifier, NotifySettings, Snapshot};

fn failure_alert() -> Alert {
    Alert {
        connection: Some("sandbox".into()),
        key: "rc-recovering|e2|Build|Compile|a9|ActionFailed".into(),
        kind: AlertKind::ActionFailed,
        pipeline: "rc-recovering".into(),
        stage: Some("Build".into()),
        action: Some("Compile".into()),
        pipeline_execution_id: Some("e2".into()),
        detail: Some("exit status 1".into()),
        link: None,
    }
}

/// A pipeline's "Recovered" replaces its "Failed" on screen (the daemon's `replaces_id`), so
/// no "Failed" outlives the recovery after it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recovery_replaces_the_failure_notification() {
    if !ensure_session("a_recovery_replaces_the_failure_notification") {
        return;
    }
    let monitor = NotificationMonitor::start();
    let (notifier, _clicks) = Notifier::new(NotifySettings::default());
    let mut failure = failure_alert();
    failure.pipeline = "rc-recovering".into();
    failure.key = "rc-recovering|e2|Build|Compile|a9|ActionFailed".into();
    let Delivery::Shown(failed_id) = notifier.deliver(&failure).await.unwrap() else {
        panic!("the failure is shown");
    };
    assert_ne!(failed_id, 0);
    let recovered = Alert {
        key: "rc-recovering|e2|-|-|-|Recovered".into(),
        kind: AlertKind::Recovered,
        stage: None,
        action: None,
        detail: None,
        ..failure.clone()
    };
    let Delivery::Shown(recovered_id) = notifier.deliver(&recovered).await.unwrap() else {
        panic!("the recovery is shown");
    };
    assert_eq!(
        recovered_id, failed_id,
        "the daemon replaced the failure in place"
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    let call = loop {
        if let Some(call) = monitor.calls("Recovered: rc-recovering").into_iter().next() {
            break call;
        }
        assert!(Instant::now() < deadline, "{}", monitor.text());
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        call.contains(&format!("uint32 {failed_id}\n")),
        "Notify carries the failure's id as replaces_id: {call}"
    );
    // Another pipeline's recovery replaces nothing.
    let other = Alert {
        pipeline: "rc-other".into(),
        key: "rc-other|e1|-|-|-|Recovered".into(),
        ..recovered.clone()
    };
    let Delivery::Shown(other_id) = notifier.deliver(&other).await.unwrap() else {
        panic!("shown");
    };
    assert_ne!(other_id, failed_id);
    let _ = Command::new("dunstctl").arg("close-all").status();
}

/// At the start, what already needs attention in the sandbox (the samples' failing data-jobs and
/// waiting approvals) is said once, as one summary notification, and none of it again as an
/// alert of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_start_is_one_summary_of_what_needs_attention() {
    if !ensure_session("the_start_is_one_summary_of_what_needs_attention") {
        return;
    }
    let config = pipewright_sandbox::SandboxConfig::with_samples()
        .rule(pipewright_sandbox::ActionRule::default().duration(Duration::from_millis(60)));
    let sandbox = pipewright_sandbox::Sandbox::start(config)
        .await
        .expect("the sandbox starts");
    let api = pipewright_aws::ClientSettings::for_endpoint(sandbox.endpoint_url(), "us-east-1")
        .with_static_credentials("testing", "testing")
        .without_retries()
        .connect()
        .await
        .codepipeline();
    // Let the samples get where they wait: data-jobs failed, web-app-prod waiting.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let failing = api
            .get_pipeline_state("data-jobs")
            .await
            .is_ok_and(|s| Snapshot::from_state(&s).is_failing());
        let waiting = api
            .get_pipeline_state("web-app-prod")
            .await
            .is_ok_and(|s| !s.waiting_approvals().is_empty());
        if failing && waiting {
            break;
        }
        assert!(Instant::now() < deadline, "the samples never settled");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let monitor = NotificationMonitor::start();
    let (notifier, _clicks) = Notifier::new(NotifySettings::default());
    let mut config = pipewright_watch::WatchConfig::all("nt-sandbox").summarizing_start();
    config.policy = pipewright_watch::PollPolicy {
        active: Duration::from_millis(150),
        idle: Duration::from_millis(600),
        ..pipewright_watch::PollPolicy::default()
    };
    let (watcher, mut events) = pipewright_watch::Watcher::spawn(api, config);
    let mut alerts = Vec::new();
    let mut summary_at: Option<Instant> = None;
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline
        && summary_at.is_none_or(|t| Instant::now() < t + Duration::from_secs(2))
    {
        let Ok(Ok(ev)) = tokio::time::timeout(Duration::from_millis(200), events.recv()).await
        else {
            continue;
        };
        if let pipewright_watch::WatchEvent::Alert { alert, .. } = ev {
            if alert.kind == AlertKind::NeedsAttention {
                summary_at.get_or_insert_with(Instant::now);
                notifier.deliver(&alert).await.unwrap();
            }
            alerts.push(alert);
        }
    }
    watcher.shutdown().await;
    let summaries: Vec<&Alert> = alerts
        .iter()
        .filter(|a| a.kind == AlertKind::NeedsAttention)
        .collect();
    assert_eq!(summaries.len(), 1, "{alerts:#?}");
    let summary = summaries[0];
    assert_eq!(summary.title(), "Needs attention on nt-sandbox");
    let body = summary.body();
    // One line per pipeline, in name order, each saying where it fails or waits.
    let lines: Vec<&str> = body.lines().collect();
    assert!(
        lines.contains(&"data-jobs: Build › Compile failed"),
        "{body}"
    );
    assert!(
        lines.contains(&"web-app-prod: Approval › ManualApproval waits for a decision"),
        "{body}"
    );
    assert!(
        lines.contains(&"mobile-release: QA › QASignoff waits for a decision (2 runs)"),
        "{body}"
    );
    for said in ["data-jobs", "web-app-prod"] {
        assert!(
            !alerts
                .iter()
                .any(|a| a.pipeline == said && a.kind != AlertKind::NeedsAttention),
            "{said} was in the summary and announced again: {alerts:#?}"
        );
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while monitor.count("Needs attention on nt-sandbox") == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(monitor.count("Needs attention on nt-sandbox"), 1);
    sandbox.shutdown().await;
}
