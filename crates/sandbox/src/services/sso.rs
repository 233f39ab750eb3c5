//! SSO portal (to be served).
use serde_json::Value;

use crate::store::Store;

pub fn handle(
    _st: &mut Store,
    _method: &hyper::Method,
    _path: &str,
    _query: &str,
    _headers: &hyper::HeaderMap,
    _now: f64,
) -> Option<(u16, Value, Option<&'static str>)> {
    None
}
