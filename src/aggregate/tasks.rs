//! Each task's state from its lead agencies' reports, and the counts per group.

use super::{AgencyState, GroupCounts, LeadReport, PlanStep, TaskState, TaskSummary, usable_rows};
use crate::check::Checked;
use crate::model::catalogue::{Catalogue, Task};
use crate::model::deadline::{MilestoneKind, plan_issued_on};
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
    let plan = plan_step(t, &lead_reports);
    let start_missed = t
        .deadline
        .milestones
        .iter()
        .find(|m| m.kind == MilestoneKind::Start)
        .filter(|m| m.due < as_of && state == TaskState::NotStarted)
        .map(|_| step_due_text(&t.deadline.text, "trien khai"));
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
        plan,
        start_missed,
    }
}

/// The plan-issuing step judged on its own: the date of the plan the leads cite in
/// their evidence ("Kế hoạch số 47/KH-SNV ngày 10/01/2019") against the step's due date.
fn plan_step(t: &Task, leads: &[LeadReport]) -> Option<PlanStep> {
    let m = t
        .deadline
        .milestones
        .iter()
        .find(|m| m.kind == MilestoneKind::Plan)?;
    let issued = leads
        .iter()
        .filter_map(|l| l.report.as_ref())
        // A document also cited under another task dates nothing until settled.
        .filter(|r| !r.evidence_disputed)
        .filter_map(|r| plan_issued_on(&r.evidence))
        .max();
    Some(PlanStep {
        due: m.due,
        due_text: step_due_text(&t.deadline.text, "ke hoach"),
        issued,
        late: issued.is_some_and(|d| d > m.due),
    })
}

/// The time of a step as the catalogue words it: the part of the deadline naming the
/// step (`key`, folded: "ke hoach", "trien khai") after its verb — "Ban hành Kế hoạch
/// trong Quý IV/2018 và thực hiện cả năm 2019" → "Quý IV/2018".
fn step_due_text(deadline: &str, key: &str) -> String {
    let part = deadline
        .split([';', ','])
        .flat_map(|p| p.split(" và "))
        .find(|p| crate::text::fold(p).contains(key))
        .unwrap_or(deadline);
    let folded = crate::text::fold(part);
    let words: Vec<&str> = part.split_whitespace().collect();
    let fwords: Vec<&str> = folded.split_whitespace().collect();
    // Drop the leading "Ban hành Kế hoạch (trong)".
    let skip = fwords
        .iter()
        .position(|w| *w == "trong")
        .map(|i| i + 1)
        .or_else(|| {
            let last = key.split(' ').next_back().unwrap_or(key);
            fwords.iter().position(|w| *w == last).map(|i| i + 1)
        })
        .unwrap_or(0);
    let rest = words.get(skip..).unwrap_or_default().join(" ");
    let rest = rest.trim().trim_end_matches(['.', ';']);
    if rest.is_empty() {
        deadline.trim().to_string()
    } else {
        rest.to_string()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_steps_as_written() {
        assert_eq!(
            step_due_text(
                "Ban hành Kế hoạch trong Quý IV/2018 và thực hiện cả năm 2019",
                "ke hoach"
            ),
            "Quý IV/2018"
        );
        assert_eq!(
            step_due_text(
                "Ban hành Kế hoạch trong năm 2018 và triển khai cả năm 2019",
                "ke hoach"
            ),
            "năm 2018"
        );
        assert_eq!(
            plan_issued_on("Kế hoạch số 47/KH-SNV ngày 10/01/2019"),
            NaiveDate::from_ymd_opt(2019, 1, 10)
        );
        assert_eq!(
            plan_issued_on("Quyết định số 412/QĐ-UBND ngày 20/02/2019"),
            None
        );
    }
}
