//! Build log text as a person reads it: ANSI escapes stripped (or only the colours kept, for a
//! terminal or the panel to render), the first line that reports an error found, and the lines
//! around it. Pure text, no IO.

/// `text` without ANSI escape sequences (CSI `ESC [ ... final`, OSC `ESC ] ... BEL|ESC \`, and
/// two-byte `ESC x`), and without carriage returns.
pub fn strip_ansi(text: &str) -> String {
    clean(text, false)
}

/// `text` with its colours and text styles (SGR, `ESC [ ... m`) kept and every other escape
/// sequence (cursor moves, line erases, window titles) and carriage return dropped: what a
/// terminal or the panel can render without being driven by the log.
pub fn keep_colours(text: &str) -> String {
    clean(text, true)
}

/// True when `text` holds an SGR sequence (a colour or a text style).
pub fn has_colours(text: &str) -> bool {
    text.contains('\u{1b}') && keep_colours(text) != strip_ansi(text)
}

fn clean(text: &str, keep_sgr: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                Some('[') => {
                    // Parameters and intermediates, then one final byte in @..~.
                    let mut seq = String::from("\u{1b}[");
                    for c in chars.by_ref() {
                        seq.push(c);
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                    let sgr = seq.ends_with('m')
                        && seq[2..seq.len() - 1]
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == ';' || c == ':');
                    if keep_sgr && sgr {
                        out.push_str(&seq);
                    }
                }
                Some(']') => {
                    while let Some(c) = chars.next() {
                        if c == '\u{7}' {
                            break;
                        }
                        if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                            chars.next();
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// True when a (stripped) build log line reports an error: npm's `ERR!`, jest's `FAIL`, pytest's
/// `FAILED` and tracebacks, compilers' `error:` / `error[E...]` / `error TS...`, `fatal:`,
/// `Exception`. CodeBuild's own `[Container]` lines are not: they say that a command failed, not
/// why.
pub fn is_error_line(line: &str) -> bool {
    let l = line.trim_start();
    if l.starts_with("[Container]") || l.is_empty() {
        return false;
    }
    let lower = l.to_ascii_lowercase();
    l.contains("ERR!")
        || l.starts_with("FAIL ")
        || l.starts_with("FAILED")
        || l.contains(" FAILED ")
        || l.starts_with("E   ")
        || l.contains("Traceback (most recent call last)")
        || l.contains("Exception:")
        || l.contains("ERROR")
        || (lower.starts_with("error")
            && !lower[5..].starts_with(|c: char| c.is_ascii_alphabetic()))
        || lower.starts_with("fatal:")
        || lower.contains("error:")
        || lower.contains(" error ts")
}

/// The index of the first error line of `lines`; when none reports an error in its own words,
/// the first `[Container]` line that says a command failed.
pub fn first_error(lines: &[String]) -> Option<usize> {
    lines.iter().position(|l| is_error_line(l)).or_else(|| {
        lines.iter().position(|l| {
            l.contains("[Container]")
                && (l.contains("did not exit successfully")
                    || l.contains("COMMAND_EXECUTION_ERROR"))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_colours_cursor_moves_titles_and_carriage_returns() {
        assert_eq!(
            strip_ansi(
                "\u{1b}[37;40mnpm\u{1b}[0m \u{1b}[0m\u{1b}[31;40mERR!\u{1b}[0m code ERESOLVE\r"
            ),
            "npm ERR! code ERESOLVE"
        );
        assert_eq!(strip_ansi("\u{1b}]0;title\u{7}a\u{1b}[2Kb"), "ab");
        assert_eq!(strip_ansi("plain é"), "plain é");
    }

    #[test]
    fn keeps_only_the_colours_when_asked() {
        let npm = "\u{1b}[37;40mnpm\u{1b}[0m \u{1b}[31;40mERR!\u{1b}[0m code\r";
        assert_eq!(
            keep_colours(npm),
            "\u{1b}[37;40mnpm\u{1b}[0m \u{1b}[31;40mERR!\u{1b}[0m code"
        );
        assert_eq!(
            keep_colours("\u{1b}]0;title\u{7}\u{1b}[2Ka\u{1b}[1A\u{1b}[1mb\u{1b}[?25l"),
            "a\u{1b}[1mb"
        );
        assert!(has_colours(npm));
        assert!(!has_colours("\u{1b}[2Kplain"));
        assert!(!has_colours("plain"));
    }

    #[test]
    fn finds_the_first_error_not_the_container_line_nor_a_warning() {
        let lines: Vec<String> = [
            "[Container] 2026/12/06 10:00:00.000 Running command npm ci",
            "npm http fetch GET 200 https://registry.npmjs.org/error-ex 12ms",
            "npm WARN deprecated left-pad@1.0.0",
            "npm ERR! code ERESOLVE",
            "npm ERR! ERESOLVE could not resolve",
            "[Container] 2026/12/06 10:00:09.000 Command did not exit successfully npm ci exit status 1",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(first_error(&lines), Some(3));
        let only_container = vec![lines[0].clone(), lines[5].clone()];
        assert_eq!(first_error(&only_container), Some(1));
        assert_eq!(first_error(&lines[..3]), None);
        for l in [
            "FAIL src/orders/module07.test.ts (2.1 s)",
            "FAILED tests/test_orders.py::test_dedupe_orders - AssertionError",
            "error[E0308]: mismatched types",
            "src/a.ts(3,1): error TS2304: Cannot find name 'x'.",
            "fatal: could not read Username",
        ] {
            assert!(is_error_line(l), "{l}");
        }
        for l in [
            "found 0 vulnerabilities",
            "Tests: 412 passed",
            "errors.go compiled",
        ] {
            assert!(!is_error_line(l), "{l}");
        }
    }
}
