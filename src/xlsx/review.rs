//! The Sở's review file written pre-filled: one row per open finding of the period
//! (errors and warnings), with its stable id, where it is in words and what it says, and
//! the columns the specialist fills — the decision from a list, the new value, the
//! reason, who decided and when. Decisions already recorded are kept, so the file is
//! written again after a corrected report arrives without losing a judgement.

use super::styles;
use crate::check::Checked;
use crate::model::registry::Registry;
use crate::model::review::{LABELS, Review, finding_id};
use rust_xlsxwriter::{DataValidation, Workbook, XlsxError};

/// One open finding, as listed in the file and by `vanban review --format json`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Open {
    pub id: String,
    pub agency: String,
    pub place: String,
    pub code: String,
    pub severity: String,
    pub message: String,
}

/// The findings a review can settle (errors and warnings, and the figures read from
/// words; other notes settle nothing), in file order.
pub fn open_findings(checked: &[Checked], registry: &Registry) -> Vec<Open> {
    let mut out = Vec::new();
    for c in checked {
        let agency = c
            .agency
            .as_deref()
            .and_then(|a| registry.get(a))
            .map(|a| a.name.clone())
            .unwrap_or_else(|| "(chưa xác định cơ quan)".into());
        for d in &c.diagnostics {
            // Values read from words ("không có" → 0) are listed too: the Sở confirms
            // them.
            let interpreted = d.code == crate::model::finding::Code::FigureInterpreted;
            if !(d.is_error() || d.is_warning() || interpreted || d.settled.is_some()) {
                continue;
            }
            let place = match (&d.sheet, &d.cell) {
                (Some(s), Some(cell)) => format!("Trang “{s}”, ô {cell}"),
                (Some(s), None) => format!("Trang “{s}”"),
                _ => match &d.task {
                    Some(t) => format!("Nhiệm vụ {t}"),
                    None => "Cả tệp".into(),
                },
            };
            out.push(Open {
                id: finding_id(c.agency.as_deref(), c.sha256.as_deref(), d),
                agency: agency.clone(),
                place,
                code: d.code.to_string(),
                severity: d.severity.label().to_string(),
                message: d.message.to_string(),
            });
        }
    }
    out
}

const HEADER: [(&str, f64); 9] = [
    ("Mã phát hiện", 30.0),
    ("Cơ quan", 28.0),
    ("Vị trí", 22.0),
    ("Phát hiện", 60.0),
    ("Quyết định", 16.0),
    ("Giá trị mới", 14.0),
    ("Lý do, căn cứ", 40.0),
    ("Người quyết định", 18.0),
    ("Ngày", 12.0),
];

/// The review workbook: the open findings, and every decision of `kept` (with its row
/// as recorded when its finding is no longer among the open ones).
pub fn review_workbook(open: &[Open], kept: &Review, title: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&styles::properties(title, (2000, 1, 1))?);
    let base = styles::base();
    let head = styles::boxed(&styles::header(&base));
    let cell = styles::boxed(&base);
    let ws = book.add_worksheet();
    ws.set_name("Hiệu chỉnh")?;
    ws.write_string_with_format(0, 0, title, &base.clone().set_bold())?;
    ws.write_string_with_format(
        1,
        0,
        "Mỗi dòng là một phát hiện chưa được giải quyết. Chọn Quyết định: “Chấp nhận” (dùng như cơ quan đã ghi), “Sửa thành” (dùng giá trị ở cột Giá trị mới) hoặc “Không tổng hợp” (bỏ dòng, số liệu hoặc tệp khỏi tổng hợp); ghi lý do, căn cứ. Lần chạy sau dùng các quyết định này.",
        &base,
    )?;
    let hr = 3;
    for (c, (h, w)) in HEADER.iter().enumerate() {
        ws.write_string_with_format(hr, c as u16, *h, &head)?;
        ws.set_column_width(c as u16, *w)?;
    }
    let mut r = hr + 1;
    let mut listed = std::collections::HashSet::new();
    for o in open {
        if !listed.insert(o.id.clone()) {
            continue;
        }
        let kept = kept.get(&o.id);
        let values = [
            o.id.clone(),
            o.agency.clone(),
            o.place.clone(),
            format!("[{}] {}", o.code, o.message),
            kept.map(|e| e.decision.label().to_string())
                .unwrap_or_default(),
            match kept.map(|e| &e.decision) {
                Some(crate::model::review::Decision::Replace(v)) => v.clone(),
                _ => String::new(),
            },
            kept.map(|e| e.reason.clone()).unwrap_or_default(),
            kept.map(|e| e.who.clone()).unwrap_or_default(),
            kept.map(|e| e.date.clone()).unwrap_or_default(),
        ];
        for (c, v) in values.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, v, &cell)?;
        }
        r += 1;
    }
    // Decisions whose findings are settled (no longer open) stay on record.
    for (id, e) in &kept.entries {
        if listed.contains(id) {
            continue;
        }
        let value = match &e.decision {
            crate::model::review::Decision::Replace(v) => v.clone(),
            _ => String::new(),
        };
        let values = [
            id.clone(),
            String::new(),
            String::new(),
            "(đã thống nhất)".to_string(),
            e.decision.label().to_string(),
            value,
            e.reason.clone(),
            e.who.clone(),
            e.date.clone(),
        ];
        for (c, v) in values.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, v, &cell)?;
        }
        r += 1;
    }
    let last = (r + 200).max(hr + 2);
    let dv = DataValidation::new()
        .allow_list_strings(&LABELS)?
        .set_input_title("Quyết định")?
        .set_input_message("Chấp nhận / Sửa thành / Không tổng hợp")?;
    ws.add_data_validation(hr + 1, 4, last, 4, &dv)?;
    ws.set_freeze_panes(hr + 1, 1)?;
    ws.autofilter(hr, 0, r.max(hr + 1) - 1, 8)?;
    book.save_to_buffer()
}
