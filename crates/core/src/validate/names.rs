//! Names, identifiers and formats (`E1xx`): pipeline / stage / action / rule names, artifact
//! names, namespaces, variable names, role ARNs, regions and tags.
//!
//! Source for every pattern and length: the CodePipeline API model (botocore
//! `codepipeline/2015-07-09/service-2.json`, the model aws-sdk-codepipeline is generated from).
//! The model's patterns are unanchored Java regexes that the service matches against the whole
//! value; they are checked here as whole-value matches. Empty names are reported once, as
//! missing fields (`E110`), not here.

use std::sync::LazyLock;

use regex::Regex;

use super::{action_ptr, fits, len, only, pipeline_ptr, stage_ptr, Out};
use crate::codec::Pointer;
use crate::document::Document;
use crate::model::{Condition, Pipeline, Stage};

const NAME_CHARS: &[u8] = b".@-_";
const NAME_HINT: &str = "Use 1 to 100 letters, digits and `.`, `@`, `-`, `_` (no spaces).";

/// `[A-Za-z0-9.@\-_]+`, 1..100: pipeline, stage, action and rule names.
fn name_ok(s: &str) -> bool {
    (1..=100).contains(&len(s)) && only(s, NAME_CHARS)
}

pub(super) fn check(doc: &Document, out: &mut Out) {
    let p = &doc.pipeline;
    pipeline_name(p, out);
    stage_names(p, out);
    action_names(p, out);
    rule_names(p, out);
    artifact_names(p, out);
    namespaces(p, out);
    variable_names(p, out);
    environment_variable_names(p, out);
    type_id_formats(p, out);
    role_arns(p, out);
    region_names(p, out);
    tags(doc, out);
}

/// E101. "PipelineName: min 1, max 100, pattern `[A-Za-z0-9.@\-_]+`" (API model,
/// `PipelineDeclaration.name`).
fn pipeline_name(p: &Pipeline, out: &mut Out) {
    if !p.name.is_empty() && !name_ok(&p.name) {
        out.emit(
            "E101",
            &pipeline_ptr().key("name"),
            format!("pipeline name `{}` is not a valid name", p.name),
            NAME_HINT,
        );
    }
}

/// E102. "StageName: min 1, max 100, pattern `[A-Za-z0-9.@\-_]+`" (API model,
/// `StageDeclaration.name`).
fn stage_names(p: &Pipeline, out: &mut Out) {
    for (si, s) in p.stages.iter().enumerate() {
        if !s.name.is_empty() && !name_ok(&s.name) {
            out.emit(
                "E102",
                &stage_ptr(si).key("name"),
                format!("stage name `{}` is not a valid name", s.name),
                NAME_HINT,
            );
        }
    }
}

/// E103. "ActionName: min 1, max 100, pattern `[A-Za-z0-9.@\-_]+`" (API model,
/// `ActionDeclaration.name`).
fn action_names(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        if !a.name.is_empty() && !name_ok(&a.name) {
            out.emit(
                "E103",
                &action_ptr(si, ai).key("name"),
                format!("action name `{}` is not a valid name", a.name),
                NAME_HINT,
            );
        }
    }
}

/// Every condition of a stage with its pointer (`beforeEntry`, `onSuccess`, `onFailure`).
pub(super) fn stage_conditions(si: usize, s: &Stage) -> Vec<(Pointer, &Condition)> {
    let mut all = Vec::new();
    let lists = [
        (
            "beforeEntry",
            s.before_entry.as_ref().map(|c| &c.conditions),
        ),
        ("onSuccess", s.on_success.as_ref().map(|c| &c.conditions)),
        (
            "onFailure",
            s.on_failure.as_ref().and_then(|c| c.conditions.as_ref()),
        ),
    ];
    for (key, list) in lists {
        for (ci, c) in list.into_iter().flatten().enumerate() {
            all.push((stage_ptr(si).key(key).key("conditions").index(ci), c));
        }
    }
    all
}

/// E104. "RuleName: min 1, max 100, pattern `[A-Za-z0-9.@\-_]+`" (API model,
/// `RuleDeclaration.name`).
fn rule_names(p: &Pipeline, out: &mut Out) {
    for (si, s) in p.stages.iter().enumerate() {
        for (at, c) in stage_conditions(si, s) {
            for (ri, r) in c.rules.iter().flatten().enumerate() {
                if !r.name.is_empty() && !name_ok(&r.name) {
                    out.emit(
                        "E104",
                        &at.key("rules").index(ri).key("name"),
                        format!("rule name `{}` is not a valid name", r.name),
                        NAME_HINT,
                    );
                }
            }
        }
    }
}

/// E105. "ArtifactName: min 1, max 100, pattern `[a-zA-Z0-9_\-]+`" (API model,
/// `InputArtifact.name` / `OutputArtifact.name`). Unlike stage and action names, no `.` or `@`.
fn artifact_names(p: &Pipeline, out: &mut Out) {
    let ok = |s: &str| (1..=100).contains(&len(s)) && only(s, b"_-");
    for (si, ai, a) in p.actions() {
        let inputs = a
            .input_names()
            .enumerate()
            .map(|(i, n)| ("inputArtifacts", i, n));
        let outputs = a
            .output_names()
            .enumerate()
            .map(|(i, n)| ("outputArtifacts", i, n));
        for (key, i, n) in inputs.chain(outputs) {
            if !n.is_empty() && !ok(n) {
                out.emit(
                    "E105",
                    &action_ptr(si, ai).key(key).index(i).key("name"),
                    format!("artifact name `{n}` is not a valid artifact name"),
                    "Use 1 to 100 letters, digits, `_` and `-` (artifact names allow no `.`, `@` or spaces).",
                );
            }
        }
    }
}

/// E106. "ActionNamespace: min 1, max 100, pattern `[A-Za-z0-9@\-_]+`" (API model,
/// `ActionDeclaration.namespace`).
fn namespaces(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        if let Some(ns) = &a.namespace {
            if !fits(ns, 1, 100, b"@-_") {
                out.emit(
                    "E106",
                    &action_ptr(si, ai).key("namespace"),
                    format!("namespace `{ns}` is not a valid variable namespace"),
                    "Use 1 to 100 letters, digits, `@`, `-` and `_` (no `.`).",
                );
            }
        }
    }
}

/// E107. "PipelineVariableName: min 1, max 128, pattern `[A-Za-z0-9@\-_]+`" (API model,
/// `PipelineVariableDeclaration.name`). The model's doc text says "alphanumeric and underscore";
/// the pattern the service enforces also allows `@` and `-`, and we follow the pattern.
fn variable_names(p: &Pipeline, out: &mut Out) {
    for (i, v) in p.variables.iter().flatten().enumerate() {
        if !v.name.is_empty() && !fits(&v.name, 1, 128, b"@-_") {
            out.emit(
                "E107",
                &pipeline_ptr().key("variables").index(i).key("name"),
                format!("pipeline variable name `{}` is not valid", v.name),
                "Use 1 to 128 letters, digits, `@`, `-` and `_`.",
            );
        }
    }
}

/// E108. "EnvironmentVariableName: min 1, max 128, pattern `[A-Za-z0-9_]+`" (API model,
/// `EnvironmentVariable.name`, Commands action).
fn environment_variable_names(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        for (i, e) in a.environment_variables.iter().flatten().enumerate() {
            if !e.name.is_empty() && !fits(&e.name, 1, 128, b"_") {
                out.emit(
                    "E108",
                    &action_ptr(si, ai)
                        .key("environmentVariables")
                        .index(i)
                        .key("name"),
                    format!("environment variable name `{}` is not valid", e.name),
                    "Use 1 to 128 letters, digits and `_`.",
                );
            }
        }
    }
}

/// E109. "ActionProvider / RuleProvider: min 1, max 35, pattern `[0-9A-Za-z_-]+`; Version: min 1,
/// max 9, pattern `[0-9A-Za-z_-]+`" (API model, `ActionTypeId`, `RuleTypeId`).
fn type_id_formats(p: &Pipeline, out: &mut Out) {
    let check = |out: &mut Out, at: &dyn Fn() -> Pointer, field: &str, value: &str, max: usize| {
        if !value.is_empty() && !fits(value, 1, max, b"_-") {
            out.emit(
                "E109",
                &at().key(field),
                format!("{field} `{value}` is not valid"),
                format!("Use 1 to {max} letters, digits, `_` and `-`."),
            );
        }
    };
    for (si, ai, a) in p.actions() {
        let at = || action_ptr(si, ai).key("actionTypeId");
        check(out, &at, "provider", &a.action_type_id.provider, 35);
        check(out, &at, "version", &a.action_type_id.version, 9);
    }
    for (si, s) in p.stages.iter().enumerate() {
        for (c_at, c) in stage_conditions(si, s) {
            for (ri, r) in c.rules.iter().flatten().enumerate() {
                let at = || c_at.key("rules").index(ri).key("ruleTypeId");
                check(out, &at, "provider", &r.rule_type_id.provider, 35);
                if let Some(v) = &r.rule_type_id.version {
                    check(out, &at, "version", v, 9);
                }
            }
        }
    }
}

static ROLE_ARN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^arn:aws(-[\w]+)*:iam::[0-9]{12}:role/.*$").expect("the role ARN pattern compiles")
});

/// Whether `arn` matches [`ROLE_ARN`]. ASCII text (every real ARN) is matched by hand, where
/// `\w` is `[A-Za-z0-9_]` as in the regex: a regex match cost about 5,000 instructions, as much
/// as all other name rules of a design together. Other text goes to the regex.
fn is_role_arn(arn: &str) -> bool {
    if !arn.is_ascii() {
        return ROLE_ARN.is_match(arn);
    }
    let word = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let Some((partition, rest)) = arn.strip_prefix("arn:aws").and_then(|r| r.split_once(':'))
    else {
        return false;
    };
    let partition_ok = partition.is_empty()
        || partition
            .strip_prefix('-')
            .is_some_and(|p| p.split('-').all(word));
    let Some((account, resource)) = rest
        .strip_prefix("iam::")
        .and_then(|r| r.split_at_checked(12))
    else {
        return false;
    };
    partition_ok
        && account.bytes().all(|b| b.is_ascii_digit())
        && resource
            .strip_prefix(":role/")
            .is_some_and(|r| !r.contains('\n'))
}

/// E120. "RoleArn: max 1024, pattern `arn:aws(-[\w]+)*:iam::[0-9]{12}:role/.*`" (API model;
/// `PipelineDeclaration.roleArn`, `ActionDeclaration.roleArn`, `RuleDeclaration.roleArn`).
fn role_arns(p: &Pipeline, out: &mut Out) {
    let check = |out: &mut Out, at: Pointer, arn: &str| {
        if !arn.is_empty() && (len(arn) > 1024 || !is_role_arn(arn)) {
            out.emit(
                "E120",
                &at,
                format!("`{arn}` is not an IAM role ARN"),
                "Use a role ARN like `arn:aws:iam::123456789012:role/MyPipelineRole` (12-digit account id, `role/` path).",
            );
        }
    };
    check(out, pipeline_ptr().key("roleArn"), &p.role_arn);
    for (si, ai, a) in p.actions() {
        if let Some(arn) = &a.role_arn {
            check(out, action_ptr(si, ai).key("roleArn"), arn);
        }
    }
    for (si, s) in p.stages.iter().enumerate() {
        for (at, c) in stage_conditions(si, s) {
            for (ri, r) in c.rules.iter().flatten().enumerate() {
                if let Some(arn) = &r.role_arn {
                    check(out, at.key("rules").index(ri).key("roleArn"), arn);
                }
            }
        }
    }
}

/// E121. "AWSRegionName: min 4, max 30" (API model; `ActionDeclaration.region`,
/// `RuleDeclaration.region`, the keys of `artifactStores`). We also require the usual shape
/// (lower-case letters, digits and dashes) since no region name has anything else.
fn region_names(p: &Pipeline, out: &mut Out) {
    let bad = |r: &str| {
        !(4..=30).contains(&len(r))
            || !r
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    let hint = "Use a region code such as `us-east-1` or `eu-west-2`.";
    for (si, ai, a) in p.actions() {
        if let Some(r) = a.region.as_deref().filter(|r| bad(r)) {
            out.emit(
                "E121",
                &action_ptr(si, ai).key("region"),
                format!("`{r}` is not a region name"),
                hint,
            );
        }
    }
    for (si, s) in p.stages.iter().enumerate() {
        for (at, c) in stage_conditions(si, s) {
            for (ri, r) in c.rules.iter().flatten().enumerate() {
                if let Some(reg) = r.region.as_deref().filter(|r| bad(r)) {
                    out.emit(
                        "E121",
                        &at.key("rules").index(ri).key("region"),
                        format!("`{reg}` is not a region name"),
                        hint,
                    );
                }
            }
        }
    }
    for r in p.artifact_stores.iter().flat_map(|m| m.keys()) {
        if bad(r) {
            out.emit(
                "E121",
                &pipeline_ptr().key("artifactStores").key(r),
                format!("artifact store key `{r}` is not a region name"),
                hint,
            );
        }
    }
}

/// E122. "TagKey: min 1, max 128; TagValue: min 0, max 256" (API model, `Tag`), and "Tags
/// max 50" (quotas page, <https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html>).
fn tags(doc: &Document, out: &mut Out) {
    let Some(tags) = &doc.tags else { return };
    let at = Pointer::root().key("tags");
    if tags.len() > 50 {
        out.emit(
            "E122",
            &at,
            format!(
                "the pipeline has {} tags; at most 50 are allowed",
                tags.len()
            ),
            "Remove tags until at most 50 remain.",
        );
    }
    for (i, t) in tags.iter().enumerate() {
        if !(1..=128).contains(&len(&t.key)) {
            out.emit(
                "E122",
                &at.index(i).key("key"),
                "a tag key must be 1 to 128 characters",
                "Give the tag a key of at most 128 characters.",
            );
        }
        if len(&t.value) > 256 {
            out.emit(
                "E122",
                &at.index(i).key("value"),
                format!("tag `{}` has a value over 256 characters", t.key),
                "Shorten the tag value to at most 256 characters.",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{is_role_arn, ROLE_ARN};
    use crate::validate::testing::{assert_fires_at, base, rule_cases, set};

    #[test]
    fn role_arns_by_hand_match_the_api_pattern() {
        for arn in [
            "arn:aws:iam::123456789012:role/deployer",
            "arn:aws-cn:iam::123456789012:role/path/to/deployer",
            "arn:aws-us-gov:iam::123456789012:role/",
            "arn:aws-a_1-b:iam::123456789012:role/x:y",
            "arn:aws-:iam::123456789012:role/x",
            "arn:aws--cn:iam::123456789012:role/x",
            "arn:aws-cn-:iam::123456789012:role/x",
            "arn:awscn:iam::123456789012:role/x",
            "arn:aws:iam::12345678901:role/x",
            "arn:aws:iam::1234567890123:role/x",
            "arn:aws:iam::12345678901a:role/x",
            "arn:aws:iam::123456789012:user/x",
            "arn:aws:iam:eu-west-1:123456789012:role/x",
            "arn:aws:s3::123456789012:role/x",
            "arn:aws:iam::123456789012:role/a\nb",
            "arn:aws:iam::123456789012:role/a\rb",
            " arn:aws:iam::123456789012:role/x",
            "arn:aws:iam::123456789012:role",
            "arn:aws",
            "",
            "arn:aws-é:iam::123456789012:role/x",
            "arn:aws:iam::123456789012:role/é",
        ] {
            assert_eq!(is_role_arn(arn), ROLE_ARN.is_match(arn), "{arn:?}");
        }
    }

    rule_cases! {
        e101_pipeline_name: "E101",
        e102_stage_name: "E102",
        e103_action_name: "E103",
        e104_rule_name: "E104",
        e105_artifact_name: "E105",
        e106_namespace: "E106",
        e107_variable_name: "E107",
        e108_environment_variable_name: "E108",
        e109_provider_and_version_format: "E109",
        e120_role_arn: "E120",
        e121_region_name: "E121",
        e122_tags: "E122",
    }

    #[test]
    fn each_rule_fires_at_its_pointer() {
        assert_fires_at(vec![
            (
                set(base(), "/pipeline/name", json!("has space")),
                "E101",
                "/pipeline/name",
            ),
            (
                set(base(), "/pipeline/stages/1/name", json!("a/b")),
                "E102",
                "/pipeline/stages/1/name",
            ),
            (
                set(
                    base(),
                    "/pipeline/stages/1/actions/0/outputArtifacts/0/name",
                    json!("Build.Out"),
                ),
                "E105",
                "/pipeline/stages/1/actions/0/outputArtifacts/0/name",
            ),
            (
                set(base(), "/pipeline/roleArn", json!("arn:aws:iam::12:role/x")),
                "E120",
                "/pipeline/roleArn",
            ),
        ]);
    }
}
