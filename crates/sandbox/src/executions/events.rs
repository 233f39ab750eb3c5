//! CodePipeline's state-change events, as EventBridge delivers them ("CodePipeline Pipeline
//! Execution State Change", "... Stage Execution ...", "... Action Execution ..."; source
//! `aws.codepipeline`). The observer (its state is the store's [`Observer`](crate::store::Observer)) compares each execution with what it last saw, after
//! every move of the engine, and queues one event per transition, in order per execution:
//! the execution starting (or resuming), then stage by stage the stage starting, its actions
//! starting and ending, the stage ending, then the execution ending. A transition that began and
//! ended between two looks gives both events. Pure: the server hands the queue to the publisher.

use serde_json::{json, Value};

use crate::store::{ActionStatus, Event, ExecStatus, Execution, Seen, StageStatus, Store};

pub const PIPELINE_DETAIL: &str = "CodePipeline Pipeline Execution State Change";
pub const STAGE_DETAIL: &str = "CodePipeline Stage Execution State Change";
pub const ACTION_DETAIL: &str = "CodePipeline Action Execution State Change";

fn exec_state(s: ExecStatus, before: Option<ExecStatus>) -> &'static str {
    match s {
        ExecStatus::InProgress
            if matches!(before, Some(ExecStatus::Failed | ExecStatus::Stopped)) =>
        {
            "RESUMED"
        }
        ExecStatus::InProgress => "STARTED",
        ExecStatus::Stopping => "STOPPING",
        ExecStatus::Stopped => "STOPPED",
        ExecStatus::Succeeded => "SUCCEEDED",
        ExecStatus::Superseded => "SUPERSEDED",
        ExecStatus::Failed => "FAILED",
        ExecStatus::Cancelled => "CANCELED",
    }
}

fn stage_state(s: StageStatus, resumed: bool) -> Option<&'static str> {
    Some(match s {
        StageStatus::InProgress if resumed => "RESUMED",
        StageStatus::InProgress => "STARTED",
        StageStatus::Stopping => "STOPPING",
        StageStatus::Stopped => "STOPPED",
        StageStatus::Succeeded => "SUCCEEDED",
        StageStatus::Failed => "FAILED",
        StageStatus::Cancelled => "CANCELED",
        StageStatus::Skipped => return None,
    })
}

fn action_state(s: ActionStatus, cancelled: bool) -> &'static str {
    match s {
        ActionStatus::InProgress => "STARTED",
        ActionStatus::Succeeded => "SUCCEEDED",
        ActionStatus::Failed => "FAILED",
        ActionStatus::Abandoned if cancelled => "CANCELED",
        ActionStatus::Abandoned => "ABANDONED",
    }
}

/// Take in the executions that are already over without queuing their events (the samples'
/// history when the sandbox starts).
pub fn prime(st: &mut Store, now: f64) {
    let done: Vec<String> = st
        .executions
        .values()
        .filter(|ex| ex.position == crate::store::Position::Done)
        .map(|ex| ex.id.clone())
        .collect();
    for id in done {
        if let Some(ex) = st.executions.get(&id) {
            let seen = st.events.seen.entry(id.clone()).or_default();
            diff(ex, seen, "", "", now, &mut Vec::new());
        }
    }
}

/// Queue the events of every transition since the last look.
pub fn observe(st: &mut Store, now: f64) {
    if !st.events.enabled {
        return;
    }
    let region = st.config.region.clone();
    // Only executions that may have changed since the last look: the engine drops finished
    // ones after this has seen them finish.
    let mut ids: Vec<(&String, f64)> = st
        .live
        .iter()
        .filter_map(|id| st.executions.get(id).map(|ex| (id, ex.start_time)))
        .collect();
    ids.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)));
    let ids: Vec<String> = ids.into_iter().map(|(id, _)| id.clone()).collect();
    let mut out = Vec::new();
    for id in ids {
        let Some(ex) = st.executions.get(&id) else {
            continue;
        };
        let arn = st
            .pipelines
            .get(&ex.pipeline)
            .map(|p| p.arn.clone())
            .unwrap_or_default();
        let seen = st.events.seen.entry(id.clone()).or_default();
        diff(ex, seen, &arn, &region, now, &mut out);
    }
    st.events.queue.extend(out);
}

fn diff(ex: &Execution, seen: &mut Seen, arn: &str, region: &str, now: f64, out: &mut Vec<Event>) {
    let base = |detail_type: &'static str, mut detail: Value| {
        detail["pipeline"] = json!(ex.pipeline);
        detail["execution-id"] = json!(ex.id);
        detail["start-time"] = json!(crate::clock::iso8601(ex.start_time));
        detail["version"] = json!(ex.pipeline_version as f64);
        detail["pipeline-execution-attempt"] = json!(1.0);
        Event {
            pipeline: ex.pipeline.clone(),
            detail_type,
            resource: arn.to_string(),
            detail,
            time: now,
        }
    };
    let pipeline_event = |state: &str| {
        base(
            PIPELINE_DETAIL,
            json!({
                "state": state,
                "execution-trigger": { "trigger-type": ex.trigger_type, "trigger-detail": ex.trigger_detail },
            }),
        )
    };
    let before = seen.status;
    let terminal = !matches!(ex.status, ExecStatus::InProgress | ExecStatus::Stopping);
    if before != Some(ex.status) {
        // An execution first seen already past its start also says it started.
        let was_active = matches!(before, Some(ExecStatus::InProgress | ExecStatus::Stopping));
        if !was_active && (terminal || ex.status == ExecStatus::Stopping) && before.is_none() {
            out.push(pipeline_event("STARTED"));
        }
        if !terminal {
            out.push(pipeline_event(exec_state(ex.status, before)));
        }
    }
    seen.stages.resize(ex.stages.len(), None);
    for (i, stage) in ex.stages.iter().enumerate() {
        let stage_event =
            |state: &str| base(STAGE_DETAIL, json!({ "stage": stage.name, "state": state }));
        let was = seen.stages[i];
        if let Some(now_status) = stage.status {
            let active = matches!(now_status, StageStatus::InProgress | StageStatus::Stopping);
            let was_active = matches!(was, Some(StageStatus::InProgress | StageStatus::Stopping));
            if !active
                && !was_active
                && was != Some(now_status)
                && now_status != StageStatus::Skipped
            {
                out.push(stage_event("STARTED"));
            }
            if active && was != Some(now_status) {
                let resumed = matches!(was, Some(StageStatus::Failed | StageStatus::Stopped));
                if let Some(s) = stage_state(now_status, resumed) {
                    out.push(stage_event(s));
                }
            }
        }
        let mut attempts: Vec<(&crate::store::ActionRun, &crate::store::Attempt)> = stage
            .actions
            .iter()
            .flat_map(|a| a.attempts.iter().map(move |at| (a, at)))
            .collect();
        attempts.sort_by(|x, y| x.1.start.total_cmp(&y.1.start));
        for (a, at) in attempts {
            let last = seen.attempts.get(&at.id).copied();
            if last == Some(at.status) {
                continue;
            }
            let action_event = |state: &str| {
                let result = crate::wire::compact(json!({
                    "external-execution-id": at.external_id,
                    "external-execution-summary": at.summary,
                    "external-execution-url": at.external_url,
                    "error-code": at.error.as_ref().map(|(code, _)| code),
                }));
                let names = |key: &str| -> Vec<Value> {
                    a.decl
                        .get(key)
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|x| x.get("name").cloned())
                        .map(|name| json!({ "name": name }))
                        .collect()
                };
                let mut detail = json!({
                    "stage": stage.name,
                    "action": a.name,
                    "action-execution-id": at.id,
                    "state": state,
                    "region": a.decl.get("region").and_then(Value::as_str).unwrap_or(region),
                    "type": a.decl.get("actionTypeId").cloned().unwrap_or(json!({})),
                    "input-artifacts": names("inputArtifacts"),
                    "output-artifacts": names("outputArtifacts"),
                });
                if state != "STARTED" && result.as_object().is_some_and(|o| !o.is_empty()) {
                    detail["execution-result"] = result;
                }
                base(ACTION_DETAIL, detail)
            };
            if last.is_none() {
                out.push(action_event("STARTED"));
            }
            if at.status != ActionStatus::InProgress {
                let cancelled = ex.status == ExecStatus::Cancelled || ex.cancel;
                out.push(action_event(action_state(at.status, cancelled)));
            }
            seen.attempts.insert(at.id.clone(), at.status);
        }
        if let Some(now_status) = stage.status {
            let active = matches!(now_status, StageStatus::InProgress | StageStatus::Stopping);
            if !active && was != Some(now_status) {
                if let Some(s) = stage_state(now_status, false) {
                    out.push(stage_event(s));
                }
            }
        }
        seen.stages[i] = stage.status;
    }
    if before != Some(ex.status) && terminal {
        out.push(pipeline_event(exec_state(ex.status, before)));
    }
    seen.status = Some(ex.status);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SandboxConfig;
    use crate::executions::{advance, create};
    use crate::store::PipelineRecord;
    use std::collections::BTreeMap;

    fn store() -> Store {
        let mut st = Store::new(SandboxConfig::default(), "http://sandbox".into());
        let action = |name: &str, category: &str| {
            json!({ "name": name, "runOrder": 1,
                    "actionTypeId": { "category": category, "owner": "AWS", "provider": "X", "version": "1" } })
        };
        let decl = json!({
            "name": "p", "roleArn": "arn:aws:iam::000000000000:role/r",
            "stages": [
                { "name": "S", "actions": [action("src", "Source")] },
                { "name": "B", "actions": [action("b", "Build")] },
            ]
        });
        let arn = st.arn("p");
        st.pipelines.insert(
            "p".into(),
            PipelineRecord::new(decl, arn, BTreeMap::new(), 0.0),
        );
        st.events.enabled = true;
        st
    }

    fn states(events: &[Event]) -> Vec<String> {
        events
            .iter()
            .map(|e| {
                let d = &e.detail;
                let what = d
                    .get("action")
                    .or_else(|| d.get("stage"))
                    .and_then(Value::as_str)
                    .unwrap_or("pipeline");
                format!("{what} {}", d["state"].as_str().unwrap())
            })
            .collect()
    }

    #[test]
    fn a_run_gives_every_transition_in_order_even_between_two_looks() {
        let mut st = store();
        create::start(&mut st, "p", create::Start::by("me"), 0.0).unwrap();
        advance(&mut st, 0.0);
        observe(&mut st, 0.0);
        // Both actions finish between this look and the next.
        advance(&mut st, 0.3);
        advance(&mut st, 0.6);
        observe(&mut st, 0.6);
        let events = st.events.take();
        assert_eq!(
            states(&events),
            [
                "pipeline STARTED",
                "S STARTED",
                "src STARTED",
                "src SUCCEEDED",
                "S SUCCEEDED",
                "B STARTED",
                "b STARTED",
                "b SUCCEEDED",
                "B SUCCEEDED",
                "pipeline SUCCEEDED",
            ]
        );
        assert_eq!(events[0].detail_type, PIPELINE_DETAIL);
        assert_eq!(events[2].detail["type"]["category"], "Source");
        assert_eq!(
            events[3].detail["execution-result"]["external-execution-id"]
                .as_str()
                .map(str::len),
            Some(40)
        );
        observe(&mut st, 0.7);
        assert!(st.events.take().is_empty(), "nothing twice");
    }

    #[test]
    fn nothing_is_kept_when_events_are_off() {
        let mut st = store();
        st.events.enabled = false;
        create::start(&mut st, "p", create::Start::by("me"), 0.0).unwrap();
        advance(&mut st, 1.0);
        observe(&mut st, 1.0);
        assert!(st.events.take().is_empty());
        assert!(st.events.seen.is_empty());
    }
}
