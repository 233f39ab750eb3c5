//! Reading pipeline files (or standard input, named `-`) and writing files atomically.

use std::io;
use std::path::Path;

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

/// Read a file's text (`-`: standard input), refusing directories, oversized files and bytes
/// that are not UTF-8 (`pipewright_files`' bounded read).
pub fn read(path: &Path) -> Result<Source, CliError> {
    let shown = path.display().to_string();
    let (text, format) = if path.as_os_str() == STDIO {
        let bytes = pipewright_files::read_bounded(io::stdin().lock()).map_err(|source| {
            CliError::Read {
                path: shown.clone(),
                source,
            }
        })?;
        let text =
            pipewright_files::decode(path, bytes).map_err(|e| read_error(&shown, path, e))?;
        let format = Format::detect("", &text);
        (text, format)
    } else {
        let read = pipewright_files::read_text(path).map_err(|e| read_error(&shown, path, e))?;
        (read.text, read.format)
    };
    Ok(Source {
        path: shown,
        text,
        format,
    })
}

/// A document's bytes from elsewhere (`git cat-file`, git's external diff driver) as a
/// [`Source`], through the same bounded decode as a file: refused when oversized or not UTF-8;
/// the format from `name`'s extension, else from the content.
pub fn source_of(shown: String, name: &str, bytes: Vec<u8>) -> Result<Source, CliError> {
    let path = Path::new(name);
    let text = pipewright_files::decode(path, bytes).map_err(|e| read_error(&shown, path, e))?;
    let format = Format::detect(name, &text);
    Ok(Source {
        path: shown,
        text,
        format,
    })
}

/// A file that could not be read, as the CLI says it.
fn read_error(shown: &str, path: &Path, e: pipewright_files::ReadError) -> CliError {
    use pipewright_files::ReadError as R;
    let path_shown = shown.to_string();
    match e {
        R::NotFound { .. } => CliError::NotFound { path: path_shown },
        R::IsDirectory { .. } => CliError::IsDirectory { path: path_shown },
        R::TooLarge { size, limit, .. } => {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            CliError::Codec {
                path: path_shown,
                format: Format::from_file_name(name).unwrap_or(Format::Yaml),
                source: CodecError::TooLarge {
                    size: usize::try_from(size).unwrap_or(usize::MAX),
                    limit,
                },
            }
        }
        R::NotUtf8 {
            line, column, byte, ..
        } => CliError::NotUtf8 {
            path: path_shown,
            line,
            column,
            byte,
        },
        R::Io { source, .. } => CliError::Read {
            path: path_shown,
            source,
        },
    }
}

/// Write `text` to `path` with the workspace's one atomic write (`pipewright_files`: an existing
/// file keeps its permissions, a symbolic link keeps pointing at the file it names, which is the
/// one rewritten). `-` writes to standard output.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), CliError> {
    if path.as_os_str() == STDIO {
        return crate::output::print(text);
    }
    let shown = path.display().to_string();
    pipewright_files::write_atomic(path, text.as_bytes()).map_err(|source| {
        if source.kind() == io::ErrorKind::IsADirectory {
            CliError::IsDirectory { path: shown }
        } else {
            CliError::Write {
                path: shown,
                source,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use std::fs;

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
