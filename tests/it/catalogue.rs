//! The catalogue reader on the shipped annex and on the layouts people send, through
//! the library and through the real binary.

use crate::common::*;
use std::collections::BTreeSet;
use vanban::model::deadline::MilestoneKind;
use vanban::read::sheet::Workbook;
use vanban::{AgencyKind, Catalogue, Registry};

fn registry() -> Registry {
    Registry::load(&root().join("inputs/co-quan.toml")).unwrap()
}

fn shipped() -> Catalogue {
    Catalogue::read(&root().join("inputs/danh-muc-2019.xlsx"), &registry(), None).unwrap()
}

const CODES: [&str; 39] = [
    "1", "2", "3a", "3b", "4", "5", "6a", "6b", "7", "8", "9", "10", "11", "12", "13", "14", "15a",
    "15b", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26a", "26b", "27", "28",
    "29", "30", "31", "32", "33", "34", "35",
];

/// Group of each task, by hand from the seed.
fn expected_group(code: &str) -> &'static str {
    let n: u32 = code
        .trim_end_matches(|c: char| c.is_alphabetic())
        .parse()
        .unwrap();
    match n {
        1..=9 => "I",
        10..=14 => "II",
        15..=17 => "III",
        18..=20 => "IV",
        21..=23 => "VI",
        24..=25 => "VII",
        _ => "VIII",
    }
}

/// Lead agencies of each task, by hand from the seed. "DEPTS"/"DISTRICTS" stand for
/// every department / every district of the registry.
fn expected_lead(code: &str) -> &'static [&'static str] {
    match code {
        "1" | "2" | "3a" | "4" | "5" | "6a" | "9" | "18" | "19" | "22" | "23" => &["SNV"],
        "3b" | "6b" => &["DISTRICTS"],
        "7" | "26a" | "27" | "28" => &["STTTT"],
        "8" => &["SKHDT"],
        "10" | "11" | "12" | "13" | "14" => &["STP"],
        "15a" | "16" | "17" => &["VPUBND"],
        "15b" | "20" | "21" | "26b" | "33" => &["DEPTS", "DISTRICTS"],
        "24" => &["STC"],
        "25" => &["STC", "CTHUE"],
        "29" | "30" => &["TTTP"],
        "31" => &["SGTVT"],
        "32" => &["SNGV"],
        "34" | "35" => &["SKHCN"],
        other => panic!("no expectation for {other}"),
    }
}

/// Deadline of each task, by hand from the seed: "P" plan, "S" start, "C" complete.
fn expected_deadline(code: &str) -> &'static str {
    match code {
        "1" | "4" | "15b" | "17" | "18" | "19" | "22" => "open",
        "2" | "14" => "C2019-06-30",
        "3a" | "3b" => "P2019-12-31 C2020-03-31",
        "5" => "C2019-03-31",
        "6a" | "23" => "P2018-12-31 C2019-12-31",
        "6b" | "7" | "10" | "11" | "12" | "15a" | "26b" => "P2019-01-31 C2019-12-31",
        "13" => "C2019-01-31",
        "16" => "S2019-01-31 C2019-10-31",
        "29" | "30" => "C2019-09-30",
        "31" | "34" => "C2020-12-31",
        _ => "C2019-12-31",
    }
}

fn expand(reg: &Registry, spec: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for s in spec {
        match *s {
            "DEPTS" => out.extend(
                reg.agencies()
                    .iter()
                    .filter(|a| a.kind == AgencyKind::Department)
                    .map(|a| a.code.clone()),
            ),
            "DISTRICTS" => out.extend(
                reg.agencies()
                    .iter()
                    .filter(|a| a.kind.is_district())
                    .map(|a| a.code.clone()),
            ),
            code => out.insert(code.to_string()).then_some(()).unwrap_or(()),
        }
    }
    out
}

fn deadline_string(t: &vanban::Task) -> String {
    if t.deadline.open {
        return "open".into();
    }
    t.deadline
        .milestones
        .iter()
        .map(|m| {
            let k = match m.kind {
                MilestoneKind::Plan => "P",
                MilestoneKind::Start => "S",
                MilestoneKind::Complete => "C",
            };
            format!("{k}{}", m.due.format("%Y-%m-%d"))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks a catalogue read from any layout of the seed annex against the hand-made
/// expectations.
fn assert_seed_catalogue(cat: &Catalogue, reg: &Registry) {
    let codes: Vec<&str> = cat.tasks.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(codes, CODES);
    let groups: Vec<&str> = cat.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(groups, ["I", "II", "III", "IV", "VI", "VII", "VIII"]);
    assert_eq!(cat.year, Some(2019));
    for t in &cat.tasks {
        assert_eq!(t.group, expected_group(&t.code), "group of {}", t.code);
        let lead: BTreeSet<String> = t.lead.agencies.iter().cloned().collect();
        assert_eq!(
            lead,
            expand(reg, expected_lead(&t.code)),
            "lead of {}",
            t.code
        );
        assert_eq!(
            deadline_string(t),
            expected_deadline(&t.code),
            "deadline of {}",
            t.code
        );
    }
}

#[test]
fn shipped_annex_has_39_tasks_in_7_groups() {
    let reg = registry();
    let cat = shipped();
    assert_seed_catalogue(&cat, &reg);
}

#[test]
fn shipped_annex_keeps_the_seed_text() {
    let cat = shipped();
    let g = |id| cat.group(id).unwrap().title.clone();
    assert_eq!(
        g("I"),
        "Chỉ đạo điều hành và tuyên truyền về cải cách hành chính"
    );
    assert_eq!(g("IV"), "Cài cách tổ chức bộ máy"); // the seed's typo, kept
    assert_eq!(g("VIII"), "Về hiện đại hoá nền hành chính");
    let t = |c| cat.task(c).unwrap();
    assert!(t("3b").title.starts_with("Chi số cải cách")); // typo kept
    assert_eq!(
        t("3a").parent.as_deref(),
        Some(
            "Triển khai đánh giá xác định Chỉ số cải cách hành chính gắn với đánh giá trách nhiệm người đứng đầu trong thực hiện công tác cải cách hành chính năm 2019"
        )
    );
    assert!(
        t("15a")
            .parent
            .as_deref()
            .unwrap()
            .starts_with("Ban hành và triển khai thực hiện đảm bảo tiến độ")
    );
    assert_eq!(t("15a").title, "Kế hoạch của UBND thành phố");
    assert_eq!(
        t("26b").product,
        "Kế hoạch của của các sở, ban, ngành, UBND cấp huyện, cấp xã"
    );
    // The subgroup of 6a/6b, scoped to its series.
    let sg = "Kiểm tra cải cách hành chính, công vụ, công chức";
    assert_eq!(t("6a").subgroup.as_deref(), Some(sg));
    assert_eq!(t("6b").subgroup.as_deref(), Some(sg));
    assert_eq!(t("6a").parent.as_deref(), Some(sg));
    assert_eq!(t("7").subgroup, None);
    assert_eq!(t("5").subgroup, None);
    // Task 34 continues on the next row.
    assert!(t("34").title.ends_with(
        "và các cơ quan hành chính nhà nước thuộc sở, ban, ngành thành phố Hải Phòng giai đoạn 2019-2020"
    ));
    // Partners and unresolved phrases.
    assert_eq!(
        t("1").partners.unresolved,
        ["các cơ quan, đơn vị có liên quan"]
    );
    assert_eq!(t("3b").partners.agencies.len(), 0);
    assert_eq!(
        t("3b").partners.unresolved,
        ["UBND xã, phường, thị trấn có liên quan"]
    );
    let p31: Vec<&str> = t("31")
        .partners
        .agencies
        .iter()
        .map(String::as_str)
        .collect();
    let mut p31_sorted = p31.clone();
    p31_sorted.sort();
    assert_eq!(
        p31_sorted,
        ["QHB", "QLC", "QNQ", "SKHCN", "SKHDT", "STC", "STTTT", "SXD"]
    );
    assert!(t("31").partners.unresolved.is_empty());
    let p4: BTreeSet<&str> = t("4")
        .partners
        .agencies
        .iter()
        .map(String::as_str)
        .collect();
    for c in ["MTTQ", "HCCB", "BDTP", "SNV", "QLC", "HBLV"] {
        assert!(p4.contains(c), "partner {c} of task 4");
    }
}

#[test]
fn shipped_annex_reports_only_the_26b_lead() {
    let cat = shipped();
    let codes: Vec<(&str, Option<&str>)> = cat
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.cell.as_deref()))
        .collect();
    assert_eq!(codes.len(), 1, "{:#?}", cat.diagnostics);
    assert_eq!(codes[0].0, "task.lead_suspicious");
    let t26b = cat.task("26b").unwrap();
    // The cell is in the lead column (C) on 26b's row.
    assert_eq!(codes[0].1.unwrap(), format!("C{}", t26b.row + 1));
    assert!(cat.diagnostics[0].message.contains("26b"));
    // …and the agencies it names are still read.
    assert_eq!(t26b.lead.agencies.len(), 35);
    assert!(t26b.lead.unresolved.iter().any(|u| u == "cấp xã"));
}

#[test]
fn committed_annex_matches_its_generator() {
    let built = Workbook::from_bytes(vanban::sample::seed_annex_workbook().unwrap()).unwrap();
    let committed = Workbook::open(&root().join("inputs/danh-muc-2019.xlsx")).unwrap();
    assert_eq!(built.sheets.len(), committed.sheets.len());
    for (a, b) in built.sheets.iter().zip(&committed.sheets) {
        assert_eq!(a.name, b.name);
        assert_eq!(a.end_row(), b.end_row());
        assert_eq!(a.end_col(), b.end_col());
        assert_same_cells(
            a,
            b,
            true,
            "inputs/danh-muc-2019.xlsx differs from the generator; run `cargo run --example make-inputs`",
        );
    }
}

fn read_layout(name: &str, layout: &Layout) -> Catalogue {
    let dir = TempDir::new(name);
    let path = write_catalogue(&dir.path("dm.xlsx"), layout, &seed_rows());
    Catalogue::read(&path, &registry(), None).unwrap()
}

#[test]
fn header_further_down_and_extra_sheet() {
    let cat = read_layout(
        "lower",
        &Layout {
            gap: 9,
            leading_sheet: true,
            ..Layout::default()
        },
    );
    assert_seed_catalogue(&cat, &registry());
    assert_eq!(cat.sheet, "DM");
}

#[test]
fn columns_reordered_with_other_header_spellings() {
    let cat = read_layout(
        "reordered",
        &Layout {
            header: [
                "STT".into(),
                "NỘI DUNG\nCÔNG VIỆC".into(),
                "Cơ quan\nchủ trì".into(),
                "Cơ quan  phối hợp".into(),
                "Sản phẩm".into(),
                "Thời gian thực hiện/\nhoàn thành".into(),
            ],
            order: [0, 5, 1, 4, 3, 2],
            ..Layout::default()
        },
    );
    assert_seed_catalogue(&cat, &registry());
}

#[test]
fn numbering_row_and_stt_as_text() {
    let cat = read_layout(
        "numbering",
        &Layout {
            header: [
                "Số TT".into(),
                "Nội dung công việc".into(),
                "Cơ quan chủ trì".into(),
                "Cơ quan phối hợp".into(),
                "Sản phẩm".into(),
                "Thời gian".into(),
            ],
            numbering_row: true,
            stt_as_text: true,
            ..Layout::default()
        },
    );
    assert_seed_catalogue(&cat, &registry());
    assert!(
        cat.diagnostics
            .iter()
            .all(|d| d.code == "task.lead_suspicious")
    );
}

#[test]
fn decomposed_unicode_reads_the_same() {
    let cat = read_layout(
        "nfd",
        &Layout {
            nfd: true,
            ..Layout::default()
        },
    );
    assert_seed_catalogue(&cat, &registry());
    // Text comes out NFC.
    assert_eq!(cat.tasks[0].lead.text, "Sở Nội vụ");
}

#[test]
fn group_rows_not_merged_and_extra_column() {
    let cat = read_layout(
        "unmerged",
        &Layout {
            merge_groups: false,
            extra_column: Some("Ghi chú".into()),
            ..Layout::default()
        },
    );
    assert_seed_catalogue(&cat, &registry());
    assert!(
        cat.diagnostics
            .iter()
            .any(|d| d.code == "catalogue.extra_column" && d.message.contains("Ghi chú"))
    );
}

#[test]
fn group_heading_spellings() {
    let mut rows = seed_rows();
    for (kind, cells) in rows.iter_mut() {
        if kind == "G" {
            // "I- …" → "I. …", "II -  …", "III: …"
            let (id, rest) = cells[0].split_once('-').unwrap();
            cells[0] = match id {
                "I" => format!("I. {}", rest.trim()),
                "II" => format!("II -  {}", rest.trim()),
                "III" => format!("III: {}", rest.trim()),
                _ => cells[0].clone(),
            };
        }
    }
    let dir = TempDir::new("groups");
    let path = write_catalogue(&dir.path("dm.xlsx"), &Layout::default(), &rows);
    let cat = Catalogue::read(&path, &registry(), None).unwrap();
    assert_seed_catalogue(&cat, &registry());
    assert_eq!(cat.groups[1].title, "Cải cách thể chế");
}

#[test]
fn year_from_option_when_title_missing() {
    let layout = Layout {
        title: vec![],
        gap: 0,
        ..Layout::default()
    };
    let dir = TempDir::new("noyear");
    let path = write_catalogue(&dir.path("dm.xlsx"), &layout, &seed_rows());
    let without = Catalogue::read(&path, &registry(), None).unwrap();
    assert_eq!(without.year, None);
    assert!(
        without
            .diagnostics
            .iter()
            .any(|d| d.code == "catalogue.year_missing")
    );
    // 26b's "Tháng 01" has no year: reported, not guessed.
    let t = without.task("26b").unwrap();
    assert!(
        t.deadline
            .milestones
            .iter()
            .all(|m| m.kind != MilestoneKind::Plan)
    );
    assert!(
        without
            .diagnostics
            .iter()
            .any(|d| d.code == "deadline.unparsed" && d.message.contains("26b"))
    );
    let with = Catalogue::read(&path, &registry(), Some(2019)).unwrap();
    assert_seed_catalogue(&with, &registry());
}

#[test]
fn sub_item_numbers_from_parent_from_a_row_or_from_sequence() {
    // 15's parent has no number; here the a) row loses its number too: 15 comes from
    // the sequence (after 14), with a warning.
    let mut rows = seed_rows();
    for (_, cells) in rows.iter_mut() {
        if cells[1].starts_with("a) Kế hoạch của UBND thành phố") && cells[0] == "15" {
            cells[0].clear();
        }
    }
    let dir = TempDir::new("seq");
    let path = write_catalogue(&dir.path("dm.xlsx"), &Layout::default(), &rows);
    let cat = Catalogue::read(&path, &registry(), None).unwrap();
    assert_seed_catalogue(&cat, &registry());
    assert!(
        cat.diagnostics
            .iter()
            .any(|d| d.code == "catalogue.number_inferred" && d.message.contains("15a"))
    );
}

#[test]
fn duplicate_codes_and_broken_rows_are_reported() {
    let mut rows = seed_rows();
    for (_, cells) in rows.iter_mut() {
        if cells[0] == "13" {
            cells[0] = "12".into();
        }
    }
    let dir = TempDir::new("dup");
    let path = write_catalogue(&dir.path("dm.xlsx"), &Layout::default(), &rows);
    let cat = Catalogue::read(&path, &registry(), None).unwrap();
    let dup: Vec<_> = cat
        .diagnostics
        .iter()
        .filter(|d| d.code == "task.duplicate")
        .collect();
    assert_eq!(dup.len(), 1);
    assert!(dup[0].is_error());
    assert_eq!(dup[0].sheet.as_deref(), Some("DM"));
    assert!(dup[0].cell.as_deref().unwrap().starts_with('A'));
    assert!(cat.has_errors());

    // Through the binary: exit code 1, message with file, sheet and cell.
    let out = vanban(&["catalogue", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("dm.xlsx"), "{err}");
    assert!(err.contains("[DM!A"), "{err}");
    assert!(err.contains("Mã nhiệm vụ 12 bị trùng"), "{err}");
}

#[test]
fn unknown_lead_is_reported_with_a_hint() {
    let mut rows = seed_rows();
    for (_, cells) in rows.iter_mut() {
        if cells[0] == "32" {
            cells[2] = "Sở Ngoại vị".into(); // typo: no registry match…
        }
        if cells[0] == "8" {
            cells[2] = "Ban chỉ đạo".into();
        }
        if cells[0] == "14" {
            cells[2].clear();
        }
    }
    let dir = TempDir::new("lead");
    let path = write_catalogue(&dir.path("dm.xlsx"), &Layout::default(), &rows);
    let cat = Catalogue::read(&path, &registry(), None).unwrap();
    let find = |code: &str, task: &str| {
        cat.diagnostics
            .iter()
            .find(|d| {
                d.code == code
                    && d.message
                        .to_lowercase()
                        .contains(&format!("nhiệm vụ {task} "))
            })
            .unwrap_or_else(|| panic!("{code} for {task}: {:#?}", cat.diagnostics))
            .clone()
    };
    let d = find("task.lead_unresolved", "32");
    assert!(d.hint.unwrap().contains("Sở Ngoại vụ"));
    find("task.lead_unresolved", "8");
    find("task.lead_missing", "14");
}

#[test]
fn not_a_workbook_and_no_header_fail_clearly() {
    let dir = TempDir::new("bad");
    let fake = dir.path("danh-muc.xlsx");
    std::fs::write(&fake, "%PDF-1.4 this is not a workbook").unwrap();
    let out = vanban(&["catalogue", fake.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("danh-muc.xlsx"), "{err}");
    assert!(err.contains("không phải là bảng tính"), "{err}");

    let empty = dir.path("empty.xlsx");
    std::fs::write(&empty, "").unwrap();
    let out = vanban(&["catalogue", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("tệp rỗng"));

    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.set_name("Trang 1").unwrap();
    s.write_string(0, 0, "Báo cáo").unwrap();
    s.write_string(1, 0, "Không có bảng nào ở đây").unwrap();
    let noheader = dir.path("noheader.xlsx");
    book.save(&noheader).unwrap();
    let out = vanban(&["catalogue", noheader.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("noheader.xlsx"), "{err}");
    assert!(err.contains("không tìm thấy dòng tiêu đề"), "{err}");
    assert!(err.contains("Trang 1"), "{err}");

    let missing = dir.path("missing.xlsx");
    let out = vanban(&["catalogue", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.xlsx"));
}

#[test]
fn usage_errors_exit_2() {
    let out = vanban(&["catalogue", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = vanban(&["no-such-command"]);
    assert_eq!(out.status.code(), Some(2));
    let out = vanban(&["catalogue", "--registry", "/nonexistent/co-quan.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("co-quan.toml"));
}

#[test]
fn catalogue_text_is_printed_by_default() {
    let out = vanban(&["catalogue"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("39 nhiệm vụ trong 7 nhóm"));
    assert!(text.contains("VIII. Về hiện đại hoá nền hành chính"));
    assert!(text.contains("15b"));
    assert!(text.contains("Chủ trì:  Văn phòng Ủy ban nhân dân thành phố"));
    assert!(text.contains("hoàn thành 31/03/2020"));
}

#[test]
fn catalogue_json_has_the_documented_fields() {
    let out = vanban(&["catalogue", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["year"], 2019);
    assert_eq!(v["groups"].as_array().unwrap().len(), 7);
    assert_eq!(v["groups"][0]["id"], "I");
    assert!(v["groups"][0]["title"].is_string());
    let tasks = v["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 39);
    let t = tasks.iter().find(|t| t["code"] == "15b").unwrap();
    assert_eq!(t["group"], "III");
    for key in ["title", "product"] {
        assert!(t[key].is_string(), "{key}");
    }
    for key in ["lead", "partners"] {
        assert!(t[key]["text"].is_string());
        assert!(t[key]["agencies"].is_array());
        assert!(t[key]["unresolved"].is_array());
    }
    assert!(
        t["lead"]["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "SNV")
    );
    assert_eq!(t["deadline"]["open"], true);
    let t3a = tasks.iter().find(|t| t["code"] == "3a").unwrap();
    assert_eq!(t3a["deadline"]["milestones"][0]["kind"], "plan");
    assert_eq!(t3a["deadline"]["milestones"][0]["due"], "2019-12-31");
    assert_eq!(t3a["deadline"]["milestones"][1]["kind"], "complete");
    assert_eq!(t3a["deadline"]["milestones"][1]["due"], "2020-03-31");
    let t6a = tasks.iter().find(|t| t["code"] == "6a").unwrap();
    assert_eq!(
        t6a["subgroup"],
        "Kiểm tra cải cách hành chính, công vụ, công chức"
    );
    let d = &v["diagnostics"][0];
    for key in ["sheet", "cell", "code", "severity", "message"] {
        assert!(d[key].is_string(), "diagnostic field {key}");
    }
    assert_eq!(d["severity"], "warning");
}

#[test]
fn catalogue_output_file_is_written() {
    let dir = TempDir::new("out");
    let target = dir.path("sub/danh-muc.json");
    let out = vanban(&[
        "catalogue",
        "--format",
        "json",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    assert_eq!(v["tasks"].as_array().unwrap().len(), 39);
}

/// Writes rows given cell by cell: (row, col, text) and merges (r1, c1, r2, c2).
fn write_cells(
    path: &std::path::Path,
    cells: &[(u32, u16, &str)],
    merges: &[(u32, u16, u32, u16)],
) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let fmt = rust_xlsxwriter::Format::new();
    for &(r1, c1, r2, c2) in merges {
        let text = cells
            .iter()
            .find(|(r, c, _)| *r == r1 && *c == c1)
            .map(|x| x.2)
            .unwrap_or("");
        ws.merge_range(r1, c1, r2, c2, text, &fmt).unwrap();
    }
    for &(r, c, t) in cells {
        if merges.iter().any(|&(r1, c1, _, _)| r1 == r && c1 == c) {
            continue;
        }
        match t.parse::<f64>() {
            Ok(n) => ws.write_number(r, c, n).unwrap(),
            Err(_) => ws.write_string(r, c, t).unwrap(),
        };
    }
    book.save(path).unwrap();
}

const HEADER: [(u32, u16, &str); 6] = [
    (1, 0, "TT"),
    (1, 1, "Nội dung công việc"),
    (1, 2, "Cơ quan chủ trì"),
    (1, 3, "Cơ quan phối hợp"),
    (1, 4, "Sản phẩm"),
    (1, 5, "Thời gian thực hiện"),
];

#[test]
fn tricky_layouts_from_review() {
    let dir = TempDir::new("tricky");
    let path = dir.path("dm.xlsx");
    let mut cells: Vec<(u32, u16, &str)> = vec![(0, 0, "Danh mục nhiệm vụ năm 2019")];
    cells.extend(HEADER);
    cells.extend([
        // Roman numeral in the STT cell, title merged across the other columns.
        (2, 0, "I"),
        (2, 1, "Chỉ đạo điều hành"),
        // Parent with its own lead (merged down over its sub-items) and deadline.
        (3, 0, "1"),
        (3, 1, "Đánh giá Chỉ số cải cách hành chính"),
        (3, 2, "Sở Nội vụ"),
        (3, 5, "Quý II/2019"),
        // Sub-item letter in the STT column; a wrapped line inside the series.
        (4, 0, "a"),
        (4, 1, "Của các sở, ban,"),
        (5, 1, "ngành thành phố"),
        (6, 0, "b)"),
        (6, 1, "Của UBND quận, huyện"),
        (6, 2, "UBND các quận, huyện"),
        (7, 0, "2"),
        (7, 1, "Tuyên truyền cải cách hành chính"),
        (7, 2, "Sở Thông tin và Truyền thông"),
        (7, 5, "Tiến độ: Cả năm 2019"),
    ]);
    write_cells(&path, &cells, &[(2, 1, 2, 5), (3, 2, 5, 2)]);
    let cat = Catalogue::read(&path, &registry(), None).unwrap();
    let codes: Vec<&str> = cat.tasks.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(codes, ["1a", "1b", "2"], "{:#?}", cat.diagnostics);
    assert_eq!(cat.groups.len(), 1);
    assert_eq!(cat.groups[0].title, "Chỉ đạo điều hành");
    let t1a = cat.task("1a").unwrap();
    assert_eq!(t1a.title, "Của các sở, ban, ngành thành phố");
    assert_eq!(t1a.lead.agencies, ["SNV"]);
    assert_eq!(t1a.deadline.completion().unwrap().to_string(), "2019-06-30");
    assert_eq!(
        t1a.parent.as_deref(),
        Some("Đánh giá Chỉ số cải cách hành chính")
    );
    let t1b = cat.task("1b").unwrap();
    assert_eq!(t1b.lead.agencies.len(), 15);
    assert!(
        cat.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        cat.diagnostics
    );
}

/// The second sample plan: a ministries' programme of another shape.
fn programme() -> (Catalogue, Registry) {
    let reg = Registry::load(&root().join("inputs/mau-khac/co-quan.toml")).unwrap();
    let cat = Catalogue::read(
        &root().join("inputs/mau-khac/chuong-trinh-2023.xlsx"),
        &reg,
        None,
    )
    .unwrap();
    (cat, reg)
}

#[test]
fn another_plan_s_annex_is_read_with_its_own_numbering_columns_and_deadlines() {
    let (cat, _) = programme();
    assert_eq!(cat.year, Some(2023));
    let codes: Vec<&str> = cat.tasks.iter().map(|t| t.code.as_str()).collect();
    // Numbered from 1 again in each group: the codes carry the group.
    assert_eq!(
        codes,
        [
            "I.1", "I.2", "I.3", "I.4", "II.1", "II.2", "II.3", "III.1", "III.2", "III.3", "III.4"
        ]
    );
    let groups: Vec<&str> = cat.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(groups, ["I", "II", "III"]);
    let t = cat.task("II.1").unwrap();
    assert!(
        t.title
            .starts_with("Đề án sắp xếp các đơn vị hành chính cấp huyện")
    );
    let leads: Vec<&str> = t.lead.agencies.iter().map(String::as_str).collect();
    assert_eq!(leads, ["BNV"]);
    let partners: BTreeSet<&str> = t.partners.agencies.iter().map(String::as_str).collect();
    assert_eq!(partners, BTreeSet::from(["BCA", "BTC"]));
    assert_eq!(t.product, "Nghị quyết");
    // Extra columns kept with the task, not required.
    assert_eq!(
        t.extra,
        vec![(
            "Cấp trình".to_string(),
            "Ủy ban Thường vụ Quốc hội".to_string()
        )]
    );
    let noted = cat.task("III.2").unwrap();
    assert!(
        noted
            .extra
            .contains(&("Ghi chú".to_string(), "Triển khai hằng năm".to_string()))
    );
    // Deadlines as programmes write them: a year, a range of years, a quarter.
    let due = |code: &str| cat.task(code).unwrap().deadline.completion();
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day);
    assert_eq!(due("I.1"), d(2023, 6, 30));
    assert_eq!(due("I.2"), d(2023, 12, 31));
    assert_eq!(due("I.4"), d(2026, 12, 31));
    assert_eq!(due("II.1"), d(2030, 12, 31));
    assert_eq!(due("II.3"), d(2023, 6, 30));
    // The only findings: the two extra columns, noted; "Các bộ, cơ quan ngang bộ" among
    // partners is not a registry body, which is not a finding for partners.
    let findings: Vec<(String, String)> = cat
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.to_string(),
                d.cell.clone().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            ("catalogue.extra_column".to_string(), "F5".to_string()),
            ("catalogue.extra_column".to_string(), "H5".to_string())
        ]
    );
    assert!(
        cat.diagnostics
            .iter()
            .all(|d| d.severity == vanban::Severity::Info)
    );
}

#[test]
fn another_plan_s_committed_annex_matches_its_generator() {
    let built = Workbook::from_bytes(vanban::sample::programme_annex_workbook().unwrap()).unwrap();
    let committed = Workbook::open(&root().join("inputs/mau-khac/chuong-trinh-2023.xlsx")).unwrap();
    assert_eq!(built.sheets.len(), committed.sheets.len());
    for (a, b) in built.sheets.iter().zip(&committed.sheets) {
        assert_same_cells(a, b, true, "run `cargo run --example make-inputs`");
    }
}

#[test]
fn a_ministry_s_report_on_the_programme_names_its_tasks_as_it_likes() {
    let (cat, reg) = programme();
    let dir = TempDir::new("programme");
    let file = dir.path("BNV-bao-cao.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let rows: &[&[&str]] = &[
        &["Cơ quan: Bộ Nội vụ"],
        &["Kỳ báo cáo: Quý I/2023"],
        &[],
        &[
            "STT",
            "Nội dung công việc",
            "Tình trạng",
            "Văn bản, sản phẩm",
        ],
        &["I", "HOÀN THIỆN THỂ CHẾ"],
        &[
            "4",
            "Luật sửa đổi Luật Cán bộ, công chức",
            "Đang thực hiện",
            "Dự thảo Luật",
        ],
        &["II", "CẢI CÁCH TỔ CHỨC BỘ MÁY"],
        &[
            "1",
            "Đề án sắp xếp đơn vị hành chính",
            "Đang thực hiện",
            "Dự thảo Đề án",
        ],
        &[
            "II-2",
            "Báo cáo sắp xếp tổ chức bộ máy",
            "Đang thực hiện",
            "Dự thảo",
        ],
        // A heading with no numeral, its title alone: the group is found by its words.
        &["", "CẢI CÁCH TÀI CHÍNH CÔNG VÀ HIỆN ĐẠI HÓA NỀN HÀNH CHÍNH"],
        &[
            "4",
            "Chỉ số CCHC các bộ năm 2022",
            "Đang thực hiện",
            "Dự thảo Quyết định",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, t) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *t).unwrap();
        }
    }
    book.save(&file).unwrap();
    let ws = vanban::Workspace {
        catalogue: cat,
        registry: reg,
        ..reference()
    };
    let day = chrono::NaiveDate::from_ymd_opt(2023, 3, 20).unwrap();
    let q1 = vanban::model::period::Period {
        kind: vanban::model::period::PeriodKind::Q1,
        year: 2023,
    };
    let (_, checked) = ws.check_file(&file, Some(q1), day, None);
    let reported: Vec<&str> = checked.tasks.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(
        reported,
        ["I.4", "II.1", "II.2", "III.4"],
        "{:#?}",
        checked.diagnostics
    );
    assert!(
        !checked
            .diagnostics
            .iter()
            .any(|d| d.code == "task.unknown" || d.code == "task.not_assigned"),
        "{:#?}",
        checked.diagnostics
    );
}
