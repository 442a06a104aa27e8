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

// ---------------------------------------------------------------------------------------
// check

/// Paths of the reference data every submission command reads.
#[derive(Debug, Clone)]
pub struct DataPaths {
    pub catalogue: PathBuf,
    pub registry: PathBuf,
    pub indicators: PathBuf,
    pub calendar: PathBuf,
}

impl Default for DataPaths {
    fn default() -> Self {
        DataPaths {
            catalogue: PathBuf::from(DEFAULT_CATALOGUE),
            registry: PathBuf::from(DEFAULT_REGISTRY),
            indicators: PathBuf::from("inputs/chi-tieu.toml"),
            calendar: PathBuf::from("inputs/ky-bao-cao.toml"),
        }
    }
}

/// The reference data, loaded once.
pub struct Reference {
    pub catalogue: Catalogue,
    pub registry: Registry,
    pub indicators: crate::indicators::Indicators,
    pub calendar: crate::period::Calendar,
    /// Limits applied to every submission read.
    pub limits: crate::submission::Limits,
}

impl Reference {
    pub fn load(paths: &DataPaths, year: Option<i32>) -> Result<Reference, Failure> {
        let registry = Registry::load(&paths.registry).map_err(|e| Failure::Run(e.to_string()))?;
        let catalogue = Catalogue::read(&paths.catalogue, &registry, year)
            .map_err(|e| Failure::Run(format!("danh mục nhiệm vụ: {e}")))?;
        if catalogue.has_errors() {
            let errs: Vec<String> = catalogue
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.to_string())
                .collect();
            return Err(Failure::Run(format!(
                "danh mục nhiệm vụ {} có lỗi: {}",
                paths.catalogue.display(),
                errs.join("; ")
            )));
        }
        let indicators =
            crate::indicators::Indicators::load(&paths.indicators).map_err(Failure::Run)?;
        let calendar = crate::period::Calendar::load(&paths.calendar).map_err(Failure::Run)?;
        Ok(Reference {
            catalogue,
            registry,
            indicators,
            calendar,
            limits: Default::default(),
        })
    }
}

pub struct CheckArgs {
    pub inputs: Vec<PathBuf>,
    pub data: DataPaths,
    pub period: Option<crate::period::Period>,
    pub as_of: chrono::NaiveDate,
    pub agency: Option<String>,
    pub format: Format,
    /// Folder for the feedback copies; `None`: none written.
    pub feedback: Option<PathBuf>,
    pub color: bool,
    pub limits: crate::submission::Limits,
}

/// A file found in the inputs, or a file skipped with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// Workbook extensions read as submissions.
const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xls", "ods", "xlsb"];

/// Expands files and folders into the files to check (sorted) and the files skipped.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Skipped>), Failure> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input)
            .map_err(|e| Failure::Run(format!("không mở được {}: {e}", input.display())))?;
        if meta.is_dir() {
            walk(input, &mut files, &mut skipped)?;
        } else {
            // A file named explicitly is always checked.
            files.push(input.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok((files, skipped))
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, skipped: &mut Vec<Skipped>) -> Result<(), Failure> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Failure::Run(format!("không đọc được thư mục {}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if p.is_dir() {
            if !name.starts_with('.') {
                walk(&p, files, skipped)?;
            }
            continue;
        }
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if name.starts_with("~$") || name.starts_with(".~lock") {
            skipped.push(Skipped {
                file: p.display().to_string(),
                reason: "tệp khóa tạm của Excel/LibreOffice".into(),
            });
        } else if name.starts_with('.') {
            continue;
        } else if WORKBOOK_EXTENSIONS.contains(&ext.as_str()) {
            files.push(p);
        } else {
            skipped.push(Skipped {
                file: p.display().to_string(),
                reason: "không phải bảng tính (.xlsx, .xls, .ods)".into(),
            });
        }
    }
    Ok(())
}

/// Reads and validates files in parallel, in input order.
pub fn check_files(
    files: &[PathBuf],
    reference: &Reference,
    period: Option<crate::period::Period>,
    as_of: chrono::NaiveDate,
    agency: Option<&str>,
) -> Vec<(crate::submission::Submission, crate::validate::Checked)> {
    use rayon::prelude::*;
    let opts = crate::submission::ReadOptions {
        agency: agency.map(str::to_string),
        period,
        limits: reference.limits,
    };
    let ctx = crate::validate::Context {
        catalogue: &reference.catalogue,
        registry: &reference.registry,
        indicators: &reference.indicators,
        period,
        as_of,
    };
    files
        .par_iter()
        .map(|f| {
            let sub = crate::submission::Submission::read(f, &reference.registry, &opts);
            let checked = crate::validate::validate(&sub, &ctx);
            (sub, checked)
        })
        .collect()
}

/// `vanban check`.
pub fn check(args: &CheckArgs) -> Result<Outcome, Failure> {
    let mut reference = Reference::load(&args.data, args.period.map(|p| p.year))?;
    reference.limits = args.limits;
    let (files, skipped) = collect_inputs(&args.inputs)?;
    let results = check_files(
        &files,
        &reference,
        args.period,
        args.as_of,
        args.agency.as_deref(),
    );

    if let Some(dir) = &args.feedback {
        let mut used = std::collections::HashSet::new();
        for (sub, checked) in &results {
            let name = feedback_name(&sub.file, &mut used);
            let bytes = crate::feedback::feedback_for(sub, checked, &reference.registry)
                .map_err(|e| Failure::Run(format!("không tạo được tệp kết quả kiểm tra: {e}")))?;
            crate::output::write_atomic(&dir.join(&name), &bytes).map_err(|e| {
                Failure::Run(format!("không ghi được {}: {e}", dir.join(&name).display()))
            })?;
        }
    }

    let checked: Vec<&crate::validate::Checked> = results.iter().map(|(_, c)| c).collect();
    let rendered = match args.format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                files: &'a [&'a crate::validate::Checked],
                skipped: &'a [Skipped],
            }
            let mut s = serde_json::to_string_pretty(&Out {
                files: &checked,
                skipped: &skipped,
            })
            .map_err(|e| Failure::Run(e.to_string()))?;
            s.push('\n');
            s
        }
        Format::Text => check_text(&checked, &skipped, &reference.registry, args.color),
    };
    emit(&rendered, None)?;
    let any_error = checked.iter().any(|c| {
        matches!(
            c.status,
            crate::validate::FileStatus::Errors | crate::validate::FileStatus::Unreadable
        )
    });
    Ok(if any_error {
        Outcome::InputErrors
    } else {
        Outcome::Clean
    })
}

/// `STP.xlsx` → `STP-kiem-tra.xlsx`, unique within a run.
pub fn feedback_name(file: &str, used: &mut std::collections::HashSet<String>) -> String {
    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = format!("{}-kiem-tra", crate::output::safe_file_stem(&stem));
    let mut name = format!("{base}.xlsx");
    let mut n = 2;
    while !used.insert(name.to_lowercase()) {
        name = format!("{base}-{n}.xlsx");
        n += 1;
    }
    name
}

fn check_text(
    checked: &[&crate::validate::Checked],
    skipped: &[Skipped],
    registry: &Registry,
    color: bool,
) -> String {
    use crate::validate::FileStatus;
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut s = String::new();
    for c in checked {
        let agency = c
            .agency
            .as_deref()
            .and_then(|a| registry.get(a))
            .map(|a| a.name.clone())
            .unwrap_or_else(|| "(chưa xác định cơ quan)".into());
        let period = c
            .period
            .as_deref()
            .and_then(crate::period::Period::parse_id)
            .map(|p| p.label())
            .unwrap_or_else(|| "(chưa xác định kỳ)".into());
        let errors = c.diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = c.diagnostics.len() - errors;
        let status = match c.status {
            FileStatus::Ok => paint("32", c.status.label()),
            FileStatus::Warnings => paint("33", c.status.label()),
            _ => paint("31", c.status.label()),
        };
        let _ = writeln!(
            s,
            "{} — {agency}, {period}: {status} ({errors} lỗi, {warnings} cảnh báo)",
            paint("1", &c.file)
        );
        for d in &c.diagnostics {
            let sev = if d.is_error() {
                paint("31", "lỗi    ")
            } else {
                paint("33", "cảnh báo")
            };
            let place = match (&d.sheet, &d.cell) {
                (Some(sh), Some(ce)) => format!("[{sh}!{ce}] "),
                (Some(sh), None) => format!("[{sh}] "),
                _ => String::new(),
            };
            let _ = writeln!(s, "  {sev} {:<22} {place}{}", d.code, d.message);
            if let Some(h) = &d.hint {
                let _ = writeln!(s, "           → {h}");
            }
        }
    }
    for sk in skipped {
        let _ = writeln!(s, "{} — bỏ qua: {}", sk.file, sk.reason);
    }
    let count = |st: FileStatus| checked.iter().filter(|c| c.status == st).count();
    let _ = writeln!(
        s,
        "Tổng: {} tệp — {} đạt, {} có cảnh báo, {} có lỗi, {} không đọc được; bỏ qua {} tệp.",
        checked.len(),
        count(FileStatus::Ok),
        count(FileStatus::Warnings),
        count(FileStatus::Errors),
        count(FileStatus::Unreadable),
        skipped.len()
    );
    s
}

// ---------------------------------------------------------------------------------------
// template

pub struct TemplateArgs {
    pub data: DataPaths,
    pub agency: Option<String>,
    pub all: bool,
    pub period: crate::period::Period,
    pub output: Option<PathBuf>,
}

/// `vanban template`: one form, or one per agency with `--all`.
pub fn template(args: &TemplateArgs) -> Result<Outcome, Failure> {
    let reference = Reference::load(&args.data, Some(args.period.year))?;
    let agencies: Vec<&crate::registry::Agency> = if args.all {
        reference
            .registry
            .agencies()
            .iter()
            .filter(|a| a.kind != AgencyKind::Other)
            .collect()
    } else {
        let Some(a) = args.agency.as_deref() else {
            return Err(Failure::Run("cần --agency MÃ hoặc --all".into()));
        };
        let agency = reference
            .registry
            .get(a)
            .or_else(|| reference.registry.lookup(a))
            .ok_or_else(|| {
                let hint: Vec<String> = reference
                    .registry
                    .closest(a, 3)
                    .iter()
                    .map(|x| format!("{} ({})", x.name, x.code))
                    .collect();
                Failure::Run(format!(
                    "không có cơ quan \"{a}\" trong danh sách cơ quan{}",
                    if hint.is_empty() {
                        String::new()
                    } else {
                        format!("; có phải là: {}?", hint.join(", "))
                    }
                ))
            })?;
        vec![agency]
    };
    let mut written = Vec::new();
    for agency in &agencies {
        let bytes = crate::form::form_workbook(
            &reference.catalogue,
            &reference.indicators,
            Some(&reference.calendar),
            agency,
            args.period,
            None,
        )
        .map_err(|e| Failure::Run(format!("không tạo được mẫu: {e}")))?;
        let name = crate::form::form_file_name(agency, args.period);
        let path = match (&args.output, args.all) {
            (Some(dir), true) => dir.join(&name),
            (None, true) => PathBuf::from("output")
                .join("mau")
                .join(args.period.id())
                .join(&name),
            (Some(file), false) => file.clone(),
            (None, false) => PathBuf::from(&name),
        };
        crate::output::write_atomic(&path, &bytes)
            .map_err(|e| Failure::Run(format!("không ghi được {}: {e}", path.display())))?;
        written.push(path);
    }
    for p in &written {
        println!("đã ghi {}", p.display());
    }
    Ok(Outcome::Clean)
}

// ---------------------------------------------------------------------------------------
// decision, render

/// Output formats of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocFormats {
    pub docx: bool,
    pub pdf: bool,
}

impl DocFormats {
    /// Parses "docx,pdf", "pdf", "docx".
    pub fn parse(s: &str) -> Result<DocFormats, String> {
        let mut f = DocFormats {
            docx: false,
            pdf: false,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.to_ascii_lowercase().as_str() {
                "docx" => f.docx = true,
                "pdf" => f.pdf = true,
                other => {
                    return Err(format!(
                        "định dạng \"{other}\" không hỗ trợ; dùng docx, pdf"
                    ));
                }
            }
        }
        if !f.docx && !f.pdf {
            return Err("cần ít nhất một định dạng: docx, pdf".into());
        }
        Ok(f)
    }
}

#[derive(Clone)]
pub struct DocArgs {
    pub output: PathBuf,
    pub formats: DocFormats,
    pub font_dir: Option<PathBuf>,
    pub allow_missing_glyphs: bool,
}

/// Writes a document in the requested formats as `<dir>/<stem>.docx|pdf`.
pub fn write_document(
    doc: &crate::doc::Document,
    stem: &str,
    args: &DocArgs,
    pdf: Option<&crate::doc::pdf::PdfWriter>,
) -> Result<Vec<PathBuf>, Failure> {
    let stem = crate::output::safe_file_stem(stem);
    let mut written = Vec::new();
    if args.formats.docx {
        let bytes = crate::doc::docx::render(doc).map_err(|e| Failure::Run(e.to_string()))?;
        let path = args.output.join(format!("{stem}.docx"));
        crate::output::write_atomic(&path, &bytes)
            .map_err(|e| Failure::Run(format!("không ghi được {}: {e}", path.display())))?;
        written.push(path);
    }
    if args.formats.pdf {
        let owned;
        let writer = match pdf {
            Some(w) => w,
            None => {
                owned = crate::doc::pdf::PdfWriter::with_font_dir(args.font_dir.as_deref())
                    .map_err(|e| Failure::Run(e.to_string()))?;
                &owned
            }
        };
        let bytes = writer
            .render(doc, args.allow_missing_glyphs)
            .map_err(|e| Failure::Input(e.to_string()))?;
        let path = args.output.join(format!("{stem}.pdf"));
        crate::output::write_atomic(&path, &bytes)
            .map_err(|e| Failure::Run(format!("không ghi được {}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

/// `vanban decision SPEC.toml`.
pub fn decision(spec: &Path, registry: &Path, args: &DocArgs) -> Result<Outcome, Failure> {
    let registry = Registry::load(registry).map_err(|e| Failure::Run(e.to_string()))?;
    let s = crate::decision::DecisionSpec::load(spec).map_err(Failure::Input)?;
    let base = spec.parent().unwrap_or(Path::new("."));
    let doc = s.compose(base, &registry).map_err(Failure::Input)?;
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "quyet-dinh".into());
    for p in write_document(&doc, &stem, args, None)? {
        println!("đã ghi {}", p.display());
    }
    Ok(Outcome::Clean)
}

/// `vanban render DOC.toml|json`: any document straight from the model.
pub fn render(file: &Path, args: &DocArgs) -> Result<Outcome, Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::Run(format!("không đọc được {}: {e}", file.display())))?;
    let is_json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let doc: crate::doc::Document = if is_json {
        serde_json::from_str(&text)
            .map_err(|e| Failure::Input(format!("{}: {e}", file.display())))?
    } else {
        toml::from_str(&text).map_err(|e| Failure::Input(format!("{}: {e}", file.display())))?
    };
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "van-ban".into());
    for p in write_document(&doc, &stem, args, None)? {
        println!("đã ghi {}", p.display());
    }
    Ok(Outcome::Clean)
}

// ---------------------------------------------------------------------------------------
// report, remind

pub struct CompileArgs {
    pub data: DataPaths,
    pub submissions: Option<PathBuf>,
    pub period: crate::period::Period,
    pub as_of: chrono::NaiveDate,
    pub output: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub doc: DocArgs,
}

/// The project's config file (`vanban.toml`): its `[documents]` table sets issuers,
/// signers and recipients; absent, the seed's values are used.
pub fn load_report_config(path: Option<&Path>) -> Result<crate::report::ReportConfig, Failure> {
    let default_path = Path::new("vanban.toml");
    let path = match path {
        Some(p) => p,
        None if default_path.exists() => default_path,
        None => return Ok(Default::default()),
    };
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default)]
        documents: Option<crate::report::ReportConfig>,
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Run(format!("không đọc được {}: {e}", path.display())))?;
    let f: File =
        toml::from_str(&text).map_err(|e| Failure::Run(format!("{}: {e}", path.display())))?;
    Ok(f.documents.unwrap_or_default())
}

/// Checks the period's submissions and aggregates them.
fn compile(
    args: &CompileArgs,
) -> Result<
    (
        Reference,
        Vec<crate::validate::Checked>,
        crate::aggregate::Summary,
    ),
    Failure,
> {
    let reference = Reference::load(&args.data, Some(args.period.year))?;
    let dir = args
        .submissions
        .clone()
        .unwrap_or_else(|| PathBuf::from("inputs/bao-cao").join(args.period.id()));
    let (files, _skipped) = collect_inputs(&[dir])?;
    let results = check_files(&files, &reference, Some(args.period), args.as_of, None);
    let checked: Vec<crate::validate::Checked> = results.into_iter().map(|(_, c)| c).collect();
    let summary = crate::aggregate::summarise(
        &reference.catalogue,
        &reference.registry,
        &reference.indicators,
        &reference.calendar,
        args.period,
        args.as_of,
        &checked,
    );
    Ok((reference, checked, summary))
}

fn out_dir(args: &CompileArgs) -> PathBuf {
    args.output
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(args.period.id()))
}

/// `vanban report`: the UBND's periodic report and the status workbook.
pub fn report(args: &CompileArgs, number: Option<u32>) -> Result<Outcome, Failure> {
    let config = load_report_config(args.config.as_deref())?;
    let (r, checked, summary) = compile(args)?;
    let doc = crate::report::report_document(
        &summary,
        &r.catalogue,
        &r.registry,
        &r.indicators,
        &checked,
        &config,
        number,
    );
    let dir = out_dir(args);
    let doc_args = DocArgs {
        output: dir.clone(),
        ..args.doc.clone()
    };
    for p in write_document(
        &doc,
        &format!("bao-cao-cchc-{}", args.period.id()),
        &doc_args,
        None,
    )? {
        println!("đã ghi {}", p.display());
    }
    let wb = crate::report::status_workbook(&summary, &r.catalogue, &r.indicators)
        .map_err(|e| Failure::Run(format!("không tạo được bảng tổng hợp: {e}")))?;
    let path = dir
        .join("kiem-tra")
        .join(format!("tong-hop-{}.xlsx", args.period.id()));
    crate::output::write_atomic(&path, &wb)
        .map_err(|e| Failure::Run(format!("không ghi được {}: {e}", path.display())))?;
    println!("đã ghi {}", path.display());
    Ok(Outcome::Clean)
}

/// `vanban remind`: one công văn per agency that has not submitted, submitted late or
/// submitted with errors.
pub fn remind(args: &CompileArgs) -> Result<Outcome, Failure> {
    let config = load_report_config(args.config.as_deref())?;
    let (r, checked, summary) = compile(args)?;
    let dir = out_dir(args).join("cong-van-don-doc");
    let doc_args = DocArgs {
        output: dir.clone(),
        ..args.doc.clone()
    };
    let writer = if doc_args.formats.pdf {
        Some(
            crate::doc::pdf::PdfWriter::with_font_dir(doc_args.font_dir.as_deref())
                .map_err(|e| Failure::Run(e.to_string()))?,
        )
    } else {
        None
    };
    let mut count = 0;
    for a in summary.agencies.iter().filter(|a| a.needs_reminder()) {
        let c = a.checked.map(|i| &checked[i]);
        let doc =
            crate::report::reminder_document(&summary, a, c, &r.catalogue, &r.calendar, &config);
        let stem = format!("don-doc-{}-{}", a.code, args.period.id());
        write_document(&doc, &stem, &doc_args, writer.as_ref())?;
        count += 1;
    }
    println!("đã ghi {count} công văn đôn đốc vào {}", dir.display());
    Ok(Outcome::Clean)
}

// ---------------------------------------------------------------------------------------
// run, sample

pub struct RunArgs {
    pub config: Option<PathBuf>,
    pub period: Option<crate::period::Period>,
    pub as_of: Option<chrono::NaiveDate>,
    pub output: Option<PathBuf>,
    pub quiet: bool,
    pub format: Format,
}

/// `vanban run`.
pub fn run(args: &RunArgs) -> Result<Outcome, Failure> {
    use std::io::IsTerminal;
    let start = std::time::Instant::now();
    let default = Path::new("vanban.toml");
    let config = match &args.config {
        Some(p) => crate::run::Config::load(p)?,
        None if default.exists() => crate::run::Config::load(default)?,
        None => crate::run::Config::default(),
    };
    let period = match (args.period, &config.period) {
        (Some(p), _) => p,
        (None, Some(s)) => crate::period::Period::parse_id(s)
            .ok_or_else(|| Failure::Run(format!("vanban.toml: kỳ báo cáo \"{s}\" không hợp lệ")))?,
        (None, None) => {
            return Err(Failure::Run(
                "cần --period (hoặc period trong vanban.toml)".into(),
            ));
        }
    };
    let d = DataPaths::default();
    let i = &config.inputs;
    let formats = match &config.options.formats {
        Some(list) => DocFormats::parse(&list.join(",")).map_err(Failure::Run)?,
        None => DocFormats {
            docx: true,
            pdf: true,
        },
    };
    let opts = crate::run::RunOptions {
        data: DataPaths {
            catalogue: i.catalogue.clone().unwrap_or(d.catalogue),
            registry: i.registry.clone().unwrap_or(d.registry),
            indicators: i.indicators.clone().unwrap_or(d.indicators),
            calendar: i.calendar.clone().unwrap_or(d.calendar),
        },
        submissions: i
            .submissions
            .clone()
            .unwrap_or_else(|| PathBuf::from("inputs/bao-cao")),
        decisions: i.decisions.clone(),
        period,
        as_of: args
            .as_of
            .or(config.as_of)
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        output_root: args
            .output
            .clone()
            .or(config.output.clone())
            .unwrap_or_else(|| PathBuf::from("output")),
        formats,
        font_dir: config.options.font_dir.clone(),
        report_number: config.options.report_number,
        documents: config.documents.clone().unwrap_or_default(),
        limits: config.limits.to_limits(),
        progress: !args.quiet && args.format == Format::Text && std::io::stderr().is_terminal(),
    };
    let manifest = crate::run::run(&opts)?;
    let dir = opts.output_root.join(period.id());
    match args.format {
        Format::Json => {
            let mut s =
                serde_json::to_string_pretty(&manifest).map_err(|e| Failure::Run(e.to_string()))?;
            s.push('\n');
            emit(&s, None)?;
        }
        Format::Text => emit(
            &crate::run::summary_text(&manifest, period, &dir, start.elapsed().as_millis()),
            None,
        )?,
    }
    Ok(if manifest.failures.is_empty() {
        Outcome::Clean
    } else {
        Outcome::InputErrors
    })
}

pub struct SampleArgs {
    pub data: DataPaths,
    pub agencies: usize,
    pub period: crate::period::Period,
    pub output: PathBuf,
}

/// `vanban sample`: a registry and valid submissions for N agencies, for measurements.
pub fn sample(args: &SampleArgs) -> Result<Outcome, Failure> {
    let base = Registry::load(&args.data.registry).map_err(|e| Failure::Run(e.to_string()))?;
    let toml = crate::sample::submissions::sample_registry(&base, args.agencies);
    let reg_path = args.output.join("co-quan.toml");
    crate::output::write_atomic(&reg_path, toml.as_bytes())
        .map_err(|e| Failure::Run(format!("không ghi được {}: {e}", reg_path.display())))?;
    let data = DataPaths {
        registry: reg_path.clone(),
        ..args.data.clone()
    };
    let reference = Reference::load(&data, Some(args.period.year))?;
    let files = crate::sample::submissions::generate(
        &reference.catalogue,
        &reference.registry,
        &reference.indicators,
        &reference.calendar,
        args.period,
        args.agencies,
    )
    .map_err(|e| Failure::Run(e.to_string()))?;
    let dir = args.output.join("bao-cao").join(args.period.id());
    for (name, bytes) in &files {
        crate::output::write_atomic(&dir.join(name), bytes)
            .map_err(|e| Failure::Run(format!("không ghi được {name}: {e}")))?;
    }
    println!(
        "đã ghi {} báo cáo vào {} và danh sách cơ quan {}",
        files.len(),
        dir.display(),
        reg_path.display()
    );
    Ok(Outcome::Clean)
}
