//! CodePipeline webhooks (GitHub version 1 sources): list, define, register with GitHub,
//! deregister, delete. The definitions come from `pipewright_core::around::webhooks`.

use aws_sdk_codepipeline::types as sdk;
use pipewright_core::around::plan::RemoteWebhook;
use pipewright_core::around::{Webhook, WebhookFilter};

use super::{invalid, CodePipeline};
use crate::error::AwsError;

impl CodePipeline {
    /// `ListWebhooks`, every page: each webhook's definition (the secret is never returned).
    pub async fn list_webhooks(&self) -> Result<Vec<RemoteWebhook>, AwsError> {
        let mut items = self
            .client
            .list_webhooks()
            .set_max_results(self.page_size)
            .into_paginator()
            .items()
            .send();
        let mut out = Vec::new();
        while let Some(item) = items.next().await {
            let item = item.map_err(|e| AwsError::from_sdk("ListWebhooks", e, |_| None))?;
            let Some(d) = item.definition() else { continue };
            out.push(RemoteWebhook {
                name: d.name().to_string(),
                target_pipeline: d.target_pipeline().to_string(),
                target_action: d.target_action().to_string(),
                filters: d
                    .filters()
                    .iter()
                    .map(|f| WebhookFilter {
                        json_path: f.json_path().to_string(),
                        match_equals: f.match_equals().map(str::to_string),
                    })
                    .collect(),
                authentication: d.authentication().as_str().to_string(),
                url: Some(item.url().to_string()).filter(|u| !u.is_empty()),
            });
        }
        Ok(out)
    }

    /// `PutWebhook`: define (or redefine) a webhook with a fresh secret token.
    pub async fn put_webhook(&self, hook: &Webhook, secret_token: &str) -> Result<(), AwsError> {
        let mut filters = Vec::new();
        for f in &hook.filters {
            filters.push(
                sdk::WebhookFilterRule::builder()
                    .json_path(&f.json_path)
                    .set_match_equals(f.match_equals.clone())
                    .build()
                    .map_err(|e| invalid("webhook filter", e))?,
            );
        }
        let definition = sdk::WebhookDefinition::builder()
            .name(&hook.name)
            .target_pipeline(&hook.target_pipeline)
            .target_action(&hook.target_action)
            .set_filters(Some(filters))
            .authentication(sdk::WebhookAuthenticationType::from(
                hook.authentication.as_str(),
            ))
            .authentication_configuration(
                sdk::WebhookAuthConfiguration::builder()
                    .secret_token(secret_token)
                    .build(),
            )
            .build()
            .map_err(|e| invalid("webhook", e))?;
        self.client
            .put_webhook()
            .webhook(definition)
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk("PutWebhook", e, |e| {
                    e.is_pipeline_not_found_exception()
                        .then(|| AwsError::PipelineNotFound(hook.target_pipeline.clone()))
                })
            })?;
        Ok(())
    }

    /// `RegisterWebhookWithThirdParty`: CodePipeline installs the webhook in the GitHub
    /// repository with the source action's OAuth token.
    pub async fn register_webhook(&self, name: &str) -> Result<(), AwsError> {
        self.client
            .register_webhook_with_third_party()
            .webhook_name(name)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("RegisterWebhookWithThirdParty", e, |_| None))?;
        Ok(())
    }

    /// `DeregisterWebhookWithThirdParty`; a webhook that is gone already is no error.
    pub async fn deregister_webhook(&self, name: &str) -> Result<(), AwsError> {
        match self
            .client
            .deregister_webhook_with_third_party()
            .webhook_name(name)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_webhook_not_found_exception()) =>
            {
                Ok(())
            }
            Err(e) => Err(AwsError::from_sdk(
                "DeregisterWebhookWithThirdParty",
                e,
                |_| None,
            )),
        }
    }

    /// `DeleteWebhook` (deleting a webhook that does not exist succeeds).
    pub async fn delete_webhook(&self, name: &str) -> Result<(), AwsError> {
        self.client
            .delete_webhook()
            .name(name)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("DeleteWebhook", e, |_| None))?;
        Ok(())
    }
}
