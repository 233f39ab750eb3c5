//! Which program the binary is: the desktop app, or the `pipewright` CLI when invoked under that
//! name. The packages install the CLI as `/usr/bin/pipewright`, a link to `pipewright-app`, so
//! one binary carries both (the CLI's code is linked into the app anyway, with the AWS SDK).

use std::ffi::OsStr;
use std::path::Path;

/// Whether `argv0` (the first argument the binary got) names the CLI: its file name is
/// `pipewright` (`pipewright.exe` on Windows, any case there), wherever it sits. Anything else,
/// including no argv[0] at all, runs the app, so `pipewright-app FILE` still opens a design.
pub fn invoked_as_cli(argv0: Option<&OsStr>) -> bool {
    let Some(name) = argv0.and_then(|a| Path::new(a).file_name()) else {
        return false;
    };
    if cfg!(windows) {
        let name = name.to_string_lossy().to_ascii_lowercase();
        name == pipewright_cli::NAME || name.strip_suffix(".exe") == Some(pipewright_cli::NAME)
    } else {
        name == pipewright_cli::NAME
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli(argv0: &str) -> bool {
        invoked_as_cli(Some(OsStr::new(argv0)))
    }

    #[test]
    fn the_name_pipewright_runs_the_cli_from_any_folder() {
        assert!(cli("pipewright"));
        assert!(cli("/usr/bin/pipewright"));
        assert!(cli("./target/debug/pipewright"));
    }

    #[test]
    fn the_app_name_and_others_run_the_app() {
        assert!(!cli("pipewright-app"));
        assert!(!cli("/usr/bin/pipewright-app"));
        assert!(!cli("/usr/bin/pipewright/app"));
        assert!(!cli("pipewright2"));
        assert!(!cli("/opt/pipewright/bin/Pipewright-App"));
        assert!(!cli(""));
        assert!(!invoked_as_cli(None));
    }

    #[test]
    fn only_windows_ignores_case_and_the_exe_suffix() {
        assert_eq!(
            cli("C:\\Program Files\\Pipewright\\PIPEWRIGHT.EXE"),
            cfg!(windows)
        );
        assert_eq!(cli("pipewright.exe"), cfg!(windows));
        assert!(!cli("pipewright-app.exe"));
    }
}
