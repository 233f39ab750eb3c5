//! Run timelines against the sandbox's samples: a past execution with real start and end times
//! in declaration order, `data-jobs`' live execution whose `Compile` fails once and succeeds on
//! retry (two attempts), `web-app-prod`'s live execution waiting at its approval (a running
//! bar), and two executions compared.

mod support;

use std::time::{Duration, Instant};

use pipewright_aws::control::status::{ActionStatus, ExecutionStatus};
use pipewright_aws::control::timeline::{self, millis};
use pipewright_aws::control::RetryMode;
use pipewright_aws::CodePipeline;
use pipewright_sandbox::{ActionRule, Sandbox, SandboxConfig};
use support::*;

fn samples() -> SandboxConfig {
    SandboxConfig::with_samples()
        .rule(ActionRule::for_action("*", "*", "*").duration(Duration::from_millis(30)))
}

async fn executions(api: &CodePipeline, pipeline: &str) -> Vec<(String, ExecutionStatus)> {
    api.list_pipeline_executions(pipeline, None, None, None)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|e| (e.pipeline_execution_id, e.status))
        .collect()
}

/// Waits until the latest execution of `pipeline` has `status`; its id.
async fn latest_with(api: &CodePipeline, pipeline: &str, status: ExecutionStatus) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let list = executions(api, pipeline).await;
        if list[0].1 == status {
            return list[0].0.clone();
        }
        assert!(
            Instant::now() < deadline,
            "{pipeline} reaches {status}: {list:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_past_execution_has_its_stages_in_order_with_real_durations() {
    let sandbox = Sandbox::start(samples()).await.unwrap();
    let aws = aws(sandbox.endpoint_url()).await;
    let api = aws.codepipeline();
    let list = executions(&api, "storefront").await;
    let (past, _) = list.last().unwrap().clone();

    // Pages of one execution: the oldest is found a few pages in.
    let paged = api.clone().with_page_size(1);
    let t = timeline::timeline(&paged, "storefront", Some(&past))
        .await
        .unwrap();
    assert_eq!(t.pipeline_execution_id, past);
    assert_eq!(t.status, ExecutionStatus::Succeeded);
    let names: Vec<_> = t.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Source", "Build", "Staging", "Production"]);
    assert_eq!(t.trigger_type.as_deref(), Some("StartPipelineExecution"));
    let source = &t.revisions[0];
    assert_eq!(source.source, "Source");
    assert_eq!(source.revision_id.as_deref().map(str::len), Some(40));
    assert!(
        source.message.as_deref().is_some_and(|m| !m.is_empty()),
        "{source:?}"
    );
    // Stages follow each other in time, each action with a start, an end and a duration.
    let mut last_end = millis(t.start_time.as_deref().unwrap()).unwrap();
    for stage in &t.stages {
        assert_eq!(stage.status, Some(ActionStatus::Succeeded), "{stage:?}");
        let start = millis(stage.start_time.as_deref().unwrap()).unwrap();
        assert!(
            start >= last_end,
            "{} starts after the stage before it",
            stage.name
        );
        for a in &stage.actions {
            assert!(!a.running);
            assert_eq!(a.attempts.len(), 1);
            assert!(a.duration_ms.is_some_and(|d| d > 0), "{a:?}");
        }
        last_end = millis(stage.end_time.as_deref().unwrap()).unwrap();
    }
    let build = &t.stages[1].actions[0];
    assert!(
        (168_000..=312_000).contains(&build.duration_ms.unwrap()),
        "a build takes minutes: {build:?}"
    );
    assert!(
        t.duration_ms.unwrap()
            >= (last_end - millis(t.start_time.as_deref().unwrap()).unwrap()) as u64
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_action_shows_both_attempts_and_a_waiting_approval_runs() {
    let sandbox = Sandbox::start(samples()).await.unwrap();
    let aws = aws(sandbox.endpoint_url()).await;
    let api = aws.codepipeline();

    let live = latest_with(&api, "data-jobs", ExecutionStatus::Failed).await;
    api.retry_stage_execution("data-jobs", "Build", &live, RetryMode::FailedActions)
        .await
        .unwrap();
    latest_with(&api, "data-jobs", ExecutionStatus::Succeeded).await;
    let t = timeline::timeline(&api, "data-jobs", None).await.unwrap();
    assert_eq!(
        t.pipeline_execution_id, live,
        "the latest execution by default"
    );
    let compile = &t.stages[1].actions[0];
    assert_eq!(compile.name, "Compile");
    let statuses: Vec<_> = compile.attempts.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [ActionStatus::Failed, ActionStatus::Succeeded]);
    assert_eq!(compile.status, Some(ActionStatus::Succeeded));
    assert!(compile.attempts[0].error.is_some(), "{compile:?}");

    // web-app-prod's live execution waits at its approval: that bar runs to the time of reading.
    let deadline = Instant::now() + Duration::from_secs(15);
    let waiting = loop {
        let t = timeline::timeline(&api, "web-app-prod", None)
            .await
            .unwrap();
        if t.stages
            .iter()
            .flat_map(|s| &s.actions)
            .any(|a| a.running && a.category.as_deref() == Some("Approval"))
        {
            break t;
        }
        assert!(
            Instant::now() < deadline,
            "web-app-prod reaches its approval"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(waiting.end_time, None);
    assert!(waiting.duration_ms.is_some());
    let last = waiting.stages.last().unwrap();
    assert_eq!(
        last.status, None,
        "the stage after the approval has not run"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_executions_compare_by_revision_duration_and_outcome() {
    let sandbox = Sandbox::start(samples()).await.unwrap();
    let aws = aws(sandbox.endpoint_url()).await;
    let api = aws.codepipeline();
    latest_with(&api, "storefront", ExecutionStatus::Failed).await;
    let list = executions(&api, "storefront").await;
    // The oldest succeeded; yesterday's failed in Staging.
    let (ok, _) = list.last().unwrap().clone();
    let (failed, status) = list[1].clone();
    assert_eq!(status, ExecutionStatus::Failed);

    let c = timeline::timeline_compare(&api, "storefront", &ok, &failed)
        .await
        .unwrap();
    assert!(!c.same_outcome);
    assert_eq!(c.a.pipeline_execution_id, ok);
    assert_eq!(c.b.pipeline_execution_id, failed);
    assert!(c.revisions.iter().any(|r| r.changed), "{:?}", c.revisions);
    let build = c.stages.iter().find(|s| s.name == "Build").unwrap();
    assert!(
        build.delta_ms.is_some_and(|d| d != 0),
        "past builds take different times: {build:?}"
    );
    let production = c.stages.iter().find(|s| s.name == "Production").unwrap();
    assert!(production.a.is_some());
    assert_eq!(
        production.b, None,
        "the failed run stopped before Production"
    );

    let e = timeline::timeline(&api, "storefront", Some("no-such-execution"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("does not exist"), "{e}");
}
