//! Figures per agency and their totals, and the plan's targets measured on them.

use super::{AgencyState, TargetResult, TaskSummary, period_ok};
use crate::check::{Checked, FileStatus};
use crate::model::indicators::{Figures, Indicators, Target, TargetKind};
use crate::model::period::Period;
use std::collections::BTreeMap;

/// Each agency's usable figures (readable file of the period, figures that passed their
/// checks), and the totals.
pub(super) fn figures(
    agencies: &[AgencyState],
    checked: &[Checked],
    period: Period,
) -> (BTreeMap<String, Figures>, Figures) {
    let mut figures = BTreeMap::new();
    let mut totals = Figures::new();
    for st in agencies {
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
    (figures, totals)
}

/// Every target of the indicator list, measured.
pub(super) fn targets(
    indicators: &Indicators,
    figures: &BTreeMap<String, Figures>,
    tasks: &[TaskSummary],
    period: Period,
) -> Vec<TargetResult> {
    indicators
        .targets
        .iter()
        .map(|t| {
            let (num, den) = match t.kind {
                TargetKind::Rate => rate(t, figures),
                TargetKind::Tasks => {
                    // Tasks due by the end of the period, and how many of them are done.
                    let due: Vec<&TaskSummary> = tasks
                        .iter()
                        .filter(|t| t.due.is_some_and(|d| d <= period.end()))
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
        .collect()
}

/// Numerator and denominator of a rate, over the agencies that gave every figure of it:
/// a numerator without its denominator would distort it.
fn rate(t: &Target, figures: &BTreeMap<String, Figures>) -> (u64, u64) {
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
            den = den.saturating_add(t.denominator.iter().map(|k| f[k]).sum::<u64>());
        }
    }
    (num, den)
}
