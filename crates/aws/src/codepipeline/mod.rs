//! CodePipeline in Pipewright's types: one concrete wrapper over the SDK client, with an inherent
//! async method for every call Pipewright makes (sync and control), each returning core or
//! `control::model` types and [`AwsError`]. Get it from [`Aws::codepipeline`](crate::Aws::codepipeline).
//!
//! Declarations travel as the service's own JSON through the [`wire`] interceptor, so unknown
//! fields survive; everything else uses the SDK's types, its paginators and its typed errors.
//! Tests mock the client (the local sandbox, or aws-smithy-mocks rules: the `mock` module), not a
//! trait.

mod convert;
mod webhooks;
mod wire;

use aws_sdk_codepipeline::error::ProvideErrorMetadata;
use aws_sdk_codepipeline::operation::create_pipeline::CreatePipelineError;
use aws_sdk_codepipeline::operation::disable_stage_transition::DisableStageTransitionError;
use aws_sdk_codepipeline::operation::enable_stage_transition::EnableStageTransitionError;
use aws_sdk_codepipeline::operation::get_pipeline::GetPipelineError;
use aws_sdk_codepipeline::operation::get_pipeline_state::GetPipelineStateError;
use aws_sdk_codepipeline::operation::list_action_executions::ListActionExecutionsError;
use aws_sdk_codepipeline::operation::list_pipeline_executions::ListPipelineExecutionsError;
use aws_sdk_codepipeline::operation::list_rule_executions::ListRuleExecutionsError;
use aws_sdk_codepipeline::operation::override_stage_condition::OverrideStageConditionError;
use aws_sdk_codepipeline::operation::put_approval_result::PutApprovalResultError;
use aws_sdk_codepipeline::operation::retry_stage_execution::RetryStageExecutionError;
use aws_sdk_codepipeline::operation::rollback_stage::RollbackStageError;
use aws_sdk_codepipeline::operation::start_pipeline_execution::StartPipelineExecutionError;
use aws_sdk_codepipeline::operation::stop_pipeline_execution::StopPipelineExecutionError;
use aws_sdk_codepipeline::operation::update_pipeline::UpdatePipelineError;
use aws_sdk_codepipeline::types as sdk;
use pipewright_core::{Document, Pipeline, Tag};
use serde_json::json;

use crate::control::model::*;
use crate::error::AwsError;
use wire::WireJson;

/// The CodePipeline calls Pipewright makes. Cheap to clone (the SDK client is shared).
#[derive(Debug, Clone)]
pub struct CodePipeline {
    client: aws_sdk_codepipeline::Client,
    page_size: Option<i32>,
    /// The connection this client was made from (see [`CodePipeline::around`]).
    around: Option<crate::Aws>,
}

/// The operation's typed "no such pipeline", as [`AwsError::PipelineNotFound`].
fn not_found<'a, E: 'a>(
    pipeline: &'a str,
    is_not_found: fn(&E) -> bool,
) -> impl FnOnce(&E) -> Option<AwsError> + 'a {
    move |e| is_not_found(e).then(|| AwsError::PipelineNotFound(pipeline.to_string()))
}

/// CodePipeline's `LimitExceededException` is a quota (pipelines per account, ...), not
/// throttling, though the SDK's retry classifier lists the code as throttling.
fn quota(operation: &'static str, e: &impl ProvideErrorMetadata) -> AwsError {
    AwsError::Service {
        operation,
        code: e.code().unwrap_or("LimitExceededException").to_string(),
        message: e
            .message()
            .unwrap_or("a CodePipeline quota was reached")
            .to_string(),
    }
}

/// A request the SDK's builders refused to build (a required field left empty).
fn invalid(field: &'static str, e: impl std::fmt::Display) -> AwsError {
    AwsError::InvalidInput {
        field,
        message: e.to_string(),
    }
}

impl CodePipeline {
    pub(crate) fn new(client: aws_sdk_codepipeline::Client) -> Self {
        Self {
            client,
            page_size: None,
            around: None,
        }
    }

    /// Remembers the connection this client was made from.
    pub(crate) fn with_around(mut self, aws: crate::Aws) -> Self {
        self.around = Some(aws);
        self
    }

    /// The connection this client was made from ([`Aws::codepipeline`](crate::Aws::codepipeline)),
    /// for the services around a pipeline (why an action failed); `None` for a client made
    /// another way (a test's mock).
    pub fn around(&self) -> Option<&crate::Aws> {
        self.around.as_ref()
    }

    /// List calls ask for pages of at most `n` items (default: the service's own page size).
    pub fn with_page_size(mut self, n: i32) -> Self {
        self.page_size = Some(n);
        self
    }

    /// The SDK client underneath, for a caller that needs the SDK's own error rather than
    /// [`AwsError`] (the connection test explains DNS, credential and region failures from the
    /// error's source chain). Everything else goes through the methods here.
    pub fn sdk_client(&self) -> &aws_sdk_codepipeline::Client {
        &self.client
    }

    /// `ListPipelines`, every page (the SDK's paginator).
    pub async fn list_pipelines(&self) -> Result<Vec<PipelineListItem>, AwsError> {
        let mut items = self
            .client
            .list_pipelines()
            .set_max_results(self.page_size)
            .into_paginator()
            .items()
            .send();
        let mut out = Vec::new();
        while let Some(item) = items.next().await {
            let p = item.map_err(|e| AwsError::from_sdk("ListPipelines", e, |_| None))?;
            out.push(convert::pipeline_list_item(&p));
        }
        Ok(out)
    }

    /// `GetPipeline`: the declaration and its `metadata` (pipelineArn, created, updated, ...),
    /// exactly as the service sent them. [`AwsError::PipelineNotFound`] if there is none.
    pub async fn get_pipeline(&self, name: &str) -> Result<Document, AwsError> {
        let (wire, slot) = WireJson::capture();
        self.client
            .get_pipeline()
            .name(name)
            .customize()
            .interceptor(wire)
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk(
                    "GetPipeline",
                    e,
                    not_found(name, GetPipelineError::is_pipeline_not_found_exception),
                )
            })?;
        let value = wire::captured_json(&slot, "GetPipeline")?;
        Document::from_value(value).map_err(|e| {
            AwsError::BadResponse(format!("GetPipeline returned an unreadable pipeline: {e}"))
        })
    }

    /// `GetPipeline`, reduced to what the control room needs (type, execution mode, version).
    pub async fn get_pipeline_summary(&self, name: &str) -> Result<PipelineListItem, AwsError> {
        let out = self
            .client
            .get_pipeline()
            .name(name)
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk(
                    "GetPipeline",
                    e,
                    not_found(name, GetPipelineError::is_pipeline_not_found_exception),
                )
            })?;
        let decl = out.pipeline.as_ref();
        let meta = out.metadata.as_ref();
        Ok(PipelineListItem {
            name: decl
                .map(|d| d.name.clone())
                .unwrap_or_else(|| name.to_string()),
            version: decl.and_then(|d| d.version),
            pipeline_type: decl
                .and_then(|d| d.pipeline_type.as_ref())
                .map(|t| t.as_str().to_string()),
            execution_mode: decl
                .and_then(|d| d.execution_mode.as_ref())
                .map(|t| t.as_str().to_string()),
            created: convert::time(meta.and_then(|m| m.created.as_ref())),
            updated: convert::time(meta.and_then(|m| m.updated.as_ref())),
        })
    }

    /// The tags of a resource (every page), in the service's order.
    pub async fn list_tags(&self, resource_arn: &str) -> Result<Vec<Tag>, AwsError> {
        let mut items = self
            .client
            .list_tags_for_resource()
            .resource_arn(resource_arn)
            .set_max_results(self.page_size)
            .into_paginator()
            .items()
            .send();
        let mut out = Vec::new();
        while let Some(item) = items.next().await {
            let t = item.map_err(|e| AwsError::from_sdk("ListTagsForResource", e, |_| None))?;
            out.push(Tag {
                key: t.key,
                value: t.value,
                extra: Default::default(),
            });
        }
        Ok(out)
    }

    /// Adds or overwrites tags.
    pub async fn tag_resource(&self, resource_arn: &str, tags: &[Tag]) -> Result<(), AwsError> {
        let mut sdk_tags = Vec::with_capacity(tags.len());
        for t in tags {
            sdk_tags.push(
                sdk::Tag::builder()
                    .key(&t.key)
                    .value(&t.value)
                    .build()
                    .map_err(|e| invalid("tags", e))?,
            );
        }
        self.client
            .tag_resource()
            .resource_arn(resource_arn)
            .set_tags(Some(sdk_tags))
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("TagResource", e, |_| None))?;
        Ok(())
    }

    /// Removes tags by key.
    pub async fn untag_resource(
        &self,
        resource_arn: &str,
        keys: &[String],
    ) -> Result<(), AwsError> {
        self.client
            .untag_resource()
            .resource_arn(resource_arn)
            .set_tag_keys(Some(keys.to_vec()))
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("UntagResource", e, |_| None))?;
        Ok(())
    }

    /// `CreatePipeline` with the declaration and tags as given; returns what the service stored
    /// (with its `version`).
    pub async fn create_pipeline(
        &self,
        pipeline: &Pipeline,
        tags: &[Tag],
    ) -> Result<Pipeline, AwsError> {
        let mut body = json!({ "pipeline": wire::pipeline_json(pipeline) });
        if !tags.is_empty() {
            body["tags"] = wire::tag_json(tags);
        }
        let (wire, slot) = WireJson::send(&body);
        self.client
            .create_pipeline()
            .pipeline(wire::carrier(pipeline)?)
            .customize()
            .interceptor(wire)
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk("CreatePipeline", e, |e: &CreatePipelineError| {
                    if e.is_pipeline_name_in_use_exception() {
                        Some(AwsError::PipelineNameInUse(pipeline.name.clone()))
                    } else if e.is_limit_exceeded_exception() {
                        Some(quota("CreatePipeline", e))
                    } else {
                        None
                    }
                })
            })?;
        wire::pipeline_from(
            wire::captured_json(&slot, "CreatePipeline")?,
            "CreatePipeline",
        )
    }

    /// `UpdatePipeline` (a full replace); returns the stored declaration with the new `version`.
    pub async fn update_pipeline(&self, pipeline: &Pipeline) -> Result<Pipeline, AwsError> {
        let body = json!({ "pipeline": wire::pipeline_json(pipeline) });
        let (wire, slot) = WireJson::send(&body);
        self.client
            .update_pipeline()
            .pipeline(wire::carrier(pipeline)?)
            .customize()
            .interceptor(wire)
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk("UpdatePipeline", e, |e: &UpdatePipelineError| {
                    e.is_limit_exceeded_exception()
                        .then(|| quota("UpdatePipeline", e))
                })
            })?;
        wire::pipeline_from(
            wire::captured_json(&slot, "UpdatePipeline")?,
            "UpdatePipeline",
        )
    }

    /// `DeletePipeline`. Use `sync::delete_pipeline` for the confirmed form.
    pub async fn delete_pipeline(&self, name: &str) -> Result<(), AwsError> {
        self.client
            .delete_pipeline()
            .name(name)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("DeletePipeline", e, |_| None))?;
        Ok(())
    }

    /// `GetPipelineState`.
    pub async fn get_pipeline_state(&self, pipeline: &str) -> Result<PipelineState, AwsError> {
        let out = self
            .client
            .get_pipeline_state()
            .name(pipeline)
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk(
                    "GetPipelineState",
                    e,
                    not_found(
                        pipeline,
                        GetPipelineStateError::is_pipeline_not_found_exception,
                    ),
                )
            })?;
        Ok(convert::pipeline_state(pipeline, &out))
    }

    /// `ListPipelineExecutions`, one page, newest first; `succeeded_in_stage` filters rollback
    /// targets.
    pub async fn list_pipeline_executions(
        &self,
        pipeline: &str,
        succeeded_in_stage: Option<&str>,
        max_results: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Page<ExecutionSummary>, AwsError> {
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
            .client
            .list_pipeline_executions()
            .pipeline_name(pipeline)
            .set_filter(filter)
            .set_max_results(max_results)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk(
                    "ListPipelineExecutions",
                    e,
                    not_found(
                        pipeline,
                        ListPipelineExecutionsError::is_pipeline_not_found_exception,
                    ),
                )
            })?;
        Ok(Page {
            items: out
                .pipeline_execution_summaries()
                .iter()
                .map(convert::execution_summary)
                .collect(),
            next_token: out.next_token,
        })
    }

    /// `GetPipelineExecution`: how execution `id` of `pipeline` stands, its trigger and its
    /// artifact revisions (named by artifact; the operation gives no times). A pipeline or an
    /// execution that does not exist is an error that says where to look.
    pub async fn get_pipeline_execution(
        &self,
        pipeline: &str,
        id: &str,
    ) -> Result<ExecutionSummary, AwsError> {
        let out = self
            .client
            .get_pipeline_execution()
            .pipeline_name(pipeline)
            .pipeline_execution_id(id)
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk("GetPipelineExecution", e, |e| {
                    if e.is_pipeline_not_found_exception() {
                        Some(AwsError::PipelineNotFound(pipeline.to_string()))
                    } else if e.is_pipeline_execution_not_found_exception() {
                        Some(AwsError::Service {
                            operation: "GetPipelineExecution",
                            code: "PipelineExecutionNotFoundException".into(),
                            message: format!(
                                "execution {id} of pipeline {pipeline} does not exist; `pipewright status {pipeline}` lists the recent ones"
                            ),
                        })
                    } else {
                        None
                    }
                })
            })?;
        Ok(match out.pipeline_execution() {
            Some(ex) => convert::pipeline_execution(id, ex),
            None => ExecutionSummary {
                pipeline_execution_id: id.to_string(),
                ..Default::default()
            },
        })
    }

    /// The execution `id` of `pipeline` (the newest when `None`) as `ListPipelineExecutions`
    /// summarizes it, searched among the newest `within` (the SDK's paginator, pages of 100
    /// unless [`with_page_size`](Self::with_page_size) says otherwise);
    /// `None` when it is not among them.
    pub async fn find_pipeline_execution(
        &self,
        pipeline: &str,
        id: Option<&str>,
        within: usize,
    ) -> Result<Option<ExecutionSummary>, AwsError> {
        let mut items = self
            .client
            .list_pipeline_executions()
            .pipeline_name(pipeline)
            .max_results(self.page_size.unwrap_or(100))
            .into_paginator()
            .items()
            .send();
        let mut read = 0;
        while let Some(item) = items.next().await {
            let e = item.map_err(|e| {
                AwsError::from_sdk(
                    "ListPipelineExecutions",
                    e,
                    not_found(
                        pipeline,
                        ListPipelineExecutionsError::is_pipeline_not_found_exception,
                    ),
                )
            })?;
            if id.is_none_or(|id| e.pipeline_execution_id() == Some(id)) {
                return Ok(Some(convert::execution_summary(&e)));
            }
            read += 1;
            if read >= within {
                break;
            }
        }
        Ok(None)
    }

    /// `ListActionExecutions` of one pipeline execution, every page (the SDK's paginator), in
    /// the order the service lists them.
    pub async fn list_action_executions(
        &self,
        pipeline: &str,
        pipeline_execution_id: &str,
    ) -> Result<Vec<ActionExecutionDetail>, AwsError> {
        let filter = sdk::ActionExecutionFilter::builder()
            .pipeline_execution_id(pipeline_execution_id)
            .build();
        let mut items = self
            .client
            .list_action_executions()
            .pipeline_name(pipeline)
            .filter(filter)
            .max_results(100)
            .into_paginator()
            .items()
            .send();
        let mut out = Vec::new();
        while let Some(item) = items.next().await {
            let d = item.map_err(|e| {
                AwsError::from_sdk(
                    "ListActionExecutions",
                    e,
                    not_found(
                        pipeline,
                        ListActionExecutionsError::is_pipeline_not_found_exception,
                    ),
                )
            })?;
            out.push(convert::action_execution_detail(&d));
        }
        Ok(out)
    }

    /// `PutApprovalResult`. A token that was answered already or expired gives
    /// [`AwsError::ApprovalStale`] (without refreshed state: the use case adds it).
    pub async fn put_approval_result(
        &self,
        pipeline: &str,
        stage: &str,
        action: &str,
        token: &str,
        status: ApprovalStatus,
        summary: &str,
    ) -> Result<(), AwsError> {
        let result = sdk::ApprovalResult::builder()
            .summary(summary)
            .status(match status {
                ApprovalStatus::Approved => sdk::ApprovalStatus::Approved,
                ApprovalStatus::Rejected => sdk::ApprovalStatus::Rejected,
            })
            .build()
            .map_err(|e| invalid("result", e))?;
        self.client
            .put_approval_result()
            .pipeline_name(pipeline)
            .stage_name(stage)
            .action_name(action)
            .token(token)
            .result(result)
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk("PutApprovalResult", e, |e: &PutApprovalResultError| {
                    if e.is_invalid_approval_token_exception()
                        || e.is_approval_already_completed_exception()
                    {
                        Some(AwsError::ApprovalStale {
                            refreshed: Box::new(None),
                        })
                    } else if e.is_pipeline_not_found_exception() {
                        Some(AwsError::PipelineNotFound(pipeline.to_string()))
                    } else {
                        None
                    }
                })
            })?;
        Ok(())
    }

    /// `StartPipelineExecution`; returns the new execution's id.
    pub async fn start_pipeline_execution(&self, input: &StartInput) -> Result<String, AwsError> {
        let mut req = self
            .client
            .start_pipeline_execution()
            .name(&input.pipeline)
            .set_client_request_token(input.client_request_token.clone());
        for v in &input.variables {
            req = req.variables(
                sdk::PipelineVariable::builder()
                    .name(&v.name)
                    .value(&v.value)
                    .build()
                    .map_err(|e| invalid("variables", e))?,
            );
        }
        for r in &input.source_revisions {
            req = req.source_revisions(
                sdk::SourceRevisionOverride::builder()
                    .action_name(&r.action_name)
                    .revision_type(sdk::SourceRevisionType::from(r.revision_type.as_str()))
                    .revision_value(&r.revision_value)
                    .build()
                    .map_err(|e| invalid("sourceRevisions", e))?,
            );
        }
        let out = req.send().await.map_err(|e| {
            AwsError::from_sdk(
                "StartPipelineExecution",
                e,
                not_found(
                    &input.pipeline,
                    StartPipelineExecutionError::is_pipeline_not_found_exception,
                ),
            )
        })?;
        Ok(out.pipeline_execution_id.unwrap_or_default())
    }

    /// `StopPipelineExecution`.
    pub async fn stop_pipeline_execution(
        &self,
        pipeline: &str,
        pipeline_execution_id: &str,
        abandon: bool,
        reason: Option<&str>,
    ) -> Result<(), AwsError> {
        self.client
            .stop_pipeline_execution()
            .pipeline_name(pipeline)
            .pipeline_execution_id(pipeline_execution_id)
            .abandon(abandon)
            .set_reason(reason.map(str::to_string))
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk(
                    "StopPipelineExecution",
                    e,
                    not_found(
                        pipeline,
                        StopPipelineExecutionError::is_pipeline_not_found_exception,
                    ),
                )
            })?;
        Ok(())
    }

    /// `RetryStageExecution`; returns the execution id.
    pub async fn retry_stage_execution(
        &self,
        pipeline: &str,
        stage: &str,
        pipeline_execution_id: &str,
        mode: RetryMode,
    ) -> Result<String, AwsError> {
        let out = self
            .client
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
            .map_err(|e| {
                AwsError::from_sdk(
                    "RetryStageExecution",
                    e,
                    not_found(
                        pipeline,
                        RetryStageExecutionError::is_pipeline_not_found_exception,
                    ),
                )
            })?;
        Ok(out
            .pipeline_execution_id
            .unwrap_or_else(|| pipeline_execution_id.to_string()))
    }

    /// `OverrideStageCondition`: let execution `pipeline_execution_id` past the stage's
    /// beforeEntry or onSuccess condition while it is still evaluated (a closed deployment
    /// window, an alarm being watched).
    pub async fn override_stage_condition(
        &self,
        pipeline: &str,
        stage: &str,
        pipeline_execution_id: &str,
        kind: ConditionKind,
    ) -> Result<(), AwsError> {
        let condition_type = match kind {
            ConditionKind::BeforeEntry => sdk::ConditionType::BeforeEntry,
            ConditionKind::OnSuccess => sdk::ConditionType::OnSuccess,
            ConditionKind::OnFailure => return Err(AwsError::InvalidInput {
                field: "conditionType",
                message:
                    "onFailure conditions cannot be overridden; override beforeEntry or onSuccess"
                        .into(),
            }),
        };
        self.client
            .override_stage_condition()
            .pipeline_name(pipeline)
            .stage_name(stage)
            .pipeline_execution_id(pipeline_execution_id)
            .condition_type(condition_type)
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk(
                    "OverrideStageCondition",
                    e,
                    not_found(
                        pipeline,
                        OverrideStageConditionError::is_pipeline_not_found_exception,
                    ),
                )
            })?;
        Ok(())
    }

    /// `ListRuleExecutions`, one page, newest first; only `pipeline_execution_id`'s when given.
    pub async fn list_rule_executions(
        &self,
        pipeline: &str,
        pipeline_execution_id: Option<&str>,
        max_results: Option<i32>,
    ) -> Result<Vec<RuleExecutionDetail>, AwsError> {
        let filter = pipeline_execution_id.map(|id| {
            sdk::RuleExecutionFilter::builder()
                .pipeline_execution_id(id)
                .build()
        });
        let out = self
            .client
            .list_rule_executions()
            .pipeline_name(pipeline)
            .set_filter(filter)
            .set_max_results(max_results)
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk(
                    "ListRuleExecutions",
                    e,
                    not_found(
                        pipeline,
                        ListRuleExecutionsError::is_pipeline_not_found_exception,
                    ),
                )
            })?;
        Ok(out
            .rule_execution_details()
            .iter()
            .map(convert::rule_execution)
            .collect())
    }

    /// `RollbackStage`; returns the rollback execution's id.
    pub async fn rollback_stage(
        &self,
        pipeline: &str,
        stage: &str,
        target_pipeline_execution_id: &str,
    ) -> Result<String, AwsError> {
        let out = self
            .client
            .rollback_stage()
            .pipeline_name(pipeline)
            .stage_name(stage)
            .target_pipeline_execution_id(target_pipeline_execution_id)
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk(
                    "RollbackStage",
                    e,
                    not_found(
                        pipeline,
                        RollbackStageError::is_pipeline_not_found_exception,
                    ),
                )
            })?;
        Ok(out.pipeline_execution_id)
    }

    /// `EnableStageTransition` / `DisableStageTransition` (a reason is required to disable).
    pub async fn set_stage_transition(
        &self,
        pipeline: &str,
        stage: &str,
        transition: TransitionType,
        enabled: bool,
        reason: Option<&str>,
    ) -> Result<(), AwsError> {
        let kind = match transition {
            TransitionType::Inbound => sdk::StageTransitionType::Inbound,
            TransitionType::Outbound => sdk::StageTransitionType::Outbound,
        };
        if enabled {
            self.client
                .enable_stage_transition()
                .pipeline_name(pipeline)
                .stage_name(stage)
                .transition_type(kind)
                .send()
                .await
                .map_err(|e| {
                    AwsError::from_sdk(
                        "EnableStageTransition",
                        e,
                        not_found(
                            pipeline,
                            EnableStageTransitionError::is_pipeline_not_found_exception,
                        ),
                    )
                })?;
        } else {
            self.client
                .disable_stage_transition()
                .pipeline_name(pipeline)
                .stage_name(stage)
                .transition_type(kind)
                .set_reason(reason.map(str::to_string))
                .send()
                .await
                .map_err(|e| {
                    AwsError::from_sdk(
                        "DisableStageTransition",
                        e,
                        not_found(
                            pipeline,
                            DisableStageTransitionError::is_pipeline_not_found_exception,
                        ),
                    )
                })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use aws_sdk_codepipeline::Client;
    use serde_json::json;

    use crate::mock::{self, mock, MockResponse, RuleMode};
    use crate::{AwsError, CallCounter};

    #[tokio::test]
    async fn list_pipelines_follows_every_page() {
        let pages = mock!(Client::list_pipelines).then_compute_response(|req| {
            let body = match req.next_token() {
                None => json!({"pipelines": [{"name": "a", "version": 3}], "nextToken": "t1"}),
                Some("t1") => json!({"pipelines": [{"name": "b", "executionMode": "PARALLEL"}], "nextToken": "t2"}),
                Some(_) => json!({"pipelines": [{"name": "c", "pipelineType": "V2"}]}),
            };
            MockResponse::Http(mock::json(200, body))
        });
        let counter = CallCounter::new();
        let api = mock::aws(RuleMode::MatchAny, &[&pages])
            .with_call_counter(&counter)
            .codepipeline();
        let rows = api.list_pipelines().await.unwrap();
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(rows[0].version, Some(3));
        assert_eq!(rows[1].execution_mode.as_deref(), Some("PARALLEL"));
        assert_eq!(rows[2].pipeline_type.as_deref(), Some("V2"));
        assert_eq!(counter.count("ListPipelines"), 3, "{:?}", counter.counts());
        assert_eq!(counter.total(), 3);
    }

    #[tokio::test]
    async fn get_pipeline_keeps_fields_the_sdk_does_not_know() {
        let get = mock!(Client::get_pipeline).then_http_response(|| {
            mock::json(
                200,
                json!({
                    "pipeline": {"name": "web", "roleArn": "arn:aws:iam::1:role/r", "stages": [],
                                 "version": 4, "futureField": {"kept": [1, 2]}},
                    "metadata": {"pipelineArn": "arn:aws:codepipeline:us-east-1:1:web"}
                }),
            )
        });
        let api = mock::codepipeline(RuleMode::MatchAny, &[&get]);
        let doc = api.get_pipeline("web").await.unwrap();
        let v = doc.to_value();
        assert_eq!(v["pipeline"]["futureField"], json!({"kept": [1, 2]}));
        assert_eq!(v["pipeline"]["version"], 4);
        assert_eq!(
            v["metadata"]["pipelineArn"],
            "arn:aws:codepipeline:us-east-1:1:web"
        );
    }

    #[tokio::test]
    async fn wire_errors_map_through_the_typed_errors() {
        let state = mock!(Client::get_pipeline_state)
            .then_http_response(|| mock::error(400, "PipelineNotFoundException", "no pipeline"));
        let throttled = mock!(Client::list_pipeline_executions).then_http_response(|| {
            let mut r = mock::error(400, "ThrottlingException", "Rate exceeded");
            r.headers_mut().insert("retry-after", "2");
            r
        });
        let approval = mock!(Client::put_approval_result)
            .then_http_response(|| mock::error(400, "ApprovalAlreadyCompletedException", "done"));
        let create = mock!(Client::create_pipeline)
            .then_http_response(|| mock::error(400, "LimitExceededException", "too many"));
        let api = mock::codepipeline(
            RuleMode::MatchAny,
            &[&state, &throttled, &approval, &create],
        );
        let e = api.get_pipeline_state("gone").await.unwrap_err();
        assert!(
            matches!(e, AwsError::PipelineNotFound(ref n) if n == "gone"),
            "{e:?}"
        );
        let e = api
            .list_pipeline_executions("web", None, None, None)
            .await
            .unwrap_err();
        assert!(
            matches!(e, AwsError::Throttled { retry_after: Some(d), .. } if d == Duration::from_secs(2)),
            "{e:?}"
        );
        let e = api
            .put_approval_result(
                "web",
                "Review",
                "Approve",
                "tok",
                crate::control::ApprovalStatus::Approved,
                "ok",
            )
            .await
            .unwrap_err();
        assert!(matches!(e, AwsError::ApprovalStale { .. }), "{e:?}");
        // A quota, though the SDK's retry classifier counts the code as throttling.
        let pipeline = pipewright_core::Document::from_value(json!({"pipeline": {
            "name": "web", "roleArn": "arn:aws:iam::1:role/r", "stages": []
        }}))
        .unwrap()
        .pipeline;
        let e = api.create_pipeline(&pipeline, &[]).await.unwrap_err();
        assert!(
            matches!(e, AwsError::Service { code: ref c, .. } if c == "LimitExceededException"),
            "{e:?}"
        );
        assert!(!e.is_transient());
    }
}
