//! `why` against the sandbox's `storefront` sample, whose three executions failed in three
//! services: the live one in CodeBuild (INSTALL, `npm ERR! code ERESOLVE` after thousands of
//! lines), yesterday's in CloudFormation (`ApiFunction`), the day before's in CodeDeploy (the
//! `ValidateService` hook). And a log that cannot be read is a note, not an error. Past failures
//! of `data-jobs` (its Lambda) and `billing-service` (its ECS deploy) name their function and
//! service and link their console pages.

mod support;

use std::time::{Duration, Instant};

use pipewright_aws::control::status::ExecutionStatus;
use pipewright_aws::control::why::{self, Cause, Why, WhyRequest};
use pipewright_aws::Aws;
use pipewright_sandbox::world::LogFault;
use pipewright_sandbox::{ActionRule, Sandbox, SandboxConfig};
use support::*;

fn samples() -> SandboxConfig {
    SandboxConfig::with_samples()
        .rule(ActionRule::for_action("*", "*", "*").duration(Duration::from_millis(30)))
}

fn request(execution: Option<&str>) -> WhyRequest {
    WhyRequest {
        pipeline: "storefront".into(),
        pipeline_execution_id: execution.map(str::to_string),
        action: None,
    }
}

/// The live execution, once it failed.
async fn live_failed(aws: &Aws) -> String {
    let api = aws.codepipeline();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let page = api
            .list_pipeline_executions("storefront", None, Some(1), None)
            .await
            .unwrap();
        let latest = &page.items[0];
        if latest.status == ExecutionStatus::Failed {
            return latest.pipeline_execution_id.clone();
        }
        assert!(Instant::now() < deadline, "storefront's live build fails");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn build(why: &Why) -> &why::BuildCause {
    match &why.failed.as_ref().expect("an action failed").cause {
        Cause::CodeBuild(b) => b,
        other => panic!("a build failed, not {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_build_gives_its_phase_first_error_log_and_author() {
    let sandbox = Sandbox::start(samples()).await.unwrap();
    let aws = aws(sandbox.endpoint_url()).await;
    let live = live_failed(&aws).await;

    let started = Instant::now();
    let got = why::why(&aws, &request(None)).await.unwrap();
    let took = started.elapsed();
    eprintln!("time to the cause on the sandbox: {took:?}");
    assert!(took < Duration::from_secs(1), "{took:?}");

    assert_eq!(
        got.pipeline_execution_id, live,
        "the latest failed execution"
    );
    assert_eq!(got.status, "Failed");
    assert!(got.notes.is_empty(), "{:?}", got.notes);
    assert_eq!(got.headline, "npm ERR! code ERESOLVE");
    let failed = got.failed.as_ref().unwrap();
    assert_eq!(
        (failed.stage.as_str(), failed.action.as_str()),
        ("Build", "Build")
    );
    assert_eq!(failed.provider.as_deref(), Some("CodeBuild"));
    let b = build(&got);
    assert!(
        b.build_id.starts_with("storefront-build:"),
        "{}",
        b.build_id
    );
    assert_eq!(b.build_status.as_deref(), Some("FAILED"));
    let phase = b.failed_phase.as_ref().unwrap();
    assert_eq!(phase.phase, "INSTALL");
    assert_eq!(
        phase.status_code.as_deref(),
        Some("COMMAND_EXECUTION_ERROR")
    );
    assert_eq!(
        phase.message.as_deref(),
        Some("Error while executing command: npm ci --loglevel=http. Reason: exit status 1")
    );
    let log = b.log.as_ref().unwrap();
    assert_eq!(log.group, "/aws/codebuild/storefront-build");
    assert!(log.complete);
    assert!(log.line_count > 2_500, "{}", log.line_count);
    let first = log.first_error.as_ref().unwrap();
    assert!(first.number > 2_500, "after the fetches: {}", first.number);
    let around: Vec<&str> = log
        .around_first_error
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(around.len(), 2 * why::AROUND + 1);
    assert_eq!(around[why::AROUND], "npm ERR! code ERESOLVE");
    assert!(
        around[..why::AROUND]
            .iter()
            .all(|l| l.starts_with("npm http fetch GET 200")),
        "{around:?}"
    );
    assert_eq!(
        around[why::AROUND + 1],
        "npm ERR! ERESOLVE could not resolve"
    );
    assert_eq!(log.tail.len(), why::TAIL);
    assert_eq!(log.tail.last().unwrap().number as usize, log.line_count);
    for line in log.tail.iter().chain(&log.around_first_error) {
        assert!(
            !line.text.contains('\u{1b}'),
            "ANSI stripped: {:?}",
            line.text
        );
    }

    let source = &got.revisions[0];
    assert_eq!(source.provider.as_deref(), Some("CodeCommit"));
    assert_eq!(source.author.as_deref(), Some("Tomás García"));
    assert_eq!(
        source.author_email.as_deref(),
        Some("tomas.garcia@example.com")
    );
    assert_eq!(source.revision_id.as_ref().map(String::len), Some(40));
    assert!(source.message.as_deref().is_some_and(|m| !m.is_empty()));

    // The same through its execution id, and naming the action.
    let named = why::why(
        &aws,
        &WhyRequest {
            action: Some("Build".into()),
            ..request(Some(&live))
        },
    )
    .await
    .unwrap();
    assert_eq!(named.headline, got.headline);
    let other = why::why(
        &aws,
        &WhyRequest {
            action: Some("DeployStack".into()),
            ..request(Some(&live))
        },
    )
    .await
    .unwrap();
    assert!(other.failed.is_none());
    assert_eq!(
        other.headline,
        "action DeployStack did not fail in this execution"
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_that_cannot_be_read_is_one_sentence_and_the_rest_is_shown() {
    let sandbox = Sandbox::start(samples()).await.unwrap();
    let aws = aws(sandbox.endpoint_url()).await;
    live_failed(&aws).await;
    sandbox.set_log_fault(
        "/aws/codebuild/storefront-build",
        Some(LogFault::AccessDenied),
    );
    let denied = why::why(&aws, &request(None)).await.unwrap();
    assert_eq!(
        denied.notes,
        [
            "the build log is not shown: this connection may not call logs:GetLogEvents on \
          arn:aws:logs:us-east-1:*:log-group:/aws/codebuild/storefront-build:log-stream:"
                .to_string()
                + build(&denied).build_id.split_once(':').unwrap().1
                + "; grant it to the connection's role to see it here"
        ]
    );
    assert!(build(&denied).log.is_none());
    assert_eq!(
        build(&denied).failed_phase.as_ref().unwrap().phase,
        "INSTALL"
    );
    assert_eq!(
        denied.headline,
        "INSTALL failed: Error while executing command: npm ci --loglevel=http. Reason: exit status 1"
    );
    assert_eq!(denied.revisions[0].author.as_deref(), Some("Tomás García"));

    sandbox.set_log_fault("/aws/codebuild/storefront-build", Some(LogFault::NotFound));
    let gone = why::why(&aws, &request(None)).await.unwrap();
    assert_eq!(gone.notes.len(), 1);
    assert!(
        gone.notes[0].starts_with(
            "the build log is not shown: log group /aws/codebuild/storefront-build or its stream"
        ),
        "{:?}",
        gone.notes
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_stack_and_a_failed_deployment_name_their_cause() {
    let sandbox = Sandbox::start(samples()).await.unwrap();
    let aws = aws(sandbox.endpoint_url()).await;
    let live = live_failed(&aws).await;
    let api = aws.codepipeline();
    let page = api
        .list_pipeline_executions("storefront", None, Some(25), None)
        .await
        .unwrap();
    let mut stack = None;
    let mut deployment = None;
    for e in page
        .items
        .iter()
        .filter(|e| e.status == ExecutionStatus::Failed && e.pipeline_execution_id != live)
    {
        let got = why::why(&aws, &request(Some(&e.pipeline_execution_id)))
            .await
            .unwrap();
        assert!(got.notes.is_empty(), "{:?}", got.notes);
        match &got.failed.as_ref().unwrap().cause {
            Cause::CloudFormation(c) => stack = Some((got.headline.clone(), c.clone())),
            Cause::CodeDeploy(c) => deployment = Some((got.headline.clone(), c.clone())),
            other => panic!("{other:?}"),
        }
    }
    let (headline, stack) = stack.expect("yesterday's stack failure");
    assert_eq!(stack.stack, "storefront-staging");
    assert_eq!(
        stack.stack_status.as_deref(),
        Some("UPDATE_ROLLBACK_COMPLETE")
    );
    let first = stack.first_failed.unwrap();
    assert_eq!(first.logical_resource_id, "ApiFunction");
    assert_eq!(
        first.resource_type.as_deref(),
        Some("AWS::Lambda::Function")
    );
    assert!(first.status.ends_with("_FAILED"), "{}", first.status);
    assert!(
        headline.starts_with("ApiFunction (AWS::Lambda::Function): "),
        "{headline}"
    );
    assert!(
        headline.contains("nodejs16.x is no longer supported"),
        "{headline}"
    );

    let (headline, d) = deployment.expect("the day before's deployment failure");
    assert!(d.deployment_id.starts_with("d-"));
    assert_eq!(d.status.as_deref(), Some("Failed"));
    assert_eq!(d.error_code.as_deref(), Some("HEALTH_CONSTRAINTS"));
    assert_eq!(d.failed_target.as_deref(), Some("i-0b7e3c1d9a2f45e61"));
    let event = d.failed_event.unwrap();
    assert_eq!(event.event, "ValidateService");
    assert_eq!(event.error_code.as_deref(), Some("ScriptFailed"));
    assert_eq!(event.script_name.as_deref(), Some("scripts/validate.sh"));
    assert!(event.log_tail.unwrap().contains("HTTP 502"));
    assert!(
        headline.starts_with("ValidateService failed on i-0b7e3c1d9a2f45e61: "),
        "{headline}"
    );

    // The build log of an action, as `pipewright logs` finds it.
    let at = why::action_log_location(&aws, "storefront", None, "Build")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(at.pipeline_execution_id, live);
    assert!(at.build_complete);
    let (lines, complete, _) = why::read_log(&aws, &at.group, &at.stream, 100_000)
        .await
        .unwrap();
    assert!(complete && lines.len() > 2_500);
    let not_build = why::action_log_location(&aws, "storefront", None, "Source")
        .await
        .unwrap()
        .unwrap_err();
    assert!(not_build.contains("not a CodeBuild action"), "{not_build}");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_test_run_names_its_failed_tests_from_the_report() {
    let sandbox = Sandbox::start(samples()).await.unwrap();
    let aws = aws(sandbox.endpoint_url()).await;
    let req = WhyRequest {
        pipeline: "data-jobs".into(),
        ..WhyRequest::default()
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    let got = loop {
        // The live build's failure, not the Lambda's of four days ago.
        if let Ok(w) = why::why(&aws, &req).await {
            if matches!(
                w.failed.as_ref().map(|f| &f.cause),
                Some(Cause::CodeBuild(_))
            ) {
                break w;
            }
        }
        assert!(Instant::now() < deadline, "data-jobs' build fails");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(got.notes.is_empty(), "{:?}", got.notes);
    let tests = build(&got).tests.as_ref().expect("the build has a report");
    assert_eq!(tests.reports.len(), 1);
    let report = &tests.reports[0];
    assert_eq!(report.name, "data-jobs-build-pytest");
    assert_eq!(
        (report.total, report.failed, report.status.as_deref()),
        (183, 3, Some("FAILED"))
    );
    let names: Vec<String> = tests.failed.iter().map(|t| t.full_name()).collect();
    assert_eq!(
        names,
        [
            "tests.test_etl.test_dedupe_orders",
            "tests.test_etl.test_currency_rounding",
            "tests.test_etl.test_late_events_window",
        ]
    );
    assert!(tests.failed.iter().all(|t| t.status == "FAILED"));
    assert_eq!(
        tests.failed[2].message.as_deref(),
        Some("KeyError: 'event_time'")
    );
    assert!(!tests.more);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_pages_from_its_tail_to_its_head_with_its_colours() {
    let sandbox = Sandbox::start(samples()).await.unwrap();
    let aws = aws(sandbox.endpoint_url()).await;
    live_failed(&aws).await;
    let at = why::action_log_location(&aws, "storefront", None, "Build")
        .await
        .unwrap()
        .unwrap();
    let (raw, complete, _) = why::read_log(&aws, &at.group, &at.stream, 100_000)
        .await
        .unwrap();
    assert!(complete);
    assert!(
        raw.iter().any(|l| l.contains("\u{1b}[31;40mERR!")),
        "read_log gives the lines as logged"
    );
    // Pages of 1,000 from the tail, earlier ones in front, until the head.
    let mut lines: Vec<why::LogLine> = Vec::new();
    let mut before = None;
    let mut pages = 0;
    loop {
        let page = why::log_page(
            &aws,
            &why::LogPageRequest {
                group: at.group.clone(),
                stream: at.stream.clone(),
                before: before.clone(),
                limit: Some(1_000),
            },
        )
        .await
        .unwrap();
        pages += 1;
        assert!(page.lines.len() <= 1_000);
        lines.splice(0..0, page.lines);
        match page.earlier {
            Some(token) => before = Some(token),
            None => break,
        }
        assert!(pages < 10, "the head is reached");
    }
    assert_eq!(pages, raw.len().div_ceil(1_000));
    let texts: Vec<String> = lines.iter().map(|l| l.text.clone()).collect();
    let stripped: Vec<String> = raw
        .iter()
        .map(|l| pipewright_aws::control::logtext::strip_ansi(l))
        .collect();
    assert_eq!(texts, stripped);
    let err = lines
        .iter()
        .find(|l| l.text == "npm ERR! code ERESOLVE")
        .unwrap();
    assert_eq!(
        err.ansi.as_deref(),
        Some("\u{1b}[37;40mnpm\u{1b}[0m \u{1b}[0m\u{1b}[31;40mERR!\u{1b}[0m code ERESOLVE")
    );
    assert!(lines
        .iter()
        .filter(|l| l.text.starts_with("[Container]"))
        .all(|l| l.ansi.is_none()));
    sandbox.shutdown().await;
}

/// The failed past execution of `pipeline` whose failed action is `action`.
async fn past_failure(aws: &Aws, pipeline: &str, action: &str) -> Why {
    let page = aws
        .codepipeline()
        .list_pipeline_executions(pipeline, None, Some(25), None)
        .await
        .unwrap();
    for e in page
        .items
        .iter()
        .filter(|e| e.status == ExecutionStatus::Failed)
    {
        let req = WhyRequest {
            pipeline: pipeline.into(),
            pipeline_execution_id: Some(e.pipeline_execution_id.clone()),
            action: Some(action.into()),
        };
        let got = why::why(aws, &req).await.unwrap();
        if got.failed.is_some() {
            return got;
        }
    }
    panic!("{pipeline} has a past failure of {action}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_lambda_and_a_failed_ecs_deploy_name_their_function_and_service() {
    let sandbox = Sandbox::start(samples()).await.unwrap();
    let aws = aws(sandbox.endpoint_url()).await;
    let region = aws.region().unwrap().to_string();

    let lambda = past_failure(&aws, "data-jobs", "Publish").await;
    assert!(lambda.notes.is_empty(), "{:?}", lambda.notes);
    assert_eq!(
        lambda.headline,
        format!(
            "Lambda function publish-data-jobs failed: {}",
            pipewright_sandbox::samples::DATA_JOBS_PUBLISH_FAILURE
        )
    );
    let failed = lambda.failed.as_ref().unwrap();
    assert_eq!(failed.provider.as_deref(), Some("Lambda"));
    assert_eq!(failed.cause, Cause::Action);
    assert_eq!(
        failed.console_url,
        format!("https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}#logsV2:log-groups/log-group/$252Faws$252Flambda$252Fpublish-data-jobs")
    );

    let ecs = past_failure(&aws, "billing-service", "Deploy").await;
    assert!(ecs.notes.is_empty(), "{:?}", ecs.notes);
    assert!(
        ecs.headline
            .starts_with("ECS service billing on cluster prod did not deploy: Deployment ecs-svc/"),
        "{}",
        ecs.headline
    );
    assert!(
        ecs.headline.contains("tasks failed to start"),
        "{}",
        ecs.headline
    );
    let failed = ecs.failed.as_ref().unwrap();
    assert_eq!(failed.stage, "Production");
    assert_eq!(
        failed.console_url,
        format!("https://{region}.console.aws.amazon.com/ecs/v2/clusters/prod/services/billing/deployments?region={region}")
    );
    sandbox.shutdown().await;
}
