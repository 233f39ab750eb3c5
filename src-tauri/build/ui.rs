//! What the app's window loads, decided by the build script (`build.rs`) and unit-tested with the
//! app (`cargo test -p pipewright-app ui_source`).
//!
//! A release build (the `release` profile, or any profile that inherits it) always embeds the
//! built UI: without `ui/dist/index.html`, or without the `embed-ui` feature (the window would
//! load the Vite dev server), it fails. A debug build without `ui/dist` embeds a page that says
//! how to build the UI, so that `cargo test --workspace` compiles on a fresh clone; a debug build
//! without `embed-ui` loads the dev server (`scripts/run.sh --dev`).

/// Where the window's page comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiSource {
    /// `ui/dist`, embedded in the binary.
    Built,
    /// A page saying that the UI was not built (debug builds only).
    Placeholder,
    /// The Vite dev server of `devUrl` (debug builds without `embed-ui` only).
    DevServer,
}

/// Why a build cannot go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiError {
    ReleaseWithoutEmbedding,
    ReleaseWithoutBuiltUi,
}

impl std::fmt::Display for UiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            UiError::ReleaseWithoutEmbedding => {
                "a release build must embed the UI, and this one would load the dev server: build it with the default features (`embed-ui`)"
            }
            UiError::ReleaseWithoutBuiltUi => {
                "a release build must embed the UI, and ui/dist is not built: run `npm ci && npm run build` in ui/ first (`make package` does)"
            }
        })
    }
}

/// The page a build embeds: `release` for a profile that inherits `release`, `embed` for the
/// `embed-ui` feature, `built` when `ui/dist/index.html` exists.
pub fn ui_source(release: bool, embed: bool, built: bool) -> Result<UiSource, UiError> {
    match (release, embed, built) {
        (true, false, _) => Err(UiError::ReleaseWithoutEmbedding),
        (true, true, false) => Err(UiError::ReleaseWithoutBuiltUi),
        (_, true, true) => Ok(UiSource::Built),
        (false, true, false) => Ok(UiSource::Placeholder),
        (false, false, _) => Ok(UiSource::DevServer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ui_source_a_release_build_embeds_the_built_ui_or_fails() {
        assert_eq!(ui_source(true, true, true), Ok(UiSource::Built));
        assert_eq!(
            ui_source(true, true, false),
            Err(UiError::ReleaseWithoutBuiltUi)
        );
        assert_eq!(
            ui_source(true, false, true),
            Err(UiError::ReleaseWithoutEmbedding)
        );
        assert_eq!(
            ui_source(true, false, false),
            Err(UiError::ReleaseWithoutEmbedding)
        );
    }

    #[test]
    fn ui_source_a_debug_build_falls_back_to_a_placeholder_or_the_dev_server() {
        assert_eq!(ui_source(false, true, true), Ok(UiSource::Built));
        assert_eq!(ui_source(false, true, false), Ok(UiSource::Placeholder));
        assert_eq!(ui_source(false, false, true), Ok(UiSource::DevServer));
        assert_eq!(ui_source(false, false, false), Ok(UiSource::DevServer));
    }
}
