//! The main window: its size and position, remembered across runs, and when it first shows.
//!
//! The window-state plugin restores the size and position and saves them when the app exits
//! normally. This module also saves them shortly after each move or resize, so a crash or a kill
//! does not lose them.
//!
//! The window is created hidden (`tauri.conf.json`) and shown once its page starts loading, when
//! the web process is up: a window shown before that can hold the start up while WebKitGTK waits
//! for the web process (docs/performance.md, app start-up).

use std::sync::mpsc;
use std::time::Duration;

use tauri::webview::{PageLoadEvent, PageLoadPayload};
use tauri::{Manager, Runtime, Webview, WebviewWindow, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// What is remembered and restored: everything but visibility, which [`show_when_loading`] decides.
pub fn remembered() -> StateFlags {
    StateFlags::all() - StateFlags::VISIBLE
}

/// Whether a page-load event is the one at which the window shows: its page starting to load.
pub fn shows_at(event: PageLoadEvent) -> bool {
    matches!(event, PageLoadEvent::Started)
}

/// When the window shows if its page has not started loading by then (a web process that does
/// not start): a window of its own with an empty page, rather than an app that seems not to run.
pub const SHOW_AT_LATEST: Duration = Duration::from_secs(3);

/// The app's page-load hook: show the webview's window (once its page starts loading).
pub fn show_when_loading<R: Runtime>(webview: &Webview<R>, payload: &PageLoadPayload<'_>) {
    if shows_at(payload.event()) {
        show(&webview.window());
    }
}

/// Show `window` after `after` if it is still hidden then.
pub fn show_at_latest<R: Runtime>(window: &tauri::Window<R>, after: Duration) {
    let window = window.clone();
    std::thread::spawn(move || {
        std::thread::sleep(after);
        let on_main = window.clone();
        let _ = window.run_on_main_thread(move || show(&on_main));
    });
}

fn show<R: Runtime>(window: &tauri::Window<R>) {
    if !window.is_visible().unwrap_or(true) {
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// How long the window must stay still before its state is written.
const SETTLE: Duration = Duration::from_millis(400);

/// Save `window`'s state (in the app config folder) once it settles after a move or resize.
pub fn remember_geometry<R: Runtime>(window: &WebviewWindow<R>) {
    let (moved, settled) = mpsc::channel::<()>();
    let app = window.app_handle().clone();
    std::thread::spawn(move || {
        while settled.recv().is_ok() {
            while settled.recv_timeout(SETTLE).is_ok() {}
            // On the main thread: the plugin holds its state lock while it reads the window, and
            // its own event handler takes that lock on the main thread; saving from this thread
            // could deadlock the two.
            let handle = app.clone();
            let _ = app.run_on_main_thread(move || {
                let _ = handle.save_window_state(remembered());
            });
        }
    });
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            let _ = moved.send(());
        }
    });
}

/// Shows, unminimizes and focuses the main window.
pub fn show_main<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visibility_is_neither_saved_nor_restored() {
        assert!(!remembered().contains(StateFlags::VISIBLE));
        assert!(
            remembered().contains(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
        );
    }

    #[test]
    fn the_window_shows_when_its_page_starts_loading() {
        assert!(shows_at(PageLoadEvent::Started));
        assert!(!shows_at(PageLoadEvent::Finished));
    }
}
