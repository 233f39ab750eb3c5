//! The GitHub version 1 (OAuth) migration: every GitHub v1 source of a design moved to a
//! CodeStar / CodeConnections connection, the version AWS recommends.

use pipewright_core::arn::is_account_id;
use pipewright_core::around::ConnectionArn;
use pipewright_core::Document;
use serde::Serialize;

use crate::error::{AppError, Result};

/// The migrated design and what changed, as sentences.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Migration {
    pub document: Document,
    pub changes: Vec<String>,
}

/// Whether `arn` names a CodeStar / CodeConnections connection.
pub fn is_connection_arn(arn: &str) -> bool {
    ConnectionArn::parse(arn)
        .is_some_and(|c| c.partition.starts_with("aws") && is_account_id(&c.account))
}

/// Every GitHub version 1 source of `document` moved to the connection `connection_arn`.
pub fn github_v1(document: &Document, connection_arn: &str) -> Result<Migration> {
    let arn = connection_arn.trim();
    if !is_connection_arn(arn) {
        return Err(AppError::Invalid(format!(
            "`{arn}` is not a connection ARN; copy it from the console (Developer Tools > Settings > Connections), it looks like arn:aws:codestar-connections:eu-west-1:123456789012:connection/1a2b3c4d-..."
        )));
    }
    let (document, changes) = pipewright_core::templates::migrate_github_v1(document, arn);
    if changes.is_empty() {
        return Err(AppError::Invalid(
            "this design has no GitHub version 1 source action; there is nothing to migrate".into(),
        ));
    }
    Ok(Migration { document, changes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_arns_are_recognised() {
        assert!(is_connection_arn(
            "arn:aws:codeconnections:us-east-1:123456789012:connection/x"
        ));
        assert!(is_connection_arn(
            "arn:aws-cn:codestar-connections:cn-north-1:123456789012:connection/x"
        ));
        assert!(!is_connection_arn(
            "arn:aws:codestar-connections:us-east-1:1234:connection/x"
        ));
        assert!(!is_connection_arn(
            "arn:aws:s3:us-east-1:123456789012:connection/x"
        ));
        assert!(!is_connection_arn(
            "arn:aws:codeconnections:us-east-1:123456789012:connection/"
        ));
    }
}
