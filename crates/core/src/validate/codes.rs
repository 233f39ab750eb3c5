//! The registry of every diagnostic code: what the UI shows in its legend and what
//! `docs/diagnostics.md` documents (a test keeps the two equal).

use serde::Serialize;

use crate::diagnostic::Severity;

/// One diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CodeInfo {
    pub code: &'static str,
    pub severity: Severity,
    /// What the rule checks, in a few words.
    pub title: &'static str,
}

const fn e(code: &'static str, title: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        severity: Severity::Error,
        title,
    }
}

const fn w(code: &'static str, title: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        severity: Severity::Warning,
        title,
    }
}

/// Every code validation can report, in code order.
pub const CODES: &[CodeInfo] = &[
    w("W001", "GitHub version 1 (OAuth) source action"),
    w(
        "W002",
        "source polls for changes (PollForSourceChanges=true)",
    ),
    w(
        "W003",
        "plaintext secret in configuration or environment variables",
    ),
    w(
        "W004",
        "production deploy without a manual approval before it",
    ),
    w("W005", "pipelineType not set (the service assumes V1)"),
    w("W006", "unknown field (dropped on apply)"),
    w(
        "W007",
        "variable reference to an unknown or later namespace",
    ),
    w("W008", "placeholder value left (plan and apply refuse it)"),
    e("E101", "invalid pipeline name"),
    e("E102", "invalid stage name"),
    e("E103", "invalid action name"),
    e("E104", "invalid rule name"),
    e("E105", "invalid artifact name"),
    e("E106", "invalid action namespace"),
    e("E107", "invalid pipeline variable name"),
    e("E108", "invalid environment variable name"),
    e("E109", "invalid provider or version format"),
    e("E110", "required field missing"),
    e("E120", "invalid IAM role ARN"),
    e("E121", "invalid region name"),
    e("E122", "too many tags, or tag key/value length"),
    e("E201", "pipeline needs 2 to 50 stages"),
    e("E202", "stage needs 1 to 50 actions"),
    e("E203", "pipeline has more than 500 actions"),
    e("E204", "runOrder out of 1..999"),
    e("E205", "non-source action in the first stage"),
    e("E206", "source action outside the first stage"),
    e("E207", "no non-source action in the pipeline"),
    e("E208", "duplicate stage name"),
    e("E209", "duplicate action name in a stage"),
    e("E210", "value not in the allowed enumeration"),
    e("E212", "duplicate action namespace"),
    e("E301", "input artifact not produced by an earlier action"),
    e("E302", "duplicate output artifact name"),
    e("E303", "wrong number of input artifacts for the provider"),
    e("E304", "wrong number of output artifacts for the provider"),
    e("E310", "both artifactStore and artifactStores"),
    e("E311", "no artifact store"),
    e("E312", "artifact store type is not S3"),
    e("E313", "invalid artifact store location"),
    e("E314", "invalid artifact store encryption key"),
    e("E401", "cross-region source, third-party or custom action"),
    e("E402", "cross-region action with a single artifactStore"),
    e("E403", "no artifact store for an action's region"),
    e("E404", "no artifact store for the pipeline's own region"),
    e("E501", "required configuration key missing"),
    e("E502", "configuration key length out of 1..50"),
    e("E503", "configuration value length out of 1..1000"),
    e("E504", "configuration value not accepted by the provider"),
    e(
        "E505",
        "timeoutInMinutes on an action that is not a manual approval",
    ),
    e("E506", "timeoutInMinutes out of 5..86400"),
    e("E507", "conditionally required configuration key missing"),
    w("W501", "unknown configuration key"),
    w("W502", "action type not in the catalog"),
    e("E601", "V2-only feature on a V1 pipeline"),
    e("E602", "V2-only action type on a V1 pipeline"),
    e("E603", "more than 50 pipeline variables"),
    e(
        "E604",
        "invalid pipeline variable default, description or duplicate",
    ),
    e("E610", "Commands action commands missing or out of range"),
    e("E611", "outputVariables count out of 1..15"),
    e(
        "E612",
        "environmentVariables count out of 1..10 or value too long",
    ),
    e("E613", "output artifact files count out of 1..10"),
    e("E701", "trigger provider is not CodeStarSourceConnection"),
    e(
        "E702",
        "trigger source action missing or not a connection source",
    ),
    e("E703", "more than one trigger for a source action"),
    e("E704", "push / pullRequest filter count out of 1..3"),
    e("E705", "includes / excludes pattern count or length"),
    e("E706", "more than 50 triggers"),
    e("E801", "ROLLBACK on failure in a PARALLEL pipeline"),
    e("E802", "condition list must hold exactly one condition"),
    e("E803", "condition needs 1 to 5 rules"),
    e("E804", "entry condition result must be FAIL or SKIP"),
    e(
        "E805",
        "on-success condition result must be ROLLBACK or FAIL",
    ),
    e("E806", "automatic retry together with onFailure conditions"),
    e("E807", "rule type must be category Rule, owner AWS"),
    e(
        "E808",
        "SKIP entry condition with a rule other than LambdaInvoke / VariableCheck",
    ),
    e("E809", "rule timeoutInMinutes out of 5..86400"),
    e("E810", "required rule configuration key missing"),
    e("E811", "rule configuration value not accepted"),
    e("E812", "Commands rule commands missing or out of range"),
    w("W801", "unknown rule configuration key"),
    w("W802", "rule type not in the catalog"),
    w(
        "W901",
        "source connection not AVAILABLE (PENDING, ERROR or missing)",
    ),
    w(
        "W902",
        "the service stopped polling, and a source only polls",
    ),
];

/// The registry entry of a code.
pub fn code_info(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    /// Each rule family's source (`src/validate/<family>.rs`) split at its test module: the rules,
    /// then their tests. Files without rules (`mod.rs`, this registry, the ordering and the test
    /// support) are left out.
    fn families() -> Vec<(String, String, String)> {
        let dir = pipewright_test_support::manifest_dir!().join("src/validate");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".rs")
                || ["mod.rs", "codes.rs", "order.rs", "testing.rs"].contains(&name.as_str())
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let (rules, tests) = match text.find("#[cfg(test)]\nmod tests") {
                Some(i) => (text[..i].to_string(), text[i..].to_string()),
                None => (text, String::new()),
            };
            out.push((name, rules, tests));
        }
        out.sort();
        out
    }

    /// The codes a piece of source mentions, e.g. `"E301"`.
    fn quoted_codes(text: &str) -> BTreeSet<String> {
        let re = regex::Regex::new(r#""([EW]\d{3})""#).unwrap();
        re.captures_iter(text).map(|c| c[1].to_string()).collect()
    }

    /// The codes the validator's rules report, with the family file that reports each.
    fn codes_in_sources() -> BTreeMap<String, String> {
        let mut found = BTreeMap::new();
        for (name, rules, _) in families() {
            for code in quoted_codes(&rules) {
                found.insert(code, name.clone());
            }
        }
        found
    }

    /// `(code, severity)` rows of the table in docs/diagnostics.md.
    fn documented_codes() -> BTreeMap<String, String> {
        let path = pipewright_test_support::manifest_dir!().join("../../docs/diagnostics.md");
        let text = std::fs::read_to_string(path).expect("docs/diagnostics.md exists");
        let mut rows = BTreeMap::new();
        for line in text.lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            // "| E101 | error | ... | ... |" -> ["", "E101", "error", ..., ""]
            if cells.len() >= 5 && cells[0].is_empty() {
                let code = cells[1].trim_matches('`');
                if code.len() == 4
                    && (code.starts_with('E') || code.starts_with('W'))
                    && code[1..].chars().all(|c| c.is_ascii_digit())
                {
                    assert!(
                        rows.insert(code.to_string(), cells[2].to_lowercase())
                            .is_none(),
                        "{code} is documented twice"
                    );
                }
            }
        }
        rows
    }

    #[test]
    fn every_code_is_registered_and_documented() {
        let documented = documented_codes();
        assert!(
            !documented.is_empty(),
            "docs/diagnostics.md has no table rows"
        );
        for (code, file) in codes_in_sources() {
            assert!(
                code_info(&code).is_some(),
                "{code} (used in {file}) is not in validate::CODES"
            );
        }
        for info in CODES {
            let sev = match info.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            assert_eq!(
                documented.get(info.code).map(String::as_str),
                Some(sev),
                "{} must be documented in docs/diagnostics.md with severity {sev}",
                info.code
            );
            assert_eq!(
                info.code.starts_with('W'),
                sev == "warning",
                "{}: W codes are warnings",
                info.code
            );
        }
        for code in documented.keys() {
            assert!(
                code_info(code).is_some(),
                "docs/diagnostics.md documents {code}, which validation never reports"
            );
        }
        let used = codes_in_sources();
        for info in CODES {
            assert!(
                used.contains_key(info.code),
                "{} is registered but no rule reports it",
                info.code
            );
        }
    }

    /// Codes no single-mistake document can isolate: their family tests them with a unit test of
    /// this name instead of corpus cases.
    const NOT_ISOLATABLE: &[(&str, &str)] = &[
        ("E207", "fn only_source_actions_is_e207"),
        ("E706", "fn more_than_fifty_triggers_is_e706"),
        ("W901", "fn pending_connection_is_w901"),
    ];

    /// Ruff-style: each rule's corpus cases run beside the rule, in its family's tests
    /// (`rule_cases!`), and a family names only the codes it reports.
    #[test]
    fn every_rule_has_its_corpus_cases_beside_it() {
        let case = regex::Regex::new(r#"[a-z0-9_]+:\s*"([EW]\d{3})""#).unwrap();
        for (name, rules, tests) in families() {
            let reported = quoted_codes(&rules);
            let start = tests.find("rule_cases! {").unwrap_or(tests.len());
            let end = tests[start..].find('}').map_or(tests.len(), |i| start + i);
            let cased: BTreeSet<String> = case
                .captures_iter(&tests[start..end])
                .map(|c| c[1].to_string())
                .collect();
            for code in &reported {
                match NOT_ISOLATABLE.iter().find(|(c, _)| c == code) {
                    Some((_, test)) => assert!(
                        tests.contains(test),
                        "{name} reports {code}, which no corpus file isolates: test it with `{test}` beside the rule"
                    ),
                    None => assert!(
                        cased.contains(code),
                        "{name} reports {code}: list it in the `rule_cases!` of {name}'s tests"
                    ),
                }
            }
            for code in &cased {
                assert!(
                    reported.contains(code),
                    "{name}'s `rule_cases!` lists {code}, which {name} does not report"
                );
            }
        }
    }
}
