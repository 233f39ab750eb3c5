//! Text inside XML: the one escaper for what Pipewright writes as XML (the SVG pictures of
//! designs, the cctray feed, the sandbox's query-protocol answers).

/// `s` as XML character data or an attribute value (either quote): markup characters as
/// entities; control characters XML 1.0 cannot carry become spaces (tab, line feed and carriage
/// return stay).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_becomes_entities_and_control_characters_spaces() {
        assert_eq!(
            escape(r#"a & <b> "c" 'd'"#),
            "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;"
        );
        assert_eq!(escape("bell\u{7}\tend\n"), "bell \tend\n");
        assert_eq!(escape("Déploiement › Prod"), "Déploiement › Prod");
    }
}
