//! A report's errors told to the agency in the Sở's words: what to correct, and where,
//! as a văn thư writes it in a signed letter ("Biểu Nhiệm vụ, dòng 7") — never a cell
//! reference, a file name, a finding code or a program's phrase. The checks' own
//! messages are for the clerk at the screen; this room rewrites the few that are not
//! plain words, gives the full title where a message shortened it, and tells two rows
//! written in each other's place as one fault.

use crate::check::Checked;
use crate::model::catalogue::Catalogue;
use crate::model::finding::{Code, Diagnostic};

/// One line of a letter's list: the task or part of the report, what to correct, and
/// where in the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub task: String,
    pub what: String,
    pub place: String,
}

/// Findings a letter states in its body, not in the list: the file could not be read,
/// or the report is for another period.
fn told_in_body(code: Code) -> bool {
    matches!(code, Code::FileUnreadable | Code::MetaPeriodMismatch)
}

/// Every error still open in a report (the Sở's review settles some), and every pair
/// of rows written in each other's place, in the order they stand in the report.
pub fn lines(c: &Checked, cat: &Catalogue) -> Vec<Line> {
    let open = |d: &&Diagnostic| d.is_error() && !told_in_body(d.code);
    let mut out: Vec<Line> = Vec::new();
    for g in crate::model::finding::group(c.diagnostics.iter().filter(open)) {
        let d = g.first;
        let rows: Vec<String> = g.cells.iter().filter_map(|c| row_of(c)).collect();
        let rows = if rows.is_empty() {
            d.cell.as_deref().and_then(row_of).into_iter().collect()
        } else {
            rows
        };
        out.push(Line {
            task: part(d),
            what: what(d, cat),
            place: place(d.sheet.as_deref(), &rows),
        });
    }
    out.extend(swapped(c));
    out
}

/// "Nhiệm vụ 15b", "Số liệu", or "Thông tin chung".
fn part(d: &Diagnostic) -> String {
    match (&d.task, d.code) {
        (Some(t), _) => format!("Nhiệm vụ {t}"),
        (None, Code::TaskUnknown | Code::TaskDuplicate) => "Nhiệm vụ".into(),
        (None, _) if d.indicator.is_some() || d.code == Code::FigureInconsistent => {
            "Số liệu".into()
        }
        _ => "Thông tin chung".into(),
    }
}

/// What to correct, in full sentences of the Sở.
fn what(d: &Diagnostic, cat: &Catalogue) -> String {
    let msg = d.message.trim_end_matches('.');
    let mut what = match d.code {
        // The check shortens the title for the screen; the letter gives it whole.
        Code::TaskMissing => match d.task.as_deref().and_then(|t| cat.task(t)) {
            Some(t) => {
                let role = if msg.contains("phối hợp") {
                    "cơ quan phối hợp"
                } else {
                    "cơ quan chủ trì"
                };
                format!(
                    "Chưa báo cáo nhiệm vụ {} (quý cơ quan là {role}): {}",
                    t.code,
                    t.full_title().trim_end_matches(['.', ' '])
                )
            }
            None => msg.to_string(),
        },
        Code::TaskUnknown => msg.replace("Mã nhiệm vụ", "Nhiệm vụ số").replace(
            "trong danh mục",
            "trong Danh mục nhiệm vụ kèm theo Kế hoạch",
        ),
        _ => msg.to_string(),
    };
    if let Some(h) = d.hint.as_deref()
        && !h.starts_with("chi tiết kỹ thuật")
    {
        what.push_str(&format!(" ({h})"));
    }
    what
}

/// "Biểu Nhiệm vụ, dòng 7, 8": the form's sheet by its name in the form (an agency's
/// copy may have lost the accents: "Nhiem vu"), and the rows.
fn place(sheet: Option<&str>, rows: &[String]) -> String {
    let Some(sheet) = sheet else {
        return String::new();
    };
    let name = sheet_name(sheet);
    let mut rows: Vec<&String> = rows.iter().collect();
    rows.dedup();
    const SHOWN: usize = 5;
    match rows.len() {
        0 => name,
        n if n <= SHOWN => format!(
            "{name}, dòng {}",
            rows.iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        n => format!(
            "{name}, dòng {} và {} dòng khác",
            rows[..SHOWN]
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            n - SHOWN
        ),
    }
}

/// A sheet of the report by its name in the form: "Biểu Nhiệm vụ", "Biểu Số liệu" (an
/// agency's copy may have lost the accents: "Nhiem vu"), else "Biểu “…”" as written.
pub fn sheet_name(sheet: &str) -> String {
    match crate::text::fold(sheet).trim() {
        "nhiem vu" => "Biểu Nhiệm vụ".to_string(),
        "so lieu" => "Biểu Số liệu".to_string(),
        _ => format!("Biểu “{sheet}”"),
    }
}

/// The row of a cell reference ("D35" → "35").
fn row_of(cell: &str) -> Option<String> {
    let digits: String = cell
        .chars()
        .skip_while(|c| c.is_ascii_alphabetic())
        .collect();
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// Two rows each holding the other's task ("Nội dung ở dòng này là của nhiệm vụ 21,
/// không phải nhiệm vụ 20"): one line naming both. A row holding another task's text
/// alone is a line of its own.
fn swapped(c: &Checked) -> Vec<Line> {
    // (declared task, task whose text the row holds, sheet, row)
    let mismatches: Vec<(String, String, Option<&str>, String)> = c
        .diagnostics
        .iter()
        // A mismatch the Sở's review settled is no longer the agency's to correct.
        .filter(|d| d.code == Code::TaskTitleMismatch && d.settled.is_none())
        .filter_map(|d| {
            let (holds, declared) = holds_and_declared(&d.message)?;
            let row = d.cell.as_deref().and_then(row_of).unwrap_or_default();
            Some((declared, holds, d.sheet.as_deref(), row))
        })
        .collect();
    let mut out = Vec::new();
    let mut used = vec![false; mismatches.len()];
    for i in 0..mismatches.len() {
        if used[i] {
            continue;
        }
        let (a_decl, a_holds, sheet, a_row) = &mismatches[i];
        let pair = (i + 1..mismatches.len())
            .find(|&j| !used[j] && &mismatches[j].0 == a_holds && &mismatches[j].1 == a_decl);
        used[i] = true;
        match pair {
            Some(j) => {
                used[j] = true;
                let b_row = &mismatches[j].3;
                out.push(Line {
                    task: format!("Nhiệm vụ {a_decl}, {a_holds}"),
                    what: format!(
                        "Nội dung của nhiệm vụ {a_decl} và nhiệm vụ {a_holds} ghi đổi chỗ cho nhau: dòng {a_row} ghi nhiệm vụ {a_decl} nhưng nội dung là của nhiệm vụ {a_holds}, dòng {b_row} ghi nhiệm vụ {a_holds} nhưng nội dung là của nhiệm vụ {a_decl}"
                    ),
                    place: place(*sheet, &[a_row.clone(), b_row.clone()]),
                });
            }
            None => out.push(Line {
                task: format!("Nhiệm vụ {a_decl}"),
                what: format!(
                    "Dòng ghi nhiệm vụ {a_decl} nhưng nội dung là của nhiệm vụ {a_holds}"
                ),
                place: place(*sheet, std::slice::from_ref(a_row)),
            }),
        }
    }
    out
}

/// From the check's message "Nội dung ở dòng này là của nhiệm vụ 21, không phải nhiệm
/// vụ 20 …": ("21", "20").
fn holds_and_declared(message: &str) -> Option<(String, String)> {
    let rest = message.split("là của nhiệm vụ ").nth(1)?;
    let (holds, rest) = rest.split_once(',')?;
    let declared = rest.split("không phải nhiệm vụ ").nth(1)?;
    let declared = declared.split([' ', '(', '.']).next()?;
    Some((holds.trim().to_string(), declared.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_sheets_and_rows() {
        assert_eq!(
            place(Some("Nhiem vu"), &["7".into()]),
            "Biểu Nhiệm vụ, dòng 7"
        );
        assert_eq!(place(Some("Số liệu"), &[]), "Biểu Số liệu");
        assert_eq!(row_of("AB35").as_deref(), Some("35"));
        assert_eq!(row_of("5:7"), None);
    }

    #[test]
    fn a_mismatch_names_both_tasks() {
        assert_eq!(
            holds_and_declared(
                "Nội dung ở dòng này là của nhiệm vụ 21, không phải nhiệm vụ 20 (dòng bị lệch?)"
            ),
            Some(("21".into(), "20".into()))
        );
    }
}
