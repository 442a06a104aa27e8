//! Each task's state from its lead agencies' reports, and the counts per group.

use super::{AgencyState, GroupCounts, LeadReport, TaskState, TaskSummary, usable_rows};
use crate::check::Checked;
use crate::model::catalogue::{Catalogue, Task};
use crate::model::period::Period;
use crate::model::status::Status;
use chrono::NaiveDate;

/// A task's state: complete only when every lead completed it; partners' reports are
/// kept to quote, never counted.
pub(super) fn summarise_task(
    t: &Task,
    agencies: &[AgencyState],
    checked: &[Checked],
    period: Period,
    as_of: NaiveDate,
) -> TaskSummary {
    let mut lead_reports = Vec::new();
    let mut partner_reports = Vec::new();
    for st in agencies {
        let rows = usable_rows(st, checked, period);
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
    let status_of = |l: &LeadReport| l.report.as_ref().and_then(|r| r.status);
    let done = lead_reports
        .iter()
        .filter(|l| status_of(l) == Some(Status::Done))
        .count();
    let reported = lead_reports
        .iter()
        .filter(|l| status_of(l).is_some())
        .count();
    let any_progress = lead_reports
        .iter()
        .any(|l| matches!(status_of(l), Some(Status::InProgress | Status::Done)));
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

/// Counts per catalogue group, and over all tasks.
pub(super) fn group_counts(
    cat: &Catalogue,
    tasks: &[TaskSummary],
) -> (Vec<(String, GroupCounts)>, GroupCounts) {
    let mut groups = Vec::new();
    for g in &cat.groups {
        let mut counts = GroupCounts::default();
        for (t, s) in cat.tasks.iter().zip(tasks) {
            if t.group == g.id {
                counts.add(s);
            }
        }
        groups.push((g.id.clone(), counts));
    }
    let mut all = GroupCounts::default();
    for s in tasks {
        all.add(s);
    }
    (groups, all)
}
