//! Many pipelines at once against moto's server: bounded concurrency, progress events, and a
//! re-plan that finds everything unchanged.

mod support;

use std::sync::{Arc, Mutex};

use pipewright_aws::sync::{apply, load_designs, plan, ApplyOptions, PlanOptions, ProgressEvent};
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_pipelines_in_parallel_with_progress() {
    let moto = Moto::start();
    let aws = aws(&moto.url).await;
    let api = aws.codepipeline();
    let dir = tempfile::tempdir().unwrap();
    for i in 0..30 {
        write_design(dir.path(), &design(&format!("many-{i:02}")));
    }
    let (designs, errors) = load_designs(&[dir.path().to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(designs.len(), 30);

    let events: Arc<Mutex<Vec<ProgressEvent>>> = Arc::default();
    let in_flight = Arc::new(Mutex::new((0usize, 0usize))); // (now, max)
    let progress = {
        let events = events.clone();
        let in_flight = in_flight.clone();
        Arc::new(move |e: &ProgressEvent| {
            let mut f = in_flight.lock().unwrap();
            if e.finished.is_none() {
                f.0 += 1;
                f.1 = f.1.max(f.0);
            } else {
                f.0 -= 1;
            }
            events.lock().unwrap().push(e.clone());
        })
    };
    let opts = ApplyOptions {
        concurrency: 8,
        ..Default::default()
    };
    let report = apply(&aws, &designs, &opts, Some(progress)).await;
    assert!(report.is_success(), "{}", report.to_text());
    assert_eq!(report.count("created"), 30);
    assert_eq!(report.results.len(), 30);

    let events = events.lock().unwrap().clone();
    assert_eq!(events.len(), 60, "a start and a finish per pipeline");
    assert!(events.iter().all(|e| e.total == 30));
    let finishes: Vec<usize> = events
        .iter()
        .filter(|e| e.finished.is_some())
        .map(|e| e.done)
        .collect();
    assert_eq!(finishes, (1..=30).collect::<Vec<_>>(), "done counts up");
    let max = in_flight.lock().unwrap().1;
    assert_eq!(
        max, 8,
        "at most --concurrency pipelines at once, and really in parallel"
    );

    assert_eq!(api.list_pipelines().await.unwrap().len(), 30);
    let (designs, _) = load_designs(&[dir.path().to_path_buf()]);
    let p = plan(&aws, &designs, &PlanOptions::default()).await.unwrap();
    assert_eq!(p.summary.unchanged, 30, "{}", p.to_text());
}
