//! Documents: a pipeline declaration with what travels with it, as the JSON
//! `aws codepipeline get-pipeline` prints, the `create-pipeline --cli-input-json` form, a bare
//! declaration, or a Pipewright design file (any of these, plus a `pipewright` section), in JSON
//! or YAML.
//!
//! This module holds the types; reading and writing them is the codec's (`codec/document.rs`:
//! [`Document::parse`], [`Document::to_text`], ...), and rendering a design's environments is
//! `environments`'. The design file format is documented in `docs/design-file.md` and described
//! by `schema/pipewright-design.schema.json`.

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::{Extra, Pipeline, Stage, Tag};

/// The text format of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    /// The format a file name implies (`.json`, `.yaml`, `.yml`), if any.
    pub fn from_file_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Some(Format::Json)
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Some(Format::Yaml)
        } else {
            None
        }
    }

    /// Guess from the content: JSON starts with `{`, anything else is read as YAML.
    pub fn sniff(text: &str) -> Format {
        let t = text.trim_start_matches('\u{feff}').trim_start();
        if t.starts_with('{') {
            Format::Json
        } else {
            Format::Yaml
        }
    }

    /// The format for a named file: by extension, else by content.
    pub fn detect(file_name: &str, text: &str) -> Format {
        Format::from_file_name(file_name).unwrap_or_else(|| Format::sniff(text))
    }
}

/// A pipeline document: the declaration plus tags, get-pipeline `metadata`, the designer's
/// `pipewright` section, and any other top-level field (kept verbatim).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Document {
    pub pipeline: Pipeline,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub tags: Option<Vec<Tag>>,
    /// What `get-pipeline` prints beside the declaration (pipelineArn, created, updated, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "Record<string, unknown>"))]
    pub metadata: Option<Map<String, Value>>,
    /// Designer metadata; never sent to AWS.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub pipewright: Option<Designer>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// The `pipewright` section of a design file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Designer {
    /// Version of this section's format; 1 today.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub format: Option<i64>,
    /// Canvas positions by node id (`stage:<name>` or `action:<stage>/<action>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub positions: Option<IndexMap<String, Position>>,
    /// Free-text notes by node id (`pipeline`, `stage:<name>`, `action:<stage>/<action>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub notes: Option<IndexMap<String, String>>,
    /// Environments (`dev`, `prod`, ...), each rendering its own pipeline; see `environments`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub environments: Option<IndexMap<String, Environment>>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// A node position on the canvas.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Position {
    /// Kept as written (`10` stays `10`, `10.5` stays `10.5`).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub x: serde_json::Number,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub y: serde_json::Number,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// How one environment's pipeline differs from the base design.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Environment {
    /// Appended to the pipeline name: `web` + `-prod` = `web-prod`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub name_suffix: Option<String>,
    /// The branch every source action builds (`BranchName` / `Branch`), also used as the branch
    /// include filter of V2 push triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub branch: Option<String>,
    /// Default values of pipeline variables.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub variables: Option<IndexMap<String, String>>,
    /// Configuration overrides by action (`"<stage>/<action>"` -> key -> value), e.g. the Elastic
    /// Beanstalk environment a deploy action targets.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub configuration: Option<IndexMap<String, IndexMap<String, String>>>,
    /// Stages only this environment has.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub extra_stages: Option<Vec<ExtraStage>>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// A stage inserted into one environment's pipeline, before a named stage or at the end.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExtraStage {
    /// Name of the base stage this one goes before; absent = after the last stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub before: Option<String>,
    pub stage: Stage,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}
