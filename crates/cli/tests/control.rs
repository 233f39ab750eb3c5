//! `pipewright watch | approve | retry | status | transition` against the local sandbox on
//! loopback, through the real binary and the real SDK.

use std::time::{Duration, Instant};

use pipewright_sandbox::{ActionRule, Sandbox, SandboxConfig};

mod remote;
use remote::{pipewright, text};

/// Runs `watch --once` until its output holds every `needle`.
async fn once_until(url: &str, pipelines: &str, needles: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let out = pipewright(url, &["watch", "--once", "--pipelines", pipelines]).await;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        if needles.iter().all(|n| stdout.contains(n)) {
            return stdout;
        }
        assert!(
            Instant::now() < deadline,
            "watch --once never printed {needles:?}: {stdout}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_approve_retry_status_transition() {
    let config = SandboxConfig::with_samples()
        .rule(ActionRule::default().duration(Duration::from_millis(60)));
    let sandbox = Sandbox::start(config).await.unwrap();
    let url = sandbox.endpoint_url().to_string();

    let lines = once_until(
        &url,
        "web-app-prod,data-jobs",
        &["APPROVAL web-app-prod", "FAILED data-jobs"],
    )
    .await;
    let approval = lines
        .lines()
        .find(|l| l.starts_with("APPROVAL web-app-prod"))
        .unwrap();
    assert!(
        approval.starts_with("APPROVAL web-app-prod Approval/ManualApproval execution="),
        "{approval}"
    );
    // The approval's custom data, then the revision waiting (commit and message).
    assert!(
        approval
            .contains(": Check the staging site, then approve the production deploy. Revision "),
        "{approval}"
    );
    let failed = lines
        .lines()
        .find(|l| l.starts_with("FAILED data-jobs"))
        .unwrap();
    assert!(
        failed.starts_with("FAILED data-jobs Build/Compile execution="),
        "{failed}"
    );
    assert!(
        failed.contains("3 tests failed in tests/test_etl.py"),
        "{failed}"
    );

    // --show: what waits and what approving it releases, nothing decided.
    let out = pipewright(&url, &["approve", "web-app-prod", "--show"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.starts_with("web-app-prod Approval/ManualApproval waits in execution "),
        "{shown}"
    );
    for needle in [
        "  Check the staging site, then approve the production deploy.\n",
        "  Review: https://staging.web-app.example.com\n",
        "  The approval expires in ",
        "  What changed since execution ",
        ": 3 commits, ",
        "  Runs after approval:\n    Deploy: Deploy (CodeDeploy)\n",
    ] {
        assert!(shown.contains(needle), "{needle:?} in {shown}");
    }
    assert!(!shown.contains("note:"), "{shown}");
    let commit_lines = shown
        .lines()
        .filter(|l| l.starts_with("      ") && l.ends_with(')'))
        .count();
    assert_eq!(commit_lines, 3, "{shown}");
    let out = pipewright(&url, &["approve", "mobile-release", "--show"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.contains("      Compare: https://github.com/example/mobile/compare/"),
        "{shown}"
    );
    assert!(shown.contains("    Publish: Upload (S3)\n"), "{shown}");

    // Another execution than the one reviewed: nothing decided, what waits now is listed with
    // when it expires.
    let out = pipewright(
        &url,
        &[
            "approve",
            "web-app-prod",
            "--execution",
            "not-the-one-reviewed",
            "--summary",
            "ok",
            "--confirm",
            "web-app-prod",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let listed = stderr
        .lines()
        .find(|l| l.starts_with("  now waiting: Approval/ManualApproval (execution "))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        listed.contains("; expires in ") && listed.ends_with(" UTC))"),
        "{listed}"
    );

    // Production: refused without --confirm.
    let out = pipewright(&url, &["approve", "web-app-prod", "--summary", "ok"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("type its name `web-app-prod`"),
        "{}",
        text(&out.stderr)
    );
    let out = pipewright(
        &url,
        &[
            "approve",
            "web-app-prod",
            "--summary",
            "ok",
            "--confirm",
            "web-app-prod",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("Approved web-app-prod Approval/ManualApproval (execution ")
    );
    let out = pipewright(
        &url,
        &[
            "approve",
            "web-app-prod",
            "--stage",
            "Approval",
            "--action",
            "ManualApproval",
            "--summary",
            "ok",
            "--confirm",
            "web-app-prod",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(
            "error: this approval was already decided or has expired; the view was refreshed"
        ),
        "{}",
        text(&out.stderr)
    );

    // Reject needs a reason (clap refuses --reject alone).
    let out = pipewright(&url, &["approve", "mobile-release", "--reject"]).await;
    assert_eq!(out.status.code(), Some(2));

    // Retry the failed stage, then the recovery is visible in status.
    let out = pipewright(&url, &["retry", "data-jobs", "Build"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("Retrying data-jobs stage Build"));
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let out = pipewright(&url, &["status", "data-jobs"]).await;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let s = text(&out.stdout);
        if s.lines()
            .any(|l| l.trim_start().starts_with("Deploy") && l.contains("Succeeded"))
        {
            assert!(s.contains("Recent executions:"), "{s}");
            break;
        }
        assert!(Instant::now() < deadline, "data-jobs never recovered: {s}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // A transition reason with a colon is refused before sending.
    let out = pipewright(
        &url,
        &[
            "transition",
            "billing-service",
            "Build",
            "--disable",
            "--reason",
            "freeze: Q4",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("remove `:`"),
        "{}",
        text(&out.stderr)
    );
    let out = pipewright(
        &url,
        &["transition", "billing-service", "Production", "--enable"],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "Enabled the inbound transition of billing-service stage Production\n"
    );

    // The watcher (not --once): each PARALLEL approval printed exactly once.
    let out = pipewright(
        &url,
        &[
            "watch",
            "--pipelines",
            "mobile-release",
            "--active-interval",
            "1",
            "--for",
            "4",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let approvals: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("APPROVAL mobile-release QA/QASignoff"))
        .collect();
    assert_eq!(approvals.len(), 2, "{stdout}");
    assert_ne!(approvals[0], approvals[1]);
    sandbox.shutdown().await;
}

/// Runs `status PIPELINE` until its output holds `needle`.
async fn status_until(url: &str, pipeline: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let out = pipewright(url, &["status", pipeline]).await;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        if stdout.contains(needle) {
            return stdout;
        }
        assert!(
            Instant::now() < deadline,
            "status never printed {needle:?}: {stdout}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A stage held by a deployment window (closed for the next two hours by the sandbox clock):
/// status shows it held, the rule's result and how to let it go; override, confirmed, lets it
/// run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_shows_a_stage_held_by_a_deployment_window_and_override_lets_it_run() {
    let config =
        SandboxConfig::default().rule(ActionRule::default().duration(Duration::from_millis(60)));
    let sandbox = Sandbox::start(config).await.unwrap();
    let url = sandbox.endpoint_url().to_string();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let hour = (now / 3600 + 2) % 24;
    let design = serde_json::json!({"pipeline": {
        "name": "held",
        "roleArn": "arn:aws:iam::123456789012:role/pipeline-role",
        "pipelineType": "V2",
        "artifactStore": {"type": "S3", "location": "pipewright-artifacts"},
        "stages": [
            {"name": "Source", "actions": [{
                "name": "Source",
                "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
                "configuration": {"S3Bucket": "src-bucket", "S3ObjectKey": "src.zip"},
                "outputArtifacts": [{"name": "src"}],
                "runOrder": 1
            }]},
            {"name": "Deploy",
             "beforeEntry": {"conditions": [{"result": "FAIL", "rules": [{
                "name": "Window",
                "ruleTypeId": {"category": "Rule", "owner": "AWS", "provider": "DeploymentWindow", "version": "1"},
                "configuration": {"Cron": format!("cron(0 * {hour} ? * * *)"), "TimeZone": "UTC"}
             }]}]},
             "actions": [{
                "name": "Ship",
                "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                "configuration": {"ProjectName": "ship"},
                "inputArtifacts": [{"name": "src"}],
                "runOrder": 1
            }]}
        ]
    }});
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("held.json");
    std::fs::write(&file, design.to_string()).unwrap();
    let out = pipewright(&url, &["apply", file.to_str().unwrap(), "--yes"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // Nothing is held yet: override says so.
    let out = pipewright(
        &url,
        &[
            "override",
            "held",
            "Deploy",
            "--condition",
            "beforeEntry",
            "--yes",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("held by the beforeEntry condition of stage Deploy"),
        "{}",
        text(&out.stderr)
    );

    let out = pipewright(&url, &["start", "held"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = status_until(&url, "held", "⏸ held by beforeEntry condition").await;
    let window = shown
        .lines()
        .find(|l| l.trim_start().starts_with("rule Window"))
        .unwrap_or_else(|| panic!("no rule line: {shown}"));
    assert!(
        window.contains("InProgress")
            && window.contains("Held by deployment window")
            && window.contains(&format!("{hour:02}:00 UTC")),
        "{window}"
    );
    assert!(
        shown.contains("to let it go now: pipewright override held Deploy --condition beforeEntry"),
        "{shown}"
    );
    assert!(shown.contains("    Ship               -"), "{shown}");

    // Not confirmed (no terminal, no --yes): nothing is sent.
    let out = pipewright(
        &url,
        &["override", "held", "Deploy", "--condition", "beforeEntry"],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not confirmed"),
        "{}",
        text(&out.stderr)
    );
    status_until(&url, "held", "⏸ held by beforeEntry condition").await;

    // A production stage needs the pipeline's name typed back, --yes or not.
    let out = pipewright(
        &url,
        &[
            "override",
            "held",
            "Deploy",
            "--condition",
            "beforeEntry",
            "--yes",
            "--production",
            "held/Deploy",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("type its name `held` to confirm this override"),
        "{}",
        text(&out.stderr)
    );
    status_until(&url, "held", "⏸ held by beforeEntry condition").await;

    let out = pipewright(
        &url,
        &[
            "override",
            "held",
            "Deploy",
            "--condition",
            "beforeEntry",
            "--yes",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .starts_with("Overrode the beforeEntry condition of held stage Deploy for execution "),
        "{}",
        text(&out.stdout)
    );
    let shown = status_until(&url, "held", "beforeEntry condition Overridden").await;
    let ran = status_until(&url, "held", "Ship               Succeeded").await;
    assert!(!ran.contains("⏸ held"), "{shown}\n{ran}");
    sandbox.shutdown().await;
}
