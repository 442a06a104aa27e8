//! What a report must not contradict in the same year's earlier reports: a cumulative
//! figure (counted from 15/12 of the year before in the 6-month and yearly reports) may
//! not fall, and a task reported completed keeps its completion date and its document.
//! Each contradiction is a `period.inconsistent` warning at the cell of this report.

use super::{Checked, FileStatus, TaskReport};
use crate::model::finding::{Code, Diagnostic};
use crate::model::indicators::{Figures, Indicators};
use crate::model::period::Period;
use crate::model::status::Status;
use crate::text::{fold, format_count};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The same year's earlier periods whose submissions are at hand, oldest first.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub periods: Vec<PriorPeriod>,
}

/// One earlier period: each agency's report as it was used.
#[derive(Debug, Clone)]
pub struct PriorPeriod {
    pub period: Period,
    /// Its figures run from the same day as this period's: cumulative figures compare.
    pub same_start: bool,
    pub agencies: HashMap<String, Prior>,
}

/// An agency's earlier report: its figures and the tasks it reported completed.
#[derive(Debug, Clone, Default)]
pub struct Prior {
    pub figures: Figures,
    /// Task code → completion date and document named.
    pub done: HashMap<String, (Option<NaiveDate>, String)>,
}

impl PriorPeriod {
    /// The agencies' usable reports of a period (readable, of that period; rows and
    /// figures without errors); for an agency that sent several, the latest report.
    pub fn from_checked(period: Period, same_start: bool, checked: &[Checked]) -> PriorPeriod {
        let mut latest: HashMap<String, &Checked> = HashMap::new();
        for c in checked {
            let usable = c.status != FileStatus::Unreadable
                && c.period.as_deref() == Some(period.id().as_str());
            let Some(agency) = c.agency.clone().filter(|_| usable) else {
                continue;
            };
            let date = |c: &Checked| c.received.as_ref().map(|r| r.date).or(c.report_date);
            match latest.get(&agency) {
                Some(old) if date(old) > date(c) => {}
                _ => {
                    latest.insert(agency, c);
                }
            }
        }
        let agencies = latest
            .into_iter()
            .map(|(agency, c)| {
                let done = c
                    .tasks
                    .iter()
                    .filter(|r| !r.has_error && r.status == Some(Status::Done))
                    .map(|r| (r.code.clone(), (r.completed, r.evidence.clone())))
                    .collect();
                (
                    agency,
                    Prior {
                        figures: c.figures.clone(),
                        done,
                    },
                )
            })
            .collect();
        PriorPeriod {
            period,
            same_start,
            agencies,
        }
    }
}

/// Cumulative figures below the latest comparable earlier report's.
pub(super) fn figures(
    h: &History,
    agency: &str,
    figures: &Figures,
    cells: &HashMap<String, (String, String)>,
    indicators: &Indicators,
    diags: &mut Vec<Diagnostic>,
) {
    let Some((p, prior)) = h
        .periods
        .iter()
        .rev()
        .filter(|p| p.same_start)
        .find_map(|p| Some((p.period, p.agencies.get(agency)?)))
    else {
        return;
    };
    for ind in indicators.indicators.iter().filter(|i| i.cumulative) {
        let (Some(now), Some(then)) = (figures.get(&ind.code), prior.figures.get(&ind.code)) else {
            continue;
        };
        if let Some((sheet, cell)) = cells.get(&ind.code).filter(|_| now < then) {
            diags.push(
                Diagnostic::warning(
                    Code::PeriodInconsistent,
                    format!(
                        "Số liệu lũy kế “{}” ({}) thấp hơn báo cáo {} ({})",
                        ind.name.trim_start_matches("Trong đó: "),
                        format_count(*now),
                        p.label(),
                        format_count(*then)
                    ),
                )
                .at(sheet, cell)
                .with_hint("Số liệu 6 tháng, năm tính lũy kế từ ngày 15/12 năm trước: không thể giảm so với kỳ trước")
                .for_indicator(&ind.code),
            );
        }
    }
}

/// Tasks completed in an earlier report whose state, date or document changed.
pub(super) fn tasks(h: &History, agency: &str, rows: &[TaskReport], diags: &mut Vec<Diagnostic>) {
    for r in rows.iter().filter(|r| !r.has_error) {
        let Some((p, (date, evidence))) = h
            .periods
            .iter()
            .rev()
            .find_map(|p| Some((p.period, p.agencies.get(agency)?.done.get(&r.code)?)))
        else {
            continue;
        };
        let warn = |cell: &str, msg: String| {
            Diagnostic::warning(Code::PeriodInconsistent, msg)
                .at(&r.sheet, cell)
                .for_task(&r.code)
                .with_hint(format!(
                    "Nhiệm vụ đã báo cáo hoàn thành trong báo cáo {}: giữ ngày và văn bản đã báo cáo, hoặc nêu lý do thay đổi",
                    p.label()
                ))
        };
        let then = date
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        if r.status != Some(Status::Done) {
            diags.push(warn(
                &r.status_cell,
                format!(
                    "Nhiệm vụ {} đã báo cáo hoàn thành ngày {then} trong báo cáo {}, nay ghi “{}”",
                    r.code,
                    p.label(),
                    r.status_text
                ),
            ));
            continue;
        }
        if let (Some(now), Some(old)) = (r.completed, *date)
            && now != old
        {
            diags.push(warn(
                &r.date_cell,
                format!(
                    "Ngày hoàn thành nhiệm vụ {} ({}) khác ngày đã báo cáo trong báo cáo {} ({then})",
                    r.code,
                    now.format("%d/%m/%Y"),
                    p.label()
                ),
            ));
        }
        let same = |a: &str, b: &str| fold(a).split_whitespace().eq(fold(b).split_whitespace());
        if !evidence.trim().is_empty()
            && !r.evidence.trim().is_empty()
            && !same(evidence, &r.evidence)
        {
            diags.push(warn(
                &r.evidence_cell,
                format!(
                    "Văn bản của nhiệm vụ {} (“{}”) khác văn bản đã báo cáo trong báo cáo {} (“{}”)",
                    r.code,
                    r.evidence.trim(),
                    p.label(),
                    evidence.trim()
                ),
            ));
        }
    }
}
