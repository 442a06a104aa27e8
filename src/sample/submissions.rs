//! Sample agency submissions for Quý I/2019 (`inputs/bao-cao/q1-2019/`), built
//! reproducibly from the catalogue, the registry and the indicators.
//!
//! Most agencies used the form and filled it correctly; some wrote their own layout
//! (title block, reordered columns, other header words); some made the mistakes the
//! Sở Nội vụ sees every quarter. Each sample's expected findings are listed in
//! [`EXPECTED`] so that the tests pin them.

use crate::model::catalogue::{Catalogue, Task};
use crate::model::indicators::Indicators;
use crate::model::period::{Calendar, Period, PeriodKind};
use crate::model::registry::{Agency, Registry};
use crate::xlsx::form::{CellFill, FormFill, RowFill, assigned_tasks, form_workbook};
use chrono::NaiveDate;
use rust_xlsxwriter::XlsxError;

/// The period of the samples.
pub const SAMPLE_PERIOD: Period = Period {
    kind: PeriodKind::Q1,
    year: 2019,
};

/// The as-of date the samples are meant to be checked on: the day after the reporting
/// deadline "trước ngày 05/3/2019", so that a report dated 05/03 is late.
pub fn sample_as_of() -> NaiveDate {
    date(2019, 3, 6)
}

/// For each sample file: its name, the agency, and the finding codes it must produce
/// when checked for Quý I/2019 on [`sample_as_of`], all together (empty: a clean file).
/// Sở Tư pháp and Sở Thông tin và Truyền thông cite one "Kế hoạch số 34/KH-UBND ngày
/// 21/01/2019" under tasks 12 and 7: `evidence.duplicate` in both, found across files.
pub const EXPECTED: &[(&str, &str, &[&str])] = &[
    ("SNV-q1-2019.xlsx", "SNV", &[]),
    (
        "STP-q1-2019.xlsx",
        "STP",
        &["date.late", "evidence.duplicate"],
    ),
    // 15a ("Ban hành Kế hoạch trong Tháng 01/2019 và thực hiện cả năm 2019") reported
    // done in January with the plan as evidence: questioned.
    ("VPUBND-q1-2019.xlsx", "VPUBND", &["status.plan_only"]),
    ("STTTT-q1-2019.xlsx", "STTTT", &["evidence.duplicate"]),
    ("Bao cao CCHC quy I-2019 (So KH-DT).xlsx", "SKHDT", &[]),
    ("SXD-q1-2019.xlsx", "SXD", &[]),
    ("SYT-q1-2019.xlsx", "SYT", &[]),
    ("QNQ-q1-2019.xlsx", "QNQ", &[]),
    (
        "STC-q1-2019.xlsx",
        "STC",
        &[
            // "tốt" in the state column, "Đang triển khai thực hiện theo kế hoạch" in
            // the result: read as in progress, and said.
            "status.interpreted",
            "date.missing",
            "evidence.missing",
            "figure.inconsistent",
        ],
    ),
    (
        "QLC-q1-2019.xlsx",
        "QLC",
        &[
            "task.missing",
            "task.duplicate",
            "task.unknown",
            "task.title_mismatch",
            "task.title_mismatch",
        ],
    ),
    ("HTN-q1-2019.xlsx", "HTN", &["text.legacy_encoding"]),
    ("QHB-q1-2019.xlsx", "QHB", &["meta.period_mismatch"]),
    (
        "UBND huyen An Duong - bao cao quy 1.xlsx",
        "HAD",
        // "không có" in a figure cell: read as 0, with a note.
        &["task.not_assigned", "date.future", "figure.interpreted"],
    ),
    ("SGTVT-q1-2019.xlsx", "SGTVT", &["file.unreadable"]),
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid sample date")
}

/// The symbol an agency signs with in document numbers (districts sign as UBND).
fn symbol(a: &Agency) -> String {
    if a.kind.is_district() {
        return "UBND".into();
    }
    match a.code.as_str() {
        "SKHDT" => "SKHĐT".into(),
        "SLDTBXH" => "SLĐTBXH".into(),
        "SGDDT" => "SGDĐT".into(),
        "SNGV" => "SNgV".into(),
        "VPUBND" => "VP".into(),
        c => c.into(),
    }
}

/// What an agency that did its work writes for one of its tasks in Quý I/2019.
pub(super) fn realistic_row(task: &Task, lead: bool, a: &Agency, seq: u32) -> RowFill {
    let sym = symbol(a);
    let n = 10 + seq * 7;
    let short = |s: &str| s.to_string();
    if !lead {
        return RowFill {
            status: "Đang thực hiện".into(),
            result: format!(
                "Phối hợp với cơ quan chủ trì triển khai nhiệm vụ; cung cấp thông tin, số liệu theo đề nghị (Công văn số {n}/{sym} ngày 15/02/2019)."
            ),
            ..Default::default()
        };
    }
    match task.code.as_str() {
        "13" => RowFill {
            status: "Đã hoàn thành".into(),
            date: CellFill::Date(date(2019, 1, 25)),
            evidence: "Quyết định số 215/QĐ-UBND ngày 25/01/2019 của UBND thành phố".into(),
            result: short(
                "Tham mưu UBND thành phố công bố danh mục văn bản quy phạm pháp luật hết hiệu lực toàn bộ, một phần năm 2018.",
            ),
            ..Default::default()
        },
        "5" => RowFill {
            status: "Đã hoàn thành".into(),
            date: CellFill::Date(date(2019, 2, 20)),
            evidence: "Quyết định số 412/QĐ-UBND ngày 20/02/2019 của UBND thành phố".into(),
            result: short(
                "Công bố Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của các cơ quan hành chính nhà nước thành phố năm 2018.",
            ),
            ..Default::default()
        },
        "15a" | "15b" => RowFill {
            status: "Đã hoàn thành".into(),
            date: CellFill::Date(date(2019, 1, 18 + (seq % 9))),
            evidence: format!(
                "Kế hoạch số {n}/KH-{sym} ngày {:02}/01/2019",
                18 + (seq % 9)
            ),
            result: short(
                "Ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2019; triển khai rà soát, cập nhật, công khai thủ tục hành chính thuộc thẩm quyền.",
            ),
            ..Default::default()
        },
        "26b" => RowFill {
            status: "Đang thực hiện".into(),
            evidence: format!("Kế hoạch số {}/KH-{sym} ngày 28/01/2019", n + 1),
            result: short(
                "Đã ban hành Kế hoạch ứng dụng công nghệ thông tin năm 2019; đang triển khai các nhiệm vụ theo kế hoạch.",
            ),
            ..Default::default()
        },
        "3a" | "3b" => RowFill {
            status: "Chưa thực hiện".into(),
            result: short("Nhiệm vụ triển khai trong Quý IV/2019 theo Kế hoạch."),
            ..Default::default()
        },
        "6a" | "6b" => RowFill {
            status: "Đang thực hiện".into(),
            evidence: format!("Kế hoạch số {}/KH-{sym} ngày 10/01/2019", n + 2),
            result: short(
                "Đã ban hành Kế hoạch kiểm tra cải cách hành chính năm 2019; dự kiến kiểm tra từ Quý II/2019.",
            ),
            ..Default::default()
        },
        "7" | "10" | "11" | "12" | "15" | "16" | "23" => RowFill {
            status: "Đang thực hiện".into(),
            evidence: format!("Kế hoạch số {}/KH-UBND ngày 21/01/2019", n + 3),
            result: short(
                "Đã tham mưu ban hành Kế hoạch trong tháng 01/2019; đang tổ chức triển khai.",
            ),
            ..Default::default()
        },
        "33" => RowFill {
            status: "Đang thực hiện".into(),
            result: short(
                "Rà soát trang thiết bị Bộ phận Một cửa; đề xuất bổ sung máy tính, máy quét và hệ thống lấy số tự động.",
            ),
            difficulties: short("Kinh phí mua sắm trang thiết bị chưa được bố trí."),
            proposals: short(
                "Đề nghị Sở Tài chính bố trí kinh phí hiện đại hóa Bộ phận Một cửa năm 2019.",
            ),
            ..Default::default()
        },
        "21" => RowFill {
            status: "Đang thực hiện".into(),
            result: short(
                "Xây dựng Đề án thi tuyển chức danh lãnh đạo cấp phòng; dự kiến tổ chức thi tuyển trong Quý III/2019.",
            ),
            ..Default::default()
        },
        _ => RowFill {
            status: "Đang thực hiện".into(),
            result: short("Đang triển khai thực hiện theo kế hoạch."),
            ..Default::default()
        },
    }
}

/// Plausible figures for an agency.
pub(super) fn realistic_figures(a: &Agency, seq: u32) -> Vec<(&'static str, u64)> {
    let district = a.kind.is_district();
    let received = if district {
        2400 + 137 * seq as u64
    } else {
        800 + 61 * seq as u64
    };
    let pending = received / 12;
    let resolved = received - pending;
    let late = resolved / 80;
    let on_time = resolved - late;
    let units_total = if district {
        12 + (seq as u64 % 25)
    } else {
        4 + (seq as u64 % 6)
    };
    vec![
        ("tthc_received", received),
        ("tthc_online", received / 5),
        ("tthc_resolved", resolved),
        ("tthc_on_time", on_time),
        ("tthc_late", late),
        ("tthc_pending", pending),
        (
            "dvc_level3",
            if district { 90 } else { 30 + seq as u64 % 20 },
        ),
        ("dvc_level4", if district { 12 } else { 5 + seq as u64 % 7 }),
        ("vbqppl_issued", if district { 1 } else { seq as u64 % 3 }),
        ("cchc_inspections", 1 + seq as u64 % 3),
        ("units_inspected", (units_total * 3).div_ceil(10)),
        ("units_total", units_total),
    ]
}

/// The sample's figures for another indicator list (a province's, with its own codes):
/// each indicator takes the value of the sample figure its name speaks of ("… tiếp
/// nhận trực tuyến" → the online dossiers), so generated forms of any list hold figures
/// that agree with each other.
fn figures_by_role(
    indicators: &Indicators,
    a: &Agency,
    seq: u32,
) -> std::collections::BTreeMap<String, CellFill> {
    let values: std::collections::BTreeMap<&str, u64> =
        realistic_figures(a, seq).into_iter().collect();
    // Most specific first: the first role whose words all stand in the name wins.
    const ROLES: &[(&[&str], &str)] = &[
        (&["truc tuyen", "tiep nhan"], "tthc_online"),
        (&["dung han"], "tthc_on_time"),
        (&["qua han"], "tthc_late"),
        (&["dang giai quyet"], "tthc_pending"),
        (&["da giai quyet"], "tthc_resolved"),
        (&["tiep nhan"], "tthc_received"),
        (&["cuoc kiem tra"], "cchc_inspections"),
        (&["duoc kiem tra"], "units_inspected"),
        (&["truc thuoc"], "units_total"),
        (&["muc do 3"], "dvc_level3"),
        (&["mot phan"], "dvc_level3"),
        (&["muc do 4"], "dvc_level4"),
        (&["toan trinh"], "dvc_level4"),
        (&["quy pham phap luat"], "vbqppl_issued"),
    ];
    let mut out = std::collections::BTreeMap::new();
    for ind in &indicators.indicators {
        let value = values.get(ind.code.as_str()).copied().or_else(|| {
            let name = crate::text::fold(&ind.name);
            ROLES
                .iter()
                .find(|(words, _)| words.iter().all(|w| name.contains(w)))
                .and_then(|(_, code)| values.get(code).copied())
        });
        if let Some(v) = value {
            out.insert(ind.code.clone(), CellFill::Number(v as f64));
        }
    }
    out
}

/// A correct, filled-in form for an agency.
fn clean_fill(cat: &Catalogue, a: &Agency, seq: u32) -> FormFill {
    let mut fill = FormFill {
        report_date: Some(date(2019, 2, 26 + seq % 3)),
        report_number: format!("{}/BC-{}", 30 + seq * 3, symbol(a)),
        preparer: "Nguyễn Thị Hoa".into(),
        phone: format!("0225.3{:06}", 821_000 + seq * 113),
        ..Default::default()
    };
    for (i, (task, lead)) in assigned_tasks(cat, &a.code).into_iter().enumerate() {
        // Partners report on a few tasks only; the other rows stay as prefilled.
        if lead || i % 4 == 0 {
            fill.rows.insert(
                task.code.clone(),
                realistic_row(task, lead, a, seq + i as u32),
            );
        }
    }
    for (code, v) in realistic_figures(a, seq) {
        fill.figures.insert(code.into(), CellFill::Number(v as f64));
    }
    fill
}

/// All sample submissions: (file name, bytes).
pub fn sample_submissions(
    cat: &Catalogue,
    registry: &Registry,
    indicators: &Indicators,
    calendar: &Calendar,
) -> Result<Vec<(String, Vec<u8>)>, XlsxError> {
    let period = SAMPLE_PERIOD;
    let agency = |code: &str| registry.get(code).expect("sample agency in registry");
    let form = |a: &Agency, fill: &FormFill| {
        form_workbook(cat, indicators, Some(calendar), a, period, Some(fill))
    };
    let mut out = Vec::new();
    for (seq, (name, code, _)) in EXPECTED.iter().enumerate() {
        let seq = seq as u32;
        let a = agency(code);
        let bytes = match *code {
            "STP" => {
                let mut fill = clean_fill(cat, a, seq);
                // Task 13 (due Tháng 01/2019) completed in February: late.
                let r = fill.rows.get_mut("13").expect("STP leads 13");
                r.date = CellFill::Date(date(2019, 2, 12));
                r.evidence = "Quyết định số 301/QĐ-UBND ngày 12/02/2019 của UBND thành phố".into();
                form(a, &fill)?
            }
            "STTTT" => {
                // Loosely typed but correct: short statuses, dates as text, NFD text.
                use unicode_normalization::UnicodeNormalization;
                let mut fill = clean_fill(cat, a, seq);
                for (i, r) in fill.rows.values_mut().enumerate() {
                    r.status = match r.status.as_str() {
                        "Đã hoàn thành" => "Đã HT".into(),
                        "Đang thực hiện" if i % 2 == 0 => "đang triển khai".into(),
                        s => s.to_lowercase(),
                    };
                    if let CellFill::Date(d) = r.date {
                        r.date = CellFill::Text(d.format("%d.%m.%Y").to_string());
                    }
                    r.result = r.result.nfd().collect();
                }
                form(a, &fill)?
            }
            "SKHDT" => super::layouts::own_layout_skhdt(cat, a, seq)?,
            "STC" => {
                let mut fill = clean_fill(cat, a, seq);
                if let Some(r) = fill.rows.get_mut("24") {
                    r.status = "tốt".into();
                }
                if let Some(r) = fill.rows.get_mut("15b") {
                    r.date = CellFill::Empty;
                    r.evidence.clear();
                }
                // On time + late larger than resolved.
                fill.figures
                    .insert("tthc_late".into(), CellFill::Number(400.0));
                form(a, &fill)?
            }
            "QLC" => {
                let mut fill = clean_fill(cat, a, seq);
                fill.omit.push("6b".into());
                let r20 = fill.rows.get("20").cloned().unwrap_or_default();
                fill.extra_rows.push((
                    "20".into(),
                    cat.task("20").map(|t| t.title.clone()).unwrap_or_default(),
                    r20,
                ));
                fill.extra_rows.push((
                    "36".into(),
                    "Tổ chức Hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm".into(),
                    RowFill {
                        status: "Chưa thực hiện".into(),
                        ..Default::default()
                    },
                ));
                // Rows 20 and 21 pasted with each other's titles.
                let t20 = cat.task("20").map(|t| t.title.clone()).unwrap_or_default();
                let t21 = cat.task("21").map(|t| t.title.clone()).unwrap_or_default();
                fill.titles.insert("20".into(), t21);
                fill.titles.insert("21".into(), t20);
                form(a, &fill)?
            }
            "HTN" => {
                let mut fill = clean_fill(cat, a, seq);
                for r in fill.rows.values_mut() {
                    r.result =
                        crate::read::legacy::encode(&r.result, crate::read::legacy::Legacy::Tcvn3);
                }
                form(a, &fill)?
            }
            "QHB" => {
                let mut fill = clean_fill(cat, a, seq);
                fill.period_label = Some("Quý III/2019".into());
                form(a, &fill)?
            }
            "HAD" => super::layouts::own_layout_had(cat, a, seq)?,
            "SGTVT" => {
                // A PDF saved with an .xlsx name.
                b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
                    .to_vec()
            }
            "QNQ" => {
                let mut fill = clean_fill(cat, a, seq);
                // Sent on the deadline day itself: "trước ngày 05/3/2019" makes it late.
                fill.report_date = Some(date(2019, 3, 5));
                form(a, &fill)?
            }
            _ => form(a, &clean_fill(cat, a, seq))?,
        };
        out.push((name.to_string(), bytes));
    }
    // Files found in a real mailbox folder that are not submissions.
    out.push(("~$SNV-q1-2019.xlsx".into(), b"\x0bNguyen Thi Hoa".to_vec()));
    out.push((
        "Cong van gui kem - SXD.pdf".into(),
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".to_vec(),
    ));
    Ok(out)
}

/// Writes the sample submissions into a folder (atomically, file by file).
pub fn write_sample_submissions(
    dir: &std::path::Path,
    cat: &Catalogue,
    registry: &Registry,
    indicators: &Indicators,
    calendar: &Calendar,
) -> std::io::Result<Vec<String>> {
    let files =
        sample_submissions(cat, registry, indicators, calendar).map_err(std::io::Error::other)?;
    let mut names = Vec::new();
    for (name, bytes) in files {
        crate::output::write_atomic(&dir.join(&name), &bytes)?;
        names.push(name);
    }
    Ok(names)
}

/// The registry of a measurement run: the real one, plus synthetic departments "Sở Thử
/// nghiệm số …" (codes `SX…`) up to `n` reporting agencies. Returns it as TOML.
pub fn sample_registry(registry: &Registry, n: usize) -> String {
    use crate::model::registry::AgencyKind;
    let mut all: Vec<Agency> = registry.agencies().to_vec();
    let reporting = all.iter().filter(|a| a.kind != AgencyKind::Other).count();
    for i in reporting + 1..=n {
        all.push(Agency {
            code: format!("SX{i:03}"),
            name: format!("Sở Thử nghiệm số {i}"),
            kind: AgencyKind::Department,
            order: 10_000 + i as u32,
            aliases: vec![],
        });
    }
    let mut toml = String::from("# Registry generated by `vanban sample` for measurements.\n");
    for a in &all {
        let kind = a.kind.as_str();
        let aliases: Vec<String> = a.aliases.iter().map(|x| format!("{x:?}")).collect();
        toml.push_str(&format!(
            "\n[[agency]]\ncode = {:?}\nname = {:?}\nkind = \"{kind}\"\norder = {}\naliases = [{}]\n",
            a.code,
            a.name,
            a.order,
            aliases.join(", ")
        ));
    }
    toml
}

/// Realistic, valid submissions of the first `n` reporting agencies of a registry
/// (made with [`sample_registry`]); `cat` must have been read with that registry.
pub fn generate(
    cat: &Catalogue,
    registry: &Registry,
    indicators: &Indicators,
    calendar: &Calendar,
    period: Period,
    n: usize,
) -> Result<Vec<(String, Vec<u8>)>, XlsxError> {
    use crate::model::registry::AgencyKind;
    let report_date = calendar
        .last_on_time_day(period)
        .and_then(|d| d.pred_opt())
        .unwrap_or_else(|| period.end());
    let mut files = Vec::new();
    let agencies = registry
        .agencies()
        .iter()
        .filter(|a| a.kind != AgencyKind::Other)
        .take(n);
    for (seq, a) in agencies.enumerate() {
        let mut fill = clean_fill(cat, a, seq as u32);
        fill.figures = figures_by_role(indicators, a, seq as u32);
        fill.report_date = Some(report_date);
        let bytes = form_workbook(cat, indicators, Some(calendar), a, period, Some(&fill))?;
        files.push((format!("{}-{}.xlsx", a.code, period.id()), bytes));
    }
    Ok(files)
}

/// A legitimate but huge submission: the agency's correct form with its lead tasks'
/// rows repeated below it until the table holds `rows` rows, as a fill-down or a bad
/// copy-paste leaves it. Every repeated row is a `task.duplicate`; the benchmark of
/// bounded memory (`benches/limits.sh`) checks files like this one.
pub fn repeated_rows_submission(
    cat: &Catalogue,
    indicators: &Indicators,
    calendar: &Calendar,
    agency: &Agency,
    period: Period,
    rows: usize,
) -> Result<Vec<u8>, XlsxError> {
    let mut fill = clean_fill(cat, agency, 0);
    let lead: Vec<(String, String, RowFill)> = assigned_tasks(cat, &agency.code)
        .into_iter()
        .filter(|(_, lead)| *lead)
        .filter_map(|(t, _)| {
            let row = fill.rows.get(&t.code)?.clone();
            Some((t.code.clone(), t.full_title(), row))
        })
        .collect();
    let already = assigned_tasks(cat, &agency.code).len();
    fill.extra_rows = lead
        .iter()
        .cycle()
        .take(rows.saturating_sub(already))
        .cloned()
        .collect();
    form_workbook(cat, indicators, Some(calendar), agency, period, Some(&fill))
}
