//! `vanban catalogue` and `vanban agencies`: the reference data, listed for people
//! (grouped text) or scripts (JSON).

use super::super::args::{Command, DataArgs, Format};
use super::super::{AppError, Outcome, emit, json};
use super::settings_with_data;
use crate::model::catalogue::{Catalogue, Task};
use crate::model::deadline::MilestoneKind;
use crate::model::registry::{Agency, AgencyKind, AgencyRef, Registry};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

pub(super) fn run(command: &Command, config: Option<&Path>) -> Result<Outcome, AppError> {
    match command {
        Command::Catalogue {
            file,
            registry,
            year,
            format,
            output,
        } => {
            let data = DataArgs {
                catalogue: file.clone(),
                registry: registry.clone(),
                ..DataArgs::default()
            };
            let s = settings_with_data(config, &data)?;
            catalogue(
                &s.paths.catalogue,
                &s.paths.corrections,
                &s.paths.registry,
                *year,
                *format,
                output.as_deref(),
            )
        }
        Command::Agencies {
            registry,
            format,
            output,
        } => {
            let data = DataArgs {
                registry: registry.clone(),
                ..DataArgs::default()
            };
            let s = settings_with_data(config, &data)?;
            agencies(&s.paths.registry, *format, output.as_deref())
        }
        _ => unreachable!("dispatched by command"),
    }
}

fn catalogue(
    file: &Path,
    corrections: &Path,
    registry: &Path,
    year: Option<i32>,
    format: Format,
    output: Option<&Path>,
) -> Result<Outcome, AppError> {
    let registry = Registry::load(registry).map_err(crate::workspace::LoadError::from)?;
    let mut cat =
        Catalogue::read(file, &registry, year).map_err(crate::workspace::LoadError::from)?;
    // The annex is listed as written; the corrections its documents print are listed
    // with its findings.
    if corrections.exists() {
        let table = crate::model::corrections::Corrections::load(corrections)
            .map_err(crate::workspace::LoadError::from)?;
        let notes = table.correct(&mut cat.clone());
        cat.diagnostics.extend(notes);
    }
    let rendered = match format {
        Format::Json => json(&cat),
        Format::Text => catalogue_text(&cat, &registry, file),
    };
    emit(&rendered, output)?;
    if format == Format::Text || output.is_some() {
        // Errors also go to stderr so they are seen when stdout is redirected.
        for d in cat.diagnostics.iter().filter(|d| d.is_error()) {
            eprintln!("{}: {d}", file.display());
        }
    }
    Ok(if cat.has_errors() {
        Outcome::InputErrors
    } else {
        Outcome::Clean
    })
}

fn agencies(registry: &Path, format: Format, output: Option<&Path>) -> Result<Outcome, AppError> {
    let registry = Registry::load(registry).map_err(crate::workspace::LoadError::from)?;
    let rendered = match format {
        Format::Json => {
            #[derive(Serialize)]
            struct List<'a> {
                agencies: &'a [Agency],
            }
            json(&List {
                agencies: registry.agencies(),
            })
        }
        Format::Text => agencies_text(&registry),
    };
    emit(&rendered, output)?;
    Ok(Outcome::Clean)
}

/// A readable listing of the catalogue, grouped by group.
fn catalogue_text(cat: &Catalogue, registry: &Registry, file: &Path) -> String {
    let mut s = String::new();
    let year = cat.year.map(|y| format!(" năm {y}")).unwrap_or_default();
    let _ = writeln!(
        s,
        "DANH MỤC NHIỆM VỤ{year}: {} nhiệm vụ trong {} nhóm ({}, trang \"{}\")",
        cat.tasks.len(),
        cat.groups.len(),
        file.display(),
        cat.sheet
    );
    let mut groups: Vec<(&str, &str)> = cat
        .groups
        .iter()
        .map(|g| (g.id.as_str(), g.title.as_str()))
        .collect();
    if cat.tasks.iter().any(|t| t.group.is_empty()) {
        groups.insert(0, ("", "(Chưa thuộc nhóm nào)"));
    }
    for (id, title) in groups {
        let _ = writeln!(s);
        if id.is_empty() {
            let _ = writeln!(s, "{title}");
        } else {
            let _ = writeln!(s, "{id}. {title}");
        }
        let mut subgroup: Option<&str> = None;
        for t in cat.tasks.iter().filter(|t| t.group == id) {
            if t.subgroup.as_deref() != subgroup {
                subgroup = t.subgroup.as_deref();
                if let Some(sg) = subgroup {
                    let _ = writeln!(s, "   [{sg}]");
                }
            }
            task_text(&mut s, t, registry);
        }
    }
    if !cat.diagnostics.is_empty() {
        let _ = writeln!(s, "\nCẦN XEM LẠI ({}):", cat.diagnostics.len());
        for d in &cat.diagnostics {
            let _ = writeln!(s, "  {d}");
        }
    }
    s
}

fn task_text(s: &mut String, t: &Task, registry: &Registry) {
    let _ = writeln!(s, "  {:<4} {}", t.code, t.full_title());
    let _ = writeln!(
        s,
        "       Chủ trì:  {}",
        agencies_summary(&t.lead, registry)
    );
    if !t.partners.text.is_empty() {
        let _ = writeln!(
            s,
            "       Phối hợp: {}",
            agencies_summary(&t.partners, registry)
        );
    }
    if !t.product.is_empty() {
        let _ = writeln!(s, "       Sản phẩm: {}", t.product);
        for (label, value) in &t.extra {
            let _ = writeln!(s, "       {label}: {value}");
        }
    }
    let due = if t.deadline.milestones.is_empty() {
        if t.deadline.recurring {
            "thường xuyên".to_string()
        } else {
            "không có hạn cụ thể".to_string()
        }
    } else {
        t.deadline
            .milestones
            .iter()
            .map(|m| {
                let kind = match m.kind {
                    MilestoneKind::Plan => "ban hành kế hoạch",
                    MilestoneKind::Start => "triển khai",
                    MilestoneKind::Complete => "hoàn thành",
                };
                format!("{kind} {}", m.due.format("%d/%m/%Y"))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(s, "       Thời hạn: {} → {due}", t.deadline.text);
}

/// "Sở Nội vụ", or for long lists "20 sở, ban, ngành; 15 quận, huyện", then the
/// phrases that name no registry agency.
fn agencies_summary(r: &AgencyRef, registry: &Registry) -> String {
    let found: Vec<_> = r.agencies.iter().filter_map(|c| registry.get(c)).collect();
    let mut parts: Vec<String> = Vec::new();
    if found.len() <= 8 {
        parts.extend(found.iter().map(|a| a.name.clone()));
    } else {
        let count = |k: &dyn Fn(AgencyKind) -> bool| found.iter().filter(|a| k(a.kind)).count();
        let depts = count(&|k| k == AgencyKind::Department);
        let districts = count(&|k| k.is_district());
        let others = count(&|k| k == AgencyKind::Other);
        if depts > 0 {
            parts.push(format!("{depts} sở, ban, ngành"));
        }
        if districts > 0 {
            parts.push(format!("{districts} {}", registry.district_words()));
        }
        if others > 0 {
            parts.push(format!("{others} cơ quan khác"));
        }
    }
    for u in &r.unresolved {
        parts.push(format!("\"{u}\" (ngoài danh sách)"));
    }
    if parts.is_empty() {
        "(không ghi)".into()
    } else {
        parts.join("; ")
    }
}

fn agencies_text(registry: &Registry) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "DANH SÁCH CƠ QUAN: {} cơ quan",
        registry.agencies().len()
    );
    let mut kind = None;
    for a in registry.agencies() {
        if kind != Some(a.kind) {
            kind = Some(a.kind);
            let title = match a.kind {
                AgencyKind::Department => "Sở, ban, ngành",
                AgencyKind::UrbanDistrict => "Quận",
                AgencyKind::RuralDistrict => "Huyện",
                AgencyKind::Town => "Thị xã",
                AgencyKind::ProvincialCity => "Thành phố thuộc tỉnh",
                AgencyKind::Other => "Cơ quan khác",
            };
            let _ = writeln!(s, "\n{title}");
        }
        let aliases: Vec<&str> = a
            .aliases
            .iter()
            .filter(|x| **x != a.code)
            .map(String::as_str)
            .collect();
        let _ = writeln!(s, "  {:<8} {}", a.code, a.name);
        if !aliases.is_empty() {
            let _ = writeln!(s, "           còn gọi: {}", aliases.join("; "));
        }
    }
    s
}
