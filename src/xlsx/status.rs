//! The status workbook of a period: tasks × lead agencies, agencies, figures.

use super::styles;
use crate::aggregate::Summary;
use crate::compose::report::state_label;
use crate::compose::vi::date;
use crate::model::catalogue::Catalogue;
use crate::model::indicators::Indicators;
use crate::model::status::Status;
use rust_xlsxwriter::{
    ConditionalFormatText, ConditionalFormatTextRule, DocProperties, ExcelDateTime, Format,
    FormatAlign, Workbook, XlsxError,
};

/// The status workbook: tasks × lead agencies, agencies, figures.
pub fn status_workbook(
    s: &Summary,
    cat: &Catalogue,
    indicators: &Indicators,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(s.period.year.clamp(1900, 9999) as u16, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("Tổng hợp CCHC {}", s.period.label()))
            .set_creation_datetime(&created),
    );
    let f = Formats {
        head: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_background_color(styles::HEADER_FILL),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        green: Format::new().set_background_color(styles::GOOD_FILL),
        yellow: Format::new().set_background_color(styles::PENDING_FILL),
        red: Format::new().set_background_color(styles::BAD_FILL),
    };
    tasks_sheet(&mut book, &f, s, cat)?;
    agencies_sheet(&mut book, &f, s)?;
    figures_sheet(&mut book, &f, s, indicators)?;
    book.save_to_buffer()
}

struct Formats {
    head: Format,
    wrap: Format,
    green: Format,
    yellow: Format,
    red: Format,
}

/// Tasks × lead agencies.
fn tasks_sheet(
    book: &mut Workbook,
    f: &Formats,
    s: &Summary,
    cat: &Catalogue,
) -> Result<(), XlsxError> {
    let (head, wrap, green, yellow, red) = (&f.head, &f.wrap, &f.green, &f.yellow, &f.red);
    let ws = book.add_worksheet();
    ws.set_name("Nhiệm vụ")?;
    let heads = [
        "Mã",
        "Nhóm",
        "Nội dung công việc",
        "Thời hạn",
        "Tình trạng",
        "Hoàn thành",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, head)?;
    }
    let first_agency_col = heads.len() as u16;
    for (i, a) in s.agencies.iter().enumerate() {
        ws.write_string_with_format(0, first_agency_col + i as u16, &a.code, head)?;
    }
    for (r, (t, ts)) in cat.tasks.iter().zip(&s.tasks).enumerate() {
        let row = 1 + r as u32;
        ws.write_string(row, 0, &t.code)?;
        ws.write_string(row, 1, &t.group)?;
        ws.write_string_with_format(row, 2, t.full_title(), wrap)?;
        ws.write_string(row, 3, &t.deadline.text)?;
        ws.write_string(row, 4, state_label(ts))?;
        ws.write_string(row, 5, format!("{}/{}", ts.done, ts.leads))?;
        for (i, a) in s.agencies.iter().enumerate() {
            let Some(l) = ts.lead_reports.iter().find(|l| l.agency == a.code) else {
                continue;
            };
            let v = match l.report.as_ref().and_then(|r| r.status) {
                Some(Status::Done) => "Đã HT",
                Some(Status::InProgress) => "Đang TH",
                Some(Status::NotStarted) => "Chưa TH",
                None => "Chưa BC",
            };
            ws.write_string(row, first_agency_col + i as u16, v)?;
        }
    }
    let last_row = cat.tasks.len() as u32;
    let last_col = first_agency_col + s.agencies.len() as u16 - 1;
    for (text, fmt) in [("Đã HT", green), ("Đang TH", yellow), ("Chưa", red)] {
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(text.into()))
            .set_format(fmt);
        ws.add_conditional_format(1, first_agency_col, last_row, last_col, &cf)?;
    }
    ws.set_column_width(2, 60)?;
    ws.set_column_width(3, 24)?;
    ws.set_column_width(4, 30)?;
    ws.autofilter(0, 0, last_row, last_col)?;
    ws.set_freeze_panes(1, 3)?;

    Ok(())
}

/// How each agency stands.
fn agencies_sheet(book: &mut Workbook, f: &Formats, s: &Summary) -> Result<(), XlsxError> {
    let (head, green, yellow, red) = (&f.head, &f.green, &f.yellow, &f.red);
    let ws = book.add_worksheet();
    ws.set_name("Cơ quan")?;
    let heads = [
        "Mã",
        "Cơ quan",
        "Nộp báo cáo",
        "Ngày báo cáo",
        "Ngày đến",
        "Số đến",
        "Căn cứ tính hạn",
        "Kết quả kiểm tra",
        "Lỗi",
        "Cảnh báo",
        "Nhiệm vụ chủ trì",
        "Đã hoàn thành",
        "Cần đôn đốc",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, head)?;
    }
    for (r, a) in s.agencies.iter().enumerate() {
        let row = 1 + r as u32;
        ws.write_string(row, 0, &a.code)?;
        ws.write_string(row, 1, &a.name)?;
        ws.write_string(row, 2, a.submitted.label())?;
        ws.write_string(row, 3, a.report_date.map(date).unwrap_or_default())?;
        // When it arrived (the register of incoming documents), and what lateness was
        // judged on.
        let received = a.received.as_ref();
        ws.write_string(row, 4, received.map(|r| date(r.date)).unwrap_or_default())?;
        ws.write_string(
            row,
            5,
            received.and_then(|r| r.number.clone()).unwrap_or_default(),
        )?;
        let basis = match (a.submitted, a.basis) {
            (
                crate::aggregate::Submitted::Missing | crate::aggregate::Submitted::WrongFormat,
                _,
            ) => "",
            (_, crate::model::receipt::DateBasis::Received) => "ngày đến (sổ văn bản đến)",
            (_, crate::model::receipt::DateBasis::Typed) => "ngày ghi trên báo cáo",
        };
        ws.write_string(row, 6, basis)?;
        let file_state = match a.submitted {
            crate::aggregate::Submitted::WrongFormat => "văn bản, không theo mẫu Excel",
            _ => a.status.map(|s| s.label()).unwrap_or("—"),
        };
        ws.write_string(row, 7, file_state)?;
        ws.write_number(row, 8, a.errors as f64)?;
        ws.write_number(row, 9, a.warnings as f64)?;
        ws.write_number(row, 10, a.tasks_lead as f64)?;
        ws.write_number(row, 11, a.tasks_done as f64)?;
        ws.write_string(row, 12, if a.needs_reminder() { "Có" } else { "" })?;
    }
    let last = s.agencies.len() as u32;
    for (text, fmt) in [
        ("đúng hạn", green),
        ("muộn", yellow),
        ("sai định dạng", yellow),
        ("chưa nộp", red),
    ] {
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::Contains(text.into()))
            .set_format(fmt);
        ws.add_conditional_format(1, 2, last, 2, &cf)?;
    }
    ws.set_column_width(1, 45)?;
    ws.set_column_width(6, 24)?;
    ws.set_column_width(7, 16)?;
    ws.autofilter(0, 0, last, 12)?;
    ws.set_freeze_panes(1, 2)?;

    Ok(())
}

/// Figures per agency and the totals.
fn figures_sheet(
    book: &mut Workbook,
    f: &Formats,
    s: &Summary,
    indicators: &Indicators,
) -> Result<(), XlsxError> {
    let head = &f.head;
    let ws = book.add_worksheet();
    ws.set_name("Số liệu")?;
    ws.write_string_with_format(0, 0, "Cơ quan", head)?;
    for (c, ind) in indicators.indicators.iter().enumerate() {
        ws.write_string_with_format(0, 1 + c as u16, &ind.code, head)?;
    }
    let mut row = 1;
    for (code, f) in &s.figures {
        ws.write_string(row, 0, code)?;
        for (c, ind) in indicators.indicators.iter().enumerate() {
            if let Some(v) = f.get(&ind.code) {
                ws.write_number(row, 1 + c as u16, *v as f64)?;
            }
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, "Tổng cộng", head)?;
    for (c, ind) in indicators.indicators.iter().enumerate() {
        if let Some(v) = s.totals.get(&ind.code) {
            ws.write_number(row, 1 + c as u16, *v as f64)?;
        }
    }
    ws.autofilter(
        0,
        0,
        row.saturating_sub(1).max(1),
        indicators.indicators.len() as u16,
    )?;
    ws.set_freeze_panes(1, 1)?;
    Ok(())
}
