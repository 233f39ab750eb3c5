//! The JSON fields of every model struct, listed once for both readers: the careful decoder
//! ([`Decode`], `decode.rs`) and the one-pass reader (`one_pass.rs`), so the two always read the
//! same document the same way.
//!
//! Each entry names a struct's fields in canonical order with their JSON keys and how an absent
//! key reads: `opt` (absent or `null` is `None`) or `or_default` (absent is the type's default,
//! which validation reports when the field is required). Every other key goes to `extra`.

use serde_json::Value;

use super::decode::{deserialize_via_decode, Decode, Fields, Path};
use super::one_pass::read_struct;
use crate::error::CodecError;
use crate::model::*;

/// `Decode` for a model struct from its fields, and its one-pass reader (`read_struct!`).
macro_rules! codec_struct {
    ($ty:ident { $($field:ident : $how:ident ($key:literal)),* $(,)? }) => {
        impl Decode for $ty {
            fn decode(value: Value, at: &Path) -> Result<Self, CodecError> {
                let mut f = Fields::new(value, at)?;
                $(let $field = f.$how($key)?;)*
                Ok($ty { $($field,)* extra: f.rest() })
            }
        }
        read_struct!($ty { $($field: $how($key)),* });
    };
}

codec_struct!(Pipeline {
    name: or_default("name"),
    role_arn: or_default("roleArn"),
    artifact_store: opt("artifactStore"),
    artifact_stores: opt("artifactStores"),
    stages: or_default("stages"),
    version: opt("version"),
    execution_mode: opt("executionMode"),
    pipeline_type: opt("pipelineType"),
    variables: opt("variables"),
    triggers: opt("triggers"),
});

codec_struct!(ArtifactStore {
    store_type: or_default("type"),
    location: or_default("location"),
    encryption_key: opt("encryptionKey"),
});

codec_struct!(EncryptionKey {
    id: or_default("id"),
    key_type: or_default("type"),
});

codec_struct!(Stage {
    name: or_default("name"),
    blockers: opt("blockers"),
    actions: or_default("actions"),
    on_failure: opt("onFailure"),
    on_success: opt("onSuccess"),
    before_entry: opt("beforeEntry"),
});

codec_struct!(Blocker {
    name: or_default("name"),
    blocker_type: or_default("type"),
});

codec_struct!(FailureConditions {
    result: opt("result"),
    retry_configuration: opt("retryConfiguration"),
    conditions: opt("conditions"),
});

codec_struct!(Conditions {
    conditions: or_default("conditions"),
});

codec_struct!(RetryConfiguration {
    retry_mode: opt("retryMode"),
});

codec_struct!(Condition {
    result: opt("result"),
    rules: opt("rules"),
});

codec_struct!(Rule {
    name: or_default("name"),
    rule_type_id: or_default("ruleTypeId"),
    configuration: opt("configuration"),
    commands: opt("commands"),
    input_artifacts: opt("inputArtifacts"),
    role_arn: opt("roleArn"),
    region: opt("region"),
    timeout_in_minutes: opt("timeoutInMinutes"),
});

codec_struct!(RuleTypeId {
    category: or_default("category"),
    owner: opt("owner"),
    provider: or_default("provider"),
    version: opt("version"),
});

codec_struct!(Action {
    name: or_default("name"),
    action_type_id: or_default("actionTypeId"),
    run_order: opt("runOrder"),
    configuration: opt("configuration"),
    commands: opt("commands"),
    output_artifacts: opt("outputArtifacts"),
    input_artifacts: opt("inputArtifacts"),
    output_variables: opt("outputVariables"),
    role_arn: opt("roleArn"),
    region: opt("region"),
    namespace: opt("namespace"),
    timeout_in_minutes: opt("timeoutInMinutes"),
    environment_variables: opt("environmentVariables"),
});

codec_struct!(ActionTypeId {
    category: or_default("category"),
    owner: or_default("owner"),
    provider: or_default("provider"),
    version: or_default("version"),
});

codec_struct!(OutputArtifact {
    name: or_default("name"),
    files: opt("files"),
});

codec_struct!(InputArtifact {
    name: or_default("name"),
});

codec_struct!(EnvironmentVariable {
    name: or_default("name"),
    value: or_default("value"),
    var_type: opt("type"),
});

codec_struct!(Variable {
    name: or_default("name"),
    default_value: opt("defaultValue"),
    description: opt("description"),
});

codec_struct!(Trigger {
    provider_type: or_default("providerType"),
    git_configuration: or_default("gitConfiguration"),
});

codec_struct!(GitConfiguration {
    source_action_name: or_default("sourceActionName"),
    push: opt("push"),
    pull_request: opt("pullRequest"),
});

codec_struct!(GitPushFilter {
    tags: opt("tags"),
    branches: opt("branches"),
    file_paths: opt("filePaths"),
});

codec_struct!(GitPullRequestFilter {
    events: opt("events"),
    branches: opt("branches"),
    file_paths: opt("filePaths"),
});

codec_struct!(FilterCriteria {
    includes: opt("includes"),
    excludes: opt("excludes"),
});

codec_struct!(Tag {
    key: or_default("key"),
    value: or_default("value"),
});

deserialize_via_decode!(
    Pipeline,
    ArtifactStore,
    EncryptionKey,
    Stage,
    Blocker,
    FailureConditions,
    Conditions,
    RetryConfiguration,
    Condition,
    Rule,
    RuleTypeId,
    Action,
    ActionTypeId,
    OutputArtifact,
    InputArtifact,
    EnvironmentVariable,
    Variable,
    Trigger,
    GitConfiguration,
    GitPushFilter,
    GitPullRequestFilter,
    FilterCriteria,
    Tag,
);
