//! SQS on moto through its query API (test setup only): a queue to add as a second target of a
//! rule, and what arrived in it.

use super::moto::{Moto, ACCOUNT, REGION};

fn call(moto: &Moto, form: &str) -> String {
    let auth = format!(
        "AWS4-HMAC-SHA256 Credential=testing/20240101/{REGION}/sqs/aws4_request, SignedHeaders=host, Signature=0"
    );
    let (status, body) = moto
        .http(
            "POST",
            "/",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Authorization", &auth),
            ],
            form,
        )
        .expect("moto answers SQS");
    assert_eq!(status, 200, "SQS {form}: {body}");
    body
}

/// Create a queue; returns its URL and ARN.
pub fn create_queue(moto: &Moto, name: &str) -> (String, String) {
    let body = call(
        moto,
        &format!("Action=CreateQueue&Version=2012-11-05&QueueName={name}"),
    );
    let url = between(&body, "<QueueUrl>", "</QueueUrl>").expect("a queue URL");
    (url, format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"))
}

/// The bodies of the messages waiting in a queue (received, not deleted).
pub fn receive(moto: &Moto, url: &str) -> Vec<String> {
    let body = call(
        moto,
        &format!(
            "Action=ReceiveMessage&Version=2012-11-05&QueueUrl={}&MaxNumberOfMessages=10&WaitTimeSeconds=0",
            url.replace(':', "%3A").replace('/', "%2F")
        ),
    );
    let mut out = Vec::new();
    let mut rest = body.as_str();
    while let Some(i) = rest.find("<Body>") {
        let after = &rest[i + 6..];
        let end = after.find("</Body>").unwrap_or(after.len());
        out.push(unescape(&after[..end]));
        rest = &after[end..];
    }
    out
}

fn between(s: &str, open: &str, close: &str) -> Option<String> {
    let start = s.find(open)? + open.len();
    let end = s[start..].find(close)? + start;
    Some(s[start..end].to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
