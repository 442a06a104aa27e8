//! Aggregation of validated submissions: per task and lead agency, per group, per
//! agency, and the figures against the plan's targets. Pure functions over the
//! catalogue, the registry and the checked submissions; the report, the reminders and
//! the status workbook only format what is computed here.

use crate::catalogue::{Catalogue, Task};
use crate::indicators::{Figures, Indicators, TargetKind};
use crate::period::{Calendar, Period};
use crate::registry::{AgencyKind, Registry};
use crate::validate::{Checked, FileStatus, TaskReport};
use crate::values::Status;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// How an agency stands for the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Submitted {
    /// Received by the plan's deadline.
    OnTime,
    /// Received after the deadline.
    Late,
    /// Nothing received.
    Missing,
}

impl Submitted {
    pub fn label(self) -> &'static str {
        match self {
            Submitted::OnTime => "đúng hạn",
            Submitted::Late => "muộn",
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
    pub report_number: Option<String>,
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
    pub min: f64,
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
    /// Figures per agency code (only those that passed their checks), and totals.
    pub figures: BTreeMap<String, Figures>,
    pub totals: Figures,
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
    // Attribute files to agencies.
    let mut by_agency: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut unattributed = Vec::new();
    for (i, c) in checked.iter().enumerate() {
        let code = c
            .agency
            .clone()
            .or_else(|| agency_from_file_name(&c.file, registry));
        match code {
            Some(code) => by_agency.entry(code).or_default().push(i),
            None => unattributed.push(c.file.clone()),
        }
    }

    let mut agencies = Vec::new();
    for a in registry
        .agencies()
        .iter()
        .filter(|a| a.kind != AgencyKind::Other)
    {
        let files = by_agency.get(&a.code).cloned().unwrap_or_default();
        // The submission used: the latest report date among those without errors, else
        // the latest of all (a resubmission supersedes the first file).
        let latest = |candidates: Vec<usize>| {
            candidates
                .into_iter()
                .max_by_key(|&i| (checked[i].report_date, i))
        };
        let clean: Vec<usize> = files
            .iter()
            .copied()
            .filter(|&i| matches!(checked[i].status, FileStatus::Ok | FileStatus::Warnings))
            .collect();
        let pick = latest(clean).or_else(|| latest(files.clone()));
        let c = pick.map(|i| &checked[i]);
        let submitted = match c {
            None => Submitted::Missing,
            Some(c) => match (c.report_date, deadline) {
                (Some(d), Some(last)) if d > last => Submitted::Late,
                _ => Submitted::OnTime,
            },
        };
        let tasks_lead = cat.tasks.iter().filter(|t| t.is_led_by(&a.code)).count();
        let usable = c.is_some_and(|c| c.status != FileStatus::Unreadable && period_ok(c, period));
        let tasks_done = if usable {
            c.map_or(0, |c| {
                c.tasks
                    .iter()
                    .filter(|t| t.lead && !t.has_error && t.status == Some(Status::Done))
                    .count()
            })
        } else {
            0
        };
        agencies.push(AgencyState {
            code: a.code.clone(),
            name: a.name.clone(),
            kind: a.kind,
            submitted,
            report_date: c.and_then(|c| c.report_date),
            report_number: None,
            files: files.iter().map(|&i| checked[i].file.clone()).collect(),
            status: c.map(|c| c.status),
            errors: c.map_or(0, |c| c.diagnostics.iter().filter(|d| d.is_error()).count()),
            warnings: c.map_or(0, |c| {
                c.diagnostics.iter().filter(|d| !d.is_error()).count()
            }),
            tasks_done,
            tasks_lead,
            checked: pick,
            usable,
        });
    }

    // Usable task rows per agency: from a readable file of the right period, rows that no
    // error touches.
    let rows_of = |code: &str| -> Vec<&TaskReport> {
        let Some(st) = agencies.iter().find(|s| s.code == code) else {
            return Vec::new();
        };
        let Some(i) = st.checked else {
            return Vec::new();
        };
        let c = &checked[i];
        if c.status == FileStatus::Unreadable || !period_ok(c, period) {
            return Vec::new();
        }
        c.tasks.iter().filter(|t| !t.has_error).collect()
    };

    let mut tasks = Vec::new();
    for t in &cat.tasks {
        tasks.push(summarise_task(t, &agencies, &rows_of, as_of));
    }
    let mut groups = Vec::new();
    let mut all = GroupCounts::default();
    for g in &cat.groups {
        let mut counts = GroupCounts::default();
        for (t, s) in cat.tasks.iter().zip(&tasks) {
            if t.group == g.id {
                counts.add(s);
            }
        }
        groups.push((g.id.clone(), counts));
    }
    for s in &tasks {
        all.add(s);
    }

    // Figures: each agency's usable figures, and the totals.
    let mut figures = BTreeMap::new();
    let mut totals = Figures::new();
    for st in &agencies {
        let Some(i) = st.checked else { continue };
        let c = &checked[i];
        if c.status == FileStatus::Unreadable || !period_ok(c, period) || c.figures.is_empty() {
            continue;
        }
        for (k, v) in &c.figures {
            let e = totals.entry(k.clone()).or_insert(0);
            *e = e.saturating_add(*v);
        }
        figures.insert(st.code.clone(), c.figures.clone());
    }
    let period_end = period.end();
    let targets = indicators
        .targets
        .iter()
        .map(|t| {
            let (num, den) = match t.kind {
                TargetKind::Rate => {
                    // Only agencies that gave every figure of the rate: a numerator without
                    // its denominator would distort it.
                    let mut num = 0u64;
                    let mut den = 0u64;
                    for f in figures.values() {
                        let all = t
                            .numerator
                            .iter()
                            .chain(&t.denominator)
                            .all(|k| f.contains_key(k));
                        if all {
                            num = num.saturating_add(t.numerator.iter().map(|k| f[k]).sum::<u64>());
                            den =
                                den.saturating_add(t.denominator.iter().map(|k| f[k]).sum::<u64>());
                        }
                    }
                    (num, den)
                }
                TargetKind::Tasks => {
                    // Tasks due by the end of the period, and how many of them are done.
                    let due: Vec<&TaskSummary> = tasks
                        .iter()
                        .filter(|t| t.due.is_some_and(|d| d <= period_end))
                        .collect();
                    (
                        due.iter().filter(|t| t.is_completed()).count() as u64,
                        due.len() as u64,
                    )
                }
            };
            let value = (den > 0).then(|| num as f64 / den as f64);
            TargetResult {
                code: t.code.clone(),
                name: t.name.clone(),
                min: t.min,
                value,
                numerator: num,
                denominator: den,
                achieved: value.map(|v| v + 1e-12 >= t.min),
            }
        })
        .collect();

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
        targets,
        unattributed,
    }
}

/// The file is of this period (a file whose period could not be read is not used).
fn period_ok(c: &Checked, period: Period) -> bool {
    c.period.as_deref() == Some(period.id().as_str())
}

/// An agency code or alias in a file name ("SGTVT-q1-2019.xlsx"), for files whose
/// content could not be read.
pub fn agency_from_file_name(file: &str, registry: &Registry) -> Option<String> {
    let stem = std::path::Path::new(file)
        .file_stem()?
        .to_string_lossy()
        .into_owned();
    stem.split(|c: char| !c.is_alphanumeric())
        .filter(|t| t.len() >= 2)
        .find_map(|t| registry.get(t).or_else(|| registry.lookup(t)))
        .filter(|a| a.kind != AgencyKind::Other)
        .map(|a| a.code.clone())
}

fn summarise_task<'a>(
    t: &Task,
    agencies: &[AgencyState],
    rows_of: &dyn Fn(&str) -> Vec<&'a TaskReport>,
    as_of: NaiveDate,
) -> TaskSummary {
    let mut lead_reports = Vec::new();
    let mut partner_reports = Vec::new();
    for st in agencies {
        let rows = rows_of(&st.code);
        let row = rows.iter().find(|r| r.code == t.code).map(|r| (*r).clone());
        if t.is_led_by(&st.code) {
            lead_reports.push(LeadReport {
                agency: st.code.clone(),
                report: row,
            });
        } else if let Some(r) = row
            && !r.result.is_empty()
        {
            partner_reports.push((st.code.clone(), r));
        }
    }
    let leads = lead_reports.len();
    let done = lead_reports
        .iter()
        .filter(|l| {
            l.report
                .as_ref()
                .is_some_and(|r| r.status == Some(Status::Done))
        })
        .count();
    let reported = lead_reports
        .iter()
        .filter(|l| l.report.as_ref().is_some_and(|r| r.status.is_some()))
        .count();
    let any_progress = lead_reports.iter().any(|l| {
        l.report
            .as_ref()
            .is_some_and(|r| matches!(r.status, Some(Status::InProgress | Status::Done)))
    });
    let due = t.deadline.completion();
    let completed_on = lead_reports
        .iter()
        .filter_map(|l| l.report.as_ref().and_then(|r| r.completed))
        .max();
    let state = if leads > 0 && done == leads {
        let on_time = match (due, completed_on) {
            (Some(due), Some(d)) => d <= due,
            _ => true,
        };
        TaskState::Completed { on_time }
    } else if reported == 0 {
        TaskState::NotReported
    } else if any_progress {
        TaskState::InProgress
    } else {
        TaskState::NotStarted
    };
    // Overdue only when a lead's report says it is not done: without a report it is
    // unknown.
    let overdue = matches!(state, TaskState::InProgress | TaskState::NotStarted)
        && due.is_some_and(|d| d < as_of);
    TaskSummary {
        code: t.code.clone(),
        state,
        done,
        leads,
        lead_reports,
        partner_reports,
        due,
        overdue,
        completed_on,
    }
}

/// `1.234.567`
pub fn format_count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `96,5%` (one decimal, comma as the decimal mark; whole numbers without decimals).
/// A rate just under a target is never rounded up to it: 0.9596 against 0.96 prints
/// `95,96%`, not `96%`.
pub fn format_percent_against(v: f64, target: f64) -> String {
    let shown = (v * 1000.0).round() / 1000.0;
    if v < target && shown >= target {
        let p = (v * 10000.0).floor() / 100.0;
        return format!("{p:.2}%").replace('.', ",");
    }
    format_percent(v)
}

/// `96,5%` (one decimal, comma as the decimal mark; whole numbers without decimals).
pub fn format_percent(v: f64) -> String {
    let p = (v * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{}%", p as i64)
    } else {
        format!("{p:.1}%").replace('.', ",")
    }
}

/// Adds working days (Monday–Friday) to a date.
pub fn add_working_days(d: NaiveDate, n: u32) -> NaiveDate {
    use chrono::{Datelike, Weekday};
    let mut d = d;
    let mut left = n;
    while left > 0 {
        d = d.succ_opt().unwrap_or(d);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(1234), "1.234");
        assert_eq!(format_count(1234567), "1.234.567");
        assert_eq!(format_percent(0.965), "96,5%");
        assert_eq!(format_percent(0.3), "30%");
        assert_eq!(format_percent(1.0), "100%");
        assert_eq!(format_percent_against(0.95996, 0.96), "95,99%");
        assert_eq!(format_percent_against(0.97, 0.96), "97%");
    }

    #[test]
    fn working_days_skip_weekends() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        // Monday 04/03/2019 + 3 → Thursday 07/03.
        assert_eq!(add_working_days(d(2019, 3, 4), 3), d(2019, 3, 7));
        // Thursday 07/03 + 3 → Tuesday 12/03.
        assert_eq!(add_working_days(d(2019, 3, 7), 3), d(2019, 3, 12));
    }
}
