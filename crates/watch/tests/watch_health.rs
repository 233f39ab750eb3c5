//! The watcher against the sandbox behind a loopback front that can hang or throttle absurdly:
//! a call that never answers delays only its pipeline, an absurd `Retry-After` is capped, and a
//! connection that cannot be watched says so once, then once more when watching resumed.

mod support;

use std::time::Duration;

use pipewright_aws::{ClientSettings, CodePipeline};
use pipewright_sandbox::{ActionRule, RunningSandbox, Sandbox, SandboxConfig};
use pipewright_watch::{
    AlertKind, BadgeColour, PollPolicy, StopReason, WatchConfig, WatchEvent, Watcher,
};
use support::front::{Fate, Front};
use tokio::sync::broadcast;

async fn sandbox_behind_a_front() -> (RunningSandbox, Front, CodePipeline) {
    let config = SandboxConfig::with_samples()
        .rule(ActionRule::default().duration(Duration::from_millis(60)));
    let sandbox = Sandbox::start(config).await.expect("the sandbox starts");
    let front = Front::start(sandbox.local_addr()).await;
    let api = ClientSettings::for_endpoint(&front.url, "us-east-1")
        .with_static_credentials("testing", "testing")
        .without_retries()
        .connect()
        .await
        .codepipeline();
    (sandbox, front, api)
}

/// Quick polling, short bounds: seconds instead of minutes.
fn quick() -> PollPolicy {
    PollPolicy {
        active: Duration::from_millis(500),
        idle: Duration::from_millis(500),
        backoff_base: Duration::from_millis(200),
        backoff_max: Duration::from_secs(1),
        call_timeout: Duration::from_secs(2),
        throttled_for: Duration::from_secs(3),
        ..PollPolicy::default()
    }
}

fn config(pipelines: &[&str]) -> WatchConfig {
    WatchConfig {
        pipelines: Some(pipelines.iter().map(|p| p.to_string()).collect()),
        policy: quick(),
        ..WatchConfig::all("sandbox")
    }
}

/// The next event that `pick` accepts, within `secs` seconds; every event seen is kept in `log`.
async fn next<T>(
    events: &mut broadcast::Receiver<WatchEvent>,
    log: &mut Vec<WatchEvent>,
    secs: u64,
    what: &str,
    mut pick: impl FnMut(&WatchEvent) -> Option<T>,
) -> T {
    let found = tokio::time::timeout(Duration::from_secs(secs), async {
        loop {
            match events.recv().await {
                Ok(ev) => {
                    log.push(ev.clone());
                    if let Some(v) = pick(&ev) {
                        return v;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => panic!("the watcher stopped"),
            }
        }
    })
    .await;
    match found {
        Ok(v) => v,
        Err(_) => panic!("no {what} within {secs} s; events: {log:#?}"),
    }
}

fn restarts(log: &[WatchEvent]) -> usize {
    log.iter()
        .filter(|e| matches!(e, WatchEvent::Restarted { .. }))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pipeline_whose_calls_hang_delays_only_itself() {
    let (_sandbox, front, api) = sandbox_behind_a_front().await;
    front.set(|s| {
        if s.pipeline.as_deref() == Some("data-jobs") {
            Fate::Hang
        } else {
            Fate::Pass
        }
    });
    let (watcher, mut events) = Watcher::spawn(
        api,
        config(&["web-app-prod", "data-jobs", "billing-service"]),
    );
    let mut log = Vec::new();
    let message = next(
        &mut events,
        &mut log,
        10,
        "an error for data-jobs",
        |e| match e {
            WatchEvent::Error {
                pipeline: Some(p),
                message,
                ..
            } if p == "data-jobs" => Some(message.clone()),
            _ => None,
        },
    )
    .await;
    assert!(message.contains("no answer within 2 s"), "{message}");
    // Meanwhile and afterwards, the others are polled every half second.
    let before = front.count("GetPipelineState", Some("web-app-prod"));
    tokio::time::sleep(Duration::from_secs(4)).await;
    let polled = front.count("GetPipelineState", Some("web-app-prod")) - before;
    assert!(
        polled >= 5,
        "web-app-prod polled {polled} times in 4 s while data-jobs hung"
    );
    assert!(front.count("GetPipelineState", Some("billing-service")) >= 5);
    // One pipeline that hangs is not the connection.
    assert!(watcher.connection_health().borrow().watching);
    assert_ne!(watcher.badge().borrow().colour, BadgeColour::NotWatched);

    // It answers again: it recovers.
    front.set(|_| Fate::Pass);
    next(
        &mut events,
        &mut log,
        10,
        "data-jobs recovered",
        |e| match e {
            WatchEvent::Recovered {
                pipeline: Some(p), ..
            } if p == "data-jobs" => Some(()),
            _ => None,
        },
    )
    .await;
    assert_eq!(restarts(&log), 0, "{log:#?}");
    watcher.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_absurd_retry_after_is_capped_and_watching_goes_on() {
    let (_sandbox, front, api) = sandbox_behind_a_front().await;
    let throttled = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = throttled.clone();
    front.set(move |s| {
        let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if s.operation == "GetPipelineState" && n < 3 {
            Fate::Throttle
        } else {
            Fate::Pass
        }
    });
    let mut policy = config(&["web-app-prod"]);
    policy.policy.backoff_max = Duration::from_millis(800);
    let (watcher, mut events) = Watcher::spawn(api, policy);
    let mut log = Vec::new();
    let wait = next(&mut events, &mut log, 10, "a throttle", |e| match e {
        WatchEvent::Throttled { retry_in_ms, .. } => Some(*retry_in_ms),
        _ => None,
    })
    .await;
    assert!(wait <= 800, "waits {wait} ms: Retry-After not capped");
    next(
        &mut events,
        &mut log,
        15,
        "the pipeline's health",
        |e| match e {
            WatchEvent::Health { health, .. } if health.pipeline == "web-app-prod" => Some(()),
            _ => None,
        },
    )
    .await;
    assert_eq!(restarts(&log), 0, "{log:#?}");
    assert!(watcher.connection_health().borrow().watching);
    watcher.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoint_that_stops_answering_is_said_once_and_so_is_its_return() {
    let (_sandbox, front, api) = sandbox_behind_a_front().await;
    let (watcher, mut events) = Watcher::spawn(api, config(&["web-app-prod", "api-dev"]));
    let mut log = Vec::new();
    next(&mut events, &mut log, 10, "a first poll", |e| match e {
        WatchEvent::Health { .. } => Some(()),
        _ => None,
    })
    .await;

    front.set(|_| Fate::Hang);
    let stopped = next(
        &mut events,
        &mut log,
        15,
        "the connection not watched",
        |e| match e {
            WatchEvent::Connection { health, .. } if !health.watching => Some(health.clone()),
            _ => None,
        },
    )
    .await;
    assert_eq!(stopped.reason, Some(StopReason::Unreachable));
    assert!(!stopped.sign_in);
    assert!(
        stopped
            .message
            .as_deref()
            .unwrap()
            .starts_with("the endpoint of sandbox does not answer"),
        "{stopped:?}"
    );
    assert_eq!(watcher.badge().borrow().colour, BadgeColour::NotWatched);
    assert!(watcher
        .badge()
        .borrow()
        .tooltip
        .starts_with("Pipewright: not watching sandbox"));
    // Hanging on: no second notice.
    tokio::time::sleep(Duration::from_secs(4)).await;

    front.set(|_| Fate::Pass);
    next(&mut events, &mut log, 15, "watching again", |e| match e {
        WatchEvent::Connection { health, .. } if health.watching => Some(()),
        _ => None,
    })
    .await;
    // The alert of the resume follows its event.
    tokio::time::sleep(Duration::from_millis(200)).await;
    while let Ok(ev) = events.try_recv() {
        log.push(ev);
    }
    let kinds: Vec<AlertKind> = log
        .iter()
        .filter_map(|e| match e {
            WatchEvent::Alert { alert, .. } if alert.kind.is_about_connection() => Some(alert.kind),
            _ => None,
        })
        .collect();
    assert_eq!(
        kinds,
        vec![AlertKind::WatchStopped, AlertKind::WatchResumed],
        "{log:#?}"
    );
    assert_ne!(watcher.badge().borrow().colour, BadgeColour::NotWatched);
    watcher.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttled_without_a_break_for_minutes_is_not_watching() {
    let (_sandbox, front, api) = sandbox_behind_a_front().await;
    front.set(|_| Fate::Throttle);
    let (watcher, mut events) = Watcher::spawn(api, config(&["web-app-prod"]));
    let mut log = Vec::new();
    let stopped = next(
        &mut events,
        &mut log,
        15,
        "the connection not watched",
        |e| match e {
            WatchEvent::Connection { health, .. } if !health.watching => Some(health.clone()),
            _ => None,
        },
    )
    .await;
    assert_eq!(stopped.reason, Some(StopReason::Throttled));
    assert_eq!(restarts(&log), 0);
    watcher.shutdown().await;
}
