//! The `vanban` binary: parses the command line, calls the app layer, maps its result
//! to the exit code (0 done, 1 input errors or a document not produced, 2 could not run;
//! see [`vanban::app`]).

use clap::Parser;
use std::process::ExitCode;
use vanban::app::{self, Outcome};

fn main() -> ExitCode {
    quiet_caught_panics();
    let cli = app::args::Cli::parse();
    match app::dispatch(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::InputErrors) => ExitCode::from(1),
        Err(e) => {
            eprintln!("vanban: lỗi: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Panics inside the spreadsheet library on malformed files are caught and reported as
/// `file.unreadable`; their message is noise on the terminal. Every other panic is a bug
/// and is printed as usual.
fn quiet_caught_panics() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_calamine = info
            .location()
            .is_some_and(|l| l.file().contains("/calamine-"));
        if !in_calamine {
            default_hook(info);
        }
    }));
}
