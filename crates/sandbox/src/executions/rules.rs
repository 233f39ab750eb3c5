//! What the rules of stage conditions check. Three are evaluated against the sandbox:
//!
//! - `DeploymentWindow` (`Cron`, `TimeZone`): passes inside the window by the sandbox clock;
//!   outside it the rule stays InProgress, held until the window opens (the stage shows as held,
//!   and OverrideStageCondition lets it go).
//! - `VariableCheck` (`Variable`, `Value`, `Operator` EQ, NE, CONTAINS, MATCHES, GT, GE, LT,
//!   LE): compares the resolved variable with the value.
//! - `CloudWatchAlarm` (`AlarmName`, `WaitTime` in minutes): watches the alarm (its state set
//!   through the admin API) for the rule's duration (WaitTime when no scenario rule gives one)
//!   and fails as soon as it is in ALARM.
//!
//! Other providers (LambdaInvoke, Commands, ...) pass. A scenario rule that fails a rule by name
//! wins over all of this.

use serde_json::Value;

use crate::cron::Window;
use crate::store::Execution;
use crate::world::{AlarmState, World};

/// What a rule says when it starts.
#[derive(Debug, Clone, PartialEq)]
pub enum Start {
    /// Runs for its planned duration, then passes with this summary.
    Pass(String),
    /// Runs for its planned duration, then fails with this message.
    Fail(String),
    /// Waits until the time given (then is checked again), showing this summary meanwhile.
    Hold(f64, String),
}

fn config<'a>(rule: &'a Value, key: &str) -> Option<&'a str> {
    rule.get("configuration")
        .and_then(|c| c.get(key))
        .and_then(Value::as_str)
}

pub fn provider(rule: &Value) -> &str {
    rule.pointer("/ruleTypeId/provider")
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The duration a rule runs for when no scenario rule gives one (CloudWatchAlarm's WaitTime).
pub fn default_duration_ms(rule: &Value) -> Option<u64> {
    (provider(rule) == "CloudWatchAlarm")
        .then(|| config(rule, "WaitTime"))
        .flatten()
        .and_then(|w| w.trim().parse::<f64>().ok())
        .filter(|m| *m >= 0.0)
        .map(|m| (m * 60_000.0) as u64)
}

/// Evaluate a rule as it starts (or as its hold ends) at time `now`.
pub fn start(rule: &Value, ex: &Execution, world: &World, now: f64) -> Start {
    match provider(rule) {
        "DeploymentWindow" => window(rule, now),
        "VariableCheck" => variable_check(rule, ex),
        "CloudWatchAlarm" => match alarm_failure(rule, world) {
            Some(why) => Start::Fail(why),
            None => Start::Pass(format!(
                "Alarm {} stayed out of ALARM",
                config(rule, "AlarmName").unwrap_or("?")
            )),
        },
        other => Start::Pass(format!(
            "{} rule passed",
            if other.is_empty() { "The" } else { other }
        )),
    }
}

/// Why a running rule fails now, if it does (an alarm it watches went into ALARM).
pub fn running_failure(rule: &Value, world: &World) -> Option<String> {
    (provider(rule) == "CloudWatchAlarm")
        .then(|| alarm_failure(rule, world))
        .flatten()
}

fn alarm_failure(rule: &Value, world: &World) -> Option<String> {
    let name = config(rule, "AlarmName")?;
    let alarm = world.alarms.get(name)?;
    (alarm.state == AlarmState::Alarm).then(|| {
        format!(
            "Alarm {name} is in ALARM state: {}",
            if alarm.reason.is_empty() {
                "no reason given"
            } else {
                &alarm.reason
            }
        )
    })
}

fn window(rule: &Value, now: f64) -> Start {
    let Some(cron) = config(rule, "Cron") else {
        return Start::Fail("The DeploymentWindow rule has no Cron expression.".to_string());
    };
    let w = match Window::parse(cron, config(rule, "TimeZone")) {
        Ok(w) => w,
        Err(e) => return Start::Fail(format!("The DeploymentWindow rule failed: {e}.")),
    };
    if w.is_open(now) {
        return Start::Pass(format!("Inside the deployment window {}", w.text));
    }
    match w.next_open(now) {
        Some(at) => Start::Hold(
            at,
            format!(
                "Held by deployment window {} until {}",
                w.text,
                w.local_text(at)
            ),
        ),
        None => Start::Fail(format!(
            "The deployment window {} does not open in the next 366 days.",
            w.text
        )),
    }
}

fn variable_check(rule: &Value, ex: &Execution) -> Start {
    let (Some(variable), Some(value)) = (config(rule, "Variable"), config(rule, "Value")) else {
        return Start::Fail("The VariableCheck rule needs Variable and Value.".to_string());
    };
    let op = config(rule, "Operator").unwrap_or("EQ");
    let resolved = ex.resolve(variable);
    if resolved.contains("#{") {
        return Start::Fail(format!(
            "The variable {variable} could not be resolved in this execution."
        ));
    }
    let number = |s: &str| s.trim().parse::<f64>().ok();
    let holds = match op {
        "EQ" => Some(resolved == value),
        "NE" => Some(resolved != value),
        "CONTAINS" => Some(resolved.contains(value)),
        "MATCHES" => regex::Regex::new(value).ok().map(|r| r.is_match(&resolved)),
        "GT" | "GE" | "LT" | "LE" => match (number(&resolved), number(value)) {
            (Some(a), Some(b)) => Some(match op {
                "GT" => a > b,
                "GE" => a >= b,
                "LT" => a < b,
                _ => a <= b,
            }),
            _ => None,
        },
        _ => {
            return Start::Fail(format!(
                "The VariableCheck operator {op} is not one of EQ, NE, CONTAINS, MATCHES, GT, GE, LT, LE."
            ))
        }
    };
    match holds {
        Some(true) => Start::Pass(format!("{variable} is '{resolved}' ({op} '{value}')")),
        Some(false) => Start::Fail(format!(
            "{variable} is '{resolved}', which is not {op} '{value}'"
        )),
        None => Start::Fail(format!(
            "{variable} is '{resolved}', which can't be compared with {op} '{value}'"
        )),
    }
}
