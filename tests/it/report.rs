//! The periodic report, the reminders and the status workbook on the shipped Quý I/2019
//! samples. Every expected number below is derived by hand from the samples' design
//! (`src/sample/submissions.rs`) and the seed catalogue, not by the aggregation code.

use crate::common::*;
use std::collections::BTreeSet;
use vanban::aggregate::{Submitted, TaskState};
use vanban::read::sheet::{Value, Workbook};

fn summary() -> (
    Workspace,
    Vec<vanban::check::Checked>,
    vanban::aggregate::Summary,
) {
    let r = reference();
    let (checked, s) = sample_period(&r);
    (r, checked, s)
}

#[test]
fn agencies_by_submission_state() {
    let (_, _, s) = summary();
    // 20 departments + 15 districts report.
    assert_eq!(s.agencies.len(), 35);
    let state = |code: &str| s.agencies.iter().find(|a| a.code == code).unwrap();
    // 14 files were received (SGTVT's is a PDF named .xlsx, attributed by its name).
    let received: BTreeSet<&str> = s
        .agencies
        .iter()
        .filter(|a| a.submitted != Submitted::Missing)
        .map(|a| a.code.as_str())
        .collect();
    let want: BTreeSet<&str> = [
        "SNV", "STP", "VPUBND", "STTTT", "SKHDT", "SXD", "SYT", "QNQ", "STC", "QLC", "HTN", "QHB",
        "HAD", "SGTVT",
    ]
    .into();
    assert_eq!(received, want);
    // QNQ reported on 08/03/2019, after "trước ngày 05/3/2019".
    assert_eq!(state("QNQ").submitted, Submitted::Late);
    assert_eq!(
        s.agencies
            .iter()
            .filter(|a| a.submitted == Submitted::Late)
            .count(),
        1
    );
    assert_eq!(
        s.agencies
            .iter()
            .filter(|a| a.submitted == Submitted::Missing)
            .count(),
        21
    );
    // Reminders: 21 missing + QNQ late + STC, QLC, QHB, HAD with errors + SGTVT unreadable.
    let remind: BTreeSet<&str> = s
        .agencies
        .iter()
        .filter(|a| a.needs_reminder())
        .map(|a| a.code.as_str())
        .collect();
    assert_eq!(remind.len(), 27);
    for c in ["QNQ", "STC", "QLC", "QHB", "HAD", "SGTVT", "SCT", "HBLV"] {
        assert!(remind.contains(c), "{c}");
    }
    for c in [
        "SNV", "STP", "VPUBND", "STTTT", "SKHDT", "SXD", "SYT", "HTN",
    ] {
        assert!(!remind.contains(c), "{c}");
    }
    // STP leads 10–14 and the five collective tasks (15b, 20, 21, 26b, 33): 10 tasks;
    // done: 13 and 15b.
    assert_eq!(state("STP").tasks_lead, 10);
    assert_eq!(state("STP").tasks_done, 2);
}

#[test]
fn tasks_and_groups_counted_by_hand() {
    let (_, _, s) = summary();
    let task = |code: &str| s.tasks.iter().find(|t| t.code == code).unwrap();
    // Completed: 5 (SNV, 20/02, due 31/03: on time), 13 (STP, 12/02, due 31/01: late).
    // 15a (VPUBND: "hoàn thành" in January with its plan as evidence, a task that runs
    // all year): read as the plan issued and the work in progress.
    assert_eq!(task("5").state, TaskState::Completed { on_time: true });
    assert_eq!(task("13").state, TaskState::Completed { on_time: false });
    assert_eq!(task("13").completed_on.unwrap().to_string(), "2019-02-12");
    assert_eq!(task("15a").state, TaskState::InProgress);
    assert_eq!(
        task("15a")
            .plan
            .as_ref()
            .and_then(|p| p.issued)
            .map(|d| d.to_string()),
        Some("2019-01-20".to_string())
    );
    // Not started: 3a (SNV) and 3b (every district that reported says "Chưa thực hiện").
    assert_eq!(task("3a").state, TaskState::NotStarted);
    assert_eq!(task("3b").state, TaskState::NotStarted);
    // 24: STC's state cell says "tốt", its result "Đang triển khai thực hiện theo kế
    // hoạch": read as in progress (#22).
    assert_eq!(task("24").state, TaskState::InProgress);
    // Not reported: 29, 30 (Thanh tra), 31 (SGTVT, unreadable), 32 (Sở Ngoại vụ), 34, 35
    // (Sở KH&CN).
    for c in ["29", "30", "31", "32", "34", "35"] {
        assert_eq!(task(c).state, TaskState::NotReported, "{c}");
    }
    // 15b: led by all 35; done by the 10 whose 15b row has no error (STC: no date; HAD:
    // a date after the report; QHB: wrong period).
    assert_eq!(task("15b").leads, 35);
    assert_eq!(task("15b").done, 10);
    assert_eq!(task("15b").state, TaskState::InProgress);
    // 25 is led by Sở Tài chính and Cục Thuế; only the Sở reports to the Sở Nội vụ.
    assert_eq!(task("25").leads, 1);

    let all = &s.all;
    assert_eq!(
        (all.total, all.completed_on_time, all.completed_late),
        (39, 1, 1)
    );
    assert_eq!(
        (all.in_progress, all.not_started, all.not_reported),
        (29, 2, 6)
    );
    assert_eq!(all.overdue, 0);
    let g = |id: &str| &s.groups.iter().find(|(g, _)| g == id).unwrap().1;
    // (total, on time, late, in progress, not started, not reported)
    let t = |c: &vanban::aggregate::GroupCounts| {
        (
            c.total,
            c.completed_on_time,
            c.completed_late,
            c.in_progress,
            c.not_started,
            c.not_reported,
        )
    };
    assert_eq!(t(g("I")), (11, 1, 0, 8, 2, 0));
    assert_eq!(t(g("II")), (5, 0, 1, 4, 0, 0));
    // 15a in progress (its plan issued).
    assert_eq!(t(g("III")), (4, 0, 0, 4, 0, 0));
    assert_eq!(t(g("IV")), (3, 0, 0, 3, 0, 0));
    assert_eq!(t(g("VI")), (3, 0, 0, 3, 0, 0));
    // 24 (STC, "tốt" read from its result as in progress) is in group VII.
    assert_eq!(t(g("VII")), (2, 0, 0, 2, 0, 0));
    assert_eq!(t(g("VIII")), (11, 0, 0, 5, 0, 6));
}

/// Figures read straight from the sample workbooks' "Số liệu" sheets.
fn sheet_figures(file: &str) -> Vec<(String, Value)> {
    let book = Workbook::open(&root().join("inputs/bao-cao/q1-2019").join(file)).unwrap();
    let g = book.sheet("Số liệu").unwrap();
    let mut out = Vec::new();
    for r in 0..g.end_row() {
        let code = g.text(r, 0);
        if code.contains('_') {
            // The value is in the last filled column of the row.
            let v = (1..g.end_col()).rev().map(|c| g.cell(r, c).value.clone()).find(|v| !matches!(v, Value::Empty) && !matches!(v, Value::Text(t) if t.chars().any(char::is_alphabetic) && !t.contains("không")));
            out.push((code, v.unwrap_or(Value::Empty)));
        }
    }
    out
}

#[test]
fn figures_and_targets_by_hand() {
    let (_, _, s) = summary();
    // Usable figures: every readable file of the period except QHB (Quý III) and SGTVT;
    // an agency with a broken figure is left out of every column (so each total is the
    // sum of the same rows): STC (on time + late > resolved). HAD's VBQPPL "không có" is
    // read as 0 (#22), so its figures count.
    let files = [
        ("SNV", "SNV-q1-2019.xlsx"),
        ("STP", "STP-q1-2019.xlsx"),
        ("VPUBND", "VPUBND-q1-2019.xlsx"),
        ("STTTT", "STTTT-q1-2019.xlsx"),
        ("SKHDT", "Bao cao CCHC quy I-2019 (So KH-DT).xlsx"),
        ("SXD", "SXD-q1-2019.xlsx"),
        ("SYT", "SYT-q1-2019.xlsx"),
        ("QNQ", "QNQ-q1-2019.xlsx"),
        ("QLC", "QLC-q1-2019.xlsx"),
        ("HTN", "HTN-q1-2019.xlsx"),
        ("HAD", "UBND huyen An Duong - bao cao quy 1.xlsx"),
    ];
    let mut totals = std::collections::BTreeMap::<String, u64>::new();
    for (_, file) in files {
        for (code, v) in sheet_figures(file) {
            if let Value::Number(n) = v {
                *totals.entry(code).or_default() += n as u64;
            }
        }
    }
    assert_eq!(s.figures.len(), 11);
    let mut excluded: Vec<&str> = s.figures_excluded.iter().map(|(c, _)| c.as_str()).collect();
    excluded.sort_unstable();
    assert_eq!(excluded, ["STC"]);
    assert_eq!(s.totals, totals);
    let on_time = s
        .targets
        .iter()
        .find(|t| t.code == "tthc_on_time_rate")
        .unwrap();
    assert_eq!(
        (on_time.numerator, on_time.denominator),
        (totals["tthc_on_time"], totals["tthc_resolved"])
    );
    // Each sample agency resolves 1/80 of its dossiers late: about 98.8 % on time.
    assert_eq!(on_time.achieved, Some(true));
    let inspected = s
        .targets
        .iter()
        .find(|t| t.code == "inspection_rate")
        .unwrap();
    assert_eq!(
        (inspected.numerator, inspected.denominator),
        (totals["units_inspected"], totals["units_total"])
    );
    assert_eq!(inspected.achieved, Some(true));
    let tasks = s
        .targets
        .iter()
        .find(|t| t.code == "tasks_completed")
        .unwrap();
    // Tasks due by 31/03/2019: 5 (Quý I/2019) and 13 (Tháng 01/2019); both are done,
    // 13 after its deadline — and the plan asks "đảm bảo tiến độ".
    assert_eq!(
        (tasks.numerator, tasks.denominator, tasks.achieved),
        (1, 2, Some(false))
    );
}

#[test]
fn report_reminders_and_workbook_through_the_binary() {
    let dir = TempDir::new("report");
    crate::common::period_q1("report", &dir.0, &[]);
    let report = dir.path("bao-cao-cchc-q1-2019.docx");
    let text = docx_text(&report);
    for s in [
        "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính quý I năm 2019",
        "Kính gửi: Bộ Nội vụ",
        "Số:",
        "/BC-UBND",
        "Việc thực hiện chế độ báo cáo định kỳ về cải cách hành chính của một số cơ quan, đơn vị chưa nghiêm",
        "đã hoàn thành 02/39 nội dung của Kế hoạch (01 nội dung đúng tiến độ, 01 nội dung chậm so với thời hạn)",
        "hoàn thành ngày 12/02/2019, chậm so với thời hạn (Tháng 01/2019)",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Phụ lục I",
        "Phụ lục II",
        "Tổng cộng",
        "Quyết định số 301/QĐ-UBND ngày 12/02/2019",
    ] {
        assert!(text.contains(s), "report lacks {s:?}");
    }
    assert!(dir.path("bao-cao-cchc-q1-2019.pdf").exists());
    assert!(dir.path("to-trinh-cchc-q1-2019.docx").exists());
    // The status workbook.
    let wb = Workbook::open(&dir.path("kiem-tra/tong-hop-q1-2019.xlsx")).unwrap();
    let names: Vec<&str> = wb.sheets.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Nhiệm vụ", "Cơ quan", "Số liệu"]);
    let ag = wb.sheet("Cơ quan").unwrap();
    let row = (1..ag.end_row()).find(|&r| ag.text(r, 0) == "QNQ").unwrap();
    assert_eq!(ag.text(row, 2), "muộn");
    let tasks = wb.sheet("Nhiệm vụ").unwrap();
    assert_eq!(tasks.end_row(), 40);

    let out = vanban(&[
        "remind",
        "--period",
        "q1-2019",
        "--as-of",
        "06/03/2019",
        "-o",
        dir.0.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let folder = dir.path("cong-van-don-doc");
    let docx: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    // One letter to the 21 agencies that have not reported, a corrections letter to
    // each of the 5 whose reports have errors or cannot be used, a note to the late one.
    assert_eq!(docx.len(), 7);
    let stc = docx_text(&folder.join("chinh-sua-STC-q1-2019.docx"));
    for s in [
        "V/v chỉnh sửa, bổ sung báo cáo kết quả thực hiện công tác cải cách hành chính quý I/2019",
        "Kính gửi: Sở Tài chính",
        "Nhiệm vụ 15b ghi đã hoàn thành nhưng chưa có ngày hoàn thành",
        "trước ngày 12/03/2019",
        "KT. GIÁM ĐỐC",
        "- Lưu: VT, CCHC.",
        "SỞ NỘI VỤ",
        "/SNV-CCHC",
    ] {
        assert!(stc.contains(s), "STC letter lacks {s:?}: {stc}");
    }
    let qlc = docx_text(&folder.join("chinh-sua-QLC-q1-2019.docx"));
    assert!(qlc.contains("Chưa báo cáo nhiệm vụ 6b"));
    let missing = docx_text(&folder.join("don-doc-chua-gui-q1-2019.docx"));
    assert!(missing.contains("chưa nhận được báo cáo quý I/2019"));
    assert!(missing.contains("Sở Công Thương"));
    let qnq = docx_text(&folder.join("nhac-han-QNQ-q1-2019.docx"));
    assert!(qnq.contains("sau thời hạn"));
    assert!(!folder.join("chinh-sua-SNV-q1-2019.docx").exists());
    assert!(!folder.join("nhac-han-SNV-q1-2019.docx").exists());
}
