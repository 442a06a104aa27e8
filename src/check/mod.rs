//! Validation of a submission against the catalogue, the registry, the indicators and
//! the run's period and as-of date.
//!
//! Every finding carries its file, sheet, cell, a stable code, a Vietnamese message and,
//! where one helps, a hint. The codes are an interface (see README); a finding that is
//! missed, or a correct file that is rejected, is a defect.

pub mod evidence;
mod figures;
pub mod history;
mod meta;
pub mod review;
mod rows;
pub mod scores;
mod titles;

use crate::model::catalogue::Catalogue;
use crate::model::finding::{Diagnostic, Severity};
use crate::model::indicators::{Figures, Indicators};
use crate::model::period::Period;
use crate::model::registry::Registry;
use crate::model::status::Status;
use crate::read::submission::Submission;
use chrono::NaiveDate;
use serde::Serialize;

/// What a submission is checked against.
pub struct Context<'a> {
    pub catalogue: &'a Catalogue,
    pub registry: &'a Registry,
    pub indicators: &'a Indicators,
    /// The period being compiled; `None` accepts any period found in the file.
    pub period: Option<Period>,
    /// The day the check is made ("today" unless given).
    pub as_of: NaiveDate,
    /// The same year's earlier reports, when their submissions are at hand.
    pub history: Option<&'a history::History>,
}

/// The overall state of a checked file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Ok,
    Warnings,
    Errors,
    Unreadable,
}

impl FileStatus {
    pub fn label(self) -> &'static str {
        match self {
            FileStatus::Ok => "đạt",
            FileStatus::Warnings => "có cảnh báo",
            FileStatus::Errors => "có lỗi",
            FileStatus::Unreadable => "không đọc được",
        }
    }
}

/// A task row after validation: the catalogue task it reports on and the values read.
#[derive(Debug, Clone, Serialize)]
pub struct TaskReport {
    pub code: String,
    /// True when the agency leads the task (else it is a partner or not assigned).
    pub lead: bool,
    pub status: Option<Status>,
    pub status_text: String,
    #[serde(serialize_with = "ser_opt_date")]
    pub completed: Option<NaiveDate>,
    pub evidence: String,
    pub result: String,
    pub difficulties: String,
    pub proposals: String,
    /// True when an error touches this row (its values are not to be trusted).
    pub has_error: bool,
    pub sheet: String,
    pub row: u32,
    /// A1 addresses of the status, completion date and document cells.
    pub status_cell: String,
    pub date_cell: String,
    pub evidence_cell: String,
    /// The document cited is also cited under another task (`evidence.duplicate`):
    /// until the Sở settles which task it belongs to, documents print it for neither.
    #[serde(skip)]
    pub evidence_disputed: bool,
}

fn ser_opt_date<S: serde::Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
        None => s.serialize_none(),
    }
}

/// The result of checking one file.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub file: String,
    pub agency: Option<String>,
    pub period: Option<String>,
    pub status: FileStatus,
    pub diagnostics: Vec<Diagnostic>,
    #[serde(skip)]
    pub tasks: Vec<TaskReport>,
    /// Figures that passed their checks.
    #[serde(skip)]
    pub figures: Figures,
    /// Every figure as read, those of a broken check included: what the Sở's review
    /// may accept.
    #[serde(skip)]
    pub figures_read: Figures,
    /// SHA-256 (hex) of the file checked, for the ids of its findings.
    #[serde(skip)]
    pub sha256: Option<String>,
    #[serde(skip)]
    pub report_date: Option<NaiveDate>,
    /// The report's own number ("45/BC-STC"), when its header gives one.
    #[serde(skip)]
    pub report_number: Option<String>,
    /// When the report reached the Sở, from the register of incoming documents (set by
    /// the caller that has the register; `None` otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received: Option<crate::model::receipt::Receipt>,
    /// The kind of document, when the file is a document (Word, PDF, scan) and not the
    /// form: the agency sent its report in the wrong form, or a cover letter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<crate::read::document::DocKind>,
}

impl Checked {
    /// True when the file is a document sent in place of the form (not a cover letter
    /// beside a readable workbook: see [`across_files`]).
    pub fn wrong_format(&self) -> bool {
        self.document.is_some()
            && self
                .diagnostics
                .iter()
                .any(|d| d.code == crate::model::finding::Code::FileWrongFormat && d.is_error())
    }
}

/// The checks that need every file of the period: the same document cited for two
/// tasks (`evidence.duplicate`), and a document sent beside the same agency's readable
/// workbook — a cover letter, not a report in the wrong form (its `file.wrong_format`
/// becomes a note).
pub fn across_files(checked: &mut [&mut Checked], registry: &Registry) {
    evidence::across_files(checked, registry);
    let with_form: std::collections::HashSet<String> = checked
        .iter()
        .filter(|c| c.document.is_none() && c.status != FileStatus::Unreadable)
        .filter_map(|c| c.agency.clone())
        .collect();
    for c in checked.iter_mut() {
        let (Some(kind), Some(agency)) = (c.document, c.agency.as_deref()) else {
            continue;
        };
        if !with_form.contains(agency) {
            continue;
        }
        for d in &mut c.diagnostics {
            if d.code == crate::model::finding::Code::FileWrongFormat {
                *d = Diagnostic::info(
                    crate::model::finding::Code::FileWrongFormat,
                    format!(
                        "Tệp kèm theo báo cáo Excel của cùng cơ quan ({}: công văn, bản có chữ ký): lưu kèm, không tổng hợp",
                        kind.label()
                    ),
                );
            }
        }
    }
}

/// Validates a submission; its diagnostics (from reading) are kept and extended.
pub fn validate(sub: &Submission, ctx: &Context) -> Checked {
    let mut diags = sub.diagnostics.clone();
    let mut tasks = Vec::new();
    let mut figures = Figures::new();
    let mut figures_read = Figures::new();
    if !sub.unreadable {
        meta::check_meta(sub, ctx, &mut diags);
        if sub.task_sheet.is_some() {
            tasks = rows::check_rows(sub, ctx, &mut diags);
            if let (Some(h), Some(agency)) = (ctx.history, sub.agency.as_deref()) {
                history::tasks(h, agency, &tasks, &mut diags);
            }
        }
        (figures, figures_read) = figures::check_figures(sub, ctx, &mut diags);
    }
    let status = if sub.unreadable {
        FileStatus::Unreadable
    } else if diags.iter().any(|d| d.severity == Severity::Error) {
        FileStatus::Errors
    } else if !diags.iter().any(Diagnostic::is_warning) {
        FileStatus::Ok
    } else {
        FileStatus::Warnings
    };
    Checked {
        file: sub.file.clone(),
        agency: sub.agency.clone(),
        period: sub.period.map(|p| p.id()),
        status,
        diagnostics: diags,
        tasks,
        figures,
        report_date: sub.report_date,
        report_number: sub.report_number.clone(),
        received: None,
        document: sub.document,
        figures_read,
        sha256: sub.sha256.clone(),
    }
}
