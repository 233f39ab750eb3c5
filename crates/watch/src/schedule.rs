//! When to poll what: fast while something runs or waits, slow when idle, `ListPipelines` rarely,
//! exponential backoff with jitter on throttling and errors (at least the server's Retry-After),
//! and detection of a wake-up from sleep. Pure functions; the watcher applies them.
//!
//! Every wait is capped: [`PollPolicy::backoff`] never returns more than
//! [`PollPolicy::backoff_max`], whatever `Retry-After` a server sends, and [`after`] adds a wait
//! to an instant without ever overflowing.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The polling policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PollPolicy {
    /// While an execution runs or an approval waits.
    pub active: Duration,
    /// When idle: at most one `GetPipelineState` per pipeline per this interval.
    pub idle: Duration,
    /// How often to re-list the pipelines (new or deleted ones) when following "all".
    pub list_every: Duration,
    /// First backoff after an error.
    pub backoff_base: Duration,
    /// Longest backoff.
    pub backoff_max: Duration,
    /// How many calls may be in flight at once (each pipeline is polled on its own: a call that
    /// hangs holds one of these, never the others).
    pub concurrency: usize,
    /// The longest one poll may take (its calls, retries included) before it counts as
    /// unreachable; a second bound beside the AWS port's own timeouts.
    #[serde(default = "default_call_timeout")]
    pub call_timeout: Duration,
    /// Throttled without a break for this long: the connection counts as not watched.
    #[serde(default = "default_throttled_for")]
    pub throttled_for: Duration,
    /// Wall clock ahead of the monotonic clock by more than this means the machine slept.
    pub sleep_gap: Duration,
    /// A budget for the background sweep: at most this many polls a minute over all pipelines
    /// (each pipeline's interval stretches to `pipelines / sweep_per_minute` minutes when that
    /// is longer). Set while events tell the watcher what changed ([`PollPolicy::events`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep_per_minute: Option<u32>,
}

impl Default for PollPolicy {
    fn default() -> Self {
        Self {
            active: Duration::from_secs(5),
            idle: Duration::from_secs(60),
            list_every: Duration::from_secs(15 * 60),
            backoff_base: Duration::from_secs(2),
            backoff_max: Duration::from_secs(300),
            concurrency: 4,
            call_timeout: default_call_timeout(),
            throttled_for: default_throttled_for(),
            sleep_gap: Duration::from_secs(20),
            sweep_per_minute: None,
        }
    }
}

fn default_call_timeout() -> Duration {
    Duration::from_secs(90)
}

fn default_throttled_for() -> Duration {
    Duration::from_secs(120)
}

/// `now + wait`, or a far instant (a year on) when that would overflow.
pub fn after<T: CheckedAdd>(now: T, wait: Duration) -> T {
    now.checked_add_duration(wait)
        .or_else(|| now.checked_add_duration(Duration::from_secs(365 * 86_400)))
        .unwrap_or(now)
}

/// Instants that can add a duration without panicking.
pub trait CheckedAdd: Sized + Copy {
    fn checked_add_duration(&self, d: Duration) -> Option<Self>;
}

impl CheckedAdd for tokio::time::Instant {
    fn checked_add_duration(&self, d: Duration) -> Option<Self> {
        self.checked_add(d)
    }
}

impl CheckedAdd for std::time::Instant {
    fn checked_add_duration(&self, d: Duration) -> Option<Self> {
        self.checked_add(d)
    }
}

impl PollPolicy {
    /// While CodePipeline's events say what changed: each event polls its pipeline at once, and
    /// the rest is a slow sweep that catches a missed event (every 15 minutes at most, and no
    /// more than three polls a minute whatever the number of pipelines), listing hourly (an event
    /// of a pipeline not listed yet lists at once). With the queue's three long polls a minute,
    /// an idle desktop makes under ten calls a minute for any number of pipelines.
    pub fn events() -> Self {
        Self {
            active: Duration::from_secs(15 * 60),
            idle: Duration::from_secs(15 * 60),
            list_every: Duration::from_secs(60 * 60),
            sweep_per_minute: Some(3),
            ..Self::default()
        }
    }

    /// The interval until the next poll of a pipeline that is (not) active, `followed` pipelines
    /// being watched: with a [`Self::sweep_per_minute`] budget, stretched to
    /// `followed / rate` minutes and spread by `jitter` (0..1, from half to one and a half
    /// times), so that pipelines polled together at the start do not come due together.
    pub fn interval_among(&self, active: bool, followed: usize, jitter: f64) -> Duration {
        let base = self.interval(active);
        match self.sweep_per_minute {
            Some(rate) if rate > 0 => {
                let spread = Duration::from_secs(60).saturating_mul(followed as u32) / rate;
                base.max(spread).mul_f64(0.5 + jitter.clamp(0.0, 1.0))
            }
            _ => base,
        }
    }

    /// The interval until the next poll of a pipeline that is (not) active.
    pub fn interval(&self, active: bool) -> Duration {
        if active {
            self.active
        } else {
            self.idle
        }
    }

    /// The wait after `failures` consecutive failures (1 = the first): `base * 2^(failures-1)`,
    /// capped, with "equal jitter" (half fixed, half random by `jitter` in 0..=1), and never less
    /// than the server's `retry_after` unless that is more than [`Self::backoff_max`]: no wait is
    /// ever longer than `backoff_max` (an absurd `Retry-After` is a server's mistake).
    pub fn backoff(&self, failures: u32, jitter: f64, retry_after: Option<Duration>) -> Duration {
        let exp = failures.saturating_sub(1).min(20);
        let raw = self
            .backoff_base
            .saturating_mul(1u32 << exp)
            .min(self.backoff_max);
        let half = raw / 2;
        let wait = half + half.mul_f64(jitter.clamp(0.0, 1.0));
        match retry_after {
            Some(r) if r > wait => r.min(self.backoff_max),
            _ => wait,
        }
        .min(self.backoff_max)
    }
}

/// True when, between two ticks, the wall clock advanced by more than the monotonic clock plus
/// `gap`: the machine was suspended (the monotonic clock stops during suspend on Linux).
pub fn woke_from_sleep(monotonic: Duration, wall: Duration, gap: Duration) -> bool {
    wall > monotonic + gap
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals() {
        let p = PollPolicy::default();
        assert_eq!(p.interval(true), Duration::from_secs(5));
        assert_eq!(p.interval(false), Duration::from_secs(60));
    }

    #[test]
    fn backoff_grows_exponentially_with_bounded_jitter() {
        let p = PollPolicy::default();
        assert_eq!(p.backoff(1, 0.0, None), Duration::from_secs(1));
        assert_eq!(p.backoff(1, 1.0, None), Duration::from_secs(2));
        assert_eq!(p.backoff(3, 1.0, None), Duration::from_secs(8));
        assert_eq!(p.backoff(3, 0.0, None), Duration::from_secs(4));
        let mid = p.backoff(4, 0.5, None);
        assert!(
            mid > Duration::from_secs(8) && mid < Duration::from_secs(16),
            "{mid:?}"
        );
        assert_eq!(p.backoff(30, 1.0, None), Duration::from_secs(300), "capped");
        assert_eq!(p.backoff(30, 0.0, None), Duration::from_secs(150));
    }

    #[test]
    fn the_events_sweep_keeps_to_its_budget_and_spreads_the_pipelines() {
        let p = PollPolicy::events();
        // 30 pipelines: the 15-minute floor, spread from 7.5 to 22.5 minutes.
        assert_eq!(
            p.interval_among(false, 30, 0.5),
            Duration::from_secs(15 * 60)
        );
        assert_eq!(p.interval_among(true, 30, 0.0), Duration::from_secs(450));
        // 100 pipelines at three a minute: 2000 s on average.
        assert_eq!(p.interval_among(false, 100, 0.5), Duration::from_secs(2000));
        // 10,000 pipelines at three a minute: about 55 hours on average, never sooner than half.
        let avg = p.interval_among(false, 10_000, 0.5);
        assert_eq!(avg, Duration::from_secs(10_000 * 60 / 3));
        assert!(p.interval_among(false, 10_000, 0.0) >= avg / 2);
        // Polling as before: no budget, no spread.
        let polling = PollPolicy::default();
        assert_eq!(polling.interval_among(false, 10_000, 0.9), polling.idle);
    }

    #[test]
    fn backoff_honours_retry_after() {
        let p = PollPolicy::default();
        assert_eq!(
            p.backoff(1, 0.0, Some(Duration::from_secs(30))),
            Duration::from_secs(30)
        );
        assert_eq!(
            p.backoff(5, 1.0, Some(Duration::from_secs(1))),
            Duration::from_secs(32)
        );
    }

    #[test]
    fn an_absurd_retry_after_is_capped() {
        let p = PollPolicy::default();
        assert_eq!(
            p.backoff(1, 0.5, Some(Duration::from_secs(u64::MAX))),
            p.backoff_max
        );
        assert_eq!(p.backoff(1, 0.5, Some(Duration::MAX)), p.backoff_max);
        let odd = PollPolicy {
            backoff_base: Duration::MAX,
            ..PollPolicy::default()
        };
        assert_eq!(odd.backoff(u32::MAX, 1.0, None), odd.backoff_max);
    }

    #[test]
    fn adding_any_wait_to_an_instant_never_overflows() {
        let now = std::time::Instant::now();
        assert_eq!(
            after(now, Duration::from_secs(3)),
            now + Duration::from_secs(3)
        );
        let far = after(now, Duration::MAX);
        assert!(far > now + Duration::from_secs(86_400), "{:?}", far - now);
        let t = tokio::time::Instant::now();
        assert!(after(t, Duration::from_secs(u64::MAX)) > t);
    }

    #[test]
    fn sleep_is_detected_from_clock_divergence() {
        let gap = Duration::from_secs(20);
        assert!(!woke_from_sleep(
            Duration::from_secs(5),
            Duration::from_secs(5),
            gap
        ));
        assert!(!woke_from_sleep(
            Duration::from_secs(5),
            Duration::from_secs(24),
            gap
        ));
        assert!(woke_from_sleep(
            Duration::from_secs(5),
            Duration::from_secs(3600),
            gap
        ));
    }
}
