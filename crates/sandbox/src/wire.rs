//! AWS JSON 1.1 request and response helpers shared by the operations: required and optional
//! members with AWS's validation messages, `maxResults`/`nextToken` paging, and `null`-free
//! response objects.

use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};

pub fn req_str<'a>(body: &'a Value, key: &str) -> ApiResult<&'a str> {
    body.get(key).and_then(Value::as_str).ok_or_else(|| {
        ApiError::validation(format!(
            "1 validation error detected: Value null at '{key}' failed to satisfy constraint: Member must not be null"
        ))
    })
}

pub fn opt_str<'a>(body: &'a Value, key: &str) -> Option<&'a str> {
    body.get(key).and_then(Value::as_str)
}

pub fn check_name(kind: &str, key: &str, value: &str) -> ApiResult<()> {
    let ok = !value.is_empty()
        && value.len() <= 100
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '@' | '-' | '_'));
    if ok {
        Ok(())
    } else {
        Err(ApiError::validation(format!(
            "1 validation error detected: Value '{value}' at '{key}' failed to satisfy constraint: {kind} must be 1-100 characters of [A-Za-z0-9.@\\-_]+"
        )))
    }
}

/// maxResults within [1, max], defaulting to `default`.
pub fn max_results(body: &Value, max: i64, default: i64) -> ApiResult<usize> {
    match body.get("maxResults") {
        None | Some(Value::Null) => Ok(default as usize),
        Some(v) => match v.as_i64() {
            Some(n) if (1..=max).contains(&n) => Ok(n as usize),
            _ => Err(ApiError::validation(format!(
                "1 validation error detected: Value '{v}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and {max}"
            ))),
        },
    }
}

const TOKEN_PREFIX: &str = "sandbox-page-";

/// The offset a nextToken stands for.
pub fn page_start(body: &Value) -> ApiResult<usize> {
    match opt_str(body, "nextToken") {
        None => Ok(0),
        Some(t) => t
            .strip_prefix(TOKEN_PREFIX)
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| {
                ApiError::new(
                    "InvalidNextTokenException",
                    "The next token is not valid. Pass the nextToken value from the previous response unchanged.",
                )
            }),
    }
}

/// Cut one page out of `items`; the nextToken for the rest, if any.
pub fn page<T>(items: Vec<T>, start: usize, size: usize) -> (Vec<T>, Option<String>) {
    let total = items.len();
    let end = start.saturating_add(size).min(total);
    let page: Vec<T> = items
        .into_iter()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect();
    let next = (end < total).then(|| format!("{TOKEN_PREFIX}{end}"));
    (page, next)
}

pub fn with_next_token(mut out: Value, next: Option<String>) -> Value {
    if let (Some(obj), Some(next)) = (out.as_object_mut(), next) {
        obj.insert("nextToken".to_string(), json!(next));
    }
    out
}

/// Remove `null`s from an object built with `json!` (AWS omits absent members).
pub fn compact(mut v: Value) -> Value {
    if let Some(obj) = v.as_object_mut() {
        obj.retain(|_, x| !x.is_null());
    }
    v
}
