//! The tray icon, shown while a connection is watched: its shape says the worst state (a
//! connection not watched wins, then failure, then an approval waiting; [`icon`]) with the number
//! needing attention on it, its tooltip and title say the same in words, and its menu has one
//! line per thing to do: each waiting approval (naming its pipeline, stage and action, its run and
//! how long it has waited) opens that approval's dialog, each failure opens its "why it failed"
//! panel, a connection not watched is a line that says why; then Show and Quit.
//!
//! [`TrayModel`] is a pure function of the watch crate's [`BadgeState`] and the time, and
//! [`MenuCommand`] what a click on a line asks for; the shell (`src-tauri`'s `tray`) shows the
//! model in the desktop's tray and hands clicks back here.

pub mod icon;

use std::collections::BTreeSet;
use std::time::Duration;

use pipewright_watch::{ActionAt, BadgeColour, BadgeItem, BadgeItemKind, BadgeState};

use crate::events::{ApproveTarget, ControlOpenEvent, WhyTarget};

pub use icon::TrayIconKind;
/// Menu item ids (see [`MenuCommand::id`]): `open:`, `approve:` and `why:` lines, [`MENU_SHOW`],
/// [`MENU_QUIT`].
pub const MENU_OPEN_PREFIX: &str = "open:";
pub const MENU_APPROVE_PREFIX: &str = "approve:";
pub const MENU_WHY_PREFIX: &str = "why:";
pub const MENU_SHOW: &str = "show";
pub const MENU_QUIT: &str = "quit";
/// At most this many lines in the menu; the rest are summed up in one line.
pub const MAX_MENU_ITEMS: usize = 12;

/// One menu entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayEntry {
    /// The menu id; `None` for a disabled line of text.
    pub id: Option<String>,
    pub label: String,
}

/// Everything the tray shows, from the badge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayModel {
    /// The state in words, with the counts: "Pipewright: 1 failing, 2 approvals waiting".
    pub tooltip: String,
    /// Shown beside the icon where the desktop supports it: "2 waiting · 1 failing", or empty.
    pub title: String,
    pub icon: TrayIconKind,
    /// The number on the icon: approvals waiting plus pipelines failing.
    pub count: usize,
    /// Connections not watched, failures, then approvals (then Show and Quit after a separator).
    pub entries: Vec<TrayEntry>,
}

impl TrayModel {
    /// The tray of `badge` at `now_ms` (milliseconds since the epoch: how long approvals waited).
    pub fn from_badge(badge: &BadgeState, now_ms: i64) -> Self {
        let icon = match badge.colour {
            BadgeColour::NotWatched => TrayIconKind::NotWatched,
            BadgeColour::Failure => TrayIconKind::Failure,
            BadgeColour::Attention => TrayIconKind::Attention,
            BadgeColour::Ok | BadgeColour::Running => TrayIconKind::Ok,
            BadgeColour::Idle => TrayIconKind::Idle,
        };
        let mut parts = Vec::new();
        if badge.not_watched > 0 {
            parts.push(format!("{} not watched", badge.not_watched));
        }
        if badge.waiting_approvals > 0 {
            parts.push(format!("{} waiting", badge.waiting_approvals));
        }
        if badge.failing_pipelines > 0 {
            parts.push(format!("{} failing", badge.failing_pipelines));
        }
        // Several connections: each line says which one.
        let several = badge
            .items
            .iter()
            .filter_map(|i| i.connection.as_deref())
            .collect::<BTreeSet<_>>()
            .len()
            > 1;
        // One line per thing to do: a line whose click is already in the menu is not repeated.
        let mut ids = BTreeSet::new();
        let lines: Vec<TrayEntry> = badge
            .items
            .iter()
            .map(|item| entry(item, several, now_ms))
            .filter(|e| match &e.id {
                Some(id) => ids.insert(id.clone()),
                None => true,
            })
            .collect();
        let more = lines.len().saturating_sub(MAX_MENU_ITEMS);
        let mut entries: Vec<TrayEntry> = lines.into_iter().take(MAX_MENU_ITEMS).collect();
        if more > 0 {
            entries.push(TrayEntry {
                id: None,
                label: format!("… and {more} more in the control room"),
            });
        }
        if entries.is_empty() {
            entries.push(TrayEntry {
                id: None,
                label: "Nothing waits, nothing fails".into(),
            });
        }
        let tooltip = match icon {
            // The badge says "0 pipelines, all clear" before anything is known.
            TrayIconKind::Idle => format!("Pipewright: {}", TrayIconKind::Idle.words()),
            _ => badge.tooltip.clone(),
        };
        TrayModel {
            tooltip,
            title: parts.join(" · "),
            icon,
            count: badge.count(),
            entries,
        }
    }

    /// The icon's pixels at `size` (RGBA).
    pub fn icon_rgba(&self, size: u32) -> Vec<u8> {
        icon::render(self.icon, self.count, size)
    }
}

/// One badge item's menu line.
fn entry(item: &BadgeItem, several: bool, now_ms: i64) -> TrayEntry {
    let connection = item.connection.clone();
    if item.pipeline.is_empty() {
        // A connection not watched: a line that says which and why.
        let name = connection.as_deref().unwrap_or("AWS");
        let why = item
            .label
            .strip_prefix("not watched")
            .unwrap_or(&item.label);
        return TrayEntry {
            id: None,
            label: format!("{name} is not watched{why}"),
        };
    }
    let pipeline = item.pipeline.clone();
    let (command, label) = match (item.kind, &item.target) {
        (BadgeItemKind::ApprovalWaiting, Some(at)) => {
            let (Some(stage), Some(action)) = (at.stage.clone(), at.action.clone()) else {
                return open_line(item, several);
            };
            let mut run = Vec::new();
            if let Some(id) = &at.pipeline_execution_id {
                run.push(format!("run {}", short_id(id)));
            }
            if let Some(waited) = at.waited(now_ms) {
                run.push(format!("waiting {}", waited_words(waited)));
            }
            let run = if run.is_empty() {
                String::new()
            } else {
                format!(" ({})", run.join(", "))
            };
            let label = format!("Approve {pipeline} at {stage} › {action}{run}…");
            (
                MenuCommand::Approve {
                    connection,
                    pipeline,
                    stage,
                    action,
                    pipeline_execution_id: at.pipeline_execution_id.clone(),
                },
                label,
            )
        }
        (BadgeItemKind::Failing, target) => {
            let at = target.clone().unwrap_or_default();
            let place = match (&at.stage, &at.action) {
                (Some(s), Some(a)) => format!(" at {s} › {a}"),
                (Some(s), None) => format!(" at {s}"),
                _ => String::new(),
            };
            let run = at
                .pipeline_execution_id
                .as_deref()
                .map(|id| format!(" (run {})", short_id(id)))
                .unwrap_or_default();
            let label = format!("Show why {pipeline} failed{place}{run}");
            (
                MenuCommand::Why {
                    connection,
                    pipeline,
                    at: ActionAt { since: None, ..at },
                },
                label,
            )
        }
        _ => return open_line(item, several),
    };
    TrayEntry {
        id: Some(command.id()),
        label: with_connection(item, several, label),
    }
}

/// A line that only opens the pipeline (a badge without the approval's run).
fn open_line(item: &BadgeItem, several: bool) -> TrayEntry {
    let command = MenuCommand::Open {
        connection: item.connection.clone(),
        pipeline: item.pipeline.clone(),
    };
    TrayEntry {
        id: Some(command.id()),
        label: with_connection(item, several, format!("Open {}", item.label)),
    }
}

fn with_connection(item: &BadgeItem, several: bool, label: String) -> String {
    match item.connection.as_deref().filter(|_| several) {
        Some(connection) => format!("{connection}: {label}"),
        None => label,
    }
}

/// An execution id's first group (8 characters of a UUID), as the control room names a run.
fn short_id(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}

/// "under a minute", "12 min", "3 h 5 min", "2 days".
fn waited_words(waited: Duration) -> String {
    let minutes = waited.as_secs() / 60;
    match minutes {
        0 => "under a minute".into(),
        1..=59 => format!("{minutes} min"),
        60..=1439 if minutes.is_multiple_of(60) => format!("{} h", minutes / 60),
        60..=1439 => format!("{} h {} min", minutes / 60, minutes % 60),
        _ if minutes < 2880 => "1 day".into(),
        _ => format!("{} days", minutes / 1440),
    }
}

/// What a menu click asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuCommand {
    /// Open the pipeline.
    Open {
        connection: Option<String>,
        pipeline: String,
    },
    /// Open the approval dialog of this run's approval.
    Approve {
        connection: Option<String>,
        pipeline: String,
        stage: String,
        action: String,
        pipeline_execution_id: Option<String>,
    },
    /// Open the "why it failed" panel of this failure (`None` parts: the latest failed run and
    /// its first failed action).
    Why {
        connection: Option<String>,
        pipeline: String,
        at: ActionAt,
    },
    Show,
    Quit,
}

impl MenuCommand {
    /// The menu id: `open:<pipeline>|<connection>`,
    /// `approve:<pipeline>|<stage>|<action>|<execution>|<connection>`,
    /// `why:<pipeline>|<stage>|<action>|<execution>|<connection>` (empty: not known). Pipeline,
    /// stage and action names and execution ids have no `|`; the connection's name, last, may.
    pub fn id(&self) -> String {
        let c = |c: &Option<String>| c.clone().unwrap_or_default();
        let o = |o: &Option<String>| o.clone().unwrap_or_default();
        match self {
            MenuCommand::Open {
                connection,
                pipeline,
            } => format!("{MENU_OPEN_PREFIX}{pipeline}|{}", c(connection)),
            MenuCommand::Approve {
                connection,
                pipeline,
                stage,
                action,
                pipeline_execution_id,
            } => format!(
                "{MENU_APPROVE_PREFIX}{pipeline}|{stage}|{action}|{}|{}",
                o(pipeline_execution_id),
                c(connection)
            ),
            MenuCommand::Why {
                connection,
                pipeline,
                at,
            } => format!(
                "{MENU_WHY_PREFIX}{pipeline}|{}|{}|{}|{}",
                o(&at.stage),
                o(&at.action),
                o(&at.pipeline_execution_id),
                c(connection)
            ),
            MenuCommand::Show => MENU_SHOW.into(),
            MenuCommand::Quit => MENU_QUIT.into(),
        }
    }

    pub fn parse(id: &str) -> Option<Self> {
        let some = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
        match id {
            MENU_SHOW => return Some(MenuCommand::Show),
            MENU_QUIT => return Some(MenuCommand::Quit),
            _ => {}
        }
        if let Some(rest) = id.strip_prefix(MENU_OPEN_PREFIX) {
            let (pipeline, connection) = match rest.split_once('|') {
                Some((p, c)) => (p, some(c)),
                None => (rest, None),
            };
            return (!pipeline.is_empty()).then(|| MenuCommand::Open {
                connection,
                pipeline: pipeline.to_string(),
            });
        }
        let (approve, rest) = match (
            id.strip_prefix(MENU_APPROVE_PREFIX),
            id.strip_prefix(MENU_WHY_PREFIX),
        ) {
            (Some(rest), _) => (true, rest),
            (None, Some(rest)) => (false, rest),
            (None, None) => return None,
        };
        let parts: Vec<&str> = rest.splitn(5, '|').collect();
        let [pipeline, stage, action, execution, connection] = parts[..] else {
            return None;
        };
        if pipeline.is_empty() {
            return None;
        }
        let (pipeline, connection) = (pipeline.to_string(), some(connection));
        if approve {
            let (Some(stage), Some(action)) = (some(stage), some(action)) else {
                return None;
            };
            Some(MenuCommand::Approve {
                connection,
                pipeline,
                stage,
                action,
                pipeline_execution_id: some(execution),
            })
        } else {
            Some(MenuCommand::Why {
                connection,
                pipeline,
                at: ActionAt {
                    stage: some(stage),
                    action: some(action),
                    pipeline_execution_id: some(execution),
                    since: None,
                },
            })
        }
    }

    /// What the control room is told to open (`None`: Show and Quit).
    pub fn open_event(self) -> Option<ControlOpenEvent> {
        match self {
            MenuCommand::Open {
                connection,
                pipeline,
            } => Some(ControlOpenEvent {
                connection,
                pipeline,
                approve: None,
                why: None,
            }),
            MenuCommand::Approve {
                connection,
                pipeline,
                stage,
                action,
                pipeline_execution_id,
            } => Some(ControlOpenEvent {
                connection,
                pipeline,
                approve: Some(ApproveTarget {
                    stage,
                    action,
                    pipeline_execution_id,
                }),
                why: None,
            }),
            MenuCommand::Why {
                connection,
                pipeline,
                at,
            } => Some(ControlOpenEvent {
                connection,
                pipeline,
                approve: None,
                why: Some(WhyTarget {
                    stage: at.stage,
                    action: at.action,
                    pipeline_execution_id: at.pipeline_execution_id,
                }),
            }),
            MenuCommand::Show | MenuCommand::Quit => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipewright_watch::{BuildStatus, ConnectionHealth, PipelineHealth};

    /// 2026-12-06T17:12:30Z.
    const NOW: i64 = 1_796_577_150_000;

    fn health(name: &str) -> PipelineHealth {
        PipelineHealth {
            pipeline: name.into(),
            last_status: BuildStatus::Success,
            ..PipelineHealth::default()
        }
    }

    fn at(stage: &str, action: &str, run: &str, since: &str) -> ActionAt {
        ActionAt {
            stage: Some(stage.into()),
            action: Some(action.into()),
            pipeline_execution_id: Some(run.into()),
            since: Some(since.into()),
        }
    }

    fn waiting(p: &mut PipelineHealth, stage: &str, action: &str, run: &str, since: &str) {
        p.approvals.push(format!("{stage} › {action}"));
        p.waiting.push(at(stage, action, run, since));
    }

    fn failing(p: &mut PipelineHealth, stage: &str, action: &str, run: &str) {
        p.failing = true;
        p.failure = Some(format!("{stage} › {action}"));
        p.failed_at = Some(at(stage, action, run, "2026-12-06T16:00:00Z"));
    }

    fn labels(model: &TrayModel) -> Vec<&str> {
        model.entries.iter().map(|e| e.label.as_str()).collect()
    }

    #[test]
    fn now_is_the_time_the_tests_say() {
        assert_eq!(
            time::OffsetDateTime::from_unix_timestamp(NOW / 1000)
                .expect("time")
                .to_string(),
            "2026-12-06 17:12:30.0 +00:00:00"
        );
    }

    #[test]
    fn two_runs_waiting_on_one_parallel_pipeline_are_two_lines_naming_their_runs() {
        let mut mobile = health("mobile-release");
        waiting(
            &mut mobile,
            "Approval",
            "ManualApproval",
            "a1a1a1a1-0000-4000",
            "2026-12-06T17:00:00Z",
        );
        waiting(
            &mut mobile,
            "Approval",
            "ManualApproval",
            "b2b2b2b2-0000-4000",
            "2026-12-06T15:10:00Z",
        );
        // The first run's approval seen twice: one line.
        waiting(
            &mut mobile,
            "Approval",
            "ManualApproval",
            "a1a1a1a1-0000-4000",
            "2026-12-06T17:00:00Z",
        );
        let mut web = health("web");
        failing(&mut web, "Build", "Compile", "c3c3c3c3-0000-4000");
        let model = TrayModel::from_badge(&BadgeState::from_health([&mobile, &web]), NOW);
        assert_eq!(
            labels(&model),
            vec![
                "Show why web failed at Build › Compile (run c3c3c3c3)",
                "Approve mobile-release at Approval › ManualApproval (run a1a1a1a1, waiting 12 min)…",
                "Approve mobile-release at Approval › ManualApproval (run b2b2b2b2, waiting 2 h 2 min)…",
            ]
        );
        assert_eq!(model.count, 3);
        assert_eq!(model.title, "2 waiting · 1 failing");
        assert_eq!(model.icon, TrayIconKind::Failure);
        let ids: BTreeSet<_> = model.entries.iter().filter_map(|e| e.id.clone()).collect();
        assert_eq!(ids.len(), 3, "every line has its own id");
    }

    #[test]
    fn an_approve_line_opens_that_runs_approval_and_a_failure_line_its_why_panel() {
        let mut mobile = health("mobile-release");
        mobile.connection = Some("prod".into());
        waiting(
            &mut mobile,
            "Approval",
            "ManualApproval",
            "a1a1a1a1-0000",
            "2026-12-06T17:00:00Z",
        );
        waiting(
            &mut mobile,
            "Approval",
            "ManualApproval",
            "b2b2b2b2-0000",
            "2026-12-06T17:00:00Z",
        );
        let mut web = health("web");
        web.connection = Some("prod".into());
        failing(&mut web, "Build", "Compile", "c3c3c3c3-0000");
        let model = TrayModel::from_badge(&BadgeState::from_health([&mobile, &web]), NOW);
        let event = |i: usize| {
            MenuCommand::parse(model.entries[i].id.as_deref().expect("a click"))
                .and_then(MenuCommand::open_event)
                .expect("opens something")
        };
        assert_eq!(
            event(2),
            ControlOpenEvent {
                connection: Some("prod".into()),
                pipeline: "mobile-release".into(),
                approve: Some(ApproveTarget {
                    stage: "Approval".into(),
                    action: "ManualApproval".into(),
                    pipeline_execution_id: Some("b2b2b2b2-0000".into()),
                }),
                why: None,
            }
        );
        assert_eq!(
            event(0),
            ControlOpenEvent {
                connection: Some("prod".into()),
                pipeline: "web".into(),
                approve: None,
                why: Some(WhyTarget {
                    stage: Some("Build".into()),
                    action: Some("Compile".into()),
                    pipeline_execution_id: Some("c3c3c3c3-0000".into()),
                }),
            }
        );
    }

    #[test]
    fn approvals_alone_ask_for_attention_and_all_clear_is_quiet() {
        let mut api = health("api");
        waiting(&mut api, "Gate", "Sign", "r1", "2026-12-06T17:12:00Z");
        waiting(&mut api, "Gate", "Legal", "r1", "2026-12-04T17:00:00Z");
        let model = TrayModel::from_badge(&BadgeState::from_health([&api]), NOW);
        assert_eq!(model.icon, TrayIconKind::Attention);
        assert_eq!(model.title, "2 waiting");
        assert_eq!(model.count, 2);
        assert_eq!(
            labels(&model),
            vec![
                "Approve api at Gate › Sign (run r1, waiting under a minute)…",
                "Approve api at Gate › Legal (run r1, waiting 2 days)…",
            ]
        );

        let clear = TrayModel::from_badge(&BadgeState::from_health([&health("api")]), NOW);
        assert_eq!(clear.icon, TrayIconKind::Ok);
        assert_eq!((clear.title.as_str(), clear.count), ("", 0));
        assert_eq!(clear.entries.len(), 1);
        assert_eq!(clear.entries[0].id, None);
        let idle = TrayModel::from_badge(&BadgeState::default(), NOW);
        assert_eq!(idle.icon, TrayIconKind::Idle);
        assert_eq!(idle.tooltip, "Pipewright: no results yet");
    }

    #[test]
    fn the_tooltip_says_in_words_what_the_icon_shows() {
        let mut api = health("api");
        waiting(&mut api, "Gate", "Sign", "r1", "2026-12-06T17:12:00Z");
        let mut web = health("web");
        failing(&mut web, "Build", "Compile", "r2");
        let mut prod = ConnectionHealth::watching("prod");
        prod.watching = false;
        let badges = [
            BadgeState::default(),
            BadgeState::from_health([&health("api")]),
            BadgeState::from_health([&api]),
            BadgeState::from_health([&api, &web]),
            BadgeState::from_parts([&web], [&prod]),
        ];
        let kinds: Vec<TrayIconKind> = badges
            .iter()
            .map(|b| {
                let model = TrayModel::from_badge(b, NOW);
                assert!(
                    model.tooltip.contains(model.icon.words()),
                    "{:?}: {}",
                    model.icon,
                    model.tooltip
                );
                model.icon
            })
            .collect();
        assert_eq!(kinds, TrayIconKind::ALL);
    }

    #[test]
    fn long_lists_are_cut_with_a_summary_line() {
        let items: Vec<BadgeItem> = (0..20)
            .map(|i| BadgeItem {
                pipeline: format!("p{i}"),
                kind: BadgeItemKind::Failing,
                label: format!("p{i} failed"),
                connection: None,
                target: None,
            })
            .collect();
        let badge = BadgeState {
            waiting_approvals: 0,
            failing_pipelines: 20,
            not_watched: 0,
            colour: BadgeColour::Failure,
            items,
            tooltip: "Pipewright: 20 failing".into(),
        };
        let model = TrayModel::from_badge(&badge, NOW);
        assert_eq!(model.entries.len(), MAX_MENU_ITEMS + 1);
        assert_eq!(model.entries[0].label, "Show why p0 failed");
        assert_eq!(
            model.entries.last().map(|e| e.label.as_str()),
            Some("… and 8 more in the control room")
        );
        assert_eq!(model.count, 20);
    }

    #[test]
    fn the_same_click_twice_is_one_line() {
        let item = BadgeItem {
            pipeline: "web".into(),
            kind: BadgeItemKind::Failing,
            label: "web failed".into(),
            connection: None,
            target: Some(at("Build", "Compile", "r1", "2026-12-06T17:00:00Z")),
        };
        let badge = BadgeState {
            waiting_approvals: 0,
            failing_pipelines: 1,
            not_watched: 0,
            colour: BadgeColour::Failure,
            items: vec![item.clone(), item],
            tooltip: "Pipewright: 1 failing".into(),
        };
        assert_eq!(TrayModel::from_badge(&badge, NOW).entries.len(), 1);
    }

    #[test]
    fn several_connections_name_theirs_and_open_on_it() {
        let mut api = health("api");
        waiting(&mut api, "Review", "Approve", "r1", "2026-12-06T17:00:00Z");
        api.connection = Some("prod".into());
        let mut web = health("web");
        web.failing = true;
        web.connection = Some("Local sandbox".into());
        let model = TrayModel::from_badge(&BadgeState::from_health([&api, &web]), NOW);
        assert_eq!(
            labels(&model),
            vec![
                "Local sandbox: Show why web failed",
                "prod: Approve api at Review › Approve (run r1, waiting 12 min)…",
            ]
        );
        assert_eq!(
            model.entries[1].id.as_deref(),
            Some("approve:api|Review|Approve|r1|prod")
        );
        // One connection: no prefix, but the click still names it.
        let alone = TrayModel::from_badge(&BadgeState::from_health([&api]), NOW);
        assert_eq!(
            alone.entries[0].label,
            "Approve api at Review › Approve (run r1, waiting 12 min)…"
        );
    }

    #[test]
    fn menu_ids_parse_back() {
        let commands = [
            MenuCommand::Open {
                connection: None,
                pipeline: "web-app-prod".into(),
            },
            MenuCommand::Open {
                connection: Some("prod | eu".into()),
                pipeline: "web@2".into(),
            },
            MenuCommand::Approve {
                connection: Some("prod | eu".into()),
                pipeline: "web".into(),
                stage: "Gate".into(),
                action: "Sign".into(),
                pipeline_execution_id: Some("0f1e2d3c-aaaa".into()),
            },
            MenuCommand::Approve {
                connection: None,
                pipeline: "web".into(),
                stage: "Gate".into(),
                action: "Sign".into(),
                pipeline_execution_id: None,
            },
            MenuCommand::Why {
                connection: Some("dev".into()),
                pipeline: "web".into(),
                at: ActionAt {
                    stage: Some("Build".into()),
                    action: None,
                    pipeline_execution_id: Some("r9".into()),
                    since: None,
                },
            },
            MenuCommand::Show,
            MenuCommand::Quit,
        ];
        for c in commands {
            assert_eq!(MenuCommand::parse(&c.id()).as_ref(), Some(&c), "{}", c.id());
        }
        assert_eq!(
            MenuCommand::parse("open:web@2|prod | eu"),
            Some(MenuCommand::Open {
                connection: Some("prod | eu".into()),
                pipeline: "web@2".into()
            })
        );
        for bad in [
            "open:|prod",
            "open:",
            "other",
            "approve:web|Gate||r1|",
            "approve:web|Gate",
            "why:|a|b|c|d",
        ] {
            assert_eq!(MenuCommand::parse(bad), None, "{bad}");
        }
        assert_eq!(MenuCommand::Show.open_event(), None);
    }

    #[test]
    fn the_icon_is_the_states_shape_with_the_count() {
        let mut web = health("web");
        failing(&mut web, "Build", "Compile", "r1");
        let model = TrayModel::from_badge(&BadgeState::from_health([&web]), NOW);
        assert_eq!(
            model.icon_rgba(24),
            icon::render(TrayIconKind::Failure, 1, 24)
        );
        assert_ne!(
            model.icon_rgba(24),
            icon::render(TrayIconKind::Failure, 0, 24)
        );
    }

    #[test]
    fn a_connection_not_watched_has_its_own_icon_and_a_line_that_says_why() {
        let mut web = health("web");
        web.failing = true;
        web.connection = Some("dev".into());
        let mut prod = ConnectionHealth::watching("prod");
        prod.watching = false;
        prod.sign_in = true;
        prod.message = Some("the SSO session of prod has expired".into());
        let model = TrayModel::from_badge(&BadgeState::from_parts([&web], [&prod]), NOW);
        assert_eq!(model.icon, TrayIconKind::NotWatched);
        assert_eq!(model.title, "1 not watched · 1 failing");
        assert_eq!(model.entries[0].id, None);
        assert_eq!(
            model.entries[0].label,
            "prod is not watched: the SSO session of prod has expired"
        );
        assert_eq!(model.entries[1].id.as_deref(), Some("why:web||||dev"));
        assert!(model.tooltip.starts_with("Pipewright: not watching prod"));
    }
}
