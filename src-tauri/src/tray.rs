//! The tray icon, shown while a connection is watched: its tooltip and title count the approvals
//! waiting and the pipelines failing over every watched connection (the watch crate's
//! [`BadgeState`]), its colour says the worst (a connection not watched wins, then failure), and
//! its menu lists them (a click opens that pipeline, on its connection; a connection not watched
//! is a line that says why) plus Show and Quit.
//!
//! [`TrayModel`] is a pure function of the badge (tested); [`sync`] shows, updates or removes the
//! icon. Without a tray host (a bare X server, some desktops) installing fails: it is logged once
//! and the app goes on without a tray.

use std::sync::atomic::{AtomicBool, Ordering};

use pipewright_appcore::control_room::{ControlFlows, ControlRoom};
use pipewright_appcore::events::ControlOpenEvent;
use pipewright_watch::{BadgeColour, BadgeItemKind, BadgeState};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Runtime};

/// The tray icon's id.
pub const TRAY_ID: &str = "pipewright";
/// Menu item ids: `open:<pipeline>` or `open:<pipeline>|<connection>` (a pipeline name has no
/// `|`), [`MENU_SHOW`], [`MENU_QUIT`].
pub const MENU_OPEN_PREFIX: &str = "open:";
pub const MENU_SHOW: &str = "show";
pub const MENU_QUIT: &str = "quit";
/// At most this many pipelines in the menu; the rest are summed up in one line.
pub const MAX_MENU_ITEMS: usize = 12;

const ICON_IDLE: &[u8] = include_bytes!("../../icons/tray/idle.png");
const ICON_OK: &[u8] = include_bytes!("../../icons/tray/ok.png");
const ICON_ATTENTION: &[u8] = include_bytes!("../../icons/tray/attention.png");
const ICON_FAILURE: &[u8] = include_bytes!("../../icons/tray/failure.png");
const ICON_NOT_WATCHED: &[u8] = include_bytes!("../../icons/tray/not-watched.png");

/// Which icon variant (`icons/tray/<name>.png`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayIconKind {
    Idle,
    Ok,
    Attention,
    Failure,
    /// A connection is not watched (struck through: the counts may be stale).
    NotWatched,
}

impl TrayIconKind {
    pub fn png(self) -> &'static [u8] {
        match self {
            TrayIconKind::Idle => ICON_IDLE,
            TrayIconKind::Ok => ICON_OK,
            TrayIconKind::Attention => ICON_ATTENTION,
            TrayIconKind::Failure => ICON_FAILURE,
            TrayIconKind::NotWatched => ICON_NOT_WATCHED,
        }
    }
}

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
    pub tooltip: String,
    /// Shown beside the icon where the desktop supports it: "2 waiting · 1 failing", or empty.
    pub title: String,
    pub icon: TrayIconKind,
    /// The pipelines, failures first (then Show and Quit after a separator).
    pub entries: Vec<TrayEntry>,
}

impl TrayModel {
    pub fn from_badge(badge: &BadgeState) -> Self {
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
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            > 1;
        let mut entries: Vec<TrayEntry> = badge
            .items
            .iter()
            .take(MAX_MENU_ITEMS)
            .map(|item| {
                let mark = match item.kind {
                    BadgeItemKind::NotWatched | BadgeItemKind::SignInNeeded => "⚠",
                    BadgeItemKind::Failing => "✖",
                    BadgeItemKind::ApprovalWaiting => "‖",
                };
                if item.pipeline.is_empty() {
                    // A connection not watched: a line that says which and why.
                    let connection = item.connection.as_deref().unwrap_or("AWS");
                    return TrayEntry {
                        id: None,
                        label: format!("{mark} {connection}: {}", item.label),
                    };
                }
                let label = match item.connection.as_deref().filter(|_| several) {
                    Some(connection) => format!("{mark} {connection}: {}", item.label),
                    None => format!("{mark} {}", item.label),
                };
                let id = match &item.connection {
                    Some(connection) => {
                        format!("{MENU_OPEN_PREFIX}{}|{connection}", item.pipeline)
                    }
                    None => format!("{MENU_OPEN_PREFIX}{}", item.pipeline),
                };
                TrayEntry {
                    id: Some(id),
                    label,
                }
            })
            .collect();
        if badge.items.len() > MAX_MENU_ITEMS {
            entries.push(TrayEntry {
                id: None,
                label: format!(
                    "… and {} more in the control room",
                    badge.items.len() - MAX_MENU_ITEMS
                ),
            });
        }
        if entries.is_empty() {
            entries.push(TrayEntry {
                id: None,
                label: "Nothing waits, nothing fails".into(),
            });
        }
        TrayModel {
            tooltip: badge.tooltip.clone(),
            title: parts.join(" · "),
            icon,
            entries,
        }
    }
}

/// What a menu click asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuCommand {
    Open {
        connection: Option<String>,
        pipeline: String,
    },
    Show,
    Quit,
}

impl MenuCommand {
    pub fn parse(id: &str) -> Option<Self> {
        match id {
            MENU_SHOW => Some(MenuCommand::Show),
            MENU_QUIT => Some(MenuCommand::Quit),
            _ => {
                let rest = id.strip_prefix(MENU_OPEN_PREFIX)?;
                let (pipeline, connection) = match rest.split_once('|') {
                    Some((p, c)) => (p, Some(c.to_string()).filter(|c| !c.is_empty())),
                    None => (rest, None),
                };
                (!pipeline.is_empty()).then(|| MenuCommand::Open {
                    connection,
                    pipeline: pipeline.to_string(),
                })
            }
        }
    }
}

fn build_menu<R: Runtime>(app: &AppHandle<R>, model: &TrayModel) -> tauri::Result<Menu<R>> {
    let menu = Menu::new(app)?;
    for entry in &model.entries {
        let item = match &entry.id {
            Some(id) => MenuItem::with_id(app, id, &entry.label, true, None::<&str>)?,
            None => MenuItem::new(app, &entry.label, false, None::<&str>)?,
        };
        menu.append(&item)?;
    }
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    menu.append(&MenuItem::with_id(
        app,
        MENU_SHOW,
        "Show Pipewright",
        true,
        None::<&str>,
    )?)?;
    menu.append(&MenuItem::with_id(
        app,
        MENU_QUIT,
        "Quit",
        true,
        None::<&str>,
    )?)?;
    Ok(menu)
}

fn on_menu<R: Runtime>(app: &AppHandle<R>, id: &str) {
    match MenuCommand::parse(id) {
        Some(MenuCommand::Open {
            connection,
            pipeline,
        }) => {
            let event = ControlOpenEvent {
                connection,
                pipeline,
                approve: None,
                why: None,
            };
            match app.try_state::<ControlFlows>() {
                Some(flows) => {
                    let flows = flows.inner().clone();
                    tauri::async_runtime::spawn(async move { flows.open_pipeline(event).await });
                }
                None => {
                    crate::window::show_main(app);
                    crate::shell::emit(app, &event);
                }
            }
        }
        Some(MenuCommand::Show) => crate::window::show_main(app),
        Some(MenuCommand::Quit) => app.exit(0),
        None => {}
    }
}

/// Keeps the tray in step with the control room: shown with the badge while something is
/// watched, removed otherwise.
pub fn follow<R: Runtime>(app: AppHandle<R>, room: &ControlRoom) {
    let mut badge = room.badge();
    let mut watching = room.watching();
    tauri::async_runtime::spawn(async move {
        loop {
            let value = badge.borrow_and_update().clone();
            let watched = !watching.borrow_and_update().is_empty();
            sync(&app, watched, &value);
            tokio::select! {
                r = badge.changed() => if r.is_err() { break },
                r = watching.changed() => if r.is_err() { break },
            }
        }
    });
}

/// Set once installing failed (no tray host): not tried again.
static NO_TRAY_HOST: AtomicBool = AtomicBool::new(false);

/// Shows the tray icon with this badge while `watching`, removes it otherwise.
pub fn sync<R: Runtime>(app: &AppHandle<R>, watching: bool, badge: &BadgeState) {
    let present = app.tray_by_id(TRAY_ID).is_some();
    if !watching {
        if present {
            let _ = app.remove_tray_by_id(TRAY_ID);
        }
        return;
    }
    if !present {
        if NO_TRAY_HOST.load(Ordering::Relaxed) {
            return;
        }
        if install(app).is_none() {
            NO_TRAY_HOST.store(true, Ordering::Relaxed);
            return;
        }
    }
    update(app, badge);
}

/// Creates the tray icon. Returns `None` (and logs why) when the desktop has no tray.
pub fn install<R: Runtime>(app: &AppHandle<R>) -> Option<TrayIcon<R>> {
    let model = TrayModel::from_badge(&BadgeState::default());
    let built = (|| -> tauri::Result<TrayIcon<R>> {
        let menu = build_menu(app, &model)?;
        TrayIconBuilder::with_id(TRAY_ID)
            .icon(tauri::image::Image::from_bytes(model.icon.png())?)
            .tooltip(&model.tooltip)
            .menu(&menu)
            .show_menu_on_left_click(true)
            .on_menu_event(|app, event| on_menu(app, event.id().as_ref()))
            .build(app)
    })();
    match built {
        Ok(tray) => Some(tray),
        Err(e) => {
            tracing::warn!("no tray icon ({e}); notifications and the control room still work");
            None
        }
    }
}

/// Applies the badge to the tray (no-op without a tray).
pub fn update<R: Runtime>(app: &AppHandle<R>, badge: &BadgeState) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let model = TrayModel::from_badge(badge);
    let result = (|| -> tauri::Result<()> {
        tray.set_tooltip(Some(&model.tooltip))?;
        tray.set_title(Some(&model.title))?;
        tray.set_icon(Some(tauri::image::Image::from_bytes(model.icon.png())?))?;
        tray.set_menu(Some(build_menu(app, &model)?))?;
        Ok(())
    })();
    if let Err(e) = result {
        tracing::warn!("could not update the tray icon: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipewright_watch::{BadgeItem, BuildStatus, ConnectionHealth, PipelineHealth};

    fn health(name: &str) -> PipelineHealth {
        PipelineHealth {
            pipeline: name.into(),
            running: false,
            approvals: vec![],
            waiting: vec![],
            failing: false,
            failure: None,
            failed_at: None,
            last_status: BuildStatus::Success,
            last_execution_id: None,
            last_change: None,
            connection: None,
        }
    }

    #[test]
    fn failure_wins_the_icon_and_leads_the_menu() {
        let mut api = health("api");
        api.approvals = vec!["Review › Approve".into()];
        let mut web = health("web");
        web.failing = true;
        web.failure = Some("Build › Compile".into());
        let model = TrayModel::from_badge(&BadgeState::from_health([&api, &web]));
        assert_eq!(model.icon, TrayIconKind::Failure);
        assert_eq!(model.title, "1 waiting · 1 failing");
        assert_eq!(model.tooltip, "Pipewright: 1 failing, 1 approval waiting");
        let ids: Vec<Option<&str>> = model.entries.iter().map(|e| e.id.as_deref()).collect();
        assert_eq!(ids, vec![Some("open:web"), Some("open:api")]);
        assert!(model.entries[0]
            .label
            .contains("web failed at Build › Compile"));
        assert!(model.entries[1]
            .label
            .contains("api: approve Review › Approve"));
    }

    #[test]
    fn approvals_alone_ask_for_attention_and_all_clear_is_quiet() {
        let mut api = health("api");
        api.approvals = vec!["Gate › Sign".into(), "Gate › Legal".into()];
        let model = TrayModel::from_badge(&BadgeState::from_health([&api]));
        assert_eq!(model.icon, TrayIconKind::Attention);
        assert_eq!(model.title, "2 waiting");
        assert_eq!(model.entries.len(), 2);

        let clear = TrayModel::from_badge(&BadgeState::from_health([&health("api")]));
        assert_eq!(clear.icon, TrayIconKind::Ok);
        assert_eq!(clear.title, "");
        assert_eq!(clear.entries.len(), 1);
        assert_eq!(clear.entries[0].id, None);
        assert_eq!(
            TrayModel::from_badge(&BadgeState::default()).icon,
            TrayIconKind::Idle
        );
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
        let model = TrayModel::from_badge(&badge);
        assert_eq!(model.entries.len(), MAX_MENU_ITEMS + 1);
        assert_eq!(
            model.entries.last().map(|e| e.label.as_str()),
            Some("… and 8 more in the control room")
        );
    }

    #[test]
    fn several_connections_name_theirs_and_open_on_it() {
        let mut api = health("api");
        api.approvals = vec!["Review › Approve".into()];
        api.connection = Some("prod".into());
        let mut web = health("web");
        web.failing = true;
        web.connection = Some("Local sandbox".into());
        let model = TrayModel::from_badge(&BadgeState::from_health([&api, &web]));
        assert_eq!(model.entries[0].label, "✖ Local sandbox: web failed");
        assert_eq!(
            model.entries[1].label,
            "‖ prod: api: approve Review › Approve"
        );
        assert_eq!(
            MenuCommand::parse(model.entries[1].id.as_deref().expect("id")),
            Some(MenuCommand::Open {
                connection: Some("prod".into()),
                pipeline: "api".into()
            })
        );
        // One connection: no prefix, but the click still names it.
        let alone = TrayModel::from_badge(&BadgeState::from_health([&api]));
        assert_eq!(alone.entries[0].label, "‖ api: approve Review › Approve");
        assert_eq!(alone.entries[0].id.as_deref(), Some("open:api|prod"));
    }

    #[test]
    fn menu_ids_parse_back() {
        assert_eq!(
            MenuCommand::parse("open:web-app-prod"),
            Some(MenuCommand::Open {
                connection: None,
                pipeline: "web-app-prod".into()
            })
        );
        assert_eq!(
            MenuCommand::parse("open:web@2|prod | eu"),
            Some(MenuCommand::Open {
                connection: Some("prod | eu".into()),
                pipeline: "web@2".into()
            })
        );
        assert_eq!(MenuCommand::parse("open:|prod"), None);
        assert_eq!(MenuCommand::parse("show"), Some(MenuCommand::Show));
        assert_eq!(MenuCommand::parse("quit"), Some(MenuCommand::Quit));
        assert_eq!(MenuCommand::parse("open:"), None);
        assert_eq!(MenuCommand::parse("other"), None);
    }

    #[test]
    fn icons_are_rgba_pngs_and_differ() {
        for kind in [
            TrayIconKind::Idle,
            TrayIconKind::Ok,
            TrayIconKind::Attention,
            TrayIconKind::Failure,
            TrayIconKind::NotWatched,
        ] {
            let image = tauri::image::Image::from_bytes(kind.png()).expect("decodes");
            assert_eq!((image.width(), image.height()), (32, 32));
            assert_eq!(image.rgba().len(), 32 * 32 * 4);
        }
        assert_ne!(TrayIconKind::Failure.png(), TrayIconKind::Attention.png());
        assert_ne!(TrayIconKind::NotWatched.png(), TrayIconKind::Failure.png());
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
        let model = TrayModel::from_badge(&BadgeState::from_parts([&web], [&prod]));
        assert_eq!(model.icon, TrayIconKind::NotWatched);
        assert_eq!(model.title, "1 not watched · 1 failing");
        assert_eq!(model.entries[0].id, None);
        assert_eq!(
            model.entries[0].label,
            "⚠ prod: not watched: the SSO session of prod has expired"
        );
        assert_eq!(model.entries[1].id.as_deref(), Some("open:web|dev"));
        assert!(model.tooltip.starts_with("Pipewright: not watching prod"));
    }
}
