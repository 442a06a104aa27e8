//! The Sở's review of a period: one decision per doubtful finding, recorded with its
//! reason, who took it and when (`<submissions>/<period>/hieu-chinh.xlsx`).
//!
//! A specialist settles what a cell cannot: "không có" means 0, the plan issued is not
//! the task done, a phone call gives the right figure. Documents are built from the
//! decided facts, and the decision is kept because the leader may ask and the next
//! period's figures must agree.

use std::collections::BTreeMap;

/// What the Sở decided about one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// "Chấp nhận": the value stands as written; the finding no longer blocks.
    Accept,
    /// "Sửa thành": the value given replaces what the cell says.
    Replace(String),
    /// "Không tổng hợp": the row, figure or file is left out.
    Exclude,
}

impl Decision {
    /// The stable code of the decision (files, API): `accept`, `replace`, `exclude`.
    pub fn code(&self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::Replace(_) => "replace",
            Decision::Exclude => "exclude",
        }
    }

    /// The words of the review file's list.
    pub fn label(&self) -> &'static str {
        match self {
            Decision::Accept => LABELS[0],
            Decision::Replace(_) => LABELS[1],
            Decision::Exclude => LABELS[2],
        }
    }

    /// A decision as typed in the file (any case or accents), with the value column.
    pub fn parse(text: &str, value: &str) -> Option<Decision> {
        let key = crate::text::fold(text);
        if key.starts_with("chap nhan") || key == "accept" {
            Some(Decision::Accept)
        } else if key.starts_with("sua thanh") || key == "replace" {
            Some(Decision::Replace(value.trim().to_string()))
        } else if key.starts_with("khong tong hop") || key == "exclude" {
            Some(Decision::Exclude)
        } else {
            None
        }
    }
}

/// The three decisions as the review file lists them.
pub const LABELS: [&str; 3] = ["Chấp nhận", "Sửa thành", "Không tổng hợp"];

/// One recorded decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub decision: Decision,
    pub reason: String,
    pub who: String,
    pub date: String,
}

/// Every decision of a period, by finding id.
#[derive(Debug, Clone, Default)]
pub struct Review {
    pub entries: BTreeMap<String, Entry>,
}

impl Review {
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.get(id)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The stable id of a finding: the agency, the first eight hex digits of the file's
/// SHA-256 (a corrected file is a new file: its findings are new), the code and where
/// ("Nhiệm vụ!D8", or the task or indicator it names). "STC:3f2a9c1b:status.invalid:Nhiệm
/// vụ!D8".
pub fn finding_id(
    agency: Option<&str>,
    sha256: Option<&str>,
    d: &crate::model::finding::Diagnostic,
) -> String {
    let place = match (&d.sheet, &d.cell, &d.task, &d.indicator) {
        (Some(s), Some(c), _, _) => format!("{s}!{c}"),
        (_, _, Some(t), _) => format!("nhiệm vụ {t}"),
        (_, _, _, Some(i)) => i.to_string(),
        (Some(s), None, _, _) => s.to_string(),
        _ => "tệp".to_string(),
    };
    format!(
        "{}:{}:{}:{place}",
        agency.unwrap_or("?"),
        sha256.map_or("--------", |h| &h[..h.len().min(8)]),
        d.code
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_as_typed() {
        assert_eq!(Decision::parse("Chấp nhận", ""), Some(Decision::Accept));
        assert_eq!(Decision::parse("chap nhan", ""), Some(Decision::Accept));
        assert_eq!(
            Decision::parse("SỬA THÀNH", " 0 "),
            Some(Decision::Replace("0".into()))
        );
        assert_eq!(
            Decision::parse("Không tổng hợp", ""),
            Some(Decision::Exclude)
        );
        assert_eq!(Decision::parse("", ""), None);
        let d = crate::model::finding::Diagnostic::error(
            crate::model::finding::Code::StatusInvalid,
            "x",
        )
        .at("Nhiệm vụ", "D8");
        assert_eq!(
            finding_id(Some("STC"), Some("3f2a9c1bdeadbeef"), &d),
            "STC:3f2a9c1b:status.invalid:Nhiệm vụ!D8"
        );
    }
}
