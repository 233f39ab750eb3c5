//! The AWS services the sandbox serves on its one endpoint, one module per service, each in the
//! protocol its SDK speaks. A request is routed by what it carries:
//!
//! - `X-Amz-Target: <Service>.<Operation>` (AWS JSON 1.0 / 1.1): CodePipeline
//!   (`CodePipeline_20150709`), CodeBuild (`CodeBuild_20161006`), CloudWatch Logs
//!   (`Logs_20140328`), CodeDeploy (`CodeDeploy_20141006`), CodeCommit (`CodeCommit_20150413`),
//!   CodeStar Connections (`CodeStar_connections_20191201`) and CodeConnections
//!   (`CodeConnections_20231201`).
//! - `POST /service/<Service>/operation/<Operation>` (Smithy RPC v2 CBOR): CodeConnections and
//!   CodeStar Connections, as their current SDKs send.
//! - A form body with `Action=` (AWS query, XML answers): STS (`GetCallerIdentity`,
//!   `AssumeRole`) and CloudFormation.
//! - REST JSON by path: SSO-OIDC (`/client/register`, `/device_authorization`, `/token`) and the
//!   SSO portal (`/federation/credentials`, `/assignment/accounts`, `/assignment/roles`,
//!   `/logout`).
//!
//! Each module translates its operations to and from the store; the rules are elsewhere
//! (`executions`, `sso`, the world's profiles).

pub mod cloudformation;
pub mod codebuild;
pub mod codecommit;
pub mod codedeploy;
pub mod codepipeline;
pub mod connections;
pub mod logs;
pub mod sso;
pub mod sso_oidc;
pub mod sts;

use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::store::Store;

pub use codepipeline::Call;

/// A JSON-protocol service: its `X-Amz-Target` prefix, content type and operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonService {
    CodePipeline,
    CodeBuild,
    Logs,
    CodeDeploy,
    CodeCommit,
    Connections,
}

impl JsonService {
    /// The service for an `X-Amz-Target` (or RPC v2 CBOR service) name, and its JSON version.
    pub fn by_target(name: &str) -> Option<(JsonService, &'static str)> {
        Some(match name {
            "CodePipeline_20150709" => (JsonService::CodePipeline, "1.1"),
            "CodeBuild_20161006" => (JsonService::CodeBuild, "1.1"),
            "Logs_20140328" => (JsonService::Logs, "1.1"),
            "CodeDeploy_20141006" => (JsonService::CodeDeploy, "1.1"),
            "CodeCommit_20150413" => (JsonService::CodeCommit, "1.1"),
            "CodeStar_connections_20191201" | "CodeConnections_20231201" => {
                (JsonService::Connections, "1.0")
            }
            _ => return None,
        })
    }

    /// Answer one operation.
    pub fn dispatch(self, st: &mut Store, op: &str, body: &Value, call: &Call) -> ApiResult<Value> {
        match self {
            JsonService::CodePipeline => codepipeline::dispatch(st, op, body, call),
            JsonService::CodeBuild => codebuild::dispatch(st, op, body, call),
            JsonService::Logs => logs::dispatch(st, op, body, call),
            JsonService::CodeDeploy => codedeploy::dispatch(st, op, body, call),
            JsonService::CodeCommit => codecommit::dispatch(st, op, body, call),
            JsonService::Connections => connections::dispatch(st, op, body, call),
        }
    }
}

/// The error for an operation a service module does not serve.
pub fn unknown_operation(service: &str, op: &str) -> ApiError {
    ApiError::new(
        "UnknownOperationException",
        format!("The sandbox does not implement the {service} operation {op}."),
    )
}

/// A JSON error body as the JSON protocols send it.
pub fn error_body(e: &ApiError) -> Value {
    json!({ "__type": e.code, "message": e.message })
}
