//! What the app keeps while it runs: where its files live and the design file it was started with.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::grants::PathGrants;
use crate::recent::RecentFiles;
use crate::recovery::RecoveryStore;

/// Managed Tauri state (`State<'_, AppState>` in commands).
#[derive(Debug)]
pub struct AppState {
    pub recent: RecentFiles,
    pub recoveries: RecoveryStore,
    /// The files and folders chosen in a dialog this session: where file commands may write.
    pub grants: PathGrants,
    startup_file: Mutex<Option<String>>,
}

impl AppState {
    /// `config_dir` holds settings (recent files; the window-state plugin's file sits beside it),
    /// `data_dir` holds the recovery folder.
    pub fn new(config_dir: &Path, data_dir: &Path, startup_file: Option<String>) -> Self {
        AppState {
            recent: RecentFiles::new(config_dir),
            recoveries: RecoveryStore::new(data_dir),
            grants: PathGrants::default(),
            startup_file: Mutex::new(startup_file),
        }
    }

    /// The design file given on the command line, or by the latest second launch.
    pub fn startup_file(&self) -> Option<String> {
        self.startup_file
            .lock()
            .map(|f| f.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// Ok when the webview may have the app `what` ("save", "open", ...) `path`: chosen in a
    /// dialog this session, a recent file, or the startup file; otherwise the refusal.
    pub fn check_path(&self, path: &Path, what: &str) -> crate::Result<()> {
        let recent = self.recent.list();
        let startup = self.startup_file();
        let known = recent.iter().map(String::as_str).chain(startup.as_deref());
        self.grants.check_file(path, known, what)
    }

    pub fn set_startup_file(&self, path: Option<String>) {
        match self.startup_file.lock() {
            Ok(mut f) => *f = path,
            Err(poisoned) => *poisoned.into_inner() = path,
        }
    }
}

/// The design file named on a command line (`argv[0]` first), made absolute against `cwd`: the
/// first argument that is not an option. Options (`--foo`) are for the platform (WebDriver
/// passes some) and ignored.
pub fn file_from_args<I, S>(args: I, cwd: &Path) -> Option<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let arg = args
        .into_iter()
        .skip(1)
        .find(|a| !a.as_ref().is_empty() && !a.as_ref().starts_with('-'))?;
    let path = PathBuf::from(arg.as_ref());
    let path = if path.is_absolute() {
        path
    } else {
        cwd.join(path)
    };
    Some(path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_positional_argument_made_absolute() {
        let cwd = Path::new("/home/me/work");
        assert_eq!(file_from_args(["app"], cwd), None);
        assert_eq!(file_from_args(["app", "--automation"], cwd), None);
        assert_eq!(
            file_from_args(["app", "--automation", "pipe.json", "other.yaml"], cwd).as_deref(),
            Some("/home/me/work/pipe.json")
        );
        assert_eq!(
            file_from_args(["app", "/abs/p.yaml"], cwd).as_deref(),
            Some("/abs/p.yaml")
        );
    }

    #[test]
    fn startup_file_can_be_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = AppState::new(dir.path(), dir.path(), Some("/a.json".into()));
        assert_eq!(state.startup_file().as_deref(), Some("/a.json"));
        state.set_startup_file(Some("/b.json".into()));
        assert_eq!(state.startup_file().as_deref(), Some("/b.json"));
    }
}
