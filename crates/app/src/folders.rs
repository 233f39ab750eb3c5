//! The app's folders across a change of its bundle identifier. Tauri names the app's config,
//! data and cache folders after the identifier (`~/.config/<identifier>` on Linux,
//! `~/Library/Application Support/<identifier>` on macOS, `%APPDATA%\<identifier>` on Windows).
//! The identifier was `dev.pipewright.app` (which ends like a macOS bundle, as Tauri warns); at
//! the first start under the new one, what the old folders hold moves to the new ones:
//! settings, connections (their secrets stay in the keyring, whose service name is fixed),
//! recent files, recoveries, the window's geometry and the webview's storage.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The identifiers the app had before, oldest first: their folders move to the current ones.
pub const FORMER_IDENTIFIERS: &[&str] = &["dev.pipewright.app"];

/// What moving one folder into another did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Moved {
    /// Files and folders now in the new folder, as their paths there.
    pub moved: Vec<PathBuf>,
    /// Files left in the old folder because the new folder's copy is as new or newer.
    pub kept_back: Vec<PathBuf>,
}

/// The folder a former identifier had beside `current` (a folder named after the current
/// identifier): the same parent, the former name.
pub fn former_folder(current: &Path, former_identifier: &str) -> Option<PathBuf> {
    current
        .parent()
        .map(|parent| parent.join(former_identifier))
}

/// Moves what `old` holds into `new`, creating `new` when it is missing. An entry `new` already
/// has stays, unless it is a file and the old one is newer (modified later): then the old one
/// replaces it. Folders present in both are merged the same way. What is left of `old` (files
/// kept back) stays where it is; `old` itself is removed when it ends up empty. Nothing happens
/// when `old` does not exist.
pub fn move_folder(old: &Path, new: &Path) -> io::Result<Moved> {
    let mut result = Moved::default();
    if !fs::symlink_metadata(old).is_ok_and(|m| m.is_dir()) || old == new {
        return Ok(result);
    }
    if fs::symlink_metadata(new).is_err() {
        if let Some(parent) = new.parent() {
            fs::create_dir_all(parent)?;
        }
        // The usual case: the new folder does not exist yet, and one rename moves everything.
        if fs::rename(old, new).is_ok() {
            result.moved.push(new.to_path_buf());
            return Ok(result);
        }
        fs::create_dir_all(new)?;
    }
    merge(old, new, &mut result)?;
    // Only an empty folder is removed: anything kept back stays.
    let _ = fs::remove_dir(old);
    Ok(result)
}

fn merge(old: &Path, new: &Path, result: &mut Moved) -> io::Result<()> {
    for entry in fs::read_dir(old)? {
        let entry = entry?;
        let from = entry.path();
        let to = new.join(entry.file_name());
        let from_meta = fs::symlink_metadata(&from)?;
        match fs::symlink_metadata(&to) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                move_entry(&from, &to, from_meta.is_dir())?;
                result.moved.push(to);
            }
            Err(e) => return Err(e),
            Ok(to_meta) if from_meta.is_dir() && to_meta.is_dir() => {
                merge(&from, &to, result)?;
                let _ = fs::remove_dir(&from);
            }
            Ok(to_meta)
                if !from_meta.is_dir() && !to_meta.is_dir() && newer(&from_meta, &to_meta) =>
            {
                fs::rename(&from, &to).or_else(|_| {
                    fs::copy(&from, &to)?;
                    fs::remove_file(&from)
                })?;
                result.moved.push(to);
            }
            Ok(_) => result.kept_back.push(from),
        }
    }
    Ok(())
}

/// Whether `a` was modified after `b` (unknown times count as old).
fn newer(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    let time = |m: &fs::Metadata| m.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    time(a) > time(b)
}

/// Moves a file or a whole folder, by rename, or by copy and delete where a rename cannot (another
/// file system).
fn move_entry(from: &Path, to: &Path, is_dir: bool) -> io::Result<()> {
    if fs::rename(from, to).is_ok() {
        return Ok(());
    }
    if is_dir {
        fs::create_dir_all(to)?;
        for entry in fs::read_dir(from)? {
            let entry = entry?;
            let is_dir = entry.file_type()?.is_dir();
            move_entry(&entry.path(), &to.join(entry.file_name()), is_dir)?;
        }
        fs::remove_dir(from)
    } else {
        fs::copy(from, to)?;
        fs::remove_file(from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap()
    }

    /// Sets a file's modification time `seconds` after an arbitrary fixed moment.
    fn touch(path: &Path, seconds: u64) {
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000 + seconds);
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(time)
            .unwrap();
    }

    #[test]
    fn the_former_folder_sits_beside_the_current_one() {
        assert_eq!(
            former_folder(
                Path::new("/home/u/.config/dev.pipewright.Pipewright"),
                "dev.pipewright.app"
            ),
            Some(PathBuf::from("/home/u/.config/dev.pipewright.app"))
        );
    }

    #[test]
    fn a_missing_new_folder_receives_the_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("parent/new"));
        write(&old.join("connections.json"), "conns");
        write(&old.join("recovery/a.json"), "draft");
        let moved = move_folder(&old, &new).unwrap();
        assert_eq!(moved.moved, vec![new.clone()]);
        assert!(moved.kept_back.is_empty());
        assert!(!old.exists());
        assert_eq!(read(&new.join("connections.json")), "conns");
        assert_eq!(read(&new.join("recovery/a.json")), "draft");
    }

    #[test]
    fn nothing_happens_without_an_old_folder() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new");
        write(&new.join("settings.json"), "new");
        assert_eq!(
            move_folder(&dir.path().join("old"), &new).unwrap(),
            Moved::default()
        );
        assert_eq!(read(&new.join("settings.json")), "new");
        // A file where the old folder would be is not a folder to move.
        write(&dir.path().join("file"), "x");
        assert_eq!(
            move_folder(&dir.path().join("file"), &new).unwrap(),
            Moved::default()
        );
        assert_eq!(read(&dir.path().join("file")), "x");
    }

    #[test]
    fn folders_merge_and_nothing_newer_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        // Only in the old folder: moves.
        write(&old.join("recent.json"), "old recent");
        write(&old.join("recovery/only-old.json"), "old draft");
        // In both, the new one newer: stays, and the old one is kept back where it was.
        write(&old.join("settings.json"), "old settings");
        touch(&old.join("settings.json"), 10);
        write(&new.join("settings.json"), "new settings");
        touch(&new.join("settings.json"), 20);
        // In both, as new as each other: the new folder's stays.
        write(&old.join("recovery/same.json"), "old same");
        touch(&old.join("recovery/same.json"), 30);
        write(&new.join("recovery/same.json"), "new same");
        touch(&new.join("recovery/same.json"), 30);
        // In both, the old one newer (an older version ran after the new one): it replaces it.
        write(&old.join("connections.json"), "old conns, newer");
        touch(&old.join("connections.json"), 50);
        write(&new.join("connections.json"), "new conns, older");
        touch(&new.join("connections.json"), 40);
        // A folder in the new one where the old has a file: nothing is replaced.
        write(&old.join("thing"), "old file");
        write(&new.join("thing/inside"), "new folder");
        touch(&old.join("thing"), 99);

        let moved = move_folder(&old, &new).unwrap();

        assert_eq!(read(&new.join("recent.json")), "old recent");
        assert_eq!(read(&new.join("recovery/only-old.json")), "old draft");
        assert_eq!(read(&new.join("settings.json")), "new settings");
        assert_eq!(read(&new.join("recovery/same.json")), "new same");
        assert_eq!(read(&new.join("connections.json")), "old conns, newer");
        assert_eq!(read(&new.join("thing/inside")), "new folder");
        let mut kept = moved.kept_back.clone();
        kept.sort();
        assert_eq!(
            kept,
            vec![
                old.join("recovery/same.json"),
                old.join("settings.json"),
                old.join("thing")
            ]
        );
        // What was kept back is still there; what moved is gone from the old folder.
        assert_eq!(read(&old.join("settings.json")), "old settings");
        assert!(!old.join("recent.json").exists());
        assert!(!old.join("connections.json").exists());
        assert!(!old.join("recovery/only-old.json").exists());
        assert!(moved.moved.contains(&new.join("recent.json")));
        assert!(moved.moved.contains(&new.join("connections.json")));
    }

    #[test]
    fn an_old_folder_emptied_by_the_merge_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        write(&old.join("recovery/a.json"), "a");
        write(&new.join("recovery/b.json"), "b");
        let moved = move_folder(&old, &new).unwrap();
        assert_eq!(moved.moved, vec![new.join("recovery/a.json")]);
        assert!(!old.exists());
        assert_eq!(read(&new.join("recovery/a.json")), "a");
        assert_eq!(read(&new.join("recovery/b.json")), "b");
    }
}
