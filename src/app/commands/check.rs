//! `vanban check`: read and check submissions, print the findings, write each file's
//! feedback copy. A feedback copy that cannot be made is reported and the others are
//! still written (as `run` does); the command then ends with exit code 1.

use super::super::args::{Command, Format};
use super::super::config::{Overrides, Settings};
use super::super::{AppError, Outcome, emit, json, write_file};
use super::workspace;
use crate::check::{Checked, FileStatus};
use crate::model::period::Period;
use crate::model::registry::Registry;
use crate::read::files::{Skipped, collect_inputs};
use crate::read::submission::Submission;
use crate::workspace::Workspace;
use serde::Serialize;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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
    let results = ws.check_files(&files, s.period, s.as_of, agency.as_deref());
    let feedback_dir = (!no_feedback).then(|| {
        feedback.clone().unwrap_or_else(|| {
            let folder = s
                .period
                .map(|p| p.id())
                .unwrap_or_else(|| "chua-ro-ky".into());
            s.output.join(folder).join("kiem-tra")
        })
    });
    let failures = match &feedback_dir {
        Some(dir) => write_feedback(&ws, &results, dir),
        None => Vec::new(),
    };
    let checked: Vec<&Checked> = results.iter().map(|(_, c)| c).collect();
    let rendered = match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                files: &'a [&'a Checked],
                skipped: &'a [Skipped],
            }
            json(&Out {
                files: &checked,
                skipped: &skipped,
            })
        }
        Format::Text => check_text(&checked, &skipped, &ws.registry, color()),
    };
    emit(&rendered, None)?;
    for f in &failures {
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

fn color() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Writes each file's feedback copy; returns what could not be written.
fn write_feedback(ws: &Workspace, results: &[(Submission, Checked)], dir: &Path) -> Vec<String> {
    let mut used = HashSet::new();
    let mut failures = Vec::new();
    for (sub, checked) in results {
        let path: PathBuf = dir.join(crate::output::feedback_name(&sub.file, &mut used));
        let written = ws
            .feedback(sub, checked)
            .map_err(|e| {
                format!(
                    "không tạo được tệp kết quả kiểm tra {}: {e}",
                    path.display()
                )
            })
            .and_then(|bytes| write_file(&path, &bytes).map_err(|e| e.to_string()));
        if let Err(e) = written {
            failures.push(e);
        }
    }
    failures
}

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
    let warnings = c.diagnostics.len() - errors;
    let status = match c.status {
        FileStatus::Ok => paint(color, "32", c.status.label()),
        FileStatus::Warnings => paint(color, "33", c.status.label()),
        _ => paint(color, "31", c.status.label()),
    };
    let _ = writeln!(
        s,
        "{} — {agency}, {period}: {status} ({errors} lỗi, {warnings} cảnh báo)",
        paint(color, "1", &c.file)
    );
    for d in &c.diagnostics {
        let sev = if d.is_error() {
            paint(color, "31", "lỗi    ")
        } else {
            paint(color, "33", "cảnh báo")
        };
        let place = match (&d.sheet, &d.cell) {
            (Some(sh), Some(ce)) => format!("[{sh}!{ce}] "),
            (Some(sh), None) => format!("[{sh}] "),
            _ => String::new(),
        };
        let _ = writeln!(s, "  {sev} {:<22} {place}{}", d.code.as_str(), d.message);
        if let Some(h) = &d.hint {
            let _ = writeln!(s, "           → {h}");
        }
    }
}
