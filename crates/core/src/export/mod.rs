//! Exports of a pipeline to infrastructure-as-code: CloudFormation (`AWS::CodePipeline::Pipeline`,
//! YAML or JSON) and Terraform (`aws_codepipeline`, HCL), each with what makes the pipeline
//! start ([`crate::around`]: EventBridge rules and their role, GitHub webhooks).
//!
//! Everything the model holds maps across where the target can express it. Secrets never travel
//! as plaintext: CloudFormation gets `{{resolve:secretsmanager:...}}` dynamic references and
//! Terraform sensitive variables. Whatever a target cannot express is listed in
//! [`Export::notes`], never silently dropped.

pub mod cloudformation;
pub mod events;
pub mod terraform;

use serde::Serialize;

use crate::catalog;
use crate::codec::Pointer;
use crate::document::Document;
use crate::model::{Action, Extra};

/// The infrastructure-as-code target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    CloudformationYaml,
    CloudformationJson,
    Terraform,
}

/// An exported pipeline: the text, and what the user must know about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Export {
    pub text: String,
    pub notes: Vec<ExportNote>,
}

/// Something the target could not express, or that was changed on the way (a secret replaced).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportNote {
    /// JSON pointer of the node in the design.
    pub pointer: String,
    pub message: String,
}

/// Export a document to a target.
pub fn export(doc: &Document, format: ExportFormat) -> Export {
    match format {
        ExportFormat::CloudformationYaml => cloudformation::export(doc, crate::Format::Yaml),
        ExportFormat::CloudformationJson => cloudformation::export(doc, crate::Format::Json),
        ExportFormat::Terraform => terraform::export(doc),
    }
}

/// Collects notes while a target is written.
#[derive(Default)]
pub(crate) struct Notes(Vec<ExportNote>);

impl Notes {
    pub(crate) fn push(&mut self, at: &Pointer, message: impl Into<String>) {
        self.0.push(ExportNote {
            pointer: at.as_str().to_string(),
            message: message.into(),
        });
    }

    /// A note at a pointer given as text.
    pub(crate) fn push_at(&mut self, pointer: &str, message: impl Into<String>) {
        self.0.push(ExportNote {
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    /// Report every field of `extra` (fields Pipewright keeps but does not model) as not exported.
    pub(crate) fn unknown(&mut self, at: &Pointer, extra: &Extra, target: &str) {
        for key in extra.keys() {
            self.push(
                &at.key(key),
                format!("`{key}` is not a field Pipewright knows how to map to {target}; add it to the exported file by hand if the target supports it"),
            );
        }
    }

    pub(crate) fn into_vec(self) -> Vec<ExportNote> {
        self.0
    }
}

/// Whether a configuration value of an action must not be written out as plaintext: the catalog
/// marks the key secret, or the service masked it (`****`, its value unknown to us).
pub(crate) fn is_secret_config(action: &Action, key: &str, value: &str) -> bool {
    value.chars().all(|c| c == '*') && !value.is_empty()
        || catalog::find(&action.action_type_id).is_some_and(|p| p.secret_keys().any(|k| k == key))
}

/// A stable identifier made of ASCII letters and digits (CloudFormation logical ids, HCL names).
pub(crate) fn identifier(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        let mut upper = true;
        for c in part.chars() {
            if c.is_ascii_alphanumeric() {
                if upper {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                upper = false;
            } else {
                upper = true;
            }
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'P');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_alphanumeric_camel_case() {
        assert_eq!(identifier(&["web-app.prod", "Source"]), "WebAppProdSource");
        assert_eq!(identifier(&["3tier"]), "P3tier");
        assert_eq!(identifier(&["--"]), "P");
    }
}
