//! The rows of the task table and of the figures sheet.

use super::header::{HEADER_ROWS, TaskHeader};
use super::{Field, FigureRow, Shared, Submission, TaskRow};
use crate::model::catalogue::normalize_task_code;
use crate::model::finding::{Code, Diagnostic, a1};
use crate::read::sheet::{Grid, Value, Workbook};
use crate::text::fold;
use std::collections::HashMap;
use std::sync::Arc;

pub(super) fn read_task_rows(sub: &mut Submission, grid: &Grid, header: &TaskHeader) {
    let cols = Arc::new(header.cols.clone());
    let sheet: Shared = Arc::from(grid.name.as_str());
    let empty: Shared = Arc::from("");
    let mut group: Option<String> = None;
    for row in header.row + 1..grid.end_row() {
        if grid.row_is_blank(row) {
            continue;
        }
        let mut r = task_row(grid, header, row, &cols, &sheet, &empty);
        // "Mục III", "Phần II": a group heading, whatever else the row holds.
        let heading = r.code.is_none() && !r.code_text.is_empty() && group_heading(&r).is_some();
        if heading || !is_task(&r, grid, header, row) {
            if let Some(g) = group_heading(&r) {
                group = Some(g);
            }
            continue;
        }
        r.group = group.clone();
        sub.rows.push(r);
    }
}

/// The cells of one row mapped to the form's fields; texts shared with the grid.
fn task_row(
    grid: &Grid,
    header: &TaskHeader,
    row: u32,
    cols: &Arc<HashMap<Field, u32>>,
    sheet: &Shared,
    empty: &Shared,
) -> TaskRow {
    // A cell that only repeats, through a merge across the row, the text of the cell to
    // its left (a heading "B | NHIỆM VỤ PHỐI HỢP" merged over the table) holds nothing.
    let spread = |c: u32| {
        let cell = grid.cell(row, c);
        cell.merged_copy && c > 0 && {
            let left = grid.cell(row, c - 1);
            left.value == cell.value
        }
    };
    let get = |f: Field| -> Shared {
        match header.cols.get(&f).map(|&c| (c, &grid.cell(row, c).value)) {
            None | Some((_, Value::Empty)) => empty.clone(),
            Some((c, _)) if spread(c) => empty.clone(),
            Some((_, Value::Text(t))) => t.clone(),
            Some((c, _)) => Arc::from(grid.text(row, c)),
        }
    };
    let code_text = match header.cols.get(&Field::Code) {
        Some(&c) => match &grid.cell(row, c).value {
            Value::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
            _ => grid.text(row, c),
        },
        None => String::new(),
    };
    TaskRow {
        sheet: sheet.clone(),
        row,
        code: normalize_task_code(
            code_text
                .trim()
                .trim_start_matches(|c: char| c.is_alphabetic() && c.is_uppercase())
                .trim(),
        )
        .or_else(|| normalize_task_code(&code_text)),
        code_text,
        group: None,
        title: get(Field::Title),
        role: get(Field::Role),
        status_text: get(Field::Status),
        date_value: header
            .cols
            .get(&Field::Date)
            .filter(|&&c| !spread(c))
            .map(|&c| grid.cell(row, c).value.clone())
            .unwrap_or(Value::Empty),
        evidence: get(Field::Evidence),
        result: get(Field::Result),
        difficulties: get(Field::Difficulties),
        proposals: get(Field::Proposals),
        cols: cols.clone(),
    }
}

/// The group a heading row opens: "II" from a code cell "II" / "II." or from a title
/// "II. CẢI CÁCH TỔ CHỨC BỘ MÁY".
fn group_heading(r: &TaskRow) -> Option<String> {
    // "II", "II.", "iii", "Mục III", "Phần II -": the numeral, after an optional word.
    let roman = |s: &str| -> Option<String> {
        let mut tokens = s
            .trim()
            .split(|c: char| c == '.' || c == '-' || c == ')' || c == ':' || c.is_whitespace())
            .filter(|t| !t.is_empty());
        let mut token = tokens.next()?;
        if matches!(fold(token).as_str(), "muc" | "phan" | "nhom") {
            token = tokens.next()?;
        }
        let same_case = token.chars().all(|c| c.is_ascii_uppercase())
            || token.chars().all(|c| c.is_ascii_lowercase());
        (token.chars().all(|c| c.is_ascii_alphabetic())
            && same_case
            && crate::text::roman_to_int(&token.to_uppercase()).is_some())
        .then(|| token.to_uppercase())
    };
    if !r.code_text.trim().is_empty() {
        return roman(&r.code_text);
    }
    // The heading written in the title column, the code cell left blank: its numeral,
    // or — with none — its words ("CẢI CÁCH TÀI CHÍNH CÔNG"), which the check matches
    // against the catalogue's group titles.
    if r.title.trim().len() <= 3 {
        return None;
    }
    roman(&r.title).or_else(|| {
        let letters: Vec<char> = r.title.chars().filter(|c| c.is_alphabetic()).collect();
        let upper = letters.iter().filter(|c| c.is_uppercase()).count();
        (letters.len() >= 8 && upper * 10 >= letters.len() * 8).then(|| r.title.trim().to_string())
    })
}

/// False for the rows of a table that are not tasks: a column-numbering row, note and
/// footer lines, section headings of a home-made table.
fn is_task(r: &TaskRow, grid: &Grid, header: &TaskHeader, row: u32) -> bool {
    // A column-numbering row "(1) (2) …" or a note line under the table.
    let numbering = (0..grid.end_col()).all(|c| {
        let t = grid.text(row, c);
        t.is_empty()
            || t.trim_matches(['(', ')'])
                .chars()
                .all(|ch| ch.is_ascii_digit())
    }) && r
        .status_text
        .trim_matches(['(', ')'])
        .chars()
        .all(|c| c.is_ascii_digit());
    if numbering {
        return false;
    }
    if r.code_text.is_empty() && r.title.is_empty() && r.is_unfilled() {
        return false;
    }
    // Footer lines such as "Người lập biểu" under the table carry no code, no status.
    if r.code.is_none() && r.status_text.is_empty() && r.title.is_empty() {
        return false;
    }
    // Section rows of a home-made table ("I | CẢI CÁCH THỂ CHẾ", "A. Nhiệm vụ chủ
    // trì", a title merged across): no task code, nothing reported.
    let heading_code = r.code_text.is_empty()
        || crate::text::roman_to_int(r.code_text.trim_end_matches(['.', ')', '-', ' '])).is_some()
        || (r.code_text.trim_end_matches(['.', ')']).chars().count() == 1
            && r.code_text
                .chars()
                .all(|c| c.is_alphabetic() || c == '.' || c == ')'));
    let merged_title = header
        .cols
        .get(&Field::Title)
        .is_some_and(|&c| grid.cell(row, c).merged_copy);
    let mut distinct: Vec<String> = Vec::new();
    for c in 0..grid.end_col() {
        let t = grid.text(row, c);
        if !t.is_empty() && !distinct.contains(&t) {
            distinct.push(t);
        }
    }
    if r.code.is_none() && distinct.len() == 1 && !r.code_text.chars().any(|c| c.is_ascii_digit()) {
        // One text across the row: a section heading.
        return false;
    }
    if r.code.is_none()
        && heading_code
        && (r.status_text.is_empty() || merged_title)
        && matches!(r.date_value, Value::Empty)
        && r.evidence.is_empty()
    {
        return false;
    }
    true
}

pub(super) fn read_figures(sub: &mut Submission, book: &Workbook) {
    // The form's sheet, else a sheet of the agency's own named for its figures
    // ("Số liệu TTHC", "Biểu số liệu").
    let Some(grid) = book.sheet("Số liệu").or_else(|| {
        book.sheets
            .iter()
            .find(|g| fold(&g.name).contains("so lieu"))
    }) else {
        return;
    };
    // Header: a code column ("Mã chỉ tiêu") and a value column ("Số liệu", "Giá trị").
    let mut code_col = None;
    let mut name_col = None;
    let mut value_col = None;
    let mut header_row = None;
    let last = grid.end_row().min(grid.first_row() + HEADER_ROWS);
    for row in grid.first_row()..last {
        for c in 0..grid.end_col() {
            let f = fold(&grid.text(row, c));
            if f.starts_with("ma chi tieu") || f == "ma" || f == "ma so" {
                code_col = Some(c);
            } else if f == "chi tieu" || f.starts_with("ten chi tieu") || f.starts_with("noi dung")
            {
                name_col = Some(c);
            } else if f == "so lieu"
                || f == "so luong"
                || f == "gia tri"
                || f.starts_with("so lieu ")
                || f == "ket qua"
            {
                value_col = Some(c);
            }
        }
        if value_col.is_some() && (code_col.is_some() || name_col.is_some()) {
            header_row = Some(row);
            break;
        }
        code_col = None;
        name_col = None;
        value_col = None;
    }
    let (Some(hr), Some(vc)) = (header_row, value_col) else {
        sub.diagnostics.push(
            Diagnostic::error(
                Code::FigureInvalid,
                "Trang Số liệu không có dòng tiêu đề (Mã chỉ tiêu | Chỉ tiêu | Số liệu): các số liệu không đọc được",
            )
            .in_sheet(&grid.name),
        );
        return;
    };
    for row in hr + 1..grid.end_row() {
        let code = code_col.map(|c| grid.text(row, c)).unwrap_or_default();
        let name = name_col.map(|c| grid.text(row, c)).unwrap_or_default();
        if code.is_empty() && name.is_empty() {
            continue;
        }
        // A row with no figure is a heading or a note under the table ("Ghi chú: số
        // liệu tính từ 15/12/2018"), not an indicator left blank.
        if grid.cell(row, vc).is_empty() {
            let f = fold(&name);
            if code.is_empty() || f.starts_with("ghi chu") || f.starts_with("luu y") {
                continue;
            }
        }
        sub.figures.push(FigureRow {
            sheet: grid.name.clone(),
            row,
            code: if code.is_empty() { name.clone() } else { code },
            label: name,
            value: grid.cell(row, vc).value.clone(),
            cell: a1(row, vc),
        });
    }
}
