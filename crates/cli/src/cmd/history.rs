//! `pipewright history PIPELINE [--execution ID] [--compare A B]`: an execution's timeline of
//! stages and actions with their durations, trigger and revisions, or two executions compared.

use pipewright_aws::control::timeline::{
    self, duration_words, millis, Comparison, RunSide, Timeline,
};

use crate::cmd::connections::ProfileArg;
use crate::cmd::control::{self, ConnArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Show a pipeline's latest execution (or the one given) as a timeline: its trigger and source
/// revisions, then each stage and action in declaration order with its status, duration and a
/// bar for when it ran (`#` done, `=` still running), with the attempts of a retried action.
/// With --compare, two executions side by side: each source's revision in both, each stage's
/// and action's duration in both and the difference, and how each ended.
///
/// Exit status: 0 shown; 2 the calls failed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright history storefront\n  pipewright history storefront --execution 4f1c...\n  pipewright history storefront --compare 4f1c... 9a2b...\n  pipewright history storefront --json"
)]
pub struct Args {
    pub pipeline: String,

    /// The execution to show (default: the latest).
    #[arg(long, value_name = "ID", conflicts_with = "compare")]
    pub execution: Option<String>,

    /// Compare two executions: A (the base) and B.
    #[arg(long, num_args = 2, value_names = ["A", "B"])]
    pub compare: Option<Vec<String>>,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub conn: ConnArgs,
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    control::run(profile, &args.conn.clone(), |api, _| async move {
        let (json, text) = match args.compare.as_deref() {
            Some([a, b]) => match timeline::timeline_compare(&api, &args.pipeline, a, b).await {
                Ok(c) => (serde_json::to_string_pretty(&c), compare_text(&c)),
                Err(e) => return Ok(control::fail(&e)),
            },
            _ => match timeline::timeline(&api, &args.pipeline, args.execution.as_deref()).await {
                Ok(t) => (serde_json::to_string_pretty(&t), timeline_text(&t)),
                Err(e) => return Ok(control::fail(&e)),
            },
        };
        if args.json {
            output::print(&format!("{}\n", json.unwrap_or_default()))?;
        } else {
            output::print(&text)?;
        }
        Ok(Exit::Ok)
    })
}

/// How wide the bars are, in characters.
const BAR: usize = 40;

fn words(ms: Option<u64>) -> String {
    ms.map_or_else(|| "-".to_string(), duration_words)
}

fn signed(ms: Option<i64>) -> String {
    match ms {
        None => "-".to_string(),
        Some(d) if d < 0 => format!("-{}", duration_words(d.unsigned_abs())),
        Some(d) => format!("+{}", duration_words(d as u64)),
    }
}

/// `2026-12-03 17:33:47 UTC` from an RFC 3339 time.
fn when(t: Option<&str>) -> String {
    match t.and_then(|t| t.get(..19)) {
        Some(s) => format!("{} UTC", s.replace('T', " ")),
        None => "-".to_string(),
    }
}

fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

/// `start`..`end` of the run's span as a bar of [`BAR`] characters.
fn bar(t: &Timeline, start: Option<&str>, end: Option<&str>, running: bool) -> String {
    let (Some(t0), Some(s)) = (
        t.start_time.as_deref().and_then(millis),
        start.and_then(millis),
    ) else {
        return " ".repeat(BAR);
    };
    let t1 = t
        .end_time
        .as_deref()
        .or(Some(t.as_of.as_str()))
        .and_then(millis)
        .unwrap_or(t0);
    let e = if running {
        millis(&t.as_of)
    } else {
        end.and_then(millis)
    }
    .unwrap_or(s);
    let total = (t1 - t0).max(1) as f64;
    let col = |ms: i64| (((ms - t0) as f64 / total) * BAR as f64).round() as usize;
    let from = col(s).min(BAR - 1);
    let to = col(e).clamp(from + 1, BAR);
    let fill = if running { '=' } else { '#' };
    format!(
        "{}{}{}",
        " ".repeat(from),
        fill.to_string().repeat(to - from),
        " ".repeat(BAR - to)
    )
}

/// The timeline as text.
pub fn timeline_text(t: &Timeline) -> String {
    let mut out = format!(
        "{} execution {} {}\n",
        t.pipeline, t.pipeline_execution_id, t.status
    );
    if let Some(s) = &t.status_summary {
        out.push_str(&format!("summary: {s}\n"));
    }
    if let Some(trigger) = &t.trigger_type {
        out.push_str(&format!("trigger: {trigger}"));
        if let Some(d) = &t.trigger_detail {
            out.push_str(&format!(" ({d})"));
        }
        out.push('\n');
    }
    for r in &t.revisions {
        out.push_str(&format!(
            "source {}: {} {}\n",
            r.source,
            short(r.revision_id.as_deref().unwrap_or("?")),
            r.message.as_deref().unwrap_or("")
        ));
    }
    out.push_str(&format!(
        "started {}, {} {}\n",
        when(t.start_time.as_deref()),
        if t.end_time.is_some() {
            "took"
        } else {
            "running for"
        },
        words(t.duration_ms)
    ));
    for s in &t.stages {
        let status = s.status.map_or("not run", |x| x.as_str());
        out.push_str(&format!(
            "{:<28} {:<11} {:>11}  |{}|\n",
            s.name,
            status,
            words(s.duration_ms),
            bar(
                t,
                s.start_time.as_deref(),
                s.end_time.as_deref(),
                s.end_time.is_none() && s.status.is_some()
            )
        ));
        for a in &s.actions {
            let status = a.status.map_or("not run", |x| x.as_str());
            let retries = if a.attempts.len() > 1 {
                format!("  ({} attempts)", a.attempts.len())
            } else {
                String::new()
            };
            out.push_str(&format!(
                "  {:<26} {:<11} {:>11}  |{}|{retries}\n",
                a.name,
                status,
                words(a.duration_ms),
                bar(t, a.start_time.as_deref(), a.end_time.as_deref(), a.running)
            ));
            if a.attempts.len() > 1 {
                for (n, at) in a.attempts.iter().enumerate() {
                    out.push_str(&format!(
                        "    {:<24} {:<11} {:>11}{}\n",
                        format!("attempt {}", n + 1),
                        at.status.as_str(),
                        words(at.duration_ms),
                        at.error
                            .as_ref()
                            .map(|e| format!("  {e}"))
                            .unwrap_or_default()
                    ));
                }
            }
        }
    }
    out
}

fn side(s: Option<&RunSide>) -> String {
    match s {
        None => "not run".to_string(),
        Some(s) => format!(
            "{} {}",
            s.status.map_or("not run", |x| x.as_str()),
            words(s.duration_ms)
        ),
    }
}

/// The comparison as text.
pub fn compare_text(c: &Comparison) -> String {
    let mut out = format!("{}\n", c.a.pipeline);
    for (label, t) in [("A", &c.a), ("B", &c.b)] {
        out.push_str(&format!(
            "{label}: {} {} started {}, {}\n",
            t.pipeline_execution_id,
            t.status,
            when(t.start_time.as_deref()),
            words(t.duration_ms)
        ));
    }
    out.push_str(&format!(
        "outcome: {}; B took {} than A\n",
        if c.same_outcome {
            "the same"
        } else {
            "different"
        },
        match c.duration_delta_ms {
            Some(d) if d < 0 => format!("{} less", duration_words(d.unsigned_abs())),
            Some(d) => format!("{} more", duration_words(d as u64)),
            None => "an unknown time more or less".to_string(),
        }
    ));
    for r in &c.revisions {
        let id = |x: Option<&timeline::RunRevision>| {
            short(x.and_then(|r| r.revision_id.as_deref()).unwrap_or("-")).to_string()
        };
        out.push_str(&format!(
            "source {}: {} -> {}{}\n",
            r.source,
            id(r.a.as_ref()),
            id(r.b.as_ref()),
            if r.changed { " (changed)" } else { " (same)" }
        ));
        if let Some(m) =
            r.b.as_ref()
                .and_then(|r| r.message.as_ref())
                .filter(|_| r.changed)
        {
            out.push_str(&format!("  B: {m}\n"));
        }
    }
    out.push_str(&format!(
        "{:<28} {:<22} {:<22} {}\n",
        "stage / action", "A", "B", "B - A"
    ));
    for s in &c.stages {
        out.push_str(&format!(
            "{:<28} {:<22} {:<22} {}\n",
            s.name,
            side(s.a.as_ref()),
            side(s.b.as_ref()),
            signed(s.delta_ms)
        ));
        for a in &s.actions {
            out.push_str(&format!(
                "  {:<26} {:<22} {:<22} {}\n",
                a.name,
                side(a.a.as_ref()),
                side(a.b.as_ref()),
                signed(a.delta_ms)
            ));
        }
    }
    out
}
