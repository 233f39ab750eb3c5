//! Design files as sync sees them: reading a set of files or directories (each file read with
//! `pipewright_files`' bounded read), one pipeline per environment, and writing one back with the
//! workspace's one atomic write, so a failure never leaves a half-written design.

use std::fs;
use std::path::{Path, PathBuf};

use pipewright_core::plan::{SyncRecord, SYNC_KEY};
use pipewright_core::{environments, CodecError, Document, Format};

use crate::error::AwsError;

/// A design file: where it lives, its format and its document. A design that defines
/// environments stands for one pipeline per environment: each is a `DesignFile` whose document
/// is that environment's rendered pipeline and whose `environment` names it.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignFile {
    pub path: PathBuf,
    pub format: Format,
    pub document: Document,
    /// The environment (`pipewright.environments.<name>`) this pipeline is rendered from.
    pub environment: Option<String>,
}

impl DesignFile {
    /// Read and decode one design file.
    pub fn load(path: &Path) -> Result<DesignFile, AwsError> {
        let pipewright_files::Text { text, format } =
            pipewright_files::read_text(path).map_err(|e| read_error(path, e))?;
        let document = Document::parse(&text, format).map_err(|source| AwsError::Design {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(DesignFile {
            path: path.to_path_buf(),
            format,
            document,
            environment: None,
        })
    }

    /// The pipelines a design file stands for: itself, or one per environment (each with the
    /// sync record kept for that environment in `pipewright.environments.<env>.sync`).
    pub fn load_all(path: &Path) -> Result<Vec<DesignFile>, AwsError> {
        let base = DesignFile::load(path)?;
        let envs: Vec<String> = environments::names(&base.document)
            .into_iter()
            .map(str::to_string)
            .collect();
        if envs.is_empty() {
            return Ok(vec![base]);
        }
        envs.into_iter()
            .map(|env| {
                let mut document =
                    environments::render(&base.document, &env).map_err(|source| {
                        AwsError::Design {
                            path: path.to_path_buf(),
                            source,
                        }
                    })?;
                let section = document.pipewright.get_or_insert_with(Default::default);
                section.extra.shift_remove(SYNC_KEY);
                if let Some(record) = env_record(&base.document, &env) {
                    section.extra.insert(SYNC_KEY.to_string(), record);
                }
                Ok(DesignFile {
                    path: base.path.clone(),
                    format: base.format,
                    document,
                    environment: Some(env),
                })
            })
            .collect()
    }

    /// The pipeline name.
    pub fn name(&self) -> &str {
        &self.document.pipeline.name
    }

    /// The path as shown to the user (with the environment, if any).
    pub fn display(&self) -> String {
        match &self.environment {
            Some(env) => format!("{} ({env})", self.path.display()),
            None => self.path.display().to_string(),
        }
    }

    /// Write the document in canonical form, atomically. For an environment's pipeline only
    /// its sync record is written back (into the environment), since the pipeline itself is
    /// derived from the design; taking a remote change into an environment is refused.
    pub fn save(&self) -> Result<(), AwsError> {
        if let Some(env) = &self.environment {
            return self.save_environment_record(env);
        }
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

impl DesignFile {
    fn save_environment_record(&self, env: &str) -> Result<(), AwsError> {
        let design_error = |source| AwsError::Design {
            path: self.path.clone(),
            source,
        };
        let mut base = DesignFile::load(&self.path)?;
        let rendered = environments::render(&base.document, env).map_err(design_error)?;
        let strip = |d: &Document| {
            let mut v = d.to_codepipeline_value();
            if let Some(p) = v.get_mut("pipeline").and_then(|p| p.as_object_mut()) {
                p.shift_remove("version");
            }
            v
        };
        if strip(&rendered) != strip(&self.document) {
            return Err(design_error(CodecError::Environment {
                env: env.to_string(),
                message: "its pipeline is derived from the design, so a remote change cannot be pulled into it; make the change in the design (base or environment overrides) and apply, or --force to overwrite the remote".into(),
            }));
        }
        let record = SyncRecord::of(&self.document);
        let section = base
            .document
            .pipewright
            .get_or_insert_with(Default::default);
        if let Some(e) = section.environments.as_mut().and_then(|m| m.get_mut(env)) {
            match record {
                Some(r) => {
                    e.extra.insert(
                        SYNC_KEY.to_string(),
                        serde_json::to_value(r).unwrap_or_default(),
                    );
                }
                None => {
                    e.extra.shift_remove(SYNC_KEY);
                }
            }
        }
        base.save()
    }
}

/// The sync record an environment of a design keeps, as stored.
fn env_record(doc: &Document, env: &str) -> Option<serde_json::Value> {
    doc.pipewright
        .as_ref()?
        .environments
        .as_ref()?
        .get(env)?
        .extra
        .get(SYNC_KEY)
        .cloned()
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
        match DesignFile::load_all(&f) {
            Ok(d) => designs.extend(d),
            Err(e) => errors.push(e),
        }
    }
    (designs, errors)
}

/// Write `bytes` to `path` atomically (`pipewright_files::write_atomic`), creating its folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), AwsError> {
    let io = |source| AwsError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(io)?;
    }
    pipewright_files::write_atomic(path, bytes).map_err(io)
}

/// A design file that could not be read, as the crate's error.
fn read_error(path: &Path, e: pipewright_files::ReadError) -> AwsError {
    use pipewright_files::ReadError as R;
    match e {
        R::TooLarge { size, limit, .. } => AwsError::Design {
            path: path.to_path_buf(),
            source: CodecError::TooLarge {
                size: usize::try_from(size).unwrap_or(usize::MAX),
                limit,
            },
        },
        R::Io { source, .. } => AwsError::Io {
            path: path.to_path_buf(),
            source,
        },
        other => AwsError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, other.to_string()),
        },
    }
}
