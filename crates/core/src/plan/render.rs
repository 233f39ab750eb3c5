//! The text rendering of a plan, as `pipewright plan` prints it.

use std::fmt::Write;

use super::{ChangeOp, Plan, PlanAction};

fn sign(op: ChangeOp) -> char {
    match op {
        ChangeOp::Add => '+',
        ChangeOp::Remove => '-',
        ChangeOp::Replace | ChangeOp::Rename | ChangeOp::Reorder => '~',
    }
}

fn marker(action: PlanAction) -> &'static str {
    match action {
        PlanAction::Create => "+",
        PlanAction::Update => "~",
        PlanAction::Unchanged => "=",
        PlanAction::Drifted => "!",
        PlanAction::RemoteOnly => "?",
        PlanAction::Invalid => "x",
    }
}

pub(super) fn plan_text(plan: &Plan) -> String {
    let mut out = String::new();
    for p in &plan.pipelines {
        let _ = write!(
            out,
            "{} {:<11} {}",
            marker(p.action),
            p.action.label(),
            p.name
        );
        if let Some(src) = &p.source {
            let _ = write!(out, "  ({src})");
        }
        match (p.synced_version, p.remote_version) {
            (_, None) => {}
            (Some(s), Some(r)) if s != r => {
                let _ = write!(out, "  remote v{r}, synced from v{s}");
            }
            (_, Some(r)) => {
                let _ = write!(out, "  remote v{r}");
            }
        }
        out.push('\n');
        match p.action {
            PlanAction::Drifted => {
                if let Some(d) = &p.drift {
                    let _ = writeln!(out, "    {}.", d.reason);
                }
                let _ = writeln!(
                    out,
                    "    Apply refuses it: `apply --pull` takes the remote into the design, `apply --force` overwrites the remote. The remote differs from the design:"
                );
            }
            PlanAction::RemoteOnly => {
                let _ = writeln!(
                    out,
                    "    No local design; `pipewright pull {}` imports it.",
                    p.name
                );
            }
            PlanAction::Invalid => {
                for e in &p.errors {
                    let _ = writeln!(out, "    error[{}] {}: {}", e.code, e.pointer, e.message);
                }
            }
            PlanAction::Unchanged if p.record_stale => {
                let _ = writeln!(
                    out,
                    "    The design's sync record is out of date; apply refreshes it."
                );
            }
            _ => {}
        }
        if p.action != PlanAction::Invalid {
            for c in &p.changes {
                let _ = writeln!(out, "    {} {}  [{}]", sign(c.op), c.phrase, c.pointer);
            }
        }
    }
    let s = &plan.summary;
    let _ = writeln!(
        out,
        "Plan: {} to create, {} to update, {} unchanged, {} drifted, {} remote only, {} invalid.",
        s.create, s.update, s.unchanged, s.drifted, s.remote_only, s.invalid
    );
    out
}
