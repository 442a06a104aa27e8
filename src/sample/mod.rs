//! Sample inputs built reproducibly from committed data.
//!
//! `inputs/danh-muc-2019.xlsx` is the annex of Quyết định 3472/QĐ-UBND (27/12/2018) laid
//! out as the Sở Nội vụ keeps it: title lines, the header row, group rows merged across
//! the table, a bold subgroup row, parent rows above a)/b) items and the row continuing
//! task 34 after a page break. The text is the seed's, typos included ("Chi số",
//! "Cài cách", "của của"), and the groups skip V as the seed does.
//!
//! Regenerate with `cargo run --example make-inputs`; a test rebuilds the workbook and
//! compares it cell by cell with the committed one.

pub mod images;
mod layouts;
pub mod scores;
pub mod submissions;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use std::path::Path;

/// The annex rows: kind, then the cells. Kinds: `G` group, `S` subgroup, `P` parent of
/// sub-items, `T` task or sub-item, `C` continuation of the task above.
pub const SEED_ANNEX_TSV: &str = include_str!("danh-muc-2019.tsv");

/// Name of the catalogue sheet in the sample workbook.
pub const ANNEX_SHEET: &str = "Danh mục";

/// The title lines above the annex table.
pub const ANNEX_TITLE: [&str; 3] = [
    "DANH MỤC",
    "Nhiệm vụ, công việc cụ thể triển khai thực hiện công tác cải cách hành chính nhà nước thành phố Hải Phòng năm 2019",
    "(Ban hành kèm theo Quyết định số 3472/QĐ-UBND ngày 27 tháng 12 năm 2018 của Ủy ban nhân dân thành phố Hải Phòng)",
];

/// The annex's header row, as printed.
pub const ANNEX_HEADER: [&str; 6] = [
    "Stt",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Sản phẩm",
    "Thời gian thực hiện/ hoàn thành",
];

/// An annex laid out for the sample workbooks: its title lines, header, rows and
/// column widths.
struct AnnexLayout<'a> {
    title: &'a [&'a str],
    header: &'a [&'a str],
    tsv: &'a str,
    widths: &'a [f64],
    doc_title: &'a str,
    created: (u16, u8, u8),
}

/// Builds the seed annex workbook in memory.
pub fn seed_annex_workbook() -> Result<Vec<u8>, XlsxError> {
    annex_workbook(&AnnexLayout {
        title: &ANNEX_TITLE,
        header: &ANNEX_HEADER,
        tsv: SEED_ANNEX_TSV,
        widths: &[9.0, 55.0, 22.0, 30.0, 26.0, 24.0],
        doc_title: "Danh mục nhiệm vụ CCHC năm 2019 (QĐ 3472/QĐ-UBND)",
        created: (2018, 12, 27),
    })
}

/// The annex of another plan, of the shape ministries' programmes have (a Government
/// action programme of 2023): tasks numbered from 1 again in each group, other column
/// names ("Nhiệm vụ, đề án, dự án", "Cơ quan chủ trì thực hiện", "Thời gian trình"),
/// extra columns ("Cấp trình", "Ghi chú"), year and year-range deadlines.
pub const PROGRAMME_TSV: &str = include_str!("chuong-trinh-2023.tsv");

/// The title lines of the programme's annex.
pub const PROGRAMME_TITLE: [&str; 3] = [
    "PHỤ LỤC",
    "DANH MỤC NHIỆM VỤ, ĐỀ ÁN, DỰ ÁN THỰC HIỆN CHƯƠNG TRÌNH HÀNH ĐỘNG VỀ CẢI CÁCH HÀNH CHÍNH NĂM 2023",
    "(Kèm theo Nghị quyết số 27/NQ-CP ngày 10 tháng 3 năm 2023 của Chính phủ)",
];

/// The programme annex's header row.
pub const PROGRAMME_HEADER: [&str; 8] = [
    "TT",
    "Nhiệm vụ, đề án, dự án",
    "Cơ quan chủ trì thực hiện",
    "Cơ quan phối hợp thực hiện",
    "Thời gian trình",
    "Cấp trình",
    "Sản phẩm",
    "Ghi chú",
];

/// Builds the programme's annex workbook in memory.
pub fn programme_annex_workbook() -> Result<Vec<u8>, XlsxError> {
    annex_workbook(&AnnexLayout {
        title: &PROGRAMME_TITLE,
        header: &PROGRAMME_HEADER,
        tsv: PROGRAMME_TSV,
        widths: &[6.0, 50.0, 18.0, 24.0, 13.0, 16.0, 18.0, 16.0],
        doc_title: "Danh mục nhiệm vụ Chương trình hành động CCHC năm 2023",
        created: (2023, 3, 10),
    })
}

fn annex_workbook(layout: &AnnexLayout) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&crate::xlsx::styles::properties(
        layout.doc_title,
        layout.created,
    )?);
    let sheet = book.add_worksheet();
    sheet.set_name(ANNEX_SHEET)?;
    let last = layout.header.len() as u16 - 1;

    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    let title = base.clone().set_bold().set_align(FormatAlign::Center);
    let subtitle = base
        .clone()
        .set_italic()
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let cell = base
        .clone()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let center = cell.clone().set_align(FormatAlign::Center);
    let header = center
        .clone()
        .set_bold()
        .set_align(FormatAlign::VerticalCenter);
    let group = cell.clone().set_bold();
    let subgroup = cell.clone().set_bold().set_italic();

    for (c, w) in layout.widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.merge_range(0, 0, 0, last, layout.title[0], &title)?;
    sheet.merge_range(
        1,
        0,
        1,
        last,
        layout.title[1],
        &title.clone().set_text_wrap(),
    )?;
    sheet.merge_range(2, 0, 2, last, layout.title[2], &subtitle)?;
    sheet.set_row_height(1, 32)?;
    sheet.set_row_height(2, 32)?;
    let header_row = 4;
    for (c, h) in layout.header.iter().enumerate() {
        sheet.write_string_with_format(header_row, c as u16, *h, &header)?;
    }

    let mut row = header_row + 1;
    for line in layout.tsv.lines().filter(|l| !l.trim().is_empty()) {
        let mut fields = line.split('\t');
        let kind = fields.next().unwrap_or("");
        let cells: Vec<&str> = fields.collect();
        let get = |i: usize| cells.get(i).copied().unwrap_or("");
        match kind {
            "G" => {
                sheet.merge_range(row, 0, row, last, get(0), &group)?;
            }
            "S" => {
                sheet.merge_range(row, 0, row, last, get(0), &subgroup)?;
            }
            _ => {
                // P, T and C rows: an STT number (as Word pastes it: a number cell),
                // then the text columns; empty cells still carry the table's borders.
                match get(0).parse::<f64>() {
                    Ok(n) => sheet.write_number_with_format(row, 0, n, &center)?,
                    Err(_) => sheet.write_blank(row, 0, &center)?,
                };
                for c in 1..=last as usize {
                    let text = get(c);
                    if text.is_empty() {
                        sheet.write_blank(row, c as u16, &cell)?;
                    } else {
                        sheet.write_string_with_format(row, c as u16, text, &cell)?;
                    }
                }
            }
        }
        row += 1;
    }

    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_freeze_panes(header_row + 1, 0)?;
    book.save_to_buffer()
}

/// Writes the programme's annex workbook to a file (atomically).
pub fn write_programme_annex(path: &Path) -> std::io::Result<()> {
    let bytes = programme_annex_workbook().map_err(std::io::Error::other)?;
    crate::output::write_atomic(path, &bytes)
}

/// The annex of a province's plan (tỉnh Quảng Ninh 2019, SAMPLE DATA: invented tasks
/// of real units), shaped unlike the city's: the direction group comes last, the groups
/// are numbered "I." rather than "I-", and the district-level units are huyện, thị xã
/// and thành phố thuộc tỉnh ("UBND các huyện, thị xã, thành phố").
pub const PROVINCE_TSV: &str = include_str!("tinh-quang-ninh-2019.tsv");

/// The title lines of the province's annex.
pub const PROVINCE_TITLE: [&str; 3] = [
    "DANH MỤC",
    "Nhiệm vụ cụ thể triển khai thực hiện công tác cải cách hành chính nhà nước tỉnh Quảng Ninh năm 2019 (dữ liệu mẫu)",
    "(Ban hành kèm theo Quyết định số 4512/QĐ-UBND ngày 25 tháng 12 năm 2018 của Ủy ban nhân dân tỉnh Quảng Ninh)",
];

/// Builds the province's annex workbook in memory.
pub fn province_annex_workbook() -> Result<Vec<u8>, XlsxError> {
    annex_workbook(&AnnexLayout {
        title: &PROVINCE_TITLE,
        header: &ANNEX_HEADER,
        tsv: PROVINCE_TSV,
        widths: &[8.0, 55.0, 24.0, 28.0, 22.0, 24.0],
        doc_title: "Danh mục nhiệm vụ CCHC tỉnh Quảng Ninh năm 2019 (dữ liệu mẫu)",
        created: (2018, 12, 25),
    })
}

/// Writes the province's annex workbook to a file (atomically).
pub fn write_province_annex(path: &Path) -> std::io::Result<()> {
    let bytes = province_annex_workbook().map_err(std::io::Error::other)?;
    crate::output::write_atomic(path, &bytes)
}

/// Writes the seed annex workbook to a file (atomically).
pub fn write_seed_annex(path: &Path) -> std::io::Result<()> {
    let bytes = seed_annex_workbook().map_err(std::io::Error::other)?;
    crate::output::write_atomic(path, &bytes)
}
