//! Figures per agency and their totals, and the plan's targets measured on them.
//!
//! An agency's figures are used whole or not at all: a row with one broken figure is
//! left out of every column, so each total is the sum of the same rows and the
//! identities between columns (received = resolved + pending) hold in the totals too.

use super::{AgencyState, TargetResult, TaskState, TaskSummary, period_ok};
use crate::check::{Checked, FileStatus};
use crate::model::finding::Code;
use crate::model::indicators::{Figures, Indicators, Target, TargetKind};
use crate::model::period::Period;
use std::collections::BTreeMap;

/// Agencies whose figures were left out, each with the messages of its broken figures.
type Excluded = Vec<(String, Vec<String>)>;

/// Each agency's usable figures (readable file of the period, every figure passed its
/// checks), their totals, and the agencies whose figures were left out with why.
pub(super) fn figures(
    agencies: &[AgencyState],
    checked: &[Checked],
    period: Period,
) -> (BTreeMap<String, Figures>, Figures, Excluded) {
    let mut figures = BTreeMap::new();
    let mut totals = Figures::new();
    let mut excluded = Vec::new();
    for st in agencies {
        let Some(i) = st.checked else { continue };
        let c = &checked[i];
        if c.status == FileStatus::Unreadable || !period_ok(c, period) {
            continue;
        }
        let broken: Vec<String> = c
            .diagnostics
            .iter()
            .filter(|d| {
                d.is_error()
                    && (d.indicator.is_some()
                        || matches!(d.code, Code::FigureInvalid | Code::FigureInconsistent))
            })
            .map(|d| d.message.trim_end_matches('.').to_string())
            .collect();
        if !broken.is_empty() {
            let mut reasons = broken;
            reasons.dedup();
            excluded.push((st.code.clone(), reasons));
            continue;
        }
        if c.figures.is_empty() {
            continue;
        }
        for (k, v) in &c.figures {
            let e = totals.entry(k.clone()).or_insert(0);
            *e = e.saturating_add(*v);
        }
        figures.insert(st.code.clone(), c.figures.clone());
    }
    (figures, totals, excluded)
}

/// Every target of the indicator list, measured.
pub(super) fn targets(
    indicators: &Indicators,
    figures: &BTreeMap<String, Figures>,
    tasks: &[TaskSummary],
    period: Period,
    as_of: chrono::NaiveDate,
) -> Vec<TargetResult> {
    indicators
        .targets
        .iter()
        .map(|t| {
            let (num, den, agencies) = match t.kind {
                TargetKind::Rate => rate(t, figures),
                TargetKind::Tasks => {
                    // Tasks of the period already due (or already done ahead of a
                    // deadline still to come in the period), and how many of them are
                    // done — by their deadline, when the plan says "đảm bảo tiến độ". A
                    // task due later in the period and not yet done is not yet a failure.
                    let due: Vec<&TaskSummary> = tasks
                        .iter()
                        .filter(|t| {
                            t.due.is_some_and(|d| {
                                d <= period.end() && (d < as_of || t.is_completed())
                            })
                        })
                        .collect();
                    let done = due
                        .iter()
                        .filter(|s| match s.state {
                            TaskState::Completed { on_time } => on_time || !t.on_schedule,
                            _ => false,
                        })
                        .count();
                    (done as u64, due.len() as u64, 0)
                }
            };
            let value = (den > 0).then(|| num as f64 / den as f64);
            TargetResult {
                code: t.code.clone(),
                name: t.name.clone(),
                kind: t.kind,
                min: t.min,
                on_schedule: t.on_schedule,
                agencies,
                value,
                numerator: num,
                denominator: den,
                achieved: value.map(|v| v + 1e-12 >= t.min),
            }
        })
        .collect()
}

/// Numerator, denominator and agencies counted of a rate, over the agencies that gave
/// every figure of it: a numerator without its denominator would distort it.
fn rate(t: &Target, figures: &BTreeMap<String, Figures>) -> (u64, u64, usize) {
    let mut num = 0u64;
    let mut den = 0u64;
    let mut agencies = 0;
    for f in figures.values() {
        let all = t
            .numerator
            .iter()
            .chain(&t.denominator)
            .all(|k| f.contains_key(k));
        if all {
            num = num.saturating_add(t.numerator.iter().map(|k| f[k]).sum::<u64>());
            den = den.saturating_add(t.denominator.iter().map(|k| f[k]).sum::<u64>());
            agencies += 1;
        }
    }
    (num, den, agencies)
}
