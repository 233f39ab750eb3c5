//! Artifacts and artifact stores (`E3xx`): every input produced earlier, unique outputs, counts
//! per provider, and the S3 store(s).
//!
//! Sources: the pipeline structure reference
//! (<https://docs.aws.amazon.com/codepipeline/latest/userguide/pipeline-requirements.html>,
//! <https://docs.aws.amazon.com/codepipeline/latest/userguide/action-requirements.html>), the
//! artifacts table (<https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-action-artifacts.html>)
//! through the catalog, and the API model (`ArtifactStore`, `EncryptionKey`).

use rustc_hash::{FxHashMap, FxHashSet};

use super::{
    action_count, action_ptr, fast_map, fast_set, fits, len, pipeline_ptr, Catalogued, Out,
};
use crate::codec::Pointer;
use crate::model::{ArtifactStore, Pipeline};

pub(super) fn check(p: &Pipeline, cat: &Catalogued, out: &mut Out) {
    inputs_produced_earlier(p, out);
    unique_output_names(p, out);
    artifact_counts(p, cat, out);
    one_kind_of_store(p, out);
    store_fields(p, out);
}

/// E301. "The input artifact of an action must exactly match the output artifact declared in a
/// preceding action. The preceding action must be in a preceding stage, or in the same stage
/// with a lower runOrder" (pipeline structure reference, action requirements).
fn inputs_produced_earlier(p: &Pipeline, out: &mut Out) {
    // Where each artifact is produced: (stage index, run order) of its first producer.
    let mut producer: FxHashMap<&str, (usize, i64)> = fast_map(action_count(p));
    for (si, _, a) in p.actions() {
        for n in a.output_names() {
            producer.entry(n).or_insert((si, a.effective_run_order()));
        }
    }
    // Names produced by earlier stages; within a stage, the lowest run order producing each.
    let mut earlier: FxHashSet<&str> = fast_set(action_count(p));
    for (si, s) in p.stages.iter().enumerate() {
        let mut here: FxHashMap<&str, i64> = fast_map(s.actions.len());
        for a in &s.actions {
            for n in a.output_names() {
                let r = a.effective_run_order();
                here.entry(n).and_modify(|m| *m = (*m).min(r)).or_insert(r);
            }
        }
        for (ai, a) in s.actions.iter().enumerate() {
            let r = a.effective_run_order();
            for (i, n) in a.input_names().enumerate() {
                if n.is_empty() || earlier.contains(n) || here.get(n).is_some_and(|&m| m < r) {
                    continue;
                }
                let (message, hint) = match producer.get(n) {
                    None => (
                        format!("action `{}` reads artifact `{n}`, which no action produces", a.name),
                        "Name an output artifact of an earlier action (names are case-sensitive), or add the action that produces it.".to_string(),
                    ),
                    Some(&(psi, pr)) if psi == si => (
                        format!("action `{}` (runOrder {r}) reads artifact `{n}`, which is produced in the same stage at runOrder {pr}", a.name),
                        format!("Give this action a runOrder greater than {pr}, or move it to a later stage."),
                    ),
                    Some(&(psi, _)) => (
                        format!("action `{}` reads artifact `{n}`, which is produced later, in stage `{}`", a.name, p.stages[psi].name),
                        "Move this action after the action that produces the artifact.".to_string(),
                    ),
                };
                out.emit(
                    "E301",
                    &action_ptr(si, ai)
                        .key("inputArtifacts")
                        .index(i)
                        .key("name"),
                    message,
                    hint,
                );
            }
        }
        for n in here.keys() {
            earlier.insert(n);
        }
    }
}

/// E302. "Output artifact names must be unique in a pipeline" (pipeline structure reference:
/// "every output artifact in the pipeline must have a unique name").
fn unique_output_names(p: &Pipeline, out: &mut Out) {
    let mut seen: FxHashMap<&str, &str> = fast_map(action_count(p));
    for (si, ai, a) in p.actions() {
        for (i, n) in a.output_names().enumerate() {
            if n.is_empty() {
                continue;
            }
            if let Some(first) = seen.get(n) {
                out.emit(
                    "E302",
                    &action_ptr(si, ai)
                        .key("outputArtifacts")
                        .index(i)
                        .key("name"),
                    format!(
                        "output artifact `{n}` of action `{}` is also produced by action `{first}`",
                        a.name
                    ),
                    "Rename one of the output artifacts (and the inputs that read it).",
                );
            } else {
                seen.insert(n, a.name.as_str());
            }
        }
    }
}

/// E303 (inputs) and E304 (outputs). "Number of artifacts" per action type (artifacts table,
/// reference-action-artifacts.html, and each action reference page; see the catalog).
fn artifact_counts(p: &Pipeline, cat: &Catalogued, out: &mut Out) {
    for (si, ai, a, prov) in cat.actions(p) {
        let Some(prov) = prov else {
            continue;
        };
        let ins = a.input_artifacts.as_ref().map_or(0, Vec::len);
        if !prov.input_artifacts.contains(ins) {
            out.emit(
                "E303",
                &action_ptr(si, ai).key("inputArtifacts"),
                format!(
                    "action `{}` ({}) has {ins} input artifact(s); {} takes {}",
                    a.name,
                    prov.display_name,
                    prov.provider,
                    prov.input_artifacts.describe()
                ),
                format!(
                    "Give the action {} input artifact(s).",
                    prov.input_artifacts.describe()
                ),
            );
        }
        let outs = a.output_artifacts.as_ref().map_or(0, Vec::len);
        if !prov.output_artifacts.contains(outs) {
            out.emit(
                "E304",
                &action_ptr(si, ai).key("outputArtifacts"),
                format!(
                    "action `{}` ({}) has {outs} output artifact(s); {} produces {}",
                    a.name,
                    prov.display_name,
                    prov.provider,
                    prov.output_artifacts.describe()
                ),
                format!(
                    "Give the action {} output artifact(s).",
                    prov.output_artifacts.describe()
                ),
            );
        }
    }
}

/// E310 (both) and E311 (neither). "You must include either artifactStore or artifactStores in
/// your pipeline, but you cannot use both" (API model, `PipelineDeclaration.artifactStore`).
fn one_kind_of_store(p: &Pipeline, out: &mut Out) {
    match (&p.artifact_store, &p.artifact_stores) {
        (Some(_), Some(_)) => out.emit(
            "E310",
            &pipeline_ptr().key("artifactStores"),
            "the pipeline has both `artifactStore` and `artifactStores`",
            "Keep `artifactStore` for a single-region pipeline, or `artifactStores` (one bucket per region) for cross-region actions; not both.",
        ),
        (None, None) => out.emit(
            "E311",
            &pipeline_ptr().key("artifactStore"),
            "the pipeline has no artifact store",
            "Add `artifactStore: {type: S3, location: <bucket>}` (or `artifactStores` with a bucket per region).",
        ),
        (None, Some(m)) if m.is_empty() => out.emit(
            "E311",
            &pipeline_ptr().key("artifactStores"),
            "`artifactStores` is empty",
            "Add a bucket for the pipeline's region and for each action region.",
        ),
        _ => {}
    }
}

/// E312, E313, E314. "ArtifactStore: type `S3` (ArtifactStoreType enum); location min 3, max 63,
/// pattern `[a-zA-Z0-9\-\.]+`; EncryptionKey: id min 1, max 400, type `KMS`" (API model).
fn store_fields(p: &Pipeline, out: &mut Out) {
    let mut stores: Vec<(Pointer, &ArtifactStore)> = Vec::new();
    if let Some(s) = &p.artifact_store {
        stores.push((pipeline_ptr().key("artifactStore"), s));
    }
    for (region, s) in p.artifact_stores.iter().flatten() {
        stores.push((pipeline_ptr().key("artifactStores").key(region), s));
    }
    for (at, s) in stores {
        if !s.store_type.is_empty() && s.store_type != "S3" {
            out.emit(
                "E312",
                &at.key("type"),
                format!("artifact store type `{}` is not supported", s.store_type),
                "Set `type` to `S3`: artifact stores are S3 buckets.",
            );
        }
        let l = &s.location;
        if !l.is_empty() && !fits(l, 3, 63, b"-.") {
            out.emit("E313", &at.key("location"), format!("`{l}` is not an S3 bucket name"), "Use the bucket's name (3 to 63 letters, digits, `-` and `.`), not an ARN or s3:// URL.");
        }
        if let Some(k) = &s.encryption_key {
            if !k.key_type.is_empty() && k.key_type != "KMS" {
                out.emit(
                    "E314",
                    &at.key("encryptionKey").key("type"),
                    format!("encryption key type `{}` is not supported", k.key_type),
                    "Set the encryption key `type` to `KMS`.",
                );
            }
            if len(&k.id) > 400 {
                out.emit(
                    "E314",
                    &at.key("encryptionKey").key("id"),
                    "the encryption key id is over 400 characters",
                    "Use the KMS key ARN, key id or alias ARN.",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::validate::testing::{assert_fires_at, base, codes, rule_cases, set};

    rule_cases! {
        e301_inputs_produced_earlier: "E301",
        e302_unique_output_names: "E302",
        e303_input_count: "E303",
        e304_output_count: "E304",
        e310_both_kinds_of_store: "E310",
        e311_no_store: "E311",
        e312_store_type: "E312",
        e313_store_location: "E313",
        e314_encryption_key: "E314",
    }

    #[test]
    fn each_rule_fires_at_its_pointer() {
        assert_fires_at(vec![
            (
                set(
                    base(),
                    "/pipeline/stages/1/actions/0/inputArtifacts/0/name",
                    json!("Nope"),
                ),
                "E301",
                "/pipeline/stages/1/actions/0/inputArtifacts/0/name",
            ),
            (
                set(base(), "/pipeline/artifactStore/type", json!("GCS")),
                "E312",
                "/pipeline/artifactStore/type",
            ),
        ]);
    }

    #[test]
    fn input_from_same_stage_needs_lower_run_order() {
        // Same runOrder: not yet produced.
        let v = set(base(), "/pipeline/stages/1/actions/0/runOrder", json!(1));
        let mut v = v;
        let test = json!({
            "name": "Test",
            "actionTypeId": {"category": "Test", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
            "runOrder": 1,
            "configuration": {"ProjectName": "t"},
            "inputArtifacts": [{"name": "BuildOut"}]
        });
        v["pipeline"]["stages"][1]["actions"]
            .as_array_mut()
            .unwrap()
            .push(test);
        assert_eq!(codes(v.clone()), vec!["E301"]);
        let v = set(v, "/pipeline/stages/1/actions/1/runOrder", json!(2));
        assert_eq!(codes(v), Vec::<&str>::new());
    }
}
