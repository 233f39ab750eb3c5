//! Sample pipelines so a new user sees a live control room ([`crate::SandboxConfig::with_samples`]):
//!
//! - `web-app-prod` (V1, SUPERSEDED): CodeCommit -> CodeBuild -> manual approval -> CodeDeploy.
//!   A live execution reaches the approval within about 4 seconds and waits there; three past
//!   successful executions give rollback targets.
//! - `api-dev` (V2, QUEUED): GitHub via CodeStar connection -> parallel unit tests and build, then
//!   packaging -> CloudFormation. Succeeds.
//! - `data-jobs` (V1): S3 source -> CodeBuild whose `Compile` fails on its first run (retry it to
//!   succeed) -> Lambda. The execution of four days ago failed in its Lambda (`Publish`: the
//!   function was denied `glue:UpdateJob`), the next one succeeded.
//! - `mobile-release` (V2, PARALLEL): two executions each waiting at their own approval (tokens
//!   from ListActionExecutions, as in AWS).
//! - `billing-service` (V2, SUPERSEDED): its `Production` inbound transition is disabled for a
//!   change freeze, so the live execution waits before it. The execution of six days ago failed
//!   there (ECS: the deployment circuit breaker rolled `billing` back, tasks failed to start),
//!   the next one succeeded.
//! - `storefront` (V2, SUPERSEDED): CodeCommit -> CodeBuild -> CloudFormation (`Staging`) ->
//!   CodeDeploy (`Production`), failure triage's showcase. The live build fails once in its
//!   INSTALL phase (`npm ERR! code ERESOLVE` after about 2,500 lines of `npm ci` output, a commit
//!   by Tomás García that bumped a dependency); yesterday's execution failed on a stack resource
//!   (`ApiFunction`: an unsupported Lambda runtime), the day before's on a CodeDeploy
//!   `ValidateService` hook.
//!
//! Around them, the world the other services answer from (`world`): CodeCommit repositories
//! `web-app`, `billing-service` and `storefront` and GitHub repositories `example/api` and
//! `example/mobile` with ten days of commits by five people (each past execution took its
//! branch's head at the time; three commits landed in `web-app` since its last approved
//! release), the GitHub connection (AVAILABLE), CodeBuild projects whose builds log like npm or
//! pytest projects (`data-jobs-build` with a pytest report: 3 failed tests), the stacks and
//! deployment groups of the Deploy stages.
//!
//! All use role `arn:aws:iam::000000000000:role/pipewright-sandbox`. Their actions take 0.8 s
//! (source) to 2.5 s (build); a user scenario can override that, since user rules come first
//! (e.g. `{pipeline: web-app-prod, durationMs: 50}`). Other pipelines use the scenario default.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::error::ApiResult;
use crate::executions::create::{self, Start};
use crate::executions::runs;
use crate::pipelines;
use crate::scenario::ActionRule;
use crate::store::*;

pub const SAMPLE_PIPELINES: [&str; 6] = [
    "web-app-prod",
    "api-dev",
    "data-jobs",
    "mobile-release",
    "billing-service",
    "storefront",
];

mod world;

pub use world::{
    BILLING_ECS_FAILURE, CONNECTION_ARN, DATA_JOBS_PUBLISH_FAILURE, STOREFRONT_BUILD_FAILURE,
};

const ROLE: &str = "arn:aws:iam::000000000000:role/pipewright-sandbox";
const SEEDER: &str = "arn:aws:iam::000000000000:user/pipewright-sandbox";

fn act(
    name: &str,
    category: &str,
    provider: &str,
    run_order: i64,
    config: Value,
    inputs: &[&str],
    outputs: &[&str],
) -> Value {
    json!({
        "name": name,
        "actionTypeId": { "category": category, "owner": "AWS", "provider": provider, "version": "1" },
        "runOrder": run_order,
        "configuration": config,
        "inputArtifacts": inputs.iter().map(|n| json!({ "name": n })).collect::<Vec<_>>(),
        "outputArtifacts": outputs.iter().map(|n| json!({ "name": n })).collect::<Vec<_>>(),
    })
}

fn with_namespace(mut action: Value, namespace: &str) -> Value {
    action["namespace"] = json!(namespace);
    action
}

fn decl(name: &str, kind: &str, mode: &str, stages: Vec<Value>) -> Value {
    json!({
        "name": name,
        "roleArn": ROLE,
        "artifactStore": { "type": "S3", "location": "pipewright-sandbox-artifacts" },
        "stages": stages,
        "version": 1,
        "executionMode": mode,
        "pipelineType": kind,
    })
}

fn approval(name: &str, link: &str, data: &str) -> Value {
    act(
        name,
        "Approval",
        "Manual",
        1,
        json!({ "ExternalEntityLink": link, "CustomData": data }),
        &[],
        &[],
    )
}

fn pipelines() -> Vec<(Value, Vec<(&'static str, &'static str)>)> {
    let codecommit = |repo: &str| json!({ "RepositoryName": repo, "BranchName": "main", "PollForSourceChanges": "false" });
    let github = |repo: &str, branch: &str| {
        json!({
            "ConnectionArn": CONNECTION_ARN,
            "FullRepositoryId": repo, "BranchName": branch, "OutputArtifactFormat": "CODE_ZIP",
        })
    };
    let web = decl(
        "web-app-prod",
        "V1",
        "SUPERSEDED",
        vec![
            json!({ "name": "Source", "actions": [act("Source", "Source", "CodeCommit", 1, codecommit("web-app"), &[], &["SourceArtifact"])] }),
            json!({ "name": "Build", "actions": [act("Build", "Build", "CodeBuild", 1, json!({ "ProjectName": "web-app-build" }), &["SourceArtifact"], &["BuildArtifact"])] }),
            json!({ "name": "Approval", "actions": [approval("ManualApproval", "https://staging.web-app.example.com", "Check the staging site, then approve the production deploy.")] }),
            json!({ "name": "Deploy", "actions": [act("Deploy", "Deploy", "CodeDeploy", 1, json!({ "ApplicationName": "web-app", "DeploymentGroupName": "web-app-prod" }), &["BuildArtifact"], &[])] }),
        ],
    );
    let mut api = decl(
        "api-dev",
        "V2",
        "QUEUED",
        vec![
            json!({ "name": "Source", "actions": [with_namespace(act("Source", "Source", "CodeStarSourceConnection", 1, github("example/api", "develop"), &[], &["SourceArtifact"]), "SourceVariables")] }),
            json!({ "name": "Build", "actions": [
            act("UnitTests", "Test", "CodeBuild", 1, json!({ "ProjectName": "api-unit-tests" }), &["SourceArtifact"], &[]),
            act("Build", "Build", "CodeBuild", 1, json!({
                "ProjectName": "api-build",
                "EnvironmentVariables": "[{\"name\":\"COMMIT_ID\",\"value\":\"#{SourceVariables.CommitId}\",\"type\":\"PLAINTEXT\"},{\"name\":\"STAGE\",\"value\":\"#{variables.STAGE}\",\"type\":\"PLAINTEXT\"}]",
            }), &["SourceArtifact"], &["BuildArtifact"]),
            act("Package", "Build", "CodeBuild", 2, json!({ "ProjectName": "api-package" }), &["BuildArtifact"], &["PackagedTemplate"]),
        ] }),
            json!({ "name": "Deploy", "actions": [act("DeployStack", "Deploy", "CloudFormation", 1, json!({
            "ActionMode": "CREATE_UPDATE", "StackName": "api-dev", "TemplatePath": "PackagedTemplate::template.yaml",
            "Capabilities": "CAPABILITY_IAM", "RoleArn": "arn:aws:iam::000000000000:role/pipewright-sandbox-cfn",
        }), &["PackagedTemplate"], &[])] }),
        ],
    );
    api["variables"] =
        json!([{ "name": "STAGE", "defaultValue": "dev", "description": "Deployment stage name" }]);
    let data = decl(
        "data-jobs",
        "V1",
        "SUPERSEDED",
        vec![
            json!({ "name": "Source", "actions": [act("Source", "Source", "S3", 1, json!({ "S3Bucket": "data-jobs-source", "S3ObjectKey": "jobs.zip", "PollForSourceChanges": "false" }), &[], &["SourceArtifact"])] }),
            json!({ "name": "Build", "actions": [act("Compile", "Build", "CodeBuild", 1, json!({ "ProjectName": "data-jobs-build" }), &["SourceArtifact"], &["JobsArtifact"])] }),
            json!({ "name": "Deploy", "actions": [act("Publish", "Invoke", "Lambda", 1, json!({ "FunctionName": "publish-data-jobs" }), &["JobsArtifact"], &[])] }),
        ],
    );
    let mobile = decl(
        "mobile-release",
        "V2",
        "PARALLEL",
        vec![
            json!({ "name": "Source", "actions": [act("Source", "Source", "CodeStarSourceConnection", 1, github("example/mobile", "release"), &[], &["SourceArtifact"])] }),
            json!({ "name": "Build", "actions": [act("BuildApp", "Build", "CodeBuild", 1, json!({ "ProjectName": "mobile-build" }), &["SourceArtifact"], &["AppBundle"])] }),
            json!({ "name": "QA", "actions": [approval("QASignoff", "https://qa.example.com/mobile", "Sign off the release candidate after QA.")] }),
            json!({ "name": "Publish", "actions": [act("Upload", "Deploy", "S3", 1, json!({ "BucketName": "mobile-releases", "Extract": "true" }), &["AppBundle"], &[])] }),
        ],
    );
    let billing = decl(
        "billing-service",
        "V2",
        "SUPERSEDED",
        vec![
            json!({ "name": "Source", "actions": [act("Source", "Source", "CodeCommit", 1, codecommit("billing-service"), &[], &["SourceArtifact"])] }),
            json!({ "name": "Build", "actions": [act("Build", "Build", "CodeBuild", 1, json!({ "ProjectName": "billing-build" }), &["SourceArtifact"], &["BuildArtifact"])] }),
            json!({ "name": "Production", "actions": [act("Deploy", "Deploy", "ECS", 1, json!({ "ClusterName": "prod", "ServiceName": "billing" }), &["BuildArtifact"], &[])] }),
        ],
    );
    let storefront = decl(
        "storefront",
        "V2",
        "SUPERSEDED",
        vec![
            json!({ "name": "Source", "actions": [with_namespace(act("Source", "Source", "CodeCommit", 1, codecommit("storefront"), &[], &["SourceArtifact"]), "SourceVariables")] }),
            json!({ "name": "Build", "actions": [act("Build", "Build", "CodeBuild", 1, json!({ "ProjectName": "storefront-build" }), &["SourceArtifact"], &["BuildArtifact"])] }),
            json!({ "name": "Staging", "actions": [act("DeployStack", "Deploy", "CloudFormation", 1, json!({
                "ActionMode": "CREATE_UPDATE", "StackName": "storefront-staging", "TemplatePath": "BuildArtifact::infra/template.yaml",
                "Capabilities": "CAPABILITY_IAM", "RoleArn": "arn:aws:iam::000000000000:role/pipewright-sandbox-cfn",
            }), &["BuildArtifact"], &[])] }),
            json!({ "name": "Production", "actions": [act("Deploy", "Deploy", "CodeDeploy", 1, json!({ "ApplicationName": "storefront", "DeploymentGroupName": "storefront-prod" }), &["BuildArtifact"], &[])] }),
        ],
    );
    let tags = |team: &'static str, env: &'static str| vec![("team", team), ("environment", env)];
    vec![
        (storefront, tags("shop", "production")),
        (web, tags("web", "production")),
        (api, tags("platform", "development")),
        (data, tags("data", "production")),
        (mobile, tags("mobile", "production")),
        (billing, tags("payments", "production")),
    ]
}

fn sample_rules() -> Vec<ActionRule> {
    let rule = |p: &str, s: &str, a: &str, ms: u64| ActionRule {
        duration_ms: Some(ms),
        ..ActionRule::for_action(p, s, a)
    };
    let mut rules = vec![
        ActionRule {
            fail: Some("Build failed: COMMAND_EXECUTION_ERROR: Error while executing command: python -m pytest. Reason: exit status 1 (3 tests failed in tests/test_etl.py)".to_string()),
            fail_times: Some(1),
            ..ActionRule::for_action("data-jobs", "Build", "Compile")
        },
        ActionRule {
            fail: Some(STOREFRONT_BUILD_FAILURE.to_string()),
            fail_times: Some(1),
            ..ActionRule::for_action("storefront", "Build", "Build")
        },
    ];
    for p in SAMPLE_PIPELINES {
        rules.push(rule(p, "Source", "*", 800));
        rules.push(rule(p, "*", "UnitTests", 2000));
        rules.push(rule(p, "Build", "*", 2500));
        rules.push(rule(p, "*", "*", 2000));
    }
    rules
}

/// Create the sample pipelines, their history and their live executions.
pub(crate) fn seed(st: &mut Store, now: f64) -> ApiResult<()> {
    st.config.scenario.actions.extend(sample_rules());
    world::seed(&mut st.world, &st.config.region, now);
    for (decl, tags) in pipelines() {
        let tags = tags
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        pipelines::insert(st, decl, tags, now - 30.0 * 86400.0)?;
    }
    let day = 86400.0;
    // History: finished executions in the past.
    for (days_ago, outcome) in [(6.0, None), (4.0, None), (1.0, None)] {
        past_execution(st, "web-app-prod", now - days_ago * day, outcome)?;
    }
    past_execution(st, "api-dev", now - 2.0 * day, None)?;
    past_execution(
        st,
        "api-dev",
        now - 0.5 * day,
        Some(("Build", "UnitTests", "2 tests failed in test_orders.py")),
    )?;
    // The failures come before a success, so each stage's latest run (what the pipeline's state
    // and a watcher show) stays a success.
    past_execution(
        st,
        "data-jobs",
        now - 4.0 * day,
        Some(("Deploy", "Publish", world::DATA_JOBS_PUBLISH_FAILURE)),
    )?;
    past_execution(st, "data-jobs", now - 3.0 * day, None)?;
    past_execution(
        st,
        "billing-service",
        now - 6.0 * day,
        Some(("Production", "Deploy", world::BILLING_ECS_FAILURE)),
    )?;
    past_execution(st, "billing-service", now - 5.0 * day, None)?;
    for days_ago in [8.0, 5.0] {
        past_execution(st, "mobile-release", now - days_ago * day, None)?;
    }
    past_execution(st, "storefront", now - 3.0 * day, None)?;
    past_execution(
        st,
        "storefront",
        now - 2.0 * day,
        Some(("Production", "Deploy", world::STOREFRONT_DEPLOY_FAILURE)),
    )?;
    past_execution(
        st,
        "storefront",
        now - 1.0 * day,
        Some(("Staging", "DeployStack", world::STOREFRONT_STACK_FAILURE)),
    )?;
    if let Some(rec) = st.pipelines.get_mut("billing-service") {
        rec.transitions.insert(
            ("Production".to_string(), Direction::Inbound),
            Transition {
                enabled: false,
                last_changed_by: SEEDER.to_string(),
                last_changed_at: now - 3600.0,
                reason: Some("Change freeze until the end of the quarter".to_string()),
            },
        );
    }
    // Live executions.
    for name in [
        "web-app-prod",
        "api-dev",
        "data-jobs",
        "mobile-release",
        "mobile-release",
        "billing-service",
        "storefront",
    ] {
        create::start(st, name, Start::by(SEEDER), now)?;
    }
    Ok(())
}

/// A factor between 0.7 and 1.3 from `key`, the same for the same key: past runs of one action
/// take different times (a build 3 to 5 minutes), so two runs compared differ as real ones do;
/// keyed by pipeline, run, stage and action, so each start of the sandbox shows the same.
fn spread(key: &str) -> f64 {
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    0.7 + (hash % 601) as f64 / 1000.0
}

/// A finished execution that started at `start`: every stage succeeded, or the given action
/// failed with a message. Source actions take their branch's head at `start`; other actions get
/// the external ids the services know them by.
fn past_execution(
    st: &mut Store,
    name: &str,
    start: f64,
    failure: Option<(&str, &str, &str)>,
) -> ApiResult<()> {
    let ordinal = st.executions_of(name).len();
    let id = create::start(st, name, Start::by(SEEDER), start)?;
    let Store {
        executions,
        world,
        config,
        ..
    } = st;
    let Some(ex) = executions.get_mut(&id) else {
        return Ok(());
    };
    let mut t = start;
    let mut failed = false;
    for stage in ex.stages.iter_mut() {
        stage.entered_at = Some(t);
        stage.status = Some(StageStatus::Succeeded);
        let mut orders: Vec<i64> = stage.actions.iter().map(|a| a.run_order).collect();
        orders.sort_unstable();
        orders.dedup();
        for order in orders {
            let mut end = t;
            for a in stage.actions.iter_mut().filter(|a| a.run_order == order) {
                let typical = match a.category() {
                    "Source" => 2.0,
                    "Approval" => 1800.0,
                    "Build" | "Test" => 240.0,
                    _ => 120.0,
                };
                let takes =
                    typical * spread(&format!("{name}/{ordinal}/{}/{}", stage.name, a.name));
                let fails = failure.filter(|(s, act, _)| *s == stage.name && *act == a.name);
                let run_id = uuid::Uuid::new_v4().to_string();
                let mut vars = BTreeMap::new();
                let (external_id, ok_summary) = if a.category() == "Source" {
                    let run = runs::source(a, world, &config.region, t, &run_id, None);
                    vars = run.variables;
                    let out = (run.revision.id.clone(), run.revision.summary.clone());
                    ex.source_revisions.push(run.revision);
                    out
                } else if a.category() == "Approval" {
                    (
                        uuid::Uuid::new_v4().to_string(),
                        "Approved after checking staging".to_string(),
                    )
                } else {
                    runs::external(a, &run_id, &config.region)
                };
                let (status, summary, error) = match fails {
                    Some((_, _, message)) => (
                        ActionStatus::Failed,
                        message.to_string(),
                        Some(("JobFailed".to_string(), message.to_string())),
                    ),
                    None => (ActionStatus::Succeeded, ok_summary, None),
                };
                a.attempts.push(Attempt {
                    status,
                    last_update: t + takes,
                    summary: Some(summary),
                    external_id: Some(external_id),
                    error,
                    updated_by: (a.category() == "Approval").then(|| SEEDER.to_string()),
                    output_variables: vars,
                    ..Attempt::new(run_id, t)
                });
                end = end.max(t + takes);
                failed |= fails.is_some();
            }
            t = end;
            if failed {
                break;
            }
        }
        if failed {
            stage.status = Some(StageStatus::Failed);
            ex.status_summary = failure.map(|(s, _, m)| format!("Stage {s} failed: {m}"));
            break;
        }
    }
    ex.status = if failed {
        ExecStatus::Failed
    } else {
        ExecStatus::Succeeded
    };
    ex.position = Position::Done;
    ex.last_update = t;
    Ok(())
}
