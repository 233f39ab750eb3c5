//! Guards on the app's security and window configuration (`tauri.conf.json` at the repository
//! root, `capabilities/`): no remote content, no inline or eval'd script, only the permissions the
//! UI uses, and a window theme left to the OS; and that Tauri reads that one file.

use serde_json::Value;

/// The one configuration, at the repository root. Tauri reads it through the link
/// `src-tauri/tauri.conf.json`, so the paths in it start from `src-tauri/`.
const CONFIG: &str = "../tauri.conf.json";

fn read_json(relative: &str) -> Value {
    let path = pipewright_test_support::manifest_dir!().join(relative);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

fn csp_directives() -> Vec<(String, Vec<String>)> {
    let config = read_json(CONFIG);
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
    let config = read_json(CONFIG);
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
    // The file dialogs are opened by Rust (`pick_file`, `pick_folder`, `pick_save_path`), which
    // records what the user chose; the webview may not open them itself.
    assert_eq!(permissions, ["core:default"]);
    let dir = pipewright_test_support::manifest_dir!().join("capabilities");
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

#[test]
fn the_version_is_set_in_cargo_toml_only() {
    // The bundler, the updater and the About box take the version from Tauri's configuration when
    // it has one: it must not, so that the workspace's `version` is the only one.
    let config = read_json(CONFIG);
    assert!(
        config.get("version").is_none(),
        "tauri.conf.json sets a version; set it in the root Cargo.toml instead"
    );
}

#[test]
fn the_bundle_has_an_icon_at_every_size_and_a_sharp_window_icon() {
    let config = read_json(CONFIG);
    let icons: Vec<&str> = config["bundle"]["icon"]
        .as_array()
        .expect("bundle.icon")
        .iter()
        .map(|i| i.as_str().expect("an icon path"))
        .collect();
    let mut sizes = Vec::new();
    for icon in &icons {
        let bytes =
            // Relative to src-tauri/, where Tauri reads the configuration (through the link).
        std::fs::read(pipewright_test_support::manifest_dir!().join(icon)).unwrap_or_else(|e| panic!("{icon}: {e}"));
        if icon.ends_with(".png") {
            // PNG: the width is the IHDR's first field; colour type 6 is RGBA.
            let width = u32::from_be_bytes(bytes[16..20].try_into().expect("IHDR width"));
            assert_eq!(bytes[25], 6, "{icon} is not RGBA");
            sizes.push(width);
        }
    }
    assert_eq!(sizes[0], 128, "the first PNG is the window's icon");
    sizes.sort_unstable();
    assert_eq!(sizes, [16, 24, 32, 48, 64, 128, 256, 512]);
    assert!(
        icons.iter().any(|i| i.ends_with(".icns")) && icons.iter().any(|i| i.ends_with(".ico"))
    );
}

#[test]
fn updates_are_keyed_and_pointed_at_build_time_and_must_be_signed_for_their_version() {
    let config = read_json(CONFIG);
    let updater = &config["plugins"]["updater"];
    // scripts/package.sh fills these in from the environment: no key or endpoint in the repo.
    assert_eq!(updater["pubkey"], "");
    assert_eq!(updater["endpoints"], serde_json::json!([]));
    assert_eq!(updater["requireSignedVersion"], true);
    assert!(updater.get("dangerousInsecureTransportProtocol").is_none());
    assert!(updater.get("dangerousAcceptInvalidCerts").is_none());
}

#[test]
fn design_files_have_one_mime_type_per_format_in_the_bundle_and_the_mime_database() {
    let config = read_json(CONFIG);
    let mut bundled: Vec<(String, Vec<String>)> = config["bundle"]["fileAssociations"]
        .as_array()
        .expect("bundle.fileAssociations")
        .iter()
        .map(|a| {
            let exts = a["ext"].as_array().expect("ext").iter();
            (
                a["mimeType"].as_str().expect("mimeType").to_string(),
                exts.map(|e| format!("*.{}", e.as_str().expect("an extension")))
                    .collect(),
            )
        })
        .collect();
    bundled.sort();
    let xml = std::fs::read_to_string(
        pipewright_test_support::manifest_dir!().join("../packaging/linux/pipewright-mime.xml"),
    )
    .expect("packaging/linux/pipewright-mime.xml");
    let mut declared = Vec::new();
    for block in xml.split("<mime-type type=\"").skip(1) {
        let mime = block.split('"').next().expect("a type").to_string();
        let globs = block
            .split("<glob pattern=\"")
            .skip(1)
            .map(|g| g.split('"').next().expect("a pattern").to_string())
            .collect();
        declared.push((mime, globs));
    }
    declared.sort();
    assert_eq!(bundled, declared);
    let names: Vec<&String> = declared.iter().flat_map(|(_, g)| g).collect();
    assert_eq!(
        names,
        ["*.pipewright.json", "*.pipewright.yaml", "*.pipewright.yml"],
        "the names docs/design-file.md gives design files"
    );
}

#[test]
fn tauri_reads_the_one_configuration_at_the_repository_root() {
    // tauri-build, generate_context!() and the bundler CLI read `tauri.conf.json` in this crate's
    // folder: that is a link to the root's file (a copy on a Windows checkout without links,
    // which the release workflow makes), never a second configuration.
    let beside = pipewright_test_support::manifest_dir!().join("tauri.conf.json");
    let root = pipewright_test_support::manifest_dir!().join(CONFIG);
    #[cfg(unix)]
    assert_eq!(
        std::fs::read_link(&beside).expect("src-tauri/tauri.conf.json is a symbolic link"),
        std::path::Path::new(CONFIG),
    );
    assert_eq!(
        std::fs::read(&beside).expect("read src-tauri/tauri.conf.json"),
        std::fs::read(&root).expect("read tauri.conf.json"),
        "src-tauri/tauri.conf.json is not the root's tauri.conf.json"
    );
    // Its paths resolve from src-tauri/, where Tauri reads it.
    let config = read_json(CONFIG);
    let dist = config["build"]["frontendDist"]
        .as_str()
        .expect("build.frontendDist");
    let dist = std::path::Path::new(dist);
    assert_eq!(
        dist.file_name(),
        Some("dist".as_ref()),
        "build.frontendDist is {dist:?}"
    );
    let ui = pipewright_test_support::manifest_dir!().join(dist.parent().expect("a parent folder"));
    assert_eq!(
        ui.canonicalize()
            .expect("build.frontendDist's folder exists"),
        pipewright_test_support::manifest_dir!()
            .join("../ui")
            .canonicalize()
            .expect("ui/"),
        "build.frontendDist is not ui/dist as seen from src-tauri/"
    );
}

#[test]
fn the_bundle_identifier_is_not_a_macos_bundle_name_nor_a_former_one() {
    let config = read_json(CONFIG);
    let identifier = config["identifier"]
        .as_str()
        .expect("identifier is a string");
    // Tauri warns about `.app`: it is the extension of macOS application bundles.
    assert!(!identifier.ends_with(".app"), "{identifier}");
    // The app's folders are named after it: a former one's folders move to the current ones.
    assert!(
        !pipewright_appcore::folders::FORMER_IDENTIFIERS.contains(&identifier),
        "{identifier}"
    );
    // It also names the single-instance D-Bus name (`<identifier>.SingleInstance`): its
    // elements must be D-Bus name elements.
    assert!(identifier.split('.').all(|part| {
        !part.is_empty()
            && !part.starts_with(|c: char| c.is_ascii_digit())
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    }));
}
