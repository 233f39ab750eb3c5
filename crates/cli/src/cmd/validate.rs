//! `pipewright validate FILE...`: check documents offline against the rules CodePipeline enforces.

use std::path::PathBuf;

use pipewright_core::{validate, Diagnostic, Severity};
use serde_json::{json, Value};

use crate::error::CliError;
use crate::files;
use crate::output::{self, count, render_diagnostic, Exit};

/// How `validate` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Compiler-style lines: `path: error[CODE] /pointer: message`, a hint, then a summary.
    Human,
    /// One JSON document on standard output, for scripts and CI.
    Json,
}

/// Check pipeline files against the rules CodePipeline enforces, offline.
///
/// Accepts Pipewright design files and the CodePipeline JSON or YAML that `aws codepipeline
/// get-pipeline` prints (with or without `metadata`), the `create-pipeline --cli-input-json` form
/// (`{"pipeline": ..., "tags": ...}`) or a bare pipeline declaration. The format comes from the
/// extension (`.json`, `.yaml`, `.yml`), else from the content. `-` reads standard input.
///
/// Exit status: 0 when no file has an error (warnings alone keep 0 unless --deny-warnings),
/// 1 when any file has an error, 2 when any file cannot be read or parsed (2 wins over 1).
///
/// --format json prints one document: `{"files": [...], "summary": {"files", "errors",
/// "warnings", "unreadable"}, "exitCode"}`, each file either `{"path", "ok", "diagnostics":
/// [{"code", "severity", "message", "pointer", "hint"}]}` or, when it cannot be read,
/// `{"path", "ok": false, "error": {"kind", "message", "line"?, "column"?, "pointer"?}}`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright validate pipelines/*.pipewright.yaml\n  aws codepipeline get-pipeline --name app | pipewright validate -\n  pipewright validate --format json app.yaml | jq '.files[].diagnostics'"
)]
pub struct Args {
    /// Files to check (`-` for standard input).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Treat warnings as errors: exit 1 when any file has a warning.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
}

/// What validating one file gave.
enum Outcome {
    Checked(Vec<Diagnostic>),
    Unreadable(CliError),
}

pub fn run(args: Args) -> Result<Exit, CliError> {
    let mut exit = Exit::Ok;
    let mut errors = 0;
    let mut warnings = 0;
    let mut unreadable = 0;
    let mut with_problems = 0;
    let mut json_files = Vec::new();

    for path in &args.files {
        let shown = path.display().to_string();
        let outcome = match files::load(path) {
            Ok(loaded) => Outcome::Checked(validate(&loaded.document)),
            Err(e) => Outcome::Unreadable(e),
        };
        match outcome {
            Outcome::Checked(diagnostics) => {
                let e = diagnostics.iter().filter(|d| d.is_error()).count();
                let w = diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .count();
                errors += e;
                warnings += w;
                let failed = e > 0 || (args.deny_warnings && w > 0);
                if failed {
                    exit = exit.and(Exit::Failed);
                }
                if e + w > 0 {
                    with_problems += 1;
                }
                match args.format {
                    ReportFormat::Human => {
                        let text: String = diagnostics
                            .iter()
                            .map(|d| render_diagnostic(&shown, d))
                            .collect();
                        output::print(&text)?;
                    }
                    ReportFormat::Json => json_files.push(json!({
                        "path": shown,
                        "ok": !failed,
                        "diagnostics": diagnostics,
                    })),
                }
            }
            Outcome::Unreadable(error) => {
                unreadable += 1;
                exit = exit.and(Exit::Error);
                match args.format {
                    ReportFormat::Human => output::report(&error),
                    ReportFormat::Json => json_files.push(json!({
                        "path": shown,
                        "ok": false,
                        "error": error_json(&error),
                    })),
                }
            }
        }
    }

    match args.format {
        ReportFormat::Human => {
            let checked = args.files.len() - unreadable;
            let mut parts = Vec::new();
            if checked > 0 {
                let found = if errors + warnings == 0 {
                    String::from("no problems found")
                } else {
                    format!(
                        "{}, {} in {}",
                        count(errors, "error"),
                        count(warnings, "warning"),
                        count(with_problems, "file")
                    )
                };
                parts.push(format!("checked {}: {found}", count(checked, "file")));
            }
            if unreadable > 0 {
                parts.push(format!("{} could not be read", count(unreadable, "file")));
            }
            let mut line = parts.join("; ");
            if args.deny_warnings && errors == 0 && warnings > 0 {
                line.push_str(" (warnings denied)");
            }
            line.push('\n');
            output::print(&line)?;
        }
        ReportFormat::Json => {
            let report = json!({
                "files": json_files,
                "summary": {
                    "files": args.files.len(),
                    "errors": errors,
                    "warnings": warnings,
                    "unreadable": unreadable,
                },
                "exitCode": exit as u8,
            });
            let mut text =
                serde_json::to_string_pretty(&report).unwrap_or_else(|_| String::from("{}"));
            text.push('\n');
            output::print(&text)?;
        }
    }
    Ok(exit)
}

/// An unreadable file in the JSON report: kind, one-line message and location when known.
fn error_json(error: &CliError) -> Value {
    let mut v = json!({
        "kind": error.kind(),
        "message": error.to_string(),
    });
    if let Some((line, column)) = error.line_column() {
        v["line"] = json!(line);
        v["column"] = json!(column);
    }
    if let Some(pointer) = error.pointer() {
        v["pointer"] = json!(pointer);
    }
    v
}
