//! Import against moto's server through the real SDK: every pipeline (more than a page of
//! ListPipelines), lossless files, tags, metadata and the sync record.

mod support;

use futures_util::stream::{self, StreamExt};
use pipewright_aws::sync::{import, DesignFile, ImportOptions, Selection};
use pipewright_core::plan::SyncRecord;
use pipewright_core::{Document, Format};
use serde_json::json;
use support::*;

/// More than ListPipelines' default page size (100 on AWS).
const MANY: usize = 105;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_all_writes_every_pipeline_losslessly() {
    let moto = Moto::start();
    let aws = aws(&moto.url).await;
    let api = aws.codepipeline();
    let names: Vec<String> = (0..MANY).map(|i| format!("imp-{i:03}")).collect();
    let created: Vec<_> = stream::iter(names.clone())
        .map(|n| {
            let api = &api;
            async move {
                let d = design(&n);
                api.create_pipeline(&d.pipeline, d.tags.as_deref().unwrap_or_default())
                    .await
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    for c in &created {
        assert!(c.is_ok(), "create: {c:?}");
    }
    // What the SDK lists is every pipeline.
    let listed = api.list_pipelines().await.expect("list");
    assert_eq!(listed.len(), MANY);

    let dir = tempfile::tempdir().unwrap();
    let mut opts = ImportOptions::new(Selection::All, dir.path());
    opts.region = Some(moto::REGION.into());
    let report = import(&api, &opts).await.expect("import");
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(report.imported.len(), MANY);
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(files, MANY, "one file per pipeline, no temp files left");

    let file = DesignFile::load(&dir.path().join("imp-042.json")).expect("imported design");
    let doc = &file.document;
    // The declaration is exactly what the service returns (whether the service keeps fields it
    // does not know is its business: `sync_sandbox` checks the round trip with one that does).
    let remote = api.get_pipeline("imp-042").await.unwrap();
    assert_eq!(doc.pipeline, remote.pipeline);
    let v = doc.to_value();
    assert_eq!(v["tags"], json!([{"key": "team", "value": "platform"}]));
    assert_eq!(
        v["metadata"]["pipelineArn"],
        format!("arn:aws:codepipeline:us-east-1:{}:imp-042", moto::ACCOUNT)
    );
    let rec = SyncRecord::of(doc).expect("sync record");
    assert_eq!(rec.version, 1);
    assert_eq!(rec.region.as_deref(), Some("us-east-1"));
    assert_eq!(
        rec.pipeline_arn.as_deref(),
        v["metadata"]["pipelineArn"].as_str()
    );
    // The file is the canonical text of its document.
    assert_eq!(read(&file.path), doc.to_text(Format::Json).unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_by_name_keeps_the_designer_section_and_reports_missing_ones() {
    let moto = Moto::start();
    let aws = aws(&moto.url).await;
    let api = aws.codepipeline();
    let d = design("picked");
    api.create_pipeline(&d.pipeline, &[]).await.unwrap();
    api.create_pipeline(&design("other").pipeline, &[])
        .await
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    // An existing YAML design with canvas positions.
    let existing = Document::from_value(json!({
        "pipeline": {"name": "picked", "stages": []},
        "pipewright": {"format": 1, "positions": {"stage:Source": {"x": 10.0, "y": 20.0}}}
    }))
    .unwrap();
    let yaml = dir.path().join("picked.yaml");
    std::fs::write(&yaml, existing.to_text(Format::Yaml).unwrap()).unwrap();

    let opts = ImportOptions::new(
        Selection::Names(vec!["picked".into(), "missing".into()]),
        dir.path(),
    );
    let report = import(&api, &opts).await.expect("import");
    assert_eq!(report.imported.len(), 1);
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].name, "missing");
    assert!(
        report.failed[0].error.contains("does not exist"),
        "{}",
        report.failed[0].error
    );
    assert!(!dir.path().join("other.json").exists());

    let pulled = DesignFile::load(&yaml).unwrap();
    assert_eq!(pulled.format, Format::Yaml);
    assert_eq!(pulled.document.pipeline.stages.len(), 2);
    let designer = pulled.document.pipewright.as_ref().unwrap();
    assert_eq!(
        designer.positions.as_ref().unwrap()["stage:Source"]
            .x
            .as_f64(),
        Some(10.0)
    );
    assert_eq!(SyncRecord::of(&pulled.document).unwrap().version, 1);
}
