//! `pipewright why` and `pipewright logs` against the sandbox's `storefront` sample, whose live
//! build fails in INSTALL (`npm ERR! code ERESOLVE`), through the real binary and the real SDK.

use std::time::{Duration, Instant};

use pipewright_sandbox::world::LogFault;
use pipewright_sandbox::{ActionRule, Sandbox, SandboxConfig};

mod remote;
use remote::{pipewright, text};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn why_and_logs_show_the_failed_build() {
    let config = SandboxConfig::with_samples()
        .rule(ActionRule::for_action("*", "*", "*").duration(Duration::from_millis(30)));
    let sandbox = Sandbox::start(config).await.unwrap();
    let url = sandbox.endpoint_url().to_string();

    // Until the live build failed (before that, yesterday's stack failure is the latest).
    let deadline = Instant::now() + Duration::from_secs(20);
    let stdout = loop {
        let out = pipewright(&url, &["why", "storefront"]).await;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        if stdout.contains("failed: Build/Build") {
            break stdout;
        }
        assert!(
            Instant::now() < deadline,
            "why never showed the build: {stdout}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    for needle in [
        "why: npm ERR! code ERESOLVE\n",
        "by Tomás García <tomas.garcia@example.com>",
        "failed phase: INSTALL COMMAND_EXECUTION_ERROR: Error while executing command: npm ci --loglevel=http. Reason: exit status 1",
        "around the first error:\n",
        "| npm ERR! code ERESOLVE\n",
        "log /aws/codebuild/storefront-build ",
        "tail:\n",
    ] {
        assert!(stdout.contains(needle), "{needle:?} in:\n{stdout}");
    }
    assert!(!stdout.contains('\u{1b}'), "ANSI stripped");
    assert!(!stdout.contains("note:"), "{stdout}");

    // JSON, the typed result.
    let out = pipewright(&url, &["why", "storefront", "--json"]).await;
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["headline"], "npm ERR! code ERESOLVE");
    assert_eq!(json["failed"]["cause"]["service"], "codeBuild");
    assert_eq!(json["failed"]["cause"]["failedPhase"]["phase"], "INSTALL");
    assert_eq!(json["revisions"][0]["author"], "Tomás García");

    // No permission on the log: one sentence, the rest still shown.
    sandbox.set_log_fault(
        "/aws/codebuild/storefront-build",
        Some(LogFault::AccessDenied),
    );
    let out = pipewright(&url, &["why", "storefront"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let denied = text(&out.stdout);
    assert!(denied.contains("failed phase: INSTALL"), "{denied}");
    assert!(
        denied.contains("note: the build log is not shown: this connection may not call logs:GetLogEvents on arn:aws:logs:us-east-1:*:log-group:/aws/codebuild/storefront-build:log-stream:"),
        "{denied}"
    );
    let out = pipewright(&url, &["logs", "storefront", "--action", "Build"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("logs:GetLogEvents"),
        "{}",
        text(&out.stderr)
    );
    sandbox.set_log_fault("/aws/codebuild/storefront-build", None);

    // The log's tail, and all of it.
    let out = pipewright(
        &url,
        &["logs", "storefront", "--action", "Build", "--tail", "5"],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let tail = text(&out.stdout);
    assert_eq!(tail.lines().count(), 5, "{tail}");
    assert!(
        tail.contains("Phase context status code: COMMAND_EXECUTION_ERROR"),
        "{tail}"
    );
    let out = pipewright(
        &url,
        &["logs", "storefront", "--action", "Build", "--tail", "0"],
    )
    .await;
    let all = text(&out.stdout);
    assert!(all.lines().count() > 2_500);
    assert!(all.lines().any(|l| l == "npm ERR! code ERESOLVE"));
    assert!(!all.contains('\u{1b}'));
    assert!(all.ends_with(tail.as_str()));

    // On a terminal (here: --color always) the colours stay, only them; NO_COLOR-free "auto"
    // on a pipe strips them, as above.
    let out = pipewright(
        &url,
        &[
            "logs",
            "storefront",
            "--action",
            "Build",
            "--tail",
            "0",
            "--color",
            "always",
        ],
    )
    .await;
    let coloured = text(&out.stdout);
    assert!(
        coloured.contains("\u{1b}[31;40mERR!\u{1b}[0m code ERESOLVE"),
        "{}",
        &coloured[coloured.len().saturating_sub(2000)..]
    );
    assert_eq!(
        pipewright_aws::control::logtext::strip_ansi(&coloured),
        all,
        "the same lines"
    );
    let out = pipewright(&url, &["why", "storefront", "--color", "always"]).await;
    let why_coloured = text(&out.stdout);
    assert!(
        why_coloured.contains("| \u{1b}[37;40mnpm\u{1b}[0m"),
        "{why_coloured}"
    );
    let out = pipewright(&url, &["why", "storefront", "--color", "never"]).await;
    assert!(!text(&out.stdout).contains('\u{1b}'));

    let out = pipewright(&url, &["logs", "storefront", "--action", "Source"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not a CodeBuild action"));
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn why_names_the_failed_tests_of_the_build_report() {
    let config = SandboxConfig::with_samples()
        .rule(ActionRule::for_action("*", "*", "*").duration(Duration::from_millis(30)));
    let sandbox = Sandbox::start(config).await.unwrap();
    let url = sandbox.endpoint_url().to_string();
    let deadline = Instant::now() + Duration::from_secs(20);
    let stdout = loop {
        let out = pipewright(&url, &["why", "data-jobs"]).await;
        let stdout = text(&out.stdout);
        if stdout.contains("failed test:") {
            break stdout;
        }
        assert!(
            Instant::now() < deadline,
            "why never named a test: {stdout}{}",
            text(&out.stderr)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    for needle in [
        "test report data-jobs-build-pytest: 3 of 183 tests failed\n",
        "failed test: tests.test_etl.test_dedupe_orders: AssertionError: assert 1042 == 1040\n",
        "failed test: tests.test_etl.test_currency_rounding: ",
        "failed test: tests.test_etl.test_late_events_window: KeyError: 'event_time'\n",
    ] {
        assert!(stdout.contains(needle), "{needle:?} in:\n{stdout}");
    }
    assert!(!stdout.contains("more in the reports"), "{stdout}");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn why_names_the_ecs_service_that_did_not_deploy_and_links_it() {
    let sandbox = Sandbox::start(SandboxConfig::with_samples()).await.unwrap();
    let url = sandbox.endpoint_url().to_string();
    // billing-service's live execution waits before Production: the latest failure is the ECS
    // deploy of six days ago.
    let out = pipewright(&url, &["why", "billing-service"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for needle in [
        "failed: Production/Deploy (ECS)\n",
        "why: ECS service billing on cluster prod did not deploy: Deployment ecs-svc/",
        "console: https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/billing/deployments?region=us-east-1\n",
    ] {
        assert!(stdout.contains(needle), "{needle:?} in:\n{stdout}");
    }
    sandbox.shutdown().await;
}
