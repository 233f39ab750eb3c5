//! Cross-region actions (`E4xx`).
//!
//! The pipeline's own ("home") region is where the pipeline is created; a design file does not
//! say it. In order, it is known from:
//! 1. `metadata.pipelineArn` of get-pipeline output (`arn:aws:codepipeline:<region>:...`);
//! 2. the region validation is given ([`Options::region`]: the connection's region at plan and
//!    apply, `--region` on the command line);
//! 3. the region a source, third-party or custom action declares, since those actions cannot be
//!    cross-region (console-created pipelines, and get-pipeline output, write `region` on every
//!    action).
//!
//! With none of these, an action's `region` may well be the pipeline's own (CloudFormation's
//! `Region: !Ref AWS::Region`), so a single region is no error; two different regions are, since
//! at most one of them is the pipeline's.
//!
//! [`Options::region`]: super::Options::region

use super::{action_ptr, pipeline_ptr, Options, Out};
use crate::arn::Arn;
use crate::document::Document;
use crate::model::{Action, Pipeline};

pub(super) fn check(doc: &Document, opts: &Options, out: &mut Out) {
    let p = &doc.pipeline;
    let home = home_region(doc, opts);
    no_cross_region_for_source_or_custom(p, home.as_ref(), out);
    single_store_with_cross_region(p, home.as_ref(), out);
    store_for_each_action_region(p, out);
    store_for_home_region(doc, opts, out);
}

/// The pipeline's own region and how it is known.
struct Home {
    region: String,
    /// `(from ...)`, for messages.
    from: &'static str,
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
    Arn::parse(arn)?.region()
}

/// The home region the document or the caller states: the pipeline ARN's, else the one given.
fn stated_home(doc: &Document, opts: &Options) -> Option<Home> {
    if let Some(r) = arn_region(doc) {
        return Some(Home {
            region: r.to_string(),
            from: "from metadata.pipelineArn",
        });
    }
    opts.region
        .as_ref()
        .filter(|r| !r.is_empty())
        .map(|r| Home {
            region: r.clone(),
            from: "the region it is validated for",
        })
}

/// The pipeline's home region: stated, else the first region a source, third-party or custom
/// action declares.
fn home_region(doc: &Document, opts: &Options) -> Option<Home> {
    stated_home(doc, opts).or_else(|| {
        doc.pipeline
            .actions()
            .filter(|(_, _, a)| region_bound(a).is_some())
            .find_map(|(_, _, a)| a.region.clone())
            .map(|region| Home {
                region,
                from: "the region its source action declares",
            })
    })
}

fn is_cross_region(a: &Action, home: Option<&Home>) -> bool {
    match (&a.region, home) {
        (Some(r), Some(h)) => *r != h.region,
        _ => false,
    }
}

/// E401. "Cross-region actions are not supported for the following action types: source
/// actions, third-party actions and custom actions" (user guide, Add a cross-Region action,
/// <https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-create-cross-region.html>).
fn no_cross_region_for_source_or_custom(p: &Pipeline, home: Option<&Home>, out: &mut Out) {
    let Some(home) = home else { return };
    for (si, ai, a) in p.actions() {
        let Some(why) = region_bound(a) else { continue };
        if !is_cross_region(a, Some(home)) {
            continue;
        }
        let region = a.region.as_deref().unwrap_or_default();
        out.emit(
            "E401",
            &action_ptr(si, ai).key("region"),
            format!(
                "action `{}` is a {why} action in `{region}`, but the pipeline is in `{}` ({}); {why} actions cannot run in another region",
                a.name, home.region, home.from
            ),
            "Remove `region` (or set it to the pipeline's region): this action runs in the pipeline's region.",
        );
    }
}

/// E402. "If you create a cross-region action in your pipeline, you must use artifactStores"
/// (API model, `PipelineDeclaration.artifactStore`). With the home region known, every action
/// in another region is cross-region. Without it, a single declared region may be the
/// pipeline's own (get-pipeline output puts the home region on every action of a pipeline with
/// a single `artifactStore`), but when actions declare two regions, those in a region other
/// than the first declared are reported: at most one region is the pipeline's.
fn single_store_with_cross_region(p: &Pipeline, home: Option<&Home>, out: &mut Out) {
    if p.artifact_store.is_none() || p.artifact_stores.is_some() {
        return;
    }
    // Region-bound actions in another region are E401 already.
    let free = || {
        p.actions()
            .filter(|(_, _, a)| region_bound(a).is_none() && a.region.is_some())
    };
    match home {
        Some(home) => {
            for (si, ai, a) in free().filter(|(_, _, a)| is_cross_region(a, Some(home))) {
                let region = a.region.as_deref().unwrap_or_default();
                out.emit(
                    "E402",
                    &action_ptr(si, ai).key("region"),
                    format!(
                        "action `{}` runs in `{region}` but the pipeline, in `{}` ({}), has a single `artifactStore`",
                        a.name, home.region, home.from
                    ),
                    format!("Replace `artifactStore` with `artifactStores` holding a bucket for `{}` and one for `{region}`, or remove `region` if the action runs in the pipeline's region.", home.region),
                );
            }
        }
        None => {
            let Some((_, _, first)) = free().next() else {
                return;
            };
            let first_region = first.region.as_deref().unwrap_or_default();
            for (si, ai, a) in free().filter(|(_, _, a)| a.region.as_deref() != Some(first_region))
            {
                let region = a.region.as_deref().unwrap_or_default();
                out.emit(
                    "E402",
                    &action_ptr(si, ai).key("region"),
                    format!(
                        "action `{}` runs in `{region}` and action `{}` in `{first_region}`, but the pipeline has a single `artifactStore`: at most one of them is the pipeline's region",
                        a.name, first.name
                    ),
                    format!("Replace `artifactStore` with `artifactStores` holding a bucket for each region (`{first_region}`, `{region}`), or remove `region` from the actions that run in the pipeline's region."),
                );
            }
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

/// E404. The same rule for the pipeline's own region, when it is stated (`metadata.pipelineArn`
/// of get-pipeline output, or the region validation is given).
fn store_for_home_region(doc: &Document, opts: &Options, out: &mut Out) {
    let (Some(stores), Some(home)) = (&doc.pipeline.artifact_stores, stated_home(doc, opts)) else {
        return;
    };
    if !stores.is_empty() && !stores.contains_key(&home.region) {
        out.emit(
            "E404",
            &pipeline_ptr().key("artifactStores"),
            format!(
                "the pipeline is in `{}` ({}) but `artifactStores` has no entry for it",
                home.region, home.from
            ),
            format!(
                "Add `artifactStores.{}` with an S3 bucket in the pipeline's region.",
                home.region
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::document::Document;
    use crate::validate::testing::{base, codes, rule_cases, run};
    use crate::validate::{validate_with, Options};

    rule_cases! {
        e401_region_bound_action_elsewhere: "E401",
        e402_single_store_with_cross_region: "E402",
        e403_store_for_each_action_region: "E403",
        e404_store_for_home_region: "E404",
    }

    #[test]
    fn cross_region_needs_artifact_stores_for_each_region() {
        let opts = Options {
            region: Some("us-east-1".into()),
            ..Options::default()
        };
        let codes = |v: &Value| -> Vec<&'static str> {
            let doc = Document::from_value(v.clone()).unwrap();
            validate_with(&doc, &opts)
                .into_iter()
                .map(|d| d.code)
                .collect()
        };
        let mut v = base();
        v["pipeline"]["stages"][2]["actions"][1]["region"] = json!("eu-west-1");
        assert_eq!(codes(&v), vec!["E402"]);
        let store = v["pipeline"]
            .as_object_mut()
            .unwrap()
            .shift_remove("artifactStore")
            .unwrap();
        v["pipeline"]["artifactStores"] = json!({"us-east-1": store});
        assert_eq!(codes(&v), vec!["E403"]);
        v["pipeline"]["artifactStores"]["eu-west-1"] =
            json!({"type": "S3", "location": "eu-bucket"});
        assert_eq!(codes(&v), Vec::<&str>::new());
        // The given region needs its store too (E404).
        v["pipeline"]["artifactStores"]
            .as_object_mut()
            .unwrap()
            .shift_remove("us-east-1");
        assert_eq!(codes(&v), vec!["E404"]);
    }

    /// A pipeline that does not say its region, with `Region: !Ref AWS::Region` on its actions
    /// (CloudFormation) or the region on every action (get-pipeline): no error until a region is
    /// known, then a precise one.
    #[test]
    fn one_region_is_no_error_while_the_pipeline_region_is_unknown() {
        let mut v = base();
        for (si, ai) in [(1, 0), (2, 0), (2, 1)] {
            v["pipeline"]["stages"][si]["actions"][ai]["region"] = json!("eu-west-1");
        }
        assert_eq!(codes(v.clone()), Vec::<&str>::new());
        let doc = Document::from_value(v.clone()).unwrap();
        let in_region = |r: &str| -> Vec<(&'static str, String)> {
            let opts = Options {
                region: Some(r.into()),
                ..Options::default()
            };
            validate_with(&doc, &opts)
                .into_iter()
                .map(|d| (d.code, d.pointer))
                .collect()
        };
        assert_eq!(in_region("eu-west-1"), vec![]);
        let got = in_region("us-east-1");
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got.iter().all(|(c, _)| *c == "E402"), "{got:?}");
        assert_eq!(got[0].1, "/pipeline/stages/1/actions/0/region");
        // The pipeline ARN wins over the given region.
        v["metadata"] = json!({"pipelineArn": "arn:aws:codepipeline:eu-west-1:123456789012:demo"});
        let doc = Document::from_value(v).unwrap();
        let opts = Options {
            region: Some("us-east-1".into()),
            ..Options::default()
        };
        assert_eq!(validate_with(&doc, &opts), vec![]);
    }

    #[test]
    fn two_regions_with_a_single_store_are_an_error_even_without_the_pipeline_region() {
        let mut v = base();
        v["pipeline"]["stages"][1]["actions"][0]["region"] = json!("us-east-1");
        v["pipeline"]["stages"][2]["actions"][1]["region"] = json!("eu-west-1");
        let d = run(v);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].code, "E402");
        assert_eq!(d[0].pointer, "/pipeline/stages/2/actions/1/region");
        assert!(d[0].message.contains("`us-east-1`"), "{}", d[0].message);
    }
}
