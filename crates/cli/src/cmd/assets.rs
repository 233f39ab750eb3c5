//! `pipewright package-assets --out DIR`: the man pages and the shell completions, generated from
//! this command line's own definition (clap_mangen, clap_complete), so that they never fall
//! behind it. It is not part of that definition itself (`main` dispatches it first), so neither
//! the help, the man pages nor the completions offer it. The packages install what it writes
//! (`scripts/package.sh`):
//! - `DIR/man/pipewright.1` and one page per subcommand (`pipewright-validate.1`, ...);
//! - `DIR/completions/pipewright.bash`, `_pipewright` (zsh) and `pipewright.fish`.

use std::path::{Path, PathBuf};

use clap_complete::Shell;

use crate::error::CliError;
use crate::output::{self, Exit};

/// The subcommand's name.
pub const NAME: &str = "package-assets";

/// Write the man pages and shell completions of `pipewright` into a folder (for packaging).
#[derive(Debug, clap::Parser)]
#[command(name = "pipewright package-assets")]
pub struct Args {
    /// The folder to write `man/` and `completions/` into (created when missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// The completion files, by shell, with the names their shells look for.
pub const COMPLETIONS: [(Shell, &str); 3] = [
    (Shell::Bash, "pipewright.bash"),
    (Shell::Zsh, "_pipewright"),
    (Shell::Fish, "pipewright.fish"),
];

pub fn run(args: Args, command: clap::Command) -> Result<Exit, CliError> {
    let man = args.out.join("man");
    let completions = args.out.join("completions");
    for dir in [&man, &completions] {
        std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    }
    clap_mangen::generate_to(command.clone(), &man).map_err(|e| write_error(&man, e))?;
    for (shell, name) in COMPLETIONS {
        let path = completions.join(name);
        let mut file = std::fs::File::create(&path).map_err(|e| write_error(&path, e))?;
        clap_complete::generate(shell, &mut command.clone(), "pipewright", &mut file);
    }
    output::print(&format!(
        "wrote the man pages to {} and the shell completions to {}\n",
        man.display(),
        completions.display()
    ))?;
    Ok(Exit::Ok)
}

fn write_error(path: &Path, source: std::io::Error) -> CliError {
    CliError::Write {
        path: path.display().to_string(),
        source,
    }
}
