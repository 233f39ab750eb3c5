// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p pipewright-app bindings`.
// Do not edit by hand.

export type AboutInfo = { 
/**
 * The app's version: the workspace version (`Cargo.toml`), unless the bundler was given
 * another (the update test's newer package).
 */
version: string, 
/**
 * `release` or `debug` (a debug build has the web inspector).
 */
build: string, 
/**
 * Operating system and architecture, e.g. `linux x86_64`.
 */
platform: string, 
/**
 * The package it was installed from (`deb`, `rpm`, `appimage`, `msi`, `nsis`, `app`), when
 * it was installed from one.
 */
installedFrom: string | null, 
/**
 * The web view's engine version (WebKitGTK, WKWebView or WebView2).
 */
webview: string | null, 
/**
 * Where updates are looked for, when this build looks for them.
 */
updateEndpoint: string | null, };

export type Action = { name: string, actionTypeId: ActionTypeId, 
/**
 * 1..999; actions with the same runOrder run in parallel. The service defaults it to 1.
 */
runOrder?: number, 
/**
 * Provider configuration. Secret values come back from the service as `****`.
 */
configuration?: { [key in string]?: string }, 
/**
 * `Commands` action (Compute category) shell commands.
 */
commands?: Array<string>, outputArtifacts?: Array<OutputArtifact>, inputArtifacts?: Array<InputArtifact>, outputVariables?: Array<string>, roleArn?: string, region?: string, namespace?: string, 
/**
 * Only for manual approval actions: 5..86400.
 */
timeoutInMinutes?: number, environmentVariables?: Array<EnvironmentVariable>, };

export type ActionAt = { stage: string | null, action: string | null, pipelineExecutionId: string | null, 
/**
 * RFC 3339 time of its last status change (when an approval started waiting).
 */
since: string | null, };

export type ActionAttempt = { actionExecutionId: string, status: ActionStatus, startTime: string | null, endTime: string | null, durationMs: number | null, summary: string | null, error: string | null, externalExecutionUrl: string | null, };

export type ActionDelta = { name: string, a: RunSide | null, b: RunSide | null, deltaMs: number | null, };

export type ActionExecutionDetail = { pipelineExecutionId: string, actionExecutionId: string, pipelineVersion: number | null, stageName: string, actionName: string, status: ActionStatus, startTime: string | null, lastUpdateTime: string | null, updatedBy: string | null, 
/**
 * `category/owner/provider/version`, e.g. `Approval/AWS/Manual/1`.
 */
category: string | null, provider: string | null, 
/**
 * The action's configuration as it ran (e.g. `CustomData` of a manual approval).
 */
configuration: { [key in string]?: string }, 
/**
 * In PARALLEL mode, the approval token of a waiting manual approval.
 */
externalExecutionId: string | null, externalExecutionUrl: string | null, summary: string | null, error: ErrorDetail | null, outputVariables: { [key in string]?: string }, };

export type ActionRun = { actionExecutionId: string | null, status: ActionStatus, summary: string | null, lastStatusChange: string | null, 
/**
 * Present while a manual approval waits for a decision (not in PARALLEL mode).
 */
token: string | null, lastUpdatedBy: string | null, externalExecutionId: string | null, 
/**
 * The external run, e.g. the CodeBuild build and its logs.
 */
externalExecutionUrl: string | null, percentComplete: number | null, error: ErrorDetail | null, };

export type ActionState = { name: string, latestExecution: ActionRun | null, 
/**
 * The action's configured resource (e.g. the CodeBuild project) in the console.
 */
entityUrl: string | null, revisionUrl: string | null, currentRevision: string | null, };

export type ActionStatus = "InProgress" | "Abandoned" | "Succeeded" | "Failed" | "Unknown";

export type ActionTypeId = { 
/**
 * `Source` | `Build` | `Deploy` | `Test` | `Invoke` | `Approval` | `Compute`.
 */
category: string, 
/**
 * `AWS` | `ThirdParty` | `Custom`.
 */
owner: string, provider: string, version: string, };

export type ActionView = { name: string, 
/**
 * The older name of a renamed action.
 */
beforeName?: string, mark: Mark, category: string, owner: string, provider: string, runOrder: number, inputArtifacts: Array<string>, outputArtifacts: Array<string>, };

export type ActiveConnection = { 
/**
 * The saved connection's id; `None` for an ad-hoc one (an AWS profile or the environment
 * picked on the command line).
 */
id: string | null, name: string, kind: AuthKind, 
/**
 * The effective region.
 */
region: string, endpointUrl: string | null, 
/**
 * Where an endpoint other than AWS's comes from when the connection itself does not name
 * it: `AWS_ENDPOINT_URL_CODEPIPELINE`, `AWS_ENDPOINT_URL`, or `profile NAME` (its
 * `endpoint_url`). The title says it too.
 */
endpointFrom?: string | null, 
/**
 * True when this is not AWS (the local sandbox): the UI labels it clearly.
 */
isSandbox: boolean, 
/**
 * Ready-made title-bar text.
 */
title: string, };

export type ActiveConnectionEvent = { active: ActiveConnection | null, };

export type AppError = { kind: ErrorKind, message: string, 
/**
 * The technical account the message leaves out (absent when the message says it all).
 */
details?: string, };

export type AppInfo = { version: string, 
/**
 * What the title bar shows as the active connection.
 */
connectionLabel: string, 
/**
 * Whether that connection is the local sandbox (never AWS).
 */
sandbox: boolean, 
/**
 * The view to show first: `"control"` (the control room, which starts the local sandbox) for
 * a start without a design file on the local sandbox (a new user, or the last session worked
 * there), else `"designer"`.
 */
firstView?: string, };

export type ApplyRequest = { 
/**
 * Design files or folders (as for the plan).
 */
paths: Array<string>, 
/**
 * Only these pipelines (by name); `null` applies every design.
 */
only: Array<string> | null, 
/**
 * Drifted pipelines (and pipelines synced with another pipeline) to overwrite with the
 * design.
 */
overwrite: Array<string>, 
/**
 * Drifted pipelines whose remote version is taken into the design file instead.
 */
pull: Array<string>, 
/**
 * The connection and region the plan was reviewed on.
 */
seen: Seen, 
/**
 * The reviewed plan's [`SyncPlan::fingerprint`].
 */
fingerprint: string, };

export type ApplyResult = { name: string, source: string, 
/**
 * `created`, `updated`, `unchanged`, `record-refreshed`, `pulled`, `refused`, `invalid`, `failed`.
 */
outcome: string, 
/**
 * The outcome in words ("refused (drifted)").
 */
label: string, 
/**
 * True when work is left undone (refused, invalid, failed).
 */
problem: boolean, version: number | null, 
/**
 * Why a call failed (a sentence).
 */
error: string | null, 
/**
 * Running again may succeed (throttling, a network hiccup).
 */
transient: boolean, errors: Array<Diagnostic>, drift: Drift | null, 
/**
 * Set when refused because the design was synced with another pipeline.
 */
binding: Binding | null, 
/**
 * What was (or, for a refused pipeline, would have been) changed.
 */
changes: Array<Change>, 
/**
 * What was done to what starts the pipeline (EventBridge rules, their role, webhooks); an
 * entry with an `error` was not done, and makes `problem` true.
 */
around: Array<AroundResult>, 
/**
 * What the pipeline needs that apply did not make or check (a CloudTrail trail, an endpoint
 * without EventBridge), one sentence each.
 */
notes: Array<string>, };

export type ApplyResults = { results: Array<ApplyResult>, problems: Array<string>, success: boolean, };

export type ApprovalOutcome = { approval: WaitingApproval, status: ApprovalStatus, state: PipelineState, };

export type ApprovalRequest = { pipeline: string, stage: string | null, action: string | null, 
/**
 * The execution the user looked at: if the approval now waits for another execution, the
 * request is stale (the user never saw what they would approve).
 */
pipelineExecutionId: string | null, 
/**
 * PARALLEL execution mode (tokens come from `ListActionExecutions`); `None` = find out.
 */
parallel: boolean | null, decision: Decision, summary: string, 
/**
 * The pipeline's name typed back, required for production pipelines and stages.
 */
confirmation: string | null, };

export type ApprovalStatus = "Approved" | "Rejected";

export type ApproveTarget = { stage: string, action: string, pipelineExecutionId: string | null, };

export type ApprovedRun = { pipelineExecutionId: string, startTime: string | null, 
/**
 * Who approved it, when the service says.
 */
approvedBy: string | null, };

export type Area = "pipeline" | "stage" | "action" | "configuration" | "artifact" | "trigger" | "condition" | "variable" | "environment" | "tag";

export type AroundChange = { kind: AroundKind, name: string, op: AroundOp, 
/**
 * JSON pointer of the source action it is for; empty for the role.
 */
pointer: string, 
/**
 * What it is, in words.
 */
summary: string, 
/**
 * For `update`: what differs from the design, as sentences.
 */
differences: Array<string>, };

export type AroundKind = "rule" | "role" | "webhook";

export type AroundNote = { 
/**
 * JSON pointer of the node it is about.
 */
pointer: string, message: string, };

export type AroundOp = "create" | "update" | "unchanged" | "missing" | "delete";

export type AroundResult = { kind: AroundKind, name: string, op: AroundOp, 
/**
 * Why it was not done; `None` when it was.
 */
error?: string, };

export type ArtifactRange = { min: number, max: number, };

export type ArtifactStore = { 
/**
 * Always `S3`.
 */
type: string, location: string, encryptionKey?: EncryptionKey, };

export type Auth = { "kind": "accessKey", accessKeyId: string, hasSessionToken: boolean, mfaSerial?: string | null, } | { "kind": "awsProfile", profile: string, } | { "kind": "environment" } | { "kind": "localSandbox" };

export type AuthInput = { "kind": "accessKey", accessKeyId: string, secretAccessKey: string, sessionToken: string | null, mfaSerial: string | null, } | { "kind": "awsProfile", profile: string, } | { "kind": "environment" } | { "kind": "localSandbox" };

export type AuthKind = "accessKey" | "awsProfile" | "environment" | "localSandbox";

export type AvailableUpdate = { version: string, 
/**
 * The release notes, as the endpoint gives them (plain text or Markdown).
 */
notes: string | null, 
/**
 * When it was published (RFC 3339), when the endpoint says.
 */
date: string | null, };

export type AwsProfileInfo = { name: string, kind: AwsProfileKind, region: string | null, 
/**
 * For assume-role profiles: the profile whose credentials assume the role.
 */
sourceProfile: string | null, roleArn: string | null, 
/**
 * For SSO profiles: the start URL (directly or through its `sso-session`).
 */
ssoStartUrl: string | null, endpointUrl: string | null, };

export type AwsProfileKind = "staticKeys" | "sso" | "assumeRole" | "credentialProcess" | "webIdentity" | "other";

export type BadgeColour = "Idle" | "Ok" | "Running" | "Attention" | "Failure" | "NotWatched";

export type BadgeItem = { connection: string | null, pipeline: string, kind: BadgeItemKind, label: string, 
/**
 * The waiting approval's run, stage and action; the failure's run and failed action.
 */
target?: ActionAt, };

export type BadgeItemKind = "Failing" | "ApprovalWaiting" | "NotWatched" | "SignInNeeded";

export type BadgeState = { waitingApprovals: number, failingPipelines: number, 
/**
 * Connections not watched now.
 */
notWatched: number, colour: BadgeColour, 
/**
 * Connections not watched first, then failures, then approvals; each group by name.
 */
items: Array<BadgeItem>, 
/**
 * A short tooltip, e.g. "1 failing, 2 approvals waiting".
 */
tooltip: string, };

export type Binding = { 
/**
 * The pipeline ARN (or, without one, the region) the design was synced with.
 */
syncedWith: string, 
/**
 * The pipeline ARN (or region) this plan is against.
 */
plannedAgainst: string, 
/**
 * One sentence: "not the pipeline this design was synced with: ...".
 */
reason: string, };

export type Blocker = { name: string, type: string, };

export type BuildCause = { buildId: string, buildStatus: string | null, failedPhase: FailedPhase | null, 
/**
 * `None` when the build has no CloudWatch log or it could not be read (see the notes).
 */
log: BuildLog | null, 
/**
 * The build's test reports and their failed tests (`None`: the build has no report, or
 * they could not be read, see the notes).
 */
tests: TestReports | null, };

export type BuildLog = { group: string, stream: string, deepLink: string | null, 
/**
 * Lines read (all of them unless `complete` is false).
 */
lineCount: number, 
/**
 * False when the log had more than [`LOG_LINES_MAX`] lines.
 */
complete: boolean, firstError: LogLine | null, 
/**
 * [`AROUND`] lines either side of the first error, the error included.
 */
aroundFirstError: Array<LogLine>, 
/**
 * The last [`TAIL`] lines read.
 */
tail: Array<LogLine>, };

export type BuildStatus = "Success" | "Failure" | "Exception" | "Unknown";

export type Catalog = { providers: Array<Provider>, rules: Array<RuleProvider>, };

export type Cause = { "service": "codeBuild" } & BuildCause | { "service": "cloudFormation" } & StackCause | { "service": "codeDeploy" } & DeploymentCause | { "service": "action" };

export type Change = { op: ChangeOp, 
/**
 * RFC 6901 pointer into the design (into the remote document for removals).
 */
pointer: string, 
/**
 * The node in words: "configuration key `ProjectName` of action `Build` in stage `Build`".
 */
subject: string, 
/**
 * The whole change in words: "... changed from `a` to `b`".
 */
phrase: string, before?: unknown, after?: unknown, };

export type ChangeOp = "add" | "remove" | "replace" | "rename" | "reorder";

export type CommitInfo = { id: string, 
/**
 * The message's first line.
 */
message: string, author: string | null, 
/**
 * As CodeCommit gives it (`1700000000 +0000`).
 */
date: string | null, };

export type CompareWith = { "kind": "revision", revision: string, } | { "kind": "file", path: string, };

export type Comparison = { a: Timeline, b: Timeline, 
/**
 * One per source of either run.
 */
revisions: Array<RevisionChange>, 
/**
 * `b`'s duration minus `a`'s, when both are known.
 */
durationDeltaMs: number | null, sameOutcome: boolean, 
/**
 * `a`'s stages, then those only `b` has.
 */
stages: Array<StageDelta>, };

export type Condition = { result?: string, rules?: Array<Rule>, };

export type ConditionKind = "beforeEntry" | "onSuccess" | "onFailure";

export type ConditionRun = { kind: ConditionKind, 
/**
 * `Unknown` when the service names none.
 */
status: ConditionStatus, summary: string | null, lastStatusChange: string | null, rules: Array<RuleRun>, };

export type ConditionStatus = "InProgress" | "Failed" | "Errored" | "Succeeded" | "Cancelled" | "Abandoned" | "Overridden" | "Unknown";

export type Conditions = { conditions: Array<Condition>, };

export type ConfigKey = { name: string, 
/**
 * The service rejects the action without it.
 */
required: boolean, 
/**
 * Returned masked as `****` by get-pipeline; never store it in a design file.
 */
secret: boolean, help: string, 
/**
 * The values the service accepts, when it is an enumeration.
 */
allowed?: Array<string>, 
/**
 * The value the service assumes when the key is absent, if documented.
 */
default?: string, };

export type ConnectOptions = { region: string | null, endpointUrl: string | null, 
/**
 * The current code of the connection's MFA device, when it has one.
 */
mfaCode: string | null, };

export type Connection = { 
/**
 * Stable id (a UUID); the keyring entries are named after it.
 */
id: string, 
/**
 * Unique, human name ("prod", "Local sandbox"); `--profile NAME` matches it.
 */
name: string, 
/**
 * Region; `None` takes it from the AWS profile or the environment.
 */
region?: string | null, 
/**
 * How credentials are obtained.
 */
auth: Auth, 
/**
 * A custom endpoint (moto, the local sandbox, a VPC endpoint); `None` is AWS's own.
 */
endpointUrl?: string | null, };

export type ConnectionEdit = { name: string, region: string | null, endpointUrl: string | null, 
/**
 * Only for access-key connections: the MFA device ARN (`None` removes it).
 */
mfaSerial: string | null, };

export type ConnectionSession = { connectionId: string, session: SessionStatus, };

export type ConnectionsOverview = { connections: Array<Connection>, active: ActiveConnection | null, 
/**
 * `null` when the OS keyring (Secret Service) works; otherwise the sentence to show, and
 * the "access keys" kind is not offered.
 */
keyringProblem: string | null, 
/**
 * Regions CodePipeline is offered in, for the region pickers.
 */
regions: Array<string>, };

export type ControlChangedEvent = { 
/**
 * The pipeline whose health changed; `None` for the whole list (connection, pipeline set).
 */
pipeline: string | null, };

export type ControlOpenEvent = { 
/**
 * The connection of the pipeline. When the event reaches the UI it is the active connection
 * already (the backend switched to it); `None`: the active connection.
 */
connection: string | null, pipeline: string, 
/**
 * Set when the user clicked "Approve": open the approval dialog of this action.
 */
approve: ApproveTarget | null, 
/**
 * Set when the user clicked "Show why" on a failure: open the "why it failed" panel of
 * this action.
 */
why: WhyTarget | null, };

export type ControlSettings = { 
/**
 * No desktop notifications in this local time window, `HH:MM-HH:MM` (may wrap midnight).
 */
quietHours: string | null, 
/**
 * Pipelines whose alerts are not shown as notifications (still counted in the badge), as
 * `<connection>|<pipeline ARN>` ([`Scope::entry`]).
 */
muted: Array<string>, 
/**
 * Pipelines (or `pipeline/stage`) that count as production besides the naming convention,
 * as `<connection>|<pipeline ARN>` (`.../pipeline/stage` for a stage).
 */
production: Array<string>, 
/**
 * Connections watched in the background even when they are not the active one (the active
 * one always is): saved connection ids, and `local-sandbox` ([`SANDBOX_KEY`]) for the local
 * sandbox.
 */
watched: Array<string>, 
/**
 * Connections (keys as in [`Self::watched`]) watched by CodePipeline's events through this
 * desktop's queue (set up with [`crate::control_room::ControlRoom::setup_events`]) instead
 * of polling; a slow sweep catches a missed event.
 */
events: Array<string>, };

export type ControlStatus = { 
/**
 * The active connection, once connected.
 */
connection: ActiveConnection | null, 
/**
 * Starting (the sandbox or the connection is not ready yet).
 */
starting: boolean, 
/**
 * Why the control room could not connect (a sentence to show in a banner).
 */
error: string | null, 
/**
 * Over every watched connection (each item names its connection).
 */
badge: BadgeState, 
/**
 * The connections watched now, by name.
 */
watching: Array<string>, };

export type Decision = { "decision": "approve" } | { "decision": "reject", reason: string, };

export type DeploymentCause = { deploymentId: string, status: string | null, errorCode: string | null, errorMessage: string | null, 
/**
 * The first failed instance or task set, and its failed lifecycle event.
 */
failedTarget: string | null, failedEvent: LifecycleFailure | null, };

export type Designer = { 
/**
 * Version of this section's format; 1 today.
 */
format?: number, 
/**
 * Canvas positions by node id (`stage:<name>` or `action:<stage>/<action>`).
 */
positions?: { [key in string]?: Position }, 
/**
 * Free-text notes by node id (`pipeline`, `stage:<name>`, `action:<stage>/<action>`).
 */
notes?: { [key in string]?: string }, 
/**
 * Environments (`dev`, `prod`, ...), each rendering its own pipeline; see `environments`.
 */
environments?: { [key in string]?: Environment }, };

export type Diagnostic = { code: string, severity: Severity, message: string, 
/**
 * RFC 6901 pointer into the document, e.g. `/pipeline/stages/1/actions/0/runOrder`.
 */
pointer: string, hint: string, };

export type Difference = { 
/**
 * JSON pointer into the rendered documents, e.g. `/pipeline/stages/2/actions/0/configuration/EnvironmentName`.
 */
pointer: string, 
/**
 * The value in the first environment, absent when only the second has it.
 */
left?: unknown, right?: unknown, };

export type Document = { pipeline: Pipeline, tags?: Array<Tag>, 
/**
 * What `get-pipeline` prints beside the declaration (pipelineArn, created, updated, ...).
 */
metadata?: Record<string, unknown>, 
/**
 * Designer metadata; never sent to AWS.
 */
pipewright?: Designer, };

export type Drift = { 
/**
 * The version the design was last synced from; `None` if it never was.
 */
syncedVersion?: number, remoteVersion?: number, reason: string, };

export type EncryptionKey = { id: string, type: string, };

export type Environment = { 
/**
 * Appended to the pipeline name: `web` + `-prod` = `web-prod`.
 */
nameSuffix?: string, 
/**
 * The branch every source action builds (`BranchName` / `Branch`), also used as the branch
 * include filter of V2 push triggers.
 */
branch?: string, 
/**
 * Default values of pipeline variables.
 */
variables?: { [key in string]?: string }, 
/**
 * Configuration overrides by action (`"<stage>/<action>"` -> key -> value), e.g. the Elastic
 * Beanstalk environment a deploy action targets.
 */
configuration?: { [key in string]?: { [key in string]?: string } }, 
/**
 * Stages only this environment has.
 */
extraStages?: Array<ExtraStage>, };

export type EnvironmentVariable = { name: string, 
/**
 * Absent decodes as empty; empty is not written back (the service needs 1..2000 chars).
 */
value: string, 
/**
 * `PLAINTEXT` | `SECRETS_MANAGER`.
 */
type?: string, };

export type ErrorDetail = { code: string | null, message: string | null, };

export type ErrorKind = "parse" | "render" | "not-found" | "io" | "format" | "invalid" | "template" | "unavailable" | "approval-stale" | "no-approval" | "ambiguous-approval" | "confirmation-required" | "not-confirmed" | "no-execution" | "name-in-use" | "duplicate-name" | "unreachable" | "throttled" | "access-denied" | "invalid-credentials" | "expired-token" | "clock-skew" | "credentials-unavailable" | "mfa-code-required" | "keyring-unavailable" | "keyring" | "secret-missing" | "corrupt-file" | "invalid-endpoint" | "missing-region" | "unknown-region" | "endpoint-not-resolvable" | "bad-response" | "config" | "service" | "internal" | "sign-in-failed" | "plain-http" | "changed-since-review" | "path-not-chosen";

export type EventsExportFormat = "cloudformation" | "terraform";

export type EventsSetup = { 
/**
 * This desktop's reader name (the queue is `pipewright-watch-<reader>`).
 */
reader: string, queueUrl: string | null, 
/**
 * Whether the control room watches the connection by events now.
 */
on: boolean, };

export type ExecutionStatus = "Cancelled" | "InProgress" | "Stopped" | "Stopping" | "Succeeded" | "Superseded" | "Failed" | "Unknown";

export type ExecutionSummary = { pipelineExecutionId: string, status: ExecutionStatus, statusSummary: string | null, startTime: string | null, lastUpdateTime: string | null, triggerType: string | null, triggerDetail: string | null, stopReason: string | null, executionMode: string | null, 
/**
 * STANDARD | ROLLBACK
 */
executionType: string | null, rollbackTarget: string | null, sourceRevisions: Array<SourceRevision>, };

export type Export = { text: string, notes: Array<ExportNote>, };

export type ExportFormat = "cloudformation-yaml" | "cloudformation-json" | "terraform";

export type ExportNote = { 
/**
 * JSON pointer of the node in the design.
 */
pointer: string, message: string, };

export type ExtraStage = { 
/**
 * Name of the base stage this one goes before; absent = after the last stage.
 */
before?: string, stage: Stage, };

export type FailedAction = { stage: string, action: string, category: string | null, provider: string | null, actionExecutionId: string, startTime: string | null, lastUpdateTime: string | null, externalExecutionId: string | null, summary: string | null, error: ErrorDetail | null, 
/**
 * The service's console page of the run (the action's own link, or the execution's).
 */
consoleUrl: string, cause: Cause, };

export type FailedPhase = { phase: string, statusCode: string | null, message: string | null, };

export type FailedTest = { 
/**
 * The report's name.
 */
report: string, 
/**
 * The test's file or class (`prefix`), e.g. `tests.test_etl`.
 */
prefix: string | null, name: string, status: string, 
/**
 * The test's failure message (its first line is what a list shows).
 */
message: string | null, };

export type FailureConditions = { result?: string, retryConfiguration?: RetryConfiguration, conditions?: Array<Condition>, };

export type FileFilter = { name: string, extensions: Array<string>, };

export type FilterCriteria = { includes?: Array<string>, excludes?: Array<string>, };

export type Format = "json" | "yaml";

export type GitConfiguration = { sourceActionName: string, push?: Array<GitPushFilter>, pullRequest?: Array<GitPullRequestFilter>, };

export type GitPullRequestFilter = { events?: Array<string>, branches?: FilterCriteria, filePaths?: FilterCriteria, };

export type GitPushFilter = { tags?: FilterCriteria, branches?: FilterCriteria, filePaths?: FilterCriteria, };

export type ImportFailure = { name: string, error: string, };

export type ImportRequest = { 
/**
 * Pipeline names; `null` imports every remote pipeline.
 */
names: Array<string> | null, 
/**
 * The folder the design files go to (`<folder>/<name>.json|yaml`).
 */
folder: string, 
/**
 * Format of new files (an existing file keeps its own).
 */
format: Format, };

export type ImportResults = { imported: Array<ImportedPipeline>, failed: Array<ImportFailure>, };

export type ImportedPipeline = { name: string, path: string, version: number | null, };

export type InputArtifact = { name: string, };

export type LifecycleFailure = { event: string, errorCode: string | null, scriptName: string | null, message: string | null, logTail: string | null, };

export type LogLine = { number: number, text: string, 
/**
 * The line with its colours (SGR sequences only, see [`logtext::keep_colours`]) when it
 * has any.
 */
ansi: string | null, };

export type LogPage = { lines: Array<LogLine>, 
/**
 * Pass it as [`LogPageRequest::before`] to read the lines before these; `None` at the
 * stream's head.
 */
earlier: string | null, };

export type LogPageRequest = { group: string, stream: string, 
/**
 * `None`: the last page; else a page's `earlier` token.
 */
before: string | null, 
/**
 * Lines per page (1 to 10,000, GetLogEvents' limit; default 10,000).
 */
limit: number | null, };

export type Mark = "unchanged" | "added" | "removed" | "renamed" | "changed" | "moved";

export type MarkCounts = { added: number, removed: number, renamed: number, changed: number, moved: number, };

export type Migration = { document: Document, changes: Array<string>, };

export type NewConnection = { name: string, region: string | null, endpointUrl: string | null, auth: AuthInput, };

export type NextAction = { name: string, 
/**
 * `Deploy`, `Build`, `Invoke`, ...
 */
category: string, provider: string, runOrder: number, };

export type NextStage = { stage: string, actions: Array<NextAction>, };

export type OpenFileEvent = { path: string, };

export type OpenedDesign = { path: string, format: Format, document: Document, };

export type OutputArtifact = { name: string, files?: Array<string>, };

export type Page<T> = { items: Array<T>, nextToken: string | null, };

export type Pipeline = { name: string, roleArn: string, artifactStore?: ArtifactStore, 
/**
 * Region -> store, for pipelines with cross-region actions.
 */
artifactStores?: { [key in string]?: ArtifactStore }, stages: Array<Stage>, version?: number, 
/**
 * `QUEUED` | `SUPERSEDED` | `PARALLEL`.
 */
executionMode?: string, 
/**
 * `V1` | `V2`.
 */
pipelineType?: string, variables?: Array<Variable>, triggers?: Array<Trigger>, };

export type PipelineCard = { overview: PipelineOverview, 
/**
 * Approving, starting and rolling back need the pipeline's name typed back.
 */
production: boolean, 
/**
 * Its notifications are muted.
 */
muted: boolean, 
/**
 * What the watcher knows (approvals waiting, failing), once it has polled.
 */
health: PipelineHealth | null, };

export type PipelineDetail = { view: PipelineView, 
/**
 * Type (V1/V2: variables and source overrides need V2) and execution mode.
 */
summary: PipelineListItem, production: boolean, 
/**
 * Stages that count as production (operations on them need the typed confirmation).
 */
productionStages: Array<string>, 
/**
 * Approvals waiting now, with their current tokens (PARALLEL mode included).
 */
approvals: Array<WaitingApproval>, muted: boolean, 
/**
 * The connection and region this view was made on: every operation from it passes it back,
 * and is refused when the active connection is another one by then.
 */
seen: Seen, };

export type PipelineHealth = { 
/**
 * The connection (set by the watcher).
 */
connection: string | null, pipeline: string, running: boolean, 
/**
 * `stage › action` of each waiting approval.
 */
approvals: Array<string>, failing: boolean, 
/**
 * Where it fails, `stage › action` or the stage.
 */
failure: string | null, lastStatus: BuildStatus, lastExecutionId: string | null, 
/**
 * RFC 3339 time of the latest status change seen.
 */
lastChange: string | null, };

export type PipelineListItem = { name: string, version: number | null, pipelineType: string | null, executionMode: string | null, created: string | null, updated: string | null, };

export type PipelineOverview = { pipeline: PipelineListItem, latestExecution: ExecutionSummary | null, };

export type PipelinePlan = { name: string, 
/**
 * Where the design came from (a file path), if there is one.
 */
source?: string, action: PlanAction, 
/**
 * From the remote (before) to the design (after): what apply would change. For a drifted
 * pipeline, how the remote as it is now differs from the design.
 */
changes: Array<Change>, remoteVersion?: number, syncedVersion?: number, drift?: Drift, 
/**
 * Set when the design was synced with another pipeline (action `other-pipeline`).
 */
binding?: Binding, 
/**
 * What blocks this design (action `invalid`): validation errors and placeholders left.
 */
errors: Array<Diagnostic> | undefined, 
/**
 * The design's sync record is missing or older than the remote although nothing differs:
 * apply only rewrites the record.
 */
recordStale: boolean, 
/**
 * What makes the pipeline start (EventBridge rules, their role, webhooks), each with what
 * apply does to it (see `crate::around::plan`).
 */
around: Array<AroundChange>, 
/**
 * What the pipeline needs that Pipewright does not make (a CloudTrail trail, a rule in
 * another account).
 */
notes: Array<AroundNote>, 
/**
 * Warnings only the remote can tell (a source connection not AVAILABLE: W901).
 */
warnings: Array<Diagnostic>, };

export type PipelineState = { pipelineName: string, pipelineVersion: number | null, created: string | null, updated: string | null, stages: Array<StageState>, };

export type PipelineView = { state: PipelineState, executions: Array<ExecutionSummary>, 
/**
 * Pass back to load older executions.
 */
nextToken: string | null, };

export type Placeholder = { name: string, help: string, example: string, };

export type Plan = { pipelines: Array<PipelinePlan>, summary: PlanSummary, };

export type PlanAction = "create" | "update" | "unchanged" | "drifted" | "remote-only" | "other-pipeline" | "invalid";

export type PlanSummary = { create: number, update: number, unchanged: number, drifted: number, remoteOnly: number, invalid: number, 
/**
 * Resources around the pipelines (rules, roles, webhooks) apply creates, fixes or deletes.
 */
around: number, 
/**
 * Designs synced with another pipeline than the one planned against.
 */
otherPipeline: number, };

export type Position = { 
/**
 * Kept as written (`10` stays `10`, `10.5` stays `10.5`).
 */
x: number, y: number, };

export type Provider = { category: string, owner: string, 
/**
 * The provider name; for [`Provider::any_provider_name`] entries, a suggested name.
 */
provider: string, version: string, displayName: string, description: string, 
/**
 * The user guide page this entry follows.
 */
docsUrl: string, inputArtifacts: ArtifactRange, outputArtifacts: ArtifactRange, 
/**
 * Only V2 pipelines may use this action type.
 */
v2Only: boolean, 
/**
 * Legacy and not recommended (GitHub v1 with an OAuth token).
 */
legacy: boolean, 
/**
 * The provider name is chosen by the user (Custom owner: the name configured in the
 * Jenkins plugin); any name matches this entry.
 */
anyProviderName: boolean, 
/**
 * The action may run in another region (`region`). Source, ThirdParty and Custom
 * actions may not.
 */
crossRegion: boolean, 
/**
 * The configuration keys are declared elsewhere (a custom action type's own properties, a
 * partner's integration), so `config` lists the usual ones and no key is unknown.
 */
openConfig: boolean, config: Array<ConfigKey>, };

export type Recovery = { 
/**
 * The UI's key for the design (e.g. one per open tab).
 */
key: string, 
/**
 * The file the design belongs to; null for a design never saved.
 */
path: string | null, 
/**
 * When it was autosaved, RFC 3339 UTC.
 */
savedAt: string, document: Document, };

export type Release = { 
/**
 * When the approval's token expires (RFC 3339), with the action's own timeout.
 */
expiresAt: string | null, 
/**
 * The same in words, from the time of the call ([`expiry_words`]).
 */
expires: string | null, runsAfter: Array<NextStage>, 
/**
 * The newest older execution that went past this approval, `None` when none of the last
 * [`APPROVED_SEARCH`] did.
 */
lastApproved: ApprovedRun | null, 
/**
 * One per source action of the waiting execution, against the last approved execution.
 */
changes: Array<SourceChange>, 
/**
 * What could not be read, one sentence each.
 */
notes: Array<string>, };

export type RemotePipeline = { name: string, version: number | null, pipelineType: string | null, updated: string | null, };

export type RetryConfiguration = { retryMode?: string, };

export type RetryMetadata = { autoStageRetryAttempt: number | null, manualStageRetryAttempt: number | null, latestRetryTrigger: string | null, };

export type RetryMode = "FAILED_ACTIONS" | "ALL_ACTIONS";

export type Review = { 
/**
 * The pipeline's name (on the newer side, if it has one).
 */
name: string, 
/**
 * Where the older side came from (a path, `REV:path`); absent for a new pipeline.
 */
before?: string, 
/**
 * Where the newer side came from; absent for a removed pipeline.
 */
after?: string, status: ReviewStatus, changes: Array<ReviewChange>, 
/**
 * The picture: both sides' stages and actions, each marked.
 */
stages: Array<StageView>, stageMarks: MarkCounts, actionMarks: MarkCounts, 
/**
 * Every change is a reorder.
 */
orderOnly: boolean, };

export type ReviewChange = { op: ChangeOp, area: Area, 
/**
 * The node in words: "configuration key `ProjectName` of action `Build` in stage `Build`".
 */
subject: string, 
/**
 * The whole change in words.
 */
phrase: string, 
/**
 * RFC 6901 pointer into the newer side (into the older one for removals).
 */
pointer: string, 
/**
 * The stage of the picture ([`StageView::name`]) the change is in, if any.
 */
stage?: string, 
/**
 * The action of that stage ([`ActionView::name`]) the change is in, if any.
 */
action?: string, before?: unknown, after?: unknown, };

export type ReviewStatus = "added" | "removed" | "changed" | "unchanged";

export type Revision = { 
/**
 * The full commit id.
 */
id: string, 
/**
 * The abbreviated id, as git prints it.
 */
short: string, 
/**
 * The commit's subject line.
 */
subject: string, 
/**
 * The commit date, `YYYY-MM-DD`.
 */
date: string, };

export type RevisionChange = { source: string, a: RunRevision | null, b: RunRevision | null, changed: boolean, };

export type RevisionInfo = { actionName: string, provider: string | null, revisionId: string | null, 
/**
 * The commit message's first line.
 */
message: string | null, 
/**
 * Where the provider tells it (CodeCommit's `GetCommit`).
 */
author: string | null, authorEmail: string | null, url: string | null, };

export type Rule = { name: string, ruleTypeId: RuleTypeId, configuration?: { [key in string]?: string }, commands?: Array<string>, inputArtifacts?: Array<InputArtifact>, roleArn?: string, region?: string, timeoutInMinutes?: number, };

export type RuleExecutionDetail = { pipelineExecutionId: string, ruleExecutionId: string, stageName: string, ruleName: string, 
/**
 * `DeploymentWindow`, `CloudWatchAlarm`, ...
 */
provider: string | null, status: RuleStatus, summary: string | null, startTime: string | null, lastUpdateTime: string | null, error: ErrorDetail | null, };

export type RuleProvider = { provider: string, version: string, displayName: string, description: string, 
/**
 * The rule reference page this entry follows.
 */
docsUrl: string, 
/**
 * An entry condition with result SKIP may use it (LambdaInvoke and VariableCheck).
 */
skipAllowed: boolean, 
/**
 * It runs the rule's `commands` (1..50) rather than taking them in configuration.
 */
runsCommands: boolean, config: Array<ConfigKey>, };

export type RuleRun = { name: string, ruleExecutionId: string | null, 
/**
 * `None` while the rule has not run yet.
 */
status: RuleStatus | null, 
/**
 * What the rule says, e.g. "Held by deployment window until 14:00 UTC".
 */
summary: string | null, lastStatusChange: string | null, error: ErrorDetail | null, externalExecutionUrl: string | null, };

export type RuleStatus = "InProgress" | "Abandoned" | "Succeeded" | "Failed" | "Unknown";

export type RuleTypeId = { category: string, owner?: string, provider: string, version?: string, };

export type RunRevision = { 
/**
 * The source action's name (the artifact's name when the service gives no action).
 */
source: string, revisionId: string | null, 
/**
 * The commit message's first line, when the provider gives one.
 */
message: string | null, url: string | null, };

export type RunSide = { status: ActionStatus | null, durationMs: number | null, 
/**
 * Attempts made (0 when it did not run).
 */
attempts: number, };

export type SecretInput = { 
/**
 * The new access key id, when the pair was rotated (the usual case); `None` keeps it.
 */
accessKeyId: string | null, secretAccessKey: string, 
/**
 * The new session token; `None` removes any stored one.
 */
sessionToken: string | null, };

export type Seen = { 
/**
 * The saved connection's id (`null` for an ad-hoc connection).
 */
connectionId: string | null, 
/**
 * The connection's name, as the dialog showed it.
 */
connection: string, region: string, };

export type SessionStatus = { 
/**
 * When the session ends (milliseconds since the Unix epoch); `None`: no session (never
 * signed in here).
 */
expiresAtMs: number | null, expired: boolean, 
/**
 * Ready to show: "7 h 12 min left", "expired", "not signed in".
 */
label: string, };

export type Severity = "error" | "warning";

export type SignInEvent = { connectionId: string, connection: string, state: SignInState, };

export type SignInMethod = "sso" | "mfa";

export type SignInRequestEvent = { 
/**
 * The connection's name.
 */
connection: string, 
/**
 * How it signs in again: `sso` (IAM Identity Center) or `mfa` (a new code from its device).
 */
method: SignInMethod, };

export type SignInState = { "state": "waiting" } & SignInWaiting | { "state": "signedIn", session: SessionStatus, } | { "state": "failed", message: string, } | { "state": "cancelled" };

export type SignInWaiting = { 
/**
 * The saved connection's id.
 */
connectionId: string, 
/**
 * Its name.
 */
connection: string, 
/**
 * The code the browser page shows, to compare before approving.
 */
userCode: string, 
/**
 * The page to approve the code on (opened in the browser when [`Self::opened`]).
 */
verificationUrl: string, 
/**
 * The code expires then (milliseconds since the Unix epoch).
 */
expiresAtMs: number, 
/**
 * Whether the browser was opened on [`Self::verification_url`]; otherwise the user opens it.
 */
opened: boolean, };

export type SourceChange = { actionName: string, provider: string | null, 
/**
 * `RepositoryName` (CodeCommit) or `FullRepositoryId` (connections).
 */
repository: string | null, 
/**
 * The revision the last approved execution ran, `None` when there is none.
 */
from: string | null, to: string | null, 
/**
 * CodeCommit: the commits after `from` up to `to`, newest first.
 */
commits: Array<CommitInfo>, 
/**
 * More than [`COMMITS_MAX`] commits, or `from` was not found behind `to`.
 */
more: boolean, 
/**
 * CodeCommit: how many files differ between the two (`GetDifferences`).
 */
filesChanged: number | null, 
/**
 * Connections: the provider's compare page.
 */
compareUrl: string | null, };

export type SourceRevision = { actionName: string, revisionId: string | null, revisionSummary: string | null, revisionUrl: string | null, };

export type SourceRevisionOverride = { actionName: string, 
/**
 * COMMIT_ID | IMAGE_DIGEST | S3_OBJECT_VERSION_ID | S3_OBJECT_KEY
 */
revisionType: string, revisionValue: string, };

export type StackCause = { stack: string, 
/**
 * The first resource that failed in the failed operation.
 */
firstFailed: StackEventInfo | null, 
/**
 * The stack's last status event (e.g. UPDATE_ROLLBACK_COMPLETE).
 */
stackStatus: string | null, };

export type StackEventInfo = { logicalResourceId: string, resourceType: string | null, status: string, reason: string | null, timestamp: string | null, };

export type Stage = { name: string, blockers?: Array<Blocker>, actions: Array<Action>, onFailure?: FailureConditions, onSuccess?: Conditions, beforeEntry?: Conditions, };

export type StageDelta = { name: string, a: RunSide | null, b: RunSide | null, deltaMs: number | null, actions: Array<ActionDelta>, };

export type StageExecution = { pipelineExecutionId: string, status: StageStatus, 
/**
 * STANDARD | ROLLBACK
 */
executionType: string | null, };

export type StageState = { name: string, latestExecution: StageExecution | null, 
/**
 * Executions waiting to enter the stage (the inbound transition is disabled, or QUEUED mode).
 */
inboundExecutions: Array<StageExecution>, inboundTransition: TransitionState | null, actions: Array<ActionState>, 
/**
 * `retryStageMetadata.autoStageRetryAttempt` / `manualStageRetryAttempt` / `latestRetryTrigger`.
 */
retryAttempts: RetryMetadata | null, 
/**
 * The stage's conditions as they last ran (beforeEntry, onSuccess, onFailure; only those
 * that ran), each with its rules' latest results.
 */
conditions: Array<ConditionRun>, };

export type StageStatus = "Cancelled" | "InProgress" | "Failed" | "Stopped" | "Stopping" | "Succeeded" | "Skipped" | "Unknown";

export type StageView = { name: string, beforeName?: string, mark: Mark, actions: Array<ActionView>, };

export type StartInput = { pipeline: string, variables: Array<VariableValue>, sourceRevisions: Array<SourceRevisionOverride>, clientRequestToken: string | null, };

export type StopRequest = { pipeline: string, 
/**
 * Default: the execution in progress.
 */
pipelineExecutionId: string | null, 
/**
 * Abandon running actions instead of letting them finish.
 */
abandon: boolean, reason: string | null, };

export type SyncPlan = { plan: Plan, 
/**
 * Files that could not be read as designs (each a sentence); they are left out of the plan.
 */
problems: Array<string>, 
/**
 * Where the plan was made (connection and region).
 */
connection: ActiveConnection, 
/**
 * The plan as reviewed, in a word: apply passes it back and is refused when planning again
 * gives another plan (the designs or the remote changed since).
 */
fingerprint: string, };

export type SyncProgress = { name: string, 
/**
 * `null` when the pipeline starts; its outcome label ("created", "failed", ...) when done.
 */
finished: string | null, 
/**
 * Pipelines done so far, over the whole apply.
 */
done: number, total: number, };

export type Tag = { key: string, value: string, };

export type TemplateInfo = { id: string, title: string, description: string, 
/**
 * The placeholders the user fills, in order of first use.
 */
placeholders: Array<Placeholder>, 
/**
 * Names of the files written beside the design.
 */
files: Array<string>, };

export type TestReport = { connection: ActiveConnection, 
/**
 * "Connected to prod (eu-west-1): CodePipeline answered in 120 ms."
 */
message: string, 
/**
 * The first pipeline's name, when the account has one (ListPipelines with max 1).
 */
firstPipeline: string | null, elapsedMs: bigint, };

export type TestReportInfo = { arn: string, name: string, status: string | null, total: number, 
/**
 * Tests whose status is FAILED or ERROR.
 */
failed: number, };

export type TestReports = { reports: Array<TestReportInfo>, 
/**
 * The failed tests, report by report, at most [`FAILED_TESTS_MAX`].
 */
failed: Array<FailedTest>, 
/**
 * True when more tests failed than `failed` names.
 */
more: boolean, };

export type Timeline = { pipeline: string, pipelineExecutionId: string, status: ExecutionStatus, statusSummary: string | null, 
/**
 * `StartPipelineExecution`, `Webhook`, `CloudWatchEvent`, `PutActionRevision`, ...
 */
triggerType: string | null, 
/**
 * Who or what triggered it (a user's ARN, a webhook, an event rule).
 */
triggerDetail: string | null, 
/**
 * STANDARD | ROLLBACK
 */
executionType: string | null, revisions: Array<RunRevision>, 
/**
 * The execution's start (its summary's, else its first action's).
 */
startTime: string | null, 
/**
 * `None` while it runs.
 */
endTime: string | null, 
/**
 * Start to end, or start to [`as_of`](Self::as_of) while it runs.
 */
durationMs: number | null, 
/**
 * When this was read: where a running bar ends.
 */
asOf: string, 
/**
 * In declaration order; stages that did not run have no actions with times.
 */
stages: Array<TimelineStage>, };

export type TimelineAction = { name: string, runOrder: number | null, category: string | null, provider: string | null, 
/**
 * The latest attempt's; `None` when the action did not run.
 */
status: ActionStatus | null, 
/**
 * The first attempt's start.
 */
startTime: string | null, 
/**
 * The latest attempt's end; `None` while it runs or when the service gave none.
 */
endTime: string | null, 
/**
 * True while the latest attempt runs (its bar ends at the timeline's `asOf`).
 */
running: boolean, 
/**
 * First start to latest end (to `asOf` while running); `None` when a time is missing.
 */
durationMs: number | null, 
/**
 * Oldest first; more than one when the stage was retried.
 */
attempts: Array<ActionAttempt>, };

export type TimelineStage = { name: string, 
/**
 * From its actions: in progress while one runs, failed when one's latest attempt failed,
 * succeeded when all that ran did; `None` when none ran.
 */
status: ActionStatus | null, startTime: string | null, endTime: string | null, durationMs: number | null, 
/**
 * Run order, then declaration order; actions no longer declared come last.
 */
actions: Array<TimelineAction>, };

export type TransitionState = { enabled: boolean, lastChangedBy: string | null, lastChangedAt: string | null, disabledReason: string | null, };

export type TransitionType = "Inbound" | "Outbound";

export type Trigger = { providerType: string, gitConfiguration: GitConfiguration, };

export type UpdateCheck = { 
/**
 * The version that runs.
 */
currentVersion: string, 
/**
 * Whether this build looks for updates (an endpoint and a public key were set at build time).
 */
enabled: boolean, 
/**
 * A newer version, when there is one.
 */
update: AvailableUpdate | null, };

export type Variable = { name: string, defaultValue?: string, description?: string, };

export type VariableValue = { name: string, value: string, };

export type WaitingApproval = { pipeline: string, stage: string, action: string, pipelineExecutionId: string | null, token: string, since: string | null, 
/**
 * When the token expires (RFC 3339): 7 days after `since`
 * ([`expiry::expires_at`](super::expiry::expires_at); the action's own
 * `timeoutInMinutes`, when it has one, is in the release's `expiresAt`).
 */
expiresAt: string | null, };

export type WatchChoice = { 
/**
 * What [`ControlSettings::watched`] holds for it: the connection's id, or `local-sandbox`.
 */
key: string, name: string, 
/**
 * Where it points, in a few words ("eu-west-1", "on this computer, not AWS").
 */
detail: string, isSandbox: boolean, 
/**
 * The active connection (watched while it is).
 */
active: boolean, 
/**
 * A watcher follows it now.
 */
watching: boolean, 
/**
 * Why it cannot be watched now (a sentence that says what to do).
 */
problem: string | null, 
/**
 * How its watcher learns of changes, when it was asked to use events: "by events", or
 * polling and why ("polling instead of events: ..."); `None` when it polls as chosen.
 */
feed: string | null, };

export type Why = { pipeline: string, pipelineExecutionId: string, 
/**
 * The execution's status (Failed, Succeeded, InProgress, ...).
 */
status: string, statusSummary: string | null, 
/**
 * The one line to show first: the first failing log line, the failed resource and its
 * reason, the service's error, or what the action said.
 */
headline: string, revisions: Array<RevisionInfo>, 
/**
 * `None` when no action failed (a condition failed the stage, or nothing failed).
 */
failed: FailedAction | null, 
/**
 * What could not be read, one sentence each (the missing permission and its resource).
 */
notes: Array<string>, 
/**
 * The execution in the CodePipeline console.
 */
consoleUrl: string, };

export type WhyRequest = { pipeline: string, 
/**
 * `None`: the latest failed execution.
 */
pipelineExecutionId: string | null, 
/**
 * `None`: the first action that failed in it.
 */
action: string | null, };

export type WhyTarget = { stage: string | null, action: string | null, pipelineExecutionId: string | null, };
