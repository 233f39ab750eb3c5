//! The tray badge: how many approvals wait and how many pipelines fail, the icon colour (failure
//! wins), and the items of the tray menu. A pure function of the pipelines' health.

use serde::{Deserialize, Serialize};

use crate::observe::PipelineHealth;

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
    /// A pipeline fails: wins over everything else.
    Failure,
}

/// Why an item is in the menu.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BadgeItemKind {
    Failing,
    ApprovalWaiting,
}

/// One tray menu entry; clicking opens `pipeline`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BadgeItem {
    pub connection: Option<String>,
    pub pipeline: String,
    pub kind: BadgeItemKind,
    pub label: String,
}

/// What the tray shows.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BadgeState {
    pub waiting_approvals: usize,
    pub failing_pipelines: usize,
    pub colour: BadgeColour,
    /// Failures first, then approvals; each group by pipeline name.
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
    pub fn from_health<'a>(pipelines: impl IntoIterator<Item = &'a PipelineHealth>) -> Self {
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
                });
            }
            for a in &p.approvals {
                waiting += 1;
                approvals.push(BadgeItem {
                    connection: p.connection.clone(),
                    pipeline: p.pipeline.clone(),
                    kind: BadgeItemKind::ApprovalWaiting,
                    label: format!("{}: approve {a}", p.pipeline),
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
            connection: None,
            pipeline: name.into(),
            running: false,
            approvals: vec![],
            failing: false,
            failure: None,
            last_status: BuildStatus::Success,
            last_execution_id: None,
            last_change: None,
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
