//! Reads a Chỉ số CCHC scoring workbook as councils lay it out, in either direction:
//!
//! - **agencies as rows**: title rows, then a header of one to three rows — lĩnh vực
//!   merged over their criteria, each criterion ("Kế hoạch CCHC (2 điểm)") merged over
//!   its score columns ("Tự đánh giá", "Thẩm định", "Điều tra XHH") —, one row per agency
//!   named by code, official name or alias, a "Điểm tối đa" row where the header gives
//!   no maxima, headings ("I. Khối sở, ban, ngành") and a kind column ("Khối") between;
//! - **criteria as rows**: a header "STT | Lĩnh vực, tiêu chí | Điểm tối đa" followed by
//!   one column per agency, or per agency and score kind under the agency merged across;
//!   lĩnh vực rows numbered I, II…, criteria 1, 2… and their parts 1.1, 1.2… (a parent
//!   whose parts follow is not scored twice), a "Tổng điểm" row.
//!
//! Departments and districts on one sheet or on several. Both directions give the same
//! [`ScoreSheet`]. Nothing is judged here: cells are handed on with their addresses.

mod agency_rows;
mod criteria_rows;

use crate::model::finding::a1;
use crate::read::sheet::{Grid, Value};
use crate::text::header_key;
use regex::Regex;
use std::sync::OnceLock;

/// Rows searched for a header.
pub(super) const HEADER_ROWS: u32 = 20;
/// Rows a header may span.
const HEADER_DEPTH: u32 = 4;

/// An empty cell, or one holding only spaces.
pub fn is_blank(value: &Value) -> bool {
    match value {
        Value::Empty => true,
        Value::Text(t) => t.trim().is_empty(),
        _ => false,
    }
}

/// A value as read, with its address.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreCell {
    pub value: Value,
    pub cell: String,
}

/// A criterion as the sheet names it.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionHead {
    /// The lĩnh vực it is under (`None`: the sheet scores lĩnh vực directly).
    pub field: Option<String>,
    pub name: String,
    /// The maximum its label gives ("(2 điểm)").
    pub max: Option<f64>,
    /// The maximum's own cell (a "Điểm tối đa" row or column).
    pub max_cell: Option<ScoreCell>,
    /// Where the criterion is named.
    pub cell: String,
    /// Its label, its lĩnh vực's, or its only column says it is scored by the survey.
    pub survey: bool,
}

/// An agency's cells for one criterion: `None` where the sheet has no such column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScoreCells {
    pub own: Option<ScoreCell>,
    pub appraised: Option<ScoreCell>,
    pub survey: Option<ScoreCell>,
}

/// One agency of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct AgencyRaw {
    pub agency: String,
    pub agency_cell: String,
    /// One per criterion of the sheet.
    pub scores: Vec<ScoreCells>,
    /// The appraised total the sheet gives, if any.
    pub total: Option<ScoreCell>,
}

/// One scoring sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreSheet {
    pub name: String,
    pub criteria: Vec<CriterionHead>,
    pub agencies: Vec<AgencyRaw>,
}

/// Every scoring sheet of a workbook (sheets without a scoring header are skipped).
pub fn read_scores(book: &crate::read::sheet::Workbook) -> Vec<ScoreSheet> {
    book.sheets
        .iter()
        .filter_map(|g| criteria_rows::read(g).or_else(|| agency_rows::read(g)))
        .collect()
}

/// "Cải cách thể chế (10 điểm)" → ("Cải cách thể chế", 10).
pub fn split_max(label: &str) -> (String, Option<f64>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?i)\s*[\(\[]\s*(?:(?:điểm\s+)?tối đa\s*:?\s*)?(\d+(?:[.,]\d+)?)\s*(?:điểm|đ)?\s*[\)\]]\s*$",
        )
        .unwrap()
    });
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    match re.captures(&label) {
        Some(c) => {
            let max = c[1].replace(',', ".").parse().ok();
            (
                label[..c.get(0).map_or(0, |m| m.start())]
                    .trim()
                    .to_string(),
                max,
            )
        }
        None => (label.trim().to_string(), None),
    }
}

/// Which score a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreKind {
    Own,
    Appraised,
    Survey,
}

/// A score column's label: "Tự đánh giá", "Thẩm định", "Điều tra XHH" and the short
/// forms clerks use. Only short labels count ("Kết quả thẩm định văn bản" is a criterion).
pub(super) fn score_kind(label: &str) -> Option<ScoreKind> {
    let k = header_key(label);
    if k.split(' ').count() > 6 {
        return None;
    }
    let k = k.strip_prefix("diem ").unwrap_or(&k);
    let k = k.strip_prefix("so ").unwrap_or(k);
    if k.starts_with("tu danh gia")
        || k.starts_with("tu cham")
        || k.starts_with("tu dg")
        || matches!(k, "tdg" | "tu danh gia cham diem")
    {
        Some(ScoreKind::Own)
    } else if k.starts_with("tham dinh")
        || k.starts_with("hoi dong")
        || k.starts_with("hd tham dinh")
        || k.starts_with("ket qua tham dinh")
        || matches!(k, "td" | "hd" | "dat" | "diem dat")
    {
        Some(ScoreKind::Appraised)
    } else if k.starts_with("dieu tra")
        || k.starts_with("dtxhh")
        || k.starts_with("xhh")
        || k.starts_with("khao sat")
    {
        Some(ScoreKind::Survey)
    } else {
        None
    }
}

/// A lĩnh vực or criterion scored by the social survey.
pub(super) fn names_survey(label: &str) -> bool {
    let k = header_key(label);
    k.contains("dieu tra xa hoi hoc") || k.contains("dtxhh") || k.starts_with("khao sat")
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Role {
    Number,
    Agency,
    Code,
    Total,
    Ignored,
    Field,
}

pub(super) fn role(label: &str) -> Option<Role> {
    let k = header_key(label);
    let k = k.as_str();
    if k.is_empty() {
        None
    } else if matches!(k, "stt" | "tt" | "so tt" | "thu tu" | "so thu tu") {
        Some(Role::Number)
    } else if k == "ma" || k.starts_with("ma co quan") || k.starts_with("ma don vi") {
        Some(Role::Code)
    } else if k.starts_with("tong") {
        Some(Role::Total)
    } else if k.starts_with("co quan")
        || k.starts_with("ten co quan")
        || k.starts_with("don vi")
        || k.starts_with("ten don vi")
        || k.starts_with("dia phuong")
    {
        Some(Role::Agency)
    } else if k.starts_with("xep hang")
        || k.starts_with("xep loai")
        || k.starts_with("ghi chu")
        || k.starts_with("chi so")
        || k.starts_with("tang giam")
        || k.starts_with("khoi")
        || k.starts_with("loai co quan")
        || k.starts_with("nhom")
        || k == "loai"
    {
        Some(Role::Ignored)
    } else {
        Some(Role::Field)
    }
}

/// A row numbering the columns ("(1) (2) (3)" or "1 2 3") under a header.
pub(super) fn numbering_row(grid: &Grid, row: u32) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^\(?\d{1,3}\)?$").unwrap());
    let mut n = 0;
    for c in 0..grid.end_col() {
        let cell = grid.cell(row, c);
        if cell.is_empty() || cell.merged_copy {
            continue;
        }
        if !re.is_match(cell.text().trim()) {
            return false;
        }
        n += 1;
    }
    n >= 3
}

/// Rows from `top` down that continue a header: no value in `key_col` of their own,
/// no number, and at least two different labels (a merged heading has one).
pub(super) fn header_end(grid: &Grid, top: u32, key_col: u32) -> u32 {
    let mut end = top + 1;
    while end < top + HEADER_DEPTH && end < grid.end_row() {
        let key = grid.cell(end, key_col);
        if !(key.is_empty() || key.merged_copy) || numbering_row(grid, end) {
            break;
        }
        let mut labels: Vec<String> = Vec::new();
        let mut number = false;
        for c in 0..grid.end_col() {
            let cell = grid.cell(end, c);
            match &cell.value {
                Value::Number(_) => number = true,
                Value::Text(t) if !cell.merged_copy && !t.trim().is_empty() => {
                    if !labels.iter().any(|l| l == t.trim()) {
                        labels.push(t.trim().to_string());
                    }
                }
                _ => {}
            }
        }
        if number || labels.len() < 2 {
            break;
        }
        end += 1;
    }
    end
}

/// The labels of a column over header rows `top..end`, top to bottom, a label repeated
/// by a vertical merge kept once.
pub(super) fn labels(grid: &Grid, top: u32, end: u32, col: u32) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for r in top..end {
        let t = grid
            .text(r, col)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if t.is_empty() {
            continue;
        }
        let vertical_copy =
            grid.cell(r, col).merged_copy && r > top && grid.text(r - 1, col) == grid.text(r, col);
        if vertical_copy || out.last().is_some_and(|(l, _)| *l == t) {
            continue;
        }
        out.push((t, a1(r, col)));
    }
    out
}

/// A lĩnh vực label that only groups every score ("Điểm các lĩnh vực").
pub(super) fn generic_group(label: &str) -> bool {
    let k = header_key(label);
    matches!(
        k.as_str(),
        "diem"
            | "diem cac linh vuc"
            | "cac linh vuc"
            | "linh vuc"
            | "diem thanh phan"
            | "cac tieu chi"
            | "tieu chi"
            | "diem cham"
            | "ket qua cham diem"
            | "diem so"
    ) || k.starts_with("diem cac linh vuc")
        || k.starts_with("ket qua cham diem")
        || k.starts_with("diem danh gia")
}

pub(super) fn is_summary(key: &str) -> bool {
    key.starts_with("tong cong")
        || key.starts_with("trung binh")
        || key.starts_with("binh quan")
        || key == "cong"
}

/// A published ranking (the workbook `vanban chi-so -o` writes, or a council's): one
/// row per agency with its rank and index, as last year's result.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingRow {
    pub agency: String,
    pub agency_cell: String,
    pub rank: ScoreCell,
    pub index: ScoreCell,
}

/// The rows of a ranking sheet: a header with an agency column, "Xếp hạng" and "Chỉ số"
/// (a sheet without both is not a ranking).
pub fn read_ranking(grid: &Grid) -> Option<Vec<RankingRow>> {
    let last = grid.end_row().min(grid.first_row() + HEADER_ROWS);
    for r in grid.first_row()..last {
        let keys: Vec<String> = (0..grid.end_col())
            .map(|c| header_key(&grid.text(r, c)))
            .collect();
        let find = |p: &dyn Fn(&str) -> bool| keys.iter().position(|k| p(k)).map(|c| c as u32);
        let (Some(agency), Some(rank), Some(index)) = (
            find(&|k| role(k) == Some(Role::Agency)),
            find(&|k| k.starts_with("xep hang")),
            find(&|k| k.starts_with("chi so")),
        ) else {
            continue;
        };
        let end = header_end(grid, r, agency);
        let at = |row: u32, c: u32| ScoreCell {
            value: grid.cell(row, c).value.clone(),
            cell: a1(row, c),
        };
        return Some(
            (end..grid.end_row())
                .filter(|&row| {
                    !grid.text(row, agency).trim().is_empty()
                        && !is_blank(&grid.cell(row, index).value)
                })
                .map(|row| RankingRow {
                    agency: grid.text(row, agency).trim().to_string(),
                    agency_cell: a1(row, agency),
                    rank: at(row, rank),
                    index: at(row, index),
                })
                .collect(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maxima_in_headers() {
        assert_eq!(
            split_max("Cải cách thể chế (10 điểm)"),
            ("Cải cách thể chế".into(), Some(10.0))
        );
        assert_eq!(
            split_max("Điều tra xã hội học\n(32,5 điểm)"),
            ("Điều tra xã hội học".into(), Some(32.5))
        );
        assert_eq!(
            split_max("1.1. Ban hành kế hoạch (tối đa 2)"),
            ("1.1. Ban hành kế hoạch".into(), Some(2.0))
        );
        assert_eq!(split_max("Cải cách TTHC"), ("Cải cách TTHC".into(), None));
    }

    #[test]
    fn score_kinds_only_in_short_labels() {
        assert_eq!(score_kind("Tự đánh giá"), Some(ScoreKind::Own));
        assert_eq!(score_kind("Điểm thẩm định"), Some(ScoreKind::Appraised));
        assert_eq!(score_kind("TĐG"), Some(ScoreKind::Own));
        assert_eq!(score_kind("Điều tra XHH"), Some(ScoreKind::Survey));
        assert_eq!(
            score_kind("Tỷ lệ văn bản được thẩm định trước khi ban hành đúng quy định"),
            None
        );
        assert_eq!(score_kind("Cải cách thể chế"), None);
    }
}
