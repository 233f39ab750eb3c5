//! What a pipeline needs around it to run as designed, derived from the design the way the
//! console would create it: what makes it start (an EventBridge rule, its target and the IAM
//! role that lets EventBridge start the pipeline, for CodeCommit, S3 and ECR sources; a webhook
//! for GitHub version 1 sources), the connections its CodeStarSourceConnection sources need to be
//! AVAILABLE, and what a template describes beside the pipeline (the credential-leak check's
//! repository trigger and alert topic).
//!
//! AWS: "If you use the console to create or edit the pipeline, CodePipeline creates an
//! EventBridge rule that starts your pipeline when a change occurs in the repository"
//! (CodeCommit source action reference,
//! <https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeCommit.html>);
//! outside the console "the change detection method defaults to starting the pipeline by polling
//! the source. You should disable periodic checks and create the change detection rule manually"
//! (<https://docs.aws.amazon.com/codepipeline/latest/userguide/create-cwe-ecr-source.html>).
//! Pipewright creates it: [`derive`] says what, `plan` compares it with what exists, and the AWS
//! crate's plan / apply / delete manage it as part of the pipeline; the CloudFormation and
//! Terraform exports declare it.
//!
//! Pure: the account, region and partition are known only where the resources are made, so the
//! ARNs in here are [`LocalArn`]s, rendered for a [`Place`] (plan and apply), a CloudFormation
//! `Fn::Sub` or a Terraform interpolation.

pub mod connections;
pub mod events;
pub mod leak_check;
mod names;
pub mod plan;
pub mod webhooks;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::arn::Arn;
use crate::codec::Pointer;
use crate::document::Document;

pub use connections::{ConnectionArn, ConnectionState, ConnectionStatus, ConnectionUse};
pub use events::{EventPattern, EventRole, EventRule, ManagedRole, SourceKind};
pub use leak_check::LeakCheck;
pub use plan::{AroundChange, AroundKind, AroundOp, RemoteAround};
pub use webhooks::{Webhook, WebhookFilter};

/// Every rule, role and webhook Pipewright makes has a name starting with this: plan and delete
/// touch nothing else.
pub const MANAGED_PREFIX: &str = names::PREFIX;

/// The key of the designer section's change-detection settings (`pipewright.changeDetection`).
pub const SETTINGS_KEY: &str = "changeDetection";

/// Everything around one pipeline (one environment's pipeline when the design has environments).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Around {
    /// The pipeline's name.
    pub pipeline: String,
    /// One EventBridge rule per CodeCommit, S3 or ECR source action that does not poll.
    pub rules: Vec<EventRule>,
    /// The role EventBridge assumes to start the pipeline, when there are rules.
    pub role: Option<EventRole>,
    /// One webhook per GitHub version 1 source action that does not poll.
    pub webhooks: Vec<Webhook>,
    /// The connections CodeStarSourceConnection sources use, each once.
    pub connections: Vec<ConnectionUse>,
    /// What the pipeline needs that Pipewright does not create, as sentences.
    pub notes: Vec<AroundNote>,
    /// False when `pipewright.changeDetection.manage` is false: the rules, role and webhooks are
    /// someone else's (a CloudFormation stack, Terraform) and plan / apply leave them alone.
    pub managed: bool,
}

/// A source action, by name and by pointer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionRef {
    pub stage: String,
    pub action: String,
    /// JSON pointer of the action in the design.
    pub pointer: String,
}

/// Something the pipeline needs that Pipewright does not make, said so precisely that the user
/// can make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AroundNote {
    /// JSON pointer of the node it is about.
    pub pointer: String,
    pub message: String,
}

/// `pipewright.changeDetection` in a design file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// `false`: Pipewright does not manage this pipeline's change detection (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manage: Option<bool>,
    /// An existing role EventBridge assumes to start the pipeline, instead of the one Pipewright
    /// would create (for accounts where the user may not create IAM roles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
}

impl Settings {
    /// The settings of a document (unreadable settings count as none).
    pub fn of(doc: &Document) -> Settings {
        doc.pipewright
            .as_ref()
            .and_then(|d| d.extra.get(SETTINGS_KEY))
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default()
    }
}

/// The account, region and partition a pipeline lives in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    pub partition: String,
    pub region: String,
    pub account: String,
}

impl Place {
    /// The place of a regional ARN (`arn:<partition>:<service>:<region>:<account>:...`).
    pub fn of_arn(arn: &str) -> Option<Place> {
        let arn = Arn::parse(arn)?;
        (!arn.region.is_empty() && !arn.account.is_empty()).then(|| Place {
            partition: arn.partition.into(),
            region: arn.region.into(),
            account: arn.account.into(),
        })
    }

    /// The ARN of a pipeline here.
    pub fn pipeline_arn(&self, name: &str) -> String {
        LocalArn::pipeline(name).at(self)
    }
}

/// An ARN in the pipeline's own account, partition and (for regional services) region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalArn {
    pub service: &'static str,
    /// False for global services (IAM): the ARN has an empty region.
    pub regional: bool,
    /// What follows the account: `my-repo`, `role/name`, `function:name`.
    pub resource: String,
}

impl LocalArn {
    /// `arn:<partition>:codepipeline:<region>:<account>:<name>`.
    pub fn pipeline(name: &str) -> LocalArn {
        LocalArn {
            service: "codepipeline",
            regional: true,
            resource: name.into(),
        }
    }

    /// The ARN at a place.
    pub fn at(&self, p: &Place) -> String {
        let region = if self.regional { p.region.as_str() } else { "" };
        format!(
            "arn:{}:{}:{region}:{}:{}",
            p.partition, self.service, p.account, self.resource
        )
    }

    /// The ARN as a CloudFormation `Fn::Sub` string (`${AWS::Partition}`, ...); a `${` in the
    /// resource is written `${!` so it stays literal.
    pub fn cloudformation(&self) -> Value {
        let region = if self.regional { "${AWS::Region}" } else { "" };
        let resource = self.resource.replace("${", "${!");
        serde_json::json!({
            "Fn::Sub": format!("arn:${{AWS::Partition}}:{}:{region}:${{AWS::AccountId}}:{resource}", self.service)
        })
    }

    /// The ARN as the inside of a Terraform string template, over the data sources
    /// `aws_partition.current`, `aws_region.current` and `aws_caller_identity.current`; `${` and
    /// `%{` in the resource are escaped.
    pub fn terraform(&self) -> String {
        let region = if self.regional {
            "${data.aws_region.current.name}"
        } else {
            ""
        };
        let resource = self.resource.replace("${", "$${").replace("%{", "%%{");
        format!(
            "arn:${{data.aws_partition.current.partition}}:{}:{region}:${{data.aws_caller_identity.current.account_id}}:{resource}",
            self.service
        )
    }
}

/// Everything around a document's pipeline. For a design with environments, derive each
/// environment's expanded document.
pub fn derive(doc: &Document) -> Around {
    let settings = Settings::of(doc);
    let p = &doc.pipeline;
    let mut around = Around {
        pipeline: p.name.clone(),
        managed: settings.manage != Some(false),
        ..Default::default()
    };
    let pipeline_account = account_of(&p.role_arn);
    for (si, ai, a) in p.actions() {
        if a.action_type_id.category != "Source" {
            continue;
        }
        let at = Pointer::root()
            .key("pipeline")
            .key("stages")
            .index(si)
            .key("actions")
            .index(ai);
        let source = ActionRef {
            stage: p.stages[si].name.clone(),
            action: a.name.clone(),
            pointer: at.as_str().to_string(),
        };
        if let Some(kind) = SourceKind::of(&a.action_type_id) {
            // A source action with a role in another account reads a repository there; its
            // events reach that account's event bus, not this one.
            let action_account = a.role_arn.as_deref().and_then(account_of);
            if let (Some(theirs), Some(ours)) = (action_account, pipeline_account) {
                if theirs != ours {
                    around.notes.push(AroundNote {
                        pointer: source.pointer.clone(),
                        message: format!(
                            "source action `{}` reads from account {theirs} (its roleArn), whose events reach only that account's event bus: create the EventBridge rule there, with this pipeline's account ({ours}) default event bus as its target, and a rule here that starts the pipeline; Pipewright manages change detection in the pipeline's account only",
                            a.name
                        ),
                    });
                    continue;
                }
            }
            if let Some(rule) = events::rule(p, a, kind, source.clone(), &mut around.notes) {
                around.rules.push(rule);
            }
        } else if webhooks::is_github_v1(&a.action_type_id) {
            if let Some(hook) = webhooks::webhook(p, a, source.clone()) {
                around.webhooks.push(hook);
            }
        } else if connections::is_connection_source(&a.action_type_id) {
            connections::add_use(&mut around.connections, a, source.clone());
        }
    }
    if !around.rules.is_empty() {
        around.role = Some(match settings.role_arn {
            Some(arn) => EventRole::Given { arn },
            None => EventRole::Managed(ManagedRole::for_pipeline(&p.name)),
        });
    }
    around
}

/// The account of an ARN (`arn:aws:iam::123456789012:role/x` -> `123456789012`).
fn account_of(arn: &str) -> Option<&str> {
    Arn::parse(arn)?.account_id()
}

#[cfg(test)]
mod tests;
