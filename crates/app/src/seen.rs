//! What the user saw when they asked for a change: the connection and region a dialog or the
//! sync review named. Every command that changes something on AWS carries it, and the backend
//! refuses (kind `changed-since-review`, one sentence, nothing sent) when the connection the
//! call would use is not that one any more: a region switch, or a notification click that made
//! another connection active between review and confirm, never sends the change elsewhere.

use pipewright_connections::ActiveConnection;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, ErrorKind, Result};

/// The connection and region a view was made on (the UI passes back what the dialog showed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Seen {
    /// The saved connection's id (`null` for an ad-hoc connection).
    pub connection_id: Option<String>,
    /// The connection's name, as the dialog showed it.
    pub connection: String,
    pub region: String,
}

impl Seen {
    /// What a view made on `active` shows.
    pub fn of(active: &ActiveConnection) -> Seen {
        Seen {
            connection_id: active.id.clone(),
            connection: active.name.clone(),
            region: active.region.clone(),
        }
    }

    /// Ok when `active` is the connection and region the user saw; otherwise the refusal.
    pub fn check(&self, active: Option<&ActiveConnection>) -> Result<()> {
        if self.connection.is_empty() || self.region.is_empty() {
            return Err(changed(
                "this request does not say which connection and region it was reviewed on; nothing was sent: review it again".into(),
            ));
        }
        let Some(active) = active else {
            return Err(changed(format!(
                "no connection is active any more (this was reviewed on `{}` in {}); nothing was sent: review it again",
                self.connection, self.region
            )));
        };
        if active.id != self.connection_id || active.name != self.connection {
            return Err(changed(format!(
                "the active connection is now `{}`, not `{}` where this was reviewed; nothing was sent: review it again on the connection you mean",
                active.name, self.connection
            )));
        }
        if active.region != self.region {
            return Err(changed(format!(
                "the region of `{}` is now {}, not {} where this was reviewed; nothing was sent: review it again in the region you mean",
                active.name, active.region, self.region
            )));
        }
        Ok(())
    }
}

/// The refusal when what the user reviewed no longer matches (connection, region, remote state).
pub fn changed(message: String) -> AppError {
    AppError::other(ErrorKind::ChangedSinceReview, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn active(id: &str, name: &str, region: &str) -> ActiveConnection {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": name, "kind": "awsProfile", "region": region,
            "endpointUrl": null, "isSandbox": false, "title": name
        }))
        .expect("active connection")
    }

    #[test]
    fn refuses_another_connection_region_or_nothing_said() {
        let prod = active("c1", "prod", "us-east-1");
        let seen = Seen::of(&prod);
        assert!(seen.check(Some(&prod)).is_ok());
        let other = seen
            .check(Some(&active("c2", "sandbox", "us-east-1")))
            .unwrap_err();
        assert_eq!(other.kind(), ErrorKind::ChangedSinceReview);
        assert!(
            other.to_string().contains("now `sandbox`, not `prod`"),
            "{other}"
        );
        let region = seen
            .check(Some(&active("c1", "prod", "eu-west-1")))
            .unwrap_err();
        assert!(
            region.to_string().contains("now eu-west-1, not us-east-1"),
            "{region}"
        );
        assert!(seen.check(None).is_err());
        assert!(Seen::default().check(Some(&prod)).is_err());
    }
}
