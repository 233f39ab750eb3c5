//! Why a pipeline's execution failed, for the control room's action panel: the use case
//! `pipewright why` runs (`pipewright_aws::control::why`), against the connection the view was
//! made on. What cannot be read around the failure (a log, a permission) comes back as notes in
//! the answer; only the pipeline's own calls fail the command. And the pages of a whole build
//! log, read from its tail, for the panel's log view.

use pipewright_aws::control::why::{self, LogPage, LogPageRequest, Why, WhyRequest};
use pipewright_aws::AwsError;

use super::ControlRoom;
use crate::error::{AppError, Result};
use crate::seen::Seen;

impl ControlRoom {
    /// Why `request`'s execution failed (the latest failed one and its first failed action when
    /// they are not named), read through the connection the user saw (`seen`): refused when the
    /// active connection or region is another by now, so the panel never mixes two accounts.
    pub async fn why(&self, request: &WhyRequest, seen: &Seen) -> Result<Why> {
        if request.pipeline.is_empty() {
            return Err(AppError::Invalid(
                "this request names no pipeline; open a pipeline and try again".into(),
            ));
        }
        let api = self.api_seen(seen)?;
        let aws = api.around().ok_or_else(unavailable)?;
        Ok(why::why(aws, request).await?)
    }

    /// A page of a build log from its tail (`request.before`: the lines before an earlier
    /// page's), read through the connection the user saw (`seen`).
    pub async fn log_page(&self, request: &LogPageRequest, seen: &Seen) -> Result<LogPage> {
        if request.group.is_empty() || request.stream.is_empty() {
            return Err(AppError::Invalid(
                "this request names no log group and stream; open the build's log again".into(),
            ));
        }
        let api = self.api_seen(seen)?;
        let aws = api.around().ok_or_else(unavailable)?;
        why::log_page(aws, request)
            .await
            .map_err(|e| AppError::from(AwsError::from_sdk("GetLogEvents", e, |_| None)))
    }
}

fn unavailable() -> AppError {
    AppError::Unavailable(
        "this connection cannot read the services around its pipelines; reconnect it and try again"
            .into(),
    )
}
