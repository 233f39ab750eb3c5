//! Variable references (`W007`): `#{Namespace.Variable}` in configuration values and
//! environment variables must name a namespace an upstream action declares, `codepipeline`
//! (execution variables) or `variables` (pipeline-level variables, declared in `variables`).
//!
//! Source: Variables reference
//! (<https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-variables.html>):
//! "an action can only reference variables of actions that run before it" and pipeline-level
//! variables use the `variables` namespace.

use std::sync::LazyLock;

use regex::Regex;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{action_count, action_ptr, fast_map, Out};
use crate::model::Pipeline;

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"#\{([A-Za-z0-9@_-]+)\.([A-Za-z0-9@_.-]+)\}").expect("pattern compiles")
});

pub(super) fn check(p: &Pipeline, out: &mut Out) {
    references_resolve(p, out);
}

/// W007. A reference to a namespace no upstream action declares, or to an undeclared
/// pipeline-level variable. A warning: the service resolves variables at run time and fails
/// the action then.
fn references_resolve(p: &Pipeline, out: &mut Out) {
    let declared: FxHashSet<&str> = p
        .variables
        .iter()
        .flatten()
        .map(|v| v.name.as_str())
        .collect();
    // Namespaces of earlier stages; within a stage, the lowest run order declaring each.
    let mut where_declared: FxHashMap<&str, (usize, i64)> = fast_map(action_count(p));
    for (si, _, a) in p.actions() {
        if let Some(ns) = a.namespace.as_deref() {
            where_declared
                .entry(ns)
                .or_insert((si, a.effective_run_order()));
        }
    }
    let hint = "Set `namespace` on the action that produces the variable and run it earlier (an earlier stage, or a lower runOrder); declare pipeline variables under `variables`.";
    for (si, ai, a) in p.actions() {
        let run_order = a.effective_run_order();
        let problems = |value: &str| -> Vec<String> {
            // By bytes: `str::contains` sets up a substring searcher, costlier than these
            // short values.
            if !value.as_bytes().windows(2).any(|w| w == b"#{") {
                return Vec::new();
            }
            REFERENCE
                .captures_iter(value)
                .filter_map(|c| {
                    let (ns, var) = (&c[1], &c[2]);
                    match ns {
                        "codepipeline" => None,
                        "variables" if declared.contains(var) => None,
                        "variables" => Some(format!(
                            "`#{{variables.{var}}}` names a pipeline variable that `variables` does not declare"
                        )),
                        _ => match where_declared.get(ns) {
                            None => Some(format!(
                                "`#{{{ns}.{var}}}` uses namespace `{ns}`, which no action declares"
                            )),
                            Some(&(dsi, dro)) if dsi > si || (dsi == si && dro >= run_order) => {
                                Some(format!(
                                    "`#{{{ns}.{var}}}` uses namespace `{ns}`, whose action does not run before action `{}`",
                                    a.name
                                ))
                            }
                            Some(_) => None,
                        },
                    }
                })
                .collect()
        };
        for (k, v) in a.configuration.iter().flatten() {
            for message in problems(v) {
                out.emit(
                    "W007",
                    &action_ptr(si, ai).key("configuration").key(k),
                    message,
                    hint,
                );
            }
        }
        for (i, e) in a.environment_variables.iter().flatten().enumerate() {
            for message in problems(&e.value) {
                let at = action_ptr(si, ai)
                    .key("environmentVariables")
                    .index(i)
                    .key("value");
                out.emit("W007", &at, message, hint);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::validate::testing::{base, codes, rule_cases, run};

    rule_cases! {
        w007_references_resolve: "W007",
    }

    #[test]
    fn variable_references_must_resolve_upstream() {
        let mut v = base();
        v["pipeline"]["stages"][0]["actions"][0]["namespace"] = json!("SourceVariables");
        v["pipeline"]["stages"][1]["actions"][0]["configuration"]["EnvironmentVariables"] =
            json!(r##"[{"name":"C","value":"#{SourceVariables.CommitId}","type":"PLAINTEXT"}]"##);
        assert_eq!(codes(v.clone()), Vec::<&str>::new());
        // The namespace of a later action.
        v["pipeline"]["stages"][2]["actions"][1]["namespace"] = json!("DeployVars");
        v["pipeline"]["stages"][2]["actions"][0]["configuration"] =
            json!({"CustomData": "#{DeployVars.Id} #{codepipeline.PipelineExecutionId}"});
        let d = run(v.clone());
        assert_eq!(
            d.iter().map(|d| d.code).collect::<Vec<_>>(),
            vec!["W007"],
            "{d:#?}"
        );
        assert_eq!(
            d[0].pointer,
            "/pipeline/stages/2/actions/0/configuration/CustomData"
        );
        // An undeclared pipeline variable.
        v["pipeline"]["stages"][2]["actions"][0]["configuration"] =
            json!({"CustomData": "#{variables.Env}"});
        assert_eq!(codes(v.clone()), vec!["W007"]);
        v["pipeline"]["variables"] = json!([{"name": "Env"}]);
        assert_eq!(codes(v), Vec::<&str>::new());
    }
}
