// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p pipewright-app bindings`.
// Do not edit by hand.

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

export type ActionTypeId = { 
/**
 * `Source` | `Build` | `Deploy` | `Test` | `Invoke` | `Approval` | `Compute`.
 */
category: string, 
/**
 * `AWS` | `ThirdParty` | `Custom`.
 */
owner: string, provider: string, version: string, };

export type AppError = { kind: string, message: string, };

export type AppInfo = { version: string, 
/**
 * What the title bar shows as the active connection.
 */
connectionLabel: string, 
/**
 * Whether that connection is the local sandbox (never AWS).
 */
sandbox: boolean, };

export type ArtifactRange = { min: number, max: number, };

export type ArtifactStore = { 
/**
 * Always `S3`.
 */
storeType: string, location: string, encryptionKey?: EncryptionKey, };

export type Blocker = { name: string, blocker_type: string, };

export type Catalog = { providers: Array<Provider>, };

export type Condition = { result?: string, rules?: Array<Rule>, };

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

export type Document = { pipeline: Pipeline, tags?: Array<Tag>, 
/**
 * What `get-pipeline` prints beside the declaration (pipelineArn, created, updated, ...).
 */
metadata?: Record<string, unknown>, 
/**
 * Designer metadata; never sent to AWS.
 */
pipewright?: Designer, };

export type EncryptionKey = { id: string, key_type: string, };

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

export type EnvironmentVariable = { name: string, value: string, 
/**
 * `PLAINTEXT` | `SECRETS_MANAGER`.
 */
var_type?: string, };

export type ExtraStage = { 
/**
 * Name of the base stage this one goes before; absent = after the last stage.
 */
before?: string, stage: Stage, };

export type FailureConditions = { result?: string, retryConfiguration?: RetryConfiguration, conditions?: Array<Condition>, };

export type FilterCriteria = { includes?: Array<string>, excludes?: Array<string>, };

export type Format = "json" | "yaml";

export type GitConfiguration = { sourceActionName: string, push?: Array<GitPushFilter>, pullRequest?: Array<GitPullRequestFilter>, };

export type GitPullRequestFilter = { events?: Array<string>, branches?: FilterCriteria, filePaths?: FilterCriteria, };

export type GitPushFilter = { tags?: FilterCriteria, branches?: FilterCriteria, filePaths?: FilterCriteria, };

export type InputArtifact = { name: string, };

export type OpenFileEvent = { path: string, };

export type OpenedDesign = { path: string, format: Format, document: Document, };

export type OutputArtifact = { name: string, files?: Array<string>, };

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

export type Placeholder = { name: string, help: string, example: string, };

export type Position = { x: number, y: number, };

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
crossRegion: boolean, config: Array<ConfigKey>, };

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

export type RetryConfiguration = { retryMode?: string, };

export type Rule = { name: string, ruleTypeId: RuleTypeId, configuration?: { [key in string]?: string }, commands?: Array<string>, inputArtifacts?: Array<InputArtifact>, roleArn?: string, region?: string, timeoutInMinutes?: number, };

export type RuleTypeId = { category: string, owner?: string, provider: string, version?: string, };

export type Severity = "error" | "warning";

export type Stage = { name: string, blockers?: Array<Blocker>, actions: Array<Action>, onFailure?: FailureConditions, onSuccess?: Conditions, beforeEntry?: Conditions, };

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

export type Trigger = { providerType: string, gitConfiguration: GitConfiguration, };

export type Variable = { name: string, defaultValue?: string, description?: string, };
