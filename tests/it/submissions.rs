//! Agency submissions: the form, the lenient reader, every finding code on a real
//! workbook, the feedback copy, and the `check`/`template` commands.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vanban::check::{Checked, Context, FileStatus, validate};
use vanban::model::period::Period;
use vanban::read::sheet::Workbook;
use vanban::read::submission::{Limits, ReadOptions, Submission};
use vanban::sample::submissions::{EXPECTED, SAMPLE_PERIOD, sample_as_of, sample_submissions};
use vanban::xlsx::form::{CellFill, FormFill};

fn samples_dir() -> PathBuf {
    root().join("inputs/bao-cao/q1-2019")
}

fn codes(c: &Checked) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = c.diagnostics.iter().map(|d| d.code.as_str()).collect();
    v.sort_unstable();
    v
}

/// Checks one workbook built in memory.
fn check_bytes(name: &str, bytes: Vec<u8>, r: &Workspace) -> Checked {
    let sub = Submission::from_bytes(
        name,
        bytes,
        &r.registry,
        &ReadOptions {
            period: Some(SAMPLE_PERIOD),
            ..Default::default()
        },
    );
    validate(
        &sub,
        &Context {
            catalogue: &r.catalogue,
            registry: &r.registry,
            indicators: &r.indicators,
            period: Some(SAMPLE_PERIOD),
            as_of: sample_as_of(),
            history: None,
        },
    )
}

/// A clean form for an agency, to be spoiled by a test.
fn clean_form(r: &Workspace, agency: &str) -> FormFill {
    // The sample generator's clean fill for that agency, rebuilt through the public API:
    // read the committed clean sample back would couple tests to files; instead fill
    // every lead task correctly here.
    crate::common::in_progress_fill(r, agency, (2019, 3, 1), "12/BC-X")
}

#[test]
fn shipped_samples_give_exactly_their_expected_findings() {
    let r = reference();
    let files: Vec<PathBuf> = EXPECTED
        .iter()
        .map(|(n, _, _)| samples_dir().join(n))
        .collect();
    let results = check_files(&files, &r, Some(SAMPLE_PERIOD), sample_as_of(), None);
    for ((name, agency, expected), (_, checked)) in EXPECTED.iter().zip(&results) {
        let mut want: Vec<&str> = expected.to_vec();
        want.sort_unstable();
        assert_eq!(codes(checked), want, "{name}: {:#?}", checked.diagnostics);
        if *agency != "SGTVT" {
            assert_eq!(checked.agency.as_deref(), Some(*agency), "{name}");
        }
        let status = if expected.is_empty() {
            FileStatus::Ok
        } else if expected.contains(&"file.unreadable") {
            FileStatus::Unreadable
        } else if checked.diagnostics.iter().any(|d| d.is_error()) {
            FileStatus::Errors
        } else {
            FileStatus::Warnings
        };
        assert_eq!(checked.status, status, "{name}");
        // Every finding inside a workbook names its sheet, and cell findings their cell.
        for d in &checked.diagnostics {
            if d.code != "file.unreadable" && d.code != "task.missing" {
                assert!(d.sheet.is_some() && d.cell.is_some(), "{name}: {d:?}");
            }
            assert!(!d.message.is_empty());
        }
    }
}

#[test]
fn committed_samples_match_their_generator() {
    let r = reference();
    for (name, bytes) in
        sample_submissions(&r.catalogue, &r.registry, &r.indicators, &r.calendar).unwrap()
    {
        let committed = std::fs::read(samples_dir().join(&name)).unwrap();
        if !name.ends_with(".xlsx") || name.starts_with("~$") || name.starts_with("SGTVT") {
            assert_eq!(bytes, committed, "{name}");
            continue;
        }
        let a = Workbook::from_bytes(bytes).unwrap();
        let b = Workbook::from_bytes(committed).unwrap();
        assert_eq!(a.sheets.len(), b.sheets.len(), "{name}");
        for (x, y) in a.sheets.iter().zip(&b.sheets) {
            assert_eq!(x.name, y.name);
            assert_same_cells(
                x,
                y,
                false,
                &format!("{name}: regenerate with `cargo run --example make-inputs`"),
            );
        }
    }
}

#[test]
fn lenient_reading_of_loose_values() {
    let r = reference();
    let mut fill = clean_form(&r, "STP");
    let r13 = fill.rows.get_mut("13").unwrap();
    r13.status = "xong".into();
    r13.date = CellFill::Text("25-01-2019".into());
    r13.evidence = "QĐ số 215/QĐ-UBND".into();
    let r10 = fill.rows.get_mut("10").unwrap();
    r10.status = "ĐANG TRIỂN KHAI".into();
    let r11 = fill.rows.get_mut("11").unwrap();
    r11.status = "Đã HT".into();
    r11.date = CellFill::Number(43480.0); // 15/01/2019 as a serial number
    r11.evidence = "Kế hoạch 10/KH-UBND".into();
    let checked = check_bytes("stp.xlsx", form_bytes(&r, "STP", &fill), &r);
    // Nothing wrong with the values; the two documents are cited without their dates
    // (their numbers carry no year), which a clerk asks for.
    assert_eq!(
        codes(&checked),
        vec!["evidence.incomplete", "evidence.incomplete"],
        "{:#?}",
        checked.diagnostics
    );
    let t11 = checked.tasks.iter().find(|t| t.code == "11").unwrap();
    assert_eq!(t11.completed, chrono::NaiveDate::from_ymd_opt(2019, 1, 15));
}

#[test]
fn status_and_date_findings() {
    let r = reference();
    let mut fill = clean_form(&r, "STP");
    fill.rows.get_mut("10").unwrap().status.clear(); // status.missing
    let r11 = fill.rows.get_mut("11").unwrap();
    r11.status = "Đã hoàn thành".into();
    r11.date = CellFill::Text("30/02/2019".into()); // date.invalid
    r11.evidence = "Kế hoạch số 10/KH-UBND".into();
    let checked = check_bytes("stp.xlsx", form_bytes(&r, "STP", &fill), &r);
    let c = codes(&checked);
    assert!(c.contains(&"status.missing"), "{c:?}");
    assert!(c.contains(&"date.invalid"), "{c:?}");
    // An invalid date is not also reported as missing.
    assert!(!c.contains(&"date.missing"), "{c:?}");
    // Task 13 (Tháng 01/2019) left in progress on 06/03/2019: overdue.
    assert!(c.contains(&"task.overdue"), "{c:?}");
    let overdue = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "task.overdue")
        .unwrap();
    assert!(overdue.message.contains("13"));
    let invalid = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "date.invalid")
        .unwrap();
    assert_eq!(invalid.sheet.as_deref(), Some("Nhiệm vụ"));
    assert!(invalid.cell.as_deref().unwrap().starts_with('E'));
}

#[test]
fn metadata_findings() {
    let r = reference();
    // No agency anywhere: meta.missing.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "Kỳ báo cáo: Quý I/2019").unwrap();
    for (c, h) in ["Mã nhiệm vụ", "Tình trạng", "Kết quả thực hiện"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.write_string(3, 0, "13").unwrap();
    ws.write_string(3, 1, "Đang thực hiện").unwrap();
    let checked = check_bytes("khong-ro.xlsx", book.save_to_buffer().unwrap(), &r);
    assert!(
        codes(&checked).contains(&"meta.missing"),
        "{:?}",
        codes(&checked)
    );

    // Unknown agency, with the closest names as hint.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "Cơ quan: Sở Tư phap Hải Dương")
        .unwrap();
    ws.write_string(1, 0, "Kỳ báo cáo: Quý I/2019").unwrap();
    ws.write_string(3, 0, "Mã NV").unwrap();
    ws.write_string(3, 1, "Trạng thái").unwrap();
    let checked = check_bytes("x.xlsx", book.save_to_buffer().unwrap(), &r);
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "meta.agency_unknown")
        .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics));
    assert!(
        d.hint.as_deref().unwrap_or("").contains("Sở Tư pháp"),
        "{d:?}"
    );
    assert_eq!(d.cell.as_deref(), Some("A1"));
}

#[test]
fn no_task_table_is_sheet_missing() {
    let r = reference();
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "Cơ quan: Sở Tư pháp").unwrap();
    ws.write_string(1, 0, "Kỳ báo cáo: Quý I/2019").unwrap();
    ws.write_string(3, 0, "Báo cáo bằng văn bản, xem tệp Word kèm theo")
        .unwrap();
    let checked = check_bytes("stp.xlsx", book.save_to_buffer().unwrap(), &r);
    assert_eq!(codes(&checked), ["sheet.missing"]);
    assert_eq!(checked.agency.as_deref(), Some("STP"));
}

#[test]
fn own_layout_with_title_block_and_synonyms() {
    let r = reference();
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 2, "BÁO CÁO KẾT QUẢ CCHC").unwrap();
    ws.write_string(1, 0, "Đơn vị:").unwrap();
    ws.write_string(1, 1, "so tu phap").unwrap(); // no accents, lower case
    ws.write_string(2, 0, "Kỳ báo cáo: quý 1 năm 2019").unwrap();
    let headers = ["Tiến độ", "Ghi chú", "Mã số", "Kết quả thực hiện"];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(4, c as u16, *h).unwrap();
    }
    let mut row = 5;
    for (t, lead) in vanban::xlsx::form::assigned_tasks(&r.catalogue, "STP") {
        if !lead {
            continue;
        }
        ws.write_string(
            row,
            0,
            if t.code == "13" {
                "Hoàn thành"
            } else {
                "đang thực hiện"
            },
        )
        .unwrap();
        // Codes typed every way people type them.
        let code = match t.code.as_str() {
            "15b" => "15 b".to_string(),
            "26b" => "26-b)".to_string(),
            c => c.to_string(),
        };
        match code.parse::<f64>() {
            Ok(n) => ws.write_number(row, 2, n).unwrap(),
            Err(_) => ws.write_string(row, 2, &code).unwrap(),
        };
        row += 1;
    }
    let checked = check_bytes("stp.xlsx", book.save_to_buffer().unwrap(), &r);
    let c = codes(&checked);
    // The extra column is reported; 13 done without date and evidence is reported.
    assert!(c.contains(&"sheet.extra_column"), "{c:?}");
    assert!(
        c.contains(&"date.missing") && c.contains(&"evidence.missing"),
        "{c:?}"
    );
    assert!(!c.contains(&"task.missing"), "{c:?}");
    assert!(!c.contains(&"task.unknown"), "{c:?}");
    assert_eq!(checked.agency.as_deref(), Some("STP"));
    assert_eq!(checked.period.as_deref(), Some("q1-2019"));
}

#[test]
fn hostile_and_broken_files_are_unreadable_never_a_panic() {
    let r = reference();
    let good = form_bytes(&r, "STP", &clean_form(&r, "STP"));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.xlsx", Vec::new()),
        ("truncated.xlsx", good[..good.len() / 2].to_vec()),
        ("pdf.xlsx", b"%PDF-1.7\n%%EOF".to_vec()),
        ("text.xls", "Sở Tư pháp;Quý I".as_bytes().to_vec()),
        ("zeros.ods", vec![0u8; 4096]),
        ("zip-not-xlsx.xlsx", {
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            w.start_file("hello.txt", zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut w, b"hello").unwrap();
            w.finish().unwrap().into_inner()
        }),
    ];
    for (name, bytes) in cases {
        let checked = check_bytes(name, bytes, &r);
        assert_eq!(
            checked.status,
            FileStatus::Unreadable,
            "{name}: {:?}",
            checked.diagnostics
        );
        assert_eq!(codes(&checked), ["file.unreadable"], "{name}");
    }
}

#[test]
fn oversized_content_is_refused_before_parsing() {
    let r = reference();
    // A workbook whose sharedStrings member inflates to 3 MB, under a 1 MB limit.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("xl/sharedStrings.xml", opts).unwrap();
    std::io::Write::write_all(&mut w, &vec![b'a'; 3 * 1024 * 1024]).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    assert!(bytes.len() < 100 * 1024);
    let sub = Submission::from_bytes(
        "bomb.xlsx",
        bytes,
        &r.registry,
        &ReadOptions {
            limits: Limits {
                max_unzipped_bytes: 1024 * 1024,
                ..Limits::default()
            },
            ..Default::default()
        },
    );
    assert!(sub.unreadable);
    assert_eq!(sub.diagnostics[0].code, "file.too_large");
}

#[test]
fn legacy_vni_text_is_converted_and_reported() {
    let r = reference();
    let mut fill = clean_form(&r, "STP");
    for row in fill.rows.values_mut() {
        row.result = vanban::read::legacy::encode(
            "Đã ban hành kế hoạch, đang triển khai thực hiện",
            vanban::read::legacy::Legacy::Vni,
        );
    }
    let bytes = form_bytes(&r, "STP", &fill);
    let sub = Submission::from_bytes("stp.xlsx", bytes, &r.registry, &ReadOptions::default());
    let d: Vec<_> = sub
        .diagnostics
        .iter()
        .filter(|d| d.code == "text.legacy_encoding")
        .collect();
    assert_eq!(d.len(), 1, "{:#?}", sub.diagnostics);
    assert!(d[0].message.contains("VNI"));
    let row = sub
        .rows
        .iter()
        .find(|x| x.code.as_deref() == Some("13"))
        .unwrap();
    assert_eq!(
        &*row.result,
        "Đã ban hành kế hoạch, đang triển khai thực hiện"
    );
}

fn hash(path: &Path) -> (Vec<u8>, std::time::SystemTime) {
    (
        std::fs::read(path).unwrap(),
        std::fs::metadata(path).unwrap().modified().unwrap(),
    )
}

#[test]
fn check_command_json_exit_codes_and_feedback_copies() {
    let out_dir = TempDir::new("check");
    let feedback = out_dir.path("kiem-tra");
    let before: BTreeMap<PathBuf, _> = std::fs::read_dir(samples_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.clone(), hash(&p)))
        .collect();
    let out = vanban(&[
        "check",
        "inputs/bao-cao/q1-2019",
        "--period",
        "q1-2019",
        "--as-of",
        "06/03/2019",
        "--format",
        "json",
        "--feedback",
        feedback.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    // Every workbook, and Sở Xây dựng's cover letter (a PDF beside its workbook: kept
    // with a note, no copy).
    assert_eq!(files.len(), EXPECTED.len() + 1);
    let letter = files
        .iter()
        .find(|f| {
            f["file"]
                .as_str()
                .unwrap()
                .ends_with("Cong van gui kem - SXD.pdf")
        })
        .unwrap();
    assert_eq!(letter["agency"], "SXD");
    assert_eq!(letter["document"], "pdf");
    assert_eq!(letter["diagnostics"][1]["severity"], "info", "{letter}");
    for f in files {
        for key in ["file", "status", "diagnostics"] {
            assert!(!f[key].is_null(), "{key}");
        }
        for d in f["diagnostics"].as_array().unwrap() {
            for key in ["code", "severity", "message"] {
                assert!(d[key].is_string(), "{key}: {d}");
            }
        }
    }
    let stc = files
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with("STC-q1-2019.xlsx"))
        .unwrap();
    assert_eq!(stc["agency"], "STC");
    assert_eq!(stc["period"], "q1-2019");
    assert_eq!(stc["status"], "errors");
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "the lock file");

    // Inputs untouched (bytes and timestamps).
    for (p, h) in &before {
        assert_eq!(&hash(p), h, "{} was modified", p.display());
    }

    // One feedback copy per checked file; the STC copy lists its findings and marks the
    // offending cells with notes.
    let copies: Vec<_> = std::fs::read_dir(&feedback)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(copies.len(), EXPECTED.len());
    let stc_copy = feedback.join("STC-q1-2019-kiem-tra.xlsx");
    let book = Workbook::open(&stc_copy).unwrap();
    assert_eq!(book.sheets[0].name, vanban::xlsx::feedback::RESULT_SHEET);
    let result = &book.sheets[0];
    let all_text = crate::common::sheet_text(result, "\n");
    for code in [
        "status.interpreted",
        "date.missing",
        "evidence.missing",
        "figure.inconsistent",
    ] {
        assert!(all_text.contains(code), "{code} in feedback sheet");
    }
    assert!(book.sheet("Nhiệm vụ").is_some());
    // The note on the offending cell (stored as a comment part in the xlsx).
    let zip = zip::ZipArchive::new(std::fs::File::open(&stc_copy).unwrap()).unwrap();
    assert!(
        zip.file_names().any(|n| n.contains("comments")),
        "notes present"
    );

    // A clean file alone: exit 0.
    let out = vanban(&[
        "check",
        "inputs/bao-cao/q1-2019/SNV-q1-2019.xlsx",
        "--period",
        "q1-2019",
        "--as-of",
        "06/03/2019",
        "--no-feedback",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("đạt"));

    // Usage errors: exit 2.
    let out = vanban(&["check", "inputs/bao-cao/q1-2019", "--period", "q2-2019"]);
    assert_eq!(out.status.code(), Some(2));
    let out = vanban(&["check", "/nonexistent/folder", "--no-feedback"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn template_form_has_tasks_dropdowns_and_protection() {
    let dir = TempDir::new("template");
    let file = dir.path("stp.xlsx");
    let out = vanban(&[
        "template",
        "--agency",
        "Sở Tư pháp",
        "--period",
        "q1-2019",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let book = Workbook::open(&file).unwrap();
    let names: Vec<&str> = book.sheets.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Thông tin", "Nhiệm vụ", "Số liệu"]);
    let r = reference();
    let tasks = book.sheet("Nhiệm vụ").unwrap();
    // Lead tasks first, then partner tasks, in catalogue order.
    let want = vanban::xlsx::form::assigned_tasks(&r.catalogue, "STP");
    let mut got = Vec::new();
    for row in 4..tasks.end_row() {
        got.push((tasks.text(row, 0), tasks.text(row, 2)));
    }
    assert_eq!(got.len(), want.len());
    for ((code, role), (t, lead)) in got.iter().zip(&want) {
        assert_eq!(code, &t.code);
        assert_eq!(role, if *lead { "Chủ trì" } else { "Phối hợp" });
    }
    assert_eq!(got[0].0, "10");
    // Drop-down list, date validation and sheet protection in the XML.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet2.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains(r#"type="list""#), "drop-down");
    assert!(
        xml.contains("Đã hoàn thành,Đang thực hiện,Chưa thực hiện"),
        "drop-down values"
    );
    assert!(xml.contains(r#"type="date""#), "date validation");
    assert!(xml.contains("<sheetProtection"), "protected");

    // The blank form read back: agency and period recognised, every lead task missing a
    // status — exactly what the form asks the agency to fill.
    let checked = check_bytes("stp.xlsx", std::fs::read(&file).unwrap(), &r);
    assert_eq!(checked.agency.as_deref(), Some("STP"));
    assert_eq!(checked.period.as_deref(), Some("q1-2019"));
    let leads = want.iter().filter(|(_, l)| *l).count();
    assert_eq!(
        checked
            .diagnostics
            .iter()
            .filter(|d| d.code == "status.missing")
            .count(),
        leads
    );

    // --all: one form per department and district.
    let all_dir = dir.path("all");
    let out = vanban(&[
        "template",
        "--all",
        "--period",
        "q1-2019",
        "-o",
        all_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let n = std::fs::read_dir(&all_dir).unwrap().count();
    let reporting = r
        .registry
        .agencies()
        .iter()
        .filter(|a| a.kind != vanban::AgencyKind::Other)
        .count();
    assert_eq!(n, reporting);
    assert!(all_dir.join("STP-q1-2019.xlsx").exists());

    let out = vanban(&[
        "template",
        "--agency",
        "Sở Ngoại giao",
        "--period",
        "q1-2019",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Sở Ngoại vụ"), "{}", stderr(&out));
}

/// Converts a workbook with LibreOffice; `None` when LibreOffice is absent.
pub(crate) fn soffice_convert(src: &Path, ext: &str, out_dir: &Path) -> Option<PathBuf> {
    let bin = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok()
    })?;
    let status = std::process::Command::new(bin)
        .args(["--headless", "--convert-to", ext, "--outdir"])
        .arg(out_dir)
        .arg(src)
        .env("HOME", out_dir)
        .output()
        .ok()?;
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let stem = src.file_stem()?.to_string_lossy().into_owned();
    Some(out_dir.join(format!("{stem}.{ext}")))
}

#[test]
fn xls_and_ods_submissions_read_like_xlsx() {
    let dir = TempDir::new("formats");
    let src = samples_dir().join("STC-q1-2019.xlsx");
    let r = reference();
    let xlsx = check_files(
        &[src.clone()],
        &r,
        Some(SAMPLE_PERIOD),
        sample_as_of(),
        None,
    );
    for ext in ["ods", "xls"] {
        let Some(converted) = soffice_convert(&src, ext, &dir.0) else {
            eprintln!("LibreOffice absent: skipping the .{ext} reading test");
            return;
        };
        let other = check_files(&[converted], &r, Some(SAMPLE_PERIOD), sample_as_of(), None);
        assert_eq!(
            codes(&other[0].1),
            codes(&xlsx[0].1),
            ".{ext}: {:#?}",
            other[0].1.diagnostics
        );
    }
}

#[test]
fn period_ids_and_labels() {
    let p = Period::parse_id("q1-2019").unwrap();
    assert_eq!(p.label(), "Quý I/2019");
}

#[test]
fn section_rows_of_home_made_tables_are_not_tasks() {
    let r = reference();
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "Cơ quan: Sở Tư pháp").unwrap();
    ws.write_string(1, 0, "Kỳ báo cáo: Quý I/2019").unwrap();
    for (c, h) in ["STT", "Nội dung", "Tình trạng", "Thời gian hoàn thành"]
        .iter()
        .enumerate()
    {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    let mut row = 4;
    let fmt = rust_xlsxwriter::Format::new();
    ws.merge_range(row, 0, row, 3, "A. NHIỆM VỤ CHỦ TRÌ", &fmt)
        .unwrap();
    row += 1;
    ws.write_string(row, 0, "II").unwrap();
    ws.write_string(row, 1, "CẢI CÁCH THỂ CHẾ").unwrap();
    row += 1;
    for (t, lead) in vanban::xlsx::form::assigned_tasks(&r.catalogue, "STP") {
        if !lead {
            continue;
        }
        ws.write_string(row, 0, &t.code).unwrap();
        ws.write_string(row, 1, &t.title).unwrap();
        ws.write_string(row, 2, "Đang thực hiện").unwrap();
        // "Thời gian hoàn thành" copied from the plan: a deadline, not a date.
        ws.write_string(row, 3, &t.deadline.text).unwrap();
        row += 1;
    }
    let checked = check_bytes("stp.xlsx", book.save_to_buffer().unwrap(), &r);
    let c = codes(&checked);
    assert!(!c.contains(&"task.unknown"), "{:#?}", checked.diagnostics);
    assert!(!c.contains(&"date.invalid"), "{:#?}", checked.diagnostics);
}

/// Inputs found by fuzzing (`fuzz/`): arithmetic overflows inside calamine on corrupt
/// dimensions. They must end as `file.unreadable`, never as a crash.
#[test]
fn fuzz_regressions_are_unreadable_files() {
    let r = reference();
    for name in [
        "catalogue-calamine-merge-overflow.xlsx",
        "submission-crash.xlsx",
    ] {
        let bytes = std::fs::read(root().join("tests/fixtures/fuzz").join(name)).unwrap();
        // The catalogue reader.
        if let Ok(book) = Workbook::from_bytes(bytes.clone()) {
            let _ = vanban::Catalogue::from_workbook(&book, name, &r.registry, None);
        }
        // The submission reader and the whole check.
        let checked = check_bytes(name, bytes, &r);
        assert!(
            checked.status == FileStatus::Unreadable || !checked.diagnostics.is_empty(),
            "{name}: {:?}",
            checked.status
        );
    }
}

#[test]
fn limits_are_configurable_from_the_command_line() {
    // A 1-MB file limit: every sample form (≈ 19 kB) passes; a 0-MB limit refuses them all.
    let out = vanban(&[
        "check",
        "inputs/bao-cao/q1-2019/SNV-q1-2019.xlsx",
        "--period",
        "q1-2019",
        "--as-of",
        "06/03/2019",
        "--no-feedback",
        "--format",
        "json",
        "--max-file-mb",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["diagnostics"][0]["code"], "file.too_large");
    let out = vanban(&[
        "check",
        "inputs/bao-cao/q1-2019/SNV-q1-2019.xlsx",
        "--period",
        "q1-2019",
        "--as-of",
        "06/03/2019",
        "--no-feedback",
        "--max-cells",
        "100",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("file.too_large"));
}
