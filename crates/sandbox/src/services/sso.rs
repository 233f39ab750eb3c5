//! The SSO portal (REST JSON, service `portal.sso`): GetRoleCredentials
//! (`GET /federation/credentials`), ListAccounts (`GET /assignment/accounts`), ListAccountRoles
//! (`GET /assignment/roles`) and Logout (`POST /logout`), each with the access token from
//! SSO-OIDC in `x-amz-sso_bearer_token`. An expired or unknown token answers
//! UnauthorizedException (401), as an expired IAM Identity Center session does. Role
//! credentials last an hour, or until the session ends if sooner.

use serde_json::{json, Value};

use super::sso_oidc::{refusal, Rest};
use crate::server::query_str;
use crate::sso::{accounts, Refusal};
use crate::store::Store;
use crate::wire::compact;

/// Answer a portal request, or None when the path is not one of its operations.
pub fn handle(
    st: &mut Store,
    method: &hyper::Method,
    path: &str,
    query: &str,
    headers: &hyper::HeaderMap,
    now: f64,
) -> Option<Rest> {
    let op = match (method.as_str(), path) {
        ("GET", "/federation/credentials") => 0,
        ("GET", "/assignment/accounts") => 1,
        ("GET", "/assignment/roles") => 2,
        ("POST", "/logout") => 3,
        _ => return None,
    };
    let token = headers
        .get("x-amz-sso_bearer_token")
        .and_then(|v| v.to_str().ok());
    if let Err(r) = st.world.sso.check_access(token, now) {
        return Some(refusal(r));
    }
    let q = |k: &str| query_str(query, k);
    let answer = match op {
        0 => role_credentials(st, q("account_id"), q("role_name"), token, now),
        1 => Ok(list(
            accounts()
                .into_iter()
                .map(|(id, name, email, _)| json!({ "accountId": id, "accountName": name, "emailAddress": email }))
                .collect(),
            "accountList",
            q("next_token"),
            q("max_result"),
        )),
        2 => match accounts().into_iter().find(|a| Some(a.0) == q("account_id").as_deref()) {
            Some((id, _, _, roles)) => Ok(list(
                roles.iter().map(|r| json!({ "roleName": r, "accountId": id })).collect(),
                "roleList",
                q("next_token"),
                q("max_result"),
            )),
            None => Err(Refusal::NotFound),
        },
        _ => {
            if let Some(t) = token {
                st.world.sso.logout(t);
            }
            Ok((200, json!({}), None))
        }
    };
    Some(answer.unwrap_or_else(refusal))
}

fn list(items: Vec<Value>, key: &str, next: Option<String>, max: Option<String>) -> Rest {
    let start = next
        .and_then(|t| {
            t.strip_prefix("sandbox-page-")
                .and_then(|n| n.parse::<usize>().ok())
        })
        .unwrap_or(0);
    let size = max
        .and_then(|m| m.parse::<usize>().ok())
        .unwrap_or(100)
        .clamp(1, 100);
    let end = start.saturating_add(size).min(items.len());
    let mut out = json!({ key: items.get(start..end).unwrap_or_default() });
    if end < items.len() {
        out["nextToken"] = json!(format!("sandbox-page-{end}"));
    }
    (200, compact(out), None)
}

fn role_credentials(
    st: &Store,
    account: Option<String>,
    role: Option<String>,
    token: Option<&str>,
    now: f64,
) -> Result<Rest, Refusal> {
    let (account, role) = (
        account.ok_or(Refusal::InvalidRequest)?,
        role.ok_or(Refusal::InvalidRequest)?,
    );
    let known = accounts()
        .into_iter()
        .any(|(id, _, _, roles)| id == account && roles.contains(&role.as_str()));
    if !known {
        return Err(Refusal::NotFound);
    }
    let session_end = token
        .and_then(|t| st.world.sso.access.get(t))
        .map_or(now + 3600.0, |t| t.expires);
    let expires = (now + 3600.0).min(session_end);
    let key = uuid::Uuid::new_v4().simple().to_string().to_uppercase();
    Ok((
        200,
        json!({ "roleCredentials": {
            "accessKeyId": format!("ASIA{}", &key[..16]),
            "secretAccessKey": format!("{}{}", uuid::Uuid::new_v4().simple(), &uuid::Uuid::new_v4().simple().to_string()[..8]),
            "sessionToken": format!("IQoJb3JpZ2luX2VjE{}", uuid::Uuid::new_v4().simple()),
            "expiration": (expires * 1000.0).floor() as i64,
        } }),
        None,
    ))
}
