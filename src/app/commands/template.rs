//! `vanban template`: the Excel form for one agency, or for every agency with `--all`.

use super::super::args::Command;
use super::super::{AppError, Outcome, print_written, write_file};
use super::{settings_with_data, workspace};
use crate::model::registry::{Agency, AgencyKind, Registry};
use std::path::{Path, PathBuf};

pub(super) fn run(command: &Command, config: Option<&Path>) -> Result<Outcome, AppError> {
    let Command::Template {
        agency,
        all,
        period,
        data,
        output,
    } = command
    else {
        unreachable!("dispatched by command")
    };
    let s = settings_with_data(config, data)?;
    let ws = workspace(&s, Some(period.year))?;
    let agencies: Vec<&Agency> = if *all {
        ws.registry
            .agencies()
            .iter()
            .filter(|a| a.kind != AgencyKind::Other)
            .collect()
    } else {
        let Some(a) = agency.as_deref() else {
            return Err(AppError::Usage("cần --agency MÃ hoặc --all".into()));
        };
        vec![find_agency(&ws.registry, a)?]
    };
    let mut written = Vec::new();
    for agency in &agencies {
        let bytes = crate::xlsx::form::form_workbook(
            &ws.catalogue,
            &ws.indicators,
            Some(&ws.calendar),
            agency,
            *period,
            None,
        )
        .map_err(|source| AppError::Workbook {
            what: "mẫu báo cáo".into(),
            source,
        })?;
        let name = crate::xlsx::form::form_file_name(agency, *period);
        let path = match (output, all) {
            (Some(dir), true) => dir.join(&name),
            (None, true) => s.output.join("mau").join(period.id()).join(&name),
            (Some(file), false) => file.clone(),
            (None, false) => PathBuf::from(&name),
        };
        write_file(&path, &bytes)?;
        written.push(path);
    }
    print_written(&written);
    Ok(Outcome::Clean)
}

fn find_agency<'r>(registry: &'r Registry, a: &str) -> Result<&'r Agency, AppError> {
    registry
        .get(a)
        .or_else(|| registry.lookup(a))
        .ok_or_else(|| {
            let hint: Vec<String> = registry
                .closest(a, 3)
                .iter()
                .map(|x| format!("{} ({})", x.name, x.code))
                .collect();
            AppError::Usage(format!(
                "không có cơ quan \"{a}\" trong danh sách cơ quan{}",
                if hint.is_empty() {
                    String::new()
                } else {
                    format!("; có phải là: {}?", hint.join(", "))
                }
            ))
        })
}
