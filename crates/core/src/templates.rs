//! Architecture templates: proven pipeline shapes to start a design from, and the one-click
//! migration of GitHub version 1 (OAuth) sources to a CodeStar connection.
//!
//! A template is a design file under `crates/core/templates/` with placeholders written
//! `<<Name>>`; it is valid once every placeholder is filled (a test fills them with the examples
//! below and validates each template). Some templates come with extra files (a buildspec, a
//! Lambda function) written beside the design.

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

use crate::codec::Pointer;
use crate::document::{Document, Format};
use crate::error::CodecError;
use crate::model::{ActionTypeId, FilterCriteria, GitConfiguration, GitPushFilter, Trigger};

/// A template as the "New from template" dialog lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TemplateInfo {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// The placeholders the user fills, in order of first use.
    pub placeholders: Vec<Placeholder>,
    /// Names of the files written beside the design.
    pub files: Vec<&'static str>,
}

/// A value the user must provide, written `<<name>>` in the template.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Placeholder {
    pub name: String,
    pub help: &'static str,
    pub example: &'static str,
}

/// A template made concrete: the design and the files that go beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Instantiated {
    pub document: Document,
    pub files: Vec<TemplateFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateFile {
    /// File name, relative to the design file's folder.
    pub name: &'static str,
    pub content: String,
}

struct Source {
    id: &'static str,
    title: &'static str,
    description: &'static str,
    design: &'static str,
    files: &'static [(&'static str, &'static str)],
}

const SOURCES: &[Source] = &[
    Source {
        id: "eb-dev-prod",
        title: "DEV/PROD branch pipelines to Elastic Beanstalk",
        description: "One design, two pipelines: `develop` deploys to the dev environment automatically; `main` deploys to prod after a manual approval.",
        design: include_str!("../templates/eb-dev-prod.yaml"),
        files: &[],
    },
    Source {
        id: "docker-ecr-ecs",
        title: "Docker image to Amazon ECR, deployed to ECS",
        description: "CodeBuild builds the image, tags it with the commit id, pushes it to ECR and writes imagedefinitions.json; ECS rolls the service. Comes with buildspec.yml.",
        design: include_str!("../templates/docker-ecr-ecs.yaml"),
        files: &[("buildspec.yml", include_str!("../templates/docker-ecr-ecs.buildspec.yml"))],
    },
    Source {
        id: "manual-approval",
        title: "Manual approval before production",
        description: "Deploy to staging, then a manual approval with an SNS notification topic and a review link guards the production deploy.",
        design: include_str!("../templates/manual-approval.yaml"),
        files: &[],
    },
    Source {
        id: "credential-leak-check",
        title: "Credential-leak check on push",
        description: "A CodeCommit source and a Lambda invoke action that scans every change for keys and stops the pipeline when it finds one; a repository trigger scans every push of every branch too, and findings go to an SNS alert topic. Comes with the scanner function.",
        design: include_str!("../templates/credential-leak-check.yaml"),
        files: &[("leak_scanner.py", include_str!("../templates/credential-leak-check.scanner.py"))],
    },
    Source {
        id: "github-v1-polling",
        title: "GitHub (version 1, OAuth) with polling",
        description: "The legacy GitHub source with an OAuth token, polling for changes. Not recommended: migrate it to a CodeStar connection in one click.",
        design: include_str!("../templates/github-v1-polling.yaml"),
        files: &[],
    },
    Source {
        id: "github-v1-webhook",
        title: "GitHub (version 1, OAuth) with a webhook",
        description: "The legacy GitHub source started by a webhook instead of polling. Still an OAuth token: migrate it to a CodeStar connection in one click.",
        design: include_str!("../templates/github-v1-webhook.yaml"),
        files: &[],
    },
    Source {
        id: "github-v2-connection",
        title: "GitHub through a CodeStar connection (recommended)",
        description: "GitHub version 2: a CodeStar connection, events instead of polling, V2 triggers on branches, tags, file paths and pull requests.",
        design: include_str!("../templates/github-v2-connection.yaml"),
        files: &[],
    },
    Source {
        id: "cloudformation-change-set",
        title: "CloudFormation deploy with change set, approval, execute",
        description: "Create a change set, approve it after review, execute it: three actions in one stage.",
        design: include_str!("../templates/cloudformation-change-set.yaml"),
        files: &[],
    },
];

/// Help and an example (which the tests use to fill templates) for each placeholder name.
const PLACEHOLDER_HELP: &[(&str, &str, &str)] = &[
    ("AppName", "Short name of the application; pipeline names derive from it", "web-shop"),
    ("AccountId", "The 12-digit AWS account id", "123456789012"),
    ("Region", "The AWS Region of the pipeline", "eu-west-1"),
    ("PipelineRoleName", "IAM role CodePipeline assumes (name only)", "codepipeline-service-role"),
    ("ArtifactBucket", "S3 bucket for pipeline artifacts (same Region)", "web-shop-artifacts"),
    ("ConnectionArn", "ARN of the CodeStar connection to GitHub / Bitbucket / GitLab", "arn:aws:codestar-connections:eu-west-1:123456789012:connection/0a1b2c3d-1111-2222-3333-444455556666"),
    ("RepositoryId", "Repository as owner/name", "acme/web-shop"),
    ("RepositoryName", "CodeCommit repository name", "web-shop"),
    ("BuildProject", "CodeBuild project name", "web-shop-build"),
    ("EbApplication", "Elastic Beanstalk application name", "web-shop"),
    ("EbDevEnvironment", "Elastic Beanstalk environment for dev", "web-shop-dev"),
    ("EbProdEnvironment", "Elastic Beanstalk environment for prod", "web-shop-prod"),
    ("EcrRepository", "Amazon ECR repository name", "web-shop"),
    ("ContainerName", "Container name in the ECS task definition", "web"),
    ("EcsCluster", "ECS cluster name", "production"),
    ("EcsService", "ECS service name", "web-shop"),
    ("CodeDeployApplication", "CodeDeploy application name", "web-shop"),
    ("StagingDeploymentGroup", "CodeDeploy deployment group for staging", "web-shop-staging"),
    ("ProductionDeploymentGroup", "CodeDeploy deployment group for production", "web-shop-production"),
    ("ApprovalTopic", "SNS topic that notifies approvers (name only)", "release-approvals"),
    ("ReviewUrl", "Link reviewers open before approving (e.g. the staging site)", "https://staging.example.com"),
    ("ScannerFunction", "Lambda function running leak_scanner.py", "credential-leak-scanner"),
    ("ScannerRoleName", "IAM role the scanner function runs as (name only)", "credential-leak-scanner-role"),
    ("GitHubOwner", "GitHub user or organisation", "acme"),
    ("GitHubRepo", "GitHub repository name", "web-shop"),
    ("StackName", "CloudFormation stack name", "web-shop-infra"),
    ("CloudFormationRoleName", "IAM role CloudFormation assumes to deploy the stack (name only)", "cloudformation-deploy-role"),
];

/// Every placeholder name in a text, in order of first use.
fn placeholder_names(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<<") {
        let after = &rest[start + 2..];
        let Some(end) = after.find(">>") else { break };
        let name = &after[..end];
        if !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric())
            && !out.iter().any(|n| n == name)
        {
            out.push(name.to_string());
        }
        rest = &after[end + 2..];
    }
    out
}

fn placeholder(name: String) -> Placeholder {
    let (help, example) = PLACEHOLDER_HELP
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, h, e)| (*h, *e))
        .unwrap_or(("", ""));
    Placeholder {
        name,
        help,
        example,
    }
}

/// All templates, in the order the dialog shows them.
pub fn list() -> Vec<TemplateInfo> {
    SOURCES
        .iter()
        .map(|s| TemplateInfo {
            id: s.id,
            title: s.title,
            description: s.description,
            placeholders: placeholder_names(s.design)
                .into_iter()
                .map(placeholder)
                .collect(),
            files: s.files.iter().map(|(n, _)| *n).collect(),
        })
        .collect()
}

/// The example value of each placeholder of a template (what the tests fill in).
pub fn example_values(id: &str) -> IndexMap<String, String> {
    list()
        .into_iter()
        .filter(|t| t.id == id)
        .flat_map(|t| t.placeholders)
        .map(|p| (p.name, p.example.to_string()))
        .collect()
}

/// A template with the given placeholder values filled in; placeholders without a value stay
/// `<<Name>>` (validation then reports those fields).
pub fn instantiate(
    id: &str,
    values: &IndexMap<String, String>,
) -> Result<Instantiated, CodecError> {
    let source = SOURCES.iter().find(|s| s.id == id).ok_or_else(|| {
        CodecError::NotAPipeline(format!(
            "there is no template `{id}`; choose one of: {}",
            SOURCES.iter().map(|s| s.id).collect::<Vec<_>>().join(", ")
        ))
    })?;
    let mut value = crate::codec::parse_value(source.design, Format::Yaml)?;
    fill(&mut value, values);
    let document = Document::from_value(value)?;
    let files = source
        .files
        .iter()
        .map(|(name, content)| TemplateFile {
            name,
            content: fill_text(content, values),
        })
        .collect();
    Ok(Instantiated { document, files })
}

fn fill_text(text: &str, values: &IndexMap<String, String>) -> String {
    let mut out = text.to_string();
    for (k, v) in values {
        out = out.replace(&format!("<<{k}>>"), v);
    }
    out
}

/// Fill placeholders inside every string of a JSON value (never in the YAML text, so a value
/// can hold any character).
fn fill(value: &mut Value, values: &IndexMap<String, String>) {
    match value {
        Value::String(s) if s.contains("<<") => *s = fill_text(s, values),
        Value::Array(items) => items.iter_mut().for_each(|v| fill(v, values)),
        Value::Object(map) => map.values_mut().for_each(|v| fill(v, values)),
        _ => {}
    }
}

/// Placeholders still unfilled in a document: (JSON pointer, placeholder name).
pub fn unfilled(doc: &Document) -> Vec<(String, String)> {
    fn walk(v: &Value, at: &Pointer, out: &mut Vec<(String, String)>) {
        match v {
            Value::String(s) => {
                for name in placeholder_names(s) {
                    out.push((at.as_str().to_string(), name));
                }
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, v)| walk(v, &at.index(i), out)),
            Value::Object(map) => map.iter().for_each(|(k, v)| walk(v, &at.key(k), out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&doc.to_value(), &Pointer::root(), &mut out);
    out
}

/// Migrate every GitHub version 1 (OAuth) source action to a CodeStar connection (GitHub
/// version 2): the action type becomes `AWS/CodeStarSourceConnection/1` with `ConnectionArn`,
/// `FullRepositoryId` and `BranchName`; the OAuth token and polling go; the pipeline becomes V2
/// and gets a push trigger on the branch. Returns the new document and what changed, as
/// sentences. The old webhook, if any, must be deleted by the user (it is not part of the
/// pipeline declaration).
pub fn migrate_github_v1(doc: &Document, connection_arn: &str) -> (Document, Vec<String>) {
    let mut out = doc.clone();
    let mut changes = Vec::new();
    let mut triggers_to_add = Vec::new();
    for stage in &mut out.pipeline.stages {
        for action in &mut stage.actions {
            let t = &action.action_type_id;
            if !(t.category == "Source" && t.owner == "ThirdParty" && t.provider == "GitHub") {
                continue;
            }
            let config = action.configuration.take().unwrap_or_default();
            let owner = config.get("Owner").cloned().unwrap_or_default();
            let repo = config.get("Repo").cloned().unwrap_or_default();
            let branch = config
                .get("Branch")
                .cloned()
                .unwrap_or_else(|| "main".into());
            let mut new_config = crate::model::Configuration::default();
            new_config.insert("ConnectionArn".to_string(), connection_arn.to_string());
            new_config.insert("FullRepositoryId".to_string(), format!("{owner}/{repo}"));
            new_config.insert("BranchName".to_string(), branch.clone());
            new_config.insert("OutputArtifactFormat".to_string(), "CODE_ZIP".to_string());
            let extra = std::mem::take(&mut action.action_type_id.extra);
            action.action_type_id =
                ActionTypeId::new("Source", "AWS", "CodeStarSourceConnection", "1");
            action.action_type_id.extra = extra;
            action.configuration = Some(new_config);
            changes.push(format!(
                "Source action `{}/{}` now uses the CodeStar connection for {owner}/{repo} (branch {branch}); its OAuth token and polling are gone.",
                stage.name, action.name
            ));
            triggers_to_add.push((action.name.clone(), branch));
        }
    }
    if triggers_to_add.is_empty() {
        return (out, changes);
    }
    if out.pipeline.pipeline_type.as_deref() != Some("V2") {
        out.pipeline.pipeline_type = Some("V2".into());
        changes.push("The pipeline type is now V2, which triggers need.".into());
    }
    let triggers = out.pipeline.triggers.get_or_insert_with(Vec::new);
    for (action, branch) in triggers_to_add {
        if triggers
            .iter()
            .any(|t| t.git_configuration.source_action_name == action)
        {
            continue;
        }
        triggers.push(Trigger {
            provider_type: "CodeStarSourceConnection".into(),
            git_configuration: GitConfiguration {
                source_action_name: action.clone(),
                push: Some(vec![GitPushFilter {
                    branches: Some(FilterCriteria {
                        includes: Some(vec![branch.clone()]),
                        ..Default::default()
                    }),
                    ..Default::default()
                }]),
                ..Default::default()
            },
            ..Default::default()
        });
        changes.push(format!(
            "A push trigger on branch {branch} starts the pipeline for `{action}` (events, no polling). If a GitHub webhook existed, delete it: aws codepipeline delete-webhook."
        ));
    }
    (out, changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::validate;

    #[test]
    fn every_template_is_valid_once_its_placeholders_are_filled() {
        for t in list() {
            assert!(!t.placeholders.is_empty(), "{} has no placeholders", t.id);
            for p in &t.placeholders {
                assert!(
                    !p.example.is_empty(),
                    "placeholder {} of {} has no help/example",
                    p.name,
                    t.id
                );
            }
            let inst = instantiate(t.id, &example_values(t.id)).unwrap();
            assert!(unfilled(&inst.document).is_empty(), "{}", t.id);
            for (env, doc) in crate::environments::expand(&inst.document).unwrap() {
                let errors: Vec<_> = validate(&doc)
                    .into_iter()
                    .filter(|d| d.is_error())
                    .collect();
                assert!(
                    errors.is_empty(),
                    "template {} ({env:?}): {errors:#?}",
                    t.id
                );
            }
            for f in &inst.files {
                assert!(
                    !f.content.contains("<<"),
                    "{} file {} keeps a placeholder",
                    t.id,
                    f.name
                );
            }
        }
    }

    #[test]
    fn unfilled_placeholders_are_listed_with_their_location() {
        let inst = instantiate("manual-approval", &IndexMap::new()).unwrap();
        let missing = unfilled(&inst.document);
        assert!(missing.contains(&("/pipeline/roleArn".to_string(), "AccountId".to_string())));
        assert!(missing
            .iter()
            .any(|(p, n)| p.ends_with("/configuration/ExternalEntityLink") && n == "ReviewUrl"));
    }

    #[test]
    fn unknown_template_names_the_choices() {
        let err = instantiate("nope", &IndexMap::new())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("eb-dev-prod") && err.contains("github-v2-connection"),
            "{err}"
        );
    }

    #[test]
    fn the_docker_template_emits_a_buildspec_that_pushes_and_writes_imagedefinitions() {
        let inst = instantiate("docker-ecr-ecs", &example_values("docker-ecr-ecs")).unwrap();
        let spec = &inst
            .files
            .iter()
            .find(|f| f.name == "buildspec.yml")
            .unwrap()
            .content;
        for needle in [
            "docker login",
            "docker push",
            "imagedefinitions.json",
            "CODEBUILD_RESOLVED_SOURCE_VERSION",
        ] {
            assert!(spec.contains(needle), "buildspec lacks {needle}");
        }
        let parsed: Value = serde_yaml::from_str(spec).unwrap();
        assert_eq!(parsed["artifacts"]["files"][0], "imagedefinitions.json");
    }

    #[test]
    fn github_v1_migrates_to_a_connection_with_a_trigger() {
        for id in ["github-v1-polling", "github-v1-webhook"] {
            let inst = instantiate(id, &example_values(id)).unwrap();
            let arn = "arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc";
            let (doc, changes) = migrate_github_v1(&inst.document, arn);
            assert!(!changes.is_empty());
            let src = &doc.pipeline.stages[0].actions[0];
            assert_eq!(src.action_type_id.provider, "CodeStarSourceConnection");
            assert_eq!(src.config("FullRepositoryId"), Some("acme/web-shop"));
            assert_eq!(src.config("OAuthToken"), None);
            assert_eq!(doc.pipeline.pipeline_type.as_deref(), Some("V2"));
            let trigger = &doc.pipeline.triggers.as_ref().unwrap()[0];
            assert_eq!(trigger.git_configuration.source_action_name, "Source");
            let errors: Vec<_> = validate(&doc)
                .into_iter()
                .filter(|d| d.is_error())
                .collect();
            assert!(errors.is_empty(), "{errors:#?}");
            // Migrating again changes nothing.
            let (again, more) = migrate_github_v1(&doc, arn);
            assert_eq!(again, doc);
            assert!(more.is_empty());
        }
    }
}
