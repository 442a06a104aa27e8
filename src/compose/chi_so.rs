//! The Chỉ số CCHC annexes: a ranking table and a bar chart of the totals for the
//! departments or the districts, from a checked ranking. Scores are printed the
//! Vietnamese way with two decimals ("86,52").

use crate::doc::{Align, Bar, BarChart, Block, Column, Row, Table, TableText};
use crate::model::scores::{RankGroup, ScoreField, score_text};

/// The ranking table: rank, agency, each field's score, total, band (when bands are set).
pub fn ranking_table(group: &RankGroup, fields: &[ScoreField]) -> Table {
    let banded = group.ranking.iter().any(|r| r.band.is_some());
    let mut columns = vec![
        Column::new("Xếp hạng", 5.0, Align::Center),
        Column::new("Cơ quan, đơn vị", 18.0, Align::Left),
    ];
    for f in fields {
        columns.push(Column::new(
            format!(
                "{} ({} điểm)",
                f.name,
                score_text(f.max).trim_end_matches(",00")
            ),
            8.0,
            Align::Center,
        ));
    }
    let total_max: f64 = fields.iter().map(|f| f.max).sum();
    columns.push(Column::new(
        format!(
            "Tổng điểm ({} điểm)",
            score_text(total_max).trim_end_matches(",00")
        ),
        7.0,
        Align::Center,
    ));
    if banded {
        columns.push(Column::new("Xếp loại", 7.0, Align::Center));
    }
    let rows = group
        .ranking
        .iter()
        .map(|r| {
            let mut cells = vec![r.rank.to_string(), r.name.clone()];
            cells.extend(r.fields.iter().map(|(_, v)| score_text(*v)));
            cells.push(score_text(r.total));
            if banded {
                cells.push(r.band.clone().unwrap_or_else(|| "—".into()));
            }
            Row::Cells { cells }
        })
        .collect();
    let mut table = Table {
        columns,
        rows,
        text: TableText::Smallest,
    };
    // Names on one line ("Ban Quản lý Khu kinh tế Hải Phòng"), on the landscape page
    // the ranking annexes take (a portrait annex may still wrap a long name).
    table.fit_column(1, true, 0.3);
    if banded {
        // "Trung bình" on one line too.
        let last = table.columns.len() - 1;
        table.fit_column(last, true, 0.1);
    }
    table
}

/// The totals as a horizontal bar chart, in ranking order, on the index's full scale.
pub fn ranking_chart(group: &RankGroup, fields: &[ScoreField], title: &str) -> BarChart {
    BarChart {
        title: title.to_string(),
        max: fields.iter().map(|f| f.max).sum(),
        bars: group
            .ranking
            .iter()
            .map(|r| Bar {
                label: format!("{}. {}", r.rank, r.name),
                value: r.total,
                text: score_text(r.total),
            })
            .collect(),
    }
}

/// The annex body: the table, then the chart.
pub fn ranking_blocks(group: &RankGroup, fields: &[ScoreField], chart_title: &str) -> Vec<Block> {
    vec![
        Block::Table(ranking_table(group, fields)),
        Block::Chart(ranking_chart(group, fields, chart_title)),
    ]
}
