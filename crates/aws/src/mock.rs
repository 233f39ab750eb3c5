//! Test doubles that mock the client, not a trait: an [`Aws`] handle whose calls are answered by
//! aws-smithy-mocks rules, in the process, through the whole SDK (serialization, signing, the
//! wire-JSON interceptor, deserialization, error mapping). For the crate's tests and, with the
//! `test-util` feature, other crates' tests.
//!
//! ```ignore
//! use pipewright_aws::mock::{self, mock, RuleMode};
//! let state = mock!(aws_sdk_codepipeline::Client::get_pipeline_state)
//!     .then_http_response(|| mock::json(200, serde_json::json!({"pipelineName": "web"})));
//! let api = mock::codepipeline(RuleMode::MatchAny, &[&state]);
//! ```
//!
//! Answer with HTTP responses in the service's JSON ([`json`], [`error`]) rather than SDK output
//! values: declaration-carrying calls read the raw body.

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_smithy_mocks::{create_mock_http_client, MockResponseInterceptor};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

pub use aws_smithy_mocks::{mock, MockResponse, Rule, RuleMode};

use crate::config::{Aws, ClientPolicy};
use crate::CodePipeline;

/// A handle whose clients answer from `rules` (no retries: a fault shows at once).
pub fn aws(mode: RuleMode, rules: &[&Rule]) -> Aws {
    let config = SdkConfig::builder()
        .http_client(create_mock_http_client())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "AKIDMOCK", "mock", None, None, "mock",
        )))
        .behavior_version(BehaviorVersion::latest())
        .build();
    let mut interceptor = MockResponseInterceptor::new().rule_mode(mode);
    for rule in rules {
        interceptor = interceptor.with_rule(rule);
    }
    Aws::with_policy(&config, &ClientPolicy::default().without_retries())
        .with_interceptor(interceptor)
}

/// CodePipeline answering from `rules`.
pub fn codepipeline(mode: RuleMode, rules: &[&Rule]) -> CodePipeline {
    aws(mode, rules).codepipeline()
}

/// An HTTP response with a JSON body, as the service sends it.
pub fn json(status: u16, body: serde_json::Value) -> HttpResponse {
    let mut response = HttpResponse::new(
        StatusCode::try_from(status).expect("an HTTP status"),
        SdkBody::from(body.to_string()),
    );
    response
        .headers_mut()
        .insert("content-type", "application/x-amz-json-1.1");
    response
}

/// A service error (`__type` and `message`) as the service sends it.
pub fn error(status: u16, code: &str, message: &str) -> HttpResponse {
    json(
        status,
        serde_json::json!({ "__type": code, "message": message }),
    )
}
