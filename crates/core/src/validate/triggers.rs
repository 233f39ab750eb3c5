//! V2 triggers (`E7xx`): provider, which source action, one per action, filter counts and
//! glob pattern lists.
//!
//! Sources: API model (`PipelineTriggerDeclaration`, `GitConfiguration`, `GitPushFilter`,
//! `GitPullRequestFilter`, `GitBranchFilterCriteria` / `GitTagFilterCriteria` /
//! `GitFilePathFilterCriteria`) and the filter guide
//! (<https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-filter.html>).

use rustc_hash::FxHashMap;

use super::{len, pipeline_ptr, Out};
use crate::codec::Pointer;
use crate::model::{FilterCriteria, Pipeline};

pub(super) fn check(p: &Pipeline, out: &mut Out) {
    provider_type(p, out);
    source_action_exists(p, out);
    one_trigger_per_action(p, out);
    filter_counts(p, out);
    pattern_lists(p, out);
    trigger_count(p, out);
}

fn trigger_ptr(i: usize) -> Pointer {
    pipeline_ptr().key("triggers").index(i)
}

/// E701. "PipelineTriggerProviderType: enum [CodeStarSourceConnection]" (API model).
fn provider_type(p: &Pipeline, out: &mut Out) {
    for (i, t) in p.triggers.iter().flatten().enumerate() {
        if !t.provider_type.is_empty() && t.provider_type != "CodeStarSourceConnection" {
            out.emit(
                "E701",
                &trigger_ptr(i).key("providerType"),
                format!("trigger provider `{}` is not supported", t.provider_type),
                "Set `providerType` to `CodeStarSourceConnection`: triggers work only with connection sources.",
            );
        }
    }
}

/// E702. "sourceActionName: the name of the pipeline source action where the trigger
/// configuration, such as Git tags, is specified" (API model, `GitConfiguration`); triggers are
/// for CodeStarSourceConnection source actions (filter guide).
fn source_action_exists(p: &Pipeline, out: &mut Out) {
    let Some(first) = p.stages.first() else {
        return;
    };
    for (i, t) in p.triggers.iter().flatten().enumerate() {
        let name = &t.git_configuration.source_action_name;
        if name.is_empty() {
            continue;
        }
        let action = first.actions.iter().find(|a| &a.name == name);
        let problem = match action {
            None => format!("trigger names source action `{name}`, which is not an action of the first stage"),
            Some(a) if a.action_type_id.provider != "CodeStarSourceConnection" || a.action_type_id.category != "Source" => format!(
                "trigger names action `{name}`, a {}/{} action; triggers work only with CodeStarSourceConnection source actions",
                a.action_type_id.category, a.action_type_id.provider
            ),
            Some(_) => continue,
        };
        out.emit(
            "E702",
            &trigger_ptr(i).key("gitConfiguration").key("sourceActionName"),
            problem,
            "Name a CodeStarSourceConnection action of the source stage (names are case-sensitive).",
        );
    }
}

/// E703. "You can only specify one trigger configuration per source action" (API model,
/// `PipelineDeclaration.triggers` / filter guide).
fn one_trigger_per_action(p: &Pipeline, out: &mut Out) {
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, t) in p.triggers.iter().flatten().enumerate() {
        let name = t.git_configuration.source_action_name.as_str();
        if name.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(name) {
            out.emit(
                "E703",
                &trigger_ptr(i).key("gitConfiguration").key("sourceActionName"),
                format!("source action `{name}` already has a trigger (trigger {})", first + 1),
                "Merge the two triggers: one trigger per source action, with up to 3 push and 3 pull request filters.",
            );
        } else {
            seen.insert(name, i);
        }
    }
}

/// E704. "GitPushFilterList: min 1, max 3; GitPullRequestFilterList: min 1, max 3" (API model).
fn filter_counts(p: &Pipeline, out: &mut Out) {
    for (i, t) in p.triggers.iter().flatten().enumerate() {
        let g = &t.git_configuration;
        for (key, n) in [
            ("push", g.push.as_ref().map(Vec::len)),
            ("pullRequest", g.pull_request.as_ref().map(Vec::len)),
        ] {
            if let Some(n) = n.filter(|n| !(1..=3).contains(n)) {
                out.emit(
                    "E704",
                    &trigger_ptr(i).key("gitConfiguration").key(key),
                    format!("`{key}` has {n} filters; 1 to 3 are allowed"),
                    format!("Keep 1 to 3 `{key}` filters, or remove `{key}`."),
                );
            }
        }
    }
}

/// E705. "includes / excludes: GitBranchPatternList, GitTagPatternList, GitFilePathPatternList:
/// min 1, max 8; each pattern min 1, max 255" (API model).
fn pattern_lists(p: &Pipeline, out: &mut Out) {
    for (i, t) in p.triggers.iter().flatten().enumerate() {
        let g = &t.git_configuration;
        let gp = trigger_ptr(i).key("gitConfiguration");
        let mut criteria: Vec<(Pointer, &FilterCriteria)> = Vec::new();
        for (fi, f) in g.push.iter().flatten().enumerate() {
            let at = gp.key("push").index(fi);
            for (k, c) in [
                ("tags", &f.tags),
                ("branches", &f.branches),
                ("filePaths", &f.file_paths),
            ] {
                if let Some(c) = c {
                    criteria.push((at.key(k), c));
                }
            }
        }
        for (fi, f) in g.pull_request.iter().flatten().enumerate() {
            let at = gp.key("pullRequest").index(fi);
            for (k, c) in [("branches", &f.branches), ("filePaths", &f.file_paths)] {
                if let Some(c) = c {
                    criteria.push((at.key(k), c));
                }
            }
        }
        for (at, c) in criteria {
            for (k, list) in [("includes", &c.includes), ("excludes", &c.excludes)] {
                let Some(list) = list else { continue };
                if !(1..=8).contains(&list.len()) {
                    out.emit(
                        "E705",
                        &at.key(k),
                        format!("`{k}` has {} patterns; 1 to 8 are allowed", list.len()),
                        format!("Keep 1 to 8 glob patterns, or remove `{k}`."),
                    );
                }
                for (pi, pat) in list.iter().enumerate() {
                    if !(1..=255).contains(&len(pat)) {
                        out.emit(
                            "E705",
                            &at.key(k).index(pi),
                            "a filter pattern must be 1 to 255 characters",
                            "Use a glob such as `main`, `release/**` or `src/**/*.ts`.",
                        );
                    }
                }
            }
        }
    }
}

/// E706. "PipelineTriggerDeclarationList: max 50" (API model, `PipelineDeclaration.triggers`).
fn trigger_count(p: &Pipeline, out: &mut Out) {
    let n = p.triggers.as_ref().map_or(0, Vec::len);
    if n > 50 {
        out.emit(
            "E706",
            &pipeline_ptr().key("triggers"),
            format!("the pipeline has {n} triggers; at most 50 are allowed"),
            "Remove triggers until at most 50 remain.",
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::validate::testing::{base, rule_cases, run};

    rule_cases! {
        e701_provider_type: "E701",
        e702_source_action_exists: "E702",
        e703_one_trigger_per_action: "E703",
        e704_filter_counts: "E704",
        e705_pattern_lists: "E705",
    }

    /// E706 cannot be the only error: 51 triggers need 51 source actions (E202: at most 50 per
    /// stage) or a repeated source action (E703).
    #[test]
    fn more_than_fifty_triggers_is_e706() {
        let mut v = base();
        let trigger = json!({
            "providerType": "CodeStarSourceConnection",
            "gitConfiguration": {"sourceActionName": "Src", "push": [{"branches": {"includes": ["main"]}}]}
        });
        v["pipeline"]["triggers"] = Value::Array(vec![trigger; 51]);
        let d = run(v);
        let e706: Vec<_> = d.iter().filter(|d| d.code == "E706").collect();
        assert_eq!(e706.len(), 1, "{d:#?}");
        assert_eq!(e706[0].pointer, "/pipeline/triggers");
        assert_eq!(d.iter().filter(|d| d.code == "E703").count(), 50);
    }
}
