//! Sample pipelines for a live control room: see [`seed`].

use crate::error::ApiResult;
use crate::state::State;

/// Create the sample pipelines and start their executions.
pub(crate) fn seed(_st: &mut State, _now: f64) -> ApiResult<()> {
    Ok(())
}
