//! The status of the connections CodeStarSourceConnection sources use (`GetConnection`), for the
//! plan (W901), the designer's problems and the control room's badge.
//!
//! Each ARN is read through the service its prefix names: `codeconnections` through
//! CodeConnections, `codestar-connections` through CodeStar Connections. "When specifying a
//! resource in the IAM policy, the service prefix needs to match that of the resource"
//! (<https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html>), so that is the call the
//! user's permissions allow.

use pipewright_core::around::{ConnectionArn, ConnectionState, ConnectionStatus};

use crate::config::Aws;
use crate::error::AwsError;

/// What was learnt of a set of connections.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConnectionReport {
    /// One state per connection that could be read.
    pub states: Vec<ConnectionState>,
    /// Why a connection's status is unknown (not a connection ARN, access denied, the endpoint
    /// does not serve the call), one sentence each.
    pub unread: Vec<String>,
}

/// `GetConnection` for one connection ARN.
pub async fn connection_state(aws: &Aws, arn: &str) -> Result<ConnectionState, AwsError> {
    let parsed = ConnectionArn::parse(arn).ok_or_else(|| AwsError::InvalidInput {
        field: "ConnectionArn",
        message: format!(
            "`{arn}` is not a connection ARN (arn:aws:codeconnections:<region>:<account>:connection/<id>)"
        ),
    })?;
    let state =
        |status: Option<&str>, name: Option<&str>, provider: Option<&str>| ConnectionState {
            arn: arn.to_string(),
            status: status.map_or(ConnectionStatus::Unknown, ConnectionStatus::parse),
            name: name.map(str::to_string),
            provider: provider.map(str::to_string),
        };
    let missing = ConnectionState {
        arn: arn.to_string(),
        status: ConnectionStatus::NotFound,
        name: None,
        provider: None,
    };
    if parsed.service == "codeconnections" {
        match aws
            .codeconnections()
            .get_connection()
            .connection_arn(arn)
            .send()
            .await
        {
            Ok(out) => {
                let c = out.connection();
                Ok(state(
                    c.and_then(|c| c.connection_status()).map(|s| s.as_str()),
                    c.and_then(|c| c.connection_name()),
                    c.and_then(|c| c.provider_type()).map(|p| p.as_str()),
                ))
            }
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception()) =>
            {
                Ok(missing)
            }
            Err(e) => Err(AwsError::from_sdk("GetConnection", e, |_| None)),
        }
    } else {
        match aws
            .codestarconnections()
            .get_connection()
            .connection_arn(arn)
            .send()
            .await
        {
            Ok(out) => {
                let c = out.connection();
                Ok(state(
                    c.and_then(|c| c.connection_status()).map(|s| s.as_str()),
                    c.and_then(|c| c.connection_name()),
                    c.and_then(|c| c.provider_type()).map(|p| p.as_str()),
                ))
            }
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception()) =>
            {
                Ok(missing)
            }
            Err(e) => Err(AwsError::from_sdk("GetConnection", e, |_| None)),
        }
    }
}

/// The states of several connections, each read once; what could not be read is said, not
/// failed on (a plan is still a plan without them).
pub async fn connection_states(aws: &Aws, arns: &[String]) -> ConnectionReport {
    let mut report = ConnectionReport::default();
    let mut seen: Vec<&str> = Vec::new();
    for arn in arns {
        if seen.contains(&arn.as_str()) {
            continue;
        }
        seen.push(arn);
        match connection_state(aws, arn).await {
            Ok(state) => report.states.push(state),
            Err(e) if e.is_unsupported_operation() => report.unread.push(format!(
                "this endpoint does not serve GetConnection ({}), so the status of connection {arn} was not checked",
                e.code().unwrap_or("unsupported")
            )),
            Err(e) => report.unread.push(format!(
                "the status of connection {arn} could not be read: {e}"
            )),
        }
    }
    report
}
