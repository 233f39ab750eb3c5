//! Pipewright's desktop app: a thin Tauri 2 shell. Commands (`commands/<area>.rs`) are glue over
//! the Pipewright crates; what the app does without a window lives in `pipewright-appcore`
//! (crates/app), tested without a display.

#[cfg(test)]
mod bindings;
pub mod commands;
#[cfg(test)]
mod config_tests;
pub mod folders;
#[cfg(test)]
mod ipc_tests;
pub mod shell;
pub mod startup;
pub mod tray;
pub mod updater;
pub mod window;

/// The build script's rule for what the window loads, tested with the app.
#[cfg(test)]
#[path = "../build/ui.rs"]
mod build_ui;

use tauri::Manager;

use pipewright_appcore::control_room::{ControlFlows, ControlRoom};
use pipewright_appcore::events::{ActiveConnectionEvent, Event, OpenFileEvent};
use pipewright_appcore::state::{file_from_args, AppState};

/// Start the app (the binary's `main`).
pub fn run() {
    logging();
    pipewright_appcore::rendering::choose();
    let cwd = std::env::current_dir().unwrap_or_default();
    let startup = file_from_args(std::env::args(), &cwd);
    let context = tauri::generate_context!();
    let workspace = startup::workspace_files(context.assets().iter().map(|(path, _)| path));
    let result = tauri::Builder::default()
        // First: a second launch hands its file to this instance and exits.
        .plugin(tauri_plugin_single_instance::init(|app, argv, cwd| {
            window::show_main(app);
            if let Some(path) = file_from_args(&argv, std::path::Path::new(&cwd)) {
                app.state::<AppState>().set_startup_file(Some(path.clone()));
                shell::emit(app, &OpenFileEvent { path });
            }
        }))
        // Then: the folders of a former bundle identifier moved, before anything reads them.
        .plugin(folders::plugin())
        .plugin(startup::plugin(startup.as_deref(), &workspace))
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(window::remembered())
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(updater::plugin())
        .setup(move |app| {
            updater::check_when_prompt_ready(app.handle());
            let config_dir = app.path().app_config_dir()?;
            let data_dir = app.path().app_data_dir()?;
            app.manage(AppState::new(&config_dir, &data_dir, startup));
            let conns = pipewright_appcore::connections::ConnectionsState::open(
                &config_dir,
                pipewright_connections::Keyring::default(),
            );
            app.manage(conns.clone());
            // The control room: the last session's connection and the watched connections'
            // watchers (the tray shows while one runs). The local sandbox starts with the
            // control room, or when it is watched.
            let room = ControlRoom::new(&config_dir);
            app.manage(room.clone());
            let flows = ControlFlows::new(
                room.clone(),
                conns,
                std::sync::Arc::new(shell::TauriShell(app.handle().clone())),
                tauri::async_runtime::handle().inner().clone(),
            );
            app.manage(flows.clone());
            follow_active_connection(app.handle(), flows.clone());
            tray::follow(app.handle().clone(), &room);
            flows.spawn();
            if let Some(main) = app.get_webview_window("main") {
                // A file dropped on the window counts as chosen (the UI then opens it).
                let handle = app.handle().clone();
                main.on_window_event(move |event| {
                    if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop {
                        paths, ..
                    }) = event
                    {
                        for path in paths {
                            handle.state::<AppState>().grants.grant_file(path);
                        }
                    }
                });
                window::remember_geometry(&main);
                window::show_at_latest(&main.as_ref().window(), window::SHOW_AT_LATEST);
            }
            Ok(())
        })
        .on_page_load(window::show_when_loading)
        .invoke_handler(commands::handler())
        .run(context);
    if let Err(error) = result {
        tracing::error!("Pipewright could not start: {error}. Check that a graphical session (DISPLAY or WAYLAND_DISPLAY) is available.");
        std::process::exit(1);
    }
}

/// Another connection or region chosen, a connection edited or removed (the connections
/// commands say so with `active-connection`): the control room follows it.
fn follow_active_connection<R: tauri::Runtime>(app: &tauri::AppHandle<R>, flows: ControlFlows) {
    use tauri::Listener;
    app.listen(ActiveConnectionEvent::NAME, move |event| {
        let Ok(payload) = serde_json::from_str::<ActiveConnectionEvent>(event.payload()) else {
            return;
        };
        let flows = flows.clone();
        tauri::async_runtime::spawn(async move { flows.follow_active(payload.active).await });
    });
}

/// The app's log: warnings and errors on stderr, more with `PIPEWRIGHT_LOG` (a `tracing` filter,
/// e.g. `PIPEWRIGHT_LOG=debug` or `PIPEWRIGHT_LOG=pipewright_watch=trace`). Never a secret: the
/// crates log no credentials.
fn logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PIPEWRIGHT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
