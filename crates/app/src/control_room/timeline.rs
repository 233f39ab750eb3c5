//! Run history you can read, for the control room: an execution's timeline of stages and actions
//! with their durations, trigger and revisions, and two executions compared (the use cases
//! `pipewright history` runs, `pipewright_aws::control::timeline`), against the connection the
//! view was made on.

use pipewright_aws::control::timeline::{self, Comparison, Timeline};

use super::ControlRoom;
use crate::error::{AppError, Result};
use crate::seen::Seen;

fn named(pipeline: &str) -> Result<()> {
    if pipeline.is_empty() {
        return Err(AppError::Invalid(
            "this request names no pipeline; open a pipeline and try again".into(),
        ));
    }
    Ok(())
}

impl ControlRoom {
    /// The timeline of `pipeline`'s execution `execution` (its latest when `None`), read
    /// through the connection the user saw (`seen`): refused when the active connection or
    /// region is another by now, so the view never mixes two accounts.
    pub async fn timeline(
        &self,
        pipeline: &str,
        execution: Option<&str>,
        seen: &Seen,
    ) -> Result<Timeline> {
        named(pipeline)?;
        let api = self.api_seen(seen)?;
        Ok(timeline::timeline(&api, pipeline, execution).await?)
    }

    /// Executions `a` and `b` of `pipeline` side by side (revisions, durations, outcome), read
    /// through the connection the user saw (`seen`).
    pub async fn compare(
        &self,
        pipeline: &str,
        a: &str,
        b: &str,
        seen: &Seen,
    ) -> Result<Comparison> {
        named(pipeline)?;
        if a.is_empty() || b.is_empty() {
            return Err(AppError::Invalid(
                "a comparison needs two executions; pick the second run and try again".into(),
            ));
        }
        let api = self.api_seen(seen)?;
        Ok(timeline::timeline_compare(&api, pipeline, a, b).await?)
    }
}
