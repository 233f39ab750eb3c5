//! The *scenario*: how long actions take, which of them fail, and fault injection. Given at start
//! ([`crate::SandboxConfig::scenario`], `--scenario FILE`) or replaced while running
//! (`RunningSandbox::set_scenario`, `POST /sandbox/scenario`).
//!
//! A scenario file (JSON or YAML) looks like:
//!
//! ```yaml
//! defaultDurationMs: 300        # every action takes this long unless a rule says otherwise
//! throttleEvery: 0              # answer every Nth API call with ThrottlingException (0 = never)
//! actions:                      # rules, first match wins per field; omitted names match anything
//!                               # (`action` also matches the rules of stage conditions by name)
//!   - pipeline: data-jobs
//!     stage: Build
//!     action: Compile
//!     durationMs: 1500
//!     fail: "Compilation failed: 3 errors in src/jobs/etl.py"
//!     failTimes: 1              # fail the first run only, succeed on retry (omit = always fail)
//!   - action: UnitTests
//!     summary: "412 tests passed"
//! connections:                  # connection status by ARN (CodeConnections GetConnection;
//!   - arn: arn:aws:codestar-connections:sandbox-local-1:000000000000:connection/5a1e5a1e-0000-4000-8000-000000000000
//!     status: PENDING           #  a source action on a connection not AVAILABLE fails)
//! alarms:                       # CloudWatch alarm states, read by CloudWatchAlarm rules
//!   - name: api-5xx
//!     state: ALARM
//!     reason: "5xx rate above 2% for 3 minutes"
//! logFaults:                    # log groups that answer AccessDenied or ResourceNotFound
//!   - group: /aws/codebuild/storefront-build
//!     fault: accessDenied       # or notFound
//! sso:                          # IAM Identity Center token lifetimes (seconds)
//!   accessTokenSeconds: 60
//!   refreshTokenSeconds: 3600
//!   intervalSeconds: 1
//!   autoApprove: false          # approve device authorizations without the admin call
//! ```
//!
//! The world's switches (`connections`, `alarms`, `logFaults`, `sso`) are applied when the
//! scenario is; what a scenario leaves out stays as it was.

use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Durations and failures of actions, and fault injection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    #[serde(default = "default_duration_ms")]
    pub default_duration_ms: u64,
    #[serde(default)]
    pub throttle_every: u64,
    #[serde(default)]
    pub actions: Vec<ActionRule>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub connections: Vec<ConnectionSwitch>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alarms: Vec<AlarmSwitch>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log_faults: Vec<LogFaultSwitch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso: Option<SsoSwitch>,
}

/// A connection's status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConnectionSwitch {
    pub arn: String,
    pub status: crate::world::ConnectionStatus,
}

/// An alarm's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AlarmSwitch {
    pub name: String,
    pub state: crate::world::AlarmState,
    #[serde(default)]
    pub reason: String,
}

/// A log group that fails on purpose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogFaultSwitch {
    pub group: String,
    pub fault: crate::world::LogFault,
}

/// IAM Identity Center's token lifetimes and device approval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SsoSwitch {
    #[serde(default)]
    pub access_token_seconds: Option<u64>,
    #[serde(default)]
    pub refresh_token_seconds: Option<u64>,
    #[serde(default)]
    pub device_code_seconds: Option<u64>,
    #[serde(default)]
    pub interval_seconds: Option<u64>,
    #[serde(default)]
    pub auto_approve: Option<bool>,
}

fn default_duration_ms() -> u64 {
    300
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            default_duration_ms: default_duration_ms(),
            throttle_every: 0,
            actions: Vec::new(),
            connections: Vec::new(),
            alarms: Vec::new(),
            log_faults: Vec::new(),
            sso: None,
        }
    }
}

impl Scenario {
    /// Read a scenario from a JSON or YAML file.
    pub fn from_file(path: &Path) -> Result<Scenario> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::ScenarioRead {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_text(&text).map_err(|message| Error::ScenarioParse {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parse a scenario from JSON or YAML text. YAML aliases may not expand it past the bounds
    /// of [`pipewright_core::codec::check_expansion`] (the error says where).
    pub fn from_text(text: &str) -> std::result::Result<Scenario, String> {
        if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| e.to_string())
        } else {
            pipewright_core::codec::check_expansion(text).map_err(|e| e.to_string())?;
            serde_yaml::from_str(text).map_err(|e| e.to_string())
        }
    }

    /// Set the world's switches this scenario names.
    pub(crate) fn apply(&self, world: &mut crate::world::World, now: f64) {
        for c in &self.connections {
            crate::world::set_connection(world, &c.arn, c.status);
        }
        for a in &self.alarms {
            crate::world::set_alarm(world, &a.name, a.state, &a.reason, now);
        }
        for f in &self.log_faults {
            world.log_faults.insert(f.group.clone(), f.fault);
        }
        if let Some(sso) = &self.sso {
            let t = &mut world.sso.times;
            t.access_token_seconds = sso.access_token_seconds.unwrap_or(t.access_token_seconds);
            t.refresh_token_seconds = sso.refresh_token_seconds.unwrap_or(t.refresh_token_seconds);
            t.device_code_seconds = sso.device_code_seconds.unwrap_or(t.device_code_seconds);
            t.interval_seconds = sso.interval_seconds.unwrap_or(t.interval_seconds);
            if let Some(auto) = sso.auto_approve {
                world.sso.auto_approve = auto;
            }
        }
    }

    /// What the scenario says about one action: (duration, failure rule, summary).
    pub(crate) fn plan(&self, pipeline: &str, stage: &str, action: &str) -> ActionPlan {
        let mut plan = ActionPlan {
            duration_ms: self.default_duration_ms,
            duration_set: false,
            fail: None,
            summary: None,
        };
        let mut duration_set = false;
        for rule in self
            .actions
            .iter()
            .filter(|r| r.matches(pipeline, stage, action))
        {
            if let (false, Some(ms)) = (duration_set, rule.duration_ms) {
                plan.duration_ms = ms;
                duration_set = true;
                plan.duration_set = true;
            }
            if plan.fail.is_none() {
                if let Some(message) = &rule.fail {
                    plan.fail = Some((message.clone(), rule.fail_times));
                }
            }
            if plan.summary.is_none() {
                plan.summary = rule.summary.clone();
            }
        }
        plan
    }
}

/// One scenario rule. Omitted names match any pipeline, stage or action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ActionRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// How long the action runs, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// Fail the action with this message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail: Option<String>,
    /// Fail only the first N runs of the action (then succeed, e.g. on retry). Omitted: always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_times: Option<u32>,
    /// The execution summary a succeeding action reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

impl ActionRule {
    /// A rule for one action (use "*" or the builder fields for wildcards).
    pub fn for_action(pipeline: &str, stage: &str, action: &str) -> Self {
        let name = |s: &str| (s != "*").then(|| s.to_string());
        ActionRule {
            pipeline: name(pipeline),
            stage: name(stage),
            action: name(action),
            ..Self::default()
        }
    }

    /// Fail with this message (every run unless [`ActionRule::times`] limits it).
    pub fn fail(mut self, message: &str) -> Self {
        self.fail = Some(message.to_string());
        self
    }

    /// Fail only the first `n` runs.
    pub fn times(mut self, n: u32) -> Self {
        self.fail_times = Some(n);
        self
    }

    /// Run for this long.
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration_ms = Some(duration.as_millis() as u64);
        self
    }

    /// Report this summary on success.
    pub fn summary(mut self, summary: &str) -> Self {
        self.summary = Some(summary.to_string());
        self
    }

    fn matches(&self, pipeline: &str, stage: &str, action: &str) -> bool {
        let ok = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
        ok(&self.pipeline, pipeline) && ok(&self.stage, stage) && ok(&self.action, action)
    }
}

pub(crate) struct ActionPlan {
    pub duration_ms: u64,
    /// A rule set the duration (not the scenario's default).
    pub duration_set: bool,
    /// (message, fail only the first N runs)
    pub fail: Option<(String, Option<u32>)>,
    pub summary: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_scenario_rules_match_by_name_and_first_match_wins() {
        let s = Scenario::from_text(
            "defaultDurationMs: 10\nactions:\n  - action: Compile\n    fail: boom\n    failTimes: 1\n  - stage: Build\n    durationMs: 99\n    fail: other\n",
        )
        .unwrap();
        let p = s.plan("p", "Build", "Compile");
        assert_eq!(p.duration_ms, 99);
        assert_eq!(p.fail, Some(("boom".to_string(), Some(1))));
        let q = s.plan("p", "Deploy", "Compile");
        assert_eq!(q.duration_ms, 10);
        assert!(s.plan("p", "Deploy", "Other").fail.is_none());
    }

    #[test]
    fn aliases_that_multiply_a_scenario_are_refused_with_their_place() {
        // 64 KiB of failure message, repeated 2,000 times by aliases: 128 MiB once expanded.
        let mut text = format!("actions:\n  - fail: &s \"{}\"\n", "x".repeat(64 * 1024));
        for _ in 0..2000 {
            text.push_str("  - fail: *s\n");
        }
        let err = Scenario::from_text(&text).unwrap_err();
        assert!(err.starts_with("actions[63].fail: aliases expand"), "{err}");
        assert!(err.ends_with("reached at line 2 column 11"), "{err}");
        // A few aliases are fine.
        let ok = "actions:\n  - {action: A, fail: &m boom}\n  - {action: B, fail: *m}\n";
        assert_eq!(
            Scenario::from_text(ok).unwrap().actions[1].fail.as_deref(),
            Some("boom")
        );
    }

    #[test]
    fn world_switches_are_read_and_applied() {
        let s = Scenario::from_text(
            "connections:\n  - {arn: 'arn:x', status: PENDING}\nalarms:\n  - {name: api-5xx, state: ALARM, reason: high}\nlogFaults:\n  - {group: /aws/codebuild/p, fault: accessDenied}\nsso: {accessTokenSeconds: 60, autoApprove: true}\n",
        )
        .unwrap();
        let mut world = crate::world::World::default();
        s.apply(&mut world, 1.0);
        assert_eq!(
            world.connections["arn:x"].status,
            crate::world::ConnectionStatus::Pending
        );
        assert_eq!(
            world.alarms["api-5xx"].state,
            crate::world::AlarmState::Alarm
        );
        assert_eq!(
            world.log_faults["/aws/codebuild/p"],
            crate::world::LogFault::AccessDenied
        );
        assert_eq!(world.sso.times.access_token_seconds, 60);
        assert!(world.sso.auto_approve);
    }

    #[test]
    fn unknown_scenario_fields_are_rejected() {
        assert!(Scenario::from_text("{\"defaultDuration\": 3}").is_err());
    }
}
