//! EventBridge change detection for CodeCommit, S3 and ECR source actions: the rule (its event
//! pattern), its target (the pipeline) and the role EventBridge assumes to start it, as AWS's
//! user guide has the console create them.
//!
//! When a source needs a rule (AWS, "Valid settings for the PollForSourceChanges parameter",
//! <https://docs.aws.amazon.com/codepipeline/latest/userguide/PollForSourceChanges-defaults.html>):
//! - CodeCommit and S3: "Pipeline is created with the CLI or AWS CloudFormation, and the
//!   PollForSourceChanges parameter is not displayed in JSON output, but it sets to true". A
//!   source with `PollForSourceChanges` absent or `true` polls, and gets no rule: "If you create
//!   a CloudWatch Events rule or webhook, you must set the parameter to false to avoid triggering
//!   the pipeline more than once." With `false`, it starts only from its rule.
//! - ECR: "The PollForSourceChanges parameter is not used for Amazon ECR source actions": it
//!   always starts from its rule.
//! - V2 pipelines change none of this: their triggers apply to CodeStarSourceConnection sources
//!   only ("When a trigger configuration is specified, default change detection for repository
//!   and branch commits is disabled", API model `PipelineTriggerDeclaration`), whose change
//!   detection the connection does. What can stop a polling source is the service itself:
//!   "Pipelines that are inactive for longer than 30 days will have polling disabled" (API model
//!   `PipelineMetadata.pollingDisabledAt`), which plan reports from the remote pipeline.
//!
//! The patterns, from the user guide's CLI procedures:
//! - CodeCommit (<https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-trigger-source-repo-changes-cli.html>):
//!   source `aws.codecommit`, detail-type `CodeCommit Repository State Change`, the repository's
//!   ARN in `resources`, and `referenceCreated` / `referenceUpdated` of the branch.
//! - S3: the console creates "the EventBridge rule and AWS CloudTrail trail"
//!   (<https://docs.aws.amazon.com/codepipeline/latest/userguide/create-cloudtrail-S3-source-console.html>),
//!   a rule on `AWS API Call via CloudTrail` for `CopyObject`, `PutObject` and
//!   `CompleteMultipartUpload` of the bucket and key
//!   (<https://docs.aws.amazon.com/codepipeline/latest/userguide/create-cloudtrail-S3-source-cfn.html>).
//!   The trail is not Pipewright's to make ("Given the current limit of five trails per account,
//!   the CloudTrail trail must be created and managed separately"): it becomes a note.
//! - ECR (<https://docs.aws.amazon.com/codepipeline/latest/userguide/create-cwe-ecr-source-console.html>):
//!   source `aws.ecr`, detail-type `ECR Image Action`, a successful `PUSH` of the tag (default
//!   `latest`) to the repository.
//!
//! The role, from the same pages: trusted by `events.amazonaws.com` (`sts:AssumeRole`), allowed
//! `codepipeline:StartPipelineExecution` on the pipeline's ARN only.

use serde::Serialize;
use serde_json::{json, Value};

use super::{names, ActionRef, AroundNote, LocalArn};
use crate::model::{Action, ActionTypeId, Pipeline};

/// The sources EventBridge starts a pipeline for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SourceKind {
    CodeCommit,
    S3,
    #[serde(rename = "ECR")]
    Ecr,
}

impl SourceKind {
    /// The kind of a source action type, if EventBridge starts it.
    pub fn of(t: &ActionTypeId) -> Option<SourceKind> {
        if t.category != "Source" || t.owner != "AWS" {
            return None;
        }
        match t.provider.as_str() {
            "CodeCommit" => Some(SourceKind::CodeCommit),
            "S3" => Some(SourceKind::S3),
            "ECR" => Some(SourceKind::Ecr),
            _ => None,
        }
    }
}

/// The rule that starts a pipeline when one source action's source changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventRule {
    pub name: String,
    pub source: ActionRef,
    pub kind: SourceKind,
    /// What the rule watches, in words (`CodeCommit repository web, branch main`).
    pub watches: String,
    /// The rule's description in EventBridge.
    pub description: String,
    pub pattern: EventPattern,
    /// The id of the pipeline target in the rule's target list.
    pub target_id: String,
}

/// An event pattern whose `resources` are ARNs in the pipeline's account.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventPattern {
    pub source: String,
    pub detail_type: String,
    pub resources: Vec<LocalArn>,
    pub detail: Value,
}

impl EventPattern {
    /// The pattern as EventBridge takes it, each ARN written by `arn`.
    pub fn to_value(&self, arn: impl Fn(&LocalArn) -> Value) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("source".into(), json!([self.source]));
        m.insert("detail-type".into(), json!([self.detail_type]));
        if !self.resources.is_empty() {
            m.insert(
                "resources".into(),
                Value::Array(self.resources.iter().map(arn).collect()),
            );
        }
        m.insert("detail".into(), self.detail.clone());
        Value::Object(m)
    }

    /// The pattern at a place (plan and apply).
    pub fn at(&self, place: &super::Place) -> Value {
        self.to_value(|a| Value::from(a.at(place)))
    }
}

/// Who EventBridge is when it starts the pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum EventRole {
    /// A role Pipewright creates (plan / apply) or an export declares.
    Managed(ManagedRole),
    /// `pipewright.changeDetection.roleArn`: an existing role, made by someone else.
    Given { arn: String },
}

impl EventRole {
    /// What the role must be, when Pipewright does not make it.
    pub fn requirement(&self, pipeline_arn: &str) -> Option<String> {
        match self {
            EventRole::Managed(_) => None,
            EventRole::Given { arn } => Some(format!(
                "EventBridge starts the pipeline as {arn} (pipewright.changeDetection.roleArn): that role must trust events.amazonaws.com (sts:AssumeRole) and allow codepipeline:StartPipelineExecution on {pipeline_arn}"
            )),
        }
    }
}

/// The role Pipewright makes: one per pipeline, shared by its rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedRole {
    pub name: String,
    /// The name of its inline policy.
    pub policy_name: String,
}

impl ManagedRole {
    pub fn for_pipeline(pipeline: &str) -> ManagedRole {
        ManagedRole {
            name: names::role(pipeline),
            policy_name: "start-pipeline-execution".into(),
        }
    }

    /// Its ARN, in the pipeline's account.
    pub fn arn(&self) -> LocalArn {
        LocalArn {
            service: "iam",
            regional: false,
            resource: format!("role/{}", self.name),
        }
    }
}

/// The trust policy: EventBridge may assume the role.
pub fn trust_policy() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sts:AssumeRole"
        }]
    })
}

/// The permissions policy: start this pipeline, nothing else.
pub fn start_policy(pipeline_arn: Value) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": ["codepipeline:StartPipelineExecution"],
            "Resource": [pipeline_arn]
        }]
    })
}

/// Whether a CodeCommit or S3 source polls: `PollForSourceChanges` absent (the service's default
/// outside the console is `true`) or anything but `false`.
pub fn polls(a: &Action) -> bool {
    !a.config("PollForSourceChanges")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("false"))
}

/// The rule for one source action, if it needs one; notes what else it needs.
pub(super) fn rule(
    p: &Pipeline,
    a: &Action,
    kind: SourceKind,
    source: ActionRef,
    notes: &mut Vec<AroundNote>,
) -> Option<EventRule> {
    let value = |key: &str| a.config(key).filter(|v| !v.is_empty());
    let (watches, pattern) = match kind {
        SourceKind::CodeCommit => {
            if polls(a) {
                return None;
            }
            let (repo, branch) = (value("RepositoryName")?, value("BranchName")?);
            (
                format!("CodeCommit repository {repo}, branch {branch}"),
                EventPattern {
                    source: "aws.codecommit".into(),
                    detail_type: "CodeCommit Repository State Change".into(),
                    resources: vec![LocalArn {
                        service: "codecommit",
                        regional: true,
                        resource: repo.into(),
                    }],
                    detail: json!({
                        "event": ["referenceCreated", "referenceUpdated"],
                        "referenceType": ["branch"],
                        "referenceName": [branch]
                    }),
                },
            )
        }
        SourceKind::S3 => {
            if polls(a) {
                return None;
            }
            let (bucket, key) = (value("S3Bucket")?, value("S3ObjectKey")?);
            notes.push(AroundNote {
                pointer: source.pointer.clone(),
                message: format!(
                    "S3 reports writes to EventBridge through AWS CloudTrail: a trail must log write data events for arn:aws:s3:::{bucket}/{key} (AWS::S3::Object) in this region, or source action `{}` never starts the pipeline; Pipewright does not create trails (\"the CloudTrail trail must be created and managed separately\", and one trail serves every bucket)",
                    a.name
                ),
            });
            (
                format!("S3 object s3://{bucket}/{key}"),
                EventPattern {
                    source: "aws.s3".into(),
                    detail_type: "AWS API Call via CloudTrail".into(),
                    resources: vec![],
                    detail: json!({
                        "eventSource": ["s3.amazonaws.com"],
                        "eventName": ["CopyObject", "PutObject", "CompleteMultipartUpload"],
                        "requestParameters": {"bucketName": [bucket], "key": [key]}
                    }),
                },
            )
        }
        SourceKind::Ecr => {
            let repo = value("RepositoryName")?;
            let tag = value("ImageTag").unwrap_or("latest");
            (
                format!("ECR repository {repo}, tag {tag}"),
                EventPattern {
                    source: "aws.ecr".into(),
                    detail_type: "ECR Image Action".into(),
                    resources: vec![],
                    detail: json!({
                        "action-type": ["PUSH"],
                        "image-tag": [tag],
                        "repository-name": [repo],
                        "result": ["SUCCESS"]
                    }),
                },
            )
        }
    };
    Some(EventRule {
        name: names::rule(&p.name, &a.name),
        description: format!(
            "Starts pipeline {} on changes to {watches} (made by Pipewright)",
            p.name
        ),
        watches,
        source,
        kind,
        pattern,
        target_id: names::target_id(&p.name),
    })
}
