//! Criteria as rows: "STT | Lĩnh vực, tiêu chí | Điểm tối đa" and a column per agency
//! (or per agency and score kind), lĩnh vực rows I, II…, criteria and their parts.

use super::{
    AgencyRaw, CriterionHead, HEADER_ROWS, Role, ScoreCell, ScoreCells, ScoreKind, ScoreSheet,
    header_end, is_blank, is_summary, labels, names_survey, numbering_row, role, score_kind,
    split_max,
};
use crate::model::finding::a1;
use crate::read::sheet::Grid;
use crate::text::header_key;

/// The column naming criteria and the column of their maxima, in a criteria-as-rows
/// header.
fn criteria_header(grid: &Grid, row: u32) -> Option<(u32, u32)> {
    let mut name_col = None;
    let mut max_col = None;
    for c in 0..grid.end_col() {
        if grid.cell(row, c).merged_copy {
            continue;
        }
        let k = header_key(&grid.text(row, c));
        if name_col.is_none()
            && (k.starts_with("tieu chi")
                || k.starts_with("linh vuc")
                || k.starts_with("noi dung")
                || k.starts_with("cac linh vuc"))
        {
            name_col = Some(c);
        } else if max_col.is_none()
            && (k.starts_with("diem toi da")
                || k == "toi da"
                || k.starts_with("diem chuan")
                || k.starts_with("thang diem"))
        {
            max_col = Some(c);
        }
    }
    Some((name_col?, max_col?))
}

/// "I", "II." → a lĩnh vực row; "1", "1.2", "1.2.3." → a criterion's number.
fn criterion_number(text: &str) -> String {
    text.trim().trim_end_matches('.').trim().to_string()
}

pub(super) fn read(grid: &Grid) -> Option<ScoreSheet> {
    let last = grid.end_row().min(grid.first_row() + HEADER_ROWS);
    let (header, (name_col, max_col)) =
        (grid.first_row()..last).find_map(|r| criteria_header(grid, r).map(|h| (r, h)))?;
    let end = header_end(grid, header, name_col);
    let number_col =
        (0..grid.end_col()).find(|&c| role(&grid.text(header, c)) == Some(Role::Number));
    let agencies = agency_columns(grid, header, end, &[name_col, max_col], number_col);
    if agencies.is_empty() {
        return None;
    }
    // The criteria rows: leaves only; a lĩnh vực row (I, II…) sets the field.
    let rows: Vec<u32> = (end..grid.end_row())
        .filter(|&r| !numbering_row(grid, r) && !grid.text(r, name_col).trim().is_empty())
        .collect();
    let has_value = |r: u32| {
        agencies.iter().any(|(_, s)| {
            s.iter()
                .flatten()
                .any(|&c| !is_blank(&grid.cell(r, c).value))
        })
    };
    let mut field: Option<String> = None;
    let mut criteria = Vec::new();
    let mut criterion_rows = Vec::new();
    let mut total_row = None;
    for (i, &r) in rows.iter().enumerate() {
        let name = grid
            .text(r, name_col)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let key = header_key(&name);
        let number = number_col
            .map(|c| criterion_number(&grid.text(r, c)))
            .unwrap_or_default();
        if key.starts_with("tong") {
            total_row.get_or_insert(r);
            continue;
        }
        if is_summary(&key)
            || key.starts_with("chi so")
            || key.starts_with("xep hang")
            || key.starts_with("xep loai")
        {
            continue;
        }
        if let Some(f) = field_heading(&name, &number, has_value(r)) {
            field = Some(f);
            continue;
        }
        // A parent whose parts follow ("1" before "1.1") is not a scored criterion.
        let parent = !number.is_empty()
            && rows.get(i + 1).is_some_and(|&n| {
                number_col.is_some_and(|c| {
                    criterion_number(&grid.text(n, c)).starts_with(&format!("{number}."))
                })
            });
        if parent {
            continue;
        }
        let (label, max) = split_max(&name);
        let max_cell = ScoreCell {
            value: grid.cell(r, max_col).value.clone(),
            cell: a1(r, max_col),
        };
        let survey = names_survey(&name)
            || field.as_deref().is_some_and(names_survey)
            || agencies
                .iter()
                .all(|(_, s)| s[0].is_none() && s[1].is_none());
        criteria.push(CriterionHead {
            field: field.clone(),
            name: label,
            max,
            max_cell: (!is_blank(&max_cell.value)).then_some(max_cell),
            cell: a1(r, name_col),
            survey,
        });
        criterion_rows.push(r);
    }
    if criteria.is_empty() {
        return None;
    }
    let cell_at = |r: u32, c: Option<u32>| {
        c.map(|c| ScoreCell {
            value: grid.cell(r, c).value.clone(),
            cell: a1(r, c),
        })
    };
    let agencies = agencies
        .into_iter()
        .map(|((name, cell), s)| AgencyRaw {
            agency: name,
            agency_cell: cell,
            scores: criterion_rows
                .iter()
                .map(|&r| ScoreCells {
                    own: cell_at(r, s[0]),
                    appraised: cell_at(r, s[1]),
                    survey: cell_at(r, s[2]),
                })
                .collect(),
            total: total_row.and_then(|r| cell_at(r, s[1].or(s[2]))),
        })
        .collect();
    Some(ScoreSheet {
        name: grid.name.clone(),
        criteria,
        agencies,
    })
}

/// A lĩnh vực row's name: numbered with a roman numeral (in the number column or in
/// front of its name), or unnumbered and without scores; `None` for a criterion.
fn field_heading(name: &str, number: &str, has_value: bool) -> Option<String> {
    let roman_name = name
        .split(['.', ' ', '-'])
        .next()
        .is_some_and(|w| crate::text::roman_to_int(w).is_some());
    let text = if crate::text::roman_to_int(number).is_some() {
        name
    } else if number.is_empty() && (roman_name || !has_value) {
        name.trim_start_matches(|c: char| roman_name && "IVXLivxl".contains(c))
            .trim_start_matches(['.', '-', ' '])
    } else {
        return None;
    };
    Some(split_max(text).0)
}

/// An agency's label (text, cell) and its columns by score kind.
type AgencyColumns = ((String, String), [Option<u32>; 3]);

/// The agencies of the header, in order, each with its columns by kind: an agency
/// merged (or repeated) over adjacent columns of different kinds is one agency.
fn agency_columns(
    grid: &Grid,
    header: u32,
    end: u32,
    taken: &[u32],
    number_col: Option<u32>,
) -> Vec<AgencyColumns> {
    // Agency columns: each with its label and score kind.
    struct AgencyCol {
        name: (String, String),
        kind: ScoreKind,
        col: u32,
    }
    let mut agency_cols: Vec<AgencyCol> = Vec::new();
    for c in 0..grid.end_col() {
        if taken.contains(&c) || Some(c) == number_col {
            continue;
        }
        let ls = labels(grid, header, end, c);
        let Some((top, _)) = ls.first() else { continue };
        if matches!(
            role(top),
            Some(Role::Ignored | Role::Total | Role::Number | Role::Code)
        ) {
            continue;
        }
        let kind = ls
            .last()
            .and_then(|(l, _)| score_kind(l))
            .filter(|_| ls.len() > 1);
        let names = match kind {
            Some(_) => &ls[..ls.len() - 1],
            None => &ls[..],
        };
        let Some(name) = names.last().cloned() else {
            continue;
        };
        if matches!(role(&name.0), Some(Role::Ignored | Role::Total)) {
            continue;
        }
        agency_cols.push(AgencyCol {
            name,
            kind: kind.unwrap_or(ScoreKind::Appraised),
            col: c,
        });
    }
    // The agencies, each with its columns by kind, in order.
    let mut agencies: Vec<((String, String), [Option<u32>; 3])> = Vec::new();
    for a in &agency_cols {
        let slot = a.kind as usize;
        match agencies.last_mut() {
            // The same agency in the column just before, that kind not yet taken.
            Some((n, s))
                if n.0 == a.name.0
                    && s[slot].is_none()
                    && s.iter().flatten().max().is_some_and(|&m| m + 1 == a.col) =>
            {
                s[slot] = Some(a.col)
            }
            _ => {
                let mut s = [None; 3];
                s[slot] = Some(a.col);
                agencies.push((a.name.clone(), s));
            }
        }
    }
    agencies
}
