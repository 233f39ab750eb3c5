//! Guards on the app's security and window configuration (`tauri.conf.json`,
//! `capabilities/`): no remote content, no inline or eval'd script, only the permissions the UI
//! uses, and a window theme left to the OS.

use serde_json::Value;

fn read_json(relative: &str) -> Value {
    let path = manifest_dir().join(relative);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

fn csp_directives() -> Vec<(String, Vec<String>)> {
    let config = read_json("tauri.conf.json");
    let csp = config["app"]["security"]["csp"]
        .as_str()
        .expect("app.security.csp is a string");
    csp.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut parts = d.split_whitespace().map(String::from);
            let name = parts.next().unwrap_or_default();
            (name, parts.collect())
        })
        .collect()
}

#[test]
fn csp_allows_no_remote_content_and_no_inline_script() {
    let directives = csp_directives();
    let get = |name: &str| {
        directives
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("the CSP has no {name}"))
    };
    assert_eq!(get("default-src"), ["'self'"]);
    assert_eq!(get("script-src"), ["'self'"]);
    assert_eq!(get("object-src"), ["'none'"]);
    for (name, sources) in &directives {
        for source in sources {
            let remote = (source.starts_with("http:")
                || source.starts_with("https:")
                || source.contains("://"))
                && source != "http://ipc.localhost";
            assert!(!remote, "{name} allows the remote source {source}");
            assert!(
                source != "*" && source != "'unsafe-eval'",
                "{name} allows {source}"
            );
        }
    }
    // IPC works: Linux/macOS use the `ipc:` scheme, Windows `http://ipc.localhost`.
    let connect = get("connect-src");
    assert!(
        connect.contains(&"ipc:".to_string())
            && connect.contains(&"http://ipc.localhost".to_string())
    );
}

#[test]
fn windows_follow_the_os_theme() {
    let config = read_json("tauri.conf.json");
    let windows = config["app"]["windows"].as_array().expect("app.windows");
    assert!(!windows.is_empty());
    for window in windows {
        assert!(
            window.get("theme").is_none(),
            "a window forces a theme: {window}"
        );
    }
}

#[test]
fn capabilities_grant_only_what_the_ui_uses() {
    let capability = read_json("capabilities/default.json");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    let mut permissions: Vec<&str> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| p.as_str().expect("a permission name"))
        .collect();
    permissions.sort_unstable();
    assert_eq!(
        permissions,
        ["core:default", "dialog:allow-open", "dialog:allow-save"]
    );
    let dir = manifest_dir().join("capabilities");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .expect("capabilities/")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(
        files,
        ["default.json"],
        "every capability file is reviewed here"
    );
}

/// This package's folder as `cargo test` names it when the test runs: a test binary reused from
/// another checkout that shares the target folder still reads this checkout's files.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), Into::into)
}
