//! The commands behind the command line: each takes plain arguments, does its job
//! through the library and prints or writes the result. Kept out of `main.rs` so the
//! commands are testable and `main.rs` stays an argument parser.

use crate::catalogue::{Catalogue, Task};
use crate::deadline::MilestoneKind;
use crate::diag::Diagnostic;
use crate::registry::{AgencyKind, AgencyRef, Registry};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Default catalogue workbook, relative to the working directory.
pub const DEFAULT_CATALOGUE: &str = "inputs/danh-muc-2019.xlsx";
/// Default agency registry, relative to the working directory.
pub const DEFAULT_REGISTRY: &str = "inputs/co-quan.toml";

/// Output format of listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// How a command ended when it could run.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done, no error in the input.
    Clean,
    /// Done, but the input has errors (exit code 1).
    InputErrors,
}

/// Why a command stopped.
#[derive(Debug)]
pub enum Failure {
    /// The input is unusable (exit code 1).
    Input(String),
    /// The command could not run: missing configuration, unwritable output (exit 2).
    Run(String),
}

pub struct CatalogueArgs {
    pub file: PathBuf,
    pub registry: PathBuf,
    pub year: Option<i32>,
    pub format: Format,
    pub output: Option<PathBuf>,
}

/// `vanban catalogue`.
pub fn catalogue(args: &CatalogueArgs) -> Result<Outcome, Failure> {
    let registry = Registry::load(&args.registry).map_err(|e| Failure::Run(e.to_string()))?;
    let cat = Catalogue::read(&args.file, &registry, args.year)
        .map_err(|e| Failure::Input(e.to_string()))?;
    let rendered = match args.format {
        Format::Json => {
            let mut s =
                serde_json::to_string_pretty(&cat).map_err(|e| Failure::Run(e.to_string()))?;
            s.push('\n');
            s
        }
        Format::Text => catalogue_text(&cat, &registry, &args.file),
    };
    emit(&rendered, args.output.as_deref())?;
    if args.format == Format::Text || args.output.is_some() {
        // Errors also go to stderr so they are seen when stdout is redirected.
        for d in cat.diagnostics.iter().filter(|d| d.is_error()) {
            eprintln!("{}: {d}", args.file.display());
        }
    }
    Ok(if cat.has_errors() {
        Outcome::InputErrors
    } else {
        Outcome::Clean
    })
}

/// `vanban agencies`.
pub fn agencies(
    registry: &Path,
    format: Format,
    output: Option<&Path>,
) -> Result<Outcome, Failure> {
    let registry = Registry::load(registry).map_err(|e| Failure::Run(e.to_string()))?;
    let rendered = match format {
        Format::Json => {
            #[derive(Serialize)]
            struct List<'a> {
                agencies: &'a [crate::registry::Agency],
            }
            let mut s = serde_json::to_string_pretty(&List {
                agencies: registry.agencies(),
            })
            .map_err(|e| Failure::Run(e.to_string()))?;
            s.push('\n');
            s
        }
        Format::Text => agencies_text(&registry),
    };
    emit(&rendered, output)?;
    Ok(Outcome::Clean)
}

fn emit(text: &str, output: Option<&Path>) -> Result<(), Failure> {
    match output {
        Some(path) => crate::output::write_atomic(path, text.as_bytes())
            .map_err(|e| Failure::Run(format!("không ghi được {}: {e}", path.display()))),
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = out.write_all(text.as_bytes());
            Ok(())
        }
    }
}

/// A readable listing of the catalogue, grouped by group.
pub fn catalogue_text(cat: &Catalogue, registry: &Registry, file: &Path) -> String {
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
pub fn agencies_summary(r: &AgencyRef, registry: &Registry) -> String {
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
            parts.push(format!("{districts} quận, huyện"));
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

/// Formats diagnostics one per line, for messages.
pub fn diagnostics_text(file: &str, diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| format!("{file}: {d}\n")).collect()
}
