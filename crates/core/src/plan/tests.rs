//! Unit tests of plans: each outcome (create, update, unchanged, drifted, other pipeline, remote only), the
//! field-level diff and its rendering.

use serde_json::{json, Value};

use super::*;
use crate::diagnostic::Severity;

fn doc(v: Value) -> Document {
    Document::from_value(v).expect("test document")
}

fn base() -> Value {
    json!({
        "pipeline": {
            "name": "demo",
            "roleArn": "arn:aws:iam::123456789012:role/svc",
            "artifactStore": {"type": "S3", "location": "bucket-1"},
            "stages": [
                {"name": "Source", "actions": [{
                    "name": "Src",
                    "actionTypeId": {"category": "Source", "owner": "ThirdParty", "provider": "GitHub", "version": "1"},
                    "configuration": {"Owner": "o", "Repo": "r", "Branch": "main", "OAuthToken": "****"},
                    "outputArtifacts": [{"name": "Out"}]
                }]},
                {"name": "Build", "actions": [{
                    "name": "B",
                    "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                    "configuration": {"ProjectName": "p"},
                    "inputArtifacts": [{"name": "Out"}]
                }]}
            ],
            "version": 3
        }
    })
}

/// The remote as GetPipeline returns it: defaults filled in, metadata.
fn remote_of(v: &Value, version: i64) -> Document {
    let mut v = v.clone();
    v["pipeline"]["version"] = json!(version);
    for stage in v["pipeline"]["stages"].as_array_mut().unwrap() {
        for action in stage["actions"].as_array_mut().unwrap() {
            let a = action.as_object_mut().unwrap();
            a.entry("runOrder").or_insert(json!(1));
            a.entry("inputArtifacts").or_insert(json!([]));
            a.entry("outputArtifacts").or_insert(json!([]));
        }
    }
    v["metadata"] = json!({"pipelineArn": "arn:aws:codepipeline:us-east-1:123456789012:demo", "updated": 1700000000.5});
    doc(v)
}

fn synced(mut d: Document, version: i64) -> Document {
    SyncRecord {
        version,
        ..Default::default()
    }
    .store(&mut d);
    d
}

#[test]
fn service_defaults_metadata_and_version_do_not_count_as_changes() {
    let local = synced(doc(base()), 3);
    let remote = remote_of(&base(), 3);
    let p = plan_pipeline(&local, Some("demo.json"), vec![], Some(&remote), None);
    assert_eq!(p.action, PlanAction::Unchanged, "{:#?}", p.changes);
    assert!(!p.record_stale);
}

#[test]
fn a_configuration_key_change_is_one_change_with_a_pointer_and_a_phrase() {
    let mut v = base();
    v["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] = json!("q");
    let local = synced(doc(v), 3);
    let p = plan_pipeline(&local, None, vec![], Some(&remote_of(&base(), 3)), None);
    assert_eq!(p.action, PlanAction::Update);
    assert_eq!(p.changes.len(), 1, "{:#?}", p.changes);
    let c = &p.changes[0];
    assert_eq!(c.op, ChangeOp::Replace);
    assert_eq!(
        c.pointer,
        "/pipeline/stages/1/actions/0/configuration/ProjectName"
    );
    assert_eq!(
        c.phrase,
        "configuration key `ProjectName` of action `B` in stage `Build` changed from `p` to `q`"
    );
}

#[test]
fn stages_and_actions_added_removed_and_renamed() {
    let mut v = base();
    let stages = v["pipeline"]["stages"].as_array_mut().unwrap();
    stages.push(json!({"name": "Deploy", "actions": [{
        "name": "D", "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "S3", "version": "1"},
        "inputArtifacts": [{"name": "Out"}], "configuration": {"BucketName": "b", "Extract": "true"}}]}));
    stages[1]["name"] = json!("Compile");
    stages[1]["actions"].as_array_mut().unwrap().push(json!({
        "name": "Lint", "actionTypeId": {"category": "Test", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
        "configuration": {"ProjectName": "lint"}, "inputArtifacts": [{"name": "Out"}]}));
    let local = synced(doc(v), 3);
    let p = plan_pipeline(&local, None, vec![], Some(&remote_of(&base(), 3)), None);
    let phrases: Vec<&str> = p.changes.iter().map(|c| c.phrase.as_str()).collect();
    assert!(
        phrases.contains(&"stage `Build` renamed to `Compile`"),
        "{phrases:#?}"
    );
    assert!(
        phrases.contains(&"action `Lint` in stage `Compile` added"),
        "{phrases:#?}"
    );
    assert!(phrases.contains(&"stage `Deploy` added"), "{phrases:#?}");
    let deploy = p
        .changes
        .iter()
        .find(|c| c.phrase == "stage `Deploy` added")
        .unwrap();
    assert_eq!(deploy.pointer, "/pipeline/stages/2");

    // And the other way round: removals point into the remote document.
    let back = diff_documents(&local, &doc(base()));
    let removed = back
        .iter()
        .find(|c| c.phrase == "stage `Deploy` removed")
        .expect("stage removal");
    assert_eq!(removed.op, ChangeOp::Remove);
    assert_eq!(removed.pointer, "/pipeline/stages/2");
}

#[test]
fn artifacts_settings_and_unknown_fields_are_compared() {
    let mut v = base();
    v["pipeline"]["executionMode"] = json!("QUEUED");
    v["pipeline"]["pipelineType"] = json!("V2");
    v["pipeline"]["stages"][1]["actions"][0]["outputArtifacts"] = json!([{"name": "BuildOut"}]);
    v["pipeline"]["stages"][1]["futureField"] = json!({"x": 1});
    let local = synced(doc(v), 3);
    let changes = diff_documents(&remote_of(&base(), 3), &local);
    let phrases: Vec<&str> = changes.iter().map(|c| c.phrase.as_str()).collect();
    assert!(
        phrases.contains(&"pipeline setting `executionMode` changed from `SUPERSEDED` to `QUEUED`"),
        "{phrases:#?}"
    );
    assert!(
        phrases.contains(&"output artifact `BuildOut` of action `B` in stage `Build` added"),
        "{phrases:#?}"
    );
    assert!(
        phrases.contains(&"`futureField` of stage `Build` added (`{\"x\":1}`)"),
        "{phrases:#?}"
    );
}

#[test]
fn masked_secrets_match_and_tags_are_compared_when_listed() {
    let mut v = base();
    v["pipeline"]["stages"][0]["actions"][0]["configuration"]["OAuthToken"] = json!("real-token");
    let mut local = synced(doc(v), 3);
    assert!(diff_documents(&remote_of(&base(), 3), &local).is_empty());

    local.tags = Some(vec![crate::model::Tag {
        key: "team".into(),
        value: "a".into(),
        extra: Default::default(),
    }]);
    let mut remote_v = base();
    remote_v["tags"] = json!([{"key": "team", "value": "b"}, {"key": "old", "value": "x"}]);
    let changes = diff_documents(&remote_of(&remote_v, 3), &local);
    let phrases: Vec<&str> = changes.iter().map(|c| c.phrase.as_str()).collect();
    assert_eq!(
        phrases,
        vec![
            "tag `team` changed from `b` to `a`",
            "tag `old` removed (was `x`)"
        ]
    );
}

#[test]
fn drift_when_the_remote_moved_or_the_design_was_never_synced() {
    let mut v = base();
    v["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] = json!("q");
    let remote = remote_of(&base(), 5);
    let p = plan_pipeline(
        &synced(doc(v.clone()), 3),
        None,
        vec![],
        Some(&remote),
        None,
    );
    assert_eq!(p.action, PlanAction::Drifted);
    let d = p.drift.as_ref().unwrap();
    assert_eq!((d.synced_version, d.remote_version), (Some(3), Some(5)));
    assert_eq!(p.changes.len(), 1, "drift shows remote-now vs local");

    let never = plan_pipeline(&doc(v), None, vec![], Some(&remote), None);
    assert_eq!(never.action, PlanAction::Drifted);
    assert_eq!(never.drift.unwrap().synced_version, None);

    // Same content but the record is behind: unchanged, record refreshed by apply.
    let same = plan_pipeline(&synced(doc(base()), 3), None, vec![], Some(&remote), None);
    assert_eq!(same.action, PlanAction::Unchanged);
    assert!(same.record_stale);
}

#[test]
fn create_invalid_and_remote_only() {
    let local = doc(base());
    let p = plan_pipeline(&local, None, vec![], None, None);
    assert_eq!(p.action, PlanAction::Create);
    assert_eq!(p.changes.len(), 2);
    assert_eq!(p.changes[1].phrase, "stage `Build` added with 1 action: B");

    let err = Diagnostic {
        code: "E100",
        severity: Severity::Error,
        message: "bad".into(),
        pointer: "/pipeline/name".into(),
        hint: String::new(),
    };
    let warn = Diagnostic {
        severity: Severity::Warning,
        ..err.clone()
    };
    assert_eq!(
        plan_pipeline(&local, None, vec![warn.clone()], None, None).action,
        PlanAction::Create
    );
    let bad = plan_pipeline(&local, None, vec![err, warn], None, None);
    assert_eq!(bad.action, PlanAction::Invalid);
    assert_eq!(bad.errors.len(), 1);

    let plan = Plan::new(vec![bad, p, plan_remote_only("other", Some(2))]);
    assert_eq!(plan.summary.create, 1);
    assert_eq!(plan.summary.invalid, 1);
    assert_eq!(plan.summary.remote_only, 1);
    let text = plan.to_text();
    assert!(text.contains("? remote only other  remote v2\n"), "{text}");
    assert!(
        text.contains("x invalid     demo\n    error[E100] /pipeline/name: bad\n"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "Plan: 1 to create, 0 to update, 0 unchanged, 0 drifted, 1 remote only, 1 invalid.\n"
        ),
        "{text}"
    );
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["pipelines"][0]["action"], "invalid");
    assert_eq!(json["pipelines"][1]["action"], "create");
    assert_eq!(json["summary"]["remoteOnly"], 1);
}

#[test]
fn sync_record_round_trips_through_the_design_file() {
    let remote = remote_of(&base(), 7);
    let rec = SyncRecord::from_remote(&remote, Some("us-east-1")).unwrap();
    assert_eq!(rec.version, 7);
    assert_eq!(
        rec.pipeline_arn.as_deref(),
        Some("arn:aws:codepipeline:us-east-1:123456789012:demo")
    );
    let mut local = doc(base());
    rec.store(&mut local);
    let text = local.to_text(crate::document::Format::Yaml).unwrap();
    let again = Document::parse(&text, crate::document::Format::Yaml).unwrap();
    assert_eq!(SyncRecord::of(&again), Some(rec));
    assert_eq!(again.to_value()["pipewright"]["sync"]["version"], 7);
}

#[test]
fn a_renamed_action_is_said_in_its_stage() {
    let mut v = base();
    v["pipeline"]["stages"][1]["actions"][0]["name"] = json!("Compile");
    let changes = diff_documents(&doc(base()), &doc(v));
    let phrases: Vec<&str> = changes.iter().map(|c| c.phrase.as_str()).collect();
    assert_eq!(
        phrases,
        ["action `B` in stage `Build` renamed to `Compile`"]
    );
    assert_eq!(changes[0].pointer, "/pipeline/stages/1/actions/0/name");
}

#[test]
fn what_starts_an_unchanged_pipeline_is_planned_and_printed() {
    use crate::around::{self, AroundOp, Place, RemoteAround};

    let mut v = base();
    v["pipeline"]["stages"][0]["actions"][0]["configuration"]["PollForSourceChanges"] =
        json!("false");
    let local = synced(doc(v.clone()), 3);
    let remote = remote_of(&v, 3);
    let mut p = plan_pipeline(&local, Some("demo.yaml"), vec![], Some(&remote), None);
    assert_eq!(p.action, PlanAction::Unchanged);

    // The webhook was deleted behind Pipewright's back: the pipeline itself is unchanged, yet
    // apply has work to do.
    let place = Place::of_arn("arn:aws:codepipeline:us-east-1:123456789012:demo").unwrap();
    p.around = around::plan::plan(
        &around::derive(&local),
        Some((&place, &RemoteAround::default())),
    );
    assert_eq!(p.around[0].op, AroundOp::Missing);
    p.warnings.push(Diagnostic {
        code: "W901",
        severity: Severity::Warning,
        message: "source action `Src` uses a connection that is PENDING".into(),
        pointer: "/pipeline/stages/0/actions/0/configuration/ConnectionArn".into(),
        hint: "finish the handshake in the console".into(),
    });
    let plan = Plan::new(vec![p]);
    assert!(plan.has_changes());
    assert_eq!(plan.summary.around, 1);
    let text = plan.to_text();
    assert!(
        text.contains("    ! missing   webhook pipewright-demo-Src: GitHub calls it on pushes to o/r (branch filter refs/heads/{Branch})  [/pipeline/stages/0/actions/0]\n        it does not exist, so the pipeline does not start this way; apply creates it\n"),
        "{text}"
    );
    assert!(
        text.contains("    warning[W901] /pipeline/stages/0/actions/0/configuration/ConnectionArn: source action `Src` uses a connection that is PENDING\n        finish the handshake in the console\n"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "Plan: 0 to create, 0 to update, 1 unchanged, 0 drifted, 0 remote only, 0 invalid. Around them: 1 to create, fix or delete.\n"
        ),
        "{text}"
    );
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["pipelines"][0]["around"][0]["op"], "missing");
    assert_eq!(json["pipelines"][0]["around"][0]["kind"], "webhook");
}

#[test]
fn a_design_synced_elsewhere_is_not_planned_as_an_update() {
    // Synced with demo in us-east-1; planned in eu-west-1 where a pipeline of that name exists.
    let mut local = doc(base());
    SyncRecord::from_remote(&remote_of(&base(), 3), Some("us-east-1"))
        .unwrap()
        .store(&mut local);
    let mut v = base();
    v["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] = json!("other");
    let mut there = remote_of(&v, 3);
    there.metadata.as_mut().unwrap().insert(
        "pipelineArn".into(),
        json!("arn:aws:codepipeline:eu-west-1:123456789012:demo"),
    );
    let p = plan_pipeline(&local, None, vec![], Some(&there), Some("eu-west-1"));
    assert_eq!(p.action, PlanAction::OtherPipeline);
    let b = p.binding.as_ref().unwrap();
    assert_eq!(
        b.reason,
        "not the pipeline this design was synced with: it was synced in region us-east-1, this is region eu-west-1"
    );
    assert_eq!(
        b.planned_against,
        "arn:aws:codepipeline:eu-west-1:123456789012:demo"
    );
    assert_eq!(p.changes.len(), 1, "what apply --force would change");

    // Another account, same region and name.
    there.metadata.as_mut().unwrap().insert(
        "pipelineArn".into(),
        json!("arn:aws:codepipeline:us-east-1:999999999999:demo"),
    );
    let p = plan_pipeline(&local, None, vec![], Some(&there), Some("us-east-1"));
    assert_eq!(p.action, PlanAction::OtherPipeline);
    assert!(p
        .binding
        .unwrap()
        .reason
        .contains("account 123456789012, this is account 999999999999"));

    // Nothing of that name in the other region: still not a plain create.
    let p = plan_pipeline(&local, None, vec![], None, Some("eu-west-1"));
    assert_eq!(p.action, PlanAction::OtherPipeline);
    // The same pipeline, or no region to compare: bound as before.
    let same = remote_of(&base(), 3);
    let p = plan_pipeline(&local, None, vec![], Some(&same), Some("us-east-1"));
    assert_eq!(p.action, PlanAction::Unchanged);
    let p = plan_pipeline(&local, None, vec![], None, Some("us-east-1"));
    assert_eq!(p.action, PlanAction::Create);

    let plan = Plan::new(vec![plan_pipeline(
        &local,
        None,
        vec![],
        None,
        Some("eu-west-1"),
    )]);
    assert_eq!(plan.summary.other_pipeline, 1);
    let text = plan.to_text();
    assert!(
        text.contains("! other pipeline demo\n    not the pipeline this design was synced with"),
        "{text}"
    );
    assert!(
        text.ends_with("0 invalid, 1 synced with another pipeline.\n"),
        "{text}"
    );
    assert_eq!(
        serde_json::to_value(&plan).unwrap()["pipelines"][0]["action"],
        "other-pipeline"
    );
}

/// A design with placeholders left plans as invalid, with each one listed and what to do; the
/// placeholders are warnings, and no other warning blocks.
#[test]
fn placeholders_left_make_a_design_invalid() {
    let mut v = base();
    v["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] =
        json!("REPLACE-ME-codebuild-project");
    v["pipeline"]["stages"][0]["actions"][0]["configuration"]["Repo"] = json!("<<Repo>>");
    let local = doc(v);
    let diags = crate::validate(&local);
    let p = plan_pipeline(&local, None, diags, None, None);
    assert_eq!(p.action, PlanAction::Invalid);
    assert_eq!(
        p.errors
            .iter()
            .map(|d| (d.code, d.pointer.as_str()))
            .collect::<Vec<_>>(),
        [
            ("W008", "/pipeline/stages/0/actions/0/configuration/Repo"),
            (
                "W008",
                "/pipeline/stages/1/actions/0/configuration/ProjectName"
            ),
        ],
        "only the placeholders block (not W001 or W005): {:#?}",
        p.errors
    );
    let text = Plan::new(vec![p]).to_text();
    assert!(
        text.contains("    warning[W008] /pipeline/stages/1/actions/0/configuration/ProjectName: `ProjectName` of action `Build/B` still holds the placeholder `REPLACE-ME-codebuild-project`\n"),
        "{text}"
    );
    assert!(
        text.contains("    Apply refuses it until 2 placeholders are replaced with real values.\n"),
        "{text}"
    );
}
