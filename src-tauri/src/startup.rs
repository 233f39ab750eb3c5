//! The design file the app was started with, handed to the page before any of its code runs: an
//! initialization script sets `window.__PIPEWRIGHT_STARTUP__` (read by `ui/src/shell/startup.ts`), so
//! the UI starts reading the file and loading the designer as its first step instead of asking
//! over IPC (`startup_file`) once its code has loaded. With a file, the script also starts
//! fetching the designer's workspace (its script chunk and style sheet) beside the entry script,
//! where the UI would ask for it only once the entry has run; a start without one loads the
//! entry alone. The command stays for a page without the script (the UI in a plain browser) and
//! for the file of a later second launch.

use serde_json::json;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::Runtime;

/// The global the initialization script sets, as `ui/src/shell/startup.ts` reads it.
pub const GLOBAL: &str = "__PIPEWRIGHT_STARTUP__";

/// Where Vite puts the workspace's chunk and style sheet: `/assets/Workspace-<hash>.js|css`.
const WORKSPACE_PREFIX: &str = "/assets/Workspace-";

/// The workspace's files among the app's asset paths, sorted.
pub fn workspace_files<I, S>(asset_paths: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut files: Vec<String> = asset_paths
        .into_iter()
        .map(|p| p.as_ref().to_string())
        .filter(|p| p.starts_with(WORKSPACE_PREFIX) && (p.ends_with(".js") || p.ends_with(".css")))
        .collect();
    files.sort();
    files
}

/// The script: `window.__PIPEWRIGHT_STARTUP__ = {"file": <path or null>}`, frozen; with a file,
/// a `modulepreload` link for each script of `preload` and a style sheet link for each `.css`,
/// the way the UI's own loader (Vite's) links them, so that it finds them already there. Paths
/// are JSON string literals, valid JavaScript whatever characters they hold. It runs when the
/// document's root element exists, before the page's head is parsed.
pub fn init_script(file: Option<&str>, preload: &[String]) -> String {
    let mut script = format!(
        "Object.defineProperty(window, \"{GLOBAL}\", {{ value: Object.freeze({}) }});",
        json!({ "file": file })
    );
    if file.is_some() && !preload.is_empty() {
        script.push_str(&format!(
            "(function (files) {{ var root = document.head || document.documentElement; if (!root) return; \
             files.forEach(function (href) {{ var link = document.createElement(\"link\"); \
             link.rel = /\\.css$/.test(href) ? \"stylesheet\" : \"modulepreload\"; link.crossOrigin = \"\"; \
             link.href = href; root.appendChild(link); }}); }})({});",
            json!(preload)
        ));
    }
    script
}

/// A plugin with no commands that only installs [`init_script`] in the app's pages.
pub fn plugin<R: Runtime>(file: Option<&str>, preload: &[String]) -> TauriPlugin<R> {
    Builder::new("pipewright-startup")
        .js_init_script(init_script(file, preload))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value the script assigns, parsed back as JSON.
    fn assigned(script: &str) -> serde_json::Value {
        let start = script.find("Object.freeze(").expect("freeze") + "Object.freeze(".len();
        serde_json::Deserializer::from_str(&script[start..])
            .into_iter::<serde_json::Value>()
            .next()
            .expect("a value")
            .expect("a JSON object")
    }

    /// The files the script links, parsed back as JSON (none when it links nothing).
    fn linked(script: &str) -> serde_json::Value {
        match script.rfind("})([") {
            Some(at) => serde_json::from_str(&script[at + 3..script.len() - 2]).expect("a list"),
            None => json!([]),
        }
    }

    fn chunks() -> Vec<String> {
        workspace_files([
            "/index.html",
            "/assets/index-KXkzr9LU.js",
            "/assets/Workspace-C3GPgFIt.js",
            "/assets/Workspace-B_R-vcPJ.css",
            "/assets/Workspace-C3GPgFIt.js.map",
            "/assets/ControlRoom-DDRpTraQ.js",
        ])
    }

    #[test]
    fn finds_the_workspace_files() {
        assert_eq!(
            chunks(),
            [
                "/assets/Workspace-B_R-vcPJ.css",
                "/assets/Workspace-C3GPgFIt.js"
            ]
        );
    }

    #[test]
    fn names_the_file_or_none() {
        assert_eq!(
            assigned(&init_script(Some("/home/me/shop.json"), &[])),
            json!({ "file": "/home/me/shop.json" })
        );
        assert_eq!(assigned(&init_script(None, &[])), json!({ "file": null }));
        assert!(init_script(None, &[]).contains(GLOBAL));
    }

    #[test]
    fn a_start_with_a_file_links_the_workspace() {
        let with = init_script(Some("/home/me/shop.json"), &chunks());
        assert_eq!(linked(&with), json!(chunks()));
        assert!(with.contains("modulepreload") && with.contains("stylesheet"));
        // Without a file the start screen shows: only the entry script loads.
        assert_eq!(linked(&init_script(None, &chunks())), json!([]));
    }

    #[test]
    fn any_path_stays_one_string_literal() {
        let odd = "/tmp/a \"quoted\" \\ back\nline\u{2028}sep</script>) });.json";
        assert_eq!(
            assigned(&init_script(Some(odd), &[])),
            json!({ "file": odd })
        );
    }
}
