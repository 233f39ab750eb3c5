//! The main window's size and position, remembered across runs. The window-state plugin
//! restores them and saves them when the app exits normally; this also saves them shortly after
//! each move or resize, so a crash or a kill does not lose them.

use std::sync::mpsc;
use std::time::Duration;

use tauri::{Manager, Runtime, WebviewWindow, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

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
                let _ = handle.save_window_state(StateFlags::all());
            });
        }
    });
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            let _ = moved.send(());
        }
    });
}
