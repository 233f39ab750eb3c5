//! The tray badge: how many approvals wait and how many pipelines fail, the icon colour, and the
//! items of the tray menu. A pure function of the pipelines' health and of whether each
//! connection is watched at all: a connection that is not watched wins the colour (the counts
//! may be stale), then failure.

use serde::{Deserialize, Serialize};

use crate::health::ConnectionHealth;
use crate::observe::{ActionAt, PipelineHealth};

/// The icon's colour.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum BadgeColour {
    /// Nothing watched yet, or no result known.
    Idle,
    /// All good.
    Ok,
    /// Something runs.
    Running,
    /// An approval waits.
    Attention,
    /// A pipeline fails: wins over everything but a connection not watched.
    Failure,
    /// A connection is not watched (expired sign-in, access denied, unreachable, throttled):
    /// what the badge says may be stale. Wins over everything else.
    NotWatched,
}

/// Why an item is in the menu.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BadgeItemKind {
    Failing,
    ApprovalWaiting,
    /// The connection is not watched (`pipeline` is empty).
    NotWatched,
    /// The connection is not watched until it signs in again (`pipeline` is empty).
    SignInNeeded,
}

/// One tray menu entry; clicking opens `pipeline` (at `target`, when known).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BadgeItem {
    pub connection: Option<String>,
    pub pipeline: String,
    pub kind: BadgeItemKind,
    pub label: String,
    /// The waiting approval's run, stage and action; the failure's run and failed action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub target: Option<ActionAt>,
}

/// What the tray shows.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BadgeState {
    pub waiting_approvals: usize,
    pub failing_pipelines: usize,
    /// Connections not watched now.
    #[serde(default)]
    pub not_watched: usize,
    pub colour: BadgeColour,
    /// Connections not watched first, then failures, then approvals; each group by name.
    pub items: Vec<BadgeItem>,
    /// A short tooltip, e.g. "1 failing, 2 approvals waiting".
    pub tooltip: String,
}

impl Default for BadgeState {
    fn default() -> Self {
        Self::from_health(std::iter::empty())
    }
}

impl BadgeState {
    /// The badge of pipelines whose connections are all watched.
    pub fn from_health<'a>(pipelines: impl IntoIterator<Item = &'a PipelineHealth>) -> Self {
        Self::from_parts(pipelines, [])
    }

    /// The badge of pipelines and of the connections they come from.
    pub fn from_parts<'a, 'b>(
        pipelines: impl IntoIterator<Item = &'a PipelineHealth>,
        connections: impl IntoIterator<Item = &'b ConnectionHealth>,
    ) -> Self {
        let mut stopped: Vec<&ConnectionHealth> =
            connections.into_iter().filter(|c| !c.watching).collect();
        stopped.sort_by(|a, b| a.connection.cmp(&b.connection));
        let mut badge = Self::pipelines_only(pipelines);
        if stopped.is_empty() {
            return badge;
        }
        let items = stopped.iter().map(|c| BadgeItem {
            connection: Some(c.connection.clone()),
            pipeline: String::new(),
            kind: if c.sign_in {
                BadgeItemKind::SignInNeeded
            } else {
                BadgeItemKind::NotWatched
            },
            label: match &c.message {
                Some(m) => format!("not watched: {m}"),
                None => "not watched".to_string(),
            },
            target: None,
        });
        badge.items = items.chain(badge.items).collect();
        badge.not_watched = stopped.len();
        badge.colour = BadgeColour::NotWatched;
        let names: Vec<&str> = stopped.iter().map(|c| c.connection.as_str()).collect();
        let rest = badge
            .tooltip
            .strip_prefix("Pipewright: ")
            .unwrap_or(&badge.tooltip)
            .to_string();
        badge.tooltip = if rest.ends_with("all clear") {
            format!("Pipewright: not watching {}", names.join(", "))
        } else {
            format!("Pipewright: not watching {}; {rest}", names.join(", "))
        };
        badge
    }

    fn pipelines_only<'a>(pipelines: impl IntoIterator<Item = &'a PipelineHealth>) -> Self {
        let mut pipelines: Vec<&PipelineHealth> = pipelines.into_iter().collect();
        pipelines.sort_by(|a, b| (&a.connection, &a.pipeline).cmp(&(&b.connection, &b.pipeline)));
        let mut failing = Vec::new();
        let mut approvals = Vec::new();
        let mut waiting = 0;
        let mut running = false;
        let mut any_known = false;
        for p in &pipelines {
            running |= p.running;
            any_known |= p.last_status != crate::observe::BuildStatus::Unknown || p.running;
            if p.failing {
                failing.push(BadgeItem {
                    connection: p.connection.clone(),
                    pipeline: p.pipeline.clone(),
                    kind: BadgeItemKind::Failing,
                    label: match &p.failure {
                        Some(at) => format!("{} failed at {at}", p.pipeline),
                        None => format!("{} failed", p.pipeline),
                    },
                    target: p.failed_at.clone(),
                });
            }
            // One item per run and action: the same approval is one line however often it
            // was seen; two runs waiting at one action are two.
            let mut seen: Vec<&ActionAt> = Vec::new();
            for (i, a) in p.approvals.iter().enumerate() {
                let target = p.waiting.get(i);
                if let Some(t) = target {
                    if seen.iter().any(|s| s.same_place(t)) {
                        continue;
                    }
                    seen.push(t);
                }
                waiting += 1;
                approvals.push(BadgeItem {
                    connection: p.connection.clone(),
                    pipeline: p.pipeline.clone(),
                    kind: BadgeItemKind::ApprovalWaiting,
                    label: format!("{}: approve {a}", p.pipeline),
                    target: target.cloned(),
                });
            }
        }
        let colour = if !failing.is_empty() {
            BadgeColour::Failure
        } else if waiting > 0 {
            BadgeColour::Attention
        } else if running {
            BadgeColour::Running
        } else if any_known {
            BadgeColour::Ok
        } else {
            BadgeColour::Idle
        };
        let mut parts = Vec::new();
        if !failing.is_empty() {
            parts.push(format!("{} failing", failing.len()));
        }
        if waiting > 0 {
            parts.push(format!(
                "{waiting} approval{} waiting",
                if waiting == 1 { "" } else { "s" }
            ));
        }
        let tooltip = if parts.is_empty() {
            format!("Pipewright: {} pipelines, all clear", pipelines.len())
        } else {
            format!("Pipewright: {}", parts.join(", "))
        };
        let failing_pipelines = failing.len();
        failing.extend(approvals);
        BadgeState {
            waiting_approvals: waiting,
            failing_pipelines,
            not_watched: 0,
            colour,
            items: failing,
            tooltip,
        }
    }

    /// The number on the badge: approvals plus failing pipelines.
    pub fn count(&self) -> usize {
        self.waiting_approvals + self.failing_pipelines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observe::BuildStatus;

    fn health(name: &str) -> PipelineHealth {
        PipelineHealth {
            pipeline: name.into(),
            last_status: BuildStatus::Success,
            ..PipelineHealth::default()
        }
    }

    #[test]
    fn failure_wins_the_colour_and_comes_first() {
        let mut a = health("api");
        a.approvals = vec!["Review › Approve".into(), "Gate › Sign".into()];
        let mut b = health("web");
        b.failing = true;
        b.failure = Some("Build › Compile".into());
        let badge = BadgeState::from_health([&a, &b]);
        assert_eq!(badge.colour, BadgeColour::Failure);
        assert_eq!(badge.waiting_approvals, 2);
        assert_eq!(badge.failing_pipelines, 1);
        assert_eq!(badge.count(), 3);
        assert_eq!(badge.items[0].label, "web failed at Build › Compile");
        assert_eq!(badge.items[1].label, "api: approve Review › Approve");
        assert_eq!(badge.items.len(), 3);
        assert_eq!(badge.tooltip, "Pipewright: 1 failing, 2 approvals waiting");
    }

    #[test]
    fn approvals_without_failure_ask_for_attention() {
        let mut a = health("api");
        a.approvals = vec!["Review › Approve".into()];
        let badge = BadgeState::from_health([&a, &health("web")]);
        assert_eq!(badge.colour, BadgeColour::Attention);
        assert_eq!(badge.tooltip, "Pipewright: 1 approval waiting");
    }

    #[test]
    fn a_connection_not_watched_wins_and_comes_first() {
        let mut b = health("web");
        b.failing = true;
        b.connection = Some("dev".into());
        let mut prod = ConnectionHealth::watching("prod");
        prod.watching = false;
        prod.sign_in = true;
        prod.message = Some("the SSO session of prod has expired".into());
        let badge = BadgeState::from_parts([&b], [&prod, &ConnectionHealth::watching("dev")]);
        assert_eq!(badge.colour, BadgeColour::NotWatched);
        assert_eq!(badge.not_watched, 1);
        assert_eq!(badge.failing_pipelines, 1);
        assert_eq!(badge.items[0].kind, BadgeItemKind::SignInNeeded);
        assert_eq!(badge.items[0].connection.as_deref(), Some("prod"));
        assert_eq!(
            badge.items[0].label,
            "not watched: the SSO session of prod has expired"
        );
        assert_eq!(badge.items[1].kind, BadgeItemKind::Failing);
        assert_eq!(badge.tooltip, "Pipewright: not watching prod; 1 failing");
        // Watched again: the plain badge.
        assert_eq!(
            BadgeState::from_parts([&b], [&ConnectionHealth::watching("prod")]),
            BadgeState::from_health([&b])
        );
    }

    fn waiting_at(stage: &str, action: &str, run: &str) -> ActionAt {
        ActionAt {
            stage: Some(stage.into()),
            action: Some(action.into()),
            pipeline_execution_id: Some(run.into()),
            since: Some("2026-12-06T17:00:00Z".into()),
        }
    }

    #[test]
    fn each_waiting_run_is_one_item_and_a_repeat_is_dropped() {
        let mut p = health("mobile");
        p.approvals = vec!["Approval › Manual".into(); 3];
        p.waiting = vec![
            waiting_at("Approval", "Manual", "run-a"),
            waiting_at("Approval", "Manual", "run-b"),
            // The same approval of run-a, listed twice.
            waiting_at("Approval", "Manual", "run-a"),
        ];
        let badge = BadgeState::from_health([&p]);
        assert_eq!(badge.waiting_approvals, 2);
        let runs: Vec<Option<&str>> = badge
            .items
            .iter()
            .map(|i| i.target.as_ref()?.pipeline_execution_id.as_deref())
            .collect();
        assert_eq!(runs, vec![Some("run-a"), Some("run-b")]);
        assert_eq!(badge.tooltip, "Pipewright: 2 approvals waiting");
    }

    #[test]
    fn a_failure_item_names_its_run_and_action() {
        let mut p = health("web");
        p.failing = true;
        p.failure = Some("Build › Compile".into());
        p.failed_at = Some(waiting_at("Build", "Compile", "run-f"));
        let badge = BadgeState::from_health([&p]);
        assert_eq!(badge.items[0].kind, BadgeItemKind::Failing);
        assert_eq!(
            badge.items[0]
                .target
                .as_ref()
                .and_then(|t| t.action.as_deref()),
            Some("Compile")
        );
        assert_eq!(
            waiting_at("a", "b", "c").waited(
                chrono::DateTime::parse_from_rfc3339("2026-12-06T17:12:30Z")
                    .expect("time")
                    .timestamp_millis()
            ),
            Some(std::time::Duration::from_secs(12 * 60 + 30))
        );
    }

    #[test]
    fn quiet_states() {
        assert_eq!(BadgeState::default().colour, BadgeColour::Idle);
        let mut r = health("api");
        r.running = true;
        assert_eq!(BadgeState::from_health([&r]).colour, BadgeColour::Running);
        let ok = BadgeState::from_health([&health("api")]);
        assert_eq!(ok.colour, BadgeColour::Ok);
        assert_eq!(ok.count(), 0);
        assert!(ok.items.is_empty());
    }
}
