//! Reports as agencies really write them, read as a careful clerk would (the issue "Read
//! every report the way a careful clerk would"): each variant is built here from the
//! form or by hand, and its findings are pinned.

use crate::common::{TempDir, reference, stderr, stdout, vanban};
use vanban::model::period::{Period, PeriodKind};
use vanban::xlsx::form::{CellFill, FormFill, RowFill};

const Q1: Period = Period {
    kind: PeriodKind::Q1,
    year: 2019,
};

/// The form of an agency filled with `fill`.
fn form(agency: &str, fill: &FormFill) -> Vec<u8> {
    crate::common::form_bytes(&reference(), agency, fill)
}

/// A correct report of STP's lead task 13 (due Tháng 01/2019, done on time).
fn stp_fill(result: &str) -> FormFill {
    let mut fill = FormFill {
        report_date: Some(chrono::NaiveDate::from_ymd_opt(2019, 2, 27).unwrap()),
        report_number: "31/BC-STP".into(),
        preparer: "Nguyễn Văn An".into(),
        phone: "0225.3821000".into(),
        ..Default::default()
    };
    fill.rows.insert(
        "13".into(),
        RowFill {
            status: "Đã hoàn thành".into(),
            date: CellFill::Date(chrono::NaiveDate::from_ymd_opt(2019, 1, 25).unwrap()),
            evidence: "Kế hoạch số 15/KH-STP ngày 25/01/2019".into(),
            result: result.into(),
            ..Default::default()
        },
    );
    fill
}

fn check_json(file: &std::path::Path) -> serde_json::Value {
    let out = crate::common::check_q1(file, &["--format", "json", "--no-feedback"]);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&out)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (code, cell) of every finding of the first file.
fn findings(v: &serde_json::Value) -> Vec<(String, String)> {
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["cell"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn an_emoji_is_reported_at_its_cell_and_every_document_is_written() {
    let dir = TempDir::new("emoji");
    let subs = dir.path("bao-cao/q1-2019");
    std::fs::create_dir_all(&subs).unwrap();
    let file = subs.join("STP-q1-2019.xlsx");
    std::fs::write(
        &file,
        form("STP", &stp_fill("Đã ban hành kế hoạch 😀 ✓ đúng hạn")),
    )
    .unwrap();
    let v = check_json(&file);
    let f = findings(&v);
    let unprintable: Vec<&(String, String)> =
        f.iter().filter(|(c, _)| c == "text.unprintable").collect();
    // Task 13 stands on row 8 of STP's form; "Kết quả thực hiện" is column G.
    assert_eq!(
        unprintable,
        vec![&("text.unprintable".to_string(), "G8".to_string())],
        "{f:?}"
    );
    let d = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "text.unprintable")
        .unwrap();
    assert_eq!(d["severity"], "warning");
    assert!(d["message"].as_str().unwrap().contains("U+1F600"), "{d}");
    assert!(
        !d["message"].as_str().unwrap().contains("U+2713"),
        "✓ is drawn: {d}"
    );

    // The whole period still runs to the end: report, letters, decision, both formats.
    let out_dir = dir.path("out");
    let config = crate::common::config_in(&dir, true);
    let out = vanban(&["run", "--config", config.to_str().unwrap(), "--quiet"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("q1-2019/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["failures"].as_array().unwrap().len(), 0, "{m}");
    assert!(out_dir.join("q1-2019/bao-cao-cchc-q1-2019.pdf").exists());
    let out = vanban(&["report", "--config", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// A cell of a hand-made workbook.
#[derive(Clone, Copy)]
enum C<'a> {
    T(&'a str),
    N(f64),
    E,
}

/// A workbook of the agency's own: sheets of rows of cells, nothing else.
fn own_book(path: &std::path::Path, sheets: &[(&str, Vec<Vec<C>>)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    C::T(t) => {
                        ws.write_string(r as u32, c as u16, *t).unwrap();
                    }
                    C::N(n) => {
                        ws.write_number(r as u32, c as u16, *n).unwrap();
                    }
                    C::E => {}
                }
            }
        }
    }
    book.save(path).unwrap();
}

/// An agency's own table: its labelled lines, the header, then `rows`.
fn own_table(agency: &'static str, rows: Vec<Vec<C<'static>>>) -> Vec<Vec<C<'static>>> {
    use C::*;
    let mut out = vec![
        vec![T(agency)],
        vec![T("Kỳ báo cáo: Quý I/2019")],
        vec![T("Ngày báo cáo: 27/02/2019")],
        vec![
            T("Mã nhiệm vụ"),
            T("Nội dung công việc"),
            T("Tình trạng"),
            T("Ngày hoàn thành"),
            T("Văn bản, sản phẩm"),
            T("Kết quả thực hiện"),
        ],
    ];
    out.extend(rows);
    out
}

/// Sở Tư pháp's own table: its lead task 13 done on time.
fn stp_tasks() -> Vec<Vec<C<'static>>> {
    use C::*;
    own_table(
        "Cơ quan: Sở Tư pháp",
        vec![vec![
            T("13"),
            T("Kế hoạch kiểm tra công tác CCHC"),
            T("Đã hoàn thành"),
            T("25/01/2019"),
            T("Kế hoạch số 15/KH-STP ngày 25/01/2019"),
            T("Đã ban hành"),
        ]],
    )
}

#[test]
fn figures_written_with_the_agency_s_own_labels_are_recognised_and_checked() {
    use C::*;
    let dir = TempDir::new("labels");
    let file = dir.path("STP-q1-2019.xlsx");
    own_book(
        &file,
        &[
            ("Báo cáo", stp_tasks()),
            (
                "Số liệu TTHC",
                vec![
                    vec![T("SỐ LIỆU KẾT QUẢ GIẢI QUYẾT TTHC")],
                    vec![T("STT"), T("Chỉ tiêu"), T("Số liệu")],
                    vec![N(1.0), T("Số hồ sơ TTHC đã nhận"), N(1200.0)],
                    vec![N(2.0), T("Hồ sơ đã giải quyết"), N(1000.0)],
                    vec![N(3.0), T("Hồ sơ giải quyết trước và đúng hạn"), N(990.0)],
                    vec![N(4.0), T("Trễ hạn"), N(20.0)],
                    vec![N(5.0), T("VBQPPL đã ban hành"), N(2.0)],
                    vec![N(6.0), T("Số cán bộ được khen thưởng"), N(4.0)],
                    vec![N(7.0), T("Hồ sơ"), N(5.0)],
                    vec![E, T("DVC mức độ 3"), T("nhiều")],
                ],
            ),
        ],
    );
    let v = check_json(&file);
    let f = findings(&v);
    let figure_findings: Vec<(String, String)> = f
        .iter()
        .filter(|(c, _)| c.starts_with("figure."))
        .cloned()
        .collect();
    assert_eq!(
        figure_findings,
        vec![
            ("figure.unknown".to_string(), "C8".to_string()),
            ("figure.unknown".to_string(), "C9".to_string()),
            ("figure.invalid".to_string(), "C10".to_string()),
            // 990 on time + 20 late > 1,000 resolved.
            ("figure.inconsistent".to_string(), "C5".to_string()),
        ],
        "{f:?}"
    );
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let unknown = diags.iter().find(|d| d["cell"] == "C8").unwrap();
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .contains("Số cán bộ được khen thưởng"),
        "{unknown}"
    );
    let ambiguous = diags.iter().find(|d| d["cell"] == "C9").unwrap();
    let hint = ambiguous["hint"].as_str().unwrap();
    assert!(hint.starts_with("Có phải là “"), "{hint}");
    assert!(hint.contains(" hay "), "two indicators fit “Hồ sơ”: {hint}");
    let inconsistent = diags
        .iter()
        .find(|d| d["code"] == "figure.inconsistent")
        .unwrap();
    assert_eq!(inconsistent["severity"], "error");

    // The recognised figures reach the summary (Phụ lục II) — all but the broken set.
    let r = reference();
    let (_, checked) = r.check_file(
        &file,
        Some(Q1),
        chrono::NaiveDate::from_ymd_opt(2019, 3, 6).unwrap(),
        None,
    );
    assert_eq!(checked.figures.get("vbqppl_issued"), Some(&2));
    assert_eq!(checked.figures.get("tthc_received"), Some(&1200));
}

#[test]
fn shifted_rows_are_caught_with_the_short_titles_agencies_type() {
    use C::*;
    let dir = TempDir::new("shifted");
    let file = dir.path("SNV-q1-2019.xlsx");
    let row = |code: &'static str, title: &'static str| {
        vec![
            T(code),
            T(title),
            T("Đang thực hiện"),
            E,
            T("Kế hoạch số 12/KH-SNV"),
            T("Đang triển khai"),
        ]
    };
    own_book(
        &file,
        &[(
            "Báo cáo",
            own_table(
                "Cơ quan: Sở Nội vụ",
                vec![
                    // Rows 21 and 22 swapped, titles shortened as agencies type them.
                    row("21", "Tuyển dụng công chức 2017, 2018"),
                    row("22", "Thi tuyển lãnh đạo cấp phòng"),
                    // A short title that is its own task's: no warning.
                    row("1", "Kế hoạch CCHC năm 2019"),
                    // An unknown code: the hint names the task the title belongs to.
                    row("99", "Đối thoại doanh nghiệp"),
                ],
            ),
        )],
    );
    let v = check_json(&file);
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let of = |code: &str| -> Vec<(String, String)> {
        diags
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| {
                (
                    d["cell"].as_str().unwrap().to_string(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let shifted = of("task.title_mismatch");
    assert_eq!(shifted.len(), 2, "{shifted:?}");
    assert_eq!(shifted[0].0, "B5");
    assert!(
        shifted[0]
            .1
            .contains("của nhiệm vụ 22, không phải nhiệm vụ 21"),
        "{shifted:?}"
    );
    assert_eq!(shifted[1].0, "B6");
    assert!(
        shifted[1]
            .1
            .contains("của nhiệm vụ 21, không phải nhiệm vụ 22"),
        "{shifted:?}"
    );
    let unknown: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| d["code"] == "task.unknown")
        .collect();
    assert_eq!(unknown.len(), 1);
    assert!(
        unknown[0]["hint"]
            .as_str()
            .unwrap()
            .starts_with("Có phải là nhiệm vụ 8:"),
        "{}",
        unknown[0]
    );
}

/// A table with no agency or period label: just the header and task 13.
fn bare_table(above: Vec<Vec<C<'static>>>) -> Vec<Vec<C<'static>>> {
    use C::*;
    let mut rows = above;
    rows.push(vec![
        T("STT"),
        T("Nội dung công việc"),
        T("Tình trạng"),
        T("Ngày hoàn thành"),
        T("Văn bản, sản phẩm"),
    ]);
    rows.push(vec![
        T("13"),
        T("Kế hoạch kiểm tra"),
        T("Đang thực hiện"),
        E,
        T("Kế hoạch số 15/KH"),
    ]);
    rows
}

fn notes(v: &serde_json::Value) -> Vec<(String, String)> {
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "info")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_agency_and_date_come_from_the_official_header_lines() {
    use C::*;
    let dir = TempDir::new("header-lines");
    let file = dir.path("bao-cao-quy-I.xlsx");
    own_book(
        &file,
        &[(
            "Sheet1",
            bare_table(vec![
                vec![
                    T("UBND THÀNH PHỐ HẢI PHÒNG"),
                    E,
                    T("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                ],
                vec![
                    T("ỦY BAN NHÂN DÂN HUYỆN TIÊN LÃNG"),
                    E,
                    T("Độc lập - Tự do - Hạnh phúc"),
                ],
                vec![
                    T("Số: 45/BC-UBND"),
                    E,
                    T("Tiên Lãng, ngày 02 tháng 3 năm 2019"),
                ],
                vec![T(
                    "BÁO CÁO KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ I/2019",
                )],
            ]),
        )],
    );
    let v = check_json(&file);
    let f = &v["files"][0];
    assert_eq!(f["agency"], "HTL", "{f}");
    assert_eq!(f["period"], "q1-2019", "{f}");
    let codes: Vec<String> = findings(&v).into_iter().map(|(c, _)| c).collect();
    assert!(!codes.contains(&"meta.missing".to_string()), "{codes:?}");
    let n = notes(&v);
    assert!(
        n.iter()
            .any(|(c, m)| c == "meta.inferred" && m.contains("ỦY BAN NHÂN DÂN HUYỆN TIÊN LÃNG")),
        "{n:?}"
    );
    assert!(
        n.iter()
            .any(|(_, m)| m.contains("Tiên Lãng, ngày 02 tháng 3 năm 2019")),
        "{n:?}"
    );
    assert!(
        n.iter()
            .any(|(_, m)| m.starts_with("Kỳ báo cáo được xác định từ tên báo cáo “BÁO CÁO")),
        "the title line names the period before the file name does: {n:?}"
    );
    // The date read is the report's: 02/03/2019 is on time (deadline 05/03/2019), and a
    // note is not a warning — the text output says "ghi chú".
    let out = crate::common::check_q1(&file, &["--no-feedback"]);
    assert!(
        stdout(&out).contains("ghi chú meta.inferred"),
        "{}",
        stdout(&out)
    );
    let r = reference();
    let (sub, _) = r.check_file(
        &file,
        Some(Q1),
        chrono::NaiveDate::from_ymd_opt(2019, 3, 6).unwrap(),
        None,
    );
    assert_eq!(sub.report_date, chrono::NaiveDate::from_ymd_opt(2019, 3, 2));
}

#[test]
fn the_agency_and_period_come_from_a_file_name_typed_without_accents() {
    for (name, agency) in [
        ("Bao cao CCHC quy 1 2019 - So GD&DT.xlsx", "SGDDT"),
        ("so y te Q1-2019.xlsx", "SYT"),
        ("BC CCHC UBND Q. Hai An quy I 2019.xlsx", "QHA"),
    ] {
        let dir = TempDir::new("file-name");
        let file = dir.path(name);
        own_book(&file, &[("Sheet1", bare_table(vec![]))]);
        let v = check_json(&file);
        let f = &v["files"][0];
        assert_eq!(f["agency"], agency, "{name}: {f}");
        assert_eq!(f["period"], "q1-2019", "{name}: {f}");
        let n = notes(&v);
        assert_eq!(n.len(), 2, "{name}: {n:?}");
        assert!(
            n[0].1
                .starts_with("Cơ quan báo cáo được xác định từ tên tệp"),
            "{n:?}"
        );
        assert!(
            n[1].1.starts_with("Kỳ báo cáo được xác định từ tên tệp"),
            "{n:?}"
        );
    }
    // Two agencies in one name: neither is guessed, both are named in the hint.
    let dir = TempDir::new("file-name-two");
    let file = dir.path("Bao cao chung So Y te - So Tu phap quy 1 2019.xlsx");
    own_book(&file, &[("Sheet1", bare_table(vec![]))]);
    let v = check_json(&file);
    let missing = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "meta.missing")
        .unwrap()
        .clone();
    let hint = missing["hint"].as_str().unwrap();
    assert!(
        hint.contains("Sở Y tế") && hint.contains("Sở Tư pháp"),
        "{hint}"
    );
}

/// Every text of the seed annex (titles, agencies, products, deadlines), one per cell.
fn seed_texts() -> Vec<String> {
    let mut out: Vec<String> = crate::common::seed_rows()
        .into_iter()
        .flat_map(|(_, cells)| cells)
        .map(|c| vanban::text::clean(&c))
        .filter(|c| !c.is_ascii())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn legacy_detection_measured_both_ways_on_the_seed_and_the_shipped_inputs() {
    use vanban::read::legacy::{Legacy, decode, detect, encode};
    let texts = seed_texts();
    assert!(texts.len() > 80, "{}", texts.len());
    // No false alarm: every Unicode text of the seed stays as it is.
    let false_alarms: Vec<&String> = texts.iter().filter(|t| detect(t).is_some()).collect();
    assert_eq!(false_alarms, Vec::<&String>::new());
    // Every sentence encoded in TCVN3 or VNI is detected and restored exactly (TCVN3 has
    // no capitals of its own: they came from a font, so case is compared loosely there).
    for enc in [Legacy::Tcvn3, Legacy::Vni] {
        let mut missed = Vec::new();
        for t in &texts {
            let legacy = encode(t, enc);
            if legacy == *t {
                continue;
            }
            let restored = decode(&legacy, enc);
            let same = match enc {
                Legacy::Tcvn3 => restored.to_lowercase() == t.to_lowercase(),
                Legacy::Vni => restored == *t,
            };
            if detect(&legacy) != Some(enc) || !same {
                missed.push((t.clone(), legacy, restored));
            }
        }
        assert_eq!(missed, Vec::new(), "{enc:?}");
    }
    // Every cell of the shipped inputs stays untouched, but the one sample typed in
    // TCVN3 on purpose (Huyện Thủy Nguyên's results column).
    let mut files = vec![crate::common::root().join("inputs/danh-muc-2019.xlsx")];
    for e in std::fs::read_dir(crate::common::root().join("inputs/bao-cao/q1-2019")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "xlsx")
            && !p.file_name().unwrap().to_string_lossy().starts_with("~$")
        {
            files.push(p);
        }
    }
    for f in files {
        let Ok(book) = vanban::read::sheet::Workbook::open(&f) else {
            continue;
        };
        let mut diags = Vec::new();
        vanban::read::legacy::convert_workbook(book, &mut diags);
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        if name == "HTN-q1-2019.xlsx" {
            assert_eq!(diags.len(), 1, "{diags:#?}");
            assert!(
                diags[0].message.starts_with("Cột G có"),
                "{}",
                diags[0].message
            );
        } else {
            assert_eq!(diags, Vec::new(), "{name}");
        }
    }
}

#[test]
fn a_lone_tcvn3_cell_among_unicode_cells_is_converted_and_reported_at_its_cell() {
    use C::*;
    use vanban::read::legacy::{Legacy, encode};
    let dir = TempDir::new("lone-legacy");
    let file = dir.path("STP-q1-2019.xlsx");
    let pasted = encode(
        "Đã ban hành kế hoạch triển khai, giao các phòng thực hiện",
        Legacy::Tcvn3,
    );
    assert!(pasted.starts_with("§· ban hµnh"), "{pasted}");
    let mut rows = stp_tasks();
    rows[4][5] = T(Box::leak(pasted.into_boxed_str()));
    rows.push(vec![
        T("Phối hợp"),
        T("Tài liệu tham khảo: Café, naïve, µg, 25°C, ½, ±5%, © 2019, São Paulo, Zürich"),
    ]);
    own_book(&file, &[("Báo cáo", rows)]);
    let v = check_json(&file);
    let legacy: Vec<&serde_json::Value> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "text.legacy_encoding")
        .collect();
    assert_eq!(legacy.len(), 1, "{legacy:?}");
    assert_eq!(legacy[0]["cell"], "F5");
    assert!(
        legacy[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Ô F5 gõ bằng bảng mã TCVN3")
    );
    let r = reference();
    let (sub, _) = r.check_file(
        &file,
        Some(Q1),
        chrono::NaiveDate::from_ymd_opt(2019, 3, 6).unwrap(),
        None,
    );
    let row = sub
        .rows
        .iter()
        .find(|r| r.code.as_deref() == Some("13"))
        .unwrap();
    assert_eq!(
        &*row.result,
        "Đã ban hành kế hoạch triển khai, giao các phòng thực hiện"
    );
}

/// Workbooks written blind from the issue's text by another author (generator and notes
/// in `tests/fixtures/clerk/`: `make.py`, `EXPECTED.md`), two saved as .xls and two as
/// .ods by LibreOffice: each file's agency, period and every finding (code@cell),
/// reviewed against the notes.
const BLIND: &[(&str, &str, &[&str])] = &[
    (
        "BC CCHC quy I-2019 (gui So Noi vu).xlsx",
        "SKHDT",
        &[
            "figure.inconsistent@C5",
            "meta.inferred@A2",
            "meta.inferred@A5",
            "meta.inferred@F3",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.title_mismatch@B8",
            "task.title_mismatch@B9",
        ],
    ),
    (
        "Bao cao CCHC quy 1 2019 - So GD&DT.xlsx",
        "SGDDT",
        &[
            // "Kế hoạch số 35/KH", "Thông báo số 48/TB": no issuer's code.
            "evidence.incomplete@G10",
            "evidence.incomplete@G9",
            "meta.inferred@",
            "meta.inferred@",
            "meta.inferred@F3",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
        ],
    ),
    (
        "Bao cao CCHC quy I nam 2019.xls",
        "HTL",
        &[
            "meta.inferred@",
            "meta.inferred@A1",
            "meta.inferred@F3",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.not_assigned@B10",
        ],
    ),
    (
        "STP_BaoCao_CCHC_Q1_2019.xlsx",
        "STP",
        &[
            // "Công văn số 05/STP-VP": no date, and its number has no year.
            "evidence.incomplete@F3",
            "figure.inconsistent@D5",
            "figure.unknown@D9",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
        ],
    ),
    (
        "STP_BaoCao_CCHC_Q1_2019_ban sua.xlsx",
        "STP",
        &[
            // "Công văn số 05/STP-VP": no date, and its number has no year.
            "evidence.incomplete@F3",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
        ],
    ),
    (
        "SYT_BaoCao_Q1_2019.xls",
        "SYT",
        &[
            "meta.inferred@",
            "meta.inferred@A2",
            "meta.inferred@G3",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "text.legacy_encoding@I9",
            "text.unprintable@H10",
        ],
    ),
    (
        "QHA_BC_CCHC_Quy1_2019.ods",
        "QHA",
        &[
            // "kết luận số 15/TB-UBND": no date, and its number has no year.
            "evidence.incomplete@G12",
            "sheet.extra_column@J7",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.not_assigned@B10",
            "text.legacy_encoding@H11",
        ],
    ),
    (
        "SNV_BaoCao_CCHC_Q1-2019.ods",
        "SNV",
        &[
            "figure.inconsistent@D9",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.missing@",
            "task.title_mismatch@B3",
        ],
    ),
];

#[test]
fn workbooks_written_blind_from_the_issue_give_their_pinned_findings() {
    let dir = crate::common::root().join("tests/fixtures/clerk");
    for (name, agency, want) in BLIND {
        let v = check_json(&dir.join(name));
        let f = &v["files"][0];
        assert_eq!(f["agency"], *agency, "{name}");
        assert_eq!(f["period"], "q1-2019", "{name}");
        assert_eq!(crate::common::code_cells(f), want.to_vec(), "{name}");
    }
    // Two-row headers read from the .xls and the .ods: their task rows are all there.
    let r = reference();
    let day = chrono::NaiveDate::from_ymd_opt(2019, 3, 6).unwrap();
    let (htl, _) = r.check_file(
        &dir.join("Bao cao CCHC quy I nam 2019.xls"),
        Some(Q1),
        day,
        None,
    );
    let codes: Vec<&str> = htl.rows.iter().filter_map(|r| r.code.as_deref()).collect();
    assert_eq!(codes, ["1", "21", "8"]);
    assert_eq!(htl.report_date, chrono::NaiveDate::from_ymd_opt(2019, 3, 2));
    let (qha, _) = r.check_file(&dir.join("QHA_BC_CCHC_Quy1_2019.ods"), Some(Q1), day, None);
    assert!(
        qha.rows.iter().any(|r| &*r.difficulties
            == "Đội ngũ công chức làm công tác CCHC còn kiêm nhiệm, thường xuyên thay đổi"),
        "{:#?}",
        qha.rows
    );
}

#[test]
fn a_two_row_header_with_merged_cells_is_one_column_map() {
    let dir = TempDir::new("two-rows");
    let file = dir.path("STP-q1-2019.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Báo cáo").unwrap();
    let f = rust_xlsxwriter::Format::new();
    ws.write_string(0, 0, "Cơ quan: Sở Tư pháp").unwrap();
    ws.write_string(1, 0, "Kỳ báo cáo: Quý I/2019").unwrap();
    // Row 4-5: "Nhiệm vụ" (codes) and "Nội dung" merged down, "Kết quả thực hiện"
    // merged across three sub-columns.
    ws.merge_range(3, 0, 4, 0, "Nhiệm vụ", &f).unwrap();
    ws.merge_range(3, 1, 4, 1, "Nội dung công việc", &f)
        .unwrap();
    ws.merge_range(3, 2, 3, 4, "Kết quả thực hiện", &f).unwrap();
    ws.write_string(4, 2, "Tình trạng").unwrap();
    ws.write_string(4, 3, "Ngày hoàn thành").unwrap();
    ws.write_string(4, 4, "Văn bản, sản phẩm").unwrap();
    ws.merge_range(3, 5, 4, 5, "Khó khăn, vướng mắc", &f)
        .unwrap();
    for (i, code) in ["13", "15b"].iter().enumerate() {
        let r = 5 + i as u32;
        ws.write_string(r, 0, *code).unwrap();
        ws.write_string(r, 1, "Nhiệm vụ của Sở").unwrap();
        ws.write_string(r, 2, "Đang thực hiện").unwrap();
        ws.write_string(r, 4, "Kế hoạch số 15/KH-STP").unwrap();
        ws.write_string(r, 5, "Không").unwrap();
    }
    book.save(&file).unwrap();
    let r = reference();
    let day = chrono::NaiveDate::from_ymd_opt(2019, 3, 6).unwrap();
    let (sub, checked) = r.check_file(&file, Some(Q1), day, None);
    let codes: Vec<&str> = sub.rows.iter().filter_map(|r| r.code.as_deref()).collect();
    assert_eq!(codes, ["13", "15b"], "{:#?}", checked.diagnostics);
    assert_eq!(&*sub.rows[0].status_text, "Đang thực hiện");
    assert_eq!(&*sub.rows[0].evidence, "Kế hoạch số 15/KH-STP");
    assert_eq!(&*sub.rows[0].difficulties, "Không");
    assert!(
        !checked
            .diagnostics
            .iter()
            .any(|d| d.code == "sheet.missing" || d.code == "sheet.extra_column"),
        "{:#?}",
        checked.diagnostics
    );
}

#[test]
fn the_register_of_incoming_documents_decides_lateness_and_the_documents_say_so() {
    let dir = TempDir::new("register");
    let subs = dir.path("bao-cao/q1-2019");
    std::fs::create_dir_all(&subs).unwrap();
    for e in std::fs::read_dir(crate::common::root().join("inputs/bao-cao/q1-2019")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, subs.join(p.file_name().unwrap())).unwrap();
    }
    // The văn thư's register: Quận Ngô Quyền's report (typed 05/03/2019, one day late
    // by its own date) arrived on 04/03; Sở Tư pháp's (typed in February) only on
    // 07/03, by file name; one row with a date nobody can read.
    std::fs::write(
        subs.join("so-den.csv"),
        "\u{feff}Số đến;Ngày đến;Cơ quan;Tệp\n\
         118;04/03/2019;UBND quận Ngô Quyền;\n\
         125;07/03/2019;;STP-q1-2019.xlsx\n\
         126;hôm qua;Sở Y tế;\n",
    )
    .unwrap();
    let out_dir = dir.path("out");
    let config = crate::common::config_in(&dir, false);
    let out = vanban(&[
        "run",
        "--config",
        config.to_str().unwrap(),
        "--quiet",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("sổ văn bản đến, dòng 4: ngày đến “hôm qua” không đọc được"),
        "{}",
        stderr(&out)
    );
    let m: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The register is not taken for a submission.
    assert!(
        m["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["file"].as_str().unwrap().ends_with("so-den.csv")),
        "{m}"
    );
    let period = out_dir.join("q1-2019");
    // Ngô Quyền is on time now (no letter for lateness), Sở Tư pháp late.
    let stp = crate::common::docx_text(&period.join("cong-van-don-doc/nhac-han-STP-q1-2019.docx"));
    assert!(
        stp.contains("(đến ngày 07/03/2019, số đến 125) của quý cơ quan"),
        "{stp}"
    );
    assert!(stp.contains("sau thời hạn nêu trên"), "{stp}");
    assert!(
        !period
            .join("cong-van-don-doc/nhac-han-QNQ-q1-2019.docx")
            .exists()
    );
    // The Tờ trình says what lateness was judged on.
    let to_trinh = crate::common::docx_text(&period.join("to-trinh-cchc-q1-2019.docx"));
    assert!(
        to_trinh.contains("căn cứ ngày đến theo sổ văn bản đến của Sở Nội vụ;"),
        "{to_trinh}"
    );
    assert!(
        to_trinh.contains("chưa vào sổ tính theo ngày ghi trên báo cáo)"),
        "{to_trinh}"
    );
    // `check` on the folder reads its register too: each file's arrival in the JSON.
    let out = crate::common::check_q1(&subs, &["--format", "json", "--no-feedback"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stp = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["agency"] == "STP")
        .unwrap();
    assert_eq!(stp["received"]["date"], "2019-03-07", "{stp}");
    assert_eq!(stp["received"]["number"], "125");
    // The status workbook says when each report arrived and what it was judged on.
    let wb = vanban::read::sheet::Workbook::open(&period.join("kiem-tra/tong-hop-q1-2019.xlsx"))
        .unwrap();
    let ag = wb.sheet("Cơ quan").unwrap();
    let row = (1..ag.end_row()).find(|&r| ag.text(r, 0) == "STP").unwrap();
    assert_eq!(
        (
            ag.text(row, 2),
            ag.text(row, 4),
            ag.text(row, 5),
            ag.text(row, 6)
        ),
        (
            "muộn".to_string(),
            "07/03/2019".to_string(),
            "125".to_string(),
            "ngày đến (sổ văn bản đến)".to_string()
        )
    );
}

/// The text of a part of an xlsx package.
fn part(path: &std::path::Path, name: &str) -> Option<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    Some(s)
}

fn part_names(path: &std::path::Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    zip.file_names().map(str::to_string).collect()
}

#[test]
fn the_feedback_copy_of_an_xlsx_is_the_agency_s_own_file_with_the_findings_added() {
    let dir = TempDir::new("own-copy");
    // The blind SKHDT report: the agency's own layout (merged title block, widths,
    // formats), two shifted rows and an impossible set of figures.
    let original =
        crate::common::root().join("tests/fixtures/clerk/BC CCHC quy I-2019 (gui So Noi vu).xlsx");
    let before = std::fs::read(&original).unwrap();
    let fb = dir.path("kiem-tra");
    let out = crate::common::check_q1(&original, &["--feedback", fb.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&original).unwrap(),
        before,
        "the original is never modified"
    );
    let copy = fb.join("BC-CCHC-quy-I-2019-gui-So-Noi-vu-kiem-tra.xlsx");

    // The same sheets, the findings first; every value of the agency's sheets as it was.
    let orig_book = vanban::read::sheet::Workbook::open(&original).unwrap();
    let copy_book = vanban::read::sheet::Workbook::open(&copy).unwrap();
    let names: Vec<&str> = copy_book.sheets.iter().map(|g| g.name.as_str()).collect();
    let mut want = vec![vanban::xlsx::feedback::RESULT_SHEET];
    want.extend(orig_book.sheets.iter().map(|g| g.name.as_str()));
    assert_eq!(names, want);
    for (a, b) in orig_book.sheets.iter().zip(&copy_book.sheets[1..]) {
        crate::common::assert_same_cells(a, b, false, "the agency's values are kept");
    }
    let findings: String = (0..copy_book.sheets[0].end_row())
        .map(|r| copy_book.sheets[0].text(r, 2) + "\n")
        .collect();
    assert!(findings.contains("task.title_mismatch") && findings.contains("figure.inconsistent"));

    // Every part of the agency's package is still there; its sheets keep their merges
    // and column widths exactly.
    let orig_parts = part_names(&original);
    let copy_parts = part_names(&copy);
    for p in &orig_parts {
        assert!(copy_parts.contains(p), "{p} kept");
    }
    for p in orig_parts
        .iter()
        .filter(|p| p.starts_with("xl/worksheets/sheet"))
    {
        let (a, b) = (part(&original, p).unwrap(), part(&copy, p).unwrap());
        let between = |s: &str, open: &str, close: &str| -> String {
            s.find(open)
                .and_then(|i| s[i..].find(close).map(|j| s[i..i + j].to_string()))
                .unwrap_or_default()
        };
        assert_eq!(
            between(&a, "<cols>", "</cols>"),
            between(&b, "<cols>", "</cols>"),
            "{p}"
        );
        assert_eq!(
            between(&a, "<mergeCells", "</mergeCells>"),
            between(&b, "<mergeCells", "</mergeCells>"),
            "{p}"
        );
    }
    // The shifted row's title cell (Nhiệm vụ!B8) is shaded with its own format kept,
    // and carries a note.
    let sheet_part = orig_parts
        .iter()
        .find(|p| {
            p.starts_with("xl/worksheets/sheet") && part(&copy, p).unwrap().contains("r=\"B8\"")
        })
        .unwrap()
        .clone();
    let copy_xml = part(&copy, &sheet_part).unwrap();
    let orig_xml = part(&original, &sheet_part).unwrap();
    let style_of = |xml: &str| -> usize {
        let i = xml.find("r=\"B8\"").unwrap();
        let tag = &xml[xml[..i].rfind("<c ").unwrap()..i + xml[i..].find('>').unwrap()];
        tag.split(" s=\"")
            .nth(1)
            .map_or(0, |s| s[..s.find('"').unwrap()].parse().unwrap())
    };
    let styles = part(&copy, "xl/styles.xml").unwrap();
    let xfs_block = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xfs: Vec<&str> = xfs_block.split("<xf ").skip(1).collect();
    let (orig_xf, new_xf) = (xfs[style_of(&orig_xml)], xfs[style_of(&copy_xml)]);
    assert!(new_xf.contains("applyFill=\"1\""), "{new_xf}");
    let attr = |xf: &str, a: &str| {
        xf.split(&format!("{a}=\""))
            .nth(1)
            .map(|s| s[..s.find('"').unwrap()].to_string())
    };
    for a in ["fontId", "borderId", "numFmtId"] {
        assert_eq!(attr(orig_xf, a), attr(new_xf, a), "{a} kept");
    }
    let comments: String = copy_parts
        .iter()
        .filter(|p| p.contains("comments"))
        .map(|p| part(&copy, p).unwrap())
        .collect();
    assert!(comments.contains("ref=\"B8\""), "{comments}");
    assert!(comments.contains("[task.title_mismatch]"), "{comments}");

    // What Word and Excel users see: LibreOffice opens it.
    if std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok()
    {
        let lo = dir.path("lo");
        let status = std::process::Command::new("soffice")
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&lo)
            .arg(&copy)
            .env("HOME", &dir.0)
            .output()
            .unwrap();
        assert!(status.status.success());
        assert!(
            lo.join("BC-CCHC-quy-I-2019-gui-So-Noi-vu-kiem-tra.pdf")
                .exists(),
            "LibreOffice opens the patched copy"
        );
    } else {
        eprintln!("LibreOffice absent: skipping the check that it opens the patched copy");
    }
}

#[test]
fn an_xls_or_ods_gets_a_rebuilt_copy_that_says_so() {
    let dir = TempDir::new("rebuilt-copy");
    let fb = dir.path("kiem-tra");
    let original = crate::common::root().join("tests/fixtures/clerk/QHA_BC_CCHC_Quy1_2019.ods");
    let out = crate::common::check_q1(&original, &["--feedback", fb.to_str().unwrap()]);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&out)
    );
    let copy = std::fs::read_dir(&fb)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let book = vanban::read::sheet::Workbook::open(&copy).unwrap();
    let first = &book.sheets[0];
    let lines: String = (0..first.end_row())
        .map(|r| first.text(r, 0) + "\n")
        .collect();
    assert!(
        lines.contains("Bản sao này dựng lại từ giá trị các ô"),
        "{lines}"
    );
}

/// Workbooks of a second blind round (`tests/fixtures/clerk/`, written by another author
/// from the issue's text): a form dressed up in Excel with notes of its own, a chart
/// sheet, a table, names and validation; an agency's own two-row header with A/B
/// section rows; a ministry's report on the 2023 programme.
#[test]
fn second_blind_round_reads_right_and_its_copies_stay_valid() {
    let dir = crate::common::root().join("tests/fixtures/clerk");
    let pinned = |file: &std::path::Path, extra: &[&str]| -> (String, Vec<String>) {
        let mut args = vec![
            "check",
            file.to_str().unwrap(),
            "--format",
            "json",
            "--no-feedback",
        ];
        args.extend_from_slice(extra);
        let out = vanban(&args);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let f = &v["files"][0];
        (
            f["agency"].as_str().unwrap_or("").to_string(),
            crate::common::code_cells(f),
        )
    };
    let q1 = ["--period", "q1-2019", "--as-of", "06/03/2019"];
    let (agency, got) = pinned(&dir.join("STP - Bao cao CCHC Quy I-2019.xlsx"), &q1);
    assert_eq!(
        (agency.as_str(), got),
        (
            "STP",
            vec!["date.missing@E8".into(), "status.invalid@D9".into()]
        )
    );
    // Two-row header (a group "Tiến độ thực hiện" over three labels, others merged down),
    // section rows "A"/"B" merged across: read as one column map, no false finding.
    let (agency, got) = pinned(&dir.join("SYT_BC_CCHC_QuyI_2019.xlsx"), &q1);
    assert_eq!(agency, "SYT");
    assert_eq!(
        got,
        [
            "date.missing@E11",
            "meta.inferred@A2",
            "meta.inferred@E3",
            "status.invalid@D15",
            // 26b ("Ban hành Kế hoạch trong Tháng 01 và thực hiện cả năm 2019") reported
            // done in Quý I with the plan as evidence.
            "status.plan_only@D14"
        ]
    );
    // The 2023 programme: "I.2", "I-3", bare numbers under "I"/"II"/"III" headings.
    let (agency, got) = pinned(
        &dir.join("BNV-bao-cao-quy-I-2023.xlsx"),
        &[
            "--catalogue",
            "inputs/mau-khac/chuong-trinh-2023.xlsx",
            "--registry",
            "inputs/mau-khac/co-quan.toml",
            "--period",
            "q1-2023",
            "--as-of",
            "20/03/2023",
        ],
    );
    assert_eq!(
        (agency.as_str(), got),
        (
            "BNV",
            vec!["date.missing@E18".into(), "evidence.missing@F18".into()]
        )
    );

    // The dressed-up form's copy: every XML part well-formed (its drawing of notes was
    // written with other prefixes than ours), and a copy of the copy sent back has one
    // findings sheet, not two.
    let tmp = TempDir::new("second-round");
    let copy_of = |file: &std::path::Path, out: &std::path::Path| -> std::path::PathBuf {
        let o = crate::common::check_q1(&file, &["--feedback", out.to_str().unwrap()]);
        assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
        std::fs::read_dir(out)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path()
    };
    let first = copy_of(
        &dir.join("STP - Bao cao CCHC Quy I-2019.xlsx"),
        &tmp.path("a"),
    );
    for name in part_names(&first) {
        if name.ends_with(".vml") {
            let vml = part(&first, &name).unwrap();
            if vml.contains("<v:shape") {
                let root = &vml[vml.find("<xml").unwrap()..];
                let root = &root[..root.find('>').unwrap()];
                for p in ["xmlns:v=", "xmlns:o=", "xmlns:x="] {
                    assert!(root.contains(p), "{name}: {p} declared");
                }
            }
        }
    }
    // D9 had the agency's own note: ours follows it in the same note.
    let comments: String = part_names(&first)
        .iter()
        .filter(|n| n.contains("comment"))
        .map(|n| part(&first, n).unwrap())
        .collect();
    let d9 = &comments[comments.find("ref=\"D9\"").unwrap()..];
    let d9 = &d9[..d9.find("</comment>").unwrap()];
    assert!(
        d9.contains("Phòng Xây dựng VB đánh giá: tốt") && d9.contains("[status.invalid]"),
        "{d9}"
    );
    let resent = tmp.path("STP - gui lai.xlsx");
    std::fs::copy(&first, &resent).unwrap();
    let second = copy_of(&resent, &tmp.path("b"));
    let workbook = part(&second, "xl/workbook.xml").unwrap();
    assert_eq!(
        workbook
            .matches(vanban::xlsx::feedback::RESULT_SHEET)
            .count(),
        1,
        "{workbook}"
    );
    let book = vanban::read::sheet::Workbook::open(&second).unwrap();
    assert_eq!(book.sheets[0].name, vanban::xlsx::feedback::RESULT_SHEET);
    assert_eq!(
        book.sheets
            .iter()
            .filter(|g| g.name == vanban::xlsx::feedback::RESULT_SHEET)
            .count(),
        1
    );
}
