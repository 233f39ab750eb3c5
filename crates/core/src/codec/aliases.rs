//! YAML whose aliases are bounded. An alias repeats its anchor's node wherever it appears, so a
//! few kilobytes of YAML can stand for gigabytes (each alias copies a long string, or names a
//! list of aliases of lists: "billion laughs"), and `serde_yaml` builds every copy (its own
//! limit counts alias jumps, not what they copy). Before a design is read, [`check_expansion`]
//! walks it as `serde_yaml` expands it, without keeping anything, and stops at the first value
//! past the bound, which its error locates. The sandbox bounds its scenario files with it too.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Expanded, a YAML document may hold this many values, or as many as it has bytes if more.
pub const MAX_EXPANDED_VALUES: usize = 100_000;
/// Expanded, a YAML document's scalars may hold this many bytes, or as many as it has if more.
pub const MAX_EXPANDED_BYTES: usize = 4 * 1024 * 1024;

/// Refuse YAML whose aliases expand it past [`MAX_EXPANDED_VALUES`] values or
/// [`MAX_EXPANDED_BYTES`] bytes of scalars (without aliases no document gets there, since both
/// grow to the text's own length). The error locates the value past the bound (line and
/// column); syntax errors are `serde_yaml`'s own. Text without an anchor (`&`) has no alias to
/// expand and is not walked.
pub fn check_expansion(text: &str) -> Result<(), serde_yaml::Error> {
    if !text.contains('&') {
        return Ok(());
    }
    let budget = Budget {
        values: Cell::new(0),
        bytes: Cell::new(0),
        max_values: MAX_EXPANDED_VALUES.max(text.len()),
        max_bytes: MAX_EXPANDED_BYTES.max(text.len()),
    };
    for document in serde_yaml::Deserializer::from_str(text) {
        Measure(&budget).deserialize(document)?;
    }
    Ok(())
}

struct Budget {
    values: Cell<usize>,
    bytes: Cell<usize>,
    max_values: usize,
    max_bytes: usize,
}

impl Budget {
    /// Count one value of `bytes` bytes; an error once past the bound (`serde_yaml` appends where:
    /// "reached at line L column C").
    fn take<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        self.values.set(self.values.get() + 1);
        self.bytes.set(self.bytes.get().saturating_add(bytes));
        if self.values.get() > self.max_values {
            return Err(E::custom(format!(
                "aliases expand this document past {} values (write out what they repeat, or repeat less), reached",
                self.max_values
            )));
        }
        if self.bytes.get() > self.max_bytes {
            return Err(E::custom(format!(
                "aliases expand this document past {} bytes of text (write out what they repeat, or repeat less), reached",
                self.max_bytes
            )));
        }
        Ok(())
    }
}

/// Visits every value as `serde_yaml` expands it and keeps nothing.
#[derive(Clone, Copy)]
struct Measure<'a>(&'a Budget);

impl<'de> DeserializeSeed<'de> for Measure<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Measure<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.0.take(1)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.0.take(1)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.0.take(1)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.0.take(1)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0.take(v.len())
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<(), E> {
        self.0.take(v.len())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.take(0)
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.0.take(0)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.take(0)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.0.take(0)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!Tag value`): the tag, then the value.
        let ((), variant) = data.variant_seed(self)?;
        de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};
    use crate::error::CodecError;

    #[test]
    fn documents_without_aliases_and_modest_aliases_pass() {
        assert!(check_expansion("a: 1\nb: [x, y, {c: d}]\n").is_ok());
        let big = format!("s: \"{}\"\n", "x".repeat(MAX_EXPANDED_BYTES + 10));
        assert!(check_expansion(&big).is_ok());
        assert!(check_expansion("a: &x [1, 2]\nb: *x\nc: !Tag 3\n").is_ok());
    }

    /// A 1 MB design whose aliases would expand to about 20 GB: refused with its location,
    /// before anything is built. (Measured: `benches/yaml-alias-bomb.sh`.)
    #[test]
    fn an_alias_bomb_design_is_refused_with_its_location() {
        let mut text = format!(
            "pipeline:\n  name: bomb\n  roleArn: &s \"{}\"\n  stages:\n",
            "x".repeat(64 * 1024)
        );
        while text.len() < 1024 * 1024 {
            text.push_str("    - *s\n");
        }
        let err = Document::parse(&text, Format::Yaml).unwrap_err();
        match &err {
            CodecError::Syntax { line, message, .. } => {
                assert!(
                    message.contains("aliases expand this document past"),
                    "{err}"
                );
                // Where: the path of the value past the bound, and the anchor's line.
                assert!(message.starts_with("pipeline.stages[62]: "), "{err}");
                assert_eq!(*line, 3, "{err}");
            }
            other => panic!("expected a located syntax error, got {other:?}"),
        }
        let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            laughs.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = crate::codec::parse_value(&laughs, Format::Yaml).unwrap_err();
        assert!(err.to_string().contains("past 100000 values"), "{err}");
    }
}
