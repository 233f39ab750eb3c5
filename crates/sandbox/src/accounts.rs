//! Which account a request comes from, so that one sandbox endpoint serves several accounts as
//! AWS does: a request's account is that of its SigV4 access key id. Keys are registered
//! ([`SandboxConfig::access_key`](crate::SandboxConfig::access_key),
//! [`RunningSandbox::register_access_key`](crate::RunningSandbox::register_access_key)) or
//! issued by the sandbox's STS `AssumeRole` for a registered role
//! ([`SandboxConfig::account_role`](crate::SandboxConfig::account_role)), whose credentials
//! belong to the role's account; any other key is the sandbox's own account
//! [`ACCOUNT_ID`](crate::ACCOUNT_ID).
//!
//! A pipeline belongs to the account that created it (its ARN says which); CodePipeline calls
//! from another account do not see it (`PipelineNotFoundException`, and `ListPipelines` leaves
//! it out). Pipeline names stay unique over the whole sandbox.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A role in an account that callers from the trusted accounts may assume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRole {
    pub account: String,
    pub name: String,
    /// The accounts whose callers may assume it (its trust policy).
    pub trusted: BTreeSet<String>,
}

/// The accounts the sandbox knows: access keys and roles.
#[derive(Debug, Clone, Default)]
pub struct Accounts {
    keys: HashMap<String, String>,
    roles: BTreeMap<(String, String), BTreeSet<String>>,
    /// The account of the call being answered (`None`: the sandbox's own).
    pub current: Option<String>,
    /// CodePipeline calls answered, by the caller's account.
    calls: HashMap<String, u64>,
}

impl Accounts {
    /// The account of an access key id.
    pub fn account_of(&self, key: &str) -> &str {
        self.keys.get(key).map_or(crate::ACCOUNT_ID, String::as_str)
    }

    pub fn register_key(&mut self, key: &str, account: &str) {
        self.keys.insert(key.to_string(), account.to_string());
    }

    pub fn add_role(&mut self, role: AccountRole) {
        self.roles.insert((role.account, role.name), role.trusted);
    }

    pub fn remove_role(&mut self, account: &str, name: &str) {
        self.roles.remove(&(account.to_string(), name.to_string()));
    }

    /// Whether a caller in `caller` may assume `name` in `account`.
    pub fn may_assume(&self, caller: &str, account: &str, name: &str) -> bool {
        self.roles
            .get(&(account.to_string(), name.to_string()))
            .is_some_and(|trusted| trusted.contains(caller))
    }

    /// The account the call being answered comes from.
    pub fn current(&self) -> &str {
        self.current.as_deref().unwrap_or(crate::ACCOUNT_ID)
    }

    pub fn count_call(&mut self, account: &str) {
        *self.calls.entry(account.to_string()).or_default() += 1;
    }

    /// CodePipeline calls answered for callers of `account`.
    pub fn calls(&self, account: &str) -> u64 {
        self.calls.get(account).copied().unwrap_or(0)
    }
}

/// The account in an ARN (`arn:aws:codepipeline:region:ACCOUNT:name`).
pub fn arn_account(arn: &str) -> Option<&str> {
    Some(pipewright_core::arn::Arn::parse(arn)?.account).filter(|a| !a.is_empty())
}

/// The access key id of a SigV4 `Authorization` header.
pub fn access_key(auth: Option<&str>) -> Option<&str> {
    auth.and_then(|a| a.split("Credential=").nth(1))
        .and_then(|c| c.split('/').next())
        .filter(|k| !k.is_empty())
}
