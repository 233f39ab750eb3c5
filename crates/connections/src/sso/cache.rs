//! The standard SSO token cache: `~/.aws/sso/cache/<sha1 of the key>.json`, the key being the
//! `sso-session` name (or, for a legacy profile, the start URL). Written in the AWS CLI v2's
//! format (`startUrl`, `region`, `accessToken`, `expiresAt`, and for a session the client
//! registration and refresh token), so the AWS CLI, the AWS SDKs and Pipewright share one
//! session, and the SDKs refresh it as the CLI does. Written atomically, readable by the user
//! only.

use std::path::PathBuf;
use std::time::SystemTime;

use aws_smithy_types::date_time::{DateTime, Format};
use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};

use crate::error::{Error, Result};
use crate::secret::Secret;

/// One cached SSO token, as the file holds it.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    access_token: String,
    expires_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    client_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    registration_expires_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
}

/// A token to cache (secrets as [`Secret`]).
pub struct Token {
    pub start_url: String,
    pub region: String,
    pub access_token: Secret,
    pub expires_at: SystemTime,
    /// For an sso-session: the client registration and the refresh token.
    pub refresh: Option<Refresh>,
}

/// What refreshing a session's token needs.
pub struct Refresh {
    pub client_id: String,
    pub client_secret: Secret,
    pub registration_expires_at: SystemTime,
    pub refresh_token: Secret,
}

/// What Pipewright reads back: when the token ends (no secret leaves this module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cached {
    pub expires_at: SystemTime,
}

/// The cache folder (`~/.aws/sso/cache`).
pub fn dir() -> Result<PathBuf> {
    dirs::home_dir()
        .map(|h| h.join(".aws").join("sso").join("cache"))
        .ok_or_else(|| {
            Error::Input(
                "No home folder is known for this user (HOME is not set): the SSO token cache lives in ~/.aws/sso/cache.".into(),
            )
        })
}

/// The cache file of `key` (a session name or a start URL).
pub fn path(key: &str) -> Result<PathBuf> {
    Ok(dir()?.join(format!(
        "{}.json",
        hex::encode(Sha1::digest(key.as_bytes()))
    )))
}

fn time(t: SystemTime) -> String {
    DateTime::from(t)
        .fmt(Format::DateTime)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

/// Writes the token of `key`, replacing any other.
pub fn write(key: &str, token: &Token) -> Result<PathBuf> {
    let path = path(key)?;
    let file = File {
        start_url: Some(token.start_url.clone()),
        region: Some(token.region.clone()),
        access_token: token.access_token.expose().to_owned(),
        expires_at: time(token.expires_at),
        client_id: token.refresh.as_ref().map(|r| r.client_id.clone()),
        client_secret: token
            .refresh
            .as_ref()
            .map(|r| r.client_secret.expose().to_owned()),
        registration_expires_at: token
            .refresh
            .as_ref()
            .map(|r| time(r.registration_expires_at)),
        refresh_token: token
            .refresh
            .as_ref()
            .map(|r| r.refresh_token.expose().to_owned()),
    };
    let text = zeroize::Zeroizing::new(
        serde_json::to_string(&file).map_err(|e| Error::Input(e.to_string()))?,
    );
    drop(file);
    let dir = path.parent().map(PathBuf::from).unwrap_or_default();
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("token"),
        uuid::Uuid::new_v4().simple()
    ));
    write_private(&tmp, text.as_bytes()).map_err(|e| Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io("write", &path, e)
    })?;
    Ok(path)
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// The cached token of `key`, if there is one that can be read.
pub fn read(key: &str) -> Result<Option<Cached>> {
    let path = path(key)?;
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => zeroize::Zeroizing::new(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    let Ok(file) = serde_json::from_str::<File>(&text) else {
        return Ok(None);
    };
    let expires_at = DateTime::from_str(&file.expires_at, Format::DateTime)
        .ok()
        .and_then(|d| SystemTime::try_from(d).ok());
    Ok(expires_at.map(|expires_at| Cached { expires_at }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_is_the_sha1_of_the_key_as_the_cli_names_it() {
        // The AWS CLI's and aws-config's own example: sha1("test").
        let p = path("test").unwrap();
        assert_eq!(
            p.file_name().unwrap().to_str().unwrap(),
            "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3.json"
        );
        assert!(p.ends_with(".aws/sso/cache/a94a8fe5ccb19ba61c4c0873d391e987982fbbd3.json"));
    }
}
