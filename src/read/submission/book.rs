//! One workbook read as a submission: the task table, the metadata and the figures.

use super::header::{HEADER_ROWS, Meta, TaskHeader, find_task_header, meta_pairs};
use super::rows::{read_figures, read_task_rows};
use super::{Located, ReadOptions, Submission};
use crate::model::finding::{Code, Diagnostic, a1};
use crate::model::period::Period;
use crate::model::registry::Registry;
use crate::read::sheet::{Grid, Value, Workbook};
use std::path::Path;

pub(super) fn read_book(
    sub: &mut Submission,
    book: &Workbook,
    registry: &Registry,
    opts: &ReadOptions,
    file: &str,
) {
    let task = find_task_table(book);
    read_meta(sub, book, task.as_ref());
    resolve_agency_and_period(sub, registry, opts, file);
    let Some((grid, header)) = task else {
        sub.diagnostics.push(Diagnostic::error(
            Code::SheetMissing,
            format!(
                "Không tìm thấy bảng nhiệm vụ (dòng tiêu đề có \"Mã nhiệm vụ\" và \"Tình trạng\") trong {HEADER_ROWS} dòng đầu của các trang: {}",
                book.sheets.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join(", ")
            ),
        ).with_hint("Dùng mẫu do Sở Nội vụ phát hành (vanban template)"));
        return;
    };
    sub.task_sheet = Some(grid.name.clone());
    for (c, t) in &header.extra {
        sub.diagnostics.push(
            Diagnostic::warning(
                Code::SheetExtraColumn,
                format!("Cột \"{t}\" không thuộc mẫu báo cáo và được bỏ qua"),
            )
            .at(&grid.name, a1(header.row, *c)),
        );
    }
    read_task_rows(sub, grid, &header);
    read_figures(sub, book);
}

/// The task sheet: the form's sheet first, then any sheet with a task header.
fn find_task_table(book: &Workbook) -> Option<(&Grid, TaskHeader)> {
    let preferred = book.sheet("Nhiệm vụ");
    let candidates = preferred.into_iter().chain(
        book.sheets
            .iter()
            .filter(|g| preferred.is_none_or(|p| !std::ptr::eq(p, *g))),
    );
    for grid in candidates {
        if let Some(h) = find_task_header(grid) {
            return Some((grid, h));
        }
    }
    None
}

/// Metadata: the "Thông tin" sheet, then the lines above the table; the first value
/// found for each label counts.
fn read_meta(sub: &mut Submission, book: &Workbook, task: Option<&(&Grid, TaskHeader)>) {
    let mut pairs = Vec::new();
    if let Some(info) = book.sheet("Thông tin") {
        for p in meta_pairs(
            info,
            info.first_row()..info.end_row().min(info.first_row() + 60),
        ) {
            pairs.push((info.name.clone(), p));
        }
    }
    if let Some((grid, h)) = task {
        for p in meta_pairs(grid, grid.first_row()..h.row) {
            pairs.push((grid.name.clone(), p));
        }
    }
    let mut seen_meta = Vec::new();
    for (sheet, (meta, value, text, row, col)) in pairs {
        if seen_meta.contains(&meta) {
            continue;
        }
        seen_meta.push(meta);
        set_meta(sub, meta, &value, text, &sheet, row, col);
    }
}

fn set_meta(
    sub: &mut Submission,
    meta: Meta,
    value: &Value,
    text: String,
    sheet: &str,
    row: u32,
    col: u32,
) {
    let located = Located {
        text: text.clone(),
        sheet: Some(sheet.to_string()),
        cell: Some(a1(row, col)),
    };
    match meta {
        Meta::Agency => sub.agency_text = Some(located),
        Meta::Period => sub.period_text = Some(located),
        Meta::Date => match crate::read::values::parse_date(value) {
            Ok(d) => sub.report_date = d,
            Err(_) => sub.diagnostics.push(
                Diagnostic::error(
                    Code::DateInvalid,
                    format!("Ngày báo cáo \"{text}\" không đọc được"),
                )
                .at(sheet, a1(row, col))
                .with_hint("Ghi ngày theo dạng 15/03/2019"),
            ),
        },
        Meta::Number => sub.report_number = Some(text),
        Meta::Preparer => sub.preparer = Some(text),
        Meta::Phone => sub.phone = Some(text),
    }
}

/// The agency and period: command-line values win over the file's; the file name is
/// the last resort.
fn resolve_agency_and_period(
    sub: &mut Submission,
    registry: &Registry,
    opts: &ReadOptions,
    file: &str,
) {
    if let Some(a) = &opts.agency {
        sub.agency_text = Some(Located {
            text: a.clone(),
            sheet: None,
            cell: None,
        });
    }
    match &sub.agency_text {
        Some(l) => sub.agency = registry.lookup(&l.text).map(|a| a.code.clone()),
        None => {
            // Last resort: an agency code or alias in the file name ("STP_q1-2019.xlsx").
            if let Some(a) = registry.in_file_name(file) {
                sub.agency = Some(a.code.clone());
                sub.agency_text = Some(Located {
                    text: a.code.clone(),
                    sheet: None,
                    cell: None,
                });
            }
        }
    }
    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let default_year = opts.period.map(|p| p.year);
    sub.period = match &sub.period_text {
        Some(l) => Period::parse_loose(&l.text, default_year),
        None => stem
            .split(|c: char| c == '_' || c == ' ' || c == '.')
            .find_map(Period::parse_id)
            .or(opts.period),
    };
}
