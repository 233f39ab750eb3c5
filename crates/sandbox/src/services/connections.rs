//! CodeStar Connections (`CodeStar_connections_20191201`) and CodeConnections
//! (`CodeConnections_20231201`), AWS JSON 1.0 and RPC v2 CBOR: GetConnection and
//! ListConnections over the world's connections, whose status (AVAILABLE, PENDING, ERROR) is set
//! per ARN through `POST /sandbox/connections` or the scenario's `connections`. Both services
//! answer for either ARN form, as CodeConnections does for connections made under its old name.

use serde_json::{json, Value};

use super::{unknown_operation, Call};
use crate::error::{ApiError, ApiResult};
use crate::store::Store;
use crate::wire::{compact, opt_str};
use crate::world::Connection;

pub fn dispatch(st: &mut Store, op: &str, body: &Value, _call: &Call) -> ApiResult<Value> {
    match op {
        "GetConnection" => get_connection(st, body),
        "ListConnections" => list_connections(st, body),
        other => Err(unknown_operation("CodeConnections", other)),
    }
}

fn connection_json(c: &Connection) -> Value {
    json!({
        "ConnectionName": c.name,
        "ConnectionArn": c.arn,
        "ProviderType": c.provider,
        "OwnerAccountId": crate::ACCOUNT_ID,
        "ConnectionStatus": c.status.as_str(),
    })
}

fn get_connection(st: &mut Store, body: &Value) -> ApiResult<Value> {
    let arn = opt_str(body, "ConnectionArn").ok_or_else(|| {
        ApiError::validation(
            "1 validation error detected: Value null at 'connectionArn' failed to satisfy constraint: Member must not be null",
        )
    })?;
    let c = st.world.connections.get(arn).ok_or_else(|| {
        ApiError::new(
            "ResourceNotFoundException",
            format!("Connection {arn} not found"),
        )
    })?;
    Ok(json!({ "Connection": connection_json(c) }))
}

fn list_connections(st: &mut Store, body: &Value) -> ApiResult<Value> {
    let provider = opt_str(body, "ProviderTypeFilter");
    let all: Vec<Value> = st
        .world
        .connections
        .values()
        .filter(|c| provider.is_none_or(|p| p == c.provider))
        .map(connection_json)
        .collect();
    let start: usize = match opt_str(body, "NextToken") {
        None => 0,
        Some(t) => t
            .strip_prefix("sandbox-page-")
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| ApiError::validation("The NextToken is not valid."))?,
    };
    let size = body
        .get("MaxResults")
        .and_then(Value::as_u64)
        .map_or(50, |n| n.clamp(1, 100) as usize);
    let end = start.saturating_add(size).min(all.len());
    Ok(compact(json!({
        "Connections": all.get(start..end).unwrap_or_default(),
        "NextToken": (end < all.len()).then(|| format!("sandbox-page-{end}")),
    })))
}
