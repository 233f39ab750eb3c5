//! What applying would do to the resources around a pipeline: each rule (with its pipeline
//! target), the role and each webhook is `create` (the pipeline is new), `missing` (the pipeline
//! exists but the resource does not: deleted, or never made), `update` (it exists and differs:
//! changed outside Pipewright), `unchanged`, or `delete` (Pipewright made it for a source the
//! design no longer has). `missing` and `update` on a live pipeline are drift: the pipeline does
//! not start the way the design says. Apply makes each one right.
//!
//! Pure: the AWS crate reads the remote resources into a [`RemoteAround`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::events::{start_policy, trust_policy};
use super::{names, Around, EventRole, Place, WebhookFilter};

/// What apply does with one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum AroundOp {
    /// The pipeline is created, and this with it.
    Create,
    /// It exists and differs from the design: apply puts it back.
    Update,
    Unchanged,
    /// The pipeline exists and this does not: apply creates it.
    Missing,
    /// Pipewright made it for a source the design no longer has: apply deletes it.
    Delete,
}

impl AroundOp {
    pub fn label(self) -> &'static str {
        match self {
            AroundOp::Create => "create",
            AroundOp::Update => "update",
            AroundOp::Unchanged => "unchanged",
            AroundOp::Missing => "missing",
            AroundOp::Delete => "delete",
        }
    }

    /// Whether apply changes something.
    pub fn changes(self) -> bool {
        self != AroundOp::Unchanged
    }
}

/// The kinds of resource around a pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum AroundKind {
    /// An EventBridge rule and its pipeline target.
    Rule,
    /// The IAM role EventBridge assumes.
    Role,
    /// A CodePipeline webhook registered with GitHub.
    Webhook,
}

impl AroundKind {
    pub fn label(self) -> &'static str {
        match self {
            AroundKind::Rule => "EventBridge rule",
            AroundKind::Role => "IAM role",
            AroundKind::Webhook => "webhook",
        }
    }
}

/// One line of the plan around a pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AroundChange {
    pub kind: AroundKind,
    pub name: String,
    pub op: AroundOp,
    /// JSON pointer of the source action it is for; empty for the role.
    pub pointer: String,
    /// What it is, in words.
    pub summary: String,
    /// For `update`: what differs from the design, as sentences.
    pub differences: Vec<String>,
}

/// The resources around a pipeline as they exist.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteAround {
    /// The design's rules that exist, and every other `pipewright-` rule targeting the pipeline.
    pub rules: Vec<RemoteRule>,
    /// The managed role, if it exists.
    pub role: Option<RemoteRole>,
    /// The design's webhooks that exist, and every other `pipewright-` webhook of the pipeline.
    pub webhooks: Vec<RemoteWebhook>,
}

/// An EventBridge rule (`DescribeRule`, `ListTargetsByRule`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteRule {
    pub name: String,
    pub pattern: Option<Value>,
    /// `ENABLED`, `DISABLED`, ...
    pub state: Option<String>,
    pub targets: Vec<RemoteTarget>,
}

/// A rule's target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteTarget {
    pub id: String,
    pub arn: String,
    pub role_arn: Option<String>,
}

/// An IAM role (`GetRole`) and its inline policy (`GetRolePolicy`), documents decoded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteRole {
    pub name: String,
    pub arn: String,
    pub trust: Option<Value>,
    pub policy: Option<Value>,
}

/// A webhook's definition (`ListWebhooks`; the secret is never returned).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteWebhook {
    pub name: String,
    pub target_pipeline: String,
    pub target_action: String,
    pub filters: Vec<WebhookFilter>,
    pub authentication: String,
    pub url: Option<String>,
}

/// The role ARN the pipeline targets must carry: the remote role's, else the one the design
/// names or Pipewright would make.
pub fn expected_role_arn(
    around: &Around,
    place: &Place,
    remote: Option<&RemoteRole>,
) -> Option<String> {
    match around.role.as_ref()? {
        EventRole::Given { arn } => Some(arn.clone()),
        EventRole::Managed(m) => Some(
            remote
                .map(|r| r.arn.clone())
                .unwrap_or_else(|| m.arn().at(place)),
        ),
    }
}

/// The plan around one pipeline. `remote` is `None` when the pipeline does not exist yet; its
/// place is where it exists otherwise. A design that leaves change detection to someone else
/// (`pipewright.changeDetection.manage: false`) has no plan around it.
pub fn plan(around: &Around, remote: Option<(&Place, &RemoteAround)>) -> Vec<AroundChange> {
    let mut out = Vec::new();
    if !around.managed {
        return out;
    }
    let absent = if remote.is_some() {
        AroundOp::Missing
    } else {
        AroundOp::Create
    };
    let empty = RemoteAround::default();
    let (place, remote_state) = match remote {
        Some((p, r)) => (Some(p), r),
        None => (None, &empty),
    };

    // The role first: the rules' targets name it.
    let role_name = names::role(&around.pipeline);
    match &around.role {
        Some(EventRole::Managed(m)) => {
            let op_diff = match (&remote_state.role, place) {
                (Some(r), Some(place)) => {
                    let mut d = Vec::new();
                    if !same(r.trust.as_ref(), &trust_policy()) {
                        d.push("its trust policy is not the one that lets events.amazonaws.com assume it".to_string());
                    }
                    let want = start_policy(Value::from(place.pipeline_arn(&around.pipeline)));
                    if !same(r.policy.as_ref(), &want) {
                        d.push(format!(
                            "its inline policy `{}` does not allow exactly codepipeline:StartPipelineExecution on this pipeline",
                            m.policy_name
                        ));
                    }
                    d
                }
                _ => Vec::new(),
            };
            let op = if remote_state.role.is_none() {
                absent
            } else if op_diff.is_empty() {
                AroundOp::Unchanged
            } else {
                AroundOp::Update
            };
            out.push(AroundChange {
                kind: AroundKind::Role,
                name: m.name.clone(),
                op,
                pointer: String::new(),
                summary: "the role EventBridge assumes to start the pipeline".into(),
                differences: op_diff,
            });
        }
        _ => {
            if let Some(r) = remote_state.role.as_ref().filter(|r| r.name == role_name) {
                out.push(AroundChange {
                    kind: AroundKind::Role,
                    name: r.name.clone(),
                    op: AroundOp::Delete,
                    pointer: String::new(),
                    summary:
                        "the role EventBridge assumed to start the pipeline; no rule needs it now"
                            .into(),
                    differences: Vec::new(),
                });
            }
        }
    }

    let role_arn = place.and_then(|p| expected_role_arn(around, p, remote_state.role.as_ref()));
    for rule in &around.rules {
        let found = remote_state.rules.iter().find(|r| r.name == rule.name);
        let differences = match (found, place) {
            (Some(r), Some(place)) => {
                let mut d = Vec::new();
                if !same(r.pattern.as_ref(), &rule.pattern.at(place)) {
                    d.push("its event pattern is not the design's".to_string());
                }
                if r.state.as_deref() != Some("ENABLED") {
                    d.push(format!(
                        "it is {}, not ENABLED",
                        r.state.as_deref().unwrap_or("in no state")
                    ));
                }
                let pipeline_arn = place.pipeline_arn(&around.pipeline);
                match r.targets.iter().find(|t| t.id == rule.target_id) {
                    None => d.push(format!(
                        "it has no target `{}` starting the pipeline",
                        rule.target_id
                    )),
                    Some(t) => {
                        if t.arn != pipeline_arn {
                            d.push(format!(
                                "its target `{}` is {}, not this pipeline",
                                t.id, t.arn
                            ));
                        }
                        if t.role_arn != role_arn {
                            d.push(format!(
                                "its target `{}` assumes {}, not {}",
                                t.id,
                                t.role_arn.as_deref().unwrap_or("no role"),
                                role_arn.as_deref().unwrap_or("the design's role")
                            ));
                        }
                    }
                }
                d
            }
            _ => Vec::new(),
        };
        let op = match found {
            None => absent,
            Some(_) if differences.is_empty() => AroundOp::Unchanged,
            Some(_) => AroundOp::Update,
        };
        out.push(AroundChange {
            kind: AroundKind::Rule,
            name: rule.name.clone(),
            op,
            pointer: rule.source.pointer.clone(),
            summary: format!("starts the pipeline on changes to {}", rule.watches),
            differences,
        });
    }
    for r in &remote_state.rules {
        if r.name.starts_with(names::PREFIX) && !around.rules.iter().any(|d| d.name == r.name) {
            out.push(AroundChange {
                kind: AroundKind::Rule,
                name: r.name.clone(),
                op: AroundOp::Delete,
                pointer: String::new(),
                summary: "started the pipeline for a source the design no longer has".into(),
                differences: Vec::new(),
            });
        }
    }

    for hook in &around.webhooks {
        let found = remote_state.webhooks.iter().find(|w| w.name == hook.name);
        let mut differences = Vec::new();
        if let Some(w) = found {
            if w.target_pipeline != hook.target_pipeline || w.target_action != hook.target_action {
                differences.push(format!(
                    "it starts {}/{}, not {}/{}",
                    w.target_pipeline, w.target_action, hook.target_pipeline, hook.target_action
                ));
            }
            if w.filters != hook.filters {
                differences.push("its filters are not the design's branch filter".into());
            }
            if w.authentication != hook.authentication {
                differences.push(format!(
                    "it authenticates with {}, not {}",
                    w.authentication, hook.authentication
                ));
            }
        }
        let op = match found {
            None => absent,
            Some(_) if differences.is_empty() => AroundOp::Unchanged,
            Some(_) => AroundOp::Update,
        };
        out.push(AroundChange {
            kind: AroundKind::Webhook,
            name: hook.name.clone(),
            op,
            pointer: hook.source.pointer.clone(),
            summary: format!(
                "GitHub calls it on pushes to {} (branch filter refs/heads/{{Branch}})",
                hook.repository
            ),
            differences,
        });
    }
    for w in &remote_state.webhooks {
        if w.name.starts_with(names::PREFIX)
            && w.target_pipeline == around.pipeline
            && !around.webhooks.iter().any(|d| d.name == w.name)
        {
            out.push(AroundChange {
                kind: AroundKind::Webhook,
                name: w.name.clone(),
                op: AroundOp::Delete,
                pointer: String::new(),
                summary: "started the pipeline for a source the design no longer has".into(),
                differences: Vec::new(),
            });
        }
    }
    out
}

/// Whether a remote JSON document says what the design's does: object key order and the order
/// of lists of plain values do not matter.
fn same(remote: Option<&Value>, want: &Value) -> bool {
    remote.is_some_and(|r| canonical(r) == canonical(want))
}

fn canonical(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), canonical(&m[k])))
                    .collect(),
            )
        }
        Value::Array(a) => {
            let mut items: Vec<Value> = a.iter().map(canonical).collect();
            if items.iter().all(|i| !i.is_object() && !i.is_array()) {
                items.sort_by_key(|i| i.to_string());
            }
            // IAM policies may say `"Action": "x"` or `"Action": ["x"]`: the same statement.
            match <[Value; 1]>::try_from(items) {
                Ok([one]) if !one.is_object() => one,
                Ok([one]) => Value::Array(vec![one]),
                Err(items) => Value::Array(items),
            }
        }
        v => v.clone(),
    }
}
