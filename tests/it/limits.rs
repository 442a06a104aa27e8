//! Bounded output for inputs the limits let in: a submission whose rows were filled down
//! thousands of times gets its findings grouped for people (text, feedback copy,
//! reminder) and a bounded number of annotated cells, while the JSON keeps every one.

use crate::common::{TempDir, reference, stderr, stdout, vanban};
use std::io::Read;
use vanban::model::period::{Period, PeriodKind};
use vanban::read::sheet::Workbook;
use vanban::xlsx::feedback::MARKED_CELLS;

/// Rows in the test file: enough for several hundred findings past the cap.
const ROWS: usize = 1_500;

fn filled_down(dir: &TempDir) -> std::path::PathBuf {
    let r = reference();
    let snv = r.registry.get("SNV").unwrap();
    let bytes = vanban::sample::submissions::repeated_rows_submission(
        &r.catalogue,
        &r.indicators,
        &r.calendar,
        snv,
        Period {
            kind: PeriodKind::Q1,
            year: 2019,
        },
        ROWS,
    )
    .unwrap();
    let path = dir.path("SNV-q1-2019.xlsx");
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn repeated_findings_are_grouped_capped_in_the_copy_and_all_in_the_json() {
    let dir = TempDir::new("limits");
    let file = filled_down(&dir);
    let r = reference();
    let lead: Vec<String> = r
        .catalogue
        .tasks
        .iter()
        .filter(|t| t.is_led_by("SNV"))
        .map(|t| t.code.clone())
        .collect();
    let assigned = vanban::xlsx::form::assigned_tasks(&r.catalogue, "SNV").len();
    // Every row past the form's own is a lead task reported again.
    let duplicates = ROWS - assigned;

    // JSON: every finding, one per repeated row, each at its own cell.
    let out = crate::common::check_q1(&file, &["--format", "json", "--no-feedback"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let dups: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| d["code"] == "task.duplicate")
        .collect();
    assert_eq!(dups.len(), duplicates);
    let cells: std::collections::HashSet<&str> =
        dups.iter().map(|d| d["cell"].as_str().unwrap()).collect();
    assert_eq!(cells.len(), duplicates, "one finding per repeated row");

    // Text: one line per task repeated, with its first cells and the count of the rest.
    let out = crate::common::check_q1(&file, &["--no-feedback"]);
    let text = stdout(&out);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("task.duplicate"))
        .collect();
    assert_eq!(lines.len(), lead.len(), "{text}");
    let per_task = duplicates.div_ceil(lead.len());
    // The form holds the lead tasks first, so the first repeated row (row assigned + 5,
    // one-based) repeats lead task 1, the next lead task 2, and so on.
    let first_row = assigned + 5;
    let want = format!(
        "[Nhiệm vụ!A{}, A{}, A{}, A{}, A{} và {} ô khác] Nhiệm vụ {} được báo cáo hai lần (đã có ở dòng 5)",
        first_row,
        first_row + lead.len(),
        first_row + 2 * lead.len(),
        first_row + 3 * lead.len(),
        first_row + 4 * lead.len(),
        per_task - 5,
        lead[0]
    );
    assert!(lines[0].ends_with(&want), "{}\nwanted …{want}", lines[0]);
    assert!(
        text.len() < 5_000,
        "the text output stays short: {} bytes",
        text.len()
    );

    // Feedback copy: the findings sheet lists the groups with their counts and says how
    // many cells are not marked; only MARKED_CELLS cells carry a note.
    let fb = dir.path("kiem-tra");
    let out = crate::common::check_q1(&file, &["--feedback", fb.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let copy = fb.join("SNV-q1-2019-kiem-tra.xlsx");
    let book = Workbook::open(&copy).unwrap();
    let result = &book.sheets[0];
    let all: Vec<String> = (0..result.end_row())
        .flat_map(|r| (0..result.end_col()).map(move |c| (r, c)))
        .map(|(r, c)| result.text(r, c))
        .collect();
    let unmarked = duplicates - MARKED_CELLS;
    let notice = format!(
        "chỉ tô màu và ghi chú {MARKED_CELLS} ô đầu tiên có phát hiện; {} ô khác",
        vanban::text::format_count(unmarked as u64)
    );
    assert!(all.iter().any(|t| t.contains(&notice)), "{notice}");
    let grouped = all.iter().filter(|t| *t == "task.duplicate").count();
    assert_eq!(grouped, lead.len(), "one findings line per repeated task");
    let counts: usize = (0..result.end_row())
        .filter(|&r| result.text(r, 2) == "task.duplicate")
        .map(|r| result.text(r, 5).parse::<usize>().unwrap())
        .sum();
    assert_eq!(counts, duplicates, "the counts add up to every finding");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&copy).unwrap()).unwrap();
    let mut notes = 0;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().contains("comments") {
            let mut xml = String::new();
            f.read_to_string(&mut xml).unwrap();
            // Our notes ("[code] message"), not the form's own instructions.
            notes += xml.matches("[task.duplicate]").count();
        }
    }
    assert_eq!(notes, MARKED_CELLS);
    // The agency's values are all there.
    let tasks = book.sheet("Nhiệm vụ").unwrap();
    assert_eq!(tasks.end_row(), 4 + ROWS as u32);
}

#[test]
fn a_reminder_lists_a_repeated_error_once() {
    let dir = TempDir::new("limits-run");
    let subs = dir.path("bao-cao/q1-2019");
    std::fs::create_dir_all(&subs).unwrap();
    std::fs::rename(filled_down(&dir), subs.join("SNV-q1-2019.xlsx")).unwrap();
    let out_dir = dir.path("out");
    // The shipped configuration (its documents section), on this folder, DOCX only.
    let config = crate::common::config_in(&dir, false);
    let out = vanban(&["run", "--config", config.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let letter = crate::common::docx_text(
        &out_dir.join("q1-2019/cong-van-don-doc/chinh-sua-SNV-q1-2019.docx"),
    );
    let lead = reference()
        .catalogue
        .tasks
        .iter()
        .filter(|t| t.is_led_by("SNV"))
        .count();
    assert_eq!(
        letter.matches("được báo cáo hai lần").count(),
        lead,
        "{letter}"
    );
    assert!(letter.contains("dòng khác"), "{letter}");
}
