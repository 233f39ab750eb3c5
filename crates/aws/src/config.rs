//! One way to build every AWS client: from one `SdkConfig`, with one policy.
//!
//! - [`ClientSettings`] loads an `SdkConfig` for an endpoint, region, profile or fixed
//!   credentials (tests, benchmarks, the sandbox). A saved connection (`pipewright-connections`)
//!   resolves its own `SdkConfig` instead.
//! - [`ClientPolicy`] is Pipewright's retry and timeout policy; [`ClientPolicy::apply`] is the one
//!   place it is put on an `SdkConfig`: adaptive retries (client-side rate limiting and backoff on
//!   throttling), a connect timeout, a read timeout, and per-attempt and whole-operation timeouts.
//!   An endpoint that accepts connections and never answers fails a call within
//!   [`ClientPolicy::operation_timeout`] (40 s), retries included. The clients the credential
//!   providers make for themselves (SSO, STS) get the same timeouts through the loader
//!   ([`ClientPolicy::loader`]).
//! - [`Aws`] is the handle of one connection: `Aws::new(&sdk_config)` applies the policy once and
//!   hands out one client per service ([`Aws::codepipeline`], [`Aws::sts`], [`Aws::codebuild`],
//!   [`Aws::logs`], [`Aws::eventbridge`], [`Aws::ssooidc`], ...), each with the interceptors
//!   attached to the handle (e.g. a [`CallCounter`]).
//!
//! # Adding a service
//!
//! One dependency in `crates/aws/Cargo.toml` (`aws-sdk-codebuild = "1"`) and one accessor on
//! [`Aws`], built with the same `client!` macro as the others:
//!
//! ```ignore
//! pub fn codebuild(&self) -> aws_sdk_codebuild::Client {
//!     client!(aws_sdk_codebuild, self)
//! }
//! ```
//!
//! The client gets the connection's credentials, region, endpoint, policy and interceptors; its
//! errors map to [`AwsError`](crate::AwsError) through the one generic
//! [`AwsError::from_sdk`](crate::AwsError::from_sdk). No new trait: a service that needs
//! Pipewright's own types gets a concrete wrapper like [`CodePipeline`].

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_smithy_runtime_api::client::interceptors::{Intercept, SharedInterceptor};

use crate::codepipeline::CodePipeline;
use crate::counter::CallCounter;

/// Pipewright's retry and timeout policy for every client.
#[derive(Debug, Clone)]
pub struct ClientPolicy {
    /// Adaptive by default: client-side rate limiting and backoff on throttling, 5 attempts.
    pub retry: RetryConfig,
    /// Time to open the connection.
    pub connect_timeout: Duration,
    /// Longest wait for the first byte of a response.
    pub read_timeout: Option<Duration>,
    /// Upper bound for one attempt (one HTTP request and its response).
    pub attempt_timeout: Option<Duration>,
    /// Upper bound for one call, every attempt and backoff included.
    pub operation_timeout: Option<Duration>,
}

impl Default for ClientPolicy {
    fn default() -> Self {
        Self {
            retry: RetryConfig::adaptive()
                .with_max_attempts(5)
                .with_initial_backoff(Duration::from_millis(200)),
            connect_timeout: Duration::from_secs(5),
            read_timeout: Some(Duration::from_secs(20)),
            attempt_timeout: Some(Duration::from_secs(20)),
            operation_timeout: Some(Duration::from_secs(40)),
        }
    }
}

impl ClientPolicy {
    /// No retries (tests: a refused call should fail at once; "test connection": one call).
    pub fn without_retries(mut self) -> Self {
        self.retry = RetryConfig::disabled();
        self
    }

    /// The timeouts as the SDK takes them.
    pub fn timeout_config(&self) -> TimeoutConfig {
        let mut t = TimeoutConfig::builder().connect_timeout(self.connect_timeout);
        if let Some(d) = self.read_timeout {
            t = t.read_timeout(d);
        }
        if let Some(d) = self.attempt_timeout {
            t = t.operation_attempt_timeout(d);
        }
        if let Some(d) = self.operation_timeout {
            t = t.operation_timeout(d);
        }
        t.build()
    }

    /// An `aws_config` loader whose credential providers (SSO portal and OIDC, STS for
    /// assume-role) make their own clients with this policy's timeouts.
    pub fn loader(&self) -> aws_config::ConfigLoader {
        aws_config::defaults(BehaviorVersion::latest()).timeout_config(self.timeout_config())
    }

    /// `config` with this policy: the one place retries and timeouts are set.
    pub fn apply(&self, config: &SdkConfig) -> SdkConfig {
        config
            .to_builder()
            .retry_config(self.retry.clone())
            .timeout_config(self.timeout_config())
            .build()
    }
}

/// How to reach AWS (or moto, or the sandbox) without a saved connection. Anything left `None`
/// comes from the standard AWS chain (`AWS_REGION`, `AWS_PROFILE`, `AWS_ACCESS_KEY_ID`,
/// `~/.aws/config`, ...).
#[derive(Debug, Clone, Default)]
pub struct ClientSettings {
    /// A custom endpoint (`http://127.0.0.1:5000` for moto or the sandbox); `None` for AWS.
    pub endpoint_url: Option<String>,
    pub region: Option<String>,
    /// A named profile from `~/.aws/config`.
    pub profile: Option<String>,
    /// Explicit credentials; `None` uses the default provider chain.
    pub credentials: Option<SharedCredentialsProvider>,
    /// Retries and timeouts.
    pub policy: ClientPolicy,
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
        self.policy = self.policy.without_retries();
        self
    }

    /// The loaded shared config (credentials, region, endpoint), with [`Self::policy`] applied.
    pub async fn load_config(&self) -> SdkConfig {
        let mut loader = self.policy.loader();
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
        self.policy.apply(&loader.load().await)
    }

    /// The connection handle for these settings.
    pub async fn connect(&self) -> Aws {
        Aws::with_policy(&self.load_config().await, &self.policy)
    }
}

/// Builds a service client from an [`Aws`] handle: its `SdkConfig` and its interceptors.
macro_rules! client {
    ($sdk:ident, $aws:expr) => {{
        let aws: &Aws = $aws;
        let mut builder = $sdk::config::Builder::from(&aws.config);
        for interceptor in &aws.interceptors {
            builder.push_interceptor(interceptor.clone());
        }
        $sdk::Client::from_conf(builder.build())
    }};
}

/// One connection to AWS: the `SdkConfig` every client of it is built from (credentials cached
/// inside, so a new client never logs in again), with Pipewright's policy applied. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Aws {
    config: SdkConfig,
    interceptors: Vec<SharedInterceptor>,
}

impl Aws {
    /// A handle on `config` with the default [`ClientPolicy`].
    pub fn new(config: &SdkConfig) -> Aws {
        Aws::with_policy(config, &ClientPolicy::default())
    }

    /// A handle on `config` with another policy (no retries in tests, short timeouts for a
    /// connection test).
    pub fn with_policy(config: &SdkConfig, policy: &ClientPolicy) -> Aws {
        Aws {
            config: policy.apply(config),
            interceptors: Vec::new(),
        }
    }

    /// Every client from this handle runs `interceptor` on each call.
    pub fn with_interceptor(mut self, interceptor: impl Intercept + 'static) -> Aws {
        self.interceptors.push(SharedInterceptor::new(interceptor));
        self
    }

    /// Every call of every client from this handle is counted in `counter`.
    pub fn with_call_counter(self, counter: &CallCounter) -> Aws {
        self.with_interceptor(counter.clone())
    }

    /// The shared config, policy applied.
    pub fn sdk_config(&self) -> &SdkConfig {
        &self.config
    }

    /// The same connection signing with other credentials (another account's assumed role),
    /// in `region` if given: same endpoint, policy and interceptors. The provider caches and
    /// refreshes its own credentials (no identity cache in front of it).
    pub fn with_credentials(
        &self,
        credentials: SharedCredentialsProvider,
        region: Option<&str>,
    ) -> Aws {
        let mut builder = self
            .config
            .to_builder()
            .credentials_provider(credentials)
            .identity_cache(aws_config::identity::IdentityCache::no_cache());
        if let Some(region) = region {
            builder = builder.region(Region::new(region.to_string()));
        }
        Aws {
            config: builder.build(),
            interceptors: self.interceptors.clone(),
        }
    }

    /// The region the clients talk to.
    pub fn region(&self) -> Option<&str> {
        self.config.region().map(|r| r.as_ref())
    }

    /// CodePipeline, in Pipewright's types (declarations kept lossless).
    pub fn codepipeline(&self) -> CodePipeline {
        CodePipeline::new(client!(aws_sdk_codepipeline, self)).with_around(self.clone())
    }

    /// STS (MFA sessions).
    pub fn sts(&self) -> aws_sdk_sts::Client {
        client!(aws_sdk_sts, self)
    }

    /// CodeBuild (builds and their reports).
    pub fn codebuild(&self) -> aws_sdk_codebuild::Client {
        client!(aws_sdk_codebuild, self)
    }

    /// CloudWatch Logs (build logs).
    pub fn logs(&self) -> aws_sdk_cloudwatchlogs::Client {
        client!(aws_sdk_cloudwatchlogs, self)
    }

    /// CloudFormation (stack events of a deploy action).
    pub fn cloudformation(&self) -> aws_sdk_cloudformation::Client {
        client!(aws_sdk_cloudformation, self)
    }

    /// CodeDeploy (deployments and their lifecycle events).
    pub fn codedeploy(&self) -> aws_sdk_codedeploy::Client {
        client!(aws_sdk_codedeploy, self)
    }

    /// CodeCommit (commits and differences of a source revision).
    pub fn codecommit(&self) -> aws_sdk_codecommit::Client {
        client!(aws_sdk_codecommit, self)
    }

    /// EventBridge: the rules that start pipelines on source changes.
    pub fn eventbridge(&self) -> aws_sdk_eventbridge::Client {
        client!(aws_sdk_eventbridge, self)
    }

    /// SQS: the queue a reader of CodePipeline's events long-polls (the `events` module).
    pub fn sqs(&self) -> aws_sdk_sqs::Client {
        client!(aws_sdk_sqs, self)
    }

    /// IAM: the role EventBridge assumes to start a pipeline.
    pub fn iam(&self) -> aws_sdk_iam::Client {
        client!(aws_sdk_iam, self)
    }

    /// CodeConnections: connections whose ARN says `codeconnections` (Smithy RPC v2 CBOR).
    pub fn codeconnections(&self) -> aws_sdk_codeconnections::Client {
        client!(aws_sdk_codeconnections, self)
    }

    /// SSO-OIDC (IAM Identity Center device sign-in).
    pub fn ssooidc(&self) -> aws_sdk_ssooidc::Client {
        client!(aws_sdk_ssooidc, self)
    }

    /// The IAM Identity Center portal (accounts and roles of a signed-in user).
    pub fn sso(&self) -> aws_sdk_sso::Client {
        client!(aws_sdk_sso, self)
    }

    /// CodeStar Connections: connections whose ARN says `codestar-connections` (AWS JSON 1.0).
    /// IAM policies name the prefix of the resource, so each ARN is read through its own service.
    pub fn codestarconnections(&self) -> aws_sdk_codestarconnections::Client {
        client!(aws_sdk_codestarconnections, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_sets_retries_and_every_timeout() {
        let base = SdkConfig::builder()
            .retry_config(RetryConfig::standard().with_max_attempts(9))
            .build();
        let config = ClientPolicy::default().apply(&base);
        let retry = config.retry_config().expect("retry");
        assert_eq!(retry.max_attempts(), 5);
        assert_eq!(retry.mode(), aws_config::retry::RetryMode::Adaptive);
        let t = config.timeout_config().expect("timeouts");
        assert_eq!(t.connect_timeout(), Some(Duration::from_secs(5)));
        assert_eq!(t.read_timeout(), Some(Duration::from_secs(20)));
        assert_eq!(t.operation_attempt_timeout(), Some(Duration::from_secs(20)));
        assert_eq!(t.operation_timeout(), Some(Duration::from_secs(40)));

        let quick = ClientPolicy {
            read_timeout: None,
            attempt_timeout: None,
            operation_timeout: Some(Duration::from_secs(3)),
            ..ClientPolicy::default().without_retries()
        };
        let config = Aws::with_policy(&base, &quick).sdk_config().clone();
        assert_eq!(config.retry_config().unwrap().max_attempts(), 1);
        let t = config.timeout_config().unwrap();
        assert_eq!(t.read_timeout(), None);
        assert_eq!(t.operation_timeout(), Some(Duration::from_secs(3)));
    }

    #[test]
    fn every_client_gets_the_policy() {
        let aws = Aws::new(
            &SdkConfig::builder()
                .region(Region::new("eu-west-1"))
                .behavior_version(BehaviorVersion::latest())
                .build(),
        );
        assert_eq!(aws.region(), Some("eu-west-1"));
        let sts = aws.sts();
        assert_eq!(
            sts.config().retry_config().map(|r| r.max_attempts()),
            Some(5)
        );
        assert_eq!(
            sts.config()
                .timeout_config()
                .and_then(|t| t.operation_timeout()),
            Some(Duration::from_secs(40))
        );
    }
}
