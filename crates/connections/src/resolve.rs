//! From a connection to an `aws_config::SdkConfig`: one `aws_config::defaults(..)` loader per
//! connection, with the credentials its kind calls for.

use std::path::Path;

use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_config::Region;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;

use pipewright_aws::{ClientPolicy, ClientSettings};

use crate::aws_profiles::{aws_profile, aws_profile_exists};
use crate::error::{Error, Result};
use crate::keyring_store::Keyring;
use crate::model::{
    ActiveConnection, Auth, AuthKind, AwsProfileKind, Connection, SignInMethod,
    SANDBOX_ACCESS_KEY_ID,
};
use crate::resolved::Resolved;
use crate::secret::Secret;
use crate::store::{self, ConnectionStore};

/// The `provider_name` of credentials that came from the OS keyring.
pub const KEYRING_PROVIDER: &str = "pipewright-keyring";

/// Overrides for one use of a connection (the CLI's `--region` / `--endpoint-url`; an MFA code).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct ConnectOptions {
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// The current code of the connection's MFA device, when it has one.
    pub mfa_code: Option<String>,
}

/// Builds the SDK config of a saved connection. Access-key secrets are read from the store's
/// keyring here and go straight into the SDK's (redacting, zeroizing) `Credentials`.
pub async fn resolve(
    store: &ConnectionStore,
    connection: &Connection,
    options: &ConnectOptions,
) -> Result<Resolved> {
    let secrets = match &connection.auth {
        Auth::AccessKey { .. } => Some(store.read_secrets(connection)?),
        _ => None,
    };
    resolve_with(connection, Some(connection.id.clone()), secrets, options).await
}

async fn resolve_with(
    connection: &Connection,
    id: Option<String>,
    secrets: Option<(Secret, Option<Secret>)>,
    options: &ConnectOptions,
) -> Result<Resolved> {
    let region = match options.region.as_deref() {
        Some(r) => store::check_region(Some(r))?,
        None => connection.region.clone(),
    };
    let explicit = match options.endpoint_url.as_deref() {
        Some(u) => store::check_endpoint(Some(u))?,
        None => connection.endpoint_url.clone(),
    };
    // An endpoint the connection does not name may still come from the environment or the
    // profile (the SDK reads them): say where it comes from.
    let (endpoint_url, endpoint_from) = match explicit.clone() {
        Some(u) => (Some(u), None),
        None => match configured_endpoint(&connection.auth).await? {
            Some((u, from)) => (Some(u), Some(from)),
            None => (None, None),
        },
    };
    if let (Auth::AccessKey { .. }, Some((_, None))) = (&connection.auth, &secrets) {
        refuse_plain_http(connection, endpoint_url.as_deref())?;
    }
    // The credential providers' own clients (SSO, STS) get the port's timeouts too.
    let policy = ClientPolicy::default();
    let mut loader = policy.loader();
    if let Some(r) = &region {
        loader = loader.region(Region::new(r.clone()));
    }
    if let Some(u) = &explicit {
        loader = loader.endpoint_url(u.clone());
    }
    let mut session_expires = None;
    let mut sign_in = None;
    loader = match &connection.auth {
        Auth::AccessKey {
            access_key_id,
            mfa_serial,
            ..
        } => {
            let (secret, token) = secrets.ok_or_else(|| Error::SecretMissing {
                connection: connection.name.clone(),
            })?;
            let credentials = Credentials::new(
                access_key_id.clone(),
                secret.expose().to_owned(),
                token.as_ref().map(|t| t.expose().to_owned()),
                None,
                KEYRING_PROVIDER,
            );
            let (credentials, expires) = match mfa_serial {
                Some(serial) => {
                    let code = options
                        .mfa_code
                        .as_deref()
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .ok_or_else(|| Error::MfaCodeRequired {
                            connection: connection.name.clone(),
                            serial: serial.clone(),
                        })?;
                    let session = mfa_session(
                        connection,
                        credentials,
                        serial,
                        code,
                        region.as_deref(),
                        endpoint_url.as_deref(),
                    )
                    .await?;
                    let expires = session.expiry();
                    sign_in = Some(SignInMethod::Mfa);
                    (session, expires)
                }
                None => (credentials, None),
            };
            session_expires = expires;
            match expires {
                Some(_) => loader.credentials_provider(MfaSession {
                    connection: connection.name.clone(),
                    credentials,
                }),
                None => loader.credentials_provider(credentials),
            }
        }
        Auth::AwsProfile { profile } => {
            let Some(info) = aws_profile(profile).await? else {
                return Err(Error::CredentialsUnavailable {
                    connection: connection.name.clone(),
                    detail: format!(
                        "there is no profile '{profile}' in ~/.aws/config or ~/.aws/credentials"
                    ),
                });
            };
            if info.kind == AwsProfileKind::Sso {
                sign_in = Some(SignInMethod::Sso);
            }
            loader.profile_name(profile.clone())
        }
        Auth::Environment => loader,
        Auth::LocalSandbox => loader.credentials_provider(Credentials::new(
            SANDBOX_ACCESS_KEY_ID,
            "pipewright-sandbox-not-a-secret",
            None,
            None,
            "pipewright-sandbox",
        )),
    };
    let mut sdk_config = loader.load().await;
    if let Auth::AwsProfile { profile } = &connection.auth {
        // The profile's own credentials, as `aws --profile` does: AWS_* variables in the
        // environment must not win over an explicitly chosen profile.
        let provider = ProfileFileCredentialsProvider::builder()
            .configure(
                &ProviderConfig::default()
                    .with_region(sdk_config.region().cloned())
                    .with_timeout_config(policy.timeout_config()),
            )
            .profile_name(profile.clone())
            .build();
        sdk_config = sdk_config
            .to_builder()
            .credentials_provider(SharedCredentialsProvider::new(provider))
            .build();
    }
    if matches!(connection.auth, Auth::AwsProfile { .. } | Auth::Environment)
        && endpoint_url.as_deref().is_some_and(is_plain_remote)
    {
        // Only then are the credentials looked at: keys without a session token are long-lived.
        if let Some(provider) = sdk_config.credentials_provider() {
            if let Ok(c) = provider.provide_credentials().await {
                if c.session_token().is_none() {
                    refuse_plain_http(connection, endpoint_url.as_deref())?;
                }
            }
        }
    }
    let region = sdk_config
        .region()
        .map(|r| r.as_ref().to_owned())
        .ok_or_else(|| Error::MissingRegion {
            connection: connection.name.clone(),
        })?;
    let active = ActiveConnection::new(
        id,
        &connection.name,
        connection.kind(),
        &region,
        endpoint_url,
        endpoint_from,
    );
    tracing::debug!(connection = %active.name, region = %active.region, "connection resolved");
    Ok(Resolved {
        sdk_config,
        active,
        session_expires,
        sign_in,
    })
}

/// An MFA session's credentials, refused once they expired (AWS would refuse them too): the
/// calls then fail at once with "expired", the watcher says the MFA session of the connection
/// ended, and signing in again asks for a new code.
#[derive(Debug)]
struct MfaSession {
    connection: String,
    credentials: Credentials,
}

impl ProvideCredentials for MfaSession {
    fn provide_credentials<'a>(
        &'a self,
    ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        let result = match self.credentials.expiry() {
            Some(end) if std::time::SystemTime::now() >= end => Err(
                aws_credential_types::provider::error::CredentialsError::provider_error(format!(
                    "the MFA session of {} expired; enter a new MFA code to sign in again",
                    self.connection
                )),
            ),
            _ => Ok(self.credentials.clone()),
        };
        aws_credential_types::provider::future::ProvideCredentials::ready(result)
    }
}

/// True for a plain-http URL whose host is not this computer.
fn is_plain_remote(url: &str) -> bool {
    url.trim().to_ascii_lowercase().starts_with("http://") && !store::is_loopback(url)
}

/// Long-lived keys never travel over plain http to another computer: anyone on the way could
/// read and replay the signed requests, and a lookalike endpoint could collect them.
fn refuse_plain_http(connection: &Connection, url: Option<&str>) -> Result<()> {
    match url {
        Some(u) if is_plain_remote(u) => Err(Error::PlainHttp {
            connection: connection.name.clone(),
            url: u.to_owned(),
        }),
        _ => Ok(()),
    }
}

/// Whether the environment or a profile sets a CodePipeline endpoint, and which: the SDK's own
/// order (`AWS_ENDPOINT_URL_CODEPIPELINE`, `AWS_ENDPOINT_URL`, then the profile's
/// `endpoint_url`), unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is set.
async fn configured_endpoint(auth: &Auth) -> Result<Option<(String, String)>> {
    let var = |name: &str| {
        std::env::var(name)
            .ok()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    if var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return Ok(None);
    }
    for name in ["AWS_ENDPOINT_URL_CODEPIPELINE", "AWS_ENDPOINT_URL"] {
        if let Some(url) = var(name) {
            return Ok(Some((
                url.trim_end_matches('/').to_owned(),
                name.to_owned(),
            )));
        }
    }
    let profile = match auth {
        Auth::AwsProfile { profile } => profile.clone(),
        Auth::LocalSandbox => return Ok(None),
        _ => var("AWS_PROFILE").unwrap_or_else(|| "default".to_owned()),
    };
    Ok(aws_profile(&profile)
        .await
        .ok()
        .flatten()
        .and_then(|p| p.endpoint_url)
        .map(|u| {
            (
                u.trim_end_matches('/').to_owned(),
                format!("profile {profile}"),
            )
        }))
}

/// Exchanges long-term keys and an MFA code for a session (STS GetSessionToken, 12 hours).
async fn mfa_session(
    connection: &Connection,
    long_term: Credentials,
    serial: &str,
    code: &str,
    region: Option<&str>,
    endpoint_url: Option<&str>,
) -> Result<Credentials> {
    let settings = ClientSettings {
        endpoint_url: endpoint_url.map(str::to_owned),
        region: Some(region.unwrap_or("us-east-1").to_owned()),
        credentials: Some(SharedCredentialsProvider::new(long_term)),
        ..ClientSettings::default()
    };
    let sts = settings.connect().await.sts();
    let out = sts
        .get_session_token()
        .serial_number(serial)
        .token_code(code)
        .duration_seconds(12 * 3600)
        .send()
        .await
        .map_err(|e| {
            crate::explain::explain(
                e,
                &connection.name,
                region.unwrap_or("us-east-1"),
                endpoint_url,
            )
        })?;
    let c = out.credentials.ok_or_else(|| Error::UnexpectedResponse {
        detail: "STS GetSessionToken returned no credentials".into(),
        technical: None,
    })?;
    let expiry = std::time::SystemTime::try_from(c.expiration).ok();
    Ok(Credentials::new(
        c.access_key_id,
        c.secret_access_key,
        Some(c.session_token),
        expiry,
        "pipewright-mfa-session",
    ))
}

/// Where the CLI's `--profile` / `--endpoint-url` / `--region` lead.
#[derive(Debug, Clone, Default)]
pub struct CliConnection {
    /// A Pipewright connection name (or id), falling back to an AWS named profile of that name;
    /// `None` uses the environment (AWS_* variables, AWS_PROFILE, then the default chain).
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
    pub region: Option<String>,
    /// The current MFA code, for an access-key connection with an MFA device.
    pub mfa_code: Option<String>,
}

/// Resolves the CLI's connection options to an SDK config. `store_path` defaults to
/// `<config dir>/pipewright/connections.json`; the keyring is the app's.
pub async fn resolve_cli(args: &CliConnection, store_path: Option<&Path>) -> Result<Resolved> {
    resolve_cli_with(args, store_path, Keyring::default()).await
}

/// [`resolve_cli`] with a chosen keyring (tests use their own service name).
pub async fn resolve_cli_with(
    args: &CliConnection,
    store_path: Option<&Path>,
    keyring: Keyring,
) -> Result<Resolved> {
    let options = ConnectOptions {
        region: args.region.clone(),
        endpoint_url: args.endpoint_url.clone(),
        mfa_code: args.mfa_code.clone(),
    };
    let Some(name) = args.profile.as_deref() else {
        let env = Connection {
            id: String::new(),
            name: "environment".into(),
            region: None,
            auth: Auth::Environment,
            endpoint_url: None,
        };
        return resolve_with(&env, None, None, &options).await;
    };
    let path = store_path
        .map(Path::to_path_buf)
        .or_else(store::default_path);
    if let Some(path) = path {
        let store = ConnectionStore::open(path, keyring)?;
        if let Some(c) = store.find(name) {
            let c = c.clone();
            return resolve(&store, &c, &options).await;
        }
    }
    if aws_profile_exists(name).await? {
        let adhoc = Connection {
            id: String::new(),
            name: name.to_owned(),
            region: None,
            auth: Auth::AwsProfile {
                profile: name.to_owned(),
            },
            endpoint_url: None,
        };
        return resolve_with(&adhoc, None, None, &options).await;
    }
    Err(Error::NotFound(name.to_owned()))
}

/// The kind a `--profile` value resolved to, for messages.
pub fn kind_label(kind: AuthKind) -> &'static str {
    match kind {
        AuthKind::AccessKey => "access key (OS keyring)",
        AuthKind::AwsProfile => "AWS profile",
        AuthKind::Environment => "environment",
        AuthKind::LocalSandbox => "local sandbox (not AWS)",
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;

    fn session(expires: SystemTime) -> MfaSession {
        MfaSession {
            connection: "ops".into(),
            credentials: Credentials::new(
                "ASIASESSION",
                "secret",
                Some("token".into()),
                Some(expires),
                "pipewright-mfa-session",
            ),
        }
    }

    #[tokio::test]
    async fn an_mfa_session_is_used_until_it_ends_and_never_after() {
        let live = session(SystemTime::now() + Duration::from_secs(3600));
        let c = live.provide_credentials().await.expect("a live session");
        assert_eq!(c.access_key_id(), "ASIASESSION");

        let ended = session(SystemTime::now() - Duration::from_secs(1));
        let e = ended
            .provide_credentials()
            .await
            .expect_err("an ended session is not reused");
        let text = aws_smithy_types::error::display::DisplayErrorContext(&e).to_string();
        assert!(
            text.contains("the MFA session of ops expired; enter a new MFA code"),
            "{text}"
        );
    }
}
