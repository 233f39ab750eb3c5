//! Pipelines: what CreatePipeline, UpdatePipeline and DeletePipeline do to the store, the
//! structure checks AWS makes on a declaration (and `pipewright_core::validate`'s, unless turned
//! off), tags, and stage transitions. Declarations stay JSON, as the caller sent them plus the
//! defaults AWS fills, so GetPipeline answers them unchanged.

use std::collections::BTreeMap;

use pipewright_core::arn::Arn;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::executions::commands::cancel_running;
use crate::store::{Direction, PipelineRecord, Store, Transition};
use crate::wire::{check_name, req_str};

const MAX_TAGS: usize = 50;

/// Check and store a new pipeline; its declaration as stored (defaults filled, version 1).
pub fn insert(
    st: &mut Store,
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
    let tags: BTreeMap<String, String> = tags.into_iter().collect();
    st.pipelines
        .insert(name, PipelineRecord::new(decl.clone(), arn, tags, now));
    Ok(decl)
}

/// Store a new version of a pipeline; its declaration as stored. Running executions finish
/// their running actions and end Cancelled.
pub fn update(st: &mut Store, decl: Value, now: f64) -> ApiResult<Value> {
    let name = req_str(&decl, "name")?.to_string();
    check_name("Pipeline name", "pipeline.name", &name)?;
    let version = st.pipeline(&name)?.version() + 1;
    let decl = check_declaration(st, decl, version)?;
    let rec = st.pipeline_mut(&name)?;
    rec.versions.push(decl.clone());
    rec.updated = now;
    cancel_running(st, &name, now);
    Ok(decl)
}

/// Forget a pipeline and its executions (no error when there is none, as AWS).
pub fn delete(st: &mut Store, name: &str) -> ApiResult<()> {
    check_name("Pipeline name", "name", name)?;
    if let Some(rec) = st.pipelines.remove(name) {
        for id in rec.executions {
            st.executions.remove(&id);
        }
        st.run_counts.retain(|(p, _, _), _| p != name);
    }
    Ok(())
}

/// Add or replace tags of the pipeline with this ARN.
pub fn tag(st: &mut Store, arn: &str, tags: Vec<(String, String)>) -> ApiResult<()> {
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
    Ok(())
}

/// Remove tags of the pipeline with this ARN.
pub fn untag(st: &mut Store, arn: &str, keys: Vec<String>) -> ApiResult<()> {
    let rec = find_by_arn(st, arn)?;
    for k in keys {
        if k.starts_with("aws:") {
            return Err(system_tags());
        }
        rec.tags.remove(&k);
    }
    Ok(())
}

/// The tags of the pipeline with this ARN, by key.
pub fn tags(st: &mut Store, arn: &str) -> ApiResult<Vec<(String, String)>> {
    Ok(find_by_arn(st, arn)?.tags.clone().into_iter().collect())
}

/// Enable or disable a stage's inbound or outbound transition.
pub fn set_transition(
    st: &mut Store,
    pipeline: &str,
    stage: &str,
    dir: Direction,
    transition: Transition,
) -> ApiResult<()> {
    let rec = st.pipeline_mut(pipeline)?;
    if !rec.stage_names().iter().any(|s| s == stage) {
        return Err(ApiError::stage_not_found(pipeline, stage));
    }
    rec.transitions.insert((stage.to_string(), dir), transition);
    Ok(())
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

fn find_by_arn<'a>(st: &'a mut Store, arn: &str) -> ApiResult<&'a mut PipelineRecord> {
    let Some(parsed) = Arn::parse_of(arn, "codepipeline") else {
        return Err(ApiError::new(
            "InvalidArnException",
            format!("The ARN '{arn}' is not a CodePipeline resource ARN (arn:aws:codepipeline:<region>:<account>:<pipeline>)."),
        ));
    };
    let name = parsed.resource;
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
fn check_declaration(st: &Store, mut decl: Value, version: i64) -> ApiResult<Value> {
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
