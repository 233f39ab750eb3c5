//! IAM Identity Center (SSO) sign-in for connections that use an SSO profile of `~/.aws/config`:
//! the OIDC device authorization flow ([`device`]: RegisterClient, StartDeviceAuthorization, the
//! verification URL, CreateToken until the user approves, at the interval and within the expiry
//! the service gives), and the standard SSO token cache ([`cache`]:
//! `~/.aws/sso/cache/<sha1 of the session name or start URL>.json`, in the AWS CLI v2's format,
//! so `aws` and the AWS SDKs share the session, and it refreshes like theirs).
//!
//! [`session`] tells how long the session of a profile has left.

pub mod cache;
pub mod device;

use std::time::{Duration, SystemTime};

use aws_config::profile::ProfileSet;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What signing in to a profile's IAM Identity Center needs (from `~/.aws/config`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoProfile {
    /// The AWS profile.
    pub profile: String,
    /// `sso_session = NAME` (the `[sso-session NAME]` section); `None` for a legacy profile
    /// with `sso_start_url` itself (no refresh token then).
    pub session_name: Option<String>,
    pub start_url: String,
    /// `sso_region`: where IAM Identity Center is.
    pub region: String,
    /// `sso_registration_scopes` (sso-session only).
    pub scopes: Vec<String>,
    /// The profile's `endpoint_url`, when it has one (a local double of AWS).
    pub endpoint_url: Option<String>,
}

impl SsoProfile {
    /// The token cache's key: the session name, else the start URL.
    pub fn cache_key(&self) -> &str {
        self.session_name.as_deref().unwrap_or(&self.start_url)
    }
}

/// The SSO settings of a profile, if it is an SSO profile.
pub fn sso_profile(set: &ProfileSet, profile: &str) -> Option<SsoProfile> {
    let p = set.get_profile(profile)?;
    let session_name = p.get("sso_session").map(str::to_owned);
    let session = session_name.as_deref().and_then(|s| set.sso_session(s));
    let get = |key: &str| {
        session
            .and_then(|s| s.get(key))
            .or_else(|| p.get(key))
            .map(str::to_owned)
    };
    Some(SsoProfile {
        profile: profile.to_owned(),
        start_url: get("sso_start_url")?,
        region: get("sso_region")?,
        scopes: get("sso_registration_scopes")
            .map(|s| {
                s.split(',')
                    .map(|x| x.trim().to_owned())
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        endpoint_url: p.get("endpoint_url").map(str::to_owned),
        session_name,
    })
}

/// The SSO settings of the AWS profile `profile`, if it is an SSO profile.
pub async fn profile(profile: &str) -> Result<Option<SsoProfile>> {
    let set = crate::aws_profiles::load_profile_set().await?;
    Ok(sso_profile(&set, profile))
}

/// The SSO settings behind a saved connection: its AWS profile must be an SSO profile.
pub async fn of_connection(connection: &crate::model::Connection) -> Result<SsoProfile> {
    match &connection.auth {
        crate::model::Auth::AwsProfile { profile: name } => profile(name)
            .await?
            .ok_or_else(|| not_sso(&connection.name)),
        _ => Err(not_sso(&connection.name)),
    }
}

/// How long a sign-in session lasts from now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SessionStatus {
    /// When the session ends (milliseconds since the Unix epoch); `None`: no session (never
    /// signed in here).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub expires_at_ms: Option<u64>,
    pub expired: bool,
    /// Ready to show: "7 h 12 min left", "expired", "not signed in".
    pub label: String,
}

impl SessionStatus {
    /// The status of a session that ends at `expires_at` (`None`: no session), seen at `now`.
    pub fn at(expires_at: Option<SystemTime>, now: SystemTime) -> Self {
        let Some(end) = expires_at else {
            return SessionStatus {
                expires_at_ms: None,
                expired: true,
                label: "not signed in".into(),
            };
        };
        let ms = end
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or_default();
        match end.duration_since(now) {
            Ok(left) if left > Duration::ZERO => SessionStatus {
                expires_at_ms: Some(ms),
                expired: false,
                label: format!("{} left", left_words(left)),
            },
            _ => SessionStatus {
                expires_at_ms: Some(ms),
                expired: true,
                label: "expired".into(),
            },
        }
    }
}

/// "7 h 12 min", "12 min", "40 s".
pub fn left_words(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{} h {} min", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{} min", s / 60)
    } else {
        format!("{s} s")
    }
}

/// The session of an SSO profile as the token cache has it.
pub fn session(profile: &SsoProfile) -> Result<SessionStatus> {
    let token = cache::read(profile.cache_key())?;
    Ok(SessionStatus::at(
        token.map(|t| t.expires_at),
        SystemTime::now(),
    ))
}

/// The error for a connection that is not an SSO profile.
pub(crate) fn not_sso(connection: &str) -> Error {
    Error::Input(format!(
        "Connection '{connection}' does not sign in with IAM Identity Center (SSO): only a connection on an SSO profile of ~/.aws/config (sso_session or sso_start_url) can sign in here."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_in_words() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let s = SessionStatus::at(Some(now + Duration::from_secs(7 * 3600 + 12 * 60 + 5)), now);
        assert_eq!(s.label, "7 h 12 min left");
        assert!(!s.expired);
        assert_eq!(
            s.expires_at_ms,
            Some((1_000_000 + 7 * 3600 + 12 * 60 + 5) * 1000)
        );
        assert_eq!(
            SessionStatus::at(Some(now + Duration::from_secs(600)), now).label,
            "10 min left"
        );
        let gone = SessionStatus::at(Some(now - Duration::from_secs(1)), now);
        assert!(gone.expired);
        assert_eq!(gone.label, "expired");
        assert_eq!(SessionStatus::at(None, now).label, "not signed in");
    }
}
