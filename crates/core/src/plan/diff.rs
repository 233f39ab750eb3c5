//! Field-level differences between two documents, as JSON pointers and human phrases.
//!
//! Lists of named nodes (stages, actions, artifacts, variables, rules, environment variables)
//! are matched by name, so inserting a stage reads as "stage added", not as every later stage
//! changed. A node removed and another added at the same position reads as a rename.

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

/// A segment of the path to a node, for phrases.
#[derive(Debug, Clone)]
enum Seg {
    Field(String),
    Named { list: String, name: String },
    Index(usize),
}

/// Where we are in both documents.
#[derive(Debug, Clone)]
struct At {
    before: Pointer,
    after: Pointer,
    segs: Vec<Seg>,
}

impl At {
    fn key(&self, k: &str) -> At {
        let mut segs = self.segs.clone();
        segs.push(Seg::Field(k.to_string()));
        At {
            before: self.before.key(k),
            after: self.after.key(k),
            segs,
        }
    }

    fn named(&self, list: &str, name: &str, bi: Option<usize>, ai: Option<usize>) -> At {
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

    fn index(&self, i: usize) -> At {
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
fn subject(segs: &[Seg]) -> String {
    // Group trailing fields into a dotted path; each named node becomes "noun `name`".
    let mut parts: Vec<String> = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let flush = |fields: &mut Vec<String>, parts: &mut Vec<String>| {
        if fields.is_empty() {
            return;
        }
        let text = if fields.len() == 2 && fields[0] == "configuration" {
            format!("configuration key `{}`", fields[1])
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

fn show(v: &Value) -> String {
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

struct Differ {
    out: Vec<Change>,
}

impl Differ {
    fn push(
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
        self.out.push(Change {
            op,
            pointer,
            subject: subject(&at.segs),
            phrase,
            before: before.cloned(),
            after: after.cloned(),
        });
    }

    fn value(&mut self, at: &At, before: &Value, after: &Value) {
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
                if is_named_list(&key) && all_named(b) && all_named(a) {
                    self.named_list(at, &key, b, a);
                } else if b.len() == a.len() && b.iter().chain(a).all(Value::is_object) {
                    for (i, (bv, av)) in b.iter().zip(a).enumerate() {
                        self.value(&at.index(i), bv, av);
                    }
                } else {
                    let s = subject(&at.segs);
                    self.push(
                        ChangeOp::Replace,
                        at,
                        Some(before),
                        Some(after),
                        format!("{s} changed from {} to {}", show(before), show(after)),
                    );
                }
            }
            _ => {
                let s = subject(&at.segs);
                self.push(
                    ChangeOp::Replace,
                    at,
                    Some(before),
                    Some(after),
                    format!("{s} changed from {} to {}", show(before), show(after)),
                );
            }
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

    fn named_list(&mut self, at: &At, key: &str, b: &[Value], a: &[Value]) {
        let bn: Vec<&str> = b.iter().map(name_of).collect();
        let an: Vec<&str> = a.iter().map(name_of).collect();
        let removed: Vec<usize> = (0..b.len()).filter(|&i| !an.contains(&bn[i])).collect();
        let added: Vec<usize> = (0..a.len()).filter(|&i| !bn.contains(&an[i])).collect();
        // A node removed and another added at the same position: a rename.
        let mut renames: Vec<(usize, usize)> = Vec::new();
        for &ri in &removed {
            if let Some(&ai) = added.iter().find(|&&ai| ai == ri) {
                renames.push((ri, ai));
            }
        }
        let renamed_b: Vec<usize> = renames.iter().map(|r| r.0).collect();
        for &bi in &removed {
            if renamed_b.contains(&bi) {
                continue;
            }
            let here = at.named(key, bn[bi], Some(bi), None);
            let s = subject(&here.segs);
            self.push(
                ChangeOp::Remove,
                &here,
                Some(&b[bi]),
                None,
                format!("{s} removed"),
            );
        }
        // Then the design's nodes in order: renamed, added or common.
        for (ai, name) in an.iter().enumerate() {
            if let Some(&(bi, _)) = renames.iter().find(|r| r.1 == ai) {
                let here = at.named(key, name, Some(bi), Some(ai));
                let s = format!("{} `{}`", noun(key), bn[bi]);
                let outer = subject(&at.segs);
                let outer = if outer == "the pipeline" || outer.starts_with("pipeline setting") {
                    String::new()
                } else {
                    format!(" in {outer}")
                };
                self.push(
                    ChangeOp::Rename,
                    &here.key("name"),
                    Some(&Value::String(bn[bi].to_string())),
                    Some(&Value::String(name.to_string())),
                    format!("{s}{outer} renamed to `{name}`"),
                );
                let (bo, ao) = (without_name(&b[bi]), without_name(&a[ai]));
                self.value(&here, &bo, &ao);
            } else if let Some(bi) = bn.iter().position(|n| n == name) {
                let here = at.named(key, name, Some(bi), Some(ai));
                self.value(&here, &b[bi], &a[ai]);
            } else {
                let here = at.named(key, name, None, Some(ai));
                let s = subject(&here.segs);
                self.push(
                    ChangeOp::Add,
                    &here,
                    None,
                    Some(&a[ai]),
                    format!("{s} added"),
                );
            }
        }
        let common_b: Vec<&str> = bn.iter().copied().filter(|n| an.contains(n)).collect();
        let common_a: Vec<&str> = an.iter().copied().filter(|n| bn.contains(n)).collect();
        if common_b != common_a {
            let s = subject(&at.segs);
            self.push(
                ChangeOp::Reorder,
                at,
                Some(&Value::from(common_b.clone())),
                Some(&Value::from(common_a.clone())),
                format!(
                    "{s} reordered: {} (was {})",
                    common_a.join(", "),
                    common_b.join(", ")
                ),
            );
        }
    }
}

fn all_named(items: &[Value]) -> bool {
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .all(|v| v.get("name").and_then(Value::as_str).is_some() && seen.insert(name_of(v)))
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

fn tag_map(doc: &Document) -> Option<Map<String, Value>> {
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
    let mut d = Differ { out: Vec::new() };
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
    d.out
}

fn tags(
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
