//! Pipewright's one AWS port: every client built from one `SdkConfig` with one policy
//! ([`config`]), CodePipeline in Pipewright's types ([`CodePipeline`]), one error enum
//! ([`AwsError`]), and the use cases over them ([`sync`], [`control`], [`source_connections`]). The same code runs against
//! AWS, moto's server or the local sandbox: only the endpoint URL differs.

pub mod codepipeline;
pub mod config;
pub mod control;
pub mod counter;
pub mod error;
pub mod events;
pub mod members;
#[cfg(any(test, feature = "test-util"))]
pub mod mock;
pub mod source_connections;
pub mod sync;

/// The SSO-OIDC SDK, for its types (the client comes from [`Aws::ssooidc`]).
pub use aws_sdk_ssooidc as ssooidc;
pub use codepipeline::CodePipeline;
pub use config::{Aws, ClientPolicy, ClientSettings};
pub use control::model::PipelineListItem;
pub use counter::CallCounter;
pub use error::{AwsError, AwsErrorKind};
