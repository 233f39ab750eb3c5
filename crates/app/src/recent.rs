//! The recent-files list, kept as JSON in the app's config folder, newest first.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{AppError, Result};
use crate::files::{replace_file, Durability};

/// How many files the list keeps.
pub const MAX_RECENT: usize = 10;
const FILE_NAME: &str = "recent-files.json";

/// The recent-files list stored in `config_dir`.
#[derive(Debug, Clone)]
pub struct RecentFiles {
    file: PathBuf,
}

impl RecentFiles {
    pub fn new(config_dir: &Path) -> Self {
        RecentFiles {
            file: config_dir.join(FILE_NAME),
        }
    }

    /// Every remembered path that still exists, newest first. A missing or unreadable list is
    /// an empty one (it is only a convenience).
    pub fn list(&self) -> Vec<String> {
        self.read()
            .into_iter()
            .filter(|p| Path::new(p).exists())
            .collect()
    }

    /// Put `path` at the top of the list.
    pub fn remember(&self, path: &Path) -> Result<()> {
        let path = fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string();
        let mut list = self.read();
        list.retain(|p| *p != path);
        list.insert(0, path);
        list.truncate(MAX_RECENT);
        if let Some(dir) = self.file.parent() {
            fs::create_dir_all(dir).map_err(AppError::io("create", dir))?;
        }
        let text =
            serde_json::to_string_pretty(&list).map_err(|e| AppError::Render(e.to_string()))?;
        // Every open remembers its file before it answers: the list is not worth a wait for the
        // disk (a lost or empty list after a power cut is an empty one).
        replace_file(&self.file, text.as_bytes(), Durability::Buffered)
    }

    fn read(&self) -> Vec<String> {
        fs::read_to_string(&self.file)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, "{}").expect("write");
        fs::canonicalize(path).expect("canonicalize")
    }

    #[test]
    fn newest_first_without_duplicates_and_capped() {
        let config = tempfile::tempdir().expect("tempdir");
        let files = tempfile::tempdir().expect("tempdir");
        let recent = RecentFiles::new(&config.path().join("nested"));
        assert!(recent.list().is_empty());
        let paths: Vec<_> = (0..12)
            .map(|i| touch(files.path(), &format!("p{i}.json")))
            .collect();
        for p in &paths {
            recent.remember(p).expect("remember");
        }
        recent.remember(&paths[5]).expect("remember again");
        let list = recent.list();
        assert_eq!(list.len(), MAX_RECENT);
        assert_eq!(list[0], paths[5].display().to_string());
        assert_eq!(list[1], paths[11].display().to_string());
        assert_eq!(
            list.iter()
                .filter(|p| **p == paths[5].display().to_string())
                .count(),
            1
        );
        // Persisted: a fresh handle on the same folder sees the same list.
        assert_eq!(RecentFiles::new(&config.path().join("nested")).list(), list);
    }

    #[test]
    fn forgets_files_that_are_gone_and_survives_a_corrupt_list() {
        let config = tempfile::tempdir().expect("tempdir");
        let files = tempfile::tempdir().expect("tempdir");
        let recent = RecentFiles::new(config.path());
        let keep = touch(files.path(), "keep.json");
        let gone = touch(files.path(), "gone.json");
        recent.remember(&keep).expect("remember");
        recent.remember(&gone).expect("remember");
        fs::remove_file(&gone).expect("rm");
        assert_eq!(recent.list(), vec![keep.display().to_string()]);
        fs::write(config.path().join(FILE_NAME), "not json").expect("corrupt");
        assert!(recent.list().is_empty());
        recent.remember(&keep).expect("remember after corruption");
        assert_eq!(recent.list(), vec![keep.display().to_string()]);
    }
}
