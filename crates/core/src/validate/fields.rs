//! Unknown fields (`W006`). The codec keeps every field it does not know, so a file round-trips;
//! but aws-sdk-codepipeline serialises only the fields of the API model, so an unknown field
//! (often a typo such as `runorder`) would be dropped silently on apply. The AWS CLI rejects
//! it instead ("Unknown parameter in pipeline.stages[0]...", botocore parameter validation).

use super::{pipeline_ptr, Out};
use crate::codec::Pointer;
use crate::document::Document;
use crate::model::{Condition, Extra, FilterCriteria, Pipeline};

pub(super) fn check(doc: &Document, out: &mut Out) {
    unknown_fields(doc, out);
}

const DOCUMENT: &[&str] = &["pipeline", "tags", "metadata", "pipewright"];
const PIPELINE: &[&str] = &[
    "name",
    "roleArn",
    "artifactStore",
    "artifactStores",
    "stages",
    "version",
    "executionMode",
    "pipelineType",
    "variables",
    "triggers",
];
const STORE: &[&str] = &["type", "location", "encryptionKey"];
const KEY: &[&str] = &["id", "type"];
const STAGE: &[&str] = &[
    "name",
    "blockers",
    "actions",
    "onFailure",
    "onSuccess",
    "beforeEntry",
];
const BLOCKER: &[&str] = &["name", "type"];
const FAILURE: &[&str] = &["result", "retryConfiguration", "conditions"];
const CONDITIONS: &[&str] = &["conditions"];
const RETRY: &[&str] = &["retryMode"];
const CONDITION: &[&str] = &["result", "rules"];
const RULE: &[&str] = &[
    "name",
    "ruleTypeId",
    "configuration",
    "commands",
    "inputArtifacts",
    "roleArn",
    "region",
    "timeoutInMinutes",
];
const RULE_TYPE: &[&str] = &["category", "owner", "provider", "version"];
const ACTION: &[&str] = &[
    "name",
    "actionTypeId",
    "runOrder",
    "configuration",
    "commands",
    "outputArtifacts",
    "inputArtifacts",
    "outputVariables",
    "roleArn",
    "region",
    "namespace",
    "timeoutInMinutes",
    "environmentVariables",
];
const ACTION_TYPE: &[&str] = &["category", "owner", "provider", "version"];
const OUTPUT: &[&str] = &["name", "files"];
const INPUT: &[&str] = &["name"];
const ENV: &[&str] = &["name", "value", "type"];
const VARIABLE: &[&str] = &["name", "defaultValue", "description"];
const TRIGGER: &[&str] = &["providerType", "gitConfiguration"];
const GIT: &[&str] = &["sourceActionName", "push", "pullRequest"];
const PUSH: &[&str] = &["tags", "branches", "filePaths"];
const PULL: &[&str] = &["events", "branches", "filePaths"];
const FILTER: &[&str] = &["includes", "excludes"];
const TAG: &[&str] = &["key", "value"];

fn report(out: &mut Out, at: &dyn Fn() -> Pointer, extra: &Extra, known: &[&str]) {
    for key in extra.keys() {
        // `$schema` and similar editor hints are not pipeline fields.
        if key.starts_with('$') {
            continue;
        }
        let hint = match known.iter().find(|k| k.eq_ignore_ascii_case(key)) {
            Some(k) => format!("Did you mean `{k}`? Field names are case-sensitive."),
            None => format!(
                "Remove it, or use one of {}; unknown fields are dropped when Pipewright applies the pipeline.",
                super::quoted_list(known)
            ),
        };
        out.emit(
            "W006",
            &at().key(key),
            format!("`{key}` is not a field the CodePipeline API knows here"),
            hint,
        );
    }
}

fn conditions(out: &mut Out, at: &Pointer, list: &[Condition]) {
    for (ci, c) in list.iter().enumerate() {
        let cp = || at.key("conditions").index(ci);
        report(out, &cp, &c.extra, CONDITION);
        for (ri, r) in c.rules.iter().flatten().enumerate() {
            let rp = || cp().key("rules").index(ri);
            report(out, &rp, &r.extra, RULE);
            report(
                out,
                &|| rp().key("ruleTypeId"),
                &r.rule_type_id.extra,
                RULE_TYPE,
            );
            for (ii, i) in r.input_artifacts.iter().flatten().enumerate() {
                report(
                    out,
                    &|| rp().key("inputArtifacts").index(ii),
                    &i.extra,
                    INPUT,
                );
            }
        }
    }
}

fn filter(out: &mut Out, at: &dyn Fn() -> Pointer, key: &str, f: &Option<FilterCriteria>) {
    if let Some(f) = f {
        report(out, &|| at().key(key), &f.extra, FILTER);
    }
}

fn pipeline_fields(p: &Pipeline, out: &mut Out) {
    let pp = pipeline_ptr();
    report(out, &|| pp.clone(), &p.extra, PIPELINE);
    let mut stores = Vec::new();
    if let Some(s) = &p.artifact_store {
        stores.push((pp.key("artifactStore"), s));
    }
    for (region, s) in p.artifact_stores.iter().flatten() {
        stores.push((pp.key("artifactStores").key(region), s));
    }
    for (at, s) in stores {
        report(out, &|| at.clone(), &s.extra, STORE);
        if let Some(k) = &s.encryption_key {
            report(out, &|| at.key("encryptionKey"), &k.extra, KEY);
        }
    }
    for (si, s) in p.stages.iter().enumerate() {
        let sp = || pp.key("stages").index(si);
        report(out, &sp, &s.extra, STAGE);
        for (bi, b) in s.blockers.iter().flatten().enumerate() {
            report(out, &|| sp().key("blockers").index(bi), &b.extra, BLOCKER);
        }
        if let Some(f) = &s.on_failure {
            let fp = sp().key("onFailure");
            report(out, &|| fp.clone(), &f.extra, FAILURE);
            if let Some(r) = &f.retry_configuration {
                report(out, &|| fp.key("retryConfiguration"), &r.extra, RETRY);
            }
            conditions(out, &fp, f.conditions.as_deref().unwrap_or_default());
        }
        for (key, c) in [
            ("onSuccess", &s.on_success),
            ("beforeEntry", &s.before_entry),
        ] {
            if let Some(c) = c {
                let cp = sp().key(key);
                report(out, &|| cp.clone(), &c.extra, CONDITIONS);
                conditions(out, &cp, &c.conditions);
            }
        }
        for (ai, a) in s.actions.iter().enumerate() {
            let ap = || sp().key("actions").index(ai);
            report(out, &ap, &a.extra, ACTION);
            report(
                out,
                &|| ap().key("actionTypeId"),
                &a.action_type_id.extra,
                ACTION_TYPE,
            );
            for (i, o) in a.output_artifacts.iter().flatten().enumerate() {
                report(
                    out,
                    &|| ap().key("outputArtifacts").index(i),
                    &o.extra,
                    OUTPUT,
                );
            }
            for (i, o) in a.input_artifacts.iter().flatten().enumerate() {
                report(
                    out,
                    &|| ap().key("inputArtifacts").index(i),
                    &o.extra,
                    INPUT,
                );
            }
            for (i, e) in a.environment_variables.iter().flatten().enumerate() {
                report(
                    out,
                    &|| ap().key("environmentVariables").index(i),
                    &e.extra,
                    ENV,
                );
            }
        }
    }
    for (i, v) in p.variables.iter().flatten().enumerate() {
        report(out, &|| pp.key("variables").index(i), &v.extra, VARIABLE);
    }
    for (ti, t) in p.triggers.iter().flatten().enumerate() {
        let tp = || pp.key("triggers").index(ti);
        report(out, &tp, &t.extra, TRIGGER);
        let g = &t.git_configuration;
        let gp = || tp().key("gitConfiguration");
        report(out, &gp, &g.extra, GIT);
        for (fi, f) in g.push.iter().flatten().enumerate() {
            let fp = || gp().key("push").index(fi);
            report(out, &fp, &f.extra, PUSH);
            filter(out, &fp, "tags", &f.tags);
            filter(out, &fp, "branches", &f.branches);
            filter(out, &fp, "filePaths", &f.file_paths);
        }
        for (fi, f) in g.pull_request.iter().flatten().enumerate() {
            let fp = || gp().key("pullRequest").index(fi);
            report(out, &fp, &f.extra, PULL);
            filter(out, &fp, "branches", &f.branches);
            filter(out, &fp, "filePaths", &f.file_paths);
        }
    }
}

/// W006. Fields outside the API model's shapes (`PipelineDeclaration`, `StageDeclaration`,
/// `ActionDeclaration`, ... in the API model), at any depth of the declaration, on tags, and at
/// the top of the document (where `pipeline`, `tags`, `metadata` and `pipewright` are known).
fn unknown_fields(doc: &Document, out: &mut Out) {
    report(out, &Pointer::root, &doc.extra, DOCUMENT);
    pipeline_fields(&doc.pipeline, out);
    for (i, t) in doc.tags.iter().flatten().enumerate() {
        report(out, &|| Pointer::root().key("tags").index(i), &t.extra, TAG);
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::testing::rule_cases;

    rule_cases! {
        w006_unknown_fields: "W006",
    }
}
