//! Why an execution failed: the failed action (`ListActionExecutions`) and what the service that
//! ran it says.
//!
//! - CodeBuild: the failed phase and its message (`BatchGetBuilds`), the build log from
//!   CloudWatch Logs (`GetLogEvents`): its tail and the lines around the first error, ANSI
//!   stripped with the colours kept aside ([`logtext`](super::logtext)), and the failed tests of
//!   its test reports (`BatchGetReports`, `DescribeTestCases`). [`log_page`] pages through a
//!   whole log from its tail.
//! - CloudFormation: the first failed resource of the failed stack operation and its reason
//!   (`DescribeStackEvents`).
//! - CodeDeploy: the deployment's error information (`GetDeployment`) and the failed lifecycle
//!   event of the first failed target (`ListDeploymentTargets`, `BatchGetDeploymentTargets`).
//! - Lambda invoke, Step Functions, ECS, Elastic Beanstalk, S3 deploy: what the action execution
//!   says, in a sentence naming the function, execution, service, environment or bucket, and
//!   that resource's console page ([`actioncause`](super::actioncause)).
//! - Any other action: what the action execution says (summary, error, external id) and the
//!   console link.
//!
//! The source revisions come with the commit message, and, for CodeCommit, the author
//! (`GetCommit`). A lookup that fails (no permission, log group deleted) becomes one sentence in
//! [`Why::notes`] naming the permission and the resource; the rest is still shown. Only the
//! pipeline's own calls fail the use case.

use std::collections::BTreeMap;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use serde::{Deserialize, Serialize};

use super::actioncause;
use super::logtext;
use super::model::{ActionExecutionDetail, ErrorDetail};
use super::status::{ActionStatus, ExecutionStatus};
use crate::codepipeline::CodePipeline;
use crate::config::Aws;
use crate::error::AwsError;

/// How many lines of a build log are read at most (from its head).
pub const LOG_LINES_MAX: usize = 50_000;
/// Lines shown before and after the first error.
pub const AROUND: usize = 5;
/// Lines of the tail.
pub const TAIL: usize = 20;

/// Which failure to explain.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WhyRequest {
    pub pipeline: String,
    /// `None`: the latest failed execution.
    pub pipeline_execution_id: Option<String>,
    /// `None`: the first action that failed in it.
    pub action: Option<String>,
}

/// Why an execution failed, as far as the services tell.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Why {
    pub pipeline: String,
    pub pipeline_execution_id: String,
    /// The execution's status (Failed, Succeeded, InProgress, ...).
    pub status: String,
    pub status_summary: Option<String>,
    /// The one line to show first: the first failing log line, the failed resource and its
    /// reason, the service's error, or what the action said.
    pub headline: String,
    pub revisions: Vec<RevisionInfo>,
    /// `None` when no action failed (a condition failed the stage, or nothing failed).
    pub failed: Option<FailedAction>,
    /// What could not be read, one sentence each (the missing permission and its resource).
    pub notes: Vec<String>,
    /// The execution in the CodePipeline console.
    pub console_url: String,
}

/// The source revision an execution ran with.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevisionInfo {
    pub action_name: String,
    pub provider: Option<String>,
    pub revision_id: Option<String>,
    /// The commit message's first line.
    pub message: Option<String>,
    /// Where the provider tells it (CodeCommit's `GetCommit`).
    pub author: Option<String>,
    pub author_email: Option<String>,
    pub url: Option<String>,
}

/// The failed action and what its service says.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedAction {
    pub stage: String,
    pub action: String,
    pub category: Option<String>,
    pub provider: Option<String>,
    pub action_execution_id: String,
    pub start_time: Option<String>,
    pub last_update_time: Option<String>,
    pub external_execution_id: Option<String>,
    pub summary: Option<String>,
    pub error: Option<ErrorDetail>,
    /// The service's console page of the run (the action's own link, or the execution's).
    pub console_url: String,
    pub cause: Cause,
}

/// What the service that ran the action says.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "camelCase")]
pub enum Cause {
    CodeBuild(BuildCause),
    CloudFormation(StackCause),
    CodeDeploy(DeploymentCause),
    /// Only the action execution's own words (another provider, or the service could not be read).
    Action,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildCause {
    pub build_id: String,
    pub build_status: Option<String>,
    pub failed_phase: Option<FailedPhase>,
    /// `None` when the build has no CloudWatch log or it could not be read (see the notes).
    pub log: Option<BuildLog>,
    /// The build's test reports and their failed tests (`None`: the build has no report, or
    /// they could not be read, see the notes).
    pub tests: Option<TestReports>,
}

/// How many failed tests are named at most (over all reports).
pub const FAILED_TESTS_MAX: usize = 50;

/// A build's test reports (`reportArns`) and the names of the tests that failed in them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestReports {
    pub reports: Vec<TestReportInfo>,
    /// The failed tests, report by report, at most [`FAILED_TESTS_MAX`].
    pub failed: Vec<FailedTest>,
    /// True when more tests failed than `failed` names.
    pub more: bool,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestReportInfo {
    pub arn: String,
    pub name: String,
    pub status: Option<String>,
    pub total: u32,
    /// Tests whose status is FAILED or ERROR.
    pub failed: u32,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedTest {
    /// The report's name.
    pub report: String,
    /// The test's file or class (`prefix`), e.g. `tests.test_etl`.
    pub prefix: Option<String>,
    pub name: String,
    pub status: String,
    /// The test's failure message (its first line is what a list shows).
    pub message: Option<String>,
}

impl FailedTest {
    /// `prefix.name` (or the name alone).
    pub fn full_name(&self) -> String {
        match &self.prefix {
            Some(p) if !p.is_empty() => format!("{p}.{}", self.name),
            _ => self.name.clone(),
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedPhase {
    pub phase: String,
    pub status_code: Option<String>,
    pub message: Option<String>,
}

/// A build's CloudWatch log, read from its head.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildLog {
    pub group: String,
    pub stream: String,
    pub deep_link: Option<String>,
    /// Lines read (all of them unless `complete` is false).
    pub line_count: usize,
    /// False when the log had more than [`LOG_LINES_MAX`] lines.
    pub complete: bool,
    pub first_error: Option<LogLine>,
    /// [`AROUND`] lines either side of the first error, the error included.
    pub around_first_error: Vec<LogLine>,
    /// The last [`TAIL`] lines read.
    pub tail: Vec<LogLine>,
}

/// One log line, ANSI stripped; `number` counts from 1 at the stream's head.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogLine {
    pub number: u32,
    pub text: String,
    /// The line with its colours (SGR sequences only, see [`logtext::keep_colours`]) when it
    /// has any.
    #[serde(default)]
    pub ansi: Option<String>,
}

impl LogLine {
    /// A line from its text as logged: `text` stripped, `ansi` when it has colours.
    pub fn from_raw(number: u32, raw: &str) -> LogLine {
        LogLine {
            number,
            text: logtext::strip_ansi(raw),
            ansi: logtext::has_colours(raw).then(|| logtext::keep_colours(raw)),
        }
    }
}

/// A page of a log read from its tail: the lines in order (colours kept aside like
/// [`LogLine`]'s, numbered from 1 within the page), and the token for the lines before them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogPage {
    pub lines: Vec<LogLine>,
    /// Pass it as [`LogPageRequest::before`] to read the lines before these; `None` at the
    /// stream's head.
    pub earlier: Option<String>,
}

/// Which page of a log to read.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogPageRequest {
    pub group: String,
    pub stream: String,
    /// `None`: the last page; else a page's `earlier` token.
    pub before: Option<String>,
    /// Lines per page (1 to 10,000, GetLogEvents' limit; default 10,000).
    pub limit: Option<u32>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StackCause {
    pub stack: String,
    /// The first resource that failed in the failed operation.
    pub first_failed: Option<StackEventInfo>,
    /// The stack's last status event (e.g. UPDATE_ROLLBACK_COMPLETE).
    pub stack_status: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StackEventInfo {
    pub logical_resource_id: String,
    pub resource_type: Option<String>,
    pub status: String,
    pub reason: Option<String>,
    pub timestamp: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentCause {
    pub deployment_id: String,
    pub status: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    /// The first failed instance or task set, and its failed lifecycle event.
    pub failed_target: Option<String>,
    pub failed_event: Option<LifecycleFailure>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LifecycleFailure {
    pub event: String,
    pub error_code: Option<String>,
    pub script_name: Option<String>,
    pub message: Option<String>,
    pub log_tail: Option<String>,
}

/// The execution in the CodePipeline console.
pub fn execution_console_url(region: &str, pipeline: &str, execution: &str) -> String {
    let host = pipewright_core::arn::console_host(region);
    format!(
        "https://{host}/codesuite/codepipeline/pipelines/{pipeline}/executions/{execution}/timeline?region={region}"
    )
}

/// Why `req`'s execution failed. Errors only when the pipeline or the execution cannot be read;
/// anything around them that cannot be read is a note.
pub async fn why(aws: &Aws, req: &WhyRequest) -> Result<Why, AwsError> {
    let api = aws.codepipeline();
    let pipeline = req.pipeline.as_str();
    let (execution_id, status, status_summary) = match &req.pipeline_execution_id {
        Some(id) => execution_status(&api, pipeline, id).await?,
        None => latest_failed(&api, pipeline).await?,
    };
    let region = aws.region().unwrap_or("us-east-1").to_string();
    let console_url = execution_console_url(&region, pipeline, &execution_id);
    let actions = api.list_action_executions(pipeline, &execution_id).await?;
    let mut notes = Vec::new();
    let revisions = revisions(aws, &actions, &mut notes).await;

    let failed = pick_failed(&actions, req.action.as_deref());
    let mut why = Why {
        pipeline: pipeline.to_string(),
        pipeline_execution_id: execution_id,
        status: status.clone(),
        status_summary: status_summary.clone(),
        headline: String::new(),
        revisions,
        failed: None,
        notes: Vec::new(),
        console_url: console_url.clone(),
    };
    let Some(a) = failed else {
        why.headline = match (&req.action, status.as_str()) {
            (Some(name), _) => format!("action {name} did not fail in this execution"),
            (None, "Failed") => status_summary.unwrap_or_else(|| {
                "the execution failed without a failed action (a stage condition or a stop)"
                    .to_string()
            }),
            (None, s) => format!("nothing failed: the execution is {s}"),
        };
        why.notes = notes;
        return Ok(why);
    };

    let provider = a.provider.clone().unwrap_or_default();
    let external = a.external_execution_id.clone().filter(|s| !s.is_empty());
    let cause = match (provider.as_str(), &external) {
        ("CodeBuild", Some(id)) => Cause::CodeBuild(build_cause(aws, id, &mut notes).await),
        ("CloudFormation", _) => {
            let stack = a
                .configuration
                .get("StackName")
                .cloned()
                .or_else(|| external.clone());
            match stack {
                Some(stack) => Cause::CloudFormation(stack_cause(aws, &stack, &mut notes).await),
                None => Cause::Action,
            }
        }
        ("CodeDeploy" | "CodeDeployToECS", Some(id)) => {
            Cause::CodeDeploy(deployment_cause(aws, id, &mut notes).await)
        }
        _ => Cause::Action,
    };
    let action_said = a
        .error
        .as_ref()
        .and_then(|e| e.message.clone())
        .or_else(|| a.summary.clone());
    let described = match &cause {
        Cause::Action => actioncause::action_cause(
            &provider,
            &a.configuration,
            external.as_deref(),
            a.external_execution_url.as_deref(),
            &region,
        ),
        _ => None,
    };
    why.headline = headline(&cause)
        .or_else(|| {
            described
                .as_ref()
                .map(|d| d.headline(action_said.as_deref()))
        })
        .or(action_said)
        .unwrap_or_else(|| format!("{}/{} failed", a.stage_name, a.action_name));
    let action_url = match described {
        Some(d) => Some(d.console_url),
        None => a.external_execution_url.clone().filter(|u| !u.is_empty()),
    };
    why.failed = Some(FailedAction {
        stage: a.stage_name.clone(),
        action: a.action_name.clone(),
        category: a.category.clone(),
        provider: a.provider.clone(),
        action_execution_id: a.action_execution_id.clone(),
        start_time: a.start_time.clone(),
        last_update_time: a.last_update_time.clone(),
        external_execution_id: external,
        summary: a.summary.clone(),
        error: a.error.clone(),
        console_url: action_url.unwrap_or(console_url),
        cause,
    });
    why.notes = notes;
    Ok(why)
}

/// The one line to show first, from what the service said.
fn headline(cause: &Cause) -> Option<String> {
    match cause {
        Cause::CodeBuild(b) => b
            .log
            .as_ref()
            .and_then(|l| l.first_error.as_ref())
            .map(|l| l.text.trim().to_string())
            .or_else(|| {
                b.failed_phase.as_ref().map(|p| match &p.message {
                    Some(m) => format!("{} failed: {m}", p.phase),
                    None => format!("{} failed", p.phase),
                })
            }),
        Cause::CloudFormation(s) => s.first_failed.as_ref().map(|e| {
            format!(
                "{} ({}): {}",
                e.logical_resource_id,
                e.resource_type.as_deref().unwrap_or("resource"),
                e.reason.as_deref().unwrap_or(&e.status)
            )
        }),
        Cause::CodeDeploy(d) => match (&d.failed_event, &d.failed_target) {
            (Some(e), target) => Some(format!(
                "{} failed{}: {}",
                e.event,
                target
                    .as_ref()
                    .map(|t| format!(" on {t}"))
                    .unwrap_or_default(),
                e.message
                    .as_deref()
                    .or(e.error_code.as_deref())
                    .unwrap_or("no message")
            )),
            (None, _) => d.error_message.clone(),
        },
        Cause::Action => None,
    }
}

/// The first failed action (by start time), or the named one if it failed.
fn pick_failed<'a>(
    actions: &'a [ActionExecutionDetail],
    name: Option<&str>,
) -> Option<&'a ActionExecutionDetail> {
    actions
        .iter()
        .filter(|a| a.status == ActionStatus::Failed)
        .filter(|a| name.is_none_or(|n| a.action_name == n))
        .min_by(|a, b| a.start_time.cmp(&b.start_time))
}

async fn execution_status(
    api: &CodePipeline,
    pipeline: &str,
    id: &str,
) -> Result<(String, String, Option<String>), AwsError> {
    let ex = api.get_pipeline_execution(pipeline, id).await?;
    Ok((
        ex.pipeline_execution_id,
        ex.status.as_str().to_string(),
        ex.status_summary,
    ))
}

/// The newest failed execution among the last 100.
async fn latest_failed(
    api: &CodePipeline,
    pipeline: &str,
) -> Result<(String, String, Option<String>), AwsError> {
    let mut token = None;
    for _ in 0..4 {
        let page = api
            .list_pipeline_executions(pipeline, None, Some(25), token)
            .await?;
        if let Some(e) = page
            .items
            .iter()
            .find(|e| e.status == ExecutionStatus::Failed)
        {
            return Ok((
                e.pipeline_execution_id.clone(),
                e.status.as_str().to_string(),
                e.status_summary.clone(),
            ));
        }
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    Err(AwsError::NoExecution {
        pipeline: pipeline.to_string(),
        what: "failed among the last 100; nothing to explain".to_string(),
    })
}

/// The revisions of the execution's source actions, with CodeCommit's author (one `GetCommit`
/// each).
async fn revisions(
    aws: &Aws,
    actions: &[ActionExecutionDetail],
    notes: &mut Vec<String>,
) -> Vec<RevisionInfo> {
    let mut out = Vec::new();
    for a in actions
        .iter()
        .filter(|a| a.category.as_deref() == Some("Source"))
    {
        let vars = &a.output_variables;
        let id = vars
            .get("CommitId")
            .cloned()
            .or_else(|| a.external_execution_id.clone());
        let mut info = RevisionInfo {
            action_name: a.action_name.clone(),
            provider: a.provider.clone(),
            revision_id: id.clone(),
            message: vars
                .get("CommitMessage")
                .cloned()
                .or_else(|| a.summary.as_deref().map(summary_message))
                .map(|m| m.lines().next().unwrap_or("").to_string()),
            author: None,
            author_email: None,
            url: a.external_execution_url.clone(),
        };
        let repo = a
            .configuration
            .get("RepositoryName")
            .or_else(|| vars.get("RepositoryName"));
        if let (Some("CodeCommit"), Some(repo), Some(id)) = (a.provider.as_deref(), repo, &id) {
            match aws
                .codecommit()
                .get_commit()
                .repository_name(repo)
                .commit_id(id)
                .send()
                .await
            {
                Ok(c) => {
                    let author = c.commit().and_then(|c| c.author());
                    info.author = author.and_then(|a| a.name()).map(str::to_string);
                    info.author_email = author.and_then(|a| a.email()).map(str::to_string);
                }
                Err(e) => notes.push(unreadable(
                    e,
                    "the commit's author",
                    "codecommit:GetCommit",
                    &format!("repository {repo}"),
                    None,
                )),
            }
        }
        out.push(info);
    }
    out
}

/// A source action's revision as its execution tells it (no lookup): the commit id and the
/// commit message's first line.
pub fn source_revision(a: &ActionExecutionDetail) -> (Option<String>, Option<String>) {
    let vars = &a.output_variables;
    let id = vars
        .get("CommitId")
        .cloned()
        .or_else(|| a.external_execution_id.clone())
        .filter(|s| !s.is_empty());
    let message = vars
        .get("CommitMessage")
        .cloned()
        .or_else(|| a.summary.as_deref().map(summary_message))
        .map(|m| m.lines().next().unwrap_or("").to_string())
        .filter(|m| !m.is_empty());
    (id, message)
}

/// A revision summary's message: connections summarize a revision by a JSON document
/// (`{"ProviderType":"GitHub","CommitMessage":"..."}`), CodeCommit by the message itself.
fn summary_message(summary: &str) -> String {
    serde_json::from_str::<BTreeMap<String, serde_json::Value>>(summary)
        .ok()
        .and_then(|m| m.get("CommitMessage")?.as_str().map(str::to_string))
        .unwrap_or_else(|| summary.to_string())
}

/// One sentence for a lookup that failed: the permission and resource when it was denied,
/// `not_found` when the resource is gone, else the call's error.
pub(super) fn unreadable<E>(
    err: SdkError<E, HttpResponse>,
    what: &str,
    permission: &str,
    resource: &str,
    not_found: Option<String>,
) -> String
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let code = err
        .as_service_error()
        .and_then(|e| e.code())
        .unwrap_or("")
        .to_string();
    if code.contains("AccessDenied") || code.contains("Unauthorized") {
        return format!(
            "{what} is not shown: this connection may not call {permission} on {resource}; grant it to the connection's role to see it here"
        );
    }
    if let Some(sentence) = not_found.filter(|_| code == "ResourceNotFoundException") {
        return sentence;
    }
    let op = permission.split(':').nth(1).unwrap_or("the call");
    let op: &'static str = match op {
        "BatchGetBuilds" => "BatchGetBuilds",
        "GetLogEvents" => "GetLogEvents",
        "DescribeStackEvents" => "DescribeStackEvents",
        "GetDeployment" => "GetDeployment",
        "GetCommit" => "GetCommit",
        "GetDifferences" => "GetDifferences",
        "BatchGetReports" => "BatchGetReports",
        "DescribeTestCases" => "DescribeTestCases",
        _ => "a lookup",
    };
    format!(
        "{what} is not shown: {}",
        AwsError::from_sdk(op, err, |_| None)
    )
}

async fn build_cause(aws: &Aws, build_id: &str, notes: &mut Vec<String>) -> BuildCause {
    let mut cause = BuildCause {
        build_id: build_id.to_string(),
        ..BuildCause::default()
    };
    let out = match aws
        .codebuild()
        .batch_get_builds()
        .ids(build_id)
        .send()
        .await
    {
        Ok(out) => out,
        Err(e) => {
            notes.push(unreadable(
                e,
                "the build",
                "codebuild:BatchGetBuilds",
                &format!("build {build_id}"),
                None,
            ));
            return cause;
        }
    };
    let Some(build) = out.builds().first() else {
        notes.push(format!(
            "the build is not shown: CodeBuild no longer knows build {build_id} (builds are kept for a year)"
        ));
        return cause;
    };
    cause.build_status = build.build_status().map(|s| s.as_str().to_string());
    cause.failed_phase = build
        .phases()
        .iter()
        .find(|p| {
            p.phase_status()
                .is_some_and(|s| !matches!(s.as_str(), "SUCCEEDED" | "IN_PROGRESS"))
        })
        .map(|p| {
            let context = p.contexts().first();
            FailedPhase {
                phase: p
                    .phase_type()
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_default(),
                status_code: context.and_then(|c| c.status_code()).map(str::to_string),
                message: context.and_then(|c| c.message()).map(str::to_string),
            }
        });
    if !build.report_arns().is_empty() {
        cause.tests = test_reports(aws, build.report_arns(), notes).await;
    }
    let logs = build.logs();
    let (Some(group), Some(stream)) = (
        logs.and_then(|l| l.group_name()),
        logs.and_then(|l| l.stream_name()),
    ) else {
        notes.push(format!(
            "the build log is not shown: build {build_id} has no CloudWatch Logs stream (the project does not send its logs to CloudWatch Logs)"
        ));
        return cause;
    };
    match read_log(aws, group, stream, LOG_LINES_MAX).await {
        Ok((lines, complete, _)) => {
            let mut log = excerpt(&lines, complete);
            log.group = group.to_string();
            log.stream = stream.to_string();
            log.deep_link = logs.and_then(|l| l.deep_link()).map(str::to_string);
            cause.log = Some(log);
        }
        Err(e) => notes.push(log_unreadable(aws, e, group, stream)),
    }
    cause
}

/// The reports of a build and their failed tests (`BatchGetReports`, then `DescribeTestCases`
/// filtered on FAILED for each report that has failed tests).
async fn test_reports(aws: &Aws, arns: &[String], notes: &mut Vec<String>) -> Option<TestReports> {
    let cb = aws.codebuild();
    let region = aws.region().unwrap_or("us-east-1");
    let out = match cb
        .batch_get_reports()
        .set_report_arns(Some(arns.iter().take(100).cloned().collect()))
        .send()
        .await
    {
        Ok(out) => out,
        Err(e) => {
            notes.push(unreadable(
                e,
                "the test reports",
                "codebuild:BatchGetReports",
                &format!("arn:aws:codebuild:{region}:*:report-group/*"),
                None,
            ));
            return None;
        }
    };
    let mut tests = TestReports::default();
    for r in out.reports() {
        let counts = r.test_summary().map(|s| s.status_counts());
        let count = |k: &str| {
            counts
                .and_then(|c| c.get(k))
                .copied()
                .unwrap_or(0)
                .max(0)
                .unsigned_abs()
        };
        tests.reports.push(TestReportInfo {
            arn: r.arn().unwrap_or("").to_string(),
            name: r.name().unwrap_or("").to_string(),
            status: r.status().map(|s| s.as_str().to_string()),
            total: r
                .test_summary()
                .map_or(0, |s| s.total().max(0).unsigned_abs()),
            failed: count("FAILED") + count("ERROR"),
        });
    }
    for report in tests.reports.clone() {
        if report.failed == 0 {
            continue;
        }
        let mut token = None;
        loop {
            let page = cb
                .describe_test_cases()
                .report_arn(&report.arn)
                .filter(
                    aws_sdk_codebuild::types::TestCaseFilter::builder()
                        .status("FAILED")
                        .build(),
                )
                .set_next_token(token)
                .send()
                .await;
            let page = match page {
                Ok(p) => p,
                Err(e) => {
                    notes.push(unreadable(
                        e,
                        "the failed tests",
                        "codebuild:DescribeTestCases",
                        &report.arn,
                        None,
                    ));
                    return Some(tests);
                }
            };
            for c in page.test_cases() {
                if tests.failed.len() == FAILED_TESTS_MAX {
                    tests.more = true;
                    break;
                }
                tests.failed.push(FailedTest {
                    report: report.name.clone(),
                    prefix: c.prefix().map(str::to_string),
                    name: c.name().unwrap_or("").to_string(),
                    status: c.status().unwrap_or("FAILED").to_string(),
                    message: c.message().map(str::to_string),
                });
            }
            token = page.next_token().map(str::to_string);
            if token.is_none() || tests.more {
                break;
            }
        }
    }
    let failed_total: u32 = tests.reports.iter().map(|r| r.failed).sum();
    tests.more |= (tests.failed.len() as u32) < failed_total;
    Some(tests)
}

/// The sentence for a log that could not be read.
pub fn log_unreadable(
    aws: &Aws,
    e: SdkError<aws_sdk_cloudwatchlogs::operation::get_log_events::GetLogEventsError, HttpResponse>,
    group: &str,
    stream: &str,
) -> String {
    let region = aws.region().unwrap_or("us-east-1");
    unreadable(
        e,
        "the build log",
        "logs:GetLogEvents",
        &format!("arn:aws:logs:{region}:*:log-group:{group}:log-stream:{stream}"),
        Some(format!(
            "the build log is not shown: log group {group} or its stream {stream} does not exist (deleted, or expired by the group's retention)"
        )),
    )
}

/// A stream's lines from its head as logged (ANSI escapes included: [`logtext`] strips them or
/// keeps the colours), at most `max`: (lines, read to the end, the forward token to read what
/// comes next).
pub async fn read_log(
    aws: &Aws,
    group: &str,
    stream: &str,
    max: usize,
) -> Result<
    (Vec<String>, bool, Option<String>),
    SdkError<aws_sdk_cloudwatchlogs::operation::get_log_events::GetLogEventsError, HttpResponse>,
> {
    let logs = aws.logs();
    let mut lines = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = logs
            .get_log_events()
            .log_group_name(group)
            .log_stream_name(stream)
            .start_from_head(true)
            .limit(10_000)
            .set_next_token(token.clone())
            .send()
            .await?;
        let next = page.next_forward_token().map(str::to_string);
        let got = page.events().len();
        lines.extend(
            page.events()
                .iter()
                .map(|e| e.message().unwrap_or("").to_string()),
        );
        if next.is_none() || next == token || got == 0 {
            return Ok((lines, true, next.or(token)));
        }
        if lines.len() >= max {
            return Ok((lines, false, next));
        }
        token = next;
    }
}

/// A page of a log from its tail: the last `request.limit` lines before `request.before` (the
/// last lines of the stream without it).
pub async fn log_page(
    aws: &Aws,
    request: &LogPageRequest,
) -> Result<
    LogPage,
    SdkError<aws_sdk_cloudwatchlogs::operation::get_log_events::GetLogEventsError, HttpResponse>,
> {
    let limit = request.limit.unwrap_or(10_000).clamp(1, 10_000);
    let page = aws
        .logs()
        .get_log_events()
        .log_group_name(&request.group)
        .log_stream_name(&request.stream)
        .start_from_head(false)
        .limit(i32::try_from(limit).unwrap_or(10_000))
        .set_next_token(request.before.clone())
        .send()
        .await?;
    let events = page.events();
    let lines: Vec<LogLine> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            LogLine::from_raw(
                u32::try_from(i + 1).unwrap_or(u32::MAX),
                e.message().unwrap_or(""),
            )
        })
        .collect();
    let back = page.next_backward_token().map(str::to_string);
    // No line, the same token again, or fewer lines than asked while far below the 1 MB a
    // page holds at most: the stream's head.
    let bytes: usize = events
        .iter()
        .map(|e| e.message().map_or(0, str::len) + 26)
        .sum();
    let at_head = events.is_empty()
        || back.is_none()
        || back == request.before
        || (events.len() < limit as usize && bytes < 900_000);
    Ok(LogPage {
        lines,
        earlier: if at_head { None } else { back },
    })
}

/// The first error, the lines around it and the tail of `lines` (as logged: each line's text
/// ANSI stripped, its colours in `ansi`).
pub fn excerpt(lines: &[String], complete: bool) -> BuildLog {
    let line = |i: usize| LogLine::from_raw(u32::try_from(i + 1).unwrap_or(u32::MAX), &lines[i]);
    let stripped: Vec<String> = lines.iter().map(|l| logtext::strip_ansi(l)).collect();
    let first = logtext::first_error(&stripped);
    BuildLog {
        line_count: lines.len(),
        complete,
        first_error: first.map(line),
        around_first_error: first
            .map(|i| {
                (i.saturating_sub(AROUND)..(i + AROUND + 1).min(lines.len()))
                    .map(line)
                    .collect()
            })
            .unwrap_or_default(),
        tail: (lines.len().saturating_sub(TAIL)..lines.len())
            .map(line)
            .collect(),
        ..BuildLog::default()
    }
}

async fn stack_cause(aws: &Aws, stack: &str, notes: &mut Vec<String>) -> StackCause {
    let mut cause = StackCause {
        stack: stack.to_string(),
        ..StackCause::default()
    };
    let cfn = aws.cloudformation();
    let mut events = Vec::new();
    let mut token = None;
    // The newest operation's events come first; two pages hold all but the largest stacks'.
    for _ in 0..3 {
        match cfn
            .describe_stack_events()
            .stack_name(stack)
            .set_next_token(token)
            .send()
            .await
        {
            Ok(page) => {
                events.extend(page.stack_events().iter().cloned());
                token = page.next_token().map(str::to_string);
            }
            Err(e) => {
                let missing = e
                    .as_service_error()
                    .and_then(|e| e.message())
                    .is_some_and(|m| m.contains("does not exist"));
                notes.push(if missing {
                    format!("the stack events are not shown: stack {stack} does not exist any more")
                } else {
                    unreadable(
                        e,
                        "the stack events",
                        "cloudformation:DescribeStackEvents",
                        &format!("stack {stack}"),
                        None,
                    )
                });
                return cause;
            }
        }
        if token.is_none() {
            break;
        }
    }
    let stack_name = |e: &aws_sdk_cloudformation::types::StackEvent| {
        e.logical_resource_id() == e.stack_name() || e.logical_resource_id() == Some(stack)
    };
    cause.stack_status = events
        .iter()
        .find(|e| stack_name(e))
        .and_then(|e| e.resource_status())
        .map(|s| s.as_str().to_string());
    // The newest operation: back to the stack's own event that started it.
    let newest: Vec<_> = events
        .iter()
        .take_while(|e| !(stack_name(e) && e.resource_status_reason() == Some("User Initiated")))
        .collect();
    cause.first_failed = newest
        .iter()
        .rev()
        .find(|e| {
            !stack_name(e)
                && e.resource_status()
                    .is_some_and(|s| s.as_str().ends_with("_FAILED"))
                && e.resource_status_reason() != Some("Resource creation cancelled")
        })
        .map(|e| StackEventInfo {
            logical_resource_id: e.logical_resource_id().unwrap_or("").to_string(),
            resource_type: e.resource_type().map(str::to_string),
            status: e
                .resource_status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            reason: e.resource_status_reason().map(str::to_string),
            timestamp: e
                .timestamp()
                .and_then(|t| t.fmt(aws_smithy_types::date_time::Format::DateTime).ok()),
        });
    cause
}

async fn deployment_cause(aws: &Aws, id: &str, notes: &mut Vec<String>) -> DeploymentCause {
    let mut cause = DeploymentCause {
        deployment_id: id.to_string(),
        ..DeploymentCause::default()
    };
    let cd = aws.codedeploy();
    match cd.get_deployment().deployment_id(id).send().await {
        Ok(out) => {
            let info = out.deployment_info();
            cause.status = info
                .and_then(|i| i.status())
                .map(|s| s.as_str().to_string());
            let err = info.and_then(|i| i.error_information());
            cause.error_code = err.and_then(|e| e.code()).map(|c| c.as_str().to_string());
            cause.error_message = err.and_then(|e| e.message()).map(str::to_string);
        }
        Err(e) => {
            notes.push(unreadable(
                e,
                "the deployment",
                "codedeploy:GetDeployment",
                &format!("deployment {id}"),
                None,
            ));
            return cause;
        }
    }
    let failed = cd
        .list_deployment_targets()
        .deployment_id(id)
        .target_filters(
            aws_sdk_codedeploy::types::TargetFilterName::TargetStatus,
            vec!["Failed".to_string()],
        )
        .send()
        .await;
    let target_ids = match failed {
        Ok(out) => out.target_ids().to_vec(),
        Err(e) => {
            notes.push(unreadable(
                e,
                "the failed lifecycle event",
                "codedeploy:ListDeploymentTargets",
                &format!("deployment {id}"),
                None,
            ));
            return cause;
        }
    };
    let Some(first) = target_ids.first() else {
        return cause;
    };
    match cd
        .batch_get_deployment_targets()
        .deployment_id(id)
        .target_ids(first)
        .send()
        .await
    {
        Ok(out) => {
            let target = out.deployment_targets().first();
            let events = target
                .and_then(|t| t.instance_target().map(|i| i.lifecycle_events()))
                .or_else(|| target.and_then(|t| t.ecs_target().map(|e| e.lifecycle_events())))
                .or_else(|| target.and_then(|t| t.lambda_target().map(|l| l.lifecycle_events())))
                .unwrap_or_default();
            cause.failed_target = Some(first.clone());
            cause.failed_event = events
                .iter()
                .find(|e| e.status().is_some_and(|s| s.as_str() == "Failed"))
                .map(|e| {
                    let d = e.diagnostics();
                    LifecycleFailure {
                        event: e.lifecycle_event_name().unwrap_or("").to_string(),
                        error_code: d
                            .and_then(|d| d.error_code())
                            .map(|c| c.as_str().to_string()),
                        script_name: d.and_then(|d| d.script_name()).map(str::to_string),
                        message: d.and_then(|d| d.message()).map(str::to_string),
                        log_tail: d.and_then(|d| d.log_tail()).map(str::to_string),
                    }
                });
        }
        Err(e) => notes.push(unreadable(
            e,
            "the failed lifecycle event",
            "codedeploy:BatchGetDeploymentTargets",
            &format!("deployment {id}"),
            None,
        )),
    }
    cause
}

/// Where an action's build log is: the build of the action's newest run in the execution (or
/// the newest execution that ran it).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionLogLocation {
    pub pipeline_execution_id: String,
    pub build_id: String,
    pub group: String,
    pub stream: String,
    pub build_complete: bool,
}

/// Finds the CloudWatch stream of `action`'s build. A sentence when the action has no build log.
pub async fn action_log_location(
    aws: &Aws,
    pipeline: &str,
    execution: Option<&str>,
    action: &str,
) -> Result<Result<ActionLogLocation, String>, AwsError> {
    let api = aws.codepipeline();
    let execution = match execution {
        Some(id) => id.to_string(),
        None => {
            let page = api
                .list_pipeline_executions(pipeline, None, Some(1), None)
                .await?;
            match page.items.into_iter().next() {
                Some(e) => e.pipeline_execution_id,
                None => {
                    return Err(AwsError::NoExecution {
                        pipeline: pipeline.to_string(),
                        what: "has run yet, so there is no log".to_string(),
                    })
                }
            }
        }
    };
    let actions = api.list_action_executions(pipeline, &execution).await?;
    let Some(run) = actions
        .iter()
        .filter(|a| a.action_name == action)
        .max_by(|a, b| a.start_time.cmp(&b.start_time))
    else {
        return Ok(Err(format!(
            "action {action} did not run in execution {execution} of {pipeline}"
        )));
    };
    let Some(build_id) = run
        .external_execution_id
        .clone()
        .filter(|_| run.provider.as_deref() == Some("CodeBuild"))
    else {
        return Ok(Err(format!(
            "action {action} is not a CodeBuild action with a build yet ({}), so it has no build log",
            run.provider.as_deref().unwrap_or("unknown provider")
        )));
    };
    let out = match aws
        .codebuild()
        .batch_get_builds()
        .ids(&build_id)
        .send()
        .await
    {
        Ok(out) => out,
        Err(e) => {
            return Ok(Err(unreadable(
                e,
                "the build",
                "codebuild:BatchGetBuilds",
                &format!("build {build_id}"),
                None,
            )))
        }
    };
    let build = out.builds().first();
    let logs = build.and_then(|b| b.logs());
    match (
        logs.and_then(|l| l.group_name()),
        logs.and_then(|l| l.stream_name()),
    ) {
        (Some(group), Some(stream)) => Ok(Ok(ActionLogLocation {
            pipeline_execution_id: execution,
            build_id,
            group: group.to_string(),
            stream: stream.to_string(),
            build_complete: build.is_some_and(|b| b.build_complete()),
        })),
        _ => Ok(Err(format!(
            "build {build_id} has no CloudWatch Logs stream (the project does not send its logs to CloudWatch Logs)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_execution_link_is_on_the_console_of_the_regions_partition() {
        assert_eq!(
            execution_console_url("eu-west-1", "web", "e-1"),
            "https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/web/executions/e-1/timeline?region=eu-west-1"
        );
        assert!(execution_console_url("cn-north-1", "web", "e-1")
            .starts_with("https://cn-north-1.console.amazonaws.cn/codesuite/"));
        assert!(execution_console_url("us-gov-west-1", "web", "e-1")
            .starts_with("https://us-gov-west-1.console.amazonaws-us-gov.com/codesuite/"));
    }

    #[test]
    fn the_excerpt_has_the_first_error_its_neighbours_and_the_tail() {
        let mut lines: Vec<String> = (0..100).map(|i| format!("npm http fetch {i}")).collect();
        lines[60] = "npm ERR! code ERESOLVE".into();
        lines[61] = "npm ERR! ERESOLVE could not resolve".into();
        let log = excerpt(&lines, true);
        let first = log.first_error.unwrap();
        assert_eq!(
            (first.number, first.text.as_str()),
            (61, "npm ERR! code ERESOLVE")
        );
        let numbers: Vec<u32> = log.around_first_error.iter().map(|l| l.number).collect();
        assert_eq!(numbers, (56..=66).collect::<Vec<_>>());
        assert_eq!(log.tail.len(), TAIL);
        assert_eq!(log.tail.last().unwrap().number, 100);
        let short = excerpt(&["npm ERR! x".to_string()], true);
        assert_eq!(short.around_first_error.len(), 1);
    }

    #[test]
    fn a_connection_summary_gives_its_commit_message() {
        assert_eq!(
            summary_message(r#"{"ProviderType":"GitHub","CommitMessage":"Fix it\n\nbody"}"#),
            "Fix it\n\nbody"
        );
        assert_eq!(summary_message("Bump react-dates"), "Bump react-dates");
    }
}
