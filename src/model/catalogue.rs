//! The plan's task catalogue (Danh mục nhiệm vụ): groups (reform areas) and the tasks
//! agencies report on, with their lead and partner agencies and deadlines.
//!
//! Pure data: reading it from a workbook is the job of the `read` room.

use crate::model::deadline::Deadline;
use crate::model::finding::Diagnostic;
use crate::model::registry::AgencyRef;
use crate::text::item_letter_index;
use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

/// A group of tasks (one reform area), e.g. `II` "Cải cách thể chế".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// Roman numeral as written ("I", "VIII").
    pub id: String,
    pub title: String,
    /// The heading row as written ("I- Chỉ đạo điều hành…"), for reprinting the annex.
    #[serde(skip)]
    pub heading: String,
}

/// One reportable task of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    /// "7", "15b".
    pub code: String,
    /// Group id ("III").
    pub group: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subgroup: Option<String>,
    /// Title of the parent row of a sub-item ("Triển khai đánh giá xác định…" for 3a).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub title: String,
    pub lead: AgencyRef,
    pub partners: AgencyRef,
    pub product: String,
    pub deadline: Deadline,
    /// Sheet row (zero-based) of the task, for diagnostics.
    #[serde(skip)]
    pub row: u32,
    /// For a sub-item: the number stood on the parent row (3, 26), not on the a) row
    /// (6, 15). Kept to reprint the annex as it was laid out.
    #[serde(skip)]
    pub parent_numbered: bool,
    /// The annex's own columns for this task ("Cấp trình" → "Chính phủ"), as printed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<(String, String)>,
    /// The short title a person wrote for running text (the plan's short-title table).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
}

#[cfg(test)]
impl Task {
    /// A task with a code, titles and a deadline's text only, for unit tests of what
    /// reads titles and deadlines.
    pub(crate) fn with_titles(
        code: &str,
        parent: Option<&str>,
        title: &str,
        deadline: &str,
    ) -> Task {
        Task {
            code: code.into(),
            group: "I".into(),
            subgroup: None,
            parent: parent.map(str::to_string),
            title: title.into(),
            lead: Default::default(),
            partners: Default::default(),
            product: String::new(),
            deadline: crate::model::deadline::Deadline {
                text: deadline.into(),
                open: true,
                recurring: false,
                milestones: Vec::new(),
            },
            row: 0,
            parent_numbered: false,
            extra: Vec::new(),
            short: None,
        }
    }
}

impl Task {
    /// The title with its parent, as a reader of the annex understands the task:
    /// "Ban hành … Kế hoạch kiểm soát thủ tục hành chính năm 2019: Kế hoạch của UBND
    /// thành phố".
    pub fn full_title(&self) -> String {
        match &self.parent {
            Some(p) => format!("{}: {}", p.trim_end_matches(['.', ':', ' ']), self.title),
            None => self.title.clone(),
        }
    }

    /// A title for running text: the annex's own short title when it has a column for
    /// it ("Tên ngắn", "Tên rút gọn", "Trích yếu"), else the one of the plan's short-title
    /// table ([`crate::model::short_titles`]), else the full title. A title is never
    /// cut: "Triển khai đánh giá xác…" is no title a specialist writes. `_n`, the room a
    /// caller hoped for, is not used.
    pub fn short_title(&self, _n: usize) -> String {
        let own = self.extra.iter().find(|(h, v)| {
            let k = crate::text::header_key(h);
            !v.trim().is_empty()
                && matches!(
                    k.as_str(),
                    "ten ngan" | "ten rut gon" | "trich yeu" | "short title" | "short_title"
                )
        });
        let title = match (own, &self.short) {
            (Some((_, v)), _) => v.trim().to_string(),
            (None, Some(s)) => s.clone(),
            (None, None) => self.full_title(),
        };
        // Said inside a sentence: the title's own full stop would double the sentence's.
        title.trim_end_matches(['.', ' ']).to_string()
    }

    /// True when the agency leads the task.
    pub fn is_led_by(&self, code: &str) -> bool {
        self.lead.contains(code)
    }

    /// True when the agency is a partner of the task.
    pub fn is_partner(&self, code: &str) -> bool {
        self.partners.contains(code)
    }
}

/// The catalogue read from a workbook.
#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    /// The plan's year ("…năm 2019" in the title, or given by the user).
    pub year: Option<i32>,
    pub groups: Vec<Group>,
    pub tasks: Vec<Task>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file it was read from.
    #[serde(skip)]
    pub source: String,
    /// The sheet it was read from.
    #[serde(skip)]
    pub sheet: String,
}

impl Catalogue {
    /// The task with this code (exact, as produced by [`normalize_task_code`]).
    pub fn task(&self, code: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.code == code)
    }

    /// The group with this id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// True when some diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Normalises a task code typed by a person: "15b", "15 b", "15.b", "15-b)", "10.0",
/// "3Đ" → "15b", "10", "3đ". Returns `None` when the text is not a task code.
pub fn normalize_task_code(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^\(?(\d{1,3})(?:\.0+)?\s*[.\-/ ]?\s*([a-zđ])?\s*[.)]?$").unwrap()
    });
    static GROUPED: OnceLock<Regex> = OnceLock::new();
    let grouped = GROUPED.get_or_init(|| Regex::new(r"^([ivx]{1,5})\s*[.\-/ ]\s*(.+)$").unwrap());
    let lower = crate::text::clean(text).to_lowercase();
    // A code that carries its group, in annexes numbered from 1 in each group: "II.3",
    // "II-3", "ii.3a".
    if let Some(g) = grouped.captures(&lower)
        && crate::text::roman_to_int(&g[1].to_uppercase()).is_some()
        && let Some(own) = normalize_task_code(&g[2])
    {
        return Some(format!("{}.{own}", g[1].to_uppercase()));
    }
    let caps = re.captures(&lower)?;
    let n: u32 = caps[1].parse().ok()?;
    if n == 0 {
        return None;
    }
    let letter = caps.get(2).map(|m| m.as_str()).unwrap_or("");
    if !letter.is_empty() && item_letter_index(letter.chars().next()?).is_none() {
        return None;
    }
    Some(format!("{n}{letter}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_codes() {
        for (input, want) in [
            ("15b", "15b"),
            ("15 b", "15b"),
            ("15.b", "15b"),
            ("15-b)", "15b"),
            ("10.0", "10"),
            ("10", "10"),
            ("3Đ", "3đ"),
            (" 7 ", "7"),
        ] {
            assert_eq!(normalize_task_code(input).as_deref(), Some(want), "{input}");
        }
        for bad in ["", "abc", "0", "15f", "b15", "1.5"] {
            assert_eq!(normalize_task_code(bad), None, "{bad}");
        }
    }
}
