//! The control room's commands through Tauri's real IPC layer (mock runtime, no window) against
//! the embedded local sandbox with its sample pipelines, started by the control room exactly as
//! the app does when no AWS connection exists.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::{Manager, WebviewWindow};

use super::ipc_call;
use crate::commands;
use crate::control_room::ControlRoom;
use pipewright_appcore::connections::ConnectionsState;

struct Harness {
    _app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
    called: HashSet<String>,
}

impl Harness {
    /// A mock app whose control room has connected (the sandbox started) like the real one.
    fn connected(config: &std::path::Path) -> Self {
        let conns = ConnectionsState::open(
            config,
            pipewright_connections::Keyring::new("pipewright-test-unused"),
        );
        let room = ControlRoom::new(config);
        let active = tauri::async_runtime::block_on(room.connect(&conns)).expect("connect");
        assert!(active.is_sandbox, "{active:?}");
        let (app, webview) = super::mock_app(|app| {
            app.manage(conns);
            app.manage(room);
        });
        Harness {
            _app: app,
            webview,
            called: HashSet::new(),
        }
    }

    fn call(&mut self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.called.insert(cmd.to_string());
        super::call_checked(&self.webview, cmd, args)
    }

    fn ok(&mut self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn err(&mut self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args) {
            Ok(v) => panic!("{cmd} should fail, answered {v}"),
            Err(e) => e,
        }
    }

    /// Polls `control_view` until `ready` holds (the sandbox runs in real time).
    fn view_until(&mut self, pipeline: &str, what: &str, ready: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            let view = self.ok("control_view", json!({ "pipeline": pipeline }));
            if ready(&view) {
                return view;
            }
            assert!(
                Instant::now() < deadline,
                "{pipeline}: {what} did not happen: {view}"
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }
}

fn stage<'a>(view: &'a Value, name: &str) -> &'a Value {
    view["view"]["state"]["stages"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["name"] == name))
        .unwrap_or_else(|| panic!("no stage {name} in {view}"))
}

#[test]
fn control_commands_against_the_local_sandbox() {
    let config = tempfile::tempdir().expect("tempdir");
    let mut h = Harness::connected(config.path());

    // Status: the sandbox is the active connection, clearly not AWS.
    let status = h.ok("control_status", json!({}));
    assert_eq!(status["connection"]["isSandbox"], true);
    assert_eq!(status["connection"]["name"], "Local sandbox");
    assert_eq!(status["starting"], false);
    assert!(status["connection"]["title"]
        .as_str()
        .expect("title")
        .contains("not AWS"));

    // The pipeline list with production marks.
    let cards = h.ok("control_overview", json!({}));
    let cards = cards.as_array().expect("cards");
    let card = |name: &str| {
        cards
            .iter()
            .find(|c| c["overview"]["pipeline"]["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing"))
            .clone()
    };
    assert_eq!(card("web-app-prod")["production"], true);
    assert_eq!(card("api-dev")["production"], false);
    assert!(card("web-app-prod")["overview"]["latestExecution"]["status"].is_string());

    // A waiting approval on a production pipeline: the name must be typed back.
    let view = h.view_until("web-app-prod", "approval waiting", |v| {
        v["approvals"].as_array().is_some_and(|a| !a.is_empty())
    });
    assert_eq!(view["production"], true);
    let approval = view["approvals"][0].clone();
    assert_eq!(approval["stage"], "Approval");
    assert!(approval["token"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(
        stage(&view, "Approval")["actions"][0]["latestExecution"]["status"],
        "InProgress"
    );
    let request = |decision: Value, confirmation: Value| {
        json!({ "request": {
            "pipeline": "web-app-prod",
            "stage": approval["stage"],
            "action": approval["action"],
            "pipelineExecutionId": approval["pipelineExecutionId"],
            "parallel": null,
            "decision": decision,
            "summary": "Staging looks good",
            "confirmation": confirmation,
        }})
    };
    let e = h.err(
        "control_decide",
        request(json!({ "decision": "approve" }), Value::Null),
    );
    assert_eq!(e["kind"], "confirmation-required");
    assert!(e["message"].as_str().expect("msg").contains("web-app-prod"));
    let e = h.err(
        "control_decide",
        request(json!({ "decision": "reject", "reason": "  " }), Value::Null),
    );
    assert_eq!(e["kind"], "invalid");
    let outcome = h.ok(
        "control_decide",
        request(json!({ "decision": "approve" }), json!("web-app-prod")),
    );
    assert_eq!(outcome["status"], "Approved");
    assert_eq!(outcome["approval"]["stage"], "Approval");
    // The same approval again: stale, with a sentence that says the view refreshed.
    let e = h.err(
        "control_decide",
        request(json!({ "decision": "approve" }), json!("web-app-prod")),
    );
    assert_eq!(e["kind"], "approval-stale", "{e}");
    assert!(e["message"]
        .as_str()
        .expect("msg")
        .contains("already decided"));

    // History and the action executions of the approved run.
    let exec_id = approval["pipelineExecutionId"]
        .as_str()
        .expect("id")
        .to_string();
    let history = h.ok(
        "control_history",
        json!({ "pipeline": "web-app-prod", "nextToken": null }),
    );
    assert!(history["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|e| e["pipelineExecutionId"] == exec_id));
    let actions = h.ok(
        "control_execution_actions",
        json!({ "pipeline": "web-app-prod", "pipelineExecutionId": exec_id }),
    );
    let approved = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| a["actionName"] == approval["action"])
        .expect("the approval's action execution");
    assert_eq!(approved["status"], "Succeeded");
    assert_eq!(approved["summary"], "Staging looks good");

    // PARALLEL mode: tokens come from the action executions; reject one with a reason.
    let view = h.view_until("mobile-release", "parallel approvals", |v| {
        v["approvals"].as_array().is_some_and(|a| a.len() >= 2)
    });
    assert_eq!(view["summary"]["executionMode"], "PARALLEL");
    let first = view["approvals"][0].clone();
    let outcome = h.ok(
        "control_decide",
        json!({ "request": {
            "pipeline": "mobile-release",
            "stage": first["stage"],
            "action": first["action"],
            "pipelineExecutionId": first["pipelineExecutionId"],
            "parallel": true,
            "decision": { "decision": "reject", "reason": "Crash on start" },
            "summary": "",
            "confirmation": null,
        }}),
    );
    assert_eq!(outcome["status"], "Rejected");
    let after = h.ok("control_view", json!({ "pipeline": "mobile-release" }));
    assert_eq!(
        after["approvals"].as_array().map(Vec::len),
        Some(view["approvals"].as_array().map_or(0, Vec::len) - 1)
    );

    // Retry the failed stage of data-jobs (fails on its first run, succeeds on retry).
    let view = h.view_until("data-jobs", "Build failed", |v| {
        stage(v, "Build")["latestExecution"]["status"] == "Failed"
    });
    let failed = &stage(&view, "Build")["actions"][0]["latestExecution"];
    assert_eq!(failed["status"], "Failed");
    assert!(failed["error"]["message"].is_string(), "{failed}");
    h.ok(
        "control_retry",
        json!({ "pipeline": "data-jobs", "stage": "Build", "pipelineExecutionId": null, "mode": "FAILED_ACTIONS" }),
    );
    h.view_until("data-jobs", "Build retried", |v| {
        stage(v, "Build")["latestExecution"]["status"] != "Failed"
    });

    // Transitions: billing-service's Production inbound transition is disabled with a reason.
    let view = h.ok("control_view", json!({ "pipeline": "billing-service" }));
    let inbound = &stage(&view, "Production")["inboundTransition"];
    assert_eq!(inbound["enabled"], false);
    assert!(inbound["disabledReason"].is_string());
    assert!(view["productionStages"]
        .as_array()
        .expect("stages")
        .iter()
        .any(|s| s == "Production"));
    let e = h.err(
        "control_set_transition",
        json!({ "pipeline": "billing-service", "stage": "Build", "transition": "Inbound", "enabled": false, "reason": "" }),
    );
    assert_eq!(e["kind"], "invalid");
    h.ok(
        "control_set_transition",
        json!({ "pipeline": "billing-service", "stage": "Production", "transition": "Inbound", "enabled": true, "reason": null }),
    );
    let view = h.ok("control_view", json!({ "pipeline": "billing-service" }));
    assert_eq!(
        stage(&view, "Production")["inboundTransition"]["enabled"],
        true
    );

    // Start a V2 pipeline with a variable, then abandon it with a reason.
    let started = h.ok(
        "control_start",
        json!({ "input": { "pipeline": "api-dev", "variables": [{ "name": "STAGE", "value": "qa" }], "sourceRevisions": [], "clientRequestToken": null }, "confirmation": null }),
    );
    let started = started.as_str().expect("id").to_string();
    let stopped = h.ok(
        "control_stop",
        json!({ "request": { "pipeline": "api-dev", "pipelineExecutionId": started, "abandon": true, "reason": "Wrong branch" } }),
    );
    assert_eq!(stopped, json!(started));
    let history = h.ok(
        "control_history",
        json!({ "pipeline": "api-dev", "nextToken": null }),
    );
    let run = history["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["pipelineExecutionId"] == started)
        .expect("the started run")
        .clone();
    assert!(
        ["Stopping", "Stopped"].contains(&run["status"].as_str().unwrap_or_default()),
        "{run}"
    );

    // Roll back web-app-prod's Build stage: targets from past successes; production asks first.
    let targets = h.ok(
        "control_rollback_targets",
        json!({ "pipeline": "web-app-prod", "stage": "Build" }),
    );
    let target = targets
        .as_array()
        .and_then(|t| t.first())
        .expect("a rollback target")["pipelineExecutionId"]
        .clone();
    let e = h.err(
        "control_rollback",
        json!({ "pipeline": "web-app-prod", "stage": "Build", "targetPipelineExecutionId": target, "confirmation": null }),
    );
    assert_eq!(e["kind"], "confirmation-required");
    let rolled = h.ok(
        "control_rollback",
        json!({ "pipeline": "web-app-prod", "stage": "Build", "targetPipelineExecutionId": target, "confirmation": "web-app-prod" }),
    );
    assert!(rolled.as_str().is_some_and(|id| !id.is_empty()));

    // Settings: quiet hours and mutes persist in the config folder.
    assert_eq!(
        h.ok("control_settings", json!({})),
        json!({ "quietHours": null, "muted": [], "production": [], "watched": [] })
    );
    let saved = h.ok(
        "control_save_settings",
        json!({ "settings": { "quietHours": "22:00-07:00", "muted": [], "production": ["api-dev"], "watched": [] } }),
    );
    assert_eq!(saved["quietHours"], "22:00-07:00");
    let e = h.err(
        "control_save_settings",
        json!({ "settings": { "quietHours": "soon", "muted": [], "production": [], "watched": [] } }),
    );
    assert_eq!(e["kind"], "invalid");
    let muted = h.ok(
        "control_mute",
        json!({ "pipeline": "data-jobs", "muted": true }),
    );
    assert_eq!(muted["muted"], json!(["data-jobs"]));
    let file = std::fs::read_to_string(config.path().join("control-room.json")).expect("file");
    assert!(
        file.contains("data-jobs") && file.contains("22:00-07:00"),
        "{file}"
    );
    // The marked pipeline is production now: starting it asks for the name.
    let e = h.err(
        "control_start",
        json!({ "input": { "pipeline": "api-dev", "variables": [], "sourceRevisions": [], "clientRequestToken": null }, "confirmation": null }),
    );
    assert_eq!(e["kind"], "confirmation-required");
    let cards = h.ok("control_overview", json!({}));
    let data_jobs = cards
        .as_array()
        .expect("cards")
        .iter()
        .find(|c| c["overview"]["pipeline"]["name"] == "data-jobs")
        .expect("data-jobs")
        .clone();
    assert_eq!(data_jobs["muted"], true);

    // Links: only web links, and the mock app has no browser to open them with.
    let e = h.err("control_open_link", json!({ "url": "file:///etc/passwd" }));
    assert_eq!(e["kind"], "invalid");
    let e = h.err(
        "control_open_link",
        json!({ "url": "https://console.aws.amazon.com/codesuite/codebuild/projects" }),
    );
    assert_eq!(e["kind"], "unavailable");

    // Connected already: control_connect only answers the status.
    let status = h.ok("control_connect", json!({}));
    assert_eq!(status["connection"]["isSandbox"], true);
    // The checklist of connections to watch: the sandbox, active.
    let choices = h.ok("control_watch_choices", json!({}));
    assert_eq!(choices[0]["key"], "local-sandbox");
    assert_eq!(choices[0]["active"], true);
    // Opening a pipeline of the active connection: no switch.
    h.ok(
        "control_open",
        json!({ "connection": "Local sandbox", "pipeline": "api-dev" }),
    );
    assert_eq!(
        h.ok("control_status", json!({}))["connection"]["name"],
        "Local sandbox"
    );

    // Unknown pipeline: a sentence, kind not-found.
    let e = h.err("control_view", json!({ "pipeline": "no-such-pipeline" }));
    assert_eq!(e["kind"], "not-found", "{e}");

    let missing: Vec<&str> = commands::specs()
        .into_iter()
        .map(|s| s.name)
        .filter(|n| n.starts_with("control_") && !h.called.contains(*n))
        .collect();
    assert!(
        missing.is_empty(),
        "control commands not called: {missing:?}"
    );
}

#[test]
fn before_connecting_commands_say_the_control_room_is_starting() {
    let config = tempfile::tempdir().expect("tempdir");
    let app = mock_builder()
        .invoke_handler(commands::handler())
        .build(mock_context(noop_assets()))
        .expect("build the mock app");
    app.manage(ControlRoom::new(config.path()));
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window");
    let status = ipc_call(&webview, "control_status", json!({})).expect("status");
    assert_eq!(status["starting"], true);
    assert_eq!(status["connection"], Value::Null);
    assert_eq!(status["badge"]["colour"], "Idle");
    let e = ipc_call(&webview, "control_overview", json!({})).expect_err("not ready");
    assert_eq!(e["kind"], "unavailable");
    assert!(e["message"]
        .as_str()
        .expect("message")
        .contains("still connecting"));
}

/// The app's start-up glue without a window. With no connection saved, `spawn_forwarders`
/// starts nothing (no sandbox, no watcher, no tray). Opening the control room (`control_connect`)
/// starts the sandbox, announces it as the active connection, watches it and publishes the
/// badge and pipeline changes as events. A second connection chosen in the settings is watched
/// too: one badge over both; a click on its pipeline switches the active connection to it before
/// `control-open` says which pipeline to show.
#[test]
fn forwarders_start_lazily_and_watch_every_chosen_connection() {
    use std::collections::BTreeSet;
    use std::sync::{Arc, Mutex};
    use tauri::Listener;

    let config = tempfile::tempdir().expect("tempdir");
    // Keep the samples' alerts off the desktop: muted (still counted as suppressed).
    let muted: Vec<&str> = pipewright_sandbox::samples::SAMPLE_PIPELINES.to_vec();
    std::fs::write(
        config.path().join(crate::control_room::SETTINGS_FILE),
        json!({ "muted": muted }).to_string(),
    )
    .expect("settings");
    let app = mock_builder()
        .invoke_handler(commands::handler())
        .build(mock_context(noop_assets()))
        .expect("build the mock app");
    app.manage(ConnectionsState::open(
        config.path(),
        pipewright_connections::Keyring::new("pipewright-test-unused"),
    ));
    let room = ControlRoom::new(config.path());
    app.manage(room.clone());
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window");
    let seen: Arc<Mutex<Vec<(String, Value)>>> = Arc::default();
    for event in [
        pipewright_appcore::connections::ACTIVE_CONNECTION_EVENT,
        crate::control_room::CONTROL_BADGE,
        crate::control_room::CONTROL_CHANGED,
        crate::control_room::CONTROL_OPEN,
    ] {
        let seen = seen.clone();
        app.listen_any(event, move |e| {
            let payload: Value = serde_json::from_str(e.payload()).unwrap_or(Value::Null);
            seen.lock()
                .expect("lock")
                .push((event.to_string(), payload));
        });
    }
    let invoke = |cmd: &str, args: Value| {
        ipc_call(&webview, cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    };
    type Seen = [(String, Value)];
    let wait_for = |what: &str, done: &dyn Fn(&Seen) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            let events = seen.lock().expect("lock").clone();
            if done(&events) {
                return;
            }
            assert!(Instant::now() < deadline, "{what}: {events:?}");
            std::thread::sleep(Duration::from_millis(200));
        }
    };

    let started = crate::control_room::spawn_forwarders(app.handle().clone(), room.clone(), false);
    tauri::async_runtime::block_on(started).expect("start");
    // Nothing asked for, nothing runs.
    assert!(!tauri::async_runtime::block_on(room.sandbox_running()));
    let status = room.status();
    assert!(
        status.connection.is_none() && status.watching.is_empty(),
        "{status:?}"
    );
    assert!(!config.path().join("connections.json").exists());

    // The control room opens.
    let status = invoke("control_connect", json!({}));
    assert_eq!(status["connection"]["isSandbox"], true);
    assert_eq!(status["watching"], json!(["Local sandbox"]));
    wait_for("sandbox announced, badge, changes", &|events| {
        let announced = events.iter().any(|(name, p)| {
            name == pipewright_appcore::connections::ACTIVE_CONNECTION_EVENT
                && p["active"]["isSandbox"] == true
        });
        let badge = events.iter().any(|(name, p)| {
            name == crate::control_room::CONTROL_BADGE
                && p["waitingApprovals"].as_u64().is_some_and(|n| n > 0)
        });
        let changed = events.iter().any(|(name, p)| {
            name == crate::control_room::CONTROL_CHANGED && p["pipeline"].is_string()
        });
        announced && badge && changed
    });
    assert!(room.status().badge.waiting_approvals > 0);

    // A second connection, chosen in the settings' checklist.
    let other = tauri::async_runtime::block_on(pipewright_sandbox::Sandbox::start(
        pipewright_sandbox::SandboxConfig::with_samples(),
    ))
    .expect("second sandbox");
    let second = tauri::async_runtime::block_on(async {
        let conns = app.state::<ConnectionsState>();
        let mut conns = conns.lock().await.expect("conns");
        conns
            .add(pipewright_connections::NewConnection {
                name: "staging".into(),
                region: Some("eu-west-1".into()),
                endpoint_url: Some(other.endpoint_url().to_string()),
                auth: pipewright_connections::AuthInput::LocalSandbox,
            })
            .expect("add")
    });
    let choices = invoke("control_watch_choices", json!({}));
    let choice = choices
        .as_array()
        .expect("choices")
        .iter()
        .find(|c| c["name"] == "staging")
        .expect("staging offered")
        .clone();
    assert_eq!(choice["key"], second.id);
    assert_eq!(choice["watching"], false);
    let mut settings = invoke("control_settings", json!({}));
    settings["watched"] = json!([second.id]);
    invoke("control_save_settings", json!({ "settings": settings }));
    // One badge over both connections (each item names its connection).
    wait_for("a badge over both connections", &|events| {
        events.iter().any(|(name, p)| {
            name == crate::control_room::CONTROL_BADGE
                && p["items"]
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
    });
    assert_eq!(
        room.status().watching,
        vec!["Local sandbox".to_string(), "staging".to_string()]
    );
    // Both connections' alerts reached the notifier (muted: suppressed, not shown).
    let deadline = Instant::now() + Duration::from_secs(20);
    while room.notifier().counts().1 < 2 {
        assert!(Instant::now() < deadline, "{:?}", room.notifier().counts());
        std::thread::sleep(Duration::from_millis(200));
    }

    // A click on a staging pipeline (notification, tray or the control room's list): staging
    // becomes the active connection, then the UI is told which pipeline to open.
    invoke(
        "control_open",
        json!({ "connection": "staging", "pipeline": "api-dev" }),
    );
    assert_eq!(
        room.connection().map(|c| c.name).as_deref(),
        Some("staging")
    );
    wait_for("switched to staging, then opened", &|events| {
        let switched = events.iter().position(|(name, p)| {
            name == pipewright_appcore::connections::ACTIVE_CONNECTION_EVENT
                && p["active"]["name"] == "staging"
        });
        let opened = events.iter().position(|(name, p)| {
            name == crate::control_room::CONTROL_OPEN
                && p["connection"] == "staging"
                && p["pipeline"] == "api-dev"
        });
        matches!((switched, opened), (Some(s), Some(o)) if s < o)
    });
    let view = invoke("control_view", json!({ "pipeline": "api-dev" }));
    assert_eq!(view["view"]["state"]["pipelineName"], "api-dev");

    // Unchosen: staging is still watched while it is the active connection; the sandbox,
    // neither active nor chosen, is not.
    let mut settings = invoke("control_settings", json!({}));
    settings["watched"] = json!([]);
    invoke("control_save_settings", json!({ "settings": settings }));
    let deadline = Instant::now() + Duration::from_secs(20);
    while room.status().watching != vec!["staging".to_string()] {
        assert!(Instant::now() < deadline, "{:?}", room.status().watching);
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(room
        .status()
        .badge
        .items
        .iter()
        .all(|i| i.connection.as_deref() == Some("staging")));
    // The tray model follows the same badge (no tray in the mock app: sync is a no-op there).
    let badge = room.status().badge;
    assert_eq!(
        crate::tray::TrayModel::from_badge(&badge).icon,
        if badge.failing_pipelines > 0 {
            crate::tray::TrayIconKind::Failure
        } else if badge.waiting_approvals > 0 {
            crate::tray::TrayIconKind::Attention
        } else {
            crate::tray::TrayIconKind::Ok
        }
    );
    drop(other);
}
