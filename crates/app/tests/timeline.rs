//! Run history you can read, without a window: the control room on the embedded sandbox gives
//! `storefront`'s timeline (stages in declaration order, real durations, trigger and revision)
//! and compares two of its executions on the connection the view was made on; a view made on
//! another connection or region is refused.

use std::sync::Arc;

use pipewright_appcore::connections::ConnectionsState;
use pipewright_appcore::control_room::{ControlFlows, ControlRoom, SETTINGS_FILE};
use pipewright_appcore::events::RecordingShell;
use pipewright_appcore::ErrorKind;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_control_room_shows_a_timeline_and_compares_two_runs() {
    let config = tempfile::tempdir().expect("tempdir");
    let muted: Vec<&str> = pipewright_sandbox::samples::SAMPLE_PIPELINES.to_vec();
    std::fs::write(
        config.path().join(SETTINGS_FILE),
        json!({ "muted": muted }).to_string(),
    )
    .expect("settings");
    let conns = ConnectionsState::open(
        config.path(),
        pipewright_connections::Keyring::new("pipewright-test-unused"),
    );
    let room = ControlRoom::new(config.path());
    let flows = ControlFlows::new(
        room.clone(),
        conns,
        Arc::new(RecordingShell::default()),
        tokio::runtime::Handle::current(),
    );
    flows.open_room().await;
    let detail = room.detail("storefront").await.expect("detail");
    let seen = detail.seen.clone();
    let history = &detail.view.executions;
    assert!(history.len() >= 3, "{history:?}");
    let oldest = history.last().unwrap().pipeline_execution_id.clone();

    let t = room
        .timeline("storefront", Some(&oldest), &seen)
        .await
        .expect("timeline");
    let stages: Vec<_> = t.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(stages, ["Source", "Build", "Staging", "Production"]);
    assert!(t.duration_ms.is_some_and(|d| d > 60_000), "{t:?}");
    assert!(t.trigger_type.is_some());
    assert!(t.revisions[0].revision_id.is_some());

    let latest = room
        .timeline("storefront", None, &seen)
        .await
        .expect("latest");
    assert_eq!(
        latest.pipeline_execution_id,
        history[0].pipeline_execution_id
    );

    let yesterday = history[1].pipeline_execution_id.clone();
    let c = room
        .compare("storefront", &oldest, &yesterday, &seen)
        .await
        .expect("compare");
    assert_eq!(c.a.pipeline_execution_id, oldest);
    assert_eq!(c.b.pipeline_execution_id, yesterday);
    assert!(!c.stages.is_empty());

    let mut elsewhere = seen.clone();
    elsewhere.region = "ap-south-1".into();
    let e = room
        .timeline("storefront", None, &elsewhere)
        .await
        .expect_err("another region is refused");
    assert_eq!(e.kind(), ErrorKind::ChangedSinceReview, "{e}");
    let e = room
        .compare("storefront", &oldest, "", &seen)
        .await
        .expect_err("two runs are needed");
    assert!(e.to_string().contains("two executions"), "{e}");
}
