//! Findings about user data, each pinned to a file, sheet and cell, with a stable code,
//! a Vietnamese message and the subject it is about (a task, an indicator, an agency).
//!
//! Codes are a stable interface: scripts, the feedback workbooks and the reports key on
//! them, so a code is never renamed; [`Code`] serialises to the same strings as ever.
//! Messages are Vietnamese because they go to the people who fix the spreadsheets; the
//! documents never parse them — they read the subject fields.

use serde::Serialize;
use std::fmt;

/// How bad a finding is. Errors make data unusable; warnings need a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// Vietnamese label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        }
    }
}

/// The stable code of a finding (`task.unknown`, `deadline.unparsed`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// The file could not be read as a workbook.
    FileUnreadable,
    /// The file, its unzipped content or its cell count is over the limits.
    FileTooLarge,
    /// No task table was found in the workbook.
    SheetMissing,
    /// A column of the task table is not part of the form.
    SheetExtraColumn,
    /// The reporting agency or period could not be determined.
    MetaMissing,
    /// The agency written in the file is not in the registry.
    MetaAgencyUnknown,
    /// The file reports on another period than the one compiled.
    MetaPeriodMismatch,
    /// A row's task code is not in the catalogue.
    TaskUnknown,
    /// A task is reported (or numbered, in a catalogue) twice.
    TaskDuplicate,
    /// A task the agency leads is not reported.
    TaskMissing,
    /// The agency reports on a task it neither leads nor partners.
    TaskNotAssigned,
    /// A row's title belongs to another task (rows shifted).
    TaskTitleMismatch,
    /// A task led by the agency is past its deadline and not complete.
    TaskOverdue,
    /// A catalogue task names no lead agency.
    TaskLeadMissing,
    /// A catalogue task's lead cell names no registry agency.
    TaskLeadUnresolved,
    /// A catalogue task's lead cell looks like a copy of its content.
    TaskLeadSuspicious,
    /// A reported task has no status.
    StatusMissing,
    /// A task's status is not one of the recognised wordings.
    StatusInvalid,
    /// A date cannot be read.
    DateInvalid,
    /// A task reported done has no completion date.
    DateMissing,
    /// A date is after the report date or the check date.
    DateFuture,
    /// A task was completed after its deadline.
    DateLate,
    /// A task reported done names no document or product.
    EvidenceMissing,
    /// A figure is not a whole number, or its label is unknown.
    FigureInvalid,
    /// A set of figures breaks a check of the indicator list.
    FigureInconsistent,
    /// Text in TCVN3 (ABC) or VNI was converted to Unicode.
    TextLegacyEncoding,
    /// A catalogue deadline could not be read.
    DeadlineUnparsed,
    /// No task was read under the catalogue's header.
    CatalogueEmpty,
    /// The plan's year is not in the catalogue's title.
    CatalogueYearMissing,
    /// A catalogue column is not part of the annex layout.
    CatalogueExtraColumn,
    /// The catalogue has no STT column.
    CatalogueNoNumberColumn,
    /// A task's number was inferred from the sequence.
    CatalogueNumberInferred,
    /// The catalogue's numbering skips a number.
    CatalogueNumberOrder,
    /// A sub-item's letter is out of order.
    CatalogueLetterOrder,
    /// A group heading appears twice.
    CatalogueGroupDuplicate,
    /// A task stands before any group heading.
    CatalogueNoGroup,
    /// A catalogue row has a number but no content.
    CatalogueRowUnrecognised,
}

impl Code {
    /// Every code, in the order of the README's table.
    pub const ALL: &'static [Code] = &[
        Code::FileUnreadable,
        Code::FileTooLarge,
        Code::SheetMissing,
        Code::SheetExtraColumn,
        Code::MetaMissing,
        Code::MetaAgencyUnknown,
        Code::MetaPeriodMismatch,
        Code::TaskUnknown,
        Code::TaskDuplicate,
        Code::TaskMissing,
        Code::TaskNotAssigned,
        Code::TaskTitleMismatch,
        Code::TaskOverdue,
        Code::TaskLeadMissing,
        Code::TaskLeadUnresolved,
        Code::TaskLeadSuspicious,
        Code::StatusMissing,
        Code::StatusInvalid,
        Code::DateInvalid,
        Code::DateMissing,
        Code::DateFuture,
        Code::DateLate,
        Code::EvidenceMissing,
        Code::FigureInvalid,
        Code::FigureInconsistent,
        Code::TextLegacyEncoding,
        Code::DeadlineUnparsed,
        Code::CatalogueEmpty,
        Code::CatalogueYearMissing,
        Code::CatalogueExtraColumn,
        Code::CatalogueNoNumberColumn,
        Code::CatalogueNumberInferred,
        Code::CatalogueNumberOrder,
        Code::CatalogueLetterOrder,
        Code::CatalogueGroupDuplicate,
        Code::CatalogueNoGroup,
        Code::CatalogueRowUnrecognised,
    ];

    /// The code as written in outputs: `task.unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::FileUnreadable => "file.unreadable",
            Code::FileTooLarge => "file.too_large",
            Code::SheetMissing => "sheet.missing",
            Code::SheetExtraColumn => "sheet.extra_column",
            Code::MetaMissing => "meta.missing",
            Code::MetaAgencyUnknown => "meta.agency_unknown",
            Code::MetaPeriodMismatch => "meta.period_mismatch",
            Code::TaskUnknown => "task.unknown",
            Code::TaskDuplicate => "task.duplicate",
            Code::TaskMissing => "task.missing",
            Code::TaskNotAssigned => "task.not_assigned",
            Code::TaskTitleMismatch => "task.title_mismatch",
            Code::TaskOverdue => "task.overdue",
            Code::TaskLeadMissing => "task.lead_missing",
            Code::TaskLeadUnresolved => "task.lead_unresolved",
            Code::TaskLeadSuspicious => "task.lead_suspicious",
            Code::StatusMissing => "status.missing",
            Code::StatusInvalid => "status.invalid",
            Code::DateInvalid => "date.invalid",
            Code::DateMissing => "date.missing",
            Code::DateFuture => "date.future",
            Code::DateLate => "date.late",
            Code::EvidenceMissing => "evidence.missing",
            Code::FigureInvalid => "figure.invalid",
            Code::FigureInconsistent => "figure.inconsistent",
            Code::TextLegacyEncoding => "text.legacy_encoding",
            Code::DeadlineUnparsed => "deadline.unparsed",
            Code::CatalogueEmpty => "catalogue.empty",
            Code::CatalogueYearMissing => "catalogue.year_missing",
            Code::CatalogueExtraColumn => "catalogue.extra_column",
            Code::CatalogueNoNumberColumn => "catalogue.no_number_column",
            Code::CatalogueNumberInferred => "catalogue.number_inferred",
            Code::CatalogueNumberOrder => "catalogue.number_order",
            Code::CatalogueLetterOrder => "catalogue.letter_order",
            Code::CatalogueGroupDuplicate => "catalogue.group_duplicate",
            Code::CatalogueNoGroup => "catalogue.no_group",
            Code::CatalogueRowUnrecognised => "catalogue.row_unrecognised",
        }
    }

    /// The code written as `task.unknown`.
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Sheet name, when the finding is inside a workbook sheet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Cell in A1 notation, when the finding is about one cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    pub code: Code,
    pub severity: Severity,
    /// Vietnamese message.
    pub message: String,
    /// Optional Vietnamese hint ("Có phải là …?").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The catalogue task the finding is about ("15b").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// The indicator the finding is about (`tthc_received`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    /// The registry agency the finding is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            sheet: None,
            cell: None,
            code,
            severity,
            message: message.into(),
            hint: None,
            task: None,
            indicator: None,
            agency: None,
        }
    }

    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn at(mut self, sheet: &str, cell: impl Into<String>) -> Self {
        self.sheet = Some(sheet.to_string());
        self.cell = Some(cell.into());
        self
    }

    pub fn in_sheet(mut self, sheet: &str) -> Self {
        self.sheet = Some(sheet.to_string());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Names the task the finding is about.
    pub fn for_task(mut self, code: impl Into<String>) -> Self {
        self.task = Some(code.into());
        self
    }

    /// Names the indicator the finding is about.
    pub fn for_indicator(mut self, code: impl Into<String>) -> Self {
        self.indicator = Some(code.into());
        self
    }

    /// Names the agency the finding is about.
    pub fn for_agency(mut self, code: impl Into<String>) -> Self {
        self.agency = Some(code.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => write!(f, "[{s}!{c}] ")?,
            (Some(s), None) => write!(f, "[{s}] ")?,
            _ => {}
        }
        write!(
            f,
            "{} {}: {}",
            self.severity.label(),
            self.code,
            self.message
        )?;
        if let Some(h) = &self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

/// Converts a zero-based (row, column) position to A1 notation: (0, 0) → `A1`,
/// (4, 27) → `AB5`.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col as u64 + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push(b'A' + rem);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_notation() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(4, 5), "F5");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(4, 27), "AB5");
        assert_eq!(a1(0, 16383), "XFD1");
    }

    #[test]
    fn codes_round_trip() {
        for c in Code::ALL {
            assert_eq!(Code::parse(c.as_str()), Some(*c));
        }
        assert_eq!(Code::ALL.len(), 37);
        assert_eq!(
            serde_json::to_string(&Code::TaskUnknown).unwrap(),
            "\"task.unknown\""
        );
    }

    #[test]
    fn display_has_place_code_and_message() {
        let d = Diagnostic::warning(Code::DeadlineUnparsed, "Không đọc được thời hạn")
            .at("Danh mục", "F12")
            .with_hint("Ví dụ: Quý II/2019");
        assert_eq!(
            d.to_string(),
            "[Danh mục!F12] cảnh báo deadline.unparsed: Không đọc được thời hạn (Ví dụ: Quý II/2019)"
        );
    }
}
