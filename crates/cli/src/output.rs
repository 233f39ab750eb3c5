//! Shared output: exit statuses, printing without panics, and diagnostics rendered like a
//! compiler's.

use std::io::{self, Write};
use std::process::ExitCode;

use pipewright_core::{Diagnostic, Severity};

use crate::error::CliError;

/// How a command ended. Ordered: when several files end differently, the worst one wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Everything was fine.
    Ok = 0,
    /// The command worked but found problems (validation errors, files `fmt --check` would change).
    Failed = 1,
    /// A file could not be read, parsed or written, or the command line was wrong.
    Error = 2,
}

impl Exit {
    /// The worse of two outcomes.
    pub fn and(self, other: Exit) -> Exit {
        self.max(other)
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// Write text to standard output as is. A closed pipe is an error the caller passes up.
pub fn print(text: &str) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CliError::Stdout)
}

/// Write one line to standard error (messages about files, progress). Never fails.
pub fn eprint_line(line: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// Report an error that stops work on one file: one line on standard error.
pub fn report(error: &CliError) {
    eprint_line(&error.to_string());
}

/// The end of `main`: report a command's error and turn the outcome into the process status.
pub fn finish(result: Result<Exit, CliError>) -> ExitCode {
    match result {
        Ok(exit) => exit.into(),
        // The reader went away (`pipewright ... | head`): nothing more to say.
        Err(CliError::Stdout(e)) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Error.into(),
        Err(e) => {
            report(&e);
            Exit::Error.into()
        }
    }
}

/// `error` or `warning`.
pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A diagnostic as a compiler prints it:
///
/// ```text
/// pipeline.yaml: error[E123] /pipeline/stages/0/actions/0/runOrder: message
///   hint: what to do
/// ```
pub fn render_diagnostic(path: &str, d: &Diagnostic) -> String {
    let mut s = format!("{path}: {}[{}] ", severity_name(d.severity), d.code);
    if !d.pointer.is_empty() {
        s.push_str(&d.pointer);
        s.push_str(": ");
    }
    s.push_str(&d.message);
    s.push('\n');
    if !d.hint.is_empty() {
        s.push_str("  hint: ");
        s.push_str(&d.hint);
        s.push('\n');
    }
    s
}

/// `1 error`, `2 errors`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_render_like_a_compiler() {
        let d = Diagnostic {
            code: "E1234",
            severity: Severity::Error,
            message: "runOrder must be between 1 and 999".into(),
            pointer: "/pipeline/stages/0/actions/0/runOrder".into(),
            hint: "use 1 for the first action".into(),
        };
        assert_eq!(
            render_diagnostic("p.yaml", &d),
            "p.yaml: error[E1234] /pipeline/stages/0/actions/0/runOrder: runOrder must be between 1 and 999\n  hint: use 1 for the first action\n"
        );
        let w = Diagnostic {
            code: "W1",
            severity: Severity::Warning,
            message: "m".into(),
            pointer: String::new(),
            hint: String::new(),
        };
        assert_eq!(render_diagnostic("p.yaml", &w), "p.yaml: warning[W1] m\n");
    }

    #[test]
    fn the_worst_exit_wins() {
        assert_eq!(Exit::Ok.and(Exit::Failed), Exit::Failed);
        assert_eq!(Exit::Error.and(Exit::Failed), Exit::Error);
        assert_eq!(Exit::Ok.and(Exit::Ok), Exit::Ok);
    }

    #[test]
    fn counts_are_plural_when_needed() {
        assert_eq!(count(1, "error"), "1 error");
        assert_eq!(count(0, "warning"), "0 warnings");
    }
}
