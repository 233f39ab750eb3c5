//! The control-plane calls, as a trait over the SDK client so the use cases and the watcher run
//! the same against AWS, moto's server, the local sandbox, or an in-memory fake in unit tests.

use std::collections::BTreeMap;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_codepipeline::config::http::HttpResponse;
use aws_sdk_codepipeline::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_codepipeline::types as sdk;
use aws_smithy_types::date_time::Format;

use super::error::ControlError;
use super::model::*;

/// The CodePipeline control-plane operations Pipewright uses, in Pipewright's own types.
#[async_trait]
pub trait ControlApi: Send + Sync {
    /// `ListPipelines`, one page.
    async fn list_pipelines(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<PipelineListItem>, ControlError>;

    /// `GetPipeline`, reduced to what the control room needs (type, execution mode, version).
    async fn get_pipeline_summary(&self, pipeline: &str) -> Result<PipelineListItem, ControlError>;

    /// `GetPipelineState`.
    async fn get_pipeline_state(&self, pipeline: &str) -> Result<PipelineState, ControlError>;

    /// `ListPipelineExecutions`, one page, newest first; `succeeded_in_stage` filters rollback targets.
    async fn list_pipeline_executions(
        &self,
        pipeline: &str,
        succeeded_in_stage: Option<&str>,
        max_results: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Page<ExecutionSummary>, ControlError>;

    /// `ListActionExecutions`, one page; `pipeline_execution_id` narrows to one execution.
    async fn list_action_executions(
        &self,
        pipeline: &str,
        pipeline_execution_id: Option<&str>,
        max_results: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Page<ActionExecutionDetail>, ControlError>;

    /// `PutApprovalResult`. A token that was answered already or expired gives
    /// [`ControlError::ApprovalStale`] (without refreshed state: the use case adds it).
    async fn put_approval_result(
        &self,
        pipeline: &str,
        stage: &str,
        action: &str,
        token: &str,
        status: ApprovalStatus,
        summary: &str,
    ) -> Result<(), ControlError>;

    /// `StartPipelineExecution`; returns the new execution's id.
    async fn start_pipeline_execution(&self, input: &StartInput) -> Result<String, ControlError>;

    /// `StopPipelineExecution`.
    async fn stop_pipeline_execution(
        &self,
        pipeline: &str,
        pipeline_execution_id: &str,
        abandon: bool,
        reason: Option<&str>,
    ) -> Result<(), ControlError>;

    /// `RetryStageExecution`; returns the execution id.
    async fn retry_stage_execution(
        &self,
        pipeline: &str,
        stage: &str,
        pipeline_execution_id: &str,
        mode: RetryMode,
    ) -> Result<String, ControlError>;

    /// `RollbackStage`; returns the rollback execution's id.
    async fn rollback_stage(
        &self,
        pipeline: &str,
        stage: &str,
        target_pipeline_execution_id: &str,
    ) -> Result<String, ControlError>;

    /// `EnableStageTransition` / `DisableStageTransition` (a reason is required to disable).
    async fn set_stage_transition(
        &self,
        pipeline: &str,
        stage: &str,
        transition: TransitionType,
        enabled: bool,
        reason: Option<&str>,
    ) -> Result<(), ControlError>;
}

fn time(t: Option<&aws_smithy_types::DateTime>) -> Option<String> {
    t.and_then(|t| t.fmt(Format::DateTime).ok())
}

fn retry_after(resp: &HttpResponse) -> Option<Duration> {
    let value = resp.headers().get("retry-after")?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

const THROTTLING_CODES: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
];

/// Turns any SDK error into a [`ControlError`]: throttling and network trouble are transient;
/// the service's own refusals keep their code and message.
pub(crate) fn map_sdk_error<E>(
    operation: &'static str,
    pipeline: Option<&str>,
    err: SdkError<E, HttpResponse>,
) -> ControlError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &err {
        SdkError::ServiceError(se) => {
            let code = se.err().code().unwrap_or("Unknown").to_string();
            let message = se
                .err()
                .message()
                .map(str::to_string)
                .unwrap_or_else(|| se.err().to_string());
            let status = se.raw().status().as_u16();
            if THROTTLING_CODES.contains(&code.as_str()) || status == 429 {
                return ControlError::Throttled {
                    code,
                    retry_after: retry_after(se.raw()),
                };
            }
            if code == "PipelineNotFoundException" {
                return ControlError::PipelineNotFound(pipeline.unwrap_or_default().to_string());
            }
            if code == "InvalidApprovalTokenException"
                || code == "ApprovalAlreadyCompletedException"
            {
                return ControlError::ApprovalStale {
                    refreshed: Box::new(None),
                };
            }
            if status >= 500 {
                return ControlError::Network {
                    operation,
                    message: format!("the server answered HTTP {status} ({code}: {message})"),
                };
            }
            ControlError::Service {
                operation,
                code,
                message,
            }
        }
        SdkError::ResponseError(_) | SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) => {
            ControlError::Network {
                operation,
                message: aws_sdk_codepipeline::error::DisplayErrorContext(&err).to_string(),
            }
        }
        _ => ControlError::Service {
            operation,
            code: "ClientError".into(),
            message: aws_sdk_codepipeline::error::DisplayErrorContext(&err).to_string(),
        },
    }
}

fn stage_execution(e: &sdk::StageExecution) -> StageExecution {
    StageExecution {
        pipeline_execution_id: e.pipeline_execution_id.clone(),
        status: e.status.as_str().to_string(),
        execution_type: e.r#type.as_ref().map(|t| t.as_str().to_string()),
    }
}

fn error_detail(e: &sdk::ErrorDetails) -> ErrorDetail {
    ErrorDetail {
        code: e.code.clone(),
        message: e.message.clone(),
    }
}

/// Converts `GetPipelineState`'s output.
pub(crate) fn pipeline_state(
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
                                    .map(|s| s.as_str().to_string())
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

fn execution_summary(e: &sdk::PipelineExecutionSummary) -> ExecutionSummary {
    ExecutionSummary {
        pipeline_execution_id: e.pipeline_execution_id.clone().unwrap_or_default(),
        status: e
            .status
            .as_ref()
            .map(|s| s.as_str().to_string())
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

fn action_execution_detail(d: &sdk::ActionExecutionDetail) -> ActionExecutionDetail {
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
            .map(|s| s.as_str().to_string())
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

fn build_error(operation: &'static str, e: impl std::fmt::Display) -> ControlError {
    ControlError::InvalidInput {
        field: operation,
        message: e.to_string(),
    }
}

#[async_trait]
impl ControlApi for aws_sdk_codepipeline::Client {
    async fn list_pipelines(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<PipelineListItem>, ControlError> {
        let out = self
            .list_pipelines()
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| map_sdk_error("ListPipelines", None, e))?;
        Ok(Page {
            items: out
                .pipelines()
                .iter()
                .map(|p| PipelineListItem {
                    name: p.name.clone().unwrap_or_default(),
                    version: p.version,
                    pipeline_type: p.pipeline_type.as_ref().map(|t| t.as_str().to_string()),
                    execution_mode: p.execution_mode.as_ref().map(|t| t.as_str().to_string()),
                    created: time(p.created.as_ref()),
                    updated: time(p.updated.as_ref()),
                })
                .collect(),
            next_token: out.next_token,
        })
    }

    async fn get_pipeline_summary(&self, pipeline: &str) -> Result<PipelineListItem, ControlError> {
        let out = self
            .get_pipeline()
            .name(pipeline)
            .send()
            .await
            .map_err(|e| map_sdk_error("GetPipeline", Some(pipeline), e))?;
        let decl = out.pipeline.as_ref();
        let meta = out.metadata.as_ref();
        Ok(PipelineListItem {
            name: decl
                .map(|d| d.name.clone())
                .unwrap_or_else(|| pipeline.to_string()),
            version: decl.and_then(|d| d.version),
            pipeline_type: decl
                .and_then(|d| d.pipeline_type.as_ref())
                .map(|t| t.as_str().to_string()),
            execution_mode: decl
                .and_then(|d| d.execution_mode.as_ref())
                .map(|t| t.as_str().to_string()),
            created: time(meta.and_then(|m| m.created.as_ref())),
            updated: time(meta.and_then(|m| m.updated.as_ref())),
        })
    }

    async fn get_pipeline_state(&self, pipeline: &str) -> Result<PipelineState, ControlError> {
        let out = self
            .get_pipeline_state()
            .name(pipeline)
            .send()
            .await
            .map_err(|e| map_sdk_error("GetPipelineState", Some(pipeline), e))?;
        Ok(pipeline_state(pipeline, &out))
    }

    async fn list_pipeline_executions(
        &self,
        pipeline: &str,
        succeeded_in_stage: Option<&str>,
        max_results: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Page<ExecutionSummary>, ControlError> {
        let filter = succeeded_in_stage.map(|stage| {
            sdk::PipelineExecutionFilter::builder()
                .succeeded_in_stage(
                    sdk::SucceededInStageFilter::builder()
                        .stage_name(stage)
                        .build(),
                )
                .build()
        });
        let out = self
            .list_pipeline_executions()
            .pipeline_name(pipeline)
            .set_filter(filter)
            .set_max_results(max_results)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| map_sdk_error("ListPipelineExecutions", Some(pipeline), e))?;
        Ok(Page {
            items: out
                .pipeline_execution_summaries()
                .iter()
                .map(execution_summary)
                .collect(),
            next_token: out.next_token,
        })
    }

    async fn list_action_executions(
        &self,
        pipeline: &str,
        pipeline_execution_id: Option<&str>,
        max_results: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Page<ActionExecutionDetail>, ControlError> {
        let filter = pipeline_execution_id.map(|id| {
            sdk::ActionExecutionFilter::builder()
                .pipeline_execution_id(id)
                .build()
        });
        let out = self
            .list_action_executions()
            .pipeline_name(pipeline)
            .set_filter(filter)
            .set_max_results(max_results)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| map_sdk_error("ListActionExecutions", Some(pipeline), e))?;
        Ok(Page {
            items: out
                .action_execution_details()
                .iter()
                .map(action_execution_detail)
                .collect(),
            next_token: out.next_token,
        })
    }

    async fn put_approval_result(
        &self,
        pipeline: &str,
        stage: &str,
        action: &str,
        token: &str,
        status: ApprovalStatus,
        summary: &str,
    ) -> Result<(), ControlError> {
        let result = sdk::ApprovalResult::builder()
            .summary(summary)
            .status(match status {
                ApprovalStatus::Approved => sdk::ApprovalStatus::Approved,
                ApprovalStatus::Rejected => sdk::ApprovalStatus::Rejected,
            })
            .build()
            .map_err(|e| build_error("PutApprovalResult", e))?;
        match self
            .put_approval_result()
            .pipeline_name(pipeline)
            .stage_name(stage)
            .action_name(action)
            .token(token)
            .result(result)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(err) => {
                if let Some(service) = err.as_service_error() {
                    if service.is_invalid_approval_token_exception()
                        || service.is_approval_already_completed_exception()
                    {
                        return Err(ControlError::ApprovalStale {
                            refreshed: Box::new(None),
                        });
                    }
                }
                Err(map_sdk_error("PutApprovalResult", Some(pipeline), err))
            }
        }
    }

    async fn start_pipeline_execution(&self, input: &StartInput) -> Result<String, ControlError> {
        let mut req = self
            .start_pipeline_execution()
            .name(&input.pipeline)
            .set_client_request_token(input.client_request_token.clone());
        for v in &input.variables {
            req = req.variables(
                sdk::PipelineVariable::builder()
                    .name(&v.name)
                    .value(&v.value)
                    .build()
                    .map_err(|e| build_error("StartPipelineExecution", e))?,
            );
        }
        for r in &input.source_revisions {
            req = req.source_revisions(
                sdk::SourceRevisionOverride::builder()
                    .action_name(&r.action_name)
                    .revision_type(sdk::SourceRevisionType::from(r.revision_type.as_str()))
                    .revision_value(&r.revision_value)
                    .build()
                    .map_err(|e| build_error("StartPipelineExecution", e))?,
            );
        }
        let out = req
            .send()
            .await
            .map_err(|e| map_sdk_error("StartPipelineExecution", Some(&input.pipeline), e))?;
        Ok(out.pipeline_execution_id.unwrap_or_default())
    }

    async fn stop_pipeline_execution(
        &self,
        pipeline: &str,
        pipeline_execution_id: &str,
        abandon: bool,
        reason: Option<&str>,
    ) -> Result<(), ControlError> {
        self.stop_pipeline_execution()
            .pipeline_name(pipeline)
            .pipeline_execution_id(pipeline_execution_id)
            .abandon(abandon)
            .set_reason(reason.map(str::to_string))
            .send()
            .await
            .map_err(|e| map_sdk_error("StopPipelineExecution", Some(pipeline), e))?;
        Ok(())
    }

    async fn retry_stage_execution(
        &self,
        pipeline: &str,
        stage: &str,
        pipeline_execution_id: &str,
        mode: RetryMode,
    ) -> Result<String, ControlError> {
        let out = self
            .retry_stage_execution()
            .pipeline_name(pipeline)
            .stage_name(stage)
            .pipeline_execution_id(pipeline_execution_id)
            .retry_mode(match mode {
                RetryMode::FailedActions => sdk::StageRetryMode::FailedActions,
                RetryMode::AllActions => sdk::StageRetryMode::AllActions,
            })
            .send()
            .await
            .map_err(|e| map_sdk_error("RetryStageExecution", Some(pipeline), e))?;
        Ok(out
            .pipeline_execution_id
            .unwrap_or_else(|| pipeline_execution_id.to_string()))
    }

    async fn rollback_stage(
        &self,
        pipeline: &str,
        stage: &str,
        target_pipeline_execution_id: &str,
    ) -> Result<String, ControlError> {
        let out = self
            .rollback_stage()
            .pipeline_name(pipeline)
            .stage_name(stage)
            .target_pipeline_execution_id(target_pipeline_execution_id)
            .send()
            .await
            .map_err(|e| map_sdk_error("RollbackStage", Some(pipeline), e))?;
        Ok(out.pipeline_execution_id)
    }

    async fn set_stage_transition(
        &self,
        pipeline: &str,
        stage: &str,
        transition: TransitionType,
        enabled: bool,
        reason: Option<&str>,
    ) -> Result<(), ControlError> {
        let kind = match transition {
            TransitionType::Inbound => sdk::StageTransitionType::Inbound,
            TransitionType::Outbound => sdk::StageTransitionType::Outbound,
        };
        if enabled {
            self.enable_stage_transition()
                .pipeline_name(pipeline)
                .stage_name(stage)
                .transition_type(kind)
                .send()
                .await
                .map_err(|e| map_sdk_error("EnableStageTransition", Some(pipeline), e))?;
        } else {
            self.disable_stage_transition()
                .pipeline_name(pipeline)
                .stage_name(stage)
                .transition_type(kind)
                .set_reason(reason.map(str::to_string))
                .send()
                .await
                .map_err(|e| map_sdk_error("DisableStageTransition", Some(pipeline), e))?;
        }
        Ok(())
    }
}

/// The same calls through the crate's [`SdkApi`](crate::api::SdkApi) wrapper, so one connection
/// value serves sync and control.
#[async_trait]
impl ControlApi for crate::api::SdkApi {
    async fn list_pipelines(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<PipelineListItem>, ControlError> {
        ControlApi::list_pipelines(self.client(), next_token).await
    }

    async fn get_pipeline_summary(&self, pipeline: &str) -> Result<PipelineListItem, ControlError> {
        ControlApi::get_pipeline_summary(self.client(), pipeline).await
    }

    async fn get_pipeline_state(&self, pipeline: &str) -> Result<PipelineState, ControlError> {
        ControlApi::get_pipeline_state(self.client(), pipeline).await
    }

    async fn list_pipeline_executions(
        &self,
        pipeline: &str,
        succeeded_in_stage: Option<&str>,
        max_results: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Page<ExecutionSummary>, ControlError> {
        ControlApi::list_pipeline_executions(
            self.client(),
            pipeline,
            succeeded_in_stage,
            max_results,
            next_token,
        )
        .await
    }

    async fn list_action_executions(
        &self,
        pipeline: &str,
        pipeline_execution_id: Option<&str>,
        max_results: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Page<ActionExecutionDetail>, ControlError> {
        ControlApi::list_action_executions(
            self.client(),
            pipeline,
            pipeline_execution_id,
            max_results,
            next_token,
        )
        .await
    }

    async fn put_approval_result(
        &self,
        pipeline: &str,
        stage: &str,
        action: &str,
        token: &str,
        status: ApprovalStatus,
        summary: &str,
    ) -> Result<(), ControlError> {
        ControlApi::put_approval_result(
            self.client(),
            pipeline,
            stage,
            action,
            token,
            status,
            summary,
        )
        .await
    }

    async fn start_pipeline_execution(&self, input: &StartInput) -> Result<String, ControlError> {
        ControlApi::start_pipeline_execution(self.client(), input).await
    }

    async fn stop_pipeline_execution(
        &self,
        pipeline: &str,
        pipeline_execution_id: &str,
        abandon: bool,
        reason: Option<&str>,
    ) -> Result<(), ControlError> {
        ControlApi::stop_pipeline_execution(
            self.client(),
            pipeline,
            pipeline_execution_id,
            abandon,
            reason,
        )
        .await
    }

    async fn retry_stage_execution(
        &self,
        pipeline: &str,
        stage: &str,
        pipeline_execution_id: &str,
        mode: RetryMode,
    ) -> Result<String, ControlError> {
        ControlApi::retry_stage_execution(
            self.client(),
            pipeline,
            stage,
            pipeline_execution_id,
            mode,
        )
        .await
    }

    async fn rollback_stage(
        &self,
        pipeline: &str,
        stage: &str,
        target_pipeline_execution_id: &str,
    ) -> Result<String, ControlError> {
        ControlApi::rollback_stage(self.client(), pipeline, stage, target_pipeline_execution_id)
            .await
    }

    async fn set_stage_transition(
        &self,
        pipeline: &str,
        stage: &str,
        transition: TransitionType,
        enabled: bool,
        reason: Option<&str>,
    ) -> Result<(), ControlError> {
        ControlApi::set_stage_transition(
            self.client(),
            pipeline,
            stage,
            transition,
            enabled,
            reason,
        )
        .await
    }
}
