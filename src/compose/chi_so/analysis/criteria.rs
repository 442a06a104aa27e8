//! Sections II.3 and II.4: the criteria, and self against appraised scores.

use super::{Inputs, count, pct};
use crate::doc::{Align, Block, Column, Row, Table, TableText};
use crate::model::scores::{Criterion, ScoreTable, percent_text, round2, score_text};

/// A criterion's rate over every agency it applies to: points / maxima × 100, and how
/// many agencies reached less than half of it.
struct Rate<'t> {
    criterion: &'t Criterion,
    rate: f64,
    below_half: usize,
}

fn rates(table: &ScoreTable) -> Vec<Rate<'_>> {
    table
        .criteria
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let got: Vec<f64> = table
                .agencies
                .iter()
                .filter_map(|a| a.scores[i].map(|s| s.points()))
                .collect();
            (!got.is_empty()).then(|| Rate {
                criterion: c,
                rate: round2(got.iter().sum::<f64>() / (c.max * got.len() as f64) * 100.0),
                below_half: got.iter().filter(|p| **p < c.max / 2.0).count(),
            })
        })
        .collect()
}

/// The strongest and the weakest criteria across agencies.
pub(super) fn criteria_blocks(x: &Inputs, top: usize) -> Vec<Block> {
    let mut all = rates(x.table);
    all.sort_by(|a, b| b.rate.total_cmp(&a.rate));
    let n = top.min(all.len() / 2).max(1);
    let named = |r: &Rate| format!("“{}” ({})", r.criterion.name, pct(r.rate));
    let strong: Vec<String> = all.iter().take(n).map(named).collect();
    let weak: Vec<&Rate> = all.iter().rev().take(n).collect();
    let mut blocks = vec![
        Block::Paragraph {
            text: format!(
                "Các tiêu chí có tỷ lệ điểm đạt bình quân cao nhất (tính trên tất cả cơ quan được đánh giá): {}.",
                strong.join("; ")
            ),
        },
        Block::Paragraph {
            text: format!(
                "Các tiêu chí có tỷ lệ điểm đạt bình quân thấp nhất, là những nội dung các cơ quan, đơn vị cần tập trung khắc phục: {}.",
                weak.iter().map(|r| named(r)).collect::<Vec<_>>().join("; ")
            ),
        },
    ];
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("STT", 3.0, Align::Center),
            Column::new("Tiêu chí", 20.0, Align::Left),
            Column::new("Lĩnh vực", 12.0, Align::Left),
            Column::new("Điểm tối đa", 5.0, Align::Center),
            Column::new("Tỷ lệ điểm đạt bình quân (%)", 6.0, Align::Center),
            Column::new("Số cơ quan đạt dưới 50% điểm tối đa", 6.0, Align::Center),
        ],
        rows: weak
            .iter()
            .enumerate()
            .map(|(i, r)| Row::Cells {
                cells: vec![
                    (i + 1).to_string(),
                    r.criterion.name.clone(),
                    r.criterion.field.clone(),
                    score_text(r.criterion.max),
                    score_text(r.rate),
                    r.below_half.to_string(),
                ],
            })
            .collect(),
        text: TableText::Compact,
    }));
    blocks
}

/// Self against appraised scores: how many agencies over-assessed, the mean gap, the
/// agencies furthest apart, and the cases above the council's threshold.
pub(super) fn gap_blocks(x: &Inputs, top: usize) -> Vec<Block> {
    // Per agency, over the criteria it assessed itself.
    let mut agencies: Vec<(&str, f64, f64)> = x
        .table
        .agencies
        .iter()
        .filter_map(|a| {
            let pairs: Vec<(f64, f64)> = a
                .scores
                .iter()
                .flatten()
                .filter_map(|s| s.own.map(|o| (o, s.appraised)))
                .collect();
            (!pairs.is_empty()).then(|| {
                (
                    a.name.as_str(),
                    round2(pairs.iter().map(|p| p.0).sum()),
                    round2(pairs.iter().map(|p| p.1).sum()),
                )
            })
        })
        .collect();
    if agencies.is_empty() {
        return vec![Block::Paragraph {
            text: "Bảng điểm không có điểm tự đánh giá của các cơ quan, đơn vị nên không so sánh được với điểm thẩm định.".into(),
        }];
    }
    let mean = round2(agencies.iter().map(|a| a.1 - a.2).sum::<f64>() / agencies.len() as f64);
    let higher = agencies.iter().filter(|a| a.1 - a.2 > 0.005).count();
    agencies.sort_by(|a, b| (b.1 - b.2).total_cmp(&(a.1 - a.2)));
    let widest: Vec<&(&str, f64, f64)> = agencies.iter().take(top).collect();
    let threshold = x.settings.self_gap();
    let far: Vec<String> = x
        .table
        .agencies
        .iter()
        .flat_map(|a| {
            x.table
                .criteria
                .iter()
                .zip(&a.scores)
                .filter_map(move |(c, s)| {
                    let s = s.as_ref()?;
                    let o = s.own?;
                    (o - s.appraised > c.max * threshold / 100.0 + 1e-9).then(|| {
                        format!(
                            "{}, tiêu chí “{}” (tự đánh giá {}, thẩm định {} trên {} điểm)",
                            a.name,
                            c.name,
                            score_text(o),
                            score_text(s.appraised),
                            score_text(c.max)
                        )
                    })
                })
        })
        .collect();
    let mut blocks = vec![Block::Paragraph {
        text: format!(
            "{} trên {} cơ quan, đơn vị tự đánh giá cao hơn kết quả thẩm định; bình quân điểm tự đánh giá cao hơn điểm thẩm định {} điểm (tính trên các tiêu chí cơ quan tự đánh giá, không gồm điểm điều tra xã hội học). Chênh lệch lớn nhất: {}.",
            count(higher),
            count(agencies.len()),
            score_text(mean),
            widest
                .iter()
                .map(|a| format!("{} ({} điểm)", a.0, score_text(a.1 - a.2)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }];
    if !far.is_empty() {
        blocks.push(Block::Paragraph {
            text: format!(
                "Có {} trường hợp điểm tự đánh giá một tiêu chí cao hơn điểm thẩm định trên {} điểm tối đa của tiêu chí, đề nghị các cơ quan rút kinh nghiệm trong việc tự đánh giá: {}.",
                count(far.len()),
                percent_text(threshold),
                far.join("; ")
            ),
        });
    }
    let mut table = Table {
        columns: vec![
            Column::new("STT", 3.0, Align::Center),
            Column::new("Cơ quan, đơn vị", 20.0, Align::Left),
            Column::new("Điểm tự đánh giá", 6.0, Align::Center),
            Column::new("Điểm thẩm định", 6.0, Align::Center),
            Column::new("Chênh lệch (điểm)", 6.0, Align::Center),
        ],
        rows: widest
            .iter()
            .enumerate()
            .map(|(i, a)| Row::Cells {
                cells: vec![
                    (i + 1).to_string(),
                    a.0.to_string(),
                    score_text(a.1),
                    score_text(a.2),
                    score_text(a.1 - a.2),
                ],
            })
            .collect(),
        text: TableText::Compact,
    };
    // Names on one line.
    table.fit_column(1, false, 0.5);
    blocks.push(Block::Table(table));
    blocks
}
