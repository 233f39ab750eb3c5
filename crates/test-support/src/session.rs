//! The private desktop session of `scripts/with-session.sh` (Xvfb, D-Bus, gnome-keyring, dunst),
//! and a listener on its bus for the notifications sent to the daemon.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Inside the session: true. Outside: runs this one test again through
/// `scripts/with-session.sh`, asserts it passed there, and returns false so the caller stops.
pub fn ensure_session(test: &str) -> bool {
    if std::env::var_os("PIPEWRIGHT_IN_SESSION").is_some() {
        return true;
    }
    let script = crate::paths::repo_root().join("scripts/with-session.sh");
    assert!(
        script.exists(),
        "this test needs a desktop session with a notification daemon: run it via make test"
    );
    let exe = std::env::current_exe().expect("the test binary's path");
    let status = Command::new(&script)
        .arg(exe)
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .status()
        .unwrap_or_else(|e| panic!("could not run {}: {e}; run via make test", script.display()));
    assert!(
        status.success(),
        "{test} failed inside scripts/with-session.sh (see its output above); run via make test"
    );
    false
}

/// `dbus-monitor` on the session bus for `org.freedesktop.Notifications` (and, from
/// [`NotificationMonitor::with_replies`], every method return: the daemon's answer to `Notify` is
/// the notification's id), collecting what it prints; killed on drop.
pub struct NotificationMonitor {
    child: Child,
    out: Arc<Mutex<String>>,
}

impl NotificationMonitor {
    /// Starts listening and returns once `dbus-monitor` is connected.
    pub fn start() -> NotificationMonitor {
        Self::listen(&[])
    }

    /// Also the method returns, for [`NotificationMonitor::notified`].
    pub fn with_replies() -> NotificationMonitor {
        Self::listen(&["type='method_return'"])
    }

    fn listen(more: &[&str]) -> NotificationMonitor {
        let mut child = Command::new("dbus-monitor")
            .args(["--session", "interface='org.freedesktop.Notifications'"])
            .args(more)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor runs (package dbus); run via make test");
        let out = Arc::new(Mutex::new(String::new()));
        let stdout = child.stdout.take().expect("piped stdout");
        let sink = out.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap_or_else(|e| e.into_inner());
                s.push_str(&line);
                s.push('\n');
            }
        });
        // dbus-monitor prints its own NameAcquired/NameLost signals once it listens.
        let deadline = Instant::now() + Duration::from_secs(5);
        while out.lock().unwrap_or_else(|e| e.into_inner()).is_empty() && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(100));
        NotificationMonitor { child, out }
    }

    /// Everything seen so far, as `dbus-monitor` printed it.
    pub fn text(&self) -> String {
        self.out.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The `Notify` calls with this summary, as `dbus-monitor` printed them, oldest first.
    pub fn calls(&self, summary: &str) -> Vec<String> {
        let quoted = format!("string \"{summary}\"");
        self.text()
            .split("\nmethod call ")
            .filter(|call| call.contains("member=Notify") && call.contains(&quoted))
            .map(str::to_string)
            .collect()
    }

    /// How many `Notify` calls had this summary.
    pub fn count(&self, summary: &str) -> usize {
        self.calls(summary).len()
    }

    /// The first `Notify` call whose text contains `needle`, and the id the daemon answered it
    /// with (needs [`NotificationMonitor::with_replies`]).
    pub fn notified(&self, needle: &str) -> Option<(String, u32)> {
        let text = self.text();
        let blocks: Vec<&str> = text.split("\nmethod ").collect();
        let call = blocks
            .iter()
            .find(|b| b.contains("member=Notify") && b.contains(needle))?;
        let field = |block: &str, key: &str| -> Option<String> {
            let head = block.lines().next()?;
            head.split_whitespace()
                .find_map(|w| w.strip_prefix(key))
                .map(|v| v.trim_end_matches(';').to_string())
        };
        let sender = field(call, "sender=")?;
        let serial = field(call, "serial=")?;
        let id = blocks.iter().find_map(|b| {
            let head = b.lines().next()?;
            let answers = head.starts_with("return")
                && field(b, "destination=").as_deref() == Some(sender.as_str())
                && field(b, "reply_serial=").as_deref() == Some(serial.as_str());
            if !answers {
                return None;
            }
            b.lines()
                .nth(1)?
                .trim()
                .strip_prefix("uint32 ")?
                .parse()
                .ok()
        })?;
        Some((call.to_string(), id))
    }
}

impl Drop for NotificationMonitor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
