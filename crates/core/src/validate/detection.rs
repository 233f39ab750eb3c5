//! What starts the pipeline (`W9xx`): source connections that cannot be used, and polling
//! sources the service no longer polls. What lives around the pipeline itself (EventBridge
//! rules, webhooks) is `crate::around`'s; these rules say when the design alone will not start.

use super::{action_ptr, Options, Out};
use crate::around::{connections, events, webhooks, ConnectionStatus, SourceKind};
use crate::document::Document;

pub(super) fn check(doc: &Document, opts: &Options, out: &mut Out) {
    unusable_connection(doc, opts, out);
    polling_disabled(doc, out);
}

/// W901. "A connection created through the AWS Command Line Interface (AWS CLI) or AWS
/// CloudFormation is in PENDING status by default ... use the console to update the connection
/// to make its status AVAILABLE"; "A connection that has an error state is retried
/// automatically. It cannot be used until it is available." (Developer Tools console,
/// <https://docs.aws.amazon.com/dtconsole/latest/userguide/connections-update.html>,
/// <https://docs.aws.amazon.com/dtconsole/latest/userguide/welcome-connections-workflow.html>).
/// Known only from `GetConnection`: plan and the designer pass the states in [`Options`].
fn unusable_connection(doc: &Document, opts: &Options, out: &mut Out) {
    if opts.connections.is_empty() {
        return;
    }
    for (si, ai, a) in doc.pipeline.actions() {
        if !connections::is_connection_source(&a.action_type_id) {
            continue;
        }
        let Some(arn) = a.config("ConnectionArn") else {
            continue;
        };
        let Some(state) = opts.connections.iter().find(|c| c.arn == arn) else {
            continue;
        };
        if state.status == ConnectionStatus::Available {
            continue;
        }
        let status = serde_json::to_value(state.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        out.emit(
            "W901",
            &action_ptr(si, ai).key("configuration").key("ConnectionArn"),
            format!(
                "source action `{}` uses a connection that is {status}: the pipeline fails at this action until it is AVAILABLE",
                a.name
            ),
            state.attention().unwrap_or_default(),
        );
    }
}

/// W902. "Pipelines that are inactive for longer than 30 days will have polling disabled for the
/// pipeline" (API model `PipelineMetadata.pollingDisabledAt`; CodePipeline user guide, Migrate
/// polling pipelines to use event-based change detection,
/// <https://docs.aws.amazon.com/codepipeline/latest/userguide/update-change-detection.html>).
/// A get-pipeline document says so in `metadata.pollingDisabledAt`; its polling sources then
/// start nothing.
fn polling_disabled(doc: &Document, out: &mut Out) {
    let Some(at) = doc
        .metadata
        .as_ref()
        .and_then(|m| m.get("pollingDisabledAt"))
        .filter(|v| !v.is_null())
    else {
        return;
    };
    let when = at
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| at.to_string());
    for (si, ai, a) in doc.pipeline.actions() {
        let t = &a.action_type_id;
        let polls_by_design = matches!(
            SourceKind::of(t),
            Some(SourceKind::CodeCommit | SourceKind::S3)
        ) || webhooks::is_github_v1(t);
        if !polls_by_design || !events::polls(a) {
            continue;
        }
        let ptr = action_ptr(si, ai);
        let ptr = if a.config("PollForSourceChanges").is_some() {
            ptr.key("configuration").key("PollForSourceChanges")
        } else {
            ptr
        };
        out.emit(
            "W902",
            &ptr,
            format!(
                "the service stopped polling this pipeline ({when}), and source action `{}` only polls: nothing starts the pipeline on a change",
                a.name
            ),
            "Set PollForSourceChanges to \"false\": `pipewright apply` then creates the EventBridge rule (CodeCommit, S3) or webhook (GitHub) that starts it.",
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::around::{ConnectionState, ConnectionStatus};
    use crate::document::Document;
    use crate::validate::testing::{base, rule_cases};
    use crate::validate::{validate_with, Options};

    rule_cases! {
        w902_polling_disabled_by_the_service: "W902",
    }

    fn with_connection(status: ConnectionStatus) -> Vec<(&'static str, String, String)> {
        let doc = Document::from_value(base()).unwrap();
        let opts = Options {
            connections: vec![ConnectionState {
                arn: "arn:aws:codeconnections:us-east-1:123456789012:connection/abc".into(),
                status,
                name: Some("github".into()),
                provider: Some("GitHub".into()),
            }],
            ..Options::default()
        };
        validate_with(&doc, &opts)
            .into_iter()
            .map(|d| (d.code, d.pointer, d.hint))
            .collect()
    }

    #[test]
    fn pending_connection_is_w901() {
        let found = with_connection(ConnectionStatus::Pending);
        assert_eq!(found.len(), 1, "{found:?}");
        let (code, pointer, hint) = &found[0];
        assert_eq!(*code, "W901");
        assert_eq!(
            pointer,
            "/pipeline/stages/0/actions/0/configuration/ConnectionArn"
        );
        assert!(
            hint.contains("finish the handshake in the console: https://console.aws.amazon.com/codesuite/settings/connections?region=us-east-1"),
            "{hint}"
        );
        assert_eq!(with_connection(ConnectionStatus::Error)[0].0, "W901");
        assert!(with_connection(ConnectionStatus::Available).is_empty());
    }

    #[test]
    fn polling_that_still_runs_or_event_sources_are_not_w902() {
        let mut v = base();
        v["metadata"] = json!({"pollingDisabledAt": "2024-05-01T00:00:00Z"});
        // A connection source does not poll.
        let doc = Document::from_value(v).unwrap();
        assert!(validate_with(&doc, &Options::default())
            .iter()
            .all(|d| d.code != "W902"));
    }
}
