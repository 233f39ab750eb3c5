//! connections (to be served).
use serde_json::Value;

use super::{unknown_operation, Call};
use crate::error::ApiResult;
use crate::store::Store;

pub fn dispatch(_st: &mut Store, op: &str, _body: &Value, _call: &Call) -> ApiResult<Value> {
    Err(unknown_operation("connections", op))
}
