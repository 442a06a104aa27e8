//! Charts in a DOCX: the picture the PDF writer's Typst function drew from the same
//! description, or — when no picture was drawn — the bars as a table of labels and
//! values, so no figure is lost.

use super::parts::{Ctx, Item};
use crate::doc::{Align, Row, Table};
use docx_rs::{AlignmentType, Paragraph, Run};

/// A chart and its picture: PNG bytes and the size it is drawn at, in points.
#[derive(Debug, Clone)]
pub struct ChartImage {
    pub chart: crate::doc::BarChart,
    pub png: Vec<u8>,
    pub width_pt: f64,
    pub height_pt: f64,
}

/// The chart's picture, centred; without one (no PDF writer at hand) its bars as a
/// two-column table of labels and values, so no figure is lost.
pub(super) fn chart_items(c: &crate::doc::BarChart, ctx: &Ctx, out: &mut Vec<Item>) {
    const EMU_PER_PT: f64 = 12700.0;
    match ctx.charts.iter().position(|i| i.chart == *c) {
        Some(n) => {
            let img = &ctx.charts[n];
            let pic = docx_rs::Pic::new_with_dimensions(img.png.clone(), 1, 1)
                .id(format!("rIdChart{}", n + 1))
                .size(
                    (img.width_pt * EMU_PER_PT) as u32,
                    (img.height_pt * EMU_PER_PT) as u32,
                );
            out.push(Item::P(
                Paragraph::new()
                    .style(ctx.style.roles.table_cell.style_id)
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_image(pic)),
            ));
        }
        None => {
            let table = Table {
                columns: vec![
                    crate::doc::Column::new("", 3.0, Align::Left),
                    crate::doc::Column::new("", 1.0, Align::Center),
                ],
                rows: c
                    .bars
                    .iter()
                    .map(|b| Row::Cells {
                        cells: vec![b.label.clone(), b.text.clone()],
                    })
                    .collect(),
                text: crate::doc::TableText::Small,
            };
            out.push(Item::T(super::table::data_table(&table, ctx)));
        }
    }
}
