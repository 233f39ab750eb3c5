//! "New pipeline" and then Sync, without filling in the starter's `REPLACE-ME-...` values: the
//! Sync view's plan shows the design as invalid with each placeholder left, and an apply of that
//! plan sends nothing (against the local sandbox, as the app does with no connection saved).

use std::sync::Arc;

use pipewright_appcore::connections::ConnectionsState;
use pipewright_appcore::control_room::{ControlFlows, ControlRoom, SETTINGS_FILE};
use pipewright_appcore::events::RecordingShell;
use pipewright_appcore::seen::Seen;
use pipewright_appcore::starter;
use pipewright_appcore::sync::{self, ApplyRequest};
use pipewright_core::plan::PlanAction;
use pipewright_core::Format;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_starter_design_is_refused_until_its_placeholders_are_filled() {
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
    let flows = ControlFlows::new(
        ControlRoom::new(config.path()),
        conns,
        Arc::new(RecordingShell::default()),
        tokio::runtime::Handle::current(),
    );

    let designs = tempfile::tempdir().expect("tempdir");
    let doc = starter::new_document(None, &Default::default()).expect("starter");
    std::fs::write(
        designs.path().join("my-pipeline.json"),
        doc.to_text(Format::Json).expect("render"),
    )
    .expect("design");
    let paths = vec![designs.path().display().to_string()];

    let plan = sync::plan_active(&flows, paths.clone())
        .await
        .expect("plan");
    let mine = plan
        .plan
        .pipelines
        .iter()
        .find(|p| p.name == "my-pipeline")
        .expect("the design is planned");
    assert_eq!(mine.action, PlanAction::Invalid, "{mine:#?}");
    let left: Vec<(&str, &str)> = mine
        .errors
        .iter()
        .map(|d| (d.code, d.pointer.as_str()))
        .collect();
    assert_eq!(
        left,
        [
            ("W008", "/pipeline/roleArn"),
            ("W008", "/pipeline/artifactStore/location"),
            (
                "W008",
                "/pipeline/stages/0/actions/0/configuration/RepositoryName"
            ),
            (
                "W008",
                "/pipeline/stages/1/actions/0/configuration/ProjectName"
            ),
        ]
    );
    assert!(
        mine.errors[2]
            .message
            .contains("`RepositoryName` of action `Source/Source` still holds the placeholder `REPLACE-ME-repository`"),
        "{:?}",
        mine.errors[2]
    );
    assert_eq!(plan.plan.summary.invalid, 1);

    let done = sync::apply_active(
        &flows,
        Arc::new(RecordingShell::default()),
        ApplyRequest {
            paths,
            only: Some(vec!["my-pipeline".into()]),
            seen: Seen::of(&plan.connection),
            fingerprint: plan.fingerprint.clone(),
            ..Default::default()
        },
    )
    .await
    .expect("apply runs");
    assert!(!done.success, "{done:?}");
    let result = &done.results[0];
    assert_eq!((result.outcome.as_str(), result.problem), ("invalid", true));
    assert_eq!(result.errors.len(), 4, "{result:?}");
    let remote = sync::remote_pipelines_active(&flows).await.expect("list");
    assert!(
        remote.iter().all(|p| p.name != "my-pipeline"),
        "nothing was created: {remote:?}"
    );
}
