//! What starts a pipeline, managed with it, against moto's EventBridge and IAM: every template
//! (and design) whose source EventBridge starts gets its rule, target and role on apply; an event
//! like the source's own reaches a queue added as a second target of the rule (moto matches event
//! patterns in PutEvents and delivers to SQS); plan notices a rule changed or deleted and apply
//! puts it back; delete leaves nothing behind. GitHub version 1 webhooks go through a loopback
//! double (moto does not serve the webhook calls).

mod support;

use aws_sdk_eventbridge::types::{PutEventsRequestEntry, Target};
use pipewright_aws::sync::{apply, delete_pipeline, load_designs, plan, ApplyOptions, PlanOptions};
use pipewright_aws::Aws;
use pipewright_core::around::{AroundKind, AroundOp};
use pipewright_core::plan::PlanAction;
use pipewright_core::templates;
use serde_json::{json, Value};
use support::moto::{ACCOUNT, REGION, ROLE_NAME};
use support::webhooks::WebhookDouble;
use support::*;

/// A template filled with its examples, its role the one moto knows.
fn template(id: &str) -> pipewright_core::Document {
    let mut values = templates::example_values(id);
    values.insert("PipelineRoleName".into(), ROLE_NAME.into());
    templates::instantiate(id, &values).unwrap().document
}

/// `design` with its first source action's configuration replaced.
fn with_source(name: &str, provider: &str, config: Value) -> pipewright_core::Document {
    let mut v = design(name).to_value();
    v["pipeline"]["stages"][0]["actions"][0]["actionTypeId"]["provider"] = json!(provider);
    v["pipeline"]["stages"][0]["actions"][0]["configuration"] = config;
    pipewright_core::Document::from_value(v).unwrap()
}

/// The rule's pattern, state and targets (id, arn, role), if it exists.
async fn rule(
    aws: &Aws,
    name: &str,
) -> Option<(Value, String, Vec<(String, String, Option<String>)>)> {
    let events = aws.eventbridge();
    let r = events.describe_rule().name(name).send().await.ok()?;
    let targets = events
        .list_targets_by_rule()
        .rule(name)
        .send()
        .await
        .unwrap()
        .targets()
        .iter()
        .map(|t| {
            (
                t.id().to_string(),
                t.arn().to_string(),
                t.role_arn().map(str::to_string),
            )
        })
        .collect();
    Some((
        serde_json::from_str(r.event_pattern().unwrap()).unwrap(),
        r.state().unwrap().as_str().to_string(),
        targets,
    ))
}

/// Add `queue` as a second target of the rule. moto raises NotImplementedError for the
/// CodePipeline target when an event matches, after delivering to the targets before it: put the
/// pipeline's target back after the queue so the queue is served first.
async fn add_queue(aws: &Aws, rule_name: &str, queue_arn: &str) {
    let events = aws.eventbridge();
    let targets = events
        .list_targets_by_rule()
        .rule(rule_name)
        .send()
        .await
        .unwrap()
        .targets()
        .to_vec();
    events
        .remove_targets()
        .rule(rule_name)
        .set_ids(Some(targets.iter().map(|t| t.id().to_string()).collect()))
        .send()
        .await
        .unwrap();
    let queue = Target::builder()
        .id("test-queue")
        .arn(queue_arn)
        .build()
        .unwrap();
    events
        .put_targets()
        .rule(rule_name)
        .targets(queue)
        .send()
        .await
        .unwrap();
    events
        .put_targets()
        .rule(rule_name)
        .set_targets(Some(targets))
        .send()
        .await
        .unwrap();
}

async fn put_event(
    aws: &Aws,
    source: &str,
    detail_type: &str,
    resources: &[String],
    detail: Value,
) {
    let entry = PutEventsRequestEntry::builder()
        .source(source)
        .detail_type(detail_type)
        .set_resources(Some(resources.to_vec()))
        .detail(detail.to_string())
        .build();
    // A matching event fails at the pipeline target in moto (see `add_queue`): the queue, served
    // before it, is what the test reads.
    let _ = aws.eventbridge().put_events().entries(entry).send().await;
}

/// The events each source's changes send: one the rule must ignore, one it must match.
fn events(kind: &str) -> (&'static str, &'static str, Vec<String>, Value, Value) {
    match kind {
        "CodeCommit" => (
            "aws.codecommit",
            "CodeCommit Repository State Change",
            vec![format!("arn:aws:codecommit:{REGION}:{ACCOUNT}:web-shop")],
            json!({"event": "referenceUpdated", "referenceType": "branch", "referenceName": "develop", "repositoryName": "web-shop"}),
            json!({"event": "referenceUpdated", "referenceType": "branch", "referenceName": "main", "repositoryName": "web-shop"}),
        ),
        "S3" => (
            "aws.s3",
            "AWS API Call via CloudTrail",
            vec![],
            json!({"eventSource": "s3.amazonaws.com", "eventName": "PutObject", "requestParameters": {"bucketName": "src-bucket", "key": "other.zip"}}),
            json!({"eventSource": "s3.amazonaws.com", "eventName": "PutObject", "requestParameters": {"bucketName": "src-bucket", "key": "src.zip"}}),
        ),
        _ => (
            "aws.ecr",
            "ECR Image Action",
            vec![],
            json!({"action-type": "PUSH", "image-tag": "dev", "repository-name": "images", "result": "SUCCESS"}),
            json!({"action-type": "PUSH", "image-tag": "latest", "repository-name": "images", "result": "SUCCESS"}),
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_event_started_source_gets_its_rule_and_a_push_reaches_it() {
    let moto = Moto::start();
    let aws = aws(&moto.url).await;
    let dir = tempfile::tempdir().unwrap();
    let mut cases: Vec<(pipewright_core::Document, &str)> = [
        "cloudformation-change-set",
        "credential-leak-check",
        "docker-ecr-ecs",
        "manual-approval",
    ]
    .into_iter()
    .map(|id| (template(id), "CodeCommit"))
    .collect();
    cases.push((design("s3-events"), "S3"));
    cases.push((
        with_source("ecr-events", "ECR", json!({"RepositoryName": "images"})),
        "ECR",
    ));

    for (doc, kind) in cases {
        let name = doc.pipeline.name.clone();
        let file = write_design(dir.path(), &doc);
        let report = apply(
            &aws,
            std::slice::from_ref(&file),
            &ApplyOptions::default(),
            None,
        )
        .await;
        assert!(report.is_success(), "{name}: {}", report.to_text());
        let done: Vec<(AroundKind, AroundOp)> = report.results[0]
            .around
            .iter()
            .map(|a| (a.kind, a.op))
            .collect();
        assert_eq!(
            done,
            vec![
                (AroundKind::Role, AroundOp::Missing),
                (AroundKind::Rule, AroundOp::Missing)
            ],
            "{name}: {}",
            report.to_text()
        );

        // The rule targets the pipeline, as the role EventBridge may assume.
        let pipeline_arn = format!("arn:aws:codepipeline:{REGION}:{ACCOUNT}:{name}");
        let rule_name = format!(
            "pipewright-{name}-{}",
            doc.pipeline.stages[0].actions[0].name
        );
        let (pattern, state, targets) = rule(&aws, &rule_name).await.expect("the rule exists");
        assert_eq!(state, "ENABLED");
        let role_name = format!("pipewright-events-{name}");
        let role_arn = format!("arn:aws:iam::{ACCOUNT}:role/{role_name}");
        assert_eq!(
            targets,
            vec![(
                format!("codepipeline-{name}"),
                pipeline_arn.clone(),
                Some(role_arn)
            )],
            "{name}"
        );
        let role = aws
            .iam()
            .get_role()
            .role_name(&role_name)
            .send()
            .await
            .unwrap();
        let trust = role.role().unwrap().assume_role_policy_document().unwrap();
        assert!(trust.contains("events.amazonaws.com"), "{trust}");
        let policy = aws
            .iam()
            .get_role_policy()
            .role_name(&role_name)
            .policy_name("start-pipeline-execution")
            .send()
            .await
            .unwrap();
        assert!(
            policy.policy_document().contains(&name),
            "{}",
            policy.policy_document()
        );

        // An event like the source's reaches a queue added beside the pipeline; another does not.
        let (queue_url, queue_arn) = sqs::create_queue(&moto, &format!("q-{name}"));
        add_queue(&aws, &rule_name, &queue_arn).await;
        let (source, detail_type, resources, other, push) = events(kind);
        put_event(&aws, source, detail_type, &resources, other).await;
        assert!(
            sqs::receive(&moto, &queue_url).is_empty(),
            "{name}: {pattern}"
        );
        put_event(&aws, source, detail_type, &resources, push.clone()).await;
        let got = sqs::receive(&moto, &queue_url);
        assert_eq!(got.len(), 1, "{name}: {pattern}");
        let delivered: Value = serde_json::from_str(&got[0]).unwrap();
        assert_eq!(delivered["detail"], push, "{name}");
        assert_eq!(delivered["source"], source);

        // Planned again: nothing to do, the queue beside the pipeline's target included.
        let p = plan(&aws, std::slice::from_ref(&file), &PlanOptions::default())
            .await
            .unwrap();
        let pp = &p.pipelines[0];
        assert_eq!(pp.action, PlanAction::Unchanged, "{}", p.to_text());
        assert!(
            pp.around.iter().all(|c| c.op == AroundOp::Unchanged) && pp.around.len() == 2,
            "{}",
            p.to_text()
        );
        assert!(!p.has_changes(), "{}", p.to_text());

        // Delete takes the rule and the role with the pipeline.
        let removed = delete_pipeline(&aws, &name, &name).await.unwrap();
        assert!(removed.iter().all(|r| r.error.is_none()), "{removed:?}");
        assert!(
            rule(&aws, &rule_name).await.is_none(),
            "{name}: the rule is left behind"
        );
        assert!(aws
            .iam()
            .get_role()
            .role_name(&role_name)
            .send()
            .await
            .is_err());
        let left = aws
            .eventbridge()
            .list_rules()
            .name_prefix("pipewright-")
            .send()
            .await
            .unwrap();
        assert!(left.rules().is_empty(), "{:?}", left.rules());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_notices_a_rule_deleted_or_changed_and_apply_puts_it_back() {
    let moto = Moto::start();
    let aws = aws(&moto.url).await;
    let dir = tempfile::tempdir().unwrap();
    let doc = template("manual-approval");
    let name = doc.pipeline.name.clone();
    let rule_name = format!("pipewright-{name}-Source");
    write_design(dir.path(), &doc);
    let designs = || load_designs(&[dir.path().to_path_buf()]).0;
    let report = apply(&aws, &designs(), &ApplyOptions::default(), None).await;
    assert!(report.is_success(), "{}", report.to_text());

    let around_of = |p: &pipewright_core::plan::Plan| {
        p.pipelines[0]
            .around
            .iter()
            .map(|c| (c.kind, c.op))
            .collect::<Vec<_>>()
    };

    // Deleted in the console: the pipeline is unchanged, its rule missing.
    let events = aws.eventbridge();
    events
        .remove_targets()
        .rule(&rule_name)
        .ids(format!("codepipeline-{name}"))
        .send()
        .await
        .unwrap();
    events.delete_rule().name(&rule_name).send().await.unwrap();
    let p = plan(&aws, &designs(), &PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(p.pipelines[0].action, PlanAction::Unchanged);
    assert_eq!(
        around_of(&p),
        vec![
            (AroundKind::Role, AroundOp::Unchanged),
            (AroundKind::Rule, AroundOp::Missing)
        ]
    );
    let text = p.to_text();
    assert!(
        text.contains(&format!("! missing   EventBridge rule {rule_name}")),
        "{text}"
    );
    assert!(p.has_changes());
    let report = apply(&aws, &designs(), &ApplyOptions::default(), None).await;
    assert!(report.is_success(), "{}", report.to_text());
    assert!(rule(&aws, &rule_name).await.is_some());

    // Changed in the console: another branch, and disabled.
    let (mut pattern, _, _) = rule(&aws, &rule_name).await.unwrap();
    pattern["detail"]["referenceName"] = json!(["develop"]);
    events
        .put_rule()
        .name(&rule_name)
        .event_pattern(pattern.to_string())
        .state(aws_sdk_eventbridge::types::RuleState::Disabled)
        .send()
        .await
        .unwrap();
    let p = plan(&aws, &designs(), &PlanOptions::default())
        .await
        .unwrap();
    let change = &p.pipelines[0].around[1];
    assert_eq!(change.op, AroundOp::Update, "{}", p.to_text());
    assert!(
        change
            .differences
            .iter()
            .any(|d| d.contains("event pattern")),
        "{:?}",
        change.differences
    );
    assert!(
        change.differences.iter().any(|d| d.contains("DISABLED")),
        "{:?}",
        change.differences
    );
    let report = apply(&aws, &designs(), &ApplyOptions::default(), None).await;
    assert!(report.is_success(), "{}", report.to_text());
    let (pattern, state, _) = rule(&aws, &rule_name).await.unwrap();
    assert_eq!(pattern["detail"]["referenceName"], json!(["main"]));
    assert_eq!(state, "ENABLED");
    let p = plan(&aws, &designs(), &PlanOptions::default())
        .await
        .unwrap();
    assert!(!p.has_changes(), "{}", p.to_text());

    // The source polls again: the pipeline is updated, its rule and role deleted.
    let mut v = load_designs(&[dir.path().to_path_buf()]).0[0]
        .document
        .to_value();
    v["pipeline"]["stages"][0]["actions"][0]["configuration"]["PollForSourceChanges"] =
        json!("true");
    write_design(
        dir.path(),
        &pipewright_core::Document::from_value(v).unwrap(),
    );
    let p = plan(&aws, &designs(), &PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(
        around_of(&p),
        vec![
            (AroundKind::Role, AroundOp::Delete),
            (AroundKind::Rule, AroundOp::Delete)
        ],
        "{}",
        p.to_text()
    );
    let report = apply(&aws, &designs(), &ApplyOptions::default(), None).await;
    assert!(report.is_success(), "{}", report.to_text());
    assert!(rule(&aws, &rule_name).await.is_none());
    assert!(aws
        .iam()
        .get_role()
        .role_name(format!("pipewright-events-{name}"))
        .send()
        .await
        .is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_v1_webhooks_are_defined_registered_fixed_and_removed() {
    let moto = Moto::start();
    let double = WebhookDouble::start(moto.addr()).await;
    let aws = aws(&double.url).await;
    let dir = tempfile::tempdir().unwrap();
    let doc = template("github-v1-webhook");
    let name = doc.pipeline.name.clone();
    let hook = format!("pipewright-{name}-Source");
    write_design(dir.path(), &doc);
    let designs = || load_designs(&[dir.path().to_path_buf()]).0;

    let report = apply(&aws, &designs(), &ApplyOptions::default(), None).await;
    assert!(report.is_success(), "{}", report.to_text());
    let first_secret = {
        let st = double.state.lock().unwrap();
        let h = &st.hooks[&hook];
        assert!(h.registered, "registered with GitHub");
        assert_eq!(h.definition["targetPipeline"], name.as_str());
        assert_eq!(h.definition["targetAction"], "Source");
        assert_eq!(h.definition["authentication"], "GITHUB_HMAC");
        assert_eq!(
            h.definition["filters"],
            json!([{"jsonPath": "$.ref", "matchEquals": "refs/heads/{Branch}"}])
        );
        assert_eq!(h.secret.len(), 64);
        assert!(h.secret.bytes().all(|b| b.is_ascii_hexdigit()));
        h.secret.clone()
    };
    let p = plan(&aws, &designs(), &PlanOptions::default())
        .await
        .unwrap();
    assert!(!p.has_changes(), "{}", p.to_text());

    // Its filter changed outside Pipewright: redefined with a new secret, registered again.
    double
        .state
        .lock()
        .unwrap()
        .hooks
        .get_mut(&hook)
        .unwrap()
        .definition["filters"] = json!([{"jsonPath": "$.ref", "matchEquals": "refs/heads/other"}]);
    let p = plan(&aws, &designs(), &PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(
        p.pipelines[0].around[0].op,
        AroundOp::Update,
        "{}",
        p.to_text()
    );
    let report = apply(&aws, &designs(), &ApplyOptions::default(), None).await;
    assert!(report.is_success(), "{}", report.to_text());
    {
        let st = double.state.lock().unwrap();
        let h = &st.hooks[&hook];
        assert_ne!(
            h.secret, first_secret,
            "a fresh secret for every definition"
        );
        assert!(h.registered);
        let ops: Vec<&str> = st.calls.iter().map(|(op, _)| op.as_str()).collect();
        assert_eq!(
            ops,
            [
                "PutWebhook",
                "RegisterWebhookWithThirdParty",
                "DeregisterWebhookWithThirdParty",
                "PutWebhook",
                "RegisterWebhookWithThirdParty"
            ]
        );
    }

    // Migrated to a connection: the old webhook goes.
    let (migrated, _) = templates::migrate_github_v1(
        &load_designs(&[dir.path().to_path_buf()]).0[0].document,
        "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc",
    );
    write_design(dir.path(), &migrated);
    let p = plan(&aws, &designs(), &PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(
        p.pipelines[0]
            .around
            .iter()
            .map(|c| (c.kind, c.op))
            .collect::<Vec<_>>(),
        vec![(AroundKind::Webhook, AroundOp::Delete)],
        "{}",
        p.to_text()
    );
    let report = apply(&aws, &designs(), &ApplyOptions::default(), None).await;
    assert!(report.is_success(), "{}", report.to_text());
    assert!(double.state.lock().unwrap().hooks.is_empty());

    // And a webhook pipeline deleted takes its webhook with it (the template again, over the
    // connection pipeline: forced, it was never synced).
    write_design(dir.path(), &doc);
    let force = ApplyOptions {
        force: true,
        ..Default::default()
    };
    let report = apply(&aws, &designs(), &force, None).await;
    assert!(report.is_success(), "{}", report.to_text());
    assert!(double.state.lock().unwrap().hooks.contains_key(&hook));
    let removed = delete_pipeline(&aws, &name, &name).await.unwrap();
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert!(double.state.lock().unwrap().hooks.is_empty());
}
