//! Apply: create or update the remote pipelines so they match the designs.
//!
//! Per design: validate (errors block: an invalid design is never sent), fetch the remote, plan,
//! then CreatePipeline / UpdatePipeline (+ tag changes). The design file is rewritten, atomically,
//! only after the remote call succeeded (with its new sync record); a failed call leaves it as it
//! was. Pipelines run in parallel, at most `concurrency` at once; throttling is retried by the
//! SDK's adaptive retry mode (see `ClientSettings`). A drifted pipeline (the remote moved since the
//! last sync) is refused unless `force` (overwrite the remote) or `pull` (take the remote into the
//! design). A design synced with another pipeline (another account, region or ARN: the plan's
//! `other-pipeline`) is refused the same way unless `force`; `pull` does not take a pipeline the
//! design was never synced with. Masked `****` secrets are sent back as they are, which keeps them.
//!
//! Then what starts the pipeline (`around`): its EventBridge rules, their role and its webhooks
//! are created, fixed or deleted to match the design, whether the pipeline itself changed or
//! not. A resource that fails is reported beside the pipeline (the pipeline's own outcome
//! stands) and makes the apply a partial success. A refused pipeline's are left alone.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use futures_util::stream::{self, StreamExt};
use pipewright_core::plan::{plan_pipeline, Binding, Change, Drift, PlanAction, SyncRecord};
use pipewright_core::{Diagnostic, Document, Tag};
use serde::Serialize;

use super::around::{observe, reconcile, AroundResult};
use super::files::DesignFile;
use super::plan::place_of;
use super::{fetch_remote, pulled, DEFAULT_CONCURRENCY};
use crate::codepipeline::CodePipeline;
use crate::config::Aws;
use crate::error::AwsError;

/// How to apply.
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    /// Pipelines handled at once (at least 1).
    pub concurrency: usize,
    /// Overwrite drifted remote pipelines with the design, and send designs synced with another
    /// pipeline to this one (binding them to it).
    pub force: bool,
    /// Take drifted remote pipelines into the design files instead of applying them.
    pub pull: bool,
    /// Recorded in sync records.
    pub region: Option<String>,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        Self {
            concurrency: DEFAULT_CONCURRENCY,
            force: false,
            pull: false,
            region: None,
        }
    }
}

/// What happened to one pipeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    Created {
        version: Option<i64>,
    },
    Updated {
        version: Option<i64>,
    },
    Unchanged,
    /// Nothing to send; the design's sync record was brought up to date.
    RecordRefreshed {
        version: Option<i64>,
    },
    /// The remote was taken into the design file (`--pull`).
    Pulled {
        version: Option<i64>,
    },
    /// Drifted: not applied; `changes` on the result show the remote now vs the design.
    Refused {
        drift: Drift,
    },
    /// Synced with another pipeline than this one: not applied (`binding.reason` says which).
    OtherPipeline {
        binding: Binding,
    },
    /// Validation errors or placeholders left (`W008`): never sent.
    Invalid {
        errors: Vec<Diagnostic>,
    },
    /// A call failed; the design file is unchanged. `transient`: running again may succeed.
    Failed {
        error: String,
        transient: bool,
    },
}

impl Outcome {
    /// A short word for progress lines and summaries.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Created { .. } => "created",
            Outcome::Updated { .. } => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::RecordRefreshed { .. } => "record refreshed",
            Outcome::Pulled { .. } => "pulled",
            Outcome::Refused { .. } => "refused (drifted)",
            Outcome::OtherPipeline { .. } => "refused (other pipeline)",
            Outcome::Invalid { .. } => "invalid",
            Outcome::Failed { .. } => "failed",
        }
    }

    /// True for outcomes that leave work undone (refused, invalid, failed).
    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            Outcome::Refused { .. }
                | Outcome::OtherPipeline { .. }
                | Outcome::Invalid { .. }
                | Outcome::Failed { .. }
        )
    }
}

/// The result for one design.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineResult {
    pub name: String,
    pub source: String,
    pub outcome: Outcome,
    /// What was (or, for a refused pipeline, would have been) changed.
    pub changes: Vec<Change>,
    /// What was done to the resources that start the pipeline (rules, role, webhooks).
    pub around: Vec<AroundResult>,
    /// What the pipeline needs that apply did not make or check, one sentence each.
    pub notes: Vec<String>,
}

impl PipelineResult {
    /// True when the pipeline or something around it was left undone.
    pub fn is_problem(&self) -> bool {
        self.outcome.is_problem() || self.around.iter().any(|a| a.error.is_some())
    }
}

/// The results of an apply, sorted by pipeline name.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ApplyReport {
    pub results: Vec<PipelineResult>,
}

impl ApplyReport {
    /// How many results have this label.
    pub fn count(&self, label: &str) -> usize {
        self.results
            .iter()
            .filter(|r| r.outcome.label() == label)
            .count()
    }

    /// True when every pipeline, and what starts it, ended in a good state.
    pub fn is_success(&self) -> bool {
        !self.results.iter().any(PipelineResult::is_problem)
    }

    pub fn get(&self, name: &str) -> Option<&PipelineResult> {
        self.results.iter().find(|r| r.name == name)
    }

    /// One line per pipeline and a summary line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for r in &self.results {
            out.push_str(&format!(
                "{:<18} {}  ({})\n",
                r.outcome.label(),
                r.name,
                r.source
            ));
            match &r.outcome {
                Outcome::Failed { error, .. } => out.push_str(&format!("    {error}\n")),
                Outcome::Invalid { errors } => {
                    for e in errors {
                        out.push_str(&format!(
                            "    {}[{}] {}: {}\n",
                            e.severity.label(),
                            e.code,
                            e.pointer,
                            e.message
                        ));
                    }
                    let left = errors.iter().filter(|e| !e.is_error()).count();
                    if left > 0 {
                        out.push_str(&format!(
                            "    Not sent: replace the {left} placeholder{} with real values first.\n",
                            if left == 1 { "" } else { "s" }
                        ));
                    }
                }
                Outcome::Refused { drift } => {
                    out.push_str(&format!(
                        "    {}. Run `pipewright apply --pull` to take the remote into the design, or `--force` to overwrite it. The remote differs from the design:\n",
                        drift.reason
                    ));
                    for c in &r.changes {
                        out.push_str(&format!("      {}  [{}]\n", c.phrase, c.pointer));
                    }
                }
                Outcome::OtherPipeline { binding } => {
                    out.push_str(&format!(
                        "    {}. Run `pipewright apply --force` to send the design to this pipeline anyway.\n",
                        binding.reason
                    ));
                }
                _ => {}
            }
            for a in &r.around {
                match &a.error {
                    None => out.push_str(&format!(
                        "    {} {} {}\n",
                        match a.op {
                            pipewright_core::around::AroundOp::Delete => "deleted",
                            pipewright_core::around::AroundOp::Update => "fixed",
                            _ => "created",
                        },
                        a.kind.label(),
                        a.name
                    )),
                    Some(e) => out.push_str(&format!(
                        "    failed to {} {} {}: {e}\n",
                        match a.op {
                            pipewright_core::around::AroundOp::Delete => "delete",
                            pipewright_core::around::AroundOp::Update => "fix",
                            _ => "create",
                        },
                        a.kind.label(),
                        a.name
                    )),
                }
            }
            for n in &r.notes {
                out.push_str(&format!("    note: {n}\n"));
            }
        }
        let around_failed = self
            .results
            .iter()
            .flat_map(|r| &r.around)
            .filter(|a| a.error.is_some())
            .count();
        if around_failed > 0 {
            out.push_str(&format!(
                "{around_failed} resource(s) around the pipelines failed: the pipelines may not start on a change; run apply again once the cause is fixed.\n"
            ));
        }
        out.push_str(&format!(
            "Apply: {} created, {} updated, {} unchanged, {} pulled, {} refused, {} invalid, {} failed.\n",
            self.count("created"),
            self.count("updated"),
            self.count("unchanged") + self.count("record refreshed"),
            self.count("pulled"),
            self.count("refused (drifted)") + self.count("refused (other pipeline)"),
            self.count("invalid"),
            self.count("failed"),
        ));
        out
    }
}

/// Progress of an apply, for a progress bar.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressEvent {
    pub name: String,
    /// `None` when the pipeline starts, its outcome label when it is done.
    pub finished: Option<&'static str>,
    /// Pipelines done so far (including this one when finished).
    pub done: usize,
    pub total: usize,
}

/// Called from the apply task for every start and finish; must not block.
pub type ProgressFn = Arc<dyn Fn(&ProgressEvent) + Send + Sync>;

fn failed(e: &AwsError) -> Outcome {
    Outcome::Failed {
        error: e.to_string(),
        transient: e.is_transient(),
    }
}

/// Local document after a successful create/update: new version, metadata and sync record.
fn after_success(
    local: &Document,
    remote_now: Option<&Document>,
    version: Option<i64>,
    region: Option<&str>,
) -> Document {
    let mut doc = local.clone();
    if doc.pipeline.version.is_some() {
        doc.pipeline.version = version;
    }
    match remote_now {
        Some(remote) => {
            if doc.metadata.is_some() {
                doc.metadata = remote.metadata.clone();
            }
            if let Some(rec) = SyncRecord::from_remote(remote, region) {
                rec.store(&mut doc);
            }
        }
        None => {
            if let Some(v) = version {
                SyncRecord {
                    version: v,
                    region: region.map(str::to_string),
                    ..Default::default()
                }
                .store(&mut doc);
            }
        }
    }
    doc
}

fn save(design: &DesignFile, document: Document) -> Result<(), AwsError> {
    DesignFile {
        path: design.path.clone(),
        format: design.format,
        document,
        environment: design.environment.clone(),
    }
    .save()
}

/// Bring the remote tags to the design's (only when the design lists tags).
async fn sync_tags(
    api: &CodePipeline,
    remote: &Document,
    local: &Document,
) -> Result<(), AwsError> {
    let Some(want) = &local.tags else {
        return Ok(());
    };
    let Some(arn) = remote
        .metadata
        .as_ref()
        .and_then(|m| m.get("pipelineArn"))
        .and_then(|v| v.as_str())
    else {
        return Ok(());
    };
    let have: Vec<Tag> = remote.tags.clone().unwrap_or_default();
    let to_set: Vec<Tag> = want
        .iter()
        .filter(|t| !have.iter().any(|h| h.key == t.key && h.value == t.value))
        .cloned()
        .collect();
    let to_remove: Vec<String> = have
        .iter()
        .filter(|h| !want.iter().any(|t| t.key == h.key))
        .map(|h| h.key.clone())
        .collect();
    if !to_remove.is_empty() {
        api.untag_resource(arn, &to_remove).await?;
    }
    if !to_set.is_empty() {
        api.tag_resource(arn, &to_set).await?;
    }
    Ok(())
}

async fn apply_one(aws: &Aws, design: &DesignFile, opts: &ApplyOptions) -> PipelineResult {
    let api = &aws.codepipeline();
    let mut result = PipelineResult {
        name: design.name().to_string(),
        source: design.display(),
        outcome: Outcome::Unchanged,
        changes: Vec::new(),
        around: Vec::new(),
        notes: Vec::new(),
    };
    let local = &design.document;
    let region = opts.region.as_deref();

    // The region applied to (else the connection's) makes the cross-region rules precise.
    let known = pipewright_core::validate::Options {
        region: region.or(aws.region()).map(str::to_string),
        ..Default::default()
    };
    // Errors, and placeholders left (warnings in the designer, never values to send).
    let errors: Vec<Diagnostic> = pipewright_core::validate::validate_with(local, &known)
        .into_iter()
        .filter(pipewright_core::validate::blocks_sync)
        .collect();
    if !errors.is_empty() {
        result.outcome = Outcome::Invalid { errors };
        return result;
    }

    let remote = match fetch_remote(api, design.name()).await {
        Ok(r) => r,
        Err(e) => {
            result.outcome = failed(&e);
            return result;
        }
    };
    let plan = plan_pipeline(
        local,
        None,
        Vec::new(),
        remote.as_ref(),
        region.or(aws.region()),
    );
    result.changes = plan.changes.clone();

    let action = match plan.action {
        PlanAction::Drifted if opts.force => PlanAction::Update,
        PlanAction::OtherPipeline if opts.force => match &remote {
            None => PlanAction::Create,
            Some(_) if plan.changes.is_empty() => PlanAction::Unchanged,
            Some(_) => PlanAction::Update,
        },
        other => other,
    };
    // Forced onto another pipeline with nothing to send: the record is rebound to it.
    let record_stale = plan.record_stale || plan.action == PlanAction::OtherPipeline;
    result.outcome = match (action, remote.as_ref()) {
        (PlanAction::Create, _) => create(api, design, region).await,
        (PlanAction::Update, Some(remote)) => update(api, design, remote, region).await,
        (PlanAction::Unchanged, Some(remote)) if record_stale => {
            let doc = pulled_record(local, remote, region);
            match save(design, doc) {
                Ok(()) => Outcome::RecordRefreshed {
                    version: remote.pipeline.version,
                },
                Err(e) => failed(&e),
            }
        }
        (PlanAction::Drifted, Some(remote)) if opts.pull => {
            match save(design, pulled(remote, Some(local), region)) {
                Ok(()) => Outcome::Pulled {
                    version: remote.pipeline.version,
                },
                Err(e) => failed(&e),
            }
        }
        (PlanAction::OtherPipeline, _) => Outcome::OtherPipeline {
            binding: plan.binding.clone().unwrap_or(Binding {
                synced_with: String::new(),
                planned_against: String::new(),
                reason: "not the pipeline this design was synced with".into(),
            }),
        },
        (PlanAction::Drifted, _) => Outcome::Refused {
            drift: plan.drift.clone().unwrap_or(Drift {
                synced_version: plan.synced_version,
                remote_version: plan.remote_version,
                reason: "the remote pipeline changed since the last sync".into(),
            }),
        },
        _ => Outcome::Unchanged,
    };
    if matches!(
        result.outcome,
        Outcome::Created { .. }
            | Outcome::Updated { .. }
            | Outcome::Unchanged
            | Outcome::RecordRefreshed { .. }
    ) {
        apply_around(aws, local, remote.as_ref(), &mut result).await;
    }
    result
}

/// Make what starts the pipeline match the design, now that the pipeline does.
async fn apply_around(
    aws: &Aws,
    local: &Document,
    before: Option<&Document>,
    result: &mut PipelineResult,
) {
    let desired = pipewright_core::around::derive(local);
    result.notes = desired.notes.iter().map(|n| n.message.clone()).collect();
    if !desired.managed {
        return;
    }
    let current = before
        .map(pipewright_core::around::derive)
        .unwrap_or_default();
    if desired.rules.is_empty()
        && desired.webhooks.is_empty()
        && current.rules.is_empty()
        && current.webhooks.is_empty()
    {
        return;
    }
    // The pipeline's place: from the remote it was, or as it is now that it was created.
    let place = match before.and_then(place_of) {
        Some(p) => Some(p),
        None => match aws.codepipeline().get_pipeline(&local.pipeline.name).await {
            Ok(now) => place_of(&now),
            Err(_) => None,
        },
    };
    let Some(place) = place else {
        result.notes.push(
            "the pipeline's ARN was not known after apply, so what starts it was not made; run apply again".into(),
        );
        return;
    };
    let seen = match observe(aws, &desired, &current, &place).await {
        Ok(seen) => seen,
        Err(e) => {
            result.notes.push(format!(
                "what starts the pipeline could not be read, so it was not changed: {e}"
            ));
            result.around.push(AroundResult {
                kind: pipewright_core::around::AroundKind::Rule,
                name: String::new(),
                op: pipewright_core::around::AroundOp::Missing,
                error: Some(e.to_string()),
            });
            return;
        }
    };
    result.notes.extend(seen.notes());
    let changes = seen.plan(&desired, &place);
    result.around = reconcile(aws, &desired, &place, &changes, &seen.remote).await;
}

/// The local design with the remote's sync record (content already equal).
fn pulled_record(local: &Document, remote: &Document, region: Option<&str>) -> Document {
    after_success(local, Some(remote), remote.pipeline.version, region)
}

async fn create(api: &CodePipeline, design: &DesignFile, region: Option<&str>) -> Outcome {
    let local = &design.document;
    let mut pipeline = local.pipeline.clone();
    pipeline.version = None;
    let tags = local.tags.clone().unwrap_or_default();
    let created = match api.create_pipeline(&pipeline, &tags).await {
        Ok(p) => p,
        Err(e) => return failed(&e),
    };
    // The metadata (ARN, dates) for the sync record; the create itself already succeeded.
    let now = api.get_pipeline(&pipeline.name).await.ok();
    let version = now
        .as_ref()
        .and_then(|d| d.pipeline.version)
        .or(created.version);
    match save(design, after_success(local, now.as_ref(), version, region)) {
        Ok(()) => Outcome::Created { version },
        Err(e) => Outcome::Failed {
            error: format!("the pipeline was created, but {e}"),
            transient: false,
        },
    }
}

async fn update(
    api: &CodePipeline,
    design: &DesignFile,
    remote: &Document,
    region: Option<&str>,
) -> Outcome {
    let local = &design.document;
    let mut pipeline = local.pipeline.clone();
    pipeline.version = remote.pipeline.version;
    let updated = match api.update_pipeline(&pipeline).await {
        Ok(p) => p,
        Err(e) => return failed(&e),
    };
    if let Err(e) = sync_tags(api, remote, local).await {
        return Outcome::Failed {
            error: format!("the declaration was updated, but the tags were not: {e}"),
            transient: e.is_transient(),
        };
    }
    let now = api.get_pipeline(&pipeline.name).await.ok();
    let version = now
        .as_ref()
        .and_then(|d| d.pipeline.version)
        .or(updated.version);
    match save(design, after_success(local, now.as_ref(), version, region)) {
        Ok(()) => Outcome::Updated { version },
        Err(e) => Outcome::Failed {
            error: format!("the pipeline was updated, but {e}"),
            transient: false,
        },
    }
}

/// Apply every design; never fails as a whole: each pipeline gets its result.
pub async fn apply(
    aws: &Aws,
    designs: &[DesignFile],
    opts: &ApplyOptions,
    progress: Option<ProgressFn>,
) -> ApplyReport {
    let total = designs.len();
    let done = AtomicUsize::new(0);
    let report = |name: &str, finished: Option<&'static str>, done: usize| {
        if let Some(p) = &progress {
            p(&ProgressEvent {
                name: name.to_string(),
                finished,
                done,
                total,
            });
        }
    };
    let mut results: Vec<PipelineResult> = stream::iter(designs)
        .map(|design| {
            let done = &done;
            let report = &report;
            async move {
                report(design.name(), None, done.load(Ordering::SeqCst));
                let r = apply_one(aws, design, opts).await;
                let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                report(design.name(), Some(r.outcome.label()), n);
                r
            }
        })
        .buffer_unordered(opts.concurrency.max(1))
        .collect()
        .await;
    results.sort_by(|a, b| a.name.cmp(&b.name).then(a.source.cmp(&b.source)));
    ApplyReport { results }
}
