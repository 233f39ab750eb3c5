//! Design files on disk: reading a set of files or directories, and writing one atomically
//! (temporary file in the same directory, then rename), so a failure never leaves a half-written
//! design.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use pipewright_core::{Document, Format};

use crate::error::AwsError;

/// A design file: where it lives, its format and its document.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignFile {
    pub path: PathBuf,
    pub format: Format,
    pub document: Document,
}

impl DesignFile {
    /// Read and decode one design file.
    pub fn load(path: &Path) -> Result<DesignFile, AwsError> {
        let text = fs::read_to_string(path).map_err(|source| AwsError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let format = Format::detect(name, &text);
        let document = Document::parse(&text, format).map_err(|source| AwsError::Design {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(DesignFile {
            path: path.to_path_buf(),
            format,
            document,
        })
    }

    /// The pipeline name.
    pub fn name(&self) -> &str {
        &self.document.pipeline.name
    }

    /// The path as shown to the user.
    pub fn display(&self) -> String {
        self.path.display().to_string()
    }

    /// Write the document in canonical form, atomically.
    pub fn save(&self) -> Result<(), AwsError> {
        let text = self
            .document
            .to_text(self.format)
            .map_err(|source| AwsError::Design {
                path: self.path.clone(),
                source,
            })?;
        write_atomic(&self.path, text.as_bytes())
    }
}

/// Is this a file name a design can have?
fn is_design_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(Format::from_file_name)
        .is_some()
}

/// The design files named by `paths`: files as given, directories expanded to their `*.json`,
/// `*.yaml` and `*.yml` files (not recursive, sorted). Unreadable files are returned as errors
/// beside the readable ones.
pub fn load_designs(paths: &[PathBuf]) -> (Vec<DesignFile>, Vec<AwsError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            match fs::read_dir(path) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.is_file() && is_design_name(p))
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(source) => errors.push(AwsError::Io {
                    path: path.clone(),
                    source,
                }),
            }
        } else {
            files.push(path.clone());
        }
    }
    let mut designs = Vec::new();
    for f in files {
        match DesignFile::load(&f) {
            Ok(d) => designs.push(d),
            Err(e) => errors.push(e),
        }
    }
    (designs, errors)
}

/// Write `bytes` to `path` through a temporary file in the same directory and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), AwsError> {
    let io = |source| AwsError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(io)?;
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("design");
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io)
}
