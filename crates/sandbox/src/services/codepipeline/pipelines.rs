//! Pipeline operations, translated: CreatePipeline, GetPipeline, UpdatePipeline, DeletePipeline,
//! ListPipelines, the tag operations, and Enable/DisableStageTransition. The rules live in the
//! `pipelines` module. Answers match moto's for the same requests except where the module docs
//! of `tests/moto_parity.rs` list an intentional difference.

use serde_json::{json, Value};

use super::Call;
use crate::error::{ApiError, ApiResult};
use crate::executions::create;
use crate::pipelines;
use crate::store::{Direction, Store, Transition};
use crate::wire::{max_results, page, page_start, req_str, with_next_token};

fn declaration(body: &Value) -> ApiResult<&Value> {
    body.get("pipeline")
        .filter(|p| p.is_object())
        .ok_or_else(|| ApiError::validation("1 validation error detected: Value null at 'pipeline' failed to satisfy constraint: Member must not be null"))
}

pub fn create_pipeline(st: &mut Store, body: &Value, call: &Call) -> ApiResult<Value> {
    let decl = declaration(body)?;
    let tags = parse_tags(body.get("tags"))?;
    let pipeline = pipelines::insert(st, decl.clone(), tags.clone(), call.now)?;
    if st.config.start_on_create {
        let name = req_str(&pipeline, "name")?.to_string();
        let start = create::Start {
            trigger_type: "CreatePipeline",
            ..create::Start::by(call.caller)
        };
        create::start(st, &name, start, call.now)?;
    }
    let mut tags: Vec<(String, String)> = tags;
    tags.sort();
    tags.dedup_by(|a, b| a.0 == b.0);
    Ok(json!({ "pipeline": pipeline, "tags": tags_json(tags.into_iter()) }))
}

pub fn get_pipeline(st: &mut Store, body: &Value) -> ApiResult<Value> {
    let name = req_str(body, "name")?;
    let rec = st
        .pipelines
        .get(name)
        .ok_or_else(|| ApiError::pipeline_not_found(name))?;
    let decl = match body.get("version").and_then(Value::as_i64) {
        None => rec.current().clone(),
        Some(v) => rec
            .versions
            .get((v.max(1) - 1) as usize)
            .filter(|_| v >= 1)
            .cloned()
            .ok_or_else(|| {
                ApiError::new(
                    "PipelineVersionNotFoundException",
                    format!(
                        "Pipeline '{name}' has no version {v}; its latest version is {}.",
                        rec.version()
                    ),
                )
            })?,
    };
    Ok(json!({
        "pipeline": decl,
        "metadata": { "pipelineArn": rec.arn, "created": rec.created, "updated": rec.updated }
    }))
}

pub fn update_pipeline(st: &mut Store, body: &Value, call: &Call) -> ApiResult<Value> {
    let decl = pipelines::update(st, declaration(body)?.clone(), call.now)?;
    Ok(json!({ "pipeline": decl }))
}

pub fn delete_pipeline(st: &mut Store, body: &Value) -> ApiResult<Value> {
    pipelines::delete(st, req_str(body, "name")?)?;
    Ok(json!({}))
}

pub fn list_pipelines(st: &mut Store, body: &Value) -> ApiResult<Value> {
    let size = max_results(body, 1000, 1000)?;
    let start = page_start(body)?;
    let all: Vec<Value> = st
        .pipelines
        .iter()
        .map(|(name, rec)| {
            let cur = rec.current();
            json!({
                "name": name,
                "version": rec.version(),
                "pipelineType": cur.get("pipelineType").cloned().unwrap_or(json!("V1")),
                "executionMode": cur.get("executionMode").cloned().unwrap_or(json!("SUPERSEDED")),
                "created": rec.created,
                "updated": rec.updated,
            })
        })
        .collect();
    let (items, next) = page(all, start, size);
    Ok(with_next_token(json!({ "pipelines": items }), next))
}

pub fn tag_resource(st: &mut Store, body: &Value) -> ApiResult<Value> {
    let arn = req_str(body, "resourceArn")?;
    let tags = parse_tags(body.get("tags"))?;
    pipelines::tag(st, arn, tags)?;
    Ok(json!({}))
}

pub fn untag_resource(st: &mut Store, body: &Value) -> ApiResult<Value> {
    let arn = req_str(body, "resourceArn")?;
    let keys: Vec<String> = body
        .get("tagKeys")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"))?
        .iter()
        .filter_map(|k| k.as_str().map(str::to_string))
        .collect();
    pipelines::untag(st, arn, keys)?;
    Ok(json!({}))
}

pub fn list_tags_for_resource(st: &mut Store, body: &Value) -> ApiResult<Value> {
    let arn = req_str(body, "resourceArn")?;
    let size = max_results(body, 100, 100)?;
    let start = page_start(body)?;
    let all = pipelines::tags(st, arn)?;
    let (items, next) = page(all, start, size);
    Ok(with_next_token(
        json!({ "tags": tags_json(items.into_iter()) }),
        next,
    ))
}

const REASON_CHARS: &str = "!@ ().*?-";

pub fn set_transition(st: &mut Store, body: &Value, call: &Call, enable: bool) -> ApiResult<Value> {
    let pipeline = req_str(body, "pipelineName")?;
    let stage = req_str(body, "stageName")?;
    let kind = req_str(body, "transitionType")?;
    let dir = match kind {
        "Inbound" => Direction::Inbound,
        "Outbound" => Direction::Outbound,
        other => {
            return Err(ApiError::validation(format!(
                "Value '{other}' at 'transitionType' failed to satisfy constraint: Member must satisfy enum value set: [Inbound, Outbound]"
            )))
        }
    };
    let reason = if enable {
        None
    } else {
        let r = req_str(body, "reason")?;
        let ok = !r.is_empty()
            && r.len() <= 300
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || REASON_CHARS.contains(c));
        if !ok {
            return Err(ApiError::validation(format!(
                "1 validation error detected: Value '{r}' at 'reason' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9!@ \\(\\)\\.\\*\\?\\-]+ (1-300 characters; no commas, colons or underscores)"
            )));
        }
        Some(r.to_string())
    };
    let transition = Transition {
        enabled: enable,
        last_changed_by: call.caller.to_string(),
        last_changed_at: call.now,
        reason,
    };
    pipelines::set_transition(st, pipeline, stage, dir, transition)?;
    Ok(json!({}))
}

fn tags_json(tags: impl Iterator<Item = (String, String)>) -> Value {
    Value::Array(
        tags.map(|(key, value)| json!({ "key": key, "value": value }))
            .collect(),
    )
}

fn parse_tags(v: Option<&Value>) -> ApiResult<Vec<(String, String)>> {
    let Some(list) = v.filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let list = list
        .as_array()
        .ok_or_else(|| ApiError::validation("tags must be a list of {key, value} objects"))?;
    list.iter()
        .map(|t| {
            let key = req_str(t, "key")?;
            let value = req_str(t, "value")?;
            if key.is_empty() || key.len() > 128 || value.len() > 256 {
                return Err(ApiError::new(
                    "InvalidTagsException",
                    format!("The tag '{key}' is not valid: keys are 1-128 characters, values up to 256."),
                ));
            }
            Ok((key.to_string(), value.to_string()))
        })
        .collect()
}
