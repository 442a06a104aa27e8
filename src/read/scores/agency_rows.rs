//! Agencies as rows: a header of one to three rows over the score columns (lĩnh vực,
//! criterion with its maximum, score kind), one row per agency below it.

use super::{
    AgencyRaw, CriterionHead, HEADER_ROWS, Role, ScoreCell, ScoreCells, ScoreKind, ScoreSheet,
    generic_group, header_end, is_blank, is_summary, labels, names_survey, numbering_row, role,
    score_kind, split_max,
};
use crate::model::finding::a1;
use crate::read::sheet::Grid;
use crate::text::header_key;

/// A score column of an agency-rows sheet.
struct Column {
    col: u32,
    field: Option<(String, String)>,
    criterion: (String, String),
    kind: Option<ScoreKind>,
}

pub(super) fn read(grid: &Grid) -> Option<ScoreSheet> {
    let last = grid.end_row().min(grid.first_row() + HEADER_ROWS);
    let (header, agency_col) = (grid.first_row()..last).find_map(|r| {
        (0..grid.end_col())
            .find(|&c| role(&grid.text(r, c)) == Some(Role::Agency) && !grid.cell(r, c).merged_copy)
            .map(|c| (r, c))
    })?;
    let end = header_end(grid, header, agency_col);
    let head = columns(grid, header, end, agency_col);
    if head.columns.is_empty() {
        return None;
    }
    let (mut criteria, cols) = criteria(head.columns);
    let code_col = head.code_col;
    let total_col = head.total_col;
    let cell_at = |r: u32, c: Option<u32>| {
        c.map(|c| ScoreCell {
            value: grid.cell(r, c).value.clone(),
            cell: a1(r, c),
        })
    };
    let mut agencies = Vec::new();
    for r in end..grid.end_row() {
        if numbering_row(grid, r) {
            continue;
        }
        let name_col = code_col.filter(|&c| !grid.text(r, c).trim().is_empty());
        let agency = grid
            .text(r, name_col.unwrap_or(agency_col))
            .trim()
            .to_string();
        let label_key = header_key(&grid.text(r, agency_col));
        let scores: Vec<ScoreCells> = cols
            .iter()
            .map(|s| ScoreCells {
                own: cell_at(r, s[0]),
                appraised: cell_at(r, s[1]),
                survey: cell_at(r, s[2]),
            })
            .collect();
        if label_key.starts_with("diem toi da") || label_key == "toi da" {
            for (h, s) in criteria.iter_mut().zip(&scores) {
                h.max_cell = [&s.appraised, &s.survey, &s.own]
                    .into_iter()
                    .flatten()
                    .find(|c| !is_blank(&c.value))
                    .cloned();
            }
            continue;
        }
        let any_value = scores.iter().any(|s| {
            [&s.own, &s.appraised, &s.survey]
                .into_iter()
                .flatten()
                .any(|c| !is_blank(&c.value))
        });
        // Blank rows, headings ("I. Khối sở, ban, ngành"), sums and notes carry no score.
        if agency.is_empty() || !any_value || is_summary(&label_key) {
            continue;
        }
        agencies.push(AgencyRaw {
            agency,
            agency_cell: a1(r, name_col.unwrap_or(agency_col)),
            scores,
            total: cell_at(r, total_col),
        });
    }
    Some(ScoreSheet {
        name: grid.name.clone(),
        criteria,
        agencies,
    })
}

/// The header's columns: the scoring ones with their labels, the code and total ones.
struct Head {
    columns: Vec<Column>,
    code_col: Option<u32>,
    total_col: Option<u32>,
}

fn columns(grid: &Grid, header: u32, end: u32, agency_col: u32) -> Head {
    let mut code_col = None;
    let mut total_col = None;
    let mut columns: Vec<Column> = Vec::new();
    for c in 0..grid.end_col() {
        if c == agency_col {
            continue;
        }
        let ls = labels(grid, header, end, c);
        let Some((top, _)) = ls.first() else { continue };
        let kind = ls
            .last()
            .and_then(|(l, _)| score_kind(l))
            .filter(|_| ls.len() > 1);
        match role(top) {
            Some(Role::Code) => code_col = Some(c),
            Some(Role::Total) => {
                if total_col.is_none() && kind.is_none_or(|k| k == ScoreKind::Appraised) {
                    total_col = Some(c);
                }
            }
            Some(Role::Field | Role::Agency) => {
                let names: Vec<(String, String)> = match kind {
                    Some(_) => ls[..ls.len() - 1].to_vec(),
                    None => ls.clone(),
                };
                let Some(criterion) = names.last().cloned() else {
                    continue;
                };
                let field = (names.len() > 1).then(|| names[names.len() - 2].clone());
                columns.push(Column {
                    col: c,
                    field,
                    criterion,
                    kind,
                });
            }
            _ => {}
        }
    }
    Head {
        columns,
        code_col,
        total_col,
    }
}

/// The criteria of the columns, each with its columns by score kind: consecutive
/// columns under the same criterion are its kinds.
fn criteria(mut columns: Vec<Column>) -> (Vec<CriterionHead>, Vec<[Option<u32>; 3]>) {
    // A lĩnh vực label over every column only groups them.
    let one_group = columns
        .iter()
        .all(|c| c.field.as_ref().map(|f| &f.0) == columns[0].field.as_ref().map(|f| &f.0));
    for c in &mut columns {
        if c.field
            .as_ref()
            .is_some_and(|f| one_group || generic_group(&f.0))
        {
            c.field = None;
        }
    }
    let mut criteria: Vec<CriterionHead> = Vec::new();
    let mut cols: Vec<[Option<u32>; 3]> = Vec::new();
    for c in &columns {
        let (name, max) = split_max(&c.criterion.0);
        let field = c.field.as_ref().map(|f| split_max(&f.0).0);
        let kind = c.kind.unwrap_or(if names_survey(&c.criterion.0) {
            ScoreKind::Survey
        } else {
            ScoreKind::Appraised
        });
        let slot = kind as usize;
        // The same label in the column just before, that kind not yet taken (a
        // criterion merged across its score columns, or repeated over each).
        let same = criteria
            .last()
            .is_some_and(|h| h.name == name && h.field == field)
            && cols.last().is_some_and(|s| {
                s[slot].is_none() && s.iter().flatten().max().is_some_and(|&m| m + 1 == c.col)
            });
        if !same {
            let survey = names_survey(&c.criterion.0)
                || field.as_deref().is_some_and(names_survey)
                || c.kind == Some(ScoreKind::Survey);
            criteria.push(CriterionHead {
                field,
                name,
                max,
                max_cell: None,
                cell: c.criterion.1.clone(),
                survey,
            });
            cols.push([None; 3]);
        }
        cols.last_mut().expect("pushed")[slot] = Some(c.col);
    }
    // A criterion with only a survey column is a survey criterion.
    for (h, s) in criteria.iter_mut().zip(&cols) {
        if s[0].is_none() && s[1].is_none() {
            h.survey = true;
        }
    }
    (criteria, cols)
}
