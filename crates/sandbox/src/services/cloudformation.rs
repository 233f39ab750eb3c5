//! CloudFormation (AWS query protocol: a form body with `Action=`, XML answers): DescribeStackEvents
//! (newest first, paged by 100) and DescribeStacks. A stack is what the runs of CloudFormation
//! deploy actions with its `StackName` did to it: the first run creates it, later runs update it
//! (or create it again after a failed creation rolled back). A failed run fails on the stack
//! profile's resource with its reason (default: the stack's last resource, with the action's
//! error message), then rolls back; events appear as the run reaches them. Stack events keep to
//! the model's ResourceStatus values (no `*_CLEANUP_IN_PROGRESS` events).

use pipewright_core::xml::escape;
use serde_json::{json, Map, Value};

use super::Call;
use crate::executions::runs;
use crate::server::percent_decode;
use crate::store::{ActionStatus, Attempt, Store};
use crate::world::hex_id;

const NS: &str = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

/// Answer one query request: (HTTP status, XML).
pub fn handle(st: &mut Store, body: &[u8], call: &Call) -> (u16, String) {
    let text = String::from_utf8_lossy(body);
    let params: Vec<(String, String)> = text
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    let param = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let action = param("Action").unwrap_or("");
    let result = match action {
        "DescribeStackEvents" => {
            describe_stack_events(st, param("StackName"), param("NextToken"), call.now)
        }
        "DescribeStacks" => describe_stacks(st, param("StackName"), call.now),
        "" => Err((
            "MissingAction",
            "The request has no Action parameter.".to_string(),
        )),
        other => Err((
            "InvalidAction",
            format!("The sandbox does not implement the CloudFormation action {other}."),
        )),
    };
    let request_id = uuid::Uuid::new_v4().to_string();
    match result {
        Ok(v) => (
            200,
            format!(
                "<{action}Response xmlns=\"{NS}\"><{action}Result>{}</{action}Result><ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata></{action}Response>",
                xml_fields(&v)
            ),
        ),
        Err((code, message)) => (
            400,
            format!(
                "<ErrorResponse xmlns=\"{NS}\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>",
                escape(&message)
            ),
        ),
    }
}

/// An object's members as XML elements; lists as `<member>` elements.
fn xml_fields(v: &Value) -> String {
    let mut out = String::new();
    if let Some(obj) = v.as_object() {
        for (k, item) in obj {
            out.push_str(&format!("<{k}>{}</{k}>", xml_value(item)));
        }
    }
    out
}

fn xml_value(v: &Value) -> String {
    match v {
        Value::Object(_) => xml_fields(v),
        Value::Array(items) => items
            .iter()
            .map(|i| format!("<member>{}</member>", xml_value(i)))
            .collect(),
        Value::String(s) => escape(s),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// One run of a deploy action on the stack.
struct Operation<'a> {
    attempt: &'a Attempt,
    create: bool,
    message: Option<String>,
}

fn operations<'a>(st: &'a Store, stack: &str) -> Vec<Operation<'a>> {
    let mut runs: Vec<&Attempt> = Vec::new();
    for ex in st.executions.values() {
        for stage in &ex.stages {
            for a in &stage.actions {
                if a.category() == "Deploy"
                    && a.provider() == "CloudFormation"
                    && a.config("StackName") == Some(stack)
                {
                    runs.extend(a.attempts.iter());
                }
            }
        }
    }
    runs.sort_by(|a, b| a.start.total_cmp(&b.start));
    let mut out: Vec<Operation> = Vec::new();
    for at in runs {
        let create = out
            .last()
            .is_none_or(|prev| prev.create && prev.attempt.status == ActionStatus::Failed);
        let message = at
            .error
            .as_ref()
            .map(|(_, m)| m.clone())
            .or_else(|| at.planned_failure.clone());
        out.push(Operation {
            attempt: at,
            create,
            message,
        });
    }
    out
}

/// (logical id, type, status, reason, time) of every event of one operation, oldest first.
fn events(
    st: &Store,
    stack: &str,
    op: &Operation,
) -> Vec<(String, String, &'static str, Option<String>, f64)> {
    let profile = st.world.stacks.get(stack).cloned().unwrap_or_default();
    let resources = if profile.resources.is_empty() {
        vec![
            ("AppRole".to_string(), "AWS::IAM::Role".to_string()),
            (
                "AppFunction".to_string(),
                "AWS::Lambda::Function".to_string(),
            ),
        ]
    } else {
        profile.resources.clone()
    };
    let at = op.attempt;
    let failing = at.status == ActionStatus::Failed
        || (at.status == ActionStatus::InProgress && at.planned_failure.is_some());
    let (failed_res, reason) = profile.failure.clone().unwrap_or_else(|| {
        (
            resources.last().map(|r| r.0.clone()).unwrap_or_default(),
            op.message.clone().unwrap_or_default(),
        )
    });
    let stack_type = "AWS::CloudFormation::Stack".to_string();
    let s = |status: &'static str, reason: Option<&str>| {
        (
            stack.to_string(),
            stack_type.clone(),
            status,
            reason.map(str::to_string),
        )
    };
    let mut list: Vec<(String, String, &'static str, Option<String>)> = Vec::new();
    let r = |i: usize, status: &'static str, reason: Option<&str>| {
        (
            resources[i].0.clone(),
            resources[i].1.clone(),
            status,
            reason.map(str::to_string),
        )
    };
    let k = resources
        .iter()
        .position(|x| x.0 == failed_res)
        .unwrap_or(resources.len().saturating_sub(1));
    if op.create {
        list.push(s("CREATE_IN_PROGRESS", Some("User Initiated")));
        let upto = if failing { k } else { resources.len() };
        for i in 0..upto {
            list.push(r(i, "CREATE_IN_PROGRESS", None));
            list.push(r(
                i,
                "CREATE_IN_PROGRESS",
                Some("Resource creation Initiated"),
            ));
            list.push(r(i, "CREATE_COMPLETE", None));
        }
        if failing && !resources.is_empty() {
            list.push(r(k, "CREATE_IN_PROGRESS", None));
            list.push(r(k, "CREATE_FAILED", Some(&reason)));
            list.push(s(
                "ROLLBACK_IN_PROGRESS",
                Some(&format!("The following resource(s) failed to create: [{failed_res}]. Rollback requested by user.")),
            ));
            list.push(r(k, "DELETE_COMPLETE", None));
            for i in (0..k).rev() {
                list.push(r(i, "DELETE_IN_PROGRESS", None));
                list.push(r(i, "DELETE_COMPLETE", None));
            }
            list.push(s("ROLLBACK_COMPLETE", None));
        } else {
            list.push(s("CREATE_COMPLETE", None));
        }
    } else {
        list.push(s("UPDATE_IN_PROGRESS", Some("User Initiated")));
        if failing && !resources.is_empty() {
            list.push(r(k, "UPDATE_IN_PROGRESS", None));
            list.push(r(k, "UPDATE_FAILED", Some(&reason)));
            list.push(s(
                "UPDATE_ROLLBACK_IN_PROGRESS",
                Some(&format!(
                    "The following resource(s) failed to update: [{failed_res}]. "
                )),
            ));
            list.push(r(k, "UPDATE_IN_PROGRESS", None));
            list.push(r(k, "UPDATE_COMPLETE", None));
            list.push(s("UPDATE_ROLLBACK_COMPLETE", None));
        } else {
            for (i, res) in resources.iter().enumerate() {
                if res.1 != "AWS::IAM::Role" {
                    list.push(r(i, "UPDATE_IN_PROGRESS", None));
                    list.push(r(i, "UPDATE_COMPLETE", None));
                }
            }
            list.push(s("UPDATE_COMPLETE", None));
        }
    }
    let end = at.finish_at.unwrap_or(at.last_update).max(at.start + 0.001);
    let step = (end - at.start) / list.len() as f64;
    let stopped = (at.status == ActionStatus::Abandoned).then_some(at.last_update);
    list.into_iter()
        .enumerate()
        .map(|(i, (l, t, status, reason))| (l, t, status, reason, at.start + step * i as f64))
        .filter(|e| stopped.is_none_or(|s| e.4 <= s))
        .collect()
}

fn not_found(name: &str) -> (&'static str, String) {
    (
        "ValidationError",
        format!("Stack with id {name} does not exist"),
    )
}

/// The stack's name from a name or stack id.
fn stack_name(name_or_id: &str) -> &str {
    pipewright_core::arn::Arn::parse(name_or_id)
        .and_then(|arn| arn.resource.strip_prefix("stack/"))
        .and_then(|rest| rest.split('/').next())
        .unwrap_or(name_or_id)
}

type QueryResult = Result<Value, (&'static str, String)>;

fn describe_stack_events(
    st: &Store,
    name: Option<&str>,
    token: Option<&str>,
    now: f64,
) -> QueryResult {
    let given = name.ok_or(("ValidationError", "StackName is required.".to_string()))?;
    let stack = stack_name(given);
    let ops = operations(st, stack);
    if ops.iter().all(|o| o.attempt.start > now) {
        return Err(not_found(given));
    }
    let region = st.config.region.clone();
    let stack_id = runs::stack_id(stack, &region);
    let mut all: Vec<Value> = Vec::new();
    for (n, op) in ops.iter().enumerate() {
        for (logical, kind, status, reason, t) in events(st, stack, op) {
            if t > now {
                continue;
            }
            let is_stack = kind == "AWS::CloudFormation::Stack";
            let physical = if is_stack {
                stack_id.clone()
            } else if status.starts_with("CREATE_IN_PROGRESS") && reason.is_none() {
                String::new()
            } else {
                format!(
                    "{stack}-{logical}-{}",
                    hex_id(&format!("{stack}/{logical}"), 12).to_uppercase()
                )
            };
            let mut e = Map::new();
            e.insert("StackId".into(), json!(stack_id));
            e.insert(
                "EventId".into(),
                json!(if is_stack {
                    crate::world::uuid_from(&format!("{stack}/{n}/{status}"))
                } else {
                    format!("{logical}-{status}-{}", crate::clock::iso8601(t))
                }),
            );
            e.insert("StackName".into(), json!(stack));
            e.insert("LogicalResourceId".into(), json!(logical));
            e.insert("PhysicalResourceId".into(), json!(physical));
            e.insert("ResourceType".into(), json!(kind));
            e.insert("Timestamp".into(), json!(crate::clock::iso8601(t)));
            e.insert("ResourceStatus".into(), json!(status));
            if let Some(r) = reason {
                e.insert("ResourceStatusReason".into(), json!(r));
            }
            all.push(Value::Object(e));
        }
    }
    all.reverse();
    let start = match token {
        None => 0,
        Some(t) => t
            .strip_prefix("sandbox-events-")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or(("ValidationError", "Invalid NextToken.".to_string()))?,
    };
    let end = start.saturating_add(100).min(all.len());
    let mut out = json!({ "StackEvents": all.get(start..end).unwrap_or_default() });
    if end < all.len() {
        out["NextToken"] = json!(format!("sandbox-events-{end}"));
    }
    Ok(out)
}

fn describe_stacks(st: &Store, name: Option<&str>, now: f64) -> QueryResult {
    let mut names: Vec<String> = Vec::new();
    for ex in st.executions.values() {
        for stage in &ex.stages {
            for a in &stage.actions {
                if a.category() == "Deploy"
                    && a.provider() == "CloudFormation"
                    && !a.attempts.is_empty()
                {
                    if let Some(s) = a.config("StackName") {
                        if !names.iter().any(|n| n == s) {
                            names.push(s.to_string());
                        }
                    }
                }
            }
        }
    }
    names.sort();
    if let Some(given) = name {
        let stack = stack_name(given).to_string();
        if !names.contains(&stack) {
            return Err(not_found(given));
        }
        names = vec![stack];
    }
    let region = st.config.region.clone();
    let mut stacks = Vec::new();
    for stack in names {
        let ops = operations(st, &stack);
        let mut latest: Option<(&'static str, Option<String>, f64)> = None;
        let mut created = None;
        for op in &ops {
            let evs = events(st, &stack, op);
            if op.create {
                if let Some(first) = evs.first().filter(|e| e.4 <= now) {
                    created = Some(first.4);
                }
            }
            for e in evs
                .into_iter()
                .filter(|e| e.4 <= now && e.1 == "AWS::CloudFormation::Stack")
            {
                latest = Some((e.2, e.3, e.4));
            }
        }
        let Some((status, reason, updated)) = latest else {
            continue;
        };
        let created = created.unwrap_or(updated);
        let mut s = json!({
            "StackId": runs::stack_id(&stack, &region),
            "StackName": stack,
            "CreationTime": crate::clock::iso8601(created),
            "StackStatus": status,
            "DisableRollback": false,
            "NotificationARNs": [],
            "Capabilities": ["CAPABILITY_IAM"],
            "Tags": [],
            "EnableTerminationProtection": false,
            "DriftInformation": { "StackDriftStatus": "NOT_CHECKED" },
        });
        if updated > created {
            s["LastUpdatedTime"] = json!(crate::clock::iso8601(updated));
        }
        if let Some(r) = reason.filter(|r| r != "User Initiated") {
            s["StackStatusReason"] = json!(r);
        }
        stacks.push(s);
    }
    Ok(json!({ "Stacks": stacks }))
}
