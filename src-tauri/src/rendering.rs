//! How the webview draws, chosen before it starts. WebKitGTK draws pages with Skia on the GPU.
//! On a machine without a GPU (a VM, a remote desktop, CI) that "GPU" is Mesa's llvmpipe, which
//! compiles every shader with LLVM on the CPU: slower than Skia's own CPU rasterizer and, measured
//! with `benches/app-startup.sh`, about 60 MB heavier for the designer. So without a GPU the app
//! asks WebKit for CPU rendering, unless the user decided either way with the variable itself.

use std::ffi::OsStr;
use std::path::Path;

/// WebKitGTK's switch to Skia's CPU rasterizer.
pub const CPU_RENDERING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// What the choice looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Machine<'a> {
    /// The user's own `WEBKIT_SKIA_ENABLE_CPU_RENDERING`, if set.
    pub user_setting: Option<&'a OsStr>,
    /// A DRM render node (`/dev/dri/renderD*`) exists: there is a GPU driver to render with.
    pub render_node: bool,
    /// `LIBGL_ALWAYS_SOFTWARE` asks Mesa to render in software anyway.
    pub software_gl: bool,
}

/// Whether to set [`CPU_RENDERING`] for this machine.
pub fn wants_cpu_rendering(m: Machine<'_>) -> bool {
    m.user_setting.is_none() && (!m.render_node || m.software_gl)
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

/// Make the choice for this process (and the WebKit processes it starts). Call it first thing,
/// before any thread starts.
pub fn choose() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let user_setting = std::env::var_os(CPU_RENDERING);
    let software_gl = std::env::var_os("LIBGL_ALWAYS_SOFTWARE")
        .is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
    let machine = Machine {
        user_setting: user_setting.as_deref(),
        render_node: has_render_node(Path::new("/dev/dri")),
        software_gl,
    };
    if wants_cpu_rendering(machine) {
        std::env::set_var(CPU_RENDERING, "1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine(user_setting: Option<&OsStr>, render_node: bool, software_gl: bool) -> Machine<'_> {
        Machine {
            user_setting,
            render_node,
            software_gl,
        }
    }

    #[test]
    fn cpu_rendering_only_without_a_gpu_and_never_over_the_users_setting() {
        assert!(wants_cpu_rendering(machine(None, false, false)), "no GPU");
        assert!(
            wants_cpu_rendering(machine(None, true, true)),
            "Mesa told to use software"
        );
        assert!(!wants_cpu_rendering(machine(None, true, false)), "a GPU");
        for user in ["0", "1"] {
            let user = Some(OsStr::new(user));
            assert!(
                !wants_cpu_rendering(machine(user, false, false)),
                "{user:?}"
            );
            assert!(!wants_cpu_rendering(machine(user, true, true)), "{user:?}");
        }
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
