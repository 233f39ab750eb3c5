//! When a manual approval's token expires, and that in words: one function for the approval
//! dialog, `pipewright approve --show` and [`WaitingApproval`](super::WaitingApproval).

use std::time::{SystemTime, UNIX_EPOCH};

use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;

/// How long a manual approval waits before it fails, unless its action says otherwise
/// ("If a manual approval action isn't approved or rejected within seven days, the action
/// status changes to Failed").
pub const APPROVAL_EXPIRY_MINUTES: i64 = 7 * 24 * 60;

/// When an approval that started waiting at `since` (RFC 3339) expires: `timeout_minutes`
/// (the action's `timeoutInMinutes`) or [`APPROVAL_EXPIRY_MINUTES`] later.
pub fn expires_at(since: &str, timeout_minutes: Option<i64>) -> Option<String> {
    let start = DateTime::from_str(since, Format::DateTime).ok()?;
    let minutes = timeout_minutes.unwrap_or(APPROVAL_EXPIRY_MINUTES);
    DateTime::from_secs(start.secs() + minutes * 60)
        .fmt(Format::DateTime)
        .ok()
}

/// `expires_at` in words from `now`: "expires in 6 days 23 h (at 2026-12-13 15:20 UTC)",
/// "expires in 3 h 5 min (...)", "expired (at ...)".
pub fn expiry_words(expires_at: &str, now: SystemTime) -> Option<String> {
    let at = DateTime::from_str(expires_at, Format::DateTime).ok()?;
    let now = now.duration_since(UNIX_EPOCH).ok()?.as_secs() as i64;
    let left = at.secs() - now;
    let when = utc_minute(&at)?;
    if left <= 0 {
        return Some(format!("expired (at {when})"));
    }
    let (days, hours, minutes) = (left / 86_400, left % 86_400 / 3600, left % 3600 / 60);
    let span = if days > 0 {
        let unit = if days == 1 { "day" } else { "days" };
        format!("{days} {unit} {hours} h")
    } else if hours > 0 {
        format!("{hours} h {minutes} min")
    } else {
        format!("{} min", minutes.max(1))
    };
    Some(format!("expires in {span} (at {when})"))
}

/// `2026-12-13 15:20 UTC`.
fn utc_minute(t: &DateTime) -> Option<String> {
    let s = DateTime::from_secs(t.secs()).fmt(Format::DateTime).ok()?;
    Some(format!("{} UTC", s.get(..16)?.replace('T', " ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(s: &str) -> SystemTime {
        let t = DateTime::from_str(s, Format::DateTime).unwrap();
        UNIX_EPOCH + Duration::from_secs(t.secs() as u64)
    }

    #[test]
    fn an_approval_expires_seven_days_after_it_started_waiting_or_after_its_timeout() {
        assert_eq!(
            expires_at("2026-12-06T15:20:00Z", None).as_deref(),
            Some("2026-12-13T15:20:00Z")
        );
        assert_eq!(
            expires_at("2026-12-06T15:20:00.250Z", Some(90)).as_deref(),
            Some("2026-12-06T16:50:00Z")
        );
        assert_eq!(expires_at("yesterday", None), None);
    }

    #[test]
    fn expiry_in_words() {
        let exp = "2026-12-13T15:20:00Z";
        assert_eq!(
            expiry_words(exp, at("2026-12-06T16:15:00Z")).as_deref(),
            Some("expires in 6 days 23 h (at 2026-12-13 15:20 UTC)")
        );
        assert_eq!(
            expiry_words(exp, at("2026-12-12T15:00:00Z")).as_deref(),
            Some("expires in 1 day 0 h (at 2026-12-13 15:20 UTC)")
        );
        assert_eq!(
            expiry_words(exp, at("2026-12-13T12:15:00Z")).as_deref(),
            Some("expires in 3 h 5 min (at 2026-12-13 15:20 UTC)")
        );
        assert_eq!(
            expiry_words(exp, at("2026-12-13T15:19:30Z")).as_deref(),
            Some("expires in 1 min (at 2026-12-13 15:20 UTC)")
        );
        assert_eq!(
            expiry_words(exp, at("2026-12-13T15:20:00Z")).as_deref(),
            Some("expired (at 2026-12-13 15:20 UTC)")
        );
    }
}
