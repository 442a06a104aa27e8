//! The feedback copy sent back to an agency: its own data, with its findings listed
//! on a first sheet `Kết quả kiểm tra` and the offending cells highlighted with a note.
//!
//! An .xlsx gets its own file back, patched (see [`super::patch`]): formats, merges,
//! widths and other sheets as the agency made them. An .xls or .ods — or an .xlsx too
//! large or too unusual to patch — gets a copy rebuilt from the values read (texts,
//! numbers and dates at their positions; formatting and merges not kept), and its
//! findings sheet says so. The agency's file itself is never touched.
//!
//! Memory stays bounded whatever the file holds: every sheet is written in
//! rust_xlsxwriter's constant-memory mode (row by row to a temporary file), findings
//! that differ only by their cell are listed once with their cells, and only the first
//! [`MARKED_CELLS`] cells are highlighted and annotated — a note costs kilobytes, and a
//! fill-down repeated 200,000 times must not cost gigabytes. The findings sheet says
//! how many more cells there are; the JSON of `vanban check` lists every finding.

use super::styles;
use crate::check::Checked;
use crate::model::finding::parse_a1;
use crate::model::finding::{Diagnostic, FindingGroup, Severity};
use crate::read::sheet::{Value, Workbook as Grids};
use rust_xlsxwriter::{ExcelDateTime, Format, Note, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;

/// Name of the findings sheet.
pub const RESULT_SHEET: &str = "Kết quả kiểm tra";

/// Cells highlighted and annotated in the copy of the agency's sheets, at most.
pub const MARKED_CELLS: usize = 300;

/// Cells listed in the findings sheet for one group of identical findings.
const CELLS_LISTED: usize = 20;

/// The feedback workbook of a checked submission, naming its agency as registered: the
/// agency's own .xlsx with the findings added (see [`super::patch`]) when it can be,
/// else a copy rebuilt from the values read — said on the findings sheet.
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
    // The patch edits a package someone else wrote: whatever goes wrong in it (an
    // error, a part that fails the read-back, or a panic on a part it misjudged) falls
    // back to the rebuilt copy, which says why, and never costs the batch.
    let mut why = None;
    if let (Some(original), Some(grids)) = (original_xlsx(sub), sub.workbook.as_ref()) {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            patched(&original, checked, grids, agency_name)
        })) {
            Ok(Ok(bytes)) => return Ok(bytes),
            Ok(Err(e)) => why = Some(e.to_string()),
            Err(_) => why = Some("lỗi nội bộ khi sửa tệp".to_string()),
        }
    }
    let note = sub.workbook.as_ref().map(|_| match &why {
        Some(why) => format!(
            "Bản sao này dựng lại từ giá trị các ô của tệp gửi đến: tệp .xlsx không sửa trực tiếp được ({why}). Định dạng, ô gộp, độ rộng cột của tệp gốc không giữ được."
        ),
        None => "Bản sao này dựng lại từ giá trị các ô của tệp gửi đến (tệp .xls/.ods/.csv): định dạng, ô gộp, độ rộng cột của tệp gốc không giữ được.".to_string(),
    });
    feedback_workbook_noted(checked, sub.workbook.as_ref(), agency_name, note.as_deref())
}

/// The agency's .xlsx as it was read: the file again, if its bytes are those checked.
fn original_xlsx(sub: &crate::read::submission::Submission) -> Option<Vec<u8>> {
    let ext = std::path::Path::new(&sub.file)
        .extension()?
        .to_string_lossy()
        .to_lowercase();
    if !matches!(ext.as_str(), "xlsx" | "xlsm") {
        return None;
    }
    let bytes = std::fs::read(&sub.file).ok()?;
    use sha2::Digest;
    let hash: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (sub.sha256.as_deref() == Some(hash.as_str()) && bytes.starts_with(b"PK")).then_some(bytes)
}

/// The agency's workbook patched with the findings.
fn patched(
    original: &[u8],
    checked: &Checked,
    grids: &Grids,
    agency_name: Option<&str>,
) -> Result<Vec<u8>, super::patch::PatchError> {
    use super::patch::{Mark, Out, Sheet};
    let marks = Marks::of(checked, grids);
    let table = findings_table(checked, agency_name, marks.unmarked, None);
    let mut rows: Vec<Vec<Out>> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                Out::Number((i + 1) as f64),
                Out::Text(r.severity.into()),
                Out::Text(r.code.into()),
                Out::Text(r.sheet.clone()),
                Out::Text(r.cells.clone()),
                Out::Number(r.count as f64),
                Out::Text(r.message.clone()),
                Out::Text(r.hint.clone()),
            ]
        })
        .collect();
    if rows.is_empty() {
        rows.push(vec![
            Out::Text(String::new()),
            Out::Text(String::new()),
            Out::Text(String::new()),
            Out::Text(String::new()),
            Out::Text(String::new()),
            Out::Text(String::new()),
            Out::Text("Không có lỗi hay cảnh báo.".into()),
        ]);
    }
    let sheet = Sheet {
        name: RESULT_SHEET.to_string(),
        lines: table.lines,
        header: FINDINGS_HEADER
            .iter()
            .map(|(h, w)| (h.to_string(), *w))
            .collect(),
        rows,
    };
    let cells: BTreeMap<String, BTreeMap<(u32, u32), Mark>> = marks
        .cells
        .iter()
        .map(|(sheet, cells)| {
            (
                sheet.to_string(),
                cells
                    .iter()
                    .map(|(&pos, ds)| {
                        (
                            pos,
                            Mark {
                                error: ds.iter().any(|d| d.is_error()),
                                note: note_text(ds),
                            },
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    super::patch::annotate(original, &sheet, &cells)
}

/// Builds the feedback workbook for one checked file, rebuilt from the values read.
pub fn feedback_workbook(
    checked: &Checked,
    grids: Option<&Grids>,
    agency_name: Option<&str>,
) -> Result<Vec<u8>, XlsxError> {
    feedback_workbook_noted(checked, grids, agency_name, None)
}

fn feedback_workbook_noted(
    checked: &Checked,
    grids: Option<&Grids>,
    agency_name: Option<&str>,
    note: Option<&str>,
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
    let marks = grids.map(|g| Marks::of(checked, g)).unwrap_or_default();
    let table = findings_table(checked, agency_name, marks.unmarked, note);
    findings_sheet(&mut book, &table, &base)?;
    if let Some(grids) = grids {
        marked_sheets(&mut book, grids, &marks, &base)?;
    }
    book.save_to_buffer()
}

/// The cells to highlight and annotate: the first [`MARKED_CELLS`] cells with a
/// finding, in sheet and row order, with their findings.
#[derive(Default)]
struct Marks<'a> {
    /// Sheet name → (row, column) → findings.
    cells: BTreeMap<&'a str, BTreeMap<(u32, u32), Vec<&'a Diagnostic>>>,
    /// Cells with a finding that are not marked (over the cap).
    unmarked: usize,
}

impl<'a> Marks<'a> {
    fn of(checked: &'a Checked, grids: &Grids) -> Marks<'a> {
        // Sheet order of the workbook, then row, then column.
        let order: BTreeMap<&str, usize> = grids
            .sheets
            .iter()
            .enumerate()
            .map(|(i, g)| (g.name.as_str(), i))
            .collect();
        let mut all: BTreeMap<(usize, u32, u32), (&'a str, Vec<&'a Diagnostic>)> = BTreeMap::new();
        // Notes say how something was read; only errors and warnings are marked.
        for d in checked
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
        {
            let (Some(sheet), Some(cell)) = (&d.sheet, &d.cell) else {
                continue;
            };
            let (Some(&i), Some((row, col))) = (order.get(sheet.as_str()), parse_a1(cell)) else {
                continue;
            };
            all.entry((i, row, col))
                .or_insert_with(|| (sheet.as_str(), Vec::new()))
                .1
                .push(d);
        }
        let unmarked = all.len().saturating_sub(MARKED_CELLS);
        let mut cells: BTreeMap<&'a str, BTreeMap<(u32, u32), Vec<&'a Diagnostic>>> =
            BTreeMap::new();
        for ((_, row, col), (sheet, ds)) in all.into_iter().take(MARKED_CELLS) {
            cells.entry(sheet).or_default().insert((row, col), ds);
        }
        Marks { cells, unmarked }
    }
}

/// What the findings sheet says, whichever way the copy is made: the lines above the
/// table, then one row per group of findings.
pub(super) struct FindingsTable {
    pub(super) lines: Vec<String>,
    pub(super) rows: Vec<FindingRow>,
}

/// One row of the findings table.
pub(super) struct FindingRow {
    pub(super) severity: &'static str,
    pub(super) code: &'static str,
    pub(super) sheet: String,
    pub(super) cells: String,
    pub(super) count: usize,
    pub(super) message: String,
    pub(super) hint: String,
}

/// Headers of the findings table, and their column widths.
pub(super) const FINDINGS_HEADER: [(&str, f64); 8] = [
    ("STT", 6.0),
    ("Mức độ", 11.0),
    ("Mã", 22.0),
    ("Trang", 16.0),
    ("Ô", 14.0),
    ("Số lần", 8.0),
    ("Nội dung", 70.0),
    ("Gợi ý", 40.0),
];

pub(super) fn findings_table(
    checked: &Checked,
    agency_name: Option<&str>,
    unmarked: usize,
    copy_note: Option<&str>,
) -> FindingsTable {
    let file_name = std::path::Path::new(&checked.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| checked.file.clone());
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_warning())
        .count();
    let mut lines = vec![
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
            "Kết quả: {} — {} lỗi, {} cảnh báo",
            checked.status.label(),
            crate::text::format_count(errors as u64),
            crate::text::format_count(warnings as u64)
        ),
    ];
    if unmarked > 0 {
        lines.push(format!(
            "Trên các trang của báo cáo chỉ tô màu và ghi chú {MARKED_CELLS} ô đầu tiên có phát hiện; {} ô khác có phát hiện được liệt kê trong bảng dưới đây.",
            crate::text::format_count(unmarked as u64)
        ));
    }
    if let Some(note) = copy_note {
        lines.push(note.to_string());
    }
    let mut groups: Vec<FindingGroup> = crate::model::finding::group(&checked.diagnostics);
    groups.sort_by_key(|g| std::cmp::Reverse(g.first.severity));
    let rows = groups
        .iter()
        .map(|g| {
            let d = g.first;
            FindingRow {
                severity: match d.severity {
                    Severity::Error => "Lỗi",
                    Severity::Warning => "Cảnh báo",
                    Severity::Info => "Ghi chú",
                },
                code: d.code.as_str(),
                sheet: d.sheet.as_deref().unwrap_or("").to_string(),
                cells: g.cells_text(CELLS_LISTED).unwrap_or_default(),
                count: g.count,
                message: d.message.to_string(),
                hint: d.hint.as_deref().unwrap_or("").to_string(),
            }
        })
        .collect();
    FindingsTable { lines, rows }
}

/// The text of a marked cell's note: each of its findings, with its hint.
pub(super) fn note_text(ds: &[&Diagnostic]) -> String {
    let text: Vec<String> = ds
        .iter()
        .map(|d| match &d.hint {
            Some(h) => format!("[{}] {} ({h})", d.code, d.message),
            None => format!("[{}] {}", d.code, d.message),
        })
        .collect();
    // Excel holds at most 32,767 characters in a note (less its author prefix).
    text.join("\n").chars().take(30_000).collect()
}

/// The first sheet: the file, its agency and period, and its findings, those that
/// differ only by their cell on one line.
fn findings_sheet(
    book: &mut Workbook,
    table: &FindingsTable,
    base: &Format,
) -> Result<(), XlsxError> {
    let wrap = styles::boxed(base);
    let bold = base.clone().set_bold();
    let header = styles::header(&wrap);
    let ws = book.add_worksheet_with_constant_memory()?;
    ws.set_name(RESULT_SHEET)?;
    for (c, (_, w)) in FINDINGS_HEADER.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (i, l) in table.lines.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, l, &bold)?;
    }
    let hr = table.lines.len() as u32 + 1;
    for (c, (h, _)) in FINDINGS_HEADER.iter().enumerate() {
        ws.write_string_with_format(hr, c as u16, *h, &header)?;
    }
    for (i, row) in table.rows.iter().enumerate() {
        let r = hr + 1 + i as u32;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &wrap)?;
        ws.write_string_with_format(r, 1, row.severity, &wrap)?;
        ws.write_string_with_format(r, 2, row.code, &wrap)?;
        ws.write_string_with_format(r, 3, &row.sheet, &wrap)?;
        ws.write_string_with_format(r, 4, &row.cells, &wrap)?;
        ws.write_number_with_format(r, 5, row.count as f64, &wrap)?;
        ws.write_string_with_format(r, 6, &row.message, &wrap)?;
        ws.write_string_with_format(r, 7, &row.hint, &wrap)?;
    }
    if table.rows.is_empty() {
        ws.write_string_with_format(hr + 1, 6, "Không có lỗi hay cảnh báo.", &wrap)?;
    }
    ws.set_freeze_panes(hr + 1, 0)?;
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);
    Ok(())
}

/// A copy of each of the agency's sheets (values at their places), written row by row;
/// the marked cells shaded and annotated.
fn marked_sheets(
    book: &mut Workbook,
    grids: &Grids,
    marks: &Marks,
    base: &Format,
) -> Result<(), XlsxError> {
    let err_fill = base.clone().set_background_color(styles::ERROR_FILL);
    let warn_fill = base.clone().set_background_color(styles::WARNING_FILL);
    let none = BTreeMap::new();
    let mut used_names = vec![RESULT_SHEET.to_string()];
    for grid in &grids.sheets {
        let ws = book.add_worksheet_with_constant_memory()?;
        let name = unique_sheet_name(&grid.name, &used_names);
        used_names.push(name.clone());
        ws.set_name(&name)?;
        ws.set_column_width(1, 45)?;
        let sheet_marks = marks.cells.get(grid.name.as_str()).unwrap_or(&none);
        let fill = |ds: &[&Diagnostic]| {
            if ds.iter().any(|d| d.is_error()) {
                &err_fill
            } else {
                &warn_fill
            }
        };
        // Values and marks merged in row order: constant-memory mode writes each row
        // once, so a marked empty cell must come in its row, not after.
        let mut pending = sheet_marks.iter().peekable();
        for (row, col, cell) in grid.cells() {
            if row > 1_048_575 || col > 16_383 {
                continue;
            }
            while let Some((&(mr, mc), ds)) = pending.next_if(|&(&pos, _)| pos < (row, col)) {
                ws.write_blank(mr, mc as u16, fill(ds))?;
                annotate(ws, mr, mc, ds)?;
            }
            let fmt = match pending.next_if(|&(&pos, _)| pos == (row, col)) {
                Some((_, ds)) => {
                    annotate(ws, row, col, ds)?;
                    fill(ds)
                }
                None => base,
            };
            write_value(ws, row, col as u16, &cell.value, fmt)?;
        }
        for (&(mr, mc), ds) in pending {
            ws.write_blank(mr, mc as u16, fill(ds))?;
            annotate(ws, mr, mc, ds)?;
        }
    }
    Ok(())
}

/// The note on a marked cell: each of its findings, with its hint.
fn annotate(ws: &mut Worksheet, row: u32, col: u32, ds: &[&Diagnostic]) -> Result<(), XlsxError> {
    if col > 16_383 {
        return Ok(());
    }
    ws.insert_note(
        row,
        col as u16,
        &Note::new(note_text(ds))
            .set_author("Sở Nội vụ")
            .set_width(360)
            .set_height(140),
    )?;
    Ok(())
}

fn write_value(
    ws: &mut Worksheet,
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
            ws.write_string_with_format(row, col, &**e, fmt)?;
        }
    }
    Ok(())
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
        write_value(
            ws,
            1,
            0,
            &Value::Text("x".repeat(40_000).into()),
            &Format::new(),
        )
        .unwrap();
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
