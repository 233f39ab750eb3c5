//! Stage conditions, rollback and retry (`E8xx`).
//!
//! Sources: API model (`FailureConditions`, `SuccessConditions`, `BeforeEntryConditions`,
//! `Condition`, `RuleDeclaration`, `RuleTypeId`), the stage conditions guide
//! (<https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-conditions.html>) and the
//! execution modes guide (<https://docs.aws.amazon.com/codepipeline/latest/userguide/execution-modes.html>).

use super::names::stage_conditions;
use super::{stage_ptr, Out};
use crate::catalog;
use crate::model::{Conditions, Pipeline};

pub(super) fn check(p: &Pipeline, out: &mut Out) {
    no_rollback_in_parallel_mode(p, out);
    one_condition_per_list(p, out);
    rules_per_condition(p, out);
    before_entry_results(p, out);
    on_success_results(p, out);
    retry_without_failure_conditions(p, out);
    rule_type_ids(p, out);
    skip_only_with_lambda_or_variable_rules(p, out);
    rule_timeouts(p, out);
}

/// E801. "In PARALLEL mode ... stage rollback is not available" (execution modes guide): no
/// onFailure result or condition ROLLBACK in a PARALLEL pipeline.
fn no_rollback_in_parallel_mode(p: &Pipeline, out: &mut Out) {
    if p.execution_mode.as_deref() != Some("PARALLEL") {
        return;
    }
    for (si, s) in p.stages.iter().enumerate() {
        let Some(f) = &s.on_failure else { continue };
        let fp = stage_ptr(si).key("onFailure");
        let mut hits = Vec::new();
        if f.result.as_deref() == Some("ROLLBACK") {
            hits.push(fp.key("result"));
        }
        for (ci, c) in f.conditions.iter().flatten().enumerate() {
            if c.result.as_deref() == Some("ROLLBACK") {
                hits.push(fp.key("conditions").index(ci).key("result"));
            }
        }
        for at in hits {
            out.emit(
                "E801",
                &at,
                format!(
                    "stage `{}` rolls back on failure, which PARALLEL pipelines do not support",
                    s.name
                ),
                "Use QUEUED or SUPERSEDED execution mode, or remove the ROLLBACK result.",
            );
        }
    }
}

/// E802. "ConditionList: min 1, max 1" (API model): each of beforeEntry, onSuccess and
/// onFailure holds exactly one condition when it lists conditions.
fn one_condition_per_list(p: &Pipeline, out: &mut Out) {
    for (si, s) in p.stages.iter().enumerate() {
        let lists: [(&str, Option<usize>); 3] = [
            (
                "beforeEntry",
                s.before_entry
                    .as_ref()
                    .map(|c: &Conditions| c.conditions.len()),
            ),
            (
                "onSuccess",
                s.on_success.as_ref().map(|c| c.conditions.len()),
            ),
            (
                "onFailure",
                s.on_failure
                    .as_ref()
                    .and_then(|f| f.conditions.as_ref())
                    .map(Vec::len),
            ),
        ];
        for (key, n) in lists {
            if let Some(n) = n.filter(|&n| n != 1) {
                out.emit(
                    "E802",
                    &stage_ptr(si).key(key).key("conditions"),
                    format!(
                        "stage `{}` `{key}` has {n} conditions; exactly 1 is allowed",
                        s.name
                    ),
                    "Put all rules (up to 5) in one condition.",
                );
            }
        }
    }
}

/// E803. "RuleDeclarationList: min 1, max 5" (API model, `Condition.rules`).
fn rules_per_condition(p: &Pipeline, out: &mut Out) {
    for (si, s) in p.stages.iter().enumerate() {
        for (at, c) in stage_conditions(si, s) {
            let n = c.rules.as_ref().map_or(0, Vec::len);
            if !(1..=5).contains(&n) {
                out.emit(
                    "E803",
                    &at.key("rules"),
                    format!(
                        "a condition of stage `{}` has {n} rules; 1 to 5 are allowed",
                        s.name
                    ),
                    "Give the condition 1 to 5 rules.",
                );
            }
        }
    }
}

/// E804. "Entry conditions: the result can be Fail or Skip" (stage conditions guide).
fn before_entry_results(p: &Pipeline, out: &mut Out) {
    for (si, s) in p.stages.iter().enumerate() {
        for (ci, c) in s
            .before_entry
            .iter()
            .flat_map(|b| b.conditions.iter())
            .enumerate()
        {
            if let Some(r) = c
                .result
                .as_deref()
                .filter(|r| !matches!(*r, "FAIL" | "SKIP"))
            {
                out.emit("E804", &stage_ptr(si).key("beforeEntry").key("conditions").index(ci).key("result"), format!("an entry condition of stage `{}` has result {r}; entry conditions take FAIL or SKIP", s.name), "Use FAIL or SKIP.");
            }
        }
    }
}

/// E805. "On Success conditions: the result can be Rollback or Fail" (stage conditions guide).
fn on_success_results(p: &Pipeline, out: &mut Out) {
    for (si, s) in p.stages.iter().enumerate() {
        for (ci, c) in s
            .on_success
            .iter()
            .flat_map(|b| b.conditions.iter())
            .enumerate()
        {
            if let Some(r) = c
                .result
                .as_deref()
                .filter(|r| !matches!(*r, "ROLLBACK" | "FAIL"))
            {
                out.emit("E805", &stage_ptr(si).key("onSuccess").key("conditions").index(ci).key("result"), format!("an on-success condition of stage `{}` has result {r}; on-success conditions take ROLLBACK or FAIL", s.name), "Use ROLLBACK or FAIL.");
            }
        }
    }
}

/// E806. "Automatic stage retry can't be used together with onFailure conditions" (stage
/// conditions guide, Considerations).
fn retry_without_failure_conditions(p: &Pipeline, out: &mut Out) {
    for (si, s) in p.stages.iter().enumerate() {
        let Some(f) = &s.on_failure else { continue };
        if f.retry_configuration.is_some() && f.conditions.as_ref().is_some_and(|c| !c.is_empty()) {
            out.emit("E806", &stage_ptr(si).key("onFailure").key("retryConfiguration"), format!("stage `{}` combines automatic retry with onFailure conditions", s.name), "Use either `retryConfiguration` (result RETRY) or onFailure `conditions`, not both.");
        }
    }
}

/// E807. "RuleTypeId: category `Rule`, owner `AWS`" (API model enums `RuleCategory`,
/// `RuleOwner`).
fn rule_type_ids(p: &Pipeline, out: &mut Out) {
    for (si, s) in p.stages.iter().enumerate() {
        for (at, c) in stage_conditions(si, s) {
            for (ri, r) in c.rules.iter().flatten().enumerate() {
                let tp = at.key("rules").index(ri).key("ruleTypeId");
                let t = &r.rule_type_id;
                if !t.category.is_empty() && t.category != "Rule" {
                    out.emit(
                        "E807",
                        &tp.key("category"),
                        format!("rule category `{}` is not `Rule`", t.category),
                        "Set the rule's `category` to `Rule`.",
                    );
                }
                if let Some(o) = t.owner.as_deref().filter(|o| *o != "AWS") {
                    out.emit(
                        "E807",
                        &tp.key("owner"),
                        format!("rule owner `{o}` is not `AWS`"),
                        "Set the rule's `owner` to `AWS` (or leave it out).",
                    );
                }
            }
        }
    }
}

/// E808. "The Skip result on entry conditions only supports the LambdaInvoke and VariableCheck
/// rules" (stage conditions guide, Considerations); the rule catalog marks them `skip_allowed`.
fn skip_only_with_lambda_or_variable_rules(p: &Pipeline, out: &mut Out) {
    for (si, s) in p.stages.iter().enumerate() {
        for (ci, c) in s
            .before_entry
            .iter()
            .flat_map(|b| b.conditions.iter())
            .enumerate()
        {
            if c.result.as_deref() != Some("SKIP") {
                continue;
            }
            for (ri, r) in c.rules.iter().flatten().enumerate() {
                let prov = r.rule_type_id.provider.as_str();
                if !prov.is_empty() && !catalog::find_rule(prov).is_some_and(|r| r.skip_allowed) {
                    out.emit("E808", &stage_ptr(si).key("beforeEntry").key("conditions").index(ci).key("rules").index(ri).key("ruleTypeId").key("provider"), format!("entry condition with result SKIP uses a {prov} rule; SKIP supports only LambdaInvoke and VariableCheck rules"), "Use a LambdaInvoke or VariableCheck rule, or result FAIL.");
                }
            }
        }
    }
}

/// E809. "RuleTimeout: min 5, max 86400" minutes (API model, `RuleDeclaration.timeoutInMinutes`).
fn rule_timeouts(p: &Pipeline, out: &mut Out) {
    for (si, s) in p.stages.iter().enumerate() {
        for (at, c) in stage_conditions(si, s) {
            for (ri, r) in c.rules.iter().flatten().enumerate() {
                if let Some(t) = r.timeout_in_minutes.filter(|t| !(5..=86400).contains(t)) {
                    out.emit(
                        "E809",
                        &at.key("rules").index(ri).key("timeoutInMinutes"),
                        format!("rule timeoutInMinutes {t} is out of range; it must be 5 to 86400"),
                        "Use 5 to 86400 minutes.",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::validate::testing::{base, rule_cases, run};

    rule_cases! {
        e801_no_rollback_in_parallel_mode: "E801",
        e802_one_condition_per_list: "E802",
        e803_rules_per_condition: "E803",
        e804_before_entry_results: "E804",
        e805_on_success_results: "E805",
        e806_retry_without_failure_conditions: "E806",
        e807_rule_type_ids: "E807",
        e808_skip_only_with_lambda_or_variable_rules: "E808",
        e809_rule_timeouts: "E809",
    }

    #[test]
    fn parallel_mode_rejects_rollback_in_conditions_too() {
        let mut v = base();
        v["pipeline"]["executionMode"] = json!("PARALLEL");
        v["pipeline"]["stages"][2]["onFailure"] = json!({"conditions": [{"result": "ROLLBACK", "rules": [{
            "name": "Alarm",
            "ruleTypeId": {"category": "Rule", "owner": "AWS", "provider": "CloudWatchAlarm", "version": "1"},
            "configuration": {"AlarmName": "a"}
        }]}]});
        let d = run(v);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].code, "E801");
        assert_eq!(
            d[0].pointer,
            "/pipeline/stages/2/onFailure/conditions/0/result"
        );
    }
}
