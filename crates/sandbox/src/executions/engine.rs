//! The engine: [`advance`] moves every execution as far as it can go at a given time (actions
//! and condition rules complete, approvals expire, stages are entered, superseded or failed,
//! automated retries and rollbacks start) and answers the next deadline. The server's engine
//! task calls it whenever an API call changed something or a deadline passed; the model it
//! follows is described in the module docs of `executions`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::{create, rules, runs};
use crate::config::SandboxConfig;
use crate::store::*;
use crate::world::World;

/// Default manual approval timeout: 7 days.
pub const DEFAULT_APPROVAL_MINUTES: f64 = 7.0 * 24.0 * 60.0;

/// Move every execution as far as it can go at time `now`; the earliest future deadline.
pub fn advance(st: &mut Store, now: f64) -> Option<f64> {
    for _ in 0..10_000 {
        if !step_all(st, now) {
            break;
        }
    }
    super::events::observe(st, now);
    st.drop_finished();
    next_deadline(st)
}

fn next_deadline(st: &Store) -> Option<f64> {
    let mut next: Option<f64> = None;
    let mut at = |t: f64| next = Some(next.map_or(t, |n: f64| n.min(t)));
    for ex in st.live.iter().filter_map(|id| st.executions.get(id)) {
        let Position::Running(i) = ex.position else {
            continue;
        };
        let stage = &ex.stages[i];
        let running = stage
            .actions
            .iter()
            .filter_map(ActionRun::latest)
            .chain(
                stage
                    .gate
                    .map(|g| &stage.gates[g].rules[..])
                    .unwrap_or_default()
                    .iter()
                    .map(|r| &r.attempt),
            )
            .filter(|at| at.status == ActionStatus::InProgress);
        for run in running {
            for t in [run.finish_at, run.expires, run.held_until]
                .into_iter()
                .flatten()
            {
                at(t);
            }
        }
    }
    next
}

fn step_all(st: &mut Store, now: f64) -> bool {
    let mut changed = false;
    // The pipelines with an execution that may still change, in name order.
    let names: BTreeSet<String> = st
        .live
        .iter()
        .filter_map(|id| st.executions.get(id))
        .map(|ex| ex.pipeline.clone())
        .collect();
    for name in names {
        let Some(rec) = st.pipelines.get(&name) else {
            continue;
        };
        let ids = rec.executions.clone();
        for id in &ids {
            changed |= step_running(st, id, now);
        }
        changed |= start_automated_rollbacks(st, now);
        changed |= supersede(st, &name, now);
        for id in &ids {
            changed |= step_waiting(st, &name, id, now);
        }
    }
    changed
}

/// Complete due actions, start the next runOrder group, finish the stage.
fn step_running(st: &mut Store, id: &str, now: f64) -> bool {
    let Store {
        executions,
        config,
        run_counts,
        base_url,
        pending_rollbacks,
        world,
        ..
    } = st;
    let Some(ex) = executions.get_mut(id) else {
        return false;
    };
    let Position::Running(i) = ex.position else {
        return false;
    };
    let mut changed = false;
    for a in ex.stages[i].actions.iter_mut() {
        let Some(at) = a.attempts.last_mut() else {
            continue;
        };
        if at.status != ActionStatus::InProgress {
            continue;
        }
        if at.finish_at.is_some_and(|f| f <= now) {
            complete(at, now);
            changed = true;
        } else if at.expires.is_some_and(|e| e <= now) {
            at.status = ActionStatus::Failed;
            at.last_update = now;
            at.error = Some((
                "JobFailed".to_string(),
                "The approval request expired before anyone approved or rejected it.".to_string(),
            ));
            at.summary = Some("Approval expired".to_string());
            changed = true;
        }
    }
    if let Some(g) = ex.stages[i].gate {
        changed |= step_rules(ex, i, g, now, config, world);
    }
    let in_progress = |ex: &Execution| {
        ex.stages[i].actions.iter().any(|a| {
            a.latest()
                .is_some_and(|at| at.status == ActionStatus::InProgress)
        })
    };

    if ex.stop.is_some() || ex.cancel {
        // Conditions are not actions: stopping abandons their rules at once.
        if let Some(g) = ex.stages[i].gate.take() {
            end_gate(&mut ex.stages[i].gates[g], ConditionStatus::Abandoned, now);
        }
        if ex.stop.as_ref().is_some_and(|s| s.abandon) {
            ex.abandon_running(i, now, false);
        }
        if !in_progress(ex) {
            let (stage_status, status) = if ex.cancel && ex.stop.is_none() {
                (StageStatus::Cancelled, ExecStatus::Cancelled)
            } else {
                (StageStatus::Stopped, ExecStatus::Stopped)
            };
            ex.stages[i].status = Some(stage_status);
            finish(ex, status, now);
            return true;
        }
        return changed;
    }
    if in_progress(ex) {
        return changed;
    }
    match ex.stages[i].phase {
        Phase::Entry | Phase::Success => {
            return step_gate(ex, i, now, config, run_counts, pending_rollbacks, world) || changed
        }
        Phase::Actions => {}
    }
    let failure = ex.stages[i].actions.iter().find_map(|a| {
        let at = a.latest()?;
        (!a.rerun && matches!(at.status, ActionStatus::Failed | ActionStatus::Abandoned)).then(
            || {
                at.error
                    .as_ref()
                    .map(|(_, m)| m.clone())
                    .unwrap_or_else(|| format!("Action {} failed", a.name))
            },
        )
    });
    if let Some(message) = failure {
        let on_failure = ex.stages[i].on_failure.clone();
        let result = on_failure
            .as_ref()
            .and_then(|f| f.get("result"))
            .and_then(Value::as_str)
            .unwrap_or("FAIL");
        let stage = &mut ex.stages[i];
        if result == "RETRY" && stage.auto_retries == 0 {
            // Automatic retry on stage failure: once, in the configured mode.
            let all = on_failure
                .as_ref()
                .and_then(|f| f.pointer("/retryConfiguration/retryMode"))
                .and_then(Value::as_str)
                == Some("ALL_ACTIONS");
            for a in stage.actions.iter_mut() {
                let failed = a.latest().is_some_and(|at| {
                    matches!(at.status, ActionStatus::Failed | ActionStatus::Abandoned)
                });
                a.rerun = all || failed;
            }
            stage.auto_retries += 1;
            stage.latest_retry_trigger = Some("AutomatedStageRetry");
            ex.last_update = now;
            return true;
        }
        stage.status = Some(StageStatus::Failed);
        let name = stage.name.clone();
        ex.status_summary = Some(format!("Stage {name} failed: {message}"));
        finish(ex, ExecStatus::Failed, now);
        if result == "ROLLBACK" && ex.rollback_target.is_none() && ex.mode != "PARALLEL" {
            pending_rollbacks.push((ex.pipeline.clone(), name, ex.id.clone()));
        }
        return true;
    }
    let next_order = ex.stages[i]
        .actions
        .iter()
        .filter(|a| a.attempts.is_empty() || a.rerun)
        .map(|a| a.run_order)
        .min();
    match next_order {
        Some(order) => {
            for j in 0..ex.stages[i].actions.len() {
                let a = &ex.stages[i].actions[j];
                if a.run_order == order && (a.attempts.is_empty() || a.rerun) {
                    start_action(ex, i, j, now, config, run_counts, base_url, world);
                }
            }
            ex.last_update = now;
        }
        None if has_conditions(ex.stages[i].on_success.as_ref()) => {
            ex.stages[i].phase = Phase::Success;
            ex.stages[i].gate = None;
        }
        None => stage_done(ex, i, StageStatus::Succeeded, now),
    }
    true
}

/// The stage ended well (Succeeded or Skipped): on to the next stage, or the execution succeeds.
fn stage_done(ex: &mut Execution, i: usize, status: StageStatus, now: f64) {
    ex.stages[i].status = Some(status);
    ex.stages[i].gate = None;
    if ex.only_stage.is_some() || i + 1 == ex.stages.len() {
        finish(ex, ExecStatus::Succeeded, now);
    } else {
        ex.position = Position::Waiting(i + 1);
        ex.last_update = now;
    }
}

fn end_gate(gate: &mut GateRun, status: ConditionStatus, now: f64) {
    if gate.status == ConditionStatus::InProgress {
        gate.status = status;
        gate.last_update = now;
    }
    for rule in gate.rules.iter_mut() {
        if rule.attempt.status == ActionStatus::InProgress {
            rule.attempt.abandon(now);
        }
    }
}

/// Entry or success conditions: start their rules, wait for them, then let the stage go on,
/// skip it, fail it or roll it back, as the condition's result says.
fn step_gate(
    ex: &mut Execution,
    i: usize,
    now: f64,
    config: &SandboxConfig,
    run_counts: &mut HashMap<(String, String, String), u32>,
    pending_rollbacks: &mut Vec<(String, String, String)>,
    world: &World,
) -> bool {
    let kind = match ex.stages[i].phase {
        Phase::Entry => Gate::BeforeEntry,
        Phase::Success => Gate::OnSuccess,
        Phase::Actions => return false,
    };
    let Some(g) = ex.stages[i].gate else {
        start_gate(ex, i, kind, now, config, run_counts, world);
        return true;
    };
    let stage = &mut ex.stages[i];
    let gate = &mut stage.gates[g];
    if gate
        .rules
        .iter()
        .any(|r| r.attempt.status == ActionStatus::InProgress)
    {
        return false;
    }
    let failed = gate
        .rules
        .iter()
        .find(|r| r.attempt.status != ActionStatus::Succeeded)
        .map(|r| {
            let why = r
                .attempt
                .error
                .as_ref()
                .map_or("it did not pass", |(_, m)| m.as_str());
            format!("rule {} failed: {why}", r.name)
        });
    let passed = gate.status == ConditionStatus::Overridden || failed.is_none();
    if gate.status == ConditionStatus::InProgress {
        gate.status = if failed.is_none() {
            ConditionStatus::Succeeded
        } else {
            ConditionStatus::Failed
        };
        gate.summary = Some(
            failed
                .clone()
                .unwrap_or_else(|| "All rules passed".to_string()),
        );
        gate.last_update = now;
    }
    let result = gate.result.clone();
    stage.gate = None;
    if passed {
        match kind {
            Gate::BeforeEntry => stage.phase = Phase::Actions,
            Gate::OnSuccess => stage_done(ex, i, StageStatus::Succeeded, now),
        }
        return true;
    }
    let message = failed.unwrap_or_default();
    if kind == Gate::BeforeEntry && result == "SKIP" {
        stage_done(ex, i, StageStatus::Skipped, now);
        return true;
    }
    stage.status = Some(StageStatus::Failed);
    let name = stage.name.clone();
    let which = match kind {
        Gate::BeforeEntry => "entry",
        Gate::OnSuccess => "success",
    };
    ex.status_summary = Some(format!("Stage {name} {which} conditions failed: {message}"));
    finish(ex, ExecStatus::Failed, now);
    if kind == Gate::OnSuccess
        && result == "ROLLBACK"
        && ex.rollback_target.is_none()
        && ex.mode != "PARALLEL"
    {
        pending_rollbacks.push((ex.pipeline.clone(), name, ex.id.clone()));
    }
    true
}

fn start_gate(
    ex: &mut Execution,
    i: usize,
    kind: Gate,
    now: f64,
    config: &SandboxConfig,
    run_counts: &mut HashMap<(String, String, String), u32>,
    world: &World,
) {
    let pipeline = ex.pipeline.clone();
    let stage_name = ex.stages[i].name.clone();
    let decl = match kind {
        Gate::BeforeEntry => ex.stages[i].before_entry.clone(),
        Gate::OnSuccess => ex.stages[i].on_success.clone(),
    };
    let condition = decl
        .as_ref()
        .and_then(|d| d.pointer("/conditions/0"))
        .cloned()
        .unwrap_or_default();
    let result = condition
        .get("result")
        .and_then(Value::as_str)
        .unwrap_or("FAIL")
        .to_string();
    let mut runs = Vec::new();
    for rule in condition
        .get("rules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = rule
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let plan = config.scenario.plan(&pipeline, &stage_name, &name);
        let count = run_counts
            .entry((pipeline.clone(), stage_name.clone(), name.clone()))
            .or_insert(0);
        *count += 1;
        let fails = plan
            .fail
            .as_ref()
            .filter(|(_, times)| times.is_none_or(|n| *count <= n))
            .map(|(m, _)| m.clone());
        let duration = if plan.duration_set {
            plan.duration_ms
        } else {
            rules::default_duration_ms(rule).unwrap_or(plan.duration_ms)
        };
        let id = uuid::Uuid::new_v4().to_string();
        let mut at = Attempt {
            external_id: Some(id.clone()),
            ..Attempt::new(id, now)
        };
        match (fails, rules::start(rule, ex, world, now)) {
            (Some(message), _) | (None, rules::Start::Fail(message)) => {
                at.finish_at = Some(finish_time(now, duration));
                at.planned_failure = Some(message);
            }
            (None, rules::Start::Pass(summary)) => {
                at.finish_at = Some(finish_time(now, duration));
                at.planned_summary = Some(plan.summary.clone().unwrap_or(summary));
            }
            (None, rules::Start::Hold(until, summary)) => {
                at.held_until = Some(until);
                at.summary = Some(summary);
                at.planned_summary = plan.summary.clone();
            }
        }
        runs.push((
            duration,
            RuleRun {
                name,
                decl: rule.clone(),
                attempt: at,
            },
        ));
    }
    let stage = &mut ex.stages[i];
    stage.gates.push(GateRun {
        kind,
        result,
        status: ConditionStatus::InProgress,
        last_update: now,
        summary: None,
        rules: runs
            .into_iter()
            .map(|(d, mut r)| {
                r.attempt.duration_ms = d;
                r
            })
            .collect(),
    });
    stage.gate = Some(stage.gates.len() - 1);
    ex.last_update = now;
}

/// The rules of the condition being evaluated: complete those that are due, fail an alarm rule
/// whose alarm went into ALARM, and check a held rule again when its hold ends.
fn step_rules(
    ex: &mut Execution,
    i: usize,
    g: usize,
    now: f64,
    config: &SandboxConfig,
    world: &World,
) -> bool {
    let _ = config;
    let mut decisions = Vec::new();
    for (k, rule) in ex.stages[i].gates[g].rules.iter().enumerate() {
        let at = &rule.attempt;
        if at.status != ActionStatus::InProgress {
            continue;
        }
        if let Some(why) = rules::running_failure(&rule.decl, world) {
            decisions.push((k, rules::Start::Fail(why), true));
        } else if at.finish_at.is_some_and(|f| f <= now) {
            decisions.push((k, rules::Start::Pass(String::new()), true));
        } else if at.held_until.is_some_and(|h| h <= now) {
            decisions.push((k, rules::start(&rule.decl, ex, world, now), false));
        }
    }
    let changed = !decisions.is_empty();
    for (k, decision, now_done) in decisions {
        let at = &mut ex.stages[i].gates[g].rules[k].attempt;
        match (decision, now_done) {
            (rules::Start::Fail(message), true) => {
                if at.planned_failure.is_none() {
                    at.planned_failure = Some(message);
                }
                complete(at, now);
            }
            (_, true) => complete(at, now),
            (rules::Start::Hold(until, summary), false) => {
                at.held_until = Some(until);
                at.summary = Some(summary);
                at.last_update = now;
            }
            (rules::Start::Pass(summary), false) => {
                at.held_until = None;
                at.finish_at = Some(finish_time(now, at.duration_ms));
                if at.planned_summary.is_none() {
                    at.planned_summary = Some(summary);
                }
                at.last_update = now;
            }
            (rules::Start::Fail(message), false) => {
                at.held_until = None;
                at.finish_at = Some(finish_time(now, at.duration_ms));
                at.planned_failure = Some(message);
                at.last_update = now;
            }
        }
    }
    changed
}

/// When a run of `duration_ms` started at `now` completes, to the millisecond.
fn finish_time(now: f64, duration_ms: u64) -> f64 {
    ((now + duration_ms as f64 / 1000.0) * 1000.0).round() / 1000.0
}

fn finish(ex: &mut Execution, status: ExecStatus, now: f64) {
    ex.status = status;
    ex.position = Position::Done;
    ex.last_update = now;
    if status == ExecStatus::Succeeded {
        ex.status_summary = None;
    }
}

fn complete(at: &mut Attempt, now: f64) {
    at.last_update = now;
    at.finish_at = None;
    match at.planned_failure.take() {
        Some(message) => {
            at.status = ActionStatus::Failed;
            at.summary = Some(message.clone());
            at.error = Some(("JobFailed".to_string(), message));
        }
        None => {
            at.status = ActionStatus::Succeeded;
            at.summary = at.planned_summary.take();
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn start_action(
    ex: &mut Execution,
    i: usize,
    j: usize,
    now: f64,
    config: &SandboxConfig,
    run_counts: &mut HashMap<(String, String, String), u32>,
    base_url: &str,
    world: &World,
) {
    let pipeline = ex.pipeline.clone();
    let stage = ex.stages[i].name.clone();
    let overrides = ex.source_overrides.clone();
    let a = &mut ex.stages[i].actions[j];
    a.rerun = false;
    let id = uuid::Uuid::new_v4().to_string();
    let mut at = Attempt::new(id.clone(), now);
    if a.category() == "Approval" {
        let token = uuid::Uuid::new_v4().to_string();
        let minutes = a
            .decl
            .get("timeoutInMinutes")
            .and_then(Value::as_f64)
            .unwrap_or(DEFAULT_APPROVAL_MINUTES);
        at.expires = Some(now + minutes * 60.0);
        at.external_id = Some(token.clone());
        at.token = Some(token);
        at.external_url = a.config("ExternalEntityLink").map(str::to_string);
        a.attempts.push(at);
        return;
    }
    let plan = config.scenario.plan(&pipeline, &stage, &a.name);
    let count = run_counts
        .entry((pipeline.clone(), stage.clone(), a.name.clone()))
        .or_insert(0);
    *count += 1;
    let fails = plan
        .fail
        .as_ref()
        .filter(|(_, times)| times.is_none_or(|n| *count <= n))
        .map(|(m, _)| m.clone());
    at.finish_at = Some(finish_time(now, plan.duration_ms));
    at.planned_failure = fails;
    at.external_url = Some(format!("{base_url}/sandbox/actions/{id}"));
    let (external_id, summary) = if a.category() == "Source" {
        let override_rev = overrides
            .iter()
            .find(|(action, _, _)| action == &a.name)
            .map(|(_, _, value)| value.as_str());
        let run = runs::source(a, world, &config.region, now, &id, override_rev);
        at.output_variables = run.variables;
        if at.planned_failure.is_none() {
            at.planned_failure = run.failure;
        }
        if run.revision.url.is_some() {
            at.external_url = run.revision.url.clone();
        }
        let revision = run.revision.id.clone();
        let summary = run.revision.summary.clone();
        ex.source_revisions.retain(|r| r.action != a.name);
        ex.source_revisions.push(run.revision);
        (revision, summary)
    } else {
        runs::external(a, &id, &config.region)
    };
    at.external_id = Some(external_id);
    at.planned_summary = Some(plan.summary.unwrap_or(summary));
    a.attempts.push(at);
}

/// `onFailure: ROLLBACK`: roll the failed stage back to the newest execution of the current
/// pipeline version that succeeded in it (none: the failure stands).
fn start_automated_rollbacks(st: &mut Store, now: f64) -> bool {
    let pending = std::mem::take(&mut st.pending_rollbacks);
    let mut changed = false;
    for (pipeline, stage, failed) in pending {
        let Some(rec) = st.pipelines.get(&pipeline) else {
            continue;
        };
        let version = rec.version();
        let Some(index) = rec.stage_names().iter().position(|s| s == &stage) else {
            continue;
        };
        let target = st
            .executions_of(&pipeline)
            .into_iter()
            .rev()
            .find(|ex| {
                ex.id != failed
                    && ex.rollback_target.is_none()
                    && ex.pipeline_version == version
                    && ex.stage(&stage).and_then(|(_, s)| s.status) == Some(StageStatus::Succeeded)
            })
            .map(|ex| ex.id.clone());
        if let Some(target) = target {
            create::rollback(
                st,
                &pipeline,
                index,
                &target,
                "AutomatedRollback",
                &failed,
                now,
            );
            changed = true;
        }
    }
    changed
}

/// SUPERSEDED mode: of the executions waiting before the same stage, only the newest survives.
fn supersede(st: &mut Store, pipeline: &str, now: f64) -> bool {
    let Some(rec) = st.pipelines.get(pipeline) else {
        return false;
    };
    let mut newest: BTreeMap<String, (f64, String)> = BTreeMap::new();
    let mut waiting = Vec::new();
    for id in &rec.executions {
        let Some(ex) = st.executions.get(id) else {
            continue;
        };
        if ex.mode != "SUPERSEDED" || ex.status != ExecStatus::InProgress || ex.stop.is_some() {
            continue;
        }
        if let Position::Waiting(i) = ex.position {
            let stage = ex.stages[i].name.clone();
            waiting.push((id.clone(), stage.clone()));
            let e = newest.entry(stage).or_insert((ex.start_time, id.clone()));
            if ex.start_time >= e.0 {
                *e = (ex.start_time, id.clone());
            }
        }
    }
    let mut changed = false;
    for (id, stage) in waiting {
        if newest
            .get(&stage)
            .is_some_and(|(_, newest_id)| newest_id != &id)
        {
            if let Some(ex) = st.executions.get_mut(&id) {
                ex.status_summary = Some(format!(
                    "A newer execution reached stage {stage} first and continued through the pipeline."
                ));
                finish(ex, ExecStatus::Superseded, now);
                changed = true;
            }
        }
    }
    changed
}

/// Enter the stage an execution waits for, when transitions and the stage lock allow.
fn step_waiting(st: &mut Store, pipeline: &str, id: &str, now: f64) -> bool {
    let Some(ex) = st.executions.get(id) else {
        return false;
    };
    let Position::Waiting(i) = ex.position else {
        return false;
    };
    let Some(rec) = st.pipelines.get(pipeline) else {
        return false;
    };
    if ex.status != ExecStatus::InProgress {
        return false;
    }
    let stage = ex.stages[i].name.clone();
    if !rec.transition_enabled(&stage, Direction::Inbound) {
        return false;
    }
    if i > 0
        && ex.only_stage.is_none()
        && !rec.transition_enabled(&ex.stages[i - 1].name, Direction::Outbound)
    {
        return false;
    }
    if ex.mode != "PARALLEL" {
        for other_id in &rec.executions {
            if other_id == id {
                continue;
            }
            let Some(other) = st.executions.get(other_id) else {
                continue;
            };
            if other.mode == "PARALLEL" {
                continue;
            }
            match other.position {
                Position::Running(k) if other.stages.get(k).is_some_and(|s| s.name == stage) => {
                    return false;
                }
                // QUEUED: oldest first.
                Position::Waiting(k)
                    if other.stages.get(k).is_some_and(|s| s.name == stage)
                        && other.status == ExecStatus::InProgress
                        && other.start_time < ex.start_time =>
                {
                    return false;
                }
                _ => {}
            }
        }
    }
    let Some(ex) = st.executions.get_mut(id) else {
        return false;
    };
    ex.position = Position::Running(i);
    ex.stages[i].enter(now);
    ex.last_update = now;
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn state_with_pipeline(mode: &str) -> Store {
        let mut st = Store::new(
            SandboxConfig::default().validate_structure(false),
            "http://sandbox".into(),
        );
        let action = |name: &str, category: &str, order: i64| {
            json!({ "name": name, "runOrder": order,
                    "actionTypeId": { "category": category, "owner": "AWS", "provider": "X", "version": "1" } })
        };
        let decl = json!({
            "name": "p", "roleArn": "arn:aws:iam::000000000000:role/r", "executionMode": mode,
            "stages": [
                { "name": "S", "actions": [action("src", "Source", 1)] },
                { "name": "B", "actions": [action("b1", "Build", 1), action("b2", "Build", 2)] },
            ]
        });
        let arn = st.arn("p");
        st.pipelines.insert(
            "p".to_string(),
            PipelineRecord::new(decl, arn, BTreeMap::new(), 0.0),
        );
        st
    }

    fn start(st: &mut Store, now: f64) -> String {
        create::start(st, "p", create::Start::by("me"), now).unwrap()
    }

    #[test]
    fn advance_reports_each_deadline_and_finishes_in_order() {
        let mut st = state_with_pipeline("SUPERSEDED");
        let id = start(&mut st, 100.0);
        // Default duration 300 ms per action: src, then b1, then b2.
        let mut now = 100.0;
        for want in [100.3, 100.6, 100.9] {
            let next = advance(&mut st, now).expect("a deadline");
            assert!((next - want).abs() < 1e-9, "{next} != {want}");
            now = next;
        }
        assert_eq!(st.executions[&id].status, ExecStatus::InProgress);
        assert_eq!(advance(&mut st, now), None);
        assert_eq!(st.executions[&id].status, ExecStatus::Succeeded);
        let b = &st.executions[&id].stages[1];
        assert!(b.actions[1].attempts[0].start >= b.actions[0].attempts[0].last_update);
    }

    #[test]
    fn superseded_keeps_only_the_newest_waiting_execution() {
        let mut st = state_with_pipeline("SUPERSEDED");
        let a = start(&mut st, 0.0);
        advance(&mut st, 0.0);
        let b = start(&mut st, 0.1);
        let c = start(&mut st, 0.2);
        advance(&mut st, 0.2);
        assert_eq!(st.executions[&a].position, Position::Running(0));
        assert_eq!(st.executions[&b].status, ExecStatus::Superseded);
        assert_eq!(st.executions[&c].position, Position::Waiting(0));
    }

    #[test]
    fn queued_keeps_every_waiting_execution_and_parallel_runs_them_at_once() {
        let mut st = state_with_pipeline("QUEUED");
        let ids: Vec<String> = (0..3).map(|i| start(&mut st, i as f64 / 10.0)).collect();
        advance(&mut st, 0.2);
        let positions: Vec<Position> = ids.iter().map(|id| st.executions[id].position).collect();
        assert_eq!(
            positions,
            [
                Position::Running(0),
                Position::Waiting(0),
                Position::Waiting(0)
            ]
        );

        let mut st = state_with_pipeline("PARALLEL");
        let ids: Vec<String> = (0..3).map(|i| start(&mut st, i as f64 / 10.0)).collect();
        advance(&mut st, 0.2);
        assert!(ids
            .iter()
            .all(|id| st.executions[id].position == Position::Running(0)));
    }
}
