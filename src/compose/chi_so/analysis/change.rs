//! Section II.5: the change since last year.

use super::{Inputs, capital, last_index};
use crate::doc::{Align, Block, Column, Row, Table, TableText};
use crate::model::scores::{score_text, signed_score_text};

/// The largest gains and falls since last year, per kind.
pub(super) fn change_blocks(x: &Inputs, py: i32, top: usize) -> Vec<Block> {
    let year = x.spec.index_year;
    let mut blocks = Vec::new();
    let mut rows = Vec::new();
    for g in x.groups {
        let mut moved: Vec<&crate::model::scores::Ranked> = g
            .ranking
            .iter()
            .filter(|r| r.index_change.is_some())
            .collect();
        if moved.is_empty() {
            continue;
        }
        moved.sort_by(|a, b| {
            b.index_change
                .unwrap_or(0.0)
                .total_cmp(&a.index_change.unwrap_or(0.0))
        });
        let n = top.min(3).min(moved.len() / 2).max(1);
        let describe = |r: &crate::model::scores::Ranked| {
            let k = r.rank_change.unwrap_or(0);
            let from = r.rank as i64 + k;
            let rank = if k > 0 {
                format!("tăng {k} bậc, từ hạng {from} lên hạng {}", r.rank)
            } else if k < 0 {
                format!("giảm {} bậc, từ hạng {from} xuống hạng {}", -k, r.rank)
            } else {
                format!("giữ hạng {}", r.rank)
            };
            let c = r.index_change.unwrap_or(0.0);
            let index = if c >= 0.0 {
                format!("Chỉ số tăng {} điểm phần trăm", score_text(c))
            } else {
                format!("Chỉ số giảm {} điểm phần trăm", score_text(-c))
            };
            format!("{} ({rank}; {index})", r.name)
        };
        let gains: Vec<String> = moved
            .iter()
            .take(n)
            .filter(|r| r.index_change.is_some_and(|c| c > 0.0))
            .map(|r| describe(r))
            .collect();
        let falls: Vec<String> = moved
            .iter()
            .rev()
            .take(n)
            .filter(|r| r.index_change.is_some_and(|c| c < 0.0))
            .map(|r| describe(r))
            .collect();
        let mut s = format!("{}: ", capital(g.kind.words()));
        if !gains.is_empty() {
            s.push_str(&format!("tăng nhiều nhất là {}", gains.join("; ")));
        }
        if !falls.is_empty() {
            if !gains.is_empty() {
                s.push_str("; ");
            }
            s.push_str(&format!("giảm nhiều nhất là {}", falls.join("; ")));
        }
        s.push('.');
        blocks.push(Block::Paragraph { text: s });
        for r in moved
            .iter()
            .take(n)
            .filter(|r| r.index_change.is_some_and(|c| c > 0.0))
            .chain(
                moved
                    .iter()
                    .rev()
                    .take(n)
                    .filter(|r| r.index_change.is_some_and(|c| c < 0.0)),
            )
        {
            let k = r.rank_change.unwrap_or(0);
            rows.push(Row::Cells {
                cells: vec![
                    (rows.len() + 1).to_string(),
                    r.name.clone(),
                    (r.rank as i64 + k).to_string(),
                    r.rank.to_string(),
                    last_index(r).map(score_text).unwrap_or_default(),
                    score_text(r.index),
                    signed_score_text(r.index_change.unwrap_or(0.0)),
                ],
            });
        }
    }
    if !rows.is_empty() {
        let mut table = Table {
            columns: vec![
                Column::new("STT", 3.0, Align::Center),
                Column::new("Cơ quan, đơn vị", 18.0, Align::Left),
                Column::new(format!("Xếp hạng năm {py}"), 5.0, Align::Center),
                Column::new(format!("Xếp hạng năm {year}"), 5.0, Align::Center),
                Column::new(format!("Chỉ số năm {py} (%)"), 5.0, Align::Center),
                Column::new(format!("Chỉ số năm {year} (%)"), 5.0, Align::Center),
                Column::new("Tăng (+), giảm (-) (điểm phần trăm)", 6.0, Align::Center),
            ],
            rows,
            text: TableText::Compact,
        };
        // Names on one line.
        table.fit_column(1, false, 0.45);
        blocks.push(Block::Table(table));
    }
    blocks
}
