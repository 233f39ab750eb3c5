//! Lossless round trip of every valid corpus pipeline through the real SDK and moto's server:
//! create (the declaration travels as the service's JSON), GetPipeline, import, plan. Every field
//! of the design, unknown ones included, must come back unchanged.

mod support;

use pipewright_aws::sync::{import, load_designs, plan, ImportOptions, PlanOptions, Selection};
use pipewright_core::plan::diff_documents;
use pipewright_core::{Document, Format};
use serde_json::Value;
use support::*;

/// Every leaf of `sub` is in `sup` at the same place (objects may have more keys).
fn contained(sub: &Value, sup: &Value, at: &str, missing: &mut Vec<String>) {
    match (sub, sup) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    Some(w) => contained(v, w, &format!("{at}/{k}"), missing),
                    None => missing.push(format!("{at}/{k}")),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                contained(v, w, &format!("{at}/{i}"), missing);
            }
        }
        (a, b) if a == b => {}
        _ => missing.push(format!("{at}: {sub} became {sup}")),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_valid_corpus_pipeline_survives_create_get_import_and_plans_unchanged() {
    let corpus = moto::repo_root().join("tests/corpus/valid");
    let mut paths: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("{}: {e}", corpus.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| Format::from_file_name(&p.to_string_lossy()).is_some())
        .collect();
    paths.sort();
    assert!(paths.len() >= 5, "the corpus has pipelines");

    let moto = Moto::start();
    let aws = aws(&moto.url).await;
    let api = aws.codepipeline();
    let mut checked = 0;
    for (i, path) in paths.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let mut doc =
            Document::parse(&text, Format::detect(&path.to_string_lossy(), &text)).unwrap();
        if doc.pipeline.stages.len() < 2 {
            continue; // moto refuses fewer than two stages, as AWS does
        }
        doc.pipeline.name = format!("corpus-{i:02}");
        doc.pipeline.role_arn = moto::role_arn();
        doc.pipeline.version = None;
        let tags = doc.tags.clone().unwrap_or_default();
        api.create_pipeline(&doc.pipeline, &tags)
            .await
            .unwrap_or_else(|e| panic!("{}: create: {e}", path.display()));
        let remote = api.get_pipeline(&doc.pipeline.name).await.unwrap();

        let mut missing = Vec::new();
        contained(
            &serde_json::to_value(&doc.pipeline).unwrap(),
            &serde_json::to_value(&remote.pipeline).unwrap(),
            "/pipeline",
            &mut missing,
        );
        assert!(missing.is_empty(), "{}: {missing:#?}", path.display());
        let changes = diff_documents(
            &remote,
            &Document {
                tags: None,
                ..doc.clone()
            },
        );
        assert!(changes.is_empty(), "{}: {changes:#?}", path.display());
        checked += 1;
    }
    assert!(checked >= 5, "{checked} corpus pipelines checked");

    // Import them all and plan: nothing to change.
    let dir = tempfile::tempdir().unwrap();
    let report = import(&api, &ImportOptions::new(Selection::All, dir.path()))
        .await
        .unwrap();
    assert_eq!(report.imported.len(), checked);
    let (designs, errors) = load_designs(&[dir.path().to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    let p = plan(&aws, &designs, &PlanOptions::default()).await.unwrap();
    assert_eq!(p.summary.unchanged, checked, "{}", p.to_text());
}
