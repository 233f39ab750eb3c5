//! Where the webview may have the app write: only to a path the user chose in a file dialog
//! this session (the dialogs are opened from Rust, which records the choice here), to a recent
//! file, or to the design file the app was started with. A file command naming any other path
//! is refused with one sentence, so a script running in the webview cannot write anywhere it
//! likes. Folders chosen in a dialog (the import folder) are granted for the files written
//! directly inside them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Deserialize;

use crate::error::{AppError, ErrorKind, Result};

/// A file type a dialog offers (`name`, and extensions without the dot).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
pub struct FileFilter {
    pub name: String,
    pub extensions: Vec<String>,
}

/// The paths chosen in a dialog this session.
#[derive(Debug, Default)]
pub struct PathGrants {
    files: Mutex<HashSet<PathBuf>>,
    folders: Mutex<HashSet<PathBuf>>,
}

/// `path` made absolute and free of `..` and symbolic links as far as it exists (a file about to
/// be created: its folder resolved, its name kept).
pub fn normalized(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            std::fs::canonicalize(dir)
                .map(|d| d.join(name))
                .unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl PathGrants {
    /// The user chose this file in an open or save dialog (or dropped it on the window).
    pub fn grant_file(&self, path: &Path) {
        lock(&self.files).insert(normalized(path));
    }

    /// The user chose this folder in a folder dialog.
    pub fn grant_folder(&self, path: &Path) {
        lock(&self.folders).insert(normalized(path));
    }

    /// Ok when `path` was chosen in a dialog, is one of `known` (recent files, the startup
    /// file), or sits directly in a chosen folder; otherwise the refusal (`what`: "save",
    /// "open", ...).
    pub fn check_file<'a>(
        &self,
        path: &Path,
        known: impl IntoIterator<Item = &'a str>,
        what: &str,
    ) -> Result<()> {
        let wanted = normalized(path);
        let chosen = lock(&self.files).contains(&wanted)
            || wanted
                .parent()
                .is_some_and(|dir| lock(&self.folders).contains(dir))
            || known
                .into_iter()
                .any(|k| normalized(Path::new(k)) == wanted);
        if chosen {
            Ok(())
        } else {
            Err(AppError::other(
                ErrorKind::PathNotChosen,
                format!(
                    "the app may {what} only a file chosen in its file dialog or a recent file, and {} is neither; choose it with the dialog",
                    path.display()
                ),
            ))
        }
    }

    /// Ok when `folder` was chosen in a folder dialog this session.
    pub fn check_folder(&self, folder: &Path) -> Result<()> {
        if lock(&self.folders).contains(&normalized(folder)) {
            Ok(())
        } else {
            Err(AppError::other(
                ErrorKind::PathNotChosen,
                format!(
                    "the app writes only into a folder chosen in its folder dialog, and {} was not; choose the folder with the dialog",
                    folder.display()
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_chosen_recent_or_folder_files_pass() {
        let dir = tempfile::tempdir().unwrap();
        let grants = PathGrants::default();
        let chosen = dir.path().join("chosen.json");
        let other = dir.path().join("other.json");
        assert!(grants.check_file(&chosen, [], "save").is_err());
        grants.grant_file(&chosen);
        assert!(grants.check_file(&chosen, [], "save").is_ok());
        // The same file named another way.
        let sneaky = dir.path().join("sub").join("..").join("chosen.json");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert!(grants.check_file(&sneaky, [], "save").is_ok());
        let e = grants.check_file(&other, [], "save").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::PathNotChosen);
        assert!(e.to_string().contains("other.json is neither"), "{e}");
        let recent = other.display().to_string();
        assert!(grants.check_file(&other, [recent.as_str()], "save").is_ok());
        let folder = dir.path().join("designs");
        std::fs::create_dir(&folder).unwrap();
        assert!(grants.check_folder(&folder).is_err());
        grants.grant_folder(&folder);
        assert!(grants.check_folder(&folder).is_ok());
        assert!(grants
            .check_file(&folder.join("a.json"), [], "save")
            .is_ok());
        assert!(grants
            .check_file(&folder.join("deeper").join("a.json"), [], "save")
            .is_err());
    }
}
