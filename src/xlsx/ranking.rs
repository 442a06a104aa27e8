//! The ranking workbook of `vanban chi-so -o`: one sheet per kind of agency (rank,
//! agency, sub-indices, self/appraised/survey points, index, band, change since last
//! year) with a native Excel bar chart of the indexes. Read back by `--previous`.

use crate::model::scores::{RankGroup, RankKind};
use rust_xlsxwriter::{Chart, ChartType, FormatAlign, FormatBorder, Workbook, XlsxError};

pub fn ranking_workbook(groups: &[RankGroup]) -> Result<Vec<u8>, XlsxError> {
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
    let signed = cell.clone().set_num_format("+0;-0;0");
    let signed_num = cell.clone().set_num_format("+0.00;-0.00;0.00");
    for g in groups {
        let ws = book.add_worksheet();
        let (name, title) = match g.kind {
            RankKind::Department => ("Sở, ban, ngành", "Chỉ số CCHC — các sở, ban, ngành"),
            RankKind::District => (
                "Quận, huyện",
                "Chỉ số CCHC — Ủy ban nhân dân các quận, huyện",
            ),
        };
        ws.set_name(name)?;
        let mut headers = vec!["Xếp hạng".to_string(), "Cơ quan, đơn vị".to_string()];
        headers.extend(g.fields.iter().map(|f| format!("{} (%)", f.name)));
        let first_total = headers.len() as u16;
        headers.extend(
            [
                "Điểm tự đánh giá",
                "Điểm thẩm định",
                "Điểm điều tra xã hội học",
                "Tổng điểm",
                "Điểm tối đa",
                "Chỉ số CCHC (%)",
                "Xếp loại",
                "Tăng (+), giảm (-) thứ hạng",
                "Tăng (+), giảm (-) Chỉ số",
            ]
            .map(String::from),
        );
        for (c, h) in headers.iter().enumerate() {
            ws.write_with_format(0, c as u16, h, &head)?;
        }
        let index_col = first_total + 5;
        for (i, r) in g.ranking.iter().enumerate() {
            let row = 1 + i as u32;
            ws.write_with_format(row, 0, r.rank as u32, &cell)?;
            ws.write_with_format(row, 1, &r.name, &cell)?;
            for (j, (_, v)) in r.fields.iter().enumerate() {
                ws.write_with_format(row, 2 + j as u16, *v, &num)?;
            }
            let c = first_total;
            match r.own {
                Some(v) => ws.write_with_format(row, c, v, &num)?,
                None => ws.write_with_format(row, c, "", &cell)?,
            };
            ws.write_with_format(row, c + 1, r.appraised, &num)?;
            ws.write_with_format(row, c + 2, r.survey, &num)?;
            ws.write_with_format(row, c + 3, r.total, &num)?;
            ws.write_with_format(row, c + 4, r.max, &num)?;
            ws.write_with_format(row, index_col, r.index, &num)?;
            ws.write_with_format(row, c + 6, r.band.as_deref().unwrap_or(""), &cell)?;
            match r.rank_change {
                Some(v) => ws.write_with_format(row, c + 7, v as f64, &signed)?,
                None => ws.write_with_format(row, c + 7, "", &cell)?,
            };
            match r.index_change {
                Some(v) => ws.write_with_format(row, c + 8, v, &signed_num)?,
                None => ws.write_with_format(row, c + 8, "", &cell)?,
            };
        }
        ws.set_column_width(0, 8)?;
        ws.set_column_width(1, 38)?;
        for c in 2..headers.len() as u16 {
            ws.set_column_width(c, 12)?;
        }
        ws.set_row_height(0, 80)?;
        ws.set_freeze_panes(1, 2)?;
        let last = g.ranking.len() as u32;
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_categories((name, 1, 1, last, 1))
            .set_values((name, 1, index_col, last, index_col))
            .set_name("Chỉ số CCHC (%)");
        chart.title().set_name(title);
        chart.legend().set_hidden();
        chart.x_axis().set_min(0.0).set_max(100.0);
        // First rank at the top, as in the decision's chart.
        chart.y_axis().set_reverse();
        chart.set_width(720).set_height(24 * last.max(8) + 80);
        ws.insert_chart(last + 3, 1, &chart)?;
    }
    book.save_to_buffer()
}
