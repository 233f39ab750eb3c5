//! Benchmark (not a test): watching by events against polling, on loopback.
//!
//! The sandbox (a separate process started by `benches/watch-events.sh`) holds BENCH_PIPELINES
//! pipelines and publishes its state changes to moto's EventBridge; moto's SQS holds the
//! reader's queue. For each mode (events, then polling) it reports the idle API calls per minute
//! (CodePipeline and SQS together) once every pipeline was polled once and the feed reads its
//! queue, the time from a failure on the sandbox (the action's lastStatusChange) to the watcher's
//! alert, and the watcher's memory (RSS) and CPU while idle.
//!
//! Environment (the script sets the first two):
//! - PIPEWRIGHT_SANDBOX_URL, MOTO_URL
//! - BENCH_PIPELINES (1000), BENCH_IDLE_SECS (60), BENCH_FAILURES (10)
//! - BENCH_MODES ("events,polling")

mod common;

use std::time::{Duration, Instant, SystemTime};

use common::{cpu_seconds, env_u64, epoch, parse_time, rss_mb, stats};

use pipewright_aws::control::StartInput;
use pipewright_aws::events;
use pipewright_aws::{CallCounter, ClientSettings, CodePipeline};
use pipewright_core::{Document, Pipeline};
use pipewright_watch::feed::{self, FeedConfig};
use pipewright_watch::{AlertKind, PollPolicy, WatchConfig, WatchEvent, Watcher};

/// `Source (S3) -> Build (CodeBuild)`; the scenario makes Build of `fail-*` pipelines fail.
fn pipeline(name: &str) -> Pipeline {
    Document::from_value(serde_json::json!({"pipeline": {
        "name": name,
        "roleArn": "arn:aws:iam::000000000000:role/pipeline-role",
        "artifactStore": {"type": "S3", "location": "pipewright-artifacts"},
        "stages": [
            {"name": "Source", "actions": [{
                "name": "Fetch", "runOrder": 1,
                "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
                "configuration": {"S3Bucket": "b", "S3ObjectKey": "k.zip", "PollForSourceChanges": "false"},
                "outputArtifacts": [{"name": "Src"}]
            }]},
            {"name": "Build", "actions": [{
                "name": "Compile", "runOrder": 1,
                "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                "configuration": {"ProjectName": "app"},
                "inputArtifacts": [{"name": "Src"}]
            }]}
        ],
    }}))
    .expect("pipeline")
    .pipeline
}

/// The failed action's lastStatusChange on the sandbox.
async fn failed_at(admin: &CodePipeline, pipeline: &str) -> Option<f64> {
    let state = admin.get_pipeline_state(pipeline).await.ok()?;
    state
        .stage("Build")?
        .actions
        .first()?
        .latest_execution
        .as_ref()?
        .last_status_change
        .as_deref()
        .and_then(parse_time)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("watch_events: a benchmark, not a test; run benches/watch-events.sh");
        return;
    }
    let (Ok(url), Ok(moto)) = (
        std::env::var("PIPEWRIGHT_SANDBOX_URL"),
        std::env::var("MOTO_URL"),
    ) else {
        eprintln!("set PIPEWRIGHT_SANDBOX_URL and MOTO_URL (run benches/watch-events.sh)");
        std::process::exit(2);
    };
    let n = env_u64("BENCH_PIPELINES", 1000) as usize;
    let idle_secs = env_u64("BENCH_IDLE_SECS", 60);
    let failures = env_u64("BENCH_FAILURES", 10) as usize;
    let modes = std::env::var("BENCH_MODES").unwrap_or_else(|_| "events,polling".into());
    let settings = |url: &str| {
        ClientSettings::for_endpoint(url, "us-east-1").with_static_credentials("testing", "testing")
    };
    let sandbox = settings(&url).connect().await;
    let admin = sandbox.codepipeline();
    let names: Vec<String> = (0..n).map(|i| format!("bench-{i:05}")).collect();
    let t = Instant::now();
    for name in &names {
        admin
            .create_pipeline(&pipeline(name), &[])
            .await
            .expect("create pipeline");
    }
    let fails: Vec<String> = (0..failures).map(|i| format!("fail-{i:03}")).collect();
    for name in &fails {
        admin
            .create_pipeline(&pipeline(name), &[])
            .await
            .expect("create pipeline");
    }
    eprintln!(
        "created {} pipelines in {:.1}s",
        n + failures,
        t.elapsed().as_secs_f64()
    );
    let total = n + failures;
    println!("watch-events benchmark ({total} pipelines, sandbox {url}, moto {moto})");

    for mode in modes.split(',') {
        let by_events = mode == "events";
        let counter = CallCounter::new();
        let aws_events = settings(&moto).connect().await.with_call_counter(&counter);
        let watched = sandbox.clone().with_call_counter(&counter).codepipeline();
        let policy = if by_events {
            PollPolicy::events()
        } else {
            PollPolicy::default()
        };
        let poll_cycle = policy.idle;
        let (watcher, mut alerts) = Watcher::spawn(
            watched,
            WatchConfig {
                policy,
                ..WatchConfig::all(format!("bench-{mode}"))
            },
        );
        let feed = if by_events {
            let reader = events::setup(&aws_events, "bench", None)
                .await
                .expect("events setup");
            Some(feed::spawn(
                aws_events.clone(),
                watcher.poke(),
                FeedConfig::new(format!("bench-{mode}"), reader.name),
            ))
        } else {
            None
        };
        // Warm-up: every pipeline polled once, and the feed reading its queue (its start-up
        // calls, finding the queue and the rule, are not idle calls).
        let t0 = Instant::now();
        while watcher.health().borrow().len() < total
            || (by_events && counter.count("ReceiveMessage") == 0)
        {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let warm = t0.elapsed().as_secs_f64();

        // Idle.
        let (calls0, cpu0, w0) = (counter.total(), cpu_seconds(), Instant::now());
        tokio::time::sleep(Duration::from_secs(idle_secs)).await;
        let idle_calls = counter.total() - calls0;
        let wall = w0.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu0;
        let rss = rss_mb();
        let by_op = counter.counts();

        // Failures: start each failing pipeline; from its failure on the sandbox to the alert.
        // Polling's latency depends on where in its cycle a failure falls, so with polling the
        // failures start spread evenly over one cycle (events do not wait for a cycle: at once).
        while alerts.try_recv().is_ok() {}
        let spread = if by_events {
            Duration::ZERO
        } else {
            poll_cycle
        };
        let starts = {
            let (admin, fails) = (admin.clone(), fails.clone());
            tokio::spawn(async move {
                let t0 = tokio::time::Instant::now();
                let n = fails.len() as f64;
                for (i, name) in fails.into_iter().enumerate() {
                    tokio::time::sleep_until(t0 + spread.mul_f64((i as f64 + 0.5) / n)).await;
                    admin
                        .start_pipeline_execution(&StartInput {
                            pipeline: name,
                            ..Default::default()
                        })
                        .await
                        .expect("start");
                }
            })
        };
        let mut latencies = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(180);
        let mut seen = std::collections::BTreeSet::new();
        while seen.len() < fails.len() && Instant::now() < deadline {
            let Ok(Ok(ev)) = tokio::time::timeout(Duration::from_millis(500), alerts.recv()).await
            else {
                continue;
            };
            let WatchEvent::Alert { alert, .. } = ev else {
                continue;
            };
            if alert.kind != AlertKind::ActionFailed || !seen.insert(alert.pipeline.clone()) {
                continue;
            }
            let at = epoch(SystemTime::now());
            if let Some(failed) = failed_at(&admin, &alert.pipeline).await {
                latencies.push(at - failed);
            }
        }
        starts.abort();
        if let Some(f) = feed {
            f.abort();
        }
        watcher.shutdown().await;
        if by_events {
            let _ = events::teardown(&aws_events, "bench", None).await;
        }
        println!(
            "{mode:>8}: idle {:.1} API calls/min over {wall:.0}s (target with events: < 10); first poll of all took {warm:.1}s; watcher RSS {rss:.0} MB, idle CPU {:.2}% of a core",
            idle_calls as f64 * 60.0 / wall,
            100.0 * cpu / wall,
        );
        println!("          idle calls by operation (whole run): {by_op:?}");
        println!(
            "          failure -> alert: {} (target with events: median < 1 s)",
            stats(latencies)
        );
    }
}
