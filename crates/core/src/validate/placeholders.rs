//! Placeholders left in a design (`W008`). "New pipeline" starts from values that begin with
//! `REPLACE-ME` and a template from `<<Name>>` values: both are well-formed, so no service rule
//! catches them, yet a pipeline created with `RepositoryName: REPLACE-ME-repository` cannot run.
//! Each one left is a warning where it is, naming its field; plan and apply refuse a design that
//! still holds any ([`blocks_sync`]).

use serde::{ser, Serialize};
use serde_json::Value;

use super::{pipeline_ptr, Out};
use crate::codec::Pointer;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::model::Pipeline;

/// The code of a placeholder left in a design.
pub const PLACEHOLDER_CODE: &str = "W008";

/// The word the starter design marks every value to replace with.
pub const REPLACE_ME: &str = "REPLACE-ME";

/// Whether a diagnostic keeps a design from being planned or applied: every error, and every
/// placeholder left (a warning in the designer, where it is work in progress).
pub fn blocks_sync(d: &Diagnostic) -> bool {
    d.is_error() || d.code == PLACEHOLDER_CODE
}

pub(super) fn check(doc: &Document, out: &mut Out) {
    // Most designs hold no placeholder: looking into the model's strings where they are costs a
    // fraction of building its JSON tree with a pointer per value (which took two thirds of
    // validating 500 actions), and the tree is built only when a string has a mark.
    if !mentions_placeholder(&doc.pipeline) && !mentions_placeholder(&doc.tags) {
        return;
    }
    let value = doc.to_value();
    for key in ["pipeline", "tags"] {
        if let Some(v) = value.get(key) {
            walk(v, &Pointer::root().key(key), None, &doc.pipeline, out);
        }
    }
}

/// Whether any string in `v` (map keys included) holds `<<` or [`REPLACE_ME`]: a quick test that
/// may say yes where [`placeholders_in`] finds none, never no where it finds one.
fn mentions_placeholder(v: &impl Serialize) -> bool {
    let mut marks = Marks { seen: false };
    // The search stops the serialisation with an error at the first mark.
    let _ = v.serialize(&mut marks);
    marks.seen
}

/// Whether `s` holds `<<` or [`REPLACE_ME`], in one pass over its bytes: a design's strings are
/// short, and two `str::contains` set up a substring searcher each, which cost more than the
/// search (about a fifth of validation in `benches/cli-throughput.sh`, by instruction count).
fn holds_mark(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| match b[i] {
        b'<' => b.get(i + 1) == Some(&b'<'),
        b'R' => b[i..].starts_with(REPLACE_ME.as_bytes()),
        _ => false,
    })
}

/// A serde serializer that writes nothing and only looks into strings: every string of the
/// model, without building its JSON text or tree.
struct Marks {
    seen: bool,
}

/// What stops [`Marks`] at the first mark.
#[derive(Debug)]
struct Seen;

impl std::fmt::Display for Seen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a placeholder mark")
    }
}

impl std::error::Error for Seen {}

impl ser::Error for Seen {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Seen
    }
}

type Done = Result<(), Seen>;

/// Serializer methods of values without strings: nothing to look into.
macro_rules! nothing_in {
    ($($method:ident: $t:ty),*) => {
        $(fn $method(self, _: $t) -> Done {
            Ok(())
        })*
    };
}

/// The compound serializers: each element's or field's value is looked into (a struct's field
/// names, `_key`, are the model's own).
macro_rules! look_into {
    ($($tr:ident::$method:ident $(($key:ident))?),*) => {$(
        impl ser::$tr for &mut Marks {
            type Ok = ();
            type Error = Seen;
            fn $method<T: ?Sized + Serialize>(&mut self, $($key: &'static str,)? v: &T) -> Done {
                v.serialize(&mut **self)
            }
            fn end(self) -> Done {
                Ok(())
            }
        }
    )*};
}

impl ser::Serializer for &mut Marks {
    type Ok = ();
    type Error = Seen;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_str(self, v: &str) -> Done {
        if holds_mark(v) {
            self.seen = true;
            return Err(Seen);
        }
        Ok(())
    }
    nothing_in!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_f32: f32,
        serialize_f64: f64,
        serialize_char: char,
        serialize_bytes: &[u8]
    );
    fn serialize_none(self) -> Done {
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Done {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Done {
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> Done {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        v: &T,
    ) -> Done {
        v.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Seen> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Seen> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Seen> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Seen> {
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Seen> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Seen> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Seen> {
        Ok(self)
    }
}

look_into!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Marks {
    type Ok = ();
    type Error = Seen;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Done {
        k.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Done {
        v.serialize(&mut **self)
    }
    fn end(self) -> Done {
        Ok(())
    }
}

look_into!(
    SerializeStruct::serialize_field(_key),
    SerializeStructVariant::serialize_field(_key)
);

/// Every string under `v`; `field` is the nearest object key above it (the field a list item
/// belongs to).
fn walk(v: &Value, at: &Pointer, field: Option<&str>, p: &Pipeline, out: &mut Out) {
    match v {
        Value::String(s) => {
            for token in placeholders_in(s) {
                report(at, field.unwrap_or("value"), token, p, out);
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, item)| walk(item, &at.index(i), field, p, out)),
        Value::Object(map) => map
            .iter()
            .for_each(|(k, item)| walk(item, &at.key(k), Some(k), p, out)),
        _ => {}
    }
}

fn report(at: &Pointer, field: &str, token: &str, p: &Pipeline, out: &mut Out) {
    let owner = owner_of(at, p);
    out.emit(
        PLACEHOLDER_CODE,
        at,
        format!("`{field}` of {owner} still holds the placeholder `{token}`"),
        "Replace it with the real value; plan and apply refuse a design with placeholders left.",
    );
}

/// What a pointer belongs to, for messages: an action, a stage or the pipeline.
fn owner_of(at: &Pointer, p: &Pipeline) -> String {
    let stages = pipeline_ptr().key("stages");
    let Some(rest) = at.as_str().strip_prefix(stages.as_str()) else {
        return "the pipeline".into();
    };
    let mut parts = rest.trim_start_matches('/').split('/');
    let stage = parts
        .next()
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| p.stages.get(i));
    let Some(stage) = stage else {
        return "the pipeline".into();
    };
    let action = match (parts.next(), parts.next()) {
        (Some("actions"), Some(i)) => i.parse::<usize>().ok().and_then(|i| stage.actions.get(i)),
        _ => None,
    };
    match action {
        Some(a) => format!("action `{}/{}`", stage.name, a.name),
        None => format!("stage `{}`", stage.name),
    }
}

/// The placeholders in a text, in order: each `<<Name>>` (a template's) and each word holding
/// `REPLACE-ME` (the starter's, such as `REPLACE-ME-repository` inside a role ARN).
pub fn placeholders_in(s: &str) -> Vec<&str> {
    let mut found: Vec<(usize, &str)> = Vec::new();
    let mut from = 0;
    while let Some(i) = s[from..].find("<<") {
        let start = from + i;
        let after = &s[start + 2..];
        let Some(end) = after.find(">>") else { break };
        let name = &after[..end];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) {
            found.push((start, &s[start..start + 2 + end + 2]));
            from = start + 2 + end + 2;
        } else {
            from = start + 2;
        }
    }
    let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut from = 0;
    while let Some(i) = s[from..].find(REPLACE_ME) {
        let hit = from + i;
        let start = s[..hit].rfind(|c: char| !word(c)).map_or(0, |j| j + 1);
        let end = s[hit..]
            .find(|c: char| !word(c))
            .map_or(s.len(), |j| hit + j);
        found.push((start, &s[start..end]));
        from = end;
    }
    found.sort_by_key(|(i, _)| *i);
    found.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{blocks_sync, holds_mark, mentions_placeholder, placeholders_in};
    use crate::validate::testing::{base, rule_cases, run};

    #[test]
    fn the_quick_scan_says_no_only_where_no_placeholder_is() {
        assert!(!mentions_placeholder(&base()));
        assert!(mentions_placeholder(
            &json!({"tags": [{"key": "team", "value": "<<Team>>"}]})
        ));
        assert!(mentions_placeholder(&json!([
            "arn:aws:iam::1:role/REPLACE-ME-role"
        ])));
    }

    #[test]
    fn a_mark_is_two_angle_brackets_or_replace_me_anywhere() {
        for yes in [
            "<<",
            "a<<b",
            "x<<",
            "REPLACE-ME",
            "role/REPLACE-ME-x",
            "RREPLACE-ME",
        ] {
            assert!(holds_mark(yes), "{yes}");
        }
        for no in [
            "",
            "<",
            "a<b<c",
            "< <",
            "REPLACE",
            "REPLACE-M",
            "replace-me",
            "R",
        ] {
            assert!(!holds_mark(no), "{no}");
        }
    }

    rule_cases! {
        w008_placeholder_left: "W008",
    }

    #[test]
    fn placeholders_are_found_in_text() {
        assert_eq!(
            placeholders_in("arn:aws:iam::123456789012:role/REPLACE-ME-pipeline-role"),
            ["REPLACE-ME-pipeline-role"]
        );
        assert_eq!(placeholders_in("REPLACE-ME"), ["REPLACE-ME"]);
        assert_eq!(
            placeholders_in("<<Owner>>/<<Repo>> and REPLACE-ME-x"),
            ["<<Owner>>", "<<Repo>>", "REPLACE-ME-x"]
        );
        assert!(placeholders_in("a << b >> c, x<<y").is_empty());
        assert!(placeholders_in("my-repository").is_empty());
    }

    #[test]
    fn each_placeholder_left_is_a_located_warning_naming_its_field() {
        let mut v = base();
        v["pipeline"]["roleArn"] = json!("arn:aws:iam::123456789012:role/REPLACE-ME-role");
        v["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] =
            json!("<<AppName>>-<<Env>>");
        v["pipeline"]["stages"][2]["actions"][1]["configuration"]["ApplicationName"] =
            json!("REPLACE-ME-app");
        let found: Vec<_> = run(v)
            .into_iter()
            .filter(|d| d.code == "W008")
            .map(|d| {
                assert!(!d.is_error() && blocks_sync(&d), "{d:?}");
                (d.pointer, d.message)
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "/pipeline/roleArn".to_string(),
                    "`roleArn` of the pipeline still holds the placeholder `REPLACE-ME-role`"
                        .to_string()
                ),
                (
                    "/pipeline/stages/1/actions/0/configuration/ProjectName".into(),
                    "`ProjectName` of action `Build/Build` still holds the placeholder `<<AppName>>`"
                        .into()
                ),
                (
                    "/pipeline/stages/1/actions/0/configuration/ProjectName".into(),
                    "`ProjectName` of action `Build/Build` still holds the placeholder `<<Env>>`"
                        .into()
                ),
                (
                    "/pipeline/stages/2/actions/1/configuration/ApplicationName".into(),
                    "`ApplicationName` of action `Deploy/Deploy` still holds the placeholder `REPLACE-ME-app`"
                        .into()
                ),
            ]
        );
    }

    #[test]
    fn notes_may_talk_about_placeholders() {
        let mut v = base();
        v["pipewright"] = json!({"format": 1, "notes": {"pipeline": "replace every REPLACE-ME"}});
        assert!(run(v).is_empty());
    }

    #[test]
    fn only_errors_and_placeholders_block_sync() {
        let mut v = base();
        v["pipeline"]["stages"][1]["actions"][0]["runorder"] = json!(1);
        let d = run(v);
        assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["W006"]);
        assert!(!blocks_sync(&d[0]));
    }
}
