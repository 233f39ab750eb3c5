//! CodeCommit (AWS JSON 1.1, `CodeCommit_20150413`): GetCommit and BatchGetCommits (message,
//! author, committer, parents: walking parents from one revision back to another gives the
//! commits between them), GetDifferences (the files changed between two commits, paged) and
//! GetBranch, over the world's CodeCommit repositories.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{unknown_operation, Call};
use crate::error::{ApiError, ApiResult};
use crate::store::Store;
use crate::wire::{compact, opt_str};
use crate::world::{Commit, Person, Repo, RepoHost};

pub fn dispatch(st: &mut Store, op: &str, body: &Value, call: &Call) -> ApiResult<Value> {
    match op {
        "GetCommit" => get_commit(st, body),
        "BatchGetCommits" => batch_get_commits(st, body),
        "GetDifferences" => get_differences(st, body),
        "GetBranch" => get_branch(st, body, call.now),
        other => Err(unknown_operation("CodeCommit", other)),
    }
}

fn repo<'a>(st: &'a Store, body: &Value) -> ApiResult<&'a Repo> {
    let name = opt_str(body, "repositoryName").ok_or_else(|| {
        ApiError::new(
            "RepositoryNameRequiredException",
            "A repository name is required, but was not specified.",
        )
    })?;
    st.world
        .repos
        .get(name)
        .filter(|r| r.host == RepoHost::CodeCommit)
        .ok_or_else(|| {
            ApiError::new(
                "RepositoryDoesNotExistException",
                format!("{name} does not exist"),
            )
        })
}

fn user(p: &Person, t: f64) -> Value {
    json!({ "name": p.name, "email": p.email, "date": format!("{} +0000", t.floor() as i64) })
}

fn commit_json(c: &Commit) -> Value {
    json!({
        "commitId": c.id,
        "treeId": c.tree,
        "parents": c.parents,
        "message": c.message,
        "author": user(&c.author, c.time),
        "committer": user(&c.committer, c.time),
        "additionalData": "",
    })
}

fn missing_commit(id: &str) -> ApiError {
    ApiError::new(
        "CommitIdDoesNotExistException",
        format!("Could not find commit with id {id}"),
    )
}

fn get_commit(st: &mut Store, body: &Value) -> ApiResult<Value> {
    let repo = repo(st, body)?;
    let id = opt_str(body, "commitId").ok_or_else(|| {
        ApiError::new(
            "CommitIdRequiredException",
            "A commit ID is required, but was not specified.",
        )
    })?;
    if id.len() != 40 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(ApiError::new(
            "InvalidCommitIdException",
            format!("The specified commit ID {id} is not valid. Specify the full 40-character commit ID."),
        ));
    }
    let c = repo.commit(id).ok_or_else(|| missing_commit(id))?;
    Ok(json!({ "commit": commit_json(c) }))
}

fn batch_get_commits(st: &mut Store, body: &Value) -> ApiResult<Value> {
    let repo = repo(st, body)?;
    let ids: Vec<&str> = body
        .get("commitIds")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if ids.is_empty() {
        return Err(ApiError::new(
            "CommitIdsListRequiredException",
            "A list of commit IDs is required, but was either not specified or the list was empty.",
        ));
    }
    if ids.len() > 100 {
        return Err(ApiError::new(
            "CommitIdsLimitExceededException",
            "The maximum number of allowed commit IDs in a batch request is 100.",
        ));
    }
    let mut commits = Vec::new();
    let mut errors = Vec::new();
    for id in ids {
        match repo.commit(id) {
            Some(c) => commits.push(commit_json(c)),
            None => errors.push(json!({
                "commitId": id,
                "errorCode": "CommitIdDoesNotExistException",
                "errorMessage": format!("Could not find commit with id {id}"),
            })),
        }
    }
    Ok(json!({ "commits": commits, "errors": errors }))
}

/// The commit a specifier names: a full commit id, the branch (`main`, `refs/heads/main`), or
/// `HEAD`.
fn resolve<'a>(repo: &'a Repo, spec: &str) -> ApiResult<&'a Commit> {
    let branch = spec.strip_prefix("refs/heads/").unwrap_or(spec);
    if branch == repo.branch || branch == "HEAD" {
        return repo.commits.last().ok_or_else(|| missing_commit(spec));
    }
    repo.commit(spec).ok_or_else(|| {
        ApiError::new(
            "CommitDoesNotExistException",
            format!("The specified commit {spec} does not exist or no commit was specified, and the specified repository has no default branch."),
        )
    })
}

fn get_differences(st: &mut Store, body: &Value) -> ApiResult<Value> {
    let repo = repo(st, body)?;
    let after = opt_str(body, "afterCommitSpecifier")
        .ok_or_else(|| ApiError::new("CommitRequiredException", "A commit was not specified."))?;
    let after = resolve(repo, after)?;
    let before = opt_str(body, "beforeCommitSpecifier")
        .map(|b| resolve(repo, b))
        .transpose()?;
    let from = before.map_or(0, |b| {
        repo.commits
            .iter()
            .position(|c| c.id == b.id)
            .map_or(0, |i| i + 1)
    });
    let to = repo
        .commits
        .iter()
        .position(|c| c.id == after.id)
        .map_or(0, |i| i + 1);
    // Per path: the blob before the first change in the range and after the last.
    let mut paths: BTreeMap<&str, (Option<&String>, Option<&String>)> = BTreeMap::new();
    for c in repo.commits.get(from..to).unwrap_or_default() {
        for f in &c.files {
            let entry = paths
                .entry(f.path.as_str())
                .or_insert((f.before.as_ref(), None));
            entry.1 = f.after.as_ref();
        }
    }
    let before_path = opt_str(body, "beforePath");
    let after_path = opt_str(body, "afterPath");
    let blob = |id: Option<&String>, path: &str| {
        id.map(|id| json!({ "blobId": id, "path": path, "mode": "100644" }))
    };
    let differences: Vec<Value> = paths
        .into_iter()
        .filter(|(p, _)| {
            before_path.is_none_or(|b| p.starts_with(b))
                && after_path.is_none_or(|a| p.starts_with(a))
        })
        .filter_map(|(path, (b, a))| {
            let change = match (b, a) {
                (None, None) => return None,
                (None, Some(_)) => "A",
                (Some(_), None) => "D",
                (Some(x), Some(y)) if x == y => return None,
                _ => "M",
            };
            Some(compact(json!({
                "beforeBlob": blob(b, path),
                "afterBlob": blob(a, path),
                "changeType": change,
            })))
        })
        .collect();
    let start = match opt_str(body, "NextToken") {
        None => 0,
        Some(t) => t
            .strip_prefix("sandbox-diff-")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| {
                ApiError::new(
                    "InvalidContinuationTokenException",
                    "The specified continuation token is not valid.",
                )
            })?,
    };
    let max = match body.get("MaxResults").and_then(Value::as_i64) {
        None => 100,
        Some(n) if n >= 1 => n as usize,
        Some(n) => {
            return Err(ApiError::new(
                "InvalidMaxResultsException",
                format!("The specified number of maximum results ({n}) is not valid."),
            ))
        }
    };
    let end = start.saturating_add(max).min(differences.len());
    Ok(compact(json!({
        "differences": differences.get(start..end).unwrap_or_default(),
        "NextToken": (end < differences.len()).then(|| format!("sandbox-diff-{end}")),
    })))
}

fn get_branch(st: &mut Store, body: &Value, now: f64) -> ApiResult<Value> {
    let repo = repo(st, body)?;
    let name = opt_str(body, "branchName").ok_or_else(|| {
        ApiError::new(
            "BranchNameRequiredException",
            "A branch name is required, but was not specified.",
        )
    })?;
    if name != repo.branch {
        return Err(ApiError::new(
            "BranchDoesNotExistException",
            format!("Could not find branch {name}"),
        ));
    }
    let head = repo.head_at(now).map(|c| c.id.clone());
    Ok(json!({ "branch": compact(json!({ "branchName": name, "commitId": head })) }))
}
