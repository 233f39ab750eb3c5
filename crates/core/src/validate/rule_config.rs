//! Rule configuration (`E81x`, `W80x`): each stage condition rule's configuration, checked like
//! action configuration against the rule catalog (the rule reference pages): required and
//! unknown keys, the values a key accepts, and the Commands rule's `commands`.
//!
//! Sources: the rule reference (<https://docs.aws.amazon.com/codepipeline/latest/userguide/rule-reference.html>,
//! one page per rule, through `catalog/rules.rs`) and the API model (`RuleDeclaration`).

use std::sync::LazyLock;

use regex::Regex;

use super::names::stage_conditions;
use super::{len, quoted_list, Out};
use crate::catalog::{self, RuleProvider};
use crate::codec::Pointer;
use crate::model::{Pipeline, Rule};

pub(super) fn check(p: &Pipeline, out: &mut Out) {
    let rules = rules(p);
    unknown_rule_type(&rules, out);
    required_keys(&rules, out);
    unknown_keys(&rules, out);
    accepted_values(&rules, out);
    commands(&rules, out);
}

/// A rule of a stage condition: its pointer, the rule, and its catalog entry.
type Located<'a> = (Pointer, &'a Rule, Option<&'static RuleProvider>);

/// Every rule of every stage condition, in document order.
fn rules(p: &Pipeline) -> Vec<Located<'_>> {
    let mut all = Vec::new();
    for (si, s) in p.stages.iter().enumerate() {
        for (at, c) in stage_conditions(si, s) {
            for (ri, r) in c.rules.iter().flatten().enumerate() {
                let prov = catalog::find_rule(&r.rule_type_id.provider);
                all.push((at.key("rules").index(ri), r, prov));
            }
        }
    }
    all
}

/// W802. A rule type the rule reference does not list ("For a list of rule provider names, see
/// the rules listed in the CodePipeline rule reference", API model `RuleTypeId.provider`): its
/// configuration cannot be checked offline. A warning: the catalog may lag behind a new rule.
fn unknown_rule_type(rules: &[Located], out: &mut Out) {
    for (at, r, prov) in rules {
        let t = &r.rule_type_id;
        if prov.is_some() || t.provider.is_empty() || !matches!(t.category.as_str(), "Rule" | "") {
            continue;
        }
        let known: Vec<&str> = catalog::catalog()
            .rules
            .iter()
            .map(|r| r.provider.as_str())
            .collect();
        let hint = match known.iter().find(|k| k.eq_ignore_ascii_case(&t.provider)) {
            Some(k) => format!("Did you mean `{k}`? Rule providers are case-sensitive."),
            None => format!("The rule reference lists {}.", quoted_list(&known)),
        };
        out.emit(
            "W802",
            &at.key("ruleTypeId").key("provider"),
            format!(
                "rule `{}` uses rule type `{}`, which is not a known rule type; its configuration is not checked",
                r.name, t.provider
            ),
            hint,
        );
    }
}

/// E810. The "Required: Yes" configuration parameters of each rule reference page:
/// DeploymentWindow `Cron`, CloudWatchAlarm `AlarmName`, LambdaInvoke `FunctionName`,
/// VariableCheck `Variable`, `Value` and `Operator`.
fn required_keys(rules: &[Located], out: &mut Out) {
    for (at, r, prov) in rules {
        let Some(prov) = prov else { continue };
        for k in prov.required_keys() {
            if config(r, &k.name).is_none() {
                out.emit(
                    "E810",
                    &at.key("configuration").key(&k.name),
                    format!(
                        "rule `{}` ({}) needs configuration key `{}`",
                        r.name, prov.display_name, k.name
                    ),
                    format!("Set `{}`: {}", k.name, k.help),
                );
            }
        }
    }
}

/// W801. A configuration key the rule's reference page does not list. A warning, as for actions
/// (W501): the catalog may lag behind a newly added key.
fn unknown_keys(rules: &[Located], out: &mut Out) {
    for (at, r, prov) in rules {
        let Some(prov) = prov else { continue };
        for key in r.configuration.iter().flat_map(|c| c.keys()) {
            if prov.key(key).is_some() {
                continue;
            }
            let known: Vec<&str> = prov.config.iter().map(|k| k.name.as_str()).collect();
            let hint = match known.iter().find(|k| k.eq_ignore_ascii_case(key)) {
                Some(k) => format!("Did you mean `{k}`? Keys are case-sensitive."),
                None if prov.runs_commands => format!(
                    "The {} rule takes its shell commands in the rule's `commands` list, not in configuration.",
                    prov.display_name
                ),
                None if known.is_empty() => format!(
                    "The {} rule takes no configuration keys; remove it.",
                    prov.display_name
                ),
                None => format!("Known keys: {}.", quoted_list(&known)),
            };
            out.emit(
                "W801",
                &at.key("configuration").key(key),
                format!(
                    "`{key}` is not a configuration key of the {} rule",
                    prov.display_name
                ),
                hint,
            );
        }
    }
}

/// `Region/City`, `UTC` with an optional `+HH:MM` / `-HH:MM` offset, or a 3 to 5 letter
/// abbreviation.
static TIME_ZONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z]+(/[A-Za-z][A-Za-z_\-]*)+|UTC([+-][0-9]{2}:[0-9]{2})?|[A-Za-z]{3,5})$")
        .expect("pattern compiles")
});

/// Why a value is not accepted, if it is not.
fn value_problem(prov: &RuleProvider, key: &str, value: &str) -> Option<String> {
    if let Some(allowed) = prov.key(key).and_then(|k| k.allowed.as_ref()) {
        if !allowed.iter().any(|a| a == value) {
            let list: Vec<&str> = allowed.iter().map(String::as_str).collect();
            return Some(format!("takes {}", quoted_list(&list)));
        }
    }
    match (prov.provider.as_str(), key) {
        ("DeploymentWindow", "Cron") => {
            let n = value.split_whitespace().count();
            (!(6..=7).contains(&n)).then(|| {
                format!("has {n} fields; a cron expression has 6 fields and an optional year")
            })
        }
        ("DeploymentWindow", "TimeZone") => (!TIME_ZONE.is_match(value)).then(|| {
            "is not a time zone (Region/City, UTC with an optional offset, or a 3 to 5 letter abbreviation)".to_string()
        }),
        ("CloudWatchAlarm", "AlarmStates") => value
            .split(',')
            .map(str::trim)
            .find(|s| !matches!(*s, "ALARM" | "OK" | "INSUFFICIENT_DATA"))
            .map(|s| format!("has `{s}`; the states are `ALARM`, `OK` and `INSUFFICIENT_DATA`")),
        ("CloudWatchAlarm", "WaitTime") => (value.is_empty()
            || !value.bytes().all(|b| b.is_ascii_digit()))
        .then(|| "is not a whole number of minutes".to_string()),
        _ => None,
    }
}

/// E811. Values the rule reference pages define: VariableCheck `Operator` "EQ | CONTAINS |
/// MATCHES | NE"; DeploymentWindow `Cron` "Cron expressions are comprised of 6 required fields
/// and one optional field separated by white space" and `TimeZone` in "Region/City format",
/// "UTC format ... optionally followed by an offset in the format +HH:MM or -HH:MM" or
/// "Abbreviation format ... a 3 to 5 character abbreviation"; CloudWatchAlarm `AlarmStates`
/// "Valid values are ALARM, OK, and INSUFFICIENT_DATA" and `WaitTime` "The wait time in
/// minutes". Values with variables (`#{...}`) are resolved at run time and not checked.
fn accepted_values(rules: &[Located], out: &mut Out) {
    for (at, r, prov) in rules {
        let Some(prov) = prov else { continue };
        for (k, v) in r.configuration.iter().flatten() {
            if v.contains("#{") {
                continue;
            }
            if let Some(problem) = value_problem(prov, k, v) {
                out.emit(
                    "E811",
                    &at.key("configuration").key(k),
                    format!(
                        "`{k}` of rule `{}` is `{v}`, which the {} rule does not accept: it {problem}",
                        r.name, prov.display_name
                    ),
                    format!(
                        "{} ({}).",
                        prov.key(k).map_or("See the rule reference", |c| c.help.as_str()),
                        prov.docs_url
                    ),
                );
            }
        }
    }
}

/// E812. The Commands rule runs "shell commands for the `Commands` rule to run ... In the CLI,
/// commands are entered as separate strings" (rule reference, Commands): `commands` is required,
/// with "CommandList: min 1, max 50; Command: min 1, max 1000" (API model,
/// `RuleDeclaration.commands`).
fn commands(rules: &[Located], out: &mut Out) {
    for (at, r, prov) in rules {
        let at = || at.key("commands");
        match &r.commands {
            None if prov.is_some_and(|p| p.runs_commands) => out.emit(
                "E812",
                &at(),
                format!("Commands rule `{}` has no `commands`", r.name),
                "Add 1 to 50 single-line shell commands; the rule fails when one fails.",
            ),
            None => {}
            Some(list) => {
                if !(1..=50).contains(&list.len()) {
                    out.emit(
                        "E812",
                        &at(),
                        format!(
                            "rule `{}` has {} commands; 1 to 50 are allowed",
                            r.name,
                            list.len()
                        ),
                        "Keep 1 to 50 commands; move longer scripts into a file and run it.",
                    );
                }
                for (i, c) in list.iter().enumerate() {
                    if !(1..=1000).contains(&len(c)) {
                        out.emit(
                            "E812",
                            &at().index(i),
                            format!(
                                "command {} of rule `{}` must be 1 to 1000 characters",
                                i + 1,
                                r.name
                            ),
                            "Split the command, or move it into a script file.",
                        );
                    }
                }
            }
        }
    }
}

/// A configuration value of a rule, if set.
fn config<'a>(r: &'a Rule, key: &str) -> Option<&'a str> {
    r.configuration.as_ref()?.get(key).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::validate::testing::{base, codes, rule_cases, run};

    rule_cases! {
        e810_required_rule_keys: "E810",
        e811_accepted_rule_values: "E811",
        e812_commands_rule: "E812",
        w801_unknown_rule_keys: "W801",
        w802_unknown_rule_type: "W802",
    }

    /// The base pipeline with one rule in the Deploy stage's entry condition.
    fn with_rule(rule: Value) -> Value {
        let mut v = base();
        v["pipeline"]["stages"][2]["beforeEntry"] =
            json!({"conditions": [{"result": "FAIL", "rules": [rule]}]});
        v
    }

    fn rule(provider: &str, configuration: Value) -> Value {
        json!({
            "name": "Check",
            "ruleTypeId": {"category": "Rule", "owner": "AWS", "provider": provider, "version": "1"},
            "configuration": configuration,
        })
    }

    #[test]
    fn the_rule_reference_examples_are_clean() {
        for r in [
            rule(
                "DeploymentWindow",
                json!({"Cron": "0 0 9-17 ? * MON-FRI *", "TimeZone": "PST"}),
            ),
            rule(
                "DeploymentWindow",
                json!({"Cron": "0 0 9-17 ? * MON-FRI", "TimeZone": "Europe/Berlin"}),
            ),
            rule(
                "DeploymentWindow",
                json!({"Cron": "0 0 9 ? * *", "TimeZone": "UTC+05:30"}),
            ),
            rule(
                "CloudWatchAlarm",
                json!({"AlarmName": "CWAlarm", "WaitTime": "1"}),
            ),
            rule(
                "CloudWatchAlarm",
                json!({"AlarmName": "a", "AlarmStates": "ALARM, INSUFFICIENT_DATA"}),
            ),
            rule("LambdaInvoke", json!({"FunctionName": "my-function"})),
            rule(
                "VariableCheck",
                json!({"Variable": "#{SourceVariables.RepositoryName}", "Value": "MyDemoRepo", "Operator": "EQ"}),
            ),
            json!({
                "name": "Check",
                "ruleTypeId": {"category": "Rule", "owner": "AWS", "provider": "Commands", "version": "1"},
                "commands": ["make test"],
            }),
        ] {
            let d = run(with_rule(r.clone()));
            assert_eq!(d, vec![], "{r}");
        }
    }

    #[test]
    fn each_check_fires_at_its_key() {
        let cases = [
            (rule("LambdaInvoke", json!({})), "E810", "FunctionName"),
            (
                rule("VariableCheck", json!({"Variable": "#{v.x}", "Value": "1"})),
                "E810",
                "Operator",
            ),
            (
                rule(
                    "VariableCheck",
                    json!({"Variable": "#{v.x}", "Value": "1", "Operator": "GT"}),
                ),
                "E811",
                "Operator",
            ),
            (
                rule("DeploymentWindow", json!({"Cron": "0 9 * * *"})),
                "E811",
                "Cron",
            ),
            (
                rule(
                    "DeploymentWindow",
                    json!({"Cron": "0 0 9 ? * *", "TimeZone": "Berlin time"}),
                ),
                "E811",
                "TimeZone",
            ),
            (
                rule(
                    "CloudWatchAlarm",
                    json!({"AlarmName": "a", "AlarmStates": "ALARM,FIRING"}),
                ),
                "E811",
                "AlarmStates",
            ),
            (
                rule(
                    "CloudWatchAlarm",
                    json!({"AlarmName": "a", "WaitTime": "5m"}),
                ),
                "E811",
                "WaitTime",
            ),
            (
                rule(
                    "CloudWatchAlarm",
                    json!({"AlarmName": "a", "alarmName": "b"}),
                ),
                "W801",
                "alarmName",
            ),
        ];
        for (r, code, key) in cases {
            let d = run(with_rule(r.clone()));
            let want =
                format!("/pipeline/stages/2/beforeEntry/conditions/0/rules/0/configuration/{key}");
            assert!(
                d.iter().any(|d| d.code == code && d.pointer == want),
                "expected {code} at {want} for {r}, got {d:#?}"
            );
        }
    }

    #[test]
    fn variables_are_not_judged_before_run_time() {
        let r = rule(
            "VariableCheck",
            json!({"Variable": "#{v.x}", "Value": "1", "Operator": "#{variables.Op}"}),
        );
        let mut v = with_rule(r);
        v["pipeline"]["variables"] = json!([{"name": "Op", "defaultValue": "EQ"}]);
        assert_eq!(codes(v), Vec::<&str>::new());
    }

    #[test]
    fn the_commands_rule_needs_commands_not_configuration() {
        let r = json!({
            "name": "Check",
            "ruleTypeId": {"category": "Rule", "owner": "AWS", "provider": "Commands", "version": "1"},
            "configuration": {"Commands": "make test"},
        });
        let d = run(with_rule(r));
        let got: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(got, ["E812", "W801"], "{d:#?}");
        assert!(d[1].hint.contains("`commands` list"), "{}", d[1].hint);
    }

    #[test]
    fn an_unknown_rule_type_is_named_and_its_case_suggested() {
        let d = run(with_rule(rule(
            "Cloudwatchalarm",
            json!({"AlarmName": "a"}),
        )));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].code, "W802");
        assert!(d[0].hint.contains("`CloudWatchAlarm`"), "{}", d[0].hint);
    }
}
