//! CloudFormation `AWS::CodePipeline::Pipeline`
//! (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codepipeline-pipeline.html>).
//!
//! The resource's properties are the API's in PascalCase, except `ArtifactStores` (a list of
//! `{Region, ArtifactStore}` instead of a map) and `Tags` (`{Key, Value}`). `version` and the
//! get-pipeline `metadata` are service-assigned and have no property.
//!
//! Beside the pipeline, the template declares what makes it start and what its design describes
//! around it (`around.rs`).

mod around;

use serde_json::{json, Map, Value};

use super::{identifier, is_secret_config, Export, Notes};
use crate::codec::value_to_text;
use crate::codec::Pointer;
use crate::document::{Document, Format};
use crate::model::*;

const TARGET: &str = "CloudFormation";

/// The template: one pipeline resource and its name as an output.
pub fn export(doc: &Document, format: Format) -> Export {
    let mut notes = Notes::default();
    let root = Pointer::root();
    let p = &doc.pipeline;
    let at = root.key("pipeline");
    let logical = identifier(&[&p.name, "Pipeline"]);

    let mut props = Map::new();
    put(&mut props, "Name", non_empty(&p.name));
    put(&mut props, "RoleArn", non_empty(&p.role_arn));
    if let Some(store) = &p.artifact_store {
        props.insert(
            "ArtifactStore".into(),
            artifact_store(store, &at.key("artifactStore"), &mut notes),
        );
    }
    if let Some(stores) = &p.artifact_stores {
        let list = stores
            .iter()
            .map(|(region, store)| {
                json!({"Region": region, "ArtifactStore": artifact_store(store, &at.key("artifactStores").key(region), &mut notes)})
            })
            .collect();
        props.insert("ArtifactStores".into(), Value::Array(list));
    }
    put(
        &mut props,
        "ExecutionMode",
        p.execution_mode.clone().map(Value::from),
    );
    put(
        &mut props,
        "PipelineType",
        p.pipeline_type.clone().map(Value::from),
    );
    let stages = p
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| stage(&p.name, s, &at.key("stages").index(i), &mut notes))
        .collect();
    props.insert("Stages".into(), Value::Array(stages));
    if let Some(vars) = &p.variables {
        let list = vars
            .iter()
            .enumerate()
            .map(|(i, v)| {
                notes.unknown(&at.key("variables").index(i), &v.extra, TARGET);
                let mut m = Map::new();
                m.insert("Name".into(), v.name.clone().into());
                put(
                    &mut m,
                    "DefaultValue",
                    v.default_value.clone().map(Value::from),
                );
                put(
                    &mut m,
                    "Description",
                    v.description.clone().map(Value::from),
                );
                Value::Object(m)
            })
            .collect();
        props.insert("Variables".into(), Value::Array(list));
    }
    if let Some(triggers) = &p.triggers {
        let list = triggers
            .iter()
            .enumerate()
            .map(|(i, t)| trigger(t, &at.key("triggers").index(i), &mut notes))
            .collect();
        props.insert("Triggers".into(), Value::Array(list));
    }
    if let Some(tags) = &doc.tags {
        let list = tags
            .iter()
            .enumerate()
            .map(|(i, t)| {
                notes.unknown(&root.key("tags").index(i), &t.extra, TARGET);
                json!({"Key": t.key, "Value": t.value})
            })
            .collect();
        props.insert("Tags".into(), Value::Array(list));
    }
    if let Some(v) = p.version {
        notes.push(
            &at.key("version"),
            format!("version {v} is assigned by the service on each update; CloudFormation has no property for it"),
        );
    }
    if doc.metadata.is_some() {
        notes.push(
            &root.key("metadata"),
            "get-pipeline metadata (ARN, created/updated times) is read-only service data and is not part of the template",
        );
    }
    if doc
        .pipewright
        .as_ref()
        .and_then(|d| d.environments.as_ref())
        .is_some()
    {
        notes.push(
            &root.key("pipewright").key("environments"),
            "this design defines environments; this template is the base pipeline: export each environment to get its pipeline",
        );
    }
    notes.unknown(&at, &p.extra, TARGET);
    notes.unknown(&root, &doc.extra, TARGET);

    let mut resources = Map::new();
    resources.insert(
        logical.clone(),
        json!({
            "Type": "AWS::CodePipeline::Pipeline",
            "Properties": Value::Object(props),
        }),
    );
    let mut outputs = Map::new();
    outputs.insert(
        "PipelineName".into(),
        json!({
            "Description": "The name of the pipeline",
            "Value": {"Ref": logical},
        }),
    );
    around::declare(doc, &logical, &mut resources, &mut outputs, &mut notes);
    let template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": format!("CodePipeline {} (exported by Pipewright)", p.name),
        "Resources": resources,
        "Outputs": outputs,
    });
    let text = value_to_text(&template, format).unwrap_or_else(|e| format!("# {e}\n"));
    Export {
        text,
        notes: notes.into_vec(),
    }
}

fn put(m: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        m.insert(key.into(), v);
    }
}

fn non_empty(s: &str) -> Option<Value> {
    (!s.is_empty()).then(|| Value::from(s))
}

fn strings(v: &Option<Vec<String>>) -> Option<Value> {
    v.as_ref().map(|l| Value::from(l.clone()))
}

fn artifact_store(s: &ArtifactStore, at: &Pointer, notes: &mut Notes) -> Value {
    notes.unknown(at, &s.extra, TARGET);
    let mut m = Map::new();
    m.insert("Type".into(), s.store_type.clone().into());
    m.insert("Location".into(), s.location.clone().into());
    if let Some(k) = &s.encryption_key {
        notes.unknown(&at.key("encryptionKey"), &k.extra, TARGET);
        m.insert(
            "EncryptionKey".into(),
            json!({"Id": k.id, "Type": k.key_type}),
        );
    }
    Value::Object(m)
}

fn stage(pipeline: &str, s: &Stage, at: &Pointer, notes: &mut Notes) -> Value {
    notes.unknown(at, &s.extra, TARGET);
    let mut m = Map::new();
    m.insert("Name".into(), s.name.clone().into());
    if let Some(blockers) = &s.blockers {
        let list = blockers
            .iter()
            .enumerate()
            .map(|(i, b)| {
                notes.unknown(&at.key("blockers").index(i), &b.extra, TARGET);
                json!({"Name": b.name, "Type": b.blocker_type})
            })
            .collect();
        m.insert("Blockers".into(), Value::Array(list));
    }
    let actions = s
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| action(pipeline, &s.name, a, &at.key("actions").index(i), notes))
        .collect();
    m.insert("Actions".into(), Value::Array(actions));
    if let Some(f) = &s.on_failure {
        let fat = at.key("onFailure");
        notes.unknown(&fat, &f.extra, TARGET);
        let mut fm = Map::new();
        put(&mut fm, "Result", f.result.clone().map(Value::from));
        if let Some(r) = &f.retry_configuration {
            notes.unknown(&fat.key("retryConfiguration"), &r.extra, TARGET);
            let mut rm = Map::new();
            put(&mut rm, "RetryMode", r.retry_mode.clone().map(Value::from));
            fm.insert("RetryConfiguration".into(), Value::Object(rm));
        }
        if let Some(c) = &f.conditions {
            fm.insert(
                "Conditions".into(),
                conditions(c, &fat.key("conditions"), notes),
            );
        }
        m.insert("OnFailure".into(), Value::Object(fm));
    }
    for (key, field, c) in [
        ("OnSuccess", "onSuccess", &s.on_success),
        ("BeforeEntry", "beforeEntry", &s.before_entry),
    ] {
        if let Some(c) = c {
            notes.unknown(&at.key(field), &c.extra, TARGET);
            let conds = conditions(&c.conditions, &at.key(field).key("conditions"), notes);
            m.insert(key.into(), json!({"Conditions": conds}));
        }
    }
    Value::Object(m)
}

fn conditions(list: &[Condition], at: &Pointer, notes: &mut Notes) -> Value {
    let out = list
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cat = at.index(i);
            notes.unknown(&cat, &c.extra, TARGET);
            let mut m = Map::new();
            put(&mut m, "Result", c.result.clone().map(Value::from));
            if let Some(rules) = &c.rules {
                let rules = rules
                    .iter()
                    .enumerate()
                    .map(|(j, r)| rule(r, &cat.key("rules").index(j), notes))
                    .collect();
                m.insert("Rules".into(), Value::Array(rules));
            }
            Value::Object(m)
        })
        .collect();
    Value::Array(out)
}

fn rule(r: &Rule, at: &Pointer, notes: &mut Notes) -> Value {
    notes.unknown(at, &r.extra, TARGET);
    notes.unknown(&at.key("ruleTypeId"), &r.rule_type_id.extra, TARGET);
    let t = &r.rule_type_id;
    let mut id = Map::new();
    id.insert("Category".into(), t.category.clone().into());
    put(&mut id, "Owner", t.owner.clone().map(Value::from));
    id.insert("Provider".into(), t.provider.clone().into());
    put(&mut id, "Version", t.version.clone().map(Value::from));
    let mut m = Map::new();
    m.insert("Name".into(), r.name.clone().into());
    m.insert("RuleTypeId".into(), Value::Object(id));
    put(
        &mut m,
        "Configuration",
        r.configuration.as_ref().map(|c| json!(c)),
    );
    put(&mut m, "Commands", strings(&r.commands));
    put(
        &mut m,
        "InputArtifacts",
        r.input_artifacts
            .as_ref()
            .map(|l| inputs(l, &at.key("inputArtifacts"), notes)),
    );
    put(&mut m, "RoleArn", r.role_arn.clone().map(Value::from));
    put(&mut m, "Region", r.region.clone().map(Value::from));
    put(
        &mut m,
        "TimeoutInMinutes",
        r.timeout_in_minutes.map(Value::from),
    );
    Value::Object(m)
}

fn inputs(list: &[InputArtifact], at: &Pointer, notes: &mut Notes) -> Value {
    list.iter()
        .enumerate()
        .map(|(i, a)| {
            notes.unknown(&at.index(i), &a.extra, TARGET);
            json!({"Name": a.name})
        })
        .collect()
}

fn action(pipeline: &str, stage: &str, a: &Action, at: &Pointer, notes: &mut Notes) -> Value {
    notes.unknown(at, &a.extra, TARGET);
    notes.unknown(&at.key("actionTypeId"), &a.action_type_id.extra, TARGET);
    let t = &a.action_type_id;
    let mut m = Map::new();
    m.insert("Name".into(), a.name.clone().into());
    m.insert(
        "ActionTypeId".into(),
        json!({"Category": t.category, "Owner": t.owner, "Provider": t.provider, "Version": t.version}),
    );
    put(&mut m, "RunOrder", a.run_order.map(Value::from));
    if let Some(config) = &a.configuration {
        let mut cm = Map::new();
        for (k, v) in config {
            if is_secret_config(a, k, v) {
                let secret = format!("pipewright/{pipeline}/{stage}/{}", a.name);
                notes.push(
                    &at.key("configuration").key(k),
                    format!("secret `{k}` is written as a Secrets Manager dynamic reference: store its value in secret `{secret}` under the key `{k}`"),
                );
                cm.insert(
                    k.clone(),
                    format!("{{{{resolve:secretsmanager:{secret}:SecretString:{k}}}}}").into(),
                );
            } else {
                cm.insert(k.clone(), v.clone().into());
            }
        }
        m.insert("Configuration".into(), Value::Object(cm));
    }
    put(&mut m, "Commands", strings(&a.commands));
    put(
        &mut m,
        "InputArtifacts",
        a.input_artifacts
            .as_ref()
            .map(|l| inputs(l, &at.key("inputArtifacts"), notes)),
    );
    if let Some(outs) = &a.output_artifacts {
        let list = outs
            .iter()
            .enumerate()
            .map(|(i, o)| {
                notes.unknown(&at.key("outputArtifacts").index(i), &o.extra, TARGET);
                let mut om = Map::new();
                om.insert("Name".into(), o.name.clone().into());
                put(&mut om, "Files", strings(&o.files));
                Value::Object(om)
            })
            .collect();
        m.insert("OutputArtifacts".into(), Value::Array(list));
    }
    put(&mut m, "OutputVariables", strings(&a.output_variables));
    put(&mut m, "Namespace", a.namespace.clone().map(Value::from));
    put(&mut m, "Region", a.region.clone().map(Value::from));
    put(&mut m, "RoleArn", a.role_arn.clone().map(Value::from));
    put(
        &mut m,
        "TimeoutInMinutes",
        a.timeout_in_minutes.map(Value::from),
    );
    if let Some(vars) = &a.environment_variables {
        let list = vars
            .iter()
            .enumerate()
            .map(|(i, v)| {
                notes.unknown(&at.key("environmentVariables").index(i), &v.extra, TARGET);
                let mut vm = Map::new();
                vm.insert("Name".into(), v.name.clone().into());
                vm.insert("Value".into(), v.value.clone().into());
                put(&mut vm, "Type", v.var_type.clone().map(Value::from));
                Value::Object(vm)
            })
            .collect();
        m.insert("EnvironmentVariables".into(), Value::Array(list));
    }
    Value::Object(m)
}

fn filter(c: &FilterCriteria, at: &Pointer, notes: &mut Notes) -> Value {
    notes.unknown(at, &c.extra, TARGET);
    let mut m = Map::new();
    put(&mut m, "Includes", strings(&c.includes));
    put(&mut m, "Excludes", strings(&c.excludes));
    Value::Object(m)
}

/// Put each present filter of a push / pull-request filter under its CloudFormation name.
fn criteria(
    m: &mut Map<String, Value>,
    fields: &[(&str, &str, &Option<FilterCriteria>)],
    at: &Pointer,
    notes: &mut Notes,
) {
    for (cfn, api, c) in fields {
        put(m, cfn, c.as_ref().map(|c| filter(c, &at.key(api), notes)));
    }
}

fn trigger(t: &Trigger, at: &Pointer, notes: &mut Notes) -> Value {
    notes.unknown(at, &t.extra, TARGET);
    let g = &t.git_configuration;
    let gat = at.key("gitConfiguration");
    notes.unknown(&gat, &g.extra, TARGET);
    let mut gm = Map::new();
    gm.insert(
        "SourceActionName".into(),
        g.source_action_name.clone().into(),
    );
    if let Some(push) = &g.push {
        let list = push
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let fat = gat.key("push").index(i);
                notes.unknown(&fat, &f.extra, TARGET);
                let mut m = Map::new();
                criteria(
                    &mut m,
                    &[
                        ("Branches", "branches", &f.branches),
                        ("FilePaths", "filePaths", &f.file_paths),
                        ("Tags", "tags", &f.tags),
                    ],
                    &fat,
                    notes,
                );
                Value::Object(m)
            })
            .collect();
        gm.insert("Push".into(), Value::Array(list));
    }
    if let Some(prs) = &g.pull_request {
        let list = prs
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let fat = gat.key("pullRequest").index(i);
                notes.unknown(&fat, &f.extra, TARGET);
                let mut m = Map::new();
                put(&mut m, "Events", strings(&f.events));
                criteria(
                    &mut m,
                    &[
                        ("Branches", "branches", &f.branches),
                        ("FilePaths", "filePaths", &f.file_paths),
                    ],
                    &fat,
                    notes,
                );
                Value::Object(m)
            })
            .collect();
        gm.insert("PullRequest".into(), Value::Array(list));
    }
    json!({"ProviderType": t.provider_type, "GitConfiguration": Value::Object(gm)})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::parse(text, Format::Yaml).unwrap()
    }

    const SAMPLE: &str = r#"
pipeline:
  name: web-app
  roleArn: arn:aws:iam::123456789012:role/pipeline
  artifactStores:
    us-east-1: {type: S3, location: art-use1, encryptionKey: {id: alias/k, type: KMS}}
    eu-west-1: {type: S3, location: art-euw1}
  pipelineType: V2
  executionMode: QUEUED
  version: 7
  variables: [{name: ENV, defaultValue: dev, description: target}]
  triggers:
    - providerType: CodeStarSourceConnection
      gitConfiguration:
        sourceActionName: Src
        push: [{branches: {includes: [main]}, filePaths: {excludes: ["docs/**"]}}]
        pullRequest: [{events: [OPEN], branches: {includes: ["feature/*"]}}]
  stages:
    - name: Source
      actions:
        - name: Src
          actionTypeId: {category: Source, owner: ThirdParty, provider: GitHub, version: "1"}
          configuration: {Owner: o, Repo: r, Branch: main, OAuthToken: "****"}
          outputArtifacts: [{name: Code}]
    - name: Build
      onFailure: {result: RETRY, retryConfiguration: {retryMode: FAILED_ACTIONS}}
      beforeEntry:
        conditions: [{result: FAIL, rules: [{name: Window, ruleTypeId: {category: Rule, owner: AWS, provider: DeploymentWindow, version: "1"}, configuration: {Cron: "0 9 * * 1-5"}}]}]
      actions:
        - name: Run
          actionTypeId: {category: Compute, owner: AWS, provider: Commands, version: "1"}
          commands: [make test]
          inputArtifacts: [{name: Code}]
          outputArtifacts: [{name: Out, files: [dist/app.zip]}]
          region: eu-west-1
          futureThing: 3
tags: [{key: team, value: web}]
metadata: {pipelineArn: "arn:aws:codepipeline:us-east-1:123456789012:web-app"}
"#;

    #[test]
    fn maps_every_field_to_the_resource_properties() {
        let out = export(&doc(SAMPLE), Format::Json);
        let t: Value = serde_json::from_str(&out.text).unwrap();
        let props = &t["Resources"]["WebAppPipeline"]["Properties"];
        assert_eq!(
            t["Resources"]["WebAppPipeline"]["Type"],
            "AWS::CodePipeline::Pipeline"
        );
        assert_eq!(props["Name"], "web-app");
        assert_eq!(props["ArtifactStores"][1]["Region"], "eu-west-1");
        assert_eq!(
            props["ArtifactStores"][0]["ArtifactStore"]["EncryptionKey"]["Type"],
            "KMS"
        );
        assert_eq!(props["ExecutionMode"], "QUEUED");
        assert_eq!(props["Variables"][0]["Description"], "target");
        let git = &props["Triggers"][0]["GitConfiguration"];
        assert_eq!(git["Push"][0]["FilePaths"]["Excludes"][0], "docs/**");
        assert_eq!(git["PullRequest"][0]["Events"][0], "OPEN");
        let build = &props["Stages"][1];
        assert_eq!(
            build["OnFailure"]["RetryConfiguration"]["RetryMode"],
            "FAILED_ACTIONS"
        );
        assert_eq!(
            build["BeforeEntry"]["Conditions"][0]["Rules"][0]["RuleTypeId"]["Provider"],
            "DeploymentWindow"
        );
        assert_eq!(
            build["Actions"][0]["OutputArtifacts"][0]["Files"][0],
            "dist/app.zip"
        );
        assert_eq!(build["Actions"][0]["Commands"][0], "make test");
        assert_eq!(props["Tags"][0]["Key"], "team");
    }

    #[test]
    fn secrets_become_dynamic_references_and_are_reported() {
        let out = export(&doc(SAMPLE), Format::Yaml);
        assert!(!out.text.contains("****"));
        assert!(out.text.contains(
            "{{resolve:secretsmanager:pipewright/web-app/Source/Src:SecretString:OAuthToken}}"
        ));
        assert!(out
            .notes
            .iter()
            .any(|n| n.pointer == "/pipeline/stages/0/actions/0/configuration/OAuthToken"));
    }

    #[test]
    fn what_cannot_be_expressed_is_reported_not_dropped_silently() {
        let out = export(&doc(SAMPLE), Format::Yaml);
        let pointers: Vec<_> = out.notes.iter().map(|n| n.pointer.as_str()).collect();
        assert!(
            pointers.contains(&"/pipeline/stages/1/actions/0/futureThing"),
            "{pointers:?}"
        );
        assert!(pointers.contains(&"/pipeline/version"));
        assert!(pointers.contains(&"/metadata"));
    }
}
