//! Which file is whose, and how each reporting agency stands for the period.

use super::{AgencyState, Submitted, period_ok};
use crate::check::{Checked, FileStatus};
use crate::model::catalogue::Catalogue;
use crate::model::period::Period;
use crate::model::receipt::DateBasis;
use crate::model::registry::{AgencyKind, Registry};
use crate::model::status::Status;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Files per agency code, and the files that name no agency (by content or file name).
pub(super) fn attribute(
    checked: &[Checked],
    registry: &Registry,
) -> (BTreeMap<String, Vec<usize>>, Vec<String>) {
    let mut by_agency: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut unattributed = Vec::new();
    for (i, c) in checked.iter().enumerate() {
        let code = c.agency.clone().or_else(|| {
            let named: Vec<_> = registry
                .in_file_name(&c.file)
                .into_iter()
                .filter(|a| a.kind != AgencyKind::Other)
                .collect();
            match named.as_slice() {
                [a] => Some(a.code.clone()),
                _ => None,
            }
        });
        match code {
            Some(code) => by_agency.entry(code).or_default().push(i),
            None => unattributed.push(c.file.clone()),
        }
    }
    (by_agency, unattributed)
}

/// The state of every agency that must report (every registry agency but "other"
/// bodies), in administrative order.
pub(super) fn states(
    cat: &Catalogue,
    registry: &Registry,
    checked: &[Checked],
    by_agency: &BTreeMap<String, Vec<usize>>,
    period: Period,
    deadline: Option<NaiveDate>,
) -> Vec<AgencyState> {
    registry
        .agencies()
        .iter()
        .filter(|a| a.kind != AgencyKind::Other)
        .map(|a| {
            let files = by_agency.get(&a.code).cloned().unwrap_or_default();
            let pick = chosen_file(&files, checked);
            let c = pick.map(|i| &checked[i]);
            // Lateness is judged on the day the report arrived when the register of
            // incoming documents says it, else on the date the agency typed.
            let basis = match c.and_then(|c| c.received.as_ref()) {
                Some(_) => DateBasis::Received,
                None => DateBasis::Typed,
            };
            let submitted = match c {
                None => Submitted::Missing,
                Some(c) if c.wrong_format() => Submitted::WrongFormat,
                Some(c) => match (
                    c.received.as_ref().map(|r| r.date).or(c.report_date),
                    deadline,
                ) {
                    (Some(d), Some(last)) if d > last => Submitted::Late,
                    _ => Submitted::OnTime,
                },
            };
            let usable =
                c.is_some_and(|c| c.status != FileStatus::Unreadable && period_ok(c, period));
            let tasks_done = match c {
                Some(c) if usable => c
                    .tasks
                    .iter()
                    .filter(|t| t.lead && !t.has_error && t.status == Some(Status::Done))
                    .count(),
                _ => 0,
            };
            AgencyState {
                code: a.code.clone(),
                name: a.name.clone(),
                kind: a.kind,
                submitted,
                report_date: c.and_then(|c| c.report_date),
                report_number: c.and_then(|c| c.report_number.clone()),
                received: c.and_then(|c| c.received.clone()),
                basis,
                files: files.iter().map(|&i| checked[i].file.clone()).collect(),
                status: c.map(|c| c.status),
                errors: c.map_or(0, |c| c.diagnostics.iter().filter(|d| d.is_error()).count()),
                warnings: c.map_or(0, |c| {
                    c.diagnostics.iter().filter(|d| d.is_warning()).count()
                }),
                tasks_done,
                tasks_lead: cat.tasks.iter().filter(|t| t.is_led_by(&a.code)).count(),
                checked: pick,
                usable,
            }
        })
        .collect()
}

/// The submission used: the latest report date among those without errors, else the
/// latest of all (a resubmission supersedes the first file).
fn chosen_file(files: &[usize], checked: &[Checked]) -> Option<usize> {
    let latest = |candidates: Vec<usize>| {
        candidates.into_iter().max_by_key(|&i| {
            let c = &checked[i];
            (c.received.as_ref().map(|r| r.date).or(c.report_date), i)
        })
    };
    let clean: Vec<usize> = files
        .iter()
        .copied()
        .filter(|&i| matches!(checked[i].status, FileStatus::Ok | FileStatus::Warnings))
        .collect();
    // A document (a cover letter, a report in the wrong form) stands for the agency
    // only when it sent no workbook at all.
    let workbooks: Vec<usize> = files
        .iter()
        .copied()
        .filter(|&i| checked[i].document.is_none())
        .collect();
    latest(clean)
        .or_else(|| latest(workbooks))
        .or_else(|| latest(files.to_vec()))
}
