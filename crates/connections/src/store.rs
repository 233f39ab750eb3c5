//! [`ConnectionStore`]: the saved connections (a JSON file in the app's config folder, written
//! atomically, never holding a secret) plus their secrets in the OS keyring.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::keyring_store::{Keyring, Part};
use crate::model::{
    Auth, AuthInput, Connection, ConnectionEdit, NewConnection, SecretInput, SANDBOX_NAME,
    SANDBOX_REGION,
};
use crate::secret::Secret;

const FILE_VERSION: u32 = 1;

/// The file's content.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConnectionsFile {
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    active: Option<String>,
    #[serde(default)]
    connections: Vec<Connection>,
}

/// Saved connections and their keyring secrets.
#[derive(Debug)]
pub struct ConnectionStore {
    path: PathBuf,
    keyring: Keyring,
    file: ConnectionsFile,
}

/// `<config dir>/pipewright/connections.json` (the CLI's default; the app passes its own).
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("pipewright").join("connections.json"))
}

impl ConnectionStore {
    /// Opens the store at `path` (a missing file is an empty store; nothing is written until a
    /// change).
    pub fn open(path: impl Into<PathBuf>, keyring: Keyring) -> Result<Self> {
        let path = path.into();
        let file = read_file(&path)?;
        Ok(ConnectionStore {
            path,
            keyring,
            file,
        })
    }

    /// Re-reads the file, so a change saves on top of what another process (the CLI, a second
    /// window) wrote meanwhile instead of overwriting it.
    pub fn reload(&mut self) -> Result<()> {
        self.file = read_file(&self.path)?;
        Ok(())
    }

    /// Starts a change: takes the file's lock (`connections.json.lock`, waiting while another
    /// Pipewright, the app or the CLI, changes it), then reads the file again, so that the
    /// change is made to what is on disk and no other change is written over. The lock is
    /// released when the returned guard drops, after the change is saved.
    fn begin(&mut self) -> Result<FileLock> {
        let lock = FileLock::take(&self.path)?;
        self.reload()?;
        Ok(lock)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn keyring(&self) -> &Keyring {
        &self.keyring
    }

    /// The saved connections, in the order they were added.
    pub fn list(&self) -> &[Connection] {
        &self.file.connections
    }

    pub fn get(&self, id: &str) -> Option<&Connection> {
        self.file.connections.iter().find(|c| c.id == id)
    }

    /// Finds a connection by id, then name, then name ignoring case.
    pub fn find(&self, name_or_id: &str) -> Option<&Connection> {
        let all = &self.file.connections;
        all.iter()
            .find(|c| c.id == name_or_id)
            .or_else(|| all.iter().find(|c| c.name == name_or_id))
            .or_else(|| all.iter().find(|c| c.name.eq_ignore_ascii_case(name_or_id)))
    }

    fn find_required(&self, name_or_id: &str) -> Result<&Connection> {
        self.find(name_or_id)
            .ok_or_else(|| Error::NotFound(name_or_id.to_owned()))
    }

    /// The id of the connection the app last activated.
    pub fn active_id(&self) -> Option<&str> {
        self.file.active.as_deref()
    }

    /// Remembers the active connection (or none).
    pub fn set_active(&mut self, id: Option<&str>) -> Result<()> {
        let _lock = self.begin()?;
        if let Some(id) = id {
            self.find_required(id)?;
        }
        self.file.active = id.map(str::to_owned);
        self.save()
    }

    /// Adds a connection. Access-key secrets go to the OS keyring first; if that fails nothing
    /// is saved.
    pub fn add(&mut self, new: NewConnection) -> Result<Connection> {
        let _lock = self.begin()?;
        self.add_locked(new)
    }

    /// [`Self::add`], the file's lock held and the file read.
    fn add_locked(&mut self, new: NewConnection) -> Result<Connection> {
        let name = check_name(&new.name)?;
        self.check_unique(&name, None)?;
        let region = check_region(new.region.as_deref())?;
        let endpoint_url = check_endpoint(new.endpoint_url.as_deref())?;
        let id = uuid::Uuid::new_v4().to_string();
        let mut secrets: Option<(Secret, Option<Secret>)> = None;
        let (auth, region, endpoint_url) = match new.auth {
            AuthInput::AccessKey {
                access_key_id,
                secret_access_key,
                session_token,
                mfa_serial,
            } => {
                let access_key_id = check_key_id(&access_key_id)?;
                if secret_access_key.is_empty() {
                    return Err(Error::Input(
                        "The secret access key is empty: paste the secret that belongs to the access key id.".into(),
                    ));
                }
                let session_token = session_token.filter(|t| !t.is_empty());
                let auth = Auth::AccessKey {
                    access_key_id,
                    has_session_token: session_token.is_some(),
                    mfa_serial: non_empty(mfa_serial),
                };
                secrets = Some((secret_access_key, session_token));
                (auth, region, endpoint_url)
            }
            AuthInput::AwsProfile { profile } => {
                let profile = profile.trim().to_owned();
                if profile.is_empty() {
                    return Err(Error::Input(
                        "The AWS profile name is empty: pick a profile from ~/.aws/config.".into(),
                    ));
                }
                (Auth::AwsProfile { profile }, region, endpoint_url)
            }
            AuthInput::Environment => (Auth::Environment, region, endpoint_url),
            AuthInput::LocalSandbox => {
                let url = endpoint_url.ok_or_else(|| Error::InvalidEndpoint {
                    url: String::new(),
                    reason: "the local sandbox needs its loopback endpoint URL, like http://127.0.0.1:4566".into(),
                })?;
                check_loopback(&url)?;
                (
                    Auth::LocalSandbox,
                    region.or_else(|| Some(SANDBOX_REGION.to_owned())),
                    Some(url),
                )
            }
        };
        if let Some((secret, token)) = &secrets {
            self.keyring.store(&id, Part::SecretAccessKey, secret)?;
            let stored_token = match token {
                Some(token) => self.keyring.store(&id, Part::SessionToken, token),
                None => self.keyring.delete(&id, Part::SessionToken),
            };
            if let Err(e) = stored_token {
                let _ = self.keyring.delete_all(&id);
                return Err(e);
            }
        }
        let connection = Connection {
            id: id.clone(),
            name,
            region,
            auth,
            endpoint_url,
        };
        self.file.connections.push(connection.clone());
        if let Err(e) = self.save() {
            self.file.connections.retain(|c| c.id != id);
            if secrets.is_some() {
                let _ = self.keyring.delete_all(&id);
            }
            return Err(e);
        }
        tracing::info!(connection = %connection.name, kind = ?connection.kind(), "connection added");
        Ok(connection)
    }

    /// Adds the built-in local sandbox connection, or points the existing one at `endpoint_url`.
    pub fn upsert_local_sandbox(&mut self, endpoint_url: &str) -> Result<Connection> {
        let _lock = self.begin()?;
        let existing = self
            .file
            .connections
            .iter()
            .find(|c| c.is_embedded_sandbox())
            .map(|c| c.id.clone());
        match existing {
            Some(id) => {
                let url = check_endpoint(Some(endpoint_url))?.unwrap_or_default();
                check_loopback(&url)?;
                let c = self.connection_mut(&id)?;
                c.endpoint_url = Some(url);
                let c = c.clone();
                self.save()?;
                Ok(c)
            }
            None => self.add_locked(NewConnection {
                name: SANDBOX_NAME.to_owned(),
                region: Some(SANDBOX_REGION.to_owned()),
                endpoint_url: Some(endpoint_url.to_owned()),
                auth: AuthInput::LocalSandbox,
            }),
        }
    }

    /// Changes the name, region, endpoint (and MFA device) of a connection.
    pub fn edit(&mut self, name_or_id: &str, edit: ConnectionEdit) -> Result<Connection> {
        let _lock = self.begin()?;
        let id = self.find_required(name_or_id)?.id.clone();
        let name = check_name(&edit.name)?;
        self.check_unique(&name, Some(&id))?;
        let region = check_region(edit.region.as_deref())?;
        let endpoint_url = check_endpoint(edit.endpoint_url.as_deref())?;
        let c = self.connection_mut(&id)?;
        if c.is_sandbox() {
            let url = endpoint_url.clone().ok_or_else(|| Error::InvalidEndpoint {
                url: String::new(),
                reason: "the local sandbox needs its loopback endpoint URL".into(),
            })?;
            check_loopback(&url)?;
        }
        let before = c.clone();
        c.name = name;
        c.region = region;
        c.endpoint_url = endpoint_url;
        if let Auth::AccessKey { mfa_serial, .. } = &mut c.auth {
            *mfa_serial = non_empty(edit.mfa_serial);
        }
        let after = c.clone();
        if let Err(e) = self.save() {
            *self.connection_mut(&id)? = before;
            return Err(e);
        }
        Ok(after)
    }

    /// Replaces the secrets of an access-key connection (rotation). The old secret is
    /// overwritten in the keyring; a session token that is not given is removed.
    pub fn rotate_secret(&mut self, name_or_id: &str, input: SecretInput) -> Result<Connection> {
        let _lock = self.begin()?;
        let c = self.find_required(name_or_id)?.clone();
        if !matches!(c.auth, Auth::AccessKey { .. }) {
            return Err(Error::Input(format!(
                "Connection '{}' does not use an access key, so it has no secret to replace: edit its AWS profile or environment instead.",
                c.name
            )));
        }
        if input.secret_access_key.is_empty() {
            return Err(Error::Input(
                "The new secret access key is empty: paste the secret of the new access key."
                    .into(),
            ));
        }
        let new_key_id = match &input.access_key_id {
            Some(k) => Some(check_key_id(k)?),
            None => None,
        };
        let token = input.session_token.filter(|t| !t.is_empty());
        self.keyring
            .store(&c.id, Part::SecretAccessKey, &input.secret_access_key)?;
        match &token {
            Some(t) => self.keyring.store(&c.id, Part::SessionToken, t)?,
            None => self.keyring.delete(&c.id, Part::SessionToken)?,
        }
        let stored = self.connection_mut(&c.id)?;
        if let Auth::AccessKey {
            access_key_id,
            has_session_token,
            ..
        } = &mut stored.auth
        {
            if let Some(k) = new_key_id {
                *access_key_id = k;
            }
            *has_session_token = token.is_some();
        }
        let updated = stored.clone();
        self.save()?;
        tracing::info!(connection = %updated.name, "connection secret replaced");
        Ok(updated)
    }

    /// Removes a connection and deletes its secrets from the OS keyring.
    pub fn remove(&mut self, name_or_id: &str) -> Result<Connection> {
        let _lock = self.begin()?;
        let c = self.find_required(name_or_id)?.clone();
        if matches!(c.auth, Auth::AccessKey { .. }) {
            self.keyring.delete_all(&c.id)?;
        }
        self.file.connections.retain(|x| x.id != c.id);
        if self.file.active.as_deref() == Some(c.id.as_str()) {
            self.file.active = None;
        }
        self.save()?;
        tracing::info!(connection = %c.name, "connection removed");
        Ok(c)
    }

    /// The secret access key and session token of an access-key connection, from the keyring.
    pub(crate) fn read_secrets(&self, c: &Connection) -> Result<(Secret, Option<Secret>)> {
        let secret = self
            .keyring
            .read(&c.id, Part::SecretAccessKey)?
            .ok_or_else(|| Error::SecretMissing {
                connection: c.name.clone(),
            })?;
        let token = match &c.auth {
            Auth::AccessKey {
                has_session_token: true,
                ..
            } => self.keyring.read(&c.id, Part::SessionToken)?,
            _ => None,
        };
        Ok((secret, token))
    }

    fn connection_mut(&mut self, id: &str) -> Result<&mut Connection> {
        self.file
            .connections
            .iter_mut()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::NotFound(id.to_owned()))
    }

    fn check_unique(&self, name: &str, except_id: Option<&str>) -> Result<()> {
        let clash = self
            .file
            .connections
            .iter()
            .any(|c| c.name.eq_ignore_ascii_case(name) && Some(c.id.as_str()) != except_id);
        if clash {
            Err(Error::DuplicateName(name.to_owned()))
        } else {
            Ok(())
        }
    }

    /// Writes the file atomically: a temporary file in the same folder, flushed, then renamed.
    fn save(&self) -> Result<()> {
        let dir = self
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| Path::new("."));
        fs::create_dir_all(dir).map_err(|e| Error::io("create the folder", dir, e))?;
        let mut text =
            serde_json::to_string_pretty(&self.file).map_err(|e| Error::CorruptFile {
                path: self.path.clone(),
                detail: e.to_string(),
            })?;
        text.push('\n');
        pipewright_files::write_atomic(&self.path, text.as_bytes())
            .map_err(|e| Error::io("write", &self.path, e))
    }
}

/// The exclusive lock of the connections file while a change is read, made and written (an OS
/// file lock on `<file>.lock`: released when this drops, or when the process ends).
struct FileLock {
    _file: fs::File,
}

impl FileLock {
    fn take(path: &Path) -> Result<FileLock> {
        let lock_path = {
            let mut p = path.as_os_str().to_owned();
            p.push(".lock");
            PathBuf::from(p)
        };
        if let Some(dir) = lock_path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| Error::io("create the folder", dir, e))?;
        }
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io("open", &lock_path, e))?;
        file.lock().map_err(|e| Error::io("lock", &lock_path, e))?;
        Ok(FileLock { _file: file })
    }
}

fn read_file(path: &Path) -> Result<ConnectionsFile> {
    match fs::read_to_string(path) {
        Ok(text) => {
            let file: ConnectionsFile =
                serde_json::from_str(&text).map_err(|e| Error::CorruptFile {
                    path: path.to_owned(),
                    detail: e.to_string(),
                })?;
            if file.version > FILE_VERSION {
                return Err(Error::CorruptFile {
                    path: path.to_owned(),
                    detail: format!(
                        "it was written by a newer Pipewright (format {})",
                        file.version
                    ),
                });
            }
            Ok(file)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ConnectionsFile {
            version: FILE_VERSION,
            ..Default::default()
        }),
        Err(e) => Err(Error::io("read", path, e)),
    }
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Input(
            "The connection name is empty: give it a short name like 'prod' or 'dev'.".into(),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::Input(
            "The connection name contains control characters: use letters, digits, spaces or dashes.".into(),
        ));
    }
    Ok(name.to_owned())
}

fn check_key_id(id: &str) -> Result<String> {
    let id = id.trim();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Error::Input(
            "The access key id must be letters and digits only (like AKIAIOSFODNN7EXAMPLE): check that the id, not the secret, is in this field.".into(),
        ));
    }
    Ok(id.to_owned())
}

/// Checks the shape of a region name (`us-east-1`, `us-gov-west-1`); `None`/empty means "inherit".
pub fn check_region(region: Option<&str>) -> Result<Option<String>> {
    let Some(region) = region.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    if looks_like_region(region) {
        Ok(Some(region.to_owned()))
    } else {
        Err(Error::Input(format!(
            "'{region}' does not look like an AWS region: use a region code such as us-east-1 or eu-west-1."
        )))
    }
}

pub(crate) fn looks_like_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].chars().all(|c| c.is_ascii_lowercase())
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
}

/// Checks an endpoint URL (http or https, a host, no credentials in it); returns it normalised.
pub fn check_endpoint(url: Option<&str>) -> Result<Option<String>> {
    let Some(raw) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    let invalid = |reason: &str| Error::InvalidEndpoint {
        url: raw.to_owned(),
        reason: reason.to_owned(),
    };
    let parsed = url::Url::parse(raw).map_err(|e| {
        invalid(&format!(
            "it is not a URL ({e}); write it like http://127.0.0.1:4566 or https://codepipeline.eu-west-1.amazonaws.com"
        ))
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("only http:// and https:// endpoints are supported"));
    }
    if parsed.host_str().unwrap_or_default().is_empty() {
        return Err(invalid("it has no host name"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        let mut shown = parsed.clone();
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        return Err(Error::InvalidEndpoint {
            url: shown.to_string(),
            reason: "it contains a user name or password; credentials belong in the connection, not the URL".into(),
        });
    }
    Ok(Some(raw.trim_end_matches('/').to_owned()))
}

/// True when the URL's host is on this machine (127.0.0.0/8, ::1, localhost).
pub fn is_loopback(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url) else {
        return false;
    };
    match parsed.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

fn check_loopback(url: &str) -> Result<()> {
    if is_loopback(url) {
        Ok(())
    } else {
        Err(Error::InvalidEndpoint {
            url: url.to_owned(),
            reason: "the local sandbox runs on this computer: use a loopback address like http://127.0.0.1:<port>".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_shapes() {
        for ok in [
            "us-east-1",
            "eu-west-3",
            "us-gov-west-1",
            "ap-southeast-5",
            "il-central-1",
        ] {
            assert!(looks_like_region(ok), "{ok}");
        }
        for bad in [
            "",
            "useast1",
            "us-east",
            "US-EAST-1",
            "us-east-1a",
            "bad region!",
            "u-east-1",
            "us--1",
        ] {
            assert!(!looks_like_region(bad), "{bad}");
        }
        assert_eq!(check_region(Some("  ")).unwrap(), None);
        assert!(check_region(Some("mars-1"))
            .unwrap_err()
            .to_string()
            .contains("us-east-1"));
    }

    #[test]
    fn endpoints_are_checked() {
        assert_eq!(
            check_endpoint(Some("http://127.0.0.1:5000/"))
                .unwrap()
                .as_deref(),
            Some("http://127.0.0.1:5000")
        );
        assert!(check_endpoint(Some("ftp://x")).is_err());
        assert!(check_endpoint(Some("127.0.0.1:5000")).is_err());
        let e = check_endpoint(Some("http://AKIA:secret@127.0.0.1:1")).unwrap_err();
        assert!(!e.to_string().contains("secret@"), "{e}");
        assert_eq!(check_endpoint(None).unwrap(), None);
    }

    #[test]
    fn loopback_detection() {
        assert!(is_loopback("http://127.0.0.1:4566"));
        assert!(is_loopback("http://127.8.9.10"));
        assert!(is_loopback("http://[::1]:80"));
        assert!(is_loopback("http://localhost:9"));
        assert!(!is_loopback("https://codepipeline.us-east-1.amazonaws.com"));
        assert!(!is_loopback("http://10.0.0.1:4566"));
    }
}
