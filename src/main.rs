//! The caibian binary: the window, or a command-line command.

use std::process::ExitCode;

use clap::Parser;

use caibian::cli::{Cli, run_command};
use caibian::ui::{self, StartupFile};

fn main() -> ExitCode {
    ui::startup::mark_process_start();
    let cli = Cli::parse();
    if let Some(command) = &cli.command {
        let mut out = std::io::stdout().lock();
        let mut err = std::io::stderr().lock();
        return run_command(command, &mut out, &mut err);
    }
    let startup = match cli.file {
        Some(path) => StartupFile::Path(path),
        None => StartupFile::LastOrSample,
    };
    match ui::run_mode(startup, cli.correspondent) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("caibian: 无法打开窗口 (cannot open the window): {e}");
            ExitCode::FAILURE
        }
    }
}
