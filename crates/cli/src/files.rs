//! Reading pipeline files (or standard input, named `-`) and writing files atomically.

use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

use pipewright_core::codec::MAX_DOCUMENT_BYTES;
use pipewright_core::{CodecError, Document, Format};

use crate::error::CliError;

/// The path that means standard input (or standard output for `-o`).
pub const STDIO: &str = "-";

/// A file's text, the format it is in, and the path as the user wrote it.
pub struct Source {
    pub path: String,
    pub text: String,
    pub format: Format,
}

/// A parsed document with the text it came from.
pub struct Loaded {
    pub source: Source,
    pub document: Document,
}

impl Source {
    /// Parse the text as a pipeline document.
    pub fn parse(self) -> Result<Loaded, CliError> {
        match Document::parse(&self.text, self.format) {
            Ok(document) => Ok(Loaded {
                source: self,
                document,
            }),
            Err(source) => Err(CliError::Codec {
                path: self.path,
                format: self.format,
                source,
            }),
        }
    }
}

/// Read and parse a pipeline document: a design file, CodePipeline JSON or YAML, or `-`.
pub fn load(path: &Path) -> Result<Loaded, CliError> {
    read(path)?.parse()
}

/// Read a file's text, refusing directories, oversized files and bytes that are not UTF-8.
pub fn read(path: &Path) -> Result<Source, CliError> {
    let shown = path.display().to_string();
    let bytes = if path.as_os_str() == STDIO {
        read_limited(io::stdin().lock(), &shown)?
    } else {
        let meta = fs::metadata(path).map_err(|e| read_error(&shown, e))?;
        if meta.is_dir() {
            return Err(CliError::IsDirectory { path: shown });
        }
        // Refuse before reading: a multi-gigabyte file is certainly not a pipeline.
        if meta.len() > MAX_DOCUMENT_BYTES as u64 {
            return Err(too_large(&shown, path, meta.len()));
        }
        let file = fs::File::open(path).map_err(|e| read_error(&shown, e))?;
        read_limited(file, &shown)?
    };
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(too_large(&shown, path, bytes.len() as u64));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let before = &bytes[..at];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1;
            return Err(CliError::NotUtf8 {
                path: shown,
                line,
                column,
                byte: bytes[at],
            });
        }
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let format = Format::detect(name, &text);
    Ok(Source {
        path: shown,
        text,
        format,
    })
}

/// Read at most one byte more than the document limit, so the size check can refuse the rest.
fn read_limited(reader: impl Read, shown: &str) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(shown, e))?;
    Ok(bytes)
}

fn too_large(shown: &str, path: &Path, size: u64) -> CliError {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    CliError::Codec {
        path: shown.to_string(),
        format: Format::from_file_name(name).unwrap_or(Format::Yaml),
        source: CodecError::TooLarge {
            size: usize::try_from(size).unwrap_or(usize::MAX),
            limit: MAX_DOCUMENT_BYTES,
        },
    }
}

fn read_error(shown: &str, e: io::Error) -> CliError {
    match e.kind() {
        io::ErrorKind::NotFound => CliError::NotFound {
            path: shown.to_string(),
        },
        io::ErrorKind::IsADirectory => CliError::IsDirectory {
            path: shown.to_string(),
        },
        _ => CliError::Read {
            path: shown.to_string(),
            source: e,
        },
    }
}

/// Write `text` to `path` atomically: a temporary file in the same directory, then a rename over
/// the target. An existing file keeps its permissions; a symbolic link keeps pointing at the file
/// it names, which is the one rewritten. `-` writes to standard output.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), CliError> {
    if path.as_os_str() == STDIO {
        return crate::output::print(text);
    }
    let shown = path.display().to_string();
    let fail = |source: io::Error| CliError::Write {
        path: shown.clone(),
        source,
    };
    // Rewrite the file a symbolic link points at, not the link.
    let target = match fs::canonicalize(path) {
        Ok(real) => real,
        Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(fail(e)),
    };
    let permissions = match fs::metadata(&target) {
        Ok(meta) if meta.is_dir() => return Err(CliError::IsDirectory { path: shown }),
        Ok(meta) => Some(meta.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(e)),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let tmp = temporary_path(&dir, &target);
    let result = write_new(&tmp, text, permissions).and_then(|()| fs::rename(&tmp, &target));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

/// A name for the temporary file beside `target` that no other writer uses.
fn temporary_path(dir: &Path, target: &Path) -> std::path::PathBuf {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.pipewright-{}-{n}.tmp", std::process::id()))
}

/// Create `tmp` (failing if it exists), write and flush `text` to disk, and give it
/// `permissions` (else the default for new files, which honours the umask).
fn write_new(tmp: &Path, text: &str, permissions: Option<fs::Permissions>) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    if let Some(permissions) = permissions {
        fs::set_permissions(tmp, permissions)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_utf8_reports_line_and_column_of_the_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.yaml");
        fs::write(&path, b"pipeline:\n  name: d\xe9mo\n").unwrap();
        let Err(err) = read(&path) else {
            panic!("non-UTF-8 text was accepted")
        };
        assert!(matches!(
            err,
            CliError::NotUtf8 {
                line: 2,
                column: 10,
                byte: 0xe9,
                ..
            }
        ));
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_permissions_and_leaves_no_temporary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.yaml");
        fs::write(&path, "old\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, "new\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("p.yaml")]);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_usual_permissions_not_a_private_temporary_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        fs::write(&plain, "x").unwrap();
        let expected = fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
        let path = dir.path().join("new.yaml");
        write_atomic(&path, "new\n").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, expected);
    }

    #[test]
    fn writing_into_a_missing_directory_names_the_file_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope").join("p.yaml");
        let err = write_atomic(&path, "x\n").unwrap_err();
        assert!(matches!(err, CliError::Write { .. }), "{err}");
        assert!(
            err.to_string().contains("p.yaml: cannot write the file"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_through_a_symlink_rewrites_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.yaml");
        let link = dir.path().join("link.yaml");
        fs::write(&real, "old\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, "new\n").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new\n");
    }
}
