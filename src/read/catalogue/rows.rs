//! The rows of the catalogue: their mapped cells, group headings, sub-items "a)", STT
//! numbers and column-numbering rows.

use super::header::{Column, Header};
use crate::model::catalogue::normalize_task_code;
use crate::read::sheet::{Grid, Value};
use crate::text::{fold, item_letter_index, roman_to_int};
use regex::Regex;
use std::sync::OnceLock;

/// The mapped cells of one data row.
#[derive(Debug, Default)]
pub(super) struct RowCells {
    pub(super) stt: String,
    pub(super) stt_value: Option<Value>,
    pub(super) content: String,
    pub(super) lead: String,
    pub(super) partner: String,
    pub(super) product: String,
    pub(super) deadline: String,
    /// The one distinct text of the row, when it has exactly one (headings).
    pub(super) sole_text: Option<(u32, String)>,
    /// Columns whose cell is a copy from a merged region above or to the left.
    pub(super) merged: Vec<Column>,
    pub(super) bold: bool,
}

impl RowCells {
    pub(super) fn has_details(&self) -> bool {
        !(self.lead.is_empty()
            && self.partner.is_empty()
            && self.product.is_empty()
            && self.deadline.is_empty())
    }
}

pub(super) fn row_cells(grid: &Grid, header: &Header, row: u32) -> RowCells {
    let get = |c: Column| {
        header
            .col(c)
            .map(|col| grid.text(row, col))
            .unwrap_or_default()
    };
    let mut distinct: Vec<(u32, String)> = Vec::new();
    for col in 0..grid.end_col() {
        let t = grid.text(row, col);
        if !t.is_empty() && !distinct.iter().any(|(_, d)| *d == t) {
            distinct.push((col, t));
        }
    }
    let bold = (0..grid.end_col()).any(|col| {
        let c = grid.cell(row, col);
        c.bold && !c.is_empty()
    });
    let content = get(Column::Content);
    // A detail cell that is only a merged copy of the content (a title merged across
    // the table) is not a detail.
    let detail = |c: Column| {
        header
            .col(c)
            .map(|col| {
                let cell = grid.cell(row, col);
                let t = cell.text();
                if cell.merged_copy && t == content {
                    String::new()
                } else {
                    t
                }
            })
            .unwrap_or_default()
    };
    let mut cells = RowCells {
        stt: get(Column::Stt),
        stt_value: header
            .col(Column::Stt)
            .map(|c| grid.cell(row, c).value.clone()),
        lead: detail(Column::Lead),
        partner: detail(Column::Partner),
        product: detail(Column::Product),
        deadline: detail(Column::Deadline),
        content,
        sole_text: None,
        merged: Column::ALL
            .iter()
            .filter(|c| {
                header
                    .col(**c)
                    .is_some_and(|col| grid.cell(row, col).merged_copy)
            })
            .copied()
            .collect(),
        bold,
    };
    if distinct.len() == 1 {
        let (col, text) = distinct.pop().expect("one element");
        let only_number = Some(col) == header.col(Column::Stt)
            && stt_number(cells.stt_value.as_ref(), &text).is_some()
            && cells.content.is_empty();
        if !only_number {
            // A heading, wherever it stands and however far it is merged: its text is
            // the row's content and nothing else.
            cells = RowCells {
                content: text.clone(),
                sole_text: Some((col, text)),
                bold,
                ..RowCells::default()
            };
        }
    }
    cells
}

/// "I- Chỉ đạo…", "VIII. Về hiện đại hoá…", "IV - …", "II: …" → ("II", title).
pub(super) fn group_heading(text: &str) -> Option<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^([IVXL]+)\s*[-.–—:)]\s*(\S.*)$").unwrap());
    let caps = re.captures(text.trim())?;
    roman_to_int(&caps[1])?;
    Some((caps[1].to_string(), caps[2].trim().to_string()))
}

/// "a) Kế hoạch…" → ('a', "Kế hoạch…").
pub(super) fn sub_item(text: &str) -> Option<(char, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^([a-zđ])\s?[).]\s*(\S.*)$").unwrap());
    let caps = re.captures(text.trim())?;
    let letter = caps[1].chars().next()?;
    item_letter_index(letter)?;
    Some((letter, caps[2].trim().to_string()))
}

/// A sub-item row: "a) …" in the content, or the letter alone in the STT column
/// ("a", "b)") with the text in the content column.
pub(super) fn row_sub_item(cells: &RowCells) -> Option<(char, String)> {
    if let Some(found) = sub_item(&cells.content) {
        return Some(found);
    }
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^\(?([a-zđ])\s*[).]?$").unwrap());
    let caps = re.captures(cells.stt.trim())?;
    let letter = caps[1].chars().next()?;
    item_letter_index(letter)?;
    (!cells.content.is_empty()).then(|| (letter, cells.content.clone()))
}

/// The number in an STT cell: 1.0, "1", "1.", "01", "(1)"; also "6a"/"15.b" → (6, 'a').
pub(super) fn stt_number(value: Option<&Value>, text: &str) -> Option<(u32, Option<char>)> {
    if let Some(Value::Number(n)) = value {
        return (n.fract() == 0.0 && *n >= 1.0 && *n < 1000.0).then_some((*n as u32, None));
    }
    let code = normalize_task_code(text.trim_end_matches(['.', ')']))?;
    let digits: String = code.chars().take_while(char::is_ascii_digit).collect();
    let letter = code.chars().find(|c| !c.is_ascii_digit());
    Some((digits.parse().ok()?, letter))
}

/// A column-numbering row such as `(1) (2) (3) (4)` or `1 2 3 4`.
pub(super) fn is_numbering_row(grid: &Grid, row: u32) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^\(?\d{1,2}\)?$").unwrap());
    let mut count = 0;
    for col in 0..grid.end_col() {
        let cell = grid.cell(row, col);
        if cell.is_empty() {
            continue;
        }
        if !re.is_match(&cell.text()) {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// Words that start a product or content text, not an agency name: a lead cell that
/// begins with one of them was probably filled with the wrong column.
pub(super) fn looks_like_content(lead: &str, title: &str, product: &str) -> bool {
    let f = fold(lead);
    let starts = [
        "ke hoach",
        "bao cao",
        "quyet dinh",
        "de an",
        "van ban",
        "xay dung",
        "trien khai",
        "ban hanh",
        "thuc hien",
    ];
    starts.iter().any(|s| f.starts_with(s))
        || (!f.is_empty() && (f == fold(title) || f == fold(product)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_and_sub_item_patterns() {
        assert_eq!(
            group_heading("I- Chỉ đạo điều hành"),
            Some(("I".into(), "Chỉ đạo điều hành".into()))
        );
        assert_eq!(group_heading("VIII. Về hiện đại hoá").unwrap().0, "VIII");
        assert_eq!(
            group_heading("IV - Cài cách tổ chức bộ máy").unwrap().0,
            "IV"
        );
        assert_eq!(group_heading("Kiểm tra cải cách hành chính"), None);
        assert_eq!(group_heading("IIII- x"), None);
        assert_eq!(sub_item("a) Kế hoạch"), Some(('a', "Kế hoạch".into())));
        assert_eq!(sub_item("đ) Kế hoạch").unwrap().0, 'đ');
        assert_eq!(sub_item("Kế hoạch"), None);
    }
}
