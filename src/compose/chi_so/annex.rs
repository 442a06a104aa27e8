//! The Chỉ số CCHC annexes: the ranking of the departments or the districts as a table
//! (rank, agency, sub-index per lĩnh vực, index, band, change since last year), the
//! bands stated under it, and a bar chart of the indexes with its value axis, the
//! group's average and the bands' thresholds. Figures are printed the Vietnamese way
//! with two decimals ("86,52").

use crate::doc::{Align, Axis, Bar, BarChart, Block, Column, RefLine, Row, Table, TableText};
use crate::model::scores::{
    RankGroup, ScoreSettings, percent_text, score_text, signed_score_text, signed_text,
};

/// Whether the ranking carries last year's comparison.
fn compared(group: &RankGroup) -> bool {
    group.ranking.iter().any(|r| r.rank_change.is_some())
}

/// The ranking table.
pub fn ranking_table(group: &RankGroup) -> Table {
    let banded = group.ranking.iter().any(|r| r.band.is_some());
    let compared = compared(group);
    let mut columns = vec![
        Column::new("Xếp hạng", 5.0, Align::Center),
        Column::new("Cơ quan, đơn vị", 18.0, Align::Left),
    ];
    for f in &group.fields {
        columns.push(Column::new(format!("{} (%)", f.name), 8.0, Align::Center));
    }
    columns.push(Column::new("Chỉ số CCHC (%)", 6.0, Align::Center));
    if banded {
        columns.push(Column::new("Xếp loại", 7.0, Align::Center));
    }
    if compared {
        columns.push(Column::new(
            "Tăng (+), giảm (-) thứ hạng",
            6.0,
            Align::Center,
        ));
        columns.push(Column::new("Tăng (+), giảm (-) Chỉ số", 6.0, Align::Center));
    }
    let rows = group
        .ranking
        .iter()
        .map(|r| {
            let mut cells = vec![r.rank.to_string(), r.name.clone()];
            cells.extend(r.fields.iter().map(|(_, v)| score_text(*v)));
            cells.push(score_text(r.index));
            if banded {
                cells.push(r.band.clone().unwrap_or_else(|| "—".into()));
            }
            if compared {
                // An agency not ranked last year has nothing to compare.
                cells.push(r.rank_change.map(signed_text).unwrap_or_else(|| "—".into()));
                cells.push(
                    r.index_change
                        .map(signed_score_text)
                        .unwrap_or_else(|| "—".into()),
                );
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
    // the ranking annexes take.
    table.fit_column(1, true, 0.3);
    if banded {
        // "Trung bình" on one line too.
        let i = 3 + group.fields.len();
        table.fit_column(i, true, 0.1);
    }
    table
}

/// The indexes as a horizontal bar chart in ranking order, on the scale 0–100 %, with
/// its axis, the group's average and the bands' thresholds.
pub fn ranking_chart(group: &RankGroup, settings: &ScoreSettings, title: &str) -> BarChart {
    let mut lines = vec![RefLine {
        value: group.average,
        label: format!("Bình quân {}", percent_text(group.average)),
        emphasis: true,
    }];
    for b in settings.bands_descending() {
        if b.min > 0.0 && b.min < 100.0 {
            lines.push(RefLine {
                value: b.min,
                label: format!("{} {}", b.name, percent_text(b.min)),
                emphasis: false,
            });
        }
    }
    BarChart {
        title: title.to_string(),
        max: 100.0,
        bars: group
            .ranking
            .iter()
            .map(|r| Bar {
                label: format!("{}. {}", r.rank, r.name),
                value: r.index,
                text: score_text(r.index),
            })
            .collect(),
        axis: Some(Axis {
            step: 10.0,
            caption: "Chỉ số CCHC (%)".into(),
            ticks: (0..=10).map(|i| (i * 10).to_string()).collect(),
        }),
        lines,
    }
}

/// The annex body: the table, the bands and the comparison explained under it, then the
/// chart.
pub fn ranking_blocks(
    group: &RankGroup,
    settings: &ScoreSettings,
    chart_title: &str,
) -> Vec<Block> {
    let mut blocks = vec![Block::Table(ranking_table(group))];
    let mut notes = Vec::new();
    if let Some(bands) = settings.bands_sentence() {
        notes.push(format!("Xếp loại theo Chỉ số CCHC: {bands}"));
    }
    if compared(group) {
        let mut s = "Tăng (+), giảm (-) thứ hạng và Chỉ số so với kết quả năm trước".to_string();
        if group.ranking.iter().any(|r| r.rank_change.is_none()) {
            s.push_str("; “—”: năm trước chưa xác định Chỉ số");
        }
        notes.push(format!("{s}."));
    }
    blocks.push(Block::Note {
        text: format!("Ghi chú: {}", notes.join(" ")),
    });
    blocks.push(Block::Chart(ranking_chart(group, settings, chart_title)));
    blocks
}
