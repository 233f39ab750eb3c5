//! Counting calls per operation: an interceptor attached through [`Aws::with_call_counter`]
//! (benchmarks, tests, and an "API calls per minute" figure). It counts each call once, whatever
//! its retries, by the operation name the SDK puts in the config bag.
//!
//! [`Aws::with_call_counter`]: crate::Aws::with_call_counter

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// Calls per operation (`GetPipelineState`, `ListPipelines`, ...), shared by every clone.
#[derive(Debug, Clone, Default)]
pub struct CallCounter {
    counts: Arc<Mutex<BTreeMap<String, u64>>>,
}

impl CallCounter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Calls so far, per operation.
    pub fn counts(&self) -> BTreeMap<String, u64> {
        self.counts.lock().map(|c| c.clone()).unwrap_or_default()
    }

    /// Calls so far of one operation.
    pub fn count(&self, operation: &str) -> u64 {
        self.counts
            .lock()
            .ok()
            .and_then(|c| c.get(operation).copied())
            .unwrap_or(0)
    }

    /// Calls so far, all operations.
    pub fn total(&self) -> u64 {
        self.counts().values().sum()
    }
}

impl Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "PipewrightCallCounter"
    }

    // Once per call (retries come later), after the operation's own config put its name in the bag.
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(meta) = cfg.load::<Metadata>() {
            if let Ok(mut counts) = self.counts.lock() {
                *counts.entry(meta.name().to_string()).or_default() += 1;
            }
        }
        Ok(())
    }
}
