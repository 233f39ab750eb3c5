//! The checkout's folders as the running test sees them.
//!
//! Test binaries are reused across checkouts that share one `CARGO_TARGET_DIR` (a fresh clone
//! next to a working copy), so a path baked in at compile time can name another checkout. Cargo
//! sets `CARGO_MANIFEST_DIR` when it runs a test, and that one is read first.

use std::path::{Path, PathBuf};

/// The calling package's folder: `CARGO_MANIFEST_DIR` at run time, else at compile time.
///
/// A macro so that the compile-time fallback is the caller's package, not this one.
#[macro_export]
macro_rules! manifest_dir {
    () => {
        $crate::paths::manifest_dir_or(env!("CARGO_MANIFEST_DIR"))
    };
}

/// `CARGO_MANIFEST_DIR` as cargo set it for the running test, else `compiled`.
pub fn manifest_dir_or(compiled: &str) -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from(compiled), PathBuf::from)
}

/// The repository root: the nearest folder above the running test's package that holds the
/// workspace's `Cargo.lock`.
pub fn repo_root() -> PathBuf {
    let start = manifest_dir_or(env!("CARGO_MANIFEST_DIR"));
    root_above(&start).unwrap_or_else(|| {
        panic!(
            "no Cargo.lock above {}: run the tests from a Pipewright checkout",
            start.display()
        )
    })
}

fn root_above(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|p| p.join("Cargo.lock").is_file())
        .map(Path::to_path_buf)
}

/// The Python test venv (moto, awscli, cfn-lint): `$PIPEWRIGHT_VENV`, else `<repo>/.venv-test`.
pub fn venv() -> PathBuf {
    match std::env::var_os("PIPEWRIGHT_VENV") {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => repo_root().join(".venv-test"),
    }
}

/// A program of the test venv; panics with what to do when it is missing.
pub fn venv_bin(name: &str) -> PathBuf {
    let bin = venv().join("bin").join(name);
    assert!(
        bin.is_file(),
        "{name} not found at {} (set PIPEWRIGHT_VENV or create <repo>/.venv-test): run `make test`, \
         which creates the venv from tests/requirements.txt",
        bin.display()
    );
    bin
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_holds_the_workspace() {
        let root = repo_root();
        assert!(root.join("Cargo.lock").is_file());
        assert!(root.join("crates/test-support/Cargo.toml").is_file());
        assert_eq!(crate::manifest_dir!(), root.join("crates/test-support"));
    }

    #[test]
    fn no_root_above_the_filesystem_root() {
        assert_eq!(root_above(Path::new("/")), None);
    }
}
