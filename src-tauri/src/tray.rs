//! The tray icon, shown while a connection is watched: the app crate's [`TrayModel`] (the worst
//! state's icon with the count, a tooltip in words, one menu line per thing to do) put in the
//! desktop's tray, and a click on a line handed to the control room's flows. [`follow`] keeps it
//! in step with the badge; [`sync`] shows, updates or removes it. Without a tray host (a bare X
//! server, some desktops) installing fails: it is logged once and the app goes on without a tray.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use pipewright_appcore::control_room::{ControlFlows, ControlRoom};
use pipewright_appcore::tray::{icon, MenuCommand, TrayModel, MENU_QUIT, MENU_SHOW};
use pipewright_watch::BadgeState;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Runtime};

/// The tray icon's id.
pub const TRAY_ID: &str = "pipewright";

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
    let Some(command) = MenuCommand::parse(id) else {
        return;
    };
    match command {
        MenuCommand::Show => crate::window::show_main(app),
        MenuCommand::Quit => app.exit(0),
        command => {
            let Some(event) = command.open_event() else {
                return;
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
    }
}

/// Milliseconds since the epoch, now.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Keeps the tray in step with the control room: shown with the badge while something is
/// watched, removed otherwise; once a minute the approvals' waiting times move on.
pub fn follow<R: Runtime>(app: AppHandle<R>, room: &ControlRoom) {
    let mut badge = room.badge();
    let mut watching = room.watching();
    tauri::async_runtime::spawn(async move {
        let mut shown: Option<TrayModel> = None;
        let mut minute = tokio::time::interval(Duration::from_secs(60));
        minute.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let value = badge.borrow_and_update().clone();
            let watched = !watching.borrow_and_update().is_empty();
            sync(&app, watched, &value, &mut shown);
            tokio::select! {
                r = badge.changed() => if r.is_err() { break },
                r = watching.changed() => if r.is_err() { break },
                _ = minute.tick() => {}
            }
        }
    });
}

/// Set once installing failed (no tray host): not tried again.
static NO_TRAY_HOST: AtomicBool = AtomicBool::new(false);

/// Shows the tray icon with this badge while `watching`, removes it otherwise. `shown` is what
/// the tray shows now: nothing is redone when the model is the same (an open menu stays open).
pub fn sync<R: Runtime>(
    app: &AppHandle<R>,
    watching: bool,
    badge: &BadgeState,
    shown: &mut Option<TrayModel>,
) {
    let present = app.tray_by_id(TRAY_ID).is_some();
    if !watching {
        if present {
            let _ = app.remove_tray_by_id(TRAY_ID);
        }
        *shown = None;
        return;
    }
    if !present {
        *shown = None;
        if NO_TRAY_HOST.load(Ordering::Relaxed) {
            return;
        }
        if install(app).is_none() {
            NO_TRAY_HOST.store(true, Ordering::Relaxed);
            return;
        }
    }
    let model = TrayModel::from_badge(badge, now_ms());
    if shown.as_ref() != Some(&model) {
        update(app, &model);
        *shown = Some(model);
    }
}

fn image(model: &TrayModel) -> tauri::image::Image<'static> {
    tauri::image::Image::new_owned(model.icon_rgba(icon::SIZE), icon::SIZE, icon::SIZE)
}

/// Creates the tray icon. Returns `None` (and logs why) when the desktop has no tray.
pub fn install<R: Runtime>(app: &AppHandle<R>) -> Option<TrayIcon<R>> {
    let model = TrayModel::from_badge(&BadgeState::default(), now_ms());
    let built = (|| -> tauri::Result<TrayIcon<R>> {
        let menu = build_menu(app, &model)?;
        TrayIconBuilder::with_id(TRAY_ID)
            .icon(image(&model))
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

/// Shows `model` in the tray (no-op without a tray).
pub fn update<R: Runtime>(app: &AppHandle<R>, model: &TrayModel) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let result = (|| -> tauri::Result<()> {
        tray.set_tooltip(Some(&model.tooltip))?;
        tray.set_title(Some(&model.title))?;
        tray.set_icon(Some(image(model)))?;
        tray.set_menu(Some(build_menu(app, model)?))?;
        Ok(())
    })();
    if let Err(e) = result {
        tracing::warn!("could not update the tray icon: {e}");
    }
}
