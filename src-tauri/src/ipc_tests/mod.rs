//! The app's commands called through Tauri's real IPC layer (mock runtime, no window), with the
//! argument names the generated bindings send. This is what keeps the one command list in
//! `commands/mod.rs` honest: a command missing from the handler, or an argument named
//! differently from its function's, fails here. One module per area; the shared harness is here.

mod control;
mod designer;
mod environments;
mod remote;
mod review;
mod sign_in;
mod updates;

use std::collections::HashSet;

use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

use crate::bindings::camel;
use crate::commands::{self, specs};

/// Invokes `cmd` with `args` through the mock webview's IPC, as the UI does; the JSON answer, or
/// the JSON error.
pub(crate) fn ipc_call(
    webview: &WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("url"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(webview, request)
        .map(|body| body.deserialize::<Value>().expect("JSON response"))
}

/// [`ipc_call`], after checking that `args` has exactly the argument names the generated
/// bindings send for `cmd` (camelCase).
pub(crate) fn call_checked(
    webview: &WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let spec = specs()
        .into_iter()
        .find(|s| s.name == cmd)
        .unwrap_or_else(|| panic!("{cmd} is not in the command list"));
    let sent: HashSet<String> = args
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let expected: HashSet<String> = spec.args.iter().map(|(n, _)| camel(n)).collect();
    assert_eq!(sent, expected, "arguments of {cmd}");
    ipc_call(webview, cmd, args)
}

/// A mock app with every command, set up by `manage` (the managed state a test needs), and its
/// main webview.
pub(crate) fn mock_app(
    manage: impl FnOnce(&tauri::App<MockRuntime>),
) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = mock_builder()
        .invoke_handler(commands::handler())
        .build(mock_context(noop_assets()))
        .expect("build the mock app");
    manage(&app);
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window");
    (app, webview)
}

/// Manages the connections, a control room and its flows on `app`, as the app's setup does.
pub(crate) fn manage_control(
    app: &tauri::App<MockRuntime>,
    conns: pipewright_appcore::connections::ConnectionsState,
    room: pipewright_appcore::control_room::ControlRoom,
) {
    use tauri::Manager;
    let flows = pipewright_appcore::control_room::ControlFlows::new(
        room.clone(),
        conns.clone(),
        std::sync::Arc::new(crate::shell::TauriShell(app.handle().clone())),
        tauri::async_runtime::handle().inner().clone(),
    );
    app.manage(conns);
    app.manage(room);
    app.manage(flows);
}
