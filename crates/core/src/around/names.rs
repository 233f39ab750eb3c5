//! Names of the resources Pipewright makes around a pipeline. They are derived, never stored:
//! plan finds a rule, role or webhook again by the name the design gives it, so a name must not
//! change between versions of Pipewright (the shortening hash is FNV-1a, written out here).

/// Every managed name starts with this, so plan and delete touch only what Pipewright made.
pub(crate) const PREFIX: &str = "pipewright-";

/// An EventBridge rule name (1..64, `[.\-_A-Za-z0-9]+`) for a source action of a pipeline.
pub(crate) fn rule(pipeline: &str, action: &str) -> String {
    fit(&format!("{PREFIX}{pipeline}-{action}"), 64, rule_char)
}

/// An EventBridge target id (1..64, `[.\-_A-Za-z0-9]+`): `codepipeline-<pipeline>`, as AWS's
/// CloudFormation samples name it.
pub(crate) fn target_id(pipeline: &str) -> String {
    fit(&format!("codepipeline-{pipeline}"), 64, rule_char)
}

/// An IAM role name (1..64, `[\w+=,.@-]+`) for the role EventBridge assumes.
pub(crate) fn role(pipeline: &str) -> String {
    fit(&format!("{PREFIX}events-{pipeline}"), 64, |c| {
        c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
    })
}

/// A CodePipeline webhook name (1..100, `[A-Za-z0-9.@\-_]+`).
pub(crate) fn webhook(pipeline: &str, action: &str) -> String {
    fit(&format!("{PREFIX}{pipeline}-{action}"), 100, |c| {
        c.is_ascii_alphanumeric() || ".@-_".contains(c)
    })
}

fn rule_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ".-_".contains(c)
}

/// `name` with characters outside `allowed` replaced by `-`, cut to `max` characters with a
/// hash of the whole name at the end when it is longer (so two long names stay apart).
fn fit(name: &str, max: usize, allowed: impl Fn(char) -> bool) -> String {
    let clean: String = name
        .chars()
        .map(|c| if allowed(c) { c } else { '-' })
        .collect();
    if clean.len() <= max {
        return clean;
    }
    let hash = format!("-{:08x}", fnv1a(name));
    let mut cut = clean[..max - hash.len()].to_string();
    cut.push_str(&hash);
    cut
}

/// 32-bit FNV-1a: stable across Rust and Pipewright versions.
fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_to_each_service_pattern_and_length() {
        assert_eq!(rule("web", "Source"), "pipewright-web-Source");
        assert_eq!(rule("a@b", "Src"), "pipewright-a-b-Src");
        assert_eq!(role("a@b"), "pipewright-events-a@b");
        assert_eq!(target_id("web"), "codepipeline-web");
        let long = "p".repeat(100);
        let r = rule(&long, "Source");
        assert_eq!(r.len(), 64);
        assert_ne!(
            r,
            rule(&format!("{long}x"), "Source"),
            "long names stay apart"
        );
        assert!(webhook(&long, "Source").len() <= 100);
        assert!(role(&long).len() <= 64);
    }

    #[test]
    fn the_shortening_hash_never_changes() {
        // Plan finds rules again by name: a changed hash would orphan every long-named rule.
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
    }
}
