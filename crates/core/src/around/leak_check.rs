//! The credential-leak check around a pipeline (`pipewright.leakCheck` in a design file): every
//! push to a CodeCommit repository is scanned by a Lambda function, outside the pipeline too,
//! and a finding raises an alert on an SNS topic.
//!
//! The pipeline's own Lambda invoke action stops a release that carries a key. Around it, a
//! CodeCommit repository trigger sends every push of every branch to the same function ("You can
//! create a trigger for a CodeCommit repository so that events in the repository invoke a Lambda
//! function", <https://docs.aws.amazon.com/codecommit/latest/userguide/how-to-notify-lambda.html>),
//! which needs a resource policy letting `codecommit.amazonaws.com` invoke it. The
//! trigger's custom data names the alert topic; the function publishes each finding there.
//! Deactivating the leaked key is the function's own, opt-in step (`DEACTIVATE_LEAKED_KEYS=true`
//! in its environment, see the template's `leak_scanner.py`).
//!
//! CloudFormation declares repository triggers on the repository itself
//! (`AWS::CodeCommit::Repository` `Triggers`), so the export makes the repository part of the
//! stack; an existing repository is imported into it first.

use serde::{Deserialize, Serialize};

use crate::document::Document;

/// The key of the section in `pipewright`.
pub const KEY: &str = "leakCheck";

/// `pipewright.leakCheck`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeakCheck {
    /// The CodeCommit repository whose pushes are scanned.
    pub repository: String,
    /// The scanner Lambda function's name.
    pub function: String,
    /// The name of the role the function runs as; when given, the export grants it what the
    /// scan needs (publish to the topic, read pushed commits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_role: Option<String>,
    /// The SNS topic findings are published to (created with the stack).
    pub alert_topic: String,
}

impl LeakCheck {
    /// The section of a document, if it has a readable one.
    pub fn of(doc: &Document) -> Option<LeakCheck> {
        let v = doc.pipewright.as_ref()?.extra.get(KEY)?;
        serde_json::from_value(v.clone())
            .ok()
            .filter(|l: &LeakCheck| {
                !l.repository.is_empty() && !l.function.is_empty() && !l.alert_topic.is_empty()
            })
    }

    /// The repository trigger's name.
    pub fn trigger_name(&self) -> String {
        format!("{}-leak-scan", self.function)
    }
}
