//! Field-level differences between two documents, as JSON pointers and human phrases.
//!
//! Lists of named nodes (stages, actions, artifacts, variables, rules, environment variables)
//! are matched by name, so inserting a stage reads as "stage added", not as every later stage
//! changed. What happens to the nodes left over is a [`Pairing`]: for `plan`, a node removed and
//! another added at the same position reads as a rename; the review of two designs pairs
//! stages and actions by content similarity instead, and names a few more lists (triggers by
//! their source action, an environment's extra stages by their stage).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::codec::Pointer;
use crate::document::Document;

/// How the service masks secret configuration values in GetPipeline.
pub const MASKED_SECRET: &str = "****";

/// The kind of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ChangeOp {
    Add,
    Remove,
    Replace,
    Rename,
    Reorder,
}

/// One difference from the remote (before) to the design (after).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub op: ChangeOp,
    /// RFC 6901 pointer into the design (into the remote document for removals).
    pub pointer: String,
    /// The node in words: "configuration key `ProjectName` of action `Build` in stage `Build`".
    pub subject: String,
    /// The whole change in words: "... changed from `a` to `b`".
    pub phrase: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "unknown"))]
    pub before: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "unknown"))]
    pub after: Option<Value>,
}

/// How the nodes of a named list that no name pairs are paired between the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pairing {
    /// A node removed and another added at the same position are one node renamed (`plan`).
    Position,
    /// Stages and actions: by content similarity ([`similarity`]); other lists as `Position`.
    Similarity,
}

/// Two nodes whose content is at least this similar are one node renamed (stages and actions,
/// under [`Pairing::Similarity`]).
pub(crate) const RENAME_SIMILARITY: f64 = 0.5;

/// A segment of the path to a node, for phrases.
#[derive(Debug, Clone)]
pub(crate) enum Seg {
    Field(String),
    Named { list: String, name: String },
    Index(usize),
}

/// Where we are in both documents.
#[derive(Debug, Clone)]
pub(crate) struct At {
    pub(crate) before: Pointer,
    pub(crate) after: Pointer,
    pub(crate) segs: Vec<Seg>,
}

impl At {
    pub(crate) fn key(&self, k: &str) -> At {
        let mut segs = self.segs.clone();
        segs.push(Seg::Field(k.to_string()));
        At {
            before: self.before.key(k),
            after: self.after.key(k),
            segs,
        }
    }

    pub(crate) fn named(&self, list: &str, name: &str, bi: Option<usize>, ai: Option<usize>) -> At {
        let mut segs = self.segs.clone();
        segs.push(Seg::Named {
            list: list.to_string(),
            name: name.to_string(),
        });
        At {
            before: bi.map_or_else(|| self.before.clone(), |i| self.before.index(i)),
            after: ai.map_or_else(|| self.after.clone(), |i| self.after.index(i)),
            segs,
        }
    }

    pub(crate) fn index(&self, i: usize) -> At {
        let mut segs = self.segs.clone();
        segs.push(Seg::Index(i));
        At {
            before: self.before.index(i),
            after: self.after.index(i),
            segs,
        }
    }
}

fn noun(list: &str) -> &str {
    match list {
        "stages" => "stage",
        "triggers" => "trigger for source action",
        "extraStages" => "extra stage",
        "environments" => "environment",
        "actions" => "action",
        "inputArtifacts" => "input artifact",
        "outputArtifacts" => "output artifact",
        "variables" => "variable",
        "rules" => "rule",
        "environmentVariables" => "environment variable",
        "tags" => "tag",
        _ => "entry",
    }
}

/// The items of a list, in words: "stages", "input artifacts".
fn plural(list: &str) -> &str {
    match list {
        "inputArtifacts" => "input artifacts",
        "outputArtifacts" => "output artifacts",
        "environmentVariables" => "environment variables",
        "extraStages" => "extra stages",
        other => other,
    }
}

/// Lists whose items are matched by their `name`.
fn is_named_list(key: &str) -> bool {
    matches!(
        key,
        "stages"
            | "actions"
            | "inputArtifacts"
            | "outputArtifacts"
            | "variables"
            | "rules"
            | "environmentVariables"
    )
}

/// "configuration key `X` of action `A` in stage `S`"; top-level fields are "pipeline setting".
pub(crate) fn subject(segs: &[Seg]) -> String {
    // Group trailing fields into a dotted path; each named node becomes "noun `name`".
    let mut parts: Vec<String> = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let flush = |fields: &mut Vec<String>, parts: &mut Vec<String>| {
        if fields.is_empty() {
            return;
        }
        let text = if fields.len() == 2 && fields[0] == "configuration" {
            format!("configuration key `{}`", fields[1])
        } else if fields.len() == 3 && fields[0] == "configuration" {
            // An environment's override: `configuration.<stage>/<action>.<key>`.
            format!(
                "configuration key `{}` of action `{}`",
                fields[2], fields[1]
            )
        } else {
            format!("`{}`", fields.join("."))
        };
        parts.push(text);
        fields.clear();
    };
    for (i, seg) in segs.iter().enumerate() {
        match seg {
            Seg::Field(k) => {
                // `stages` right before stage `X` is said by the named part.
                let list_of_next =
                    matches!(segs.get(i + 1), Some(Seg::Named { list, .. }) if list == k);
                if !list_of_next {
                    fields.push(k.clone());
                }
            }
            Seg::Index(i) => fields.push(format!("[{i}]")),
            Seg::Named { list, name } => {
                flush(&mut fields, &mut parts);
                parts.push(format!("{} `{}`", noun(list), name));
            }
        }
    }
    flush(&mut fields, &mut parts);
    if parts.is_empty() {
        return "the pipeline".into();
    }
    let top_level_field = matches!(segs.first(), Some(Seg::Field(_)))
        && !segs.iter().any(|s| matches!(s, Seg::Named { .. }));
    let mut out = String::new();
    let mut inner_is_node = false;
    for (i, part) in parts.iter().rev().enumerate() {
        if i > 0 {
            out.push_str(if inner_is_node { " in " } else { " of " });
        }
        out.push_str(part);
        inner_is_node = part.starts_with("action `") || part.starts_with("stage `");
    }
    if top_level_field {
        format!("pipeline setting {out}")
    } else {
        out
    }
}

pub(crate) fn show(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let s = if s.chars().count() > 80 {
        format!("{}…", s.chars().take(79).collect::<String>())
    } else {
        s
    };
    format!("`{s}`")
}

/// A change with the path it was found at (for the review's node and area).
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub(crate) change: Change,
    pub(crate) segs: Vec<Seg>,
}

pub(crate) struct Differ {
    pairing: Pairing,
    pub(crate) out: Vec<Found>,
}

impl Differ {
    pub(crate) fn new(pairing: Pairing) -> Differ {
        Differ {
            pairing,
            out: Vec::new(),
        }
    }

    /// The changes found, without their paths.
    fn changes(self) -> Vec<Change> {
        self.out.into_iter().map(|f| f.change).collect()
    }

    pub(crate) fn push(
        &mut self,
        op: ChangeOp,
        at: &At,
        before: Option<&Value>,
        after: Option<&Value>,
        phrase: String,
    ) {
        let pointer = if op == ChangeOp::Remove {
            at.before.as_str().to_string()
        } else {
            at.after.as_str().to_string()
        };
        self.out.push(Found {
            change: Change {
                op,
                pointer,
                subject: subject(&at.segs),
                phrase,
                before: before.cloned(),
                after: after.cloned(),
            },
            segs: at.segs.clone(),
        });
    }

    fn replaced(&mut self, at: &At, before: &Value, after: &Value) {
        let s = subject(&at.segs);
        self.push(
            ChangeOp::Replace,
            at,
            Some(before),
            Some(after),
            format!("{s} changed from {} to {}", show(before), show(after)),
        );
    }

    pub(crate) fn value(&mut self, at: &At, before: &Value, after: &Value) {
        if before == after {
            return;
        }
        match (before, after) {
            (Value::Object(b), Value::Object(a)) => self.object(at, b, a),
            (Value::Array(b), Value::Array(a)) => {
                let key = match at.segs.last() {
                    Some(Seg::Field(k)) => k.clone(),
                    _ => String::new(),
                };
                if self.is_named_list(&key) && self.all_named(&key, b) && self.all_named(&key, a) {
                    self.named_list(at, &key, b, a);
                } else if b.len() == a.len() && b.iter().chain(a).all(Value::is_object) {
                    for (i, (bv, av)) in b.iter().zip(a).enumerate() {
                        self.value(&at.index(i), bv, av);
                    }
                } else if self.pairing == Pairing::Similarity
                    && b.iter().chain(a).all(Value::is_object)
                {
                    // Conditions and other unnamed lists: item by item, then what one side has
                    // more.
                    self.unnamed_list(at, b, a);
                } else {
                    self.replaced(at, before, after);
                }
            }
            _ => self.replaced(at, before, after),
        }
    }

    fn unnamed_list(&mut self, at: &At, b: &[Value], a: &[Value]) {
        for (i, (bv, av)) in b.iter().zip(a).enumerate() {
            self.value(&at.index(i), bv, av);
        }
        for (i, bv) in b.iter().enumerate().skip(a.len()) {
            let here = at.index(i);
            let s = subject(&here.segs);
            self.push(
                ChangeOp::Remove,
                &here,
                Some(bv),
                None,
                format!("{s} removed (was {})", show(bv)),
            );
        }
        for (i, av) in a.iter().enumerate().skip(b.len()) {
            let here = at.index(i);
            let s = subject(&here.segs);
            self.push(
                ChangeOp::Add,
                &here,
                None,
                Some(av),
                format!("{s} added ({})", show(av)),
            );
        }
    }

    fn object(&mut self, at: &At, b: &Map<String, Value>, a: &Map<String, Value>) {
        for (k, bv) in b {
            let here = at.key(k);
            match a.get(k) {
                Some(av) => self.value(&here, bv, av),
                None => {
                    let s = subject(&here.segs);
                    self.push(
                        ChangeOp::Remove,
                        &here,
                        Some(bv),
                        None,
                        format!("{s} removed (was {})", show(bv)),
                    );
                }
            }
        }
        for (k, av) in a {
            if !b.contains_key(k) {
                let here = at.key(k);
                let s = subject(&here.segs);
                self.push(
                    ChangeOp::Add,
                    &here,
                    None,
                    Some(av),
                    format!("{s} added ({})", show(av)),
                );
            }
        }
    }

    /// Lists whose items are matched by a name.
    fn is_named_list(&self, key: &str) -> bool {
        is_named_list(key)
            || (self.pairing == Pairing::Similarity && matches!(key, "triggers" | "extraStages"))
    }

    /// Every item has a name; for `plan`, each a different one.
    fn all_named(&self, key: &str, items: &[Value]) -> bool {
        let mut seen = std::collections::HashSet::new();
        items.iter().all(|v| match item_name(key, v) {
            Some(name) => self.pairing == Pairing::Similarity || seen.insert(name),
            None => false,
        })
    }

    fn named_list(&mut self, at: &At, key: &str, b: &[Value], a: &[Value]) {
        let pairs = pair_items(key, b, a, self.pairing);
        let review = self.pairing == Pairing::Similarity;
        for &bi in &pairs.removed {
            let here = at.named(key, nth_name(key, b, bi), Some(bi), None);
            let s = subject(&here.segs);
            let detail = if review {
                node_detail(key, &b[bi])
            } else {
                String::new()
            };
            self.push(
                ChangeOp::Remove,
                &here,
                Some(&b[bi]),
                None,
                format!("{s} removed{detail}"),
            );
        }
        // Then the design's nodes in order: renamed, added or common.
        for (ai, paired) in pairs.after.iter().enumerate() {
            let an = nth_name(key, a, ai);
            match *paired {
                // Only lists keyed by `name` have renames; a trigger whose source action changed
                // is said by its `sourceActionName`.
                Some(bi) if nth_name(key, b, bi) != an && keyed_by_name(key) => {
                    let bn = nth_name(key, b, bi);
                    let here = at.named(key, an, Some(bi), Some(ai));
                    let s = format!("{} `{}`", noun(key), bn);
                    // The node the list is in (`actions` of stage `X` is said "in stage `X`").
                    let outer = subject(&at.segs[..at.segs.len().saturating_sub(1)]);
                    let outer = if outer == "the pipeline" || outer.starts_with("pipeline setting")
                    {
                        String::new()
                    } else {
                        format!(" in {outer}")
                    };
                    self.push(
                        ChangeOp::Rename,
                        &here.key("name"),
                        Some(&Value::String(bn.to_string())),
                        Some(&Value::String(an.to_string())),
                        format!("{s}{outer} renamed to `{an}`"),
                    );
                    let (bo, ao) = (without_name(&b[bi]), without_name(&a[ai]));
                    self.value(&here, &bo, &ao);
                }
                Some(bi) => {
                    let here = at.named(key, an, Some(bi), Some(ai));
                    self.value(&here, &b[bi], &a[ai]);
                }
                None => {
                    let here = at.named(key, an, None, Some(ai));
                    let s = subject(&here.segs);
                    let detail = if review {
                        let place = if key == "stages" {
                            match ai.checked_sub(1) {
                                Some(prev) => format!(" after `{}`", nth_name(key, a, prev)),
                                None => " as the first stage".to_string(),
                            }
                        } else {
                            String::new()
                        };
                        format!("{place}{}", node_detail(key, &a[ai]))
                    } else {
                        String::new()
                    };
                    self.push(
                        ChangeOp::Add,
                        &here,
                        None,
                        Some(&a[ai]),
                        format!("{s} added{detail}"),
                    );
                }
            }
        }
        // The common nodes in the design's order and in the other's: for `plan` those of the
        // same name, for the review every pair (by its name in the design).
        let mut common: Vec<(usize, usize)> = pairs
            .after
            .iter()
            .enumerate()
            .filter_map(|(ai, p)| p.map(|bi| (bi, ai)))
            .filter(|&(bi, ai)| review || nth_name(key, b, bi) == nth_name(key, a, ai))
            .collect();
        let common_a: Vec<&str> = common.iter().map(|&(_, ai)| nth_name(key, a, ai)).collect();
        common.sort_unstable();
        let common_b: Vec<&str> = common
            .iter()
            .map(|&(bi, ai)| {
                if review {
                    nth_name(key, a, ai)
                } else {
                    nth_name(key, b, bi)
                }
            })
            .collect();
        if common_b != common_a {
            let s = if review {
                let outer = subject(&at.segs[..at.segs.len().saturating_sub(1)]);
                if outer == "the pipeline" {
                    plural(key).to_string()
                } else {
                    format!("{} of {outer}", plural(key))
                }
            } else {
                subject(&at.segs)
            };
            let note = if review && key == "actions" {
                " (file order only: actions run by their runOrder)"
            } else {
                ""
            };
            self.push(
                ChangeOp::Reorder,
                at,
                Some(&Value::from(common_b.clone())),
                Some(&Value::from(common_a.clone())),
                format!(
                    "{s} reordered: {} (was {}){note}",
                    common_a.join(", "),
                    common_b.join(", ")
                ),
            );
        }
    }
}

/// What the review says of a stage or action added or removed: its actions, or its type.
fn node_detail(key: &str, v: &Value) -> String {
    let kind = |a: &Value| {
        let t = &a["actionTypeId"];
        format!(
            "{}, {}",
            t["category"].as_str().unwrap_or("?"),
            t["provider"].as_str().unwrap_or("?")
        )
    };
    match key {
        "stages" => {
            let actions: Vec<String> = v["actions"]
                .as_array()
                .map(|l| {
                    l.iter()
                        .map(|a| format!("`{}` ({})", name_of(a), kind(a)))
                        .collect()
                })
                .unwrap_or_default();
            format!(
                " with {} action{}{}{}",
                actions.len(),
                if actions.len() == 1 { "" } else { "s" },
                if actions.is_empty() { "" } else { ": " },
                actions.join(", ")
            )
        }
        "actions" => format!(" ({})", kind(v)),
        _ => String::new(),
    }
}

/// The pairs of a named list: for each node of the design (after), the node of the other side
/// (before) it is, and the other side's nodes no node is (removed).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pairs {
    pub(crate) after: Vec<Option<usize>>,
    pub(crate) removed: Vec<usize>,
}

/// Pair the nodes of a list: first by name (the first unpaired node of that name), then the rest
/// by `pairing` (content similarity for stages and actions, else position).
pub(crate) fn pair_items(key: &str, b: &[Value], a: &[Value], pairing: Pairing) -> Pairs {
    let bn: Vec<Option<&str>> = b.iter().map(|v| item_name(key, v)).collect();
    let mut after: Vec<Option<usize>> = vec![None; a.len()];
    let mut used = vec![false; b.len()];
    for (ai, v) in a.iter().enumerate() {
        let Some(name) = item_name(key, v) else {
            continue;
        };
        if let Some(bi) = (0..b.len()).find(|&bi| !used[bi] && bn[bi] == Some(name)) {
            after[ai] = Some(bi);
            used[bi] = true;
        }
    }
    if pairing == Pairing::Similarity && matches!(key, "stages" | "actions") {
        let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
        for (ai, av) in a.iter().enumerate().filter(|(ai, _)| after[*ai].is_none()) {
            for (bi, bv) in b.iter().enumerate().filter(|(bi, _)| !used[*bi]) {
                let score = similarity(key, bv, av);
                if score >= RENAME_SIMILARITY {
                    candidates.push((score, bi, ai));
                }
            }
        }
        // Most similar first; equally similar: the nearer positions, then the earlier nodes.
        candidates.sort_by(|x, y| {
            y.0.total_cmp(&x.0)
                .then(x.1.abs_diff(x.2).cmp(&y.1.abs_diff(y.2)))
                .then(x.2.cmp(&y.2))
                .then(x.1.cmp(&y.1))
        });
        for (_, bi, ai) in candidates {
            if after[ai].is_none() && !used[bi] {
                after[ai] = Some(bi);
                used[bi] = true;
            }
        }
    } else {
        for ai in 0..a.len() {
            if after[ai].is_none() && ai < b.len() && !used[ai] {
                after[ai] = Some(ai);
                used[ai] = true;
            }
        }
    }
    let removed = (0..b.len()).filter(|&bi| !used[bi]).collect();
    Pairs { after, removed }
}

/// How alike two stages or two actions are, from 0 to 1: the Jaccard index of their facts (every
/// leaf value with its path; the node's own name and list positions left out). Actions of
/// different types (category, owner, provider) are not alike at all.
pub(crate) fn similarity(key: &str, b: &Value, a: &Value) -> f64 {
    if key == "actions"
        && ["category", "owner", "provider"]
            .iter()
            .any(|k| b["actionTypeId"][k] != a["actionTypeId"][k])
    {
        return 0.0;
    }
    let (fb, fa) = (facts(b), facts(a));
    let union = fb.union(&fa).count();
    if union == 0 {
        return 0.0;
    }
    fb.intersection(&fa).count() as f64 / union as f64
}

/// `path=value` for every leaf of a node except its own name; list positions left out.
fn facts(v: &Value) -> std::collections::HashSet<String> {
    fn walk(path: &str, v: &Value, out: &mut std::collections::HashSet<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    walk(&format!("{path}.{k}"), x, out);
                }
            }
            Value::Array(items) => {
                for x in items {
                    walk(path, x, out);
                }
            }
            leaf => {
                out.insert(format!("{path}={leaf}"));
            }
        }
    }
    let mut out = std::collections::HashSet::new();
    if let Value::Object(m) = v {
        for (k, x) in m.iter().filter(|(k, _)| k.as_str() != "name") {
            walk(k, x, &mut out);
        }
    }
    out
}

/// Lists whose items' `name` is their name (renames are said for these).
fn keyed_by_name(key: &str) -> bool {
    key != "triggers" && key != "extraStages"
}

/// The name of a list item: its `name`, a trigger's source action, an extra stage's stage name.
pub(crate) fn item_name<'v>(key: &str, v: &'v Value) -> Option<&'v str> {
    match key {
        "triggers" => v["gitConfiguration"]["sourceActionName"].as_str(),
        "extraStages" => v["stage"]["name"].as_str(),
        _ => v.get("name").and_then(Value::as_str),
    }
}

fn nth_name<'v>(key: &str, items: &'v [Value], i: usize) -> &'v str {
    item_name(key, &items[i]).unwrap_or_default()
}

fn name_of(v: &Value) -> &str {
    v.get("name").and_then(Value::as_str).unwrap_or_default()
}

fn without_name(v: &Value) -> Value {
    let mut v = v.clone();
    if let Value::Object(m) = &mut v {
        m.remove("name");
    }
    v
}

/// The declaration as compared: no `version`, service defaults filled in.
pub fn normalized_pipeline(doc: &Document) -> Value {
    let mut v = serde_json::to_value(&doc.pipeline).unwrap_or(Value::Null);
    if let Value::Object(p) = &mut v {
        p.remove("version");
        p.entry("pipelineType")
            .or_insert_with(|| Value::String("V1".into()));
        p.entry("executionMode")
            .or_insert_with(|| Value::String("SUPERSEDED".into()));
        if let Some(Value::Array(stages)) = p.get_mut("stages") {
            for stage in stages {
                if let Some(Value::Array(actions)) = stage.get_mut("actions") {
                    for action in actions {
                        if let Value::Object(a) = action {
                            a.entry("runOrder").or_insert_with(|| Value::from(1));
                            for k in ["inputArtifacts", "outputArtifacts"] {
                                a.entry(k).or_insert_with(|| Value::Array(Vec::new()));
                            }
                            a.entry("configuration")
                                .or_insert_with(|| Value::Object(Map::new()));
                        }
                    }
                }
            }
        }
    }
    v
}

/// Put the local value of every secret the remote masks into the remote copy, so a masked
/// secret matches whatever the design holds.
fn unmask(remote: &mut Value, local: &Value) {
    let Some(ls) = local.get("stages").and_then(Value::as_array) else {
        return;
    };
    let Some(Value::Array(rs)) = remote.get_mut("stages") else {
        return;
    };
    for rstage in rs.iter_mut() {
        let stage_name = name_of(rstage).to_string();
        let Some(lstage) = ls.iter().find(|s| name_of(s) == stage_name) else {
            continue;
        };
        let Some(Value::Array(ractions)) = rstage.get_mut("actions") else {
            continue;
        };
        for raction in ractions.iter_mut() {
            let action_name = name_of(raction).to_string();
            let lconf = lstage
                .get("actions")
                .and_then(Value::as_array)
                .and_then(|la| la.iter().find(|a| name_of(a) == action_name))
                .and_then(|a| a.get("configuration"))
                .and_then(Value::as_object);
            let Some(lconf) = lconf else { continue };
            let Some(Value::Object(rconf)) = raction.get_mut("configuration") else {
                continue;
            };
            for (k, v) in rconf.iter_mut() {
                if v.as_str() == Some(MASKED_SECRET) {
                    if let Some(lv) = lconf.get(k) {
                        *v = lv.clone();
                    }
                }
            }
        }
    }
}

pub(crate) fn tag_map(doc: &Document) -> Option<Map<String, Value>> {
    doc.tags.as_ref().map(|tags| {
        tags.iter()
            .map(|t| (t.key.clone(), Value::String(t.value.clone())))
            .collect()
    })
}

/// Every difference from `remote` (before) to `local` (after): the declaration without
/// `version`, and the tags when the local design lists them.
pub fn diff_documents(remote: &Document, local: &Document) -> Vec<Change> {
    let mut before = normalized_pipeline(remote);
    let after = normalized_pipeline(local);
    unmask(&mut before, &after);
    let mut d = Differ::new(Pairing::Position);
    let root = At {
        before: Pointer::root().key("pipeline"),
        after: Pointer::root().key("pipeline"),
        segs: Vec::new(),
    };
    d.value(&root, &before, &after);
    if let Some(local_tags) = tag_map(local) {
        let remote_tags = tag_map(remote).unwrap_or_default();
        tags(&mut d, local, remote, &remote_tags, &local_tags);
    }
    d.changes()
}

pub(crate) fn tags(
    d: &mut Differ,
    local: &Document,
    remote: &Document,
    before: &Map<String, Value>,
    after: &Map<String, Value>,
) {
    let index = |doc: &Document, key: &str| {
        doc.tags
            .as_ref()
            .and_then(|t| t.iter().position(|t| t.key == key))
    };
    for (k, bv) in before {
        let at = At {
            before: index(remote, k).map_or_else(
                || Pointer::root().key("tags"),
                |i| Pointer::root().key("tags").index(i),
            ),
            after: index(local, k).map_or_else(
                || Pointer::root().key("tags"),
                |i| Pointer::root().key("tags").index(i),
            ),
            segs: vec![Seg::Named {
                list: "tags".into(),
                name: k.clone(),
            }],
        };
        match after.get(k) {
            None => d.push(
                ChangeOp::Remove,
                &at,
                Some(bv),
                None,
                format!("tag `{k}` removed (was {})", show(bv)),
            ),
            Some(av) if av != bv => d.push(
                ChangeOp::Replace,
                &at.key("value"),
                Some(bv),
                Some(av),
                format!("tag `{k}` changed from {} to {}", show(bv), show(av)),
            ),
            Some(_) => {}
        }
    }
    for (k, av) in after {
        if !before.contains_key(k) {
            let at = At {
                before: Pointer::root().key("tags"),
                after: index(local, k).map_or_else(
                    || Pointer::root().key("tags"),
                    |i| Pointer::root().key("tags").index(i),
                ),
                segs: vec![Seg::Named {
                    list: "tags".into(),
                    name: k.clone(),
                }],
            };
            d.push(
                ChangeOp::Add,
                &at,
                None,
                Some(av),
                format!("tag `{k}` added ({})", show(av)),
            );
        }
    }
}

/// The changes of a pipeline that does not exist yet: its stages, in words.
pub(crate) fn creation(local: &Document) -> Vec<Change> {
    let mut out = Vec::new();
    for (si, stage) in local.pipeline.stages.iter().enumerate() {
        let actions: Vec<&str> = stage.actions.iter().map(|a| a.name.as_str()).collect();
        out.push(Change {
            op: ChangeOp::Add,
            pointer: Pointer::root()
                .key("pipeline")
                .key("stages")
                .index(si)
                .to_string(),
            subject: format!("stage `{}`", stage.name),
            phrase: format!(
                "stage `{}` added with {} action{}: {}",
                stage.name,
                actions.len(),
                if actions.len() == 1 { "" } else { "s" },
                actions.join(", ")
            ),
            before: None,
            after: None,
        });
    }
    out
}
