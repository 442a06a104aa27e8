//! Findings about user data, each pinned to a file, sheet and cell, with a stable code,
//! a Vietnamese message and the subject it is about (a task, an indicator, an agency).
//!
//! Codes are a stable interface: scripts, the feedback workbooks and the reports key on
//! them, so a code is never renamed; [`Code`] serialises to the same strings as ever.
//! Messages are Vietnamese because they go to the people who fix the spreadsheets; the
//! documents never parse them — they read the subject fields.

use ecow::EcoString;
use serde::Serialize;
use std::fmt;

/// How bad a finding is. Errors make data unusable; warnings need a look; notes say
/// how something was understood (an agency read from a file name), so the clerk can see
/// why, and change nothing about the file's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// Vietnamese label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
            Severity::Info => "ghi chú",
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
    /// The agency's report came as a document (Word, PDF, picture), not on the form.
    FileWrongFormat,
    /// No task table was found in the workbook.
    SheetMissing,
    /// A column of the task table is not part of the form.
    SheetExtraColumn,
    /// Hidden rows or columns hold content: they are not read as the report.
    SheetHiddenData,
    /// The reporting agency or period could not be determined.
    MetaMissing,
    /// The agency, period or report date was read from a header line or the file name
    /// (a note).
    MetaInferred,
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
    /// A collective phrase of the catalogue ("UBND các quận") names a kind of unit the
    /// registry has none of.
    TaskCollectiveEmpty,
    /// A reported task has no status.
    StatusMissing,
    /// A task's status is not one of the recognised wordings.
    StatusInvalid,
    /// A verdict in the state column ("tốt") read as the state the row's result states.
    StatusInterpreted,
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
    /// The same document number and date cited for different tasks or by different
    /// agencies.
    EvidenceDuplicate,
    /// A document cited without its issuer's code or its date.
    EvidenceIncomplete,
    /// A figure is not a whole number ≥ 0, or its sheet has no header.
    FigureInvalid,
    /// A figure written in words or as a dash ("không có", "-") read as 0.
    FigureInterpreted,
    /// A set of figures breaks a check of the indicator list.
    FigureInconsistent,
    /// A figure's label designates no indicator, or several equally.
    FigureUnknown,
    /// Text in TCVN3 (ABC) or VNI was converted to Unicode.
    TextLegacyEncoding,
    /// A text holds characters no shipped font draws (emoji): the PDF prints a
    /// placeholder instead.
    TextUnprintable,
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
    /// A typo of the catalogue is corrected in the documents (corrections table).
    CatalogueCorrected,
    /// A year-long task reported done when only its plan has been issued.
    StatusPlanOnly,
    /// A cumulative figure fell, or a completed task changed, since an earlier report
    /// of the same year.
    PeriodInconsistent,
    /// Chỉ số CCHC scores: an agency not in the registry, or not one that is scored.
    ScoreAgencyUnknown,
    /// Chỉ số CCHC scores: an agency scored twice.
    ScoreAgencyDuplicate,
    /// Chỉ số CCHC scores: a department or district of the registry without scores.
    ScoreAgencyMissing,
    /// Chỉ số CCHC scores: a score that is missing, not a number, or negative.
    ScoreInvalid,
    /// Chỉ số CCHC scores: a score above its field's maximum.
    ScoreAboveMax,
    /// Chỉ số CCHC scores: a total that is not the sum of the fields.
    ScoreTotalMismatch,
    /// Chỉ số CCHC scores: no table, or a criterion without a maximum.
    ScoreMaxMissing,
    /// Chỉ số CCHC scores: an agency without a score on a criterion its kind is scored on.
    ScoreCriterionMissing,
    /// Chỉ số CCHC scores: a self score far above the appraised one (for the council).
    ScoreSelfGap,
}

impl Code {
    /// Every code, in the order of the README's table.
    pub const ALL: &'static [Code] = &[
        Code::FileUnreadable,
        Code::FileTooLarge,
        Code::FileWrongFormat,
        Code::SheetMissing,
        Code::SheetExtraColumn,
        Code::SheetHiddenData,
        Code::MetaMissing,
        Code::MetaInferred,
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
        Code::TaskCollectiveEmpty,
        Code::StatusMissing,
        Code::StatusInvalid,
        Code::StatusPlanOnly,
        Code::StatusInterpreted,
        Code::DateInvalid,
        Code::DateMissing,
        Code::DateFuture,
        Code::DateLate,
        Code::EvidenceMissing,
        Code::FigureInvalid,
        Code::EvidenceDuplicate,
        Code::EvidenceIncomplete,
        Code::FigureInterpreted,
        Code::FigureInconsistent,
        Code::FigureUnknown,
        Code::PeriodInconsistent,
        Code::TextLegacyEncoding,
        Code::TextUnprintable,
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
        Code::CatalogueCorrected,
        Code::ScoreAgencyUnknown,
        Code::ScoreAgencyDuplicate,
        Code::ScoreAgencyMissing,
        Code::ScoreInvalid,
        Code::ScoreAboveMax,
        Code::ScoreTotalMismatch,
        Code::ScoreMaxMissing,
        Code::ScoreCriterionMissing,
        Code::ScoreSelfGap,
    ];

    /// The code as written in outputs: `task.unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::FileUnreadable => "file.unreadable",
            Code::FileTooLarge => "file.too_large",
            Code::FileWrongFormat => "file.wrong_format",
            Code::SheetHiddenData => "sheet.hidden_data",
            Code::StatusInterpreted => "status.interpreted",
            Code::EvidenceDuplicate => "evidence.duplicate",
            Code::EvidenceIncomplete => "evidence.incomplete",
            Code::FigureInterpreted => "figure.interpreted",
            Code::SheetMissing => "sheet.missing",
            Code::SheetExtraColumn => "sheet.extra_column",
            Code::MetaMissing => "meta.missing",
            Code::MetaInferred => "meta.inferred",
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
            Code::TaskCollectiveEmpty => "task.collective_empty",
            Code::StatusMissing => "status.missing",
            Code::StatusInvalid => "status.invalid",
            Code::DateInvalid => "date.invalid",
            Code::DateMissing => "date.missing",
            Code::DateFuture => "date.future",
            Code::DateLate => "date.late",
            Code::EvidenceMissing => "evidence.missing",
            Code::FigureInvalid => "figure.invalid",
            Code::FigureInconsistent => "figure.inconsistent",
            Code::FigureUnknown => "figure.unknown",
            Code::TextLegacyEncoding => "text.legacy_encoding",
            Code::TextUnprintable => "text.unprintable",
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
            Code::CatalogueCorrected => "catalogue.corrected",
            Code::StatusPlanOnly => "status.plan_only",
            Code::PeriodInconsistent => "period.inconsistent",
            Code::ScoreAgencyUnknown => "score.agency_unknown",
            Code::ScoreAgencyDuplicate => "score.agency_duplicate",
            Code::ScoreAgencyMissing => "score.agency_missing",
            Code::ScoreInvalid => "score.invalid",
            Code::ScoreAboveMax => "score.above_max",
            Code::ScoreTotalMismatch => "score.total_mismatch",
            Code::ScoreMaxMissing => "score.max_missing",
            Code::ScoreCriterionMissing => "score.criterion_missing",
            Code::ScoreSelfGap => "score.self_gap",
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

/// One finding. Its texts are small strings: a sheet name, a cell, a task code are held
/// inline (no allocation), and a message is shared when a finding is cloned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Sheet name, when the finding is inside a workbook sheet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<EcoString>,
    /// Cell in A1 notation, when the finding is about one cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<EcoString>,
    pub code: Code,
    pub severity: Severity,
    /// Vietnamese message.
    pub message: EcoString,
    /// Optional Vietnamese hint ("Có phải là …?").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<EcoString>,
    /// The catalogue task the finding is about ("15b").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<EcoString>,
    /// The indicator the finding is about (`tthc_received`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<EcoString>,
    /// The registry agency the finding is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<EcoString>,
    /// Settled by the Sở's review: the decision's code (`accept`, `replace`,
    /// `exclude`); the finding then blocks nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settled: Option<EcoString>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            sheet: None,
            cell: None,
            code,
            severity,
            message: message.into().into(),
            hint: None,
            task: None,
            indicator: None,
            agency: None,
            settled: None,
        }
    }

    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn info(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }

    pub fn at(mut self, sheet: &str, cell: impl AsRef<str>) -> Self {
        self.sheet = Some(sheet.into());
        self.cell = Some(cell.as_ref().into());
        self
    }

    pub fn in_sheet(mut self, sheet: &str) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    pub fn with_hint(mut self, hint: impl AsRef<str>) -> Self {
        self.hint = Some(hint.as_ref().into());
        self
    }

    /// Names the task the finding is about.
    pub fn for_task(mut self, code: impl AsRef<str>) -> Self {
        self.task = Some(code.as_ref().into());
        self
    }

    /// Names the indicator the finding is about.
    pub fn for_indicator(mut self, code: impl AsRef<str>) -> Self {
        self.indicator = Some(code.as_ref().into());
        self
    }

    /// Names the agency the finding is about.
    pub fn for_agency(mut self, code: impl AsRef<str>) -> Self {
        self.agency = Some(code.as_ref().into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
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

/// Findings that differ only by their cell: the same code, severity, sheet, message,
/// hint and subject. A fill-down that repeats one wrong row 30,000 times is one group a
/// person reads once ("… ô A12, A22, A32 và 29.997 ô khác"), not 30,000 lines; every
/// finding stays in the group's cell list, so nothing is dropped.
#[derive(Debug, Clone)]
pub struct FindingGroup<'a> {
    /// The first finding of the group, in the order found.
    pub first: &'a Diagnostic,
    /// Every cell of the group, in the order found (empty when the findings have none).
    pub cells: Vec<&'a str>,
    /// Number of findings in the group.
    pub count: usize,
}

impl FindingGroup<'_> {
    /// The cells for a reader: at most `shown` of them, then how many more
    /// ("A12, A22, A32 và 29.997 ô khác"); `None` when the findings have no cell.
    pub fn cells_text(&self, shown: usize) -> Option<String> {
        if self.cells.is_empty() {
            return None;
        }
        let listed = self.cells[..self.cells.len().min(shown.max(1))].join(", ");
        let rest = self.cells.len().saturating_sub(shown.max(1));
        Some(if rest == 0 {
            listed
        } else {
            format!(
                "{listed} và {} ô khác",
                crate::text::format_count(rest as u64)
            )
        })
    }
}

/// Groups findings that differ only by their cell, keeping the order in which each
/// group first appears. Linear in the number of findings.
pub fn group<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) -> Vec<FindingGroup<'a>> {
    type Key<'a> = (
        Severity,
        Code,
        Option<&'a str>,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let mut index: std::collections::HashMap<Key<'a>, usize> = std::collections::HashMap::new();
    let mut groups: Vec<FindingGroup<'a>> = Vec::new();
    for d in diags {
        let key = (
            d.severity,
            d.code,
            d.sheet.as_deref(),
            d.message.as_str(),
            d.hint.as_deref(),
            d.task.as_deref(),
            d.indicator.as_deref(),
            d.agency.as_deref(),
        );
        let i = *index.entry(key).or_insert_with(|| {
            groups.push(FindingGroup {
                first: d,
                cells: Vec::new(),
                count: 0,
            });
            groups.len() - 1
        });
        let g = &mut groups[i];
        g.count += 1;
        if let Some(c) = d.cell.as_deref() {
            g.cells.push(c);
        }
    }
    groups
}

/// The letters of a zero-based column: 0 → `A`, 27 → `AB`.
pub fn column_letters(col: u32) -> String {
    let cell = a1(0, col);
    cell.trim_end_matches('1').to_string()
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

/// The inverse of [`a1`]: `B12` (or `b12`, `$B$12`) → (11, 1), zero-based; `None` for
/// anything else (no letters, more than three, no row, row 0).
pub fn parse_a1(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    let s = s.strip_prefix('$').unwrap_or(s);
    let split = s.find(|c: char| !c.is_ascii_alphabetic())?;
    let (letters, rest) = s.split_at(split);
    let digits = rest.strip_prefix('$').unwrap_or(rest);
    if letters.is_empty() || letters.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = letters.bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references_read_back() {
        for (r, c) in [(0, 0), (11, 1), (4, 27), (1_048_575, 16_383)] {
            assert_eq!(parse_a1(&a1(r, c)), Some((r, c)));
        }
        assert_eq!(parse_a1("$C$11"), Some((10, 2)));
        assert_eq!(parse_a1("ab12"), Some((11, 27)));
        for bad in ["", "B", "5", "A0", "ABCD1", "A1:B2", "A+1", "B12x"] {
            assert_eq!(parse_a1(bad), None, "{bad}");
        }
    }

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
        assert_eq!(Code::ALL.len(), 59);
        assert_eq!(
            serde_json::to_string(&Code::TaskUnknown).unwrap(),
            "\"task.unknown\""
        );
    }

    #[test]
    fn repeated_findings_group_by_everything_but_the_cell() {
        let dup = |cell: &str, first: u32| {
            Diagnostic::error(
                Code::TaskDuplicate,
                format!("Nhiệm vụ 33 được báo cáo hai lần (đã có ở dòng {first})"),
            )
            .at("Nhiệm vụ", cell)
            .for_task("33")
        };
        let mut diags: Vec<Diagnostic> = (0..30_000)
            .map(|i| dup(&format!("A{}", 12 + 10 * i), 5))
            .collect();
        diags.insert(
            1,
            Diagnostic::warning(Code::DateFuture, "Ngày sau ngày báo cáo").at("Nhiệm vụ", "E7"),
        );
        diags.push(dup("A9", 6));
        let groups = group(&diags);
        assert_eq!(groups.len(), 3);
        assert_eq!(groups[0].count, 30_000);
        assert_eq!(groups[0].cells.len(), 30_000);
        assert_eq!(groups[1].first.code, Code::DateFuture);
        assert_eq!(groups[2].cells, vec!["A9"]);
        assert_eq!(
            groups[0].cells_text(3).unwrap(),
            "A12, A22, A32 và 29.997 ô khác"
        );
        assert_eq!(groups[2].cells_text(3).unwrap(), "A9");
        let total: usize = groups.iter().map(|g| g.count).sum();
        assert_eq!(total, diags.len());
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
