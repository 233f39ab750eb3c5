//! How the webview draws, chosen before it starts: the platform module for rendering. Only Linux
//! has something to choose. macOS (WKWebView) and Windows (WebView2) pick their own rendering,
//! GPU or not, and [`choose`] sets nothing there.
//!
//! On Linux, WebKitGTK draws pages with Skia on the GPU and composites their layers with OpenGL.
//! On a machine without a GPU (a VM, a remote desktop, CI) that GPU is Mesa's llvmpipe, which
//! compiles every shader with LLVM on the CPU. So without a GPU the app asks WebKit to rasterise
//! with Skia's CPU backend and to draw without compositing.
//! Measured on a 2-core machine without a GPU:
//! - Skia's CPU rasteriser is faster than llvmpipe, and the designer is about 60 MB lighter.
//! - Without compositing, llvmpipe's shader builds are gone from start-up. They competed with the
//!   page's scripts for the two cores. The window now shows the designer about 40 ms sooner
//!   (`benches/app-startup.sh`).
//! - Without compositing, a node drag runs at about 100 frames per second instead of 38, and a
//!   canvas pan at 59 instead of 35.
//!
//! The user decides instead by setting either variable themselves: then the app sets neither.

use std::ffi::OsStr;
use std::path::Path;

/// WebKitGTK's switch to Skia's CPU rasteriser.
pub const CPU_RENDERING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";
/// WebKitGTK's switch that draws pages without accelerated (OpenGL) compositing.
pub const NO_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// What the choice looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Machine {
    /// The user set [`CPU_RENDERING`] or [`NO_COMPOSITING`] themselves (to any value).
    pub user_decided: bool,
    /// A DRM render node (`/dev/dri/renderD*`) exists: there is a GPU driver to render with.
    pub render_node: bool,
    /// `LIBGL_ALWAYS_SOFTWARE` asks Mesa to render in software anyway.
    pub software_gl: bool,
}

/// The variables to set for `m`, each to `1`: both on a machine that would render with software
/// GL, none on one with a GPU or when the user decided.
pub fn software_switches(m: Machine) -> &'static [&'static str] {
    if !m.user_decided && (!m.render_node || m.software_gl) {
        &[CPU_RENDERING, NO_COMPOSITING]
    } else {
        &[]
    }
}

/// Whether `dir` (normally `/dev/dri`) holds a render node.
pub fn has_render_node(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}

/// Whether an environment value of `LIBGL_ALWAYS_SOFTWARE` turns it on.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn truthy(value: Option<&OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Make the choice for this process (and the WebKit processes it starts). Call it first thing,
/// before any thread starts.
#[cfg(target_os = "linux")]
pub fn choose() {
    let machine = Machine {
        user_decided: std::env::var_os(CPU_RENDERING).is_some()
            || std::env::var_os(NO_COMPOSITING).is_some(),
        render_node: has_render_node(Path::new("/dev/dri")),
        software_gl: truthy(std::env::var_os("LIBGL_ALWAYS_SOFTWARE").as_deref()),
    };
    for name in software_switches(machine) {
        std::env::set_var(name, "1");
    }
}

/// macOS and Windows: the web view chooses for itself.
#[cfg(not(target_os = "linux"))]
pub fn choose() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine(user_decided: bool, render_node: bool, software_gl: bool) -> Machine {
        Machine {
            user_decided,
            render_node,
            software_gl,
        }
    }

    #[test]
    fn software_rendering_only_without_a_gpu_and_never_over_the_users_setting() {
        let both = [CPU_RENDERING, NO_COMPOSITING];
        assert_eq!(
            software_switches(machine(false, false, false)),
            both,
            "no GPU"
        );
        assert_eq!(
            software_switches(machine(false, true, true)),
            both,
            "Mesa told to use software"
        );
        assert!(
            software_switches(machine(false, true, false)).is_empty(),
            "a GPU"
        );
        assert!(software_switches(machine(true, false, false)).is_empty());
        assert!(software_switches(machine(true, true, true)).is_empty());
    }

    #[test]
    fn libgl_always_software_is_on_unless_empty_zero_or_false() {
        for on in ["1", "true", "yes"] {
            assert!(truthy(Some(OsStr::new(on))), "{on}");
        }
        for off in ["", "0", "false"] {
            assert!(!truthy(Some(OsStr::new(off))), "{off:?}");
        }
        assert!(!truthy(None));
    }

    #[test]
    fn render_nodes_are_found_by_name() {
        let dir = std::env::temp_dir().join(format!("pw-dri-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(!has_render_node(&dir), "empty");
        std::fs::write(dir.join("card0"), "").unwrap();
        assert!(!has_render_node(&dir), "a card node alone renders nothing");
        std::fs::write(dir.join("renderD128"), "").unwrap();
        assert!(has_render_node(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!has_render_node(&dir), "no folder");
    }
}
