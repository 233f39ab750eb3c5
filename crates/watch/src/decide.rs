//! The pure decision logic: from what a poll saw (a [`Snapshot`]) and what was already said, which
//! alerts to raise. No IO: unit-tested without a server.
//!
//! An alert is keyed by pipeline + execution + stage + action (+ action execution) + kind, and
//! each key is raised once: polling the same state again, a network error and recovery, or a
//! restart of polling after sleep never repeat an alert.

use std::collections::{HashMap, HashSet, VecDeque};

use serde::{Deserialize, Serialize};

use pipewright_aws::control::{ActionStatus, StageStatus};

use crate::observe::{ActionObs, Snapshot};

/// What happened.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AlertKind {
    /// A manual approval waits for a decision.
    ApprovalWaiting,
    /// An action failed.
    ActionFailed,
    /// A stage failed without a failed action (e.g. a condition failed it).
    StageFailed,
    /// The pipeline succeeded after a failure.
    Recovered,
    /// A connection stopped being watched (its calls fail); `detail` says why and what to do.
    WatchStopped,
    /// A connection stopped being watched because its sign-in (SSO or MFA session) expired:
    /// the notification offers "Sign in again".
    SignInNeeded,
    /// A connection that was not watched is watched again.
    WatchResumed,
    /// What already needed attention when the connection started being watched (failing
    /// pipelines, waiting approvals), said once as one summary; `detail` lists it.
    NeedsAttention,
}

impl AlertKind {
    /// About a connection, not a pipeline (the alert's `pipeline` is empty; its title names the
    /// connection).
    pub fn is_about_connection(self) -> bool {
        matches!(
            self,
            AlertKind::WatchStopped
                | AlertKind::SignInNeeded
                | AlertKind::WatchResumed
                | AlertKind::NeedsAttention
        )
    }

    /// How long its notification stays up.
    pub fn timeout_ms(self) -> u32 {
        match self {
            AlertKind::ApprovalWaiting => 10 * 60 * 1000,
            AlertKind::ActionFailed | AlertKind::StageFailed => 60 * 1000,
            AlertKind::WatchStopped | AlertKind::SignInNeeded => 10 * 60 * 1000,
            AlertKind::Recovered | AlertKind::WatchResumed => 20 * 1000,
            AlertKind::NeedsAttention => 60 * 1000,
        }
    }

    /// Its notification's category hint.
    pub fn category(self) -> &'static str {
        match self {
            AlertKind::ApprovalWaiting => "x-pipewright.approval",
            AlertKind::ActionFailed | AlertKind::StageFailed => "x-pipewright.failure",
            AlertKind::Recovered => "x-pipewright.recovered",
            AlertKind::WatchStopped | AlertKind::SignInNeeded => "x-pipewright.not-watching",
            AlertKind::WatchResumed => "x-pipewright.watching",
            AlertKind::NeedsAttention => "x-pipewright.attention",
        }
    }

    /// The buttons its notification offers besides a click on it: `(id, label)`.
    pub fn actions(self) -> &'static [(&'static str, &'static str)] {
        match self {
            AlertKind::SignInNeeded => &[("sign-in", "Sign in again")],
            AlertKind::ActionFailed | AlertKind::StageFailed => &[("why", "Show why")],
            _ => &[],
        }
    }
}

/// One alert, ready to print or to show as a notification.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    /// The de-duplication key.
    pub key: String,
    /// The connection whose pipeline this is (set by the watcher; `None` from [`Decider`] alone).
    #[serde(default)]
    pub connection: Option<String>,
    pub kind: AlertKind,
    pub pipeline: String,
    pub stage: Option<String>,
    pub action: Option<String>,
    pub pipeline_execution_id: Option<String>,
    /// The approval's `CustomData` or the failure's error summary.
    pub detail: Option<String>,
    /// A link to the external run (e.g. the CodeBuild logs) or the approval's review link.
    pub link: Option<String>,
}

impl Alert {
    /// The notification title.
    pub fn title(&self) -> String {
        match self.kind {
            AlertKind::ApprovalWaiting => format!("Approval waiting: {}", self.pipeline_shown()),
            AlertKind::ActionFailed | AlertKind::StageFailed => {
                format!("Failed: {}", self.pipeline_shown())
            }
            AlertKind::Recovered => format!("Recovered: {}", self.pipeline_shown()),
            AlertKind::WatchStopped | AlertKind::SignInNeeded => {
                format!(
                    "Not watching {}",
                    self.connection.as_deref().unwrap_or("AWS")
                )
            }
            AlertKind::WatchResumed => format!(
                "Watching {} again",
                self.connection.as_deref().unwrap_or("AWS")
            ),
            AlertKind::NeedsAttention => format!(
                "Needs attention on {}",
                self.connection.as_deref().unwrap_or("AWS")
            ),
        }
    }

    /// The pipeline as people read it: a member account's pipeline (keyed by its ARN,
    /// `arn:aws:codepipeline:<region>:<account>:<name>`) is `<name> (account <account>)`.
    pub fn pipeline_shown(&self) -> String {
        shown(&self.pipeline)
    }

    /// The notification body: where, then the detail.
    pub fn body(&self) -> String {
        if self.kind.is_about_connection() {
            return self.detail.clone().unwrap_or_default();
        }
        let place = match (&self.stage, &self.action) {
            (Some(s), Some(a)) => format!("{s} › {a}"),
            (Some(s), None) => format!("stage {s}"),
            _ => String::new(),
        };
        let mut body = match self.kind {
            AlertKind::ApprovalWaiting => format!("{place} waits for a decision"),
            AlertKind::ActionFailed => format!("{place} failed"),
            AlertKind::StageFailed => format!("{place} failed"),
            AlertKind::Recovered => format!(
                "Succeeded after a failure (execution {})",
                short(self.pipeline_execution_id.as_deref().unwrap_or("?"))
            ),
            AlertKind::WatchStopped
            | AlertKind::SignInNeeded
            | AlertKind::WatchResumed
            | AlertKind::NeedsAttention => String::new(),
        };
        if let Some(detail) = self.detail.as_deref().filter(|d| !d.is_empty()) {
            body.push_str(if self.kind == AlertKind::ApprovalWaiting {
                "\n"
            } else {
                ": "
            });
            body.push_str(detail);
        }
        body
    }

    /// One line for the CLI: `KIND pipeline stage/action execution: detail`.
    pub fn line(&self) -> String {
        let kind = match self.kind {
            AlertKind::ApprovalWaiting => "APPROVAL",
            AlertKind::ActionFailed => "FAILED",
            AlertKind::StageFailed => "FAILED",
            AlertKind::Recovered => "RECOVERED",
            AlertKind::WatchStopped | AlertKind::SignInNeeded => "NOT-WATCHING",
            AlertKind::WatchResumed => "WATCHING",
            AlertKind::NeedsAttention => "ATTENTION",
        };
        if self.kind.is_about_connection() {
            let connection = self.connection.as_deref().unwrap_or("AWS");
            return match self
                .detail
                .as_deref()
                .filter(|_| kind == "NOT-WATCHING" || kind == "ATTENTION")
            {
                Some(d) => format!("{kind} {connection}: {}", d.replace('\n', " ")),
                None => format!("{kind} {connection}"),
            };
        }
        let mut line = format!("{kind} {}", self.pipeline_shown());
        match (&self.stage, &self.action) {
            (Some(s), Some(a)) => line.push_str(&format!(" {s}/{a}")),
            (Some(s), None) => line.push_str(&format!(" {s}")),
            _ => {}
        }
        if let Some(e) = &self.pipeline_execution_id {
            line.push_str(&format!(" execution={e}"));
        }
        if let Some(d) = self.detail.as_deref().filter(|d| !d.is_empty()) {
            line.push_str(": ");
            line.push_str(&d.replace('\n', " "));
        }
        line
    }
}

/// At most this many lines in a [`AlertKind::NeedsAttention`] summary; the rest are counted.
const SUMMARY_LINES: usize = 6;

impl Alert {
    /// One summary of what already needed attention when `connection` started being watched:
    /// `standing` are the alerts its first look at each pipeline raised. `None` when nothing did.
    /// `started_ms` (wall clock) makes the key of each start its own.
    pub fn needs_attention(connection: &str, standing: &[Alert], started_ms: u64) -> Option<Alert> {
        let mut about: Vec<&Alert> = standing
            .iter()
            .filter(|a| !a.kind.is_about_connection() && a.kind != AlertKind::Recovered)
            .collect();
        about.sort_by(|a, b| a.pipeline.cmp(&b.pipeline));
        if about.is_empty() {
            return None;
        }
        // One line per pipeline: where it fails or waits (the details are one click away).
        let mut lines: Vec<String> = Vec::new();
        let mut pipelines = 0;
        for group in about.chunk_by(|a, b| a.pipeline == b.pipeline) {
            pipelines += 1;
            if lines.len() == SUMMARY_LINES {
                continue;
            }
            let mut phrases: Vec<(String, usize)> = Vec::new();
            for a in group {
                let phrase = a.body().lines().next().unwrap_or_default().to_string();
                let phrase = match phrase.split_once(": ") {
                    Some((head, _)) if a.kind != AlertKind::ApprovalWaiting => head.to_string(),
                    _ => phrase,
                };
                match phrases.iter_mut().find(|(p, _)| *p == phrase) {
                    Some((_, n)) => *n += 1,
                    None => phrases.push((phrase, 1)),
                }
            }
            let said: Vec<String> = phrases
                .into_iter()
                .map(|(p, n)| if n > 1 { format!("{p} ({n} runs)") } else { p })
                .collect();
            lines.push(format!("{}: {}", group[0].pipeline, said.join("; ")));
        }
        if pipelines > SUMMARY_LINES {
            lines.push(format!("and {} more pipelines", pipelines - SUMMARY_LINES));
        }
        let single = about.iter().all(|a| a.pipeline == about[0].pipeline);
        Some(Alert {
            key: format!("{connection}|{started_ms}|NeedsAttention"),
            connection: Some(connection.to_string()),
            kind: AlertKind::NeedsAttention,
            // One pipeline: a click opens it; several: the control room.
            pipeline: if single {
                about[0].pipeline.clone()
            } else {
                String::new()
            },
            stage: None,
            action: None,
            pipeline_execution_id: None,
            detail: Some(lines.join("\n")),
            link: None,
        })
    }
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

/// A pipeline as people read it: `<name> (account <account>)` for a pipeline keyed by its ARN
/// (another account's, confirmed through its role), the name itself otherwise.
pub fn shown(pipeline: &str) -> String {
    match pipewright_core::arn::Arn::parse_of(pipeline, "codepipeline") {
        Some(arn) => format!("{} (account {})", arn.resource, arn.account),
        None => pipeline.to_string(),
    }
}

/// The keys already raised, oldest forgotten first past `capacity`.
#[derive(Debug, Clone)]
pub struct AlertMemory {
    seen: HashSet<String>,
    order: VecDeque<String>,
    capacity: usize,
}

impl Default for AlertMemory {
    fn default() -> Self {
        Self::with_capacity(10_000)
    }
}

impl AlertMemory {
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            seen: HashSet::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// Remembers `key`; true if it was new.
    pub fn remember(&mut self, key: &str) -> bool {
        if self.seen.contains(key) {
            return false;
        }
        if self.order.len() >= self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
        self.seen.insert(key.to_string());
        self.order.push_back(key.to_string());
        true
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// Turns successive snapshots into alerts, remembering what it said.
#[derive(Debug, Default, Clone)]
pub struct Decider {
    memory: AlertMemory,
    /// Pipelines last seen failing, each with the execution that had last succeeded through the
    /// final stage while it failed: an older success, which is not the recovery.
    failing: HashMap<String, Option<String>>,
}

fn key(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .map(|p| p.unwrap_or("-"))
        .collect::<Vec<_>>()
        .join("|")
}

fn action_alert(snap: &Snapshot, a: &ActionObs, kind: AlertKind) -> Alert {
    let kind_name = format!("{kind:?}");
    Alert {
        connection: None,
        key: key(&[
            Some(&snap.pipeline),
            a.pipeline_execution_id.as_deref(),
            Some(&a.stage),
            Some(&a.action),
            a.action_execution_id.as_deref(),
            Some(&kind_name),
        ]),
        kind,
        pipeline: snap.pipeline.clone(),
        stage: Some(a.stage.clone()),
        action: Some(a.action.clone()),
        pipeline_execution_id: a.pipeline_execution_id.clone(),
        detail: match kind {
            AlertKind::ApprovalWaiting => a.custom_data.clone(),
            _ => a.error.clone().or_else(|| a.summary.clone()),
        },
        link: a.external_url.clone(),
    }
}

impl Decider {
    pub fn new() -> Self {
        Self::default()
    }

    /// The alerts this snapshot raises that were not raised before.
    pub fn decide(&mut self, snap: &Snapshot) -> Vec<Alert> {
        let mut candidates = Vec::new();
        for a in snap.waiting_approvals() {
            candidates.push(action_alert(snap, a, AlertKind::ApprovalWaiting));
        }
        for a in snap
            .actions
            .iter()
            .filter(|a| a.status == ActionStatus::Failed)
        {
            candidates.push(action_alert(snap, a, AlertKind::ActionFailed));
        }
        for s in snap
            .stages
            .iter()
            .filter(|s| s.status == StageStatus::Failed)
        {
            let has_failed_action = snap
                .actions
                .iter()
                .any(|a| a.stage == s.stage && a.status == ActionStatus::Failed);
            if !has_failed_action {
                candidates.push(Alert {
                    connection: None,
                    key: key(&[
                        Some(&snap.pipeline),
                        s.pipeline_execution_id.as_deref(),
                        Some(&s.stage),
                        None,
                        None,
                        Some("StageFailed"),
                    ]),
                    kind: AlertKind::StageFailed,
                    pipeline: snap.pipeline.clone(),
                    stage: Some(s.stage.clone()),
                    action: None,
                    pipeline_execution_id: s.pipeline_execution_id.clone(),
                    detail: None,
                    link: None,
                });
            }
        }
        let succeeded = snap.succeeded_execution();
        if snap.is_failing() {
            let older = succeeded
                .map(str::to_string)
                .or_else(|| self.failing.get(&snap.pipeline).cloned().flatten());
            self.failing.insert(snap.pipeline.clone(), older);
        } else if let Some(older) = self.failing.get(&snap.pipeline).cloned() {
            // Recovered when an execution succeeds through the final stage, and not the one
            // that had succeeded before the failure (the final stage still shows it while a new
            // run has only passed the stage that failed).
            if let Some(exec) = succeeded.filter(|e| older.as_deref() != Some(*e)) {
                self.failing.remove(&snap.pipeline);
                candidates.push(Alert {
                    connection: None,
                    key: key(&[
                        Some(&snap.pipeline),
                        Some(exec),
                        None,
                        None,
                        None,
                        Some("Recovered"),
                    ]),
                    kind: AlertKind::Recovered,
                    pipeline: snap.pipeline.clone(),
                    stage: None,
                    action: None,
                    pipeline_execution_id: Some(exec.to_string()),
                    detail: None,
                    link: None,
                });
            }
            // Otherwise not failing any more but not succeeded yet (a retry or a new run is on
            // its way): wait for the result.
        }
        candidates
            .into_iter()
            .filter(|a| self.memory.remember(&a.key))
            .collect()
    }

    /// Forget a pipeline that is no longer watched (its keys age out of the memory).
    pub fn forget(&mut self, pipeline: &str) {
        self.failing.remove(pipeline);
    }

    pub fn memory(&self) -> &AlertMemory {
        &self.memory
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observe::{ActionObs, StageObs};

    fn stage(name: &str, exec: &str, status: &str) -> StageObs {
        StageObs {
            stage: name.into(),
            pipeline_execution_id: Some(exec.into()),
            status: StageStatus::parse(status),
        }
    }

    fn action(stage: &str, name: &str, exec: &str, aexec: &str, status: &str) -> ActionObs {
        ActionObs {
            stage: stage.into(),
            action: name.into(),
            pipeline_execution_id: Some(exec.into()),
            action_execution_id: Some(aexec.into()),
            status: ActionStatus::parse(status),
            ..Default::default()
        }
    }

    fn snap(stages: Vec<StageObs>, actions: Vec<ActionObs>) -> Snapshot {
        Snapshot {
            pipeline: "web".into(),
            stages,
            actions,
            last_finished: None,
        }
    }

    #[test]
    fn a_member_accounts_pipeline_is_shown_with_its_account() {
        assert_eq!(
            shown("arn:aws:codepipeline:us-east-1:222222222222:web"),
            "web (account 222222222222)"
        );
        assert_eq!(shown("web"), "web");
        assert_eq!(shown("arn:aws:iam::1:role/r"), "arn:aws:iam::1:role/r");
    }

    #[test]
    fn waiting_approval_alerts_once() {
        let mut approve = action("Review", "Approve", "e1", "a1", "InProgress");
        approve.waiting_approval = true;
        approve.custom_data = Some("Check the staging site".into());
        let s = snap(
            vec![
                stage("Source", "e1", "Succeeded"),
                stage("Review", "e1", "InProgress"),
            ],
            vec![approve],
        );
        let mut d = Decider::new();
        let alerts = d.decide(&s);
        assert_eq!(alerts.len(), 1);
        let a = &alerts[0];
        assert_eq!(a.kind, AlertKind::ApprovalWaiting);
        assert_eq!(a.title(), "Approval waiting: web");
        assert_eq!(
            a.body(),
            "Review › Approve waits for a decision\nCheck the staging site"
        );
        assert_eq!(a.key, "web|e1|Review|Approve|a1|ApprovalWaiting");
        assert!(d.decide(&s).is_empty(), "same state, no second alert");
        assert!(d.decide(&s.clone()).is_empty());
    }

    #[test]
    fn a_new_approval_in_a_new_execution_alerts_again() {
        let mut d = Decider::new();
        let mut a1 = action("Review", "Approve", "e1", "a1", "InProgress");
        a1.waiting_approval = true;
        assert_eq!(
            d.decide(&snap(vec![stage("Review", "e1", "InProgress")], vec![a1]))
                .len(),
            1
        );
        let mut a2 = action("Review", "Approve", "e2", "a2", "InProgress");
        a2.waiting_approval = true;
        assert_eq!(
            d.decide(&snap(vec![stage("Review", "e2", "InProgress")], vec![a2]))
                .len(),
            1
        );
    }

    #[test]
    fn failure_then_retry_failure_then_recovery() {
        let mut d = Decider::new();
        let mut build = action("Build", "Compile", "e1", "a1", "Failed");
        build.error = Some("JobFailed: exit status 2".into());
        build.external_url = Some("https://logs.example/build/1".into());
        let failed = snap(
            vec![
                stage("Source", "e1", "Succeeded"),
                stage("Build", "e1", "Failed"),
            ],
            vec![action("Source", "Src", "e1", "a0", "Succeeded"), build],
        );
        let alerts = d.decide(&failed);
        assert_eq!(
            alerts.len(),
            1,
            "one alert for the failed action, none for its stage"
        );
        assert_eq!(alerts[0].kind, AlertKind::ActionFailed);
        assert_eq!(
            alerts[0].body(),
            "Build › Compile failed: JobFailed: exit status 2"
        );
        assert_eq!(
            alerts[0].link.as_deref(),
            Some("https://logs.example/build/1")
        );
        assert!(d.decide(&failed).is_empty());

        // Retrying: in progress, no recovery yet.
        let retrying = snap(
            vec![
                stage("Source", "e1", "Succeeded"),
                stage("Build", "e1", "InProgress"),
            ],
            vec![action("Build", "Compile", "e1", "a2", "InProgress")],
        );
        assert!(d.decide(&retrying).is_empty());
        // The retry fails again: a new action execution, a new alert.
        let failed_again = snap(
            vec![
                stage("Source", "e1", "Succeeded"),
                stage("Build", "e1", "Failed"),
            ],
            vec![action("Build", "Compile", "e1", "a2", "Failed")],
        );
        assert_eq!(d.decide(&failed_again).len(), 1);
        // Then succeeds.
        let ok = snap(
            vec![
                stage("Source", "e1", "Succeeded"),
                stage("Build", "e1", "Succeeded"),
            ],
            vec![action("Build", "Compile", "e1", "a3", "Succeeded")],
        );
        let alerts = d.decide(&ok);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].kind, AlertKind::Recovered);
        assert_eq!(alerts[0].title(), "Recovered: web");
        assert!(d.decide(&ok).is_empty());
        // A success without a failure before is not news.
        let mut fresh = Decider::new();
        assert!(fresh.decide(&ok).is_empty());
    }

    /// A new run that passes the stage that failed is not the recovery while the final stage
    /// still shows the success from before the failure: "Recovered" names the run that got
    /// through, once it has.
    #[test]
    fn recovered_names_the_run_that_recovered_not_an_older_success() {
        let mut d = Decider::new();
        let failed = snap(
            vec![
                stage("Build", "e2", "Failed"),
                stage("Deploy", "e1", "Succeeded"),
            ],
            vec![action("Build", "Compile", "e2", "a1", "Failed")],
        );
        assert_eq!(d.decide(&failed).len(), 1);
        let passing = snap(
            vec![
                stage("Build", "e3", "Succeeded"),
                stage("Deploy", "e1", "Succeeded"),
            ],
            vec![action("Build", "Compile", "e3", "a2", "Succeeded")],
        );
        assert!(
            d.decide(&passing).is_empty(),
            "e1 is the success before the failure"
        );
        let deploying = snap(
            vec![
                stage("Build", "e3", "Succeeded"),
                stage("Deploy", "e3", "InProgress"),
            ],
            vec![action("Deploy", "Ship", "e3", "a3", "InProgress")],
        );
        assert!(d.decide(&deploying).is_empty());
        let through = snap(
            vec![
                stage("Build", "e3", "Succeeded"),
                stage("Deploy", "e3", "Succeeded"),
            ],
            vec![action("Deploy", "Ship", "e3", "a3", "Succeeded")],
        );
        let alerts = d.decide(&through);
        assert_eq!(alerts.len(), 1, "{alerts:?}");
        assert_eq!(alerts[0].kind, AlertKind::Recovered);
        assert_eq!(alerts[0].pipeline_execution_id.as_deref(), Some("e3"));
        assert!(d.decide(&through).is_empty());

        // A retry of the failed run itself recovers with that run's id.
        let mut d = Decider::new();
        let failed = snap(
            vec![
                stage("Build", "e1", "Succeeded"),
                stage("Deploy", "e1", "Failed"),
            ],
            vec![action("Deploy", "Ship", "e1", "a1", "Failed")],
        );
        assert_eq!(d.decide(&failed).len(), 1);
        let retried = snap(
            vec![
                stage("Build", "e1", "Succeeded"),
                stage("Deploy", "e1", "Succeeded"),
            ],
            vec![action("Deploy", "Ship", "e1", "a2", "Succeeded")],
        );
        let alerts = d.decide(&retried);
        assert_eq!(alerts.len(), 1, "{alerts:?}");
        assert_eq!(alerts[0].pipeline_execution_id.as_deref(), Some("e1"));
    }

    #[test]
    fn stage_failure_without_failed_action() {
        let mut d = Decider::new();
        let s = snap(
            vec![stage("Deploy", "e9", "Failed")],
            vec![action("Deploy", "Ship", "e9", "a1", "Succeeded")],
        );
        let alerts = d.decide(&s);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].kind, AlertKind::StageFailed);
        assert_eq!(alerts[0].line(), "FAILED web Deploy execution=e9");
    }

    #[test]
    fn memory_forgets_the_oldest_past_capacity() {
        let mut m = AlertMemory::with_capacity(2);
        assert!(m.remember("a"));
        assert!(m.remember("b"));
        assert!(!m.remember("a"));
        assert!(m.remember("c"));
        assert_eq!(m.len(), 2);
        assert!(m.remember("a"), "a was forgotten");
    }
}
