//! `pipewright-sandbox [--port N] [--samples] [--scenario FILE] [--no-validate]
//! [--events-endpoint URL [--events-region R] [--events-bus NAME]]`: serve the local sandbox on
//! 127.0.0.1 until Ctrl-C. Prints its endpoint URL on the first line of
//! standard output and this run's admin token on the second.

use std::path::PathBuf;
use std::process::ExitCode;

use pipewright_sandbox::publish::EventsTarget;
use pipewright_sandbox::{Sandbox, SandboxConfig, Scenario};

const USAGE: &str =
    "Usage: pipewright-sandbox [--port N] [--samples] [--scenario FILE] [--no-validate]
                          [--events-endpoint URL [--events-region R] [--events-bus NAME]]

Serves a local CodePipeline endpoint (and CodeBuild, CloudWatch Logs, CloudFormation, CodeDeploy,
CodeCommit, CodeConnections, SSO-OIDC and the SSO portal) on 127.0.0.1 until Ctrl-C. Prints the
endpoint URL on the first line of standard output and the admin token on the second: the
POST /sandbox/... endpoints need it in the x-pipewright-sandbox-token header.
  --port N         listen on port N (default: a free port)
  --samples        seed sample pipelines with live executions
  --scenario FILE  action durations and failures (JSON or YAML)
  --no-validate    accept any pipeline structure (skip Pipewright's validation rules)
  --events-endpoint URL  publish CodePipeline's state-change events (PutEvents) to this
                   EventBridge endpoint, e.g. moto's http://127.0.0.1:5000
  --events-region R      the region of its event bus (default us-east-1)
  --events-bus NAME      the event bus (default: default)";

fn parse(args: &[String]) -> Result<SandboxConfig, String> {
    let mut config = SandboxConfig::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--port" => {
                let v = it.next().ok_or("--port needs a number")?;
                config.port = v
                    .parse()
                    .map_err(|_| format!("--port needs a number from 0 to 65535, not '{v}'"))?;
            }
            "--samples" => config.samples = true,
            "--no-validate" => config.validate_structure = false,
            "--scenario" => {
                let v = it.next().ok_or("--scenario needs a file")?;
                config.scenario =
                    Scenario::from_file(&PathBuf::from(v)).map_err(|e| e.to_string())?;
            }
            "--events-endpoint" => {
                let v = it.next().ok_or("--events-endpoint needs a URL")?;
                let region = config
                    .events
                    .as_ref()
                    .map_or("us-east-1".to_string(), |t| t.region.clone());
                let mut target = EventsTarget::new(v, &region);
                if let Some(old) = &config.events {
                    target.event_bus = old.event_bus.clone();
                }
                target.check()?;
                config.events = Some(target);
            }
            "--events-region" | "--events-bus" => {
                let v = it.next().ok_or(format!("{arg} needs a value"))?;
                let target = config
                    .events
                    .as_mut()
                    .ok_or(format!("give --events-endpoint before {arg}"))?;
                if arg == "--events-region" {
                    target.region = v.clone();
                } else {
                    target.event_bus = v.clone();
                }
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("Unknown argument '{other}'.")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse(&args) {
        Ok(c) => c,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let sandbox = match Sandbox::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", sandbox.endpoint_url());
    println!("{}", sandbox.admin_token());
    eprintln!(
        "Pipewright CodePipeline sandbox listening on {} (account {}, region {}). Ctrl-C to stop.\n\
         Admin endpoints: curl -X POST -H '{}: {}' {}/sandbox/reset",
        sandbox.endpoint_url(),
        pipewright_sandbox::ACCOUNT_ID,
        pipewright_sandbox::SANDBOX_REGION,
        pipewright_sandbox::ADMIN_TOKEN_HEADER,
        sandbox.admin_token(),
        sandbox.endpoint_url(),
    );
    wait_for_stop().await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM (what process managers and test harnesses send).
async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("Could not wait for Ctrl-C: {e}");
    }
}
