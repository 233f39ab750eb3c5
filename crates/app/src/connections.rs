//! The app's AWS connections: the connections store (`pipewright-connections`) behind a
//! `tokio::sync::Mutex`, shared by the shell's commands and the control room (cheap to clone).
//!
//! Other parts of the app (sync, the control room, the built-in local sandbox) use the active
//! connection through [`ConnectionsState::current`] and never hold the lock across AWS calls.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use pipewright_connections::{
    ActiveConnection, Connection, Connections, Keyring, Resolved, KNOWN_REGIONS,
};
use serde::Serialize;
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};

use crate::error::{AppError, ErrorKind, ErrorPayload};

/// File name of the saved connections inside the app's config folder.
pub const CONNECTIONS_FILE: &str = "connections.json";

/// What the settings screen shows: the saved connections (never a secret), the active one,
/// whether access keys can be stored here, and the regions to pick from.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionsOverview {
    pub connections: Vec<Connection>,
    pub active: Option<ActiveConnection>,
    /// `null` when the OS keyring (Secret Service) works; otherwise the sentence to show, and
    /// the "access keys" kind is not offered.
    pub keyring_problem: Option<String>,
    /// Regions CodePipeline is offered in, for the region pickers.
    pub regions: Vec<String>,
}

/// The connections store, or why it could not be opened. Clones share the store.
#[derive(Debug, Clone)]
pub struct ConnectionsState {
    inner: Arc<Mutex<Option<Connections>>>,
    open_error: Option<ErrorPayload>,
    path: PathBuf,
}

impl ConnectionsState {
    /// Opens `<config_dir>/connections.json` with the OS keyring. A corrupt file does not stop
    /// the app: every connections command then says what is wrong with it.
    pub fn open(config_dir: &Path, keyring: Keyring) -> Self {
        let path = config_dir.join(CONNECTIONS_FILE);
        match Connections::open(&path, keyring) {
            Ok(c) => ConnectionsState {
                inner: Arc::new(Mutex::new(Some(c))),
                open_error: None,
                path,
            },
            Err(e) => ConnectionsState {
                inner: Arc::new(Mutex::new(None)),
                open_error: Some(AppError::from(e).payload()),
                path,
            },
        }
    }

    /// Where the connections are saved.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The store, locked. Do not keep it across a long AWS call.
    pub async fn lock(&self) -> Result<MappedMutexGuard<'_, Connections>, AppError> {
        let guard = self.inner.lock().await;
        MutexGuard::try_map(guard, Option::as_mut).map_err(|_| self.unavailable())
    }

    fn unavailable(&self) -> AppError {
        match &self.open_error {
            Some(e) => AppError::other(e.kind, e.message.clone()),
            None => AppError::other(
                ErrorKind::CorruptFile,
                format!(
                    "the connections file {} could not be opened: fix or move it away, then restart Pipewright",
                    self.path.display()
                ),
            ),
        }
    }

    /// The active connection, resolved (its SDK config builds every AWS client). The lock is
    /// released before the caller talks to AWS.
    pub async fn current(&self) -> Result<Resolved, AppError> {
        let mut conns = self.lock().await?;
        Ok(conns.current().await?)
    }

    /// The active connection for the title bar, if any (no IO).
    pub async fn active(&self) -> Option<ActiveConnection> {
        self.lock().await.ok().and_then(|c| c.active())
    }

    /// The settings screen's view, after re-reading the file (the CLI may have changed it).
    pub async fn overview(&self) -> Result<ConnectionsOverview, AppError> {
        let mut conns = self.lock().await?;
        conns.reload()?;
        Ok(ConnectionsOverview {
            connections: conns.list(),
            active: conns.active(),
            keyring_problem: conns.keyring_available().err().map(|e| e.to_string()),
            regions: KNOWN_REGIONS.iter().map(|r| (*r).to_string()).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupt_file_is_reported_by_every_call() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(CONNECTIONS_FILE), "{ not json").expect("write");
        let state = ConnectionsState::open(dir.path(), Keyring::new("pipewright-test-unused"));
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let err = rt.block_on(state.overview()).expect_err("corrupt");
        assert_eq!(err.kind(), ErrorKind::CorruptFile);
        assert!(err.to_string().contains("connections.json"), "{err}");
        assert!(rt.block_on(state.active()).is_none());
    }

    #[test]
    fn an_empty_folder_has_no_connections_and_lists_regions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = ConnectionsState::open(dir.path(), Keyring::new("pipewright-test-unused"));
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let view = rt.block_on(state.overview()).expect("overview");
        assert!(view.connections.is_empty());
        assert!(view.active.is_none());
        assert!(view.regions.iter().any(|r| r == "eu-west-1"));
        let err = rt.block_on(state.current()).expect_err("none active");
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert!(err.to_string().contains("No connection is active"), "{err}");
    }
}
