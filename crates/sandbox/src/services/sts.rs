//! STS (AWS query protocol: a form body with `Action=`, XML answers): `GetCallerIdentity` and
//! `AssumeRole`. `AssumeRole` gives credentials of the role's account for a role registered
//! with the sandbox whose trust names the caller's account; any other role is `AccessDenied`,
//! as AWS answers for a role that does not exist or does not trust the caller.

use pipewright_core::arn::Arn;
use pipewright_core::xml::escape;

use super::Call;
use crate::accounts::arn_account;
use crate::store::Store;

const NS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// The actions this module answers.
pub fn serves(action: &str) -> bool {
    matches!(action, "GetCallerIdentity" | "AssumeRole")
}

/// Answer one query request: (HTTP status, XML). `params` are the decoded form fields.
pub fn handle(st: &mut Store, params: &[(String, String)], call: &Call) -> (u16, String) {
    let param = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let action = param("Action").unwrap_or("");
    let caller_account = arn_account(call.caller)
        .unwrap_or(crate::ACCOUNT_ID)
        .to_string();
    let result = match action {
        "GetCallerIdentity" => Ok(format!(
            "<Arn>{}</Arn><UserId>{}</UserId><Account>{caller_account}</Account>",
            call.caller,
            call.caller.rsplit('/').next().unwrap_or("")
        )),
        "AssumeRole" => assume_role(
            st,
            &caller_account,
            call,
            param("RoleArn").unwrap_or(""),
            param("RoleSessionName").unwrap_or("session"),
            param("DurationSeconds").and_then(|d| d.parse::<u64>().ok()),
        ),
        other => Err((
            400,
            "InvalidAction",
            format!("The sandbox does not implement the STS action {other}."),
        )),
    };
    let request_id = uuid::Uuid::new_v4().to_string();
    match result {
        Ok(fields) => (
            200,
            format!("<{action}Response xmlns=\"{NS}\"><{action}Result>{fields}</{action}Result><ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata></{action}Response>"),
        ),
        Err((status, code, message)) => (
            status,
            format!("<ErrorResponse xmlns=\"{NS}\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>", escape(&message)),
        ),
    }
}

type Failure = (u16, &'static str, String);

fn assume_role(
    st: &mut Store,
    caller_account: &str,
    call: &Call,
    role_arn: &str,
    session: &str,
    duration: Option<u64>,
) -> Result<String, Failure> {
    let denied = || {
        (
            403,
            "AccessDenied",
            format!(
                "User: {} is not authorized to perform: sts:AssumeRole on resource: {role_arn}",
                call.caller
            ),
        )
    };
    let (account, name) = Arn::parse_of(role_arn, "iam")
        .filter(|a| !a.account.is_empty())
        .and_then(|a| Some((a.account, a.resource.strip_prefix("role/")?)))
        .ok_or_else(|| {
            (
                400,
                "ValidationError",
                format!("{role_arn} is not a role ARN (arn:aws:iam::<account>:role/<name>)."),
            )
        })?;
    if !st.accounts.may_assume(caller_account, account, name) {
        return Err(denied());
    }
    let seed = format!("{role_arn}|{session}|{}", uuid::Uuid::new_v4());
    let key = format!(
        "ASIA{}",
        crate::world::hex_id(&seed, 16).to_ascii_uppercase()
    );
    st.accounts.register_key(&key, account);
    let seconds = duration.unwrap_or(3600).clamp(900, 43_200);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    let expiration = crate::clock::iso8601(now + seconds as f64);
    Ok(format!(
        "<Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>{}</SecretAccessKey><SessionToken>{}</SessionToken><Expiration>{expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA{}:{session}</AssumedRoleId><Arn>arn:aws:sts::{account}:assumed-role/{name}/{session}</Arn></AssumedRoleUser>",
        crate::world::hex_id(&format!("{seed}|secret"), 40),
        crate::world::hex_id(&format!("{seed}|token"), 64),
        crate::world::hex_id(role_arn, 16).to_ascii_uppercase(),
    ))
}
