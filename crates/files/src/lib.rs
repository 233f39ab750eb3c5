//! Design files on disk, one room for the CLI, sync and the app.
//!
//! - [`read_text`]: a design file's text and format. A file larger than a pipeline document may
//!   be is refused before it is read ([`MAX_DOCUMENT_BYTES`]), bytes that are not UTF-8 are
//!   reported with their line and column, and the format comes from the file name, else from the
//!   content.
//! - [`replace`] / [`write_atomic`]: the one atomic write. A crash leaves the old file or the new
//!   one, never half of one; see [`replace`] for how.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

pub use pipewright_core::codec::MAX_DOCUMENT_BYTES;
use pipewright_core::Format;

/// Why a file could not be read as text.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{} does not exist", path.display())]
    NotFound { path: PathBuf },

    #[error("{} is a folder, not a file", path.display())]
    IsDirectory { path: PathBuf },

    #[error("{} is {size} bytes, over the {limit}-byte limit for a pipeline document; is this the right file?", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: usize,
    },

    #[error("{} is not UTF-8 text: byte 0x{byte:02x} at line {line}, column {column}", path.display())]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
        byte: u8,
    },

    #[error("could not read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// A file's text and the format it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub text: String,
    pub format: Format,
}

/// Read a design file's text: refused when it is a folder or larger than
/// [`MAX_DOCUMENT_BYTES`] (checked before reading, and again while reading, for a file that
/// grows), or not UTF-8. The format comes from the name, else from the content.
pub fn read_text(path: &Path) -> Result<Text, ReadError> {
    let io_error = |source: io::Error| match source.kind() {
        io::ErrorKind::NotFound => ReadError::NotFound {
            path: path.to_path_buf(),
        },
        io::ErrorKind::IsADirectory => ReadError::IsDirectory {
            path: path.to_path_buf(),
        },
        _ => ReadError::Io {
            path: path.to_path_buf(),
            source,
        },
    };
    let meta = fs::metadata(path).map_err(io_error)?;
    if meta.is_dir() {
        return Err(ReadError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > MAX_DOCUMENT_BYTES as u64 {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let file = fs::File::open(path).map_err(io_error)?;
    let bytes = read_bounded(file).map_err(io_error)?;
    let text = decode(path, bytes)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let format = Format::detect(name, &text);
    Ok(Text { text, format })
}

/// At most one byte more than [`MAX_DOCUMENT_BYTES`] from `reader` (a file, standard input), so
/// the caller's size check can refuse the rest without reading it.
pub fn read_bounded(reader: impl Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `bytes` read from `path` (or standard input) as text: refused when over the limit or not
/// UTF-8 (with the line and column of the first bad byte).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
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
        ReadError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            column,
            byte: bytes[at],
        }
    })
}

/// How long a write waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Flushed to disk before the write returns: designs, settings, recovery copies, exports.
    Flushed,
    /// Left to the OS to flush, for lists that are only a convenience and are written where a
    /// wait would be felt (the recent files, on every open). After a power cut such a file may
    /// be the previous version or empty; never half-written while the machine runs.
    Buffered,
}

/// [`replace`] with [`Durability::Flushed`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace(path, bytes, Durability::Flushed)
}

/// Replace `path` with `bytes` so that a crash leaves either the old or the new file, never a
/// half-written one:
/// - a symbolic link is followed: the file it names is rewritten, the link stays;
/// - the bytes go to a new temporary file in the same folder, named uniquely per process and
///   write (created with `create_new`, so two writers never share one), flushed to disk with
///   [`Durability::Flushed`];
/// - the temporary file takes the permissions of the file it replaces (a new file gets the
///   default, which honours the umask), then is renamed over the target, and the folder is
///   flushed so the rename itself is durable;
/// - a folder at `path` is refused (`IsADirectory`); on any failure the temporary file is removed.
pub fn replace(path: &Path, bytes: &[u8], durability: Durability) -> io::Result<()> {
    let target = match fs::canonicalize(path) {
        Ok(real) => real,
        Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(e),
    };
    let permissions = match fs::metadata(&target) {
        Ok(meta) if meta.is_dir() => {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                format!("{} is a folder", target.display()),
            ))
        }
        Ok(meta) => Some(meta.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = temporary_path(&dir, &target);
    let flush = durability == Durability::Flushed;
    let write = || -> io::Result<()> {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        if flush {
            file.sync_all()?;
        }
        if let Some(permissions) = permissions {
            fs::set_permissions(&tmp, permissions)?;
        }
        fs::rename(&tmp, &target)
    };
    if let Err(e) = write() {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    // Make the rename itself durable. Folders cannot be opened this way on every platform.
    if flush {
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// A name for the temporary file beside `target` that no other writer uses: the process and a
/// per-process counter.
fn temporary_path(dir: &Path, target: &Path) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.pipewright-{}-{n}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_keeps_the_mode_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pipe.json");
        write_atomic(&path, b"one").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        }
        for durability in [Durability::Flushed, Durability::Buffered] {
            replace(&path, b"two", durability).unwrap();
            assert_eq!(fs::read(&path).unwrap(), b"two");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600);
            }
        }
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("pipe.json")]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_keeps_pointing_at_the_file_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.yaml");
        let link = dir.path().join("link.yaml");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn two_writers_at_once_each_leave_a_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.json");
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let body = vec![b'a' + i as u8; 64 * 1024];
                    for _ in 0..20 {
                        write_atomic(&path, &body).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let bytes = fs::read(&path).unwrap();
        assert_eq!(bytes.len(), 64 * 1024);
        assert!(
            bytes.iter().all(|b| *b == bytes[0]),
            "one writer's file, whole"
        );
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(dir.path(), b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::IsADirectory);
    }

    #[test]
    fn reads_are_bounded_and_located() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.json");
        let f = fs::File::create(&big).unwrap();
        f.set_len(MAX_DOCUMENT_BYTES as u64 + 1).unwrap();
        assert!(matches!(read_text(&big), Err(ReadError::TooLarge { .. })));
        let bad = dir.path().join("bad.yaml");
        fs::write(&bad, b"pipeline:\n  name: \xff\n").unwrap();
        match read_text(&bad) {
            Err(ReadError::NotUtf8 {
                line, column, byte, ..
            }) => {
                assert_eq!((line, column, byte), (2, 9, 0xff))
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_text(&dir.path().join("none.json")),
            Err(ReadError::NotFound { .. })
        ));
        assert!(matches!(
            read_text(dir.path()),
            Err(ReadError::IsDirectory { .. })
        ));
        let ok = dir.path().join("ok.yml");
        fs::write(&ok, "pipeline: {}\n").unwrap();
        assert_eq!(read_text(&ok).unwrap().format, Format::Yaml);
    }
}
