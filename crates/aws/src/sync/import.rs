//! Import: list the remote pipelines (all pages), fetch the chosen ones with their tags, and
//! write them as design files with a sync record.

use std::path::PathBuf;

use futures_util::stream::{self, StreamExt};
use pipewright_core::Format;
use serde::Serialize;

use super::files::DesignFile;
use super::{fetch_remote, pulled, DEFAULT_CONCURRENCY};
use crate::codepipeline::CodePipeline;
use crate::error::AwsError;

/// Which remote pipelines to import.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    All,
    Names(Vec<String>),
}

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub selection: Selection,
    /// Where the design files go (`<dir>/<pipeline name>.<ext>`).
    pub out_dir: PathBuf,
    /// Format of new files; an existing file keeps its own.
    pub format: Format,
    pub concurrency: usize,
    /// Recorded in each design's sync record.
    pub region: Option<String>,
}

impl ImportOptions {
    pub fn new(selection: Selection, out_dir: impl Into<PathBuf>) -> Self {
        Self {
            selection,
            out_dir: out_dir.into(),
            format: Format::Json,
            concurrency: DEFAULT_CONCURRENCY,
            region: None,
        }
    }
}

/// One imported pipeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Imported {
    pub name: String,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// One pipeline that could not be imported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportFailure {
    pub name: String,
    pub error: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub imported: Vec<Imported>,
    pub failed: Vec<ImportFailure>,
}

/// The file name (without extension) for a remote pipeline name: the name itself when it is
/// one CodePipeline allows (letters, digits, `.`, `@`, `-`, `_`), else with every other
/// character replaced by `_` and a leading `.` escaped, so a name from a hostile or broken
/// endpoint (`../../.bashrc`, `a/b`, `C:\x`) never writes outside the chosen folder nor a hidden
/// file.
pub fn file_stem(name: &str) -> String {
    let mut stem: String = name
        .chars()
        .take(100)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '@' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() || stem.starts_with('.') {
        stem.insert(0, '_');
    }
    stem
}

fn file_for(opts: &ImportOptions, name: &str) -> (PathBuf, Format) {
    let name = file_stem(name);
    for (ext, format) in [
        ("json", Format::Json),
        ("yaml", Format::Yaml),
        ("yml", Format::Yaml),
    ] {
        let p = opts.out_dir.join(format!("{name}.{ext}"));
        if p.is_file() {
            return (p, format);
        }
    }
    let ext = match opts.format {
        Format::Json => "json",
        Format::Yaml => "yaml",
    };
    (opts.out_dir.join(format!("{name}.{ext}")), opts.format)
}

async fn import_one(
    api: &CodePipeline,
    opts: &ImportOptions,
    name: String,
) -> Result<Imported, ImportFailure> {
    let fail = |e: AwsError| ImportFailure {
        name: name.clone(),
        error: e.to_string(),
    };
    let remote = fetch_remote(api, &name)
        .await
        .map_err(fail)?
        .ok_or_else(|| fail(AwsError::PipelineNotFound(name.clone())))?;
    let (path, format) = file_for(opts, &name);
    // Keep the designer section of a design already there.
    let existing = if path.is_file() {
        DesignFile::load(&path).ok().map(|d| d.document)
    } else {
        None
    };
    let document = pulled(&remote, existing.as_ref(), opts.region.as_deref());
    let file = DesignFile {
        path,
        format,
        document,
        environment: None,
    };
    file.save().map_err(fail)?;
    Ok(Imported {
        name: name.clone(),
        path: file.display(),
        version: remote.pipeline.version,
    })
}

/// Import the selected remote pipelines into `opts.out_dir`.
///
/// Listing failures fail the whole import; a pipeline that cannot be fetched or written is
/// reported in `failed` and the others are still imported.
pub async fn import(api: &CodePipeline, opts: &ImportOptions) -> Result<ImportReport, AwsError> {
    let names: Vec<String> = match &opts.selection {
        Selection::All => api
            .list_pipelines()
            .await?
            .into_iter()
            .map(|p| p.name)
            .collect(),
        Selection::Names(n) => n.clone(),
    };
    let results: Vec<Result<Imported, ImportFailure>> = stream::iter(names)
        .map(|name| import_one(api, opts, name))
        .buffer_unordered(opts.concurrency.max(1))
        .collect()
        .await;
    let mut report = ImportReport::default();
    for r in results {
        match r {
            Ok(i) => report.imported.push(i),
            Err(f) => report.failed.push(f),
        }
    }
    report.imported.sort_by(|a, b| a.name.cmp(&b.name));
    report.failed.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn remote_names_become_plain_file_names_in_the_folder() {
        assert_eq!(file_stem("web-app_1.prod@eu"), "web-app_1.prod@eu");
        assert_eq!(file_stem("../../.bashrc"), "_.._.._.bashrc");
        assert_eq!(file_stem("a/b\\c"), "a_b_c");
        assert_eq!(file_stem(".hidden"), "_.hidden");
        assert_eq!(file_stem(".."), "_..");
        assert_eq!(file_stem(""), "_");
        assert_eq!(file_stem("C:\\x\0y"), "C__x_y");
        assert_eq!(file_stem(&"x".repeat(300)).len(), 100);
        for hostile in ["../../.bashrc", "/etc/passwd", "a/../../b", ".."] {
            let stem = file_stem(hostile);
            let p = std::path::Path::new("/designs").join(format!("{stem}.json"));
            assert_eq!(
                p.parent(),
                Some(std::path::Path::new("/designs")),
                "{hostile}"
            );
        }
    }
}
