// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os();
    if pipewright_cli::invoked_as_cli(args.next().as_deref()) {
        return pipewright_cli::run(std::env::args_os());
    }
    pipewright_app::run();
    ExitCode::SUCCESS
}
