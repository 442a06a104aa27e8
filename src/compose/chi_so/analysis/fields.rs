//! Section II.2: the lĩnh vực.

use super::{Inputs, capital, lower_first, pct, roman};
use crate::doc::{Align, Axis, Bar, BarChart, Block, Column, Row, Table, TableText};
use crate::model::scores::{RankGroup, round2, score_text};

/// The mean sub-index of each lĩnh vực per kind: a table, a sentence per kind, a chart.
pub(super) fn fields_blocks(x: &Inputs) -> Vec<Block> {
    let mut names: Vec<(String, f64)> = Vec::new();
    for g in x.groups {
        for f in &g.fields {
            if !names.iter().any(|(n, _)| *n == f.name) {
                names.push((f.name.clone(), f.max));
            }
        }
    }
    let mean = |g: &RankGroup, field: &str| -> Option<f64> {
        let i = g.fields.iter().position(|f| f.name == field)?;
        let v: Vec<f64> = g.ranking.iter().map(|r| r.fields[i].1).collect();
        (!v.is_empty()).then(|| round2(v.iter().sum::<f64>() / v.len() as f64))
    };
    let mut blocks = Vec::new();
    for g in x.groups {
        let mut by: Vec<(&str, f64)> = g
            .fields
            .iter()
            .filter_map(|f| mean(g, &f.name).map(|m| (f.name.as_str(), m)))
            .collect();
        by.sort_by(|a, b| b.1.total_cmp(&a.1));
        if let (Some(hi), Some(lo)) = (by.first(), by.last()) {
            blocks.push(Block::Paragraph {
                text: format!(
                    "{} đạt cao nhất ở lĩnh vực {} (bình quân {}), thấp nhất ở lĩnh vực {} (bình quân {}).",
                    capital(g.kind.words()),
                    lower_first(hi.0),
                    pct(hi.1),
                    lower_first(lo.0),
                    pct(lo.1)
                ),
            });
        }
    }
    let mut columns = vec![
        Column::new("STT", 3.0, Align::Center),
        Column::new("Lĩnh vực", 22.0, Align::Left),
    ];
    for g in x.groups {
        columns.push(Column::new(
            format!("Chỉ số thành phần bình quân của {} (%)", g.kind.words()),
            9.0,
            Align::Center,
        ));
    }
    let rows = names
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let mut cells = vec![roman(i + 1), name.clone()];
            for g in x.groups {
                cells.push(mean(g, name).map(score_text).unwrap_or_else(|| "—".into()));
            }
            Row::Cells { cells }
        })
        .collect();
    blocks.push(Block::Table(Table {
        columns,
        rows,
        text: TableText::Compact,
    }));
    // All agencies together, one bar per lĩnh vực, labelled by its number in the table
    // above (a lĩnh vực's full name would leave the bars no room on a portrait page).
    let bars = names
        .iter()
        .enumerate()
        .filter_map(|(i, (name, _))| {
            let v: Vec<f64> = x
                .groups
                .iter()
                .flat_map(|g| {
                    let i = g.fields.iter().position(|f| f.name == *name);
                    g.ranking
                        .iter()
                        .filter_map(move |r| i.map(|i| r.fields[i].1))
                })
                .collect();
            (!v.is_empty()).then(|| {
                let m = round2(v.iter().sum::<f64>() / v.len() as f64);
                Bar {
                    label: format!("Lĩnh vực {}", roman(i + 1)),
                    value: m,
                    text: score_text(m),
                }
            })
        })
        .collect();
    blocks.push(Block::Chart(BarChart {
        title: "Chỉ số thành phần bình quân theo lĩnh vực của các cơ quan, đơn vị (lĩnh vực theo số thứ tự của bảng trên)".into(),
        max: 100.0,
        bars,
        axis: Some(Axis {
            step: 10.0,
            caption: "Tỷ lệ điểm đạt được so với điểm tối đa (%)".into(),
            ticks: (0..=10).map(|i| (i * 10).to_string()).collect(),
        }),
        lines: Vec::new(),
    }));
    blocks
}
