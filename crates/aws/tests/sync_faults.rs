//! Faults during apply: the endpoint going away mid-apply gives a per-pipeline report, leaves the
//! design files of the failed pipelines as they were, and a re-run finishes the job.

mod support;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use pipewright_aws::sync::{
    apply, load_designs, plan, ApplyOptions, Outcome, PlanOptions, ProgressEvent,
};
use pipewright_core::plan::PlanAction;
use support::proxy::Proxy;
use support::*;
use tokio::sync::Notify;

const N: usize = 30;

fn texts(dir: &std::path::Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                read(&p),
            )
        })
        .collect()
}

/// A progress callback that wakes `cut` once `after` pipelines are done.
fn cut_after(after: usize, cut: Arc<Notify>) -> pipewright_aws::sync::apply::ProgressFn {
    Arc::new(move |e: &ProgressEvent| {
        if e.finished.is_some() && e.done == after {
            cut.notify_one();
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoint_gone_mid_apply_then_a_rerun_finishes_the_job() {
    let moto = Moto::start();
    let target: SocketAddr = format!("127.0.0.1:{}", moto.port).parse().unwrap();
    let proxy = Proxy::start(0, target).await;
    let port = proxy.port;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..N {
        write_design(dir.path(), &design(&format!("cut-{i:02}")));
    }
    let before = texts(dir.path());
    let (designs, _) = load_designs(&[dir.path().to_path_buf()]);

    // Cut the endpoint once 10 pipelines are done.
    let cut = Arc::new(Notify::new());
    let cutter = {
        let cut = cut.clone();
        let mut proxy = proxy;
        tokio::spawn(async move {
            cut.notified().await;
            proxy.cut().await;
        })
    };
    let aws1 = aws(&format!("http://127.0.0.1:{port}")).await;
    let opts = ApplyOptions {
        concurrency: 4,
        ..Default::default()
    };
    let report = apply(&aws1, &designs, &opts, Some(cut_after(10, cut))).await;
    cutter.await.unwrap();

    // One result per pipeline: some created, the others failed with a clear, transient error.
    assert_eq!(report.results.len(), N);
    let created = report.count("created");
    let failed: Vec<_> = report
        .results
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Failed { .. }))
        .collect();
    assert!(created >= 10, "{}", report.to_text());
    assert!(!failed.is_empty(), "{}", report.to_text());
    assert_eq!(created + failed.len(), N, "{}", report.to_text());
    for r in &failed {
        let Outcome::Failed { error, transient } = &r.outcome else {
            unreachable!()
        };
        assert!(*transient, "{error}");
        assert!(error.contains("could not reach"), "{error}");
    }
    assert!(report.to_text().contains("failed"), "{}", report.to_text());
    // Failed pipelines: design files untouched. Created ones: rewritten with their record.
    let after = texts(dir.path());
    assert_eq!(after.len(), N, "no temp files left");
    for r in &report.results {
        let file = format!("{}.json", r.name);
        if matches!(r.outcome, Outcome::Failed { .. }) {
            assert_eq!(after[&file], before[&file], "{file} must be as it was");
        } else {
            assert_ne!(after[&file], before[&file], "{file} gets its sync record");
        }
    }

    // The endpoint comes back (same port); moto kept its state.
    let _proxy = Proxy::start(port, target).await;
    let aws2 = aws(&format!("http://127.0.0.1:{port}")).await;
    let api2 = aws2.codepipeline();
    let remote_now = api2.list_pipelines().await.unwrap().len();
    assert!(remote_now >= created);
    let (designs, _) = load_designs(&[dir.path().to_path_buf()]);
    let p = plan(&aws2, &designs, &PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(p.summary.unchanged, remote_now, "{}", p.to_text());
    assert_eq!(p.summary.create, N - remote_now, "{}", p.to_text());
    assert_eq!(p.summary.update + p.summary.drifted, 0, "{}", p.to_text());
    for pp in p
        .pipelines
        .iter()
        .filter(|x| x.action == PlanAction::Unchanged)
    {
        assert!(pp.changes.is_empty());
    }

    let report = apply(&aws2, &designs, &opts, None).await;
    assert!(report.is_success(), "{}", report.to_text());
    assert_eq!(report.count("created"), N - remote_now);
    assert_eq!(api2.list_pipelines().await.unwrap().len(), N);
    let (designs, _) = load_designs(&[dir.path().to_path_buf()]);
    let p = plan(&aws2, &designs, &PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(p.summary.unchanged, N, "{}", p.to_text());
    assert!(
        p.pipelines.iter().all(|x| !x.record_stale),
        "{}",
        p.to_text()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_killed_mid_apply_reports_every_pipeline() {
    let moto = Arc::new(Mutex::new(Moto::start()));
    let url = moto.lock().unwrap().url.clone();
    let dir = tempfile::tempdir().unwrap();
    for i in 0..N {
        write_design(dir.path(), &design(&format!("kill-{i:02}")));
    }
    let before = texts(dir.path());
    let (designs, _) = load_designs(&[dir.path().to_path_buf()]);
    let cut = Arc::new(Notify::new());
    let killer = {
        let cut = cut.clone();
        let moto = moto.clone();
        tokio::spawn(async move {
            cut.notified().await;
            moto.lock().unwrap().kill();
        })
    };
    let aws = aws(&url).await;
    let opts = ApplyOptions {
        concurrency: 4,
        ..Default::default()
    };
    let report = apply(&aws, &designs, &opts, Some(cut_after(5, cut))).await;
    killer.await.unwrap();
    assert_eq!(report.results.len(), N);
    let failed: Vec<_> = report
        .results
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Failed { .. }))
        .collect();
    assert!(failed.len() >= N - 5 - 4, "{}", report.to_text());
    let text = report.to_text();
    assert!(
        text.contains(&format!("{} failed.", failed.len())),
        "summary line counts the failures: {text}"
    );
    let after = texts(dir.path());
    for r in &failed {
        let file = format!("{}.json", r.name);
        assert_eq!(after[&file], before[&file]);
    }
}
