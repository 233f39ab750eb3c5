//! The CodePipeline `PipelineDeclaration`, as the service model (API 2015-07-09) defines it.
//!
//! Every struct keeps the fields it does not know in `extra`, so a document read and written back
//! is the same JSON value (the way `toml_edit` keeps what it does not understand). Enum-like
//! fields (`category`, `executionMode`, ...) are plain strings: an unknown value is a validation
//! diagnostic, never a parse failure, so a design can always be opened and saved.
//!
//! Required scalar fields that are missing decode as the empty string and are not written back
//! (the service rejects an empty name anyway); validation reports them.
//!
//! Field order here is the canonical order in design files, which keeps git diffs small.

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::{Map, Value};

/// Unknown fields of a node, kept verbatim.
pub type Extra = Map<String, Value>;

/// Action and rule configuration: key -> value, in document order. Hashed with FxHash
/// (`rustc-hash`): the keys are short names, and SipHash dominated the profile of a 500-action
/// pipeline; documents are the user's own files, so hash flooding is no concern.
pub type Configuration = IndexMap<String, String, rustc_hash::FxBuildHasher>;

fn is_empty_str(s: &str) -> bool {
    s.is_empty()
}

/// `PipelineDeclaration`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Pipeline {
    #[serde(skip_serializing_if = "is_empty_str")]
    pub name: String,
    #[serde(skip_serializing_if = "is_empty_str")]
    pub role_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub artifact_store: Option<ArtifactStore>,
    /// Region -> store, for pipelines with cross-region actions.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub artifact_stores: Option<IndexMap<String, ArtifactStore>>,
    pub stages: Vec<Stage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub version: Option<i64>,
    /// `QUEUED` | `SUPERSEDED` | `PARALLEL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub execution_mode: Option<String>,
    /// `V1` | `V2`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub pipeline_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub variables: Option<Vec<Variable>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub triggers: Option<Vec<Trigger>>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `ArtifactStore`: an S3 bucket, optionally encrypted with a KMS key.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ArtifactStore {
    /// Always `S3`.
    #[serde(rename = "type", skip_serializing_if = "is_empty_str")]
    #[cfg_attr(feature = "ts", ts(rename = "type"))]
    pub store_type: String,
    #[serde(skip_serializing_if = "is_empty_str")]
    pub location: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub encryption_key: Option<EncryptionKey>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `EncryptionKey`: `{id, type: KMS}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EncryptionKey {
    #[serde(skip_serializing_if = "is_empty_str")]
    pub id: String,
    #[serde(rename = "type", skip_serializing_if = "is_empty_str")]
    #[cfg_attr(feature = "ts", ts(rename = "type"))]
    pub key_type: String,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `StageDeclaration`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Stage {
    #[serde(skip_serializing_if = "is_empty_str")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub blockers: Option<Vec<Blocker>>,
    pub actions: Vec<Action>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub on_failure: Option<FailureConditions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub on_success: Option<Conditions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub before_entry: Option<Conditions>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `BlockerDeclaration` (reserved by the service; kept as written).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Blocker {
    #[serde(skip_serializing_if = "is_empty_str")]
    pub name: String,
    #[serde(rename = "type", skip_serializing_if = "is_empty_str")]
    #[cfg_attr(feature = "ts", ts(rename = "type"))]
    pub blocker_type: String,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `FailureConditions`: a result (`ROLLBACK`, `RETRY`, ...), a retry configuration and conditions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FailureConditions {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub result: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub retry_configuration: Option<RetryConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub conditions: Option<Vec<Condition>>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `SuccessConditions` and `BeforeEntryConditions` (same shape: a list of conditions).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Conditions {
    pub conditions: Vec<Condition>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `RetryConfiguration`: `retryMode` `FAILED_ACTIONS` | `ALL_ACTIONS`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RetryConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub retry_mode: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `Condition`: a result and 1..5 rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Condition {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub result: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub rules: Option<Vec<Rule>>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `RuleDeclaration`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    #[serde(skip_serializing_if = "is_empty_str")]
    pub name: String,
    pub rule_type_id: RuleTypeId,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<IndexMap<String, String>>"))]
    pub configuration: Option<Configuration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub commands: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub input_artifacts: Option<Vec<InputArtifact>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub timeout_in_minutes: Option<i64>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `RuleTypeId`: category `Rule`, owner `AWS`, provider, version.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RuleTypeId {
    #[serde(skip_serializing_if = "is_empty_str")]
    pub category: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "is_empty_str")]
    pub provider: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub version: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `ActionDeclaration`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Action {
    #[serde(skip_serializing_if = "is_empty_str")]
    pub name: String,
    pub action_type_id: ActionTypeId,
    /// 1..999; actions with the same runOrder run in parallel. The service defaults it to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub run_order: Option<i64>,
    /// Provider configuration. Secret values come back from the service as `****`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<IndexMap<String, String>>"))]
    pub configuration: Option<Configuration>,
    /// `Commands` action (Compute category) shell commands.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub commands: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub output_artifacts: Option<Vec<OutputArtifact>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub input_artifacts: Option<Vec<InputArtifact>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub output_variables: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub namespace: Option<String>,
    /// Only for manual approval actions: 5..86400.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub timeout_in_minutes: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub environment_variables: Option<Vec<EnvironmentVariable>>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

impl Action {
    /// The run order the service uses: the declared one, or 1.
    pub fn effective_run_order(&self) -> i64 {
        self.run_order.unwrap_or(1)
    }

    /// Names of the input artifacts, in order.
    pub fn input_names(&self) -> impl Iterator<Item = &str> {
        self.input_artifacts
            .iter()
            .flatten()
            .map(|a| a.name.as_str())
    }

    /// Names of the output artifacts, in order.
    pub fn output_names(&self) -> impl Iterator<Item = &str> {
        self.output_artifacts
            .iter()
            .flatten()
            .map(|a| a.name.as_str())
    }

    /// A configuration value, if set.
    pub fn config(&self, key: &str) -> Option<&str> {
        self.configuration.as_ref()?.get(key).map(String::as_str)
    }
}

/// `ActionTypeId`: category, owner, provider, version.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActionTypeId {
    /// `Source` | `Build` | `Deploy` | `Test` | `Invoke` | `Approval` | `Compute`.
    #[serde(skip_serializing_if = "is_empty_str")]
    pub category: String,
    /// `AWS` | `ThirdParty` | `Custom`.
    #[serde(skip_serializing_if = "is_empty_str")]
    pub owner: String,
    #[serde(skip_serializing_if = "is_empty_str")]
    pub provider: String,
    #[serde(skip_serializing_if = "is_empty_str")]
    pub version: String,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

impl ActionTypeId {
    pub fn new(category: &str, owner: &str, provider: &str, version: &str) -> Self {
        Self {
            category: category.into(),
            owner: owner.into(),
            provider: provider.into(),
            version: version.into(),
            extra: Extra::new(),
        }
    }
}

/// `OutputArtifact`: a name and, for Commands actions, the files it holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutputArtifact {
    #[serde(skip_serializing_if = "is_empty_str")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub files: Option<Vec<String>>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `InputArtifact`: the name of an artifact an earlier action produced.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InputArtifact {
    #[serde(skip_serializing_if = "is_empty_str")]
    pub name: String,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `EnvironmentVariable` of a Commands action.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnvironmentVariable {
    #[serde(skip_serializing_if = "is_empty_str")]
    pub name: String,
    /// Absent decodes as empty; empty is not written back (the service needs 1..2000 chars).
    #[serde(skip_serializing_if = "is_empty_str")]
    pub value: String,
    /// `PLAINTEXT` | `SECRETS_MANAGER`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(rename = "type"))]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub var_type: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `PipelineVariableDeclaration` (V2).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Variable {
    #[serde(skip_serializing_if = "is_empty_str")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub default_value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub description: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `PipelineTriggerDeclaration` (V2): provider `CodeStarSourceConnection` and a git configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Trigger {
    #[serde(skip_serializing_if = "is_empty_str")]
    pub provider_type: String,
    pub git_configuration: GitConfiguration,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `GitConfiguration`: which source action the trigger is for, and its push / pull-request filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GitConfiguration {
    #[serde(skip_serializing_if = "is_empty_str")]
    pub source_action_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub push: Option<Vec<GitPushFilter>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub pull_request: Option<Vec<GitPullRequestFilter>>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `GitPushFilter`: tags, branches and file paths.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GitPushFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub tags: Option<FilterCriteria>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub branches: Option<FilterCriteria>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub file_paths: Option<FilterCriteria>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// `GitPullRequestFilter`: events (`OPEN` | `UPDATED` | `CLOSED`), branches and file paths.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GitPullRequestFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub events: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub branches: Option<FilterCriteria>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub file_paths: Option<FilterCriteria>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// Glob include / exclude lists (branches, tags, file paths); excludes win.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FilterCriteria {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub includes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub excludes: Option<Vec<String>>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// A pipeline tag (`{key, value}`), as create-pipeline and list-tags-for-resource use.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Tag {
    pub key: String,
    pub value: String,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

impl Pipeline {
    /// Every action with its stage index and action index, in pipeline order.
    pub fn actions(&self) -> impl Iterator<Item = (usize, usize, &Action)> {
        self.stages
            .iter()
            .enumerate()
            .flat_map(|(si, s)| s.actions.iter().enumerate().map(move |(ai, a)| (si, ai, a)))
    }

    /// The pipeline type the service assumes: the declared one, or `V1`.
    pub fn effective_type(&self) -> &str {
        self.pipeline_type.as_deref().unwrap_or("V1")
    }
}
