//! The one-pass reader: JSON or YAML text straight into the model, without a `serde_json::Value`
//! of the whole document in between. It is the fast path of [`Document::parse`].
//!
//! It only answers "here is the document" or "no", and keeps no locations. On "no" (a syntax
//! error, a key that appears twice, a wrong type, a bare declaration that does not decode, ...)
//! `parse` reads the text again the careful way, [`parse_value`] then [`Decode`], which finds the
//! problem and reports it with its line and column or JSON pointer. Both ways accept the same
//! documents and read them the same (property tests in `tests/fuzz.rs` check it), so errors stay
//! exactly what they were, found in the same order; a valid document is read once, and a broken
//! one at most twice (for YAML, libyaml's loading is most of each read).
//!
//! It reads what the careful way reads: every object strictly (a key twice is a "no"), `null` as
//! an absent field, unknown fields as strict JSON values into `extra` in document order. The
//! fields of each struct are listed once, in `decode.rs`, for both readers (`decode_struct!`).
//! Only the `pipeline` is read straight into the model; the other top-level fields (`tags`,
//! `metadata`, `pipewright`, ...) are small, and are read as values and decoded, because a
//! document without `pipeline` is a bare declaration in which they are fields of the pipeline.
//!
//! [`Document::parse`]: crate::Document::parse
//! [`parse_value`]: crate::document::parse_value
//! [`Decode`]: crate::decode::Decode

use std::borrow::Cow;
use std::fmt;
use std::hash::BuildHasher;
use std::marker::PhantomData;

use indexmap::map::Entry;
use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::decode::{Decode, Fields, Path};
use crate::document::{Document, Format};
use crate::model::{Extra, Pipeline};
use crate::strict::StrictValue;

/// Read a whole document in one pass; `None` when the careful way has something to report.
/// `text` has passed the size and emptiness checks of `parse_value`.
pub(crate) fn read_document(text: &str, format: Format) -> Option<Document> {
    let (pipeline, rest) = match format {
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            let top = TopLevel.deserialize(&mut de).ok()?;
            de.end().ok()?;
            top
        }
        Format::Yaml => TopLevel
            .deserialize(serde_yaml::Deserializer::from_str(text))
            .ok()?,
    };
    match pipeline {
        Some(pipeline) => {
            let fields = Fields::new(Value::Object(rest), &Path::Root).ok()?;
            Document::around(pipeline.unwrap_or_default(), fields).ok()
        }
        // A bare declaration, or no pipeline at all: `rest` is the whole top-level object.
        None => Document::decode(Value::Object(rest), &Path::Root).ok(),
    }
}

/// A type the one-pass reader reads, with the serde visitor that reads it. `null` is not a value
/// of the type (see [`OrNull`]).
pub(crate) trait Read<'de>: Sized {
    type Visitor: Visitor<'de, Value = Self>;
    fn visitor() -> Self::Visitor;
}

/// The visitor of a `T` (each type's `Read::Visitor`), and the seed that reads a `T`.
pub(crate) struct Expect<T>(PhantomData<T>);

impl<T> Expect<T> {
    pub(crate) fn new() -> Self {
        Expect(PhantomData)
    }
}

impl<'de, T: Read<'de>> DeserializeSeed<'de> for Expect<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(T::visitor())
    }
}

/// Reads a `T` or `null` (an absent field).
pub(crate) struct OrNull<T>(PhantomData<T>);

impl<'de, T: Read<'de>> DeserializeSeed<'de> for OrNull<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Read<'de>> Visitor<'de> for OrNull<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        T::visitor().expecting(f)?;
        f.write_str(" or null")
    }
    fn visit_unit<E>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_none<E>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<T>, E> {
        T::visitor().visit_bool(v).map(Some)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<T>, E> {
        T::visitor().visit_i64(v).map(Some)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
        T::visitor().visit_u64(v).map(Some)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<T>, E> {
        T::visitor().visit_f64(v).map(Some)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        T::visitor().visit_str(v).map(Some)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Option<T>, E> {
        T::visitor().visit_borrowed_str(v).map(Some)
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Option<T>, E> {
        T::visitor().visit_string(v).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<T>, A::Error> {
        T::visitor().visit_seq(seq).map(Some)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        T::visitor().visit_map(map).map(Some)
    }
}

/// An object key, borrowed from the text when it can be (most keys are field names).
pub(crate) struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        // What `String` asks for, so JSON and YAML give the keys the careful way reads.
        d.deserialize_string(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

fn twice<E: de::Error>(key: &str) -> E {
    E::custom(format_args!("the key `{key}` appears twice"))
}

/// The value of a known field: `None` until seen, `Some(None)` for `null`.
pub(crate) fn field<'de, A, T>(
    map: &mut A,
    key: &str,
    slot: &mut Option<Option<T>>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Read<'de>,
{
    if slot.is_some() {
        return Err(twice(key));
    }
    *slot = Some(map.next_value_seed(OrNull::<T>(PhantomData))?);
    Ok(())
}

/// The value of an unknown field, kept in `extra` in document order.
pub(crate) fn unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut Extra,
    key: Cow<'de, str>,
) -> Result<(), A::Error> {
    match extra.entry(key.into_owned()) {
        serde_json::map::Entry::Occupied(e) => Err(twice(e.key())),
        serde_json::map::Entry::Vacant(e) => {
            e.insert(map.next_value::<StrictValue>()?.0);
            Ok(())
        }
    }
}

/// The field an optional slot gives, as `Fields::opt` reads it.
pub(crate) fn opt<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
}

/// The field a defaulted slot gives, as `Fields::or_default` reads it.
pub(crate) fn or_default<T: Default>(slot: Option<Option<T>>) -> T {
    slot.flatten().unwrap_or_default()
}

/// The one-pass reader of a model struct, from the field list `decode_struct!` is given.
macro_rules! read_struct {
    ($ty:ident { $($field:ident : $how:ident ($key:literal)),* $(,)? }) => {
        impl<'de> $crate::one_pass::Read<'de> for $ty {
            type Visitor = $crate::one_pass::Expect<$ty>;
            fn visitor() -> Self::Visitor {
                $crate::one_pass::Expect::new()
            }
        }

        impl<'de> serde::de::Visitor<'de> for $crate::one_pass::Expect<$ty> {
            type Value = $ty;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(concat!("an object (", stringify!($ty), ")"))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<$ty, A::Error> {
                $(let mut $field = None;)*
                let mut extra = $crate::model::Extra::new();
                while let Some(key) = map.next_key_seed($crate::one_pass::Key)? {
                    match &*key {
                        $($key => $crate::one_pass::field(&mut map, $key, &mut $field)?,)*
                        _ => $crate::one_pass::unknown(&mut map, &mut extra, key)?,
                    }
                }
                Ok($ty {
                    $($field: $crate::one_pass::$how($field),)*
                    extra,
                })
            }
        }
    };
}

pub(crate) use read_struct;

/// `Read` for a type whose visitor is `Expect<Self>`.
macro_rules! read_with_expect {
    ($($ty:ty),*) => {$(
        impl<'de> Read<'de> for $ty {
            type Visitor = Expect<$ty>;
            fn visitor() -> Self::Visitor {
                Expect::new()
            }
        }
    )*};
}

read_with_expect!(String, i64);

impl<'de, T: Read<'de>> Read<'de> for Vec<T> {
    type Visitor = Expect<Vec<T>>;
    fn visitor() -> Self::Visitor {
        Expect::new()
    }
}

impl<'de, T: Read<'de>, S: BuildHasher + Default> Read<'de> for IndexMap<String, T, S> {
    type Visitor = Expect<IndexMap<String, T, S>>;
    fn visitor() -> Self::Visitor {
        Expect::new()
    }
}

impl<'de> Visitor<'de> for Expect<String> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_string<E>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
}

/// What `Decode for i64` accepts: a number that is a whole `i64` (never a float, even `1.0`).
impl<'de> Visitor<'de> for Expect<i64> {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number")
    }
    fn visit_i64<E>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
}

impl<'de, T: Read<'de>> Visitor<'de> for Expect<Vec<T>> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Expect::<T>::new())? {
            items.push(item);
        }
        Ok(items)
    }
}

/// Maps whose keys are data (`configuration`, `artifactStores`), in document order.
impl<'de, T: Read<'de>, S: BuildHasher + Default> Visitor<'de> for Expect<IndexMap<String, T, S>> {
    type Value = IndexMap<String, T, S>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = IndexMap::default();
        while let Some(key) = map.next_key::<String>()? {
            match out.entry(key) {
                Entry::Occupied(e) => return Err(twice(e.key())),
                Entry::Vacant(e) => {
                    e.insert(map.next_value_seed(Expect::<T>::new())?);
                }
            }
        }
        Ok(out)
    }
}

/// The top-level object: the `pipeline` read straight into the model (`None` when there is no
/// `pipeline` key), everything else as strict values in document order.
struct TopLevel;

impl<'de> DeserializeSeed<'de> for TopLevel {
    type Value = (Option<Option<Pipeline>>, Map<String, Value>);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopLevel {
    type Value = (Option<Option<Pipeline>>, Map<String, Value>);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a pipeline document")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut pipeline = None;
        let mut rest = Map::new();
        while let Some(key) = map.next_key_seed(Key)? {
            if key == "pipeline" {
                field(&mut map, "pipeline", &mut pipeline)?;
            } else {
                unknown(&mut map, &mut rest, key)?;
            }
        }
        Ok((pipeline, rest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse_value;
    use crate::error::CodecError;

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
        let dir = manifest_dir().join("../../tests/corpus/valid");
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
            let text = crate::document::value_to_text(&written, format).unwrap();
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

    /// This package's folder as `cargo test` names it when the test runs: a test binary reused from
    /// another checkout that shares the target folder still reads this checkout's files.
    fn manifest_dir() -> std::path::PathBuf {
        std::env::var_os("CARGO_MANIFEST_DIR")
            .map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), Into::into)
    }
}
