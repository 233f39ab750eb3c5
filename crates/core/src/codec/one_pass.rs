//! The one-pass reader: JSON or YAML text straight into the model, without a `serde_json::Value`
//! of the whole document in between. It is the fast path of [`Document::parse`].
//!
//! It only answers "here is the document" or "no", and keeps no locations. On "no" (a syntax
//! error, a key that appears twice, a wrong type, a bare declaration that does not decode, ...)
//! `parse` reads the text again the careful way (`parse_value` then [`Decode`]), which finds the
//! problem and reports it with its line and column or JSON pointer. Both ways accept the same
//! documents and read them the same (property tests in `tests/fuzz.rs` check it), so errors stay
//! exactly what they were, found in the same order; a valid document is read once, and a broken
//! one at most twice (for YAML, libyaml's loading is most of each read).
//!
//! It reads what the careful way reads: every object strictly (a key twice is a "no"), `null` as
//! an absent field, unknown fields as strict JSON values into `extra` in document order. The
//! fields of each struct are listed once, in `structs.rs`, for both readers. Only the `pipeline`
//! is read straight into the model ([`read_top_level`]); the other top-level fields (`tags`,
//! `metadata`, `pipewright`, ...) are small, and are read as values and decoded by the document
//! codec (`document.rs`), because a document without `pipeline` is a bare declaration in which
//! they are fields of the pipeline.
//!
//! [`Document::parse`]: crate::Document::parse
//! [`Decode`]: super::decode::Decode

use std::borrow::Cow;
use std::fmt;
use std::hash::BuildHasher;
use std::marker::PhantomData;

use indexmap::map::Entry;
use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::strict::StrictValue;
use crate::document::Format;
use crate::model::{Extra, Pipeline};

/// What the top level of a document holds, read in one pass: the `pipeline` (`None` when there is
/// no `pipeline` key, `Some(None)` when it is `null`) and every other top-level field as a strict
/// value, in document order.
pub(crate) type TopLevelFields = (Option<Option<Pipeline>>, Map<String, Value>);

/// Read the top level of a document in one pass; `None` when the careful way has something to
/// report. `text` has passed the size and emptiness checks of `parse_value`.
pub(crate) fn read_top_level(text: &str, format: Format) -> Option<TopLevelFields> {
    match format {
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            let top = TopLevel.deserialize(&mut de).ok()?;
            de.end().ok()?;
            Some(top)
        }
        Format::Yaml => TopLevel
            .deserialize(serde_yaml::Deserializer::from_str(text))
            .ok(),
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
        impl<'de> $crate::codec::one_pass::Read<'de> for $ty {
            type Visitor = $crate::codec::one_pass::Expect<$ty>;
            fn visitor() -> Self::Visitor {
                $crate::codec::one_pass::Expect::new()
            }
        }

        impl<'de> serde::de::Visitor<'de> for $crate::codec::one_pass::Expect<$ty> {
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
                while let Some(key) = map.next_key_seed($crate::codec::one_pass::Key)? {
                    match &*key {
                        $($key => $crate::codec::one_pass::field(&mut map, $key, &mut $field)?,)*
                        _ => $crate::codec::one_pass::unknown(&mut map, &mut extra, key)?,
                    }
                }
                Ok($ty {
                    $($field: $crate::codec::one_pass::$how($field),)*
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
    type Value = TopLevelFields;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopLevel {
    type Value = TopLevelFields;

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
