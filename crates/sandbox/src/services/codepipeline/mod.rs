//! The CodePipeline operations the sandbox serves, as AWS JSON 1.1: [`dispatch`] picks the
//! function for an `X-Amz-Target` operation, which reads the JSON request body, calls the
//! `pipelines` or `executions` module, and answers the JSON response body or an [`ApiError`].
//! Translation only: the rules live in those modules.

mod executions;
mod pipeline_state;
mod pipelines;

use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::store::Store;

/// Who is calling (from the SigV4 access key id) and when.
pub struct Call<'a> {
    pub caller: &'a str,
    pub now: f64,
}

/// Answer one operation.
pub fn dispatch(st: &mut Store, op: &str, body: &Value, call: &Call) -> ApiResult<Value> {
    match op {
        "CreatePipeline" => pipelines::create_pipeline(st, body, call),
        "GetPipeline" => pipelines::get_pipeline(st, body),
        "UpdatePipeline" => pipelines::update_pipeline(st, body, call),
        "DeletePipeline" => pipelines::delete_pipeline(st, body),
        "ListPipelines" => pipelines::list_pipelines(st, body),
        "TagResource" => pipelines::tag_resource(st, body),
        "UntagResource" => pipelines::untag_resource(st, body),
        "ListTagsForResource" => pipelines::list_tags_for_resource(st, body),
        "EnableStageTransition" => pipelines::set_transition(st, body, call, true),
        "DisableStageTransition" => pipelines::set_transition(st, body, call, false),
        "GetPipelineState" => pipeline_state::get_pipeline_state(st, body),
        "StartPipelineExecution" => executions::start_pipeline_execution(st, body, call),
        "StopPipelineExecution" => executions::stop_pipeline_execution(st, body, call),
        "RetryStageExecution" => executions::retry_stage_execution(st, body, call),
        "RollbackStage" => executions::rollback_stage(st, body, call),
        "PutApprovalResult" => executions::put_approval_result(st, body, call),
        "OverrideStageCondition" => executions::override_stage_condition(st, body, call),
        "ListPipelineExecutions" => executions::list_pipeline_executions(st, body),
        "GetPipelineExecution" => executions::get_pipeline_execution(st, body),
        "ListActionExecutions" => executions::list_action_executions(st, body),
        "ListRuleExecutions" => executions::list_rule_executions(st, body),
        other => Err(ApiError::new(
            "UnknownOperationException",
            format!("The sandbox does not implement the operation {other}."),
        )),
    }
}
