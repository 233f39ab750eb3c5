//! Documents: a pipeline declaration with what travels with it, read from and written to the JSON
//! `aws codepipeline get-pipeline` prints, the `create-pipeline --cli-input-json` form, a bare
//! declaration, or a Pipewright design file (any of these, plus a `pipewright` section), in JSON
//! or YAML.
//!
//! The design file format is documented in `docs/design-file.md` and described by
//! `schema/pipewright-design.schema.json`.

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::decode::{wrong_type, Decode, Fields, Path};
use crate::error::CodecError;
use crate::model::{Extra, Pipeline, Tag};
use crate::strict::StrictValue;

/// Documents larger than this are refused before parsing (a real pipeline is a few hundred KB).
pub const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;

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
    pub environments: Option<IndexMap<String, crate::environments::Environment>>,
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

impl Decode for serde_json::Number {
    fn decode(value: Value, at: &Path) -> Result<Self, CodecError> {
        match value {
            Value::Number(n) => Ok(n),
            other => Err(wrong_type(at, "a number", &other)),
        }
    }
}

impl Decode for Position {
    fn decode(value: Value, at: &Path) -> Result<Self, CodecError> {
        let mut f = Fields::new(value, at)?;
        Ok(Position {
            x: f.opt("x")?.unwrap_or_else(|| 0.into()),
            y: f.opt("y")?.unwrap_or_else(|| 0.into()),
            extra: f.rest(),
        })
    }
}

impl Decode for Designer {
    fn decode(value: Value, at: &Path) -> Result<Self, CodecError> {
        let mut f = Fields::new(value, at)?;
        Ok(Designer {
            format: f.opt("format")?,
            positions: f.opt("positions")?,
            notes: f.opt("notes")?,
            environments: f.opt("environments")?,
            extra: f.rest(),
        })
    }
}

impl Decode for Document {
    fn decode(value: Value, at: &Path) -> Result<Self, CodecError> {
        let Value::Object(mut map) = value else {
            return Err(CodecError::NotAPipeline(
                "the top level must be an object with a `pipeline` field".into(),
            ));
        };
        // A bare PipelineDeclaration (as in a CloudFormation-free hand-written file): wrap it.
        if !map.contains_key("pipeline") {
            if map.contains_key("stages") {
                let mut wrapped = Map::new();
                wrapped.insert("pipeline".into(), Value::Object(map));
                map = wrapped;
            } else {
                return Err(CodecError::NotAPipeline(
                    "no `pipeline` field (get-pipeline / create-pipeline form) and no `stages` (bare declaration)".into(),
                ));
            }
        }
        let mut f = Fields::new(Value::Object(map), at)?;
        let pipeline = f.or_default("pipeline")?;
        Document::around(pipeline, f)
    }
}

impl Document {
    /// The document around a pipeline already read, from the other top-level fields.
    pub(crate) fn around(pipeline: Pipeline, mut f: Fields) -> Result<Document, CodecError> {
        Ok(Document {
            pipeline,
            tags: f.opt("tags")?,
            metadata: f.opt::<Value>("metadata")?.and_then(|v| match v {
                Value::Object(m) => Some(m),
                _ => None,
            }),
            pipewright: f.opt("pipewright")?,
            extra: f.rest(),
        })
    }
}

fn syntax_from_json(e: &serde_json::Error) -> CodecError {
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    CodecError::Syntax {
        line: e.line(),
        column: e.column(),
        message,
    }
}

fn syntax_from_yaml(e: &serde_yaml::Error) -> CodecError {
    let full = e.to_string();
    let (line, column) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let message = match full.find(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    CodecError::Syntax {
        line,
        column,
        message,
    }
}

/// How deep YAML flow collections (`[`, `{`) may nest before reading gives up. The YAML reader
/// (libyaml) takes time quadratic in the depth (100,000 levels: about 20 s) before serde_yaml's own
/// limit of 128 levels stops it; at this depth it takes about 10 ms. JSON's reader stops at 128.
pub const MAX_YAML_FLOW_DEPTH: usize = 1000;

/// The text to parse in `format`: under the size limit, without a byte order mark, not blank,
/// and for YAML not nested absurdly deep.
fn checked_as(text: &str, format: Format) -> Result<&str, CodecError> {
    let text = checked(text)?;
    if format == Format::Yaml {
        yaml_flow_depth(text)?;
    }
    Ok(text)
}

/// Refuses YAML whose flow collections nest deeper than [`MAX_YAML_FLOW_DEPTH`], with the
/// location where they do. Quoted scalars and comments are skipped; a bracket inside a plain
/// scalar counts too, which only matters past a thousand of them.
fn yaml_flow_depth(text: &str) -> Result<(), CodecError> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_YAML_FLOW_DEPTH {
                    let before = &text[..i];
                    let line = before.matches('\n').count() + 1;
                    let column = before.len() - before.rfind('\n').map_or(0, |n| n + 1) + 1;
                    return Err(CodecError::Syntax {
                        line,
                        column,
                        message: format!(
                            "lists or maps nested more than {MAX_YAML_FLOW_DEPTH} levels deep; a pipeline document needs a handful"
                        ),
                    });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'\'' => {
                i += 1;
                while i < b.len() && b[i] != b'\'' {
                    i += 1;
                }
            }
            b'#' if i == 0 || b[i - 1].is_ascii_whitespace() => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// The text to parse: under the size limit, without a byte order mark, not blank.
fn checked(text: &str) -> Result<&str, CodecError> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(CodecError::TooLarge {
            size: text.len(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(CodecError::Empty);
    }
    Ok(text)
}

/// Parse text into a JSON value, with the location of any syntax error.
pub fn parse_value(text: &str, format: Format) -> Result<Value, CodecError> {
    let text = checked_as(text, format)?;
    match format {
        Format::Json => serde_json::from_str::<StrictValue>(text)
            .map(|v| v.0)
            .map_err(|e| syntax_from_json(&e)),
        Format::Yaml => {
            let v = serde_yaml::from_str::<StrictValue>(text)
                .map(|v| v.0)
                .map_err(|e| syntax_from_yaml(&e))?;
            if v.is_null() {
                return Err(CodecError::Empty);
            }
            Ok(v)
        }
    }
}

impl Document {
    /// Read a document from text in the given format.
    ///
    /// A valid document is read in one pass, straight into the model (`crate::one_pass`). When
    /// that pass says no, the text is read again as a JSON value and decoded, which reports the
    /// problem with its location: the result is always `from_value(parse_value(text)?)`.
    pub fn parse(text: &str, format: Format) -> Result<Document, CodecError> {
        let text = checked_as(text, format)?;
        match crate::one_pass::read_document(text, format) {
            Some(doc) => Ok(doc),
            None => Self::from_value(parse_value(text, format)?),
        }
    }

    /// Read a document from an already parsed JSON value.
    pub fn from_value(value: Value) -> Result<Document, CodecError> {
        Document::decode(value, &Path::Root)
    }

    /// The whole document as a JSON value (design-file form: everything kept).
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("the model always serializes")
    }

    /// The `{"pipeline": ..., "tags": ...}` document `create-pipeline --cli-input-json` and
    /// `update-pipeline` accept: no `metadata`, no `pipewright` section.
    pub fn to_codepipeline_value(&self) -> Value {
        let mut out = self.clone();
        out.metadata = None;
        out.pipewright = None;
        out.to_value()
    }

    /// Canonical text of the whole document (what `pipewright fmt` writes).
    pub fn to_text(&self, format: Format) -> Result<String, CodecError> {
        value_to_text(&self.to_value(), format)
    }
}

/// Canonical text of a JSON value: 2-space JSON or YAML, always ending in a newline.
pub fn value_to_text(value: &Value, format: Format) -> Result<String, CodecError> {
    let mut s = match format {
        Format::Json => {
            serde_json::to_string_pretty(value).map_err(|e| CodecError::Write(e.to_string()))?
        }
        Format::Yaml => {
            serde_yaml::to_string(value).map_err(|e| CodecError::Write(e.to_string()))?
        }
    };
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absurdly_deep_yaml_is_refused_before_the_yaml_reader_sees_it() {
        let deep = format!(
            "pipeline:\n  x: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let err = Document::parse(&deep, Format::Yaml).unwrap_err();
        match err {
            CodecError::Syntax {
                line,
                column,
                message,
            } => {
                assert_eq!((line, column), (2, 6 + MAX_YAML_FLOW_DEPTH));
                assert!(
                    message.contains("nested more than 1000 levels"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn brackets_in_quotes_and_comments_do_not_count_towards_the_depth() {
        let many = "[".repeat(MAX_YAML_FLOW_DEPTH + 1);
        for text in [
            format!("a: \"{many}\"\n"),
            format!("a: '{many}'\n"),
            format!("a: 1 # {many}\n"),
            format!("a: \"\\\" {many}\"\n"),
            format!(
                "a: {}{}\n",
                "[".repeat(MAX_YAML_FLOW_DEPTH),
                "]".repeat(MAX_YAML_FLOW_DEPTH)
            ),
        ] {
            assert!(yaml_flow_depth(&text).is_ok(), "{text}");
        }
        assert!(yaml_flow_depth(&format!("a: {many}")).is_err());
        // JSON is never refused for this: its own reader stops at 128 levels, quickly.
        assert!(checked_as(&format!("{{\"a\": {many}}}"), Format::Json).is_ok());
    }

    fn get_pipeline_output() -> Value {
        json!({
            "pipeline": {
                "name": "demo",
                "roleArn": "arn:aws:iam::123456789012:role/svc",
                "artifactStore": {"type": "S3", "location": "bucket-1"},
                "stages": [
                    {"name": "Source", "actions": [{
                        "name": "Src",
                        "actionTypeId": {"category": "Source", "owner": "ThirdParty", "provider": "GitHub", "version": "1"},
                        "runOrder": 1,
                        "configuration": {"Owner": "o", "Repo": "r", "Branch": "main", "OAuthToken": "****"},
                        "outputArtifacts": [{"name": "Out"}],
                        "inputArtifacts": [],
                        "futureField": {"nested": [1, 2.5, null]}
                    }]},
                    {"name": "Build", "actions": [{
                        "name": "B",
                        "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                        "configuration": {"ProjectName": "p"},
                        "inputArtifacts": [{"name": "Out"}]
                    }], "newStageThing": true}
                ],
                "version": 3,
                "pipelineType": "V2",
                "executionMode": "QUEUED"
            },
            "metadata": {"pipelineArn": "arn:aws:codepipeline:us-east-1:123456789012:demo", "created": 1700000000.123, "updated": "2024-01-01T00:00:00+00:00"}
        })
    }

    #[test]
    fn get_pipeline_output_round_trips_as_the_same_value() {
        let v = get_pipeline_output();
        let doc = Document::from_value(v.clone()).unwrap();
        assert_eq!(doc.to_value(), v);
        let exported = doc.to_codepipeline_value();
        assert_eq!(exported["pipeline"], v["pipeline"]);
        assert!(exported.get("metadata").is_none());
    }

    #[test]
    fn text_round_trip_through_yaml_and_json() {
        let doc = Document::from_value(get_pipeline_output()).unwrap();
        for format in [Format::Json, Format::Yaml] {
            let text = doc.to_text(format).unwrap();
            let again = Document::parse(&text, format).unwrap();
            assert_eq!(again, doc, "{format:?}");
            assert_eq!(
                again.to_text(format).unwrap(),
                text,
                "canonical form is stable"
            );
        }
    }

    #[test]
    fn positions_keep_whole_numbers_whole() {
        let text = "{\"pipeline\": {\"name\": \"p\", \"stages\": []}, \"pipewright\": {\"positions\": {\"stage:S\": {\"x\": 0, \"y\": 12.5}}}}";
        let doc = Document::parse(text, Format::Json).unwrap();
        let v = doc.to_value();
        assert_eq!(
            v["pipewright"]["positions"]["stage:S"]["x"].to_string(),
            "0"
        );
        assert_eq!(
            v["pipewright"]["positions"]["stage:S"]["y"].to_string(),
            "12.5"
        );
    }

    #[test]
    fn bare_declaration_is_wrapped() {
        let doc = Document::parse(r#"{"name": "x", "stages": []}"#, Format::Json).unwrap();
        assert_eq!(doc.pipeline.name, "x");
    }

    #[test]
    fn syntax_errors_have_a_location() {
        let err = Document::parse("{\n  \"pipeline\": {,}\n}", Format::Json).unwrap_err();
        assert!(matches!(err, CodecError::Syntax { line: 2, .. }), "{err}");
        let err = Document::parse("pipeline:\n  name: [unclosed\n", Format::Yaml).unwrap_err();
        assert!(matches!(err, CodecError::Syntax { .. }), "{err}");
    }

    #[test]
    fn duplicate_keys_are_refused_with_their_location() {
        let err = Document::parse(
            "{\n  \"pipeline\": {\"name\": \"a\",\n  \"name\": \"b\", \"stages\": []}\n}",
            Format::Json,
        )
        .unwrap_err();
        assert!(matches!(&err, CodecError::Syntax { line: 3, .. }), "{err}");
        assert!(err.to_string().contains("`name` appears twice"), "{err}");
        let err = Document::parse(
            "pipeline:\n  name: a\n  stages: []\n  name: b\n",
            Format::Yaml,
        )
        .unwrap_err();
        assert!(err.to_string().contains("`name` appears twice"), "{err}");
        // serde_yaml locates the object holding the duplicate.
        assert!(matches!(&err, CodecError::Syntax { line: 2, .. }), "{err}");
    }

    #[test]
    fn yaml_special_floats_are_kept_as_text() {
        let doc = Document::parse(
            "pipeline: {name: p, stages: []}\npipewright: {zoom: .inf}\n",
            Format::Yaml,
        )
        .unwrap();
        assert_eq!(doc.pipewright.unwrap().extra["zoom"], "inf");
    }

    #[test]
    fn empty_and_foreign_documents_are_refused() {
        assert_eq!(
            Document::parse("  \n", Format::Json),
            Err(CodecError::Empty)
        );
        assert_eq!(
            Document::parse("# only a comment\n", Format::Yaml),
            Err(CodecError::Empty)
        );
        assert!(matches!(
            Document::parse("[1,2]", Format::Json),
            Err(CodecError::NotAPipeline(_))
        ));
        assert!(matches!(
            Document::parse("{\"foo\": 1}", Format::Json),
            Err(CodecError::NotAPipeline(_))
        ));
    }
}
