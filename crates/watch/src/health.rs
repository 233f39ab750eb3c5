//! Whether a connection is being watched at all: the watcher's own health, per connection.
//!
//! A watcher whose calls fail is not watching, whatever its last counts say. [`HealthTracker`]
//! (pure: the watcher feeds it each call's outcome and the time) decides when a connection
//! stopped being watched and when watching resumed:
//!
//! - credentials that expired or are refused (an SSO session, an MFA session, a session token)
//!   stop the whole connection at the first call that says so: no pipeline can be read;
//! - access denied, an endpoint that does not answer, or any other failure stops it when the
//!   listing fails with it, or when every followed pipeline's latest poll failed;
//! - throttling stops it after [`PollPolicy::throttled_for`](crate::PollPolicy) without a break;
//! - any call that started after the failure and succeeds resumes it.
//!
//! Each stop and each resume is one [`ConnectionHealth`] change, and one alert
//! ([`AlertKind::WatchStopped`] / [`AlertKind::SignInNeeded`], then [`AlertKind::WatchResumed`])
//! that says which connection, why and what to do.

use std::collections::BTreeMap;
use std::time::Duration;

use pipewright_aws::AwsError;
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use crate::decide::{Alert, AlertKind};

/// How a connection gets its credentials: says what to do when they expire.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SignIn {
    /// An IAM Identity Center (SSO) session: "Sign in again" starts a new one.
    Sso,
    /// Long-term keys with an MFA device: "Sign in again" asks for a new code.
    Mfa,
    /// Anything else (keys, a profile, the environment, the sandbox).
    #[default]
    Other,
}

/// Why a connection is not watched.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StopReason {
    SsoExpired,
    MfaExpired,
    CredentialsExpired,
    CredentialsRefused,
    AccessDenied,
    Unreachable,
    Throttled,
    /// AWS refuses the signed calls for this computer's clock (off by more than 5 minutes).
    ClockSkew,
    Failing,
}

impl StopReason {
    /// A sign-in fixes it.
    pub fn needs_sign_in(self) -> bool {
        matches!(self, StopReason::SsoExpired | StopReason::MfaExpired)
    }
}

/// Whether a connection is watched, and if not, why and what to do.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionHealth {
    pub connection: String,
    pub watching: bool,
    pub reason: Option<StopReason>,
    /// What happened, a sentence without its final period ("the SSO session of prod has expired").
    pub message: Option<String>,
    /// What to do, a sentence without its final period.
    pub remedy: Option<String>,
    /// "Sign in again" fixes it (an expired SSO or MFA session).
    pub sign_in: bool,
    /// Not watched since (milliseconds since the Unix epoch).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub since_ms: Option<u64>,
}

impl ConnectionHealth {
    /// A connection being watched.
    pub fn watching(connection: &str) -> Self {
        ConnectionHealth {
            connection: connection.to_string(),
            watching: true,
            reason: None,
            message: None,
            remedy: None,
            sign_in: false,
            since_ms: None,
        }
    }

    fn stopped(connection: &str, reason: StopReason, detail: &str, sign_in: SignIn) -> Self {
        let (message, remedy) = explain(connection, reason, detail, sign_in);
        ConnectionHealth {
            connection: connection.to_string(),
            watching: false,
            reason: Some(reason),
            message: Some(message),
            remedy: Some(remedy),
            sign_in: reason.needs_sign_in(),
            since_ms: None,
        }
    }

    /// One line for a terminal: `NOT-WATCHING prod: ...; ...` or `WATCHING prod`.
    pub fn line(&self) -> String {
        match (&self.message, &self.remedy) {
            (Some(m), Some(r)) if !self.watching => {
                format!("NOT-WATCHING {}: {m}; {r}", self.connection)
            }
            _ => format!("WATCHING {}", self.connection),
        }
    }

    /// The alert of the change from `before` to `self`: a stop, a resume after a stop, or none.
    pub fn alert(&self, before: &ConnectionHealth) -> Option<Alert> {
        let kind = match (before.watching, self.watching) {
            (true, false) if self.sign_in => AlertKind::SignInNeeded,
            (true, false) => AlertKind::WatchStopped,
            (false, true) => AlertKind::WatchResumed,
            _ => return None,
        };
        let since = if self.watching {
            before.since_ms
        } else {
            self.since_ms
        };
        let detail = match kind {
            AlertKind::WatchResumed => format!(
                "Pipewright watches {} again: its pipelines can be read",
                self.connection
            ),
            _ => format!(
                "{}. {}.",
                capitalise(self.message.as_deref().unwrap_or_default()),
                capitalise(self.remedy.as_deref().unwrap_or_default())
            ),
        };
        Some(Alert {
            key: format!(
                "{}|watch|{}|{}",
                self.connection,
                since.unwrap_or_default(),
                if self.watching { "resumed" } else { "stopped" }
            ),
            connection: Some(self.connection.clone()),
            kind,
            pipeline: String::new(),
            stage: None,
            action: None,
            pipeline_execution_id: None,
            detail: Some(detail),
            link: None,
        })
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What happened and what to do, for a stop of `connection`.
fn explain(
    connection: &str,
    reason: StopReason,
    detail: &str,
    sign_in: SignIn,
) -> (String, String) {
    let c = connection;
    let detail = detail.trim().trim_end_matches('.');
    let with = |s: String| {
        if detail.is_empty() {
            s
        } else {
            format!("{s} ({detail})")
        }
    };
    match reason {
        StopReason::SsoExpired => (
            format!("the SSO session of {c} has expired"),
            format!(
                "sign in again (Sign in again in Pipewright, or `pipewright connections login {c}`); watching resumes once signed in"
            ),
        ),
        StopReason::MfaExpired => (
            format!("the MFA session of {c} has expired"),
            "sign in again with a new code from the MFA device; watching resumes once signed in"
                .to_string(),
        ),
        StopReason::CredentialsExpired => (
            with(format!("the credentials of {c} have expired")),
            match sign_in {
                SignIn::Other => "refresh them (a new session token, `aws sso login`, or the profile's source) and watching resumes on its own".to_string(),
                _ => "sign in again; watching resumes once signed in".to_string(),
            },
        ),
        StopReason::CredentialsRefused => (
            with(format!("AWS refuses the credentials of {c}")),
            "check the access key (replace the secret if it was rotated) or the profile; watching resumes once they work".to_string(),
        ),
        StopReason::AccessDenied => (
            with(format!("{c} is not allowed to read its pipelines")),
            "ask for codepipeline:ListPipelines and codepipeline:GetPipelineState (AWSCodePipeline_ReadOnlyAccess); watching resumes once allowed".to_string(),
        ),
        StopReason::Unreachable => (
            with(format!("the endpoint of {c} does not answer")),
            "check the network, the VPN or proxy, and the endpoint URL; watching resumes on its own when it answers".to_string(),
        ),
        StopReason::ClockSkew => (
            with(format!("AWS refuses the calls of {c} because this computer's clock is more than 5 minutes off")),
            "set the clock right (turn on automatic time, e.g. `timedatectl set-ntp true`); no new sign-in is needed, watching resumes on its own once the clock is right".to_string(),
        ),
        StopReason::Throttled => (
            format!("AWS has throttled every call of {c} for minutes"),
            "other tools share this account's CodePipeline quota: watch fewer pipelines or fewer connections; watching resumes on its own".to_string(),
        ),
        StopReason::Failing => (
            with(format!("every call of {c} fails")),
            "see the control room for the error; watching resumes on its own when the calls work".to_string(),
        ),
    }
}

/// Which call an outcome is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    List,
    Pipeline(String),
}

/// How far a failure reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// No pipeline can be read (credentials).
    Connection,
    /// This call; the connection when every call fails the same way.
    Call,
}

/// A failure's reason and reach (`None`: not a watching problem, e.g. a deleted pipeline).
fn classify(err: &AwsError, sign_in: SignIn) -> Option<(StopReason, Reach, String)> {
    let expired = |sign_in: SignIn| match sign_in {
        SignIn::Sso => StopReason::SsoExpired,
        SignIn::Mfa => StopReason::MfaExpired,
        SignIn::Other => StopReason::CredentialsExpired,
    };
    // Before the sign-in readings: a clock that is off makes every signature "expired".
    if err.is_clock_skew() {
        let detail = match err {
            AwsError::AccessDenied { code, message }
            | AwsError::Service { code, message, .. }
            | AwsError::ServerError { code, message, .. } => format!("{code}: {message}"),
            other => other.to_string(),
        };
        return Some((StopReason::ClockSkew, Reach::Connection, detail));
    }
    Some(match err {
        AwsError::Credentials { detail, expired: e } => {
            let reason = if *e || sign_in == SignIn::Sso {
                expired(sign_in)
            } else {
                StopReason::CredentialsRefused
            };
            (reason, Reach::Connection, detail.clone())
        }
        AwsError::AccessDenied { code, message } => {
            let detail = format!("{code}: {message}");
            match code.as_str() {
                "ExpiredTokenException" | "ExpiredToken" | "RequestExpired" => {
                    (expired(sign_in), Reach::Connection, detail)
                }
                "AccessDeniedException" | "AccessDenied" => {
                    (StopReason::AccessDenied, Reach::Call, detail)
                }
                _ => (StopReason::CredentialsRefused, Reach::Connection, detail),
            }
        }
        AwsError::Unreachable { detail, .. } => {
            (StopReason::Unreachable, Reach::Call, detail.clone())
        }
        AwsError::PipelineNotFound(_) | AwsError::Throttled { .. } => return None,
        other => (StopReason::Failing, Reach::Call, other.to_string()),
    })
}

/// Decides a connection's [`ConnectionHealth`] from the outcomes of its calls (pure: the
/// watcher gives it the time).
#[derive(Debug, Clone)]
pub struct HealthTracker {
    connection: String,
    sign_in: SignIn,
    throttled_for: Duration,
    /// A failure that stops the whole connection, and when it was seen.
    whole: Option<(StopReason, String, Instant)>,
    /// The listing's last failure since its last success.
    list: Option<(StopReason, String, Instant)>,
    /// Each pipeline's last failure since its last success.
    pipelines: BTreeMap<String, (StopReason, String, Instant)>,
    throttled_since: Option<Instant>,
    state: ConnectionHealth,
}

impl HealthTracker {
    pub fn new(connection: &str, sign_in: SignIn, throttled_for: Duration) -> Self {
        HealthTracker {
            connection: connection.to_string(),
            sign_in,
            throttled_for,
            whole: None,
            list: None,
            pipelines: BTreeMap::new(),
            throttled_since: None,
            state: ConnectionHealth::watching(connection),
        }
    }

    /// The health as last decided.
    pub fn state(&self) -> &ConnectionHealth {
        &self.state
    }

    /// A call that `started` then succeeded: the failures it outlived are over.
    pub fn success(&mut self, call: &Call, started: Instant) {
        if self.whole.as_ref().is_some_and(|w| w.2 <= started) {
            self.whole = None;
        }
        match call {
            Call::List => self.list = None,
            Call::Pipeline(p) => {
                self.pipelines.remove(p);
            }
        }
        self.throttled_since = None;
    }

    /// A call failed at `now`.
    pub fn failure(&mut self, call: &Call, err: &AwsError, now: Instant) {
        if let AwsError::Throttled { .. } = err {
            self.throttled_since.get_or_insert(now);
            return;
        }
        let Some((reason, reach, detail)) = classify(err, self.sign_in) else {
            if let Call::Pipeline(p) = call {
                self.pipelines.remove(p);
            }
            return;
        };
        if reach == Reach::Connection {
            self.whole = Some((reason, detail.clone(), now));
        }
        let entry = (reason, detail, now);
        match call {
            Call::List => self.list = Some(entry),
            Call::Pipeline(p) => {
                self.pipelines.insert(p.clone(), entry);
            }
        }
    }

    /// A pipeline is no longer followed.
    pub fn forget(&mut self, pipeline: &str) {
        self.pipelines.remove(pipeline);
    }

    /// Decides the health now, for the pipelines followed; the new health when it changed.
    /// `wall_ms`: the wall clock (Unix milliseconds) for [`ConnectionHealth::since_ms`].
    pub fn evaluate<'a>(
        &mut self,
        followed: impl IntoIterator<Item = &'a String>,
        now: Instant,
        wall_ms: u64,
    ) -> Option<ConnectionHealth> {
        let mut followed = followed.into_iter().peekable();
        let all_failing =
            followed.peek().is_some() && followed.all(|p| self.pipelines.contains_key(p));
        let stop = self
            .whole
            .as_ref()
            .map(|(r, d, _)| (*r, d.clone()))
            .or_else(|| self.list.as_ref().map(|(r, d, _)| (*r, d.clone())))
            .or_else(|| {
                all_failing.then(|| {
                    // The most common reason among the pipelines, first by name on a tie.
                    let mut counts: BTreeMap<String, (usize, StopReason, String)> = BTreeMap::new();
                    for (r, d, _) in self.pipelines.values() {
                        let e = counts.entry(format!("{r:?}")).or_insert((0, *r, d.clone()));
                        e.0 += 1;
                    }
                    let (_, r, d) = counts.into_values().max_by_key(|(n, _, _)| *n).unwrap_or((
                        0,
                        StopReason::Failing,
                        String::new(),
                    ));
                    (r, d)
                })
            })
            .or_else(|| {
                self.throttled_since
                    .filter(|since| now.saturating_duration_since(*since) >= self.throttled_for)
                    .map(|_| (StopReason::Throttled, String::new()))
            });
        let next = match stop {
            None => ConnectionHealth::watching(&self.connection),
            Some((reason, detail)) => {
                let mut h =
                    ConnectionHealth::stopped(&self.connection, reason, &detail, self.sign_in);
                h.since_ms = match (&self.state.watching, self.state.since_ms) {
                    (false, Some(since)) => Some(since),
                    _ => Some(wall_ms),
                };
                h
            }
        };
        if next == self.state {
            return None;
        }
        self.state = next.clone();
        Some(next)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn expired() -> AwsError {
        AwsError::AccessDenied {
            code: "ExpiredTokenException".into(),
            message: "The security token included in the request is expired".into(),
        }
    }

    fn unreachable() -> AwsError {
        AwsError::Unreachable {
            operation: "GetPipelineState",
            detail: "no answer before the timeout".into(),
            technical: None,
        }
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn pipe(name: &str) -> Call {
        Call::Pipeline(name.into())
    }

    #[test]
    fn an_expired_sso_session_stops_the_connection_at_once_and_a_later_call_resumes_it() {
        let t0 = Instant::now();
        let mut h = HealthTracker::new("prod", SignIn::Sso, Duration::from_secs(120));
        let all = set(&["api", "web"]);
        h.success(&pipe("api"), t0);
        assert_eq!(h.evaluate(&all, t0, 1_000), None, "watching from the start");

        let t1 = t0 + Duration::from_secs(5);
        h.failure(&pipe("web"), &expired(), t1);
        let stopped = h.evaluate(&all, t1, 5_000).expect("a change");
        assert!(!stopped.watching);
        assert_eq!(stopped.reason, Some(StopReason::SsoExpired));
        assert!(stopped.sign_in);
        assert_eq!(stopped.since_ms, Some(5_000));
        assert_eq!(
            stopped.message.as_deref(),
            Some("the SSO session of prod has expired")
        );
        assert!(stopped
            .remedy
            .as_deref()
            .unwrap()
            .contains("pipewright connections login prod"));
        let alert = stopped
            .alert(&ConnectionHealth::watching("prod"))
            .expect("one alert");
        assert_eq!(alert.kind, AlertKind::SignInNeeded);
        assert_eq!(alert.title(), "Not watching prod");
        assert!(
            alert
                .body()
                .starts_with("The SSO session of prod has expired. Sign in again"),
            "{}",
            alert.body()
        );

        // A call that started before the failure and ends after it does not resume it; the same
        // failure again changes nothing (one notification).
        h.success(&pipe("api"), t0 + Duration::from_secs(4));
        h.failure(&pipe("api"), &expired(), t1 + Duration::from_secs(5));
        assert_eq!(h.evaluate(&all, t1 + Duration::from_secs(5), 9_000), None);

        // Signed in again: the next call works.
        let t2 = t1 + Duration::from_secs(60);
        h.success(&pipe("api"), t2);
        let resumed = h.evaluate(&all, t2, 70_000).expect("a change");
        assert!(resumed.watching);
        let alert = resumed.alert(&stopped).expect("resumed alert");
        assert_eq!(alert.kind, AlertKind::WatchResumed);
        assert_eq!(alert.title(), "Watching prod again");
        assert_ne!(
            alert.key,
            stopped
                .alert(&ConnectionHealth::watching("prod"))
                .unwrap()
                .key
        );
    }

    #[test]
    fn a_clock_that_is_off_is_said_as_clock_skew_not_as_a_sign_in() {
        // What SigV4 answers when this computer's clock is off by more than five minutes, also
        // for an SSO connection (whose refused calls otherwise read as an ended session).
        let skewed = [
            AwsError::AccessDenied {
                code: "InvalidSignatureException".into(),
                message: "Signature expired: 20261206T070000Z is now earlier than 20261206T075512Z (20261206T080012Z - 5 min.)".into(),
            },
            AwsError::Service {
                operation: "ListPipelines",
                code: "RequestTimeTooSkewed".into(),
                message: "The difference between the request time and the current time is too large.".into(),
            },
        ];
        let t0 = Instant::now();
        for sign_in in [SignIn::Sso, SignIn::Mfa, SignIn::Other] {
            for err in &skewed {
                let mut h = HealthTracker::new("prod", sign_in, Duration::from_secs(120));
                h.failure(&pipe("api"), err, t0);
                let stopped = h.evaluate(&set(&["api", "web"]), t0, 0).expect("a change");
                assert_eq!(stopped.reason, Some(StopReason::ClockSkew), "{err}");
                assert!(!stopped.sign_in, "a sign-in does not fix a clock");
                let message = stopped.message.clone().unwrap_or_default();
                let remedy = stopped.remedy.clone().unwrap_or_default();
                assert!(
                    message.contains("clock is more than 5 minutes off"),
                    "{message}"
                );
                assert!(remedy.starts_with("set the clock right"), "{remedy}");
                assert!(!remedy.contains("sign in again"), "{remedy}");
                let alert = stopped
                    .alert(&ConnectionHealth::watching("prod"))
                    .expect("alert");
                assert_eq!(alert.kind, AlertKind::WatchStopped);
                assert!(!alert.body().contains("Sign in again"), "{}", alert.body());
            }
        }
        // A signature that is simply wrong stays a credentials problem.
        let mut h = HealthTracker::new("prod", SignIn::Other, Duration::from_secs(120));
        h.failure(
            &pipe("api"),
            &AwsError::AccessDenied {
                code: "InvalidSignatureException".into(),
                message: "The request signature we calculated does not match".into(),
            },
            t0,
        );
        assert_eq!(
            h.evaluate(&set(&["api"]), t0, 0).expect("a change").reason,
            Some(StopReason::CredentialsRefused)
        );
    }

    #[test]
    fn one_pipeline_that_does_not_answer_is_not_the_connection() {
        let t0 = Instant::now();
        let mut h = HealthTracker::new("dev", SignIn::Other, Duration::from_secs(120));
        let all = set(&["api", "web"]);
        h.failure(&pipe("web"), &unreachable(), t0);
        h.success(&pipe("api"), t0);
        assert_eq!(h.evaluate(&all, t0, 0), None);
        // Both fail: the endpoint does not answer.
        h.failure(&pipe("api"), &unreachable(), t0 + Duration::from_secs(1));
        let stopped = h
            .evaluate(&all, t0 + Duration::from_secs(1), 1_000)
            .unwrap();
        assert_eq!(stopped.reason, Some(StopReason::Unreachable));
        assert!(!stopped.sign_in);
        assert!(stopped
            .message
            .as_deref()
            .unwrap()
            .starts_with("the endpoint of dev does not answer (no answer"));
        assert_eq!(
            stopped
                .alert(&ConnectionHealth::watching("dev"))
                .unwrap()
                .kind,
            AlertKind::WatchStopped
        );
        // A failing listing alone stops it too, before any pipeline is known.
        let mut h = HealthTracker::new("dev", SignIn::Other, Duration::from_secs(120));
        h.failure(&Call::List, &unreachable(), t0);
        assert!(!h.evaluate(&set(&[]), t0, 0).unwrap().watching);
    }

    #[test]
    fn throttling_stops_the_connection_only_after_minutes() {
        let t0 = Instant::now();
        let mut h = HealthTracker::new("prod", SignIn::Other, Duration::from_secs(120));
        let all = set(&["api"]);
        let throttled = AwsError::Throttled {
            code: "ThrottlingException".into(),
            retry_after: Some(Duration::MAX),
        };
        h.failure(&pipe("api"), &throttled, t0);
        assert_eq!(h.evaluate(&all, t0 + Duration::from_secs(119), 0), None);
        h.failure(&pipe("api"), &throttled, t0 + Duration::from_secs(100));
        let stopped = h.evaluate(&all, t0 + Duration::from_secs(121), 0).unwrap();
        assert_eq!(stopped.reason, Some(StopReason::Throttled));
        h.success(&pipe("api"), t0 + Duration::from_secs(130));
        assert!(
            h.evaluate(&all, t0 + Duration::from_secs(131), 0)
                .unwrap()
                .watching
        );
    }

    #[test]
    fn mfa_and_plain_credentials_say_what_to_do() {
        let t0 = Instant::now();
        let mut h = HealthTracker::new("ops", SignIn::Mfa, Duration::from_secs(120));
        h.failure(&pipe("api"), &expired(), t0);
        let s = h.evaluate(&set(&["api"]), t0, 0).unwrap();
        assert_eq!(s.reason, Some(StopReason::MfaExpired));
        assert!(s.remedy.as_deref().unwrap().contains("new code"));
        assert_eq!(
            s.line(),
            format!(
                "NOT-WATCHING ops: the MFA session of ops has expired; {}",
                s.remedy.as_deref().unwrap()
            )
        );
        let mut h = HealthTracker::new("ci", SignIn::Other, Duration::from_secs(120));
        h.failure(
            &pipe("api"),
            &AwsError::AccessDenied {
                code: "UnrecognizedClientException".into(),
                message: "The security token included in the request is invalid".into(),
            },
            t0,
        );
        let s = h.evaluate(&set(&["api", "web"]), t0, 0).unwrap();
        assert_eq!(s.reason, Some(StopReason::CredentialsRefused));
        assert!(!s.sign_in);
        // A deleted pipeline is not a watching problem.
        let mut h = HealthTracker::new("ci", SignIn::Other, Duration::from_secs(120));
        h.failure(&pipe("api"), &AwsError::PipelineNotFound("api".into()), t0);
        assert_eq!(h.evaluate(&set(&["api"]), t0, 0), None);
    }
}
