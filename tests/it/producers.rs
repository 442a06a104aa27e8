//! Workbooks and documents from other producers than vanban's own tests, written blind
//! from the issue's text (`tests/fixtures/producers/make.py`, expectations in its
//! EXPECTED.md): openpyxl, XlsxWriter (rust_xlsxwriter's XML), a LibreOffice re-save,
//! `x:`-prefixed SpreadsheetML, an Excel 2016 package with `mc:Ignorable` and extension
//! lists, a sheet with the agency's own notes; swapped and hidden rows; a Word report, a
//! PDF and CSV exports in a period folder; the documents cited across files.

use crate::common::{TempDir, check_q1, code_cells, root, stderr, vanban};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use std::io::Read;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/producers")
}

/// `check --format json` of files or folders (Quý I/2019, as of 06/03/2019).
fn check_json(inputs: &[&Path], extra: &[&str]) -> serde_json::Value {
    let mut args: Vec<&str> = vec!["check"];
    for i in inputs {
        args.push(i.to_str().unwrap());
    }
    args.extend([
        "--period",
        "q1-2019",
        "--as-of",
        "06/03/2019",
        "--format",
        "json",
    ]);
    args.extend_from_slice(extra);
    let out = vanban(&args);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&out)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn file_entry<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} not checked: {v}"))
}

fn parts(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_string(), bytes)
        })
        .collect()
}

/// An XML part read with namespaces resolved: well-formed and every prefix declared.
fn assert_namespaced_xml(name: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{name}: not UTF-8"));
    let mut reader = quick_xml::reader::NsReader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let r = reader.resolver();
                assert!(
                    !matches!(r.resolve_element(e.name()).0, ResolveResult::Unknown(_)),
                    "{name}: undeclared prefix on <{}>",
                    e.name().as_ref()
                );
                for a in e.attributes().with_checks(true) {
                    let a = a.unwrap_or_else(|err| panic!("{name}: {err}"));
                    if a.key.as_ref().starts_with("xmlns") {
                        continue;
                    }
                    assert!(
                        !matches!(r.resolve_attribute(a.key).0, ResolveResult::Unknown(_)),
                        "{name}: undeclared prefix on {}",
                        a.key.as_ref()
                    );
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => panic!("{name}: not well-formed: {e}"),
            _ => {}
        }
    }
}

/// The merges and column widths of a sheet part, whatever its prefix: `<mergeCell
/// ref>` and `<col min max width hidden>`, in order.
fn layout(xml: &str) -> (Vec<String>, Vec<String>) {
    let merge = regex::Regex::new(r#"<(?:\w+:)?mergeCell\b[^>]*\bref="([^"]+)""#).unwrap();
    let col = regex::Regex::new(r#"<(?:\w+:)?col\b([^>]*)/?>"#).unwrap();
    let attr = |tag: &str, a: &str| {
        regex::Regex::new(&format!(r#"\b{a}="([^"]*)""#))
            .unwrap()
            .captures(tag)
            .map(|c| c[1].to_string())
            .unwrap_or_default()
    };
    (
        merge.captures_iter(xml).map(|c| c[1].to_string()).collect(),
        col.captures_iter(xml)
            .map(|c| {
                ["min", "max", "width", "hidden"]
                    .map(|a| attr(&c[1], a))
                    .join(",")
            })
            .collect(),
    )
}

fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The findings the blind writer expected, per file (code@cell); each file also gets
/// the feedback copy checks below.
const PRODUCERS: &[(&str, &[&str])] = &[
    (
        "STP-openpyxl.xlsx",
        &["date.missing@E9", "evidence.missing@F8"],
    ),
    (
        "SYT-xlsxwriter.xlsx",
        &["status.missing@D6", "task.not_assigned@A11"],
    ),
    (
        "SXD-libreoffice.xlsx",
        &["date.invalid@E5", "task.not_assigned@A11"],
    ),
    (
        "SCT-xprefix.xlsx",
        &["evidence.missing@F5", "task.unknown@A10"],
    ),
    (
        "STNMT-excel2016.xlsx",
        &["date.future@E5", "sheet.extra_column@J4"],
    ),
    (
        "SLDTBXH-comments.xlsx",
        &["evidence.missing@F5", "status.invalid@D7"],
    ),
    (
        "STTTT-swapped-rows.xlsx",
        &["task.title_mismatch@B11", "task.title_mismatch@B12"],
    ),
    ("QHB-hidden-rows.xlsx", &["sheet.hidden_data@A5"]),
    ("SKHCN-hidden-column.xlsx", &["sheet.hidden_data@D1"]),
    (
        "SVHTT-clerk-values.xlsx",
        &[
            "figure.interpreted@D11",
            "figure.interpreted@D5",
            "figure.interpreted@D8",
            "status.interpreted@D6",
            "status.invalid@D7",
        ],
    ),
];

#[test]
fn every_producer_gets_its_findings_and_a_feedback_copy_that_opens() {
    let dir = TempDir::new("producers");
    let fb = dir.path("kiem-tra");
    let files: Vec<PathBuf> = PRODUCERS.iter().map(|(f, _)| fixtures().join(f)).collect();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let v = check_json(&refs, &["--feedback", fb.to_str().unwrap()]);
    let lo = soffice();
    if lo.is_none() {
        eprintln!(
            "LibreOffice not found: the copies are not opened with it (install libreoffice-calc)"
        );
    }
    for ((name, expected), original) in PRODUCERS.iter().zip(&files) {
        assert_eq!(code_cells(file_entry(&v, name)), *expected, "{name}");
        let stem = name.trim_end_matches(".xlsx");
        let copy = fb.join(format!("{stem}-kiem-tra.xlsx"));
        let copy_parts = parts(&copy);
        // Patched, not rebuilt: the agency's own package with our findings sheet.
        assert!(
            copy_parts
                .iter()
                .any(|(n, _)| n.ends_with("vanban-ket-qua-kiem-tra.xml")),
            "{name}: the copy was rebuilt, not patched"
        );
        // Every XML part parses with its namespaces.
        for (n, bytes) in &copy_parts {
            if n.ends_with(".xml") || n.ends_with(".rels") || n.ends_with(".vml") {
                assert_namespaced_xml(&format!("{name}: {n}"), bytes);
            }
        }
        // Every part of the original is still there; the sheets keep their merges and
        // widths, and the values read are the original's.
        let orig_parts = parts(original);
        for (n, bytes) in &orig_parts {
            let Some((_, copied)) = copy_parts.iter().find(|(c, _)| c == n) else {
                panic!("{name}: part {n} lost");
            };
            if n.contains("worksheets/") && n.ends_with(".xml") {
                let (a, b) = (
                    String::from_utf8_lossy(bytes),
                    String::from_utf8_lossy(copied),
                );
                assert_eq!(layout(&a), layout(&b), "{name}: {n} merges and widths");
            }
        }
        let orig_book = vanban::read::sheet::Workbook::open(original).unwrap();
        let copy_book = vanban::read::sheet::Workbook::open(&copy).unwrap();
        assert_eq!(
            copy_book.sheets[0].name,
            vanban::xlsx::feedback::RESULT_SHEET,
            "{name}"
        );
        for (a, b) in orig_book.sheets.iter().zip(&copy_book.sheets[1..]) {
            crate::common::assert_same_cells(a, b, false, name);
        }
        // What an agency's clerk sees: LibreOffice opens the copy.
        if let Some(bin) = lo {
            let out_dir = dir.path(&format!("lo-{stem}"));
            let o = std::process::Command::new(bin)
                .args(["--headless", "--convert-to", "pdf", "--outdir"])
                .arg(&out_dir)
                .arg(&copy)
                .env("HOME", &dir.0)
                .output()
                .unwrap();
            assert!(
                out_dir.join(format!("{stem}-kiem-tra.pdf")).exists(),
                "{name}: LibreOffice could not load the copy: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
    // The agency's own note and ours on one cell (SLDTBXH, status of task 21).
    let copy = fb.join("SLDTBXH-comments-kiem-tra.xlsx");
    let notes: String = parts(&copy)
        .into_iter()
        .filter(|(n, _)| n.contains("comments"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    assert!(
        notes.contains("ref=\"D7\"") && notes.contains("[status.invalid]"),
        "{notes}"
    );
}

#[test]
fn a_copy_that_fails_the_read_back_is_rebuilt_and_says_why() {
    // A package whose workbook uses a prefix for the relationships namespace that is
    // declared nowhere: the patch cannot honestly fix it, so the copy is rebuilt.
    let dir = TempDir::new("broken-ns");
    let src = fixtures().join("STP-openpyxl.xlsx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&src).unwrap()).unwrap();
    let broken = dir.path("STP-broken.xlsx");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&broken).unwrap());
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == "xl/workbook.xml" {
            let text = String::from_utf8(bytes).unwrap();
            // Drop the declaration of r: on each <sheet>: r:id is now unbound.
            let text = regex::Regex::new(r#" xmlns:r="[^"]*""#)
                .unwrap()
                .replace_all(&text, "")
                .into_owned();
            bytes = text.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut out, &bytes).unwrap();
    }
    out.finish().unwrap();
    let fb = dir.path("kiem-tra");
    let o = check_q1(&broken, &["--feedback", fb.to_str().unwrap()]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let copy = fb.join("STP-broken-kiem-tra.xlsx");
    for (n, bytes) in parts(&copy) {
        if n.ends_with(".xml") || n.ends_with(".rels") {
            assert_namespaced_xml(&n, &bytes);
        }
    }
    let book = vanban::read::sheet::Workbook::open(&copy).unwrap();
    let text = crate::common::sheet_text(&book.sheets[0], "\n");
    assert!(
        text.contains("Bản sao này dựng lại") && text.contains("không sửa trực tiếp được"),
        "{text}"
    );
}

#[test]
fn documents_in_the_folder_are_wrong_format_not_missing_and_csv_exports_are_read() {
    let dir = TempDir::new("wrong-form");
    let period = dir.path("bao-cao/q1-2019");
    std::fs::create_dir_all(&period).unwrap();
    for e in std::fs::read_dir(fixtures().join("wrong-form")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, period.join(p.file_name().unwrap())).unwrap();
    }
    // Check: the DOCX and the PDF are recognised from their text (the PDF's name says
    // nothing of its agency), each with one file.wrong_format; the CSV exports are read.
    let v = check_json(&[&period], &["--no-feedback"]);
    let docx = file_entry(&v, "So Du lich.docx");
    assert_eq!(docx["agency"], "SDL");
    assert_eq!(docx["document"], "word");
    let pdf = file_entry(&v, "Bao cao CCHC quy I nam 2019.pdf");
    assert_eq!(pdf["agency"], "HVB", "{pdf}");
    assert_eq!(pdf["document"], "pdf");
    for f in [docx, pdf] {
        assert!(
            code_cells(f).contains(&"file.wrong_format@".to_string()),
            "{f}"
        );
    }
    let utf8 = file_entry(&v, "(xuat tu Excel).csv");
    assert_eq!(utf8["agency"], "QKA");
    assert_eq!(utf8["status"], "ok", "{utf8}");
    let cp1258 = file_entry(&v, "An Lao - BC CCHC quy I-2019.csv");
    assert_eq!(cp1258["agency"], "HAL");
    assert_eq!(
        code_cells(cp1258),
        ["meta.inferred@", "meta.inferred@"],
        "{cp1258}"
    );
    // The Windows-1258 text, tone marks combining in the file, comes out NFC.
    let bytes = std::fs::read(period.join("UBND huyen An Lao - BC CCHC quy I-2019.csv")).unwrap();
    let book = vanban::read::document::csv_workbook(&bytes, "x").unwrap();
    let g = &book.sheets[0];
    assert_eq!(g.text(0, 3), "Tình trạng");
    let all = crate::common::sheet_text(g, "\n");
    assert!(all.contains("Đã ban hành Kế hoạch kiểm tra cải cách hành chính năm 2019"));
    use unicode_normalization::UnicodeNormalization;
    assert!(all.nfc().eq(all.chars()), "NFC");

    // The run: SDL and HVB "gửi sai định dạng" in the status workbook, asked for the form
    // by a letter of their own, absent from the "chưa gửi" letter, named in the Tờ trình.
    let config = crate::common::config_in(&dir, false);
    let out = vanban(&["run", "--config", config.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let root_out = dir.path("out/q1-2019");
    let status =
        vanban::read::sheet::Workbook::open(&root_out.join("kiem-tra/tong-hop-q1-2019.xlsx"))
            .unwrap();
    let agencies = status.sheet("Cơ quan").unwrap();
    let state_of = |code: &str| {
        (agencies.first_row()..agencies.end_row())
            .find(|&r| agencies.text(r, 0) == code)
            .map(|r| agencies.text(r, 2))
            .unwrap()
    };
    assert_eq!(state_of("SDL"), "gửi sai định dạng");
    assert_eq!(state_of("HVB"), "gửi sai định dạng");
    assert_eq!(state_of("QKA"), "đúng hạn");
    assert_eq!(state_of("SNV"), "chưa nộp");
    let letters = root_out.join("cong-van-don-doc");
    for code in ["SDL", "HVB"] {
        let text =
            crate::common::docx_text(&letters.join(format!("gui-theo-mau-{code}-q1-2019.docx")));
        assert!(text.contains("theo mẫu"), "{text}");
        assert!(text.contains("gửi về Sở Nội vụ trước ngày"), "{text}");
    }
    let missing = crate::common::docx_text(&letters.join("don-doc-chua-gui-q1-2019.docx"));
    assert!(
        !missing.contains("Sở Du lịch") && !missing.contains("Vĩnh Bảo"),
        "{missing}"
    );
    let to_trinh = crate::common::docx_text(&root_out.join("to-trinh-cchc-q1-2019.docx"));
    assert!(
        to_trinh.contains("không theo mẫu Excel nên chưa tổng hợp được: Sở Du lịch, Ủy ban nhân dân huyện Vĩnh Bảo"),
        "{to_trinh}"
    );
    // No feedback copy for a document: there are no cells to mark.
    let copies: Vec<String> = std::fs::read_dir(root_out.join("kiem-tra"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !copies.iter().any(|c| c.contains("So-Du-lich")),
        "{copies:?}"
    );
}

#[test]
fn documents_cited_across_files_and_figures_derived_from_others() {
    let v = check_json(&[&fixtures().join("clerk-checks")], &["--no-feedback"]);
    assert_eq!(
        code_cells(file_entry(&v, "SGDDT-q1-2019.xlsx")),
        ["evidence.duplicate@F5"]
    );
    assert_eq!(
        code_cells(file_entry(&v, "SNGV-q1-2019.xlsx")),
        ["evidence.duplicate@F11"]
    );
    let qdk = file_entry(&v, "QDK-q1-2019.xlsx");
    assert_eq!(
        code_cells(qdk),
        ["evidence.incomplete@F7", "figure.inconsistent@D6"]
    );
    let message = |f: &serde_json::Value, code: &str| -> String {
        f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .map(|d| format!("{} {}", d["message"], d["hint"]))
            .unwrap()
    };
    // The duplicate names the other task and agency; the derived figure says so.
    assert!(
        message(file_entry(&v, "SGDDT-q1-2019.xlsx"), "evidence.duplicate")
            .contains("nhiệm vụ 12 của Sở Ngoại vụ")
    );
    let m = message(qdk, "figure.inconsistent");
    assert!(
        m.contains("1.230") && m.contains("1.200") && m.contains("không ghi"),
        "{m}"
    );
    // Checked alone, a file has no one to share a document with.
    let alone = check_json(
        &[&fixtures().join("clerk-checks/SGDDT-q1-2019.xlsx")],
        &["--no-feedback"],
    );
    assert!(code_cells(&alone["files"][0]).is_empty());
}

#[test]
fn a_cover_letter_never_stands_for_the_agency_s_workbook() {
    // Sở Du lịch sends its form with an error (a state left blank) dated 01/03 and,
    // beside it, its report as a Word document dated later: the workbook is the report
    // (with its error, sent back for correction), the document a cover letter.
    let r = crate::common::reference();
    let dir = TempDir::new("cover-letter");
    let mut fill = crate::common::in_progress_fill(&r, "SDL", (2019, 2, 20), "10/BC-SDL");
    let first = fill.rows.keys().next().unwrap().clone();
    fill.rows.get_mut(&first).unwrap().status = String::new();
    let form = dir.path("SDL-q1-2019.xlsx");
    std::fs::write(&form, crate::common::form_bytes(&r, "SDL", &fill)).unwrap();
    let docx = dir.path("SDL - cong van gui kem.docx");
    std::fs::copy(
        fixtures().join("wrong-form/BC CCHC quy I-2019 - So Du lich.docx"),
        &docx,
    )
    .unwrap();
    let period = vanban::model::period::Period::parse_id("q1-2019").unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2019, 3, 6).unwrap();
    let results = r.check_files(&[docx.clone(), form.clone()], Some(period), as_of, None);
    let checked: Vec<_> = results.into_iter().map(|(_, c)| c).collect();
    let letter = checked.iter().find(|c| c.document.is_some()).unwrap();
    assert!(!letter.wrong_format(), "{:?}", letter.diagnostics);
    let s = r.summarise(period, as_of, &checked);
    let sdl = s.agencies.iter().find(|a| a.code == "SDL").unwrap();
    assert_eq!(sdl.submitted, vanban::aggregate::Submitted::OnTime);
    assert_eq!(
        sdl.status,
        Some(vanban::check::FileStatus::Errors),
        "the workbook, with its error, is the report"
    );
    assert!(sdl.usable);
    assert_eq!(
        checked[sdl.checked.unwrap()].file,
        form.display().to_string()
    );
}

#[test]
fn hidden_rows_and_columns_of_an_ods_are_not_read_either() {
    let Some(bin) = soffice() else {
        eprintln!(
            "LibreOffice not found: the .ods re-saves are not made (install libreoffice-calc)"
        );
        return;
    };
    let dir = TempDir::new("hidden-ods");
    let sources = ["QHB-hidden-rows.xlsx", "SKHCN-hidden-column.xlsx"].map(|f| fixtures().join(f));
    let o = std::process::Command::new(bin)
        .args(["--headless", "--convert-to", "ods", "--outdir"])
        .arg(&dir.0)
        .args(&sources)
        .env("HOME", &dir.0)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = check_json(&[&dir.0], &["--no-feedback"]);
    assert_eq!(
        code_cells(file_entry(&v, "QHB-hidden-rows.ods")),
        ["sheet.hidden_data@A5"]
    );
    assert_eq!(
        code_cells(file_entry(&v, "SKHCN-hidden-column.ods")),
        ["sheet.hidden_data@D1"]
    );
}
