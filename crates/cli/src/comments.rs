//! YAML comments, which the document model does not keep. `fmt` keeps the comment block at the
//! top of a file (licence lines, `# yaml-language-server: $schema=...`) and refuses to drop any
//! other comment unless told to.
//!
//! This is a line scanner, not a YAML parser: it knows quoted scalars and block scalars (`|`, `>`)
//! well enough to tell a comment from a `#` inside a value, which covers design files.

/// The leading lines of `text` that are comments or blank, up to the first content line.
/// Empty when the file does not start with a comment.
pub fn header(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut end = 0;
    let mut seen_comment = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('#') {
            seen_comment = true;
        } else if !t.is_empty() {
            break;
        }
        end += line.len();
    }
    if seen_comment {
        &text[..end]
    } else {
        ""
    }
}

/// 1-based line numbers of the comments after the header: whole-line comments and comments at the
/// end of a line, outside quoted and block scalars.
pub fn body_comment_lines(text: &str) -> Vec<usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let skip = header(text).lines().count();
    let mut found = Vec::new();
    // Indentation of the line that opened a block scalar: its content is indented further.
    let mut block: Option<usize> = None;
    for (i, line) in text.lines().enumerate().skip(skip) {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = line.trim();
        if let Some(opener) = block {
            if content.is_empty() || indent > opener {
                continue;
            }
            block = None;
        }
        if let Some(at) = comment_start(line) {
            found.push(i + 1);
            if opens_block_scalar(&line[..at]) {
                block = Some(indent);
            }
        } else if opens_block_scalar(line) {
            block = Some(indent);
        }
    }
    found
}

/// Byte offset of a `#` that starts a comment on this line, if any.
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(b'"') if b == b'\\' => i += 1,
            Some(q) if b == q => {
                // `''` inside a single-quoted scalar is an escaped quote.
                if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 1;
                } else {
                    quote = None;
                }
            }
            Some(_) => {}
            None => match b {
                b'#' if i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t' => return Some(i),
                // A quote opens a quoted scalar only where a scalar starts.
                b'"' | b'\'' if starts_scalar(&line[..i]) => quote = Some(b),
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// Whether a scalar may start right after `before` (so a quote there opens a quoted scalar).
fn starts_scalar(before: &str) -> bool {
    let t = before.trim_end();
    t.is_empty()
        || t.ends_with(':')
        || t.ends_with('-')
        || t.ends_with('[')
        || t.ends_with('{')
        || t.ends_with(',')
        || t.ends_with('?')
}

/// Whether the line ends with a block scalar indicator (`key: |`, `- >-`, `key: |2+`).
fn opens_block_scalar(line: &str) -> bool {
    let t = line.trim_end();
    let rest = t.trim_end_matches(|c: char| c == '+' || c == '-' || c.is_ascii_digit());
    let Some(before) = rest.strip_suffix('|').or_else(|| rest.strip_suffix('>')) else {
        return false;
    };
    let before = before.trim_end();
    before.ends_with(':') || before.ends_with('-') || before.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_leading_comment_block_is_the_header() {
        let text = "# yaml-language-server: $schema=schema.json\n# team web\n\npipeline:\n  name: x # inline\n";
        assert_eq!(
            header(text),
            "# yaml-language-server: $schema=schema.json\n# team web\n\n"
        );
        assert_eq!(header("pipeline:\n  name: x\n"), "");
        assert_eq!(header("\n\npipeline: {}\n"), "");
        assert_eq!(body_comment_lines(text), vec![5]);
    }

    #[test]
    fn comments_are_found_but_hashes_inside_values_are_not() {
        let text = "\
pipeline:
  # a whole-line comment
  name: app#1
  stages:
  - name: Build # trailing
    actions:
    - name: A
      configuration:
        Quoted: 'a # b'
        Double: \"x # \\\" # y\"
        Escaped: 'it''s # here'
        Url: http://example.com/#anchor
      commands:
      - |
        # a shell comment, inside a block scalar
        echo ok # also inside
      - >-
          # folded, inside
      - echo done
    # back outside
";
        assert_eq!(body_comment_lines(text), vec![2, 5, 20]);
    }

    #[test]
    fn a_block_scalar_with_a_comment_after_its_indicator_is_still_a_block() {
        let text = "a: | # why\n  # inside\nb: 1\n";
        assert_eq!(body_comment_lines(text), vec![1]);
    }
}
