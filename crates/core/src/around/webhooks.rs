//! Webhooks for GitHub version 1 (OAuth) source actions that do not poll: the `PutWebhook`
//! definition, which `RegisterWebhookWithThirdParty` then installs in the GitHub repository.
//!
//! AWS's example (AWS CLI `put-webhook`,
//! <https://docs.aws.amazon.com/cli/latest/reference/codepipeline/put-webhook.html>): a filter
//! `{"jsonPath": "$.ref", "matchEquals": "refs/heads/{Branch}"}` (CodePipeline puts the action's
//! `Branch` in place of `{Branch}`) and `GITHUB_HMAC` authentication with a secret token: "For
//! optimal security, generate a unique secret token for each webhook you create", and "If a
//! secret token was provided, it will be redacted in the response". So the token is made fresh
//! whenever apply (re)defines a webhook, never stored, and never compared.
//!
//! A GitHub version 1 source polls unless `PollForSourceChanges` is `false`, as CodeCommit and S3
//! sources do (see [`super::events::polls`]).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{events, names, ActionRef};
use crate::model::{Action, ActionTypeId, Pipeline};

/// The only authentication GitHub webhooks use.
pub const GITHUB_HMAC: &str = "GITHUB_HMAC";

/// A webhook that starts a pipeline for one GitHub version 1 source action.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    pub name: String,
    pub source: ActionRef,
    pub target_pipeline: String,
    pub target_action: String,
    pub filters: Vec<WebhookFilter>,
    pub authentication: String,
    /// `owner/repo`, what GitHub will call it for.
    pub repository: String,
}

/// `WebhookFilterRule`: a JSON path into GitHub's payload and the value it must equal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookFilter {
    pub json_path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_equals: Option<String>,
}

impl Webhook {
    /// The `webhook` member of `PutWebhook`'s input, with the secret token apply generated.
    pub fn definition(&self, secret_token: &str) -> Value {
        json!({
            "name": self.name,
            "targetPipeline": self.target_pipeline,
            "targetAction": self.target_action,
            "filters": self.filters,
            "authentication": self.authentication,
            "authenticationConfiguration": {"SecretToken": secret_token}
        })
    }
}

/// `ThirdParty/GitHub` source actions (GitHub version 1).
pub fn is_github_v1(t: &ActionTypeId) -> bool {
    t.category == "Source" && t.owner == "ThirdParty" && t.provider == "GitHub"
}

pub(super) fn webhook(p: &Pipeline, a: &Action, source: ActionRef) -> Option<Webhook> {
    if events::polls(a) {
        return None;
    }
    let owner = a.config("Owner").unwrap_or_default();
    let repo = a.config("Repo").unwrap_or_default();
    Some(Webhook {
        name: names::webhook(&p.name, &a.name),
        target_pipeline: p.name.clone(),
        target_action: a.name.clone(),
        filters: vec![WebhookFilter {
            json_path: "$.ref".into(),
            match_equals: Some("refs/heads/{Branch}".into()),
        }],
        authentication: GITHUB_HMAC.into(),
        repository: format!("{owner}/{repo}"),
        source,
    })
}
