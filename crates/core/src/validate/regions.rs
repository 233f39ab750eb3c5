//! Cross-region actions (`E4xx`).
//!
//! The pipeline's own region is not part of the document (it is where the pipeline is created),
//! so an action with a `region` is treated as cross-region. The service requires "an artifact
//! store for the pipeline Region and for each cross-region action"; the first half cannot be
//! checked offline, the second is E403.

use super::{action_ptr, Out};
use crate::model::Pipeline;

pub(super) fn check(p: &Pipeline, out: &mut Out) {
    no_cross_region_for_source_or_custom(p, out);
    single_store_with_cross_region(p, out);
    store_for_each_action_region(p, out);
}

/// E401. "Cross-region actions are not supported for the following action types: source
/// actions, third-party actions and custom actions" (user guide, Add a cross-Region action,
/// https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-create-cross-region.html).
fn no_cross_region_for_source_or_custom(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        let Some(region) = &a.region else { continue };
        let t = &a.action_type_id;
        let why = if t.category == "Source" {
            "source"
        } else if t.owner == "ThirdParty" {
            "third-party"
        } else if t.owner == "Custom" {
            "custom"
        } else {
            continue;
        };
        out.emit(
            "E401",
            &action_ptr(si, ai).key("region"),
            format!("action `{}` is a {why} action with `region: {region}`; {why} actions cannot run in another region", a.name),
            "Remove `region`: this action runs in the pipeline's region.",
        );
    }
}

/// E402. "If you create a cross-region action in your pipeline, you must use artifactStores"
/// (API model, `PipelineDeclaration.artifactStore`).
fn single_store_with_cross_region(p: &Pipeline, out: &mut Out) {
    if p.artifact_store.is_none() || p.artifact_stores.is_some() {
        return;
    }
    for (si, ai, a) in p.actions() {
        if let Some(region) = &a.region {
            out.emit(
                "E402",
                &action_ptr(si, ai).key("region"),
                format!("action `{}` runs in `{region}` but the pipeline has a single `artifactStore`", a.name),
                format!("Replace `artifactStore` with `artifactStores` holding a bucket for the pipeline's region and one for `{region}`, or remove `region` if it is the pipeline's own region."),
            );
        }
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
