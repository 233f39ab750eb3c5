//! The `pipewright-sandbox` binary: prints its endpoint URL and admin token, serves until
//! killed, reads a scenario file, refuses bad arguments.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use aws_sdk_codepipeline::types::*;
use common::*;
use pipewright_sandbox::ADMIN_TOKEN_HEADER;

struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start the binary; its endpoint URL and admin token (the first two lines it prints).
fn serve(args: &[&str]) -> (Served, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pipewright-sandbox"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let served = Served(child);
    let mut stdout = BufReader::new(stdout);
    let mut line = || {
        let mut line = String::new();
        stdout.read_line(&mut line).expect("a line on stdout");
        line.trim().to_string()
    };
    let url = line();
    let token = line();
    (served, url, token)
}

#[tokio::test]
async fn binary_prints_a_loopback_url_and_serves_the_samples() {
    let (_served, url, _) = serve(&["--samples"]);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let client = client(&url).await;
    let names: Vec<String> = client
        .list_pipelines()
        .send()
        .await
        .unwrap()
        .pipelines
        .unwrap()
        .into_iter()
        .filter_map(|p| p.name)
        .collect();
    assert!(names.contains(&"web-app-prod".to_string()), "{names:?}");
}

#[tokio::test]
async fn binary_prints_the_admin_token_its_admin_endpoints_need() {
    let (_served, url, token) = serve(&["--samples"]);
    assert!(
        token.len() >= 32 && token.chars().all(|c| c.is_ascii_hexdigit()),
        "{token:?}"
    );
    let host = url.strip_prefix("http://").unwrap();
    let addr = host.parse().unwrap();
    let without = http::send(addr, "POST", "/sandbox/reset", &[("Host", host)], "").await;
    assert_eq!(without.status, 403, "{without:?}");
    let with = [("Host", host), (ADMIN_TOKEN_HEADER, token.as_str())];
    let reply = http::send(addr, "POST", "/sandbox/reset", &with, "").await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let client = client(&url).await;
    let left = client
        .list_pipelines()
        .send()
        .await
        .unwrap()
        .pipelines
        .unwrap();
    assert!(left.is_empty(), "{left:?}");
}

#[tokio::test]
async fn binary_reads_a_scenario_file() {
    let dir = std::env::temp_dir().join(format!("pw-sandbox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("scenario.yaml");
    std::fs::write(
        &file,
        "defaultDurationMs: 20\nactions:\n  - stage: Build\n    fail: \"Scenario says no\"\n",
    )
    .unwrap();
    let (_served, url, _) = serve(&["--port", "0", "--scenario", file.to_str().unwrap()]);
    let client = client(&url).await;
    create(&client, pipeline("p", vec![source(), build_stage()])).await;
    let id = start_execution(&client, "p").await;
    wait_status(&client, "p", &id, PipelineExecutionStatus::Failed).await;
    let compile = action_state(&client, "p", "Build", "Compile")
        .await
        .unwrap();
    assert_eq!(
        compile.error_details.unwrap().message.as_deref(),
        Some("Scenario says no")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn binary_refuses_unknown_arguments_and_bad_scenarios() {
    let out = Command::new(env!("CARGO_BIN_EXE_pipewright-sandbox"))
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Unknown argument '--bogus'"));
    let out = Command::new(env!("CARGO_BIN_EXE_pipewright-sandbox"))
        .args(["--scenario", "/nonexistent/scenario.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Could not read the scenario file"));
}

#[tokio::test]
async fn a_scenario_whose_aliases_multiply_it_is_refused_from_a_file_and_over_http() {
    // 64 KiB of failure message, repeated 2,000 times by aliases: 128 MiB once expanded.
    let mut bomb = format!("actions:\n  - fail: &s \"{}\"\n", "x".repeat(64 * 1024));
    for _ in 0..2000 {
        bomb.push_str("  - fail: *s\n");
    }
    let dir = std::env::temp_dir().join(format!("pw-sandbox-bomb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("scenario.yaml");
    std::fs::write(&file, &bomb).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pipewright-sandbox"))
        .args(["--scenario", file.to_str().unwrap()])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("scenario.yaml")
            && stderr.contains("aliases expand")
            && stderr.contains("line 2 column 11"),
        "{stderr}"
    );

    // Over HTTP: refused, and the scenario in force stays.
    let (served, url, token) = serve(&[]);
    let host = url.strip_prefix("http://").unwrap();
    let addr = host.parse().unwrap();
    let with = [("Host", host), (ADMIN_TOKEN_HEADER, token.as_str())];
    let reply = http::send(addr, "POST", "/sandbox/scenario", &with, &bomb).await;
    assert_eq!(reply.status, 400, "{}", reply.head);
    assert!(reply.body.contains("aliases expand"), "{}", reply.body);
    let client = client(&url).await;
    create(&client, pipeline("p", vec![source(), build_stage()])).await;
    let id = start_execution(&client, "p").await;
    wait_status(&client, "p", &id, PipelineExecutionStatus::Succeeded).await;
    drop(served);
}

#[cfg(unix)]
#[tokio::test]
async fn binary_stops_cleanly_on_sigterm() {
    let (mut served, url, _) = serve(&[]);
    let client = client(&url).await;
    client.list_pipelines().send().await.expect("serving");
    let pid = served.0.id().to_string();
    let status = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(status.success());
    let exit = tokio::task::spawn_blocking(move || served.0.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(exit.success(), "graceful exit on SIGTERM: {exit:?}");
}

#[tokio::test]
async fn binary_no_validate_accepts_what_validation_refuses() {
    let broken = || {
        let mut p = pipeline("broken", vec![source(), build_stage()]);
        p.stages[1].actions[0].input_artifacts = Some(vec![InputArtifact::builder()
            .name("Nothing")
            .build()
            .unwrap()]);
        p
    };
    let (_strict, url, _) = serve(&[]);
    let strict = client(&url).await;
    let err = strict.create_pipeline().pipeline(broken()).send().await;
    if cfg!(feature = "core-validation") {
        assert!(err
            .unwrap_err()
            .into_service_error()
            .is_invalid_structure_exception());
    }
    let (_lenient, url, _) = serve(&["--no-validate"]);
    let lenient = client(&url).await;
    lenient
        .create_pipeline()
        .pipeline(broken())
        .send()
        .await
        .expect("accepted without validation");
}

/// CPU time (user + system) a process has used, from /proc (in USER_HZ = 1/100 s ticks).
#[cfg(target_os = "linux")]
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    ticks as f64 / 100.0
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn binary_out_of_file_descriptors_waits_instead_of_spinning_and_recovers() {
    use std::net::TcpStream;
    use std::time::{Duration, Instant};
    // Few file descriptors: the sandbox runs out of them after a couple of dozen connections,
    // and accepting the next pending one fails with EMFILE until some close.
    let script = format!(
        "ulimit -n 32 && exec '{}'",
        env!("CARGO_BIN_EXE_pipewright-sandbox")
    );
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let pid = child.id();
    let served = Served(child);
    let mut url = String::new();
    stdout.read_line(&mut url).unwrap();
    let host = url.trim().strip_prefix("http://").unwrap().to_string();
    let held: Vec<TcpStream> = (0..64)
        .map(|_| TcpStream::connect(&host).expect("the backlog takes the connection"))
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;

    let before = cpu_seconds(pid);
    let window = Instant::now();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let used = cpu_seconds(pid) - before;
    let elapsed = window.elapsed().as_secs_f64();
    assert!(
        used < 0.3,
        "the sandbox used {used:.2} s of CPU in {elapsed:.2} s while out of file descriptors (spinning on accept)"
    );

    // Connections close: it accepts again and answers.
    drop(held);
    let addr = host.parse().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let reply = tokio::time::timeout(
            Duration::from_secs(2),
            http::send(addr, "GET", "/sandbox/health", &[("Host", &host)], ""),
        )
        .await;
        if let Ok(reply) = reply {
            if reply.status == 200 {
                break;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the sandbox did not answer again within 10 s after connections closed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drop(served);
}
