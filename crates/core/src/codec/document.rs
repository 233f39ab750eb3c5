//! The document codec: a [`Document`] read from text or from a JSON value, and written back.
//!
//! A valid document is read in one pass ([`read_document`], `one_pass.rs`); when that pass says
//! no, the text is read again as a JSON value and decoded (`decode.rs`), which reports the
//! problem with its location. Writing serializes the model (serde), so what was read comes back
//! out unchanged, unknown fields included.

use serde_json::{Map, Value};

use super::decode::{deserialize_via_decode, Decode, Fields, Path};
use super::one_pass::read_top_level;
use super::text::{checked_as, parse_value, value_to_text};
use crate::document::{Designer, Document, Environment, ExtraStage, Format, Position};
use crate::error::CodecError;
use crate::model::Pipeline;

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

impl Decode for Environment {
    fn decode(value: Value, at: &Path) -> Result<Self, CodecError> {
        let mut f = Fields::new(value, at)?;
        Ok(Environment {
            name_suffix: f.opt("nameSuffix")?,
            branch: f.opt("branch")?,
            variables: f.opt("variables")?,
            configuration: f.opt("configuration")?,
            extra_stages: f.opt("extraStages")?,
            extra: f.rest(),
        })
    }
}

impl Decode for ExtraStage {
    fn decode(value: Value, at: &Path) -> Result<Self, CodecError> {
        let mut f = Fields::new(value, at)?;
        Ok(ExtraStage {
            before: f.opt("before")?,
            stage: f.or_default("stage")?,
            extra: f.rest(),
        })
    }
}

/// Read a whole document in one pass; `None` when the careful way has something to report.
/// `text` has passed the size and emptiness checks of `parse_value`.
fn read_document(text: &str, format: Format) -> Option<Document> {
    let (pipeline, rest) = read_top_level(text, format)?;
    match pipeline {
        Some(pipeline) => {
            let fields = Fields::new(Value::Object(rest), &Path::Root).ok()?;
            Document::around(pipeline.unwrap_or_default(), fields).ok()
        }
        // A bare declaration, or no pipeline at all: `rest` is the whole top-level object.
        None => Document::decode(Value::Object(rest), &Path::Root).ok(),
    }
}

impl Document {
    /// Read a document from text in the given format.
    ///
    /// A valid document is read in one pass, straight into the model (`one_pass.rs`). When
    /// that pass says no, the text is read again as a JSON value and decoded, which reports the
    /// problem with its location: the result is always `from_value(parse_value(text)?)`.
    pub fn parse(text: &str, format: Format) -> Result<Document, CodecError> {
        let text = checked_as(text, format)?;
        match read_document(text, format) {
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

    /// The document around a pipeline already read, from the other top-level fields.
    fn around(pipeline: Pipeline, mut f: Fields) -> Result<Document, CodecError> {
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

deserialize_via_decode!(Document, Designer, Position);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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

    fn careful(text: &str, format: Format) -> Result<Document, CodecError> {
        Document::from_value(parse_value(text, format)?)
    }

    /// Read in one pass, and the same as the careful reader reads.
    fn one_pass(text: &str, format: Format) -> Document {
        let doc = read_document(text, format)
            .unwrap_or_else(|| panic!("{format:?} is read in one pass:\n{text}"));
        assert_eq!(Ok(&doc), careful(text, format).as_ref(), "{format:?}");
        doc
    }

    /// Nulls, unknown fields at every level, masked secrets, escapes, numbers of every kind.
    const EDGES: &str = r#"{
        "zeta": {"b": 1, "a": [1, -1, 1.0, 0.1, -0, -0.0, 1.5e300, 12345678901234567890, -9223372036854775808]},
        "pipeline": {
            "name": "edges", "roleArn": null, "artifactStore": null, "futureA": "\u00e9\ud83d\ude00 \"q\" \\ \/ \n",
            "stages": [{"name": "S", "blockers": null, "futureB": [null, true, {}],
                "actions": [{"name": "A", "runOrder": 3, "timeoutInMinutes": null,
                    "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1", "futureC": 0},
                    "configuration": {"Z": "****", "A": "{\"k\":\"v\"}", "": ""},
                    "outputArtifacts": [{"name": "Out", "files": null, "futureD": -2.5}],
                    "inputArtifacts": []}]}],
            "version": 9223372036854775807, "futureE": {"x": {"y": [[]]}}
        },
        "tags": [{"key": "k", "value": "v"}],
        "metadata": {"created": 1700000000.123},
        "pipewright": {"positions": {"stage:S": {"x": 0, "y": 12.5}}, "notes": {"pipeline": "n"}},
        "alpha": null
    }"#;

    #[test]
    fn valid_corpus_files_are_read_in_one_pass() {
        let dir = pipewright_test_support::manifest_dir!().join("../../tests/corpus/valid");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let Some(format) = Format::from_file_name(&name) else {
                continue;
            };
            let text = std::fs::read_to_string(&path).unwrap();
            one_pass(&text, format);
        }
    }

    #[test]
    fn edges_are_read_in_one_pass_as_the_careful_reader_reads_them() {
        let doc = one_pass(EDGES, Format::Json);
        let keys: Vec<_> = doc.extra.keys().cloned().collect();
        assert_eq!(keys, ["zeta", "alpha"], "unknown top-level fields in order");
        assert_eq!(doc.pipeline.stages[0].actions[0].config("Z"), Some("****"));
        let written = doc.to_value();
        for format in [Format::Json, Format::Yaml] {
            let text = value_to_text(&written, format).unwrap();
            assert_eq!(one_pass(&text, format), doc, "{format:?}");
        }
    }

    #[test]
    fn a_bare_declaration_is_read_in_one_pass() {
        let doc = one_pass(
            r#"{"name": "x", "stages": [], "tags": "kept"}"#,
            Format::Json,
        );
        assert_eq!(doc.pipeline.extra["tags"], "kept");
    }

    #[test]
    fn what_the_careful_reader_reports_is_not_read_in_one_pass() {
        let refused = [
            r#"{"pipeline": {"name": "a", "name": "b"}}"#,
            r#"{"pipeline": {"name": null, "name": "b"}}"#,
            r#"{"pipeline": {"zz": 1, "zz": 2}}"#,
            r#"{"pipeline": {}, "pipeline": {}}"#,
            r#"{"pipeline": {}, "tags": [], "tags": []}"#,
            r#"{"pipeline": {"stages": [{"actions": [{"configuration": {"K": "a", "K": "b"}}]}]}}"#,
            r#"{"pipeline": {"stages": [{"actions": [{"runOrder": "1"}]}]}}"#,
            r#"{"pipeline": {"stages": [{"actions": [{"runOrder": 1.0}]}]}}"#,
            r#"{"pipeline": {"stages": [{"actions": [{"runOrder": 9223372036854775808}]}]}}"#,
            r#"{"pipeline": {"name": 5}}"#,
            r#"{"pipeline": {"stages": [null]}}"#,
            r#"{"pipeline": {"stages": {}}}"#,
            r#"{"pipeline": 1}"#,
            r#"{"pipeline": {}, "tags": {}}"#,
            r#"{"pipeline": {}} {}"#,
            r#"{"pipeline": {},}"#,
            r#"{"foo": 1}"#,
            "[1, 2]",
        ];
        for text in refused {
            assert!(read_document(text, Format::Json).is_none(), "{text}");
            assert!(careful(text, Format::Json).is_err(), "{text}");
        }
        let yaml = "pipeline:\n  name: a\n  stages: []\n  name: b\n";
        assert!(read_document(yaml, Format::Yaml).is_none());
    }
}
