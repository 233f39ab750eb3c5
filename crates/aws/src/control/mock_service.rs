//! The use cases' unit-test double: the real SDK client answered by aws-smithy-mocks rules over
//! in-memory pipelines, in the service's own JSON. It records each call and answers approvals the
//! way the service does (a token is good once).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_sdk_codepipeline::Client;
use serde_json::{json, Value};

use crate::mock::{self, mock, MockResponse, Rule, RuleMode};
use crate::CodePipeline;

type Shared<T> = Arc<Mutex<T>>;

/// In-memory pipelines behind a mocked client.
#[derive(Clone, Default)]
pub struct Service {
    /// `GetPipelineState` answers, by pipeline.
    pub states: Shared<HashMap<String, Value>>,
    /// `executionMode`, by pipeline.
    pub modes: Shared<HashMap<String, String>>,
    /// `pipelineExecutionSummaries`, by pipeline, newest first.
    pub executions: Shared<HashMap<String, Vec<Value>>>,
    /// `actionExecutionDetails`, by pipeline.
    pub actions: Shared<HashMap<String, Vec<Value>>>,
    /// Another reviewer decides (rejects) each approval right before ours arrives.
    pub racing: Shared<bool>,
    calls: Shared<Vec<String>>,
}

/// A pipeline `Source -> <stage>` whose approval action `Approve` waits with `token`.
pub fn waiting_state(pipeline: &str, stage: &str, token: &str) -> Value {
    json!({
        "pipelineName": pipeline,
        "stageStates": [
            {"stageName": "Source",
             "latestExecution": {"pipelineExecutionId": "exec-1", "status": "Succeeded"}},
            {"stageName": stage,
             "latestExecution": {"pipelineExecutionId": "exec-1", "status": "InProgress"},
             "actionStates": [{"actionName": "Approve",
                               "latestExecution": {"status": "InProgress", "token": token}}]}
        ]
    })
}

fn not_found(pipeline: &str) -> aws_smithy_runtime_api::client::orchestrator::HttpResponse {
    mock::error(
        400,
        "PipelineNotFoundException",
        &format!("pipeline {pipeline} not found"),
    )
}

impl Service {
    pub fn with_waiting_approval(self, pipeline: &str, stage: &str, token: &str) -> Self {
        self.states
            .lock()
            .unwrap()
            .insert(pipeline.to_string(), waiting_state(pipeline, stage, token));
        self
    }

    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    fn log(&self, call: String) {
        self.calls.lock().unwrap().push(call);
    }

    /// Decides the approval holding `token` (state token, or PARALLEL external execution id).
    fn decide(
        &self,
        pipeline: &str,
        stage: &str,
        action: &str,
        token: &str,
        approve: bool,
    ) -> bool {
        let mut states = self.states.lock().unwrap();
        let run = states
            .get_mut(pipeline)
            .and_then(|s| s["stageStates"].as_array_mut())
            .and_then(|stages| stages.iter_mut().find(|s| s["stageName"] == stage))
            .and_then(|s| s["actionStates"].as_array_mut())
            .and_then(|actions| actions.iter_mut().find(|a| a["actionName"] == action))
            .map(|a| &mut a["latestExecution"]);
        if let Some(run) = run.filter(|r| r["token"] == token) {
            run.as_object_mut().unwrap().remove("token");
            run["status"] = json!(if approve { "Succeeded" } else { "Failed" });
            return true;
        }
        let mut actions = self.actions.lock().unwrap();
        if let Some(a) = actions.get_mut(pipeline).and_then(|v| {
            v.iter_mut().find(|a| {
                a["stageName"] == stage
                    && a["actionName"] == action
                    && a["status"] == "InProgress"
                    && a["output"]["executionResult"]["externalExecutionId"] == token
            })
        }) {
            a["status"] = json!("Succeeded");
            return true;
        }
        false
    }

    /// The mocked client over these pipelines.
    pub fn api(&self) -> CodePipeline {
        let rules = self.rules();
        let refs: Vec<&Rule> = rules.iter().collect();
        mock::codepipeline(RuleMode::MatchAny, &refs)
    }

    fn rules(&self) -> Vec<Rule> {
        let s = self.clone();
        let state = mock!(Client::get_pipeline_state).then_compute_response(move |req| {
            let name = req.name().unwrap_or_default();
            s.log(format!("GetPipelineState {name}"));
            match s.states.lock().unwrap().get(name) {
                Some(state) => MockResponse::Http(mock::json(200, state.clone())),
                None => MockResponse::Http(not_found(name)),
            }
        });
        let s = self.clone();
        let pipeline = mock!(Client::get_pipeline).then_compute_response(move |req| {
            let name = req.name().unwrap_or_default();
            s.log(format!("GetPipeline {name}"));
            let mut decl =
                json!({"name": name, "roleArn": "arn:aws:iam::123456789012:role/p", "stages": []});
            if let Some(mode) = s.modes.lock().unwrap().get(name) {
                decl["executionMode"] = json!(mode);
            }
            MockResponse::Http(mock::json(200, json!({"pipeline": decl, "metadata": {}})))
        });
        let s = self.clone();
        let executions =
            mock!(Client::list_pipeline_executions).then_compute_response(move |req| {
                let name = req.pipeline_name().unwrap_or_default();
                let stage = req
                    .filter()
                    .and_then(|f| f.succeeded_in_stage())
                    .and_then(|f| f.stage_name());
                s.log(format!(
                    "ListPipelineExecutions {name} {}",
                    stage.unwrap_or("-")
                ));
                let mut items = s
                    .executions
                    .lock()
                    .unwrap()
                    .get(name)
                    .cloned()
                    .unwrap_or_default();
                if stage.is_some() {
                    items.retain(|e| e["status"] == "Succeeded");
                }
                items.truncate(req.max_results().unwrap_or(100) as usize);
                MockResponse::Http(mock::json(
                    200,
                    json!({"pipelineExecutionSummaries": items}),
                ))
            });
        let s = self.clone();
        let actions = mock!(Client::list_action_executions).then_compute_response(move |req| {
            let name = req.pipeline_name().unwrap_or_default();
            s.log(format!("ListActionExecutions {name}"));
            let mut items = s
                .actions
                .lock()
                .unwrap()
                .get(name)
                .cloned()
                .unwrap_or_default();
            if let Some(id) = req.filter().and_then(|f| f.pipeline_execution_id()) {
                items.retain(|a| a["pipelineExecutionId"] == id);
            }
            MockResponse::Http(mock::json(200, json!({"actionExecutionDetails": items})))
        });
        let s = self.clone();
        let approval = mock!(Client::put_approval_result).then_compute_response(move |req| {
            let (p, st, a, tok) = (
                req.pipeline_name().unwrap_or_default(),
                req.stage_name().unwrap_or_default(),
                req.action_name().unwrap_or_default(),
                req.token().unwrap_or_default(),
            );
            let result = req.result().expect("a result");
            s.log(format!(
                "PutApprovalResult {p} {st} {a} {tok} {} {}",
                result.status().as_str(),
                result.summary()
            ));
            if *s.racing.lock().unwrap() {
                s.decide(p, st, a, tok, false);
            }
            let approve = result.status().as_str() == "Approved";
            if s.decide(p, st, a, tok, approve) {
                MockResponse::Http(mock::json(200, json!({"approvedAt": 1700000000})))
            } else {
                MockResponse::Http(mock::error(
                    400,
                    "InvalidApprovalTokenException",
                    "the token is not valid",
                ))
            }
        });
        let s = self.clone();
        let start = mock!(Client::start_pipeline_execution).then_compute_response(move |req| {
            s.log(format!(
                "StartPipelineExecution {} vars={}",
                req.name().unwrap_or_default(),
                req.variables().len()
            ));
            MockResponse::Http(mock::json(200, json!({"pipelineExecutionId": "exec-new"})))
        });
        let s = self.clone();
        let stop = mock!(Client::stop_pipeline_execution).then_compute_response(move |req| {
            let id = req.pipeline_execution_id().unwrap_or_default();
            s.log(format!(
                "StopPipelineExecution {} {id} abandon={} {}",
                req.pipeline_name().unwrap_or_default(),
                req.abandon().unwrap_or_default(),
                req.reason().unwrap_or("-")
            ));
            MockResponse::Http(mock::json(200, json!({"pipelineExecutionId": id})))
        });
        let s = self.clone();
        let retry = mock!(Client::retry_stage_execution).then_compute_response(move |req| {
            let id = req.pipeline_execution_id().unwrap_or_default();
            s.log(format!(
                "RetryStageExecution {} {} {id} {}",
                req.pipeline_name().unwrap_or_default(),
                req.stage_name().unwrap_or_default(),
                req.retry_mode().map(|m| m.as_str()).unwrap_or("-")
            ));
            MockResponse::Http(mock::json(200, json!({"pipelineExecutionId": id})))
        });
        let s = self.clone();
        let rollback = mock!(Client::rollback_stage).then_compute_response(move |req| {
            s.log(format!(
                "RollbackStage {} {} {}",
                req.pipeline_name().unwrap_or_default(),
                req.stage_name().unwrap_or_default(),
                req.target_pipeline_execution_id().unwrap_or_default()
            ));
            MockResponse::Http(mock::json(
                200,
                json!({"pipelineExecutionId": "exec-rollback"}),
            ))
        });
        let s = self.clone();
        let enable = mock!(Client::enable_stage_transition).then_compute_response(move |req| {
            s.log(format!(
                "SetStageTransition {} {} {} true -",
                req.pipeline_name().unwrap_or_default(),
                req.stage_name().unwrap_or_default(),
                req.transition_type().map(|t| t.as_str()).unwrap_or("-")
            ));
            MockResponse::Http(mock::json(200, json!({})))
        });
        let s = self.clone();
        let disable = mock!(Client::disable_stage_transition).then_compute_response(move |req| {
            s.log(format!(
                "SetStageTransition {} {} {} false {}",
                req.pipeline_name().unwrap_or_default(),
                req.stage_name().unwrap_or_default(),
                req.transition_type().map(|t| t.as_str()).unwrap_or("-"),
                req.reason().unwrap_or("-")
            ));
            MockResponse::Http(mock::json(200, json!({})))
        });
        vec![
            state, pipeline, executions, actions, approval, start, stop, retry, rollback, enable,
            disable,
        ]
    }
}
