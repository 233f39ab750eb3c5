//! A design with environments stands for one pipeline per environment in plan and apply (moto,
//! real SDK): each is created under its own name, remembers its own sync record inside its
//! environment, and a remote change cannot be pulled into a derived pipeline.

mod support;

use pipewright_aws::sync::{
    apply, load_designs, plan, ApplyOptions, DesignFile, Outcome, PlanOptions,
};
use pipewright_core::plan::{PlanAction, SyncRecord};
use pipewright_core::{Document, Format};
use serde_json::json;
use support::*;

fn design_with_environments() -> Document {
    let mut v = json!({"pipeline": pipeline_json("web"), "pipewright": {"format": 1}});
    v["pipewright"]["environments"] = json!({
        "dev": {"nameSuffix": "-dev", "configuration": {"Build/Compile": {"ProjectName": "web-dev"}}},
        "prod": {
            "nameSuffix": "-prod",
            "configuration": {"Build/Compile": {"ProjectName": "web-prod"}},
            "extraStages": [{"stage": {"name": "Approve", "actions": [{
                "name": "Approve",
                "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"},
                "runOrder": 1
            }]}}]
        }
    });
    Document::from_value(v).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_environment_is_a_pipeline_with_its_own_sync_record() {
    let moto = Moto::start();
    let aws = aws(&moto.url).await;
    let api = aws.codepipeline();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("web.pipewright.yaml");
    std::fs::write(
        &path,
        design_with_environments().to_text(Format::Yaml).unwrap(),
    )
    .unwrap();

    let (designs, errors) = load_designs(&[dir.path().to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    let names: Vec<_> = designs
        .iter()
        .map(|d| (d.name().to_string(), d.environment.clone()))
        .collect();
    assert_eq!(
        names,
        [
            ("web-dev".to_string(), Some("dev".to_string())),
            ("web-prod".to_string(), Some("prod".to_string()))
        ]
    );
    assert!(designs[1].display().ends_with("(prod)"));

    let p = plan(&aws, &designs, &PlanOptions::default()).await.unwrap();
    assert_eq!(p.summary.create, 2, "{}", p.to_text());
    let report = apply(&aws, &designs, &ApplyOptions::default(), None).await;
    assert!(report.is_success(), "{}", report.to_text());

    let prod = api.get_pipeline("web-prod").await.unwrap();
    let stages: Vec<_> = prod
        .pipeline
        .stages
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(stages, ["Source", "Build", "Approve"]);
    let dev = api.get_pipeline("web-dev").await.unwrap();
    assert_eq!(
        dev.pipeline.stages[1].actions[0].config("ProjectName"),
        Some("web-dev")
    );

    // The design file keeps its base pipeline and records each environment's sync.
    let base = DesignFile::load(&path).unwrap();
    assert_eq!(base.document.pipeline.name, "web");
    let envs = base
        .document
        .pipewright
        .as_ref()
        .unwrap()
        .environments
        .as_ref()
        .unwrap();
    for env in ["dev", "prod"] {
        assert_eq!(envs[env].extra["sync"]["version"], 1, "{env}");
    }
    assert!(base
        .document
        .pipewright
        .as_ref()
        .unwrap()
        .extra
        .get("sync")
        .is_none());

    // Re-plan: unchanged. Change prod's override: only prod is updated.
    let (designs, _) = load_designs(std::slice::from_ref(&path));
    let p = plan(&aws, &designs, &PlanOptions::default()).await.unwrap();
    assert_eq!(p.summary.unchanged, 2, "{}", p.to_text());
    let mut v = base.document.to_value();
    v["pipewright"]["environments"]["prod"]["configuration"]["Build/Compile"]["ProjectName"] =
        json!("web-prod-2");
    std::fs::write(
        &path,
        Document::from_value(v)
            .unwrap()
            .to_text(Format::Yaml)
            .unwrap(),
    )
    .unwrap();
    let (designs, _) = load_designs(std::slice::from_ref(&path));
    let p = plan(&aws, &designs, &PlanOptions::default()).await.unwrap();
    let actions: Vec<_> = p
        .pipelines
        .iter()
        .map(|x| (x.name.clone(), x.action))
        .collect();
    assert_eq!(
        actions,
        [
            ("web-dev".to_string(), PlanAction::Unchanged),
            ("web-prod".to_string(), PlanAction::Update)
        ]
    );
    let report = apply(&aws, &designs, &ApplyOptions::default(), None).await;
    assert!(report.is_success(), "{}", report.to_text());
    let after = DesignFile::load(&path).unwrap();
    let prod_env = &after
        .document
        .pipewright
        .as_ref()
        .unwrap()
        .environments
        .as_ref()
        .unwrap()["prod"];
    assert_eq!(prod_env.extra["sync"]["version"], 2);
    assert_eq!(
        SyncRecord::of(&designs[1].document).unwrap().version,
        1,
        "loaded before apply"
    );

    // Someone edits web-dev in the console: drifted; pulling into an environment is refused and
    // the file stays as it was.
    let mut remote = api.get_pipeline("web-dev").await.unwrap().pipeline;
    remote.stages[1].actions[0]
        .configuration
        .as_mut()
        .unwrap()
        .insert("ProjectName".into(), "console-edit".into());
    api.update_pipeline(&remote).await.unwrap();
    let before = std::fs::read_to_string(&path).unwrap();
    let (designs, _) = load_designs(std::slice::from_ref(&path));
    let report = apply(
        &aws,
        &designs,
        &ApplyOptions {
            pull: true,
            ..Default::default()
        },
        None,
    )
    .await;
    let dev = report.get("web-dev").expect("a result for web-dev");
    assert!(
        matches!(dev.outcome, Outcome::Failed { .. }),
        "{}",
        report.to_text()
    );
    assert!(
        report.to_text().contains("cannot be pulled"),
        "{}",
        report.to_text()
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}
