//! The sandbox's clock: wall time plus an offset that [`crate::RunningSandbox::advance_clock`]
//! moves forward, so approval expiry (default 7 days) can be tested in milliseconds.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

#[derive(Debug)]
pub struct Clock {
    started_at: Instant,
    started_epoch: f64,
    offset_ms: AtomicU64,
}

impl Clock {
    pub fn new() -> Self {
        let started_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0);
        Clock {
            started_at: Instant::now(),
            started_epoch,
            offset_ms: AtomicU64::new(0),
        }
    }

    /// Seconds since the Unix epoch, with millisecond precision (the AWS JSON timestamp format).
    pub fn now(&self) -> f64 {
        let t = self.started_epoch
            + self.started_at.elapsed().as_secs_f64()
            + self.offset_ms.load(Ordering::SeqCst) as f64 / 1000.0;
        (t * 1000.0).round() / 1000.0
    }

    pub fn advance(&self, ms: u64) {
        self.offset_ms.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::new()
    }
}

/// A UTC civil time: year, month (1-12), day (1-31), hour, minute, second, millisecond, and the
/// day of the week (0 = Sunday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub millis: u32,
    pub weekday: u32,
}

/// The UTC civil time of `t` seconds since the epoch (Howard Hinnant's `civil_from_days`).
pub fn civil(t: f64) -> Civil {
    let ms_total = (t * 1000.0).round() as i64;
    let days = ms_total.div_euclid(86_400_000);
    let ms_of_day = ms_total.rem_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: (ms_of_day / 3_600_000) as u32,
        minute: (ms_of_day / 60_000 % 60) as u32,
        second: (ms_of_day / 1000 % 60) as u32,
        millis: (ms_of_day % 1000) as u32,
        weekday: (days + 4).rem_euclid(7) as u32,
    }
}

/// `2024-05-02T10:11:12.345Z`: how XML and event timestamps are written.
pub fn iso8601(t: f64) -> String {
    let c = civil(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.millis
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_times_match_known_dates() {
        assert_eq!(iso8601(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_714_644_672.345), "2024-05-02T10:11:12.345Z");
        assert_eq!(iso8601(951_782_400.0), "2000-02-29T00:00:00.000Z");
        assert_eq!(civil(1_714_644_672.0).weekday, 4, "a Thursday");
    }
}
