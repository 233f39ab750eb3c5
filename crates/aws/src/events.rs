//! Watching by events: CodePipeline publishes every pipeline, stage and action state change to
//! EventBridge; a rule per reader sends them to that reader's SQS queue, which the reader
//! long-polls (`WaitTimeSeconds=20`).
//!
//! One queue per reader, because SQS gives each message to one consumer: two colleagues, or the
//! app and `pipewright watch` on one desktop, each have their own rule and queue (named
//! `pipewright-watch-<reader>`), so each sees every event. A reader tags its queue with when it was
//! last seen ([`heartbeat`]); [`prune`] removes the rule and queue of readers gone for longer
//! than a limit (a week by default), and [`setup`] runs it, so queues of desktops that went away
//! do not pile up. Events may come from another account's bus forwarded to this one (the
//! organisation layout, exported by `pipewright_core::export::events`): the rule matches them the
//! same way.
//!
//! [`setup`], [`status`], [`teardown`] and [`prune`] manage the resources; [`receive`] reads one
//! batch of events and deletes them from the queue; [`parse_event`] is the pure reading of one.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_config::timeout::TimeoutConfig;
use aws_sdk_eventbridge::types::{RuleState, Target};
use aws_sdk_sqs::types::{DeleteMessageBatchRequestEntry, QueueAttributeName};
use pipewright_core::arn::{partition_of, Arn};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::config::Aws;
use crate::error::AwsError;
use crate::sync::around::rules;

/// The prefix of every rule and queue a reader owns.
pub const PREFIX: &str = "pipewright-watch-";

/// The detail types of CodePipeline's state-change events.
pub const DETAIL_TYPES: [&str; 3] = [
    "CodePipeline Pipeline Execution State Change",
    "CodePipeline Stage Execution State Change",
    "CodePipeline Action Execution State Change",
];

/// The tag that says when a reader last read its queue (seconds since the epoch).
pub const LAST_SEEN_TAG: &str = "pipewright:last-seen";

/// How long a reader may stay away before [`prune`] removes its queue (by default).
pub const STALE_AFTER: Duration = Duration::from_secs(7 * 86_400);

/// The long poll of one [`receive`] (SQS's maximum).
pub const WAIT_SECONDS: i32 = 20;

/// The EventBridge pattern of CodePipeline's state-change events.
pub fn event_pattern() -> Value {
    json!({ "source": ["aws.codepipeline"], "detail-type": DETAIL_TYPES })
}

/// A reader's name from a free label (host, user and which program): letters, digits, `-` and
/// `_` only, at most 40 characters, so that the rule (64) and queue (80) names fit.
pub fn reader_name(label: &str) -> String {
    let mut name: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    name.truncate(40);
    let name = name.trim_matches('-').to_string();
    if name.is_empty() {
        "reader".into()
    } else {
        name
    }
}

/// What a reader owns, as set up.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reader {
    pub name: String,
    /// The rule's name (the same as the queue's).
    pub rule: String,
    pub queue_url: String,
    pub queue_arn: String,
}

/// One reader found in the account, for `pipewright events status`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReaderStatus {
    pub name: String,
    pub rule_exists: bool,
    pub queue_url: Option<String>,
    /// Seconds since the epoch, from the queue's tag.
    pub last_seen: Option<u64>,
    /// Messages waiting (approximate, as SQS says).
    pub waiting: Option<u64>,
    /// Gone for longer than [`STALE_AFTER`]: [`prune`] would remove it.
    pub stale: bool,
    /// The accounts whose events this reader saw (the organisation layout), from its queue's
    /// tags ([`note_accounts`]).
    #[serde(default)]
    pub accounts: Vec<AccountSeen>,
}

/// An account whose events a reader saw.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountSeen {
    pub account: String,
    /// Seconds since the epoch.
    pub last_seen: u64,
    /// Whether its read-only role can be assumed, when checked (`pipewright events status`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<crate::members::RoleCheck>,
}

/// The tag prefix of an account a reader saw events of (`pipewright:account:<id>` = seconds
/// since the epoch).
pub const ACCOUNT_TAG: &str = "pipewright:account:";

/// At most this many accounts are noted on a queue (SQS allows 50 tags per queue).
pub const MAX_ACCOUNTS: usize = 40;

/// Notes on the reader's queue that events of these accounts were read at `now` (what
/// `pipewright events status` lists); accounts beyond [`MAX_ACCOUNTS`] are left out.
pub async fn note_accounts(
    aws: &Aws,
    reader: &Reader,
    accounts: &[String],
    now: SystemTime,
) -> Result<(), AwsError> {
    if accounts.is_empty() {
        return Ok(());
    }
    let mut tag = aws.sqs().tag_queue().queue_url(&reader.queue_url);
    for account in accounts.iter().take(MAX_ACCOUNTS) {
        tag = tag.tags(format!("{ACCOUNT_TAG}{account}"), epoch(now).to_string());
    }
    tag.send()
        .await
        .map_err(|e| AwsError::from_sdk("TagQueue", e, |_| None))?;
    Ok(())
}

/// A CodePipeline state change, as far as the watcher needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineEvent {
    pub pipeline: String,
    pub detail_type: String,
    pub execution_id: Option<String>,
    pub state: Option<String>,
    pub stage: Option<String>,
    pub action: Option<String>,
    /// The account and region of the pipeline (another account's, when forwarded): from its
    /// ARN in the event's `resources`, else the event's own `account` and `region`.
    pub account: Option<String>,
    pub region: Option<String>,
    /// The pipeline's ARN (`arn:aws:codepipeline:<region>:<account>:<name>`), when the event
    /// names it.
    #[serde(default)]
    pub arn: Option<String>,
    /// An action event's category (`Approval`, `Build`, ...).
    #[serde(default)]
    pub category: Option<String>,
}

impl PipelineEvent {
    /// The pipeline's ARN: the one the event names, else made from its account and region.
    pub fn pipeline_arn(&self) -> Option<String> {
        self.arn.clone().or_else(|| {
            Some(format!(
                "arn:{}:codepipeline:{}:{}:{}",
                partition_of(self.region.as_deref().unwrap_or_default()),
                self.region.as_deref()?,
                self.account.as_deref()?,
                self.pipeline
            ))
        })
    }
}

/// A CodePipeline pipeline's ARN naming its account, taken apart.
fn codepipeline_arn(arn: &str) -> Option<Arn<'_>> {
    Arn::parse_of(arn, "codepipeline").filter(|a| !a.account.is_empty())
}

/// Reads one EventBridge event (the JSON body SQS delivers); `None` for anything that is not a
/// CodePipeline state change naming its pipeline.
pub fn parse_event(body: &str) -> Option<PipelineEvent> {
    let v: Value = serde_json::from_str(body).ok()?;
    let detail_type = v.get("detail-type")?.as_str()?;
    if !DETAIL_TYPES.contains(&detail_type) {
        return None;
    }
    let detail = v.get("detail")?;
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let pipeline = text(detail, "pipeline")?;
    // The pipeline's ARN says whose it is, also where a forward lost the envelope's account.
    let arn = v
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|r| codepipeline_arn(r).is_some_and(|a| a.resource == pipeline))
        .map(str::to_string);
    let parts = arn.as_deref().and_then(codepipeline_arn);
    Some(PipelineEvent {
        detail_type: detail_type.to_string(),
        execution_id: text(detail, "execution-id"),
        state: text(detail, "state"),
        stage: text(detail, "stage"),
        action: text(detail, "action"),
        account: parts
            .map(|a| a.account.to_string())
            .or_else(|| text(&v, "account")),
        region: parts
            .map(|a| a.region.to_string())
            .or_else(|| text(&v, "region")),
        category: detail.get("type").and_then(|t| text(t, "category")),
        arn,
        pipeline,
    })
}

fn resource_name(reader: &str) -> String {
    format!("{PREFIX}{}", reader_name(reader))
}

fn epoch(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn input(field: &'static str, e: impl std::fmt::Display) -> AwsError {
    AwsError::InvalidInput {
        field,
        message: e.to_string(),
    }
}

/// Creates (or fixes) the reader's queue and rule, then removes the readers gone for longer
/// than [`STALE_AFTER`]. Idempotent: running it again changes nothing that is right. `bus` is
/// the event bus to read (`None`: the account's default bus).
pub async fn setup(aws: &Aws, reader: &str, bus: Option<&str>) -> Result<Reader, AwsError> {
    let name = resource_name(reader);
    let sqs = aws.sqs();
    let queue_url = sqs
        .create_queue()
        .queue_name(&name)
        .attributes(QueueAttributeName::MessageRetentionPeriod, "86400")
        .attributes(QueueAttributeName::ReceiveMessageWaitTimeSeconds, "20")
        .tags(LAST_SEEN_TAG, epoch(SystemTime::now()).to_string())
        .tags("pipewright:reader", reader_name(reader))
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("CreateQueue", e, |_| None))?
        .queue_url()
        .map(str::to_string)
        .ok_or_else(|| AwsError::BadResponse("CreateQueue answered without a queue URL".into()))?;
    let queue_arn = queue_arn(aws, &queue_url).await?;
    let events = aws.eventbridge();
    let rule_arn = events
        .put_rule()
        .name(&name)
        .set_event_bus_name(bus.map(str::to_string))
        .event_pattern(event_pattern().to_string())
        .state(RuleState::Enabled)
        .description("CodePipeline state changes for one Pipewright reader (pipewright events)")
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("PutRule", e, |_| None))?
        .rule_arn()
        .map(str::to_string)
        .unwrap_or_default();
    // Only this rule may send to the queue.
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "events",
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": queue_arn,
            "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}}
        }]
    });
    sqs.set_queue_attributes()
        .queue_url(&queue_url)
        .attributes(QueueAttributeName::Policy, policy.to_string())
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("SetQueueAttributes", e, |_| None))?;
    let target = Target::builder()
        .id("queue")
        .arn(&queue_arn)
        .build()
        .map_err(|e| input("rule target", e))?;
    let out = events
        .put_targets()
        .rule(&name)
        .set_event_bus_name(bus.map(str::to_string))
        .targets(target)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("PutTargets", e, |_| None))?;
    if let Some(failed) = out.failed_entries().first() {
        return Err(AwsError::Service {
            operation: "PutTargets",
            code: failed.error_code().unwrap_or("FailedEntry").to_string(),
            message: failed
                .error_message()
                .unwrap_or("the queue was not added to the rule")
                .to_string(),
        });
    }
    let reader = Reader {
        name: reader_name(reader),
        rule: name,
        queue_url,
        queue_arn,
    };
    prune(aws, STALE_AFTER, SystemTime::now(), bus).await?;
    Ok(reader)
}

async fn queue_arn(aws: &Aws, queue_url: &str) -> Result<String, AwsError> {
    aws.sqs()
        .get_queue_attributes()
        .queue_url(queue_url)
        .attribute_names(QueueAttributeName::QueueArn)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("GetQueueAttributes", e, |_| None))?
        .attributes()
        .and_then(|a| a.get(&QueueAttributeName::QueueArn).cloned())
        .ok_or_else(|| AwsError::BadResponse("GetQueueAttributes gave no QueueArn".into()))
}

/// The reader's queue and rule if both exist (what `pipewright watch --events` reads), `None`
/// when it was never set up or was torn down.
pub async fn find(aws: &Aws, reader: &str, bus: Option<&str>) -> Result<Option<Reader>, AwsError> {
    let name = resource_name(reader);
    let url = match aws.sqs().get_queue_url().queue_name(&name).send().await {
        Ok(out) => out.queue_url().map(str::to_string),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_queue_does_not_exist()) =>
        {
            return Ok(None)
        }
        Err(e) => return Err(AwsError::from_sdk("GetQueueUrl", e, |_| None)),
    };
    let Some(queue_url) = url else {
        return Ok(None);
    };
    if !rule_exists(aws, &name, bus).await? {
        return Ok(None);
    }
    let queue_arn = queue_arn(aws, &queue_url).await?;
    Ok(Some(Reader {
        name: reader_name(reader),
        rule: name,
        queue_url,
        queue_arn,
    }))
}

async fn rule_exists(aws: &Aws, name: &str, bus: Option<&str>) -> Result<bool, AwsError> {
    Ok(rules::read(&aws.eventbridge(), name, bus).await?.is_some())
}

/// Says the reader is here (tags its queue with now); `setup` elsewhere prunes readers that
/// stopped doing this.
pub async fn heartbeat(aws: &Aws, reader: &Reader, now: SystemTime) -> Result<(), AwsError> {
    aws.sqs()
        .tag_queue()
        .queue_url(&reader.queue_url)
        .tags(LAST_SEEN_TAG, epoch(now).to_string())
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("TagQueue", e, |_| None))?;
    Ok(())
}

/// One long poll of the reader's queue: the CodePipeline events that arrived (in the order SQS
/// gave them), each deleted from the queue once read. Messages that are not CodePipeline events
/// are deleted too.
pub async fn receive(
    aws: &Aws,
    reader: &Reader,
    wait: i32,
) -> Result<Vec<PipelineEvent>, AwsError> {
    let sqs = aws.sqs();
    let wait = wait.clamp(0, WAIT_SECONDS);
    // The long poll outlasts the port's read and attempt timeouts (20 s): this call waits longer.
    let limit = Duration::from_secs(wait as u64 + 10);
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        .read_timeout(limit)
        .operation_attempt_timeout(limit)
        .operation_timeout(limit + limit)
        .build();
    let out = sqs
        .receive_message()
        .queue_url(&reader.queue_url)
        .max_number_of_messages(10)
        .wait_time_seconds(wait)
        .customize()
        .config_override(aws_sdk_sqs::config::Builder::default().timeout_config(timeouts))
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ReceiveMessage", e, |_| None))?;
    let mut events = Vec::new();
    let mut done = Vec::new();
    for (i, m) in out.messages().iter().enumerate() {
        if let Some(e) = m.body().and_then(parse_event) {
            events.push(e);
        }
        if let Some(handle) = m.receipt_handle() {
            done.push(
                DeleteMessageBatchRequestEntry::builder()
                    .id(i.to_string())
                    .receipt_handle(handle)
                    .build()
                    .map_err(|e| input("message", e))?,
            );
        }
    }
    if !done.is_empty() {
        sqs.delete_message_batch()
            .queue_url(&reader.queue_url)
            .set_entries(Some(done))
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("DeleteMessageBatch", e, |_| None))?;
    }
    Ok(events)
}

/// Every reader in the account: the rules and queues named with [`PREFIX`].
pub async fn status(
    aws: &Aws,
    now: SystemTime,
    bus: Option<&str>,
) -> Result<Vec<ReaderStatus>, AwsError> {
    let mut found: BTreeMap<String, ReaderStatus> = BTreeMap::new();
    let blank = |name: &str| ReaderStatus {
        name: name.to_string(),
        rule_exists: false,
        queue_url: None,
        last_seen: None,
        waiting: None,
        stale: false,
        accounts: Vec::new(),
    };
    let events = aws.eventbridge();
    let mut token = None;
    loop {
        let page = events
            .list_rules()
            .name_prefix(PREFIX)
            .set_event_bus_name(bus.map(str::to_string))
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("ListRules", e, |_| None))?;
        for r in page.rules() {
            if let Some(reader) = r.name().and_then(|n| n.strip_prefix(PREFIX)) {
                found
                    .entry(reader.to_string())
                    .or_insert_with(|| blank(reader))
                    .rule_exists = true;
            }
        }
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    let sqs = aws.sqs();
    let mut urls = Vec::new();
    let mut pages = sqs
        .list_queues()
        .queue_name_prefix(PREFIX)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| AwsError::from_sdk("ListQueues", e, |_| None))?;
        urls.extend(page.queue_urls().iter().cloned());
    }
    for url in urls {
        let Some(reader) = url
            .rsplit('/')
            .next()
            .and_then(|n| n.strip_prefix(PREFIX))
            .map(str::to_string)
        else {
            continue;
        };
        let tags = sqs
            .list_queue_tags()
            .queue_url(&url)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("ListQueueTags", e, |_| None))?;
        let last_seen = tags
            .tags()
            .and_then(|t| t.get(LAST_SEEN_TAG))
            .and_then(|v| v.parse::<u64>().ok());
        let waiting = sqs
            .get_queue_attributes()
            .queue_url(&url)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
            .send()
            .await
            .ok()
            .and_then(|a| {
                a.attributes()
                    .and_then(|a| a.get(&QueueAttributeName::ApproximateNumberOfMessages))
                    .and_then(|v| v.parse().ok())
            });
        let accounts = tags
            .tags()
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| {
                let account = k.strip_prefix(ACCOUNT_TAG)?.to_string();
                let seen = AccountSeen {
                    account: account.clone(),
                    last_seen: v.parse().ok()?,
                    role: None,
                };
                Some((account, seen))
            })
            .collect::<BTreeMap<String, AccountSeen>>();
        let entry = found
            .entry(reader.clone())
            .or_insert_with(|| blank(&reader));
        entry.accounts = accounts.into_values().collect();
        entry.queue_url = Some(url);
        entry.last_seen = last_seen;
        entry.waiting = waiting;
    }
    let limit = epoch(now).saturating_sub(STALE_AFTER.as_secs());
    for r in found.values_mut() {
        r.stale = is_gone(r, limit);
    }
    Ok(found.into_values().collect())
}

/// Removes the reader's rule (its targets first) and queue. What is gone already is no error.
pub async fn teardown(aws: &Aws, reader: &str, bus: Option<&str>) -> Result<(), AwsError> {
    let name = resource_name(reader);
    rules::delete(&aws.eventbridge(), &name, bus).await?;
    if let Some(url) = aws
        .sqs()
        .get_queue_url()
        .queue_name(&name)
        .send()
        .await
        .ok()
        .and_then(|o| o.queue_url().map(str::to_string))
    {
        aws.sqs()
            .delete_queue()
            .queue_url(url)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("DeleteQueue", e, |_| None))?;
    }
    Ok(())
}

/// Tears down every reader gone for longer than `older_than`; the names removed.
pub async fn prune(
    aws: &Aws,
    older_than: Duration,
    now: SystemTime,
    bus: Option<&str>,
) -> Result<Vec<String>, AwsError> {
    let mut removed = Vec::new();
    let limit = epoch(now).saturating_sub(older_than.as_secs());
    for r in status(aws, now, bus).await? {
        if is_gone(&r, limit) {
            teardown(aws, &r.name, bus).await?;
            removed.push(r.name);
        }
    }
    Ok(removed)
}

/// Last seen before `limit` (seconds since the epoch), or a rule left without its queue. A
/// queue without the tag is someone's half setup and left alone.
fn is_gone(r: &ReaderStatus, limit: u64) -> bool {
    r.last_seen.is_some_and(|seen| seen < limit) || (r.rule_exists && r.queue_url.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_names_fit_the_rule_and_queue_limits() {
        assert_eq!(reader_name("ada@laptop.local app"), "ada-laptop-local-app");
        assert_eq!(reader_name("///"), "reader");
        let long = reader_name(&"x".repeat(200));
        assert_eq!(long.len(), 40);
        assert!(resource_name(&long).len() <= 64);
    }

    #[test]
    fn reads_codepipeline_state_changes_only() {
        let body = json!({
            "version": "0", "id": "1", "detail-type": "CodePipeline Action Execution State Change",
            "source": "aws.codepipeline", "account": "123456789012", "region": "eu-west-1",
            "detail": {"pipeline": "web", "execution-id": "e-1", "stage": "Build",
                       "action": "Compile", "state": "FAILED"}
        })
        .to_string();
        let e = parse_event(&body).expect("an event");
        assert_eq!(e.pipeline, "web");
        assert_eq!(e.state.as_deref(), Some("FAILED"));
        assert_eq!(e.account.as_deref(), Some("123456789012"));
        assert_eq!(
            e.pipeline_arn().as_deref(),
            Some("arn:aws:codepipeline:eu-west-1:123456789012:web")
        );
        // Forwarded from a member account: the pipeline's ARN names it.
        let forwarded = json!({
            "detail-type": "CodePipeline Action Execution State Change",
            "account": "111122223333", "region": "eu-west-1",
            "resources": ["arn:aws:codepipeline:us-east-1:222222222222:web"],
            "detail": {"pipeline": "web", "state": "STARTED",
                       "type": {"owner": "AWS", "provider": "Manual", "category": "Approval"}}
        })
        .to_string();
        let e = parse_event(&forwarded).expect("an event");
        assert_eq!(e.account.as_deref(), Some("222222222222"));
        assert_eq!(e.region.as_deref(), Some("us-east-1"));
        assert_eq!(e.category.as_deref(), Some("Approval"));
        assert_eq!(
            parse_event(
                r#"{"detail-type":"EC2 Instance State-change Notification","detail":{"pipeline":"x"}}"#
            ),
            None
        );
        assert_eq!(parse_event("not json"), None);
        assert_eq!(
            parse_event(
                r#"{"detail-type":"CodePipeline Stage Execution State Change","detail":{}}"#
            ),
            None
        );
    }
}
