//! [`Connections`]: what the desktop app holds in its state. Saved connections, the active one,
//! and one resolved SDK config per connection kept in memory, so switching back and forth is
//! instant and never logs in again.

use std::collections::HashMap;
use std::path::PathBuf;

use aws_config::SdkConfig;

use crate::aws_profiles;
use crate::error::{Error, Result};
use crate::keyring_store::Keyring;
use crate::model::{
    ActiveConnection, Auth, AwsProfileInfo, Connection, ConnectionEdit, NewConnection, SecretInput,
    TestReport,
};
use crate::probe;
use crate::resolve::{self, ConnectOptions};
use crate::resolved::Resolved;
use crate::sso::{self, SessionStatus};
use crate::store::ConnectionStore;

/// How long before its end an MFA session is no longer used.
const SESSION_MARGIN: std::time::Duration = std::time::Duration::from_secs(60);

/// Saved connections, the active one, and a cache of resolved SDK configs.
#[derive(Debug)]
pub struct Connections {
    store: ConnectionStore,
    /// Resolved configs by connection id (in the connection's own region).
    cache: HashMap<String, Resolved>,
    /// The active connection's id and its region, when it differs from the connection's.
    active: Option<(String, Option<String>)>,
}

impl Connections {
    /// Opens the connections file at `path` (the app passes `<app config dir>/connections.json`).
    /// Nothing touches the keyring until an access-key connection is used.
    pub fn open(path: impl Into<PathBuf>, keyring: Keyring) -> Result<Self> {
        Ok(Connections {
            store: ConnectionStore::open(path, keyring)?,
            cache: HashMap::new(),
            active: None,
        })
    }

    pub fn store(&self) -> &ConnectionStore {
        &self.store
    }

    /// Whether access-key connections can be used here: `Err(KeyringUnavailable)` (with the
    /// sentence to show) when there is no OS keyring; the other kinds work either way.
    pub fn keyring_available(&self) -> Result<()> {
        self.store.keyring().check_available()
    }

    /// Re-reads the connections file (another process, like the CLI, may have changed it) and
    /// forgets the resolved configs of connections that changed or went away.
    pub fn reload(&mut self) -> Result<()> {
        let before = self.store.list().to_vec();
        self.store.reload()?;
        for old in before {
            if self.store.get(&old.id) != Some(&old) {
                self.forget(&old.id);
            }
        }
        if let Some((id, _)) = &self.active {
            if self.store.get(id).is_none() {
                self.active = None;
            }
        }
        Ok(())
    }

    /// The saved connections.
    pub fn list(&self) -> Vec<Connection> {
        self.store.list().to_vec()
    }

    /// The named profiles of `~/.aws` (honours AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE).
    pub async fn aws_profiles(&self) -> Result<Vec<AwsProfileInfo>> {
        aws_profiles::list_aws_profiles().await
    }

    pub fn add(&mut self, new: NewConnection) -> Result<Connection> {
        self.store.add(new)
    }

    pub fn upsert_local_sandbox(&mut self, endpoint_url: &str) -> Result<Connection> {
        let c = self.store.upsert_local_sandbox(endpoint_url)?;
        self.forget(&c.id);
        Ok(c)
    }

    /// Edits a connection; if it is the active one, its new region applies from now on.
    pub fn edit(&mut self, name_or_id: &str, edit: ConnectionEdit) -> Result<Connection> {
        let c = self.store.edit(name_or_id, edit)?;
        self.forget(&c.id);
        if let Some((id, region)) = &mut self.active {
            if *id == c.id {
                *region = None;
            }
        }
        Ok(c)
    }

    /// Replaces an access-key connection's secret in the keyring; the next use logs in with it.
    pub fn rotate_secret(&mut self, name_or_id: &str, input: SecretInput) -> Result<Connection> {
        let c = self.store.rotate_secret(name_or_id, input)?;
        self.forget(&c.id);
        Ok(c)
    }

    /// Removes a connection and its keyring secrets; if it was active, none is active after.
    pub fn remove(&mut self, name_or_id: &str) -> Result<Connection> {
        let c = self.store.remove(name_or_id)?;
        self.forget(&c.id);
        if self.active.as_ref().is_some_and(|(id, _)| *id == c.id) {
            self.active = None;
        }
        Ok(c)
    }

    fn forget(&mut self, id: &str) {
        self.cache.remove(id);
    }

    /// Resolves a connection (or reuses its cached config) without making it active.
    pub async fn resolve(
        &mut self,
        name_or_id: &str,
        options: &ConnectOptions,
    ) -> Result<Resolved> {
        let c = self
            .store
            .find(name_or_id)
            .cloned()
            .ok_or_else(|| Error::NotFound(name_or_id.to_owned()))?;
        let plain = options.region.is_none() && options.endpoint_url.is_none();
        // A new MFA code means a new session: never the cached one.
        let new_code = options
            .mfa_code
            .as_deref()
            .is_some_and(|c| !c.trim().is_empty());
        if plain && !new_code {
            if let Some(r) = self.cache.get(&c.id) {
                // An MFA session that ended (or ends within a minute) is not reused: a new code
                // is asked for.
                if !r.session_ended(SESSION_MARGIN) {
                    return Ok(r.clone());
                }
                self.cache.remove(&c.id);
            }
        }
        let resolved = resolve::resolve(&self.store, &c, options).await?;
        if plain {
            self.cache.insert(c.id.clone(), resolved.clone());
        }
        Ok(resolved)
    }

    /// Makes a connection the active one (remembered in the file for the next start). Switching
    /// to a connection used before in this session reuses its credentials: no new login.
    pub async fn activate(
        &mut self,
        name_or_id: &str,
        options: &ConnectOptions,
    ) -> Result<ActiveConnection> {
        let base = ConnectOptions {
            region: None,
            endpoint_url: None,
            mfa_code: options.mfa_code.clone(),
        };
        let resolved = self.resolve(name_or_id, &base).await?;
        let id = resolved
            .active
            .id
            .clone()
            .unwrap_or_else(|| name_or_id.to_owned());
        let resolved = match options.region.as_deref() {
            Some(r) => resolved.with_region(r)?,
            None => resolved,
        };
        self.store.set_active(Some(&id))?;
        self.active = Some((id, options.region.clone()));
        tracing::info!(connection = %resolved.active.name, region = %resolved.active.region, "connection activated");
        Ok(resolved.active)
    }

    /// Activates the connection remembered in the file, if any (at app start). A failure (a
    /// missing secret, an MFA code needed) leaves no connection active and is returned.
    pub async fn restore_active(&mut self) -> Result<Option<ActiveConnection>> {
        let Some(id) = self.store.active_id().map(str::to_owned) else {
            return Ok(None);
        };
        self.activate(&id, &ConnectOptions::default())
            .await
            .map(Some)
    }

    /// Switches the active connection to another region, reusing its credentials (instant).
    pub fn switch_region(&mut self, region: &str) -> Result<ActiveConnection> {
        let (id, _) = self.active.clone().ok_or_else(no_active)?;
        let region = crate::store::check_region(Some(region))?.ok_or_else(|| {
            Error::Input("The region is empty: pick a region such as us-east-1.".into())
        })?;
        self.active = Some((id, Some(region)));
        self.active().ok_or_else(no_active)
    }

    /// The active connection and region, for the title bar (no IO).
    pub fn active(&self) -> Option<ActiveConnection> {
        let (id, region) = self.active.as_ref()?;
        if let Some(cached) = self.cache.get(id) {
            return match region {
                Some(r) => cached.with_region(r).ok().map(|r| r.active),
                None => Some(cached.active.clone()),
            };
        }
        // Edited since it was resolved: describe it from the saved profile.
        let c = self.store.get(id)?;
        let region = region
            .clone()
            .or_else(|| c.region.clone())
            .unwrap_or_default();
        Some(ActiveConnection::new(
            Some(c.id.clone()),
            &c.name,
            c.kind(),
            &region,
            c.endpoint_url.clone(),
            None,
        ))
    }

    /// The active connection's SDK config (build every AWS client from it), resolving it again
    /// if it was edited since.
    pub async fn current(&mut self) -> Result<Resolved> {
        let (id, region) = self.active.clone().ok_or_else(no_active)?;
        let resolved = self.resolve(&id, &ConnectOptions::default()).await?;
        match region {
            Some(r) => resolved.with_region(&r),
            None => Ok(resolved),
        }
    }

    /// The active connection's SDK config.
    pub async fn sdk_config(&mut self) -> Result<SdkConfig> {
        self.current().await.map(|r| r.sdk_config)
    }

    /// When the session of a connection resolved in this process ends (an MFA session), if it
    /// has one.
    pub fn session_expires(&self, name_or_id: &str) -> Option<std::time::SystemTime> {
        let c = self.store.find(name_or_id)?;
        self.cache.get(&c.id).and_then(|r| r.session_expires)
    }

    /// The sign-in session of each saved connection that has one: an SSO profile's (from the
    /// SSO token cache, shared with the AWS CLI) or an MFA session made in this process. By
    /// connection id.
    pub async fn sessions(&self) -> Vec<(String, SessionStatus)> {
        let mut out = Vec::new();
        let now = std::time::SystemTime::now();
        for c in self.store.list() {
            match &c.auth {
                Auth::AwsProfile { .. } => {
                    if let Ok(p) = sso::of_connection(c).await {
                        if let Ok(status) = sso::session(&p) {
                            out.push((c.id.clone(), status));
                        }
                    }
                }
                Auth::AccessKey {
                    mfa_serial: Some(_),
                    ..
                } => {
                    let expires = self.cache.get(&c.id).and_then(|r| r.session_expires);
                    out.push((c.id.clone(), SessionStatus::at(expires, now)));
                }
                _ => {}
            }
        }
        out
    }

    /// The SSO settings of a saved connection on an SSO profile (to sign it in).
    pub async fn sso_profile(&self, name_or_id: &str) -> Result<sso::SsoProfile> {
        let c = self
            .store
            .find(name_or_id)
            .ok_or_else(|| Error::NotFound(name_or_id.to_owned()))?;
        sso::of_connection(c).await
    }

    /// "Test connection" for a saved connection: one real `ListPipelines` call.
    pub async fn test(&mut self, name_or_id: &str, options: &ConnectOptions) -> Result<TestReport> {
        let resolved = self.resolve(name_or_id, options).await?;
        probe::test_connection(&resolved).await
    }
}

fn no_active() -> Error {
    Error::Input(
        "No connection is active: pick one in Settings > Connections (or pass --profile).".into(),
    )
}
