//! The feedback copy sent back to an agency: its own data, with every finding listed
//! on a first sheet `Kết quả kiểm tra` and the offending cells highlighted with a note.
//!
//! The copy is rebuilt from the values read (rust_xlsxwriter cannot edit a workbook in
//! place): texts, numbers and dates are kept at their positions; the original's
//! formatting and merges are not. The agency's file itself is never touched.

use super::styles;
use crate::check::Checked;
use crate::model::finding::{Diagnostic, Severity};
use crate::read::sheet::{Value, Workbook as Grids};
use rust_xlsxwriter::{ExcelDateTime, Format, Note, Workbook, XlsxError};
use std::collections::BTreeMap;

/// Name of the findings sheet.
pub const RESULT_SHEET: &str = "Kết quả kiểm tra";

/// The feedback workbook of a checked submission, naming its agency as registered.
pub fn feedback_for(
    sub: &crate::read::submission::Submission,
    checked: &Checked,
    registry: &crate::model::registry::Registry,
) -> Result<Vec<u8>, XlsxError> {
    let agency_name = checked
        .agency
        .as_deref()
        .and_then(|c| registry.get(c))
        .map(|a| a.name.as_str());
    feedback_workbook(checked, sub.workbook.as_ref(), agency_name)
}

/// Builds the feedback workbook for one checked file.
pub fn feedback_workbook(
    checked: &Checked,
    grids: Option<&Grids>,
    agency_name: Option<&str>,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation time: the same check gives the same file.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title("Kết quả kiểm tra báo cáo cải cách hành chính")
            .set_author("Sở Nội vụ (vanban)")
            .set_creation_datetime(&created),
    );
    let base = styles::base();
    findings_sheet(&mut book, checked, agency_name, &base)?;
    if let Some(grids) = grids {
        marked_sheets(&mut book, checked, grids, &base)?;
    }
    book.save_to_buffer()
}

/// The first sheet: the file, its agency and period, and every finding.
fn findings_sheet(
    book: &mut Workbook,
    checked: &Checked,
    agency_name: Option<&str>,
    base: &Format,
) -> Result<(), XlsxError> {
    let wrap = styles::boxed(base);
    let bold = base.clone().set_bold();
    let header = styles::header(&wrap);
    let ws = book.add_worksheet();
    ws.set_name(RESULT_SHEET)?;
    for (c, w) in [6.0, 11.0, 22.0, 16.0, 8.0, 70.0, 40.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let file_name = std::path::Path::new(&checked.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| checked.file.clone());
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = checked.diagnostics.len() - errors;
    let lines = [
        "KẾT QUẢ KIỂM TRA BÁO CÁO CẢI CÁCH HÀNH CHÍNH".to_string(),
        format!("Tệp: {file_name}"),
        format!(
            "Cơ quan: {}",
            agency_name
                .or(checked.agency.as_deref())
                .unwrap_or("(chưa xác định)")
        ),
        format!(
            "Kỳ báo cáo: {}",
            checked
                .period
                .as_deref()
                .and_then(crate::model::period::Period::parse_id)
                .map(|p| p.label())
                .unwrap_or_else(|| "(chưa xác định)".into())
        ),
        format!(
            "Kết quả: {} — {errors} lỗi, {warnings} cảnh báo",
            checked.status.label()
        ),
    ];
    for (i, l) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, l, &bold)?;
    }
    let hr = lines.len() as u32 + 1;
    for (c, h) in ["STT", "Mức độ", "Mã", "Trang", "Ô", "Nội dung", "Gợi ý"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(hr, c as u16, *h, &header)?;
    }
    let mut sorted: Vec<&Diagnostic> = checked.diagnostics.iter().collect();
    sorted.sort_by_key(|d| std::cmp::Reverse(d.severity));
    for (i, d) in sorted.iter().enumerate() {
        let r = hr + 1 + i as u32;
        let sev = match d.severity {
            Severity::Error => "Lỗi",
            Severity::Warning => "Cảnh báo",
        };
        ws.write_number_with_format(r, 0, (i + 1) as f64, &wrap)?;
        ws.write_string_with_format(r, 1, sev, &wrap)?;
        ws.write_string_with_format(r, 2, d.code.as_str(), &wrap)?;
        ws.write_string_with_format(r, 3, d.sheet.as_deref().unwrap_or(""), &wrap)?;
        ws.write_string_with_format(r, 4, d.cell.as_deref().unwrap_or(""), &wrap)?;
        ws.write_string_with_format(r, 5, &d.message, &wrap)?;
        ws.write_string_with_format(r, 6, d.hint.as_deref().unwrap_or(""), &wrap)?;
    }
    if sorted.is_empty() {
        ws.write_string_with_format(hr + 1, 5, "Không có lỗi hay cảnh báo.", &wrap)?;
    }
    ws.set_freeze_panes(hr + 1, 0)?;
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);

    Ok(())
}

/// A copy of each of the agency's sheets (values at their places), the cells with a
/// finding shaded and annotated.
fn marked_sheets(
    book: &mut Workbook,
    checked: &Checked,
    grids: &Grids,
    base: &Format,
) -> Result<(), XlsxError> {
    let err_fill = base.clone().set_background_color(styles::ERROR_FILL);
    let warn_fill = base.clone().set_background_color(styles::WARNING_FILL);
    // Findings per (sheet, cell).
    let mut marks: BTreeMap<(String, String), Vec<&Diagnostic>> = BTreeMap::new();
    for d in &checked.diagnostics {
        if let (Some(s), Some(c)) = (&d.sheet, &d.cell) {
            marks.entry((s.clone(), c.clone())).or_default().push(d);
        }
    }
    let mut used_names = vec![RESULT_SHEET.to_string()];
    for grid in &grids.sheets {
        let ws = book.add_worksheet();
        let name = unique_sheet_name(&grid.name, &used_names);
        used_names.push(name.clone());
        ws.set_name(&name)?;
        for (row, col, cell) in grid.cells() {
            if row > 1_048_575 || col > 16_383 {
                continue;
            }
            let addr = crate::model::finding::a1(row, col);
            let found = marks.get(&(grid.name.clone(), addr));
            let fmt = match found {
                Some(ds) if ds.iter().any(|d| d.is_error()) => &err_fill,
                Some(_) => &warn_fill,
                None => base,
            };
            write_value(ws, row, col as u16, &cell.value, fmt)?;
        }
        for ((sheet, addr), ds) in &marks {
            if *sheet != grid.name {
                continue;
            }
            let Some((row, col)) = parse_a1(addr) else {
                continue;
            };
            if grid.cell(row, col).is_empty() || grid.cell(row, col).merged_copy {
                let fmt = if ds.iter().any(|d| d.is_error()) {
                    &err_fill
                } else {
                    &warn_fill
                };
                ws.write_blank(row, col as u16, fmt)?;
            }
            let text: Vec<String> = ds
                .iter()
                .map(|d| match &d.hint {
                    Some(h) => format!("[{}] {} ({h})", d.code, d.message),
                    None => format!("[{}] {}", d.code, d.message),
                })
                .collect();
            ws.insert_note(
                row,
                col as u16,
                &Note::new(text.join("\n"))
                    .set_author("Sở Nội vụ")
                    .set_width(360)
                    .set_height(140),
            )?;
        }
        ws.set_column_width(1, 45)?;
    }
    Ok(())
}

fn write_value(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    value: &Value,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match value {
        Value::Empty => {}
        Value::Text(t) => {
            // Excel holds at most 32,767 characters in a cell.
            let t: String = t.chars().take(32_000).collect();
            ws.write_string_with_format(row, col, &t, fmt)?;
        }
        Value::Number(n) => {
            ws.write_number_with_format(row, col, *n, fmt)?;
        }
        Value::Bool(b) => {
            ws.write_boolean_with_format(row, col, *b, fmt)?;
        }
        Value::Date(d) => {
            // Dates Excel cannot hold (before 1900) are written as text.
            match ExcelDateTime::parse_from_str(&d.format("%Y-%m-%dT%H:%M:%S").to_string()) {
                Ok(dt) => {
                    ws.write_datetime_with_format(
                        row,
                        col,
                        &dt,
                        &fmt.clone().set_num_format("dd/mm/yyyy"),
                    )?;
                }
                Err(_) => {
                    ws.write_string_with_format(row, col, d.format("%d/%m/%Y").to_string(), fmt)?;
                }
            }
        }
        Value::Error(e) => {
            ws.write_string_with_format(row, col, e, fmt)?;
        }
    }
    Ok(())
}

/// "F12" → (11, 5).
fn parse_a1(addr: &str) -> Option<(u32, u32)> {
    let letters: String = addr
        .chars()
        .take_while(|c| c.is_ascii_uppercase())
        .collect();
    let digits = &addr[letters.len()..];
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + (b - b'A' + 1) as u32)
        - 1;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col))
}

/// Excel sheet names: at most 31 characters, none of `[]:*?/\`, unique.
fn unique_sheet_name(name: &str, used: &[String]) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(28)
        .collect();
    // No leading or trailing apostrophe, and never Excel's reserved "History".
    let cleaned = cleaned.trim().trim_matches('\'').to_string();
    let base = if cleaned.is_empty() {
        "Trang".to_string()
    } else if cleaned.eq_ignore_ascii_case("history") {
        format!("Trang {cleaned}")
    } else {
        cleaned
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while used
        .iter()
        .any(|u| u.to_lowercase() == candidate.to_lowercase())
    {
        candidate = format!("{base} {n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_parsing() {
        assert_eq!(parse_a1("A1"), Some((0, 0)));
        assert_eq!(parse_a1("F12"), Some((11, 5)));
        assert_eq!(parse_a1("AB5"), Some((4, 27)));
        assert_eq!(parse_a1("5"), None);
    }

    #[test]
    fn values_excel_cannot_hold_are_written_as_text() {
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        let old = chrono::NaiveDate::from_ymd_opt(1019, 1, 15)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        write_value(ws, 0, 0, &Value::Date(old), &Format::new()).unwrap();
        write_value(ws, 1, 0, &Value::Text("x".repeat(40_000)), &Format::new()).unwrap();
        assert!(book.save_to_buffer().is_ok());
    }

    #[test]
    fn sheet_names() {
        assert_eq!(unique_sheet_name("Nhiệm vụ", &[]), "Nhiệm vụ");
        assert_eq!(unique_sheet_name("a/b", &[]), "a_b");
        assert_eq!(unique_sheet_name("X", &["x".into()]), "X 2");
        assert_eq!(unique_sheet_name("'Quý I'", &[]), "Quý I");
        assert_eq!(unique_sheet_name("History", &[]), "Trang History");
    }
}
