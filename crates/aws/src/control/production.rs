//! The production guard: approving, starting or rolling back a production pipeline needs the
//! pipeline's name typed back. Enforced here, in the use cases, so no caller can skip it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::error::AwsError;

/// Which pipelines and stages count as production.
///
/// By convention a pipeline or stage whose name contains the word `prod` or `production`
/// (case-insensitive, words split at anything that is not a letter or digit, and at
/// lower-to-upper case changes: `deploy-prod`, `Prod`, `ProdDeploy`, `eu.production`) is
/// production; `product-catalog` or `reproduce` are not. The caller may name more pipelines
/// (or `pipeline/stage` pairs) explicitly, and may turn the convention off.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductionPolicy {
    pub by_convention: bool,
    /// Pipeline names, or `pipeline/stage`, that are production whatever their names.
    pub marked: BTreeSet<String>,
}

impl Default for ProductionPolicy {
    fn default() -> Self {
        Self {
            by_convention: true,
            marked: BTreeSet::new(),
        }
    }
}

/// True when `name` contains the word `prod` or `production`.
pub fn name_says_production(name: &str) -> bool {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words.iter().any(|w| {
        let w = w.trim_end_matches(|c: char| c.is_ascii_digit());
        w == "prod" || w == "production" || w == "prd"
    })
}

impl ProductionPolicy {
    /// A policy with only the explicit set (no naming convention).
    pub fn explicit(marked: impl IntoIterator<Item = String>) -> Self {
        Self {
            by_convention: false,
            marked: marked.into_iter().collect(),
        }
    }

    /// Is the pipeline itself production?
    pub fn is_production_pipeline(&self, pipeline: &str) -> bool {
        self.marked.contains(pipeline) || (self.by_convention && name_says_production(pipeline))
    }

    /// Is this stage (or its pipeline) production?
    pub fn is_production_stage(&self, pipeline: &str, stage: &str) -> bool {
        self.is_production_pipeline(pipeline)
            || self.marked.contains(&format!("{pipeline}/{stage}"))
            || (self.by_convention && name_says_production(stage))
    }

    /// Does an operation touching `stages` of `pipeline` need confirmation?
    pub fn touches_production<'a>(
        &self,
        pipeline: &str,
        stages: impl IntoIterator<Item = &'a str>,
    ) -> bool {
        self.is_production_pipeline(pipeline)
            || stages
                .into_iter()
                .any(|s| self.is_production_stage(pipeline, s))
    }

    /// Fails with [`AwsError::ConfirmationRequired`] unless `confirmation` is exactly the
    /// pipeline's name (surrounding blanks ignored).
    pub fn check(
        &self,
        production: bool,
        pipeline: &str,
        operation: &str,
        confirmation: Option<&str>,
    ) -> Result<(), AwsError> {
        if !production || confirmation.map(str::trim) == Some(pipeline) {
            return Ok(());
        }
        Err(AwsError::ConfirmationRequired {
            pipeline: pipeline.to_string(),
            operation: operation.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn convention_matches_the_word_prod_only() {
        for yes in [
            "prod",
            "Prod",
            "deploy-prod",
            "web-production",
            "ProdDeploy",
            "eu.PRODUCTION",
            "prod2",
            "app_prd",
        ] {
            assert!(name_says_production(yes), "{yes} should be production");
        }
        for no in [
            "product-catalog",
            "reproduce",
            "staging",
            "Products",
            "dev",
            "",
        ] {
            assert!(!name_says_production(no), "{no} should not be production");
        }
    }

    #[test]
    fn explicit_marks_and_stage_marks() {
        let policy = ProductionPolicy {
            by_convention: false,
            marked: ["billing".to_string(), "web/Release".to_string()].into(),
        };
        assert!(policy.is_production_pipeline("billing"));
        assert!(!policy.is_production_pipeline("web"));
        assert!(policy.is_production_stage("web", "Release"));
        assert!(
            !policy.is_production_stage("web", "Prod"),
            "convention is off"
        );
        assert!(policy.touches_production("web", ["Build", "Release"]));
        assert!(!policy.touches_production("web", ["Build"]));
    }

    #[test]
    fn confirmation_must_equal_the_pipeline_name() {
        let policy = ProductionPolicy::default();
        assert!(policy.check(false, "web", "approval", None).is_ok());
        let err = policy
            .check(true, "web-prod", "approval", None)
            .unwrap_err();
        assert!(matches!(err, AwsError::ConfirmationRequired { .. }));
        assert!(err.to_string().contains("type its name `web-prod`"));
        assert!(policy
            .check(true, "web-prod", "approval", Some("web"))
            .is_err());
        assert!(policy
            .check(true, "web-prod", "approval", Some("WEB-PROD"))
            .is_err());
        assert!(policy
            .check(true, "web-prod", "approval", Some(" web-prod "))
            .is_ok());
    }
}
