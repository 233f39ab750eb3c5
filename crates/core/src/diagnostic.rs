//! Diagnostics: what validation and lints report, like a compiler does.

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is. Errors block apply; warnings are advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about a document: a stable code (see `docs/diagnostics.md`), a severity, a
/// message, the JSON pointer of the offending node and a hint that says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// RFC 6901 pointer into the document, e.g. `/pipeline/stages/1/actions/0/runOrder`.
    pub pointer: String,
    pub hint: String,
}

impl Severity {
    /// `error` or `warning`, as compilers print it.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
