//! When to poll what: fast while something runs or waits, slow when idle, `ListPipelines` rarely,
//! exponential backoff with jitter on throttling and errors (at least the server's Retry-After),
//! and detection of a wake-up from sleep. Pure functions; the watcher applies them.

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
    /// How many pipelines are polled at the same time.
    pub concurrency: usize,
    /// Wall clock ahead of the monotonic clock by more than this means the machine slept.
    pub sleep_gap: Duration,
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
            sleep_gap: Duration::from_secs(20),
        }
    }
}

impl PollPolicy {
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
    /// than the server's `retry_after`.
    pub fn backoff(&self, failures: u32, jitter: f64, retry_after: Option<Duration>) -> Duration {
        let exp = failures.saturating_sub(1).min(20);
        let raw = self
            .backoff_base
            .saturating_mul(1u32 << exp)
            .min(self.backoff_max);
        let half = raw / 2;
        let wait = half + half.mul_f64(jitter.clamp(0.0, 1.0));
        match retry_after {
            Some(r) if r > wait => r.min(self.backoff_max.max(r)),
            _ => wait,
        }
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
