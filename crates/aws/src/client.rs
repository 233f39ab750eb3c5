//! Building an `aws_sdk_codepipeline::Client`: one `aws_config` loader per connection, the same
//! code for AWS, moto's server or the local sandbox (only the endpoint URL differs).

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;

/// How to reach CodePipeline. Anything left `None` comes from the standard AWS chain
/// (`AWS_REGION`, `AWS_PROFILE`, `AWS_ACCESS_KEY_ID`, `~/.aws/config`, ...).
#[derive(Debug, Clone)]
pub struct ClientSettings {
    /// A custom endpoint (`http://127.0.0.1:5000` for moto or the sandbox); `None` for AWS.
    pub endpoint_url: Option<String>,
    pub region: Option<String>,
    /// A named profile from `~/.aws/config`.
    pub profile: Option<String>,
    /// Explicit credentials; `None` uses the default provider chain.
    pub credentials: Option<SharedCredentialsProvider>,
    /// Retries: adaptive (client-side rate limiting + backoff on throttling) by default.
    pub retry: RetryConfig,
    /// Connect timeout; reads are bounded by `operation_timeout`.
    pub connect_timeout: Duration,
    /// Upper bound for one call including its retries.
    pub operation_timeout: Option<Duration>,
}

impl Default for ClientSettings {
    fn default() -> Self {
        Self {
            endpoint_url: None,
            region: None,
            profile: None,
            credentials: None,
            retry: RetryConfig::adaptive()
                .with_max_attempts(5)
                .with_initial_backoff(Duration::from_millis(200)),
            connect_timeout: Duration::from_secs(5),
            operation_timeout: Some(Duration::from_secs(60)),
        }
    }
}

impl ClientSettings {
    /// Settings for a custom endpoint (moto, the sandbox) with the given region.
    pub fn for_endpoint(endpoint_url: impl Into<String>, region: impl Into<String>) -> Self {
        Self {
            endpoint_url: Some(endpoint_url.into()),
            region: Some(region.into()),
            ..Self::default()
        }
    }

    /// Use fixed static credentials (tests, the sandbox).
    pub fn with_static_credentials(mut self, access_key: &str, secret_key: &str) -> Self {
        self.credentials = Some(SharedCredentialsProvider::new(Credentials::new(
            access_key,
            secret_key,
            None,
            None,
            "pipewright-static",
        )));
        self
    }

    /// Turn retries off (tests: an unimplemented call should fail at once, not after backoff).
    pub fn without_retries(mut self) -> Self {
        self.retry = RetryConfig::disabled();
        self
    }

    /// The loaded shared config (credentials, region, endpoint, retry, timeouts).
    pub async fn load_config(&self) -> aws_config::SdkConfig {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(self.retry.clone())
            .timeout_config({
                let mut t = TimeoutConfig::builder().connect_timeout(self.connect_timeout);
                if let Some(op) = self.operation_timeout {
                    t = t.operation_timeout(op);
                }
                t.build()
            });
        if let Some(url) = &self.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        if let Some(region) = &self.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(profile) = &self.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(creds) = &self.credentials {
            loader = loader.credentials_provider(creds.clone());
        }
        loader.load().await
    }

    /// A CodePipeline client for these settings.
    pub async fn build_client(&self) -> aws_sdk_codepipeline::Client {
        aws_sdk_codepipeline::Client::new(&self.load_config().await)
    }
}

/// A CodePipeline client from an already loaded config (a resolved connection), with
/// Pipewright's retry policy for bulk work: adaptive (client-side rate limiting, backoff on
/// throttling), 5 attempts.
pub fn client_from_config(config: &aws_config::SdkConfig) -> aws_sdk_codepipeline::Client {
    let conf = aws_sdk_codepipeline::config::Builder::from(config)
        .retry_config(ClientSettings::default().retry)
        .build();
    aws_sdk_codepipeline::Client::from_conf(conf)
}
