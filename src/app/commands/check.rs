//! `vanban check`: read and check submissions, print the findings, write each file's
//! feedback copy. A feedback copy that cannot be made is reported and the others are
//! still written (as `run` does); the command then ends with exit code 1.

use super::super::args::{Command, Format};
use super::super::config::{Overrides, Settings};
use super::super::pipeline::{receipts, with_receipts};
use super::super::{AppError, Outcome, emit, emit_json, write_file};
use super::workspace;
use crate::check::{Checked, FileStatus};
use crate::model::finding::Severity;
use crate::model::period::Period;
use crate::model::registry::Registry;
use crate::read::files::{Skipped, collect_inputs};
use crate::read::submission::Submission;
use crate::workspace::Workspace;
use serde::Serialize;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Mutex;

pub(super) fn run(command: &Command, config: Option<&Path>) -> Result<Outcome, AppError> {
    let Command::Check {
        inputs,
        data,
        period,
        as_of,
        agency,
        format,
        feedback,
        no_feedback,
        limits,
    } = command
    else {
        unreachable!("dispatched by command")
    };
    let s = Settings::resolve(
        config,
        &Overrides {
            data: Some(data),
            limits: Some(limits),
            period: *period,
            as_of: *as_of,
            ..Overrides::default()
        },
    )?;
    let ws = workspace(&s, s.period.map(|p| p.year))?;
    let (files, skipped) = collect_inputs(inputs)?;
    let feedback_dir = (!no_feedback).then(|| {
        feedback.clone().unwrap_or_else(|| {
            let folder = s
                .period
                .map(|p| p.id())
                .unwrap_or_else(|| "chua-ro-ky".into());
            s.output.join(folder).join("kiem-tra")
        })
    });
    let mut used = HashSet::new();
    let names: Vec<String> = files
        .iter()
        .map(|f| crate::output::feedback_name(&f.display().to_string(), &mut used))
        .collect();
    let failures = Mutex::new(Vec::new());
    // Each file's feedback copy is written as soon as it is checked, while its grids
    // are held; they are freed right after.
    let each = |i: usize, sub: &crate::read::submission::Submission, c: &Checked| {
        if let Some(dir) = &feedback_dir
            && sub.document.is_none()
            && let Err(e) = write_feedback(&ws, sub, c, &dir.join(&names[i]))
        {
            failures.lock().expect("lock").push((i, e));
        }
    };
    // `check` shows the findings as they are: no review.
    let results = ws.check_files_each(
        &files,
        s.period,
        s.as_of,
        agency.as_deref(),
        &Default::default(),
        Some(&each),
    );
    let mut failures = failures.into_inner().expect("lock");
    failures.sort();
    // A folder checked with its register of incoming documents: each file's arrival.
    let mut results = results;
    for dir in inputs.iter().filter(|p| p.is_dir()) {
        let register = receipts(dir, &ws);
        if register.path.is_some() {
            results = with_receipts(results, &register);
        }
    }
    let checked: Vec<&Checked> = results.iter().collect();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                files: &'a [&'a Checked],
                skipped: &'a [Skipped],
            }
            emit_json(
                &Out {
                    files: &checked,
                    skipped: &skipped,
                },
                None,
            )?
        }
        Format::Text => {
            let mut text = check_text(&checked, &skipped, &ws.registry, color());
            corrections_text(&mut text, &ws);
            emit(&text, None)?
        }
    }
    for (_, f) in &failures {
        eprintln!("vanban: lỗi: {f}");
    }
    let any_error = checked
        .iter()
        .any(|c| matches!(c.status, FileStatus::Errors | FileStatus::Unreadable));
    Ok(if any_error || !failures.is_empty() {
        Outcome::InputErrors
    } else {
        Outcome::Clean
    })
}

/// The corrections the documents will print ("Cài cách" → "Cải cách"), so the clerk
/// sees that the printed titles differ from the annex as written.
fn corrections_text(s: &mut String, ws: &Workspace) {
    use crate::model::finding::Code;
    let notes: Vec<_> = ws
        .catalogue
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::CatalogueCorrected)
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(
            s,
            "Danh mục nhiệm vụ — hiệu đính khi in văn bản ({}):",
            notes.len()
        );
        for d in notes {
            let _ = writeln!(s, "  {d}");
        }
    }
}

fn color() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Writes one file's feedback copy; says why when it cannot.
fn write_feedback(
    ws: &Workspace,
    sub: &Submission,
    checked: &Checked,
    path: &Path,
) -> Result<(), String> {
    ws.feedback(sub, checked)
        .map_err(|e| {
            format!(
                "không tạo được tệp kết quả kiểm tra {}: {e}",
                path.display()
            )
        })
        .and_then(|bytes| write_file(path, &bytes).map_err(|e| e.to_string()))
}

/// Cells listed for a group of identical findings before "và N ô khác".
const CELLS_SHOWN: usize = 5;
/// Groups of one code listed per file; the rest are counted.
const GROUPS_PER_CODE: usize = 20;

fn paint(color: bool, code: &str, s: &str) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn check_text(
    checked: &[&Checked],
    skipped: &[Skipped],
    registry: &Registry,
    color: bool,
) -> String {
    let mut s = String::new();
    for c in checked {
        file_text(&mut s, c, registry, color);
    }
    for sk in skipped {
        let _ = writeln!(s, "{} — bỏ qua: {}", sk.file, sk.reason);
    }
    let count = |st: FileStatus| {
        checked
            .iter()
            .filter(|c| c.status == st && c.document.is_none())
            .count()
    };
    let documents = checked.iter().filter(|c| c.document.is_some()).count();
    let _ = writeln!(
        s,
        "Tổng: {} tệp — {} đạt, {} có cảnh báo, {} có lỗi, {} không đọc được{}; bỏ qua {} tệp.",
        checked.len(),
        count(FileStatus::Ok),
        count(FileStatus::Warnings),
        count(FileStatus::Errors),
        count(FileStatus::Unreadable),
        match documents {
            0 => String::new(),
            n => format!(", {n} văn bản (Word, PDF, ảnh) không theo mẫu Excel"),
        },
        skipped.len()
    );
    s
}

fn file_text(s: &mut String, c: &Checked, registry: &Registry, color: bool) {
    let agency = c
        .agency
        .as_deref()
        .and_then(|a| registry.get(a))
        .map(|a| a.name.clone())
        .unwrap_or_else(|| "(chưa xác định cơ quan)".into());
    let period = c
        .period
        .as_deref()
        .and_then(Period::parse_id)
        .map(|p| p.label())
        .unwrap_or_else(|| "(chưa xác định kỳ)".into());
    let errors = c.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = c.diagnostics.iter().filter(|d| d.is_warning()).count();
    let status = match c.status {
        FileStatus::Ok => paint(color, "32", c.status.label()),
        FileStatus::Warnings => paint(color, "33", c.status.label()),
        _ if c.wrong_format() => paint(color, "33", "gửi sai định dạng (không theo mẫu Excel)"),
        _ if c.document.is_some() => paint(color, "32", "tệp kèm theo"),
        _ => paint(color, "31", c.status.label()),
    };
    let _ = writeln!(
        s,
        "{} — {agency}, {period}: {status} ({errors} lỗi, {warnings} cảnh báo)",
        paint(color, "1", &c.file)
    );
    let groups = crate::model::finding::group(&c.diagnostics);
    let mut per_code: std::collections::HashMap<crate::model::finding::Code, usize> =
        std::collections::HashMap::new();
    let mut hidden: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for g in &groups {
        let d = g.first;
        let shown = per_code.entry(d.code).or_default();
        *shown += 1;
        if *shown > GROUPS_PER_CODE {
            *hidden.entry(d.code.as_str()).or_default() += g.count;
            continue;
        }
        let sev = match d.severity {
            Severity::Error => paint(color, "31", "lỗi    "),
            Severity::Warning => paint(color, "33", "cảnh báo"),
            Severity::Info => paint(color, "36", "ghi chú"),
        };
        let place = match (&d.sheet, g.cells_text(CELLS_SHOWN)) {
            (Some(sh), Some(ce)) => format!("[{sh}!{ce}] "),
            (Some(sh), None) => format!("[{sh}] "),
            _ => String::new(),
        };
        let _ = writeln!(s, "  {sev} {:<22} {place}{}", d.code.as_str(), d.message);
        if let Some(h) = &d.hint {
            let _ = writeln!(s, "           → {h}");
        }
    }
    for (code, n) in hidden {
        let _ = writeln!(
            s,
            "  … và {} phát hiện {code} khác (đủ cả trong --format json và tệp kết quả kiểm tra)",
            crate::text::format_count(n as u64)
        );
    }
}
