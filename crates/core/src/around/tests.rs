//! What [`derive`](super::derive) finds around the templates and hand-made designs, and what
//! [`plan`](super::plan::plan) says against remote states.

use serde_json::{json, Value};

use super::plan::{plan, RemoteRole, RemoteRule, RemoteTarget, RemoteWebhook};
use super::*;
use crate::templates;

fn doc(v: Value) -> Document {
    Document::from_value(v).expect("test document decodes")
}

/// A pipeline with one source action of the given type and configuration.
fn with_source(owner: &str, provider: &str, config: Value) -> Value {
    json!({
        "pipeline": {
            "name": "web",
            "roleArn": "arn:aws:iam::123456789012:role/svc",
            "artifactStore": {"type": "S3", "location": "b"},
            "pipelineType": "V2",
            "stages": [
                {"name": "Source", "actions": [{
                    "name": "Src",
                    "actionTypeId": {"category": "Source", "owner": owner, "provider": provider, "version": "1"},
                    "configuration": config,
                    "outputArtifacts": [{"name": "Out"}]
                }]},
                {"name": "Build", "actions": [{
                    "name": "Build",
                    "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                    "configuration": {"ProjectName": "p"},
                    "inputArtifacts": [{"name": "Out"}]
                }]}
            ]
        }
    })
}

fn place() -> Place {
    Place {
        partition: "aws".into(),
        region: "eu-west-1".into(),
        account: "123456789012".into(),
    }
}

#[test]
fn codecommit_templates_get_the_rule_and_role_the_console_makes() {
    for id in [
        "cloudformation-change-set",
        "credential-leak-check",
        "docker-ecr-ecs",
        "manual-approval",
    ] {
        let inst = templates::instantiate(id, &templates::example_values(id)).unwrap();
        let around = derive(&inst.document);
        assert_eq!(around.rules.len(), 1, "{id}");
        let rule = &around.rules[0];
        assert_eq!(rule.kind, SourceKind::CodeCommit, "{id}");
        let name = &inst.document.pipeline.name;
        assert_eq!(rule.name, format!("pipewright-{name}-Source"));
        assert_eq!(rule.target_id, format!("codepipeline-{name}"));
        assert_eq!(
            rule.pattern.at(&place()),
            json!({
                "source": ["aws.codecommit"],
                "detail-type": ["CodeCommit Repository State Change"],
                "resources": ["arn:aws:codecommit:eu-west-1:123456789012:web-shop"],
                "detail": {
                    "event": ["referenceCreated", "referenceUpdated"],
                    "referenceType": ["branch"],
                    "referenceName": ["main"]
                }
            }),
            "{id}"
        );
        assert_eq!(
            around.role,
            Some(EventRole::Managed(ManagedRole::for_pipeline(name))),
            "{id}"
        );
        assert!(around.notes.is_empty(), "{id}: {:?}", around.notes);
    }
}

#[test]
fn github_templates_get_a_webhook_only_when_they_do_not_poll() {
    let hooks = |id: &str| {
        let inst = templates::instantiate(id, &templates::example_values(id)).unwrap();
        derive(&inst.document).webhooks
    };
    assert!(hooks("github-v1-polling").is_empty());
    let hooks = hooks("github-v1-webhook");
    assert_eq!(hooks.len(), 1);
    let def = hooks[0].definition("s3cret");
    assert_eq!(def["targetAction"], "Source");
    assert_eq!(def["filters"][0]["jsonPath"], "$.ref");
    assert_eq!(def["filters"][0]["matchEquals"], "refs/heads/{Branch}");
    assert_eq!(def["authentication"], "GITHUB_HMAC");
    assert_eq!(def["authenticationConfiguration"]["SecretToken"], "s3cret");
    assert_eq!(hooks[0].repository, "acme/web-shop");
}

#[test]
fn connection_sources_are_listed_once_per_connection() {
    let id = "github-v2-connection";
    let inst = templates::instantiate(id, &templates::example_values(id)).unwrap();
    let around = derive(&inst.document);
    assert!(around.rules.is_empty() && around.webhooks.is_empty() && around.role.is_none());
    assert_eq!(around.connections.len(), 1);
    assert_eq!(around.connections[0].actions[0].action, "Source");
    assert!(around.connections[0]
        .arn
        .starts_with("arn:aws:codestar-connections:"));
}

#[test]
fn polling_sources_get_no_rule_and_ecr_always_does() {
    let s3 = |poll: Option<&str>| {
        let mut config = json!({"S3Bucket": "src", "S3ObjectKey": "app.zip"});
        if let Some(p) = poll {
            config["PollForSourceChanges"] = json!(p);
        }
        derive(&doc(with_source("AWS", "S3", config)))
    };
    // Absent means true outside the console.
    assert!(s3(None).rules.is_empty());
    assert!(s3(Some("true")).rules.is_empty());
    let events = s3(Some("false"));
    assert_eq!(events.rules.len(), 1);
    assert_eq!(
        events.rules[0].pattern.at(&place())["detail"]["requestParameters"],
        json!({"bucketName": ["src"], "key": ["app.zip"]})
    );
    assert_eq!(
        events.rules[0].pattern.at(&place())["detail-type"],
        json!(["AWS API Call via CloudTrail"])
    );
    assert!(
        events.notes[0]
            .message
            .contains("trail must log write data events for arn:aws:s3:::src/app.zip"),
        "{:?}",
        events.notes
    );

    let ecr = derive(&doc(with_source(
        "AWS",
        "ECR",
        json!({"RepositoryName": "img"}),
    )));
    assert_eq!(
        ecr.rules[0].pattern.at(&place()),
        json!({
            "source": ["aws.ecr"],
            "detail-type": ["ECR Image Action"],
            "detail": {
                "action-type": ["PUSH"],
                "image-tag": ["latest"],
                "repository-name": ["img"],
                "result": ["SUCCESS"]
            }
        })
    );
}

#[test]
fn a_source_in_another_account_is_a_note_not_a_rule() {
    let mut v = with_source(
        "AWS",
        "CodeCommit",
        json!({"RepositoryName": "r", "BranchName": "main", "PollForSourceChanges": "false"}),
    );
    v["pipeline"]["stages"][0]["actions"][0]["roleArn"] =
        json!("arn:aws:iam::999999999999:role/cross");
    let around = derive(&doc(v));
    assert!(around.rules.is_empty());
    assert!(around.role.is_none());
    assert!(
        around.notes[0].message.contains("account 999999999999"),
        "{:?}",
        around.notes
    );
    assert_eq!(around.notes[0].pointer, "/pipeline/stages/0/actions/0");
}

#[test]
fn settings_name_an_existing_role_or_hand_change_detection_over() {
    let mut v = with_source(
        "AWS",
        "ECR",
        json!({"RepositoryName": "img", "ImageTag": "prod"}),
    );
    v["pipewright"] =
        json!({"changeDetection": {"roleArn": "arn:aws:iam::123456789012:role/events"}});
    let around = derive(&doc(v.clone()));
    let role = around.role.clone().unwrap();
    assert_eq!(
        role,
        EventRole::Given {
            arn: "arn:aws:iam::123456789012:role/events".into()
        }
    );
    let sentence = role.requirement(&place().pipeline_arn("web")).unwrap();
    assert!(
        sentence.contains("must trust events.amazonaws.com"),
        "{sentence}"
    );
    assert!(sentence.contains("arn:aws:codepipeline:eu-west-1:123456789012:web"));
    // Plan has no role line for a given role, and the target must carry it.
    let changes = plan(&around, None);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].kind, AroundKind::Rule);

    v["pipewright"] = json!({"changeDetection": {"manage": false}});
    let around = derive(&doc(v));
    assert!(!around.managed);
    assert!(plan(&around, None).is_empty());
}

/// The remote state apply leaves behind for a design.
fn applied(around: &Around, p: &Place) -> RemoteAround {
    let role = match &around.role {
        Some(EventRole::Managed(m)) => Some(RemoteRole {
            name: m.name.clone(),
            arn: m.arn().at(p),
            trust: Some(events::trust_policy()),
            policy: Some(events::start_policy(
                json!(p.pipeline_arn(&around.pipeline)),
            )),
        }),
        _ => None,
    };
    let role_arn = plan::expected_role_arn(around, p, role.as_ref());
    RemoteAround {
        rules: around
            .rules
            .iter()
            .map(|r| RemoteRule {
                name: r.name.clone(),
                pattern: Some(r.pattern.at(p)),
                state: Some("ENABLED".into()),
                targets: vec![RemoteTarget {
                    id: r.target_id.clone(),
                    arn: p.pipeline_arn(&around.pipeline),
                    role_arn: role_arn.clone(),
                }],
            })
            .collect(),
        role,
        webhooks: around
            .webhooks
            .iter()
            .map(|w| RemoteWebhook {
                name: w.name.clone(),
                target_pipeline: w.target_pipeline.clone(),
                target_action: w.target_action.clone(),
                filters: w.filters.clone(),
                authentication: w.authentication.clone(),
                url: Some("https://webhooks.example/x".into()),
            })
            .collect(),
    }
}

fn ops(changes: &[AroundChange]) -> Vec<(AroundKind, AroundOp)> {
    changes.iter().map(|c| (c.kind, c.op)).collect()
}

#[test]
fn plan_says_create_unchanged_update_missing_and_delete() {
    let design = doc(with_source(
        "AWS",
        "CodeCommit",
        json!({"RepositoryName": "r", "BranchName": "main", "PollForSourceChanges": "false"}),
    ));
    let around = derive(&design);
    let p = place();

    // A new pipeline: everything is created with it.
    assert_eq!(
        ops(&plan(&around, None)),
        vec![
            (AroundKind::Role, AroundOp::Create),
            (AroundKind::Rule, AroundOp::Create)
        ]
    );

    // As apply left it: unchanged, even with another target added beside the pipeline's.
    let mut remote = applied(&around, &p);
    remote.rules[0].targets.push(RemoteTarget {
        id: "audit".into(),
        arn: "arn:aws:sqs:eu-west-1:123456789012:q".into(),
        role_arn: None,
    });
    assert_eq!(
        ops(&plan(&around, Some((&p, &remote)))),
        vec![
            (AroundKind::Role, AroundOp::Unchanged),
            (AroundKind::Rule, AroundOp::Unchanged)
        ]
    );

    // Changed outside Pipewright: another branch, disabled, the target's role swapped.
    let mut changed = remote.clone();
    changed.rules[0].pattern.as_mut().unwrap()["detail"]["referenceName"] = json!(["dev"]);
    changed.rules[0].state = Some("DISABLED".into());
    changed.rules[0].targets[0].role_arn = Some("arn:aws:iam::123456789012:role/other".into());
    let changes = plan(&around, Some((&p, &changed)));
    assert_eq!(changes[1].op, AroundOp::Update);
    let said = changes[1].differences.join("; ");
    for part in ["event pattern", "DISABLED", "role/other"] {
        assert!(said.contains(part), "{said}");
    }

    // Deleted outside Pipewright: missing, and the role's policy no longer fits.
    let mut gone = remote.clone();
    gone.rules.clear();
    gone.role.as_mut().unwrap().policy = Some(events::start_policy(json!("*")));
    assert_eq!(
        ops(&plan(&around, Some((&p, &gone)))),
        vec![
            (AroundKind::Role, AroundOp::Update),
            (AroundKind::Rule, AroundOp::Missing)
        ]
    );

    // The source now polls: Pipewright's rule and role go.
    let polling = derive(&doc(with_source(
        "AWS",
        "CodeCommit",
        json!({"RepositoryName": "r", "BranchName": "main"}),
    )));
    assert_eq!(
        ops(&plan(&polling, Some((&p, &remote)))),
        vec![
            (AroundKind::Role, AroundOp::Delete),
            (AroundKind::Rule, AroundOp::Delete)
        ]
    );
}

#[test]
fn policies_compare_as_documents_not_as_text() {
    let around = derive(&doc(with_source(
        "AWS",
        "ECR",
        json!({"RepositoryName": "img"}),
    )));
    let p = place();
    let mut remote = applied(&around, &p);
    // IAM may hand back a scalar where Pipewright wrote a one-element list, keys reordered.
    remote.role.as_mut().unwrap().policy = Some(json!({
        "Statement": [{
            "Resource": p.pipeline_arn("web"),
            "Action": "codepipeline:StartPipelineExecution",
            "Effect": "Allow"
        }],
        "Version": "2012-10-17"
    }));
    assert_eq!(
        ops(&plan(&around, Some((&p, &remote))))[0],
        (AroundKind::Role, AroundOp::Unchanged)
    );
}

#[test]
fn webhooks_plan_by_definition_and_strays_are_deleted() {
    let around = derive(&doc(with_source(
        "ThirdParty",
        "GitHub",
        json!({"Owner": "o", "Repo": "r", "Branch": "main", "OAuthToken": "****", "PollForSourceChanges": "false"}),
    )));
    let p = place();
    let mut remote = applied(&around, &p);
    assert_eq!(
        ops(&plan(&around, Some((&p, &remote)))),
        vec![(AroundKind::Webhook, AroundOp::Unchanged)]
    );
    remote.webhooks[0].filters[0].match_equals = Some("refs/heads/other".into());
    remote.webhooks.push(RemoteWebhook {
        name: "pipewright-web-Old".into(),
        target_pipeline: "web".into(),
        target_action: "Old".into(),
        ..Default::default()
    });
    remote.webhooks.push(RemoteWebhook {
        name: "someone-elses".into(),
        target_pipeline: "web".into(),
        ..Default::default()
    });
    assert_eq!(
        ops(&plan(&around, Some((&p, &remote)))),
        vec![
            (AroundKind::Webhook, AroundOp::Update),
            (AroundKind::Webhook, AroundOp::Delete)
        ]
    );
}
