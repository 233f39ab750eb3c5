//! Build script: Tauri's build helpers, with the configuration `tauri.conf.json` read beside
//! this file, where `generate_context!` in `src/lib.rs` and the bundler (`make package`) read it
//! too: a link to the one at the repository root, so the paths in it start from `src-tauri/`.
//!
//! The UI is embedded from `ui/dist` (built by `npm run build` in `ui/`); what happens without
//! it is decided in `build/ui.rs`: a release build fails, a debug build embeds a small page
//! saying so, so that `cargo test --workspace` compiles on a fresh clone (`make run` always
//! builds the UI first).

use std::path::PathBuf;

#[path = "build/ui.rs"]
mod ui;

use ui::{ui_source, UiSource};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dist = manifest_dir.join("../ui/dist");
    // Rebuild (and re-embed) when the built UI changes, or appears.
    println!("cargo:rerun-if-changed={}", dist.display());
    println!("cargo:rerun-if-changed=capabilities");
    println!("cargo:rerun-if-changed=build/ui.rs");
    // `PROFILE` is `release` for the release profile and every profile that inherits it.
    let release = std::env::var("PROFILE").as_deref() == Ok("release");
    let embed = std::env::var_os("CARGO_FEATURE_EMBED_UI").is_some();
    let source = match ui_source(release, embed, dist.join("index.html").exists()) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    };
    if source == UiSource::Placeholder {
        let out =
            PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("ui-not-built");
        std::fs::create_dir_all(&out).expect("create the placeholder UI folder in OUT_DIR");
        std::fs::write(out.join("index.html"), PLACEHOLDER).expect("write the placeholder UI page");
        let mut config: serde_json::Value = std::env::var("TAURI_CONFIG")
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_else(|| serde_json::json!({}));
        config["build"]["frontendDist"] = serde_json::Value::String(out.display().to_string());
        // Read by `generate_context!` when it expands.
        println!("cargo:rustc-env=TAURI_CONFIG={config}");
        println!(
            "cargo:warning=ui/dist is not built: the app will show a page saying so. Run `npm run build` in ui/ (or `make run`)."
        );
    }
    tauri_build::try_build(tauri_build::Attributes::new())
        .expect("run tauri-build with tauri.conf.json");
}

const PLACEHOLDER: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pipewright</title></head>
<body style="font-family: sans-serif; padding: 2rem">
<h1>Pipewright's UI is not built</h1>
<p>This binary was compiled before <code>ui/dist</code> existed. Run <code>make run</code>, or
<code>npm ci &amp;&amp; npm run build</code> in <code>ui/</code> and build the app again.</p>
</body></html>
"#;
