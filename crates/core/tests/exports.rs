//! Exports against real parsers: every template (each environment) and the valid corpus exported
//! to CloudFormation pass `cfn-lint` with no errors; Terraform output parses as HCL and maps every
//! field back to the same pipeline (except what the export reports it could not express).

use std::path::PathBuf;
use std::process::Command;

use pipewright_core::export::{export, ExportFormat};
use pipewright_core::{environments, templates, Document, Format};
use serde_json::{json, Map, Value};

fn repo() -> PathBuf {
    pipewright_test_support::manifest_dir!().join("../..")
}

/// Every pipeline the tests export: templates (filled, per environment) and the valid corpus.
fn pipelines() -> Vec<(String, Document)> {
    let mut out = Vec::new();
    for t in templates::list() {
        let inst = templates::instantiate(t.id, &templates::example_values(t.id)).unwrap();
        for (env, doc) in environments::expand(&inst.document).unwrap() {
            out.push((
                format!("template-{}-{}", t.id, env.unwrap_or_default()),
                doc,
            ));
        }
    }
    let corpus = repo().join("tests/corpus/valid");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    assert!(
        !files.is_empty(),
        "the valid corpus at {} is empty",
        corpus.display()
    );
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let doc = Document::parse(&text, Format::detect(&name, &text)).unwrap();
        for (env, doc) in environments::expand(&doc).unwrap() {
            out.push((format!("corpus-{name}-{}", env.unwrap_or_default()), doc));
        }
    }
    out
}

fn cfn_lint() -> PathBuf {
    let venv = std::env::var_os("PIPEWRIGHT_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join(".venv-test"));
    let bin = venv.join("bin/cfn-lint");
    assert!(
        bin.exists(),
        "cfn-lint is not installed at {}: run `make test`, which creates the test venv",
        bin.display()
    );
    bin
}

#[test]
fn cloudformation_exports_pass_cfn_lint() {
    let dir = std::env::temp_dir().join(format!("pipewright-cfn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (name, doc) in pipelines() {
        for (format, ext) in [
            (ExportFormat::CloudformationYaml, "yaml"),
            (ExportFormat::CloudformationJson, "json"),
        ] {
            let path = dir.join(format!("{name}.{ext}"));
            std::fs::write(&path, export(&doc, format).text).unwrap();
            files.push(path);
        }
    }
    // What `pipewright events export` writes: a reader's rule and queue, and the organisation
    // layout's member StackSet (with its read-only role) and central bus.
    use pipewright_core::export::events as watch;
    for (name, text) in [
        (
            "events-reader",
            watch::cloudformation("ada-laptop-app", None),
        ),
        (
            "events-reader-bus",
            watch::cloudformation("ada-laptop-app", Some("pipelines")),
        ),
        (
            "events-members",
            watch::organisation_members(
                "arn:aws:events:us-east-1:111122223333:event-bus/pipelines",
            ),
        ),
        (
            "events-central",
            watch::organisation_central("pipelines", "o-abc123defg"),
        ),
    ] {
        let path = dir.join(format!("{name}.yaml"));
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    let out = Command::new(cfn_lint())
        .args(["--format", "parseable", "--regions", "us-east-1", "--"])
        .args(&files)
        .output()
        .expect("cfn-lint runs");
    let report = String::from_utf8_lossy(&out.stdout);
    // cfn-lint's exit code is a bit mask: 2 = errors, 4 = warnings, 8 = informational.
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code >= 0 && code & 2 == 0 && code & 1 == 0,
        "cfn-lint found errors (exit {code}):\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}

fn items(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => vec![],
    }
}

fn copy(from: &Value, to: &mut Map<String, Value>, pairs: &[(&str, &str)]) {
    for (hcl, api) in pairs {
        if let Some(v) = from.get(*hcl) {
            to.insert(api.to_string(), v.clone());
        }
    }
}

fn names(v: Option<&Value>) -> Option<Value> {
    let list = v?.as_array()?;
    Some(list.iter().map(|n| json!({ "name": n })).collect())
}

fn criteria(v: &Value) -> Value {
    let mut m = Map::new();
    copy(
        v,
        &mut m,
        &[("includes", "includes"), ("excludes", "excludes")],
    );
    Value::Object(m)
}

fn conditions(block: &Value) -> Vec<Value> {
    items(block.get("condition"))
        .into_iter()
        .map(|c| {
            let mut m = Map::new();
            copy(c, &mut m, &[("result", "result")]);
            let rules: Vec<Value> = items(c.get("rule"))
                .into_iter()
                .map(|r| {
                    let mut rm = Map::new();
                    copy(r, &mut rm, &[("name", "name")]);
                    rm.insert("ruleTypeId".into(), r["rule_type_id"].clone());
                    copy(
                        r,
                        &mut rm,
                        &[("configuration", "configuration"), ("commands", "commands")],
                    );
                    if let Some(n) = names(r.get("input_artifacts")) {
                        rm.insert("inputArtifacts".into(), n);
                    }
                    copy(
                        r,
                        &mut rm,
                        &[
                            ("role_arn", "roleArn"),
                            ("region", "region"),
                            ("timeout_in_minutes", "timeoutInMinutes"),
                        ],
                    );
                    Value::Object(rm)
                })
                .collect();
            if !rules.is_empty() {
                m.insert("rules".into(), Value::Array(rules));
            }
            Value::Object(m)
        })
        .collect()
}

fn filters(list: Option<&Value>, keys: &[(&str, &str)], events: bool) -> Vec<Value> {
    items(list)
        .into_iter()
        .map(|f| {
            let mut m = Map::new();
            if events {
                copy(f, &mut m, &[("events", "events")]);
            }
            for (h, a) in keys {
                if let Some(c) = f.get(*h) {
                    m.insert(a.to_string(), criteria(c));
                }
            }
            Value::Object(m)
        })
        .collect()
}

fn store(s: &Value) -> Value {
    let mut m = Map::new();
    copy(s, &mut m, &[("type", "type"), ("location", "location")]);
    if let Some(k) = s.get("encryption_key") {
        m.insert(
            "encryptionKey".into(),
            json!({"id": k["id"], "type": k["type"]}),
        );
    }
    Value::Object(m)
}

fn action(a: &Value) -> Value {
    let mut am = Map::new();
    copy(a, &mut am, &[("name", "name")]);
    am.insert(
        "actionTypeId".into(),
        json!({"category": a["category"], "owner": a["owner"], "provider": a["provider"], "version": a["version"]}),
    );
    copy(
        a,
        &mut am,
        &[
            ("run_order", "runOrder"),
            ("configuration", "configuration"),
        ],
    );
    if let Some(n) = names(a.get("output_artifacts")) {
        am.insert("outputArtifacts".into(), n);
    }
    if let Some(n) = names(a.get("input_artifacts")) {
        am.insert("inputArtifacts".into(), n);
    }
    copy(
        a,
        &mut am,
        &[
            ("role_arn", "roleArn"),
            ("region", "region"),
            ("namespace", "namespace"),
            ("timeout_in_minutes", "timeoutInMinutes"),
        ],
    );
    Value::Object(am)
}

fn stage(s: &Value) -> Value {
    let mut sm = Map::new();
    copy(s, &mut sm, &[("name", "name")]);
    let actions: Vec<Value> = items(s.get("action")).into_iter().map(action).collect();
    sm.insert("actions".into(), Value::Array(actions));
    if let Some(f) = s.get("on_failure") {
        let mut fm = Map::new();
        copy(f, &mut fm, &[("result", "result")]);
        if let Some(rc) = f.get("retry_configuration") {
            fm.insert(
                "retryConfiguration".into(),
                json!({"retryMode": rc["retry_mode"]}),
            );
        }
        let c = conditions(f);
        if !c.is_empty() {
            fm.insert("conditions".into(), Value::Array(c));
        }
        sm.insert("onFailure".into(), Value::Object(fm));
    }
    for (hcl, api) in [("on_success", "onSuccess"), ("before_entry", "beforeEntry")] {
        if let Some(b) = s.get(hcl) {
            sm.insert(api.into(), json!({ "conditions": conditions(b) }));
        }
    }
    Value::Object(sm)
}

/// The CodePipeline JSON a parsed `aws_codepipeline` resource stands for.
fn back(r: &Value) -> Value {
    let mut p = Map::new();
    copy(r, &mut p, &[("name", "name"), ("role_arn", "roleArn")]);
    let stores = items(r.get("artifact_store"));
    if stores.iter().any(|s| s.get("region").is_some()) {
        let map: Map<String, Value> = stores
            .iter()
            .map(|s| (s["region"].as_str().unwrap().to_string(), store(s)))
            .collect();
        p.insert("artifactStores".into(), Value::Object(map));
    } else if let Some(s) = stores.first() {
        p.insert("artifactStore".into(), store(s));
    }
    let stages: Vec<Value> = items(r.get("stage")).into_iter().map(stage).collect();
    p.insert("stages".into(), Value::Array(stages));
    copy(
        r,
        &mut p,
        &[
            ("execution_mode", "executionMode"),
            ("pipeline_type", "pipelineType"),
        ],
    );
    let vars: Vec<Value> = items(r.get("variable"))
        .into_iter()
        .map(|v| {
            let mut m = Map::new();
            copy(
                v,
                &mut m,
                &[
                    ("name", "name"),
                    ("default_value", "defaultValue"),
                    ("description", "description"),
                ],
            );
            Value::Object(m)
        })
        .collect();
    if !vars.is_empty() {
        p.insert("variables".into(), Value::Array(vars));
    }
    let triggers: Vec<Value> = items(r.get("trigger"))
        .into_iter()
        .map(|t| {
            let g = &t["git_configuration"];
            let mut gm = Map::new();
            copy(g, &mut gm, &[("source_action_name", "sourceActionName")]);
            let push = filters(
                g.get("push"),
                &[
                    ("tags", "tags"),
                    ("branches", "branches"),
                    ("file_paths", "filePaths"),
                ],
                false,
            );
            if !push.is_empty() {
                gm.insert("push".into(), Value::Array(push));
            }
            let prs = filters(
                g.get("pull_request"),
                &[("branches", "branches"), ("file_paths", "filePaths")],
                true,
            );
            if !prs.is_empty() {
                gm.insert("pullRequest".into(), Value::Array(prs));
            }
            json!({"providerType": t["provider_type"], "gitConfiguration": gm})
        })
        .collect();
    if !triggers.is_empty() {
        p.insert("triggers".into(), Value::Array(triggers));
    }
    Value::Object(p)
}

/// Remove the node a JSON pointer names (what the export reported it did not carry across).
fn remove(v: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    if let Some(Value::Object(m)) = v.pointer_mut(parent) {
        m.shift_remove(&last);
    }
}

/// Key order is not meaningful in JSON objects; compare canonically.
fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<_> = m.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted(&m[k])))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        v => v.clone(),
    }
}

#[test]
fn terraform_exports_parse_as_hcl_and_map_every_field_back() {
    for (name, doc) in pipelines() {
        let out = export(&doc, ExportFormat::Terraform);
        let parsed: Value = hcl::from_str(&out.text)
            .unwrap_or_else(|e| panic!("{name}: HCL does not parse: {e}\n{}", out.text));
        let resources = parsed["resource"]["aws_codepipeline"]
            .as_object()
            .expect("one aws_codepipeline resource");
        assert_eq!(resources.len(), 1, "{name}");
        let resource = resources.values().next().unwrap();

        let mut want = doc.to_codepipeline_value();
        let mut got = json!({ "pipeline": back(resource) });
        for note in &out.notes {
            remove(&mut want, &note.pointer);
            remove(&mut got, &note.pointer);
        }
        // Tags are a map in Terraform.
        if let Some(tags) = want.as_object_mut().unwrap().shift_remove("tags") {
            let expected: Map<String, Value> = tags
                .as_array()
                .unwrap()
                .iter()
                .map(|t| (t["key"].as_str().unwrap().to_string(), t["value"].clone()))
                .collect();
            assert_eq!(resource["tags"], Value::Object(expected), "{name}: tags");
        }
        // Secrets are sensitive variables, declared once each.
        for note in out
            .notes
            .iter()
            .filter(|n| n.message.contains("sensitive variable"))
        {
            let var = note.message.split("`var.").nth(1).unwrap();
            let var = var.split('`').next().unwrap();
            assert_eq!(
                parsed["variable"][var]["sensitive"],
                json!(true),
                "{name}: variable {var} is not declared sensitive"
            );
        }
        assert_eq!(
            sorted(&got),
            sorted(&want),
            "{name}: Terraform does not map back to the pipeline"
        );
    }
}
