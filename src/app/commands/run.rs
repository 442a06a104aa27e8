//! `vanban run`: one command over a whole period (see [`crate::app::pipeline`]).

use super::super::args::{Command, Format};
use super::super::config::{Overrides, Settings};
use super::super::manifest::summary_text;
use super::super::pipeline::{RunOptions, run as run_pipeline};
use super::super::{AppError, Outcome, emit, json};
use std::path::Path;

pub(super) fn run(command: &Command, config: Option<&Path>) -> Result<Outcome, AppError> {
    let Command::Run {
        period,
        as_of,
        output,
        quiet,
        format,
    } = command
    else {
        unreachable!("dispatched by command")
    };
    use std::io::IsTerminal;
    let start = std::time::Instant::now();
    let settings = Settings::resolve(
        config,
        &Overrides {
            period: *period,
            as_of: *as_of,
            output: output.clone(),
            ..Overrides::default()
        },
    )?;
    let period = settings.period()?;
    let opts = RunOptions {
        settings: &settings,
        period,
        documents: settings.documents()?,
        progress: !quiet && *format == Format::Text && std::io::stderr().is_terminal(),
    };
    let manifest = run_pipeline(&opts)?;
    match format {
        Format::Json => emit(&json(&manifest), None)?,
        Format::Text => emit(
            &summary_text(
                &manifest,
                period,
                &settings.period_dir(period),
                start.elapsed().as_millis(),
            ),
            None,
        )?,
    }
    Ok(if manifest.failures.is_empty() {
        Outcome::Clean
    } else {
        Outcome::InputErrors
    })
}
