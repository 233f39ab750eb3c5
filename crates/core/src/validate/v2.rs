//! V2 pipelines and Commands actions (`E6xx`): V2-only features and action types on a V1
//! pipeline, pipeline variables, and the Commands action's lists.
//!
//! A pipeline without `pipelineType` is V1: "Pipelines are automatically designated as V1
//! pipelines, even if the pipeline type is not specified" (pricing page,
//! <https://aws.amazon.com/codepipeline/pricing/>).

use rustc_hash::FxHashSet;

use super::{action_ptr, len, pipeline_ptr, stage_ptr, Catalogued, Out};
use crate::document::Document;
use crate::model::Pipeline;

pub(super) fn check(doc: &Document, cat: &Catalogued, out: &mut Out) {
    let p = &doc.pipeline;
    v2_features_on_v1(p, out);
    v2_actions_on_v1(p, cat, out);
    variable_count(p, out);
    variable_fields(p, out);
    commands(p, out);
    output_variables(p, out);
    environment_variables(p, out);
    output_files(p, out);
}

fn is_v1(p: &Pipeline) -> bool {
    p.effective_type() == "V1"
}

const V2_HINT: &str =
    "Set `pipelineType: V2` (V2 is billed per action-execution minute), or remove the V2 feature.";

/// E601. V2-only features (pipeline types page,
/// <https://docs.aws.amazon.com/codepipeline/latest/userguide/pipeline-types-planning.html>):
/// "PARALLEL mode, pipeline-level variables, QUEUED mode, stage rollback, ... triggers/filtering
/// on Git tags, pull requests, branches, file paths" and stage conditions
/// (<https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-conditions.html>, V2 only).
fn v2_features_on_v1(p: &Pipeline, out: &mut Out) {
    if !is_v1(p) {
        return;
    }
    let pp = pipeline_ptr();
    if let Some(m) = p
        .execution_mode
        .as_deref()
        .filter(|m| matches!(*m, "QUEUED" | "PARALLEL"))
    {
        out.emit(
            "E601",
            &pp.key("executionMode"),
            format!("execution mode {m} needs a V2 pipeline"),
            V2_HINT,
        );
    }
    if p.variables.as_ref().is_some_and(|v| !v.is_empty()) {
        out.emit(
            "E601",
            &pp.key("variables"),
            "pipeline-level variables need a V2 pipeline",
            V2_HINT,
        );
    }
    if p.triggers.as_ref().is_some_and(|v| !v.is_empty()) {
        out.emit(
            "E601",
            &pp.key("triggers"),
            "triggers need a V2 pipeline",
            V2_HINT,
        );
    }
    for (si, s) in p.stages.iter().enumerate() {
        for (key, present) in [
            ("beforeEntry", s.before_entry.is_some()),
            ("onSuccess", s.on_success.is_some()),
            ("onFailure", s.on_failure.is_some()),
        ] {
            if present {
                out.emit(
                    "E601",
                    &stage_ptr(si).key(key),
                    format!("stage `{}` uses `{key}` (stage conditions, rollback, retry), which needs a V2 pipeline", s.name),
                    V2_HINT,
                );
            }
        }
    }
}

/// E602. "The Commands action (Compute category), ECRBuildAndPublish, EC2 deploy and EKS deploy
/// are V2-only actions" (valid providers page,
/// <https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-valid-providers.html>).
fn v2_actions_on_v1(p: &Pipeline, cat: &Catalogued, out: &mut Out) {
    if !is_v1(p) {
        return;
    }
    for (si, ai, a, prov) in cat.actions(p) {
        if let Some(prov) = prov.filter(|p| p.v2_only) {
            out.emit(
                "E602",
                &action_ptr(si, ai).key("actionTypeId"),
                format!(
                    "action `{}` ({}) is available only in V2 pipelines",
                    a.name, prov.display_name
                ),
                V2_HINT,
            );
        }
    }
}

/// E603. "PipelineVariableDeclarationList: max 50" (API model, `PipelineDeclaration.variables`).
fn variable_count(p: &Pipeline, out: &mut Out) {
    let n = p.variables.as_ref().map_or(0, Vec::len);
    if n > 50 {
        out.emit(
            "E603",
            &pipeline_ptr().key("variables"),
            format!("the pipeline declares {n} variables; at most 50 are allowed"),
            "Remove variables until at most 50 remain.",
        );
    }
}

/// E604. "PipelineVariableDeclaration: defaultValue min 1, max 1000; description max 200" (API
/// model) and unique variable names (a start-pipeline-execution value names one variable).
fn variable_fields(p: &Pipeline, out: &mut Out) {
    let mut seen = FxHashSet::default();
    for (i, v) in p.variables.iter().flatten().enumerate() {
        let at = pipeline_ptr().key("variables").index(i);
        if let Some(d) = &v.default_value {
            if !(1..=1000).contains(&len(d)) {
                out.emit("E604", &at.key("defaultValue"), format!("default value of variable `{}` must be 1 to 1000 characters", v.name), "Shorten the default value, or remove `defaultValue` to require a value at start.");
            }
        }
        if v.description.as_deref().is_some_and(|d| len(d) > 200) {
            out.emit(
                "E604",
                &at.key("description"),
                format!(
                    "description of variable `{}` is over 200 characters",
                    v.name
                ),
                "Shorten the description to at most 200 characters.",
            );
        }
        if !v.name.is_empty() && !seen.insert(v.name.as_str()) {
            out.emit(
                "E604",
                &at.key("name"),
                format!("variable `{}` is declared more than once", v.name),
                "Remove or rename the duplicate variable.",
            );
        }
    }
}

/// E610. "commands: CommandList min 1, max 50; Command min 1, max 1000" (API model,
/// `ActionDeclaration.commands`); the Commands action requires `commands` (action reference,
/// <https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Commands.html>).
fn commands(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        let at = || action_ptr(si, ai).key("commands");
        let is_commands =
            a.action_type_id.category == "Compute" && a.action_type_id.provider == "Commands";
        match &a.commands {
            None if is_commands => out.emit(
                "E610",
                &at(),
                format!("Commands action `{}` has no `commands`", a.name),
                "Add 1 to 50 shell commands (one line each).",
            ),
            None => {}
            Some(list) => {
                if !(1..=50).contains(&list.len()) {
                    out.emit("E610", &at(), format!("action `{}` has {} commands; 1 to 50 are allowed", a.name, list.len()), "Keep 1 to 50 commands; move longer scripts into a file in the source and run it.");
                }
                for (i, c) in list.iter().enumerate() {
                    if !(1..=1000).contains(&len(c)) {
                        out.emit(
                            "E610",
                            &at().index(i),
                            format!(
                                "command {} of action `{}` must be 1 to 1000 characters",
                                i + 1,
                                a.name
                            ),
                            "Split the command, or move it into a script file.",
                        );
                    }
                }
            }
        }
    }
}

/// E611. "outputVariables: OutputVariableList min 1, max 15" (API model).
fn output_variables(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        if let Some(v) = &a.output_variables {
            if !(1..=15).contains(&v.len()) {
                out.emit("E611", &action_ptr(si, ai).key("outputVariables"), format!("action `{}` lists {} output variables; 1 to 15 are allowed", a.name, v.len()), "List 1 to 15 environment variable names to export, or remove `outputVariables`.");
            }
        }
    }
}

/// E612. "environmentVariables: EnvironmentVariableList min 1, max 10; value min 1, max 2000"
/// (API model, `EnvironmentVariable`).
fn environment_variables(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        let Some(list) = &a.environment_variables else {
            continue;
        };
        let at = action_ptr(si, ai).key("environmentVariables");
        if !(1..=10).contains(&list.len()) {
            out.emit(
                "E612",
                &at,
                format!(
                    "action `{}` has {} environment variables; 1 to 10 are allowed",
                    a.name,
                    list.len()
                ),
                "Keep 1 to 10 environment variables, or remove `environmentVariables`.",
            );
        }
        for (i, e) in list.iter().enumerate() {
            if len(&e.value) > 2000 {
                out.emit(
                    "E612",
                    &at.index(i).key("value"),
                    format!(
                        "environment variable `{}` has a value over 2000 characters",
                        e.name
                    ),
                    "Shorten the value, or keep it in Secrets Manager (type SECRETS_MANAGER).",
                );
            }
        }
    }
}

/// E613. "OutputArtifact.files: FilePathList min 1, max 10" (API model).
fn output_files(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        for (i, o) in a.output_artifacts.iter().flatten().enumerate() {
            if let Some(files) = &o.files {
                if !(1..=10).contains(&files.len()) {
                    out.emit(
                        "E613",
                        &action_ptr(si, ai)
                            .key("outputArtifacts")
                            .index(i)
                            .key("files"),
                        format!(
                            "output artifact `{}` lists {} file paths; 1 to 10 are allowed",
                            o.name,
                            files.len()
                        ),
                        "List 1 to 10 paths or globs (e.g. `dist/**/*`).",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::validate::testing::{assert_fires_at, base, codes, rule_cases, set};

    rule_cases! {
        e601_v2_features_on_v1: "E601",
        e602_v2_actions_on_v1: "E602",
        e603_variable_count: "E603",
        e604_variable_fields: "E604",
        e610_commands: "E610",
        e611_output_variables: "E611",
        e612_environment_variables: "E612",
        e613_output_files: "E613",
    }

    #[test]
    fn each_rule_fires_at_its_pointer() {
        assert_fires_at(vec![(
            set(base(), "/pipeline/pipelineType", json!("V1")),
            "E601",
            "/pipeline/executionMode",
        )]);
    }

    #[test]
    fn v2_only_action_on_v1() {
        let mut v = base();
        v["pipeline"]["pipelineType"] = json!("V1");
        v["pipeline"]
            .as_object_mut()
            .unwrap()
            .shift_remove("executionMode");
        v["pipeline"]["stages"][1]["actions"][0] = json!({
            "name": "Run",
            "actionTypeId": {"category": "Compute", "owner": "AWS", "provider": "Commands", "version": "1"},
            "commands": ["make"],
            "inputArtifacts": [{"name": "SourceOut"}],
            "outputArtifacts": [{"name": "BuildOut", "files": ["dist/**/*"]}]
        });
        assert_eq!(codes(v), vec!["E602"]);
    }
}
