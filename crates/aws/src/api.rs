//! The CodePipeline calls Pipewright makes, as one small trait (`CodePipelineApi`) returning core
//! and serde types, and its implementation over the real `aws_sdk_codepipeline::Client`
//! (`SdkApi`). Use cases (sync, control) take `&dyn CodePipelineApi`; more calls are added as
//! more trait methods, each with its `SdkApi` implementation beside the others.
//!
//! # Pipeline declarations travel as the service's own JSON
//!
//! The SDK's `PipelineDeclaration` is not serde and, like any generated type, drops fields it does
//! not know. Pipewright's core model is the service's JSON itself (every node keeps unknown fields
//! in `extra`), so converting field by field to SDK types and back would lose exactly what the
//! model is built to keep. Instead the declaration-carrying calls still go through the SDK
//! (endpoint resolution, SigV4 signing, retries, typed errors), with a per-operation interceptor
//! ([`WireJson`]) that
//! - on requests (`CreatePipeline`, `UpdatePipeline`) replaces the body the SDK serialized from a
//!   minimal carrier input with the document's exact JSON, before signing, on every attempt;
//! - on responses (`GetPipeline`, `CreatePipeline`, `UpdatePipeline`) keeps the raw body, which is
//!   decoded with the lossless core codec instead of the SDK's output type.
//!
//! So a field that neither Pipewright nor this SDK version knows survives import -> edit -> apply.
//! Calls without declarations (list, tags, delete) use the SDK types as usual.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use aws_sdk_codepipeline::types::{PipelineDeclaration, Tag as SdkTag};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextMut,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::date_time::Format as DateFormat;
use pipewright_core::{Document, Pipeline, Tag};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::AwsError;

/// One row of `ListPipelines`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineSummary {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pipeline_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execution_mode: Option<String>,
    /// RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
}

/// The CodePipeline calls Pipewright uses. Implemented by [`SdkApi`] over the real SDK client.
#[async_trait]
pub trait CodePipelineApi: Send + Sync {
    /// Every pipeline of the account and region (all pages).
    async fn list_pipelines(&self) -> Result<Vec<PipelineSummary>, AwsError>;

    /// `GetPipeline`: the declaration and its `metadata` (pipelineArn, created, updated, ...),
    /// exactly as the service sent them. `AwsError::PipelineNotFound` if there is none.
    async fn get_pipeline(&self, name: &str) -> Result<Document, AwsError>;

    /// The tags of a resource (all pages), in the service's order.
    async fn list_tags(&self, resource_arn: &str) -> Result<Vec<Tag>, AwsError>;

    /// Add or overwrite tags.
    async fn tag_resource(&self, resource_arn: &str, tags: &[Tag]) -> Result<(), AwsError>;

    /// Remove tags by key.
    async fn untag_resource(&self, resource_arn: &str, keys: &[String]) -> Result<(), AwsError>;

    /// `CreatePipeline` with the declaration and tags as given; returns what the service stored
    /// (with its `version`).
    async fn create_pipeline(
        &self,
        pipeline: &Pipeline,
        tags: &[Tag],
    ) -> Result<Pipeline, AwsError>;

    /// `UpdatePipeline` (a full replace); returns the stored declaration with the new `version`.
    async fn update_pipeline(&self, pipeline: &Pipeline) -> Result<Pipeline, AwsError>;

    /// `DeletePipeline`. Use `sync::delete_pipeline` for the confirmed form.
    async fn delete_pipeline(&self, name: &str) -> Result<(), AwsError>;
}

/// [`CodePipelineApi`] over the real `aws_sdk_codepipeline::Client`.
#[derive(Debug, Clone)]
pub struct SdkApi {
    client: aws_sdk_codepipeline::Client,
    page_size: Option<i32>,
}

impl SdkApi {
    pub fn new(client: aws_sdk_codepipeline::Client) -> Self {
        Self {
            client,
            page_size: None,
        }
    }

    /// Ask for pages of at most `n` items in list calls (default: the service's own page size).
    pub fn with_page_size(mut self, n: i32) -> Self {
        self.page_size = Some(n);
        self
    }

    /// The underlying SDK client (for calls not yet behind the trait).
    pub fn client(&self) -> &aws_sdk_codepipeline::Client {
        &self.client
    }
}

/// Replaces the request body with exact JSON and/or keeps the raw response body; see the module
/// documentation.
#[derive(Debug, Default)]
struct WireJson {
    request_body: Option<Vec<u8>>,
    response_body: Arc<Mutex<Option<Vec<u8>>>>,
}

impl WireJson {
    fn capture() -> (Self, Arc<Mutex<Option<Vec<u8>>>>) {
        let w = WireJson::default();
        let slot = w.response_body.clone();
        (w, slot)
    }

    fn send(body: &Value) -> (Self, Arc<Mutex<Option<Vec<u8>>>>) {
        let (mut w, slot) = Self::capture();
        w.request_body = Some(body.to_string().into_bytes());
        (w, slot)
    }
}

impl Intercept for WireJson {
    fn name(&self) -> &'static str {
        "PipewrightWireJson"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(body) = &self.request_body {
            let request = context.request_mut();
            *request.body_mut() = SdkBody::from(body.clone());
            request
                .headers_mut()
                .insert("content-length", body.len().to_string());
        }
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(bytes) = context.response().body().bytes() {
            if let Ok(mut slot) = self.response_body.lock() {
                *slot = Some(bytes.to_vec());
            }
        }
        Ok(())
    }
}

/// The raw JSON body a [`WireJson`] kept.
fn captured_json(slot: &Arc<Mutex<Option<Vec<u8>>>>, call: &str) -> Result<Value, AwsError> {
    let bytes = slot
        .lock()
        .ok()
        .and_then(|mut s| s.take())
        .ok_or_else(|| AwsError::BadResponse(format!("{call} returned no body")))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| AwsError::BadResponse(format!("{call} returned invalid JSON: {e}")))
}

/// The declaration in a `{"pipeline": ...}` response, decoded losslessly.
fn pipeline_from(value: Value, call: &str) -> Result<Pipeline, AwsError> {
    Document::from_value(value)
        .map(|d| d.pipeline)
        .map_err(|e| AwsError::BadResponse(format!("{call} returned an unreadable pipeline: {e}")))
}

/// The minimal input the SDK needs to build a request whose body [`WireJson`] then replaces.
fn carrier(pipeline: &Pipeline) -> Result<PipelineDeclaration, AwsError> {
    PipelineDeclaration::builder()
        .name(pipeline.name.clone())
        .role_arn(pipeline.role_arn.clone())
        .set_stages(Some(Vec::new()))
        .build()
        .map_err(|e| AwsError::Config(e.to_string()))
}

fn pipeline_json(pipeline: &Pipeline) -> Value {
    serde_json::to_value(pipeline).unwrap_or(Value::Null)
}

fn tag_json(tags: &[Tag]) -> Value {
    serde_json::to_value(tags).unwrap_or(Value::Array(Vec::new()))
}

fn date(dt: Option<&aws_smithy_types::DateTime>) -> Option<String> {
    dt.and_then(|d| d.fmt(DateFormat::DateTime).ok())
}

#[async_trait]
impl CodePipelineApi for SdkApi {
    async fn list_pipelines(&self) -> Result<Vec<PipelineSummary>, AwsError> {
        let mut out = Vec::new();
        let mut pages = self
            .client
            .list_pipelines()
            .set_max_results(self.page_size)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| AwsError::from_sdk(e, "ListPipelines"))?;
            for p in page.pipelines() {
                out.push(PipelineSummary {
                    name: p.name().unwrap_or_default().to_string(),
                    version: p.version().map(i64::from),
                    pipeline_type: p.pipeline_type().map(|t| t.as_str().to_string()),
                    execution_mode: p.execution_mode().map(|m| m.as_str().to_string()),
                    created: date(p.created()),
                    updated: date(p.updated()),
                });
            }
        }
        Ok(out)
    }

    async fn get_pipeline(&self, name: &str) -> Result<Document, AwsError> {
        let (wire, slot) = WireJson::capture();
        self.client
            .get_pipeline()
            .name(name)
            .customize()
            .interceptor(wire)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk(e, name))?;
        let value = captured_json(&slot, "GetPipeline")?;
        Document::from_value(value).map_err(|e| {
            AwsError::BadResponse(format!("GetPipeline returned an unreadable pipeline: {e}"))
        })
    }

    async fn list_tags(&self, resource_arn: &str) -> Result<Vec<Tag>, AwsError> {
        let mut out = Vec::new();
        let mut pages = self
            .client
            .list_tags_for_resource()
            .resource_arn(resource_arn)
            .set_max_results(self.page_size)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| AwsError::from_sdk(e, resource_arn))?;
            for t in page.tags() {
                out.push(Tag {
                    key: t.key().to_string(),
                    value: t.value().to_string(),
                    extra: Default::default(),
                });
            }
        }
        Ok(out)
    }

    async fn tag_resource(&self, resource_arn: &str, tags: &[Tag]) -> Result<(), AwsError> {
        let mut sdk_tags = Vec::with_capacity(tags.len());
        for t in tags {
            sdk_tags.push(
                SdkTag::builder()
                    .key(&t.key)
                    .value(&t.value)
                    .build()
                    .map_err(|e| AwsError::Config(e.to_string()))?,
            );
        }
        self.client
            .tag_resource()
            .resource_arn(resource_arn)
            .set_tags(Some(sdk_tags))
            .send()
            .await
            .map_err(|e| AwsError::from_sdk(e, resource_arn))?;
        Ok(())
    }

    async fn untag_resource(&self, resource_arn: &str, keys: &[String]) -> Result<(), AwsError> {
        self.client
            .untag_resource()
            .resource_arn(resource_arn)
            .set_tag_keys(Some(keys.to_vec()))
            .send()
            .await
            .map_err(|e| AwsError::from_sdk(e, resource_arn))?;
        Ok(())
    }

    async fn create_pipeline(
        &self,
        pipeline: &Pipeline,
        tags: &[Tag],
    ) -> Result<Pipeline, AwsError> {
        let mut body = json!({ "pipeline": pipeline_json(pipeline) });
        if !tags.is_empty() {
            body["tags"] = tag_json(tags);
        }
        let (wire, slot) = WireJson::send(&body);
        self.client
            .create_pipeline()
            .pipeline(carrier(pipeline)?)
            .customize()
            .interceptor(wire)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk(e, &pipeline.name))?;
        pipeline_from(captured_json(&slot, "CreatePipeline")?, "CreatePipeline")
    }

    async fn update_pipeline(&self, pipeline: &Pipeline) -> Result<Pipeline, AwsError> {
        let body = json!({ "pipeline": pipeline_json(pipeline) });
        let (wire, slot) = WireJson::send(&body);
        self.client
            .update_pipeline()
            .pipeline(carrier(pipeline)?)
            .customize()
            .interceptor(wire)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk(e, &pipeline.name))?;
        pipeline_from(captured_json(&slot, "UpdatePipeline")?, "UpdatePipeline")
    }

    async fn delete_pipeline(&self, name: &str) -> Result<(), AwsError> {
        self.client
            .delete_pipeline()
            .name(name)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk(e, name))?;
        Ok(())
    }
}
