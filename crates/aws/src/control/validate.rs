//! Client-side checks of control-plane inputs, so a bad value fails with a clear sentence before
//! any call is sent. Limits quote the CodePipeline API model.

use crate::error::AwsError;

/// `DisableStageTransition.reason`: 1..300 characters of `[a-zA-Z0-9!@ \(\)\.\*\?\-]+`
/// (no commas, colons or underscores).
pub fn transition_reason(reason: &str) -> Result<(), AwsError> {
    let len = reason.chars().count();
    if len == 0 || len > 300 {
        return Err(AwsError::InvalidInput {
            field: "reason",
            message: format!("it must be 1 to 300 characters long (it is {len})"),
        });
    }
    let bad: String = reason
        .chars()
        .filter(|c| !(c.is_ascii_alphanumeric() || "!@ ().*?-".contains(*c)))
        .collect();
    if !bad.is_empty() {
        let mut shown: Vec<char> = bad.chars().collect();
        shown.dedup();
        let shown: String = shown.into_iter().collect();
        return Err(AwsError::InvalidInput {
            field: "reason",
            message: format!(
                "CodePipeline accepts only letters, digits, spaces and ! @ ( ) . * ? - in a transition reason; remove `{shown}`"
            ),
        });
    }
    Ok(())
}

/// `StopPipelineExecution.reason`: at most 200 characters.
pub fn stop_reason(reason: &str) -> Result<(), AwsError> {
    let len = reason.chars().count();
    if len > 200 {
        return Err(AwsError::InvalidInput {
            field: "reason",
            message: format!("a stop reason can be at most 200 characters long (it is {len})"),
        });
    }
    Ok(())
}

/// `ApprovalResult.summary`: at most 512 characters.
pub fn approval_summary(summary: &str) -> Result<(), AwsError> {
    let len = summary.chars().count();
    if len > 512 {
        return Err(AwsError::InvalidInput {
            field: "summary",
            message: format!(
                "an approval summary can be at most 512 characters long (it is {len}); shorten it"
            ),
        });
    }
    Ok(())
}

/// `StartPipelineExecution.clientRequestToken`: 1..128 of `[a-zA-Z0-9-]+`; at most 50 variables
/// and 50 source revisions.
pub fn start_input(input: &super::model::StartInput) -> Result<(), AwsError> {
    if let Some(token) = &input.client_request_token {
        if token.is_empty()
            || token.len() > 128
            || !token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(AwsError::InvalidInput {
                field: "clientRequestToken",
                message: "it must be 1 to 128 letters, digits or dashes".into(),
            });
        }
    }
    if input.variables.len() > 50 {
        return Err(AwsError::InvalidInput {
            field: "variables",
            message: format!(
                "at most 50 variables can be set (there are {})",
                input.variables.len()
            ),
        });
    }
    if input.source_revisions.len() > 50 {
        return Err(AwsError::InvalidInput {
            field: "sourceRevisions",
            message: "at most 50 source revision overrides can be set".into(),
        });
    }
    for r in &input.source_revisions {
        if ![
            "COMMIT_ID",
            "IMAGE_DIGEST",
            "S3_OBJECT_VERSION_ID",
            "S3_OBJECT_KEY",
        ]
        .contains(&r.revision_type.as_str())
        {
            return Err(AwsError::InvalidInput {
                field: "revisionType",
                message: format!(
                    "`{}` is not one of COMMIT_ID, IMAGE_DIGEST, S3_OBJECT_VERSION_ID, S3_OBJECT_KEY",
                    r.revision_type
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transition_reason_follows_the_api_pattern() {
        assert!(transition_reason("Hold for release (ticket 42) - ok?").is_ok());
        assert!(transition_reason("a").is_ok());
        assert!(transition_reason(&"a".repeat(300)).is_ok());
        assert!(transition_reason("").is_err());
        assert!(transition_reason(&"a".repeat(301)).is_err());
        let err = transition_reason("freeze: release, v2_1")
            .unwrap_err()
            .to_string();
        assert!(err.contains("`:,_`"), "{err}");
    }

    #[test]
    fn start_input_limits() {
        use crate::control::model::{SourceRevisionOverride, StartInput};
        let mut input = StartInput {
            pipeline: "p".into(),
            client_request_token: Some("abc-123".into()),
            ..Default::default()
        };
        assert!(start_input(&input).is_ok());
        input.client_request_token = Some("has space".into());
        assert!(start_input(&input).is_err());
        input.client_request_token = None;
        input.source_revisions.push(SourceRevisionOverride {
            action_name: "Source".into(),
            revision_type: "BRANCH".into(),
            revision_value: "main".into(),
        });
        assert!(start_input(&input).is_err());
    }
}
