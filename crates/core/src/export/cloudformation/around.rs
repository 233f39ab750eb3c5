//! What the template declares around the pipeline ([`crate::around`]): per EventBridge-started
//! source an `AWS::Events::Rule` targeting the pipeline and one `AWS::IAM::Role` EventBridge
//! assumes (as AWS's "Create an EventBridge rule for a CodeCommit source (AWS CloudFormation
//! template)" pages do: `Path: /`, an inline policy allowing `codepipeline:StartPipelineExecution`
//! on the pipeline, the target id `codepipeline-<pipeline>`); per GitHub version 1 webhook source
//! an `AWS::CodePipeline::Webhook` registered with GitHub; and the credential-leak check's
//! alert topic, repository trigger and invoke permission.
//!
//! Change detection is declared whatever `pipewright.changeDetection.manage` says: a stack is
//! exactly the "someone else" that setting hands it to.

use serde_json::{json, Map, Value};

use super::super::Notes;
use crate::around::{self, events, EventRole, LeakCheck};
use crate::codec::Pointer;
use crate::document::Document;
use crate::export::identifier;

/// Add the resources around the pipeline `logical` to `resources` (and `outputs`).
pub(super) fn declare(
    doc: &Document,
    logical: &str,
    resources: &mut Map<String, Value>,
    outputs: &mut Map<String, Value>,
    notes: &mut Notes,
) {
    let around = around::derive(doc);
    let pipeline_arn = json!({
        "Fn::Sub": format!("arn:${{AWS::Partition}}:codepipeline:${{AWS::Region}}:${{AWS::AccountId}}:${{{logical}}}")
    });
    let role_arn = match &around.role {
        Some(EventRole::Managed(role)) => {
            let name = format!("{logical}EventRole");
            resources.insert(
                name.clone(),
                json!({
                    "Type": "AWS::IAM::Role",
                    "Properties": {
                        "Description": format!("Lets EventBridge start pipeline {} (exported by Pipewright)", around.pipeline),
                        "AssumeRolePolicyDocument": events::trust_policy(),
                        "Path": "/",
                        "Policies": [{
                            "PolicyName": role.policy_name,
                            "PolicyDocument": events::start_policy(pipeline_arn.clone())
                        }]
                    }
                }),
            );
            Some(json!({"Fn::GetAtt": [name, "Arn"]}))
        }
        Some(EventRole::Given { arn }) => {
            notes.push(
                &Pointer::root().key("pipewright").key(around::SETTINGS_KEY),
                format!("the rules use the existing role {arn}: it must trust events.amazonaws.com and allow codepipeline:StartPipelineExecution on this pipeline"),
            );
            Some(Value::from(arn.clone()))
        }
        None => None,
    };
    for rule in &around.rules {
        resources.insert(
            identifier(&[logical, &rule.source.action, "Rule"]),
            json!({
                "Type": "AWS::Events::Rule",
                "Properties": {
                    "Description": rule.description,
                    "EventPattern": rule.pattern.to_value(|a| a.cloudformation()),
                    "State": "ENABLED",
                    "Targets": [{
                        "Arn": pipeline_arn,
                        "RoleArn": role_arn,
                        "Id": rule.target_id
                    }]
                }
            }),
        );
    }
    for hook in &around.webhooks {
        let secret = format!(
            "pipewright/{}/{}/{}",
            around.pipeline, hook.source.stage, hook.source.action
        );
        notes.push_at(
            &hook.source.pointer,
            format!(
                "the webhook of source action `{}` signs GitHub's calls with a secret: store a long random string in secret `{secret}` under the key `WebhookSecret` (one secret per webhook)",
                hook.source.action
            ),
        );
        let filters: Vec<Value> = hook
            .filters
            .iter()
            .map(|f| {
                let mut m = Map::new();
                m.insert("JsonPath".into(), f.json_path.clone().into());
                if let Some(v) = &f.match_equals {
                    m.insert("MatchEquals".into(), v.clone().into());
                }
                Value::Object(m)
            })
            .collect();
        resources.insert(
            identifier(&[logical, &hook.source.action, "Webhook"]),
            json!({
                "Type": "AWS::CodePipeline::Webhook",
                "Properties": {
                    "Authentication": hook.authentication,
                    "AuthenticationConfiguration": {
                        "SecretToken": format!("{{{{resolve:secretsmanager:{secret}:SecretString:WebhookSecret}}}}")
                    },
                    "Filters": filters,
                    "TargetPipeline": {"Ref": logical},
                    "TargetAction": hook.target_action,
                    "TargetPipelineVersion": {"Fn::GetAtt": [logical, "Version"]},
                    "RegisterWithThirdParty": true
                }
            }),
        );
    }
    for note in &around.notes {
        notes.push_at(&note.pointer, note.message.clone());
    }
    if let Some(check) = LeakCheck::of(doc) {
        leak_check(&check, resources, outputs, notes);
    }
}

/// The credential-leak check: the alert topic, the repository with its trigger to the scanner,
/// the permission that lets CodeCommit invoke it, and (when its role is named) what the scanner
/// needs.
fn leak_check(
    check: &LeakCheck,
    resources: &mut Map<String, Value>,
    outputs: &mut Map<String, Value>,
    notes: &mut Notes,
) {
    let at = Pointer::root()
        .key("pipewright")
        .key(around::leak_check::KEY);
    let repo_arn = format!(
        "arn:${{AWS::Partition}}:codecommit:${{AWS::Region}}:${{AWS::AccountId}}:{}",
        check.repository
    );
    resources.insert(
        "LeakAlertTopic".into(),
        json!({
            "Type": "AWS::SNS::Topic",
            "Properties": {
                "TopicName": check.alert_topic,
                "DisplayName": "Credential leak alerts"
            }
        }),
    );
    resources.insert(
        "LeakScannerInvokePermission".into(),
        json!({
            "Type": "AWS::Lambda::Permission",
            "Properties": {
                "Action": "lambda:InvokeFunction",
                "FunctionName": check.function,
                "Principal": "codecommit.amazonaws.com",
                "SourceArn": {"Fn::Sub": repo_arn},
                "SourceAccount": {"Ref": "AWS::AccountId"}
            }
        }),
    );
    resources.insert(
        "LeakCheckRepository".into(),
        json!({
            "Type": "AWS::CodeCommit::Repository",
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "DependsOn": ["LeakScannerInvokePermission"],
            "Properties": {
                "RepositoryName": check.repository,
                "Triggers": [{
                    "Name": check.trigger_name(),
                    "DestinationArn": {"Fn::Sub": format!("arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{}", check.function)},
                    "Events": ["createReference", "updateReference"],
                    "CustomData": {"Fn::Sub": "{\"alert_topic_arn\": \"${LeakAlertTopic}\"}"}
                }]
            }
        }),
    );
    notes.push(
        &at,
        format!(
            "CloudFormation declares repository triggers on the repository, so repository `{}` is part of this stack (kept when the stack is deleted): if it exists already, import it into the stack (CloudFormation resource import) instead of creating the stack over it",
            check.repository
        ),
    );
    match &check.function_role {
        Some(role) => {
            resources.insert(
                "LeakScannerPolicy".into(),
                json!({
                    "Type": "AWS::IAM::Policy",
                    "Properties": {
                        "PolicyName": "credential-leak-scan",
                        "Roles": [role],
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [
                                {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": [{"Ref": "LeakAlertTopic"}]},
                                {"Effect": "Allow", "Action": ["codecommit:GetCommit", "codecommit:GetDifferences", "codecommit:GetBlob"], "Resource": [{"Fn::Sub": repo_arn}]}
                            ]
                        }
                    }
                }),
            );
        }
        None => notes.push(
            &at,
            format!(
                "the scanner function's role needs sns:Publish on the alert topic and codecommit:GetCommit, GetDifferences and GetBlob on repository `{}`: name it in pipewright.leakCheck.functionRole and the export grants them",
                check.repository
            ),
        ),
    }
    outputs.insert(
        "LeakAlertTopicArn".into(),
        json!({
            "Description": "Subscribe to this topic to hear of leaked credentials",
            "Value": {"Ref": "LeakAlertTopic"}
        }),
    );
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use crate::export::{export, ExportFormat};
    use crate::templates;

    fn exported(id: &str) -> (Value, Vec<String>) {
        let inst = templates::instantiate(id, &templates::example_values(id)).unwrap();
        let out = export(&inst.document, ExportFormat::CloudformationJson);
        (
            serde_json::from_str(&out.text).unwrap(),
            out.notes.into_iter().map(|n| n.message).collect(),
        )
    }

    #[test]
    fn a_codecommit_pipeline_comes_with_its_rule_and_role() {
        let (t, _) = exported("manual-approval");
        let r = &t["Resources"];
        let rule = &r["WebShopReleasePipelineSourceRule"];
        assert_eq!(rule["Type"], "AWS::Events::Rule");
        let target = &rule["Properties"]["Targets"][0];
        assert_eq!(
            target["Arn"]["Fn::Sub"],
            "arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${WebShopReleasePipeline}"
        );
        assert_eq!(
            target["RoleArn"]["Fn::GetAtt"][0],
            "WebShopReleasePipelineEventRole"
        );
        assert_eq!(target["Id"], "codepipeline-web-shop-release");
        assert_eq!(
            rule["Properties"]["EventPattern"]["resources"][0]["Fn::Sub"],
            "arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:web-shop"
        );
        let role = &r["WebShopReleasePipelineEventRole"]["Properties"];
        assert_eq!(
            role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
            "events.amazonaws.com"
        );
        assert_eq!(
            role["Policies"][0]["PolicyDocument"]["Statement"][0]["Action"][0],
            "codepipeline:StartPipelineExecution"
        );
    }

    #[test]
    fn a_github_webhook_source_gets_a_registered_webhook_with_a_resolved_secret() {
        let (t, notes) = exported("github-v1-webhook");
        let hook = &t["Resources"]["WebShopGithubWebhookPipelineSourceWebhook"]["Properties"];
        assert_eq!(hook["RegisterWithThirdParty"], true);
        assert_eq!(
            hook["TargetPipeline"]["Ref"],
            "WebShopGithubWebhookPipeline"
        );
        assert_eq!(hook["Filters"][0]["MatchEquals"], "refs/heads/{Branch}");
        assert!(hook["AuthenticationConfiguration"]["SecretToken"]
            .as_str()
            .unwrap()
            .starts_with(
                "{{resolve:secretsmanager:pipewright/web-shop-github-webhook/Source/Source:"
            ));
        assert!(
            notes.iter().any(|n| n.contains("WebhookSecret")),
            "{notes:?}"
        );
        // Polling GitHub needs nothing around it.
        let (t, _) = exported("github-v1-polling");
        assert_eq!(t["Resources"].as_object().unwrap().len(), 1);
    }

    #[test]
    fn the_leak_check_template_triggers_its_scanner_and_alerts() {
        let (t, notes) = exported("credential-leak-check");
        let r = &t["Resources"];
        let trigger = &r["LeakCheckRepository"]["Properties"]["Triggers"][0];
        assert_eq!(
            trigger["DestinationArn"]["Fn::Sub"],
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:credential-leak-scanner"
        );
        assert_eq!(
            trigger["CustomData"]["Fn::Sub"],
            "{\"alert_topic_arn\": \"${LeakAlertTopic}\"}"
        );
        assert_eq!(r["LeakCheckRepository"]["DeletionPolicy"], "Retain");
        assert_eq!(
            r["LeakScannerInvokePermission"]["Properties"]["Principal"],
            "codecommit.amazonaws.com"
        );
        assert_eq!(
            r["LeakAlertTopic"]["Properties"]["TopicName"],
            "web-shop-leak-alerts"
        );
        assert_eq!(
            r["LeakScannerPolicy"]["Properties"]["Roles"][0],
            "credential-leak-scanner-role"
        );
        assert!(t["Outputs"]["LeakAlertTopicArn"].is_object());
        assert!(
            notes.iter().any(|n| n.contains("import it into the stack")),
            "{notes:?}"
        );
    }
}
