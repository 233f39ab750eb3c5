//! CloudWatch Logs (AWS JSON 1.1, `Logs_20140328`): GetLogEvents and FilterLogEvents over the
//! log groups of CodeBuild projects (`/aws/codebuild/<project>`, one stream per build), whose
//! lines appear as the builds reach them.
//!
//! Paging as CloudWatch Logs: GetLogEvents without a token returns the newest `limit` events
//! (the oldest with `startFromHead`), `nextForwardToken` (`f/…`) and `nextBackwardToken`
//! (`b/…`) page from there, and the forward token at the end of the stream comes back unchanged.
//! FilterLogEvents returns `nextToken` while more events match. Filter patterns: terms that must
//! all appear, a `"quoted phrase"`, `?term ?term` (any of them) and `-term` (none).
//!
//! A log group can be made to answer AccessDeniedException or ResourceNotFoundException (the
//! world's `log_faults`, set through `POST /sandbox/logs/faults` or the scenario's `logFaults`).

use serde_json::{json, Value};

use super::{unknown_operation, Call};
use crate::builds::{self, Build};
use crate::error::{ApiError, ApiResult};
use crate::store::Store;
use crate::wire::{compact, opt_str};
use crate::world::LogFault;

const PREFIX: &str = "/aws/codebuild/";
const DEFAULT_LIMIT: usize = 10_000;

pub fn dispatch(st: &mut Store, op: &str, body: &Value, call: &Call) -> ApiResult<Value> {
    match op {
        "GetLogEvents" => get_log_events(st, body, call),
        "FilterLogEvents" => filter_log_events(st, body, call),
        other => Err(unknown_operation("CloudWatch Logs", other)),
    }
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new("InvalidParameterException", message)
}

fn group_name(body: &Value) -> ApiResult<String> {
    match (
        opt_str(body, "logGroupName"),
        opt_str(body, "logGroupIdentifier"),
    ) {
        (Some(_), Some(_)) => Err(invalid(
            "LogGroup name and LogGroup ARN are mutually exclusive parameters.",
        )),
        (Some(name), None) => Ok(name.to_string()),
        (None, Some(id)) => Ok(id
            .split_once(":log-group:")
            .map_or(id, |(_, rest)| rest.trim_end_matches(":*"))
            .to_string()),
        (None, None) => Err(invalid(
            "Should provide either name or ARN for the log group.",
        )),
    }
}

/// The group's builds (the group must exist: some build of its project ran), after its fault.
fn group<'a>(st: &'a Store, name: &str, op: &str, call: &Call) -> ApiResult<Vec<Build<'a>>> {
    let region = &st.config.region;
    let arn = format!(
        "arn:aws:logs:{region}:{}:log-group:{name}",
        crate::ACCOUNT_ID
    );
    match st.world.log_faults.get(name) {
        Some(LogFault::AccessDenied) => {
            return Err(ApiError::new(
                "AccessDeniedException",
                format!(
                    "User: {} is not authorized to perform: logs:{op} on resource: {arn}:log-stream: because no identity-based policy allows the logs:{op} action",
                    call.caller.replace(":user/", ":assumed-role/pipewright/")
                ),
            ))
        }
        Some(LogFault::NotFound) => return Err(group_missing()),
        None => {}
    }
    let project = name.strip_prefix(PREFIX).ok_or_else(group_missing)?;
    let builds: Vec<Build> = builds::all(st)
        .into_iter()
        .filter(|b| b.project == project)
        .collect();
    if builds.is_empty() {
        return Err(group_missing());
    }
    Ok(builds)
}

fn group_missing() -> ApiError {
    ApiError::new(
        "ResourceNotFoundException",
        "The specified log group does not exist.",
    )
}

fn time_bounds(body: &Value) -> (Option<i64>, Option<i64>) {
    (
        body.get("startTime").and_then(Value::as_i64),
        body.get("endTime").and_then(Value::as_i64),
    )
}

fn limit(body: &Value) -> ApiResult<usize> {
    match body.get("limit").and_then(Value::as_i64) {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=10_000).contains(&n) => Ok(n as usize),
        Some(n) => Err(invalid(format!(
            "1 validation error detected: Value '{n}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000"
        ))),
    }
}

fn event(ts: i64, message: String) -> Value {
    json!({ "timestamp": ts, "message": message, "ingestionTime": ts + 173 })
}

fn get_log_events(st: &mut Store, body: &Value, call: &Call) -> ApiResult<Value> {
    let name = group_name(body)?;
    let stream = crate::wire::req_str(body, "logStreamName")?;
    let builds = group(st, &name, "GetLogEvents", call)?;
    let b = builds
        .iter()
        .find(|b| b.run_id() == stream)
        .ok_or_else(|| {
            ApiError::new(
                "ResourceNotFoundException",
                "The specified log stream does not exist.",
            )
        })?;
    let (start, end) = time_bounds(body);
    let events: Vec<(i64, String)> = b
        .log(call.now)
        .into_iter()
        .filter(|(t, _)| start.is_none_or(|s| *t >= s) && end.is_none_or(|e| *t <= e))
        .collect();
    let limit = limit(body)?;
    let from_head = body
        .get("startFromHead")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let token = match opt_str(body, "nextToken") {
        None => None,
        Some(t) => {
            let (dir, n) = t
                .split_once('/')
                .ok_or_else(|| invalid("The specified nextToken is invalid."))?;
            let n: i64 = n
                .parse()
                .map_err(|_| invalid("The specified nextToken is invalid."))?;
            if !matches!(dir, "f" | "b") {
                return Err(invalid("The specified nextToken is invalid."));
            }
            Some((dir == "f", n))
        }
    };
    // Inclusive indices: a forward token names the last event returned, a backward token the
    // first; paging past either end returns no events and the end's tokens.
    let last = events.len() as i64 - 1;
    let span = limit as i64 - 1;
    let (mut first, mut end_index) = match token {
        None if from_head => (0, span),
        None => (last - span, last),
        Some((true, n)) => (n + 1, n + 1 + span),
        Some((false, n)) => (n - 1 - span, n - 1),
    };
    first = first.max(0);
    if first > last {
        let at = last.max(0);
        return Ok(tokens(json!({ "events": [] }), at, at));
    }
    if end_index < 0 {
        return Ok(tokens(json!({ "events": [] }), 0, 0));
    }
    end_index = end_index.min(last);
    let page: Vec<Value> = events[first as usize..=end_index as usize]
        .iter()
        .map(|(t, m)| event(*t, m.clone()))
        .collect();
    Ok(tokens(json!({ "events": page }), first, end_index))
}

fn tokens(mut out: Value, backward: i64, forward: i64) -> Value {
    out["nextForwardToken"] = json!(format!("f/{forward:056}"));
    out["nextBackwardToken"] = json!(format!("b/{backward:056}"));
    out
}

/// A filter pattern: every `all` term, any `any` term (if there are some), no `none` term.
struct Pattern {
    all: Vec<String>,
    any: Vec<String>,
    none: Vec<String>,
}

impl Pattern {
    fn parse(text: &str) -> Pattern {
        let mut p = Pattern {
            all: Vec::new(),
            any: Vec::new(),
            none: Vec::new(),
        };
        let mut rest = text.trim();
        while !rest.is_empty() {
            let (sign, body) = match rest.chars().next() {
                Some('?') => ('?', &rest[1..]),
                Some('-') if rest.len() > 1 => ('-', &rest[1..]),
                _ => (' ', rest),
            };
            let (term, after) = if let Some(quoted) = body.strip_prefix('"') {
                match quoted.find('"') {
                    Some(i) => (&quoted[..i], &quoted[i + 1..]),
                    None => (quoted, ""),
                }
            } else {
                match body.find(char::is_whitespace) {
                    Some(i) => (&body[..i], &body[i..]),
                    None => (body, ""),
                }
            };
            if !term.is_empty() {
                match sign {
                    '?' => p.any.push(term.to_string()),
                    '-' => p.none.push(term.to_string()),
                    _ => p.all.push(term.to_string()),
                }
            }
            rest = after.trim_start();
        }
        p
    }

    fn matches(&self, line: &str) -> bool {
        self.all.iter().all(|t| line.contains(t.as_str()))
            && (self.any.is_empty() || self.any.iter().any(|t| line.contains(t.as_str())))
            && !self.none.iter().any(|t| line.contains(t.as_str()))
    }
}

fn filter_log_events(st: &mut Store, body: &Value, call: &Call) -> ApiResult<Value> {
    let name = group_name(body)?;
    let builds = group(st, &name, "FilterLogEvents", call)?;
    let pattern_text = opt_str(body, "filterPattern").unwrap_or("");
    if pattern_text.trim_start().starts_with(['{', '[']) {
        return Err(invalid(
            "The sandbox filters by terms only (\"quoted phrase\", ?any, -none); JSON and space-delimited patterns are not supported.",
        ));
    }
    let pattern = Pattern::parse(pattern_text);
    let names: Option<Vec<&str>> = body
        .get("logStreamNames")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect());
    let prefix = opt_str(body, "logStreamNamePrefix");
    if names.is_some() && prefix.is_some() {
        return Err(invalid(
            "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.",
        ));
    }
    let (start, end) = time_bounds(body);
    let searched: Vec<&Build> = builds
        .iter()
        .filter(|b| names.as_ref().is_none_or(|n| n.contains(&b.run_id())))
        .filter(|b| prefix.is_none_or(|p| b.run_id().starts_with(p)))
        .collect();
    let mut events: Vec<(i64, String, usize, String)> = Vec::new();
    for b in &searched {
        for (k, (t, line)) in b.log(call.now).into_iter().enumerate() {
            if start.is_some_and(|s| t < s) || end.is_some_and(|e| t > e) || !pattern.matches(&line)
            {
                continue;
            }
            events.push((t, b.run_id().to_string(), k, line));
        }
    }
    events.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let from = match opt_str(body, "nextToken") {
        None => 0,
        Some(t) => t
            .strip_prefix("sandbox-filter-")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| invalid("The specified nextToken is invalid."))?,
    };
    let limit = limit(body)?;
    let to = from.saturating_add(limit).min(events.len());
    let page: Vec<Value> = events
        .get(from..to)
        .unwrap_or_default()
        .iter()
        .map(|(t, stream, k, line)| {
            json!({
                "logStreamName": stream,
                "timestamp": t,
                "message": line,
                "ingestionTime": t + 173,
                "eventId": format!("{:056}", (*t as u128) * 1_000_000 + *k as u128),
            })
        })
        .collect();
    let searched_streams: Vec<Value> = searched
        .iter()
        .map(|b| json!({ "logStreamName": b.run_id(), "searchedCompletely": true }))
        .collect();
    Ok(compact(json!({
        "events": page,
        "searchedLogStreams": searched_streams,
        "nextToken": (to < events.len()).then(|| format!("sandbox-filter-{to}")),
    })))
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    #[test]
    fn filter_patterns_combine_terms_phrases_any_and_none() {
        let p = Pattern::parse("\"npm ERR!\" ERESOLVE -WARN");
        assert!(p.matches("npm ERR! code ERESOLVE"));
        assert!(!p.matches("npm ERR! code E404"));
        assert!(!p.matches("npm WARN ERR! ERESOLVE"));
        let any = Pattern::parse("?FAILED ?ERROR");
        assert!(any.matches("tests/a.py::b FAILED"));
        assert!(!any.matches("tests/a.py::b PASSED"));
        assert!(Pattern::parse("").matches("anything"));
    }
}
