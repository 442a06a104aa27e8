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
    if sub.report_date.is_none() {
        official_date_line(sub, book, task.as_ref());
    }
    if sub.agency_text.is_none() && opts.agency.is_none() {
        official_header_agency(sub, book, task.as_ref(), registry);
    }
    if sub.period_text.is_none() {
        title_line_period(sub, book, task.as_ref(), opts);
    }
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

/// What a document (not a workbook) tells of its sender: agency, period and date from
/// its header lines, read as a workbook's lines above the table are.
pub(super) fn read_document_meta(
    sub: &mut Submission,
    book: &Workbook,
    registry: &Registry,
    opts: &ReadOptions,
    file: &str,
) {
    read_meta(sub, book, None);
    if sub.report_date.is_none() {
        official_date_line(sub, book, None);
    }
    if sub.agency_text.is_none() && opts.agency.is_none() {
        official_header_agency(sub, book, None, registry);
    }
    if sub.period_text.is_none() {
        title_line_period(sub, book, None, opts);
    }
    resolve_agency_and_period(sub, registry, opts, file);
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
    } else if let Some(grid) = book.sheets.first() {
        // No table: the first lines of the first sheet still say who sent it.
        for p in meta_pairs(
            grid,
            grid.first_row()..grid.end_row().min(grid.first_row() + 12),
        ) {
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
    let name = Path::new(file)
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match &sub.agency_text {
        Some(l) if sub.agency.is_none() => {
            sub.agency = registry.lookup(&l.text).map(|a| a.code.clone())
        }
        Some(_) => {}
        None => {
            // Last resort: the agency named in the file name, typed as people type
            // them ("STP_q1-2019.xlsx", "Bao cao quy 1 - So GD&DT.xlsx").
            let found = registry.in_file_name(file);
            if let [a] = found.as_slice() {
                sub.agency = Some(a.code.clone());
                sub.agency_text = Some(Located {
                    text: a.code.clone(),
                    sheet: None,
                    cell: None,
                });
                sub.diagnostics.push(Diagnostic::info(
                    Code::MetaInferred,
                    format!(
                        "Cơ quan báo cáo được xác định từ tên tệp “{name}”: {}",
                        a.name
                    ),
                ));
            } else {
                sub.agency_candidates = found.iter().map(|a| a.code.clone()).collect();
            }
        }
    }
    let default_year = opts.period.map(|p| p.year);
    sub.period = match &sub.period_text {
        Some(l) => Period::parse_loose(&l.text, default_year),
        None => match Period::in_file_name(file, default_year) {
            Some(p) => {
                sub.diagnostics.push(Diagnostic::info(
                    Code::MetaInferred,
                    format!(
                        "Kỳ báo cáo được xác định từ tên tệp “{name}”: {}",
                        p.label()
                    ),
                ));
                Some(p)
            }
            None => opts.period,
        },
    };
}

/// Cells of the lines above the table (or the first rows of a sheet without one) and of
/// the `Thông tin` sheet, where a report's official header stands.
fn header_cells<'b>(
    book: &'b Workbook,
    task: Option<&(&'b Grid, TaskHeader)>,
) -> Vec<(&'b Grid, u32, u32)> {
    let mut grids: Vec<(&Grid, u32)> = Vec::new();
    if let Some((grid, h)) = task {
        grids.push((grid, h.row));
    } else if let Some(first) = book.sheets.first() {
        grids.push((first, first.first_row() + 12));
    }
    if let Some(info) = book.sheet("Thông tin") {
        grids.push((info, info.first_row() + 12));
    }
    let mut out = Vec::new();
    for (grid, end) in grids {
        for row in grid.first_row()..end.min(grid.end_row()) {
            for col in 0..grid.end_col() {
                let cell = grid.cell(row, col);
                if !cell.merged_copy && matches!(cell.value, Value::Text(_)) {
                    out.push((grid, row, col));
                }
            }
        }
    }
    out
}

/// The agency from an official header line with no label: "ỦY BAN NHÂN DÂN HUYỆN TIÊN
/// LÃNG", "UBND QUẬN HẢI AN", "SỞ Y TẾ" — upper case, naming a registry agency. Under the
/// decree's header the issuer stands below its parent ("UBND THÀNH PHỐ HẢI PHÒNG" over
/// "SỞ Y TẾ"), so the lowest such line counts.
fn official_header_agency(
    sub: &mut Submission,
    book: &Workbook,
    task: Option<&(&Grid, TaskHeader)>,
    registry: &Registry,
) {
    let mut found = None;
    for (grid, row, col) in header_cells(book, task) {
        let text = grid.text(row, col);
        let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        let upper = letters.iter().filter(|c| c.is_uppercase()).count();
        if letters.len() < 4 || upper * 10 < letters.len() * 8 {
            continue;
        }
        if let Some(a) = registry.lookup(text.trim()) {
            found = Some((
                grid,
                row,
                col,
                text.trim().to_string(),
                a.code.clone(),
                a.name.clone(),
            ));
        }
    }
    if let Some((grid, row, col, text, code, name)) = found {
        sub.agency = Some(code);
        sub.agency_text = Some(Located {
            text: text.clone(),
            sheet: Some(grid.name.clone()),
            cell: Some(a1(row, col)),
        });
        sub.diagnostics.push(
            Diagnostic::info(
                Code::MetaInferred,
                format!("Cơ quan báo cáo được xác định từ dòng tiêu đề “{text}”: {name}"),
            )
            .at(&grid.name, a1(row, col)),
        );
    }
}

/// The period from the report's title line: "BÁO CÁO Kết quả thực hiện công tác cải
/// cách hành chính quý I năm 2019" (only a line that begins "Báo cáo": a date line's
/// "năm 2019" says nothing of the period).
fn title_line_period(
    sub: &mut Submission,
    book: &Workbook,
    task: Option<&(&Grid, TaskHeader)>,
    opts: &ReadOptions,
) {
    for (grid, row, col) in header_cells(book, task) {
        let text = grid.text(row, col);
        if !crate::text::fold(&text).starts_with("bao cao") {
            continue;
        }
        if Period::parse_loose(&text, opts.period.map(|p| p.year)).is_some() {
            sub.period_text = Some(Located {
                text: text.trim().to_string(),
                sheet: Some(grid.name.clone()),
                cell: Some(a1(row, col)),
            });
            sub.diagnostics.push(
                Diagnostic::info(
                    Code::MetaInferred,
                    format!("Kỳ báo cáo được xác định từ tên báo cáo “{}”", text.trim()),
                )
                .at(&grid.name, a1(row, col)),
            );
            return;
        }
    }
}

/// The report's date from the official date line: "Tiên Lãng, ngày 02 tháng 3 năm
/// 2019".
fn official_date_line(sub: &mut Submission, book: &Workbook, task: Option<&(&Grid, TaskHeader)>) {
    for (grid, row, col) in header_cells(book, task) {
        let text = grid.text(row, col);
        if let Some(d) = crate::read::values::date_line(&text) {
            sub.report_date = Some(d);
            sub.diagnostics.push(
                Diagnostic::info(
                    Code::MetaInferred,
                    format!(
                        "Ngày báo cáo được lấy từ dòng địa danh, ngày tháng “{}”",
                        text.trim()
                    ),
                )
                .at(&grid.name, a1(row, col)),
            );
            return;
        }
    }
}
