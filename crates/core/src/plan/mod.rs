//! Plans: what applying local designs would do to the remote pipelines, pipeline by pipeline
//! (create / update / unchanged / drifted / remote only), with a field-level diff. Pure: the AWS
//! crate fetches the remote documents and passes them in.
//!
//! Compared: the declaration (`pipeline`, without `version`) and, when the design lists them,
//! the `tags`. Ignored: `metadata` (the service's bookkeeping) and the `pipewright` section.
//! Service defaults count as written (`runOrder` 1, empty artifact lists and configuration,
//! `pipelineType` V1, `executionMode` SUPERSEDED), and a remote secret masked as `****` matches
//! any local value (the service never shows it, and sending `****` back keeps it).
//!
//! Drift: a design remembers the remote `version` it was last synced from (`pipewright.sync`,
//! see [`SyncRecord`]). When the remote has moved since and differs from the design, the plan
//! says `drifted` and apply refuses that pipeline until the user pulls the remote in or forces.
//!
//! Binding: the record also names the remote pipeline it was synced with (its ARN: account,
//! region, name) and the region. Planned against another account, region or pipeline (a design
//! applied in `us-east-1`, then planned in `eu-west-1` where a pipeline of the same name exists),
//! the plan says `other-pipeline` ("not the pipeline this design was synced with") and apply
//! refuses it like drift unless forced.
//!
//! Around each pipeline: what makes it start ([`crate::around`]), which the AWS crate plans with
//! `around::plan` and puts in [`PipelinePlan::around`]. A rule changed or deleted outside
//! Pipewright is `update` / `missing` there; apply puts it back without refusing anything.

pub(crate) mod diff;
mod render;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::arn::Arn;
use crate::around::{AroundChange, AroundNote};
use crate::diagnostic::Diagnostic;
use crate::document::Document;

pub use diff::{diff_documents, normalized_pipeline, Change, ChangeOp, MASKED_SECRET};

/// The key of the sync record inside the `pipewright` section.
pub const SYNC_KEY: &str = "sync";

/// What a design remembers of its last sync with a remote pipeline: `pipewright.sync` in the
/// design file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SyncRecord {
    /// The remote `version` the design was last pulled from or applied as.
    pub version: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub pipeline_arn: Option<String>,
    /// `metadata.updated` as the service gave it (a date string or epoch seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "string | number"))]
    pub updated: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub region: Option<String>,
}

impl SyncRecord {
    /// The record stored in a document, if any (an unreadable record counts as none).
    pub fn of(doc: &Document) -> Option<SyncRecord> {
        let v = doc.pipewright.as_ref()?.extra.get(SYNC_KEY)?;
        serde_json::from_value(v.clone()).ok()
    }

    /// A record for a remote document as `GetPipeline` returned it.
    pub fn from_remote(remote: &Document, region: Option<&str>) -> Option<SyncRecord> {
        let version = remote.pipeline.version?;
        let meta = remote.metadata.as_ref();
        Some(SyncRecord {
            version,
            pipeline_arn: meta
                .and_then(|m| m.get("pipelineArn"))
                .and_then(Value::as_str)
                .map(str::to_string),
            updated: meta.and_then(|m| m.get("updated")).cloned(),
            region: region.map(str::to_string),
        })
    }

    /// Store this record in the document's `pipewright` section (created if missing).
    pub fn store(&self, doc: &mut Document) {
        let section = doc.pipewright.get_or_insert_with(Default::default);
        section.extra.insert(
            SYNC_KEY.to_string(),
            serde_json::to_value(self).unwrap_or(Value::Null),
        );
    }
}

/// What apply would do with one pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum PlanAction {
    /// No remote pipeline of that name: CreatePipeline.
    Create,
    /// The remote differs and has not moved since the last sync: UpdatePipeline.
    Update,
    /// The remote equals the design.
    Unchanged,
    /// The remote differs and moved since the design was last synced (or it never was): apply
    /// refuses it until the user pulls (`--pull`) or overwrites (`--force`).
    Drifted,
    /// A remote pipeline without a local design: left alone (pull to import it).
    RemoteOnly,
    /// The design was synced with another pipeline (another account, region or ARN) than the one
    /// this plan is against: apply refuses it unless forced (`--force`), like drift.
    OtherPipeline,
    /// The design has validation errors or placeholders left (`W008`): never sent.
    Invalid,
}

impl PlanAction {
    pub fn label(self) -> &'static str {
        match self {
            PlanAction::Create => "create",
            PlanAction::Update => "update",
            PlanAction::Unchanged => "unchanged",
            PlanAction::Drifted => "drifted",
            PlanAction::RemoteOnly => "remote only",
            PlanAction::OtherPipeline => "other pipeline",
            PlanAction::Invalid => "invalid",
        }
    }
}

/// Why a pipeline is drifted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Drift {
    /// The version the design was last synced from; `None` if it never was.
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub synced_version: Option<i64>,
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub remote_version: Option<i64>,
    pub reason: String,
}

/// Why a design is not bound to the pipeline a plan is against: what it was synced with and
/// what it is planned against now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Binding {
    /// The pipeline ARN (or, without one, the region) the design was synced with.
    pub synced_with: String,
    /// The pipeline ARN (or region) this plan is against.
    pub planned_against: String,
    /// One sentence: "not the pipeline this design was synced with: ...".
    pub reason: String,
}

/// The plan for one pipeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PipelinePlan {
    pub name: String,
    /// Where the design came from (a file path), if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub source: Option<String>,
    pub action: PlanAction,
    /// From the remote (before) to the design (after): what apply would change. For a drifted
    /// pipeline, how the remote as it is now differs from the design.
    pub changes: Vec<Change>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub remote_version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub synced_version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub drift: Option<Drift>,
    /// Set when the design was synced with another pipeline (action `other-pipeline`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub binding: Option<Binding>,
    /// What blocks this design (action `invalid`): validation errors and placeholders left.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(type = "Array<Diagnostic> | undefined"))]
    pub errors: Vec<Diagnostic>,
    /// The design's sync record is missing or older than the remote although nothing differs:
    /// apply only rewrites the record.
    pub record_stale: bool,
    /// What makes the pipeline start (EventBridge rules, their role, webhooks), each with what
    /// apply does to it (see `crate::around::plan`).
    pub around: Vec<AroundChange>,
    /// What the pipeline needs that Pipewright does not make (a CloudTrail trail, a rule in
    /// another account).
    pub notes: Vec<AroundNote>,
    /// Warnings only the remote can tell (a source connection not AVAILABLE: W901).
    pub warnings: Vec<Diagnostic>,
}

impl PipelinePlan {
    /// Whether apply changes something around the pipeline.
    pub fn around_changes(&self) -> bool {
        self.around.iter().any(|c| c.op.changes())
    }
}

/// Counts per action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PlanSummary {
    pub create: usize,
    pub update: usize,
    pub unchanged: usize,
    pub drifted: usize,
    pub remote_only: usize,
    pub invalid: usize,
    /// Resources around the pipelines (rules, roles, webhooks) apply creates, fixes or deletes.
    pub around: usize,
    /// Designs synced with another pipeline than the one planned against.
    #[serde(default)]
    pub other_pipeline: usize,
}

/// The plan for a set of designs against one account and region.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub pipelines: Vec<PipelinePlan>,
    pub summary: PlanSummary,
}

impl Plan {
    /// Build a plan from per-pipeline plans (sorted by name, summary computed).
    pub fn new(mut pipelines: Vec<PipelinePlan>) -> Plan {
        pipelines.sort_by(|a, b| a.name.cmp(&b.name).then(a.source.cmp(&b.source)));
        let mut summary = PlanSummary::default();
        for p in &pipelines {
            *match p.action {
                PlanAction::Create => &mut summary.create,
                PlanAction::Update => &mut summary.update,
                PlanAction::Unchanged => &mut summary.unchanged,
                PlanAction::Drifted => &mut summary.drifted,
                PlanAction::RemoteOnly => &mut summary.remote_only,
                PlanAction::Invalid => &mut summary.invalid,
                PlanAction::OtherPipeline => &mut summary.other_pipeline,
            } += 1;
            if p.action != PlanAction::Invalid {
                summary.around += p.around.iter().filter(|c| c.op.changes()).count();
            }
        }
        Plan { pipelines, summary }
    }

    /// True when applying would change something remotely.
    pub fn has_changes(&self) -> bool {
        self.summary.create + self.summary.update + self.summary.around > 0
    }

    /// The human rendering (what `pipewright plan` prints).
    pub fn to_text(&self) -> String {
        render::plan_text(self)
    }
}

/// Plan one pipeline: a local design (with its validation errors) against the remote pipeline of
/// the same name as `GetPipeline` returned it (`None` if there is none), in `region` (the
/// connection's region, when known).
pub fn plan_pipeline(
    local: &Document,
    source: Option<&str>,
    errors: Vec<Diagnostic>,
    remote: Option<&Document>,
    region: Option<&str>,
) -> PipelinePlan {
    let record = SyncRecord::of(local);
    let synced_version = record.as_ref().map(|r| r.version);
    let remote_version = remote.and_then(|r| r.pipeline.version);
    let mut plan = PipelinePlan {
        name: local.pipeline.name.clone(),
        source: source.map(str::to_string),
        action: PlanAction::Create,
        changes: Vec::new(),
        remote_version,
        synced_version,
        drift: None,
        binding: None,
        errors: Vec::new(),
        record_stale: false,
        around: Vec::new(),
        notes: Vec::new(),
        warnings: Vec::new(),
    };
    let blocking: Vec<Diagnostic> = errors
        .into_iter()
        .filter(crate::validate::blocks_sync)
        .collect();
    match remote {
        None => {
            plan.changes = diff::creation(local);
        }
        Some(remote) => {
            plan.changes = diff_documents(remote, local);
            if plan.changes.is_empty() {
                plan.action = PlanAction::Unchanged;
                plan.record_stale = synced_version.is_none() || synced_version != remote_version;
            } else if let Some(drift) = drift_of(synced_version, remote_version) {
                plan.action = PlanAction::Drifted;
                plan.drift = Some(drift);
            } else {
                plan.action = PlanAction::Update;
            }
        }
    }
    if let Some(binding) = record.as_ref().and_then(|r| binding_of(r, remote, region)) {
        plan.action = PlanAction::OtherPipeline;
        plan.binding = Some(binding);
        plan.record_stale = false;
    }
    if !blocking.is_empty() && plan.action != PlanAction::Unchanged {
        plan.action = PlanAction::Invalid;
        plan.errors = blocking;
    }
    plan
}

/// A remote pipeline without a local design.
pub fn plan_remote_only(name: &str, remote_version: Option<i64>) -> PipelinePlan {
    PipelinePlan {
        name: name.to_string(),
        source: None,
        action: PlanAction::RemoteOnly,
        changes: Vec::new(),
        remote_version,
        synced_version: None,
        drift: None,
        binding: None,
        errors: Vec::new(),
        record_stale: false,
        around: Vec::new(),
        notes: Vec::new(),
        warnings: Vec::new(),
    }
}

/// The region of a CodePipeline ARN (`arn:<partition>:codepipeline:<region>:<account>:<name>`).
fn arn_region(arn: &str) -> Option<&str> {
    Arn::parse(arn)?.region()
}

/// The account of a CodePipeline ARN.
fn arn_account(arn: &str) -> Option<&str> {
    Some(Arn::parse(arn)?.account).filter(|a| !a.is_empty())
}

/// `Some` when the design's record names another pipeline than `remote` in `region`: another
/// ARN (account, region or name), or, without a remote to compare, another region.
fn binding_of(
    record: &SyncRecord,
    remote: Option<&Document>,
    region: Option<&str>,
) -> Option<Binding> {
    let remote_arn = remote
        .and_then(|r| r.metadata.as_ref())
        .and_then(|m| m.get("pipelineArn"))
        .and_then(Value::as_str);
    if let (Some(synced), Some(now)) = (record.pipeline_arn.as_deref(), remote_arn) {
        if synced != now {
            let what = if arn_account(synced) != arn_account(now) {
                format!(
                    "it was synced in account {}, this is account {}",
                    arn_account(synced).unwrap_or("?"),
                    arn_account(now).unwrap_or("?")
                )
            } else if arn_region(synced) != arn_region(now) {
                format!(
                    "it was synced in region {}, this is region {}",
                    arn_region(synced).unwrap_or("?"),
                    arn_region(now).unwrap_or("?")
                )
            } else {
                format!("it was synced with {synced}, this is {now}")
            };
            return Some(Binding {
                synced_with: synced.to_string(),
                planned_against: now.to_string(),
                reason: format!("not the pipeline this design was synced with: {what}"),
            });
        }
        return None;
    }
    let synced_region = record
        .region
        .as_deref()
        .or_else(|| record.pipeline_arn.as_deref().and_then(arn_region))?;
    let region = region.or_else(|| remote_arn.and_then(arn_region))?;
    (synced_region != region).then(|| Binding {
        synced_with: record
            .pipeline_arn
            .clone()
            .unwrap_or_else(|| synced_region.to_string()),
        planned_against: remote_arn.unwrap_or(region).to_string(),
        reason: format!(
            "not the pipeline this design was synced with: it was synced in region {synced_region}, this is region {region}"
        ),
    })
}

fn drift_of(synced: Option<i64>, remote: Option<i64>) -> Option<Drift> {
    match synced {
        None => Some(Drift {
            synced_version: None,
            remote_version: remote,
            reason: "this design was never synced with the remote pipeline of the same name"
                .into(),
        }),
        Some(s) if Some(s) != remote => Some(Drift {
            synced_version: Some(s),
            remote_version: remote,
            reason: format!(
                "the remote pipeline moved from version {s} to {} since this design was last synced",
                remote.map(|v| v.to_string()).unwrap_or_else(|| "?".into())
            ),
        }),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests;
