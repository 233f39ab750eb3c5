//! The connections CodeStarSourceConnection sources use, and what their status means.
//!
//! AWS: "A connection created through the AWS Command Line Interface (AWS CLI) or AWS
//! CloudFormation is in PENDING status by default. After you create a connection with the AWS CLI
//! or AWS CloudFormation, use the console to update the connection to make its status AVAILABLE.
//! ... You must use the console to update a pending connection. You cannot update a pending
//! connection using the AWS CLI." (Developer Tools console, Update a pending connection,
//! <https://docs.aws.amazon.com/dtconsole/latest/userguide/connections-update.html>), and "A
//! connection that has an error state is retried automatically. It cannot be used until it is
//! available." (<https://docs.aws.amazon.com/dtconsole/latest/userguide/welcome-connections-workflow.html>).
//! A pipeline whose source connection is PENDING or ERROR fails at its source action: plan warns
//! (W901), the designer shows it as a problem and the control room as a badge, each saying where
//! to finish the handshake.
//!
//! Status is read by ARN with `GetConnection` from CodeConnections (`arn:...:codeconnections:...`)
//! or CodeStar Connections (`arn:...:codestar-connections:...`); both answer for both prefixes.

use serde::{Deserialize, Serialize};

use super::ActionRef;
use crate::arn::{console_domain, Arn};
use crate::model::{Action, ActionTypeId};

/// A connection and the source actions that use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionUse {
    pub arn: String,
    pub actions: Vec<ActionRef>,
}

/// A connection's ARN, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionArn {
    pub partition: String,
    /// `codeconnections` or `codestar-connections`.
    pub service: String,
    pub region: String,
    pub account: String,
    pub id: String,
}

impl ConnectionArn {
    /// `arn:<partition>:<codeconnections|codestar-connections>:<region>:<account>:connection/<id>`.
    pub fn parse(arn: &str) -> Option<ConnectionArn> {
        let arn = Arn::parse(arn)?;
        let id = arn.resource.strip_prefix("connection/")?;
        let known = arn.service == "codeconnections" || arn.service == "codestar-connections";
        (known && !arn.region.is_empty() && !id.is_empty()).then(|| ConnectionArn {
            partition: arn.partition.into(),
            service: arn.service.into(),
            region: arn.region.into(),
            account: arn.account.into(),
            id: id.into(),
        })
    }

    /// The console page where a pending connection is completed (Settings > Connections, in the
    /// connection's region).
    pub fn console_link(&self) -> String {
        let host = console_domain(&self.partition);
        format!(
            "https://{host}/codesuite/settings/connections?region={}",
            self.region
        )
    }
}

/// `ConnectionStatus`, with a fallback for values the service may add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConnectionStatus {
    Available,
    Pending,
    Error,
    /// `GetConnection` says there is no such connection (deleted, or in another account or
    /// region).
    NotFound,
    #[serde(other)]
    Unknown,
}

impl ConnectionStatus {
    pub fn parse(s: &str) -> ConnectionStatus {
        match s {
            "AVAILABLE" => ConnectionStatus::Available,
            "PENDING" => ConnectionStatus::Pending,
            "ERROR" => ConnectionStatus::Error,
            _ => ConnectionStatus::Unknown,
        }
    }
}

/// What `GetConnection` said of a connection: for the plan (W901), the designer's problems and
/// the control room's badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionState {
    pub arn: String,
    pub status: ConnectionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub name: Option<String>,
    /// `GitHub`, `Bitbucket`, `GitLab`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub provider: Option<String>,
}

impl ConnectionState {
    /// What is wrong and what to do, when the connection cannot be used; `None` when AVAILABLE.
    pub fn attention(&self) -> Option<String> {
        let what = match &self.name {
            Some(n) => format!("connection `{n}`"),
            None => "the connection".into(),
        };
        let link = ConnectionArn::parse(&self.arn)
            .map(|a| a.console_link())
            .unwrap_or_else(|| {
                "https://console.aws.amazon.com/codesuite/settings/connections".into()
            });
        match self.status {
            ConnectionStatus::Available => None,
            ConnectionStatus::Pending => Some(format!(
                "{what} is PENDING: finish the handshake in the console: {link} (choose it, then Update pending connection); a pending connection cannot be completed from the CLI or an API"
            )),
            ConnectionStatus::Error => Some(format!(
                "{what} is in ERROR: the service retries it, and the pipeline cannot use it until it is AVAILABLE; check the app installation or host in the console: {link}"
            )),
            ConnectionStatus::NotFound => Some(format!(
                "{what} does not exist in this account and region (deleted, or the ARN is wrong): create a connection in the console ({link}), finish its handshake, and put its ARN in ConnectionArn"
            )),
            ConnectionStatus::Unknown => Some(format!(
                "{what} reports a status Pipewright does not know; check it in the console: {link}"
            )),
        }
    }
}

/// `AWS/CodeStarSourceConnection` source actions.
pub fn is_connection_source(t: &ActionTypeId) -> bool {
    t.category == "Source" && t.provider == "CodeStarSourceConnection"
}

pub(super) fn add_use(uses: &mut Vec<ConnectionUse>, a: &Action, source: ActionRef) {
    let Some(arn) = a.config("ConnectionArn").filter(|v| !v.is_empty()) else {
        return;
    };
    match uses.iter_mut().find(|u| u.arn == arn) {
        Some(u) => u.actions.push(source),
        None => uses.push(ConnectionUse {
            arn: arn.to_string(),
            actions: vec![source],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_of_both_services_parse_and_link_to_their_region() {
        let a = ConnectionArn::parse(
            "arn:aws:codestar-connections:eu-west-1:123456789012:connection/0a1b",
        )
        .unwrap();
        assert_eq!(a.id, "0a1b");
        assert_eq!(
            a.console_link(),
            "https://console.aws.amazon.com/codesuite/settings/connections?region=eu-west-1"
        );
        let b =
            ConnectionArn::parse("arn:aws-cn:codeconnections:cn-north-1:123456789012:connection/x")
                .unwrap();
        assert!(b
            .console_link()
            .starts_with("https://console.amazonaws.cn/"));
        assert!(ConnectionArn::parse("arn:aws:s3:::bucket").is_none());
        assert!(ConnectionArn::parse("arn:aws:codeconnections:us-east-1:1:host/x").is_none());
    }

    #[test]
    fn only_usable_connections_need_no_attention() {
        let state = |status| ConnectionState {
            arn: "arn:aws:codeconnections:us-east-1:123456789012:connection/abc".into(),
            status,
            name: Some("gh".into()),
            provider: Some("GitHub".into()),
        };
        assert_eq!(state(ConnectionStatus::Available).attention(), None);
        let pending = state(ConnectionStatus::Pending).attention().unwrap();
        assert!(pending.contains("finish the handshake in the console: https://console.aws.amazon.com/codesuite/settings/connections?region=us-east-1"), "{pending}");
        assert!(state(ConnectionStatus::Error)
            .attention()
            .unwrap()
            .contains("ERROR"));
        assert_eq!(ConnectionStatus::parse("NEW"), ConnectionStatus::Unknown);
        let parsed: ConnectionStatus = serde_json::from_str("\"SOMETHING\"").unwrap();
        assert_eq!(parsed, ConnectionStatus::Unknown);
    }
}
