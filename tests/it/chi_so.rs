//! The Chỉ số CCHC decision: the scoring workbook read and checked, the ranking (ties,
//! collation, bands), `vanban chi-so` and its workbook, and the Quyết định công bố with
//! its ranking annexes and charts in both formats.

use crate::common::{TempDir, docx_text, root, stderr, stdout, vanban};
use rust_xlsxwriter::Workbook as XBook;

/// The shipped sample ranked by `vanban chi-so --format json`.
fn sample_json() -> serde_json::Value {
    let out = vanban(&[
        "chi-so",
        root()
            .join("inputs/chi-so/cham-diem-2018.xlsx")
            .to_str()
            .unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn the_sample_ranks_as_worked_out_by_hand() {
    let v = sample_json();
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0, "{v}");
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    let line = |g: usize, i: usize| {
        let r = &groups[g]["ranking"][i];
        (
            r["rank"].as_u64().unwrap(),
            r["agency"].as_str().unwrap().to_string(),
            r["total"].as_f64().unwrap(),
            r["band"].as_str().unwrap_or("").to_string(),
        )
    };
    assert_eq!(groups[0]["kind"], "department");
    assert_eq!(groups[0]["ranking"].as_array().unwrap().len(), 20);
    // Worked out from the sample's fields (sum of the eight, two decimals each).
    assert_eq!(line(0, 0), (1, "SDL".into(), 95.23, "Tốt".into()));
    assert_eq!(line(0, 3), (4, "SLDTBXH".into(), 81.37, "Khá".into()));
    // Sở Tư pháp and Sở Xây dựng tie at 73,10: both 10th, Tư pháp first by collation
    // ("T" before "X"), and the next is 12th.
    assert_eq!(line(0, 9), (10, "STP".into(), 73.10, "Trung bình".into()));
    assert_eq!(line(0, 10), (10, "SXD".into(), 73.10, "Trung bình".into()));
    assert_eq!(line(0, 11), (12, "SYT".into(), 70.53, "Trung bình".into()));
    assert_eq!(line(0, 19).0, 20);
    assert_eq!(groups[1]["kind"], "district");
    assert_eq!(groups[1]["ranking"].as_array().unwrap().len(), 15);
    assert_eq!(line(1, 0), (1, "HKT".into(), 95.05, "Tốt".into()));
    assert_eq!(line(1, 14), (15, "QHA".into(), 63.23, "Trung bình".into()));
    // Fields by name; the total is their sum.
    let first = &groups[0]["ranking"][0];
    let sum: f64 = first["fields"]
        .as_object()
        .unwrap()
        .values()
        .map(|x| x.as_f64().unwrap())
        .sum();
    assert!((sum - 95.23).abs() < 0.005);
    assert_eq!(first["fields"]["Cải cách thể chế"], 9.49);
}

#[test]
fn the_sample_workbook_matches_its_generator() {
    let ws = crate::common::reference();
    let built = vanban::read::sheet::Workbook::from_bytes(
        vanban::sample::scores::scores_workbook(&ws.registry).unwrap(),
    )
    .unwrap();
    let committed =
        vanban::read::sheet::Workbook::open(&root().join("inputs/chi-so/cham-diem-2018.xlsx"))
            .unwrap();
    assert_eq!(built.sheets.len(), committed.sheets.len());
    for (a, b) in built.sheets.iter().zip(&committed.sheets) {
        crate::common::assert_same_cells(a, b, true, "run `cargo run --example make-inputs`");
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
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    (out.status.code(), crate::common::code_cells(&v))
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
        (Some(1), vec!["score.max_missing@B1".to_string()])
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
        "Công bố Chỉ số cải cách hành chính năm 2018 của các sở, ban, ngành,",
        "Xét đề nghị của Giám đốc Sở Nội vụ",
        "Phụ lục I",
        "Phụ lục II",
        "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2018 CỦA ỦY BAN NHÂN DÂN CÁC QUẬN, HUYỆN",
        "Xếp hạng",
        "Tổng điểm (100 điểm)",
        "Sở Du lịch 12,32 9,49 11,40 7,61 9,52 7,63 11,46 25,80 95,23 Tốt",
        "10 Sở Tư pháp",
        "10 Sở Xây dựng",
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
            "1. Sở Du lịch",
            "10. Sở Tư pháp",
            "10. Sở Xây dựng",
            "12. Sở Y tế",
            "1. Ủy ban nhân dân huyện Kiến Thụy",
            "95,05",
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
    assert_eq!(s.text(1, 1), "Sở Du lịch");
    assert_eq!(
        (s.text(10, 0), s.text(11, 0), s.text(12, 0)),
        ("10".into(), "10".into(), "12".into())
    );
    assert!(wb.sheet("Quận, huyện").is_some());
    let zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    assert!(zip.file_names().any(|n| n.starts_with("xl/charts/chart")));
}
