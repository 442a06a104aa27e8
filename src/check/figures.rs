//! The figures of a submission: recognised indicators, whole numbers, and the checks
//! between them.

use super::Context;
use crate::model::finding::{Code, Diagnostic};
use crate::model::indicators::{Figures, Indicator, Recognised};
use crate::read::submission::{FigureRow, Submission};
use crate::read::values::{is_nil_figure, parse_count};
use crate::text::format_count;
use std::collections::HashMap;

pub(super) fn check_figures(
    sub: &Submission,
    ctx: &Context,
    diags: &mut Vec<Diagnostic>,
) -> (Figures, Figures) {
    let mut figures = Figures::new();
    let mut cells: HashMap<String, (String, String)> = HashMap::new();
    for f in &sub.figures {
        let Some(ind) = recognise(f, ctx, diags) else {
            continue;
        };
        if let Some((sheet, cell)) = cells.get(&ind.code) {
            diags.push(
                Diagnostic::warning(
                    Code::FigureUnknown,
                    format!(
                        "Chỉ tiêu \"{}\" đã có ở ô {cell}: số liệu này bị bỏ qua",
                        ind.name.trim_start_matches("Trong đó: ")
                    ),
                )
                .at(&f.sheet, f.cell.clone())
                .with_hint(format!("Mỗi chỉ tiêu chỉ ghi một lần (trang {sheet})"))
                .for_indicator(&ind.code),
            );
            continue;
        }
        if is_nil_figure(&f.value) {
            diags.push(
                Diagnostic::info(
                    Code::FigureInterpreted,
                    format!(
                        "Số liệu \"{}\" của chỉ tiêu \"{}\" được đọc là 0",
                        f.value_text(),
                        ind.name.trim_start_matches("Trong đó: ")
                    ),
                )
                .at(&f.sheet, f.cell.clone())
                .with_hint("Ghi số 0 khi không có số liệu phát sinh")
                .for_indicator(&ind.code),
            );
            figures.insert(ind.code.clone(), 0);
            cells.insert(ind.code.clone(), (f.sheet.clone(), f.cell.clone()));
            continue;
        }
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
                        "Số liệu \"{bad}\" của chỉ tiêu \"{}\" phải ghi bằng số nguyên từ 0 trở lên",
                        ind.name
                    ),
                )
                .at(&f.sheet, f.cell.clone())
                .for_indicator(&ind.code),
            ),
        }
    }
    let read = figures.clone();
    check_relations(&mut figures, &mut cells, ctx, diags);
    if let (Some(h), Some(agency)) = (ctx.history, sub.agency.as_deref()) {
        super::history::figures(h, agency, &figures, &cells, ctx.indicators, diags);
    }
    (figures, read)
}

/// The checks between figures (`[[check]]` in `chi-tieu.toml`), with a figure left out
/// taken from its `[[derived]]` sum; the figures of a broken check leave the totals.
fn check_relations(
    figures: &mut Figures,
    cells: &mut HashMap<String, (String, String)>,
    ctx: &Context,
    diags: &mut Vec<Diagnostic>,
) {
    // Figures left out but following from others (resolved = on time + late) take
    // part in the checks, at the cell of their first part.
    let (checked_figures, derived) = ctx.indicators.with_derived(&figures);
    for code in &derived {
        let first_part = ctx
            .indicators
            .derived
            .iter()
            .find(|d| &d.code == code)
            .and_then(|d| d.sum.iter().find_map(|k| cells.get(k).cloned()));
        if let Some(at) = first_part {
            cells.insert(code.clone(), at);
        }
    }
    use crate::model::indicators::{Check, CheckOp};
    // A derived figure is a lower bound (resolved ≥ on time + late: the dossiers
    // returned are in neither): it settles a check only where it stands alone on the
    // small side of "≤".
    let bound_only = |c: &Check| {
        let uses = |side: &[String]| side.iter().any(|k| derived.contains(k));
        !uses(&c.left) && !uses(&c.right)
            || (c.op == CheckOp::AtMost && uses(&c.left) && !uses(&c.right))
    };
    let mut broken: Vec<&Check> = ctx
        .indicators
        .broken_checks(&checked_figures)
        .into_iter()
        .filter(|c| bound_only(c))
        .collect();
    // One fault, one finding: "a ≤ b" says nothing more when "a + c = b" is broken too,
    // figures being ≥ 0 (resolved > received, beside resolved + pending ≠ received).
    let set = |v: &[String]| -> std::collections::BTreeSet<String> { v.iter().cloned().collect() };
    let implied_by = |a: &Check, b: &Check| {
        a.op == CheckOp::AtMost
            && b.op == CheckOp::Equal
            && ((set(&a.left).is_subset(&set(&b.left)) && set(&a.right) == set(&b.right))
                || (set(&a.left).is_subset(&set(&b.right)) && set(&a.right) == set(&b.left)))
    };
    let all_broken = broken.clone();
    broken.retain(|a| {
        !all_broken
            .iter()
            .any(|b| !std::ptr::eq(*a, *b) && implied_by(a, b))
    });
    let name_of = |k: &String| {
        ctx.indicators
            .get(k)
            .map(|i| i.name.trim_start_matches("Trong đó: ").to_string())
            .unwrap_or_else(|| k.clone())
    };
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
                    let value = format_count(checked_figures.get(k).copied().unwrap_or(0));
                    let how = match ctx.indicators.derived.iter().find(|d| &d.code == k) {
                        Some(d) if derived.contains(k) => format!(
                            " (không ghi; tính bằng {})",
                            d.sum.iter().map(name_of).collect::<Vec<_>>().join(" + ")
                        ),
                        _ => String::new(),
                    };
                    format!("{}: {value}{how}", name_of(k))
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
            // A derived figure's parts are what the agency wrote: they go too.
            if derived.contains(k)
                && let Some(d) = ctx.indicators.derived.iter().find(|d| &d.code == k)
            {
                for part in &d.sum {
                    figures.remove(part);
                }
            }
        }
    }
}

/// The indicator a figure row designates: by its code, else by its label read for its
/// meaning; a `figure.unknown` warning naming the closest indicators when none fits.
fn recognise<'c>(
    f: &FigureRow,
    ctx: &Context<'c>,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'c Indicator> {
    let mut closest = Vec::new();
    for text in [&f.code, &f.label] {
        if text.trim().is_empty() {
            continue;
        }
        match ctx.indicators.recognise(text) {
            Recognised::Known(i) => return Some(i),
            Recognised::Unknown(c) if closest.is_empty() => closest = c,
            Recognised::Unknown(_) => {}
        }
    }
    let shown = if f.label.trim().is_empty() {
        &f.code
    } else {
        &f.label
    };
    let mut d = Diagnostic::warning(
        Code::FigureUnknown,
        format!("Không nhận ra chỉ tiêu \"{shown}\": số liệu của dòng này không được tổng hợp"),
    )
    .at(&f.sheet, f.cell.clone());
    if !closest.is_empty() {
        let names: Vec<String> = closest
            .iter()
            .map(|i| format!("“{}”", i.name.trim_start_matches("Trong đó: ")))
            .collect();
        d = d.with_hint(format!(
            "Có phải là {}? Ghi đúng tên chỉ tiêu hoặc mã chỉ tiêu",
            names.join(" hay ")
        ));
    }
    diags.push(d);
    None
}
