//! Aggregation of validated submissions: per task and lead agency, per group, per
//! agency, and the figures against the plan's targets. Pure functions over the
//! catalogue, the registry and the checked submissions; the report, the reminders and
//! the status workbook only format what is computed here.

mod agencies;
mod figures;
pub mod ranking;
mod tasks;

use crate::check::{Checked, FileStatus, TaskReport};
use crate::model::catalogue::Catalogue;
use crate::model::indicators::{Figures, Indicators};
use crate::model::period::{Calendar, Period};
use crate::model::registry::{AgencyKind, Registry};
use crate::model::status::Status;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// How an agency stands for the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Submitted {
    /// Received by the plan's deadline.
    OnTime,
    /// Received after the deadline.
    Late,
    /// A document (Word, PDF, scan) received in place of the form: the agency did
    /// report, in a form that cannot be compiled.
    WrongFormat,
    /// Nothing received.
    Missing,
}

impl Submitted {
    pub fn label(self) -> &'static str {
        match self {
            Submitted::OnTime => "đúng hạn",
            Submitted::Late => "muộn",
            Submitted::WrongFormat => "gửi sai định dạng",
            Submitted::Missing => "chưa nộp",
        }
    }
}

/// One reporting agency's state.
#[derive(Debug, Clone)]
pub struct AgencyState {
    pub code: String,
    pub name: String,
    pub kind: AgencyKind,
    pub submitted: Submitted,
    /// The report date written in the submission.
    pub report_date: Option<NaiveDate>,
    /// The report's number written in the submission ("45/BC-STC").
    pub report_number: Option<String>,
    /// When the report arrived, from the register of incoming documents.
    pub received: Option<crate::model::receipt::Receipt>,
    /// What lateness was judged on: the register's date, or the typed one.
    pub basis: crate::model::receipt::DateBasis,
    /// File(s) received, in order.
    pub files: Vec<String>,
    pub status: Option<FileStatus>,
    pub errors: usize,
    pub warnings: usize,
    /// Lead tasks reported done (rows without errors).
    pub tasks_done: usize,
    /// Lead tasks of the agency.
    pub tasks_lead: usize,
    /// The checked submission, when one was received.
    pub checked: Option<usize>,
    /// The submission could be used (readable, of this period).
    pub usable: bool,
}

impl AgencyState {
    /// True when the agency must be sent a reminder: nothing received, received late,
    /// or received with errors.
    pub fn needs_reminder(&self) -> bool {
        self.submitted != Submitted::OnTime
            || matches!(
                self.status,
                Some(FileStatus::Errors | FileStatus::Unreadable)
            )
    }
}

/// The overall state of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskState {
    /// Every lead completed it; `on_time` when the last completion met the deadline.
    Completed { on_time: bool },
    /// Some lead reported it in progress (or done while others are not).
    InProgress,
    /// Every lead that reported has not started.
    NotStarted,
    /// No lead reported it (usable rows only).
    NotReported,
}

/// One lead's report on a task.
#[derive(Debug, Clone)]
pub struct LeadReport {
    pub agency: String,
    pub report: Option<TaskReport>,
}

/// A task's aggregated state.
#[derive(Debug, Clone)]
pub struct TaskSummary {
    pub code: String,
    pub state: TaskState,
    /// Leads that completed it, and all leads.
    pub done: usize,
    pub leads: usize,
    pub lead_reports: Vec<LeadReport>,
    /// Partner reports (quoted, not counted).
    pub partner_reports: Vec<(String, TaskReport)>,
    /// The completion deadline, when the catalogue gives one.
    pub due: Option<NaiveDate>,
    /// Not completed and past its deadline on the as-of date.
    pub overdue: bool,
    /// Date of the last completion, when completed.
    pub completed_on: Option<NaiveDate>,
    /// The plan-issuing step, when the deadline sets one and it has a date.
    pub plan: Option<PlanStep>,
    /// The start step ("Triển khai trong Tháng 01/2019") as written, when its date has
    /// passed and every lead that reported has not started.
    pub start_missed: Option<String>,
}

/// The "ban hành Kế hoạch" step of a task's deadline, judged on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStep {
    pub due: NaiveDate,
    /// The step's time as the catalogue writes it ("Quý IV/2018", "năm 2018").
    pub due_text: String,
    /// The date of the plan the leads cite (the latest, for several leads).
    pub issued: Option<NaiveDate>,
    /// Issued after its due date.
    pub late: bool,
}

impl TaskSummary {
    /// Lead agencies that have not completed the task.
    pub fn not_done(&self) -> Vec<&str> {
        self.lead_reports
            .iter()
            .filter(|l| {
                !l.report
                    .as_ref()
                    .is_some_and(|r| r.status == Some(Status::Done))
            })
            .map(|l| l.agency.as_str())
            .collect()
    }

    pub fn is_completed(&self) -> bool {
        matches!(self.state, TaskState::Completed { .. })
    }
}

/// Counts for a group of tasks (or all tasks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupCounts {
    pub total: usize,
    pub completed_on_time: usize,
    pub completed_late: usize,
    pub in_progress: usize,
    pub not_started: usize,
    pub not_reported: usize,
    /// Not completed and past the deadline.
    pub overdue: usize,
    /// Not completed and not yet due (or with no date).
    pub not_yet_due: usize,
}

impl GroupCounts {
    pub fn completed(&self) -> usize {
        self.completed_on_time + self.completed_late
    }

    fn add(&mut self, t: &TaskSummary) {
        self.total += 1;
        match t.state {
            TaskState::Completed { on_time: true } => self.completed_on_time += 1,
            TaskState::Completed { on_time: false } => self.completed_late += 1,
            TaskState::InProgress => self.in_progress += 1,
            TaskState::NotStarted => self.not_started += 1,
            TaskState::NotReported => self.not_reported += 1,
        }
        if !t.is_completed() {
            if t.overdue {
                self.overdue += 1;
            } else {
                self.not_yet_due += 1;
            }
        }
    }
}

/// A target measured on the summed figures.
#[derive(Debug, Clone)]
pub struct TargetResult {
    pub code: String,
    pub name: String,
    pub kind: crate::model::indicators::TargetKind,
    pub min: f64,
    /// Only what was done by its deadline counts ("đảm bảo tiến độ").
    pub on_schedule: bool,
    /// For a rate: the agencies whose figures were counted.
    pub agencies: usize,
    /// The measured rate, when its denominator is not zero.
    pub value: Option<f64>,
    pub numerator: u64,
    pub denominator: u64,
    pub achieved: Option<bool>,
}

/// Everything the report needs.
#[derive(Debug, Clone)]
pub struct Summary {
    pub period: Period,
    pub as_of: NaiveDate,
    /// Last day on which a report was on time.
    pub deadline: Option<NaiveDate>,
    pub agencies: Vec<AgencyState>,
    pub tasks: Vec<TaskSummary>,
    pub groups: Vec<(String, GroupCounts)>,
    pub all: GroupCounts,
    /// Figures per agency code (agencies whose figures all passed their checks), and
    /// the totals of exactly those rows.
    pub figures: BTreeMap<String, Figures>,
    pub totals: Figures,
    /// Agencies whose figures were received but cannot be used, with the reasons: they
    /// are out of every column of the totals.
    pub figures_excluded: Vec<(String, Vec<String>)>,
    /// The days the period's figures cover (thời gian chốt số liệu), and whether they
    /// run from the start of the reporting year.
    pub data_window: Option<(NaiveDate, NaiveDate)>,
    pub cumulative: bool,
    pub targets: Vec<TargetResult>,
    /// Files that could not be attributed to an agency.
    pub unattributed: Vec<String>,
}

/// Aggregates checked submissions. `checked[i]` is the result for file `i`; a file that
/// could not be read names its agency, if at all, through its file name.
pub fn summarise(
    cat: &Catalogue,
    registry: &Registry,
    indicators: &Indicators,
    calendar: &Calendar,
    period: Period,
    as_of: NaiveDate,
    checked: &[Checked],
) -> Summary {
    let deadline = calendar.last_on_time_day(period);
    let (by_agency, unattributed) = agencies::attribute(checked, registry);
    let agencies = agencies::states(cat, registry, checked, &by_agency, period, deadline);
    let tasks: Vec<TaskSummary> = cat
        .tasks
        .iter()
        .map(|t| tasks::summarise_task(t, &agencies, checked, period, as_of))
        .collect();
    let (groups, all) = tasks::group_counts(cat, &tasks);
    let (figures, totals, figures_excluded) = figures::figures(&agencies, checked, period);
    let targets = figures::targets(indicators, &figures, &tasks, period, as_of);
    Summary {
        period,
        as_of,
        deadline,
        agencies,
        tasks,
        groups,
        all,
        figures,
        totals,
        figures_excluded,
        data_window: calendar.data_window(period),
        cumulative: calendar.is_cumulative(period),
        targets,
        unattributed,
    }
}

/// The file is of this period (a file whose period could not be read is not used).
fn period_ok(c: &Checked, period: Period) -> bool {
    c.period.as_deref() == Some(period.id().as_str())
}

/// The rows of an agency's chosen submission that can be used: from a readable file of
/// the right period, and that no error touches.
fn usable_rows<'c>(
    st: &AgencyState,
    checked: &'c [Checked],
    period: Period,
) -> Vec<&'c TaskReport> {
    let Some(i) = st.checked else {
        return Vec::new();
    };
    let c = &checked[i];
    if c.status == FileStatus::Unreadable || !period_ok(c, period) {
        return Vec::new();
    }
    c.tasks.iter().filter(|t| !t.has_error).collect()
}
