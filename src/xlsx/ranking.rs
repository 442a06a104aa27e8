//! The ranking workbook of `vanban chi-so -o`: one sheet per kind of agency (rank,
//! agency, each field's score, total, band) with a native Excel bar chart of the totals.

use crate::model::scores::{RankGroup, RankKind, ScoreField};
use rust_xlsxwriter::{Chart, ChartType, FormatAlign, FormatBorder, Workbook, XlsxError};

pub fn ranking_workbook(groups: &[RankGroup], fields: &[ScoreField]) -> Result<Vec<u8>, XlsxError> {
    use super::styles::{base, boxed, header, properties};
    let mut book = Workbook::new();
    book.set_properties(&properties(
        "Xếp hạng Chỉ số cải cách hành chính",
        (2000, 1, 1),
    )?);
    let base = base();
    let head = header(&boxed(&base))
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let cell = base.clone().set_border(FormatBorder::Thin);
    let num = cell.clone().set_num_format("0.00");
    for g in groups {
        let ws = book.add_worksheet();
        let (name, title) = match g.kind {
            RankKind::Department => ("Sở, ban, ngành", "Tổng điểm — các sở, ban, ngành"),
            RankKind::District => ("Quận, huyện", "Tổng điểm — Ủy ban nhân dân các quận, huyện"),
        };
        ws.set_name(name)?;
        let mut headers = vec!["Xếp hạng".to_string(), "Cơ quan, đơn vị".to_string()];
        headers.extend(
            fields
                .iter()
                .map(|f| format!("{} ({} điểm)", f.name, f.max)),
        );
        headers.push("Tổng điểm".into());
        headers.push("Xếp loại".into());
        for (c, h) in headers.iter().enumerate() {
            ws.write_with_format(0, c as u16, h, &head)?;
        }
        let total_col = 2 + fields.len() as u16;
        for (i, r) in g.ranking.iter().enumerate() {
            let row = 1 + i as u32;
            ws.write_with_format(row, 0, r.rank as u32, &cell)?;
            ws.write_with_format(row, 1, &r.name, &cell)?;
            for (j, (_, v)) in r.fields.iter().enumerate() {
                ws.write_with_format(row, 2 + j as u16, *v, &num)?;
            }
            ws.write_with_format(row, total_col, r.total, &num)?;
            ws.write_with_format(row, total_col + 1, r.band.as_deref().unwrap_or(""), &cell)?;
        }
        ws.set_column_width(0, 8)?;
        ws.set_column_width(1, 38)?;
        for c in 2..=total_col + 1 {
            ws.set_column_width(c, 12)?;
        }
        ws.set_row_height(0, 64)?;
        ws.set_freeze_panes(1, 2)?;
        let last = g.ranking.len() as u32;
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_categories((name, 1, 1, last, 1))
            .set_values((name, 1, total_col, last, total_col))
            .set_name("Tổng điểm");
        chart.title().set_name(title);
        chart.legend().set_hidden();
        // First rank at the top, as in the decision's chart.
        chart.y_axis().set_reverse();
        chart.set_width(720).set_height(24 * last.max(8) + 80);
        ws.insert_chart(last + 3, 1, &chart)?;
    }
    book.save_to_buffer()
}
