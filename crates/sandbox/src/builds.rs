//! CodeBuild builds as the sandbox has them: every run of a Build or Test action (CodeBuild, or
//! any provider with a `ProjectName`) is a build `<project>:<run id>`, with phases laid over the
//! run's time (SUBMITTED ... COMPLETED; a failure stops in the project's failing phase), a log
//! stream `/aws/codebuild/<project>` / `<run id>` whose lines appear as the build reaches them,
//! and, for projects with a test suite, a test report. Read by `services::codebuild` and
//! `services::logs`.

use crate::buildlog;
use crate::store::{ActionRun, ActionStatus, Attempt, Execution, Store};
use crate::world::{hash, Project};

/// (phase, share of the build's time)
const PHASES: [(&str, f64); 11] = [
    ("SUBMITTED", 0.01),
    ("QUEUED", 0.02),
    ("PROVISIONING", 0.10),
    ("DOWNLOAD_SOURCE", 0.05),
    ("INSTALL", 0.25),
    ("PRE_BUILD", 0.10),
    ("BUILD", 0.35),
    ("POST_BUILD", 0.04),
    ("UPLOAD_ARTIFACTS", 0.04),
    ("FINALIZING", 0.04),
    ("COMPLETED", 0.0),
];

/// A build: the action run behind it.
pub struct Build<'a> {
    pub ex: &'a Execution,
    pub attempt: &'a Attempt,
    pub project: String,
    /// `<project>:<run id>`
    pub id: String,
    pub number: u64,
    pub profile: Project,
}

/// One phase of a build.
pub struct Phase {
    pub name: &'static str,
    pub start: f64,
    /// None while it runs.
    pub end: Option<f64>,
    /// SUCCEEDED, FAILED, STOPPED, or IN_PROGRESS.
    pub status: &'static str,
    pub context: Option<(String, String)>,
}

fn is_build(a: &ActionRun) -> bool {
    matches!(a.category(), "Build" | "Test")
        && (a.provider() == "CodeBuild" || a.config("ProjectName").is_some())
}

/// Every build, oldest first.
pub fn all(st: &Store) -> Vec<Build<'_>> {
    let mut out: Vec<Build> = Vec::new();
    for ex in st.executions.values() {
        for stage in &ex.stages {
            for a in stage.actions.iter().filter(|a| is_build(a)) {
                for at in &a.attempts {
                    let Some(id) = at.external_id.clone() else {
                        continue;
                    };
                    let project = id.split(':').next().unwrap_or("").to_string();
                    let profile = st.world.projects.get(&project).cloned().unwrap_or_default();
                    out.push(Build {
                        ex,
                        attempt: at,
                        project,
                        id,
                        number: 0,
                        profile,
                    });
                }
            }
        }
    }
    out.sort_by(|a, b| {
        a.attempt
            .start
            .total_cmp(&b.attempt.start)
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut counts = std::collections::HashMap::<String, u64>::new();
    for b in out.iter_mut() {
        let n = counts.entry(b.project.clone()).or_insert(0);
        *n += 1;
        b.number = *n;
    }
    out
}

impl Build<'_> {
    /// The run id: the log stream's name.
    pub fn run_id(&self) -> &str {
        &self.attempt.id
    }

    /// The build fails (or will: a running build whose run is planned to fail).
    pub fn fails(&self) -> bool {
        self.attempt.status == ActionStatus::Failed
            || (self.attempt.status == ActionStatus::InProgress
                && self.attempt.planned_failure.is_some())
    }

    /// SUCCEEDED, FAILED, STOPPED or IN_PROGRESS (CodeBuild's StatusType).
    pub fn status(&self) -> &'static str {
        match self.attempt.status {
            ActionStatus::InProgress => "IN_PROGRESS",
            ActionStatus::Succeeded => "SUCCEEDED",
            ActionStatus::Failed => "FAILED",
            ActionStatus::Abandoned => "STOPPED",
        }
    }

    pub fn end(&self) -> Option<f64> {
        (self.attempt.status != ActionStatus::InProgress).then_some(self.attempt.last_update)
    }

    /// The phases the build goes through (a failing build skips to FINALIZING).
    fn plan(&self) -> Vec<&'static str> {
        let failed = self.fails().then_some(self.profile.failed_phase);
        let mut names = Vec::new();
        let mut after_failure = false;
        for (name, _) in PHASES {
            if after_failure
                && !matches!(name, "FINALIZING" | "COMPLETED")
                && !(failed == Some("BUILD") && name == "POST_BUILD")
            {
                continue;
            }
            names.push(name);
            if Some(name) == failed {
                after_failure = true;
            }
        }
        names
    }

    /// The phases with their times at `now`.
    pub fn phases(&self, now: f64) -> Vec<Phase> {
        let names = self.plan();
        let weight = |n: &str| {
            PHASES
                .iter()
                .find(|(p, _)| *p == n)
                .map_or(0.0, |(_, w)| *w)
        };
        let total: f64 = names.iter().map(|n| weight(n)).sum::<f64>().max(1e-9);
        let start = self.attempt.start;
        let planned_end = self
            .attempt
            .finish_at
            .unwrap_or(self.attempt.last_update)
            .max(start + 0.001);
        let stopped_at =
            (self.attempt.status == ActionStatus::Abandoned).then_some(self.attempt.last_update);
        let failed = self.fails().then_some(self.profile.failed_phase);
        let mut out = Vec::new();
        let mut t = start;
        for name in names {
            let end = if name == "COMPLETED" {
                t
            } else {
                t + (planned_end - start) * weight(name) / total
            };
            if t > now && name != "SUBMITTED" {
                break;
            }
            if stopped_at.is_some_and(|s| t > s) {
                break;
            }
            let done = name != "COMPLETED" && end <= now && stopped_at.is_none_or(|s| end <= s);
            let finished = self.attempt.status != ActionStatus::InProgress;
            let (status, end) = if name == "COMPLETED" {
                if finished {
                    ("", None)
                } else {
                    break;
                }
            } else if done {
                (
                    if Some(name) == failed {
                        "FAILED"
                    } else {
                        "SUCCEEDED"
                    },
                    Some(end),
                )
            } else if let Some(s) = stopped_at {
                ("STOPPED", Some(s))
            } else {
                ("IN_PROGRESS", None)
            };
            let context = match (status, Some(name) == failed) {
                ("FAILED", true) => Some((
                    "COMMAND_EXECUTION_ERROR".to_string(),
                    format!(
                        "Error while executing command: {}. Reason: exit status 1",
                        self.failed_command()
                    ),
                )),
                ("SUCCEEDED", _) => Some((String::new(), String::new())),
                _ => None,
            };
            out.push(Phase {
                name,
                start: t,
                end,
                status,
                context,
            });
            match end {
                Some(e) => t = e,
                None => break,
            }
        }
        out
    }

    /// The command that fails in the failing phase.
    pub fn failed_command(&self) -> String {
        buildlog::commands(&self.profile, self.profile.failed_phase)
            .pop()
            .unwrap_or_else(|| self.profile.failed_command.clone())
    }

    /// The phase the build is in at `now` (COMPLETED when done).
    pub fn current_phase(&self, now: f64) -> &'static str {
        self.phases(now).last().map_or("SUBMITTED", |p| p.name)
    }

    /// The log events written by `now`: (epoch ms, message), oldest first.
    pub fn log(&self, now: f64) -> Vec<(i64, String)> {
        let names = self.plan();
        let timeline = self.phases(f64::MAX);
        let failed = self.fails().then_some(self.profile.failed_phase);
        let lines = buildlog::lines(&self.profile, &names, failed, hash(&self.id));
        let mut out = Vec::with_capacity(lines.len());
        for phase in &timeline {
            let mine: Vec<&String> = lines
                .iter()
                .filter(|(p, _)| *p == phase.name)
                .map(|(_, l)| l)
                .collect();
            let end = phase.end.unwrap_or(phase.start);
            let step = (end - phase.start) / (mine.len() as f64 + 1.0);
            for (k, line) in mine.into_iter().enumerate() {
                let t = phase.start + step * (k as f64 + 1.0);
                if t > now || self.end().is_some_and(|e| t > e + 0.001) {
                    continue;
                }
                let ms = (t * 1000.0).floor() as i64;
                out.push((ms, line.replace("{TS}", &container_time(t))));
            }
        }
        out
    }
}

/// `2024/05/02 10:11:12.345678`, the container's clock in CodeBuild's log lines.
fn container_time(t: f64) -> String {
    let c = crate::clock::civil(t);
    format!(
        "{:04}/{:02}/{:02} {:02}:{:02}:{:02}.{:03}{:03}",
        c.year,
        c.month,
        c.day,
        c.hour,
        c.minute,
        c.second,
        c.millis,
        (t.fract() * 1e6) as u64 % 1000
    )
}
