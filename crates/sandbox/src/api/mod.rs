//! The CodePipeline operations: one function per `X-Amz-Target` operation, each taking the
//! JSON request body and answering the JSON response body or an [`ApiError`].

mod executions;
mod pipelines;
mod state;

use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::state::State;

pub use executions::{create_rollback, new_execution};
pub use pipelines::insert_pipeline;

/// Who is calling (from the SigV4 access key id) and when.
pub struct Call<'a> {
    pub caller: &'a str,
    pub now: f64,
}

/// Answer one operation.
pub fn dispatch(st: &mut State, op: &str, body: &Value, call: &Call) -> ApiResult<Value> {
    match op {
        "CreatePipeline" => pipelines::create_pipeline(st, body, call),
        "GetPipeline" => pipelines::get_pipeline(st, body),
        "UpdatePipeline" => pipelines::update_pipeline(st, body, call),
        "DeletePipeline" => pipelines::delete_pipeline(st, body),
        "ListPipelines" => pipelines::list_pipelines(st, body),
        "TagResource" => pipelines::tag_resource(st, body),
        "UntagResource" => pipelines::untag_resource(st, body),
        "ListTagsForResource" => pipelines::list_tags_for_resource(st, body),
        "GetPipelineState" => state::get_pipeline_state(st, body),
        "PutApprovalResult" => state::put_approval_result(st, body, call),
        "EnableStageTransition" => state::set_transition(st, body, call, true),
        "DisableStageTransition" => state::set_transition(st, body, call, false),
        "StartPipelineExecution" => executions::start_pipeline_execution(st, body, call),
        "StopPipelineExecution" => executions::stop_pipeline_execution(st, body, call),
        "RetryStageExecution" => executions::retry_stage_execution(st, body, call),
        "RollbackStage" => executions::rollback_stage(st, body, call),
        "ListPipelineExecutions" => executions::list_pipeline_executions(st, body),
        "GetPipelineExecution" => executions::get_pipeline_execution(st, body),
        "ListActionExecutions" => executions::list_action_executions(st, body),
        "ListRuleExecutions" => executions::list_rule_executions(st, body),
        "OverrideStageCondition" => state::override_stage_condition(st, body, call),
        other => Err(ApiError::new(
            "UnknownOperationException",
            format!("The sandbox does not implement the operation {other}."),
        )),
    }
}

// ---- request helpers -------------------------------------------------------------------------

pub(crate) fn req_str<'a>(body: &'a Value, key: &str) -> ApiResult<&'a str> {
    body.get(key).and_then(Value::as_str).ok_or_else(|| {
        ApiError::validation(format!(
            "1 validation error detected: Value null at '{key}' failed to satisfy constraint: Member must not be null"
        ))
    })
}

pub(crate) fn opt_str<'a>(body: &'a Value, key: &str) -> Option<&'a str> {
    body.get(key).and_then(Value::as_str)
}

pub(crate) fn check_name(kind: &str, key: &str, value: &str) -> ApiResult<()> {
    let ok = !value.is_empty()
        && value.len() <= 100
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '@' | '-' | '_'));
    if ok {
        Ok(())
    } else {
        Err(ApiError::validation(format!(
            "1 validation error detected: Value '{value}' at '{key}' failed to satisfy constraint: {kind} must be 1-100 characters of [A-Za-z0-9.@\\-_]+"
        )))
    }
}

/// maxResults within [1, max], defaulting to `default`.
pub(crate) fn max_results(body: &Value, max: i64, default: i64) -> ApiResult<usize> {
    match body.get("maxResults") {
        None | Some(Value::Null) => Ok(default as usize),
        Some(v) => match v.as_i64() {
            Some(n) if (1..=max).contains(&n) => Ok(n as usize),
            _ => Err(ApiError::validation(format!(
                "1 validation error detected: Value '{v}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and {max}"
            ))),
        },
    }
}

const TOKEN_PREFIX: &str = "sandbox-page-";

/// The offset a nextToken stands for.
pub(crate) fn page_start(body: &Value) -> ApiResult<usize> {
    match opt_str(body, "nextToken") {
        None => Ok(0),
        Some(t) => t
            .strip_prefix(TOKEN_PREFIX)
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| {
                ApiError::new(
                    "InvalidNextTokenException",
                    "The next token is not valid. Pass the nextToken value from the previous response unchanged.",
                )
            }),
    }
}

/// Cut one page out of `items`; the nextToken for the rest, if any.
pub(crate) fn page<T>(items: Vec<T>, start: usize, size: usize) -> (Vec<T>, Option<String>) {
    let total = items.len();
    let end = start.saturating_add(size).min(total);
    let page: Vec<T> = items
        .into_iter()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect();
    let next = (end < total).then(|| format!("{TOKEN_PREFIX}{end}"));
    (page, next)
}

pub(crate) fn with_next_token(mut out: Value, next: Option<String>) -> Value {
    if let (Some(obj), Some(next)) = (out.as_object_mut(), next) {
        obj.insert("nextToken".to_string(), json!(next));
    }
    out
}

/// Remove `null`s from an object built with `json!` (AWS omits absent members).
pub(crate) fn compact(mut v: Value) -> Value {
    if let Some(obj) = v.as_object_mut() {
        obj.retain(|_, x| !x.is_null());
    }
    v
}
