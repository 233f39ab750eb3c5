//! Reviews: what changed between two designs of a pipeline, for people reading a pull request.
//! `pipewright diff` prints it as text, Markdown or an SVG picture (drawn by the picture module);
//! the app marks it on the canvas. Pure: the callers read the two sides (files, `git show`,
//! directories) and pass them in.
//!
//! Built on the field-level diff of `plan` (`plan/diff.rs`), with its phrases and pointers, and
//! with these rules:
//!
//! - Compared: the declaration (`pipeline`, without `version`; service defaults count as
//!   written, as in `plan`), the tags, and the environments (`pipewright.environments`). Not
//!   compared: `metadata`, and the rest of the `pipewright` section (canvas positions, notes,
//!   the sync record).
//! - Stages and actions are paired by name first. A stage or an action no name pairs is the same
//!   node renamed when its content is similar enough: the Jaccard index of the two nodes' facts
//!   (every leaf value with its path, the node's own name and list positions left out) is at
//!   least 0.5, and for actions the action type (category, owner, provider) is the same. The
//!   most similar pairs are taken first (equally similar: the nearer positions, then the earlier
//!   nodes); every node is in one pair at most; the rest are added or removed.
//! - Other named lists (artifacts, variables, rules, environment variables) pair by name, then a
//!   node removed and another added at the same position are one node renamed. Triggers pair by
//!   their source action, an environment's extra stages by their stage's name.
//! - A list whose nodes are all paired but in another order is said as a reorder ("stages
//!   reordered: ..."); in the picture, the stages outside the longest run kept in order are
//!   marked moved. Actions run by their `runOrder`, so their order in the file changes nothing
//!   when the pipeline runs, and the reorder says so. A review whose only changes are reorders is
//!   "order only".
//! - Two files are compared whatever their pipelines are called; two directories pair their
//!   designs by pipeline name, then by file name (a pipeline renamed in its own file).

mod markdown;
mod text;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::codec::Pointer;
use crate::document::Document;
use crate::plan::diff::{
    self, item_name, normalized_pipeline, pair_items, tag_map, At, Differ, Found, Pairing, Seg,
};
use crate::plan::{Change, ChangeOp};

/// What happened to a stage or an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    Unchanged,
    Added,
    Removed,
    /// Paired with a node of another name (it may also have changed).
    Renamed,
    /// Something in it changed.
    Changed,
    /// Only its place in the order changed (stages).
    Moved,
}

impl Mark {
    pub fn label(self) -> &'static str {
        match self {
            Mark::Unchanged => "unchanged",
            Mark::Added => "added",
            Mark::Removed => "removed",
            Mark::Renamed => "renamed",
            Mark::Changed => "changed",
            Mark::Moved => "moved",
        }
    }
}

/// What a change is about, for grouping and icons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Area {
    /// A pipeline setting (name, role, type, execution mode, unknown fields).
    Pipeline,
    Stage,
    Action,
    /// An action's configuration, commands or environment variables.
    Configuration,
    /// Input and output artifacts, the artifact stores.
    Artifact,
    Trigger,
    /// `beforeEntry`, `onSuccess` and `onFailure` conditions and their rules.
    Condition,
    Variable,
    Environment,
    Tag,
}

/// One change between the two sides, in words, with the node of the picture it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ReviewChange {
    pub op: ChangeOp,
    pub area: Area,
    /// The node in words: "configuration key `ProjectName` of action `Build` in stage `Build`".
    pub subject: String,
    /// The whole change in words.
    pub phrase: String,
    /// RFC 6901 pointer into the newer side (into the older one for removals).
    pub pointer: String,
    /// The stage of the picture ([`StageView::name`]) the change is in, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub stage: Option<String>,
    /// The action of that stage ([`ActionView::name`]) the change is in, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "unknown"))]
    pub before: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "unknown"))]
    pub after: Option<Value>,
}

/// An action of the picture: the newer side's, or a removed one where it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ActionView {
    pub name: String,
    /// The older name of a renamed action.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub before_name: Option<String>,
    pub mark: Mark,
    pub category: String,
    pub owner: String,
    pub provider: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub run_order: i64,
    pub input_artifacts: Vec<String>,
    pub output_artifacts: Vec<String>,
}

/// A stage of the picture: the newer side's stages in order, removed ones where they were.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StageView {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub before_name: Option<String>,
    pub mark: Mark,
    pub actions: Vec<ActionView>,
}

/// How many stages or actions each mark has.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MarkCounts {
    pub added: usize,
    pub removed: usize,
    pub renamed: usize,
    pub changed: usize,
    pub moved: usize,
}

impl MarkCounts {
    fn count(&mut self, mark: Mark) {
        match mark {
            Mark::Added => self.added += 1,
            Mark::Removed => self.removed += 1,
            Mark::Renamed => self.renamed += 1,
            Mark::Changed => self.changed += 1,
            Mark::Moved => self.moved += 1,
            Mark::Unchanged => {}
        }
    }

    /// `["1 stage added", "2 stages moved"]`.
    fn words(&self, noun: &str) -> Vec<String> {
        [
            (self.added, "added"),
            (self.removed, "removed"),
            (self.renamed, "renamed"),
            (self.changed, "changed"),
            (self.moved, "moved"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{} {what}", count(*n, noun)))
        .collect()
    }
}

/// Whether the pipeline is new, gone, changed or the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    Added,
    Removed,
    Changed,
    Unchanged,
}

/// The review of one pipeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Review {
    /// The pipeline's name (on the newer side, if it has one).
    pub name: String,
    /// Where the older side came from (a path, `REV:path`); absent for a new pipeline.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub before: Option<String>,
    /// Where the newer side came from; absent for a removed pipeline.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub after: Option<String>,
    pub status: ReviewStatus,
    pub changes: Vec<ReviewChange>,
    /// The picture: both sides' stages and actions, each marked.
    pub stages: Vec<StageView>,
    pub stage_marks: MarkCounts,
    pub action_marks: MarkCounts,
    /// Every change is a reorder.
    pub order_only: bool,
}

impl Review {
    pub fn has_changes(&self) -> bool {
        self.status != ReviewStatus::Unchanged
    }

    /// "1 stage added, 1 action renamed" (or "order only: 2 stages moved", "no changes").
    pub fn summary(&self) -> String {
        let mut parts = self.stage_marks.words("stage");
        parts.extend(self.action_marks.words("action"));
        let others = self
            .changes
            .iter()
            .filter(|c| c.stage.is_none() && c.op != ChangeOp::Reorder)
            .count();
        if others > 0 {
            parts.push(format!(
                "{} {}",
                others,
                other_words(others, parts.is_empty())
            ));
        }
        match self.status {
            ReviewStatus::Unchanged => "no changes".into(),
            ReviewStatus::Added => {
                format!("new pipeline with {}", count(self.stages.len(), "stage"))
            }
            ReviewStatus::Removed => {
                format!(
                    "pipeline removed ({} gone)",
                    count(self.stages.len(), "stage")
                )
            }
            ReviewStatus::Changed if self.order_only => {
                let what = if parts.is_empty() {
                    "actions reordered in the file".to_string()
                } else {
                    parts.join(", ")
                };
                format!("order only: {what}")
            }
            ReviewStatus::Changed if parts.is_empty() => count(self.changes.len(), "change"),
            ReviewStatus::Changed => parts.join(", "),
        }
    }
}

fn other_words(n: usize, alone: bool) -> &'static str {
    match (n == 1, alone) {
        (true, true) => "pipeline-level change",
        (false, true) => "pipeline-level changes",
        (true, false) => "other change",
        (false, false) => "other changes",
    }
}

/// Counts over the pipelines of a review.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewSummary {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub unchanged: usize,
}

/// The review of a set of pipelines: two files (one pipeline) or two directories.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewSet {
    /// By pipeline name.
    pub pipelines: Vec<Review>,
    pub summary: ReviewSummary,
}

impl ReviewSet {
    pub fn new(mut pipelines: Vec<Review>) -> ReviewSet {
        pipelines.sort_by(|a, b| a.name.cmp(&b.name).then(a.after.cmp(&b.after)));
        let mut summary = ReviewSummary::default();
        for p in &pipelines {
            *match p.status {
                ReviewStatus::Added => &mut summary.added,
                ReviewStatus::Removed => &mut summary.removed,
                ReviewStatus::Changed => &mut summary.changed,
                ReviewStatus::Unchanged => &mut summary.unchanged,
            } += 1;
        }
        ReviewSet { pipelines, summary }
    }

    /// True when any pipeline was added, removed or changed.
    pub fn has_changes(&self) -> bool {
        self.pipelines.iter().any(Review::has_changes)
    }

    /// "1 pipeline changed, 2 unchanged" (or "no changes").
    pub fn summary_line(&self) -> String {
        let s = &self.summary;
        if !self.has_changes() {
            return match s.unchanged {
                0 | 1 => "no changes".into(),
                n => format!("no changes in {n} pipelines"),
            };
        }
        let mut parts = Vec::new();
        if s.changed > 0 {
            parts.push(format!("{} changed", count(s.changed, "pipeline")));
        }
        for (n, what) in [(s.added, "added"), (s.removed, "removed")] {
            if n > 0 {
                let noun = if parts.is_empty() {
                    count(n, "pipeline")
                } else {
                    n.to_string()
                };
                parts.push(format!("{noun} {what}"));
            }
        }
        if s.unchanged > 0 {
            parts.push(format!("{} unchanged", s.unchanged));
        }
        parts.join(", ")
    }

    /// Text for a terminal (what `pipewright diff` prints by default).
    pub fn to_text(&self) -> String {
        text::render(self)
    }

    /// Markdown for a pull-request comment.
    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }
}

/// A design and where it came from, for a review of several.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    /// A path, `REV:path`, ... as the user named it.
    pub label: String,
    pub document: Document,
}

/// Why a set of designs cannot be reviewed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReviewError {
    #[error("{first} and {second} both define pipeline `{name}`; keep one design per pipeline in a directory")]
    DuplicatePipeline {
        name: String,
        first: String,
        second: String,
    },
}

/// `1 stage`, `2 stages`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Review two designs of a pipeline (`None`: the pipeline does not exist on that side), with
/// the labels of their sources.
pub fn review(before: Option<&Labelled>, after: Option<&Labelled>) -> Review {
    let name = after
        .or(before)
        .map(|d| d.document.pipeline.name.clone())
        .unwrap_or_default();
    let (found, stages) = match (before, after) {
        (Some(b), Some(a)) => (
            changes(&b.document, &a.document),
            picture(&b.document, &a.document),
        ),
        (Some(b), None) => one_sided(&b.document, Mark::Removed),
        (None, Some(a)) => one_sided(&a.document, Mark::Added),
        (None, None) => (Vec::new(), Vec::new()),
    };
    let changes: Vec<ReviewChange> = found.into_iter().map(review_change).collect();
    let mut stages = stages;
    mark_changed(&mut stages, &changes);
    let mut stage_marks = MarkCounts::default();
    let mut action_marks = MarkCounts::default();
    for s in &stages {
        stage_marks.count(s.mark);
        for a in &s.actions {
            // A removed or added stage's actions go with it: counted once, as the stage.
            if !matches!(s.mark, Mark::Added | Mark::Removed) {
                action_marks.count(a.mark);
            }
        }
    }
    let status = match (before, after) {
        (None, Some(_)) => ReviewStatus::Added,
        (Some(_), None) => ReviewStatus::Removed,
        _ if changes.is_empty() => ReviewStatus::Unchanged,
        _ => ReviewStatus::Changed,
    };
    let order_only = !changes.is_empty() && changes.iter().all(|c| c.op == ChangeOp::Reorder);
    Review {
        name,
        before: before.map(|d| d.label.clone()),
        after: after.map(|d| d.label.clone()),
        status,
        changes,
        stages,
        stage_marks,
        action_marks,
        order_only,
    }
}

/// Review two designs of one pipeline, whatever their names.
pub fn compare(before: &Labelled, after: &Labelled) -> ReviewSet {
    ReviewSet::new(vec![review(Some(before), Some(after))])
}

/// Review two sets of designs (two directories): paired by pipeline name, then by file name.
pub fn compare_sets(before: &[Labelled], after: &[Labelled]) -> Result<ReviewSet, ReviewError> {
    let by_name = |side: &[Labelled]| -> Result<BTreeMap<String, usize>, ReviewError> {
        let mut map = BTreeMap::new();
        for (i, d) in side.iter().enumerate() {
            if let Some(&j) = map.get(&d.document.pipeline.name) {
                let first: &Labelled = &side[j];
                return Err(ReviewError::DuplicatePipeline {
                    name: d.document.pipeline.name.clone(),
                    first: first.label.clone(),
                    second: d.label.clone(),
                });
            }
            map.insert(d.document.pipeline.name.clone(), i);
        }
        Ok(map)
    };
    let bmap = by_name(before)?;
    let amap = by_name(after)?;
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    let mut used_b = vec![false; before.len()];
    let mut used_a = vec![false; after.len()];
    for (name, &ai) in &amap {
        if let Some(&bi) = bmap.get(name) {
            pairs.push((Some(bi), Some(ai)));
            used_b[bi] = true;
            used_a[ai] = true;
        }
    }
    for ai in 0..after.len() {
        if used_a[ai] {
            continue;
        }
        let file = file_name(&after[ai].label);
        if let Some(bi) =
            (0..before.len()).find(|&bi| !used_b[bi] && file_name(&before[bi].label) == file)
        {
            pairs.push((Some(bi), Some(ai)));
            used_b[bi] = true;
            used_a[ai] = true;
        }
    }
    pairs.extend(
        (0..after.len())
            .filter(|&ai| !used_a[ai])
            .map(|ai| (None, Some(ai))),
    );
    pairs.extend(
        (0..before.len())
            .filter(|&bi| !used_b[bi])
            .map(|bi| (Some(bi), None)),
    );
    Ok(ReviewSet::new(
        pairs
            .into_iter()
            .map(|(bi, ai)| review(bi.map(|i| &before[i]), ai.map(|i| &after[i])))
            .collect(),
    ))
}

/// The last part of a path or `REV:path`.
fn file_name(label: &str) -> &str {
    label.rsplit(['/', '\\', ':']).next().unwrap_or(label)
}

/// Every change from `before` to `after`: the declaration, the tags, the environments.
fn changes(before: &Document, after: &Document) -> Vec<Found> {
    let mut d = Differ::new(Pairing::Similarity);
    let root = At {
        before: Pointer::root().key("pipeline"),
        after: Pointer::root().key("pipeline"),
        segs: Vec::new(),
    };
    d.value(
        &root,
        &normalized_pipeline(before),
        &normalized_pipeline(after),
    );
    let (bt, at) = (tag_map(before), tag_map(after));
    if bt.is_some() || at.is_some() {
        diff::tags(
            &mut d,
            after,
            before,
            &bt.unwrap_or_default(),
            &at.unwrap_or_default(),
        );
    }
    environments(&mut d, before, after);
    d.out
}

/// The environments of a design as JSON, by name.
fn environments_of(doc: &Document) -> serde_json::Map<String, Value> {
    doc.pipewright
        .as_ref()
        .and_then(|p| p.environments.as_ref())
        .and_then(|e| serde_json::to_value(e).ok())
        .and_then(|v| match v {
            Value::Object(m) => Some(m),
            _ => None,
        })
        .unwrap_or_default()
}

fn environments(d: &mut Differ, before: &Document, after: &Document) {
    let (b, a) = (environments_of(before), environments_of(after));
    let list = Pointer::root().key("pipewright").key("environments");
    let at = |name: &str| At {
        before: list.key(name),
        after: list.key(name),
        segs: vec![Seg::Named {
            list: "environments".into(),
            name: name.to_string(),
        }],
    };
    for (name, bv) in &b {
        match a.get(name) {
            Some(av) => d.value(&at(name), bv, av),
            None => d.push(
                ChangeOp::Remove,
                &at(name),
                Some(bv),
                None,
                format!("environment `{name}` removed"),
            ),
        }
    }
    for (name, av) in a.iter().filter(|(n, _)| !b.contains_key(*n)) {
        d.push(
            ChangeOp::Add,
            &at(name),
            None,
            Some(av),
            format!("environment `{name}` added{}", environment_detail(av)),
        );
    }
}

/// " (name suffix `-prod`, branch `main`)" for an environment added.
fn environment_detail(env: &Value) -> String {
    let mut parts = Vec::new();
    if let Some(s) = env["nameSuffix"].as_str() {
        parts.push(format!("name suffix `{s}`"));
    }
    if let Some(b) = env["branch"].as_str() {
        parts.push(format!("branch `{b}`"));
    }
    if let Some(x) = env["extraStages"].as_array() {
        parts.push(count(x.len(), "extra stage"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// The stage and action a change is in, as the picture names them.
fn node_of(segs: &[Seg]) -> (Option<String>, Option<String>) {
    let mut stage = None;
    let mut action = None;
    for seg in segs {
        if let Seg::Named { list, name } = seg {
            match list.as_str() {
                "stages" if stage.is_none() => stage = Some(name.clone()),
                "actions" if stage.is_some() && action.is_none() => action = Some(name.clone()),
                // Environments, tags: not a node of the picture.
                "environments" | "tags" => return (None, None),
                _ => {}
            }
        }
    }
    (stage, action)
}

fn area_of(segs: &[Seg]) -> Area {
    let words: Vec<&str> = segs
        .iter()
        .filter_map(|s| match s {
            Seg::Field(k) => Some(k.as_str()),
            Seg::Named { list, .. } => Some(list.as_str()),
            Seg::Index(_) => None,
        })
        .collect();
    let has = |ws: &[&str]| words.iter().any(|w| ws.contains(w));
    if has(&["environments"]) {
        Area::Environment
    } else if has(&["tags"]) {
        Area::Tag
    } else if has(&["triggers"]) {
        Area::Trigger
    } else if has(&[
        "beforeEntry",
        "onSuccess",
        "onFailure",
        "conditions",
        "rules",
    ]) {
        Area::Condition
    } else if has(&[
        "inputArtifacts",
        "outputArtifacts",
        "artifactStore",
        "artifactStores",
    ]) {
        Area::Artifact
    } else if has(&["configuration", "commands", "environmentVariables"]) {
        Area::Configuration
    } else if has(&["variables"]) {
        Area::Variable
    } else {
        // The innermost stage or action, or the list of them that was reordered.
        match words
            .iter()
            .rev()
            .find(|w| matches!(**w, "stages" | "actions"))
        {
            Some(&"actions") => Area::Action,
            Some(_) => Area::Stage,
            None => Area::Pipeline,
        }
    }
}

fn review_change(found: Found) -> ReviewChange {
    let (stage, action) = node_of(&found.segs);
    let Change {
        op,
        pointer,
        subject,
        phrase,
        before,
        after,
    } = found.change;
    ReviewChange {
        op,
        area: area_of(&found.segs),
        subject,
        phrase,
        pointer,
        stage,
        action,
        before,
        after,
    }
}

/// The changes and picture of a pipeline only one side has: every stage added (or removed).
fn one_sided(doc: &Document, mark: Mark) -> (Vec<Found>, Vec<StageView>) {
    let v = normalized_pipeline(doc);
    let empty = Vec::new();
    let stages = v["stages"].as_array().unwrap_or(&empty);
    let list = Pointer::root().key("pipeline").key("stages");
    let at = At {
        before: list.clone(),
        after: list,
        segs: vec![Seg::Field("stages".into())],
    };
    let none = Value::Array(Vec::new());
    let all = Value::Array(stages.clone());
    let mut d = Differ::new(Pairing::Similarity);
    if mark == Mark::Added {
        d.value(&at, &none, &all);
    } else {
        d.value(&at, &all, &none);
    }
    let picture = stages
        .iter()
        .map(|s| stage_view(s, None, mark, action_views_one_sided(s, mark)))
        .collect();
    (d.out, picture)
}

/// The picture of one design as it is: its stages and actions, none marked.
pub(crate) fn stages_of(doc: &Document) -> Vec<StageView> {
    let v = normalized_pipeline(doc);
    v["stages"]
        .as_array()
        .map(|stages| {
            stages
                .iter()
                .map(|s| {
                    let actions = action_views_one_sided(s, Mark::Unchanged);
                    stage_view(s, None, Mark::Unchanged, actions)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn action_views_one_sided(stage: &Value, mark: Mark) -> Vec<ActionView> {
    stage["actions"]
        .as_array()
        .map(|l| l.iter().map(|a| action_view(a, None, mark)).collect())
        .unwrap_or_default()
}

fn names(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|x| x["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn action_view(a: &Value, before_name: Option<&str>, mark: Mark) -> ActionView {
    let t = &a["actionTypeId"];
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    ActionView {
        name: s(&a["name"]),
        before_name: before_name.map(str::to_string),
        mark,
        category: s(&t["category"]),
        owner: s(&t["owner"]),
        provider: s(&t["provider"]),
        run_order: a["runOrder"].as_i64().unwrap_or(1),
        input_artifacts: names(a, "inputArtifacts"),
        output_artifacts: names(a, "outputArtifacts"),
    }
}

fn stage_view(
    s: &Value,
    before_name: Option<&str>,
    mark: Mark,
    actions: Vec<ActionView>,
) -> StageView {
    StageView {
        name: s["name"].as_str().unwrap_or_default().to_string(),
        before_name: before_name.map(str::to_string),
        mark,
        actions,
    }
}

/// The merged order of a paired list: the newer side's nodes, each removed node just before the
/// first node that came after it on the older side (or, with no pair, stands at or after its
/// position). `(before, after)` indexes.
fn merged(pairs: &diff::Pairs, before_len: usize) -> Vec<(Option<usize>, Option<usize>)> {
    let mut removed = pairs.removed.iter().copied().peekable();
    let mut out = Vec::with_capacity(pairs.after.len() + pairs.removed.len());
    for (ai, paired) in pairs.after.iter().enumerate() {
        // A removed node goes before the first node that came after it, or, for a node with no
        // pair, that is at or after its position.
        let later = |r: usize| match *paired {
            Some(bi) => r < bi,
            None => r <= ai,
        };
        while let Some(r) = removed.next_if(|&r| later(r)) {
            out.push((Some(r), None));
        }
        out.push((*paired, Some(ai)));
    }
    out.extend(removed.filter(|&r| r < before_len).map(|r| (Some(r), None)));
    out
}

/// The positions of `seq` outside one longest increasing run: what moved.
fn moved(seq: &[usize]) -> Vec<bool> {
    let n = seq.len();
    // O(n^2) longest increasing subsequence: a pipeline has at most 50 stages.
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if seq[j] < seq[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut out = vec![true; n];
    if let Some(mut i) = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i))) {
        loop {
            out[i] = false;
            if prev[i] == usize::MAX {
                break;
            }
            i = prev[i];
        }
    }
    out
}

/// Both sides' stages and actions, paired as the diff pairs them, marked added, removed,
/// renamed or moved (changed comes from the changes, [`mark_changed`]).
fn picture(before: &Document, after: &Document) -> Vec<StageView> {
    let (b, a) = (normalized_pipeline(before), normalized_pipeline(after));
    let empty = Vec::new();
    let bs = b["stages"].as_array().unwrap_or(&empty);
    let as_ = a["stages"].as_array().unwrap_or(&empty);
    let pairs = pair_items("stages", bs, as_, Pairing::Similarity);
    let order: Vec<usize> = pairs.after.iter().flatten().copied().collect();
    let moved_flags = moved(&order);
    let mut moved_of = std::collections::HashMap::new();
    for (bi, m) in order.iter().zip(moved_flags) {
        moved_of.insert(*bi, m);
    }
    merged(&pairs, bs.len())
        .into_iter()
        .map(|(bi, ai)| match (bi, ai) {
            (Some(bi), None) => stage_view(
                &bs[bi],
                None,
                Mark::Removed,
                action_views_one_sided(&bs[bi], Mark::Removed),
            ),
            (None, Some(ai)) => stage_view(
                &as_[ai],
                None,
                Mark::Added,
                action_views_one_sided(&as_[ai], Mark::Added),
            ),
            (Some(bi), Some(ai)) => {
                let (bn, an) = (item_name("stages", &bs[bi]), item_name("stages", &as_[ai]));
                let mark = if bn != an {
                    Mark::Renamed
                } else if moved_of.get(&bi) == Some(&true) {
                    Mark::Moved
                } else {
                    Mark::Unchanged
                };
                let renamed_from = if bn != an { bn } else { None };
                stage_view(
                    &as_[ai],
                    renamed_from,
                    mark,
                    action_pictures(&bs[bi], &as_[ai]),
                )
            }
            (None, None) => unreachable!("merged pairs have a side"),
        })
        .collect()
}

fn action_pictures(before: &Value, after: &Value) -> Vec<ActionView> {
    let empty = Vec::new();
    let ba = before["actions"].as_array().unwrap_or(&empty);
    let aa = after["actions"].as_array().unwrap_or(&empty);
    let pairs = pair_items("actions", ba, aa, Pairing::Similarity);
    merged(&pairs, ba.len())
        .into_iter()
        .map(|(bi, ai)| match (bi, ai) {
            (Some(bi), None) => action_view(&ba[bi], None, Mark::Removed),
            (None, Some(ai)) => action_view(&aa[ai], None, Mark::Added),
            (Some(bi), Some(ai)) => {
                let (bn, an) = (item_name("actions", &ba[bi]), item_name("actions", &aa[ai]));
                if bn != an {
                    action_view(&aa[ai], bn, Mark::Renamed)
                } else {
                    action_view(&aa[ai], None, Mark::Unchanged)
                }
            }
            (None, None) => unreachable!("merged pairs have a side"),
        })
        .collect()
}

/// Mark changed the stages and actions a change (other than a rename or a reorder) is in.
fn mark_changed(stages: &mut [StageView], changes: &[ReviewChange]) {
    for c in changes {
        if matches!(c.op, ChangeOp::Rename | ChangeOp::Reorder) {
            continue;
        }
        let Some(stage) = stages
            .iter_mut()
            .find(|s| Some(&s.name) == c.stage.as_ref())
        else {
            continue;
        };
        let mark = match &c.action {
            Some(name) => match stage.actions.iter_mut().find(|a| &a.name == name) {
                Some(a) => &mut a.mark,
                None => continue,
            },
            None => &mut stage.mark,
        };
        if matches!(*mark, Mark::Unchanged | Mark::Moved) {
            *mark = Mark::Changed;
        }
    }
}

#[cfg(test)]
mod tests;
