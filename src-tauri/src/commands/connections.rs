//! Connections commands: the settings screen (list, add, edit, rotate, remove, test) and the
//! active connection and region (title bar). Secrets come in once (`add_connection`,
//! `rotate_connection_secret`) and go to the OS keyring; no command returns one. "Sign in" of an
//! SSO connection (`sign_in_connection`, `cancel_sign_in`, `connection_sessions`) and a new MFA
//! code for a connection whose MFA session ended (`sign_in_mfa`) are the app's use cases in
//! `pipewright_appcore::sign_in`.

use pipewright_connections::{
    ActiveConnection, AwsProfileInfo, ConnectOptions, Connection, ConnectionEdit, NewConnection,
    SecretInput, TestReport,
};
use tauri::{AppHandle, Manager, Runtime, State};

use pipewright_appcore::connections::{ConnectionsOverview, ConnectionsState};
use pipewright_appcore::control_room::ControlFlows;
use pipewright_appcore::events::ActiveConnectionEvent;
use pipewright_appcore::sign_in::{ConnectionSession, SignInWaiting};
use pipewright_appcore::Result;

/// Tell the title bar what is active now.
fn announce<R: Runtime>(app: &AppHandle<R>, active: Option<ActiveConnection>) {
    crate::shell::emit(app, &ActiveConnectionEvent { active });
}

/// The watched connections may have changed: the control room starts and stops watchers.
fn rewatch<R: Runtime>(app: &AppHandle<R>, restart: Option<String>) {
    if let Some(flows) = app.try_state::<ControlFlows>() {
        flows.rewatch(restart);
    }
}

#[tauri::command]
pub async fn list_connections(state: State<'_, ConnectionsState>) -> Result<ConnectionsOverview> {
    state.overview().await
}

#[tauri::command]
pub async fn aws_profiles(state: State<'_, ConnectionsState>) -> Result<Vec<AwsProfileInfo>> {
    let conns = state.lock().await?;
    Ok(conns.aws_profiles().await?)
}

#[tauri::command]
pub async fn add_connection<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, ConnectionsState>,
    connection: NewConnection,
) -> Result<Connection> {
    let mut conns = state.lock().await?;
    let c = conns.add(connection)?;
    drop(conns);
    // The control room's checklist offers it.
    rewatch(&app, None);
    Ok(c)
}

#[tauri::command]
pub async fn edit_connection<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, ConnectionsState>,
    id: String,
    edit: ConnectionEdit,
) -> Result<Connection> {
    let mut conns = state.lock().await?;
    let c = conns.edit(&id, edit)?;
    let active = conns.active();
    drop(conns);
    if active.as_ref().and_then(|a| a.id.as_deref()) == Some(c.id.as_str()) {
        announce(&app, active);
    }
    // A watched connection renamed or moved: its watcher follows.
    rewatch(&app, Some(c.id.clone()));
    Ok(c)
}

#[tauri::command]
pub async fn rotate_connection_secret<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, ConnectionsState>,
    id: String,
    secret: SecretInput,
) -> Result<Connection> {
    let mut conns = state.lock().await?;
    let c = conns.rotate_secret(&id, secret)?;
    drop(conns);
    // A watched connection's watcher starts again with the new credentials.
    rewatch(&app, Some(c.id.clone()));
    Ok(c)
}

/// Removes a connection and its keyring secrets.
#[tauri::command]
pub async fn remove_connection<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, ConnectionsState>,
    id: String,
) -> Result<Connection> {
    let mut conns = state.lock().await?;
    let was_active = conns.active().and_then(|a| a.id) == Some(id.clone());
    let c = conns.remove(&id)?;
    drop(conns);
    // No longer chosen for watching; its watcher stops.
    if let Some(room) = app.try_state::<pipewright_appcore::control_room::ControlRoom>() {
        if let Err(e) = room.forget_connection(&c.id) {
            eprintln!("pipewright: the control room settings keep {}: {e}", c.name);
        }
    }
    if was_active {
        announce(&app, None);
    }
    rewatch(&app, None);
    Ok(c)
}

/// "Test connection": one real ListPipelines call, answered in plain words.
#[tauri::command]
pub async fn test_connection(
    state: State<'_, ConnectionsState>,
    id: String,
    options: ConnectOptions,
) -> Result<TestReport> {
    // Resolve under the lock, then probe without it: a slow endpoint does not hold up the
    // other connection commands (or the control room) for the call's time limit.
    let resolved = {
        let mut conns = state.lock().await?;
        conns.resolve(&id, &options).await?
    };
    Ok(pipewright_connections::test_connection(&resolved).await?)
}

/// Makes a connection the active one (remembered for the next start).
#[tauri::command]
pub async fn activate_connection<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, ConnectionsState>,
    id: String,
    options: ConnectOptions,
) -> Result<ActiveConnection> {
    let mut conns = state.lock().await?;
    let active = conns.activate(&id, &options).await?;
    announce(&app, Some(active.clone()));
    Ok(active)
}

/// Switches the active connection to another region (same credentials, instant).
#[tauri::command]
pub async fn switch_region<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, ConnectionsState>,
    region: String,
) -> Result<ActiveConnection> {
    let mut conns = state.lock().await?;
    let active = conns.switch_region(&region)?;
    announce(&app, Some(active.clone()));
    Ok(active)
}

/// The active connection and region, if any.
#[tauri::command]
pub async fn active_connection(
    state: State<'_, ConnectionsState>,
) -> Result<Option<ActiveConnection>> {
    Ok(state.active().await)
}

/// "Sign in": starts the IAM Identity Center (SSO) sign-in of a saved connection (its id or
/// name). Resolves with the code and the page (opened in the browser); how it ends comes as the
/// `sign-in` event.
#[tauri::command]
pub async fn sign_in_connection(
    flows: State<'_, ControlFlows>,
    connection: String,
) -> Result<SignInWaiting> {
    flows.sign_in(&connection).await
}

/// Signs a connection with an MFA device in again with a new code (its id or name): a new MFA
/// session, and its watcher resumes on it.
#[tauri::command]
pub async fn sign_in_mfa(
    flows: State<'_, ControlFlows>,
    connection: String,
    code: String,
) -> Result<ConnectionSession> {
    flows.sign_in_mfa(&connection, &code).await
}

/// Cancels a connection's running sign-in; `false` when none runs.
#[tauri::command]
pub async fn cancel_sign_in(flows: State<'_, ControlFlows>, connection: String) -> Result<bool> {
    flows.cancel_sign_in(&connection).await
}

/// How long the SSO session of each saved connection on an SSO profile has left.
#[tauri::command]
pub async fn connection_sessions(
    state: State<'_, ConnectionsState>,
) -> Result<Vec<ConnectionSession>> {
    pipewright_appcore::sign_in::sessions(&state).await
}
