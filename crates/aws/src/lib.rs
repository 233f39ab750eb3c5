//! Pipewright's AWS adapter: the real aws-sdk-codepipeline client behind a small trait, so the
//! same use cases run against AWS, moto's server or the local sandbox by endpoint URL.

pub mod api;
pub mod client;
pub mod control;
pub mod error;
pub mod sync;

pub use api::{CodePipelineApi, PipelineSummary, SdkApi};
pub use client::ClientSettings;
pub use error::AwsError;
