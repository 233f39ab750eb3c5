//! The design a new window starts from: a Source stage with CodeCommit and a Build stage with
//! CodeBuild. Values the user must replace start with `REPLACE-ME`, and a note on the pipeline
//! says so.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use pipewright_core::{templates, Document, Format};

use crate::error::{AppError, Result};

/// The word that marks a value to replace.
pub const PLACEHOLDER: &str = "REPLACE-ME";

const STARTER: &str = r#"{
  "pipeline": {
    "name": "my-pipeline",
    "roleArn": "arn:aws:iam::123456789012:role/REPLACE-ME-pipeline-role",
    "artifactStore": { "type": "S3", "location": "REPLACE-ME-artifact-bucket" },
    "stages": [
      {
        "name": "Source",
        "actions": [
          {
            "name": "Source",
            "actionTypeId": { "category": "Source", "owner": "AWS", "provider": "CodeCommit", "version": "1" },
            "runOrder": 1,
            "configuration": {
              "RepositoryName": "REPLACE-ME-repository",
              "BranchName": "main",
              "PollForSourceChanges": "false"
            },
            "outputArtifacts": [{ "name": "SourceOutput" }]
          }
        ]
      },
      {
        "name": "Build",
        "actions": [
          {
            "name": "Build",
            "actionTypeId": { "category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1" },
            "runOrder": 1,
            "configuration": { "ProjectName": "REPLACE-ME-codebuild-project" },
            "inputArtifacts": [{ "name": "SourceOutput" }],
            "outputArtifacts": [{ "name": "BuildOutput" }]
          }
        ]
      }
    ],
    "pipelineType": "V2",
    "executionMode": "QUEUED"
  },
  "pipewright": {
    "format": 1,
    "notes": { "pipeline": "A starter pipeline: replace every value that starts with REPLACE-ME." }
  }
}"#;

/// A new design: the starter for `None`, else the named architecture template
/// (`pipewright_core::templates`) with its `<<Name>>` placeholders filled from `values` (by
/// placeholder name; an empty value, or none, leaves the placeholder to fill later).
pub fn new_document(template: Option<&str>, values: &BTreeMap<String, String>) -> Result<Document> {
    match template {
        None => Ok(Document::parse(STARTER, Format::Json)?),
        Some(id) if templates::list().iter().any(|t| t.id == id) => {
            let values: IndexMap<String, String> = values
                .iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, v)| (k.clone(), v.trim().to_string()))
                .collect();
            Ok(templates::instantiate(id, &values)?.document)
        }
        Some(id) => Err(AppError::UnknownTemplate(id.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_has_source_and_build_with_marked_placeholders() {
        let doc = new_document(None, &BTreeMap::new()).expect("starter parses");
        let stages: Vec<_> = doc
            .pipeline
            .stages
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(stages, ["Source", "Build"]);
        assert_eq!(
            doc.pipeline.stages[0].actions[0].action_type_id.provider,
            "CodeCommit"
        );
        assert_eq!(
            doc.pipeline.stages[1].actions[0].action_type_id.provider,
            "CodeBuild"
        );
        let text = doc.to_text(Format::Json).expect("render");
        assert_eq!(text.matches(PLACEHOLDER).count(), 5, "{text}");
    }

    #[test]
    fn every_core_template_starts_a_design_with_its_placeholders() {
        let list = templates::list();
        assert!(!list.is_empty());
        for template in list {
            let doc =
                new_document(Some(template.id), &BTreeMap::new()).expect("template instantiates");
            assert!(!doc.pipeline.stages.is_empty(), "{}", template.id);
            let unfilled: Vec<_> = templates::unfilled(&doc)
                .into_iter()
                .map(|(_, name)| name)
                .collect();
            for p in &template.placeholders {
                assert!(
                    unfilled.contains(&p.name),
                    "{}: {} is not left to fill",
                    template.id,
                    p.name
                );
            }
        }
    }

    #[test]
    fn a_template_is_filled_with_the_values_given_and_the_empty_ones_left() {
        let template = templates::list()
            .into_iter()
            .find(|t| t.placeholders.len() >= 2)
            .expect("a template with two placeholders");
        let (first, second) = (
            &template.placeholders[0].name,
            &template.placeholders[1].name,
        );
        let values = BTreeMap::from([
            (first.clone(), " shop ".to_string()),
            (second.clone(), "  ".to_string()),
        ]);
        let doc = new_document(Some(template.id), &values).expect("template instantiates");
        let unfilled: Vec<_> = templates::unfilled(&doc)
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        assert!(!unfilled.contains(first), "{first} is filled: {unfilled:?}");
        assert!(unfilled.contains(second), "{second} is left to fill");
        let text = doc.to_text(Format::Json).expect("render");
        assert!(text.contains("shop"), "{text}");
        assert!(!text.contains(" shop "), "trimmed");
    }

    #[test]
    fn unknown_templates_are_an_error() {
        assert_eq!(
            new_document(Some("nope"), &BTreeMap::new())
                .expect_err("unknown")
                .kind(),
            crate::ErrorKind::Template
        );
    }
}
