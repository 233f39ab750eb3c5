//! The control room's flows without a window, against real local sandboxes: what starts at app
//! start, opening the control room, watching a second connection, opening a pipeline of another
//! connection. Events are observed on a recording shell, as the UI would receive them.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use pipewright_appcore::connections::ConnectionsState;
use pipewright_appcore::control_room::{ControlFlows, ControlRoom, SETTINGS_FILE};
use pipewright_appcore::events::{
    ActiveConnectionEvent, BadgeState, ControlChangedEvent, ControlOpenEvent, Event, RecordingShell,
};
use serde_json::{json, Value};

async fn wait_for(what: &str, done: impl Fn() -> bool, show: impl Fn() -> String) {
    let deadline = Instant::now() + Duration::from_secs(40);
    while !done() {
        assert!(Instant::now() < deadline, "{what}: {}", show());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// With no connection saved, starting the flows starts nothing (no sandbox, no watcher).
/// Opening the control room starts the sandbox, announces it as the active connection, watches
/// it and publishes the badge and pipeline changes as events. A second connection chosen in the
/// settings is watched too: one badge over both; opening a pipeline of it shows the window and
/// switches the active connection to it before `control-open` says which pipeline to show.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flows_start_lazily_and_watch_every_chosen_connection() {
    let config = tempfile::tempdir().expect("tempdir");
    // Keep the samples' alerts off the desktop: muted (still counted as suppressed).
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
    let shell = Arc::new(RecordingShell::default());
    let flows = ControlFlows::new(
        room.clone(),
        conns.clone(),
        shell.clone(),
        tokio::runtime::Handle::current(),
    );
    let seen = |name: &str| shell.events_named(name);

    flows.spawn().await.expect("start");
    // Nothing asked for, nothing runs.
    assert!(!room.sandbox_running().await);
    let status = room.status();
    assert!(
        status.connection.is_none() && status.watching.is_empty(),
        "{status:?}"
    );
    assert!(!config.path().join("connections.json").exists());

    // The control room opens.
    flows.open_room().await;
    let status = room.status();
    assert_eq!(status.connection.as_ref().map(|c| c.is_sandbox), Some(true));
    assert_eq!(status.watching, vec!["Local sandbox".to_string()]);
    wait_for(
        "sandbox announced, badge, changes",
        || {
            let announced = seen(ActiveConnectionEvent::NAME)
                .iter()
                .any(|p| p["active"]["isSandbox"] == true);
            let badge = seen(BadgeState::NAME)
                .iter()
                .any(|p| p["waitingApprovals"].as_u64().is_some_and(|n| n > 0));
            let changed = seen(ControlChangedEvent::NAME)
                .iter()
                .any(|p| p["pipeline"].is_string());
            announced && badge && changed
        },
        || format!("{:?}", seen(BadgeState::NAME)),
    )
    .await;
    assert!(room.status().badge.waiting_approvals > 0);

    // A second connection, chosen in the settings' checklist.
    let other =
        pipewright_sandbox::Sandbox::start(pipewright_sandbox::SandboxConfig::with_samples())
            .await
            .expect("second sandbox");
    let second = {
        let mut c = conns.lock().await.expect("conns");
        c.add(pipewright_connections::NewConnection {
            name: "staging".into(),
            region: Some("eu-west-1".into()),
            endpoint_url: Some(other.endpoint_url().to_string()),
            auth: pipewright_connections::AuthInput::LocalSandbox,
        })
        .expect("add")
    };
    let choices = room.watch_choices(&conns).await.expect("choices");
    let choice = choices
        .iter()
        .find(|c| c.name == "staging")
        .expect("staging offered");
    assert_eq!(choice.key, second.id);
    assert!(!choice.watching);
    let mut settings = room.settings();
    settings.watched = BTreeSet::from([second.id.clone()]);
    // Mutes belong to one connection: staging's samples are muted on staging too.
    let staging = pipewright_appcore::control_room::Scope {
        connection: second.id.clone(),
        region: "eu-west-1".into(),
        account: Some(pipewright_appcore::control_room::Account {
            partition: "aws".into(),
            id: pipewright_sandbox::ACCOUNT_ID.into(),
        }),
    };
    settings
        .muted
        .extend(muted.iter().map(|name| staging.entry(name)));
    room.save_settings(settings).expect("save");
    flows.rewatch(None);
    // One badge over both connections (each item names its connection).
    wait_for(
        "a badge over both connections",
        || {
            seen(BadgeState::NAME).iter().any(|p: &Value| {
                p["items"]
                    .as_array()
                    .map(|items| {
                        items
                            .iter()
                            .filter_map(|i| i["connection"].as_str())
                            .collect::<BTreeSet<_>>()
                            .len()
                    })
                    .unwrap_or_default()
                    == 2
            })
        },
        || format!("{:?}", room.status()),
    )
    .await;
    assert_eq!(
        room.status().watching,
        vec!["Local sandbox".to_string(), "staging".to_string()]
    );
    // Both connections' alerts reached the notifier (muted: suppressed, not shown).
    wait_for(
        "alerts of both connections",
        || room.notifier().counts().1 >= 2,
        || format!("{:?}", room.notifier().counts()),
    )
    .await;

    // A click on a staging pipeline (notification, tray or the control room's list): the window
    // shows, staging becomes the active connection, then the UI is told which pipeline to open.
    flows
        .open_pipeline(ControlOpenEvent {
            connection: Some("staging".into()),
            pipeline: "api-dev".into(),
            approve: None,
            why: None,
        })
        .await;
    assert_eq!(shell.shown(), 1);
    assert_eq!(
        room.connection().map(|c| c.name).as_deref(),
        Some("staging")
    );
    assert!(seen(ActiveConnectionEvent::NAME)
        .iter()
        .any(|p| p["active"]["name"] == "staging"));
    let opened = seen(ControlOpenEvent::NAME);
    assert_eq!(
        opened.last().map(|p| p["pipeline"].clone()),
        Some(json!("api-dev"))
    );
    let view = room.detail("api-dev").await.expect("view");
    assert_eq!(view.view.state.pipeline_name, "api-dev");

    // Unchosen: staging is still watched while it is the active connection; the sandbox,
    // neither active nor chosen, is not.
    let mut settings = room.settings();
    settings.watched = BTreeSet::new();
    room.save_settings(settings).expect("save");
    flows.rewatch(None);
    wait_for(
        "only staging watched",
        || room.status().watching == vec!["staging".to_string()],
        || format!("{:?}", room.status().watching),
    )
    .await;
    assert!(room
        .status()
        .badge
        .items
        .iter()
        .all(|i| i.connection.as_deref() == Some("staging")));
    drop(other);
}

/// The sync view with no connection active yet plans against the app's default connection, the
/// local sandbox, started then (as the title bar says).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_without_a_connection_uses_the_local_sandbox() {
    let config = tempfile::tempdir().expect("tempdir");
    let designs = tempfile::tempdir().expect("tempdir");
    let conns = ConnectionsState::open(
        config.path(),
        pipewright_connections::Keyring::new("pipewright-test-unused"),
    );
    let room = ControlRoom::new(config.path());
    let shell = Arc::new(RecordingShell::default());
    let flows = ControlFlows::new(
        room.clone(),
        conns.clone(),
        shell.clone(),
        tokio::runtime::Handle::current(),
    );
    assert!(conns.active().await.is_none());
    let plan =
        pipewright_appcore::sync::plan_active(&flows, vec![designs.path().display().to_string()])
            .await
            .expect("plan");
    assert!(plan.connection.is_sandbox, "{:?}", plan.connection);
    assert!(room.sandbox_running().await);
    assert!(shell
        .events_named(ActiveConnectionEvent::NAME)
        .iter()
        .any(|p| p["active"]["isSandbox"] == true));
}
