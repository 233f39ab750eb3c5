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
