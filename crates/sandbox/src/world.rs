//! The world around the pipelines: what the services other than CodePipeline know that is not
//! an action run. Repositories and their commits (CodeCommit, and the GitHub repositories behind
//! connections), connections and their status, CloudWatch alarms and their state, log groups
//! that answer "access denied" or "not found", build projects, stacks and deployment groups with
//! what their failures look like, and IAM Identity Center's sign-in state (`sso`).
//!
//! Builds, stack operations and deployments are not stored: each is an action run seen through
//! its service (`services::codebuild`, `::cloudformation`, `::codedeploy`), with the profiles
//! here saying what that run's failure was. Plain data: the samples and the admin endpoints fill
//! it, the engine reads it (a source action takes its branch's head commit; a connection that is
//! not AVAILABLE fails it; rules read alarms), the services answer from it.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::sso::SsoState;

/// Everything the sandbox knows outside pipelines and executions.
#[derive(Debug, Default)]
pub struct World {
    /// Repositories by name (CodeCommit) or full repository id (`owner/name`, connections).
    pub repos: BTreeMap<String, Repo>,
    /// Connections by ARN.
    pub connections: BTreeMap<String, Connection>,
    /// CloudWatch alarms by name (an alarm the sandbox was never told about is OK).
    pub alarms: BTreeMap<String, Alarm>,
    /// Log groups that fail on purpose, by name.
    pub log_faults: BTreeMap<String, LogFault>,
    /// CodeBuild projects by name: what their builds log and report.
    pub projects: BTreeMap<String, Project>,
    /// CloudFormation stacks by name: their resources and how an operation fails.
    pub stacks: BTreeMap<String, StackProfile>,
    /// CodeDeploy deployment groups by (application, group).
    pub deployment_groups: HashMap<(String, String), DeploymentGroup>,
    /// IAM Identity Center: clients, device authorizations, tokens.
    pub sso: SsoState,
}

/// A person in a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// One changed file of a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    /// `A` (added), `M` (modified) or `D` (deleted), as CodeCommit's ChangeTypeEnum.
    pub change: char,
    /// The blob before (absent for `A`) and after (absent for `D`).
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Commit {
    /// 40 hex digits.
    pub id: String,
    pub tree: String,
    pub parents: Vec<String>,
    pub message: String,
    pub author: Person,
    pub committer: Person,
    /// Seconds since the epoch.
    pub time: f64,
    pub files: Vec<FileChange>,
}

/// Where a repository lives, which decides how a source action reports its revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepoHost {
    CodeCommit,
    /// Behind a CodeStar / CodeConnections connection.
    GitHub,
}

/// A repository with one branch and its linear history.
#[derive(Debug, Clone)]
pub struct Repo {
    pub name: String,
    pub host: RepoHost,
    pub branch: String,
    /// Oldest first; each commit's parent is the one before it.
    pub commits: Vec<Commit>,
    pub created: f64,
    pub id: String,
}

impl Repo {
    /// The branch's head at time `t`: the newest commit made by then.
    pub fn head_at(&self, t: f64) -> Option<&Commit> {
        self.commits.iter().rev().find(|c| c.time <= t)
    }

    pub fn commit(&self, id: &str) -> Option<&Commit> {
        self.commits.iter().find(|c| c.id == id)
    }

    /// Commits after `from` up to and including `to`, oldest first (None: `to` does not come
    /// after `from` on the branch).
    pub fn between(&self, from: &str, to: &str) -> Option<&[Commit]> {
        let i = self.commits.iter().position(|c| c.id == from)?;
        let j = self.commits.iter().position(|c| c.id == to)?;
        (i <= j).then(|| &self.commits[i + 1..=j])
    }
}

/// A connection's `ConnectionStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ConnectionStatus {
    Available,
    Pending,
    Error,
}

impl ConnectionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionStatus::Available => "AVAILABLE",
            ConnectionStatus::Pending => "PENDING",
            ConnectionStatus::Error => "ERROR",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_uppercase().as_str() {
            "AVAILABLE" => Some(Self::Available),
            "PENDING" => Some(Self::Pending),
            "ERROR" => Some(Self::Error),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Connection {
    pub arn: String,
    pub name: String,
    /// `GitHub`, `Bitbucket`, `GitLab`, ...
    pub provider: String,
    pub status: ConnectionStatus,
}

impl Connection {
    /// A connection named after the end of its ARN.
    pub fn new(arn: &str, status: ConnectionStatus) -> Self {
        let name = arn.rsplit('/').next().unwrap_or(arn);
        Connection {
            arn: arn.to_string(),
            name: format!("sandbox-{}", &name[..name.len().min(8)]),
            provider: "GitHub".to_string(),
            status,
        }
    }
}

/// A CloudWatch alarm's `StateValue`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AlarmState {
    Ok,
    Alarm,
    InsufficientData,
}

impl AlarmState {
    pub fn as_str(self) -> &'static str {
        match self {
            AlarmState::Ok => "OK",
            AlarmState::Alarm => "ALARM",
            AlarmState::InsufficientData => "INSUFFICIENT_DATA",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_uppercase().as_str() {
            "OK" => Some(Self::Ok),
            "ALARM" => Some(Self::Alarm),
            "INSUFFICIENT_DATA" => Some(Self::InsufficientData),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Alarm {
    pub state: AlarmState,
    pub reason: String,
    pub updated: f64,
}

/// How a log group fails on purpose: the caller may not read it, or it was deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LogFault {
    AccessDenied,
    NotFound,
}

impl LogFault {
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "accessdenied" | "denied" => Some(Self::AccessDenied),
            "notfound" | "missing" | "deleted" => Some(Self::NotFound),
            _ => None,
        }
    }
}

/// What a build log looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogStyle {
    /// A Node.js project: `npm ci` (at `--loglevel http`, thousands of lines), lint, tests.
    Npm,
    /// A Python project tested with pytest.
    Pytest,
    /// Commands and their exit codes only.
    Plain,
}

/// A test report group of a project, and its tests: those in `failing` fail in a failed build.
#[derive(Debug, Clone)]
pub struct TestSuite {
    /// The report group's name (`<project>-<name>` in its ARN).
    pub name: String,
    /// (suite / file, test name, duration in ms)
    pub tests: Vec<(String, String, u64)>,
    /// (test name, failure message)
    pub failing: Vec<(String, String)>,
}

/// A CodeBuild project: how its builds log, which phase fails and how, and its test reports.
#[derive(Debug, Clone)]
pub struct Project {
    pub style: LogStyle,
    /// The phase a failed build fails in (`INSTALL`, `PRE_BUILD`, `BUILD`, ...).
    pub failed_phase: &'static str,
    /// The command that fails there.
    pub failed_command: String,
    pub report: Option<TestSuite>,
}

impl Default for Project {
    fn default() -> Self {
        Project {
            style: LogStyle::Plain,
            failed_phase: "BUILD",
            failed_command: "./build.sh".to_string(),
            report: None,
        }
    }
}

/// A stack: its resources (logical id, type), and the resource a failed operation fails on
/// with its reason (default: the first resource, with the action's error message).
#[derive(Debug, Clone, Default)]
pub struct StackProfile {
    pub resources: Vec<(String, String)>,
    pub failure: Option<(String, String)>,
}

/// A deployment group: its instances, and how a failed deployment fails on the first one.
#[derive(Debug, Clone)]
pub struct DeploymentGroup {
    pub instances: Vec<String>,
    /// (lifecycle event, script, diagnostics message, log tail)
    pub failure: Option<(String, String, String, String)>,
}

impl Default for DeploymentGroup {
    fn default() -> Self {
        DeploymentGroup {
            instances: vec![
                "i-0a1b2c3d4e5f60718".to_string(),
                "i-0f9e8d7c6b5a40312".to_string(),
            ],
            failure: None,
        }
    }
}

/// Set a connection's status (a connection the sandbox did not know is added, named after its
/// ARN).
pub fn set_connection(world: &mut World, arn: &str, status: ConnectionStatus) {
    world
        .connections
        .entry(arn.to_string())
        .or_insert_with(|| Connection::new(arn, status))
        .status = status;
}

/// Set an alarm's state.
pub fn set_alarm(world: &mut World, name: &str, state: AlarmState, reason: &str, now: f64) {
    world.alarms.insert(
        name.to_string(),
        Alarm {
            state,
            reason: reason.to_string(),
            updated: now,
        },
    );
}

/// Short deterministic 64-bit hash (FNV-1a): stable ids and pseudo-random but repeatable
/// details from a name.
pub fn hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `n` lowercase hex digits derived from `seed` (commit ids, blob ids, uuids).
pub fn hex_id(seed: &str, n: usize) -> String {
    let mut out = String::with_capacity(n + 16);
    let mut i = 0u32;
    while out.len() < n {
        out.push_str(&format!("{:016x}", hash(&format!("{seed}#{i}"))));
        i += 1;
    }
    out.truncate(n);
    out
}

/// A uuid-shaped id derived from `seed`.
pub fn uuid_from(seed: &str) -> String {
    let h = hex_id(seed, 32);
    format!(
        "{}-{}-4{}-8{}-{}",
        &h[..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_shaped() {
        assert_eq!(hex_id("a", 40), hex_id("a", 40));
        assert_ne!(hex_id("a", 40), hex_id("b", 40));
        assert_eq!(hex_id("a", 40).len(), 40);
        let u = uuid_from("x");
        assert_eq!(u.len(), 36);
        assert_eq!(
            u.split('-').map(str::len).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
    }

    #[test]
    fn a_branch_head_moves_with_time_and_commits_between_two_revisions_are_in_order() {
        let commit = |n: u32, t: f64| Commit {
            id: format!("c{n}"),
            tree: String::new(),
            parents: vec![],
            message: format!("change {n}"),
            author: Person {
                name: "A".into(),
                email: "a@example.com".into(),
            },
            committer: Person {
                name: "A".into(),
                email: "a@example.com".into(),
            },
            time: t,
            files: vec![],
        };
        let repo = Repo {
            name: "r".into(),
            host: RepoHost::CodeCommit,
            branch: "main".into(),
            commits: vec![commit(1, 10.0), commit(2, 20.0), commit(3, 30.0)],
            created: 0.0,
            id: "id".into(),
        };
        assert_eq!(repo.head_at(25.0).unwrap().id, "c2");
        assert!(repo.head_at(5.0).is_none());
        let ids: Vec<&str> = repo
            .between("c1", "c3")
            .unwrap()
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, ["c2", "c3"]);
        assert!(repo.between("c3", "c1").is_none());
    }
}
