//! EventBridge calls for change-detection rules: read a rule with its targets, find the rules
//! that target a pipeline, put a rule and its pipeline target, delete a rule. Reading and
//! deleting also serve the event readers' rules (the `events` module), which may be on another bus.

use aws_sdk_eventbridge::types::{RuleState, Target};
use aws_sdk_eventbridge::Client;
use pipewright_core::around::plan::{RemoteRule, RemoteTarget};
use pipewright_core::around::EventRule;
use serde_json::Value;

use crate::error::AwsError;

/// `DescribeRule` and `ListTargetsByRule` on `bus` (`None`: the default bus); `None` when there is
/// no such rule.
pub(crate) async fn read(
    events: &Client,
    name: &str,
    bus: Option<&str>,
) -> Result<Option<RemoteRule>, AwsError> {
    let bus = bus.map(str::to_string);
    let rule = match events
        .describe_rule()
        .name(name)
        .set_event_bus_name(bus.clone())
        .send()
        .await
    {
        Ok(r) => r,
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_resource_not_found_exception()) =>
        {
            return Ok(None)
        }
        Err(e) => return Err(AwsError::from_sdk("DescribeRule", e, |_| None)),
    };
    let mut targets = Vec::new();
    let mut token = None;
    loop {
        let page = events
            .list_targets_by_rule()
            .rule(name)
            .set_event_bus_name(bus.clone())
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("ListTargetsByRule", e, |_| None))?;
        targets.extend(page.targets().iter().map(|t| RemoteTarget {
            id: t.id().to_string(),
            arn: t.arn().to_string(),
            role_arn: t.role_arn().map(str::to_string),
        }));
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    Ok(Some(RemoteRule {
        name: name.to_string(),
        pattern: rule
            .event_pattern()
            .and_then(|p| serde_json::from_str::<Value>(p).ok()),
        state: rule.state().map(|s| s.as_str().to_string()),
        targets,
    }))
}

/// `ListRuleNamesByTarget`, every page: the rules on the default bus that target `arn`.
pub(super) async fn names_targeting(events: &Client, arn: &str) -> Result<Vec<String>, AwsError> {
    let mut names = Vec::new();
    let mut token = None;
    loop {
        let page = events
            .list_rule_names_by_target()
            .target_arn(arn)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("ListRuleNamesByTarget", e, |_| None))?;
        names.extend(page.rule_names().iter().cloned());
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    Ok(names)
}

/// `PutRule` (enabled, the design's pattern) and `PutTargets` (the pipeline, as `role_arn`).
/// Other targets of the rule are left as they are.
pub(super) async fn put(
    events: &Client,
    rule: &EventRule,
    pattern: &Value,
    pipeline_arn: &str,
    role_arn: Option<&str>,
) -> Result<(), AwsError> {
    events
        .put_rule()
        .name(&rule.name)
        .event_pattern(pattern.to_string())
        .state(RuleState::Enabled)
        .description(&rule.description)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("PutRule", e, |_| None))?;
    let target = Target::builder()
        .id(&rule.target_id)
        .arn(pipeline_arn)
        .set_role_arn(role_arn.map(str::to_string))
        .build()
        .map_err(|e| AwsError::InvalidInput {
            field: "rule target",
            message: e.to_string(),
        })?;
    let out = events
        .put_targets()
        .rule(&rule.name)
        .targets(target)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("PutTargets", e, |_| None))?;
    if let Some(failed) = out.failed_entries().first() {
        return Err(AwsError::Service {
            operation: "PutTargets",
            code: failed.error_code().unwrap_or("FailedEntry").to_string(),
            message: failed
                .error_message()
                .unwrap_or("the target was not added")
                .to_string(),
        });
    }
    Ok(())
}

/// Remove every target of a rule on `bus`, then the rule (EventBridge refuses to delete a rule
/// that still has targets). A rule that is gone already is no error.
pub(crate) async fn delete(events: &Client, name: &str, bus: Option<&str>) -> Result<(), AwsError> {
    let Some(rule) = read(events, name, bus).await? else {
        return Ok(());
    };
    let bus = bus.map(str::to_string);
    if !rule.targets.is_empty() {
        events
            .remove_targets()
            .rule(name)
            .set_event_bus_name(bus.clone())
            .set_ids(Some(rule.targets.into_iter().map(|t| t.id).collect()))
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("RemoveTargets", e, |_| None))?;
    }
    events
        .delete_rule()
        .name(name)
        .set_event_bus_name(bus)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("DeleteRule", e, |_| None))?;
    Ok(())
}
