//! Sample submissions in the agencies' own layouts (not the form): how two agencies
//! of the shipped samples actually write their reports.

use super::submissions::{realistic_figures, realistic_row};
use crate::model::catalogue::Catalogue;
use crate::model::registry::Agency;
use crate::xlsx::form::{CellFill, assigned_tasks};
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// A workbook with a fixed creation time, so that the samples are reproducible.
fn fixed_book() -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2019, 2, 27)?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    Ok(book)
}

/// Sở Kế hoạch và Đầu tư writes its own layout: a title block with the metadata, the
/// columns in another order under other names, dates as Excel dates, and its figures on
/// a sheet of its own design.
pub(super) fn own_layout_skhdt(
    cat: &Catalogue,
    a: &Agency,
    seq: u32,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = fixed_book()?;
    let bold = Format::new().set_bold();
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let ws = book.add_worksheet();
    ws.set_name("BC quy I")?;
    ws.write_string_with_format(0, 0, "SỞ KẾ HOẠCH VÀ ĐẦU TƯ HẢI PHÒNG", &bold)?;
    ws.write_string(1, 0, "Cơ quan: Sở Kế hoạch và Đầu tư")?;
    ws.write_string(2, 0, "Kỳ báo cáo: Quý I/2019")?;
    ws.write_string(3, 0, "Số, ký hiệu: 52/BC-SKHĐT")?;
    ws.write_string(4, 0, "Ngày báo cáo:")?;
    ws.write_datetime_with_format(4, 1, ExcelDateTime::from_ymd(2019, 2, 27)?, &date_fmt)?;
    let headers = [
        "STT",
        "Trạng thái",
        "Nội dung nhiệm vụ",
        "Ngày HT",
        "Sản phẩm",
        "Kết quả thực hiện",
        "Khó khăn",
        "Kiến nghị",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(6, c as u16, *h, &bold)?;
    }
    let mut r = 7;
    for (i, (task, lead)) in assigned_tasks(cat, &a.code).into_iter().enumerate() {
        if !lead {
            continue;
        }
        let row = realistic_row(task, lead, a, seq + i as u32);
        // Numbers typed as numbers where the code is a number.
        match task.code.parse::<f64>() {
            Ok(n) => ws.write_number(r, 0, n)?,
            Err(_) => ws.write_string(r, 0, &task.code)?,
        };
        ws.write_string(r, 1, &row.status)?;
        ws.write_string(r, 2, &task.full_title())?;
        if let CellFill::Date(d) = row.date {
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(r, 3, &dt, &date_fmt)?;
        }
        ws.write_string(r, 4, &row.evidence)?;
        ws.write_string(r, 5, &row.result)?;
        ws.write_string(r, 6, &row.difficulties)?;
        ws.write_string(r, 7, &row.proposals)?;
        r += 1;
    }
    ws.write_string(r + 2, 5, "Người lập biểu")?;
    ws.write_string(r + 3, 5, "Trần Văn Minh")?;

    let fig = book.add_worksheet();
    fig.set_name("Số liệu")?;
    fig.write_string_with_format(0, 0, "Mã chỉ tiêu", &bold)?;
    fig.write_string_with_format(0, 1, "Chỉ tiêu", &bold)?;
    fig.write_string_with_format(0, 2, "Số liệu", &bold)?;
    for (i, (code, v)) in realistic_figures(a, seq).into_iter().enumerate() {
        fig.write_string(1 + i as u32, 0, code)?;
        fig.write_number(1 + i as u32, 2, v as f64)?;
    }
    book.save_to_buffer()
}

/// UBND huyện An Dương: own layout with "Mã NV", "Tiến độ", "Kết quả"; dates written
/// out in words; a task it was not given; a completion date after the report date;
/// a figure typed with words.
pub(super) fn own_layout_had(cat: &Catalogue, a: &Agency, seq: u32) -> Result<Vec<u8>, XlsxError> {
    let mut book = fixed_book()?;
    let bold = Format::new().set_bold();
    let info = book.add_worksheet();
    info.set_name("Thông tin")?;
    info.write_string(0, 0, "Đơn vị")?;
    info.write_string(0, 1, "UBND huyện An Dương")?;
    info.write_string(1, 0, "Kỳ báo cáo")?;
    info.write_string(1, 1, "quý 1 năm 2019")?;
    info.write_string(2, 0, "Ngày báo cáo")?;
    info.write_string(2, 1, "01/03/2019")?;
    info.write_string(3, 0, "Số, ký hiệu")?;
    info.write_string(3, 1, "27/BC-UBND")?;

    let ws = book.add_worksheet();
    ws.set_name("Nhiem vu")?;
    let headers = [
        "Mã NV",
        "Nội dung",
        "Tiến độ",
        "Ngày hoàn thành",
        "Văn bản",
        "Kết quả thực hiện",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    let mut r = 1;
    for (i, (task, lead)) in assigned_tasks(cat, &a.code).into_iter().enumerate() {
        if !lead {
            continue;
        }
        let mut row = realistic_row(task, lead, a, seq + i as u32);
        if task.code == "15b" {
            // Completed "after" the report date: a typo for 21/01/2019.
            row.date = CellFill::Text("ngày 21 tháng 03 năm 2019".into());
        } else if let CellFill::Date(d) = row.date {
            row.date = CellFill::Text(format!(
                "ngày {} tháng {} năm {}",
                d.format("%d"),
                d.format("%m"),
                d.format("%Y")
            ));
        }
        ws.write_string(r, 0, format!("{}.", task.code))?;
        ws.write_string(r, 1, &task.full_title())?;
        ws.write_string(r, 2, &row.status)?;
        if let CellFill::Text(t) = &row.date {
            ws.write_string(r, 3, t)?;
        }
        ws.write_string(r, 4, &row.evidence)?;
        ws.write_string(r, 5, &row.result)?;
        r += 1;
    }
    // Reports on task 31 (intelligent traffic, led by Sở GTVT; An Dương takes no part).
    ws.write_string(r, 0, "31")?;
    ws.write_string(r, 1, "Dự án hệ thống quản lý giao thông đô thị thông minh")?;
    ws.write_string(r, 2, "Đang triển khai")?;
    ws.write_string(
        r,
        5,
        "Phối hợp khảo sát vị trí lắp đặt camera trên địa bàn huyện.",
    )?;

    let fig = book.add_worksheet();
    fig.set_name("Số liệu")?;
    for (c, h) in ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Số liệu"]
        .iter()
        .enumerate()
    {
        fig.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, (code, v)) in realistic_figures(a, seq).into_iter().enumerate() {
        let row = 1 + i as u32;
        fig.write_string(row, 0, code)?;
        if code == "vbqppl_issued" {
            fig.write_string(row, 3, "không có")?;
        } else {
            fig.write_number(row, 3, v as f64)?;
        }
    }
    book.save_to_buffer()
}
