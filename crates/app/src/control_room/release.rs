//! What an approval releases, for the approval dialog: when its token expires, what runs after
//! it and what changed since the last execution that went past it (the use case
//! `pipewright approve --show` runs, `pipewright_aws::control::release`), against the
//! connection the view was made on. What cannot be read around it (a commit, a connection)
//! comes back as notes; only the pipeline's own calls fail the command.

use pipewright_aws::control::release::{self, Release};
use pipewright_aws::control::WaitingApproval;

use super::ControlRoom;
use crate::error::{AppError, Result};
use crate::seen::Seen;

impl ControlRoom {
    /// What `approval` releases, read through the connection the user saw (`seen`): refused
    /// when the active connection or region is another by now, so the dialog never mixes two
    /// accounts.
    pub async fn release(&self, approval: &WaitingApproval, seen: &Seen) -> Result<Release> {
        if approval.pipeline.is_empty() {
            return Err(AppError::Invalid(
                "this approval names no pipeline; open a pipeline and try again".into(),
            ));
        }
        let api = self.api_seen(seen)?;
        let aws = api.around().ok_or_else(|| {
            AppError::Unavailable(
                "this connection cannot read the services around its pipelines; reconnect it and try again".into(),
            )
        })?;
        Ok(release::release(aws, approval).await?)
    }
}
