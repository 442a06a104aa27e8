//! `vanban sample`: a registry and valid submissions for N agencies, for measuring
//! city- and country-sized runs.

use super::super::args::Command;
use super::super::{AppError, Outcome, write_file};
use super::settings_with_data;
use crate::model::registry::Registry;
use crate::workspace::{LoadError, Workspace};
use std::path::Path;

pub(super) fn run(command: &Command, config: Option<&Path>) -> Result<Outcome, AppError> {
    let Command::Sample {
        agencies,
        period,
        data,
        output,
    } = command
    else {
        unreachable!("dispatched by command")
    };
    let s = settings_with_data(config, data)?;
    let base = Registry::load(&s.paths.registry).map_err(LoadError::from)?;
    let toml = crate::sample::submissions::sample_registry(&base, *agencies);
    let reg_path = output.join("co-quan.toml");
    write_file(&reg_path, toml.as_bytes())?;
    let mut paths = s.paths.clone();
    paths.registry = reg_path.clone();
    let ws = Workspace::load(&paths, Some(period.year))?;
    let files = crate::sample::submissions::generate(
        &ws.catalogue,
        &ws.registry,
        &ws.indicators,
        &ws.calendar,
        *period,
        *agencies,
    )
    .map_err(|source| AppError::Workbook {
        what: "báo cáo mẫu".into(),
        source,
    })?;
    let dir = output.join("bao-cao").join(period.id());
    for (name, bytes) in &files {
        write_file(&dir.join(name), bytes)?;
    }
    println!(
        "đã ghi {} báo cáo vào {} và danh sách cơ quan {}",
        files.len(),
        dir.display(),
        reg_path.display()
    );
    Ok(Outcome::Clean)
}
