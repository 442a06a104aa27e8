//! The figures of a submission: recognised indicators, whole numbers, and the checks
//! between them.

use super::Context;
use crate::model::finding::{Code, Diagnostic};
use crate::model::indicators::Figures;
use crate::read::submission::Submission;
use crate::read::values::parse_count;
use crate::text::format_count;
use std::collections::HashMap;

pub(super) fn check_figures(
    sub: &Submission,
    ctx: &Context,
    diags: &mut Vec<Diagnostic>,
) -> Figures {
    let mut figures = Figures::new();
    let mut cells: HashMap<String, (String, String)> = HashMap::new();
    for f in &sub.figures {
        let Some(ind) = ctx.indicators.find(&f.code) else {
            diags.push(
                Diagnostic::warning(
                    Code::FigureInvalid,
                    format!(
                        "Chỉ tiêu \"{}\" không có trong danh sách chỉ tiêu: bỏ qua",
                        f.code
                    ),
                )
                .at(&f.sheet, f.cell.clone()),
            );
            continue;
        };
        match parse_count(&f.value) {
            Ok(Some(v)) => {
                figures.insert(ind.code.clone(), v);
                cells.insert(ind.code.clone(), (f.sheet.clone(), f.cell.clone()));
            }
            Ok(None) => {}
            Err(bad) => diags.push(
                Diagnostic::error(
                    Code::FigureInvalid,
                    format!(
                        "Số liệu \"{bad}\" của chỉ tiêu \"{}\" không phải là số nguyên không âm",
                        ind.name
                    ),
                )
                .at(&f.sheet, f.cell.clone())
                .for_indicator(&ind.code),
            ),
        }
    }
    let broken = ctx.indicators.broken_checks(&figures);
    for c in &broken {
        // Every check has a left side (checked when the indicator list is loaded).
        let first = c.left.first().or(c.right.first());
        let (sheet, cell) = first
            .and_then(|k| cells.get(k))
            .cloned()
            .unwrap_or_else(|| ("Số liệu".into(), "A1".into()));
        let show = |codes: &[String]| {
            codes
                .iter()
                .map(|k| {
                    let name = ctx
                        .indicators
                        .get(k)
                        .map(|i| i.name.trim_start_matches("Trong đó: ").to_string())
                        .unwrap_or_else(|| k.clone());
                    format!(
                        "{name}: {}",
                        format_count(figures.get(k).copied().unwrap_or(0))
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        diags.push(
            Diagnostic::error(Code::FigureInconsistent, c.message.clone())
                .at(&sheet, cell)
                .with_hint(format!("{}; {}", show(&c.left), show(&c.right)))
                .for_indicator(first.cloned().unwrap_or_default()),
        );
    }
    // Figures in a broken relation are not used in totals.
    for c in broken {
        for k in c.left.iter().chain(&c.right) {
            figures.remove(k);
        }
    }
    figures
}
