//! What an action run is in the service that runs it: the revision a source action takes (its
//! branch's head in the world's repositories, or a made-up commit), and the external id other
//! actions get: a CodeBuild build id (`<project>:<uuid>`), a CloudFormation stack id, a CodeDeploy
//! deployment id (`d-` and nine characters). The services find a run again by that id
//! (`services::codebuild`, `::cloudformation`, `::codedeploy`). Used by the engine for live runs
//! and by the samples for their history, so both look the same.

use std::collections::BTreeMap;

use serde_json::json;

use crate::store::{ActionRun, SourceRevision};
use crate::world::{ConnectionStatus, RepoHost, World};

/// The revision a source action produced, and the output variables it sets.
pub struct SourceRun {
    pub revision: SourceRevision,
    pub variables: BTreeMap<String, String>,
    /// Why the source action fails instead (a connection that is not AVAILABLE).
    pub failure: Option<String>,
}

/// The revision source action `a` takes at time `t`: the override for it if any, else its
/// branch's head in the world, else a made-up commit derived from `seed`.
pub fn source(
    a: &ActionRun,
    world: &World,
    region: &str,
    t: f64,
    seed: &str,
    override_rev: Option<&str>,
) -> SourceRun {
    let branch = a
        .config("BranchName")
        .or_else(|| a.config("Branch"))
        .unwrap_or("main")
        .to_string();
    let repo_name = a
        .config("RepositoryName")
        .or_else(|| a.config("FullRepositoryId"));
    let repo = repo_name
        .and_then(|r| world.repos.get(r))
        .filter(|r| r.branch == branch);
    let commit = match override_rev {
        Some(rev) => repo.and_then(|r| r.commit(rev)),
        None => repo.and_then(|r| r.head_at(t)),
    };
    let id = override_rev
        .map(str::to_string)
        .unwrap_or_else(|| commit.map_or_else(|| crate::world::hex_id(seed, 40), |c| c.id.clone()));
    let message = commit.map_or_else(
        || format!("Sandbox change {} on {branch}", &id[..id.len().min(8)]),
        |c| c.message.lines().next().unwrap_or("").to_string(),
    );
    let connection = a.config("ConnectionArn");
    let mut variables = BTreeMap::new();
    variables.insert("CommitId".to_string(), id.clone());
    variables.insert("BranchName".to_string(), branch.clone());
    variables.insert("CommitMessage".to_string(), message.clone());
    if let Some(repo) = repo_name {
        let key = if connection.is_some() {
            "FullRepositoryId"
        } else {
            "RepositoryName"
        };
        variables.insert(key.to_string(), repo.to_string());
    }
    if let Some(c) = commit {
        let date = crate::clock::iso8601(c.time);
        variables.insert("AuthorDate".to_string(), date.clone());
        if connection.is_none() {
            variables.insert("CommitterDate".to_string(), date);
        }
    }
    if let Some(arn) = connection {
        variables.insert("ConnectionArn".to_string(), arn.to_string());
    }
    // CodeCommit summarizes a revision by its message; connections by a JSON document.
    let provider_type = connection
        .and_then(|arn| world.connections.get(arn))
        .map_or("GitHub", |c| c.provider.as_str());
    let summary = match (connection, repo.map(|r| r.host)) {
        (Some(_), _) | (None, Some(RepoHost::GitHub)) => {
            json!({ "ProviderType": provider_type, "CommitMessage": message }).to_string()
        }
        _ => message,
    };
    let url = match (connection, repo_name) {
        (Some(arn), Some(full)) => Some(format!(
            "https://{region}.console.aws.amazon.com/codesuite/settings/connections/redirect?connectionArn={arn}&referenceType=COMMIT&FullRepositoryId={full}&Commit={id}"
        )),
        (None, Some(name)) if a.provider() == "CodeCommit" => Some(format!(
            "https://{region}.console.aws.amazon.com/codesuite/codecommit/repositories/{name}/commit/{id}"
        )),
        _ => None,
    };
    let failure = connection
        .and_then(|arn| world.connections.get(arn))
        .filter(|c| c.status != ConnectionStatus::Available)
        .map(|c| {
            format!(
                "The connection {} ({}) is in {} state, so the source could not be fetched. Complete or update the connection (Developer Tools > Settings > Connections), then retry the stage.",
                c.name,
                c.arn,
                c.status.as_str()
            )
        });
    let artifact = a
        .decl
        .pointer("/outputArtifacts/0/name")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("")
        .to_string();
    SourceRun {
        revision: SourceRevision {
            action: a.name.clone(),
            artifact,
            id,
            summary,
            url,
        },
        variables,
        failure,
    }
}

/// The external id of a non-source run `id` of action `a`, and its summary on success.
pub fn external(a: &ActionRun, id: &str, region: &str) -> (String, String) {
    let short = &id[..id.len().min(8)];
    match (a.category(), a.provider()) {
        ("Build" | "Test", "CodeBuild") | ("Compute", _) | ("Build" | "Test", _) => {
            let project = a.config("ProjectName").unwrap_or(&a.name).to_string();
            (
                format!("{project}:{id}"),
                format!("Build {short} succeeded"),
            )
        }
        ("Deploy", "CloudFormation") => {
            let stack = a.config("StackName").unwrap_or(&a.name);
            (
                stack_id(stack, region),
                format!("Stack {stack} was created or updated"),
            )
        }
        ("Deploy", "CodeDeploy") => (deployment_id(id), "Deployment succeeded".to_string()),
        ("Deploy", _) => (
            format!("d-{}", short.to_uppercase()),
            "Deployment succeeded".to_string(),
        ),
        _ => (id.to_string(), format!("Action {} succeeded", a.name)),
    }
}

/// A stack's id: stable per stack name.
pub fn stack_id(stack: &str, region: &str) -> String {
    format!(
        "arn:aws:cloudformation:{region}:{}:stack/{stack}/{}",
        crate::ACCOUNT_ID,
        crate::world::uuid_from(&format!("stack/{stack}"))
    )
}

/// `d-` and nine upper-case characters, as CodeDeploy's deployment ids.
pub fn deployment_id(run_id: &str) -> String {
    let h = crate::world::hash(run_id);
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut n = h;
    let mut out = String::from("d-");
    for _ in 0..9 {
        out.push(alphabet[(n % 36) as usize] as char);
        n /= 36;
    }
    out
}
