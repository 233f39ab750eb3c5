//! The text rendering of a plan, as `pipewright plan` prints it.

use std::fmt::Write;

use super::{ChangeOp, PipelinePlan, Plan, PlanAction};
use crate::around::AroundOp;

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
        PlanAction::OtherPipeline => "!",
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
            PlanAction::OtherPipeline => {
                if let Some(b) = &p.binding {
                    let _ = writeln!(out, "    {}.", b.reason);
                }
                let _ = writeln!(
                    out,
                    "    Apply refuses it: `apply --force` sends the design to this pipeline anyway (and binds the design to it)."
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
                    let _ = writeln!(
                        out,
                        "    {}[{}] {}: {}",
                        e.severity.label(),
                        e.code,
                        e.pointer,
                        e.message
                    );
                }
                let left = p.errors.iter().filter(|e| !e.is_error()).count();
                if left > 0 {
                    let _ = writeln!(
                        out,
                        "    Apply refuses it until {left} placeholder{} {} replaced with real values.",
                        if left == 1 { "" } else { "s" },
                        if left == 1 { "is" } else { "are" }
                    );
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
            around_text(&mut out, p);
        }
    }
    let s = &plan.summary;
    let _ = write!(
        out,
        "Plan: {} to create, {} to update, {} unchanged, {} drifted, {} remote only, {} invalid",
        s.create, s.update, s.unchanged, s.drifted, s.remote_only, s.invalid
    );
    if s.other_pipeline > 0 {
        let _ = write!(out, ", {} synced with another pipeline", s.other_pipeline);
    }
    out.push('.');
    if s.around > 0 {
        let _ = write!(out, " Around them: {} to create, fix or delete.", s.around);
    }
    out.push('\n');
    out
}

fn around_sign(op: AroundOp) -> char {
    match op {
        AroundOp::Create => '+',
        AroundOp::Update => '~',
        AroundOp::Unchanged => '=',
        AroundOp::Missing => '!',
        AroundOp::Delete => '-',
    }
}

/// What starts the pipeline, what it needs that Pipewright does not make, and what only the
/// remote can tell.
fn around_text(out: &mut String, p: &PipelinePlan) {
    for c in &p.around {
        let _ = write!(
            out,
            "    {} {:<9} {} {}: {}",
            around_sign(c.op),
            c.op.label(),
            c.kind.label(),
            c.name,
            c.summary
        );
        if !c.pointer.is_empty() {
            let _ = write!(out, "  [{}]", c.pointer);
        }
        out.push('\n');
        if c.op == AroundOp::Missing {
            let _ = writeln!(
                out,
                "        it does not exist, so the pipeline does not start this way; apply creates it"
            );
        }
        for d in &c.differences {
            let _ = writeln!(out, "        {d}; apply puts it back");
        }
    }
    for n in &p.notes {
        let _ = write!(out, "    note: {}", n.message);
        if !n.pointer.is_empty() {
            let _ = write!(out, "  [{}]", n.pointer);
        }
        out.push('\n');
    }
    for w in &p.warnings {
        let _ = writeln!(out, "    warning[{}] {}: {}", w.code, w.pointer, w.message);
        if !w.hint.is_empty() {
            let _ = writeln!(out, "        {}", w.hint);
        }
    }
}
