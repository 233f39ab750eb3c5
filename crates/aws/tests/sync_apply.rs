//! Plan and apply against moto's server through the real SDK: create, update (declaration and
//! tags), unchanged on re-plan, drift refusal with pull / force, a design synced in another
//! region refused, confirmed delete, invalid designs never sent.

mod support;

use pipewright_aws::sync::{
    apply, delete_pipeline, load_designs, plan, ApplyOptions, DesignFile, Outcome, PlanOptions,
};
use pipewright_aws::AwsError;
use pipewright_core::plan::{ChangeOp, PlanAction, SyncRecord};
use pipewright_core::Tag;
use serde_json::json;
use support::recorder::Recorder;
use support::*;

fn tag(k: &str, v: &str) -> Tag {
    Tag {
        key: k.into(),
        value: v.into(),
        extra: Default::default(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_then_apply_creates_then_updates_then_is_unchanged() {
    let moto = Moto::start();
    let aws = aws(&moto.url).await;
    let api = aws.codepipeline();
    let dir = tempfile::tempdir().unwrap();
    write_design(dir.path(), &design("alpha"));
    write_design(dir.path(), &design("beta"));
    // A remote pipeline without a design.
    api.create_pipeline(&design("gamma").pipeline, &[])
        .await
        .unwrap();

    let (designs, errors) = load_designs(&[dir.path().to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    let opts = PlanOptions {
        include_remote_only: true,
        ..Default::default()
    };
    let p = plan(&aws, &designs, &opts).await.expect("plan");
    assert_eq!(
        (p.summary.create, p.summary.remote_only),
        (2, 1),
        "{}",
        p.to_text()
    );
    assert!(
        p.to_text().contains("? remote only gamma"),
        "{}",
        p.to_text()
    );

    let report = apply(&aws, &designs, &ApplyOptions::default(), None).await;
    assert!(report.is_success(), "{}", report.to_text());
    assert_eq!(report.count("created"), 2);
    let v = api.get_pipeline("alpha").await.unwrap().to_value();
    assert_eq!(
        api.list_tags(v["metadata"]["pipelineArn"].as_str().unwrap())
            .await
            .unwrap(),
        vec![tag("team", "platform")]
    );
    // The design files now carry the sync record.
    let alpha_path = dir.path().join("alpha.json");
    let alpha = DesignFile::load(&alpha_path).unwrap();
    assert_eq!(SyncRecord::of(&alpha.document).unwrap().version, 1);

    // Edit the design: a configuration key, a new stage, a tag.
    let mut doc = alpha.document.clone();
    let mut value = doc.to_value();
    value["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] = json!("proj2");
    value["pipeline"]["stages"].as_array_mut().unwrap().push(json!({
        "name": "Approve",
        "actions": [{"name": "Ok", "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"}}]
    }));
    value["tags"] = json!([{"key": "team", "value": "apps"}, {"key": "cost", "value": "42"}]);
    doc = pipewright_core::Document::from_value(value).unwrap();
    write_design(dir.path(), &doc);

    let (designs, _) = load_designs(&[dir.path().to_path_buf()]);
    let p = plan(&aws, &designs, &PlanOptions::default()).await.unwrap();
    let alpha_plan = p.pipelines.iter().find(|x| x.name == "alpha").unwrap();
    assert_eq!(alpha_plan.action, PlanAction::Update, "{}", p.to_text());
    let phrases: Vec<&str> = alpha_plan
        .changes
        .iter()
        .map(|c| c.phrase.as_str())
        .collect();
    assert_eq!(
        phrases,
        vec![
            "configuration key `ProjectName` of action `Compile` in stage `Build` changed from `proj` to `proj2`",
            "stage `Approve` added",
            "tag `team` changed from `platform` to `apps`",
            "tag `cost` added (`42`)",
        ],
        "{}",
        p.to_text()
    );
    assert_eq!(alpha_plan.changes[1].op, ChangeOp::Add);
    assert_eq!(alpha_plan.changes[1].pointer, "/pipeline/stages/2");
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["summary"]["update"], 1);
    assert_eq!(json["summary"]["unchanged"], 1);

    let report = apply(&aws, &designs, &ApplyOptions::default(), None).await;
    assert!(report.is_success(), "{}", report.to_text());
    assert_eq!(
        report.get("alpha").unwrap().outcome,
        Outcome::Updated { version: Some(2) }
    );
    assert_eq!(report.get("beta").unwrap().outcome, Outcome::Unchanged);
    let remote = api.get_pipeline("alpha").await.unwrap();
    assert_eq!(remote.pipeline.stages.len(), 3);
    assert_eq!(remote.pipeline.version, Some(2));
    let arn = remote.metadata.as_ref().unwrap()["pipelineArn"]
        .as_str()
        .unwrap()
        .to_string();
    let mut tags = api.list_tags(&arn).await.unwrap();
    tags.sort_by(|a, b| a.key.cmp(&b.key));
    assert_eq!(tags, vec![tag("cost", "42"), tag("team", "apps")]);
    let alpha = DesignFile::load(&alpha_path).unwrap();
    assert_eq!(SyncRecord::of(&alpha.document).unwrap().version, 2);

    // Re-plan: nothing to do.
    let (designs, _) = load_designs(&[dir.path().to_path_buf()]);
    let p = plan(&aws, &designs, &PlanOptions::default()).await.unwrap();
    assert_eq!(p.summary.unchanged, 2, "{}", p.to_text());
    assert!(!p.has_changes());
}

/// Fields neither Pipewright nor the SDK knows go to the service exactly as the design has them,
/// on create and on update: checked on the requests as they left Pipewright (a recording proxy in
/// front of moto), whatever the server then keeps of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_sends_unknown_fields_as_written() {
    let moto = Moto::start();
    let wire = Recorder::start(moto.addr()).await;
    let aws = aws(&wire.url).await;
    let dir = tempfile::tempdir().unwrap();
    let mut doc = design_with_unknown_fields("alpha");
    write_design(dir.path(), &doc);
    let (designs, _) = load_designs(&[dir.path().to_path_buf()]);
    let report = apply(&aws, &designs, &ApplyOptions::default(), None).await;
    assert!(report.is_success(), "{}", report.to_text());

    // An edit, so the next apply updates.
    let mut value = DesignFile::load(&dir.path().join("alpha.json"))
        .unwrap()
        .document
        .to_value();
    value["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] = json!("proj2");
    doc = pipewright_core::Document::from_value(value).unwrap();
    write_design(dir.path(), &doc);
    let (designs, _) = load_designs(&[dir.path().to_path_buf()]);
    let report = apply(&aws, &designs, &ApplyOptions::default(), None).await;
    assert!(report.is_success(), "{}", report.to_text());

    let created = wire.bodies_of("CreatePipeline");
    let updated = wire.bodies_of("UpdatePipeline");
    assert_eq!(
        (created.len(), updated.len()),
        (1, 1),
        "{created:?} {updated:?}"
    );
    for body in [&created[0], &updated[0]] {
        assert_eq!(
            body["pipeline"]["stages"][1]["actions"][0]["futureActionField"],
            json!({"nested": [1, 2.5, null], "flag": true}),
            "unknown fields reach the service: {body}"
        );
        assert_eq!(body["pipeline"]["futurePipelineField"], "kept", "{body}");
    }
    assert_eq!(
        updated[0]["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"],
        "proj2"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remote_changed_behind_the_design_is_refused_until_pull_or_force() {
    let moto = Moto::start();
    let aws = aws(&moto.url).await;
    let api = aws.codepipeline();
    let dir = tempfile::tempdir().unwrap();
    let file = write_design(dir.path(), &design("drifty"));
    let report = apply(
        &aws,
        std::slice::from_ref(&file),
        &ApplyOptions::default(),
        None,
    )
    .await;
    assert_eq!(report.count("created"), 1, "{}", report.to_text());

    // Someone edits the remote pipeline (console, another tool): version 2.
    let mut remote = api.get_pipeline("drifty").await.unwrap().pipeline;
    remote.stages[1].actions[0]
        .configuration
        .as_mut()
        .unwrap()
        .insert("ProjectName".into(), "edited-remotely".into());
    api.update_pipeline(&remote).await.unwrap();
    // And the design is edited locally too.
    let mut local = DesignFile::load(&file.path).unwrap();
    local.document.pipeline.stages[0].name = "Checkout".into();
    local.save().unwrap();
    let before = read(&local.path);

    let p = plan(&aws, std::slice::from_ref(&local), &PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(
        p.pipelines[0].action,
        PlanAction::Drifted,
        "{}",
        p.to_text()
    );
    let text = p.to_text();
    assert!(text.contains("moved from version 1 to 2"), "{text}");
    assert!(
        text.contains("changed from `edited-remotely` to `proj`"),
        "the remote change is shown: {text}"
    );

    let report = apply(
        &aws,
        std::slice::from_ref(&local),
        &ApplyOptions::default(),
        None,
    )
    .await;
    let r = report.get("drifty").unwrap();
    match &r.outcome {
        Outcome::Refused { drift } => {
            assert_eq!(
                (drift.synced_version, drift.remote_version),
                (Some(1), Some(2))
            )
        }
        other => panic!("expected refused, got {other:?}"),
    }
    assert!(!report.is_success());
    assert!(report.to_text().contains("--pull"), "{}", report.to_text());
    assert_eq!(read(&local.path), before, "a refused design is not touched");
    let now = api.get_pipeline("drifty").await.unwrap();
    assert_eq!(now.pipeline.version, Some(2), "nothing was sent");

    // --pull: the remote comes into the design file.
    let pull = ApplyOptions {
        pull: true,
        ..Default::default()
    };
    let report = apply(&aws, std::slice::from_ref(&local), &pull, None).await;
    assert_eq!(
        report.get("drifty").unwrap().outcome,
        Outcome::Pulled { version: Some(2) }
    );
    let pulled = DesignFile::load(&local.path).unwrap();
    assert_eq!(pulled.document.pipeline.stages[0].name, "Source");
    assert_eq!(
        pulled.document.pipeline.stages[1].actions[0].config("ProjectName"),
        Some("edited-remotely")
    );
    assert_eq!(SyncRecord::of(&pulled.document).unwrap().version, 2);
    let p = plan(&aws, std::slice::from_ref(&pulled), &PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(p.pipelines[0].action, PlanAction::Unchanged);

    // --force: the design overwrites a remote that moved again.
    let mut remote = api.get_pipeline("drifty").await.unwrap().pipeline;
    remote.stages[1].name = "RemoteBuild".into();
    api.update_pipeline(&remote).await.unwrap();
    let mut local = pulled;
    local.document.pipeline.stages[1].actions[0]
        .configuration
        .as_mut()
        .unwrap()
        .insert("ProjectName".into(), "mine".into());
    local.save().unwrap();
    let force = ApplyOptions {
        force: true,
        ..Default::default()
    };
    let report = apply(&aws, std::slice::from_ref(&local), &force, None).await;
    assert_eq!(
        report.get("drifty").unwrap().outcome,
        Outcome::Updated { version: Some(4) },
        "{}",
        report.to_text()
    );
    let now = api.get_pipeline("drifty").await.unwrap().pipeline;
    assert_eq!(now.stages[1].name, "Build");
    assert_eq!(now.stages[1].actions[0].config("ProjectName"), Some("mine"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn masked_secrets_are_sent_back_untouched() {
    let moto = Moto::start();
    let aws = aws(&moto.url).await;
    let api = aws.codepipeline();
    let dir = tempfile::tempdir().unwrap();
    let mut doc = design("secretive");
    doc.pipeline.stages[1].actions[0]
        .configuration
        .as_mut()
        .unwrap()
        .insert("Token".into(), "****".into());
    let file = write_design(dir.path(), &doc);
    let report = apply(
        &aws,
        std::slice::from_ref(&file),
        &ApplyOptions::default(),
        None,
    )
    .await;
    assert!(report.is_success(), "{}", report.to_text());
    let mut local = DesignFile::load(&file.path).unwrap();
    local.document.pipeline.stages[1].actions[0]
        .configuration
        .as_mut()
        .unwrap()
        .insert("ProjectName".into(), "p2".into());
    local.save().unwrap();
    let report = apply(&aws, &[local], &ApplyOptions::default(), None).await;
    assert_eq!(report.count("updated"), 1, "{}", report.to_text());
    let now = api.get_pipeline("secretive").await.unwrap().pipeline;
    assert_eq!(now.stages[1].actions[0].config("Token"), Some("****"));
    assert_eq!(now.stages[1].actions[0].config("ProjectName"), Some("p2"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_designs_are_never_sent_and_their_files_stay() {
    let moto = Moto::start();
    let aws = aws(&moto.url).await;
    let api = aws.codepipeline();
    let dir = tempfile::tempdir().unwrap();
    let mut doc = design("broken");
    // Consumes an artifact nothing produces: the service would reject it; moto would not.
    doc.pipeline.stages[1].actions[0]
        .input_artifacts
        .as_mut()
        .unwrap()[0]
        .name = "Nowhere".into();
    let file = write_design(dir.path(), &doc);
    let before = read(&file.path);
    let report = apply(
        &aws,
        std::slice::from_ref(&file),
        &ApplyOptions::default(),
        None,
    )
    .await;
    match &report.get("broken").unwrap().outcome {
        Outcome::Invalid { errors } => assert!(!errors.is_empty()),
        other => panic!("expected invalid, got {other:?}"),
    }
    assert!(matches!(
        api.get_pipeline("broken").await,
        Err(AwsError::PipelineNotFound(_))
    ));
    assert_eq!(read(&file.path), before);
    let p = plan(&aws, &[file], &PlanOptions::default()).await.unwrap();
    assert_eq!(p.pipelines[0].action, PlanAction::Invalid);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_needs_the_exact_name_as_confirmation() {
    let moto = Moto::start();
    let aws = aws(&moto.url).await;
    let api = aws.codepipeline();
    api.create_pipeline(&design("doomed").pipeline, &[])
        .await
        .unwrap();
    let err = delete_pipeline(&aws, "doomed", "doome").await.unwrap_err();
    assert!(matches!(err, AwsError::DeleteNotConfirmed { .. }), "{err}");
    assert!(err.to_string().contains("exact name"), "{err}");
    assert!(api.get_pipeline("doomed").await.is_ok(), "still there");
    delete_pipeline(&aws, "doomed", "doomed").await.unwrap();
    assert!(matches!(
        api.get_pipeline("doomed").await,
        Err(AwsError::PipelineNotFound(_))
    ));
}

/// The connection's region is the pipeline's own: it makes E402 precise. A build action that
/// names a region with a single artifactStore is no error while the home region is unknown
/// (CloudFormation's `Region: !Ref AWS::Region`); against moto in us-east-1, the one in
/// us-east-1 is created and the one in eu-west-1 is refused by plan and apply.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_connections_region_makes_cross_region_checks_precise() {
    let moto = Moto::start();
    let aws = aws(&moto.url).await;
    let dir = tempfile::tempdir().unwrap();
    let with_region = |name: &str, region: &str| {
        let mut v = design(name).to_value();
        v["pipeline"]["stages"][1]["actions"][0]["region"] = json!(region);
        pipewright_core::Document::from_value(v).unwrap()
    };
    for (name, region) in [("home-region", moto::REGION), ("away-region", "eu-west-1")] {
        let doc = with_region(name, region);
        let codes: Vec<_> = pipewright_core::validate(&doc)
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| d.code)
            .collect();
        assert!(codes.is_empty(), "{name}: {codes:?}");
        write_design(dir.path(), &doc);
    }
    let (designs, _) = load_designs(&[dir.path().to_path_buf()]);
    let p = plan(&aws, &designs, &PlanOptions::default()).await.unwrap();
    let of = |name: &str| p.pipelines.iter().find(|x| x.name == name).unwrap();
    assert_eq!(
        of("home-region").action,
        PlanAction::Create,
        "{}",
        p.to_text()
    );
    let away = of("away-region");
    assert_eq!(away.action, PlanAction::Invalid, "{}", p.to_text());
    assert_eq!(away.errors[0].code, "E402", "{:?}", away.errors);
    assert!(
        away.errors[0].message.contains("eu-west-1"),
        "{:?}",
        away.errors
    );

    let report = apply(&aws, &designs, &ApplyOptions::default(), None).await;
    assert_eq!(report.count("created"), 1, "{}", report.to_text());
    assert!(
        matches!(
            &report.get("away-region").unwrap().outcome,
            Outcome::Invalid { errors } if errors[0].code == "E402"
        ),
        "{}",
        report.to_text()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_design_synced_in_one_region_is_refused_in_another() {
    let moto = Moto::start();
    let east = aws(&moto.url).await;
    let mut in_eu = settings(&moto.url);
    in_eu.region = Some("eu-west-1".into());
    // The connection's region is eu-west-1: plan compares the design's record with it.
    let west = in_eu.connect().await;
    let dir = tempfile::tempdir().unwrap();
    let local = write_design(dir.path(), &design("shared"));
    let in_east = ApplyOptions {
        region: Some(moto::REGION.into()),
        ..Default::default()
    };
    let report = apply(&east, std::slice::from_ref(&local), &in_east, None).await;
    assert_eq!(report.count("created"), 1, "{}", report.to_text());
    let local = DesignFile::load(&local.path).unwrap();
    let record = SyncRecord::of(&local.document).unwrap();
    assert_eq!(
        record.pipeline_arn.as_deref(),
        Some("arn:aws:codepipeline:us-east-1:123456789012:shared")
    );

    // Another design created a pipeline of the same name in eu-west-1.
    let mut theirs = design("shared").pipeline;
    theirs.stages[1].actions[0]
        .configuration
        .as_mut()
        .unwrap()
        .insert("ProjectName".into(), "theirs".into());
    west.codepipeline()
        .create_pipeline(&theirs, &[])
        .await
        .unwrap();

    let in_west = PlanOptions::default();
    let p = plan(&west, std::slice::from_ref(&local), &in_west)
        .await
        .unwrap();
    assert_eq!(
        p.pipelines[0].action,
        PlanAction::OtherPipeline,
        "{}",
        p.to_text()
    );
    assert_eq!(p.summary.update, 0);
    assert!(
        p.to_text()
            .contains("not the pipeline this design was synced with: it was synced in region us-east-1, this is region eu-west-1"),
        "{}",
        p.to_text()
    );

    let before = read(&local.path);
    let west_opts = ApplyOptions {
        region: Some("eu-west-1".into()),
        ..Default::default()
    };
    let report = apply(&west, std::slice::from_ref(&local), &west_opts, None).await;
    match &report.get("shared").unwrap().outcome {
        Outcome::OtherPipeline { binding } => assert_eq!(
            binding.planned_against,
            "arn:aws:codepipeline:eu-west-1:123456789012:shared"
        ),
        other => panic!("expected refused as another pipeline, got {other:?}"),
    }
    assert!(report.to_text().contains("--force"), "{}", report.to_text());
    assert_eq!(read(&local.path), before, "a refused design is not touched");
    let now = west
        .codepipeline()
        .get_pipeline("shared")
        .await
        .unwrap()
        .pipeline;
    assert_eq!(now.version, Some(1), "nothing was sent to eu-west-1");
    assert_eq!(
        now.stages[1].actions[0].config("ProjectName"),
        Some("theirs")
    );

    // --pull does not take a pipeline the design was never synced with.
    let pull = ApplyOptions {
        pull: true,
        ..west_opts.clone()
    };
    let report = apply(&west, std::slice::from_ref(&local), &pull, None).await;
    assert_eq!(
        report.count("refused (other pipeline)"),
        1,
        "{}",
        report.to_text()
    );

    // --force sends it there and binds the design to the eu-west-1 pipeline.
    let force = ApplyOptions {
        force: true,
        ..west_opts
    };
    let report = apply(&west, std::slice::from_ref(&local), &force, None).await;
    assert_eq!(report.count("updated"), 1, "{}", report.to_text());
    let local = DesignFile::load(&local.path).unwrap();
    assert_eq!(
        SyncRecord::of(&local.document)
            .unwrap()
            .pipeline_arn
            .as_deref(),
        Some("arn:aws:codepipeline:eu-west-1:123456789012:shared")
    );
    let p = plan(&west, std::slice::from_ref(&local), &in_west)
        .await
        .unwrap();
    assert_eq!(
        p.pipelines[0].action,
        PlanAction::Unchanged,
        "{}",
        p.to_text()
    );
}
