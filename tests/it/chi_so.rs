//! The Chỉ số CCHC cycle: the scoring workbook read in both directions and checked,
//! the index (sub-indices, ties, collation, bands, change since last year), `vanban
//! chi-so` and its workbook, the Quyết định công bố with its ranking annexes and charts
//! in both formats, and the Sở's analysis report.

use crate::common::{TempDir, docx_text, root, stderr, stdout, vanban};
use rust_xlsxwriter::Workbook as XBook;

/// The shipped 2018 sample ranked by `vanban chi-so --previous 2017 --format json`.
fn sample_json() -> serde_json::Value {
    let out = vanban(&[
        "chi-so",
        root()
            .join("inputs/chi-so/cham-diem-2018.xlsx")
            .to_str()
            .unwrap(),
        "--previous",
        root()
            .join("inputs/chi-so/cham-diem-2017.xlsx")
            .to_str()
            .unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

/// (rank, agency, index, self, appraised, survey, band, rank change, index change).
type Line = (
    u64,
    String,
    f64,
    Option<f64>,
    f64,
    f64,
    String,
    Option<i64>,
    Option<f64>,
);

fn line(v: &serde_json::Value, g: usize, i: usize) -> Line {
    let r = &v["groups"][g]["ranking"][i];
    (
        r["rank"].as_u64().unwrap(),
        r["agency"].as_str().unwrap().to_string(),
        r["index"].as_f64().unwrap(),
        r["self"].as_f64(),
        r["appraised"].as_f64().unwrap(),
        r["survey"].as_f64().unwrap(),
        r["band"].as_str().unwrap_or("").to_string(),
        r["rank_change"].as_i64(),
        r["index_change"].as_f64(),
    )
}

fn l(
    rank: u64,
    agency: &str,
    index: f64,
    own: f64,
    appraised: f64,
    survey: f64,
    band: &str,
    rank_change: i64,
    index_change: f64,
) -> Line {
    (
        rank,
        agency.into(),
        index,
        Some(own),
        appraised,
        survey,
        band.into(),
        Some(rank_change),
        Some(index_change),
    )
}

#[test]
fn the_sample_ranks_as_worked_out_by_hand() {
    // Worked out apart from vanban's code (a script reading the workbooks' XML): per
    // agency the sum of the leaf criteria's appraised points (lĩnh vực I–VII) and survey
    // points (VIII) over the maxima of the criteria that apply to it.
    let v = sample_json();
    let diags = v["diagnostics"].as_array().unwrap();
    // Three self scores far above the appraised ones: warnings, not errors.
    assert_eq!(diags.len(), 3, "{v}");
    assert!(
        diags
            .iter()
            .all(|d| d["code"] == "score.self_gap" && d["severity"] == "warning")
    );
    assert_eq!(diags[0]["cell"], "R22");
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["kind"], "department");
    assert_eq!(groups[0]["ranking"].as_array().unwrap().len(), 20);
    assert_eq!(groups[0]["average"], 76.07);
    assert_eq!(
        line(&v, 0, 0),
        l(1, "SCT", 93.98, 64.0, 61.0, 32.98, "Tốt", 0, -0.08)
    );
    assert_eq!(
        line(&v, 0, 2),
        l(3, "SGDDT", 84.45, 60.75, 54.5, 29.95, "Khá", 6, 4.68)
    );
    // Sở Tư pháp and Sở Xây dựng tie at 80,38: both 6th, Tư pháp first by collation
    // ("T" before "X"); the next is 8th. Last year they were 7th and 12th.
    assert_eq!(
        line(&v, 0, 5),
        l(6, "STP", 80.38, 60.0, 53.0, 27.38, "Khá", 1, -0.77)
    );
    assert_eq!(
        line(&v, 0, 6),
        l(6, "SXD", 80.38, 60.0, 53.0, 27.38, "Khá", 6, 8.56)
    );
    assert_eq!(line(&v, 0, 7).0, 8);
    // Criterion VI.2 does not apply to the Thanh tra and the Văn phòng ("-"): their
    // index is on 98 points (72,75 / 98 and 70,69 / 98).
    assert_eq!(
        line(&v, 0, 12),
        l(
            13,
            "TTTP",
            74.24,
            54.5,
            48.25,
            24.51,
            "Trung bình",
            -10,
            -9.31
        )
    );
    assert_eq!(
        line(&v, 0, 13),
        l(
            14,
            "VPUBND",
            72.13,
            49.75,
            44.75,
            25.94,
            "Trung bình",
            5,
            7.76
        )
    );
    assert_eq!(groups[0]["ranking"][13]["max"], 98.0);
    assert_eq!(
        line(&v, 0, 19),
        l(
            20,
            "STNMT",
            60.09,
            47.5,
            40.75,
            19.34,
            "Trung bình",
            -2,
            -8.29
        )
    );
    assert_eq!(groups[1]["kind"], "district");
    assert_eq!(groups[1]["ranking"].as_array().unwrap().len(), 15);
    assert_eq!(groups[1]["average"], 75.51);
    assert_eq!(
        line(&v, 1, 0),
        l(1, "HAL", 84.91, 60.5, 55.5, 29.41, "Khá", 3, 4.21)
    );
    // Lê Chân's appraised scores were typed as text with a decimal comma.
    assert_eq!(
        line(&v, 1, 7),
        l(8, "QLC", 76.99, 57.25, 51.25, 25.74, "Khá", -1, 0.51)
    );
    assert_eq!(
        line(&v, 1, 14),
        l(
            15,
            "QDK",
            64.98,
            50.75,
            42.5,
            22.48,
            "Trung bình",
            -1,
            -4.89
        )
    );
    // Sub-indices per lĩnh vực, in the criteria's order.
    let fields = groups[0]["ranking"][0]["fields"].as_object().unwrap();
    assert_eq!(fields.len(), 8);
    assert_eq!(
        fields["Công tác chỉ đạo, điều hành cải cách hành chính"],
        91.67
    );
    assert_eq!(fields["Cải cách thể chế"], 84.38);
    assert_eq!(fields["Cải cách tổ chức bộ máy hành chính"], 100.0);
    assert_eq!(fields["Điều tra xã hội học"], 97.0);
    // index = (appraised + survey) / max × 100 for every line.
    for g in groups {
        for r in g["ranking"].as_array().unwrap() {
            let got = (r["appraised"].as_f64().unwrap() + r["survey"].as_f64().unwrap())
                / r["max"].as_f64().unwrap()
                * 100.0;
            assert!((got - r["index"].as_f64().unwrap()).abs() < 0.006, "{r}");
        }
    }
}

#[test]
fn last_year_as_json_or_as_a_ranking_workbook_gives_the_same_changes() {
    let dir = TempDir::new("chi-so-previous");
    let last = root().join("inputs/chi-so/cham-diem-2017.xlsx");
    let this = root().join("inputs/chi-so/cham-diem-2018.xlsx");
    // Last year's ranking as `chi-so` prints it (JSON) and writes it (-o).
    let json = dir.path("2017.json");
    let xlsx = dir.path("2017.xlsx");
    let out = vanban(&[
        "chi-so",
        last.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::write(&json, stdout(&out)).unwrap();
    let changes = |previous: &std::path::Path| {
        let out = vanban(&[
            "chi-so",
            this.to_str().unwrap(),
            "--previous",
            previous.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        v["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["ranking"].as_array().unwrap().clone())
            .map(|r| {
                (
                    r["agency"].clone(),
                    r["rank_change"].clone(),
                    r["index_change"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let from_workbook = changes(&last);
    assert_eq!(from_workbook.len(), 35);
    assert_eq!(changes(&json), from_workbook);
    assert_eq!(changes(&xlsx), from_workbook);
    // Without last year, no change is claimed.
    let v = serde_json::from_str::<serde_json::Value>(&stdout(&vanban(&[
        "chi-so",
        this.to_str().unwrap(),
        "--format",
        "json",
    ])))
    .unwrap();
    assert!(v["groups"][0]["ranking"][0]["rank_change"].is_null());
    // A previous file that is no ranking at all is refused with a message.
    std::fs::write(dir.path("x.json"), "{}").unwrap();
    let out = vanban(&[
        "chi-so",
        this.to_str().unwrap(),
        "--previous",
        dir.path("x.json").to_str().unwrap(),
    ]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("kết quả năm trước"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_sample_workbooks_match_their_generator() {
    let ws = crate::common::reference();
    for year in [2017, 2018] {
        let built = vanban::read::sheet::Workbook::from_bytes(
            vanban::sample::scores::scores_workbook(&ws.registry, year).unwrap(),
        )
        .unwrap();
        let committed = vanban::read::sheet::Workbook::open(
            &root().join(format!("inputs/chi-so/cham-diem-{year}.xlsx")),
        )
        .unwrap();
        assert_eq!(built.sheets.len(), committed.sheets.len());
        for (a, b) in built.sheets.iter().zip(&committed.sheets) {
            crate::common::assert_same_cells(a, b, true, "run `cargo run --example make-inputs`");
        }
    }
}

/// A registry of two departments and one district.
const SMALL_REGISTRY: &str = r#"
[[agency]]
code = "SNV"
name = "Sở Nội vụ"
kind = "department"
order = 1
aliases = ["Nội vụ"]
[[agency]]
code = "STP"
name = "Sở Tư pháp"
kind = "department"
order = 2
[[agency]]
code = "QLC"
name = "Ủy ban nhân dân quận Lê Chân"
kind = "urban-district"
order = 3
aliases = ["UBND quận Lê Chân"]
"#;

/// A one-sheet scoring workbook: a header row (fields given as written), then rows.
fn workbook(dir: &TempDir, name: &str, header: &[&str], rows: &[Vec<Cell>]) -> std::path::PathBuf {
    let mut book = XBook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "BẢNG ĐIỂM CHỈ SỐ CCHC NĂM 2018")
        .unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (3 + r as u32, c as u16);
            match v {
                Cell::T(t) => ws.write_string(r, c, *t).map(|_| ()).unwrap(),
                Cell::N(n) => ws.write_number(r, c, *n).map(|_| ()).unwrap(),
                Cell::E => {}
            }
        }
    }
    let path = dir.path(name);
    book.save(&path).unwrap();
    path
}

enum Cell {
    T(&'static str),
    N(f64),
    E,
}
use Cell::{E, N, T};

/// `vanban chi-so` on a workbook with the small registry: exit code and findings as
/// "code@cell".
fn findings(dir: &TempDir, file: &std::path::Path) -> (Option<i32>, Vec<String>) {
    let (code, v) = chi_so_json(dir, file);
    (code, crate::common::code_cells(&v))
}

/// `vanban chi-so --format json` on a workbook with the small registry (written into
/// `dir`): exit code and the JSON.
fn chi_so_json(dir: &TempDir, file: &std::path::Path) -> (Option<i32>, serde_json::Value) {
    let reg = dir.path("co-quan.toml");
    std::fs::write(&reg, SMALL_REGISTRY).unwrap();
    let out = vanban(&[
        "chi-so",
        file.to_str().unwrap(),
        "--registry",
        reg.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v = serde_json::from_str(&stdout(&out)).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    (out.status.code(), v)
}

const HEADER: [&str; 5] = [
    "STT",
    "Cơ quan, đơn vị",
    "Cải cách thể chế (10 điểm)",
    "Cải cách TTHC (12,5 điểm)",
    "Tổng điểm",
];

#[test]
fn a_clean_small_workbook_ranks_with_text_scores_and_decimal_commas() {
    let dir = TempDir::new("chi-so-clean");
    let file = workbook(
        &dir,
        "diem.xlsx",
        &HEADER,
        &[
            vec![N(1.0), T("Nội vụ"), N(8.5), T("10,25"), N(18.75)],
            vec![N(2.0), T("STP"), T("9,5"), N(9.25), E],
            vec![E, T("II. KHỐI QUẬN, HUYỆN"), E, E, E],
            vec![N(1.0), T("UBND quận Lê Chân"), N(10.0), N(12.5), N(22.5)],
        ],
    );
    let (code, got) = findings(&dir, &file);
    assert_eq!((code, got), (Some(0), vec![]));
}

#[test]
fn every_validation_finding_at_its_cell() {
    let dir = TempDir::new("chi-so-bad");
    let file = workbook(
        &dir,
        "diem.xlsx",
        &HEADER,
        &[
            // Above the maximum, and a total that is not the sum.
            vec![N(1.0), T("Sở Nội vụ"), N(10.5), N(10.0), N(20.0)],
            // Not a number, and negative.
            vec![N(2.0), T("Sở Tư pháp"), T("tám"), N(-1.0), E],
            // Unknown; the same agency twice.
            vec![N(3.0), T("Sở Không Có"), N(5.0), N(5.0), E],
            vec![N(4.0), T("SNV"), N(5.0), N(5.0), E],
        ],
    );
    let (code, got) = findings(&dir, &file);
    assert_eq!(code, Some(1), "{got:?}");
    assert_eq!(
        got,
        [
            "score.above_max@C4",
            "score.agency_duplicate@B7",
            "score.agency_missing@",
            "score.agency_unknown@B6",
            "score.invalid@C5",
            "score.invalid@D5",
        ]
    );
    // The total is judged only on a row whose fields are right.
    let file = workbook(
        &dir,
        "tong.xlsx",
        &HEADER,
        &[
            vec![N(1.0), T("Sở Nội vụ"), N(8.0), N(10.0), N(19.0)],
            vec![N(2.0), T("Sở Tư pháp"), N(8.0), N(10.0), E],
            vec![N(3.0), T("UBND quận Lê Chân"), N(8.0), N(10.0), E],
        ],
    );
    assert_eq!(
        findings(&dir, &file),
        (Some(1), vec!["score.total_mismatch@E4".to_string()])
    );
    // A field without a maximum, unless the settings beside the workbook give it.
    let file = workbook(
        &dir,
        "max.xlsx",
        &["Cơ quan", "Cải cách thể chế"],
        &[
            vec![T("Sở Nội vụ"), N(8.0)],
            vec![T("Sở Tư pháp"), N(7.0)],
            vec![T("UBND quận Lê Chân"), N(9.0)],
        ],
    );
    assert_eq!(
        findings(&dir, &file),
        (Some(1), vec!["score.max_missing@B3".to_string()])
    );
    std::fs::write(dir.path("max.toml"), "[max]\n\"Cải cách thể chế\" = 10\n").unwrap();
    assert_eq!(findings(&dir, &file), (Some(0), vec![]));
    // Or a row "Điểm tối đa" under the header.
    let file = workbook(
        &dir,
        "dong-toi-da.xlsx",
        &["Cơ quan", "Cải cách thể chế", "Cải cách TTHC"],
        &[
            vec![T("Điểm tối đa"), N(10.0), T("12,5")],
            vec![T("Sở Nội vụ"), N(8.0), N(12.5)],
            vec![T("Sở Tư pháp"), N(7.0), N(13.0)],
            vec![T("UBND quận Lê Chân"), N(9.0), N(11.0)],
        ],
    );
    assert_eq!(
        findings(&dir, &file),
        (Some(1), vec!["score.above_max@C6".to_string()])
    );
}

#[test]
fn the_decision_carries_the_rankings_and_charts_in_both_formats() {
    let dir = TempDir::new("chi-so-decision");
    let spec = root().join("inputs/quyet-dinh/cong-bo-chi-so-cchc-2018.toml");
    let out = vanban(&[
        "decision",
        spec.to_str().unwrap(),
        "-o",
        dir.0.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docx_path = dir.path("cong-bo-chi-so-cchc-2018.docx");
    let docx = std::fs::read(&docx_path).unwrap();
    let text = docx_text(&docx_path);
    for s in [
        "QUYẾT ĐỊNH",
        "Công bố Chỉ số cải cách hành chính năm 2018 và kết quả đánh giá trách nhiệm người đứng đầu",
        "Căn cứ Quyết định số 30/2018/QĐ-UBND ngày 09/10/2018 của Ủy ban nhân dân thành phố ban hành Quy định về trách nhiệm",
        "Căn cứ Kế hoạch số 210/KH-UBND ngày 15/11/2018",
        "Xét đề nghị của Giám đốc Sở Nội vụ",
        "thi đua, khen thưởng",
        "Phụ lục I",
        "Phụ lục II",
        "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2018 CỦA ỦY BAN NHÂN DÂN CÁC QUẬN, HUYỆN",
        "Xếp hạng",
        "Chỉ số CCHC (%)",
        "Tăng (+), giảm (-) thứ hạng",
        "1 Sở Công Thương 91,67 84,38 91,67 100,00 95,00 92,86 91,67 97,00 93,98 Tốt 0 -0,08",
        "6 Sở Tư pháp",
        "6 Sở Xây dựng 80,56",
        "80,38 Khá +6 +8,56",
        "Ghi chú: Xếp loại theo Chỉ số CCHC: Tốt: Chỉ số từ 85% trở lên; Khá: từ 75% đến dưới 85%; Trung bình: từ 60% đến dưới 75%; Yếu: dưới 60%.",
        "- Báo Hải Phòng, Đài PT&TH Hải Phòng (để đưa tin);",
        "Biểu đồ Chỉ số cải cách hành chính năm 2018 của các sở, ban, ngành",
    ] {
        assert!(text.contains(s), "DOCX lacks {s:?}");
    }
    // The chart is a picture in the DOCX (one per annex), drawn from the same data.
    let zip = zip::ZipArchive::new(std::io::Cursor::new(&docx[..])).unwrap();
    let media = zip
        .file_names()
        .filter(|n| n.starts_with("word/media/") && n.ends_with(".png"))
        .count();
    assert_eq!(media, 2);
    let xml = crate::documents::docx_xml(&docx, "word/document.xml");
    assert_eq!(xml.matches("<pic:pic").count(), 2);
    // Each chart's title is kept with its picture.
    let title = xml
        .find(">Biểu đồ Chỉ số cải cách hành chính năm 2018 của các sở, ban, ngành<")
        .unwrap();
    let p_start = xml[..title].rfind("<w:p ").unwrap();
    assert!(
        xml[p_start..title].contains("<w:keepNext"),
        "keep with next"
    );
    drop(zip);
    crate::documents::assert_decree_layout(
        &docx,
        &[
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "26", true, false),
            ("Độc lập - Tự do - Hạnh phúc", "28", true, false),
            ("Nơi nhận:", "24", true, true),
            ("Điều 1.", "28", true, false),
            ("QUYẾT ĐỊNH:", "28", true, false),
        ],
    );
    // The PDF: the same tables, and the chart's bars with their labels and values.
    let pdf = std::fs::read(dir.path("cong-bo-chi-so-cchc-2018.pdf")).unwrap();
    if let Some(t) = crate::documents::pdf_text(&pdf, &dir.0) {
        for s in [
            "1. Sở Công Thương",
            "6. Sở Tư pháp",
            "6. Sở Xây dựng",
            "8. Sở Nông nghiệp và Phát triển nông thôn",
            "1. Ủy ban nhân dân huyện An Lão",
            "84,91",
            // The chart's average, bands and axis.
            "Bình quân 76,07%",
            "Bình quân 75,51%",
            "Tốt 85%",
            "Trung bình 60%",
            "Chỉ số CCHC (%)",
        ] {
            assert!(t.contains(s), "PDF lacks {s:?}");
        }
    }
    // Every paragraph and table cell of the model in the DOCX, and in the PDF in order
    // (the bars of a chart are a picture in the DOCX: their text is checked in the PDF
    // above).
    let registry = crate::common::reference().registry;
    let mut doc = vanban::read::spec::DecisionSpec::load(&spec)
        .unwrap()
        .compose(spec.parent().unwrap(), &registry)
        .unwrap();
    for a in &mut doc.appendices {
        for b in &mut a.body {
            if let vanban::doc::Block::Chart(c) = b {
                c.bars.clear();
            }
        }
    }
    crate::documents::assert_same_paragraphs(&doc, &docx);
    // Determinism: the same scores give the same bytes.
    let again = TempDir::new("chi-so-decision-2");
    let out = vanban(&[
        "decision",
        spec.to_str().unwrap(),
        "-o",
        again.0.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read(again.path("cong-bo-chi-so-cchc-2018.docx")).unwrap(),
        docx
    );
    assert_eq!(
        std::fs::read(again.path("cong-bo-chi-so-cchc-2018.pdf")).unwrap(),
        pdf
    );
}

#[test]
fn a_workbook_with_errors_stops_the_decision_and_chi_so_writes_a_ranking_workbook() {
    let dir = TempDir::new("chi-so-stop");
    // The spec pointed at a workbook with an error: exit 1, no document.
    let bad = dir.path("bad.xlsx");
    let good = root().join("inputs/chi-so/cham-diem-2018.xlsx");
    std::fs::write(&bad, b"not a workbook").unwrap();
    let spec =
        std::fs::read_to_string(root().join("inputs/quyet-dinh/cong-bo-chi-so-cchc-2018.toml"))
            .unwrap()
            .replace("../chi-so/cham-diem-2018.xlsx", bad.to_str().unwrap());
    let spec_path = dir.path("spec.toml");
    std::fs::write(&spec_path, spec).unwrap();
    let out = vanban(&[
        "decision",
        spec_path.to_str().unwrap(),
        "-o",
        dir.path("out").to_str().unwrap(),
    ]);
    assert_ne!(out.status.code(), Some(0));
    assert!(!dir.path("out/spec.docx").exists());
    // `chi-so -o` writes the ranking workbook: both sheets, the rows in rank order.
    let xlsx = dir.path("xep-hang.xlsx");
    let out = vanban(&[
        "chi-so",
        good.to_str().unwrap(),
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let wb = vanban::read::sheet::Workbook::open(&xlsx).unwrap();
    let s = wb.sheet("Sở, ban, ngành").unwrap();
    assert_eq!(s.text(1, 1), "Sở Công Thương");
    assert_eq!(
        (s.text(6, 0), s.text(7, 0), s.text(8, 0)),
        ("6".into(), "6".into(), "8".into())
    );
    assert!(wb.sheet("Quận, huyện").is_some());
    let zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    assert!(zip.file_names().any(|n| n.starts_with("xl/charts/chart")));
}

/// A workbook laid out cell by cell, with merged ranges (as councils merge headers).
fn laid_out(
    dir: &TempDir,
    name: &str,
    cells: &[(u32, u16, Cell)],
    merges: &[(u32, u16, u32, u16, &str)],
) -> std::path::PathBuf {
    let mut book = XBook::new();
    let ws = book.add_worksheet();
    let f = rust_xlsxwriter::Format::new();
    for (r1, c1, r2, c2, t) in merges {
        ws.merge_range(*r1, *c1, *r2, *c2, *t, &f).unwrap();
    }
    for (r, c, v) in cells {
        match v {
            Cell::T(t) => ws.write_string(*r, *c, *t).map(|_| ()).unwrap(),
            Cell::N(n) => ws.write_number(*r, *c, *n).map(|_| ()).unwrap(),
            Cell::E => {}
        }
    }
    let path = dir.path(name);
    book.save(&path).unwrap();
    path
}

/// Agencies as rows under a three-row header: lĩnh vực merged over their criteria,
/// each criterion over its "Tự đánh giá" and "Thẩm định" columns, a survey criterion
/// with one "Điều tra XHH" column, and a kind column.
fn agency_rows(dir: &TempDir, name: &str, plan: &str, rows: [[Cell; 5]; 3]) -> std::path::PathBuf {
    let mut cells = vec![(0, 0, T("BẢNG TỔNG HỢP ĐIỂM CHỈ SỐ CCHC NĂM 2019"))];
    for (c, t) in [
        (3u16, "Tự đánh giá"),
        (4, "Thẩm định"),
        (5, "Tự đánh giá"),
        (6, "Thẩm định"),
        (7, "Điều tra XHH"),
    ] {
        cells.push((4, c, T(t)));
    }
    let who = [
        ("Sở Nội vụ", "Sở, ban, ngành"),
        ("Sở Tư pháp", "Sở, ban, ngành"),
        ("UBND quận Lê Chân", "Quận, huyện"),
    ];
    for (i, (row, (agency, kind))) in rows.into_iter().zip(who).enumerate() {
        let r = 5 + i as u32;
        cells.push((r, 0, N(i as f64 + 1.0)));
        cells.push((r, 1, T(agency)));
        cells.push((r, 2, T(kind)));
        for (j, v) in row.into_iter().enumerate() {
            cells.push((r, 3 + j as u16, v));
        }
    }
    laid_out(
        dir,
        name,
        &cells,
        &[
            (2, 0, 4, 0, "STT"),
            (2, 1, 4, 1, "Cơ quan, đơn vị"),
            (2, 2, 4, 2, "Khối"),
            (2, 3, 2, 6, "Công tác chỉ đạo, điều hành"),
            (3, 3, 3, 4, plan),
            (3, 5, 3, 6, "Kiểm tra CCHC (1 điểm)"),
            (2, 7, 3, 7, "Điều tra xã hội học"),
        ],
    )
}

#[test]
fn a_council_workbook_with_self_appraised_and_survey_scores_is_indexed() {
    let dir = TempDir::new("chi-so-cycle");
    // The survey criterion's label is its lĩnh vực's, merged down: "Điều tra xã hội học"
    // without a maximum in the label; the settings give it.
    std::fs::write(
        dir.path("diem.toml"),
        "[max]\n\"Điều tra xã hội học\" = 7\n",
    )
    .unwrap();
    let file = agency_rows(
        &dir,
        "diem.xlsx",
        "Kế hoạch CCHC (2 điểm)",
        [
            [N(2.0), T("1,5"), N(1.0), N(1.0), N(6.3)],
            // Self 2 against appraised 0,5 on a 2-point criterion: far above (75 %).
            [N(2.0), N(0.5), N(1.0), N(0.75), N(5.0)],
            [N(1.5), N(1.5), N(1.0), N(1.0), N(7.0)],
        ],
    );
    let run = |file: &std::path::Path| chi_so_json(&dir, file);
    let (code, v) = run(&file);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(crate::common::code_cells(&v), ["score.self_gap@D7"]);
    let snv = &v["groups"][0]["ranking"][0];
    // (1,5 + 1 + 6,3) / 10 × 100.
    assert_eq!(
        (
            &snv["agency"],
            &snv["index"],
            &snv["self"],
            &snv["appraised"],
            &snv["survey"]
        ),
        (
            &"SNV".into(),
            &88.0.into(),
            &3.0.into(),
            &2.5.into(),
            &6.3.into()
        )
    );
    assert_eq!(snv["fields"]["Công tác chỉ đạo, điều hành"], 83.33);
    assert_eq!(snv["fields"]["Điều tra xã hội học"], 90.0);
    let stp = &v["groups"][0]["ranking"][1];
    assert_eq!((&stp["rank"], &stp["index"]), (&2.into(), &62.5.into()));
    assert_eq!(v["groups"][1]["ranking"][0]["index"], 95.0);
    // Appraised above the maximum; an agency without a criterion; and with a lower
    // threshold the self gap of Sở Nội vụ too (0,5 of 2 points is 25 %).
    std::fs::write(
        dir.path("loi.toml"),
        "self_gap = 20\n[max]\n\"Điều tra xã hội học\" = 7\n",
    )
    .unwrap();
    let file = agency_rows(
        &dir,
        "loi.xlsx",
        "Kế hoạch CCHC (2 điểm)",
        [
            [N(2.0), N(1.5), N(1.0), N(2.5), N(6.3)],
            [N(2.0), N(0.5), N(1.0), E, N(5.0)],
            [N(1.5), N(1.5), N(1.0), N(1.0), N(7.0)],
        ],
    );
    let (code, v) = run(&file);
    assert_eq!(code, Some(1));
    assert_eq!(
        crate::common::code_cells(&v),
        [
            "score.above_max@G6",
            "score.criterion_missing@G7",
            "score.self_gap@D6",
            "score.self_gap@D7",
        ]
    );
    assert!(v["groups"].as_array().unwrap().is_empty());
    // A criterion without a maximum anywhere, at its label.
    let file = agency_rows(
        &dir,
        "toi-da.xlsx",
        "Kế hoạch CCHC",
        [
            [N(2.0), N(1.5), N(1.0), N(1.0), N(6.3)],
            [N(2.0), N(1.5), N(1.0), N(0.75), N(5.0)],
            [N(1.5), N(1.5), N(1.0), N(1.0), N(7.0)],
        ],
    );
    std::fs::write(
        dir.path("toi-da.toml"),
        "[max]\n\"Điều tra xã hội học\" = 7\n",
    )
    .unwrap();
    let (code, v) = run(&file);
    assert_eq!(
        (code, crate::common::code_cells(&v)),
        (Some(1), vec!["score.max_missing@D4".to_string()])
    );
}

/// The header of the criteria-as-rows workbooks: each agency merged over its two columns.
const MERGES: [(u32, u16, u32, u16, &str); 6] = [
    (2, 0, 3, 0, "STT"),
    (2, 1, 3, 1, "Tiêu chí"),
    (2, 2, 3, 2, "Điểm tối đa"),
    (2, 3, 2, 4, "Sở Nội vụ"),
    (2, 5, 2, 6, "Sở Tư pháp"),
    (2, 7, 2, 8, "UBND quận Lê Chân"),
];

#[test]
fn criteria_as_rows_with_agencies_as_columns_a_survey_scale_and_a_criterion_not_applying() {
    let dir = TempDir::new("chi-so-rows");
    // Survey results typed in per cent, turned into points of each criterion's maximum.
    std::fs::write(dir.path("hoi-dong.toml"), "[survey]\nscale = 100\n").unwrap();
    let mut cells = vec![
        (0, 0, T("KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CCHC NĂM 2019")),
        (3, 3, T("Tự đánh giá")),
        (3, 4, T("Thẩm định")),
        (3, 5, T("Tự đánh giá")),
        (3, 6, T("Thẩm định")),
        (3, 7, T("Tự đánh giá")),
        (3, 8, T("Thẩm định")),
    ];
    let rows: [(&str, &str, f64, [Cell; 6]); 6] = [
        ("I", "Công tác chỉ đạo, điều hành", 3.0, [E, E, E, E, E, E]),
        (
            "1",
            "Kế hoạch CCHC",
            2.0,
            [N(2.0), N(1.5), N(2.0), N(2.0), N(1.0), N(1.0)],
        ),
        // Not applying to Sở Tư pháp: its index is on 9 points.
        (
            "2",
            "Kiểm tra CCHC",
            1.0,
            [N(1.0), N(1.0), T("-"), T("-"), N(1.0), N(0.5)],
        ),
        ("II", "Điều tra xã hội học", 7.0, [E, E, E, E, E, E]),
        (
            "1",
            "Mức độ hài lòng của người dân",
            7.0,
            [E, N(80.0), E, N(60.0), E, N(100.0)],
        ),
        ("", "Tổng điểm", 10.0, [E, T("8,1"), E, N(6.2), E, N(8.5)]),
    ];
    for (i, (stt, name, max, scores)) in rows.into_iter().enumerate() {
        let r = 4 + i as u32;
        cells.push((r, 0, T(stt)));
        cells.push((r, 1, T(name)));
        cells.push((r, 2, N(max)));
        for (j, v) in scores.into_iter().enumerate() {
            cells.push((r, 3 + j as u16, v));
        }
    }
    let file = laid_out(&dir, "hoi-dong.xlsx", &cells, &MERGES);
    let run = |file: &std::path::Path| chi_so_json(&dir, file);
    let (code, v) = run(&file);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(crate::common::code_cells(&v), Vec::<String>::new());
    let r = |g: usize, i: usize| {
        let r = &v["groups"][g]["ranking"][i];
        (
            r["agency"].as_str().unwrap().to_string(),
            r["index"].as_f64().unwrap(),
            r["max"].as_f64().unwrap(),
            r["survey"].as_f64().unwrap(),
        )
    };
    // Sở Nội vụ: (2,5 + 80 % of 7) / 10; Sở Tư pháp: (2 + 4,2) / 9; Lê Chân: (1,5 + 7) / 10.
    assert_eq!(r(0, 0), ("SNV".into(), 81.0, 10.0, 5.6));
    assert_eq!(r(0, 1), ("STP".into(), 68.89, 9.0, 4.2));
    assert_eq!(r(1, 0), ("QLC".into(), 85.0, 10.0, 7.0));
    // A wrong total in the "Tổng điểm" row is found at its cell.
    let cells: Vec<_> = cells
        .into_iter()
        .map(|(r, c, v)| {
            if (r, c) == (9, 8) {
                (r, c, N(9.0))
            } else {
                (r, c, v)
            }
        })
        .collect();
    let file = laid_out(&dir, "hoi-dong.xlsx", &cells, &MERGES);
    let (code, v) = run(&file);
    assert_eq!(code, Some(1));
    assert_eq!(crate::common::code_cells(&v), ["score.total_mismatch@I10"]);
}

#[test]
fn the_analysis_report_goes_with_the_decision_with_its_figures() {
    let dir = TempDir::new("chi-so-analysis");
    let spec = root().join("inputs/quyet-dinh/cong-bo-chi-so-cchc-2018.toml");
    let out = vanban(&[
        "decision",
        spec.to_str().unwrap(),
        "-o",
        dir.0.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docx = dir.path("bao-cao-ket-qua-chi-so-cchc-2018.docx");
    let text = docx_text(&docx);
    // The figures were worked out apart from vanban (see the ranking test): the 2017
    // average of the same 20 departments was 76,49 %; 8 rose and 12 fell.
    for s in [
        "BÁO CÁO",
        "Kết quả xác định Chỉ số cải cách hành chính năm 2018",
        "Kính gửi: Ủy ban nhân dân thành phố",
        "I. TỔ CHỨC XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2018",
        "được xác định đối với 20 sở, ban, ngành và 15 Ủy ban nhân dân quận, huyện, trên 08 lĩnh vực với 29 tiêu chí, tiêu chí thành phần, tổng điểm tối đa 100 điểm, trong đó 66 điểm do Hội đồng thẩm định đánh giá và 34 điểm qua điều tra xã hội học",
        "a) Các sở, ban, ngành: Chỉ số bình quân đạt 76,07%; cao nhất là Sở Công Thương (93,98%), thấp nhất là Sở Tài nguyên và Môi trường (60,09%), chênh lệch giữa cao nhất và thấp nhất 33,89 điểm phần trăm. Có 02 cơ quan xếp loại Tốt, 09 cơ quan xếp loại Khá, 09 cơ quan xếp loại Trung bình.",
        "So với năm 2017, Chỉ số bình quân của các cơ quan được xác định cả hai năm giảm 0,42 điểm phần trăm (từ 76,49% xuống 76,07%); 08 cơ quan tăng Chỉ số, 12 cơ quan giảm.",
        "tăng 0,28 điểm phần trăm (từ 75,23% lên 75,51%); 09 cơ quan tăng Chỉ số, 06 cơ quan giảm.",
        "2. Kết quả theo lĩnh vực",
        "3. Tiêu chí đạt cao và tiêu chí còn thấp",
        "4. Chênh lệch giữa điểm tự đánh giá và điểm thẩm định",
        "Sở Giao thông vận tải, tiêu chí “Thực hiện cơ chế một cửa, một cửa liên thông” (tự đánh giá 4,00, thẩm định 1,00 trên 4,00 điểm)",
        "5. So sánh với kết quả năm 2017",
        "tăng nhiều nhất là Sở Xây dựng (tăng 6 bậc, từ hạng 12 lên hạng 6; Chỉ số tăng 8,56 điểm phần trăm)",
        "giảm nhiều nhất là Thanh tra thành phố (giảm 10 bậc, từ hạng 3 xuống hạng 13; Chỉ số giảm 9,31 điểm phần trăm)",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        "GIÁM ĐỐC",
    ] {
        assert!(text.contains(s), "report lacks {s:?}\n{text}");
    }
    // A chart of the lĩnh vực, as a picture in the DOCX and drawn in the PDF.
    let pdf = std::fs::read(dir.path("bao-cao-ket-qua-chi-so-cchc-2018.pdf")).unwrap();
    if let Some(t) = crate::documents::pdf_text(&pdf, &dir.0) {
        assert!(t.contains("Lĩnh vực VIII"), "{t}");
        assert!(t.contains("giảm 0,42 điểm phần trăm"));
    }
    // Every paragraph of the model in the DOCX.
    let registry = crate::common::reference().registry;
    let loaded = vanban::read::spec::DecisionSpec::load(&spec).unwrap();
    let (_, mut doc) = loaded
        .compose_analysis(
            spec.parent().unwrap(),
            &registry,
            "cong-bo-chi-so-cchc-2018",
            &vanban::compose::decision::Indexes::default(),
        )
        .unwrap()
        .unwrap();
    for b in &mut doc.body {
        if let vanban::doc::Block::Chart(c) = b {
            c.bars.clear();
        }
    }
    crate::documents::assert_same_paragraphs(&doc, &std::fs::read(&docx).unwrap());
}

#[test]
fn a_libreoffice_resave_and_an_ods_rank_the_same() {
    // Councils' workbooks pass through LibreOffice (and arrive as .ods): the same
    // cells, merges and text scores must give the same index, both years.
    let dir = TempDir::new("chi-so-producers");
    let json = |scores: &std::path::Path, previous: &std::path::Path| {
        let out = vanban(&[
            "chi-so",
            scores.to_str().unwrap(),
            "--previous",
            previous.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        (
            v["groups"].clone(),
            v["diagnostics"].as_array().unwrap().len(),
        )
    };
    let src = root().join("inputs/chi-so");
    let want = json(
        &src.join("cham-diem-2018.xlsx"),
        &src.join("cham-diem-2017.xlsx"),
    );
    for ext in ["ods", "xlsx"] {
        let out = dir.path(ext);
        std::fs::create_dir_all(&out).unwrap();
        let mut converted = Vec::new();
        for year in [2017, 2018] {
            let book = src.join(format!("cham-diem-{year}.xlsx"));
            let Some(c) = crate::submissions::soffice_convert(&book, ext, &out) else {
                eprintln!("LibreOffice absent: skipping the re-saved scoring workbooks");
                return;
            };
            std::fs::copy(
                src.join(format!("cham-diem-{year}.toml")),
                c.with_extension("toml"),
            )
            .unwrap();
            converted.push(c);
        }
        assert_eq!(json(&converted[1], &converted[0]), want, "{ext}");
    }
}

#[test]
fn a_council_workbook_written_blind_ranks_as_its_author_computed() {
    // tests/fixtures/chi-so-blind/: agencies as rows under a three-row header, one sheet
    // with a kind column, survey-only criteria, text scores with decimal commas, names
    // typed as official names or aliases — written from the issue's text alone by
    // another author, with the results computed by that author's own code.
    let dir = root().join("tests/fixtures/chi-so-blind");
    let out = vanban(&[
        "chi-so",
        dir.join("hoi-dong-2019.xlsx").to_str().unwrap(),
        "--previous",
        dir.join("hoi-dong-2018.xlsx").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    // The same workbooks saved by LibreOffice as .ods rank the same.
    let tmp = TempDir::new("chi-so-blind-ods");
    let ods: Option<Vec<_>> = ["hoi-dong-2018", "hoi-dong-2019"]
        .iter()
        .map(|stem| {
            let c = crate::submissions::soffice_convert(
                &dir.join(format!("{stem}.xlsx")),
                "ods",
                &tmp.0,
            )?;
            std::fs::copy(dir.join(format!("{stem}.toml")), c.with_extension("toml")).unwrap();
            Some(c)
        })
        .collect();
    match ods {
        Some(o) => {
            let out = vanban(&[
                "chi-so",
                o[1].to_str().unwrap(),
                "--previous",
                o[0].to_str().unwrap(),
                "--format",
                "json",
            ]);
            let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
            assert_eq!(v["groups"], got["groups"], "as .ods");
        }
        None => eprintln!("LibreOffice absent: the blind workbook is not tried as .ods"),
    }
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    // No error; warnings only where a self score is far above the appraised one.
    for d in got["diagnostics"].as_array().unwrap() {
        assert_eq!(d["code"], "score.self_gap", "{d}");
    }
    let keys = [
        "rank",
        "index",
        "self",
        "appraised",
        "survey",
        "fields",
        "band",
        "rank_change",
        "index_change",
    ];
    for (g, kind) in ["department", "district"].iter().enumerate() {
        assert_eq!(got["groups"][g]["kind"], *kind);
        let want = expected[kind].as_array().unwrap();
        let ranking = got["groups"][g]["ranking"].as_array().unwrap();
        assert_eq!(ranking.len(), want.len(), "{kind}");
        // Within a tie the order is free: matched by agency.
        for w in want {
            let r = ranking
                .iter()
                .find(|r| r["agency"] == w["agency"])
                .unwrap_or_else(|| panic!("{} not ranked", w["agency"]));
            for k in keys {
                let same = match (r[k].as_f64(), w[k].as_f64()) {
                    (Some(a), Some(b)) => (a - b).abs() < 0.005,
                    _ => {
                        r[k] == w[k]
                            || (k == "fields"
                                && r[k].as_object().unwrap().len()
                                    == w[k].as_object().unwrap().len()
                                && r[k].as_object().unwrap().iter().all(|(f, v)| {
                                    (v.as_f64().unwrap() - w[k][f].as_f64().unwrap()).abs() < 0.005
                                }))
                    }
                };
                assert!(
                    same,
                    "{} {k}: vanban {} · expected {}",
                    w["agency"], r[k], w[k]
                );
            }
        }
    }
}
