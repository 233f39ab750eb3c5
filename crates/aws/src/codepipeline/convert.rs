//! SDK output types to Pipewright's control-plane model (`crate::control::model`).

use std::collections::BTreeMap;

use aws_sdk_codepipeline::types as sdk;
use aws_smithy_types::date_time::Format;

use crate::control::model::*;

/// The SDK's status enums to the model's: the one place they meet. The SDK carries a word it
/// does not know in its own `Unknown`; any word neither knows becomes the model's `Unknown`.
impl From<&sdk::PipelineExecutionStatus> for ExecutionStatus {
    fn from(s: &sdk::PipelineExecutionStatus) -> Self {
        use sdk::PipelineExecutionStatus as S;
        match s {
            S::Cancelled => ExecutionStatus::Cancelled,
            S::InProgress => ExecutionStatus::InProgress,
            S::Stopped => ExecutionStatus::Stopped,
            S::Stopping => ExecutionStatus::Stopping,
            S::Succeeded => ExecutionStatus::Succeeded,
            S::Superseded => ExecutionStatus::Superseded,
            S::Failed => ExecutionStatus::Failed,
            other => ExecutionStatus::parse(other.as_str()),
        }
    }
}

impl From<&sdk::StageExecutionStatus> for StageStatus {
    fn from(s: &sdk::StageExecutionStatus) -> Self {
        use sdk::StageExecutionStatus as S;
        match s {
            S::Cancelled => StageStatus::Cancelled,
            S::InProgress => StageStatus::InProgress,
            S::Failed => StageStatus::Failed,
            S::Stopped => StageStatus::Stopped,
            S::Stopping => StageStatus::Stopping,
            S::Succeeded => StageStatus::Succeeded,
            S::Skipped => StageStatus::Skipped,
            other => StageStatus::parse(other.as_str()),
        }
    }
}

impl From<&sdk::ActionExecutionStatus> for ActionStatus {
    fn from(s: &sdk::ActionExecutionStatus) -> Self {
        use sdk::ActionExecutionStatus as S;
        match s {
            S::InProgress => ActionStatus::InProgress,
            S::Abandoned => ActionStatus::Abandoned,
            S::Succeeded => ActionStatus::Succeeded,
            S::Failed => ActionStatus::Failed,
            other => ActionStatus::parse(other.as_str()),
        }
    }
}

impl From<&sdk::ConditionExecutionStatus> for ConditionStatus {
    fn from(s: &sdk::ConditionExecutionStatus) -> Self {
        use sdk::ConditionExecutionStatus as S;
        match s {
            S::InProgress => ConditionStatus::InProgress,
            S::Failed => ConditionStatus::Failed,
            S::Errored => ConditionStatus::Errored,
            S::Succeeded => ConditionStatus::Succeeded,
            S::Cancelled => ConditionStatus::Cancelled,
            S::Abandoned => ConditionStatus::Abandoned,
            S::Overridden => ConditionStatus::Overridden,
            other => ConditionStatus::parse(other.as_str()),
        }
    }
}

impl From<&sdk::RuleExecutionStatus> for RuleStatus {
    fn from(s: &sdk::RuleExecutionStatus) -> Self {
        use sdk::RuleExecutionStatus as S;
        match s {
            S::InProgress => RuleStatus::InProgress,
            S::Abandoned => RuleStatus::Abandoned,
            S::Succeeded => RuleStatus::Succeeded,
            S::Failed => RuleStatus::Failed,
            other => RuleStatus::parse(other.as_str()),
        }
    }
}

pub(super) fn time(t: Option<&aws_smithy_types::DateTime>) -> Option<String> {
    t.and_then(|t| t.fmt(Format::DateTime).ok())
}

pub(super) fn stage_execution(e: &sdk::StageExecution) -> StageExecution {
    StageExecution {
        pipeline_execution_id: e.pipeline_execution_id.clone(),
        status: StageStatus::from(&e.status),
        execution_type: e.r#type.as_ref().map(|t| t.as_str().to_string()),
    }
}

pub(super) fn error_detail(e: &sdk::ErrorDetails) -> ErrorDetail {
    ErrorDetail {
        code: e.code.clone(),
        message: e.message.clone(),
    }
}

/// Converts `GetPipelineState`'s output.
pub(super) fn pipeline_state(
    name: &str,
    out: &aws_sdk_codepipeline::operation::get_pipeline_state::GetPipelineStateOutput,
) -> PipelineState {
    let stages =
        out.stage_states()
            .iter()
            .map(|s| {
                let mut inbound: Vec<StageExecution> =
                    s.inbound_executions().iter().map(stage_execution).collect();
                if inbound.is_empty() {
                    inbound.extend(s.inbound_execution.as_ref().map(stage_execution));
                }
                StageState {
                    name: s.stage_name.clone().unwrap_or_default(),
                    latest_execution: s.latest_execution.as_ref().map(stage_execution),
                    inbound_executions: inbound,
                    inbound_transition: s.inbound_transition_state.as_ref().map(|t| {
                        TransitionState {
                            enabled: t.enabled,
                            last_changed_by: t.last_changed_by.clone(),
                            last_changed_at: time(t.last_changed_at.as_ref()),
                            disabled_reason: t.disabled_reason.clone(),
                        }
                    }),
                    actions: s
                        .action_states()
                        .iter()
                        .map(|a| ActionState {
                            name: a.action_name.clone().unwrap_or_default(),
                            entity_url: a.entity_url.clone(),
                            revision_url: a.revision_url.clone(),
                            current_revision: a
                                .current_revision
                                .as_ref()
                                .map(|r| r.revision_id.clone()),
                            latest_execution: a.latest_execution.as_ref().map(|e| ActionRun {
                                action_execution_id: e.action_execution_id.clone(),
                                status: e
                                    .status
                                    .as_ref()
                                    .map(ActionStatus::from)
                                    .unwrap_or_default(),
                                summary: e.summary.clone(),
                                last_status_change: time(e.last_status_change.as_ref()),
                                token: e.token.clone(),
                                last_updated_by: e.last_updated_by.clone(),
                                external_execution_id: e.external_execution_id.clone(),
                                external_execution_url: e.external_execution_url.clone(),
                                percent_complete: e.percent_complete,
                                error: e.error_details.as_ref().map(error_detail),
                            }),
                        })
                        .collect(),
                    retry_attempts: s.retry_stage_metadata.as_ref().map(|r| RetryMetadata {
                        auto_stage_retry_attempt: r.auto_stage_retry_attempt,
                        manual_stage_retry_attempt: r.manual_stage_retry_attempt,
                        latest_retry_trigger: r
                            .latest_retry_trigger
                            .as_ref()
                            .map(|t| t.as_str().to_string()),
                    }),
                    conditions: [
                        (ConditionKind::BeforeEntry, &s.before_entry_condition_state),
                        (ConditionKind::OnSuccess, &s.on_success_condition_state),
                        (ConditionKind::OnFailure, &s.on_failure_condition_state),
                    ]
                    .into_iter()
                    .filter_map(|(kind, c)| c.as_ref().map(|c| condition_run(kind, c)))
                    .collect(),
                }
            })
            .collect();
    PipelineState {
        pipeline_name: out
            .pipeline_name
            .clone()
            .unwrap_or_else(|| name.to_string()),
        pipeline_version: out.pipeline_version,
        created: time(out.created.as_ref()),
        updated: time(out.updated.as_ref()),
        stages,
    }
}

/// A `StageConditionState`: the condition's status (from its latest run) and every rule's latest
/// result.
/// `GetPipelineExecution`'s execution as an [`ExecutionSummary`] (no times; revisions named by
/// artifact).
pub(crate) fn pipeline_execution(id: &str, ex: &sdk::PipelineExecution) -> ExecutionSummary {
    ExecutionSummary {
        pipeline_execution_id: id.to_string(),
        status: ex.status().map(ExecutionStatus::from).unwrap_or_default(),
        status_summary: ex.status_summary().map(str::to_string),
        trigger_type: ex
            .trigger()
            .and_then(|t| t.trigger_type())
            .map(|t| t.as_str().to_string()),
        trigger_detail: ex
            .trigger()
            .and_then(|t| t.trigger_detail())
            .map(str::to_string),
        execution_type: ex.execution_type().map(|t| t.as_str().to_string()),
        source_revisions: ex
            .artifact_revisions()
            .iter()
            .map(|r| SourceRevision {
                action_name: r.name().unwrap_or_default().to_string(),
                revision_id: r.revision_id().map(str::to_string),
                revision_summary: r.revision_summary().map(str::to_string),
                revision_url: r.revision_url().map(str::to_string),
            })
            .collect(),
        ..Default::default()
    }
}

fn condition_run(kind: ConditionKind, c: &sdk::StageConditionState) -> ConditionRun {
    let first = c.condition_states().first();
    let latest = first.and_then(|s| s.latest_execution.as_ref());
    ConditionRun {
        kind,
        status: c
            .latest_execution
            .as_ref()
            .and_then(|e| e.status.as_ref())
            .or(latest.and_then(|e| e.status.as_ref()))
            .map(ConditionStatus::from)
            .unwrap_or_default(),
        summary: c
            .latest_execution
            .as_ref()
            .and_then(|e| e.summary.clone())
            .or_else(|| latest.and_then(|e| e.summary.clone())),
        last_status_change: latest.and_then(|e| time(e.last_status_change.as_ref())),
        rules: c
            .condition_states()
            .iter()
            .flat_map(|s| s.rule_states())
            .map(|r| {
                let run = r.latest_execution.as_ref();
                RuleRun {
                    name: r.rule_name.clone().unwrap_or_default(),
                    rule_execution_id: run.and_then(|e| e.rule_execution_id.clone()),
                    status: run.and_then(|e| e.status.as_ref()).map(RuleStatus::from),
                    summary: run.and_then(|e| e.summary.clone()),
                    last_status_change: run.and_then(|e| time(e.last_status_change.as_ref())),
                    error: run.and_then(|e| e.error_details.as_ref()).map(error_detail),
                    external_execution_url: run.and_then(|e| e.external_execution_url.clone()),
                }
            })
            .collect(),
    }
}

/// One `RuleExecutionDetail` of `ListRuleExecutions`.
pub(super) fn rule_execution(r: &sdk::RuleExecutionDetail) -> RuleExecutionDetail {
    RuleExecutionDetail {
        pipeline_execution_id: r.pipeline_execution_id.clone().unwrap_or_default(),
        rule_execution_id: r.rule_execution_id.clone().unwrap_or_default(),
        stage_name: r.stage_name.clone().unwrap_or_default(),
        rule_name: r.rule_name.clone().unwrap_or_default(),
        provider: r
            .input
            .as_ref()
            .and_then(|i| i.rule_type_id.as_ref())
            .map(|t| t.provider.clone()),
        status: r.status.as_ref().map(RuleStatus::from).unwrap_or_default(),
        summary: r.output.as_ref().and_then(|o| {
            o.execution_result
                .as_ref()
                .and_then(|x| x.external_execution_summary.clone())
        }),
        start_time: time(r.start_time.as_ref()),
        last_update_time: time(r.last_update_time.as_ref()),
        error: r
            .output
            .as_ref()
            .and_then(|o| o.execution_result.as_ref())
            .and_then(|x| x.error_details.as_ref())
            .map(error_detail),
    }
}

pub(super) fn execution_summary(e: &sdk::PipelineExecutionSummary) -> ExecutionSummary {
    ExecutionSummary {
        pipeline_execution_id: e.pipeline_execution_id.clone().unwrap_or_default(),
        status: e
            .status
            .as_ref()
            .map(ExecutionStatus::from)
            .unwrap_or_default(),
        status_summary: e.status_summary.clone(),
        start_time: time(e.start_time.as_ref()),
        last_update_time: time(e.last_update_time.as_ref()),
        trigger_type: e
            .trigger
            .as_ref()
            .and_then(|t| t.trigger_type.as_ref())
            .map(|t| t.as_str().to_string()),
        trigger_detail: e.trigger.as_ref().and_then(|t| t.trigger_detail.clone()),
        stop_reason: e.stop_trigger.as_ref().and_then(|t| t.reason.clone()),
        execution_mode: e.execution_mode.as_ref().map(|m| m.as_str().to_string()),
        execution_type: e.execution_type.as_ref().map(|m| m.as_str().to_string()),
        rollback_target: e
            .rollback_metadata
            .as_ref()
            .and_then(|r| r.rollback_target_pipeline_execution_id.clone()),
        source_revisions: e
            .source_revisions()
            .iter()
            .map(|r| SourceRevision {
                action_name: r.action_name.clone(),
                revision_id: r.revision_id.clone(),
                revision_summary: r.revision_summary.clone(),
                revision_url: r.revision_url.clone(),
            })
            .collect(),
    }
}

pub(super) fn action_execution_detail(d: &sdk::ActionExecutionDetail) -> ActionExecutionDetail {
    let input = d.input.as_ref();
    let type_id = input.and_then(|i| i.action_type_id.as_ref());
    let result = d.output.as_ref().and_then(|o| o.execution_result.as_ref());
    ActionExecutionDetail {
        pipeline_execution_id: d.pipeline_execution_id.clone().unwrap_or_default(),
        action_execution_id: d.action_execution_id.clone().unwrap_or_default(),
        pipeline_version: d.pipeline_version,
        stage_name: d.stage_name.clone().unwrap_or_default(),
        action_name: d.action_name.clone().unwrap_or_default(),
        status: d
            .status
            .as_ref()
            .map(ActionStatus::from)
            .unwrap_or_default(),
        start_time: time(d.start_time.as_ref()),
        last_update_time: time(d.last_update_time.as_ref()),
        updated_by: d.updated_by.clone(),
        category: type_id.map(|t| t.category.as_str().to_string()),
        provider: type_id.map(|t| t.provider.clone()),
        configuration: input
            .and_then(|i| i.configuration.as_ref())
            .map(|c| c.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
        external_execution_id: result.and_then(|r| r.external_execution_id.clone()),
        external_execution_url: result.and_then(|r| r.external_execution_url.clone()),
        summary: result.and_then(|r| r.external_execution_summary.clone()),
        error: result
            .and_then(|r| r.error_details.as_ref())
            .map(error_detail),
        output_variables: d
            .output
            .as_ref()
            .and_then(|o| o.output_variables.as_ref())
            .map(|c| {
                c.iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<BTreeMap<_, _>>()
            })
            .unwrap_or_default(),
    }
}

/// One row of `ListPipelines`.
pub(super) fn pipeline_list_item(p: &sdk::PipelineSummary) -> PipelineListItem {
    PipelineListItem {
        name: p.name.clone().unwrap_or_default(),
        version: p.version,
        pipeline_type: p.pipeline_type.as_ref().map(|t| t.as_str().to_string()),
        execution_mode: p.execution_mode.as_ref().map(|m| m.as_str().to_string()),
        created: time(p.created.as_ref()),
        updated: time(p.updated.as_ref()),
    }
}
