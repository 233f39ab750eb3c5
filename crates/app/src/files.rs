//! Design files on disk: open, save (atomically), export images. No window needed, so it is
//! plain Rust tested with temporary folders; the commands in `commands/files.rs` only call it.

use std::path::Path;

use base64::Engine;
use pipewright_core::{Document, Format};
use serde::Serialize;

use crate::error::{AppError, Result};

/// A design file read from disk (`open_design`).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct OpenedDesign {
    pub path: String,
    pub format: Format,
    pub document: Document,
}

/// Read a design file: JSON or YAML by extension, else by content (bounded: see
/// `pipewright_files::read_text`).
pub fn open_design(path: &Path) -> Result<OpenedDesign> {
    let pipewright_files::Text { text, format } = pipewright_files::read_text(path)?;
    let document = Document::parse(&text, format)
        .map_err(|e| AppError::Parse(format!("{}: {e}", path.display())))?;
    Ok(OpenedDesign {
        path: path.display().to_string(),
        format,
        document,
    })
}

/// The format to save in: the one asked for, else the one the file name implies.
pub fn save_format(path: &Path, format: Option<Format>) -> Result<Format> {
    if let Some(format) = format {
        return Ok(format);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Format::from_file_name(&name).ok_or_else(|| AppError::UnknownFormat {
        path: path.to_path_buf(),
    })
}

/// Write a design file atomically. Works whatever the document's diagnostics: a design with
/// errors can always be saved.
pub fn save_design(path: &Path, document: &Document, format: Option<Format>) -> Result<()> {
    let format = save_format(path, format)?;
    let text = document.to_text(format)?;
    atomic_write(path, text.as_bytes())
}

/// Write an exported image (PNG or SVG) sent by the UI as base64.
pub fn save_export(path: &Path, data_base64: &str) -> Result<()> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data_base64.trim())
        .map_err(|e| {
            AppError::Invalid(format!(
                "the exported image is not valid base64 ({e}); export it again"
            ))
        })?;
    atomic_write(path, &bytes)
}

pub use pipewright_files::Durability;

/// Replace `path` with `bytes` atomically and flushed to disk (`pipewright_files::replace`).
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    replace_file(path, bytes, Durability::Flushed)
}

/// Replace `path` with `bytes` atomically, flushed to disk when `durability` asks for it: the
/// one atomic write of the workspace (`pipewright_files::replace`).
pub fn replace_file(path: &Path, bytes: &[u8], durability: Durability) -> Result<()> {
    pipewright_files::replace(path, bytes, durability).map_err(AppError::io("write", path))
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::error::ErrorKind;

    const DESIGN: &str = r#"{
  "pipeline": {
    "name": "demo",
    "roleArn": "arn:aws:iam::123456789012:role/pipe",
    "stages": [
      {"name": "Source", "actions": [{"name": "Src", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"}, "futureField": 7}]}
    ],
    "futureTop": {"kept": true}
  },
  "pipewright": {"format": 1, "positions": {"stage:Source": {"x": 1.5, "y": 2}}}
}
"#;

    #[test]
    fn opens_json_and_keeps_unknown_fields() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("demo.json");
        fs::write(&path, DESIGN).expect("write");
        let opened = open_design(&path).expect("open");
        assert_eq!(opened.format, Format::Json);
        assert_eq!(opened.path, path.display().to_string());
        assert_eq!(opened.document.pipeline.name, "demo");
        let value = opened.document.to_value();
        assert_eq!(
            value["pipeline"]["stages"][0]["actions"][0]["futureField"],
            7
        );
        assert_eq!(value["pipeline"]["futureTop"]["kept"], true);
    }

    #[test]
    fn opens_yaml_by_content_when_the_extension_says_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("pipeline.design");
        fs::write(&path, "pipeline:\n  name: y\n  roleArn: r\n  stages: []\n").expect("write");
        let opened = open_design(&path).expect("open");
        assert_eq!(opened.format, Format::Yaml);
        assert_eq!(opened.document.pipeline.name, "y");
    }

    #[test]
    fn open_reports_missing_files_and_syntax_errors_with_location() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = open_design(&dir.path().join("nope.json")).expect_err("missing");
        assert_eq!(missing.kind(), ErrorKind::NotFound);
        let broken = dir.path().join("broken.json");
        fs::write(&broken, "{\n  \"pipeline\": {\n    \"name\": \"x\",,\n").expect("write");
        let error = open_design(&broken).expect_err("broken");
        assert_eq!(error.kind(), ErrorKind::Parse);
        let message = error.to_string();
        assert!(
            message.contains("broken.json") && message.contains("line 3"),
            "{message}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn either_durability_replaces_the_file_keeps_its_mode_and_leaves_no_temporary() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        for (i, durability) in [Durability::Flushed, Durability::Buffered]
            .into_iter()
            .enumerate()
        {
            let path = dir.path().join(format!("list-{i}.json"));
            fs::write(&path, "old").expect("write");
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
            replace_file(&path, b"[\"new\"]", durability).expect("replace");
            assert_eq!(
                fs::read_to_string(&path).expect("read"),
                "[\"new\"]",
                "{durability:?}"
            );
            let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{durability:?}");
        }
        let left: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        let missing = replace_file(
            &dir.path().join("no/such/dir/x"),
            b"x",
            Durability::Buffered,
        )
        .expect_err("no folder");
        assert_eq!(missing.kind(), ErrorKind::NotFound);
    }

    #[test]
    fn save_round_trips_and_replaces_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("demo.yaml");
        let document = Document::parse(DESIGN, Format::Json).expect("parse");
        fs::write(&path, "old content").expect("write");
        save_design(&path, &document, None).expect("save");
        let text = fs::read_to_string(&path).expect("read");
        assert!(
            text.starts_with("pipeline:"),
            "YAML from the extension: {text}"
        );
        assert_eq!(
            Document::parse(&text, Format::Yaml).expect("reparse"),
            document
        );
        // No temporary file is left behind.
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("demo.yaml")]);
    }

    #[test]
    fn save_uses_the_explicit_format_and_refuses_unknown_extensions_without_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let document = Document::parse(DESIGN, Format::Json).expect("parse");
        let path = dir.path().join("noext");
        let error = save_design(&path, &document, None).expect_err("no format");
        assert_eq!(error.kind(), ErrorKind::Format);
        assert!(!path.exists());
        save_design(&path, &document, Some(Format::Json)).expect("save as JSON");
        assert!(fs::read_to_string(&path).expect("read").starts_with('{'));
    }

    #[test]
    fn saving_into_a_missing_folder_fails_cleanly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("no/such/dir/demo.json");
        let error = save_design(&path, &Document::default(), None).expect_err("no folder");
        assert_eq!(error.kind(), ErrorKind::NotFound);
    }

    #[test]
    fn export_writes_decoded_bytes_and_rejects_bad_base64() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("pipe.png");
        save_export(&path, "iVBORw0KGgo=").expect("export");
        assert_eq!(fs::read(&path).expect("read"), b"\x89PNG\r\n\x1a\n");
        let error = save_export(&path, "not base64!").expect_err("bad");
        assert_eq!(error.kind(), ErrorKind::Invalid);
        assert_eq!(
            fs::read(&path).expect("read"),
            b"\x89PNG\r\n\x1a\n",
            "a failed export keeps the old file"
        );
    }
}
