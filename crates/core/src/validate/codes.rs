//! The registry of every diagnostic code: what the UI shows in its legend and what
//! `docs/diagnostics.md` documents (a test keeps the two equal).

use serde::Serialize;

use crate::diagnostic::Severity;

/// One diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CodeInfo {
    pub code: &'static str,
    pub severity: Severity,
    /// What the rule checks, in a few words.
    pub title: &'static str,
}

const fn e(code: &'static str, title: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        severity: Severity::Error,
        title,
    }
}

const fn w(code: &'static str, title: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        severity: Severity::Warning,
        title,
    }
}

/// Every code validation can report, in code order.
pub const CODES: &[CodeInfo] = &[
    w("W001", "GitHub version 1 (OAuth) source action"),
    w(
        "W002",
        "source polls for changes (PollForSourceChanges=true)",
    ),
    w(
        "W003",
        "plaintext secret in configuration or environment variables",
    ),
    w(
        "W004",
        "production deploy without a manual approval before it",
    ),
    w("W005", "pipelineType not set (the service assumes V1)"),
    w("W006", "unknown field (dropped on apply)"),
    w(
        "W007",
        "variable reference to an unknown or later namespace",
    ),
    e("E101", "invalid pipeline name"),
    e("E102", "invalid stage name"),
    e("E103", "invalid action name"),
    e("E104", "invalid rule name"),
    e("E105", "invalid artifact name"),
    e("E106", "invalid action namespace"),
    e("E107", "invalid pipeline variable name"),
    e("E108", "invalid environment variable name"),
    e("E109", "invalid provider or version format"),
    e("E110", "required field missing"),
    e("E120", "invalid IAM role ARN"),
    e("E121", "invalid region name"),
    e("E122", "too many tags, or tag key/value length"),
    e("E201", "pipeline needs 2 to 50 stages"),
    e("E202", "stage needs 1 to 50 actions"),
    e("E203", "pipeline has more than 500 actions"),
    e("E204", "runOrder out of 1..999"),
    e("E205", "non-source action in the first stage"),
    e("E206", "source action outside the first stage"),
    e("E207", "no non-source action in the pipeline"),
    e("E208", "duplicate stage name"),
    e("E209", "duplicate action name in a stage"),
    e("E210", "value not in the allowed enumeration"),
    e("E212", "duplicate action namespace"),
    e("E301", "input artifact not produced by an earlier action"),
    e("E302", "duplicate output artifact name"),
    e("E303", "wrong number of input artifacts for the provider"),
    e("E304", "wrong number of output artifacts for the provider"),
    e("E310", "both artifactStore and artifactStores"),
    e("E311", "no artifact store"),
    e("E312", "artifact store type is not S3"),
    e("E313", "invalid artifact store location"),
    e("E314", "invalid artifact store encryption key"),
    e("E401", "cross-region source, third-party or custom action"),
    e("E402", "cross-region action with a single artifactStore"),
    e("E403", "no artifact store for an action's region"),
    e("E404", "no artifact store for the pipeline's own region"),
    e("E501", "required configuration key missing"),
    e("E502", "configuration key length out of 1..50"),
    e("E503", "configuration value length out of 1..1000"),
    e("E504", "configuration value not accepted by the provider"),
    e(
        "E505",
        "timeoutInMinutes on an action that is not a manual approval",
    ),
    e("E506", "timeoutInMinutes out of 5..86400"),
    e("E507", "conditionally required configuration key missing"),
    w("W501", "unknown configuration key"),
    w("W502", "action type not in the catalog"),
    e("E601", "V2-only feature on a V1 pipeline"),
    e("E602", "V2-only action type on a V1 pipeline"),
    e("E603", "more than 50 pipeline variables"),
    e(
        "E604",
        "invalid pipeline variable default, description or duplicate",
    ),
    e("E610", "Commands action commands missing or out of range"),
    e("E611", "outputVariables count out of 1..15"),
    e(
        "E612",
        "environmentVariables count out of 1..10 or value too long",
    ),
    e("E613", "output artifact files count out of 1..10"),
    e("E701", "trigger provider is not CodeStarSourceConnection"),
    e(
        "E702",
        "trigger source action missing or not a connection source",
    ),
    e("E703", "more than one trigger for a source action"),
    e("E704", "push / pullRequest filter count out of 1..3"),
    e("E705", "includes / excludes pattern count or length"),
    e("E706", "more than 50 triggers"),
    e("E801", "ROLLBACK on failure in a PARALLEL pipeline"),
    e("E802", "condition list must hold exactly one condition"),
    e("E803", "condition needs 1 to 5 rules"),
    e("E804", "entry condition result must be FAIL or SKIP"),
    e(
        "E805",
        "on-success condition result must be ROLLBACK or FAIL",
    ),
    e("E806", "automatic retry together with onFailure conditions"),
    e("E807", "rule type must be category Rule, owner AWS"),
    e(
        "E808",
        "SKIP entry condition with a rule other than LambdaInvoke / VariableCheck",
    ),
    e("E809", "rule timeoutInMinutes out of 5..86400"),
];

/// The registry entry of a code.
pub fn code_info(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code == code)
}
