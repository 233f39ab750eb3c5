//! CodeDeploy (AWS JSON 1.1, `CodeDeploy_20141006`): GetDeployment (status, errorInformation),
//! ListDeploymentTargets and BatchGetDeploymentTargets (each instance's lifecycle events). A
//! deployment is a run of a CodeDeploy deploy action (id `d-XXXXXXXXX`): in place, one instance
//! at a time over the run's time. A failed deployment fails on its group's first instance at the
//! profile's lifecycle event (diagnostics: script, message, log tail; default: ApplicationStart
//! with the action's error) and skips the rest.

use serde_json::{json, Value};

use super::{unknown_operation, Call};
use crate::error::{ApiError, ApiResult};
use crate::store::{ActionRun, ActionStatus, Attempt, Execution, Store};
use crate::wire::{compact, opt_str};
use crate::world::DeploymentGroup;

const EVENTS: [&str; 13] = [
    "BeforeBlockTraffic",
    "BlockTraffic",
    "AfterBlockTraffic",
    "ApplicationStop",
    "DownloadBundle",
    "BeforeInstall",
    "Install",
    "AfterInstall",
    "ApplicationStart",
    "ValidateService",
    "BeforeAllowTraffic",
    "AllowTraffic",
    "AfterAllowTraffic",
];

pub const HEALTH_CONSTRAINTS: &str = "The overall deployment failed because too many individual instances failed deployment, too few healthy instances are available for deployment, or some instances in your deployment group are experiencing problems.";

pub fn dispatch(st: &mut Store, op: &str, body: &Value, call: &Call) -> ApiResult<Value> {
    match op {
        "GetDeployment" => get_deployment(st, body, call.now),
        "ListDeploymentTargets" => list_deployment_targets(st, body, call.now),
        "BatchGetDeploymentTargets" => batch_get_deployment_targets(st, body, call.now),
        other => Err(unknown_operation("CodeDeploy", other)),
    }
}

struct Deployment<'a> {
    ex: &'a Execution,
    action: &'a ActionRun,
    attempt: &'a Attempt,
    id: String,
    group: DeploymentGroup,
}

impl Deployment<'_> {
    fn fails(&self) -> bool {
        self.attempt.status == ActionStatus::Failed
            || (self.attempt.status == ActionStatus::InProgress
                && self.attempt.planned_failure.is_some())
    }

    fn end(&self) -> f64 {
        self.attempt
            .finish_at
            .unwrap_or(self.attempt.last_update)
            .max(self.attempt.start + 0.001)
    }

    /// The failing (event, script, message, log tail).
    fn failure(&self) -> (String, String, String, String) {
        self.group.failure.clone().unwrap_or_else(|| {
            let message = self
                .attempt
                .error
                .as_ref()
                .map(|(_, m)| m.clone())
                .or_else(|| self.attempt.planned_failure.clone())
                .unwrap_or_default();
            (
                "ApplicationStart".to_string(),
                "scripts/start_server.sh".to_string(),
                format!("Script at specified location: scripts/start_server.sh run as user root failed with exit code 1: {message}"),
                format!("[stderr]{message}\n"),
            )
        })
    }

    /// Per instance: (status, last update, lifecycle events) at `now`.
    fn targets(&self, now: f64) -> Vec<(String, &'static str, f64, Vec<Value>)> {
        let n = self.group.instances.len().max(1);
        let start = self.attempt.start;
        let slot = (self.end() - start) / n as f64;
        let step = slot / EVENTS.len() as f64;
        let stopped =
            (self.attempt.status == ActionStatus::Abandoned).then_some(self.attempt.last_update);
        let (fail_event, script, message, tail) = self.failure();
        let fails = self.fails();
        let mut out = Vec::new();
        for (i, instance) in self.group.instances.iter().enumerate() {
            let skipped = fails && i > 0;
            let mut status = "Pending";
            let mut last = start;
            let mut events = Vec::new();
            let mut failed_here = false;
            for (k, name) in EVENTS.iter().enumerate() {
                let t0 = start + slot * i as f64 + step * k as f64;
                let t1 = t0 + step;
                let cut = stopped.is_some_and(|s| t0 > s);
                let ev_status = if skipped || failed_here || cut {
                    "Skipped"
                } else if t0 > now {
                    "Pending"
                } else if t1 > now {
                    "InProgress"
                } else if fails && i == 0 && *name == fail_event {
                    failed_here = true;
                    "Failed"
                } else {
                    "Succeeded"
                };
                let diagnostics = match ev_status {
                    "Failed" => Some(
                        json!({ "errorCode": "ScriptFailed", "scriptName": script, "message": message, "logTail": tail }),
                    ),
                    "Succeeded" => Some(
                        json!({ "errorCode": "Success", "scriptName": "", "message": "Succeeded", "logTail": "" }),
                    ),
                    _ => None,
                };
                let started = !matches!(ev_status, "Pending" | "Skipped");
                events.push(compact(json!({
                    "lifecycleEventName": name,
                    "diagnostics": diagnostics,
                    "startTime": started.then_some(t0),
                    "endTime": matches!(ev_status, "Succeeded" | "Failed").then_some(t1),
                    "status": ev_status,
                })));
                if started {
                    last = t1.min(now);
                }
            }
            let all = |s: &str| events.iter().all(|e| e["status"] == s);
            status = if skipped || (stopped.is_some() && all("Skipped")) {
                last = self.attempt.last_update.min(now);
                "Skipped"
            } else if failed_here {
                "Failed"
            } else if all("Succeeded") {
                "Succeeded"
            } else if events
                .iter()
                .any(|e| e["status"] == "InProgress" || e["status"] == "Succeeded")
            {
                "InProgress"
            } else {
                status
            };
            out.push((instance.clone(), status, last, events));
        }
        out
    }
}

fn deployments(st: &Store) -> Vec<Deployment<'_>> {
    let mut out = Vec::new();
    for ex in st.executions.values() {
        for stage in &ex.stages {
            for a in stage
                .actions
                .iter()
                .filter(|a| a.category() == "Deploy" && a.provider() == "CodeDeploy")
            {
                let app = a.config("ApplicationName").unwrap_or("").to_string();
                let group_name = a.config("DeploymentGroupName").unwrap_or("").to_string();
                let group = st
                    .world
                    .deployment_groups
                    .get(&(app, group_name))
                    .cloned()
                    .unwrap_or_default();
                for at in &a.attempts {
                    if let Some(id) = at.external_id.clone() {
                        out.push(Deployment {
                            ex,
                            action: a,
                            attempt: at,
                            id,
                            group: group.clone(),
                        });
                    }
                }
            }
        }
    }
    out
}

fn find<'a>(st: &'a Store, body: &Value) -> ApiResult<Deployment<'a>> {
    let id = opt_str(body, "deploymentId").ok_or_else(|| {
        ApiError::new(
            "DeploymentIdRequiredException",
            "At least one deployment ID must be specified.",
        )
    })?;
    if !id.starts_with("d-") {
        return Err(ApiError::new(
            "InvalidDeploymentIdException",
            format!("Specified DeploymentId is not in the valid format: {id}"),
        ));
    }
    deployments(st)
        .into_iter()
        .find(|d| d.id == id)
        .ok_or_else(|| {
            ApiError::new(
                "DeploymentDoesNotExistException",
                format!("The deployment {id} could not be found."),
            )
        })
}

fn get_deployment(st: &mut Store, body: &Value, now: f64) -> ApiResult<Value> {
    let d = find(st, body)?;
    let targets = d.targets(now);
    let count = |s: &str| targets.iter().filter(|t| t.1 == s).count();
    let status = match d.attempt.status {
        ActionStatus::InProgress => "InProgress",
        ActionStatus::Succeeded => "Succeeded",
        ActionStatus::Failed => "Failed",
        ActionStatus::Abandoned => "Stopped",
    };
    let done = d.attempt.status != ActionStatus::InProgress;
    let error = match d.attempt.status {
        ActionStatus::Failed => {
            Some(json!({ "code": "HEALTH_CONSTRAINTS", "message": HEALTH_CONSTRAINTS }))
        }
        ActionStatus::Abandoned => Some(
            json!({ "code": "MANUAL_STOP", "message": "The deployment was stopped because the pipeline execution was stopped." }),
        ),
        _ => None,
    };
    let short = &d.attempt.id[..8];
    Ok(json!({ "deploymentInfo": compact(json!({
        "applicationName": d.action.config("ApplicationName"),
        "deploymentGroupName": d.action.config("DeploymentGroupName"),
        "deploymentConfigName": "CodeDeployDefault.OneAtATime",
        "deploymentId": d.id,
        "revision": {
            "revisionType": "S3",
            "s3Location": {
                "bucket": "pipewright-sandbox-artifacts",
                "key": format!("{}/BuildArtif/{short}", d.ex.pipeline),
                "bundleType": "zip",
                "eTag": crate::world::hex_id(&d.id, 32),
            },
        },
        "status": status,
        "errorInformation": error,
        "createTime": d.attempt.start,
        "startTime": d.attempt.start,
        "completeTime": done.then_some(d.attempt.last_update),
        "deploymentOverview": {
            "Pending": count("Pending"),
            "InProgress": count("InProgress"),
            "Succeeded": count("Succeeded"),
            "Failed": count("Failed"),
            "Skipped": count("Skipped"),
            "Ready": 0,
        },
        "description": format!("Deployment by CodePipeline execution {}", d.ex.id),
        "creator": "user",
        "ignoreApplicationStopFailures": false,
        "updateOutdatedInstancesOnly": false,
        "deploymentStyle": { "deploymentType": "IN_PLACE", "deploymentOption": "WITHOUT_TRAFFIC_CONTROL" },
        "instanceTerminationWaitTimeStarted": false,
        "fileExistsBehavior": "DISALLOW",
        "deploymentStatusMessages": [],
        "computePlatform": "Server",
    })) }))
}

fn list_deployment_targets(st: &mut Store, body: &Value, now: f64) -> ApiResult<Value> {
    let d = find(st, body)?;
    let wanted: Option<Vec<&str>> = body
        .pointer("/targetFilters/TargetStatus")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect());
    let ids: Vec<String> = d
        .targets(now)
        .into_iter()
        .filter(|t| wanted.as_ref().is_none_or(|w| w.contains(&t.1)))
        .map(|t| t.0)
        .collect();
    Ok(json!({ "targetIds": ids }))
}

fn batch_get_deployment_targets(st: &mut Store, body: &Value, now: f64) -> ApiResult<Value> {
    let d = find(st, body)?;
    let ids: Vec<&str> = body
        .get("targetIds")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if ids.len() > 25 {
        return Err(ApiError::new(
            "DeploymentTargetListSizeExceededException",
            "The maximum number of targets that can be associated with a deployment is 25.",
        ));
    }
    let targets = d.targets(now);
    let mut out = Vec::new();
    for id in ids {
        let Some((instance, status, last, events)) = targets.iter().find(|t| t.0 == id) else {
            return Err(ApiError::new(
                "DeploymentTargetDoesNotExistException",
                format!(
                    "The provided target ID {id} does not belong to the deployment {}.",
                    d.id
                ),
            ));
        };
        out.push(json!({
            "deploymentTargetType": "InstanceTarget",
            "instanceTarget": {
                "deploymentId": d.id,
                "targetId": instance,
                "targetArn": format!("arn:aws:ec2:{}:{}:instance/{instance}", st.config.region, crate::ACCOUNT_ID),
                "status": status,
                "lastUpdatedAt": last,
                "lifecycleEvents": events,
            },
        }));
    }
    Ok(json!({ "deploymentTargets": out }))
}
