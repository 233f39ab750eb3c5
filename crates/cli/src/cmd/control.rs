//! Shared plumbing of the control commands (`watch`, `approve`, `start`, `stop`, `retry`,
//! `rollback`, `status`, `history`, `transition`, `why`, `logs`): the connection options, the client, the production
//! guard options, and printing control errors.

use pipewright_aws::control::expiry::expiry_words;
use pipewright_aws::control::{PipelineState, ProductionPolicy};
use pipewright_aws::{AwsError, CodePipeline};

use crate::cmd::connections::ProfileArg;
use crate::output::{self, Exit};

/// Where the pipelines are: `--endpoint-url` and `--region` (with the global `--profile`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ConnArgs {
    /// A CodePipeline endpoint instead of AWS's (the local sandbox, moto): http://127.0.0.1:PORT
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// The AWS region (default: the connection's or the environment's).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
}

/// Which pipelines count as production besides the naming convention (`prod`, `production`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct GuardArgs {
    /// Treat these pipelines (or PIPELINE/STAGE) as production too: approving, starting and
    /// rolling back then need --confirm with the pipeline's name.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub production: Vec<String>,
}

impl GuardArgs {
    pub fn policy(&self) -> ProductionPolicy {
        let mut policy = ProductionPolicy::default();
        policy.marked.extend(self.production.iter().cloned());
        policy
    }
}

/// A runtime for one command.
pub fn runtime() -> Result<tokio::runtime::Runtime, Exit> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| {
            output::eprint_line(&format!("error: cannot start the async runtime ({e})"));
            Exit::Error
        })
}

/// CodePipeline for `--profile` / `--endpoint-url` / `--region` (through the AWS port, so with
/// Pipewright's retry and timeout policy), and the region.
pub async fn connect(
    profile: &ProfileArg,
    conn: &ConnArgs,
) -> Result<(CodePipeline, String), Exit> {
    let resolved = profile
        .resolve(conn.endpoint_url.clone(), conn.region.clone(), None)
        .await
        .map_err(|e| {
            output::eprint_line(&format!("error: {e}"));
            Exit::Error
        })?;
    Ok((
        resolved.aws().codepipeline(),
        resolved.active.region.clone(),
    ))
}

/// Prints a control error (and, for a stale approval, what waits now); the exit status:
/// 1 when the pipeline's state refused the operation, 2 for bad input or a failed call.
pub fn fail(e: &AwsError) -> Exit {
    output::eprint_line(&format!("error: {e}"));
    match e {
        AwsError::ApprovalStale { refreshed } => {
            if let Some(state) = refreshed.as_ref() {
                print_waiting(state);
            }
            Exit::Failed
        }
        AwsError::NoWaitingApproval { .. }
        | AwsError::AmbiguousApproval { .. }
        | AwsError::ConfirmationRequired { .. }
        | AwsError::NoExecution { .. } => Exit::Failed,
        _ => Exit::Error,
    }
}

/// Lists the approvals waiting now (after a refresh).
pub fn print_waiting(state: &PipelineState) {
    let waiting = state.waiting_approvals();
    if waiting.is_empty() {
        output::eprint_line(&format!(
            "  now: no approval waits in {}",
            state.pipeline_name
        ));
    }
    for w in waiting {
        let expiry = w
            .expires_at
            .as_deref()
            .and_then(|e| expiry_words(e, std::time::SystemTime::now()))
            .map(|words| format!("; {words}"))
            .unwrap_or_default();
        output::eprint_line(&format!(
            "  now waiting: {}/{} (execution {}{expiry})",
            w.stage,
            w.action,
            w.pipeline_execution_id.as_deref().unwrap_or("?")
        ));
    }
}

/// What `pipewright watch` calls a connection and how it signs in: the resolved connection's
/// name (or the region, for the environment), and SSO or MFA.
pub async fn connect_resolved(
    profile: &ProfileArg,
    conn: &ConnArgs,
) -> Result<pipewright_connections::Resolved, Exit> {
    profile
        .resolve(conn.endpoint_url.clone(), conn.region.clone(), None)
        .await
        .map_err(|e| {
            output::eprint_line(&format!("error: {e}"));
            Exit::Error
        })
}

/// Runs a control command: a runtime, a client, then `f`.
pub fn run<F, Fut>(
    profile: &ProfileArg,
    conn: &ConnArgs,
    f: F,
) -> Result<Exit, crate::error::CliError>
where
    F: FnOnce(CodePipeline, String) -> Fut,
    Fut: std::future::Future<Output = Result<Exit, crate::error::CliError>>,
{
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(exit) => return Ok(exit),
    };
    rt.block_on(async {
        let (api, region) = match connect(profile, conn).await {
            Ok(v) => v,
            Err(exit) => return Ok(exit),
        };
        f(api, region).await
    })
}

/// Runs a command on the connection's AWS handle (every service: `why`, `logs`, `events`): a
/// runtime, the handle, then `f`.
pub fn run_aws<F, Fut>(
    profile: &ProfileArg,
    conn: &ConnArgs,
    f: F,
) -> Result<Exit, crate::error::CliError>
where
    F: FnOnce(pipewright_aws::Aws) -> Fut,
    Fut: std::future::Future<Output = Result<Exit, crate::error::CliError>>,
{
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(exit) => return Ok(exit),
    };
    rt.block_on(async {
        let resolved = match connect_resolved(profile, conn).await {
            Ok(r) => r,
            Err(exit) => return Ok(exit),
        };
        f(resolved.aws()).await
    })
}
