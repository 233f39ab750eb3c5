//! The `pipewright` binary of this crate, for `cargo run -p pipewright-cli` and the tests; the
//! packages install the CLI as a second name of the desktop app's binary instead.

use std::process::ExitCode;

/// A design is many small strings; mimalloc allocates and frees them faster than glibc's malloc
/// (parse + validate of a 500-action pipeline: about 15% faster, `cargo bench -p pipewright-core`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    pipewright_cli::run(std::env::args_os())
}
