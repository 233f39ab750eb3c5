//! The About box's and the update prompt's commands through Tauri's real IPC layer (mock
//! runtime). The mock app is built without an update endpoint or key, as `make run` is: updates
//! are off, and nothing is installed. (The update itself is tested on the installed package:
//! `make test-package`.)

use serde_json::json;

/// The commands these tests call.
pub(crate) const COVERED: &[&str] = &["about_info", "update_check", "update_install"];

#[test]
fn about_info_says_what_runs_and_that_this_build_has_updates_off() {
    let (app, webview) = super::mock_app(|_| {});
    let about = super::call_checked(&webview, "about_info", json!({})).expect("about_info");
    assert_eq!(about["version"], app.package_info().version.to_string());
    assert_eq!(
        about["build"],
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    assert_eq!(
        about["platform"],
        format!("{} {}", std::env::consts::OS, std::env::consts::ARCH)
    );
    assert_eq!(about["installedFrom"], json!(null), "not bundled");
    assert_eq!(about["updateEndpoint"], json!(null));
}

#[test]
fn without_an_endpoint_a_check_finds_nothing_and_there_is_nothing_to_install() {
    let (app, webview) = super::mock_app(|app| {
        crate::updater::check_when_prompt_ready(app.handle());
    });
    let check = super::call_checked(&webview, "update_check", json!({})).expect("update_check");
    assert_eq!(
        check,
        json!({
            "currentVersion": app.package_info().version.to_string(),
            "enabled": false,
            "update": null,
        })
    );
    let error =
        super::call_checked(&webview, "update_install", json!({})).expect_err("nothing to install");
    assert_eq!(error["kind"], "invalid");
    assert_eq!(
        error["message"],
        "No update is waiting to be installed; check for updates first"
    );
}
