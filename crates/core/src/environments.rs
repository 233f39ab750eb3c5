//! Environments: one design, several pipelines (e.g. `dev` on branch `develop`, `prod` on `main`).
//!
//! A design file's `pipewright.environments` maps an environment name to the differences from the
//! base pipeline: a name suffix, the source branch, variable defaults, configuration overrides per
//! action, and extra stages (say, a manual approval before the production deploy). Rendering an
//! environment gives a plain CodePipeline document; plan and apply treat each rendered document as
//! one pipeline. The base pipeline itself is not deployed when environments are defined.
//!
//! The types ([`Environment`], [`ExtraStage`]) live with the document they are part of
//! (`document.rs`); this module renders and compares them.

use serde::Serialize;
use serde_json::Value;

use crate::codec::Pointer;
use crate::document::Document;
pub use crate::document::{Environment, ExtraStage};
use crate::error::CodecError;

/// Configuration keys that name the branch of a source action, by provider.
const BRANCH_KEYS: &[&str] = &["BranchName", "Branch"];

/// The environments a design defines, in file order (empty when it defines none).
pub fn names(doc: &Document) -> Vec<&str> {
    doc.pipewright
        .as_ref()
        .and_then(|p| p.environments.as_ref())
        .map(|envs| envs.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn env_error(env: &str, message: impl Into<String>) -> CodecError {
    CodecError::Environment {
        env: env.to_string(),
        message: message.into(),
    }
}

/// The pipeline document of one environment: the base design with the environment's changes
/// applied, without the `pipewright` section's environments (a plain CodePipeline document).
pub fn render(doc: &Document, env_name: &str) -> Result<Document, CodecError> {
    let env = doc
        .pipewright
        .as_ref()
        .and_then(|p| p.environments.as_ref())
        .and_then(|e| e.get(env_name))
        .ok_or_else(|| {
            env_error(
                env_name,
                format!(
                    "this design defines no such environment (it has: {})",
                    names(doc).join(", ")
                ),
            )
        })?;
    let mut out = doc.clone();
    if let Some(p) = out.pipewright.as_mut() {
        p.environments = None;
    }
    let pipeline = &mut out.pipeline;
    if let Some(suffix) = &env.name_suffix {
        pipeline.name.push_str(suffix);
    }
    if let Some(branch) = &env.branch {
        for stage in &mut pipeline.stages {
            for action in &mut stage.actions {
                if action.action_type_id.category != "Source" {
                    continue;
                }
                if let Some(config) = action.configuration.as_mut() {
                    for key in BRANCH_KEYS {
                        if let Some(v) = config.get_mut(*key) {
                            *v = branch.clone();
                        }
                    }
                }
            }
        }
        for trigger in pipeline.triggers.iter_mut().flatten() {
            for push in trigger.git_configuration.push.iter_mut().flatten() {
                if let Some(b) = push.branches.as_mut() {
                    b.includes = Some(vec![branch.clone()]);
                }
            }
        }
    }
    if let Some(vars) = &env.variables {
        let declared = pipeline.variables.get_or_insert_with(Vec::new);
        for (name, value) in vars {
            match declared.iter_mut().find(|v| &v.name == name) {
                Some(v) => v.default_value = Some(value.clone()),
                None => {
                    return Err(env_error(
                        env_name,
                        format!("sets variable `{name}`, which the pipeline does not declare; declare it under pipeline.variables first"),
                    ))
                }
            }
        }
    }
    for (target, overrides) in env.configuration.iter().flatten() {
        let (stage_name, action_name) = target.split_once('/').ok_or_else(|| {
            env_error(
                env_name,
                format!("configuration target `{target}` must be written `<stage>/<action>`"),
            )
        })?;
        let action = pipeline
            .stages
            .iter_mut()
            .filter(|s| s.name == stage_name)
            .flat_map(|s| s.actions.iter_mut())
            .find(|a| a.name == action_name)
            .ok_or_else(|| {
                env_error(
                    env_name,
                    format!("overrides action `{target}`, which the pipeline does not have"),
                )
            })?;
        let config = action.configuration.get_or_insert_with(Default::default);
        for (k, v) in overrides {
            config.insert(k.clone(), v.clone());
        }
    }
    for extra in env.extra_stages.iter().flatten() {
        let at = match &extra.before {
            None => pipeline.stages.len(),
            Some(before) => pipeline
                .stages
                .iter()
                .position(|s| &s.name == before)
                .ok_or_else(|| {
                    env_error(
                        env_name,
                        format!(
                            "adds stage `{}` before `{before}`, which the pipeline does not have",
                            extra.stage.name
                        ),
                    )
                })?,
        };
        pipeline.stages.insert(at, extra.stage.clone());
    }
    Ok(out)
}

/// Every pipeline a design stands for: one per environment, or the design itself when it
/// defines none. Each comes with its environment name.
pub fn expand(doc: &Document) -> Result<Vec<(Option<String>, Document)>, CodecError> {
    let envs = names(doc);
    if envs.is_empty() {
        return Ok(vec![(None, doc.clone())]);
    }
    envs.into_iter()
        .map(|e| Ok((Some(e.to_string()), render(doc, e)?)))
        .collect()
}

/// One place where two environments' pipelines differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Difference {
    /// JSON pointer into the rendered documents, e.g. `/pipeline/stages/2/actions/0/configuration/EnvironmentName`.
    pub pointer: String,
    /// The value in the first environment, absent when only the second has it.
    #[cfg_attr(feature = "ts", ts(optional, type = "unknown"))]
    pub left: Option<Value>,
    #[cfg_attr(feature = "ts", ts(optional, type = "unknown"))]
    pub right: Option<Value>,
}

/// What differs between two environments' pipelines (the designer shows this beside the canvas).
pub fn differences(doc: &Document, left: &str, right: &str) -> Result<Vec<Difference>, CodecError> {
    let l = render(doc, left)?.to_codepipeline_value();
    let r = render(doc, right)?.to_codepipeline_value();
    let mut out = Vec::new();
    diff_values(&Pointer::root(), Some(&l), Some(&r), &mut out);
    Ok(out)
}

fn diff_values(at: &Pointer, l: Option<&Value>, r: Option<&Value>, out: &mut Vec<Difference>) {
    match (l, r) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            for (k, va) in a {
                diff_values(&at.key(k), Some(va), b.get(k), out);
            }
            for (k, vb) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                diff_values(&at.key(k), None, Some(vb), out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) if is_named_list(a) && is_named_list(b) => {
            // Stages and actions: pair by name so an inserted stage is one difference, not many.
            for (i, va) in a.iter().enumerate() {
                let name = va.get("name");
                let vb = b.iter().find(|x| x.get("name") == name);
                diff_values(&at.index(i), Some(va), vb, out);
            }
            for (j, vb) in b.iter().enumerate() {
                let name = vb.get("name");
                if !a.iter().any(|x| x.get("name") == name) {
                    diff_values(&at.index(j), None, Some(vb), out);
                }
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(Difference {
            pointer: at.as_str().to_string(),
            left: a.cloned(),
            right: b.cloned(),
        }),
    }
}

fn is_named_list(items: &[Value]) -> bool {
    !items.is_empty()
        && items
            .iter()
            .all(|v| v.get("name").is_some_and(Value::is_string))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use indexmap::IndexMap;

    const DESIGN: &str = r#"
pipeline:
  name: web
  roleArn: arn:aws:iam::123456789012:role/pipeline
  artifactStore: {type: S3, location: artifacts-bucket}
  pipelineType: V2
  variables:
    - {name: STAGE, defaultValue: base}
  stages:
    - name: Source
      actions:
        - name: Source
          actionTypeId: {category: Source, owner: AWS, provider: CodeCommit, version: "1"}
          configuration: {RepositoryName: web, BranchName: main, PollForSourceChanges: "false"}
          outputArtifacts: [{name: Src}]
    - name: Deploy
      actions:
        - name: Deploy
          actionTypeId: {category: Deploy, owner: AWS, provider: ElasticBeanstalk, version: "1"}
          configuration: {ApplicationName: web, EnvironmentName: web-env}
          inputArtifacts: [{name: Src}]
pipewright:
  environments:
    dev:
      nameSuffix: -dev
      branch: develop
      variables: {STAGE: dev}
      configuration:
        Deploy/Deploy: {EnvironmentName: web-dev}
    prod:
      nameSuffix: -prod
      branch: main
      variables: {STAGE: prod}
      configuration:
        Deploy/Deploy: {EnvironmentName: web-prod}
      extraStages:
        - before: Deploy
          stage:
            name: Approve
            actions:
              - name: Approve
                actionTypeId: {category: Approval, owner: AWS, provider: Manual, version: "1"}
"#;

    fn design() -> Document {
        Document::parse(DESIGN, Format::Yaml).unwrap()
    }

    #[test]
    fn each_environment_renders_its_own_pipeline() {
        let doc = design();
        assert_eq!(names(&doc), ["dev", "prod"]);
        let dev = render(&doc, "dev").unwrap();
        assert_eq!(dev.pipeline.name, "web-dev");
        assert_eq!(dev.pipeline.stages.len(), 2);
        assert_eq!(
            dev.pipeline.stages[0].actions[0].config("BranchName"),
            Some("develop")
        );
        assert_eq!(
            dev.pipeline.stages[1].actions[0].config("EnvironmentName"),
            Some("web-dev")
        );
        let vars = dev.pipeline.variables.as_ref().unwrap();
        assert_eq!(vars[0].default_value.as_deref(), Some("dev"));

        let prod = render(&doc, "prod").unwrap();
        let stage_names: Vec<_> = prod
            .pipeline
            .stages
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(stage_names, ["Source", "Approve", "Deploy"]);
        assert!(prod.pipewright.unwrap().environments.is_none());
    }

    #[test]
    fn expand_gives_one_pipeline_per_environment_or_the_design() {
        let doc = design();
        let all = expand(&doc).unwrap();
        let names: Vec<_> = all
            .iter()
            .map(|(e, d)| (e.clone().unwrap(), d.pipeline.name.clone()))
            .collect();
        assert_eq!(
            names,
            [
                ("dev".into(), "web-dev".into()),
                ("prod".into(), "web-prod".into())
            ]
        );
        let mut plain = doc.clone();
        plain.pipewright = None;
        assert_eq!(expand(&plain).unwrap(), vec![(None, plain.clone())]);
    }

    #[test]
    fn differences_name_what_changes_between_environments() {
        let diffs = differences(&design(), "dev", "prod").unwrap();
        let pointers: Vec<_> = diffs.iter().map(|d| d.pointer.as_str()).collect();
        assert!(pointers.contains(&"/pipeline/name"), "{pointers:?}");
        assert!(pointers.contains(&"/pipeline/stages/0/actions/0/configuration/BranchName"));
        assert!(pointers.contains(&"/pipeline/stages/1/actions/0/configuration/EnvironmentName"));
        // The approval stage exists only in prod: reported once, as a whole stage.
        let approve: Vec<_> = diffs.iter().filter(|d| d.left.is_none()).collect();
        assert_eq!(approve.len(), 1, "{approve:?}");
        assert_eq!(approve[0].right.as_ref().unwrap()["name"], "Approve");
    }

    #[test]
    fn mistakes_in_an_environment_are_reported_by_name() {
        let mut doc = design();
        let envs = doc
            .pipewright
            .as_mut()
            .unwrap()
            .environments
            .as_mut()
            .unwrap();
        envs.get_mut("dev")
            .unwrap()
            .configuration
            .as_mut()
            .unwrap()
            .insert("Deploy/Nope".into(), IndexMap::new());
        let err = render(&doc, "dev").unwrap_err().to_string();
        assert!(
            err.contains("`Deploy/Nope`") && err.contains("dev"),
            "{err}"
        );
        assert!(render(&doc, "staging")
            .unwrap_err()
            .to_string()
            .contains("dev, prod"));
    }

    #[test]
    fn environments_round_trip_in_the_design_file() {
        let doc = design();
        let text = doc.to_text(Format::Yaml).unwrap();
        assert_eq!(Document::parse(&text, Format::Yaml).unwrap(), doc);
    }
}
