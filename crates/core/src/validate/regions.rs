//! Cross-region actions (`E4xx`).
//!
//! The pipeline's own ("home") region is where the pipeline is created; a design file does not
//! say it. get-pipeline output does, in `metadata.pipelineArn`
//! (`arn:aws:codepipeline:<region>:<account>:<name>`). Without it, the home region is inferred:
//! source, third-party and custom actions cannot be cross-region, so the region the first of
//! them declares is the home region. (Console-created pipelines write `region` on every action,
//! so this keeps their get-pipeline output valid.) With no home region known, any action with a
//! `region` counts as cross-region.

use super::{action_ptr, pipeline_ptr, Out};
use crate::document::Document;
use crate::model::{Action, Pipeline};

pub(super) fn check(doc: &Document, out: &mut Out) {
    let p = &doc.pipeline;
    let home = home_region(doc);
    let home = home.as_deref();
    no_cross_region_for_source_or_custom(p, home, out);
    single_store_with_cross_region(p, home, out);
    store_for_each_action_region(p, out);
    store_for_home_region(doc, out);
}

/// Why an action may not run in another region, if it may not.
fn region_bound(a: &Action) -> Option<&'static str> {
    let t = &a.action_type_id;
    if t.category == "Source" {
        Some("source")
    } else if t.owner == "ThirdParty" {
        Some("third-party")
    } else if t.owner == "Custom" {
        Some("custom")
    } else {
        None
    }
}

/// The region of `metadata.pipelineArn`, if the document came from get-pipeline.
fn arn_region(doc: &Document) -> Option<&str> {
    let arn = doc.metadata.as_ref()?.get("pipelineArn")?.as_str()?;
    let mut parts = arn.split(':');
    (parts.next()? == "arn").then_some(())?;
    parts.nth(2).filter(|r| !r.is_empty())
}

/// The pipeline's home region: from the pipeline ARN, else the first region a source,
/// third-party or custom action declares.
fn home_region(doc: &Document) -> Option<String> {
    if let Some(r) = arn_region(doc) {
        return Some(r.to_string());
    }
    doc.pipeline
        .actions()
        .filter(|(_, _, a)| region_bound(a).is_some())
        .find_map(|(_, _, a)| a.region.clone())
}

fn is_cross_region(a: &Action, home: Option<&str>) -> bool {
    match (&a.region, home) {
        (None, _) => false,
        (Some(r), Some(h)) => r != h,
        (Some(_), None) => true,
    }
}

/// E401. "Cross-region actions are not supported for the following action types: source
/// actions, third-party actions and custom actions" (user guide, Add a cross-Region action,
/// <https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-create-cross-region.html>).
fn no_cross_region_for_source_or_custom(p: &Pipeline, home: Option<&str>, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        let Some(why) = region_bound(a) else { continue };
        if !is_cross_region(a, home) {
            continue;
        }
        let region = a.region.as_deref().unwrap_or_default();
        out.emit(
            "E401",
            &action_ptr(si, ai).key("region"),
            format!(
                "action `{}` is a {why} action in `{region}`, but the pipeline is in `{}`; {why} actions cannot run in another region",
                a.name,
                home.unwrap_or("another region")
            ),
            "Remove `region` (or set it to the pipeline's region): this action runs in the pipeline's region.",
        );
    }
}

/// E402. "If you create a cross-region action in your pipeline, you must use artifactStores"
/// (API model, `PipelineDeclaration.artifactStore`).
fn single_store_with_cross_region(p: &Pipeline, home: Option<&str>, out: &mut Out) {
    if p.artifact_store.is_none() || p.artifact_stores.is_some() {
        return;
    }
    for (si, ai, a) in p.actions() {
        // Region-bound actions in another region are E401 already.
        if region_bound(a).is_some() || !is_cross_region(a, home) {
            continue;
        }
        let region = a.region.as_deref().unwrap_or_default();
        out.emit(
            "E402",
            &action_ptr(si, ai).key("region"),
            format!("action `{}` runs in `{region}` but the pipeline has a single `artifactStore`", a.name),
            format!("Replace `artifactStore` with `artifactStores` holding a bucket for the pipeline's region and one for `{region}`, or remove `region` if it is the pipeline's own region."),
        );
    }
}

/// E403. "There must be an artifact store for the pipeline Region and for each cross-region
/// action in the pipeline" (API model, `PipelineDeclaration.artifactStores`).
fn store_for_each_action_region(p: &Pipeline, out: &mut Out) {
    let Some(stores) = &p.artifact_stores else {
        return;
    };
    for (si, ai, a) in p.actions() {
        if let Some(region) = &a.region {
            if !stores.contains_key(region) {
                out.emit(
                    "E403",
                    &action_ptr(si, ai).key("region"),
                    format!(
                        "action `{}` runs in `{region}`, which has no entry in `artifactStores`",
                        a.name
                    ),
                    format!("Add `artifactStores.{region}` with an S3 bucket in that region."),
                );
            }
        }
    }
}

/// E404. The same rule for the pipeline's own region, when the document says it
/// (`metadata.pipelineArn` of get-pipeline output).
fn store_for_home_region(doc: &Document, out: &mut Out) {
    let (Some(stores), Some(home)) = (&doc.pipeline.artifact_stores, arn_region(doc)) else {
        return;
    };
    if !stores.is_empty() && !stores.contains_key(home) {
        out.emit(
            "E404",
            &pipeline_ptr().key("artifactStores"),
            format!("the pipeline is in `{home}` (from metadata.pipelineArn) but `artifactStores` has no entry for it"),
            format!("Add `artifactStores.{home}` with an S3 bucket in the pipeline's region."),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::validate::testing::{base, codes, rule_cases};

    rule_cases! {
        e401_region_bound_action_elsewhere: "E401",
        e402_single_store_with_cross_region: "E402",
        e403_store_for_each_action_region: "E403",
        e404_store_for_home_region: "E404",
    }

    #[test]
    fn cross_region_needs_artifact_stores_for_each_region() {
        let mut v = base();
        v["pipeline"]["stages"][2]["actions"][1]["region"] = json!("eu-west-1");
        assert_eq!(codes(v.clone()), vec!["E402"]);
        let store = v["pipeline"]
            .as_object_mut()
            .unwrap()
            .shift_remove("artifactStore")
            .unwrap();
        v["pipeline"]["artifactStores"] = json!({"us-east-1": store});
        assert_eq!(codes(v.clone()), vec!["E403"]);
        v["pipeline"]["artifactStores"]["eu-west-1"] =
            json!({"type": "S3", "location": "eu-bucket"});
        assert_eq!(codes(v), Vec::<&str>::new());
    }
}
