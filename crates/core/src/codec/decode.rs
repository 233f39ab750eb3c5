//! The careful reader: a parsed JSON value decoded into the model by hand, with exact locations.
//!
//! serde's `flatten` (which the model uses to keep unknown fields) buffers the input and loses the
//! position of a type error (dtolnay/path-to-error#9). Decoding by hand from a `serde_json::Value`
//! keeps a JSON pointer to every node, so "runOrder is a string" is reported at
//! `/pipeline/stages/0/actions/1/runOrder`.
//!
//! This file holds the decoder itself ([`Decode`], [`Fields`], [`Path`]); the model's structs are
//! listed in `structs.rs`. `Document::parse` reads a valid document without building that value
//! (`one_pass.rs`, from the same field lists) and comes here only when the one pass says no, to
//! find and locate the problem.

use indexmap::IndexMap;
use serde_json::Value;

use super::pointer::Pointer;
use crate::error::CodecError;
use crate::model::Extra;

/// Where a node is while decoding: a chain of borrowed segments, turned into a [`Pointer`] only
/// when there is an error to report (building a string per node would dominate decoding).
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    pub fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }

    /// The JSON pointer of this node.
    pub fn pointer(&self) -> Pointer {
        match self {
            Path::Root => Pointer::root(),
            Path::Key(parent, k) => parent.pointer().key(k),
            Path::Index(parent, i) => parent.pointer().index(*i),
        }
    }
}

/// A value that can be decoded from JSON at a location.
pub trait Decode: Sized {
    fn decode(value: Value, at: &Path) -> Result<Self, CodecError>;
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn wrong_type(at: &Path, expected: &str, found: &Value) -> CodecError {
    CodecError::WrongType {
        pointer: at.pointer().to_string(),
        expected: expected.to_string(),
        found: kind(found).to_string(),
    }
}

impl Decode for String {
    fn decode(value: Value, at: &Path) -> Result<Self, CodecError> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(wrong_type(at, "a string", &other)),
        }
    }
}

impl Decode for i64 {
    fn decode(value: Value, at: &Path) -> Result<Self, CodecError> {
        match &value {
            Value::Number(n) => n
                .as_i64()
                .ok_or_else(|| wrong_type(at, "a whole number", &value)),
            _ => Err(wrong_type(at, "a whole number", &value)),
        }
    }
}

impl Decode for Value {
    fn decode(value: Value, _at: &Path) -> Result<Self, CodecError> {
        Ok(value)
    }
}

/// Numbers kept as written (canvas positions: `10` stays `10`, `10.5` stays `10.5`).
impl Decode for serde_json::Number {
    fn decode(value: Value, at: &Path) -> Result<Self, CodecError> {
        match value {
            Value::Number(n) => Ok(n),
            other => Err(wrong_type(at, "a number", &other)),
        }
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(value: Value, at: &Path) -> Result<Self, CodecError> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| T::decode(v, &at.index(i)))
                .collect(),
            other => Err(wrong_type(at, "a list", &other)),
        }
    }
}

impl<T: Decode, S: std::hash::BuildHasher + Default> Decode for IndexMap<String, T, S> {
    fn decode(value: Value, at: &Path) -> Result<Self, CodecError> {
        match value {
            Value::Object(map) => map
                .into_iter()
                .map(|(k, v)| {
                    let item = T::decode(v, &at.key(&k))?;
                    Ok((k, item))
                })
                .collect(),
            other => Err(wrong_type(at, "an object", &other)),
        }
    }
}

/// The fields of one JSON object being decoded; what is not taken ends up in `extra`, in
/// document order. Objects have a handful of keys, so a linear scan beats hashing and removing.
pub struct Fields<'a> {
    entries: Vec<(String, Option<Value>)>,
    at: &'a Path<'a>,
}

impl<'a> Fields<'a> {
    pub fn new(value: Value, at: &'a Path<'a>) -> Result<Self, CodecError> {
        match value {
            Value::Object(map) => Ok(Self {
                entries: map.into_iter().map(|(k, v)| (k, Some(v))).collect(),
                at,
            }),
            other => Err(wrong_type(at, "an object", &other)),
        }
    }

    /// An optional field; `null` counts as absent.
    pub fn opt<T: Decode>(&mut self, key: &str) -> Result<Option<T>, CodecError> {
        let taken = self
            .entries
            .iter_mut()
            .find(|(k, v)| k == key && v.is_some())
            .and_then(|(_, v)| v.take());
        match taken {
            None | Some(Value::Null) => Ok(None),
            Some(v) => T::decode(v, &self.at.key(key)).map(Some),
        }
    }

    /// A field whose absence decodes as the type's default (validation reports it if required).
    pub fn or_default<T: Decode + Default>(&mut self, key: &str) -> Result<T, CodecError> {
        Ok(self.opt(key)?.unwrap_or_default())
    }

    /// Everything not taken, in document order.
    pub fn rest(self) -> Extra {
        self.entries
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect()
    }
}

/// serde `Deserialize` through [`Decode`], so model types can be command arguments and nested in
/// other serde types. Errors carry the JSON pointer of the node.
macro_rules! deserialize_via_decode {
    ($($ty:ty),* $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(d)?;
                <$ty as $crate::codec::decode::Decode>::decode(
                    value,
                    &$crate::codec::decode::Path::Root,
                )
                .map_err(serde::de::Error::custom)
            }
        }
    )*};
}

pub(crate) use deserialize_via_decode;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pipeline;
    use serde_json::json;

    #[test]
    fn wrong_type_names_the_exact_node() {
        let v = json!({"name": "p", "stages": [{"name": "S", "actions": [{"name": "A", "runOrder": "1"}]}]});
        let err = Pipeline::decode(v, &Path::Root.key("pipeline")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/pipeline/stages/0/actions/0/runOrder: expected a whole number, found a string"
        );
    }

    #[test]
    fn unknown_fields_are_kept_in_order() {
        let v = json!({"name": "p", "zeta": 1, "stages": [], "alpha": {"x": [1]}});
        let p = Pipeline::decode(v, &Path::Root).unwrap();
        let keys: Vec<_> = p.extra.keys().cloned().collect();
        assert_eq!(keys, ["zeta", "alpha"]);
    }
}
