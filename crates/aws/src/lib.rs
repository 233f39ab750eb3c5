//! Pipewright's AWS adapter: the real aws-sdk-codepipeline client behind a small trait, so the
//! same use cases run against AWS, moto's server or the local sandbox by endpoint URL.
