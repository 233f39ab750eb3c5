//! IAM calls for the role EventBridge assumes to start a pipeline: read it with its inline
//! policy, create or fix it, delete it.
//!
//! IAM hands policy documents back URL-encoded (RFC 3986); they are decoded before comparing.

use aws_sdk_iam::Client;
use pipewright_core::around::events::{start_policy, trust_policy};
use pipewright_core::around::plan::RemoteRole;
use pipewright_core::around::ManagedRole;
use serde_json::Value;

use crate::error::AwsError;

/// `GetRole` and `GetRolePolicy`; `None` when there is no such role.
pub(super) async fn read(iam: &Client, role: &ManagedRole) -> Result<Option<RemoteRole>, AwsError> {
    let got = match iam.get_role().role_name(&role.name).send().await {
        Ok(r) => r,
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_no_such_entity_exception()) =>
        {
            return Ok(None)
        }
        Err(e) => return Err(AwsError::from_sdk("GetRole", e, |_| None)),
    };
    let Some(r) = got.role() else {
        return Ok(None);
    };
    let policy = match iam
        .get_role_policy()
        .role_name(&role.name)
        .policy_name(&role.policy_name)
        .send()
        .await
    {
        Ok(p) => document(p.policy_document()),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_no_such_entity_exception()) =>
        {
            None
        }
        Err(e) => return Err(AwsError::from_sdk("GetRolePolicy", e, |_| None)),
    };
    Ok(Some(RemoteRole {
        name: r.role_name().to_string(),
        arn: r.arn().to_string(),
        trust: r.assume_role_policy_document().and_then(document),
        policy,
    }))
}

/// Create the role (trusted by EventBridge) or put its trust back, then put its inline policy
/// (start this pipeline only). Returns the role's ARN.
pub(super) async fn put(
    iam: &Client,
    role: &ManagedRole,
    exists: bool,
    pipeline: &str,
    pipeline_arn: &str,
) -> Result<String, AwsError> {
    let trust = trust_policy().to_string();
    let arn = if exists {
        iam.update_assume_role_policy()
            .role_name(&role.name)
            .policy_document(&trust)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("UpdateAssumeRolePolicy", e, |_| None))?;
        read(iam, role).await?.map(|r| r.arn).unwrap_or_default()
    } else {
        let created = iam
            .create_role()
            .role_name(&role.name)
            .path("/")
            .assume_role_policy_document(&trust)
            .description(format!(
                "Lets EventBridge start pipeline {pipeline} (made by Pipewright)"
            ))
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("CreateRole", e, |_| None))?;
        created
            .role()
            .map(|r| r.arn().to_string())
            .unwrap_or_default()
    };
    iam.put_role_policy()
        .role_name(&role.name)
        .policy_name(&role.policy_name)
        .policy_document(start_policy(Value::from(pipeline_arn)).to_string())
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("PutRolePolicy", e, |_| None))?;
    Ok(arn)
}

/// Delete the role's inline policies, then the role. A role that is gone already is no error.
pub(super) async fn delete(iam: &Client, name: &str) -> Result<(), AwsError> {
    let policies = match iam.list_role_policies().role_name(name).send().await {
        Ok(p) => p.policy_names().to_vec(),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_no_such_entity_exception()) =>
        {
            return Ok(())
        }
        Err(e) => return Err(AwsError::from_sdk("ListRolePolicies", e, |_| None)),
    };
    for policy in policies {
        iam.delete_role_policy()
            .role_name(name)
            .policy_name(&policy)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("DeleteRolePolicy", e, |_| None))?;
    }
    iam.delete_role()
        .role_name(name)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("DeleteRole", e, |_| None))?;
    Ok(())
}

/// A policy document as IAM returns it: URL-encoded JSON (or plain JSON).
fn document(text: &str) -> Option<Value> {
    serde_json::from_str(text)
        .ok()
        .or_else(|| serde_json::from_str(&percent_decode(text)).ok())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_documents_decode_whether_encoded_or_not() {
        let plain = r#"{"Version":"2012-10-17","Statement":[]}"#;
        assert_eq!(document(plain).unwrap()["Version"], "2012-10-17");
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        assert_eq!(document(encoded), document(plain));
        assert_eq!(percent_decode("a%2"), "a%2");
    }
}
