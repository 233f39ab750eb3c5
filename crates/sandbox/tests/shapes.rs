//! Every answer the sandbox gives has its operation's output shape in the CodePipeline service
//! model: only the model's members, each of its type (enum values included), every required
//! member present, and no `null`s (AWS leaves absent members out). The shapes are in
//! `tests/model/codepipeline-outputs.json`, extracted from the Smithy model by
//! `tests/model/extract.py` (its `source` names the model). Answers are read as raw JSON: the
//! SDK's deserializers are lenient and would hide a mismatch.
//!
//! One run drives the samples and a pipeline with conditions through every operation the
//! sandbox serves (approvals, failures and retries, rollback, stop, overrides, transitions,
//! tags), checks each answer, and lists every mismatch at the end.

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use common::http;
use pipewright_sandbox::{ActionRule, RunningSandbox, Sandbox, SandboxConfig, Scenario};
use serde_json::{json, Map, Value};

const MODEL: &str = include_str!("model/codepipeline-outputs.json");

/// The other services' model files, by the name their tests use.
const MODELS: [(&str, &str); 9] = [
    ("codebuild", include_str!("model/codebuild-outputs.json")),
    ("logs", include_str!("model/logs-outputs.json")),
    (
        "cloudformation",
        include_str!("model/cloudformation-outputs.json"),
    ),
    ("codedeploy", include_str!("model/codedeploy-outputs.json")),
    ("codecommit", include_str!("model/codecommit-outputs.json")),
    (
        "codeconnections",
        include_str!("model/codeconnections-outputs.json"),
    ),
    (
        "codestar-connections",
        include_str!("model/codestar-connections-outputs.json"),
    ),
    ("sso-oidc", include_str!("model/sso-oidc-outputs.json")),
    ("sso", include_str!("model/sso-outputs.json")),
];

struct Model {
    served: Map<String, Value>,
    not_served: Vec<String>,
    shapes: Map<String, Value>,
}

impl Model {
    fn load() -> Model {
        Self::parse(MODEL)
    }

    fn parse(text: &str) -> Model {
        let v: Value = serde_json::from_str(text).expect("the model file is JSON");
        let object = |k: &str| v[k].as_object().cloned().unwrap();
        Model {
            served: object("served"),
            not_served: serde_json::from_value(v["not_served"].clone()).unwrap(),
            shapes: object("shapes"),
        }
    }

    /// Check `value` against shape `name` (or an inlined simple type); mismatches go to `errors`.
    fn check(&self, name: &str, value: &Value, path: &str, errors: &mut Vec<String>) {
        let mut wrong = |what: String| errors.push(format!("{path}: {what}"));
        match name {
            "string" if value.is_string() => {}
            "integer" | "long" if value.is_i64() || value.is_u64() => {}
            "double" | "float" if value.is_number() => {}
            "boolean" if value.is_boolean() => {}
            // AWS JSON 1.1 timestamps are epoch seconds.
            "timestamp" if value.is_number() => {}
            "string" | "integer" | "long" | "boolean" | "timestamp" | "double" | "float" => {
                wrong(format!("{value} is not a {name}"))
            }
            shape => {
                let Some(s) = self.shapes.get(shape) else {
                    return wrong(format!("the model file has no shape {shape}"));
                };
                self.check_shape(shape, s, value, path, errors);
            }
        }
    }

    fn check_shape(
        &self,
        name: &str,
        s: &Value,
        value: &Value,
        path: &str,
        errors: &mut Vec<String>,
    ) {
        let target = |v: &Value| v.as_str().unwrap_or("?").to_string();
        match s["type"].as_str() {
            Some("enum") => {
                let ok = s["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|allowed| allowed == value);
                if !ok {
                    errors.push(format!("{path}: {value} is not a {name} value"));
                }
            }
            Some("list") => match value.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.check(&target(&s["member"]), item, &format!("{path}[{i}]"), errors);
                    }
                }
                None => errors.push(format!("{path}: {value} is not a list ({name})")),
            },
            Some("map") => match value.as_object() {
                Some(entries) => {
                    for (k, v) in entries {
                        let key = Value::String(k.clone());
                        self.check(&target(&s["key"]), &key, &format!("{path} key {k}"), errors);
                        self.check(&target(&s["value"]), v, &format!("{path}.{k}"), errors);
                    }
                }
                None => errors.push(format!("{path}: {value} is not a map ({name})")),
            },
            Some("structure") => self.check_structure(name, s, value, path, errors),
            other => errors.push(format!("{path}: shape {name} has unknown type {other:?}")),
        }
    }

    fn check_structure(
        &self,
        name: &str,
        s: &Value,
        value: &Value,
        path: &str,
        errors: &mut Vec<String>,
    ) {
        let Some(object) = value.as_object() else {
            return errors.push(format!("{path}: {value} is not a structure ({name})"));
        };
        let members = s["members"].as_object().unwrap();
        for (member, v) in object {
            let at = format!("{path}.{member}");
            match members.get(member) {
                None => errors.push(format!("{at}: {name} has no member {member}")),
                Some(_) if v.is_null() => {
                    errors.push(format!("{at}: null (AWS leaves absent members out)"))
                }
                Some(t) => self.check(t.as_str().unwrap_or("?"), v, &at, errors),
            }
        }
        for required in s["required"].as_array().unwrap() {
            let required = required.as_str().unwrap();
            if !object.contains_key(required) {
                errors.push(format!(
                    "{path}: required member {required} of {name} is missing"
                ));
            }
        }
    }
}

/// The sandbox under test, its model, and what was seen.
struct Run {
    sandbox: RunningSandbox,
    model: Model,
    called: BTreeSet<String>,
    errors: Vec<String>,
}

impl Run {
    /// Call `op`; its answer must be 200 with the operation's output shape.
    async fn call(&mut self, op: &str, body: Value) -> Value {
        let reply = http::operation(&self.sandbox, op, &body, &[]).await;
        assert_eq!(reply.status, 200, "{op} {body}: {}", reply.body);
        let answer = reply.json();
        match self.model.served.get(op) {
            None => panic!("{op} is not in the model file's served operations"),
            Some(Value::Null) => {
                if answer != json!({}) {
                    self.errors
                        .push(format!("{op}: {answer} (no output: AWS answers {{}})"));
                }
            }
            Some(shape) => {
                let shape = shape.as_str().unwrap().to_string();
                let mut errors = Vec::new();
                self.model.check(&shape, &answer, op, &mut errors);
                self.errors.extend(errors);
            }
        }
        self.called.insert(op.to_string());
        answer
    }

    /// Poll `op` until `done` says so (every answer is checked); fail after 20 s.
    async fn until(&mut self, op: &str, body: Value, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let answer = self.call(op, body.clone()).await;
            if done(&answer) {
                return answer;
            }
            assert!(
                Instant::now() < deadline,
                "{op} {body}: not there after 20 s; last {:.600}",
                answer.to_string()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn execution_status(&mut self, pipeline: &str, id: &str, status: &str) -> Value {
        let body = json!({ "pipelineName": pipeline, "pipelineExecutionId": id });
        self.until("GetPipelineExecution", body, |a| {
            a["pipelineExecution"]["status"] == status
        })
        .await
    }

    async fn stage_state(&mut self, pipeline: &str, stage: &str, done: impl Fn(&Value) -> bool) {
        let stage = stage.to_string();
        self.until("GetPipelineState", json!({ "name": pipeline }), move |a| {
            a["stageStates"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|s| s["stageName"] == stage.as_str() && done(s))
        })
        .await;
    }
}

fn action(name: &str, category: &str, provider: &str, config: Value) -> Value {
    json!({
        "name": name,
        "actionTypeId": { "category": category, "owner": "AWS", "provider": provider, "version": "1" },
        "configuration": config,
    })
}

fn rule(name: &str, provider: &str, config: Value) -> Value {
    json!({
        "name": name,
        "ruleTypeId": { "category": "Rule", "owner": "AWS", "provider": provider, "version": "1" },
        "configuration": config,
    })
}

/// Source -> Build (entry and success conditions, retry on failure) -> Deploy, with a variable
/// and a namespace.
fn gated() -> Value {
    let mut source = action(
        "Src",
        "Source",
        "CodeCommit",
        json!({ "RepositoryName": "gated", "BranchName": "main" }),
    );
    source["outputArtifacts"] = json!([{ "name": "Out" }]);
    source["namespace"] = json!("SourceVariables");
    let mut compile = action(
        "Compile",
        "Build",
        "CodeBuild",
        json!({ "ProjectName": "gated", "PrimarySource": "#{variables.ENV}-#{SourceVariables.CommitId}" }),
    );
    compile["inputArtifacts"] = json!([{ "name": "Out" }]);
    compile["outputArtifacts"] = json!([{ "name": "Built" }]);
    let mut deploy = action(
        "Ship",
        "Deploy",
        "CodeDeploy",
        json!({ "ApplicationName": "gated", "DeploymentGroupName": "prod" }),
    );
    deploy["inputArtifacts"] = json!([{ "name": "Built" }]);
    json!({
        "name": "gated",
        "roleArn": "arn:aws:iam::000000000000:role/pipeline-role",
        "artifactStore": { "type": "S3", "location": "pipewright-artifacts" },
        "pipelineType": "V2",
        "executionMode": "QUEUED",
        "variables": [{ "name": "ENV", "defaultValue": "dev", "description": "Where it goes" }],
        "stages": [
            { "name": "Source", "actions": [source] },
            {
                "name": "Build",
                "actions": [compile],
                "beforeEntry": { "conditions": [{ "result": "FAIL", "rules": [
                    rule("Gate", "VariableCheck", json!({ "Variable": "#{variables.ENV}", "Value": "dev", "Operator": "EQ" })),
                ] }] },
                "onSuccess": { "conditions": [{ "result": "FAIL", "rules": [
                    rule("Soak", "CloudWatchAlarm", json!({ "AlarmName": "gated-errors" })),
                ] }] },
                "onFailure": { "result": "RETRY", "retryConfiguration": { "retryMode": "FAILED_ACTIONS" } },
            },
            { "name": "Deploy", "actions": [deploy] },
        ],
    })
}

/// Everything quick (30 ms), `gated`'s build failing once (retried automatically), and the
/// `Soak` rule as long as asked.
fn scenario(soak: Duration) -> Scenario {
    Scenario {
        default_duration_ms: 30,
        throttle_every: 0,
        actions: vec![
            ActionRule::for_action("gated", "Build", "Compile")
                .fail("Build failed: 3 tests failed")
                .times(1),
            ActionRule::for_action("*", "*", "Soak").duration(soak),
            ActionRule::for_action("*", "*", "*").duration(Duration::from_millis(30)),
        ],
        ..Scenario::default()
    }
}

#[tokio::test]
async fn every_answer_has_the_service_models_output_shape() {
    let config = SandboxConfig::with_samples()
        .validate_structure(false)
        .scenario(scenario(Duration::from_millis(30)));
    let sandbox = Sandbox::start(config).await.unwrap();
    let mut run = Run {
        sandbox,
        model: Model::load(),
        called: BTreeSet::new(),
        errors: Vec::new(),
    };

    // Pipelines and tags.
    let created = run
        .call(
            "CreatePipeline",
            json!({ "pipeline": gated(), "tags": [{ "key": "team", "value": "platform" }] }),
        )
        .await;
    let arn = {
        let got = run.call("GetPipeline", json!({ "name": "gated" })).await;
        got["metadata"]["pipelineArn"].as_str().unwrap().to_string()
    };
    run.call("UpdatePipeline", json!({ "pipeline": created["pipeline"] }))
        .await;
    run.call("GetPipeline", json!({ "name": "gated", "version": 1 }))
        .await;
    run.call("ListPipelines", json!({ "maxResults": 2 })).await;
    run.call(
        "TagResource",
        json!({ "resourceArn": arn, "tags": [{ "key": "env", "value": "dev" }] }),
    )
    .await;
    run.call(
        "UntagResource",
        json!({ "resourceArn": arn, "tagKeys": ["team"] }),
    )
    .await;
    run.call("ListTagsForResource", json!({ "resourceArn": arn }))
        .await;
    let mut throwaway = gated();
    throwaway["name"] = json!("throwaway");
    run.call("CreatePipeline", json!({ "pipeline": throwaway }))
        .await;
    run.call("DeletePipeline", json!({ "name": "throwaway" }))
        .await;

    // gated: variables, source override and a client token; the build fails once and is
    // retried automatically, conditions pass.
    let started = run
        .call(
            "StartPipelineExecution",
            json!({
                "name": "gated",
                "variables": [{ "name": "ENV", "value": "dev" }],
                "sourceRevisions": [{ "actionName": "Src", "revisionType": "COMMIT_ID", "revisionValue": "0123456789abcdef0123456789abcdef01234567" }],
                "clientRequestToken": "shape-test-1",
            }),
        )
        .await;
    let first = started["pipelineExecutionId"].as_str().unwrap().to_string();
    run.execution_status("gated", &first, "Succeeded").await;

    // data-jobs's build fails on its first run (the samples' scenario), before the scenario
    // changes below.
    let failed = run
        .until(
            "ListPipelineExecutions",
            json!({ "pipelineName": "data-jobs" }),
            |a| a["pipelineExecutionSummaries"][0]["status"] == "Failed",
        )
        .await["pipelineExecutionSummaries"][0]["pipelineExecutionId"]
        .as_str()
        .unwrap()
        .to_string();

    // A long success condition: overridden while it runs.
    run.sandbox.set_scenario(scenario(Duration::from_secs(60)));
    let second = run
        .call("StartPipelineExecution", json!({ "name": "gated" }))
        .await["pipelineExecutionId"]
        .as_str()
        .unwrap()
        .to_string();
    run.stage_state("gated", "Build", |s| {
        s["onSuccessConditionState"]["latestExecution"]["status"] == "InProgress"
    })
    .await;
    run.call(
        "OverrideStageCondition",
        json!({ "pipelineName": "gated", "stageName": "Build", "pipelineExecutionId": second, "conditionType": "ON_SUCCESS" }),
    )
    .await;
    run.execution_status("gated", &second, "Succeeded").await;

    // A disabled transition holds the next execution before Build.
    run.call(
        "DisableStageTransition",
        json!({ "pipelineName": "gated", "stageName": "Build", "transitionType": "Inbound", "reason": "Change freeze" }),
    )
    .await;
    let held = run
        .call("StartPipelineExecution", json!({ "name": "gated" }))
        .await["pipelineExecutionId"]
        .as_str()
        .unwrap()
        .to_string();
    run.stage_state("gated", "Build", |s| s["inboundExecutions"].is_array())
        .await;
    run.call(
        "EnableStageTransition",
        json!({ "pipelineName": "gated", "stageName": "Build", "transitionType": "Inbound" }),
    )
    .await;
    run.stage_state("gated", "Build", |s| {
        s["onSuccessConditionState"]["latestExecution"]["status"] == "InProgress"
    })
    .await;
    run.call(
        "StopPipelineExecution",
        json!({ "pipelineName": "gated", "pipelineExecutionId": held, "abandon": true, "reason": "Not today" }),
    )
    .await;
    run.execution_status("gated", &held, "Stopped").await;
    run.call("ListRuleExecutions", json!({ "pipelineName": "gated" }))
        .await;
    run.call(
        "ListRuleExecutions",
        json!({ "pipelineName": "gated", "filter": { "pipelineExecutionId": first } }),
    )
    .await;

    // web-app-prod: approve the waiting release, then roll Deploy back to an older one.
    run.stage_state("web-app-prod", "Approval", |s| {
        s["actionStates"][0]["latestExecution"]["token"].is_string()
    })
    .await;
    let state = run
        .call("GetPipelineState", json!({ "name": "web-app-prod" }))
        .await;
    let approval = state["stageStates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stageName"] == "Approval")
        .unwrap();
    let token = approval["actionStates"][0]["latestExecution"]["token"].clone();
    let live = approval["latestExecution"]["pipelineExecutionId"]
        .as_str()
        .unwrap()
        .to_string();
    run.call(
        "PutApprovalResult",
        json!({ "pipelineName": "web-app-prod", "stageName": "Approval", "actionName": "ManualApproval",
                "token": token, "result": { "status": "Approved", "summary": "Staging looks right" } }),
    )
    .await;
    run.execution_status("web-app-prod", &live, "Succeeded")
        .await;
    let deployed = run
        .call(
            "ListPipelineExecutions",
            json!({ "pipelineName": "web-app-prod", "filter": { "succeededInStage": { "stageName": "Deploy" } } }),
        )
        .await;
    let oldest = deployed["pipelineExecutionSummaries"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()["pipelineExecutionId"]
        .clone();
    let rollback = run
        .call(
            "RollbackStage",
            json!({ "pipelineName": "web-app-prod", "stageName": "Deploy", "targetPipelineExecutionId": oldest }),
        )
        .await["pipelineExecutionId"]
        .as_str()
        .unwrap()
        .to_string();
    run.execution_status("web-app-prod", &rollback, "Succeeded")
        .await;

    // data-jobs: its build failed on the first run; retry it.
    run.call(
        "RetryStageExecution",
        json!({ "pipelineName": "data-jobs", "stageName": "Build", "pipelineExecutionId": failed, "retryMode": "FAILED_ACTIONS" }),
    )
    .await;
    run.execution_status("data-jobs", &failed, "Succeeded")
        .await;

    // mobile-release (PARALLEL): approve one waiting execution by its token from
    // ListActionExecutions, stop the other.
    let approvals = run
        .until(
            "ListActionExecutions",
            json!({ "pipelineName": "mobile-release" }),
            |a| {
                a["actionExecutionDetails"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|d| {
                        d["status"] == "InProgress"
                            && d["input"]["actionTypeId"]["category"] == "Approval"
                    })
                    .count()
                    == 2
            },
        )
        .await;
    let waiting: Vec<Value> = approvals["actionExecutionDetails"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["status"] == "InProgress" && d["input"]["actionTypeId"]["category"] == "Approval"
        })
        .cloned()
        .collect();
    let (stage, action) = (
        waiting[0]["stageName"].clone(),
        waiting[0]["actionName"].clone(),
    );
    run.call(
        "PutApprovalResult",
        json!({ "pipelineName": "mobile-release", "stageName": stage, "actionName": action,
                "token": waiting[0]["output"]["executionResult"]["externalExecutionId"],
                "result": { "status": "Rejected", "summary": "Crashes on start" } }),
    )
    .await;
    run.call(
        "StopPipelineExecution",
        json!({ "pipelineName": "mobile-release", "pipelineExecutionId": waiting[1]["pipelineExecutionId"], "reason": "Superseded by a fix" }),
    )
    .await;

    // Read every pipeline and execution as the control room does.
    let pipelines = run.call("ListPipelines", json!({})).await;
    let names: Vec<String> = pipelines["pipelines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    for name in &names {
        run.call("GetPipeline", json!({ "name": name })).await;
        run.call("GetPipelineState", json!({ "name": name })).await;
        run.call("ListActionExecutions", json!({ "pipelineName": name }))
            .await;
        let list = run
            .call("ListPipelineExecutions", json!({ "pipelineName": name }))
            .await;
        for summary in list["pipelineExecutionSummaries"].as_array().unwrap() {
            let id = &summary["pipelineExecutionId"];
            run.call(
                "GetPipelineExecution",
                json!({ "pipelineName": name, "pipelineExecutionId": id }),
            )
            .await;
            run.call(
                "ListActionExecutions",
                json!({ "pipelineName": name, "filter": { "latestInPipelineExecution": { "pipelineExecutionId": id, "startTimeRange": "All" } } }),
            )
            .await;
        }
    }

    // Every served operation was checked, and the others are not served.
    let served: BTreeSet<String> = run.model.served.keys().cloned().collect();
    assert_eq!(run.called, served, "operations served but not checked");
    for op in run.model.not_served.clone() {
        let reply = http::operation(&run.sandbox, &op, &json!({}), &[]).await;
        assert_eq!(
            (reply.status, reply.json()["__type"].clone()),
            (400, json!("UnknownOperationException")),
            "{op} is served: add its output shape to tests/model (extract.py)"
        );
    }
    let errors = std::mem::take(&mut run.errors);
    let distinct: BTreeSet<String> = errors
        .iter()
        .map(|e| e.split(": ").skip(1).collect::<Vec<_>>().join(": "))
        .collect();
    assert!(
        errors.is_empty(),
        "{} answers differ from the service model ({} distinct):\n{}",
        errors.len(),
        distinct.len(),
        errors
            .iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .take(60)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    run.sandbox.shutdown().await;
}

#[test]
fn the_check_finds_unknown_members_wrong_types_and_values_missing_members_and_nulls() {
    let model = Model::load();
    let mut errors = Vec::new();
    let stage = json!({ "pipelineExecutionId": 7, "status": "Bogus", "extra": true, "type": null });
    model.check("StageExecution", &stage, "s", &mut errors);
    let revision = json!({ "revisionId": "a", "revisionChangeId": "a" });
    model.check("ActionRevision", &revision, "r", &mut errors);
    let tags = json!({ "tags": [{ "key": "k" }, "v"] });
    model.check("ListTagsForResourceOutput", &tags, "t", &mut errors);
    errors.sort();
    assert_eq!(
        errors,
        [
            "r: required member created of ActionRevision is missing",
            "s.extra: StageExecution has no member extra",
            "s.pipelineExecutionId: 7 is not a string",
            "s.status: \"Bogus\" is not a StageExecutionStatus value",
            "s.type: null (AWS leaves absent members out)",
            "t.tags[0]: required member value of Tag is missing",
            "t.tags[1]: \"v\" is not a structure (Tag)",
        ]
    );
}

/// An XML element: its name, child elements and text.
#[derive(Debug)]
struct Node {
    name: String,
    children: Vec<Node>,
    text: String,
}

/// A small XML reader for the query protocol's answers (elements, text, the five entities).
fn parse_xml(xml: &str) -> Node {
    fn element(s: &str, at: &mut usize) -> Node {
        let open_end = s[*at..].find('>').unwrap() + *at;
        let tag = &s[*at + 1..open_end];
        let name = tag
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_string();
        *at = open_end + 1;
        let mut node = Node {
            name,
            children: Vec::new(),
            text: String::new(),
        };
        if tag.ends_with('/') {
            return node;
        }
        loop {
            let next = s[*at..].find('<').unwrap() + *at;
            node.text.push_str(&s[*at..next]);
            *at = next;
            if s[*at..].starts_with("</") {
                *at = s[*at..].find('>').unwrap() + *at + 1;
                break;
            }
            node.children.push(element(s, at));
        }
        node.text = node
            .text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        node
    }
    let mut at = xml.find('<').unwrap();
    element(xml, &mut at)
}

impl Model {
    /// Check an XML element against a shape (the query protocol: lists as `member` elements,
    /// timestamps as ISO 8601).
    fn check_xml(&self, name: &str, node: &Node, path: &str, errors: &mut Vec<String>) {
        let text = node.text.trim();
        let simple_ok = match name {
            "string" => Some(true),
            "integer" | "long" => Some(text.parse::<i64>().is_ok()),
            "double" => Some(text.parse::<f64>().is_ok()),
            "boolean" => Some(text == "true" || text == "false"),
            "timestamp" => {
                Some(text.len() >= 20 && text.ends_with('Z') && text.as_bytes()[10] == b'T')
            }
            _ => None,
        };
        if let Some(ok) = simple_ok {
            if !ok {
                errors.push(format!("{path}: '{text}' is not a {name}"));
            }
            return;
        }
        let Some(s) = self.shapes.get(name) else {
            return errors.push(format!("{path}: the model file has no shape {name}"));
        };
        match s["type"].as_str() {
            Some("enum") => {
                if !s["values"].as_array().unwrap().iter().any(|v| v == text) {
                    errors.push(format!("{path}: '{text}' is not a {name} value"));
                }
            }
            Some("list") => {
                for (i, item) in node.children.iter().enumerate() {
                    if item.name != "member" {
                        errors.push(format!("{path}: list {name} has a <{}> element", item.name));
                    }
                    self.check_xml(
                        s["member"].as_str().unwrap(),
                        item,
                        &format!("{path}[{i}]"),
                        errors,
                    );
                }
            }
            Some("structure") => {
                let members = s["members"].as_object().unwrap();
                for child in &node.children {
                    match members.get(&child.name) {
                        None => errors.push(format!(
                            "{path}.{}: {name} has no member {}",
                            child.name, child.name
                        )),
                        Some(t) => self.check_xml(
                            t.as_str().unwrap(),
                            child,
                            &format!("{path}.{}", child.name),
                            errors,
                        ),
                    }
                }
                for required in s["required"].as_array().unwrap() {
                    if !node
                        .children
                        .iter()
                        .any(|c| c.name == required.as_str().unwrap())
                    {
                        errors.push(format!(
                            "{path}: required member {required} of {name} is missing"
                        ));
                    }
                }
            }
            other => errors.push(format!("{path}: shape {name} has type {other:?}")),
        }
    }
}

/// The other services, each answer checked against its model; every served operation called.
struct Services {
    sandbox: RunningSandbox,
    models: std::collections::BTreeMap<&'static str, Model>,
    called: std::collections::BTreeMap<&'static str, BTreeSet<String>>,
    errors: Vec<String>,
}

impl Services {
    fn record(&mut self, service: &'static str, op: &str, answer: &Value) {
        let model = &self.models[service];
        let shape = model.served.get(op).unwrap_or_else(|| {
            panic!("{service} {op} is not in its model file's served operations")
        });
        match shape {
            Value::Null => {
                if answer != &json!({}) {
                    self.errors
                        .push(format!("{service} {op}: {answer} (no output: {{}})"));
                }
            }
            shape => {
                let mut errors = Vec::new();
                model.check(
                    shape.as_str().unwrap(),
                    answer,
                    &format!("{service} {op}"),
                    &mut errors,
                );
                self.errors.extend(errors);
            }
        }
        self.called
            .entry(service)
            .or_default()
            .insert(op.to_string());
    }

    /// An AWS JSON operation (JSON 1.1, or 1.0 for connections).
    async fn json(&mut self, service: &'static str, target: &str, op: &str, body: Value) -> Value {
        let host = http::own_host(&self.sandbox);
        let version = if target.contains("onnections") {
            "1.0"
        } else {
            "1.1"
        };
        let t = format!("{target}.{op}");
        let ct = format!("application/x-amz-json-{version}");
        let reply = http::send(
            self.sandbox.local_addr(),
            "POST",
            "/",
            &[
                ("Host", host.as_str()),
                ("X-Amz-Target", t.as_str()),
                ("Content-Type", ct.as_str()),
            ],
            &body.to_string(),
        )
        .await;
        assert_eq!(reply.status, 200, "{service} {op} {body}: {}", reply.body);
        let answer = reply.json();
        self.record(service, op, &answer);
        answer
    }

    /// A REST JSON operation.
    async fn rest(
        &mut self,
        service: &'static str,
        op: &str,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> Value {
        let host = http::own_host(&self.sandbox);
        let mut headers = vec![
            ("Host", host.as_str()),
            ("Content-Type", "application/json"),
        ];
        if let Some(t) = token {
            headers.push(("x-amz-sso_bearer_token", t));
        }
        let text = if method == "GET" {
            String::new()
        } else {
            body.to_string()
        };
        let reply = http::send(self.sandbox.local_addr(), method, path, &headers, &text).await;
        assert_eq!(reply.status, 200, "{service} {op}: {}", reply.body);
        let answer = reply.json();
        self.record(service, op, &answer);
        answer
    }

    /// A CloudFormation query operation; its result element.
    async fn query(&mut self, op: &str, params: &str) -> Node {
        let host = http::own_host(&self.sandbox);
        let body = format!("Action={op}&Version=2010-05-15&{params}");
        let reply = http::send(
            self.sandbox.local_addr(),
            "POST",
            "/",
            &[
                ("Host", host.as_str()),
                (
                    "Content-Type",
                    "application/x-www-form-urlencoded; charset=utf-8",
                ),
            ],
            &body,
        )
        .await;
        assert_eq!(reply.status, 200, "{op}: {}", reply.body);
        let root = parse_xml(&reply.body);
        assert_eq!(root.name, format!("{op}Response"));
        let result = root
            .children
            .into_iter()
            .find(|c| c.name == format!("{op}Result"))
            .unwrap();
        let model = &self.models["cloudformation"];
        let mut errors = Vec::new();
        model.check_xml(
            model.served[op].as_str().unwrap(),
            &result,
            &format!("cloudformation {op}"),
            &mut errors,
        );
        self.errors.extend(errors);
        self.called
            .entry("cloudformation")
            .or_default()
            .insert(op.to_string());
        result
    }
}

#[tokio::test]
async fn every_other_service_answers_with_its_models_output_shapes() {
    let config = SandboxConfig::with_samples()
        .rule(ActionRule::for_action("*", "*", "*").duration(Duration::from_millis(30)));
    let sandbox = Sandbox::start(config).await.unwrap();
    let mut run = Services {
        sandbox,
        models: MODELS
            .iter()
            .map(|(k, text)| (*k, Model::parse(text)))
            .collect(),
        called: Default::default(),
        errors: Vec::new(),
    };
    // Wait for storefront's and data-jobs's live failures (CodePipeline's answers are checked
    // by the test above).
    let pipeline = |op: &'static str, body: Value| {
        let sandbox = &run.sandbox;
        async move { http::operation(sandbox, op, &body, &[]).await.json() }
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    for p in ["storefront", "data-jobs"] {
        while pipeline("ListPipelineExecutions", json!({ "pipelineName": p })).await
            ["pipelineExecutionSummaries"][0]["status"]
            != "Failed"
        {
            assert!(Instant::now() < deadline, "{p} did not fail");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let details = pipeline(
        "ListActionExecutions",
        json!({ "pipelineName": "storefront" }),
    )
    .await;
    let mut jobs = pipeline(
        "ListActionExecutions",
        json!({ "pipelineName": "data-jobs" }),
    )
    .await;
    let external = |d: &Value, action: &str, status: &str| -> String {
        d["actionExecutionDetails"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["actionName"] == action && x["status"] == status)
            .unwrap()["output"]["executionResult"]["externalExecutionId"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let build = external(&details, "Build", "Failed");
    let stack = external(&details, "DeployStack", "Failed");
    let deployment = external(&details, "Deploy", "Failed");
    let tests_build = external(&jobs.take(), "Compile", "Failed");

    // CodeBuild.
    let cb = "CodeBuild_20161006";
    let builds = run
        .json(
            "codebuild",
            cb,
            "BatchGetBuilds",
            json!({ "ids": [build, tests_build, "x:y"] }),
        )
        .await;
    let report = builds["builds"][1]["reportArns"][0]
        .as_str()
        .unwrap()
        .to_string();
    let reports = run
        .json(
            "codebuild",
            cb,
            "BatchGetReports",
            json!({ "reportArns": [report, "arn:nope"] }),
        )
        .await;
    let group = reports["reports"][0]["reportGroupArn"]
        .as_str()
        .unwrap()
        .to_string();
    run.json(
        "codebuild",
        cb,
        "DescribeTestCases",
        json!({ "reportArn": report, "filter": { "status": "FAILED" } }),
    )
    .await;
    run.json(
        "codebuild",
        cb,
        "DescribeTestCases",
        json!({ "reportArn": report, "maxResults": 5 }),
    )
    .await;
    run.json(
        "codebuild",
        cb,
        "ListReportsForReportGroup",
        json!({ "reportGroupArn": group }),
    )
    .await;

    // CloudWatch Logs.
    let logs = &builds["builds"][0]["logs"];
    let (g, s) = (logs["groupName"].clone(), logs["streamName"].clone());
    let lg = "Logs_20140328";
    let page = run
        .json(
            "logs",
            lg,
            "GetLogEvents",
            json!({ "logGroupName": g, "logStreamName": s, "limit": 50, "startFromHead": true }),
        )
        .await;
    run.json(
        "logs",
        lg,
        "GetLogEvents",
        json!({ "logGroupName": g, "logStreamName": s, "nextToken": page["nextForwardToken"] }),
    )
    .await;
    run.json(
        "logs",
        lg,
        "FilterLogEvents",
        json!({ "logGroupName": g, "filterPattern": "ERR!", "limit": 3 }),
    )
    .await;

    // CloudFormation.
    run.query(
        "DescribeStackEvents",
        &format!(
            "StackName={}",
            stack.replace(':', "%3A").replace('/', "%2F")
        ),
    )
    .await;
    run.query("DescribeStacks", "").await;
    run.query("DescribeStacks", "StackName=storefront-staging")
        .await;

    // CodeDeploy.
    let cd = "CodeDeploy_20141006";
    run.json(
        "codedeploy",
        cd,
        "GetDeployment",
        json!({ "deploymentId": deployment }),
    )
    .await;
    let targets = run
        .json(
            "codedeploy",
            cd,
            "ListDeploymentTargets",
            json!({ "deploymentId": deployment }),
        )
        .await;
    run.json(
        "codedeploy",
        cd,
        "BatchGetDeploymentTargets",
        json!({ "deploymentId": deployment, "targetIds": targets["targetIds"] }),
    )
    .await;

    // CodeCommit.
    let cc = "CodeCommit_20150413";
    let branch = run
        .json(
            "codecommit",
            cc,
            "GetBranch",
            json!({ "repositoryName": "web-app", "branchName": "main" }),
        )
        .await;
    let head = branch["branch"]["commitId"].as_str().unwrap().to_string();
    let commit = run
        .json(
            "codecommit",
            cc,
            "GetCommit",
            json!({ "repositoryName": "web-app", "commitId": head }),
        )
        .await;
    let parent = commit["commit"]["parents"][0].clone();
    run.json("codecommit", cc, "BatchGetCommits", json!({ "repositoryName": "web-app", "commitIds": [head, parent, "0000000000000000000000000000000000000000"] })).await;
    run.json("codecommit", cc, "GetDifferences", json!({ "repositoryName": "web-app", "beforeCommitSpecifier": parent, "afterCommitSpecifier": head })).await;
    run.json(
        "codecommit",
        cc,
        "GetDifferences",
        json!({ "repositoryName": "web-app", "afterCommitSpecifier": "main", "MaxResults": 2 }),
    )
    .await;

    // Connections, both services.
    let arn = pipewright_sandbox::samples::CONNECTION_ARN;
    for (service, target) in [
        ("codeconnections", "CodeConnections_20231201"),
        ("codestar-connections", "CodeStar_connections_20191201"),
    ] {
        run.json(
            service,
            target,
            "GetConnection",
            json!({ "ConnectionArn": arn }),
        )
        .await;
        run.json(service, target, "ListConnections", json!({}))
            .await;
    }

    // SSO-OIDC and the portal.
    let client = run
        .rest(
            "sso-oidc",
            "RegisterClient",
            "POST",
            "/client/register",
            None,
            json!({ "clientName": "shapes", "clientType": "public" }),
        )
        .await;
    let (id, secret) = (client["clientId"].clone(), client["clientSecret"].clone());
    let device = run
        .rest("sso-oidc", "StartDeviceAuthorization", "POST", "/device_authorization", None, json!({ "clientId": id, "clientSecret": secret, "startUrl": "https://example.awsapps.com/start" }))
        .await;
    assert!(run
        .sandbox
        .approve_device(device["userCode"].as_str().unwrap(), true));
    let token = run
        .rest("sso-oidc", "CreateToken", "POST", "/token", None, json!({ "clientId": id, "clientSecret": secret, "grantType": "urn:ietf:params:oauth:grant-type:device_code", "deviceCode": device["deviceCode"] }))
        .await;
    let access = token["accessToken"].as_str().unwrap().to_string();
    run.rest(
        "sso",
        "ListAccounts",
        "GET",
        "/assignment/accounts",
        Some(&access),
        json!({}),
    )
    .await;
    run.rest(
        "sso",
        "ListAccountRoles",
        "GET",
        "/assignment/roles?account_id=000000000000",
        Some(&access),
        json!({}),
    )
    .await;
    run.rest(
        "sso",
        "GetRoleCredentials",
        "GET",
        "/federation/credentials?role_name=ReadOnly&account_id=000000000000",
        Some(&access),
        json!({}),
    )
    .await;
    run.rest("sso", "Logout", "POST", "/logout", Some(&access), json!({}))
        .await;

    // Every served operation was checked; the JSON services' other operations are not served.
    for (service, model) in &run.models {
        let served: BTreeSet<String> = model.served.keys().cloned().collect();
        assert_eq!(
            run.called.get(service),
            Some(&served),
            "{service}: operations served but not checked"
        );
    }
    for (service, target) in [
        ("codebuild", "CodeBuild_20161006"),
        ("logs", "Logs_20140328"),
        ("codedeploy", "CodeDeploy_20141006"),
        ("codecommit", "CodeCommit_20150413"),
        ("codeconnections", "CodeConnections_20231201"),
    ] {
        for op in &run.models[service].not_served {
            let reply = http::send(
                run.sandbox.local_addr(),
                "POST",
                "/",
                &[
                    ("Host", http::own_host(&run.sandbox).as_str()),
                    ("X-Amz-Target", format!("{target}.{op}").as_str()),
                ],
                "{}",
            )
            .await;
            assert_eq!(
                (reply.status, reply.json()["__type"].clone()),
                (400, json!("UnknownOperationException")),
                "{service} {op} is served: add it to extract.py's SERVED and regenerate its model file"
            );
        }
    }
    assert!(
        run.errors.is_empty(),
        "{} answers differ from their service models:\n{}",
        run.errors.len(),
        run.errors.join("\n")
    );
    run.sandbox.shutdown().await;
}

#[test]
fn the_xml_check_finds_unknown_members_wrong_values_and_missing_members() {
    let model = Model::parse(MODELS[2].1);
    let xml = "<R><StackEvents><member><StackId>s</StackId><EventId>e</EventId><Timestamp>yesterday</Timestamp><ResourceStatus>MELTED</ResourceStatus><Colour>red</Colour></member></StackEvents></R>";
    let mut errors = Vec::new();
    model.check_xml(
        "DescribeStackEventsOutput",
        &parse_xml(xml),
        "r",
        &mut errors,
    );
    errors.sort();
    assert_eq!(
        errors,
        [
            "r.StackEvents[0].Colour: StackEvent has no member Colour",
            "r.StackEvents[0].ResourceStatus: 'MELTED' is not a ResourceStatus value",
            "r.StackEvents[0].Timestamp: 'yesterday' is not a timestamp",
            "r.StackEvents[0]: required member \"StackName\" of StackEvent is missing",
        ]
    );
}
