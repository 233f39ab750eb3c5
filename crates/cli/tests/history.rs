//! `pipewright history` against the sandbox's samples, through the real binary and the real SDK:
//! a past `storefront` execution as a timeline, `data-jobs`' retried build, and two executions
//! compared.

use std::time::{Duration, Instant};

use pipewright_sandbox::{ActionRule, Sandbox, SandboxConfig};
use serde_json::Value;

mod remote;
use remote::{pipewright, text};

async fn ok(url: &str, args: &[&str]) -> String {
    let out = pipewright(url, args).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_prints_a_timeline_and_a_comparison() {
    let config = SandboxConfig::with_samples()
        .rule(ActionRule::for_action("*", "*", "*").duration(Duration::from_millis(30)));
    let sandbox = Sandbox::start(config).await.unwrap();
    let url = sandbox.endpoint_url().to_string();

    let status: Value =
        serde_json::from_str(&ok(&url, &["status", "storefront", "--json"]).await).unwrap();
    let ids: Vec<String> = status["executions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pipelineExecutionId"].as_str().unwrap().to_string())
        .collect();
    let oldest = ids.last().unwrap().clone();
    let yesterday = ids[1].clone();

    let out = ok(&url, &["history", "storefront", "--execution", &oldest]).await;
    assert!(
        out.starts_with(&format!("storefront execution {oldest} Succeeded\n")),
        "{out}"
    );
    assert!(out.contains("trigger: StartPipelineExecution"), "{out}");
    assert!(out.contains("source Source: "), "{out}");
    // Stages in declaration order, each with a bar; the build took minutes.
    let stage_lines: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with(' ') && l.contains('|'))
        .collect();
    let names: Vec<&str> = stage_lines
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(names, ["Source", "Build", "Staging", "Production"], "{out}");
    let build = stage_lines[1];
    assert!(build.contains(" min ") && build.contains('#'), "{build}");
    assert!(
        stage_lines[0].find('#') < stage_lines[3].find('#'),
        "Production's bar starts after Source's:\n{out}"
    );

    let json: Value = serde_json::from_str(
        &ok(
            &url,
            &["history", "storefront", "--execution", &oldest, "--json"],
        )
        .await,
    )
    .unwrap();
    assert_eq!(json["stages"][1]["actions"][0]["name"], "Build");
    assert!(
        json["durationMs"].as_u64().is_some_and(|d| d > 60_000),
        "{json}"
    );

    let out = ok(
        &url,
        &["history", "storefront", "--compare", &oldest, &yesterday],
    )
    .await;
    assert!(out.contains(&format!("A: {oldest} Succeeded")), "{out}");
    assert!(out.contains(&format!("B: {yesterday} Failed")), "{out}");
    assert!(out.contains("outcome: different"), "{out}");
    assert!(out.contains("(changed)"), "{out}");
    let production = out
        .lines()
        .find(|l| l.starts_with("Production"))
        .expect("a Production row");
    assert!(production.contains("not run"), "{production}");

    // The retried build: both attempts, the first failed.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let out = ok(&url, &["history", "data-jobs"]).await;
        if out.lines().next().is_some_and(|l| l.ends_with(" Failed")) {
            break;
        }
        assert!(Instant::now() < deadline, "data-jobs fails: {out}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    ok(&url, &["retry", "data-jobs", "Build"]).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let out = loop {
        let out = ok(&url, &["history", "data-jobs"]).await;
        if out.contains("(2 attempts)")
            && out
                .lines()
                .next()
                .is_some_and(|l| l.ends_with(" Succeeded"))
        {
            break out;
        }
        assert!(Instant::now() < deadline, "the retry succeeds: {out}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        out.lines()
            .any(|l| l.starts_with("    attempt 1 ") && l.contains(" Failed ")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("    attempt 2 ") && l.contains(" Succeeded ")),
        "{out}"
    );

    let out = pipewright(&url, &["history", "storefront", "--execution", "nope"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("does not exist"),
        "{}",
        text(&out.stderr)
    );
}
