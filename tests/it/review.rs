//! The Sở's review (issue: "The Sở's review"): `vanban review` writes the period's
//! hieu-chinh.xlsx with every open finding and its stable id; the decisions typed in it
//! flow into every document of the next run.

use crate::common::{TempDir, docx_text, root, stderr, vanban};
use std::path::Path;

/// The shipped q1 samples in a folder of their own, with a vanban.toml for it.
fn period_folder(name: &str) -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new(name);
    let period = dir.path("bao-cao/q1-2019");
    std::fs::create_dir_all(&period).unwrap();
    for e in std::fs::read_dir(root().join("inputs/bao-cao/q1-2019")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, period.join(p.file_name().unwrap())).unwrap();
    }
    let config = crate::common::config_in(&dir, false);
    (dir, config)
}

/// The review file with decisions typed in the rows whose id starts with the agency and
/// holds the code, as a specialist fills it in Excel (the file written by `vanban
/// review`, rewritten cell by cell).
fn decide(path: &Path, decisions: &[(&str, &str, &str, &str, &str)]) {
    let book = vanban::read::sheet::Workbook::open(path).unwrap();
    let g = book.sheet("Hiệu chỉnh").unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    ws.set_name("Hiệu chỉnh").unwrap();
    let mut matched = 0;
    for r in 0..g.end_row() {
        for c in 0..g.end_col() {
            ws.write_string(r, c as u16, g.text(r, c)).unwrap();
        }
        let id = g.text(r, 0);
        for (agency, code, decision, value, reason) in decisions {
            if id.starts_with(agency) && id.contains(code) {
                ws.write_string(r, 4, *decision).unwrap();
                ws.write_string(r, 5, *value).unwrap();
                ws.write_string(r, 6, *reason).unwrap();
                ws.write_string(r, 7, "Nguyễn Văn A").unwrap();
                ws.write_string(r, 8, "08/03/2019").unwrap();
                matched += 1;
            }
        }
    }
    assert_eq!(matched, decisions.len(), "every decision names one finding");
    out.save(path).unwrap();
}

#[test]
fn decisions_typed_in_the_review_file_flow_into_the_documents() {
    let (dir, config) = period_folder("review");
    let cfg = config.to_str().unwrap();
    // The file, pre-filled: each open finding with its id, agency, place and words.
    let out = vanban(&["review", "--config", cfg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = dir.path("bao-cao/q1-2019/hieu-chinh.xlsx");
    let out = vanban(&["review", "--config", cfg, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect();
    for want in [
        ":figure.inconsistent:Số liệu!",
        ":status.plan_only:Nhiệm vụ!D5",
        ":evidence.duplicate:Nhiệm vụ!F7",
        ":date.future:",
    ] {
        assert!(ids.iter().any(|i| i.contains(want)), "{want} in {ids:?}");
    }
    // Without decisions Sở Tài chính and huyện An Dương get correction letters, and Sở
    // Tài chính's figures are out of the totals.
    let run = |what: &str| {
        let o = vanban(&["run", "--config", cfg, "--quiet"]);
        assert_eq!(o.status.code(), Some(0), "{what}: {}", stderr(&o));
    };
    run("before");
    let out_dir = dir.path("out/q1-2019");
    let letters = out_dir.join("cong-van-don-doc");
    assert!(letters.join("chinh-sua-STC-q1-2019.docx").exists());
    assert!(letters.join("chinh-sua-HAD-q1-2019.docx").exists());
    let report = docx_text(&out_dir.join("bao-cao-cchc-q1-2019.docx"));
    assert!(
        report.contains("tính trên 11/35 cơ quan, đơn vị có số liệu"),
        "{report}"
    );

    decide(
        &file,
        &[
            (
                "STC:",
                ":figure.inconsistent:",
                "Chấp nhận",
                "",
                "Sở Tài chính xác nhận số liệu ngày 08/03",
            ),
            (
                "STC:",
                ":date.missing:",
                "Sửa thành",
                "20/02/2019",
                "Đã trao đổi với đ/c Lan, Sở Tài chính",
            ),
            (
                "STC:",
                ":evidence.missing:",
                "Sửa thành",
                "Kế hoạch số 12/KH-STC ngày 20/02/2019",
                "Như trên",
            ),
            ("STC:", ":status.interpreted:", "Chấp nhận", "", ""),
            (
                "HAD:",
                ":date.future:",
                "Sửa thành",
                "21/02/2019",
                "Gõ nhầm tháng",
            ),
            (
                "HAD:",
                ":task.not_assigned:",
                "Không tổng hợp",
                "",
                "Không phải nhiệm vụ của huyện",
            ),
            (
                "VPUBND:",
                ":status.plan_only:",
                "Sửa thành",
                "Đang thực hiện",
                "Mới ban hành Kế hoạch",
            ),
            (
                "STP:",
                ":evidence.duplicate:",
                "Chấp nhận",
                "",
                "Kế hoạch của UBND thành phố cho nhiệm vụ 12",
            ),
        ],
    );
    run("after");
    // Both agencies' figures in Phụ lục II as decided; no correction letter to an agency
    // whose every finding is settled; 15a in progress; the Tờ trình names the settled.
    let report = docx_text(&out_dir.join("bao-cao-cchc-q1-2019.docx"));
    assert!(
        report.contains("tính trên 12/35 cơ quan, đơn vị có số liệu"),
        "{report}"
    );
    assert!(
        report.contains("Kế hoạch số 24/KH-VP ngày 20/01/2019"),
        "{report}"
    );
    assert!(!letters.join("chinh-sua-STC-q1-2019.docx").exists());
    assert!(!letters.join("chinh-sua-HAD-q1-2019.docx").exists());
    let to_trinh = docx_text(&out_dir.join("to-trinh-cchc-q1-2019.docx"));
    assert!(
        to_trinh.contains("Sở Nội vụ đã trao đổi, thống nhất 8 nội dung, số liệu của báo cáo với Sở Tài chính, Sở Tư pháp, Ủy ban nhân dân huyện An Dương, Văn phòng Ủy ban nhân dân thành phố"),
        "{to_trinh}"
    );
    // The agency's copy marks what was settled; the manifest records the review.
    let copy =
        vanban::read::sheet::Workbook::open(&out_dir.join("kiem-tra/STC-q1-2019-kiem-tra.xlsx"))
            .unwrap();
    let findings = crate::common::sheet_text(&copy.sheets[0], "\n");
    assert!(
        findings.contains("Sở Nội vụ đã thống nhất — Chấp nhận: Sở Tài chính xác nhận số liệu"),
        "{findings}"
    );
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("manifest.json")).unwrap()).unwrap();
    let review = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["status"] == "review")
        .unwrap();
    assert!(
        review["path"]
            .as_str()
            .unwrap()
            .ends_with("hieu-chinh.xlsx")
    );
    // Written again, the file keeps every decision.
    let out = vanban(&["review", "--config", cfg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (kept, unknown) = vanban::read::review::read_review(&file).unwrap();
    assert!(unknown.is_empty());
    assert_eq!(kept.entries.len(), 8);
    // The same inputs and review give the same documents.
    let before = std::fs::read(out_dir.join("bao-cao-cchc-q1-2019.docx")).unwrap();
    run("again");
    assert_eq!(
        std::fs::read(out_dir.join("bao-cao-cchc-q1-2019.docx")).unwrap(),
        before
    );
}

#[test]
fn the_user_guide_s_commands_work_as_written() {
    // Every `cargo run --release -- …` line of docs/huong-dan-su-dung.md, run with the
    // built binary in a copy of the shipped inputs and configuration (the web server
    // excepted: it serves until stopped; its own tests drive it).
    let guide = std::fs::read_to_string(root().join("docs/huong-dan-su-dung.md")).unwrap();
    let dir = TempDir::new("guide");
    let copy = |from: &Path, to: &Path| {
        let o = std::process::Command::new("cp")
            .arg("-r")
            .arg(from)
            .arg(to)
            .output()
            .unwrap();
        assert!(o.status.success());
    };
    copy(&root().join("inputs"), &dir.path("inputs"));
    copy(&root().join("vanban.toml"), &dir.path("vanban.toml"));
    let mut ran = 0;
    for line in guide.lines().map(str::trim) {
        let Some(args) = line.strip_prefix("cargo run --release -- ") else {
            continue;
        };
        let args: Vec<&str> = args.split_whitespace().collect();
        if args[0] == "serve" {
            continue;
        }
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(&args)
            .current_dir(&dir.0)
            .output()
            .unwrap();
        // `check` ends with 1 when the files have errors, as the samples do.
        let ok = if args[0] == "check" {
            [0, 1].as_slice()
        } else {
            &[0]
        };
        assert!(
            o.status.code().is_some_and(|c| ok.contains(&c)),
            "{line}: {}",
            stderr(&o)
        );
        ran += 1;
    }
    assert_eq!(ran, 5, "catalogue, template, check, review, run");
    assert!(dir.path("inputs/bao-cao/q1-2019/hieu-chinh.xlsx").exists());
    assert!(
        dir.path("output/q1-2019/to-trinh-cchc-q1-2019.docx")
            .exists()
    );
    let text = docx_text(&dir.path("output/q1-2019/bao-cao-cchc-q1-2019.docx"));
    assert!(text.contains("BÁO CÁO"));
}
