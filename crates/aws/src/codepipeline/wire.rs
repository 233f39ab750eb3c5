//! Pipeline declarations travel as the service's own JSON.
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

use std::sync::{Arc, Mutex};

use aws_sdk_codepipeline::types::PipelineDeclaration;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextMut,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use pipewright_core::{Document, Pipeline, Tag};
use serde_json::Value;

use crate::error::AwsError;

/// Replaces the request body with exact JSON and/or keeps the raw response body; see the module
/// documentation.
#[derive(Debug, Default)]
pub(super) struct WireJson {
    request_body: Option<Vec<u8>>,
    response_body: Arc<Mutex<Option<Vec<u8>>>>,
}

impl WireJson {
    pub(super) fn capture() -> (Self, Arc<Mutex<Option<Vec<u8>>>>) {
        let w = WireJson::default();
        let slot = w.response_body.clone();
        (w, slot)
    }

    pub(super) fn send(body: &Value) -> (Self, Arc<Mutex<Option<Vec<u8>>>>) {
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
pub(super) fn captured_json(
    slot: &Arc<Mutex<Option<Vec<u8>>>>,
    call: &str,
) -> Result<Value, AwsError> {
    let bytes = slot
        .lock()
        .ok()
        .and_then(|mut s| s.take())
        .ok_or_else(|| AwsError::BadResponse(format!("{call} returned no body")))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| AwsError::BadResponse(format!("{call} returned invalid JSON: {e}")))
}

/// The declaration in a `{"pipeline": ...}` response, decoded losslessly.
pub(super) fn pipeline_from(value: Value, call: &str) -> Result<Pipeline, AwsError> {
    Document::from_value(value)
        .map(|d| d.pipeline)
        .map_err(|e| AwsError::BadResponse(format!("{call} returned an unreadable pipeline: {e}")))
}

/// The minimal input the SDK needs to build a request whose body [`WireJson`] then replaces.
pub(super) fn carrier(pipeline: &Pipeline) -> Result<PipelineDeclaration, AwsError> {
    PipelineDeclaration::builder()
        .name(pipeline.name.clone())
        .role_arn(pipeline.role_arn.clone())
        .set_stages(Some(Vec::new()))
        .build()
        .map_err(|e| AwsError::Config(e.to_string()))
}

pub(super) fn pipeline_json(pipeline: &Pipeline) -> Value {
    serde_json::to_value(pipeline).unwrap_or(Value::Null)
}

pub(super) fn tag_json(tags: &[Tag]) -> Value {
    serde_json::to_value(tags).unwrap_or(Value::Array(Vec::new()))
}
