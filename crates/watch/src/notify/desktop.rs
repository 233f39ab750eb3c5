//! The desktop's notification service (notify-rust), one small section per platform. Everything
//! above it (what a notification says, quiet hours, mutes, what a click asks for) is the same on
//! every platform; only these calls differ:
//!
//! | | Linux, BSD (freedesktop D-Bus) | macOS (Notification Center) | Windows (toasts) |
//! |---|---|---|---|
//! | action buttons (Review, Approve, Show why, Sign in again) | when the server lists `actions` | none | yes |
//! | a click on the notification | `default`: opens the pipeline | the same | the same |
//! | category hint | yes | no | no |
//! | id | the server's | none (0) | none (0) |
//! | replacing a shown one ("Recovered" over "Failed") | by its id | shown beside it | shown beside it |
//!
//! macOS's Notification Center has a single button that reports its label rather than an id, so
//! no buttons are offered there: a click on the notification opens the pipeline, where it is
//! approved. Windows attributes a toast to the app by its AppUserModelID, which the installer's
//! Start menu shortcut registers as the bundle identifier.

use notify_rust::{Notification, NotificationHandle, Timeout};

use super::NotificationSpec;

/// What notify-rust returns when a notification cannot be shown.
pub(super) type Error = notify_rust::error::Error;

/// The app's bundle identifier (`tauri.conf.json`), Windows' AppUserModelID for it.
#[cfg(target_os = "windows")]
const APP_USER_MODEL_ID: &str = "dev.pipewright.Pipewright";

/// A shown notification, waiting to be clicked.
pub(super) struct Shown {
    /// The server's id (0 where the platform has none).
    pub id: u32,
    handle: NotificationHandle,
}

/// Whether notifications can carry action buttons with our ids.
#[cfg(all(unix, not(target_os = "macos")))]
pub(super) fn supports_actions() -> bool {
    notify_rust::get_capabilities()
        .map(|caps| caps.iter().any(|c| c == "actions"))
        .unwrap_or(false)
}

#[cfg(target_os = "macos")]
pub(super) fn supports_actions() -> bool {
    false
}

#[cfg(target_os = "windows")]
pub(super) fn supports_actions() -> bool {
    true
}

/// Shows the notification.
pub(super) fn show(spec: &NotificationSpec) -> Result<Shown, Error> {
    let mut n = Notification::new();
    n.appname("Pipewright")
        .summary(&spec.summary)
        .body(&spec.body)
        .timeout(Timeout::Milliseconds(spec.timeout_ms));
    for_platform(&mut n, spec);
    let handle = n.show()?;
    Ok(Shown {
        id: id_of(&handle),
        handle,
    })
}

#[cfg(all(unix, not(target_os = "macos")))]
fn for_platform(n: &mut Notification, spec: &NotificationSpec) {
    n.hint(notify_rust::Hint::Category(spec.category.to_string()));
    // The server replaces the notification of that id in place (`replaces_id`).
    if let Some(id) = spec.replaces {
        n.id(id);
    }
    // `default` is the click on the notification itself, not a button.
    for (id, label) in &spec.actions {
        n.action(id, label);
    }
}

#[cfg(target_os = "macos")]
fn for_platform(_n: &mut Notification, _spec: &NotificationSpec) {}

#[cfg(target_os = "windows")]
fn for_platform(n: &mut Notification, spec: &NotificationSpec) {
    n.app_id(APP_USER_MODEL_ID);
    // A click on the toast is `default`; the others are buttons.
    for (id, label) in spec.actions.iter().filter(|(id, _)| id != "default") {
        n.action(id, label);
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
fn id_of(handle: &NotificationHandle) -> u32 {
    handle.id()
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn id_of(_handle: &NotificationHandle) -> u32 {
    0
}

impl Shown {
    /// Blocks until the notification is clicked or closed, then calls `on_action` with the
    /// action's id: `default` for a click on the notification, `__closed` when it was dismissed
    /// or expired. (On macOS this is also when the notification is delivered.)
    #[cfg(not(target_os = "windows"))]
    pub fn wait(self, on_action: impl FnOnce(&str)) {
        self.handle.wait_for_action(on_action);
    }

    /// notify-rust's Windows `wait_for_action` reports a click on the toast as closed: read the
    /// response instead.
    #[cfg(target_os = "windows")]
    pub fn wait(self, on_action: impl FnOnce(&str)) {
        use notify_rust::NotificationResponse;
        let _ = self
            .handle
            .wait_for_response(|response: &NotificationResponse| match response {
                NotificationResponse::Default => on_action("default"),
                NotificationResponse::Action(id) => on_action(id),
                _ => on_action("__closed"),
            });
    }
}
