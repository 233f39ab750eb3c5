//! Every change lands where the user looked: against real local sandboxes, a connection switched
//! between review and confirm (a notification click, a region switch) refuses the approval, the
//! apply and the delete with `changed-since-review`, and nothing reaches the other connection;
//! an approval that does not name its execution and token is refused rather than matched
//! loosely; an apply whose plan changed since it was reviewed is refused.

use std::sync::Arc;

use pipewright_appcore::connections::ConnectionsState;
use pipewright_appcore::control_room::{ControlFlows, ControlRoom, SETTINGS_FILE};
use pipewright_appcore::events::{ControlOpenEvent, RecordingShell};
use pipewright_appcore::seen::Seen;
use pipewright_appcore::sync::{self, ApplyRequest};
use pipewright_appcore::ErrorKind;
use pipewright_aws::control::{ApprovalRequest, Decision};
use serde_json::json;

struct App {
    _config: tempfile::TempDir,
    conns: ConnectionsState,
    room: ControlRoom,
    flows: ControlFlows,
}

fn app() -> App {
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
        conns.clone(),
        Arc::new(RecordingShell::default()),
        tokio::runtime::Handle::current(),
    );
    App {
        _config: config,
        conns,
        room,
        flows,
    }
}

async fn add_staging(conns: &ConnectionsState, url: &str) -> String {
    let mut c = conns.lock().await.expect("conns");
    c.add(pipewright_connections::NewConnection {
        name: "staging".into(),
        region: Some("eu-west-1".into()),
        endpoint_url: Some(url.to_string()),
        auth: pipewright_connections::AuthInput::LocalSandbox,
    })
    .expect("add")
    .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approval_reviewed_on_one_connection_is_refused_on_another() {
    let app = app();
    app.flows.open_room().await;
    // The sandbox runs in real time: wait for its approvals.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(40);
    let detail = loop {
        let detail = app.room.detail("mobile-release").await.expect("detail");
        if !detail.approvals.is_empty() || std::time::Instant::now() > deadline {
            break detail;
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    };
    let waiting = detail.approvals.first().expect("an approval waits").clone();
    assert!(
        detail.seen.connection.starts_with("Local sandbox"),
        "{:?}",
        detail.seen
    );
    let request = ApprovalRequest {
        pipeline: waiting.pipeline.clone(),
        stage: Some(waiting.stage.clone()),
        action: Some(waiting.action.clone()),
        pipeline_execution_id: waiting.pipeline_execution_id.clone(),
        parallel: Some(true),
        decision: Decision::Approve,
        summary: "ok".into(),
        confirmation: None,
    };

    // A request that leaves the execution or the token out is refused, not matched loosely.
    let loose = ApprovalRequest {
        pipeline_execution_id: None,
        ..request.clone()
    };
    let e = app
        .room
        .decide(&loose, Some(&waiting.token), &detail.seen)
        .await
        .expect_err("no execution id");
    assert_eq!(e.kind(), ErrorKind::Invalid, "{e}");
    let e = app
        .room
        .decide(&request, None, &detail.seen)
        .await
        .expect_err("no token");
    assert!(e.to_string().contains("approval token"), "{e}");
    // Another token than the one shown (the stage was retried since): stale.
    let e = app
        .room
        .decide(&request, Some("not-the-token"), &detail.seen)
        .await
        .expect_err("another token");
    assert_eq!(e.kind(), ErrorKind::ApprovalStale, "{e}");

    // A notification click makes staging active between review and confirm.
    let other =
        pipewright_sandbox::Sandbox::start(pipewright_sandbox::SandboxConfig::with_samples())
            .await
            .expect("second sandbox");
    add_staging(&app.conns, other.endpoint_url()).await;
    app.flows
        .open_pipeline(ControlOpenEvent {
            connection: Some("staging".into()),
            pipeline: "mobile-release".into(),
            approve: None,
            why: None,
        })
        .await;
    assert_eq!(
        app.room.connection().map(|c| c.name).as_deref(),
        Some("staging")
    );
    let staging_before = app.room.detail("mobile-release").await.expect("staging");
    let e = app
        .room
        .decide(&request, Some(&waiting.token), &detail.seen)
        .await
        .expect_err("reviewed on another connection");
    assert_eq!(e.kind(), ErrorKind::ChangedSinceReview, "{e}");
    assert!(
        e.to_string()
            .contains("the active connection is now `staging`"),
        "{e}"
    );
    for e in [
        app.room
            .start_execution(
                &pipewright_aws::control::StartInput {
                    pipeline: "api-dev".into(),
                    variables: vec![],
                    source_revisions: vec![],
                    client_request_token: None,
                },
                None,
                &detail.seen,
            )
            .await
            .expect_err("start elsewhere"),
        app.room
            .set_transition(
                "api-dev",
                "Build",
                pipewright_aws::control::TransitionType::Inbound,
                false,
                Some("no"),
                &detail.seen,
            )
            .await
            .expect_err("transition elsewhere"),
    ] {
        assert_eq!(e.kind(), ErrorKind::ChangedSinceReview, "{e}");
    }
    // Nothing reached staging: its approvals wait as before.
    let staging_after = app.room.detail("mobile-release").await.expect("staging");
    assert_eq!(staging_before.approvals, staging_after.approvals);

    // On the connection it was reviewed on, the same approval goes through.
    app.flows
        .open_pipeline(ControlOpenEvent {
            connection: Some(detail.seen.connection.clone()),
            pipeline: "mobile-release".into(),
            approve: None,
            why: None,
        })
        .await;
    let outcome = app
        .room
        .decide(&request, Some(&waiting.token), &detail.seen)
        .await
        .expect("approved where it was reviewed");
    assert_eq!(outcome.approval.token, waiting.token);
    drop(other);
}

fn design(name: &str) -> serde_json::Value {
    json!({"pipeline": {
        "name": name,
        "roleArn": "arn:aws:iam::123456789012:role/pipewright",
        "artifactStore": {"type": "S3", "location": "bucket"},
        "stages": [
            {"name": "Source", "actions": [{"name": "Src",
                "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
                "configuration": {"S3Bucket": "b", "S3ObjectKey": "k.zip"},
                "outputArtifacts": [{"name": "Out"}]}]},
            {"name": "Build", "actions": [{"name": "B",
                "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                "configuration": {"ProjectName": "p"},
                "inputArtifacts": [{"name": "Out"}]}]}
        ]
    }})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_apply_or_delete_reviewed_elsewhere_or_on_another_plan_is_refused() {
    let app = app();
    let designs = tempfile::tempdir().expect("tempdir");
    let path = designs.path().join("bound-app.json");
    std::fs::write(&path, design("bound-app").to_string()).expect("design");
    let paths = vec![designs.path().display().to_string()];
    let plan = sync::plan_active(&app.flows, paths.clone())
        .await
        .expect("plan");
    assert_eq!(plan.plan.summary.create, 1);
    let request = ApplyRequest {
        paths: paths.clone(),
        only: Some(vec!["bound-app".into()]),
        seen: Seen::of(&plan.connection),
        fingerprint: plan.fingerprint.clone(),
        ..Default::default()
    };

    // The design changed on disk after the review: another plan, refused.
    let mut edited = design("bound-app");
    edited["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] = json!("q");
    std::fs::write(&path, edited.to_string()).expect("edit");
    let e = sync::apply_active(
        &app.flows,
        Arc::new(RecordingShell::default()),
        request.clone(),
    )
    .await
    .expect_err("plan changed");
    assert_eq!(e.kind(), ErrorKind::ChangedSinceReview, "{e}");
    assert!(e.to_string().contains("review the new plan"), "{e}");
    std::fs::write(&path, design("bound-app").to_string()).expect("restore");

    // The region switched between review and confirm: refused, nothing created.
    let region = plan.connection.region.clone();
    let other = if region == "eu-west-1" {
        "us-east-1"
    } else {
        "eu-west-1"
    };
    app.conns
        .lock()
        .await
        .expect("conns")
        .switch_region(other)
        .expect("switch");
    let e = sync::apply_active(
        &app.flows,
        Arc::new(RecordingShell::default()),
        request.clone(),
    )
    .await
    .expect_err("another region");
    assert_eq!(e.kind(), ErrorKind::ChangedSinceReview, "{e}");
    assert!(
        e.to_string()
            .contains(&format!("now {other}, not {region}")),
        "{e}"
    );
    let e = sync::delete_active(
        &app.flows,
        "api-dev".into(),
        "api-dev".into(),
        Seen::of(&plan.connection),
    )
    .await
    .expect_err("delete in another region");
    assert_eq!(e.kind(), ErrorKind::ChangedSinceReview, "{e}");

    // Back where it was reviewed: the apply goes through; a request without a fingerprint or
    // connection does not.
    app.conns
        .lock()
        .await
        .expect("conns")
        .switch_region(&region)
        .expect("switch back");
    let bare = ApplyRequest {
        fingerprint: String::new(),
        ..request.clone()
    };
    let e = sync::apply_active(&app.flows, Arc::new(RecordingShell::default()), bare)
        .await
        .expect_err("no fingerprint");
    assert_eq!(e.kind(), ErrorKind::ChangedSinceReview, "{e}");
    let done = sync::apply_active(&app.flows, Arc::new(RecordingShell::default()), request)
        .await
        .expect("apply");
    assert!(done.success, "{done:?}");
    assert_eq!(done.results[0].outcome, "created");
}

/// Mutes and production marks belong to a pipeline of one connection (its ARN: region and
/// account), not to a name: muting the sandbox's `data-jobs` leaves another connection's `data-jobs` alone. The
/// names of an older settings file are taken over by the first connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutes_and_production_marks_belong_to_one_connection() {
    let app = app();
    app.flows.open_room().await;
    let sandbox = app.room.connection().expect("sandbox");
    // The older file muted the samples by name: now the sandbox's, and only the sandbox's.
    let stored = app.room.settings();
    assert!(!stored.muted.is_empty());
    assert!(
        stored.muted.iter().all(|e| e.starts_with(&format!(
            "{}|arn:aws:codepipeline:{}:{}:",
            sandbox.id.clone().unwrap(),
            sandbox.region,
            pipewright_sandbox::ACCOUNT_ID
        ))),
        "{stored:?}"
    );
    let card = |cards: &[pipewright_appcore::control_room::PipelineCard], name: &str| {
        cards
            .iter()
            .find(|c| c.overview.pipeline.name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let cards = app.room.overview().await.expect("overview");
    assert!(card(&cards, "data-jobs").muted);
    assert!(app.room.settings_view().muted.contains("data-jobs"));

    let other =
        pipewright_sandbox::Sandbox::start(pipewright_sandbox::SandboxConfig::with_samples())
            .await
            .expect("second sandbox");
    add_staging(&app.conns, other.endpoint_url()).await;
    app.flows
        .open_pipeline(ControlOpenEvent {
            connection: Some("staging".into()),
            pipeline: "data-jobs".into(),
            approve: None,
            why: None,
        })
        .await;
    let cards = app.room.overview().await.expect("overview");
    assert!(
        !card(&cards, "data-jobs").muted,
        "staging's data-jobs is not muted"
    );
    assert!(app.room.settings_view().muted.is_empty());
    assert!(!app.room.detail("data-jobs").await.expect("detail").muted);

    // Marked production on staging only.
    let mut view = app.room.settings_view();
    view.production = ["api-dev".to_string()].into();
    app.room.save_settings_view(view).expect("save");
    assert!(app.room.detail("api-dev").await.expect("detail").production);
    let muted = app.room.set_muted("api-dev", true).expect("mute");
    assert_eq!(muted.muted, ["api-dev".to_string()].into());

    app.flows
        .open_pipeline(ControlOpenEvent {
            connection: Some(sandbox.name.clone()),
            pipeline: "api-dev".into(),
            approve: None,
            why: None,
        })
        .await;
    let detail = app.room.detail("api-dev").await.expect("detail");
    assert!(!detail.production, "the mark is staging's");
    assert!(detail.muted, "the sandbox's old mute of the samples stays");
    assert!(app.room.settings_view().muted.contains("data-jobs"));
    assert!(!app.room.settings_view().production.contains("api-dev"));
    drop(other);
}
