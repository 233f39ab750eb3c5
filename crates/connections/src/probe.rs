//! "Test connection": one real CodePipeline call (`ListPipelines`, at most one result); what went
//! wrong is said in plain words by [`explain`](crate::explain::explain).

use std::time::{Duration, Instant};

use pipewright_aws::{Aws, ClientPolicy};

use crate::error::Result;
use crate::explain::{explain_within, CALL_TIMEOUT, CONNECT_TIMEOUT};
use crate::model::TestReport;
use crate::resolved::Resolved;

/// Makes one `ListPipelines` call (max 1 result, no retries, short timeouts) with the
/// connection's credentials and endpoint, and says in plain words what went wrong if it failed.
pub async fn test_connection(resolved: &Resolved) -> Result<TestReport> {
    test_connection_within(resolved, CALL_TIMEOUT).await
}

/// [`test_connection`] with another limit for the whole call (connecting included).
pub async fn test_connection_within(
    resolved: &Resolved,
    call_timeout: Duration,
) -> Result<TestReport> {
    let active = &resolved.active;
    tracing::info!(connection = %active.name, region = %active.region, "testing connection");
    // One attempt, bounded by the connect timeout and the call timeout.
    let policy = ClientPolicy {
        connect_timeout: CONNECT_TIMEOUT.min(call_timeout),
        read_timeout: Some(call_timeout),
        attempt_timeout: Some(call_timeout),
        operation_timeout: Some(call_timeout),
        ..ClientPolicy::default().without_retries()
    };
    let codepipeline = Aws::with_policy(&resolved.sdk_config, &policy).codepipeline();
    let started = Instant::now();
    // The SDK's own error, not the port's: `explain` reads its source chain for plain words.
    let result = codepipeline
        .sdk_client()
        .list_pipelines()
        .max_results(1)
        .send()
        .await;
    let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match result {
        Ok(out) => {
            let first_pipeline = out
                .pipelines()
                .first()
                .and_then(|p| p.name())
                .map(str::to_owned);
            // An endpoint other than AWS's is said, and where it comes from.
            let via = match (&active.endpoint_url, &active.endpoint_from) {
                (Some(_), _) if active.is_sandbox => String::new(),
                (Some(url), Some(from)) => {
                    format!(" through {url} (set by {from}), not AWS's own endpoint")
                }
                (Some(url), None) => format!(" through {url}, not AWS's own endpoint"),
                (None, _) => String::new(),
            };
            let message = format!(
                "Connected to {} ({}){via}: CodePipeline answered in {elapsed_ms} ms{}.",
                active.name,
                active.region,
                match &first_pipeline {
                    Some(name) => format!("; it lists pipelines (first: {name})"),
                    None => "; there are no pipelines in this region yet".to_owned(),
                }
            );
            tracing::info!(connection = %active.name, elapsed_ms, "connection test passed");
            Ok(TestReport {
                connection: active.clone(),
                message,
                first_pipeline,
                elapsed_ms,
            })
        }
        Err(e) => {
            let error = explain_within(
                e,
                &active.name,
                &active.region,
                active.endpoint_url.as_deref(),
                call_timeout,
            );
            tracing::warn!(connection = %active.name, kind = ?error.kind(), "connection test failed: {error}");
            Err(error)
        }
    }
}
