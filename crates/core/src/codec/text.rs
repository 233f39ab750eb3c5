//! Text to JSON values and back: the size limit, the YAML nesting and alias guards, syntax errors with
//! their line and column, strict reading (a key twice is an error), and the canonical text
//! `pipewright fmt` writes (2-space JSON, or YAML, ending in a newline).

use serde_json::Value;

use super::strict::StrictValue;
use crate::document::Format;
use crate::error::CodecError;

/// Documents larger than this are refused before parsing (a real pipeline is a few hundred KB).
pub const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;

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
/// and for YAML not nested absurdly deep nor expanded absurdly by aliases.
pub(crate) fn checked_as(text: &str, format: Format) -> Result<&str, CodecError> {
    let text = checked(text)?;
    if format == Format::Yaml {
        yaml_flow_depth(text)?;
        super::aliases::check_expansion(text).map_err(|e| syntax_from_yaml(&e))?;
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
    use crate::Document;

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
}
