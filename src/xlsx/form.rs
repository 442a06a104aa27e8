//! The Excel form handed to each agency: hard to fill wrongly, easy to read back.
//!
//! Three sheets: `Thông tin` (agency, period, report number and date, preparer),
//! `Nhiệm vụ` (one row per catalogue task assigned to the agency, lead tasks first, with
//! a drop-down for the status and a date check for the completion date) and `Số liệu`
//! (the figures of `inputs/chi-tieu.toml`). Prefilled cells are protected; the cells to
//! fill are unlocked and shaded. The sheets print on A4 landscape.

use crate::model::catalogue::{Catalogue, Task};
use crate::model::indicators::Indicators;
use crate::model::period::{Calendar, Period};
use crate::model::registry::Agency;
use crate::model::status::Status;
use crate::read::submission::Field;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Note, Workbook, XlsxError,
};
use std::collections::BTreeMap;

/// Tasks of the form for an agency: lead tasks first, then partner tasks, each in
/// catalogue order.
pub fn assigned_tasks<'a>(cat: &'a Catalogue, agency: &str) -> Vec<(&'a Task, bool)> {
    let lead = cat
        .tasks
        .iter()
        .filter(|t| t.is_led_by(agency))
        .map(|t| (t, true));
    let partner = cat
        .tasks
        .iter()
        .filter(|t| !t.is_led_by(agency) && t.is_partner(agency))
        .map(|t| (t, false));
    lead.chain(partner).collect()
}

/// A value typed into a cell of the form.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum CellFill {
    #[default]
    Empty,
    Date(NaiveDate),
    Text(String),
    Number(f64),
}

/// What an agency typed into one task row.
#[derive(Debug, Clone, Default)]
pub struct RowFill {
    pub status: String,
    pub date: CellFill,
    pub evidence: String,
    pub result: String,
    pub difficulties: String,
    pub proposals: String,
}

/// A filled-in form: used to build the sample submissions exactly as an agency that
/// used the form would send them back, mistakes included.
#[derive(Debug, Clone, Default)]
pub struct FormFill {
    pub report_date: Option<NaiveDate>,
    pub report_number: String,
    pub preparer: String,
    pub phone: String,
    /// Replaces the period label (an agency that typed the wrong period).
    pub period_label: Option<String>,
    /// Task code → what was typed.
    pub rows: BTreeMap<String, RowFill>,
    /// Task codes whose rows the agency deleted.
    pub omit: Vec<String>,
    /// Rows added at the end: (code, title, values).
    pub extra_rows: Vec<(String, String, RowFill)>,
    /// Task code → replacement title (rows pasted out of order).
    pub titles: BTreeMap<String, String>,
    /// Indicator code → value.
    pub figures: BTreeMap<String, CellFill>,
}

fn write_fill(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    value: &CellFill,
    fmt: &Format,
    date_fmt: &Format,
) -> Result<(), XlsxError> {
    match value {
        CellFill::Empty => ws.write_blank(row, col, fmt)?,
        CellFill::Text(t) => ws.write_string_with_format(row, col, t, fmt)?,
        CellFill::Number(n) => ws.write_number_with_format(row, col, *n, fmt)?,
        CellFill::Date(d) => {
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, col, &dt, date_fmt)?
        }
    };
    Ok(())
}

fn text_fill(s: &str) -> CellFill {
    if s.is_empty() {
        CellFill::Empty
    } else {
        CellFill::Text(s.to_string())
    }
}

/// Builds the form workbook for one agency and period; with `fill`, the form as the
/// agency filled it in.
pub fn form_workbook(
    cat: &Catalogue,
    indicators: &Indicators,
    calendar: Option<&Calendar>,
    agency: &Agency,
    period: Period,
    fill: Option<&FormFill>,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation time keeps the form reproducible.
    let created = ExcelDateTime::from_ymd(period.year.clamp(1900, 9999) as u16, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Mẫu báo cáo CCHC {} — {}",
                period.label(),
                agency.name
            ))
            .set_author("Sở Nội vụ (vanban)")
            .set_creation_datetime(&created),
    );

    let f = CellStyles::new();
    let period_label = fill
        .and_then(|f| f.period_label.clone())
        .unwrap_or_else(|| period.label());
    info_sheet(&mut book, &f, calendar, agency, period, &period_label, fill)?;
    tasks_sheet(&mut book, &f, cat, agency, period, &period_label, fill)?;
    figures_sheet(&mut book, &f, indicators, agency, period, fill)?;
    book.save_to_buffer()
}

/// The formats of the form's cells.
struct CellStyles {
    base: Format,
    locked: Format,
    header: Format,
    input: Format,
    input_date: Format,
    title: Format,
    label: Format,
}

impl CellStyles {
    fn new() -> CellStyles {
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12)
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        let locked = base.clone().set_border(FormatBorder::Thin);
        let header = locked
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(super::styles::HEADER_FILL);
        let input = locked
            .clone()
            .set_unlocked()
            .set_background_color(super::styles::INPUT_FILL);
        let input_date = input.clone().set_num_format("dd/mm/yyyy");
        let title = base
            .clone()
            .set_bold()
            .set_font_size(14)
            .set_align(FormatAlign::Center);
        let label = base.clone().set_bold();

        CellStyles {
            base,
            locked,
            header,
            input,
            input_date,
            title,
            label,
        }
    }
}

/// "Thông tin": who reports, for which period, on which day, and the guide.
fn info_sheet(
    book: &mut Workbook,
    f: &CellStyles,
    calendar: Option<&Calendar>,
    agency: &Agency,
    period: Period,
    period_label: &str,
    fill: Option<&FormFill>,
) -> Result<(), XlsxError> {
    let (base, locked, input, input_date, title, label) = (
        &f.base,
        &f.locked,
        &f.input,
        &f.input_date,
        &f.title,
        &f.label,
    );
    let info = book.add_worksheet();
    info.set_name("Thông tin")?;
    info.set_column_width(0, 24)?;
    info.set_column_width(1, 60)?;
    info.merge_range(
        0,
        0,
        0,
        1,
        "BÁO CÁO KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
        &title,
    )?;
    let due = calendar
        .and_then(|c| c.deadline_text(period))
        .unwrap_or_default();
    let rows: [(&str, Option<String>, &str); 7] = [
        ("Cơ quan", Some(agency.name.clone()), ""),
        ("Kỳ báo cáo", Some(period_label.to_string()), ""),
        (
            "Ngày báo cáo",
            None,
            "Ngày ký báo cáo, dạng ngày/tháng/năm (ví dụ 01/03/2019).",
        ),
        (
            "Số, ký hiệu",
            None,
            "Số, ký hiệu của báo cáo, ví dụ 45/BC-STP.",
        ),
        ("Người lập", None, "Họ và tên người lập báo cáo."),
        ("Điện thoại", None, "Số điện thoại liên hệ."),
        ("Mã cơ quan", Some(agency.code.clone()), ""),
    ];
    for (i, (l, value, help)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        info.write_string_with_format(r, 0, *l, label)?;
        match value {
            Some(v) => {
                info.write_string_with_format(r, 1, v, locked)?;
            }
            None if *l == "Ngày báo cáo" => {
                let v = fill
                    .and_then(|f| f.report_date)
                    .map_or(CellFill::Empty, CellFill::Date);
                write_fill(info, r, 1, &v, input_date, input_date)?;
                info.add_data_validation(r, 1, r, 1, &date_validation(period)?)?;
            }
            None => {
                let v = match (fill, *l) {
                    (Some(f), "Số, ký hiệu") => text_fill(&f.report_number),
                    (Some(f), "Người lập") => text_fill(&f.preparer),
                    (Some(f), "Điện thoại") => text_fill(&f.phone),
                    _ => CellFill::Empty,
                };
                write_fill(info, r, 1, &v, input, input_date)?;
            }
        }
        if !help.is_empty() {
            info.insert_note(r, 1, &Note::new(*help).set_author("Sở Nội vụ"))?;
        }
    }
    let notes_row = 2 + rows.len() as u32 + 1;
    let guide = format!(
        "Hướng dẫn: điền các ô nền vàng ở trang này, trang \"Nhiệm vụ\" và trang \"Số liệu\"; không sửa các ô đã điền sẵn. \
         Tình trạng chọn trong danh sách; nhiệm vụ đã hoàn thành ghi ngày hoàn thành và văn bản, sản phẩm (ví dụ: Kế hoạch số 15/KH-UBND ngày 10/01/2019). \
         Gửi báo cáo về Sở Nội vụ {due}."
    );
    info.merge_range(notes_row, 0, notes_row + 3, 1, &guide, base)?;
    info.protect();
    info.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);

    Ok(())
}

/// "Nhiệm vụ": one row per task the agency leads or partners.
fn tasks_sheet(
    book: &mut Workbook,
    f: &CellStyles,
    cat: &Catalogue,
    agency: &Agency,
    period: Period,
    period_label: &str,
    fill: Option<&FormFill>,
) -> Result<(), XlsxError> {
    let (locked, header, input, input_date, label) =
        (&f.locked, &f.header, &f.input, &f.input_date, &f.label);
    let mut tasks: Vec<(String, String, &str, Option<&RowFill>)> =
        assigned_tasks(cat, &agency.code)
            .into_iter()
            .filter(|(t, _)| !fill.is_some_and(|f| f.omit.contains(&t.code)))
            .map(|(t, lead)| {
                let title = fill
                    .and_then(|f| f.titles.get(&t.code).cloned())
                    .unwrap_or_else(|| t.full_title());
                let row = fill.and_then(|f| f.rows.get(&t.code));
                (
                    t.code.clone(),
                    title,
                    if lead { "Chủ trì" } else { "Phối hợp" },
                    row,
                )
            })
            .collect();
    if let Some(f) = fill {
        for (code, title, row) in &f.extra_rows {
            tasks.push((code.clone(), title.clone(), "", Some(row)));
        }
    }
    let sheet = book.add_worksheet();
    sheet.set_name("Nhiệm vụ")?;
    let widths = [10.0, 50.0, 10.0, 17.0, 13.0, 28.0, 40.0, 28.0, 28.0];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.merge_range(0, 0, 0, 8, &format!("Cơ quan: {}", agency.name), label)?;
    sheet.merge_range(1, 0, 1, 8, &format!("Kỳ báo cáo: {period_label}"), label)?;
    let hr = 3;
    for (c, f) in Field::ALL.iter().enumerate() {
        sheet.write_string_with_format(hr, c as u16, f.header(), header)?;
    }
    sheet.set_row_height(hr, 32)?;
    for (i, (code, title, role, values)) in tasks.iter().enumerate() {
        let r = hr + 1 + i as u32;
        sheet.write_string_with_format(
            r,
            0,
            code,
            &locked.clone().set_align(FormatAlign::Center),
        )?;
        sheet.write_string_with_format(r, 1, title, locked)?;
        // Wrapped text does not grow the row by itself in every spreadsheet program:
        // size the row for the title (about 48 characters a line at 12 pt in 50 units).
        let lines = title.chars().count().div_ceil(48).max(2);
        sheet.set_row_height(r, 16.0 * lines as f64)?;
        sheet.write_string_with_format(r, 2, *role, locked)?;
        let empty = RowFill::default();
        let v = values.unwrap_or(&empty);
        write_fill(sheet, r, 3, &text_fill(&v.status), input, input_date)?;
        write_fill(sheet, r, 4, &v.date, input_date, input_date)?;
        for (c, t) in [
            (5, &v.evidence),
            (6, &v.result),
            (7, &v.difficulties),
            (8, &v.proposals),
        ] {
            write_fill(sheet, r, c, &text_fill(t), input, input_date)?;
        }
        if let Some(task) = cat.task(code) {
            let deadline = format!(
                "Thời hạn: {}\nSản phẩm: {}",
                task.deadline.text, task.product
            );
            sheet.insert_note(
                r,
                1,
                &Note::new(deadline)
                    .set_author("Sở Nội vụ")
                    .set_width(400)
                    .set_height(120),
            )?;
        }
    }
    task_validations(sheet, hr, tasks.len() as u32, period)?;
    sheet.insert_note(
        hr,
        3,
        &Note::new("Chọn trong danh sách: Đã hoàn thành / Đang thực hiện / Chưa thực hiện.")
            .set_author("Sở Nội vụ"),
    )?;
    sheet.set_freeze_panes(hr + 1, 2)?;
    sheet.set_repeat_rows(hr, hr)?;
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);
    sheet.set_header(format!(
        "&C&\"Times New Roman\"&11Báo cáo CCHC {} — {}",
        period.label(),
        agency.name
    ));
    sheet.set_footer("&CTrang &P/&N");
    sheet.protect();

    Ok(())
}

/// "Số liệu": one row per indicator.
fn figures_sheet(
    book: &mut Workbook,
    f: &CellStyles,
    indicators: &Indicators,
    agency: &Agency,
    period: Period,
    fill: Option<&FormFill>,
) -> Result<(), XlsxError> {
    let (locked, header, input, input_date, label) =
        (&f.locked, &f.header, &f.input, &f.input_date, &f.label);
    let fig = book.add_worksheet();
    fig.set_name("Số liệu")?;
    for (c, w) in [18.0, 70.0, 12.0, 16.0].iter().enumerate() {
        fig.set_column_width(c as u16, *w)?;
    }
    fig.merge_range(
        0,
        0,
        0,
        3,
        &format!("Số liệu {} — {}", period.label(), agency.name),
        label,
    )?;
    for (c, h) in ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Số liệu"]
        .iter()
        .enumerate()
    {
        fig.write_string_with_format(2, c as u16, *h, header)?;
    }
    for (i, ind) in indicators.indicators.iter().enumerate() {
        let r = 3 + i as u32;
        fig.write_string_with_format(r, 0, &ind.code, locked)?;
        fig.write_string_with_format(r, 1, &ind.name, locked)?;
        fig.write_string_with_format(r, 2, &ind.unit, locked)?;
        let v = fill
            .and_then(|f| f.figures.get(&ind.code))
            .cloned()
            .unwrap_or_default();
        let num = input.clone().set_num_format("#,##0");
        write_fill(fig, r, 3, &v, &num, input_date)?;
    }
    if !indicators.indicators.is_empty() {
        let last = 2 + indicators.indicators.len() as u32;
        let dv = DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_title("Số liệu không hợp lệ")?
            .set_error_message("Nhập số nguyên từ 0 trở lên")?;
        fig.add_data_validation(3, 3, last, 3, &dv)?;
    }
    fig.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);
    fig.protect();

    Ok(())
}

/// Drop-down statuses and date checks on the rows of the task sheet.
fn task_validations(
    sheet: &mut rust_xlsxwriter::Worksheet,
    hr: u32,
    rows: u32,
    period: Period,
) -> Result<(), XlsxError> {
    if rows > 0 {
        let last = hr + rows;
        let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.label()).collect();
        let dv = DataValidation::new()
            .allow_list_strings(&statuses)?
            .set_input_title("Tình trạng")?
            .set_input_message("Chọn trong danh sách")?
            .set_error_title("Tình trạng không hợp lệ")?
            .set_error_message("Chọn: Đã hoàn thành, Đang thực hiện hoặc Chưa thực hiện")?;
        sheet.add_data_validation(hr + 1, 3, last, 3, &dv)?;
        sheet.add_data_validation(hr + 1, 4, last, 4, &date_validation(period)?)?;
    }
    Ok(())
}

fn date_validation(period: Period) -> Result<DataValidation, XlsxError> {
    let from = ExcelDateTime::from_ymd((period.year - 1).clamp(1900, 9999) as u16, 1, 1)?;
    let to = ExcelDateTime::from_ymd((period.year + 1).clamp(1900, 9999) as u16, 12, 31)?;
    DataValidation::new()
        .allow_date(DataValidationRule::Between(from, to))
        .set_error_title("Ngày không hợp lệ")?
        .set_error_message("Nhập ngày dạng ngày/tháng/năm, ví dụ 15/01/2019")
}

/// File name of an agency's form: `STP-q1-2019.xlsx`.
pub fn form_file_name(agency: &Agency, period: Period) -> String {
    format!(
        "{}-{}.xlsx",
        crate::output::safe_file_stem(&agency.code),
        period.id()
    )
}
