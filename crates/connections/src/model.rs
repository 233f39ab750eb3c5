//! The serde types of connections: what is stored (never a secret), what the settings screen
//! sends (secrets go in once, as [`Secret`]), and what it gets back.

use serde::{Deserialize, Serialize};

use crate::secret::Secret;

/// The name of the embedded local sandbox's connection (unique, like every connection name).
pub const SANDBOX_NAME: &str = "Local sandbox";
/// Default region of the local sandbox.
pub const SANDBOX_REGION: &str = "us-east-1";

/// The dummy access key id the local sandbox connection signs with.
pub const SANDBOX_ACCESS_KEY_ID: &str = "pipewright-sandbox";

/// A saved connection profile. Holds no secret: access-key secrets live in the OS keyring under
/// this connection's `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// Stable id (a UUID); the keyring entries are named after it.
    pub id: String,
    /// Unique, human name ("prod", "Local sandbox"); `--profile NAME` matches it.
    pub name: String,
    /// Region; `None` takes it from the AWS profile or the environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub region: Option<String>,
    /// How credentials are obtained.
    pub auth: Auth,
    /// A custom endpoint (moto, the local sandbox, a VPC endpoint); `None` is AWS's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub endpoint_url: Option<String>,
}

impl Connection {
    /// The kind of credentials, without details.
    pub fn kind(&self) -> AuthKind {
        self.auth.kind()
    }

    /// True for the built-in local sandbox (not AWS: dummy credentials, loopback endpoint).
    pub fn is_sandbox(&self) -> bool {
        matches!(self.auth, Auth::LocalSandbox)
    }

    /// True for the connection of the sandbox the app embeds and points at it when it starts
    /// ("Local sandbox", unique by name). Other sandbox-kind connections a user adds (a
    /// `pipewright sandbox` of their own, a moto server) are used as they are.
    pub fn is_embedded_sandbox(&self) -> bool {
        self.is_sandbox() && self.name.eq_ignore_ascii_case(SANDBOX_NAME)
    }

    /// A short description for lists: "access key AKIA…MPLE", "AWS profile dev", ...
    pub fn describe(&self) -> String {
        let what = match &self.auth {
            Auth::AccessKey {
                access_key_id,
                has_session_token,
                mfa_serial,
            } => {
                let mut s = format!(
                    "access key {} (secret in the OS keyring",
                    mask_key_id(access_key_id)
                );
                if *has_session_token {
                    s.push_str(", with session token");
                }
                s.push(')');
                if let Some(serial) = mfa_serial {
                    s.push_str(&format!(", MFA {serial}"));
                }
                s
            }
            Auth::AwsProfile { profile } => format!("AWS profile '{profile}'"),
            Auth::Environment => "environment (AWS_* variables, then the default chain)".to_owned(),
            Auth::LocalSandbox => "Local sandbox (not AWS: dummy credentials)".to_owned(),
        };
        match &self.endpoint_url {
            Some(url) => format!("{what}, endpoint {url}"),
            None => what,
        }
    }
}

/// Shows the first four and last four characters of an access key id.
pub fn mask_key_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return id.to_owned();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

/// How a connection gets its credentials (as stored: no secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Auth {
    /// An access key pair; the secret access key (and session token) are in the OS keyring.
    #[serde(rename_all = "camelCase")]
    AccessKey {
        access_key_id: String,
        #[serde(default)]
        has_session_token: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        mfa_serial: Option<String>,
    },
    /// A named profile of `~/.aws/config` / `~/.aws/credentials` (static keys, SSO, assume-role,
    /// credential_process...), resolved by the AWS SDK's standard chain.
    #[serde(rename_all = "camelCase")]
    AwsProfile { profile: String },
    /// Whatever the environment provides: AWS_* variables first, then the SDK's default chain.
    Environment,
    /// The built-in local sandbox: loopback endpoint, dummy credentials.
    LocalSandbox,
}

impl Auth {
    pub fn kind(&self) -> AuthKind {
        match self {
            Auth::AccessKey { .. } => AuthKind::AccessKey,
            Auth::AwsProfile { .. } => AuthKind::AwsProfile,
            Auth::Environment => AuthKind::Environment,
            Auth::LocalSandbox => AuthKind::LocalSandbox,
        }
    }
}

/// The kind of credentials of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum AuthKind {
    AccessKey,
    AwsProfile,
    Environment,
    LocalSandbox,
}

/// A new connection, as the settings screen or `pipewright connections add` sends it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NewConnection {
    pub name: String,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub endpoint_url: Option<String>,
    pub auth: AuthInput,
}

/// Credentials of a new connection. Access-key secrets go to the OS keyring, never to disk.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AuthInput {
    #[serde(rename_all = "camelCase")]
    AccessKey {
        access_key_id: String,
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        secret_access_key: Secret,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(type = "string | null"))]
        session_token: Option<Secret>,
        #[serde(default)]
        mfa_serial: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    AwsProfile {
        profile: String,
    },
    Environment,
    LocalSandbox,
}

/// New secrets for an access-key connection ("Replace secret"; rotation).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SecretInput {
    /// The new access key id, when the pair was rotated (the usual case); `None` keeps it.
    #[serde(default)]
    pub access_key_id: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub secret_access_key: Secret,
    /// The new session token; `None` removes any stored one.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub session_token: Option<Secret>,
}

/// Edits of a connection's non-secret fields. Changing the kind of credentials is remove + add.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionEdit {
    pub name: String,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub endpoint_url: Option<String>,
    /// Only for access-key connections: the MFA device ARN (`None` removes it).
    #[serde(default)]
    pub mfa_serial: Option<String>,
}

/// The connection in use, for the title bar: "prod · eu-west-1".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ActiveConnection {
    /// The saved connection's id; `None` for an ad-hoc one (an AWS profile or the environment
    /// picked on the command line).
    pub id: Option<String>,
    pub name: String,
    pub kind: AuthKind,
    /// The effective region.
    pub region: String,
    pub endpoint_url: Option<String>,
    /// Where an endpoint other than AWS's comes from when the connection itself does not name
    /// it: `AWS_ENDPOINT_URL_CODEPIPELINE`, `AWS_ENDPOINT_URL`, or `profile NAME` (its
    /// `endpoint_url`). The title says it too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub endpoint_from: Option<String>,
    /// True when this is not AWS (the local sandbox): the UI labels it clearly.
    pub is_sandbox: bool,
    /// Ready-made title-bar text.
    pub title: String,
}

impl ActiveConnection {
    pub(crate) fn new(
        id: Option<String>,
        name: &str,
        kind: AuthKind,
        region: &str,
        endpoint_url: Option<String>,
        endpoint_from: Option<String>,
    ) -> Self {
        let is_sandbox = kind == AuthKind::LocalSandbox;
        let title = if is_sandbox {
            format!("{name} · {region} · local sandbox, not AWS")
        } else if let Some(url) = &endpoint_url {
            match &endpoint_from {
                Some(from) => format!("{name} · {region} · {url} (from {from})"),
                None => format!("{name} · {region} · {url}"),
            }
        } else {
            format!("{name} · {region}")
        };
        ActiveConnection {
            id,
            name: name.to_owned(),
            kind,
            region: region.to_owned(),
            endpoint_url,
            endpoint_from,
            is_sandbox,
            title,
        }
    }
}

/// A profile found in `~/.aws/config` / `~/.aws/credentials`, for the settings screen's picker.
/// Never carries a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AwsProfileInfo {
    pub name: String,
    pub kind: AwsProfileKind,
    pub region: Option<String>,
    /// For assume-role profiles: the profile whose credentials assume the role.
    pub source_profile: Option<String>,
    pub role_arn: Option<String>,
    /// For SSO profiles: the start URL (directly or through its `sso-session`).
    pub sso_start_url: Option<String>,
    pub endpoint_url: Option<String>,
}

/// How a named AWS profile gets credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum AwsProfileKind {
    StaticKeys,
    Sso,
    AssumeRole,
    CredentialProcess,
    WebIdentity,
    /// Only settings (region, output...): credentials come from elsewhere.
    Other,
}

/// How a connection signs in, when it does (its session ends and must be renewed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum SignInMethod {
    /// IAM Identity Center: `pipewright connections login`, "Sign in" in the app.
    Sso,
    /// Long-term keys and an MFA device: a new code.
    Mfa,
}

/// A successful "Test connection".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TestReport {
    pub connection: ActiveConnection,
    /// "Connected to prod (eu-west-1): CodePipeline answered in 120 ms."
    pub message: String,
    /// The first pipeline's name, when the account has one (ListPipelines with max 1).
    pub first_pipeline: Option<String>,
    pub elapsed_ms: u64,
}
