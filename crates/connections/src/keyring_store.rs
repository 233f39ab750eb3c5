//! Secrets in the OS keyring through the `keyring` crate. One entry per connection and secret
//! part: service `pipewright`, user `<connection id>/<part>`.
//!
//! Each platform has its own store, chosen by the `keyring` feature enabled for it in this
//! crate's `Cargo.toml` ([`platform`] names it): the Secret Service on Linux and the BSDs
//! (`sync-secret-service`), the Keychain on macOS (`apple-native`), the Credential Manager on
//! Windows (`windows-native`). keyring 3 falls back to an in-memory mock store, silently, on a
//! platform without one: a test checks that this build has a real one.

use crate::error::{Error, Result};
use crate::secret::Secret;

/// The OS store of this platform, by its name in messages.
pub mod platform {
    #[cfg(all(unix, not(target_os = "macos")))]
    pub const STORE: &str = "the Secret Service";
    #[cfg(target_os = "macos")]
    pub const STORE: &str = "the macOS Keychain";
    #[cfg(target_os = "windows")]
    pub const STORE: &str = "the Windows Credential Manager";
}

/// The keyring service name of the app's entries.
pub const DEFAULT_SERVICE: &str = "pipewright";

/// Which secret of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    SecretAccessKey,
    SessionToken,
}

impl Part {
    fn as_str(self) -> &'static str {
        match self {
            Part::SecretAccessKey => "secret-access-key",
            Part::SessionToken => "session-token",
        }
    }
}

/// The OS keyring, under one service name (tests use their own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyring {
    service: String,
}

impl Default for Keyring {
    fn default() -> Self {
        Keyring::new(DEFAULT_SERVICE)
    }
}

impl Keyring {
    pub fn new(service: impl Into<String>) -> Self {
        Keyring {
            service: service.into(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    /// Checks that a keyring is there and answers (a read of an entry that does not exist).
    /// `Err(Error::KeyringUnavailable)` says to use an AWS profile or the environment instead.
    pub fn check_available(&self) -> Result<()> {
        let entry = self.entry_for("availability-probe")?;
        match entry.get_password() {
            Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        }
    }

    fn entry_for(&self, user: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, user).map_err(map_error)
    }

    fn entry(&self, id: &str, part: Part) -> Result<keyring::Entry> {
        self.entry_for(&format!("{id}/{}", part.as_str()))
    }

    /// Stores (or replaces) a secret.
    pub(crate) fn store(&self, id: &str, part: Part, secret: &Secret) -> Result<()> {
        self.entry(id, part)?
            .set_password(secret.expose())
            .map_err(map_error)
    }

    /// Reads a secret; `Ok(None)` when there is no such entry.
    pub(crate) fn read(&self, id: &str, part: Part) -> Result<Option<Secret>> {
        match self.entry(id, part)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    /// Deletes a secret; deleting one that is not there is fine.
    pub(crate) fn delete(&self, id: &str, part: Part) -> Result<()> {
        match self.entry(id, part)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        }
    }

    /// Deletes every secret of a connection.
    pub(crate) fn delete_all(&self, id: &str) -> Result<()> {
        self.delete(id, Part::SecretAccessKey)?;
        self.delete(id, Part::SessionToken)
    }
}

/// Maps keyring errors to sentences. Never includes a secret (`BadEncoding` carries the stored
/// bytes: they are dropped here).
fn map_error(e: keyring::Error) -> Error {
    match e {
        keyring::Error::NoStorageAccess(inner) | keyring::Error::PlatformFailure(inner) => {
            Error::KeyringUnavailable {
                detail: format!("{}: {inner}", platform::STORE),
            }
        }
        keyring::Error::BadEncoding(_) => Error::Keyring {
            detail: "a stored secret is not valid UTF-8; replace it".to_owned(),
        },
        keyring::Error::Ambiguous(found) => Error::Keyring {
            detail: format!(
                "{} keyring entries match one secret; delete the extra ones",
                found.len()
            ),
        },
        keyring::Error::NoEntry => Error::Keyring {
            detail: "the entry does not exist".to_owned(),
        },
        other => Error::Keyring {
            detail: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The credential type of this platform's store.
    #[cfg(all(unix, not(target_os = "macos")))]
    type Native = keyring::secret_service::SsCredential;
    #[cfg(target_os = "macos")]
    type Native = keyring::macos::MacCredential;
    #[cfg(target_os = "windows")]
    type Native = keyring::windows::WinCredential;

    #[test]
    fn entries_live_in_this_platforms_store_not_keyrings_mock() {
        let entry = Keyring::new("pipewright-test").entry_for("probe").unwrap();
        let credential = entry.get_credential();
        assert!(
            credential.downcast_ref::<Native>().is_some(),
            "the keyring entry is not in {}: is the platform's keyring feature enabled in Cargo.toml?",
            platform::STORE
        );
        assert!(credential
            .downcast_ref::<keyring::mock::MockCredential>()
            .is_none());
    }
}
