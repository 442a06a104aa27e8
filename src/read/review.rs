//! The Sở's review file (`hieu-chinh.xlsx`, sheet "Hiệu chỉnh") read back: one decision
//! per row that has one, whatever else the specialist typed or reordered. Columns are
//! found by their headers; rows without a decision are open findings, not decisions.

use crate::model::review::{Decision, Entry, Review};
use crate::read::sheet::{Grid, Workbook};
use std::path::Path;

/// The file name of a period's review, in its submissions folder.
pub const FILE_NAME: &str = "hieu-chinh.xlsx";

/// Why a review file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("không đọc được tệp hiệu chỉnh {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: crate::read::sheet::OpenError,
    },
    #[error("tệp hiệu chỉnh {0} không có bảng với cột “Mã phát hiện” và “Quyết định”")]
    NoTable(String),
}

/// True when a file is a period's review file (not a submission).
pub fn is_review(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case(FILE_NAME))
}

/// The decisions of a review file; a row with an unknown decision word is reported in
/// the second list (as "row: word"), not guessed.
pub fn read_review(path: &Path) -> Result<(Review, Vec<String>), ReviewError> {
    let book = Workbook::open(path).map_err(|source| ReviewError::Open {
        path: path.display().to_string(),
        source,
    })?;
    let grid = book
        .sheet("Hiệu chỉnh")
        .or(book.sheets.first())
        .ok_or_else(|| ReviewError::NoTable(path.display().to_string()))?;
    let cols = columns(grid).ok_or_else(|| ReviewError::NoTable(path.display().to_string()))?;
    let mut review = Review::default();
    let mut unknown = Vec::new();
    for r in cols.header + 1..grid.end_row() {
        let get = |c: Option<u32>| {
            c.map(|c| grid.text(r, c).trim().to_string())
                .unwrap_or_default()
        };
        let id = get(Some(cols.id));
        let word = get(Some(cols.decision));
        if id.is_empty() || word.is_empty() {
            continue;
        }
        let Some(decision) = Decision::parse(&word, &get(cols.value)) else {
            unknown.push(format!("dòng {}: “{word}”", r + 1));
            continue;
        };
        review.entries.insert(
            id.clone(),
            Entry {
                id,
                decision,
                reason: get(cols.reason),
                who: get(cols.who),
                date: get(cols.date),
            },
        );
    }
    Ok((review, unknown))
}

struct Columns {
    header: u32,
    id: u32,
    decision: u32,
    value: Option<u32>,
    reason: Option<u32>,
    who: Option<u32>,
    date: Option<u32>,
}

/// The header row (in the first 10) and its columns, by their folded labels.
fn columns(grid: &Grid) -> Option<Columns> {
    for r in grid.first_row()..grid.end_row().min(grid.first_row() + 10) {
        let find = |want: &[&str]| {
            (0..grid.end_col()).find(|&c| {
                let key = crate::text::header_key(&grid.text(r, c));
                want.iter().any(|w| key.starts_with(w))
            })
        };
        if let (Some(id), Some(decision)) = (find(&["ma phat hien"]), find(&["quyet dinh"])) {
            return Some(Columns {
                header: r,
                id,
                decision,
                value: find(&["gia tri moi"]),
                reason: find(&["ly do"]),
                who: find(&["nguoi quyet dinh"]),
                date: find(&["ngay"]),
            });
        }
    }
    None
}

/// The Sở's review of a period (`<folder>/hieu-chinh.xlsx`), when there is one; what
/// cannot be used of it goes into `warnings`, and the period is compiled without it.
pub fn load_review(folder: &Path, warnings: &mut Vec<String>) -> crate::model::review::Review {
    let path = folder.join(FILE_NAME);
    if !path.exists() {
        return Default::default();
    }
    match read_review(&path) {
        Ok((review, unknown)) => {
            warnings.extend(unknown.into_iter().map(|u| {
                format!(
                    "tệp hiệu chỉnh, {u}: quyết định không rõ (Chấp nhận / Sửa thành / Không tổng hợp), bỏ qua"
                )
            }));
            review
        }
        Err(e) => {
            warnings.push(e.to_string());
            Default::default()
        }
    }
}
