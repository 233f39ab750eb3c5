//! Benchmark (not a test): the watcher following 100 pipelines on the local sandbox.
//!
//! Reports API calls per minute while idle and while active, the time from an approval becoming
//! ready (the action's lastStatusChange on the sandbox) to the watcher's alert (and, with
//! BENCH_NOTIFY=1 in a desktop session, to the notification being accepted by the daemon), and
//! the watcher process's CPU use while idle (from /proc/self/stat).
//!
//! Run it with `benches/watch-100.sh` (builds release, starts the sandbox as a separate process
//! so its CPU is not counted). Environment:
//! - PIPEWRIGHT_SANDBOX_URL: the sandbox endpoint (required; the script starts one)
//! - BENCH_PIPELINES (100), BENCH_IDLE_SECS (60): pipelines and idle window
//! - BENCH_IDLE_INTERVAL_SECS (60): the watcher's idle poll interval (the sandbox's Build must
//!   take longer)
//! - BENCH_NOTIFY=1: also deliver desktop notifications for the approvals

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

use common::{cpu_seconds, env_u64, epoch, parse_time, rss_mb, stats};

use pipewright_aws::control::StartInput;
use pipewright_aws::{CallCounter, ClientSettings};
use pipewright_core::{Document, Pipeline};
use pipewright_watch::{
    AlertKind, Notifier, NotifySettings, PollPolicy, WatchConfig, WatchEvent, Watcher,
};

/// `Source (CodeCommit) -> Build (CodeBuild) -> Approval (manual)`, in the service's JSON.
fn pipeline(name: &str) -> Pipeline {
    let action = |name: &str, category: &str, provider: &str, config: serde_json::Value| {
        serde_json::json!({
            "name": name,
            "actionTypeId": {"category": category, "owner": "AWS", "provider": provider, "version": "1"},
            "runOrder": 1,
            "configuration": config,
        })
    };
    let mut checkout = action(
        "Checkout",
        "Source",
        "CodeCommit",
        serde_json::json!({"RepositoryName": "app", "BranchName": "main"}),
    );
    checkout["outputArtifacts"] = serde_json::json!([{"name": "Src"}]);
    let mut compile = action(
        "Compile",
        "Build",
        "CodeBuild",
        serde_json::json!({"ProjectName": "app-build"}),
    );
    compile["inputArtifacts"] = serde_json::json!([{"name": "Src"}]);
    compile["outputArtifacts"] = serde_json::json!([{"name": "Out"}]);
    let approve = action(
        "Approve",
        "Approval",
        "Manual",
        serde_json::json!({"CustomData": "Benchmark approval"}),
    );
    Document::from_value(serde_json::json!({"pipeline": {
        "name": name,
        "roleArn": "arn:aws:iam::000000000000:role/pipeline-role",
        "artifactStore": {"type": "S3", "location": "pipewright-artifacts"},
        "stages": [
            {"name": "Source", "actions": [checkout]},
            {"name": "Build", "actions": [compile]},
            {"name": "Approval", "actions": [approve]},
        ],
    }}))
    .expect("pipeline")
    .pipeline
}

fn per_minute(calls: u64, secs: f64) -> f64 {
    calls as f64 * 60.0 / secs
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this binary without it: the
    // benchmark is not a test, so it only says how to run it.
    if !std::env::args().any(|a| a == "--bench") {
        println!("watch100: a benchmark, not a test; run benches/watch-100.sh");
        return;
    }
    let Ok(url) = std::env::var("PIPEWRIGHT_SANDBOX_URL") else {
        eprintln!(
            "set PIPEWRIGHT_SANDBOX_URL (run benches/watch-100.sh, which starts the sandbox)"
        );
        std::process::exit(2);
    };
    let n = env_u64("BENCH_PIPELINES", 100) as usize;
    let idle_secs = env_u64("BENCH_IDLE_SECS", 60);
    let notify = std::env::var("BENCH_NOTIFY").is_ok_and(|v| v == "1");
    let settings = ClientSettings::for_endpoint(&url, "us-east-1")
        .with_static_credentials("testing", "testing");
    let aws = settings.connect().await;
    // Set-up and measuring calls go through `admin`; only the watcher's calls are counted.
    let admin = aws.codepipeline();

    let names: Vec<String> = (0..n).map(|i| format!("bench-{i:03}")).collect();
    for name in &names {
        admin
            .create_pipeline(&pipeline(name), &[])
            .await
            .expect("create pipeline");
    }
    eprintln!("created {n} pipelines on {url}");

    let counter = CallCounter::new();
    let watched = aws.clone().with_call_counter(&counter).codepipeline();
    let policy = PollPolicy {
        idle: Duration::from_secs(env_u64("BENCH_IDLE_INTERVAL_SECS", 60)),
        ..PollPolicy::default()
    };
    let idle_interval = policy.idle;
    let (watcher, mut events) = Watcher::spawn(
        watched,
        WatchConfig {
            connection: "bench".into(),
            pipelines: None,
            policy,
            ..WatchConfig::all("bench")
        },
    );

    // Warm-up: every pipeline polled once.
    let t0 = Instant::now();
    while watcher.health().borrow().len() < n {
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "the first poll of every pipeline took over 2 minutes"
        );
    }
    eprintln!(
        "first poll of {n} pipelines took {:.2}s",
        t0.elapsed().as_secs_f64()
    );

    // Idle window.
    let (calls0, cpu0, w0) = (counter.total(), cpu_seconds(), Instant::now());
    tokio::time::sleep(Duration::from_secs(idle_secs)).await;
    let (idle_calls, idle_cpu, idle_wall) = (
        counter.total() - calls0,
        cpu_seconds() - cpu0,
        w0.elapsed().as_secs_f64(),
    );

    // Active: start every pipeline; Build takes longer than the idle interval so every pipeline is
    // seen running (polled fast) before its approval becomes ready.
    let start = Instant::now();
    for name in &names {
        admin
            .start_pipeline_execution(&StartInput {
                pipeline: name.clone(),
                ..Default::default()
            })
            .await
            .expect("start");
    }
    let active_from = start + idle_interval + Duration::from_secs(2);
    let mut active_calls0 = None;
    let mut active_cpu0 = 0.0;
    let mut latencies = Vec::new();
    let mut notify_latencies = Vec::new();
    let notifier = notify.then(|| Notifier::new(NotifySettings::default()).0);
    let mut ready_cache: HashMap<String, f64> = HashMap::new();
    let deadline = active_from + Duration::from_secs(60);
    while Instant::now() < deadline {
        if active_calls0.is_none() && Instant::now() >= active_from {
            active_calls0 = Some((counter.total(), Instant::now()));
            active_cpu0 = cpu_seconds();
        }
        let Ok(Ok(ev)) = tokio::time::timeout(Duration::from_millis(200), events.recv()).await
        else {
            continue;
        };
        let WatchEvent::Alert { alert, .. } = ev else {
            continue;
        };
        if alert.kind != AlertKind::ApprovalWaiting {
            continue;
        }
        let seen = epoch(SystemTime::now());
        // When the approval became ready, from the sandbox (not counted: the admin client).
        let state = admin
            .get_pipeline_state(&alert.pipeline)
            .await
            .expect("state");
        let ready = state
            .stage("Approval")
            .and_then(|s| s.actions.first())
            .and_then(|a| a.latest_execution.as_ref())
            .and_then(|r| r.last_status_change.as_deref())
            .and_then(parse_time);
        if let Some(ready) = ready {
            ready_cache.insert(alert.pipeline.clone(), ready);
            latencies.push(seen - ready);
            if let Some(n) = &notifier {
                if n.deliver(&alert).await.is_ok() {
                    notify_latencies.push(epoch(SystemTime::now()) - ready);
                }
            }
        }
    }
    let (active_calls, active_cpu, active_wall) = match active_calls0 {
        Some((c, t)) => (
            counter.total() - c,
            cpu_seconds() - active_cpu0,
            t.elapsed().as_secs_f64(),
        ),
        None => (0, 0.0, 1.0),
    };
    watcher.shutdown().await;

    println!("watch-100 benchmark ({n} pipelines, sandbox at {url})");
    println!(
        "idle:   {:.0} API calls/min over {:.0}s (target: at most {:.0}/min, one GetPipelineState per pipeline per idle interval of {}s); CPU {:.2}% of a core (target < 1%); RSS {:.0} MB",
        per_minute(idle_calls, idle_wall),
        idle_wall,
        n as f64 * 60.0 / idle_interval.as_secs_f64(),
        idle_interval.as_secs(),
        100.0 * idle_cpu / idle_wall,
        rss_mb()
    );
    println!(
        "active: {:.0} API calls/min over {:.0}s (every pipeline running or waiting, polled every 5 s); CPU {:.2}% of a core",
        per_minute(active_calls, active_wall),
        active_wall,
        100.0 * active_cpu / active_wall
    );
    println!("calls by operation: {:?}", counter.counts());
    println!(
        "approval ready -> alert:        {} (target: within 5 s)",
        stats(latencies)
    );
    if notify {
        println!(
            "approval ready -> notification: {}",
            stats(notify_latencies)
        );
    }
}
