//! Cell styles shared by the workbooks vanban writes: the same font, header shading and
//! traffic-light colours in the form, the feedback copy and the status workbook.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};

/// Header cells.
pub const HEADER_FILL: &str = "#D9E1F2";
/// Cells the agency fills in (the form).
pub const INPUT_FILL: &str = "#FFF2CC";
/// A cell with an error (feedback copy).
pub const ERROR_FILL: &str = "#F4B6B6";
/// A cell with a warning (feedback copy).
pub const WARNING_FILL: &str = "#FFE699";
/// Done / in progress / missing (status workbook).
pub const GOOD_FILL: &str = "#C6EFCE";
pub const PENDING_FILL: &str = "#FFEB9C";
pub const BAD_FILL: &str = "#FFC7CE";

/// The properties of a workbook vanban writes: its title, and a fixed creation date so
/// the same data gives the same file.
pub fn properties(
    title: &str,
    (y, m, d): (u16, u8, u8),
) -> Result<rust_xlsxwriter::DocProperties, rust_xlsxwriter::XlsxError> {
    Ok(rust_xlsxwriter::DocProperties::new()
        .set_title(title)
        .set_author("vanban")
        .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, d)?))
}

/// Times New Roman 12, as in the documents.
pub fn base() -> Format {
    Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
}

/// Wrapped text in a thin-bordered cell, top-aligned.
pub fn boxed(base: &Format) -> Format {
    base.clone()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
}

/// A bold, shaded header cell on top of `base`.
pub fn header(base: &Format) -> Format {
    base.clone().set_bold().set_background_color(HEADER_FILL)
}
