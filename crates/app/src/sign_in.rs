//! "Sign in" from the app: IAM Identity Center (SSO) sign-in of a saved connection on an SSO
//! profile, with the same device flow as `pipewright connections login`
//! ([`pipewright_connections::sso::device`]): start a device authorization, open its
//! verification URL in the browser (through the [`Shell`]), ask for the token at the service's
//! interval until the user approved, denied, or the code expired, and write the standard SSO
//! token cache. Then the connection's watcher polls at once, so watching resumes (and says so)
//! without waiting for the next poll.
//!
//! One sign-in runs per connection; starting another replaces it, and [`SignIns::cancel`] stops
//! it. The outcome reaches the UI as [`SignInEvent`]s; [`sessions`] tells how long each SSO
//! connection's session has left.
//!
//! A connection on access keys with an MFA device signs in again with a new code instead
//! ([`method`] tells which a connection needs): [`refresh_mfa`] asks STS for a new session with
//! that code, never reusing the one that ended.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use pipewright_connections::sso::{self, SessionStatus};
use pipewright_connections::{Auth, ConnectOptions, Connection, SignInMethod};
use serde::{Deserialize, Serialize};
use tokio::task::AbortHandle;

use crate::connections::ConnectionsState;
use crate::control_room::ControlRoom;
use crate::error::{AppError, Result};
use crate::events::{self, Shell};
pub use crate::events::{SignInEvent, SignInState, SignInWaiting};

/// The SSO session of one saved connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionSession {
    pub connection_id: String,
    pub session: SessionStatus,
}

/// The sign-ins running now, by connection id (cheap to clone).
#[derive(Debug, Clone, Default)]
pub struct SignIns {
    running: Arc<Mutex<BTreeMap<String, AbortHandle>>>,
}

fn lock(
    m: &Mutex<BTreeMap<String, AbortHandle>>,
) -> std::sync::MutexGuard<'_, BTreeMap<String, AbortHandle>> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn millis(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

/// The saved connection named `id_or_name` (its id, else its name).
async fn connection(conns: &ConnectionsState, id_or_name: &str) -> Result<Connection> {
    let list = conns.lock().await?.list();
    list.iter()
        .find(|c| c.id == id_or_name)
        .or_else(|| list.iter().find(|c| c.name == id_or_name))
        .cloned()
        .ok_or_else(|| {
            AppError::from(pipewright_connections::Error::NotFound(
                id_or_name.to_string(),
            ))
        })
}

impl SignIns {
    /// Starts the SSO sign-in of the saved connection `id_or_name` (its id or its name): a
    /// device authorization whose page opens in the browser. Returns (and sends as a
    /// [`SignInEvent`]) the code and the page; the rest runs in the background on `runtime`:
    /// the token cache is written once the user approves, then `room` polls the connection at
    /// once so that its watcher resumes. A sign-in of the same connection that still runs is
    /// replaced.
    pub async fn start(
        &self,
        conns: &ConnectionsState,
        room: &ControlRoom,
        shell: Arc<dyn Shell>,
        runtime: &tokio::runtime::Handle,
        id_or_name: &str,
    ) -> Result<SignInWaiting> {
        let c = connection(conns, id_or_name).await?;
        let profile = sso::of_connection(&c).await?;
        let pending = sso::device::start(&profile).await?;
        let opened = match shell.open_url(&pending.verification_url) {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!("the sign-in page did not open in the browser: {e}");
                false
            }
        };
        let waiting = SignInWaiting {
            connection_id: c.id.clone(),
            connection: c.name.clone(),
            user_code: pending.user_code.clone(),
            verification_url: pending.verification_url.clone(),
            expires_at_ms: millis(pending.expires_at),
            opened,
        };
        let say = {
            let shell = shell.clone();
            let (id, name) = (c.id.clone(), c.name.clone());
            move |state: SignInState| {
                events::emit(
                    shell.as_ref(),
                    &SignInEvent {
                        connection_id: id.clone(),
                        connection: name.clone(),
                        state,
                    },
                )
            }
        };
        say(SignInState::Waiting(waiting.clone()));
        let room = room.clone();
        let running = self.running.clone();
        let id = c.id.clone();
        let name = c.name.clone();
        let mut map = lock(&self.running);
        let task = runtime.spawn(async move {
            let state = match pending.finish().await {
                Ok(session) => {
                    // The watcher polls now: its credentials provider reads the new token, the
                    // health turns back to watching and "Watching again" is said.
                    room.refresh_connection(&name);
                    SignInState::SignedIn {
                        session: SessionStatus::at(Some(session.expires_at), SystemTime::now()),
                    }
                }
                Err(e) => SignInState::Failed {
                    message: AppError::from(e).to_string(),
                },
            };
            {
                // Only this task's own entry: a newer sign-in of the connection may have
                // replaced it.
                let mut running = lock(&running);
                if running
                    .get(&id)
                    .is_some_and(|t| t.id() == tokio::task::id())
                {
                    running.remove(&id);
                }
            }
            say(state);
        });
        if let Some(old) = map.insert(c.id.clone(), task.abort_handle()) {
            old.abort();
        }
        Ok(waiting)
    }

    /// Stops the running sign-in of the connection `id` (its id), and says so; false when none
    /// runs.
    pub fn cancel(&self, shell: &dyn Shell, id: &str, name: &str) -> bool {
        let Some(task) = lock(&self.running).remove(id) else {
            return false;
        };
        task.abort();
        events::emit(
            shell,
            &SignInEvent {
                connection_id: id.to_string(),
                connection: name.to_string(),
                state: SignInState::Cancelled,
            },
        );
        true
    }

    /// Whether a sign-in of the connection `id` runs.
    pub fn running(&self, id: &str) -> bool {
        lock(&self.running)
            .get(id)
            .is_some_and(|t| !t.is_finished())
    }
}

/// Cancels the sign-in of the saved connection `id_or_name`; false when none runs.
pub async fn cancel(
    sign_ins: &SignIns,
    conns: &ConnectionsState,
    shell: &dyn Shell,
    id_or_name: &str,
) -> Result<bool> {
    let c = connection(conns, id_or_name).await?;
    Ok(sign_ins.cancel(shell, &c.id, &c.name))
}

/// How the saved connection `id_or_name` signs in again: with a new MFA code when it is an access
/// key with an MFA device, else through IAM Identity Center (SSO).
pub async fn method(conns: &ConnectionsState, id_or_name: &str) -> Result<SignInMethod> {
    let c = connection(conns, id_or_name).await?;
    Ok(match c.auth {
        Auth::AccessKey {
            mfa_serial: Some(_),
            ..
        } => SignInMethod::Mfa,
        _ => SignInMethod::Sso,
    })
}

/// A new MFA session for the saved connection `id_or_name` from the `code` its device shows now:
/// STS is asked again with it (the session that ended is dropped, never reused) and the new one
/// replaces it for every later use of the connection. An empty code is refused as
/// `mfa-code-required`.
pub async fn refresh_mfa(
    conns: &ConnectionsState,
    id_or_name: &str,
    code: &str,
) -> Result<ConnectionSession> {
    let c = connection(conns, id_or_name).await?;
    let serial = match &c.auth {
        Auth::AccessKey {
            mfa_serial: Some(serial),
            ..
        } => serial.clone(),
        _ => {
            return Err(AppError::from(pipewright_connections::Error::Input(
                format!(
                    "connection '{}' has no MFA device; sign it in with \"Sign in\" instead",
                    c.name
                ),
            )))
        }
    };
    if code.trim().is_empty() {
        return Err(AppError::from(
            pipewright_connections::Error::MfaCodeRequired {
                connection: c.name.clone(),
                serial,
            },
        ));
    }
    let options = ConnectOptions {
        mfa_code: Some(code.trim().to_string()),
        ..ConnectOptions::default()
    };
    let resolved = conns.lock().await?.resolve(&c.id, &options).await?;
    Ok(ConnectionSession {
        connection_id: c.id,
        session: SessionStatus::at(resolved.session_expires, SystemTime::now()),
    })
}

/// How long the session of each saved connection on an SSO profile has left (others are left
/// out), as the token cache says.
pub async fn sessions(conns: &ConnectionsState) -> Result<Vec<ConnectionSession>> {
    let list = conns.lock().await?.list();
    let mut out = Vec::new();
    for c in list {
        let Ok(profile) = sso::of_connection(&c).await else {
            continue;
        };
        if let Ok(session) = sso::session(&profile) {
            out.push(ConnectionSession {
                connection_id: c.id,
                session,
            });
        }
    }
    Ok(out)
}
