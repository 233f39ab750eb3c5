//! Reading member accounts' pipelines from a connection to the central account: the
//! organisation layout forwards every member account's CodePipeline events to the central bus,
//! and each member account has a read-only role ([`READ_ROLE`] by default, made by the member
//! StackSet of `pipewright_core::export::events`) that the central account may assume.
//!
//! [`MemberRoles`] hands out an [`Aws`] per member account: the connection's own `SdkConfig`
//! (endpoint, policy, interceptors) with the credentials of an assumed role
//! (`arn:<partition>:iam::<account>:role/<name>`, through the connection's STS). The credentials
//! are cached per account and assumed again five minutes before they expire; a role that cannot
//! be assumed is a [`MemberRoleError`] naming the role and the account, and is not tried again
//! for [`RETRY_REFUSED`], so that a stream of events from that account costs no call storm.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use aws_credential_types::provider::{
    error::CredentialsError, future, ProvideCredentials, SharedCredentialsProvider,
};
use aws_credential_types::Credentials;
use pipewright_core::arn::partition_of;

use crate::config::Aws;
use crate::error::AwsError;

/// The read-only role's name in every member account (the member StackSet's default).
pub const READ_ROLE: &str = "PipewrightWatchRead";

/// Credentials are assumed again this long before they expire.
pub const REFRESH_BEFORE: Duration = Duration::from_secs(300);

/// A role that could not be assumed is tried again after this long (not on every event).
pub const RETRY_REFUSED: Duration = Duration::from_secs(300);

/// The session name the assumed role's calls show in the member account's CloudTrail.
pub const SESSION_NAME: &str = "pipewright-watch";

/// A member account's role could not be assumed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot assume {role_arn} to read account {account}'s pipelines ({cause}); deploy the member StackSet's read-only role in that account, trusting this one")]
pub struct MemberRoleError {
    pub account: String,
    pub role_arn: String,
    /// What STS said, in short.
    pub cause: String,
}

/// The account of the connection's credentials (`sts:GetCallerIdentity`).
pub async fn own_account(aws: &Aws) -> Result<String, AwsError> {
    aws.sts()
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("GetCallerIdentity", e, |_| None))?
        .account()
        .map(str::to_string)
        .ok_or_else(|| {
            AwsError::BadResponse("GetCallerIdentity answered without an account".into())
        })
}

/// What STS said, in short: the code and message of a refusal, else the whole error.
fn cause(e: &AwsError) -> String {
    match e {
        AwsError::AccessDenied { code, message } => format!("{code}: {message}"),
        AwsError::Service { code, message, .. } => format!("{code}: {message}"),
        other => other.to_string(),
    }
}

/// One member account's assumed role: its credentials, cached until shortly before they expire.
#[derive(Debug)]
struct AssumedRole {
    base: Aws,
    account: String,
    role_arn: String,
    state: tokio::sync::Mutex<Cached>,
}

#[derive(Debug, Default)]
struct Cached {
    credentials: Option<Credentials>,
    /// The last refusal and when it happened.
    refused: Option<(SystemTime, MemberRoleError)>,
}

/// Whether `credentials` are still good at `now` (with [`REFRESH_BEFORE`] to spare).
fn fresh(credentials: &Credentials, now: SystemTime) -> bool {
    credentials
        .expiry()
        .is_none_or(|expiry| now + REFRESH_BEFORE < expiry)
}

impl AssumedRole {
    async fn credentials(&self) -> Result<Credentials, MemberRoleError> {
        let now = SystemTime::now();
        let mut state = self.state.lock().await;
        if let Some(c) = state.credentials.as_ref().filter(|c| fresh(c, now)) {
            return Ok(c.clone());
        }
        if let Some((at, e)) = &state.refused {
            if now.duration_since(*at).unwrap_or_default() < RETRY_REFUSED {
                return Err(e.clone());
            }
        }
        match self.assume().await {
            Ok(c) => {
                state.credentials = Some(c.clone());
                state.refused = None;
                Ok(c)
            }
            Err(e) => {
                let e = MemberRoleError {
                    account: self.account.clone(),
                    role_arn: self.role_arn.clone(),
                    cause: cause(&e),
                };
                state.credentials = None;
                state.refused = Some((now, e.clone()));
                Err(e)
            }
        }
    }

    async fn assume(&self) -> Result<Credentials, AwsError> {
        let out = self
            .base
            .sts()
            .assume_role()
            .role_arn(&self.role_arn)
            .role_session_name(SESSION_NAME)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("AssumeRole", e, |_| None))?;
        let c = out.credentials().ok_or_else(|| {
            AwsError::BadResponse("AssumeRole answered without credentials".into())
        })?;
        Ok(Credentials::new(
            c.access_key_id(),
            c.secret_access_key(),
            Some(c.session_token().to_string()),
            SystemTime::try_from(*c.expiration()).ok(),
            "pipewright-member-role",
        ))
    }
}

/// The provider the member account's clients sign with.
#[derive(Debug, Clone)]
struct RoleProvider(Arc<AssumedRole>);

impl ProvideCredentials for RoleProvider {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            self.0
                .credentials()
                .await
                .map_err(CredentialsError::provider_error)
        })
    }
}

/// The member accounts' roles of one connection (to the central account), by account.
#[derive(Debug)]
pub struct MemberRoles {
    base: Aws,
    role: String,
    accounts: Mutex<HashMap<String, Arc<AssumedRole>>>,
}

impl MemberRoles {
    /// Roles named `role` (e.g. [`READ_ROLE`]), assumed with `base`'s credentials and STS.
    pub fn new(base: Aws, role: impl Into<String>) -> Self {
        MemberRoles {
            base,
            role: role.into(),
            accounts: Mutex::new(HashMap::new()),
        }
    }

    /// The role's name.
    pub fn role(&self) -> &str {
        &self.role
    }

    /// `arn:<partition>:iam::<account>:role/<name>`, the partition from the connection's region.
    pub fn role_arn(&self, account: &str) -> String {
        format!(
            "arn:{}:iam::{account}:role/{}",
            partition_of(self.base.region().unwrap_or_default()),
            self.role
        )
    }

    fn assumed(&self, account: &str) -> Arc<AssumedRole> {
        let mut accounts = self.accounts.lock().unwrap_or_else(|p| p.into_inner());
        accounts
            .entry(account.to_string())
            .or_insert_with(|| {
                Arc::new(AssumedRole {
                    base: self.base.clone(),
                    account: account.to_string(),
                    role_arn: self.role_arn(account),
                    state: Default::default(),
                })
            })
            .clone()
    }

    /// The member account's handle (in `region`, else the connection's): assumes the role now
    /// if its credentials are not cached, so that a refusal is this typed error and not a
    /// failed call later.
    pub async fn aws(&self, account: &str, region: Option<&str>) -> Result<Aws, MemberRoleError> {
        let role = self.assumed(account);
        role.credentials().await?;
        Ok(self
            .base
            .with_credentials(SharedCredentialsProvider::new(RoleProvider(role)), region))
    }

    /// Whether the role of `account` can be assumed now (`pipewright events status`).
    pub async fn check(&self, account: &str) -> Result<(), MemberRoleError> {
        self.assumed(account).credentials().await.map(|_| ())
    }
}

/// The outcome of assuming a member account's read-only role.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleCheck {
    pub role_arn: String,
    /// `None`: the role works; else what STS said.
    pub problem: Option<String>,
}

/// Checks the read-only role of each account in `accounts` that is not the connection's own
/// (`pipewright events status`): `(account, None)` for the connection's own account, else the
/// role's outcome.
pub async fn check_roles(
    aws: &Aws,
    role: &str,
    accounts: &[String],
) -> Vec<(String, Option<RoleCheck>)> {
    let own = own_account(aws).await.ok();
    let roles = MemberRoles::new(aws.clone(), role);
    let mut out = Vec::new();
    for account in accounts {
        if own.as_deref() == Some(account.as_str()) {
            out.push((account.clone(), None));
            continue;
        }
        let problem = roles.check(account).await.err().map(|e| e.cause);
        out.push((
            account.clone(),
            Some(RoleCheck {
                role_arn: roles.role_arn(account),
                problem,
            }),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_assumed_again_five_minutes_before_they_expire() {
        let now = SystemTime::now();
        let expiring = |in_secs| {
            Credentials::new(
                "a",
                "s",
                None,
                Some(now + Duration::from_secs(in_secs)),
                "t",
            )
        };
        assert!(fresh(&expiring(3600), now));
        assert!(!fresh(&expiring(299), now));
        assert!(fresh(&Credentials::new("a", "s", None, None, "t"), now));
    }

    #[test]
    fn the_role_arn_follows_the_partition() {
        let e = MemberRoleError {
            account: "222222222222".into(),
            role_arn: "arn:aws:iam::222222222222:role/PipewrightWatchRead".into(),
            cause: "AccessDenied: no".into(),
        };
        let said = e.to_string();
        assert!(said.starts_with("cannot assume arn:aws:iam::222222222222:role/PipewrightWatchRead to read account 222222222222"), "{said}");
    }
}
