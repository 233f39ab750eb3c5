//! The catalog drives validation: for every provider, an action built from the catalog entry
//! (required keys, minimum artifacts) is clean, and dropping each required key is E501.

use pipewright_core::catalog::{catalog, Provider};
use pipewright_core::validate::validate;
use pipewright_core::Document;
use serde_json::{json, Map, Value};

/// A V2 pipeline whose stage under test holds one action of `p`, fed by enough sources.
fn pipeline_with(p: &Provider, drop_key: Option<&str>) -> Value {
    let inputs = p.input_artifacts.min.max(u32::from(
        p.category != "Source" && p.input_artifacts.max > 0,
    ));
    let mut config = Map::new();
    for k in p.required_keys() {
        if Some(k.name.as_str()) == drop_key {
            continue;
        }
        let value = match (&k.allowed, p.provider.as_str(), k.name.as_str()) {
            (Some(allowed), _, _) => allowed[0].clone(),
            (_, "CodeDeployToECS", _) => "In0".to_string(),
            _ => format!("value-of-{}", k.name),
        };
        config.insert(k.name.clone(), Value::String(value));
    }
    // Keys required only in some forms of the action (E507): give the usual form.
    match (p.category.as_str(), p.provider.as_str()) {
        // The first ActionMode (CREATE_UPDATE) also needs a template.
        ("Deploy", "CloudFormation") => {
            config.insert("TemplatePath".into(), json!("In0::template.yaml"));
        }
        ("Deploy", "EC2") => {
            config.insert("PostScript".into(), json!("scripts/start.sh"));
            config.insert("TargetDirectory".into(), json!("/opt/app"));
        }
        ("Deploy", "ServiceCatalog") => {
            config.insert("ConfigurationFilePath".into(), json!("product.json"));
        }
        ("Deploy", "EKS") => {
            config.insert("ManifestFiles".into(), json!("manifest.yaml"));
        }
        _ => {}
    }
    let mut action = json!({
        "name": "UnderTest",
        "actionTypeId": {"category": p.category, "owner": p.owner, "provider": p.provider, "version": p.version},
    });
    if !config.is_empty() {
        action["configuration"] = Value::Object(config);
    }
    if inputs > 0 {
        action["inputArtifacts"] = Value::Array(
            (0..inputs)
                .map(|i| json!({"name": format!("In{i}")}))
                .collect(),
        );
    }
    if p.output_artifacts.min > 0 {
        action["outputArtifacts"] = Value::Array(
            (0..p.output_artifacts.min)
                .map(|i| json!({"name": format!("Out{i}")}))
                .collect(),
        );
    }
    if p.provider == "Commands" {
        action["commands"] = json!(["make"]);
    }
    let sources: Vec<Value> = (0..inputs.max(1))
        .map(|i| json!({
            "name": format!("Src{i}"),
            "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
            "configuration": {"S3Bucket": "b", "S3ObjectKey": format!("k{i}.zip"), "PollForSourceChanges": "false"},
            "outputArtifacts": [{"name": format!("In{i}")}]
        }))
        .collect();
    let stages = if p.category == "Source" {
        json!([
            {"name": "Source", "actions": [action]},
            {"name": "Wait", "actions": [{"name": "Approve", "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"}}]}
        ])
    } else {
        json!([{"name": "Source", "actions": sources}, {"name": "UnderTest", "actions": [action]}])
    };
    json!({"pipeline": {
        "name": "catalog-check",
        "roleArn": "arn:aws:iam::123456789012:role/r",
        "artifactStore": {"type": "S3", "location": "bucket"},
        "stages": stages,
        "pipelineType": "V2"
    }})
}

fn error_codes(v: Value) -> Vec<(&'static str, String)> {
    let doc = Document::from_value(v).unwrap();
    validate(&doc)
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code, d.pointer))
        .collect()
}

#[test]
fn an_action_built_from_the_catalog_is_valid() {
    for p in &catalog().providers {
        let errors = error_codes(pipeline_with(p, None));
        assert!(
            errors.is_empty(),
            "{}/{}/{}: {errors:?}",
            p.category,
            p.owner,
            p.provider
        );
    }
}

#[test]
fn each_required_key_is_reported_when_missing() {
    let mut checked = 0;
    for p in &catalog().providers {
        for k in p.required_keys() {
            let errors = error_codes(pipeline_with(p, Some(&k.name)));
            let stage = if p.category == "Source" { 0 } else { 1 };
            let want = (
                "E501",
                format!(
                    "/pipeline/stages/{stage}/actions/0/configuration/{}",
                    k.name
                ),
            );
            assert_eq!(errors, vec![want], "{}: dropping {}", p.provider, k.name);
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} required keys in the catalog");
}
