//! What an approval releases, for the approval dialog and `pipewright approve --show`: when its
//! token expires, the stages and actions that run after it, and what changed since the last
//! execution that went past it.
//!
//! - Expiry: a manual approval fails 7 days after it started waiting, or after the action's
//!   `timeoutInMinutes` ([`expires_at`], [`expiry_words`]).
//! - What runs after: the rest of the declaration (`GetPipeline`) after the approval's stage and
//!   run order ([`runs_after`]).
//! - What changed: the newest older execution whose approval action succeeded
//!   (`ListPipelineExecutions`, then `ListActionExecutions` of each candidate), its source
//!   revisions against the waiting execution's: for CodeCommit the commits between the two
//!   (`GetCommit` from the new revision back to the old) and the files changed
//!   (`GetDifferences`); for a connection source (GitHub, GitLab, Bitbucket) a compare link
//!   ([`compare_url`]).
//!
//! A lookup that fails (no permission, a repository deleted) becomes one sentence in
//! [`Release::notes`]; only `GetPipeline` and `ListPipelineExecutions` fail the use case.

use std::collections::VecDeque;
use std::time::SystemTime;

use pipewright_core::model::Pipeline;
use serde::{Deserialize, Serialize};

pub use super::expiry::{expires_at, expiry_words, APPROVAL_EXPIRY_MINUTES};
use super::model::{ExecutionSummary, SourceRevision, WaitingApproval};
use super::status::ActionStatus;
use super::why::unreadable;
use crate::config::Aws;
use crate::error::AwsError;

/// How many older executions are searched for the last one that went past the approval.
pub const APPROVED_SEARCH: usize = 10;

/// How many commits are listed at most per source (newest first).
pub const COMMITS_MAX: usize = 50;

/// One stage that runs after the approval, with the actions of it that do.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NextStage {
    pub stage: String,
    pub actions: Vec<NextAction>,
}

/// An action that runs after the approval.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NextAction {
    pub name: String,
    /// `Deploy`, `Build`, `Invoke`, ...
    pub category: String,
    pub provider: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub run_order: i64,
}

/// The stages and actions of `pipeline` that run once `stage`'s approval `action` is approved:
/// the actions of its stage with a later run order (those with the same one run beside it),
/// then every later stage. Empty when the approval is not in the declaration.
pub fn runs_after(pipeline: &Pipeline, stage: &str, action: &str) -> Vec<NextStage> {
    let Some(at) = pipeline.stages.iter().position(|s| s.name == stage) else {
        return Vec::new();
    };
    let Some(order) = pipeline.stages[at]
        .actions
        .iter()
        .find(|a| a.name == action)
        .map(|a| a.effective_run_order())
    else {
        return Vec::new();
    };
    let next = |a: &pipewright_core::model::Action| NextAction {
        name: a.name.clone(),
        category: a.action_type_id.category.clone(),
        provider: a.action_type_id.provider.clone(),
        run_order: a.effective_run_order(),
    };
    let mut out = Vec::new();
    let mut rest: Vec<NextAction> = pipeline.stages[at]
        .actions
        .iter()
        .filter(|a| a.effective_run_order() > order)
        .map(next)
        .collect();
    rest.sort_by_key(|a| a.run_order);
    if !rest.is_empty() {
        out.push(NextStage {
            stage: stage.to_string(),
            actions: rest,
        });
    }
    for s in &pipeline.stages[at + 1..] {
        let mut actions: Vec<NextAction> = s.actions.iter().map(next).collect();
        actions.sort_by_key(|a| a.run_order);
        out.push(NextStage {
            stage: s.name.clone(),
            actions,
        });
    }
    out
}

/// The web page that compares `old` with `new` in a repository behind a connection:
/// `provider` is the connection's provider type (`GitHub`, `GitLab`, `Bitbucket`), `repo` the
/// source's `FullRepositoryId` (`owner/name`). `None` for a provider whose host is not known
/// (GitHub Enterprise Server, GitLab self-managed).
pub fn compare_url(provider: &str, repo: &str, old: &str, new: &str) -> Option<String> {
    let repo = repo.trim_matches('/');
    if repo.is_empty() || old.is_empty() || new.is_empty() {
        return None;
    }
    match provider {
        "GitHub" => Some(format!("https://github.com/{repo}/compare/{old}...{new}")),
        "GitLab" => Some(format!("https://gitlab.com/{repo}/-/compare/{old}...{new}")),
        "Bitbucket" => Some(format!(
            "https://bitbucket.org/{repo}/branches/compare/{new}%0D{old}"
        )),
        _ => None,
    }
}

/// What an approval releases.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Release {
    /// When the approval's token expires (RFC 3339), with the action's own timeout.
    pub expires_at: Option<String>,
    /// The same in words, from the time of the call ([`expiry_words`]).
    pub expires: Option<String>,
    pub runs_after: Vec<NextStage>,
    /// The newest older execution that went past this approval, `None` when none of the last
    /// [`APPROVED_SEARCH`] did.
    pub last_approved: Option<ApprovedRun>,
    /// One per source action of the waiting execution, against the last approved execution.
    pub changes: Vec<SourceChange>,
    /// What could not be read, one sentence each.
    pub notes: Vec<String>,
}

/// The execution an earlier approval let through.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovedRun {
    pub pipeline_execution_id: String,
    pub start_time: Option<String>,
    /// Who approved it, when the service says.
    pub approved_by: Option<String>,
}

/// What changed in one source since the last approved execution.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceChange {
    pub action_name: String,
    pub provider: Option<String>,
    /// `RepositoryName` (CodeCommit) or `FullRepositoryId` (connections).
    pub repository: Option<String>,
    /// The revision the last approved execution ran, `None` when there is none.
    pub from: Option<String>,
    pub to: Option<String>,
    /// CodeCommit: the commits after `from` up to `to`, newest first.
    pub commits: Vec<CommitInfo>,
    /// More than [`COMMITS_MAX`] commits, or `from` was not found behind `to`.
    pub more: bool,
    /// CodeCommit: how many files differ between the two (`GetDifferences`).
    pub files_changed: Option<u32>,
    /// Connections: the provider's compare page.
    pub compare_url: Option<String>,
}

impl SourceChange {
    /// Both executions ran the same revision.
    pub fn unchanged(&self) -> bool {
        self.from.is_some() && self.from == self.to
    }
}

/// One commit.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommitInfo {
    pub id: String,
    /// The message's first line.
    pub message: String,
    pub author: Option<String>,
    /// As CodeCommit gives it (`1700000000 +0000`).
    pub date: Option<String>,
}

/// What `approval` releases. Errors only when the pipeline or its history cannot be read.
pub async fn release(aws: &Aws, approval: &WaitingApproval) -> Result<Release, AwsError> {
    let api = aws.codepipeline();
    let pipeline = approval.pipeline.as_str();
    let doc = api.get_pipeline(pipeline).await?;
    let declared = doc
        .pipeline
        .stages
        .iter()
        .find(|s| s.name == approval.stage)
        .and_then(|s| s.actions.iter().find(|a| a.name == approval.action));
    let expires = approval
        .since
        .as_deref()
        .and_then(|s| expires_at(s, declared.and_then(|a| a.timeout_in_minutes)));
    let words = expires
        .as_deref()
        .and_then(|e| expiry_words(e, SystemTime::now()));
    let mut out = Release {
        expires_at: expires,
        expires: words,
        runs_after: runs_after(&doc.pipeline, &approval.stage, &approval.action),
        last_approved: None,
        changes: Vec::new(),
        notes: Vec::new(),
    };
    let Some(waiting_id) = approval.pipeline_execution_id.as_deref() else {
        return Ok(out);
    };
    let mut history: Vec<ExecutionSummary> = Vec::new();
    let mut token = None;
    for _ in 0..2 {
        let page = api
            .list_pipeline_executions(pipeline, None, Some(25), token)
            .await?;
        history.extend(page.items);
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    let Some(at) = history
        .iter()
        .position(|e| e.pipeline_execution_id == waiting_id)
    else {
        out.notes.push(format!(
            "what changed is not shown: execution {waiting_id} is not among the last {} of {pipeline}",
            history.len()
        ));
        return Ok(out);
    };
    let waiting = history[at].clone();
    let mut last: Option<(ExecutionSummary, Option<String>)> = None;
    for candidate in history[at + 1..].iter().take(APPROVED_SEARCH) {
        match api
            .list_action_executions(pipeline, &candidate.pipeline_execution_id)
            .await
        {
            Ok(actions) => {
                if let Some(a) = actions.iter().find(|a| {
                    a.stage_name == approval.stage
                        && a.action_name == approval.action
                        && a.status == ActionStatus::Succeeded
                }) {
                    last = Some((candidate.clone(), a.updated_by.clone()));
                    break;
                }
            }
            Err(e) => {
                out.notes.push(format!(
                    "what changed since the last approved run is not shown: {e}"
                ));
                break;
            }
        }
    }
    let old: &[SourceRevision] = last
        .as_ref()
        .map_or(&[], |(e, _)| e.source_revisions.as_slice());
    for rev in &waiting.source_revisions {
        let declared = doc
            .pipeline
            .stages
            .iter()
            .flat_map(|s| &s.actions)
            .find(|a| a.name == rev.action_name);
        let provider = declared.map(|a| a.action_type_id.provider.clone());
        let repository = declared.and_then(|a| {
            a.config("RepositoryName")
                .or_else(|| a.config("FullRepositoryId"))
                .map(str::to_string)
        });
        let mut change = SourceChange {
            action_name: rev.action_name.clone(),
            provider: provider.clone(),
            repository: repository.clone(),
            from: old
                .iter()
                .find(|o| o.action_name == rev.action_name)
                .and_then(|o| o.revision_id.clone()),
            to: rev.revision_id.clone(),
            ..SourceChange::default()
        };
        if let (Some(from), Some(to), Some(repo)) = (
            change.from.clone(),
            change.to.clone(),
            repository.as_deref(),
        ) {
            if from != to {
                match provider.as_deref() {
                    Some("CodeCommit") => {
                        codecommit_change(aws, repo, &from, &to, &mut change, &mut out.notes).await
                    }
                    Some("CodeStarSourceConnection") => {
                        let arn = declared.and_then(|a| a.config("ConnectionArn"));
                        change.compare_url =
                            connection_compare(aws, arn, repo, &from, &to, &mut out.notes).await;
                    }
                    _ => {}
                }
            }
        }
        out.changes.push(change);
    }
    out.last_approved = last.map(|(e, by)| ApprovedRun {
        pipeline_execution_id: e.pipeline_execution_id,
        start_time: e.start_time,
        approved_by: by,
    });
    Ok(out)
}

/// The commits after `from` up to `to` (walking parents from `to`, newest first) and the
/// number of files that differ.
async fn codecommit_change(
    aws: &Aws,
    repo: &str,
    from: &str,
    to: &str,
    change: &mut SourceChange,
    notes: &mut Vec<String>,
) {
    let client = aws.codecommit();
    let mut queue = VecDeque::from([to.to_string()]);
    let mut seen: Vec<String> = Vec::new();
    let mut reached = false;
    while let Some(id) = queue.pop_front() {
        if id == from {
            reached = true;
            continue;
        }
        if seen.contains(&id) {
            continue;
        }
        if change.commits.len() >= COMMITS_MAX {
            change.more = true;
            break;
        }
        seen.push(id.clone());
        match client
            .get_commit()
            .repository_name(repo)
            .commit_id(&id)
            .send()
            .await
        {
            Ok(out) => {
                let Some(c) = out.commit() else { break };
                let author = c.author();
                change.commits.push(CommitInfo {
                    id: id.clone(),
                    message: c
                        .message()
                        .unwrap_or("")
                        .lines()
                        .next()
                        .unwrap_or("")
                        .to_string(),
                    author: author.and_then(|a| a.name()).map(str::to_string),
                    date: author.and_then(|a| a.date()).map(str::to_string),
                });
                queue.extend(c.parents().iter().cloned());
            }
            Err(e) => {
                notes.push(unreadable(
                    e,
                    "the commit list since the last approved run",
                    "codecommit:GetCommit",
                    &format!("repository {repo}"),
                    None,
                ));
                // The files changed may still be readable.
                change.commits.clear();
                reached = true;
                break;
            }
        }
    }
    if !reached && queue.is_empty() && !change.more {
        // Walked to the first commit without meeting `from` (history rewritten).
        change.more = true;
    }
    let mut files = 0u32;
    let mut token: Option<String> = None;
    loop {
        match client
            .get_differences()
            .repository_name(repo)
            .before_commit_specifier(from)
            .after_commit_specifier(to)
            .set_next_token(token.clone())
            .send()
            .await
        {
            Ok(out) => {
                files += out.differences().len() as u32;
                token = out.next_token().map(str::to_string);
                if token.is_none() {
                    change.files_changed = Some(files);
                    break;
                }
            }
            Err(e) => {
                notes.push(unreadable(
                    e,
                    "the count of files changed since the last approved run",
                    "codecommit:GetDifferences",
                    &format!("repository {repo}"),
                    None,
                ));
                break;
            }
        }
    }
}

/// The compare link of a connection source: the provider from the connection (`GetConnection`).
async fn connection_compare(
    aws: &Aws,
    arn: Option<&str>,
    repo: &str,
    from: &str,
    to: &str,
    notes: &mut Vec<String>,
) -> Option<String> {
    let Some(arn) = arn else {
        notes.push(format!(
            "the compare link of {repo} is not shown: its source names no ConnectionArn"
        ));
        return None;
    };
    let provider = match crate::source_connections::connection_state(aws, arn).await {
        Ok(state) => state.provider,
        Err(e) => {
            notes.push(format!(
                "the compare link of {repo} is not shown: the provider of connection {arn} could not be read ({e})"
            ));
            return None;
        }
    };
    let provider = provider.unwrap_or_default();
    let url = compare_url(&provider, repo, from, to);
    if url.is_none() {
        notes.push(format!(
            "the compare link of {repo} is not shown: Pipewright does not know the web address of a {} repository",
            if provider.is_empty() { "connection's" } else { provider.as_str() }
        ));
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline() -> Pipeline {
        let value: serde_json::Value = serde_json::from_str(
            r#"{"pipeline": {"name": "web", "roleArn": "arn:aws:iam::1:role/r", "stages": [
              {"name": "Source", "actions": [{"name": "Src", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "CodeCommit", "version": "1"}}]},
              {"name": "Gate", "actions": [
                {"name": "Approve", "runOrder": 1, "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"}},
                {"name": "Notify", "runOrder": 1, "actionTypeId": {"category": "Invoke", "owner": "AWS", "provider": "Lambda", "version": "1"}},
                {"name": "Tag", "runOrder": 2, "actionTypeId": {"category": "Invoke", "owner": "AWS", "provider": "Lambda", "version": "1"}}
              ]},
              {"name": "Deploy", "actions": [
                {"name": "Smoke", "runOrder": 2, "actionTypeId": {"category": "Test", "owner": "AWS", "provider": "CodeBuild", "version": "1"}},
                {"name": "Ship", "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "CodeDeploy", "version": "1"}}
              ]}
            ]}}"#,
        )
        .unwrap();
        pipewright_core::Document::from_value(value)
            .unwrap()
            .pipeline
    }

    #[test]
    fn what_runs_after_is_the_rest_of_the_declaration() {
        let after = runs_after(&pipeline(), "Gate", "Approve");
        let names: Vec<(&str, Vec<(&str, i64)>)> = after
            .iter()
            .map(|s| {
                (
                    s.stage.as_str(),
                    s.actions
                        .iter()
                        .map(|a| (a.name.as_str(), a.run_order))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            names,
            vec![
                ("Gate", vec![("Tag", 2)]),
                ("Deploy", vec![("Ship", 1), ("Smoke", 2)]),
            ]
        );
        assert_eq!(after[1].actions[0].category, "Deploy");
        assert_eq!(after[1].actions[0].provider, "CodeDeploy");
        assert!(runs_after(&pipeline(), "Gate", "Nope").is_empty());
        assert!(runs_after(&pipeline(), "Nope", "Approve").is_empty());
    }

    #[test]
    fn compare_links_per_provider() {
        assert_eq!(
            compare_url("GitHub", "example/mobile", "aaa", "bbb").as_deref(),
            Some("https://github.com/example/mobile/compare/aaa...bbb")
        );
        assert_eq!(
            compare_url("GitLab", "group/app", "aaa", "bbb").as_deref(),
            Some("https://gitlab.com/group/app/-/compare/aaa...bbb")
        );
        assert_eq!(
            compare_url("Bitbucket", "team/app", "aaa", "bbb").as_deref(),
            Some("https://bitbucket.org/team/app/branches/compare/bbb%0Daaa")
        );
        assert_eq!(compare_url("GitHubEnterpriseServer", "o/r", "a", "b"), None);
        assert_eq!(compare_url("GitHub", "", "a", "b"), None);
    }
}
