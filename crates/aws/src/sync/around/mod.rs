//! What starts a pipeline, managed as part of it: the EventBridge rules (with their pipeline
//! target) and the role EventBridge assumes, for CodeCommit, S3 and ECR sources, and the webhooks
//! of GitHub version 1 sources. `pipewright_core::around` says what they should be; this module
//! reads what exists ([`observe`]), makes it so ([`reconcile`]) and removes it with the pipeline
//! ([`remove`]).
//!
//! Only what carries Pipewright's name prefix is ever changed or deleted. An endpoint that does
//! not serve EventBridge, IAM or webhooks (the local sandbox serves CodePipeline only) is said so
//! once, as a note; it fails nothing.

mod role;
pub(crate) mod rules;

use pipewright_core::around::plan::{expected_role_arn, RemoteAround};
use pipewright_core::around::{
    self, Around, AroundChange, AroundKind, AroundOp, EventRole, ManagedRole, Place, MANAGED_PREFIX,
};
use serde::Serialize;

use crate::config::Aws;
use crate::error::AwsError;

/// What could be read around a pipeline.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observed {
    pub remote: RemoteAround,
    /// Kinds the endpoint does not serve (the sandbox: all; moto: webhooks), each with the
    /// sentence that says so. Their plan is dropped: nothing is said to be missing that could
    /// not be looked at.
    pub unread: Vec<(AroundKind, String)>,
}

impl Observed {
    /// The plan against what was read, without the kinds that were not.
    pub fn plan(&self, desired: &Around, place: &Place) -> Vec<AroundChange> {
        around::plan::plan(desired, Some((place, &self.remote)))
            .into_iter()
            .filter(|c| !self.unread.iter().any(|(k, _)| *k == c.kind))
            .collect()
    }

    /// One sentence per service that could not be read.
    pub fn notes(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, why) in &self.unread {
            if !out.contains(why) {
                out.push(why.clone());
            }
        }
        out
    }
}

/// What apply did with one resource around a pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AroundResult {
    pub kind: AroundKind,
    pub name: String,
    pub op: AroundOp,
    /// Why it was not done; `None` when it was.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub error: Option<String>,
}

fn unsupported(service: &str, e: &AwsError) -> String {
    format!(
        "this endpoint does not serve {service} ({}), so what of the pipeline's change detection lives there was neither checked nor changed; against AWS, plan and apply manage it",
        e.code().unwrap_or("unsupported")
    )
}

/// Read what exists around a pipeline at `place`. `desired` is the design's; `current` is what
/// the remote pipeline's own declaration implies (so a source the design dropped is found too).
pub async fn observe(
    aws: &Aws,
    desired: &Around,
    current: &Around,
    place: &Place,
) -> Result<Observed, AwsError> {
    let mut seen = Observed::default();
    if !desired.managed {
        return Ok(seen);
    }
    let pipeline_arn = place.pipeline_arn(&desired.pipeline);
    if !desired.rules.is_empty() || !current.rules.is_empty() {
        let events = aws.eventbridge();
        let mut names: Vec<String> = desired.rules.iter().map(|r| r.name.clone()).collect();
        match rules::names_targeting(&events, &pipeline_arn).await {
            Ok(found) => {
                for n in found {
                    if n.starts_with(MANAGED_PREFIX) && !names.contains(&n) {
                        names.push(n);
                    }
                }
                for n in &names {
                    if let Some(r) = rules::read(&events, n, None).await? {
                        seen.remote.rules.push(r);
                    }
                }
                let role = ManagedRole::for_pipeline(&desired.pipeline);
                match role::read(&aws.iam(), &role).await {
                    Ok(r) => seen.remote.role = r,
                    Err(e) if e.is_unsupported_operation() => {
                        seen.unread.push((AroundKind::Role, unsupported("IAM", &e)))
                    }
                    Err(e) => return Err(e),
                }
            }
            Err(e) if e.is_unsupported_operation() => {
                let why = unsupported("EventBridge", &e);
                seen.unread.push((AroundKind::Rule, why.clone()));
                seen.unread.push((AroundKind::Role, why));
            }
            Err(e) => return Err(e),
        }
    }
    if !desired.webhooks.is_empty() || !current.webhooks.is_empty() {
        match aws.codepipeline().list_webhooks().await {
            Ok(list) => {
                seen.remote.webhooks = list
                    .into_iter()
                    .filter(|w| w.target_pipeline == desired.pipeline)
                    .collect()
            }
            Err(e) if e.is_unsupported_operation() => seen.unread.push((
                AroundKind::Webhook,
                unsupported("CodePipeline webhooks", &e),
            )),
            Err(e) => return Err(e),
        }
    }
    Ok(seen)
}

/// A fresh secret token for a webhook: 32 random bytes, hex ("generate a unique secret token
/// for each webhook you create").
fn secret_token() -> Result<String, AwsError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| AwsError::Config(format!("no randomness for a webhook secret ({e})")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Make the remote match `changes` (from `around::plan::plan` against `remote`): the role first
/// (the rules' targets name it), then the rules, then what is deleted, then the webhooks. Every
/// change gets a result; one that fails does not stop the others, except that a rule whose role
/// could not be made is not put.
pub async fn reconcile(
    aws: &Aws,
    desired: &Around,
    place: &Place,
    changes: &[AroundChange],
    remote: &RemoteAround,
) -> Vec<AroundResult> {
    let mut out = Vec::new();
    let pipeline_arn = place.pipeline_arn(&desired.pipeline);
    let todo = |kind: AroundKind| {
        changes
            .iter()
            .filter(move |c| c.kind == kind && c.op.changes())
    };
    let result = |c: &AroundChange, r: Result<(), AwsError>| AroundResult {
        kind: c.kind,
        name: c.name.clone(),
        op: c.op,
        error: r.err().map(|e| e.to_string()),
    };

    let iam = aws.iam();
    let mut role_arn = expected_role_arn(desired, place, remote.role.as_ref());
    let mut role_failed = None;
    for c in todo(AroundKind::Role).filter(|c| c.op != AroundOp::Delete) {
        if let Some(EventRole::Managed(m)) = &desired.role {
            let r = role::put(
                &iam,
                m,
                remote.role.is_some(),
                &desired.pipeline,
                &pipeline_arn,
            )
            .await;
            match r {
                Ok(arn) if !arn.is_empty() => {
                    role_arn = Some(arn);
                    out.push(result(c, Ok(())));
                }
                Ok(_) => out.push(result(c, Ok(()))),
                Err(e) => {
                    role_failed = Some(e.to_string());
                    out.push(result(c, Err(e)));
                }
            }
        }
    }

    let events = aws.eventbridge();
    for c in todo(AroundKind::Rule) {
        if c.op == AroundOp::Delete {
            out.push(result(c, rules::delete(&events, &c.name, None).await));
            continue;
        }
        let Some(rule) = desired.rules.iter().find(|r| r.name == c.name) else {
            continue;
        };
        if let Some(why) = &role_failed {
            out.push(AroundResult {
                kind: c.kind,
                name: c.name.clone(),
                op: c.op,
                error: Some(format!("not made, because its role was not: {why}")),
            });
            continue;
        }
        let r = rules::put(
            &events,
            rule,
            &rule.pattern.at(place),
            &pipeline_arn,
            role_arn.as_deref(),
        )
        .await;
        out.push(result(c, r));
    }
    for c in todo(AroundKind::Role).filter(|c| c.op == AroundOp::Delete) {
        out.push(result(c, role::delete(&iam, &c.name).await));
    }

    let cp = aws.codepipeline();
    for c in todo(AroundKind::Webhook) {
        let r = match c.op {
            AroundOp::Delete => match cp.deregister_webhook(&c.name).await {
                Ok(()) => cp.delete_webhook(&c.name).await,
                Err(e) => Err(e),
            },
            op => match desired.webhooks.iter().find(|w| w.name == c.name) {
                None => continue,
                Some(hook) => put_webhook(&cp, hook, op == AroundOp::Update).await,
            },
        };
        out.push(result(c, r));
    }
    out
}

/// Define a webhook with a fresh secret and register it with GitHub (a redefined one is
/// deregistered first, so GitHub gets the new secret).
async fn put_webhook(
    cp: &crate::CodePipeline,
    hook: &around::Webhook,
    existed: bool,
) -> Result<(), AwsError> {
    if existed {
        cp.deregister_webhook(&hook.name).await?;
    }
    cp.put_webhook(hook, &secret_token()?).await?;
    cp.register_webhook(&hook.name).await
}

/// Remove what Pipewright made around a pipeline that is being deleted: every `pipewright-`
/// rule that targets it, its role, its `pipewright-` webhooks. `current` is what the pipeline's
/// declaration implies.
pub async fn remove(
    aws: &Aws,
    current: &Around,
    place: &Place,
) -> Result<Vec<AroundResult>, AwsError> {
    let nothing = Around {
        pipeline: current.pipeline.clone(),
        managed: true,
        ..Around::default()
    };
    let seen = observe(aws, &nothing, current, place).await?;
    let changes = seen.plan(&nothing, place);
    Ok(reconcile(aws, &nothing, place, &changes, &seen.remote).await)
}
