//! One module per command. Each takes the parsed arguments and the settings, works
//! through the library's [`crate::workspace::Workspace`] and prints or writes the result.

mod check;
mod chi_so;
mod documents;
mod issuing;
mod listing;
mod period;
mod run;
mod sample;
mod sending;
mod template;

use super::args::{Cli, Command};
use super::config::{Overrides, Settings};
use super::{AppError, Outcome};
use crate::workspace::Workspace;

pub(super) fn dispatch(cli: Cli) -> Result<Outcome, AppError> {
    let config = cli.config.as_deref();
    match &cli.command {
        Command::Catalogue { .. } | Command::Agencies { .. } => listing::run(&cli.command, config),
        Command::Check { .. } => check::run(&cli.command, config),
        Command::Template { .. } => template::run(&cli.command, config),
        Command::Decision { .. } | Command::Render { .. } => documents::run(&cli.command, config),
        Command::Report { .. } | Command::Remind { .. } | Command::Review { .. } => {
            period::run(&cli.command, config)
        }
        Command::Run { .. } => run::run(&cli.command, config),
        Command::Sample { .. } => sample::run(&cli.command, config),
        Command::ChiSo { .. } => chi_so::run(&cli.command, config),
        Command::BanHanh { .. } | Command::Ky { .. } => issuing::run(&cli.command, config),
        Command::Edxml { .. } | Command::TrangThai { .. } => sending::run(&cli.command, config),
        Command::Serve { addr, open } => {
            let s = Settings::resolve(config, &Overrides::default())?;
            super::serve::serve(s, *addr, *open)
        }
    }
}

/// Loads the reference data named by the settings, with their limits.
fn workspace(s: &Settings, year: Option<i32>) -> Result<Workspace, AppError> {
    Ok(Workspace::load(&s.paths, year)?.with_limits(s.limits))
}

/// Settings for a command that overrides nothing but the data paths.
fn settings_with_data(
    config: Option<&std::path::Path>,
    data: &super::args::DataArgs,
) -> Result<Settings, AppError> {
    Ok(Settings::resolve(
        config,
        &Overrides {
            data: Some(data),
            ..Overrides::default()
        },
    )?)
}
