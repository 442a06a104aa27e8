//! The catalogue's header row, found by its text, and the plan's year from the title.

use super::HEADER_SEARCH_ROWS;
use crate::read::sheet::{Grid, Value};
use crate::text::fold;
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Column {
    Stt,
    Content,
    Lead,
    Partner,
    Product,
    Deadline,
}

impl Column {
    pub(super) const ALL: [Column; 6] = [
        Column::Stt,
        Column::Content,
        Column::Lead,
        Column::Partner,
        Column::Product,
        Column::Deadline,
    ];
}

#[derive(Debug, Clone)]
pub(super) struct Header {
    pub(super) row: u32,
    pub(super) cols: HashMap<Column, u32>,
    /// Columns of the annex's own ("Cấp trình", "Ghi chú"): kept with each task, not
    /// required.
    pub(super) extra: Vec<(u32, String)>,
}

impl Header {
    pub(super) fn col(&self, c: Column) -> Option<u32> {
        self.cols.get(&c).copied()
    }
}

/// The role of a header cell, from its text.
pub(super) fn header_role(text: &str) -> Option<Column> {
    let f = crate::text::header_key(text);
    let f = f.as_str();
    if matches!(f, "stt" | "tt" | "so tt" | "so thu tu" | "s tt" | "thu tu") {
        Some(Column::Stt)
    } else if f.contains("chu tri") {
        Some(Column::Lead)
    } else if f.contains("phoi hop") {
        Some(Column::Partner)
    } else if f.starts_with("noi dung")
        || f.starts_with("ten nhiem vu")
        || f.starts_with("nhiem vu")
        || f == "cong viec"
    {
        Some(Column::Content)
    } else if f.starts_with("san pham") || f == "ket qua san pham" {
        Some(Column::Product)
    } else if f.starts_with("thoi gian") || f.starts_with("thoi han") || f.starts_with("tien do") {
        Some(Column::Deadline)
    } else {
        None
    }
}

pub(super) fn find_header(grid: &Grid) -> Option<Header> {
    let last = grid
        .end_row()
        .min(grid.first_row().saturating_add(HEADER_SEARCH_ROWS));
    for row in grid.first_row()..last {
        let mut cols = HashMap::new();
        let mut extra = Vec::new();
        let mut deadline_is_completion = false;
        for col in 0..grid.end_col() {
            let cell = grid.cell(row, col);
            if cell.merged_copy {
                continue;
            }
            let Value::Text(t) = &cell.value else {
                continue;
            };
            match header_role(t) {
                // "Thời hạn hoàn thành" is the deadline even after a "Thời gian trình".
                Some(Column::Deadline)
                    if crate::text::header_key(t).starts_with("thoi han")
                        && !deadline_is_completion =>
                {
                    if let Some(old) = cols.insert(Column::Deadline, col) {
                        extra.push((old, grid.text(row, old)));
                    }
                    deadline_is_completion = true;
                }
                Some(role) if !cols.contains_key(&role) => {
                    cols.insert(role, col);
                }
                _ => extra.push((col, t.to_string())),
            }
        }
        if cols.contains_key(&Column::Content) && cols.contains_key(&Column::Lead) {
            extra.sort();
            return Some(Header { row, cols, extra });
        }
    }
    None
}

/// The plan's year from the title lines above the header ("…năm 2019"), skipping the
/// "(Ban hành kèm theo Quyết định … năm 2018 …)" line.
pub(super) fn title_year(grid: &Grid, header_row: u32) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\bnam (\d{4})\b").unwrap());
    for row in grid.first_row()..header_row {
        for col in 0..grid.end_col() {
            let cell = grid.cell(row, col);
            if cell.merged_copy {
                continue;
            }
            let f = fold(&cell.text());
            if f.starts_with('(')
                || f.contains("kem theo")
                || f.contains("quyet dinh so")
                || dateline_re().is_match(&f)
            {
                continue;
            }
            if let Some(c) = re.captures(&f) {
                return c[1].parse().ok();
            }
        }
    }
    None
}

/// "ngày 27 tháng 12 năm 2018": a place-and-date line, not the plan's year.
fn dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"ngay \d{1,2} thang \d{1,2} nam \d{4}").unwrap())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_roles() {
        assert_eq!(header_role("Stt"), Some(Column::Stt));
        assert_eq!(header_role("STT"), Some(Column::Stt));
        assert_eq!(header_role("Số TT"), Some(Column::Stt));
        assert_eq!(header_role("TT"), Some(Column::Stt));
        assert_eq!(header_role("Nội dung công việc"), Some(Column::Content));
        assert_eq!(header_role("NỘI DUNG  CÔNG VIỆC"), Some(Column::Content));
        assert_eq!(header_role("Cơ quan chủ trì"), Some(Column::Lead));
        assert_eq!(header_role("Cơ quan\nphối hợp"), Some(Column::Partner));
        assert_eq!(header_role("Sản phẩm"), Some(Column::Product));
        assert_eq!(
            header_role("Thời gian thực hiện/ hoàn thành"),
            Some(Column::Deadline)
        );
        assert_eq!(header_role("Ghi chú"), None);
    }
}
