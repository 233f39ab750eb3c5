//! Pipeline structure (`E110`, `E2xx`): required fields, stage and action counts, run order,
//! where source actions go, unique names and enumerated values.
//!
//! Sources: the API model (required members, list lengths, enums), the quotas page
//! (<https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html>) and the pipeline
//! structure reference (<https://docs.aws.amazon.com/codepipeline/latest/userguide/pipeline-requirements.html>,
//! <https://docs.aws.amazon.com/codepipeline/latest/userguide/action-requirements.html>).

use super::names::stage_conditions;
use rustc_hash::FxHashMap;

use super::{action_ptr, fast_set, pipeline_ptr, quoted_list, stage_ptr, Out};
use crate::catalog::{CATEGORIES, OWNERS};
use crate::codec::Pointer;
use crate::model::{Action, Pipeline};

pub(super) fn check(p: &Pipeline, out: &mut Out) {
    required_fields(p, out);
    stage_count(p, out);
    actions_per_stage(p, out);
    actions_per_pipeline(p, out);
    run_order(p, out);
    first_stage_sources_only(p, out);
    sources_only_in_first_stage(p, out);
    some_non_source_action(p, out);
    unique_stage_names(p, out);
    unique_action_names(p, out);
    enum_values(p, out);
    unique_namespaces(p, out);
}

pub(super) fn is_source(a: &Action) -> bool {
    a.action_type_id.category == "Source"
}

fn missing(out: &mut Out, at: Pointer, what: &str, hint: &str) {
    out.emit("E110", &at, format!("{what} is required"), hint);
}

/// E110. Required members of the API model: `PipelineDeclaration` requires name, roleArn,
/// stages; `StageDeclaration` name, actions; `ActionDeclaration` name, actionTypeId;
/// `ActionTypeId` category, owner, provider, version; `InputArtifact` / `OutputArtifact` name;
/// `ArtifactStore` type, location; `EncryptionKey` id, type; `RuleDeclaration` name,
/// ruleTypeId; `RuleTypeId` category, provider; `EnvironmentVariable` name, value;
/// `PipelineVariableDeclaration` name; `PipelineTriggerDeclaration` providerType,
/// gitConfiguration; `GitConfiguration` sourceActionName.
fn required_fields(p: &Pipeline, out: &mut Out) {
    let pp = pipeline_ptr();
    if p.name.is_empty() {
        missing(
            out,
            pp.key("name"),
            "the pipeline name",
            "Give the pipeline a name (it cannot be changed after creation).",
        );
    }
    if p.role_arn.is_empty() {
        missing(out, pp.key("roleArn"), "the pipeline role (`roleArn`)", "Set `roleArn` to the ARN of the IAM role CodePipeline assumes, e.g. `arn:aws:iam::123456789012:role/MyPipelineRole`.");
    }
    let mut stores: Vec<(Pointer, &crate::model::ArtifactStore)> = Vec::new();
    if let Some(s) = &p.artifact_store {
        stores.push((pp.key("artifactStore"), s));
    }
    for (region, s) in p.artifact_stores.iter().flatten() {
        stores.push((pp.key("artifactStores").key(region), s));
    }
    for (at, s) in stores {
        if s.store_type.is_empty() {
            missing(
                out,
                at.key("type"),
                "the artifact store `type`",
                "Set `type` to `S3`.",
            );
        }
        if s.location.is_empty() {
            missing(
                out,
                at.key("location"),
                "the artifact store `location`",
                "Set `location` to the name of the S3 bucket that holds the pipeline's artifacts.",
            );
        }
        if let Some(k) = &s.encryption_key {
            if k.id.is_empty() {
                missing(
                    out,
                    at.key("encryptionKey").key("id"),
                    "the encryption key `id`",
                    "Set `id` to a KMS key ARN, id or alias ARN.",
                );
            }
            if k.key_type.is_empty() {
                missing(
                    out,
                    at.key("encryptionKey").key("type"),
                    "the encryption key `type`",
                    "Set `type` to `KMS`.",
                );
            }
        }
    }
    for (si, s) in p.stages.iter().enumerate() {
        if s.name.is_empty() {
            missing(
                out,
                stage_ptr(si).key("name"),
                "the stage name",
                "Name the stage (unique in the pipeline).",
            );
        }
        for (at, c) in stage_conditions(si, s) {
            for (ri, r) in c.rules.iter().flatten().enumerate() {
                let rp = at.key("rules").index(ri);
                if r.name.is_empty() {
                    missing(out, rp.key("name"), "the rule name", "Name the rule.");
                }
                if r.rule_type_id.category.is_empty() {
                    missing(
                        out,
                        rp.key("ruleTypeId").key("category"),
                        "the rule category",
                        "Set `category` to `Rule`.",
                    );
                }
                if r.rule_type_id.provider.is_empty() {
                    missing(out, rp.key("ruleTypeId").key("provider"), "the rule provider", "Set `provider`, e.g. `DeploymentWindow`, `CloudWatchAlarm`, `LambdaInvoke`, `VariableCheck` or `Commands`.");
                }
            }
        }
    }
    for (si, ai, a) in p.actions() {
        let ap = || action_ptr(si, ai);
        if a.name.is_empty() {
            missing(
                out,
                ap().key("name"),
                "the action name",
                "Name the action (unique in its stage).",
            );
        }
        let t = &a.action_type_id;
        for (field, value, hint) in [
            (
                "category",
                &t.category,
                "Set `category`: Source, Build, Test, Deploy, Approval, Invoke or Compute.",
            ),
            ("owner", &t.owner, "Set `owner`: AWS, ThirdParty or Custom."),
            (
                "provider",
                &t.provider,
                "Set `provider`, e.g. CodeBuild; pick one from the palette.",
            ),
            (
                "version",
                &t.version,
                "Set `version`; every AWS provider is at version `1`.",
            ),
        ] {
            if value.is_empty() {
                missing(
                    out,
                    ap().key("actionTypeId").key(field),
                    &format!("the action type `{field}`"),
                    hint,
                );
            }
        }
        let inputs = a
            .input_names()
            .enumerate()
            .map(|(i, n)| ("inputArtifacts", i, n));
        let outputs = a
            .output_names()
            .enumerate()
            .map(|(i, n)| ("outputArtifacts", i, n));
        for (key, i, n) in inputs.chain(outputs) {
            if n.is_empty() {
                missing(
                    out,
                    ap().key(key).index(i).key("name"),
                    "the artifact name",
                    "Name the artifact (letters, digits, `_`, `-`).",
                );
            }
        }
        for (i, e) in a.environment_variables.iter().flatten().enumerate() {
            let ep = ap().key("environmentVariables").index(i);
            if e.name.is_empty() {
                missing(
                    out,
                    ep.key("name"),
                    "the environment variable name",
                    "Name the variable (letters, digits, `_`).",
                );
            }
            if e.value.is_empty() {
                missing(out, ep.key("value"), "the environment variable value", "Give the variable a value of 1 to 2000 characters (a secret's ARN or name with type SECRETS_MANAGER).");
            }
        }
    }
    for (i, v) in p.variables.iter().flatten().enumerate() {
        if v.name.is_empty() {
            missing(
                out,
                pp.key("variables").index(i).key("name"),
                "the variable name",
                "Name the pipeline variable.",
            );
        }
    }
    for (i, t) in p.triggers.iter().flatten().enumerate() {
        let tp = pp.key("triggers").index(i);
        if t.provider_type.is_empty() {
            missing(
                out,
                tp.key("providerType"),
                "the trigger `providerType`",
                "Set `providerType` to `CodeStarSourceConnection`.",
            );
        }
        if t.git_configuration.source_action_name.is_empty() {
            missing(
                out,
                tp.key("gitConfiguration").key("sourceActionName"),
                "the trigger's `sourceActionName`",
                "Name the CodeStarSourceConnection source action this trigger starts.",
            );
        }
    }
}

/// E201. "Stages per pipeline: minimum 2, maximum 50" (quotas page) and "A pipeline must
/// contain at least two stages" (pipeline structure reference).
fn stage_count(p: &Pipeline, out: &mut Out) {
    let n = p.stages.len();
    if !(2..=50).contains(&n) {
        out.emit(
            "E201",
            &pipeline_ptr().key("stages"),
            format!("the pipeline has {n} stage(s); it needs 2 to 50"),
            if n < 2 {
                "Add a source stage first and at least one more stage (build, test, deploy, ...)."
            } else {
                "Merge stages or split the pipeline: at most 50 stages are allowed."
            },
        );
    }
}

/// E202. "Actions per stage: minimum 1, maximum 50" (quotas page).
fn actions_per_stage(p: &Pipeline, out: &mut Out) {
    for (si, s) in p.stages.iter().enumerate() {
        let n = s.actions.len();
        if !(1..=50).contains(&n) {
            out.emit(
                "E202",
                &stage_ptr(si).key("actions"),
                format!(
                    "stage `{}` has {n} action(s); a stage needs 1 to 50",
                    s.name
                ),
                if n == 0 {
                    "Add an action to the stage, or remove the stage."
                } else {
                    "Move actions to another stage: at most 50 per stage."
                },
            );
        }
    }
}

/// E203. "Maximum number of actions per pipeline: 500" (quotas page).
fn actions_per_pipeline(p: &Pipeline, out: &mut Out) {
    let n: usize = p.stages.iter().map(|s| s.actions.len()).sum();
    if n > 500 {
        out.emit(
            "E203",
            &pipeline_ptr().key("stages"),
            format!("the pipeline has {n} actions; at most 500 are allowed"),
            "Split the pipeline into several pipelines.",
        );
    }
}

/// E204. "ActionRunOrder: integer, min 1, max 999" (API model, `ActionDeclaration.runOrder`).
fn run_order(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        if let Some(r) = a.run_order {
            if !(1..=999).contains(&r) {
                out.emit(
                    "E204",
                    &action_ptr(si, ai).key("runOrder"),
                    format!("runOrder {r} is out of range; it must be 1 to 999"),
                    "Use a positive run order; actions with the same number run in parallel, gaps are allowed.",
                );
            }
        }
    }
}

/// E205. "The first stage must contain at least one source action, and can contain only source
/// actions" (pipeline structure reference).
fn first_stage_sources_only(p: &Pipeline, out: &mut Out) {
    let Some(first) = p.stages.first() else {
        return;
    };
    for (ai, a) in first.actions.iter().enumerate() {
        if !is_source(a) && !a.action_type_id.category.is_empty() {
            out.emit(
                "E205",
                &action_ptr(0, ai).key("actionTypeId").key("category"),
                format!("action `{}` is a {} action in the first stage; the first stage may hold only source actions", a.name, a.action_type_id.category),
                "Move this action to a later stage; the first stage holds the source actions only.",
            );
        }
    }
}

/// E206. "Only the first stage of a pipeline can contain source actions" (pipeline structure
/// reference).
fn sources_only_in_first_stage(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        if si > 0 && is_source(a) {
            out.emit(
                "E206",
                &action_ptr(si, ai).key("actionTypeId").key("category"),
                format!("source action `{}` is in stage `{}`; source actions may be only in the first stage", a.name, p.stages[si].name),
                "Move the source action into the first stage.",
            );
        }
    }
}

/// E207. "At least one stage in the pipeline must contain an action that is not a source
/// action" (pipeline structure reference).
fn some_non_source_action(p: &Pipeline, out: &mut Out) {
    let any_action = p.actions().next().is_some();
    if any_action && p.actions().all(|(_, _, a)| is_source(a)) {
        out.emit(
            "E207",
            &pipeline_ptr().key("stages"),
            "every action in the pipeline is a source action",
            "Add a stage with a build, test, deploy, approval, invoke or compute action.",
        );
    }
}

/// E208. "Stage names must be unique within a pipeline" (pipeline structure reference).
fn unique_stage_names(p: &Pipeline, out: &mut Out) {
    let mut seen = fast_set(p.stages.len());
    for (si, s) in p.stages.iter().enumerate() {
        if !s.name.is_empty() && !seen.insert(s.name.as_str()) {
            out.emit(
                "E208",
                &stage_ptr(si).key("name"),
                format!("stage name `{}` is used more than once", s.name),
                "Rename one of the stages.",
            );
        }
    }
}

/// E209. "Action names must be unique within a stage" (pipeline structure reference).
fn unique_action_names(p: &Pipeline, out: &mut Out) {
    for (si, s) in p.stages.iter().enumerate() {
        let mut seen = fast_set(s.actions.len());
        for (ai, a) in s.actions.iter().enumerate() {
            if !a.name.is_empty() && !seen.insert(a.name.as_str()) {
                out.emit(
                    "E209",
                    &action_ptr(si, ai).key("name"),
                    format!(
                        "action name `{}` is used more than once in stage `{}`",
                        a.name, s.name
                    ),
                    "Rename one of the actions.",
                );
            }
        }
    }
}

/// Report E210 when `value` is set and not in `allowed`; the pointer is built only then.
fn enum_value(
    out: &mut Out,
    at: impl FnOnce() -> Pointer,
    field: &str,
    value: &str,
    allowed: &[&str],
) {
    if !value.is_empty() && !allowed.contains(&value) {
        out.emit(
            "E210",
            &at(),
            format!("{field} `{value}` is not one of {}", quoted_list(allowed)),
            format!(
                "Use one of {} (the values are case-sensitive).",
                quoted_list(allowed)
            ),
        );
    }
}

/// E210. Enumerations of the API model: `ActionCategory` Source|Build|Deploy|Test|Invoke|
/// Approval|Compute; `ActionOwner` AWS|ThirdParty|Custom; `ExecutionMode`
/// QUEUED|SUPERSEDED|PARALLEL; `PipelineType` V1|V2; `Result` ROLLBACK|FAIL|RETRY|SKIP;
/// `StageRetryMode` FAILED_ACTIONS|ALL_ACTIONS; `GitPullRequestEventType` OPEN|UPDATED|CLOSED;
/// `EnvironmentVariableType` PLAINTEXT|SECRETS_MANAGER.
fn enum_values(p: &Pipeline, out: &mut Out) {
    let pp = pipeline_ptr();
    if let Some(m) = &p.execution_mode {
        enum_value(
            out,
            || pp.key("executionMode"),
            "executionMode",
            m,
            &["QUEUED", "SUPERSEDED", "PARALLEL"],
        );
    }
    if let Some(t) = &p.pipeline_type {
        enum_value(
            out,
            || pp.key("pipelineType"),
            "pipelineType",
            t,
            &["V1", "V2"],
        );
    }
    const RESULTS: &[&str] = &["ROLLBACK", "FAIL", "RETRY", "SKIP"];
    for (si, s) in p.stages.iter().enumerate() {
        if let Some(f) = &s.on_failure {
            let fp = stage_ptr(si).key("onFailure");
            if let Some(r) = &f.result {
                enum_value(out, || fp.key("result"), "onFailure result", r, RESULTS);
            }
            if let Some(m) = f
                .retry_configuration
                .as_ref()
                .and_then(|c| c.retry_mode.as_ref())
            {
                enum_value(
                    out,
                    || fp.key("retryConfiguration").key("retryMode"),
                    "retryMode",
                    m,
                    &["FAILED_ACTIONS", "ALL_ACTIONS"],
                );
            }
        }
        for (at, c) in stage_conditions(si, s) {
            if let Some(r) = &c.result {
                enum_value(out, || at.key("result"), "condition result", r, RESULTS);
            }
        }
    }
    for (si, ai, a) in p.actions() {
        let ap = || action_ptr(si, ai);
        let t = &a.action_type_id;
        enum_value(
            out,
            || ap().key("actionTypeId").key("category"),
            "category",
            &t.category,
            CATEGORIES,
        );
        enum_value(
            out,
            || ap().key("actionTypeId").key("owner"),
            "owner",
            &t.owner,
            OWNERS,
        );
        for (i, e) in a.environment_variables.iter().flatten().enumerate() {
            if let Some(ty) = &e.var_type {
                enum_value(
                    out,
                    || ap().key("environmentVariables").index(i).key("type"),
                    "environment variable type",
                    ty,
                    &["PLAINTEXT", "SECRETS_MANAGER"],
                );
            }
        }
    }
    for (ti, t) in p.triggers.iter().flatten().enumerate() {
        for (fi, f) in t
            .git_configuration
            .pull_request
            .iter()
            .flatten()
            .enumerate()
        {
            for (ei, e) in f.events.iter().flatten().enumerate() {
                let at = || {
                    pp.key("triggers")
                        .index(ti)
                        .key("gitConfiguration")
                        .key("pullRequest")
                        .index(fi)
                        .key("events")
                        .index(ei)
                };
                enum_value(
                    out,
                    at,
                    "pull request event",
                    e,
                    &["OPEN", "UPDATED", "CLOSED"],
                );
            }
        }
    }
}

/// E212. "Each namespace must be unique" within a pipeline: variables are referenced as
/// `#{Namespace.Variable}`, so two actions cannot share one (user guide, Variables reference,
/// <https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-variables.html>).
fn unique_namespaces(p: &Pipeline, out: &mut Out) {
    let mut seen: FxHashMap<&str, &str> = FxHashMap::default();
    for (si, ai, a) in p.actions() {
        let Some(ns) = a.namespace.as_deref().filter(|n| !n.is_empty()) else {
            continue;
        };
        if let Some(first) = seen.insert(ns, a.name.as_str()) {
            out.emit(
                "E212",
                &action_ptr(si, ai).key("namespace"),
                format!("namespace `{ns}` is already used by action `{first}`"),
                "Give each action its own namespace.",
            );
            seen.insert(ns, first);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::validate::testing::{assert_fires_at, base, codes, remove, rule_cases, set};

    rule_cases! {
        e110_required_field: "E110",
        e201_stage_count: "E201",
        e202_actions_per_stage: "E202",
        e203_actions_per_pipeline: "E203",
        e204_run_order: "E204",
        e205_first_stage_sources_only: "E205",
        e206_sources_only_in_first_stage: "E206",
        e208_unique_stage_names: "E208",
        e209_unique_action_names: "E209",
        e210_enum_values: "E210",
        e212_unique_namespaces: "E212",
    }

    #[test]
    fn each_rule_fires_at_its_pointer() {
        assert_fires_at(vec![
            (
                remove(base(), "/pipeline/roleArn"),
                "E110",
                "/pipeline/roleArn",
            ),
            (
                set(base(), "/pipeline/stages/1/actions/0/runOrder", json!(0)),
                "E204",
                "/pipeline/stages/1/actions/0/runOrder",
            ),
            (
                set(base(), "/pipeline/stages/2/name", json!("Build")),
                "E208",
                "/pipeline/stages/2/name",
            ),
            (
                set(
                    base(),
                    "/pipeline/stages/2/actions/1/name",
                    json!("Approve"),
                ),
                "E209",
                "/pipeline/stages/2/actions/1/name",
            ),
            (
                set(base(), "/pipeline/executionMode", json!("queued")),
                "E210",
                "/pipeline/executionMode",
            ),
        ]);
    }

    /// E207 cannot be the only error of a document: a pipeline whose actions are all sources has
    /// either one stage (E201) or a source outside the first stage (E206).
    #[test]
    fn only_source_actions_is_e207() {
        let mut v = base();
        let source = v["pipeline"]["stages"][0].clone();
        let mut second = source.clone();
        second["name"] = json!("More");
        second["actions"][0]["name"] = json!("More");
        second["actions"][0]["outputArtifacts"][0]["name"] = json!("MoreOut");
        v["pipeline"]["stages"] = json!([source, second]);
        let got = codes(v);
        assert!(got.contains(&"E207"), "{got:?}");
        assert!(got.contains(&"E206"), "{got:?}");
    }
}
