//! Against the local sandbox (which, unlike moto, pages ListPipelines and can throttle): import
//! reads every page, and apply survives throttling through the SDK's adaptive retries.

mod support;

use std::time::Duration;

use pipewright_aws::sync::{apply, import, load_designs, ApplyOptions, ImportOptions, Selection};
use pipewright_aws::{Aws, ClientSettings};
use pipewright_sandbox::{Sandbox, SandboxConfig};
use support::*;

async fn sandbox_aws(url: &str, retries: bool) -> Aws {
    let mut s = ClientSettings::for_endpoint(url, "us-east-1")
        .with_static_credentials("testing", "testing");
    if !retries {
        s = s.without_retries();
    } else {
        s.policy.retry = aws_config::retry::RetryConfig::adaptive()
            .with_max_attempts(10)
            .with_initial_backoff(Duration::from_millis(5))
            .with_max_backoff(Duration::from_millis(50));
    }
    s.connect().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_reads_every_page_of_list_pipelines() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let api = sandbox_aws(sandbox.endpoint_url(), false)
        .await
        .codepipeline()
        .with_page_size(10);
    for i in 0..25 {
        let d = design(&format!("paged-{i:02}"));
        api.create_pipeline(&d.pipeline, &[]).await.unwrap();
    }
    // Three pages of at most 10.
    let listed = api.list_pipelines().await.unwrap();
    assert_eq!(listed.len(), 25);
    let dir = tempfile::tempdir().unwrap();
    let report = import(&api, &ImportOptions::new(Selection::All, dir.path()))
        .await
        .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(report.imported.len(), 25);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 25);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_rides_out_throttling_with_adaptive_retries() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    for i in 0..20 {
        write_design(dir.path(), &design(&format!("throttled-{i:02}")));
    }
    let (designs, _) = load_designs(&[dir.path().to_path_buf()]);
    let opts = ApplyOptions {
        concurrency: 8,
        ..Default::default()
    };

    // Without retries, every third call is refused: some pipelines fail, transiently.
    sandbox.throttle_every(3);
    let no_retry = sandbox_aws(sandbox.endpoint_url(), false).await;
    let report = apply(&no_retry, &designs[..10], &opts, None).await;
    let throttled: Vec<_> = report
        .results
        .iter()
        .filter_map(|r| match &r.outcome {
            pipewright_aws::sync::Outcome::Failed { error, transient } => Some((error, *transient)),
            _ => None,
        })
        .collect();
    assert!(!throttled.is_empty(), "{}", report.to_text());
    for (error, transient) in &throttled {
        assert!(*transient, "{error}");
        assert!(error.contains("throttling"), "{error}");
    }

    // With adaptive retries, throttled calls are retried with backoff: every pipeline is applied.
    sandbox.throttle_every(0);
    sandbox.throttle_next(6);
    let aws = sandbox_aws(sandbox.endpoint_url(), true).await;
    let api = aws.codepipeline();
    let (designs, _) = load_designs(&[dir.path().to_path_buf()]);
    let report = apply(&aws, &designs, &opts, None).await;
    assert!(report.is_success(), "{}", report.to_text());
    assert_eq!(api.list_pipelines().await.unwrap().len(), 20);
}

/// A service that returns fields neither Pipewright nor the SDK knows (the sandbox stores the
/// declaration as sent, as AWS does for fields it has and the SDK lacks): import, edit, apply and
/// import again keeps them, at every level.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_edit_apply_import_keeps_unknown_fields() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let aws = sandbox_aws(sandbox.endpoint_url(), false).await;
    let api = aws.codepipeline();
    let d = design_with_unknown_fields("lossless");
    api.create_pipeline(&d.pipeline, d.tags.as_deref().unwrap_or_default())
        .await
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let report = import(&api, &ImportOptions::new(Selection::All, dir.path()))
        .await
        .unwrap();
    assert_eq!(report.imported.len(), 1, "{:?}", report.failed);
    let path = dir.path().join("lossless.json");
    let mut file = pipewright_aws::sync::DesignFile::load(&path).unwrap();
    let mut v = file.document.to_value();
    assert_eq!(v["pipeline"]["futurePipelineField"], "kept");
    v["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] =
        serde_json::json!("edited");
    file.document = pipewright_core::Document::from_value(v).unwrap();
    file.save().unwrap();

    let (designs, errors) = load_designs(&[dir.path().to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    let report = apply(&aws, &designs, &ApplyOptions::default(), None).await;
    assert!(report.is_success(), "{}", report.to_text());

    let again = tempfile::tempdir().unwrap();
    import(&api, &ImportOptions::new(Selection::All, again.path()))
        .await
        .unwrap();
    let back = pipewright_aws::sync::DesignFile::load(&again.path().join("lossless.json"))
        .unwrap()
        .document
        .to_value();
    let action = &back["pipeline"]["stages"][1]["actions"][0];
    assert_eq!(action["configuration"]["ProjectName"], "edited");
    assert_eq!(
        action["futureActionField"],
        serde_json::json!({"nested": [1, 2.5, null], "flag": true})
    );
    assert_eq!(back["pipeline"]["futurePipelineField"], "kept");
    assert_eq!(back["pipeline"]["version"], 2);
}

/// `design` with a CodeStarSourceConnection source on `arn`.
fn on_connection(name: &str, arn: &str) -> pipewright_core::Document {
    let mut v = design(name).to_value();
    let source = &mut v["pipeline"]["stages"][0]["actions"][0];
    source["actionTypeId"]["provider"] = serde_json::json!("CodeStarSourceConnection");
    source["configuration"] = serde_json::json!({
        "ConnectionArn": arn,
        "FullRepositoryId": "octo/web",
        "BranchName": "main"
    });
    pipewright_core::Document::from_value(v).unwrap()
}

/// The sandbox serves GetConnection (both services, by ARN): a connection left PENDING or in
/// ERROR, or one that does not exist, is a plan warning (W901) that says what to do; an
/// AVAILABLE one is not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_warns_of_a_source_connection_that_cannot_be_used() {
    use pipewright_aws::sync::{plan, PlanOptions};
    use pipewright_sandbox::world::ConnectionStatus;

    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let aws = sandbox_aws(sandbox.endpoint_url(), false).await;
    let dir = tempfile::tempdir().unwrap();
    let pending = "arn:aws:codestar-connections:us-east-1:123456789012:connection/pending-1";
    let broken = "arn:aws:codeconnections:us-east-1:123456789012:connection/broken-1";
    let fine = "arn:aws:codeconnections:us-east-1:123456789012:connection/fine-1";
    let gone = "arn:aws:codeconnections:us-east-1:123456789012:connection/gone-1";
    sandbox.set_connection_status(pending, ConnectionStatus::Pending);
    sandbox.set_connection_status(broken, ConnectionStatus::Error);
    sandbox.set_connection_status(fine, ConnectionStatus::Available);
    for (name, arn) in [
        ("on-pending", pending),
        ("on-broken", broken),
        ("on-fine", fine),
        ("on-gone", gone),
    ] {
        write_design(dir.path(), &on_connection(name, arn));
    }
    let (designs, errors) = load_designs(&[dir.path().to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    let p = plan(&aws, &designs, &PlanOptions::default()).await.unwrap();
    let text = p.to_text();
    let w901 = |name: &str| {
        p.pipelines
            .iter()
            .find(|x| x.name == name)
            .unwrap()
            .warnings
            .iter()
            .filter(|w| w.code == "W901")
            .map(|w| format!("{} / {}", w.message, w.hint))
            .collect::<Vec<_>>()
    };
    let on_pending = w901("on-pending");
    assert_eq!(on_pending.len(), 1, "{text}");
    assert!(on_pending[0].contains("PENDING"), "{}", on_pending[0]);
    assert!(
        on_pending[0].contains("finish the handshake in the console")
            && on_pending[0].contains(
                "https://console.aws.amazon.com/codesuite/settings/connections?region=us-east-1"
            ),
        "{}",
        on_pending[0]
    );
    let on_broken = w901("on-broken");
    assert_eq!(on_broken.len(), 1, "{text}");
    assert!(on_broken[0].contains("ERROR"), "{}", on_broken[0]);
    let on_gone = w901("on-gone");
    assert_eq!(on_gone.len(), 1, "{text}");
    assert!(on_gone[0].contains("does not exist"), "{}", on_gone[0]);
    assert!(w901("on-fine").is_empty(), "{text}");
    assert!(text.contains("warning[W901]"), "{text}");

    // The handshake finished: the warning goes.
    sandbox.set_connection_status(pending, ConnectionStatus::Available);
    let p = plan(&aws, &designs, &PlanOptions::default()).await.unwrap();
    let pp = p.pipelines.iter().find(|x| x.name == "on-pending").unwrap();
    assert!(
        pp.warnings.iter().all(|w| w.code != "W901"),
        "{}",
        p.to_text()
    );
}
