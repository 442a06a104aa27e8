//! Recognising the task table's header and the metadata labels of a submission, by
//! their text ("Mã NV", "Tình trạng", "Cơ quan:", "Kỳ báo cáo:"…).

use super::Field;
use crate::read::sheet::{Grid, Value};
use crate::text::fold;
use std::collections::HashMap;

/// The role of a task-table header cell.
pub(super) fn task_header_role(text: &str, strong_status_seen: bool) -> Option<Field> {
    let f = crate::text::header_key(text);
    let f = f.as_str();
    let starts = |p: &str| crate::text::starts_with_words(f, p);
    if matches!(
        f,
        "ma nhiem vu"
            | "ma nv"
            | "ma so"
            | "ma"
            | "stt"
            | "tt"
            | "so tt"
            | "ma so nhiem vu"
            | "so thu tu"
    ) {
        Some(Field::Code)
    } else if starts("tinh trang")
        || starts("trang thai")
        || f == "tien do"
        || starts("tien do thuc hien")
        || starts("muc do hoan thanh")
    {
        Some(Field::Status)
    } else if f == "ket qua" {
        // "Kết quả" alone is the status column, unless a clearer one exists.
        Some(if strong_status_seen {
            Field::Result
        } else {
            Field::Status
        })
    } else if starts("ngay hoan thanh")
        || f == "ngay ht"
        || starts("thoi gian hoan thanh")
        || starts("thoi diem hoan thanh")
        || starts("hoan thanh ngay")
    {
        Some(Field::Date)
    } else if starts("van ban")
        || starts("san pham")
        || starts("so ky hieu")
        || starts("van ban san pham")
    {
        Some(Field::Evidence)
    } else if starts("ket qua thuc hien") || starts("ket qua dat duoc") {
        Some(Field::Result)
    } else if starts("kho khan") || starts("vuong mac") {
        Some(Field::Difficulties)
    } else if starts("de xuat") || starts("kien nghi") {
        Some(Field::Proposals)
    } else if starts("noi dung")
        || starts("ten nhiem vu")
        || starts("nhiem vu")
        || f == "noi dung cong viec"
    {
        Some(Field::Title)
    } else if starts("vai tro") {
        Some(Field::Role)
    } else {
        None
    }
}

pub(super) const HEADER_ROWS: u32 = 30;

pub(super) struct TaskHeader {
    pub(super) row: u32,
    pub(super) cols: HashMap<Field, u32>,
    pub(super) extra: Vec<(u32, String)>,
}

/// The task table's header in the first rows of a sheet, as people draw it: one row of
/// labels, or two — a group label merged across ("Kết quả thực hiện" over "Tình trạng |
/// Ngày hoàn thành | Văn bản, sản phẩm") with the other labels merged down both rows (or,
/// where the format keeps no merges, standing in the upper row only). The two rows
/// combine into one column map; the data begins under the lower one.
pub(super) fn find_task_header(grid: &Grid) -> Option<TaskHeader> {
    let last = grid
        .end_row()
        .min(grid.first_row().saturating_add(HEADER_ROWS));
    for row in grid.first_row()..last {
        let upper = row_labels(grid, row);
        if upper.is_empty() {
            continue;
        }
        let single = header_from(grid, row, &upper);
        // A second header row under it (labels under a group cell) makes a fuller map:
        // then the two rows are one header, even when the upper row alone would do.
        let double = (row + 1 < grid.end_row())
            .then(|| combined_labels(grid, row))
            .filter(|combined| *combined != upper)
            .and_then(|combined| header_from(grid, row + 1, &combined));
        match (single, double) {
            (Some(s), Some(d)) if d.cols.len() > s.cols.len() => return Some(d),
            (Some(s), _) => return Some(s),
            (None, Some(d)) => return Some(d),
            (None, None) => {}
        }
    }
    None
}

/// The text labels of a row (merged copies left out), by column.
fn row_labels(grid: &Grid, row: u32) -> Vec<(u32, String)> {
    (0..grid.end_col())
        .filter(|&c| !grid.cell(row, c).merged_copy)
        .filter_map(|c| match &grid.cell(row, c).value {
            Value::Text(t) => Some((c, t.to_string())),
            _ => None,
        })
        .collect()
}

/// The labels of a two-row header: under a group label, the lower row's own labels;
/// elsewhere the upper row's label (merged down, or alone in the upper row).
fn combined_labels(grid: &Grid, row: u32) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for c in 0..grid.end_col() {
        let lower = grid.cell(row + 1, c);
        let own_lower = matches!(lower.value, Value::Text(_)) && !lower.merged_copy;
        if own_lower {
            out.push((c, lower.text()));
            continue;
        }
        let upper = grid.cell(row, c);
        if matches!(upper.value, Value::Text(_)) && !upper.merged_copy {
            out.push((c, upper.text()));
        }
    }
    out
}

/// "STT", "TT": a row number, which is the task code only when nothing better is.
fn is_row_number(label: &str) -> bool {
    matches!(
        crate::text::header_key(label).as_str(),
        "stt" | "tt" | "so tt" | "so thu tu"
    )
}

/// The column map of a header row's labels, if it holds a code and a status column.
fn header_from(grid: &Grid, row: u32, labels: &[(u32, String)]) -> Option<TaskHeader> {
    let strong = labels.iter().any(|(_, t)| {
        matches!(task_header_role(t, false), Some(Field::Status)) && fold(t) != "ket qua"
    });
    // A task code column ("Mã nhiệm vụ") wins over a row number column ("STT"), which
    // is then an ordinary column of the table, not an extra one.
    let proper_code = labels
        .iter()
        .any(|(_, t)| task_header_role(t, strong) == Some(Field::Code) && !is_row_number(t));
    let mut cols = HashMap::new();
    let mut extra = Vec::new();
    for (c, t) in labels {
        match task_header_role(t, strong) {
            Some(Field::Code) if proper_code && is_row_number(t) => {}
            Some(f) if !cols.contains_key(&f) => {
                cols.insert(f, *c);
            }
            _ => extra.push((*c, t.clone())),
        }
    }
    if !cols.contains_key(&Field::Status) {
        return None;
    }
    // "Thời gian hoàn thành" is the completion date in some reports and the plan's
    // deadline copied over in others ("Quý II/2019"): the cells under it decide.
    if let Some(&c) = cols.get(&Field::Date)
        && let Some((_, label)) = labels.iter().find(|(x, _)| *x == c)
        && !crate::text::header_key(label).starts_with("ngay")
        && !mostly_dates(grid, row, c)
    {
        cols.remove(&Field::Date);
    }
    if !cols.contains_key(&Field::Code) {
        // A column headed otherwise ("Nhiệm vụ") that holds task codes.
        let c = code_column_by_content(grid, row, labels)?;
        if cols.get(&Field::Title) == Some(&c) {
            cols.remove(&Field::Title);
        }
        extra.retain(|(x, _)| *x != c);
        cols.insert(Field::Code, c);
        // The column the code column displaced ("Nội dung" beside "Nhiệm vụ") takes
        // its place.
        if let Some(i) = extra
            .iter()
            .position(|(_, t)| task_header_role(t, strong) == Some(Field::Title))
            && !cols.contains_key(&Field::Title)
        {
            let (x, _) = extra.remove(i);
            cols.insert(Field::Title, x);
        }
    }
    Some(TaskHeader { row, cols, extra })
}

/// True when the cells under a header are mostly dates (or empty).
fn mostly_dates(grid: &Grid, row: u32, c: u32) -> bool {
    let end = grid.end_row().min(row + 31);
    let (mut filled, mut dates) = (0, 0);
    for r in row + 1..end {
        let cell = grid.cell(r, c);
        if cell.is_empty() {
            continue;
        }
        filled += 1;
        if crate::read::values::parse_date(&cell.value).is_ok_and(|d| d.is_some()) {
            dates += 1;
        }
    }
    filled == 0 || dates * 10 >= filled * 6
}

/// The labelled column whose cells under the header are mostly task codes ("13",
/// "15b"), if one is.
fn code_column_by_content(grid: &Grid, row: u32, labels: &[(u32, String)]) -> Option<u32> {
    let end = grid.end_row().min(row + 16);
    labels.iter().map(|(c, _)| *c).find(|&c| {
        let mut filled = 0;
        let mut codes = 0;
        for r in row + 1..end {
            let cell = grid.cell(r, c);
            if cell.is_empty() {
                continue;
            }
            filled += 1;
            let text = match &cell.value {
                Value::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
                _ => cell.text(),
            };
            if crate::model::catalogue::normalize_task_code(&text).is_some() {
                codes += 1;
            }
        }
        filled >= 2 && codes * 10 >= filled * 6
    })
}

/// Metadata labels: "Cơ quan", "Kỳ báo cáo", "Ngày báo cáo"…
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Meta {
    Agency,
    Period,
    Date,
    Number,
    Preparer,
    Phone,
}

pub(super) fn meta_label(text: &str) -> Option<Meta> {
    let f = crate::text::header_key(text);
    match f.as_str() {
        "co quan" | "don vi" | "co quan bao cao" | "don vi bao cao" | "ten co quan"
        | "ten don vi" | "co quan don vi" => Some(Meta::Agency),
        "ky bao cao" | "ky" | "thoi ky bao cao" | "ky bc" => Some(Meta::Period),
        "ngay bao cao" | "ngay lap" | "ngay ky" => Some(Meta::Date),
        "so bao cao" | "so ky hieu" | "so ky hieu bao cao" | "so van ban" | "so" => {
            Some(Meta::Number)
        }
        "nguoi lap" | "nguoi bao cao" | "can bo lap" | "nguoi lap bieu" | "nguoi tong hop" => {
            Some(Meta::Preparer)
        }
        "dien thoai" | "so dien thoai" | "dt" | "sdt" => Some(Meta::Phone),
        _ => None,
    }
}

/// Label/value pairs of a sheet region: "Cơ quan: Sở Tư pháp" in one cell, or the label
/// in one cell and the value in the next non-empty cell of the row.
pub(super) fn meta_pairs(
    grid: &Grid,
    rows: std::ops::Range<u32>,
) -> Vec<(Meta, Value, String, u32, u32)> {
    let mut out = Vec::new();
    for row in rows {
        let mut col = 0;
        while col < grid.end_col() {
            let cell = grid.cell(row, col);
            if cell.merged_copy {
                col += 1;
                continue;
            }
            let text = cell.text();
            if let Some((label, value)) = text.split_once(':')
                && let Some(m) = meta_label(label)
                && !value.trim().is_empty()
            {
                let v = value.trim().to_string();
                out.push((m, Value::Text(v.as_str().into()), v, row, col));
            } else if let Some(m) = meta_label(text.trim_end_matches(':')) {
                if let Some(vc) = ((col + 1)..grid.end_col())
                    .find(|&c| !grid.cell(row, c).is_empty() && !grid.cell(row, c).merged_copy)
                {
                    let v = grid.cell(row, vc);
                    out.push((m, v.value.clone(), v.text(), row, vc));
                    col = vc;
                }
            }
            col += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_synonyms() {
        assert_eq!(task_header_role("Mã NV", false), Some(Field::Code));
        assert_eq!(task_header_role("STT", false), Some(Field::Code));
        assert_eq!(task_header_role("Mã số", false), Some(Field::Code));
        assert_eq!(task_header_role("Trạng thái", false), Some(Field::Status));
        assert_eq!(task_header_role("Tiến độ", false), Some(Field::Status));
        assert_eq!(task_header_role("Kết quả", false), Some(Field::Status));
        assert_eq!(task_header_role("Kết quả", true), Some(Field::Result));
        assert_eq!(
            task_header_role("Kết quả thực hiện", false),
            Some(Field::Result)
        );
        assert_eq!(
            task_header_role("NGÀY HOÀN THÀNH", false),
            Some(Field::Date)
        );
        assert_eq!(
            task_header_role("Văn bản, sản phẩm", false),
            Some(Field::Evidence)
        );
        assert_eq!(
            task_header_role("Khó khăn,\nvướng mắc", false),
            Some(Field::Difficulties)
        );
        assert_eq!(task_header_role("Ghi chú", false), None);
    }

    #[test]
    fn meta_labels() {
        assert_eq!(meta_label("Cơ quan"), Some(Meta::Agency));
        assert_eq!(meta_label("Kỳ báo cáo:"), Some(Meta::Period));
        assert_eq!(meta_label("Số, ký hiệu"), Some(Meta::Number));
        assert_eq!(meta_label("Người lập"), Some(Meta::Preparer));
        assert_eq!(meta_label("Ghi chú"), None);
    }
}
