//! The connections and sync commands called through Tauri's real IPC layer (mock runtime, no
//! window), with the argument names the generated bindings send, against real parts: the
//! Secret Service of `scripts/with-session.sh` and moto's server on loopback.

mod connections;
mod sync;

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tauri::test::MockRuntime;
use tauri::{Listener, Manager, WebviewWindow};

use pipewright_appcore::connections::ConnectionsState;
use pipewright_appcore::control_room::ControlRoom;
use pipewright_appcore::events::SyncProgress;
use pipewright_appcore::events::{ActiveConnectionEvent, Event};
use pipewright_appcore::state::AppState;

pub(crate) use pipewright_test_support::moto;

/// The commands these tests call.
pub(crate) const COVERED: &[&str] = &[
    "list_connections",
    "aws_profiles",
    "add_connection",
    "edit_connection",
    "rotate_connection_secret",
    "remove_connection",
    "test_connection",
    "activate_connection",
    "switch_region",
    "active_connection",
    "sync_plan",
    "sync_apply",
    "remote_pipelines",
    "sync_import",
    "delete_remote_pipeline",
];

pub(crate) struct Harness {
    app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
    /// Every response, ok or error, as JSON text (to look for secrets).
    pub transcript: Vec<String>,
    /// Event payloads as (event name, JSON).
    pub events: Arc<Mutex<Vec<(String, Value)>>>,
    pub called: HashSet<String>,
}

impl Harness {
    /// A mock app whose connections live in `config` with the keyring service `service`.
    pub fn new(config: &Path, service: &str) -> Self {
        let (app, webview) = crate::ipc_tests::mock_app(|app| {
            app.manage(AppState::new(config, config, None));
            let conns =
                ConnectionsState::open(config, pipewright_connections::Keyring::new(service));
            crate::ipc_tests::manage_control(app, conns, ControlRoom::new(config));
        });
        let events = Arc::new(Mutex::new(Vec::new()));
        for name in [ActiveConnectionEvent::NAME, SyncProgress::NAME] {
            let sink = events.clone();
            app.listen_any(name, move |event| {
                let payload: Value = serde_json::from_str(event.payload()).unwrap_or(Value::Null);
                sink.lock()
                    .expect("events lock")
                    .push((name.to_string(), payload));
            });
        }
        Harness {
            app,
            webview,
            transcript: Vec::new(),
            events,
            called: HashSet::new(),
        }
    }

    /// The user chose `folder` in the folder dialog (the dialogs themselves need a window).
    pub fn choose_folder(&self, folder: &Path) {
        self.app.state::<AppState>().grants.grant_folder(folder);
    }

    /// Call `cmd` with `args` (camelCase keys, exactly those of the command list).
    pub fn call(&mut self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.called.insert(cmd.to_string());
        let result = crate::ipc_tests::call_checked(&self.webview, cmd, args);
        self.transcript.push(match &result {
            Ok(v) | Err(v) => v.to_string(),
        });
        result
    }

    pub fn ok(&mut self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    pub fn err(&mut self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args) {
            Ok(v) => panic!("{cmd} should have failed but answered {v}"),
            Err(e) => e,
        }
    }

    /// The payloads of one event so far.
    pub fn events_named(&self, name: &str) -> Vec<Value> {
        self.events
            .lock()
            .expect("events lock")
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// Every file under `dir` (recursively) as text, lossy.
pub(crate) fn all_text_under(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(all_text_under(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((
                path.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    out
}
