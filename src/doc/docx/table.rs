//! A data table of the document model as a Word table: fixed grid from the columns'
//! relative widths, a header row that repeats and never splits, group rows spanning the
//! table, short rows kept on one page.

use super::HEADER_ROW_MARK;
use super::parts::{Ctx, cell, line};
use crate::doc::style::{Align as RoleAlign, Role, pt_to_twips};
use crate::doc::{Align, Row, Table};
use docx_rs::{Table as DTable, TableLayoutType, TableRow, VAlignType, WidthType};

pub(super) fn data_table(t: &Table, ctx: &Ctx) -> DTable {
    let st = ctx.style;
    let size = st.table_pt(t.text);
    let sized = |role: &Role| Role {
        size_pt: size,
        ..*role
    };
    let (header, cell_role, group, subgroup) = (
        sized(&st.roles.table_header),
        sized(&st.roles.table_cell),
        sized(&st.roles.table_group),
        sized(&st.roles.table_subgroup),
    );
    let total: f64 = t.columns.iter().map(|c| c.width).sum::<f64>().max(1.0);
    let widths: Vec<usize> = t
        .columns
        .iter()
        .map(|c| (c.width / total * ctx.text_width as f64).floor() as usize)
        .collect();
    let mut rows = vec![
        TableRow::new(
            t.columns
                .iter()
                .zip(&widths)
                .map(|(c, w)| {
                    cell(*w as u32, vec![line(&c.title, &header)])
                        .vertical_align(VAlignType::Center)
                })
                .collect(),
        )
        .row_height(HEADER_ROW_MARK)
        .height_rule(docx_rs::HeightRule::AtLeast)
        .cant_split(),
    ];
    let full: usize = widths.iter().sum();
    let spanning = |text: &str, role: &Role| {
        TableRow::new(vec![
            cell(full as u32, vec![line(text, role)]).grid_span(widths.len()),
        ])
    };
    for r in &t.rows {
        let row = match r {
            Row::Cells { cells } => TableRow::new(
                t.columns
                    .iter()
                    .zip(&widths)
                    .enumerate()
                    .map(|(i, (c, w))| {
                        let text = cells.get(i).map(String::as_str).unwrap_or("");
                        let role = match c.align {
                            Align::Center => Role {
                                align: RoleAlign::Center,
                                ..cell_role
                            },
                            Align::Left => cell_role,
                        };
                        cell(*w as u32, vec![line(text, &role)])
                    })
                    .collect(),
            ),
            Row::Group { text } => spanning(text, &group),
            Row::Subgroup { text } => spanning(text, &subgroup),
        };
        let long = match r {
            Row::Cells { cells } => {
                cells.iter().map(|c| c.chars().count()).sum::<usize>() > st.row_split_chars
            }
            _ => false,
        };
        rows.push(if long { row } else { row.cant_split() });
    }
    let (x, y) = (
        pt_to_twips(st.table.inset_x_pt) as usize,
        pt_to_twips(st.table.inset_y_pt) as usize,
    );
    DTable::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(full, WidthType::Dxa)
        .margins(docx_rs::TableCellMargins::new().margin(y, x, y, x))
}
