//! Autosave and crash recovery: the UI saves each open design's unsaved state under a key it
//! chooses (one per tab); after a crash the next start lists what was recovered. Stored as one
//! JSON file per key in the `recovery` folder of the app's data folder.

use std::fs;
use std::path::{Path, PathBuf};

use pipewright_core::Document;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Result};
use crate::files::atomic_write;

const MAX_KEY_LEN: usize = 120;

/// An autosaved design (`list_recoveries`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Recovery {
    /// The UI's key for the design (e.g. one per open tab).
    pub key: String,
    /// The file the design belongs to; null for a design never saved.
    pub path: Option<String>,
    /// When it was autosaved, RFC 3339 UTC.
    pub saved_at: String,
    pub document: Document,
}

/// The recovery folder.
#[derive(Debug, Clone)]
pub struct RecoveryStore {
    dir: PathBuf,
}

impl RecoveryStore {
    pub fn new(data_dir: &Path) -> Self {
        RecoveryStore {
            dir: data_dir.join("recovery"),
        }
    }

    /// Save (or replace) the autosave of `key`.
    pub fn save(&self, key: &str, path: Option<String>, document: Document) -> Result<()> {
        let file = self.file_for(key)?;
        fs::create_dir_all(&self.dir).map_err(AppError::io("create", &self.dir))?;
        let saved_at = timestamp(time::OffsetDateTime::now_utc());
        let recovery = Recovery {
            key: key.to_string(),
            path,
            saved_at,
            document,
        };
        let text = serde_json::to_string(&recovery).map_err(|e| AppError::Render(e.to_string()))?;
        atomic_write(&file, text.as_bytes())
    }

    /// Every autosave, newest first. Files that cannot be read (a crash mid-write of an older
    /// version, a hand edit) are skipped: recovery must never stop the app from starting.
    pub fn list(&self) -> Vec<Recovery> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut out: Vec<Recovery> = entries
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_name().to_string_lossy().ends_with(".json"))
            .filter_map(|entry| fs::read_to_string(entry.path()).ok())
            .filter_map(|text| serde_json::from_str(&text).ok())
            .collect();
        out.sort_by(|a, b| b.saved_at.cmp(&a.saved_at).then_with(|| a.key.cmp(&b.key)));
        out
    }

    /// Forget the autosave of `key` (after a save, or when the user declines it). Discarding
    /// what is not there is fine.
    pub fn discard(&self, key: &str) -> Result<()> {
        let file = self.file_for(key)?;
        match fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(AppError::Io {
                action: "remove",
                path: file,
                source: e,
            }),
            _ => Ok(()),
        }
    }

    /// One file per key; the name escapes everything but ASCII letters, digits, `-` and `_`,
    /// so distinct keys never share a file and no key can point outside the folder.
    fn file_for(&self, key: &str) -> Result<PathBuf> {
        if key.is_empty() || key.len() > MAX_KEY_LEN {
            return Err(AppError::Invalid(format!(
                "an autosave key must be 1 to {MAX_KEY_LEN} characters long (got {})",
                key.len()
            )));
        }
        let mut name = String::new();
        for b in key.bytes() {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                name.push(b as char);
            } else {
                name.push_str(&format!("~{b:02x}"));
            }
        }
        Ok(self.dir.join(format!("{name}.json")))
    }
}

/// RFC 3339 in UTC with milliseconds, fixed width so that text order is time order.
fn timestamp(t: time::OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipewright_core::Format;

    fn doc(name: &str) -> Document {
        let text = format!(
            r#"{{"pipeline": {{"name": "{name}", "roleArn": "r", "stages": [], "unknownField": [1, 2]}}}}"#
        );
        Document::parse(&text, Format::Json).expect("parse")
    }

    #[test]
    fn save_list_discard() {
        let data = tempfile::tempdir().expect("tempdir");
        let store = RecoveryStore::new(data.path());
        assert!(store.list().is_empty(), "no folder yet is no recoveries");
        store
            .save("tab-1", Some("/tmp/a.json".into()), doc("a"))
            .expect("save");
        store
            .save("untitled 2/../x", None, doc("b"))
            .expect("save odd key");
        let list = store.list();
        assert_eq!(list.len(), 2);
        let a = list.iter().find(|r| r.key == "tab-1").expect("tab-1");
        assert_eq!(a.path.as_deref(), Some("/tmp/a.json"));
        assert_eq!(a.document, doc("a"), "unknown fields survive the autosave");
        let parsed = time::OffsetDateTime::parse(
            &a.saved_at,
            &time::format_description::well_known::Rfc3339,
        )
        .expect("RFC 3339");
        assert!((time::OffsetDateTime::now_utc() - parsed).whole_seconds() < 60);
        let b = list
            .iter()
            .find(|r| r.key == "untitled 2/../x")
            .expect("odd key");
        assert_eq!(b.path, None);
        // The odd key stayed inside the recovery folder.
        for entry in fs::read_dir(data.path()).expect("ls") {
            assert_eq!(entry.expect("entry").file_name(), "recovery");
        }
        store.discard("tab-1").expect("discard");
        store.discard("tab-1").expect("discarding twice is fine");
        let keys: Vec<_> = store.list().into_iter().map(|r| r.key).collect();
        assert_eq!(keys, vec!["untitled 2/../x".to_string()]);
    }

    #[test]
    fn saving_again_replaces_and_orders_newest_first() {
        let data = tempfile::tempdir().expect("tempdir");
        let store = RecoveryStore::new(data.path());
        store.save("k1", None, doc("first")).expect("save");
        std::thread::sleep(std::time::Duration::from_millis(5));
        store.save("k2", None, doc("second")).expect("save");
        store.save("k2", None, doc("third")).expect("save again");
        let list = store.list();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].key, "k2");
        assert_eq!(list[0].document.pipeline.name, "third");
    }

    #[test]
    fn skips_unreadable_files_and_rejects_bad_keys() {
        let data = tempfile::tempdir().expect("tempdir");
        let store = RecoveryStore::new(data.path());
        store.save("good", None, doc("g")).expect("save");
        fs::write(data.path().join("recovery/bad.json"), "{ truncated").expect("write");
        assert_eq!(store.list().len(), 1);
        assert_eq!(
            store.save("", None, doc("x")).expect_err("empty").kind(),
            crate::ErrorKind::Invalid
        );
        assert_eq!(
            store.discard(&"k".repeat(500)).expect_err("long").kind(),
            crate::ErrorKind::Invalid
        );
    }
}
