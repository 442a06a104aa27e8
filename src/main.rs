//! The `vanban` binary: parses the command line, calls the app layer, maps its result
//! to the exit code (0 done, 1 input errors or a document not produced, 2 could not run;
//! see [`vanban::app`]).

use clap::Parser;
use std::process::ExitCode;
use vanban::app::{self, Outcome};

fn main() -> ExitCode {
    grow_heaps_in_large_steps();
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

/// glibc grows each worker thread's heap a few pages at a time, one `mprotect` call per
/// step, and every such call takes the process-wide memory-map lock: a 60-agency run
/// made about 2,600 of them. Asking for 32 MiB of address space at a time (a page costs
/// memory only once it is touched; peak RSS measured unchanged) brings that to about
/// 25 calls and 15 % fewer page faults; the city run's CPU time fell by 3–5 % (30 runs
/// interleaved, 2 cores). Other allocators keep their own policy and are left alone.
///
/// Setting any such parameter also fixes glibc's threshold above which a block gets an
/// `mmap` of its own at 128 KiB (it would otherwise rise with the blocks freed). A
/// deflate state (about 300 KiB; some 400 are made in a city run, for the PDF streams
/// and the DOCX and XLSX parts) and a chart's pixels (up to 10 MB) were then fresh
/// zeroed pages every time, faulted in one by one and unmapped when freed. Served from
/// the heap up to 32 MiB (glibc's largest threshold) they reuse memory already touched:
/// page faults −22 %, the city run's CPU time −5 to −7 % (20 runs interleaved).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn grow_heaps_in_large_steps() {
    const TOP_PAD: libc::c_int = 32 << 20;
    const MMAP_THRESHOLD: libc::c_int = 32 << 20;
    // SAFETY: `mallopt` only changes a malloc parameter; it is called before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, TOP_PAD);
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn grow_heaps_in_large_steps() {}
