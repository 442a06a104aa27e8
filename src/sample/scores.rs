//! The sample scoring workbooks of the Chỉ số CCHC cycle,
//! `inputs/chi-so/cham-diem-2017.xlsx` and `cham-diem-2018.xlsx`: synthetic scores for
//! every department and district of the registry, laid out as an appraisal council
//! keeps them — criteria as rows (lĩnh vực I…VIII, criteria 1, 2… and their parts 1.1,
//! 1.2…, each with its maximum), agencies as columns, each agency merged over its "Tự
//! đánh giá" and "Thẩm định" columns, the survey's points in the appraised column of
//! the survey criteria; departments and districts on two sheets, each kind with one
//! criterion of its own; a few scores typed as text with a decimal comma; a criterion
//! marked "-" (không áp dụng) for agencies without public service units. In 2018 Sở
//! Tư pháp and Sở Xây dựng tie. Marked as sample data in the titles; regenerate with
//! `cargo run --example make-inputs`.

use crate::model::registry::{Agency, AgencyKind, Registry};
use rust_xlsxwriter::{FormatAlign, FormatBorder, Workbook, XlsxError};

/// Which agencies a criterion is scored for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum For {
    All,
    Departments,
    Districts,
}

/// A line of the sample criteria: a lĩnh vực (`number` a roman numeral, no maximum), a
/// parent criterion (its parts follow), or a scored criterion.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    pub number: &'static str,
    pub name: &'static str,
    pub max: f64,
    pub scored_for: For,
}

const fn l(number: &'static str, name: &'static str, max: f64) -> Line {
    Line {
        number,
        name,
        max,
        scored_for: For::All,
    }
}

/// The sample criteria (100 points for each kind of agency; the survey's 34 points in
/// lĩnh vực VIII).
pub const SAMPLE_CRITERIA: &[Line] = &[
    l("I", "Công tác chỉ đạo, điều hành cải cách hành chính", 9.0),
    l("1", "Kế hoạch cải cách hành chính năm", 3.0),
    l("1.1", "Ban hành kế hoạch kịp thời, đầy đủ nội dung", 1.0),
    l("1.2", "Mức độ thực hiện kế hoạch", 2.0),
    l(
        "2",
        "Báo cáo cải cách hành chính đúng hạn, đủ nội dung",
        1.0,
    ),
    l("3", "Kiểm tra công tác cải cách hành chính", 1.5),
    l("4", "Tuyên truyền cải cách hành chính", 1.0),
    l(
        "5",
        "Sáng kiến, giải pháp mới trong cải cách hành chính",
        1.5,
    ),
    Line {
        number: "6",
        name: "Chỉ đạo cải cách hành chính tại các đơn vị trực thuộc",
        max: 1.0,
        scored_for: For::Departments,
    },
    Line {
        number: "7",
        name: "Chỉ đạo, kiểm tra cải cách hành chính đối với Ủy ban nhân dân cấp xã",
        max: 1.0,
        scored_for: For::Districts,
    },
    l("II", "Cải cách thể chế", 8.0),
    l("1", "Tham mưu, ban hành văn bản quy phạm pháp luật", 3.0),
    l("2", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật", 2.0),
    l(
        "3",
        "Tổ chức thực hiện, kiểm tra việc thi hành văn bản quy phạm pháp luật",
        3.0,
    ),
    l("III", "Cải cách thủ tục hành chính", 12.0),
    l("1", "Rà soát, đơn giản hóa thủ tục hành chính", 3.0),
    l("2", "Công khai thủ tục hành chính", 2.0),
    l("3", "Thực hiện cơ chế một cửa, một cửa liên thông", 4.0),
    l(
        "4",
        "Tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính",
        3.0,
    ),
    l("IV", "Cải cách tổ chức bộ máy hành chính", 8.0),
    l("1", "Sắp xếp tổ chức bộ máy theo quy định", 4.0),
    l("2", "Thực hiện phân cấp quản lý", 4.0),
    l(
        "V",
        "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
        10.0,
    ),
    l("1", "Vị trí việc làm và cơ cấu ngạch công chức", 3.0),
    l("2", "Tuyển dụng, bổ nhiệm theo quy định", 3.0),
    l("3", "Đào tạo, bồi dưỡng", 2.0),
    l("4", "Kỷ luật, kỷ cương hành chính", 2.0),
    l("VI", "Cải cách tài chính công", 7.0),
    l("1", "Thực hiện cơ chế tự chủ tại cơ quan hành chính", 3.0),
    l(
        "2",
        "Thực hiện cơ chế tự chủ tại đơn vị sự nghiệp công lập",
        2.0,
    ),
    l("3", "Quản lý, sử dụng tài sản công", 2.0),
    l("VII", "Hiện đại hóa hành chính", 12.0),
    l("1", "Ứng dụng công nghệ thông tin", 4.0),
    l("2", "Cung cấp dịch vụ công trực tuyến mức độ 3, 4", 4.0),
    l("3", "Áp dụng hệ thống quản lý chất lượng ISO 9001", 2.0),
    l(
        "4",
        "Tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích",
        2.0,
    ),
    l("VIII", "Điều tra xã hội học", 34.0),
    l(
        "1",
        "Đánh giá của cán bộ lãnh đạo, quản lý về công tác cải cách hành chính",
        14.0,
    ),
    l("2", "Mức độ hài lòng của người dân, tổ chức", 20.0),
];

/// The two agencies given the same scores in 2018 (a tie in the ranking).
pub const SAMPLE_TIE: (&str, &str) = ("STP", "SXD");

/// Agencies without public service units: criterion VI.2 does not apply to them.
pub const SAMPLE_NOT_APPLICABLE: &[&str] = &["VPUBND", "TTTP"];

/// (agency, lĩnh vực, criterion) whose 2018 self score is far above the appraised one.
pub const SAMPLE_GAPS: &[(&str, &str, &str)] = &[
    ("SGTVT", "III", "3"),
    ("QDK", "I", "1.2"),
    ("HTN", "VII", "1"),
];

/// Whether a line is a lĩnh vực.
pub fn is_field(line: &Line) -> bool {
    crate::text::roman_to_int(line.number).is_some()
}

/// Whether a line is a parent (its parts "1.1", "1.2" follow).
pub fn is_parent(i: usize) -> bool {
    SAMPLE_CRITERIA.get(i + 1).is_some_and(|n| {
        n.number
            .starts_with(&format!("{}.", SAMPLE_CRITERIA[i].number))
    })
}

/// The survey lĩnh vực's number.
const SURVEY_FIELD: &str = "VIII";

fn mix(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 1469598103934665603;
    for p in parts {
        for b in p.iter().chain([&0xffu8]) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(1099511628211);
        }
    }
    h
}

/// One agency's scores on one criterion line in a year: (self, appraised) — self `None`
/// on survey criteria —, or `None` where the criterion does not apply.
pub fn sample_score(
    year: i32,
    agency: &Agency,
    line: usize,
    survey: bool,
) -> Option<(Option<f64>, f64)> {
    let c = &SAMPLE_CRITERIA[line];
    if c.number == "2"
        && field_of(line) == "VI"
        && SAMPLE_NOT_APPLICABLE.contains(&agency.code.as_str())
    {
        return None;
    }
    let code = if year == 2018 && agency.code == SAMPLE_TIE.1 {
        SAMPLE_TIE.0
    } else {
        agency.code.as_str()
    };
    let y = year.to_string();
    let h = mix(&[
        code.as_bytes(),
        y.as_bytes(),
        field_of(line).as_bytes(),
        c.number.as_bytes(),
    ]);
    // Each agency has a level of its own, moved a little from one year to the next.
    let level = 0.62
        + (mix(&[code.as_bytes()]) % 250) as f64 / 1000.0
        + (mix(&[code.as_bytes(), y.as_bytes()]) % 90) as f64 / 1000.0;
    let share = (level + (h % 200) as f64 / 1000.0 - 0.1).clamp(0.3, 1.0);
    if survey {
        // Survey points to two decimals.
        return Some((None, (c.max * share * 100.0).round() / 100.0));
    }
    // Councils score in quarter points.
    let appraised = ((c.max * share * 4.0).round() / 4.0).min(c.max);
    let gap =
        year == 2018 && SAMPLE_GAPS.contains(&(agency.code.as_str(), field_of(line), c.number));
    let own = if gap {
        c.max
    } else {
        (appraised + ((h >> 16) % 3) as f64 * 0.25).min(c.max)
    };
    let appraised = if gap {
        (c.max * 0.25 * 4.0).round() / 4.0
    } else {
        appraised
    };
    Some((Some(own), appraised))
}

/// The lĩnh vực number of a criterion line.
fn field_of(line: usize) -> &'static str {
    SAMPLE_CRITERIA[..=line]
        .iter()
        .rev()
        .find(|l| is_field(l))
        .map_or("", |l| l.number)
}

/// Builds the sample workbook of a year for the registry's departments and districts.
pub fn scores_workbook(registry: &Registry, year: i32) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&crate::xlsx::styles::properties(
        &format!("Bảng điểm Chỉ số CCHC năm {year} (số liệu mẫu)"),
        (u16::try_from(year + 1).unwrap_or(2019), 1, 15),
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
    let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
    let bold = cell.clone().set_bold();
    let num = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_num_format("0.00");
    let bold_num = num.clone().set_bold();
    let kinds: [(&str, &str, For, fn(AgencyKind) -> bool); 2] = [
        (
            "Sở, ban, ngành",
            "KHỐI SỞ, BAN, NGÀNH",
            For::Departments,
            |k| k == AgencyKind::Department,
        ),
        (
            "Quận, huyện",
            "KHỐI QUẬN, HUYỆN",
            For::Districts,
            AgencyKind::is_district,
        ),
    ];
    for (sheet_name, block, kind, pick) in kinds {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name)?;
        let agencies: Vec<&Agency> = registry
            .agencies()
            .iter()
            .filter(|a| pick(a.kind))
            .collect();
        let last = 2 + 2 * agencies.len() as u16;
        ws.merge_range(
            0,
            0,
            0,
            last.min(20),
            &format!(
                "BẢNG TỔNG HỢP ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year} — {block} (SỐ LIỆU MẪU)"
            ),
            &title,
        )?;
        ws.merge_range(
            1,
            0,
            1,
            last.min(20),
            "Điểm tự đánh giá của cơ quan và điểm thẩm định của Hội đồng; lĩnh vực VIII: điểm điều tra xã hội học. Dữ liệu giả lập để thử vanban, không phải kết quả thật.",
            &base.clone().set_italic().set_align(FormatAlign::Center),
        )?;
        ws.merge_range(3, 0, 4, 0, "STT", &head)?;
        ws.merge_range(3, 1, 4, 1, "Lĩnh vực, tiêu chí, tiêu chí thành phần", &head)?;
        ws.merge_range(3, 2, 4, 2, "Điểm tối đa", &head)?;
        for (i, a) in agencies.iter().enumerate() {
            let c = 3 + 2 * i as u16;
            ws.merge_range(3, c, 3, c + 1, &a.name, &head)?;
            ws.write_with_format(4, c, "Tự đánh giá", &head)?;
            ws.write_with_format(4, c + 1, "Thẩm định", &head)?;
            ws.set_column_width(c, 9)?;
            ws.set_column_width(c + 1, 9)?;
        }
        ws.set_column_width(0, 5)?;
        ws.set_column_width(1, 48)?;
        ws.set_column_width(2, 8)?;
        ws.set_row_height(3, 60)?;
        ws.set_freeze_panes(5, 3)?;
        let mut r = 5u32;
        let mut totals = vec![0.0f64; agencies.len()];
        for (i, line) in SAMPLE_CRITERIA.iter().enumerate() {
            if line.scored_for != For::All && line.scored_for != kind {
                continue;
            }
            let field = is_field(line);
            let parent = is_parent(i);
            let f = if field || parent { &bold } else { &cell };
            ws.write_with_format(r, 0, line.number, f)?;
            ws.write_with_format(r, 1, line.name, f)?;
            ws.write_with_format(
                r,
                2,
                line.max,
                if field || parent { &bold_num } else { &num },
            )?;
            if !field && !parent {
                score_row(ws, r, year, i, &agencies, (&cell, &num), &mut totals)?;
            }
            r += 1;
        }
        ws.write_with_format(r, 0, "", &bold)?;
        ws.write_with_format(r, 1, "Tổng điểm", &bold)?;
        ws.write_with_format(r, 2, 100.0, &bold_num)?;
        for (j, t) in totals.iter().enumerate() {
            let c = 3 + 2 * j as u16;
            ws.write_with_format(r, c, "", &bold)?;
            ws.write_with_format(r, c + 1, (t * 100.0).round() / 100.0, &bold_num)?;
        }
    }
    book.save_to_buffer()
}

/// One criterion's row: each agency's self and appraised scores ("-" where it does not
/// apply), added to the agencies' totals.
fn score_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    r: u32,
    year: i32,
    line: usize,
    agencies: &[&Agency],
    (cell, num): (&rust_xlsxwriter::Format, &rust_xlsxwriter::Format),
    totals: &mut [f64],
) -> Result<(), XlsxError> {
    let survey = field_of(line) == SURVEY_FIELD;
    for (j, a) in agencies.iter().enumerate() {
        let c = 3 + 2 * j as u16;
        let Some((own, appraised)) = sample_score(year, a, line, survey) else {
            ws.write_with_format(r, c, "-", cell)?;
            ws.write_with_format(r, c + 1, "-", cell)?;
            continue;
        };
        match own {
            Some(o) => ws.write_with_format(r, c, o, num)?,
            None => ws.write_with_format(r, c, "", cell)?,
        };
        // One district's secretary typed its scores as text ("1,25").
        if a.kind.is_district() && j == 2 {
            let text = crate::model::scores::score_text(appraised);
            ws.write_with_format(r, c + 1, text, cell)?;
        } else {
            ws.write_with_format(r, c + 1, appraised, num)?;
        }
        totals[j] += appraised;
    }
    Ok(())
}
