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
use pipewright_appcore::connections::ConnectionsState;
use pipewright_appcore::control_room::ControlRoom;

struct Harness {
    _app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
    called: HashSet<String>,
}

impl Harness {
    /// A mock app whose control room has connected (the sandbox started) like the real one.
    fn connected(config: &std::path::Path) -> Self {
        Self::connected_with(config, &[])
    }

    /// [`Harness::connected`], with `pipelines` created in the sandbox first.
    fn connected_with(config: &std::path::Path, pipelines: &[Value]) -> Self {
        let conns = ConnectionsState::open(
            config,
            pipewright_connections::Keyring::new("pipewright-test-unused"),
        );
        let room = ControlRoom::new(config);
        let active = tauri::async_runtime::block_on(room.connect(&conns)).expect("connect");
        assert!(active.is_sandbox, "{active:?}");
        let api = room.api().expect("the sandbox's client");
        for p in pipelines {
            let doc = pipewright_core::Document::from_value(json!({ "pipeline": p }))
                .expect("a pipeline declaration");
            tauri::async_runtime::block_on(api.create_pipeline(&doc.pipeline, &[]))
                .expect("create the pipeline in the sandbox");
        }
        let (app, webview) = super::mock_app(|app| super::manage_control(app, conns, room));
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
    // What the view was made on: every operation passes it back.
    let seen = view["seen"].clone();
    assert!(seen["region"].is_string(), "{seen}");
    // What it releases (CodeCommit source): expiry, what runs after, the commits since the last
    // approved run.
    assert!(approval["expiresAt"].is_string(), "{approval}");
    let release = h.ok(
        "control_release",
        json!({ "approval": approval, "seen": seen }),
    );
    assert_eq!(release["expiresAt"], approval["expiresAt"]);
    assert_eq!(release["runsAfter"][0]["stage"], "Deploy");
    assert_eq!(
        release["runsAfter"][0]["actions"][0]["provider"],
        "CodeDeploy"
    );
    assert_eq!(release["notes"], json!([]));
    let commits = release["changes"][0]["commits"]
        .as_array()
        .expect("commits");
    assert_eq!(commits.len(), 3, "{release}");
    assert!(commits.iter().all(|c| c["author"].is_string()), "{release}");
    let mut elsewhere_seen = seen.clone();
    elsewhere_seen["region"] = json!("ap-southeast-9");
    let e = h.err(
        "control_release",
        json!({ "approval": approval, "seen": elsewhere_seen }),
    );
    assert_eq!(e["kind"], "changed-since-review", "{e}");
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
        }, "token": approval["token"], "seen": seen })
    };
    // Seen in another region, or without the execution id or the token: refused, not sent.
    let mut elsewhere = request(json!({ "decision": "approve" }), json!("web-app-prod"));
    elsewhere["seen"]["region"] = json!("ap-southeast-9");
    let e = h.err("control_decide", elsewhere);
    assert_eq!(e["kind"], "changed-since-review", "{e}");
    let mut loose = request(json!({ "decision": "approve" }), json!("web-app-prod"));
    loose["request"]["pipelineExecutionId"] = Value::Null;
    assert_eq!(h.err("control_decide", loose)["kind"], "invalid");
    let mut tokenless = request(json!({ "decision": "approve" }), json!("web-app-prod"));
    tokenless["token"] = Value::Null;
    assert_eq!(h.err("control_decide", tokenless)["kind"], "invalid");
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
    // What the approval dialog shows of what was approved: the action's configuration.
    assert_eq!(
        approved["configuration"]["CustomData"],
        "Check the staging site, then approve the production deploy."
    );
    assert_eq!(
        approved["configuration"]["ExternalEntityLink"],
        "https://staging.web-app.example.com"
    );

    // PARALLEL mode: tokens come from the action executions; reject one with a reason.
    let view = h.view_until("mobile-release", "parallel approvals", |v| {
        v["approvals"].as_array().is_some_and(|a| a.len() >= 2)
    });
    assert_eq!(view["summary"]["executionMode"], "PARALLEL");
    let first = view["approvals"][0].clone();
    // What it releases (a GitHub source behind a connection): the compare link.
    let release = h.ok(
        "control_release",
        json!({ "approval": first, "seen": view["seen"] }),
    );
    let change = &release["changes"][0];
    let compare = format!(
        "https://github.com/example/mobile/compare/{}...{}",
        change["from"].as_str().expect("from"),
        change["to"].as_str().expect("to")
    );
    assert_eq!(change["compareUrl"], json!(compare), "{release}");
    assert_eq!(release["runsAfter"][0]["stage"], "Publish");
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
        }, "token": first["token"], "seen": seen }),
    );
    assert_eq!(outcome["status"], "Rejected");
    let after = h.ok("control_view", json!({ "pipeline": "mobile-release" }));
    assert_eq!(
        after["approvals"].as_array().map(Vec::len),
        Some(view["approvals"].as_array().map_or(0, Vec::len) - 1)
    );
    // One approval per waiting execution, each with its own token; the rejected run is not
    // among them (the UI shows one card per approval, bound to its execution and token).
    let left = after["approvals"].as_array().expect("approvals").clone();
    let mut runs: Vec<&str> = left
        .iter()
        .map(|a| a["pipelineExecutionId"].as_str().expect("execution id"))
        .collect();
    runs.sort_unstable();
    runs.dedup();
    assert_eq!(
        runs.len(),
        left.len(),
        "one approval per execution: {left:?}"
    );
    assert!(
        left.iter()
            .all(|a| a["pipelineExecutionId"] != first["pipelineExecutionId"]
                && a["token"] != first["token"]),
        "{left:?}"
    );
    // Approving the next one decides that execution, not the rejected one.
    let next = left[0].clone();
    let outcome = h.ok(
        "control_decide",
        json!({ "request": {
            "pipeline": "mobile-release",
            "stage": next["stage"],
            "action": next["action"],
            "pipelineExecutionId": next["pipelineExecutionId"],
            "parallel": true,
            "decision": { "decision": "approve" },
            "summary": "Fixed in this run",
            "confirmation": null,
        }, "token": next["token"], "seen": seen }),
    );
    assert_eq!(outcome["status"], "Approved");
    let mut decided_by = |run: &Value| {
        let actions = h.ok(
            "control_execution_actions",
            json!({ "pipeline": "mobile-release", "pipelineExecutionId": run }),
        );
        actions
            .as_array()
            .expect("actions")
            .iter()
            .find(|a| a["actionName"] == next["action"] && a["stageName"] == next["stage"])
            .map(|a| (a["status"].clone(), a["summary"].clone()))
            .expect("the approval's action execution")
    };
    assert_eq!(
        decided_by(&next["pipelineExecutionId"]),
        (json!("Succeeded"), json!("Fixed in this run"))
    );
    assert_eq!(decided_by(&first["pipelineExecutionId"]).0, json!("Failed"));

    // Retry the failed stage of data-jobs (fails on its first run, succeeds on retry).
    let view = h.view_until("data-jobs", "Build failed", |v| {
        stage(v, "Build")["latestExecution"]["status"] == "Failed"
    });
    let failed = &stage(&view, "Build")["actions"][0]["latestExecution"];
    assert_eq!(failed["status"], "Failed");
    assert!(failed["error"]["message"].is_string(), "{failed}");
    // The execution the view showed; without it, refused.
    let e = h.err(
        "control_retry",
        json!({ "pipeline": "data-jobs", "stage": "Build", "pipelineExecutionId": null, "mode": "FAILED_ACTIONS", "seen": seen }),
    );
    assert_eq!(e["kind"], "invalid", "{e}");
    let failed_run = stage(&view, "Build")["latestExecution"]["pipelineExecutionId"].clone();
    h.ok(
        "control_retry",
        json!({ "pipeline": "data-jobs", "stage": "Build", "pipelineExecutionId": failed_run, "mode": "FAILED_ACTIONS", "seen": seen }),
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
        json!({ "pipeline": "billing-service", "stage": "Build", "transition": "Inbound", "enabled": false, "reason": "", "seen": seen }),
    );
    assert_eq!(e["kind"], "invalid");
    h.ok(
        "control_set_transition",
        json!({ "pipeline": "billing-service", "stage": "Production", "transition": "Inbound", "enabled": true, "reason": null, "seen": seen }),
    );
    let view = h.ok("control_view", json!({ "pipeline": "billing-service" }));
    assert_eq!(
        stage(&view, "Production")["inboundTransition"]["enabled"],
        true
    );

    // Start a V2 pipeline with a variable, then abandon it with a reason.
    let started = h.ok(
        "control_start",
        json!({ "input": { "pipeline": "api-dev", "variables": [{ "name": "STAGE", "value": "qa" }], "sourceRevisions": [], "clientRequestToken": null }, "confirmation": null, "seen": seen }),
    );
    let started = started.as_str().expect("id").to_string();
    let stopped = h.ok(
        "control_stop",
        json!({ "request": { "pipeline": "api-dev", "pipelineExecutionId": started, "abandon": true, "reason": "Wrong branch" }, "seen": seen }),
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

    // Stage conditions: api-dev has none, so nothing is held and nothing is overridden; its
    // rule executions are none (held stages: the test below).
    let rules = h.ok(
        "control_rule_executions",
        json!({ "pipeline": "api-dev", "pipelineExecutionId": null }),
    );
    assert_eq!(rules, json!([]));
    let e = h.err(
        "control_override",
        json!({ "pipeline": "api-dev", "stage": "Build", "condition": "beforeEntry", "pipelineExecutionId": started, "confirmation": null, "seen": seen }),
    );
    assert_eq!(e["kind"], "no-execution", "{e}");

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
        json!({ "pipeline": "web-app-prod", "stage": "Build", "targetPipelineExecutionId": target, "confirmation": null, "seen": seen }),
    );
    assert_eq!(e["kind"], "confirmation-required");
    let rolled = h.ok(
        "control_rollback",
        json!({ "pipeline": "web-app-prod", "stage": "Build", "targetPipelineExecutionId": target, "confirmation": "web-app-prod", "seen": seen }),
    );
    assert!(rolled.as_str().is_some_and(|id| !id.is_empty()));

    // Settings: quiet hours and mutes persist in the config folder.
    assert_eq!(
        h.ok("control_settings", json!({})),
        json!({ "quietHours": null, "muted": [], "production": [], "watched": [], "events": [] })
    );
    let saved = h.ok(
        "control_save_settings",
        json!({ "settings": { "quietHours": "22:00-07:00", "muted": [], "production": ["api-dev"], "watched": [], "events": [] } }),
    );
    assert_eq!(saved["quietHours"], "22:00-07:00");
    let e = h.err(
        "control_save_settings",
        json!({ "settings": { "quietHours": "soon", "muted": [], "production": [], "watched": [], "events": [] } }),
    );
    assert_eq!(e["kind"], "invalid");
    let muted = h.ok(
        "control_mute",
        json!({ "pipeline": "data-jobs", "muted": true }),
    );
    assert_eq!(muted["muted"], json!(["data-jobs"]));
    // Stored by the pipeline's ARN (the sandbox's account), for this connection only.
    let file = std::fs::read_to_string(config.path().join("control-room.json")).expect("file");
    let arn = |name: &str| {
        format!(
            "|arn:aws:codepipeline:{}:{}:{name}\"",
            status["connection"]["region"].as_str().expect("region"),
            pipewright_sandbox::ACCOUNT_ID
        )
    };
    assert!(
        file.contains(&arn("data-jobs"))
            && file.contains(&arn("api-dev"))
            && file.contains("22:00-07:00"),
        "{file}"
    );
    // The marked pipeline is production now: starting it asks for the name.
    let e = h.err(
        "control_start",
        json!({ "input": { "pipeline": "api-dev", "variables": [], "sourceRevisions": [], "clientRequestToken": null }, "confirmation": null, "seen": seen }),
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

    // Events: the sandbox serves no EventBridge or SQS, so "Use events" is refused with a
    // sentence and nothing is switched; in another region than the one seen, nothing is sent.
    let mut elsewhere = seen.clone();
    elsewhere["region"] = json!("eu-west-1");
    let e = h.err("control_events_setup", json!({ "seen": elsewhere }));
    assert_eq!(e["kind"], "changed-since-review", "{e}");
    let e = h.err("control_events_setup", json!({ "seen": seen }));
    assert!(
        e["message"]
            .as_str()
            .is_some_and(|m| m.ends_with('.') && m.len() < 400),
        "{e}"
    );
    assert_eq!(h.ok("control_settings", json!({}))["events"], json!([]));
    let off = h.ok(
        "control_events_stop",
        json!({ "seen": seen, "teardown": false }),
    );
    assert_eq!(off["on"], false);
    let template = h.ok(
        "control_events_export",
        json!({ "format": "cloudformation" }),
    );
    let template = template.as_str().expect("text");
    assert!(template.contains("AWS::SQS::Queue") && template.contains("AWS::Events::Rule"));
    assert!(template.contains(&format!("Default: {}", off["reader"].as_str().unwrap())));

    // Why the sample storefront's build failed: the failed phase, the log lines around the
    // first error and the tail, the commit and its author, on the connection the view showed.
    let why_request = |action: Value| {
        json!({ "request": {
            "pipeline": "storefront",
            "pipelineExecutionId": null,
            "action": action,
        }, "seen": seen })
    };
    let deadline = Instant::now() + Duration::from_secs(40);
    let why = loop {
        let why = h.ok("control_why", why_request(Value::Null));
        if why["failed"]["action"] == "Build" {
            break why;
        }
        assert!(
            Instant::now() < deadline,
            "storefront's build never failed: {why}"
        );
        std::thread::sleep(Duration::from_millis(250));
    };
    assert_eq!(why["status"], "Failed", "{why}");
    assert_eq!(why["headline"], "npm ERR! code ERESOLVE");
    let cause = &why["failed"]["cause"];
    assert_eq!(cause["service"], "codeBuild", "{cause}");
    assert_eq!(cause["failedPhase"]["phase"], "INSTALL");
    assert!(cause["failedPhase"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("npm ci")));
    let log = &cause["log"];
    assert_eq!(log["group"], "/aws/codebuild/storefront-build");
    assert_eq!(log["firstError"]["text"], "npm ERR! code ERESOLVE");
    let around: Vec<&str> = log["aroundFirstError"]
        .as_array()
        .expect("lines")
        .iter()
        .filter_map(|l| l["text"].as_str())
        .collect();
    assert!(around.contains(&"npm ERR! code ERESOLVE"), "{around:?}");
    assert!(around.len() > 1, "lines either side: {around:?}");
    assert!(!log["tail"].as_array().expect("tail").is_empty());
    for line in log["tail"]
        .as_array()
        .unwrap()
        .iter()
        .chain(log["aroundFirstError"].as_array().unwrap())
    {
        assert!(
            !line["text"].to_string().contains('\u{1b}'),
            "ANSI stripped: {line}"
        );
    }
    assert!(
        log["firstError"]["ansi"]
            .as_str()
            .is_some_and(|a| a.contains("\u{1b}[31;40mERR!")),
        "the colours kept aside: {}",
        log["firstError"]
    );
    // The whole log, from its tail: a page, then the one before it.
    let page = |before: Value| {
        json!({ "request": {
            "group": log["group"],
            "stream": log["stream"],
            "before": before,
            "limit": 1000,
        }, "seen": seen })
    };
    let last = h.ok("control_log_page", page(Value::Null));
    let lines = last["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 1000);
    assert_eq!(
        lines.last().unwrap()["text"],
        log["tail"].as_array().unwrap().last().unwrap()["text"]
    );
    let earlier = h.ok("control_log_page", page(last["earlier"].clone()));
    assert_eq!(earlier["lines"].as_array().expect("lines").len(), 1000);
    let e = h.err("control_log_page", {
        let mut p = page(Value::Null);
        p["seen"]["region"] = json!("ap-southeast-9");
        p
    });
    assert_eq!(e["kind"], "changed-since-review", "{e}");
    assert_eq!(why["revisions"][0]["author"], "Tomás García");
    assert_eq!(why["notes"], json!([]));
    // An action that did not fail: said, not an error.
    let source = h.ok("control_why", why_request(json!("Source")));
    assert_eq!(source["failed"], Value::Null);
    assert!(source["headline"]
        .as_str()
        .is_some_and(|t| t.contains("did not fail")));
    // Read in another region than the view showed: refused.
    let mut elsewhere = why_request(Value::Null);
    elsewhere["seen"]["region"] = json!("ap-southeast-9");
    let e = h.err("control_why", elsewhere);
    assert_eq!(e["kind"], "changed-since-review", "{e}");

    // Run history you can read: the latest run's timeline in declaration order, and the two
    // past runs compared, on the connection the view showed.
    let timeline = h.ok(
        "control_timeline",
        json!({ "pipeline": "storefront", "execution": null, "seen": seen }),
    );
    let stages: Vec<&str> = timeline["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(
        stages,
        ["Source", "Build", "Staging", "Production"],
        "{timeline}"
    );
    assert_eq!(timeline["pipelineExecutionId"], why["pipelineExecutionId"]);
    assert!(timeline["asOf"].is_string());
    let history = h.ok(
        "control_history",
        json!({ "pipeline": "storefront", "nextToken": null }),
    );
    let ids: Vec<&str> = history["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["pipelineExecutionId"].as_str())
        .collect();
    let compared = h.ok(
        "control_compare",
        json!({ "pipeline": "storefront", "a": ids[ids.len() - 1], "b": ids[1], "seen": seen }),
    );
    assert_eq!(compared["a"]["pipelineExecutionId"], ids[ids.len() - 1]);
    assert_eq!(compared["sameOutcome"], false, "{compared}");
    let mut elsewhere = json!({ "pipeline": "storefront", "execution": null, "seen": seen });
    elsewhere["seen"]["region"] = json!("ap-southeast-9");
    let e = h.err("control_timeline", elsewhere);
    assert_eq!(e["kind"], "changed-since-review", "{e}");

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

/// Source -> Deploy (V2), Deploy held on entry by a deployment window that opens at `hour` UTC
/// (two hours from now by the sandbox clock).
fn held_pipeline(hour: u64) -> Value {
    json!({
        "name": "held",
        "roleArn": "arn:aws:iam::123456789012:role/pipeline-role",
        "pipelineType": "V2",
        "artifactStore": {"type": "S3", "location": "pipewright-artifacts"},
        "stages": [
            {"name": "Source", "actions": [{
                "name": "Source",
                "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
                "configuration": {"S3Bucket": "src-bucket", "S3ObjectKey": "src.zip"},
                "outputArtifacts": [{"name": "src"}],
                "runOrder": 1
            }]},
            {"name": "Deploy",
             "beforeEntry": {"conditions": [{"result": "FAIL", "rules": [{
                "name": "Window",
                "ruleTypeId": {"category": "Rule", "owner": "AWS", "provider": "DeploymentWindow", "version": "1"},
                "configuration": {"Cron": format!("cron(0 * {hour} ? * * *)"), "TimeZone": "UTC"}
             }]}]},
             "actions": [{
                "name": "Ship",
                "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                "configuration": {"ProjectName": "ship"},
                "inputArtifacts": [{"name": "src"}],
                "runOrder": 1
            }]}
        ]
    })
}

/// The "done when": a stage held by a deployment window in the sandbox is reported held
/// (its condition in progress, the rule's words, its rule execution), and Override, on the
/// execution and connection the view showed, lets it run.
#[test]
fn a_stage_held_by_a_deployment_window_is_shown_held_and_override_lets_it_run() {
    let config = tempfile::tempdir().expect("tempdir");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let hour = (now / 3600 + 2) % 24;
    let mut h = Harness::connected_with(config.path(), &[held_pipeline(hour)]);
    let seen = h.ok("control_view", json!({ "pipeline": "held" }))["seen"].clone();
    let started = h.ok(
        "control_start",
        json!({ "input": { "pipeline": "held", "variables": [], "sourceRevisions": [], "clientRequestToken": null }, "confirmation": null, "seen": seen }),
    );

    let view = h.view_until("held", "Deploy held by its window", |v| {
        stage(v, "Deploy")["conditions"]
            .as_array()
            .is_some_and(|c| {
                c.iter()
                    .any(|c| c["kind"] == "beforeEntry" && c["status"] == "InProgress")
            })
    });
    let deploy = stage(&view, "Deploy");
    let condition = &deploy["conditions"][0];
    let window = &condition["rules"][0];
    assert_eq!(window["name"], "Window");
    assert_eq!(window["status"], "InProgress");
    let words = window["summary"].as_str().unwrap_or_default();
    assert!(
        words.contains("Held by deployment window") && words.contains(&format!("{hour:02}:00 UTC")),
        "{window}"
    );
    assert!(
        deploy["actions"][0]["latestExecution"].is_null(),
        "Ship ran while held: {deploy}"
    );
    let held = deploy["latestExecution"]["pipelineExecutionId"].clone();
    assert_eq!(held, started, "{deploy}");

    // The rule's execution, with its provider (ListRuleExecutions).
    let rules = h.ok(
        "control_rule_executions",
        json!({ "pipeline": "held", "pipelineExecutionId": started }),
    );
    let rule = rules
        .as_array()
        .and_then(|r| r.iter().find(|r| r["ruleName"] == "Window"))
        .unwrap_or_else(|| panic!("no Window rule execution: {rules}"))
        .clone();
    assert_eq!(rule["stageName"], "Deploy");
    assert_eq!(rule["provider"], "DeploymentWindow");
    assert_eq!(rule["status"], "InProgress");

    // Refused with nothing sent: another region than the one shown; no execution named; an
    // execution the condition does not hold; onFailure and onSuccess (they hold nothing here).
    let request = |execution: Value, condition: &str| json!({ "pipeline": "held", "stage": "Deploy", "condition": condition, "pipelineExecutionId": execution, "confirmation": null, "seen": seen });
    let mut elsewhere = request(held.clone(), "beforeEntry");
    elsewhere["seen"]["region"] = json!("ap-southeast-9");
    assert_eq!(
        h.err("control_override", elsewhere)["kind"],
        "changed-since-review"
    );
    assert_eq!(
        h.err("control_override", request(Value::Null, "beforeEntry"))["kind"],
        "invalid"
    );
    let e = h.err(
        "control_override",
        request(json!("not-the-one"), "beforeEntry"),
    );
    assert_eq!(e["kind"], "no-execution", "{e}");
    assert!(
        e["message"]
            .as_str()
            .is_some_and(|m| m.contains("nothing was overridden")),
        "{e}"
    );
    assert_eq!(
        h.err("control_override", request(held.clone(), "onFailure"))["kind"],
        "no-execution"
    );
    assert_eq!(
        h.err("control_override", request(held.clone(), "onSuccess"))["kind"],
        "no-execution"
    );
    let still = h.ok("control_view", json!({ "pipeline": "held" }));
    assert_eq!(
        stage(&still, "Deploy")["conditions"][0]["status"],
        "InProgress"
    );

    // Deploy marked production: overriding its condition asks for the pipeline's name, like
    // approving or rolling back, and nothing is sent without it.
    h.ok(
        "control_save_settings",
        json!({ "settings": { "quietHours": null, "muted": [], "production": ["held/Deploy"], "watched": [], "events": [] } }),
    );
    let e = h.err("control_override", request(held.clone(), "beforeEntry"));
    assert_eq!(e["kind"], "confirmation-required", "{e}");
    assert!(
        e["message"]
            .as_str()
            .is_some_and(|m| m.contains("type its name `held`")),
        "{e}"
    );
    let mut wrong = request(held.clone(), "beforeEntry");
    wrong["confirmation"] = json!("Deploy");
    assert_eq!(
        h.err("control_override", wrong)["kind"],
        "confirmation-required"
    );
    let still = h.ok("control_view", json!({ "pipeline": "held" }));
    assert_eq!(
        stage(&still, "Deploy")["conditions"][0]["status"],
        "InProgress"
    );

    // Override, confirmed: the condition says so, and Ship runs.
    let mut confirmed = request(held.clone(), "beforeEntry");
    confirmed["confirmation"] = json!("held");
    let overridden = h.ok("control_override", confirmed);
    assert_eq!(overridden, held);
    let ran = h.view_until("held", "Ship ran after the override", |v| {
        stage(v, "Deploy")["actions"][0]["latestExecution"]["status"] == "Succeeded"
    });
    assert_eq!(
        stage(&ran, "Deploy")["conditions"][0]["status"],
        "Overridden",
        "{ran}"
    );
}
