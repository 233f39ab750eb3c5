//! Just enough CBOR (RFC 8949) for Smithy RPC v2 CBOR, the protocol the current CodeConnections
//! and CodeStar Connections SDKs speak: JSON-like values both ways. Integers, floats, text,
//! byte strings (read as text), arrays, maps with text keys, booleans, null and tags (a tagged
//! value reads as the value: tag 1 timestamps become epoch seconds). Indefinite lengths are read.

use serde_json::{Map, Number, Value};

/// Encode a JSON value as CBOR (definite lengths; integers as integers, other numbers as f64).
pub fn encode(v: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    put(&mut out, v);
    out
}

fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let m = major << 5;
    match n {
        0..=23 => out.push(m | n as u8),
        24..=0xff => out.extend([m | 24, n as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend((n as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(m | 26);
            out.extend((n as u32).to_be_bytes());
        }
        _ => {
            out.push(m | 27);
            out.extend(n.to_be_bytes());
        }
    }
}

fn put(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Null => out.push(0xf6),
        Value::Bool(b) => out.push(if *b { 0xf5 } else { 0xf4 }),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                head(out, 0, u);
            } else if let Some(i) = n.as_i64() {
                head(out, 1, (-1 - i) as u64);
            } else {
                out.push(0xfb);
                out.extend(n.as_f64().unwrap_or(0.0).to_be_bytes());
            }
        }
        Value::String(s) => {
            head(out, 3, s.len() as u64);
            out.extend(s.as_bytes());
        }
        Value::Array(items) => {
            head(out, 4, items.len() as u64);
            for item in items {
                put(out, item);
            }
        }
        Value::Object(map) => {
            head(out, 5, map.len() as u64);
            for (k, item) in map {
                head(out, 3, k.len() as u64);
                out.extend(k.as_bytes());
                put(out, item);
            }
        }
    }
}

/// Decode one CBOR item (an empty body is `null`).
pub fn decode(bytes: &[u8]) -> Result<Value, String> {
    if bytes.is_empty() {
        return Ok(Value::Null);
    }
    let mut r = Reader {
        bytes,
        at: 0,
        depth: 0,
    };
    let v = r.item()?;
    if r.at != bytes.len() {
        return Err(format!(
            "{} bytes left after the first item",
            bytes.len() - r.at
        ));
    }
    Ok(v)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

enum Item {
    Value(Value),
    Break,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(|| "the body ends in the middle of an item".to_string())?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn arg(&mut self, info: u8) -> Result<Option<u64>, String> {
        Ok(Some(match info {
            0..=23 => u64::from(info),
            24 => u64::from(self.take(1)?[0]),
            25 => u64::from(u16::from_be_bytes(
                self.take(2)?.try_into().unwrap_or([0; 2]),
            )),
            26 => u64::from(u32::from_be_bytes(
                self.take(4)?.try_into().unwrap_or([0; 4]),
            )),
            27 => u64::from_be_bytes(self.take(8)?.try_into().unwrap_or([0; 8])),
            31 => return Ok(None),
            _ => return Err(format!("reserved additional information {info}")),
        }))
    }

    fn item(&mut self) -> Result<Value, String> {
        match self.next()? {
            Item::Value(v) => Ok(v),
            Item::Break => Err("an unexpected break".to_string()),
        }
    }

    fn next(&mut self) -> Result<Item, String> {
        self.depth += 1;
        if self.depth > 64 {
            return Err("nested more than 64 levels".to_string());
        }
        let b = self.take(1)?[0];
        let (major, info) = (b >> 5, b & 0x1f);
        let v = match major {
            0 => Value::from(self.arg(info)?.ok_or("an indefinite integer")?),
            1 => {
                let n = self.arg(info)?.ok_or("an indefinite integer")?;
                Value::from(-1 - n as i64)
            }
            2 | 3 => {
                let text = match self.arg(info)? {
                    Some(n) => String::from_utf8_lossy(self.take(n as usize)?).into_owned(),
                    None => {
                        let mut s = String::new();
                        loop {
                            match self.next()? {
                                Item::Break => break,
                                Item::Value(Value::String(part)) => s.push_str(&part),
                                Item::Value(_) => {
                                    return Err("a chunk that is not text".to_string())
                                }
                            }
                        }
                        s
                    }
                };
                Value::String(text)
            }
            4 => {
                let mut items = Vec::new();
                match self.arg(info)? {
                    Some(n) => {
                        for _ in 0..n {
                            items.push(self.item()?);
                        }
                    }
                    None => loop {
                        match self.next()? {
                            Item::Break => break,
                            Item::Value(v) => items.push(v),
                        }
                    },
                }
                Value::Array(items)
            }
            5 => {
                let mut map = Map::new();
                let mut pair = |r: &mut Self, key: Value| -> Result<(), String> {
                    let key = match key {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    let value = r.item()?;
                    map.insert(key, value);
                    Ok(())
                };
                match self.arg(info)? {
                    Some(n) => {
                        for _ in 0..n {
                            let key = self.item()?;
                            pair(self, key)?;
                        }
                    }
                    None => loop {
                        match self.next()? {
                            Item::Break => break,
                            Item::Value(key) => pair(self, key)?,
                        }
                    },
                }
                Value::Object(map)
            }
            6 => {
                self.arg(info)?;
                self.item()?
            }
            _ => match info {
                20 => Value::Bool(false),
                21 => Value::Bool(true),
                22 | 23 => Value::Null,
                25 => {
                    let h = u16::from_be_bytes(self.take(2)?.try_into().unwrap_or([0; 2]));
                    float(half(h))
                }
                26 => float(f64::from(f32::from_be_bytes(
                    self.take(4)?.try_into().unwrap_or([0; 4]),
                ))),
                27 => float(f64::from_be_bytes(
                    self.take(8)?.try_into().unwrap_or([0; 8]),
                )),
                31 => {
                    self.depth -= 1;
                    return Ok(Item::Break);
                }
                other => return Err(format!("simple value {other} is not supported")),
            },
        };
        self.depth -= 1;
        Ok(Item::Value(v))
    }
}

fn float(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

fn half(h: u16) -> f64 {
    let exp = (h >> 10) & 0x1f;
    let mant = f64::from(h & 0x3ff);
    let v = match exp {
        0 => mant * 2f64.powi(-24),
        31 => f64::INFINITY,
        e => (1.0 + mant / 1024.0) * 2f64.powi(i32::from(e) - 15),
    };
    if h & 0x8000 != 0 {
        -v
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_go_round_trip() {
        let v = json!({ "ConnectionArn": "arn:x", "n": 500, "neg": -3, "f": 1.5, "ok": true, "none": null, "list": ["a", 1] });
        assert_eq!(decode(&encode(&v)).unwrap(), v);
        assert_eq!(decode(&[]).unwrap(), Value::Null);
    }

    #[test]
    fn indefinite_lengths_tags_and_halves_are_read() {
        // {_ "a": [_ 1, 2], "t": 1(1700000000)} and a half float 1.0
        let bytes = [
            0xbf, 0x61, b'a', 0x9f, 0x01, 0x02, 0xff, 0x61, b't', 0xc1, 0x1a, 0x65, 0x53, 0xf1,
            0x00, 0xff,
        ];
        assert_eq!(
            decode(&bytes).unwrap(),
            json!({ "a": [1, 2], "t": 1_700_000_000u64 })
        );
        assert_eq!(decode(&[0xf9, 0x3c, 0x00]).unwrap(), json!(1.0));
        assert!(decode(&[0x61]).is_err());
    }
}
