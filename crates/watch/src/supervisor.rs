//! Keeps a watcher's task alive: a task that ends while its [`Watcher`](crate::Watcher) handle
//! lives (a panic, a bug) is reported (the watcher says it as `WatchEvent::Restarted`) and
//! started again after a pause that grows from one second to a minute. A watcher never goes
//! quiet without saying so.

use std::future::Future;
use std::time::Duration;

/// How a run of the watched task ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The handle was dropped: stop for good.
    Stopped,
    /// It returned for another reason: start it again.
    Returned,
}

/// The pause before restart number `n` (1 = the first): 1 s, doubling, at most a minute.
pub fn restart_pause(n: u32) -> Duration {
    Duration::from_secs(1u64 << n.saturating_sub(1).min(6)).min(Duration::from_secs(60))
}

/// The message of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

/// Runs `make()` as a task, again and again until one run ends with [`Ended::Stopped`] (or this
/// future is dropped, which aborts the run). Each unexpected end is told to `restarted`: why, and
/// the pause before the next run.
pub async fn supervise<F, Fut, R>(restarted: R, mut make: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Ended> + Send + 'static,
    R: Fn(String, Duration),
{
    let mut restarts = 0u32;
    loop {
        let task = tokio::spawn(make());
        let abort = task.abort_handle();
        // Dropping this future (the watcher's handle went away) aborts the run too.
        let _guard = AbortOnDrop(abort);
        let reason = match task.await {
            Ok(Ended::Stopped) => return,
            Ok(Ended::Returned) => "its task returned".to_string(),
            Err(e) if e.is_panic() => format!("it failed: {}", panic_message(&*e.into_panic())),
            Err(_) => return,
        };
        restarts = restarts.saturating_add(1);
        let pause = restart_pause(restarts);
        tracing::warn!("watcher restarted: {reason}");
        restarted(reason, pause);
        tokio::time::sleep(pause).await;
    }
}

struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::{Arc, Mutex};

    use super::*;

    #[test]
    fn pauses_grow_to_a_minute() {
        assert_eq!(restart_pause(1), Duration::from_secs(1));
        assert_eq!(restart_pause(2), Duration::from_secs(2));
        assert_eq!(restart_pause(7), Duration::from_secs(60));
        assert_eq!(restart_pause(u32::MAX), Duration::from_secs(60));
    }

    #[tokio::test(start_paused = true)]
    async fn a_task_that_panics_is_reported_and_started_again() {
        let said = Arc::new(Mutex::new(Vec::new()));
        let log = said.clone();
        let runs = Arc::new(AtomicU32::new(0));
        let counted = runs.clone();
        let restarted = move |reason: String, pause: Duration| {
            log.lock().unwrap().push((reason, pause));
        };
        supervise(restarted, move || {
            let n = counted.fetch_add(1, Ordering::SeqCst);
            async move {
                match n {
                    0 => panic!("overflow when adding duration to instant"),
                    1 => Ended::Returned,
                    _ => Ended::Stopped,
                }
            }
        })
        .await;
        assert_eq!(runs.load(Ordering::SeqCst), 3);
        let said = said.lock().unwrap().clone();
        assert_eq!(
            said,
            vec![
                (
                    "it failed: overflow when adding duration to instant".to_string(),
                    Duration::from_secs(1)
                ),
                ("its task returned".to_string(), Duration::from_secs(2)),
            ],
            "each unexpected end is said once, a stop is not"
        );
    }
}
