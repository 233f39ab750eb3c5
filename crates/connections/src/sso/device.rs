//! The OIDC device authorization flow of IAM Identity Center, through the AWS port's SSO-OIDC
//! client: register a public client, start a device authorization (the user opens its
//! verification URL and approves the code shown), then CreateToken at the interval the service
//! gave until it is approved, denied, or the code expires. The token goes to the standard cache
//! ([`super::cache`]).

use std::time::{Duration, SystemTime};

use aws_config::Region;
use aws_smithy_types::error::display::DisplayErrorContext;
use pipewright_aws::ssooidc::operation::create_token::CreateTokenError;
use pipewright_aws::{Aws, ClientPolicy};

use super::cache::{self, Refresh, Token};
use super::SsoProfile;
use crate::error::{Error, Result};
use crate::secret::Secret;

const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// Added to the interval when the service says `slow_down` (RFC 8628, 3.5).
const SLOW_DOWN: Duration = Duration::from_secs(5);

/// A device authorization waiting for the user: show [`Self::user_code`] and open
/// [`Self::verification_url`], then [`Self::finish`].
pub struct SignIn {
    profile: SsoProfile,
    client: pipewright_aws::ssooidc::Client,
    client_id: String,
    client_secret: Secret,
    registration_expires_at: SystemTime,
    device_code: Secret,
    /// The code the user confirms in the browser.
    pub user_code: String,
    /// The page to open: with the code filled in when the service gave one.
    pub verification_url: String,
    /// The sign-in gives up then.
    pub expires_at: SystemTime,
    /// How often to ask for the token.
    pub interval: Duration,
}

/// A finished sign-in: the session and where its token is cached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub expires_at: SystemTime,
    pub cache_file: std::path::PathBuf,
}

fn failed(profile: &SsoProfile, what: &str, e: impl std::error::Error) -> Error {
    Error::SignIn {
        connection: profile.profile.clone(),
        detail: format!("{what} failed: {}", DisplayErrorContext(e)),
    }
}

/// The SSO-OIDC client for a profile: its `sso_region`, its endpoint (the profile's
/// `endpoint_url`, `AWS_ENDPOINT_URL_SSO_OIDC`, ...), the port's policy. No credentials: these
/// calls are not signed.
async fn client(profile: &SsoProfile) -> pipewright_aws::ssooidc::Client {
    let policy = ClientPolicy::default();
    let mut loader = policy
        .loader()
        .region(Region::new(profile.region.clone()))
        .profile_name(profile.profile.clone())
        .no_credentials();
    if let Some(url) = &profile.endpoint_url {
        loader = loader.endpoint_url(url.clone());
    }
    Aws::with_policy(&loader.load().await, &policy).ssooidc()
}

/// Registers a client and starts a device authorization for `profile`.
pub async fn start(profile: &SsoProfile) -> Result<SignIn> {
    let client = client(profile).await;
    let mut register = client
        .register_client()
        .client_name("pipewright")
        .client_type("public");
    if profile.session_name.is_some() {
        register = register
            .grant_types(DEVICE_GRANT)
            .grant_types("refresh_token");
        for scope in &profile.scopes {
            register = register.scopes(scope);
        }
    }
    let registered = register
        .send()
        .await
        .map_err(|e| failed(profile, "RegisterClient", e))?;
    let (Some(client_id), Some(client_secret)) =
        (registered.client_id(), registered.client_secret())
    else {
        return Err(Error::UnexpectedResponse {
            detail: "RegisterClient returned no client id or secret".into(),
            technical: None,
        });
    };
    let registration_expires_at = SystemTime::UNIX_EPOCH
        + Duration::from_secs(registered.client_secret_expires_at().max(0) as u64);
    let started = client
        .start_device_authorization()
        .client_id(client_id)
        .client_secret(client_secret)
        .start_url(&profile.start_url)
        .send()
        .await
        .map_err(|e| failed(profile, "StartDeviceAuthorization", e))?;
    let (Some(device_code), Some(user_code)) = (started.device_code(), started.user_code()) else {
        return Err(Error::UnexpectedResponse {
            detail: "StartDeviceAuthorization returned no device or user code".into(),
            technical: None,
        });
    };
    let verification_url = started
        .verification_uri_complete()
        .or(started.verification_uri())
        .unwrap_or_default()
        .to_owned();
    let interval = Duration::from_secs(started.interval().clamp(1, 60) as u64);
    let expires_in = Duration::from_secs(started.expires_in().clamp(1, 3600) as u64);
    Ok(SignIn {
        profile: profile.clone(),
        client_id: client_id.to_owned(),
        client_secret: Secret::new(client_secret),
        registration_expires_at,
        device_code: Secret::new(device_code),
        user_code: user_code.to_owned(),
        verification_url,
        expires_at: SystemTime::now() + expires_in,
        interval,
        client,
    })
}

impl SignIn {
    /// Asks for the token at the service's interval until the user approved (the token is then
    /// cached), denied, or the code expired.
    pub async fn finish(self) -> Result<Session> {
        let mut interval = self.interval;
        loop {
            if SystemTime::now() >= self.expires_at {
                return Err(self.code_expired());
            }
            tokio::time::sleep(interval).await;
            let answer = self
                .client
                .create_token()
                .client_id(&self.client_id)
                .client_secret(self.client_secret.expose())
                .grant_type(DEVICE_GRANT)
                .device_code(self.device_code.expose())
                .send()
                .await;
            let out = match answer {
                Ok(out) => out,
                Err(e) => match e.as_service_error() {
                    Some(CreateTokenError::AuthorizationPendingException(_)) => continue,
                    Some(CreateTokenError::SlowDownException(_)) => {
                        interval += SLOW_DOWN;
                        continue;
                    }
                    Some(CreateTokenError::ExpiredTokenException(_)) => {
                        return Err(self.code_expired())
                    }
                    Some(CreateTokenError::AccessDeniedException(_)) => {
                        return Err(Error::SignIn {
                            connection: self.profile.profile.clone(),
                            detail: "the sign-in was denied in the browser".into(),
                        })
                    }
                    _ => return Err(failed(&self.profile, "CreateToken", e)),
                },
            };
            let access_token = out
                .access_token()
                .ok_or_else(|| Error::UnexpectedResponse {
                    detail: "CreateToken returned no access token".into(),
                    technical: None,
                })?;
            let expires_at =
                SystemTime::now() + Duration::from_secs(out.expires_in().max(0) as u64);
            let refresh = match (&self.profile.session_name, out.refresh_token()) {
                (Some(_), Some(refresh_token)) => Some(Refresh {
                    client_id: self.client_id.clone(),
                    client_secret: self.client_secret.clone(),
                    registration_expires_at: self.registration_expires_at,
                    refresh_token: Secret::new(refresh_token),
                }),
                _ => None,
            };
            let token = Token {
                start_url: self.profile.start_url.clone(),
                region: self.profile.region.clone(),
                access_token: Secret::new(access_token),
                expires_at,
                refresh,
            };
            let cache_file = cache::write(self.profile.cache_key(), &token)?;
            tracing::info!(profile = %self.profile.profile, "signed in with IAM Identity Center");
            return Ok(Session {
                expires_at,
                cache_file,
            });
        }
    }

    fn code_expired(&self) -> Error {
        Error::SignIn {
            connection: self.profile.profile.clone(),
            detail: format!(
                "the code {} expired before it was approved; sign in again and approve it in the browser within the time given",
                self.user_code
            ),
        }
    }
}
