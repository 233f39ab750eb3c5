//! Pipeline CRUD and tags. Answers match moto's for the same requests except where the module
//! docs of `tests/moto_parity.rs` list an intentional difference.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::{check_name, max_results, page, page_start, req_str, with_next_token, Call};
use crate::error::{ApiError, ApiResult};
use crate::state::{ExecStatus, PipelineRecord, Position, State};

const MAX_TAGS: usize = 50;

pub fn create_pipeline(st: &mut State, body: &Value, call: &Call) -> ApiResult<Value> {
    let decl = body
        .get("pipeline")
        .filter(|p| p.is_object())
        .ok_or_else(|| ApiError::validation("1 validation error detected: Value null at 'pipeline' failed to satisfy constraint: Member must not be null"))?;
    let tags = parse_tags(body.get("tags"))?;
    let pipeline = insert_pipeline(st, decl.clone(), tags.clone(), call.now)?;
    if st.config.start_on_create {
        let name = req_str(&pipeline, "name")?.to_string();
        super::new_execution(
            st,
            &name,
            "CreatePipeline",
            call.caller,
            Vec::new(),
            Vec::new(),
            call.now,
        )?;
    }
    let mut tags: Vec<(String, String)> = tags;
    tags.sort();
    tags.dedup_by(|a, b| a.0 == b.0);
    Ok(json!({ "pipeline": pipeline, "tags": tags_json(tags.into_iter()) }))
}

/// Check and store a new pipeline; its declaration as stored (defaults filled, version 1).
pub fn insert_pipeline(
    st: &mut State,
    decl: Value,
    tags: Vec<(String, String)>,
    now: f64,
) -> ApiResult<Value> {
    let decl = check_declaration(st, decl, 1)?;
    let name = req_str(&decl, "name")?.to_string();
    if st.pipelines.contains_key(&name) {
        return Err(ApiError::new(
            "PipelineNameInUseException",
            format!(
                "A pipeline with the name '{name}' already exists in account '{}'",
                crate::ACCOUNT_ID
            ),
        ));
    }
    let arn = st.arn(&name);
    check_tags(&arn, &tags, 0)?;
    st.pipelines.insert(
        name,
        PipelineRecord {
            versions: vec![decl.clone()],
            created: now,
            updated: now,
            arn,
            tags: tags.into_iter().collect(),
            transitions: HashMap::new(),
            executions: Vec::new(),
            client_tokens: HashMap::new(),
        },
    );
    Ok(decl)
}

pub fn get_pipeline(st: &mut State, body: &Value) -> ApiResult<Value> {
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

pub fn update_pipeline(st: &mut State, body: &Value, call: &Call) -> ApiResult<Value> {
    let decl = body
        .get("pipeline")
        .filter(|p| p.is_object())
        .ok_or_else(|| ApiError::validation("1 validation error detected: Value null at 'pipeline' failed to satisfy constraint: Member must not be null"))?;
    let name = req_str(decl, "name")?.to_string();
    check_name("Pipeline name", "pipeline.name", &name)?;
    let version = match st.pipelines.get(&name) {
        Some(rec) => rec.version() + 1,
        None => return Err(ApiError::pipeline_not_found(&name)),
    };
    let decl = check_declaration(st, decl.clone(), version)?;
    let ids = match st.pipelines.get_mut(&name) {
        Some(rec) => {
            rec.versions.push(decl.clone());
            rec.updated = call.now;
            rec.executions.clone()
        }
        None => return Err(ApiError::pipeline_not_found(&name)),
    };
    // Running executions finish their running actions and end Cancelled.
    for id in ids {
        let Some(ex) = st.executions.get_mut(&id) else {
            continue;
        };
        if ex.status != ExecStatus::InProgress {
            continue;
        }
        match ex.position {
            Position::Waiting(_) => {
                ex.status = ExecStatus::Cancelled;
                ex.position = Position::Done;
                ex.last_update = call.now;
            }
            Position::Running(i) => {
                ex.cancel = true;
                crate::engine::abandon_running(ex, i, call.now, true);
            }
            Position::Done => {}
        }
    }
    Ok(json!({ "pipeline": decl }))
}

pub fn delete_pipeline(st: &mut State, body: &Value) -> ApiResult<Value> {
    let name = req_str(body, "name")?;
    check_name("Pipeline name", "name", name)?;
    if let Some(rec) = st.pipelines.remove(name) {
        for id in rec.executions {
            st.executions.remove(&id);
        }
        st.run_counts.retain(|(p, _, _), _| p != name);
    }
    Ok(json!({}))
}

pub fn list_pipelines(st: &mut State, body: &Value) -> ApiResult<Value> {
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

pub fn tag_resource(st: &mut State, body: &Value) -> ApiResult<Value> {
    let arn = req_str(body, "resourceArn")?;
    let tags = parse_tags(body.get("tags"))?;
    let rec = find_by_arn(st, arn)?;
    let new_keys = tags
        .iter()
        .filter(|(k, _)| !rec.tags.contains_key(k))
        .count();
    if tags.iter().any(|(k, _)| k.starts_with("aws:")) {
        return Err(system_tags());
    }
    if rec.tags.len() + new_keys > MAX_TAGS {
        return Err(too_many_tags(&rec.arn));
    }
    rec.tags.extend(tags);
    Ok(json!({}))
}

pub fn untag_resource(st: &mut State, body: &Value) -> ApiResult<Value> {
    let arn = req_str(body, "resourceArn")?;
    let keys: Vec<String> = body
        .get("tagKeys")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"))?
        .iter()
        .filter_map(|k| k.as_str().map(str::to_string))
        .collect();
    let rec = find_by_arn(st, arn)?;
    for k in keys {
        if k.starts_with("aws:") {
            return Err(system_tags());
        }
        rec.tags.remove(&k);
    }
    Ok(json!({}))
}

pub fn list_tags_for_resource(st: &mut State, body: &Value) -> ApiResult<Value> {
    let arn = req_str(body, "resourceArn")?;
    let size = max_results(body, 100, 100)?;
    let start = page_start(body)?;
    let rec = find_by_arn(st, arn)?;
    let all: Vec<(String, String)> = rec.tags.clone().into_iter().collect();
    let (items, next) = page(all, start, size);
    Ok(with_next_token(
        json!({ "tags": tags_json(items.into_iter()) }),
        next,
    ))
}

// ---- helpers --------------------------------------------------------------------------------

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

fn check_tags(arn: &str, tags: &[(String, String)], existing: usize) -> ApiResult<()> {
    if tags.iter().any(|(k, _)| k.starts_with("aws:")) {
        return Err(system_tags());
    }
    if existing + tags.len() > MAX_TAGS {
        return Err(too_many_tags(arn));
    }
    Ok(())
}

fn system_tags() -> ApiError {
    ApiError::new(
        "InvalidTagsException",
        "Not allowed to modify system tags. System tags start with 'aws:'. msg=[Caller is an end user and not allowed to mutate system tags]",
    )
}

fn too_many_tags(arn: &str) -> ApiError {
    ApiError::new(
        "TooManyTagsException",
        format!("Tag limit exceeded for resource [{arn}]."),
    )
}

fn find_by_arn<'a>(st: &'a mut State, arn: &str) -> ApiResult<&'a mut PipelineRecord> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() != 6 || parts[0] != "arn" || parts[2] != "codepipeline" {
        return Err(ApiError::new(
            "InvalidArnException",
            format!("The ARN '{arn}' is not a CodePipeline resource ARN (arn:aws:codepipeline:<region>:<account>:<pipeline>)."),
        ));
    }
    let name = parts[5];
    st.pipelines.get_mut(name).ok_or_else(|| {
        ApiError::new(
            "ResourceNotFoundException",
            format!(
                "The account with id '{}' does not include a pipeline with the name '{name}'",
                crate::ACCOUNT_ID
            ),
        )
    })
}

/// Check a declaration and fill the defaults AWS fills; `version` is set.
fn check_declaration(st: &State, mut decl: Value, version: i64) -> ApiResult<Value> {
    let name = req_str(&decl, "name")?.to_string();
    check_name("Pipeline name", "pipeline.name", &name)?;
    req_str(&decl, "roleArn")?;
    let stages = decl
        .get("stages")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::validation("1 validation error detected: Value null at 'pipeline.stages' failed to satisfy constraint: Member must not be null"))?;
    if stages.len() < 2 {
        return Err(ApiError::new(
            "InvalidStructureException",
            format!(
                "Pipeline has only {} stage(s). There should be a minimum of 2 stages in a pipeline",
                stages.len()
            ),
        ));
    }
    for (i, stage) in stages.iter().enumerate() {
        let stage_name = req_str(stage, "name")?;
        check_name(
            "Stage name",
            &format!("pipeline.stages.{i}.name"),
            stage_name,
        )?;
        let actions = stage.get("actions").and_then(Value::as_array);
        if actions.is_none_or(|a| a.is_empty()) {
            return Err(ApiError::new(
                "InvalidStageDeclarationException",
                format!("Stage '{stage_name}' has no actions. A stage needs at least one action."),
            ));
        }
        for action in actions.into_iter().flatten() {
            let action_name = req_str(action, "name")?;
            check_name("Action name", "pipeline.stages.actions.name", action_name)?;
            if action.get("actionTypeId").is_none() {
                return Err(ApiError::validation(format!(
                    "Action '{action_name}' has no actionTypeId."
                )));
            }
        }
    }
    if st.config.validate_structure {
        validate_with_core(&decl)?;
    }
    if let Some(obj) = decl.as_object_mut() {
        obj.insert("version".to_string(), json!(version));
        obj.entry("executionMode").or_insert(json!("SUPERSEDED"));
        obj.entry("pipelineType").or_insert(json!("V1"));
    }
    if let Some(stages) = decl.get_mut("stages").and_then(Value::as_array_mut) {
        for stage in stages {
            if let Some(actions) = stage.get_mut("actions").and_then(Value::as_array_mut) {
                for action in actions.iter_mut().filter_map(Value::as_object_mut) {
                    action.entry("runOrder").or_insert(json!(1));
                    action.entry("configuration").or_insert(json!({}));
                    action.entry("outputArtifacts").or_insert(json!([]));
                    action.entry("inputArtifacts").or_insert(json!([]));
                }
            }
        }
    }
    Ok(decl)
}

#[cfg(not(feature = "core-validation"))]
fn validate_with_core(_decl: &Value) -> ApiResult<()> {
    Ok(())
}

/// Errors from `pipewright_core::validate` become InvalidStructureException. A validator that
/// panics or cannot read the declaration never blocks the sandbox: only error diagnostics do.
#[cfg(feature = "core-validation")]
fn validate_with_core(decl: &Value) -> ApiResult<()> {
    let doc = json!({ "pipeline": decl });
    let diagnostics = std::panic::catch_unwind(move || {
        pipewright_core::Document::from_value(doc)
            .ok()
            .map(|d| pipewright_core::validate(&d))
    });
    let Ok(Some(diagnostics)) = diagnostics else {
        return Ok(());
    };
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let at = d.pointer.strip_prefix("/pipeline").unwrap_or(&d.pointer);
            format!(
                "{} at {}: {}",
                d.code,
                if at.is_empty() { "/" } else { at },
                d.message
            )
        })
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    Err(ApiError::new(
        "InvalidStructureException",
        errors.join("; "),
    ))
}
