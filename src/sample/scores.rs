//! The sample scoring workbook `inputs/chi-so/cham-diem-2018.xlsx`: synthetic Chỉ số
//! CCHC 2018 scores for every department and district of the registry, laid out as a
//! council keeps them (title rows, a two-row header with the fields merged under
//! "Điểm các lĩnh vực", maxima in the headers, a total column, departments and
//! districts on two sheets, a few scores typed as text with a decimal comma). Sở Tư
//! pháp and Sở Xây dựng tie. Marked as sample data in its title; regenerate with
//! `cargo run --example make-inputs`.

use crate::model::registry::{AgencyKind, Registry};
use rust_xlsxwriter::{FormatAlign, FormatBorder, Workbook, XlsxError};

/// The scoring fields of the sample and their maxima (100 in all).
pub const SAMPLE_FIELDS: [(&str, f64); 8] = [
    ("Công tác chỉ đạo, điều hành CCHC", 13.0),
    ("Cải cách thể chế", 10.0),
    ("Cải cách TTHC", 12.0),
    ("Cải cách tổ chức bộ máy", 8.0),
    ("Xây dựng và nâng cao chất lượng đội ngũ CBCCVC", 10.0),
    ("Cải cách tài chính công", 8.0),
    ("Hiện đại hóa nền hành chính", 12.0),
    ("Điều tra xã hội học", 27.0),
];

/// The two agencies given the same scores (a tie in the ranking).
pub const SAMPLE_TIE: (&str, &str) = ("STP", "SXD");

/// A field's score for an agency: 62–96 % of the maximum, from a fixed mix of the
/// agency's code and the field, rounded to two decimals.
fn sample_score(code: &str, field: usize, max: f64) -> f64 {
    let mut h: u64 = 1469598103934665603;
    for b in code.bytes().chain([field as u8]) {
        h ^= u64::from(b);
        h = h.wrapping_mul(1099511628211);
    }
    let share = 0.62 + (h % 3400) as f64 / 10000.0;
    (max * share * 100.0).round() / 100.0
}

/// The scores of an agency in the sample (the tie's second agency takes the first's).
pub fn sample_scores(code: &str) -> Vec<f64> {
    let code = if code == SAMPLE_TIE.1 {
        SAMPLE_TIE.0
    } else {
        code
    };
    SAMPLE_FIELDS
        .iter()
        .enumerate()
        .map(|(i, (_, max))| sample_score(code, i, *max))
        .collect()
}

/// Builds the sample workbook for the registry's departments and districts.
pub fn scores_workbook(registry: &Registry) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&crate::xlsx::styles::properties(
        "Bảng điểm Chỉ số CCHC năm 2018 (số liệu mẫu)",
        (2019, 4, 1),
    )?);
    let base = crate::xlsx::styles::base();
    let title = base.clone().set_bold().set_align(FormatAlign::Center);
    let head = base
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let cell = base.clone().set_border(FormatBorder::Thin);
    let num = cell.clone().set_num_format("0.00");
    let kinds: [(&str, &str, fn(AgencyKind) -> bool); 2] = [
        ("Sở, ban, ngành", "KHỐI SỞ, BAN, NGÀNH", |k| {
            k == AgencyKind::Department
        }),
        ("Quận, huyện", "KHỐI QUẬN, HUYỆN", AgencyKind::is_district),
    ];
    let last = 2 + SAMPLE_FIELDS.len() as u16;
    for (sheet_name, block, pick) in kinds {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name)?;
        ws.merge_range(
            0,
            0,
            0,
            last,
            "BẢNG TỔNG HỢP ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2018 (SỐ LIỆU MẪU)",
            &title,
        )?;
        ws.merge_range(
            1,
            0,
            1,
            last,
            &format!("{block} — dữ liệu tổng hợp giả lập để thử vanban, không phải kết quả thật"),
            &base.clone().set_italic().set_align(FormatAlign::Center),
        )?;
        ws.merge_range(3, 0, 4, 0, "STT", &head)?;
        ws.merge_range(3, 1, 4, 1, "Cơ quan, đơn vị", &head)?;
        ws.merge_range(3, 2, 3, last - 1, "Điểm các lĩnh vực", &head)?;
        for (i, (name, max)) in SAMPLE_FIELDS.iter().enumerate() {
            ws.write_with_format(4, 2 + i as u16, format!("{name} ({max} điểm)"), &head)?;
        }
        ws.merge_range(3, last, 4, last, "Tổng điểm (100 điểm)", &head)?;
        ws.set_column_width(0, 5)?;
        ws.set_column_width(1, 36)?;
        for c in 2..=last {
            ws.set_column_width(c, 13)?;
        }
        ws.set_row_height(4, 60)?;
        let agencies = registry.agencies().iter().filter(|a| pick(a.kind));
        for (i, a) in agencies.enumerate() {
            let r = 5 + i as u32;
            ws.write_with_format(r, 0, (i + 1) as u32, &cell)?;
            ws.write_with_format(r, 1, &a.name, &cell)?;
            let scores = sample_scores(&a.code);
            for (j, s) in scores.iter().enumerate() {
                let c = 2 + j as u16;
                // Some districts' secretaries typed the scores as text ("8,75").
                if a.kind.is_district() && i % 4 == 1 {
                    ws.write_with_format(r, c, format!("{s:.2}").replace('.', ","), &cell)?;
                } else {
                    ws.write_with_format(r, c, *s, &num)?;
                }
            }
            let total: f64 = scores.iter().sum();
            ws.write_with_format(r, last, (total * 100.0).round() / 100.0, &num)?;
        }
    }
    book.save_to_buffer()
}
