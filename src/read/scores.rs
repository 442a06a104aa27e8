//! Reads a Chỉ số CCHC scoring workbook as the council lays it out: title rows above, a
//! header on one or two rows (a merged group "Điểm các lĩnh vực" over the field names),
//! one row per agency named by code, official name or alias, one column per field with
//! its maximum in the header ("Cải cách thể chế (10 điểm)") or in a row "Điểm tối đa",
//! a total column when present; departments and districts on one sheet or two, with
//! heading rows ("I. Khối sở, ban, ngành") between. Nothing is judged here: the cells
//! are handed on with their addresses, to be checked.

use crate::model::finding::a1;
use crate::read::sheet::{Grid, Value, Workbook};
use crate::text::header_key;
use regex::Regex;
use std::sync::OnceLock;

/// Rows searched for a header.
const HEADER_ROWS: u32 = 20;

/// A scoring column: its name, the maximum its header gives, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldColumn {
    pub name: String,
    pub max: Option<f64>,
    pub col: u32,
}

/// A value as read, with its address.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreCell {
    pub value: Value,
    pub cell: String,
}

/// One agency row.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRowRaw {
    pub agency: String,
    pub agency_cell: String,
    pub scores: Vec<ScoreCell>,
    pub total: Option<ScoreCell>,
}

/// One scoring sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreSheet {
    pub name: String,
    pub fields: Vec<FieldColumn>,
    /// Maxima from a "Điểm tối đa" row, by field (same order as `fields`).
    pub max_row: Option<Vec<ScoreCell>>,
    pub rows: Vec<ScoreRowRaw>,
}

/// Every scoring sheet of a workbook (sheets without a scoring header are skipped).
pub fn read_scores(book: &Workbook) -> Vec<ScoreSheet> {
    book.sheets.iter().filter_map(read_sheet).collect()
}

/// "Cải cách thể chế (10 điểm)" → ("Cải cách thể chế", 10).
pub fn split_max(label: &str) -> (String, Option<f64>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?i)\s*[\(\[]\s*(?:tối đa\s*:?\s*)?(\d+(?:[.,]\d+)?)\s*(?:điểm|đ)?\s*[\)\]]\s*$",
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

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Number,
    Agency,
    Code,
    Total,
    Field,
}

fn role(label: &str) -> Option<Role> {
    let k = header_key(label);
    let k = k.as_str();
    if k.is_empty() {
        None
    } else if matches!(k, "stt" | "tt" | "so tt" | "thu tu") {
        Some(Role::Number)
    } else if k == "ma" || k.starts_with("ma co quan") || k.starts_with("ma don vi") {
        Some(Role::Code)
    } else if k.starts_with("tong") || k.starts_with("chi so cchc") || k == "chi so" {
        Some(Role::Total)
    } else if k.starts_with("co quan")
        || k.starts_with("ten co quan")
        || k.starts_with("don vi")
        || k.starts_with("ten don vi")
        || k.starts_with("dia phuong")
    {
        Some(Role::Agency)
    } else if k.starts_with("xep hang") || k.starts_with("xep loai") || k.starts_with("ghi chu") {
        None
    } else {
        Some(Role::Field)
    }
}

/// The label of a column over a header of one or two rows: the lower label under a
/// merged group, else the upper one.
fn label(grid: &Grid, row: u32, col: u32, two_rows: bool) -> String {
    let upper = grid.text(row, col);
    if two_rows {
        let lower = grid.text(row + 1, col);
        if !lower.trim().is_empty() {
            return lower;
        }
    }
    if grid.cell(row, col).merged_copy {
        return String::new();
    }
    upper
}

fn read_sheet(grid: &Grid) -> Option<ScoreSheet> {
    let last = grid.end_row().min(grid.first_row() + HEADER_ROWS);
    let header = (grid.first_row()..last)
        .find(|&r| (0..grid.end_col()).any(|c| role(&grid.text(r, c)) == Some(Role::Agency)))?;
    // A second header row: text under the header and no agency on it.
    let two_rows = (0..grid.end_col()).any(|c| {
        matches!(role(&grid.text(header, c)), Some(Role::Field | Role::Total))
            && grid.cell(header + 1, c).merged_copy
    }) || (0..grid.end_col()).any(|c| {
        grid.cell(header, c + 1).merged_copy && !grid.text(header + 1, c).trim().is_empty()
    });
    let mut agency_col = None;
    let mut code_col = None;
    let mut total_col = None;
    let mut fields = Vec::new();
    for c in 0..grid.end_col() {
        let text = label(grid, header, c, two_rows);
        match role(&text) {
            Some(Role::Agency) if agency_col.is_none() => agency_col = Some(c),
            Some(Role::Code) => code_col = Some(c),
            Some(Role::Total) if total_col.is_none() => total_col = Some(c),
            Some(Role::Field) => {
                let (name, max) = split_max(&text);
                // A group label alone over its fields ("Điểm các lĩnh vực") is no field.
                let group = two_rows
                    && grid.text(header + 1, c).trim().is_empty()
                    && grid.cell(header, c + 1).merged_copy;
                if !group {
                    fields.push(FieldColumn { name, max, col: c });
                }
            }
            _ => {}
        }
    }
    let agency_col = agency_col?;
    if fields.is_empty() {
        return None;
    }
    let first_data = header + if two_rows { 2 } else { 1 };
    let mut max_row = None;
    let mut rows = Vec::new();
    for r in first_data..grid.end_row() {
        let name_col = code_col.filter(|&c| !grid.text(r, c).trim().is_empty());
        let agency = grid
            .text(r, name_col.unwrap_or(agency_col))
            .trim()
            .to_string();
        let label_key = header_key(&grid.text(r, agency_col));
        let cells: Vec<ScoreCell> = fields
            .iter()
            .map(|f| ScoreCell {
                value: grid.cell(r, f.col).value.clone(),
                cell: a1(r, f.col),
            })
            .collect();
        if label_key.starts_with("diem toi da") || label_key == "toi da" {
            max_row = Some(cells);
            continue;
        }
        let any_value = cells.iter().any(|c| !matches!(c.value, Value::Empty));
        // Blank rows, headings ("I. Khối sở, ban, ngành") and notes carry no score.
        if agency.is_empty() || !any_value {
            continue;
        }
        rows.push(ScoreRowRaw {
            agency,
            agency_cell: a1(r, name_col.unwrap_or(agency_col)),
            scores: cells,
            total: total_col.map(|c| ScoreCell {
                value: grid.cell(r, c).value.clone(),
                cell: a1(r, c),
            }),
        });
    }
    Some(ScoreSheet {
        name: grid.name.clone(),
        fields,
        max_row,
        rows,
    })
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
        assert_eq!(split_max("Cải cách TTHC"), ("Cải cách TTHC".into(), None));
    }
}
