//! "Use events" for the active connection: set up this desktop's rule and queue of CodePipeline's
//! state changes ([`pipewright_aws::events`]) and watch the connection by them, or stop; and the
//! same resources as CloudFormation or Terraform for someone with the rights to deploy them.
//! Setting up changes the account, so it is bound to the connection and region the user saw.

use pipewright_aws::events;
use pipewright_core::export::events as templates;
use pipewright_watch::feed::default_reader;
use serde::{Deserialize, Serialize};

use super::{embedded_sandbox, key_of, payload_error, ControlRoom};
use crate::connections::ConnectionsState;
use crate::error::Result;
use crate::seen::Seen;

/// What the app's reader has on the active connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct EventsSetup {
    /// This desktop's reader name (the queue is `pipewright-watch-<reader>`).
    pub reader: String,
    pub queue_url: Option<String>,
    /// Whether the control room watches the connection by events now.
    pub on: bool,
}

/// The infrastructure-as-code flavour of [`ControlRoom::events_export`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum EventsExportFormat {
    Cloudformation,
    Terraform,
}

impl ControlRoom {
    /// The settings key of the active connection (its id, or the embedded sandbox's key).
    async fn active_key(&self, state: &ConnectionsState, seen: &Seen) -> Result<String> {
        let conns = state.lock().await.map_err(payload_error)?;
        let active = conns.active();
        seen.check(active.as_ref())?;
        let active = active.expect("checked");
        let list = conns.list();
        let embedded = embedded_sandbox(&list);
        Ok(
            match list.iter().find(|c| Some(&c.id) == active.id.as_ref()) {
                Some(c) => key_of(c, embedded),
                None => active.name.clone(),
            },
        )
    }

    /// Creates (or fixes) this desktop's rule and queue on the active connection and watches it
    /// by events from now on.
    pub async fn setup_events(&self, state: &ConnectionsState, seen: &Seen) -> Result<EventsSetup> {
        let key = self.active_key(state, seen).await?;
        let aws = {
            let mut conns = state.lock().await.map_err(payload_error)?;
            conns
                .current()
                .await
                .map_err(super::connection_error)?
                .aws()
        };
        let reader = events::setup(&aws, &default_reader("app"), None).await?;
        let mut settings = self.settings();
        settings.events.insert(key);
        self.save_settings(settings)?;
        self.reconcile(state, None).await?;
        Ok(EventsSetup {
            reader: reader.name,
            queue_url: Some(reader.queue_url),
            on: true,
        })
    }

    /// Watches the active connection by polling again; with `teardown`, also removes this
    /// desktop's rule and queue.
    pub async fn stop_events(
        &self,
        state: &ConnectionsState,
        seen: &Seen,
        teardown: bool,
    ) -> Result<EventsSetup> {
        let key = self.active_key(state, seen).await?;
        let mut settings = self.settings();
        settings.events.remove(&key);
        self.save_settings(settings)?;
        self.reconcile(state, None).await?;
        let reader = default_reader("app");
        if teardown {
            let aws = {
                let mut conns = state.lock().await.map_err(payload_error)?;
                conns
                    .current()
                    .await
                    .map_err(super::connection_error)?
                    .aws()
            };
            events::teardown(&aws, &reader, None).await?;
        }
        Ok(EventsSetup {
            reader,
            queue_url: None,
            on: false,
        })
    }

    /// This desktop's rule and queue as CloudFormation (YAML) or Terraform.
    pub fn events_export(&self, format: EventsExportFormat) -> String {
        let reader = default_reader("app");
        match format {
            EventsExportFormat::Cloudformation => templates::cloudformation(&reader, None),
            EventsExportFormat::Terraform => templates::terraform(&reader, None),
        }
    }
}
