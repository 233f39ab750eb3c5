//! A resolved connection: the `SdkConfig` its clients are built from, and what to show.

use std::time::{Duration, SystemTime};

use aws_config::{Region, SdkConfig};
use pipewright_aws::Aws;

use crate::error::{Error, Result};
use crate::model::{ActiveConnection, SignInMethod};
use crate::store;

/// A connection ready to use: the SDK config every client of this connection is built from
/// (credentials are cached inside it, so reusing it never logs in again), and what to show.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub sdk_config: SdkConfig,
    pub active: ActiveConnection,
    /// When its credentials end, for a session made here (an MFA session): a resolved
    /// connection is not reused past it, a new code is asked for.
    pub session_expires: Option<SystemTime>,
    /// How it signs in, when it does (an SSO profile, an MFA device).
    pub sign_in: Option<SignInMethod>,
}

impl Resolved {
    /// The same connection in another region, reusing its credentials (instant).
    pub fn with_region(&self, region: &str) -> Result<Resolved> {
        let region = store::check_region(Some(region))?.ok_or_else(|| {
            Error::Input("The region is empty: pick a region such as us-east-1.".into())
        })?;
        let sdk_config = self
            .sdk_config
            .to_builder()
            .region(Region::new(region.clone()))
            .build();
        let a = &self.active;
        Ok(Resolved {
            sdk_config,
            session_expires: self.session_expires,
            sign_in: self.sign_in,
            active: ActiveConnection::new(
                a.id.clone(),
                &a.name,
                a.kind,
                &region,
                a.endpoint_url.clone(),
                a.endpoint_from.clone(),
            ),
        })
    }

    /// Whether its session (an MFA session) has ended, or ends within `margin`.
    pub fn session_ended(&self, margin: Duration) -> bool {
        self.session_expires
            .is_some_and(|end| SystemTime::now() + margin >= end)
    }

    /// This connection on the AWS port: every client built from `sdk_config` with Pipewright's
    /// retry and timeout policy (`.codepipeline()`, `.sts()`).
    pub fn aws(&self) -> Aws {
        Aws::new(&self.sdk_config)
    }
}
