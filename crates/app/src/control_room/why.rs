//! Why a pipeline's execution failed, for the control room's action panel: the use case
//! `pipewright why` runs (`pipewright_aws::control::why`), against the connection the view was
//! made on. What cannot be read around the failure (a log, a permission) comes back as notes in
//! the answer; only the pipeline's own calls fail the command.

use pipewright_aws::control::why::{self, Why, WhyRequest};

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
        let aws = api.around().ok_or_else(|| {
            AppError::Unavailable(
                "this connection cannot read the services around its pipelines; reconnect it and try again".into(),
            )
        })?;
        Ok(why::why(aws, request).await?)
    }
}
