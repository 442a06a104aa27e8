//! `vanban chi-so SCORES.xlsx`: the scoring workbook checked and ranked, printed as text
//! or JSON, and with `-o` written as a ranking workbook with its chart.

use super::super::args::{Command, Format};
use super::super::{AppError, Outcome, emit, emit_json, write_file};
use super::settings_with_data;
use crate::model::registry::Registry;
use crate::model::scores::{RankGroup, score_text, signed_score_text, signed_text};
use crate::workspace::LoadError;
use std::fmt::Write as _;

pub(super) fn run(
    command: &Command,
    config: Option<&std::path::Path>,
) -> Result<Outcome, AppError> {
    let Command::ChiSo {
        scores,
        registry,
        previous,
        format,
        output,
    } = command
    else {
        unreachable!("dispatched by command")
    };
    let data = super::super::args::DataArgs {
        registry: registry.clone(),
        ..Default::default()
    };
    let s = settings_with_data(config, &data)?;
    let registry = Registry::load(&s.paths.registry).map_err(LoadError::from)?;
    let (table, settings, diags) = crate::check::scores::load(scores, &registry)
        .map_err(|e| AppError::Input(e.to_string()))?;
    let last_year = previous
        .as_deref()
        .map(|p| crate::aggregate::ranking::load_previous(p, &registry))
        .transpose()
        .map_err(|e| AppError::Input(e.to_string()))?;
    let errors = diags.iter().filter(|d| d.is_error()).count();
    // A ranking is published only from a table without errors.
    let groups = if errors == 0 {
        crate::aggregate::ranking::rank(&table, &settings, last_year.as_ref())
    } else {
        Vec::new()
    };
    match format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct Out<'a> {
                file: String,
                groups: &'a [RankGroup],
                diagnostics: &'a [crate::Diagnostic],
            }
            emit_json(
                &Out {
                    file: scores.display().to_string(),
                    groups: &groups,
                    diagnostics: &diags,
                },
                None,
            )?;
        }
        Format::Text => emit(&text(&groups, &diags, scores), None)?,
    }
    if let Some(path) = output
        && errors == 0
    {
        let bytes = crate::xlsx::ranking::ranking_workbook(&groups).map_err(|source| {
            AppError::Workbook {
                what: "bảng xếp hạng".into(),
                source,
            }
        })?;
        write_file(path, &bytes)?;
        eprintln!("đã ghi {}", path.display());
    }
    Ok(if errors > 0 {
        Outcome::InputErrors
    } else {
        Outcome::Clean
    })
}

fn text(groups: &[RankGroup], diags: &[crate::Diagnostic], file: &std::path::Path) -> String {
    let mut s = String::new();
    for g in groups {
        let _ = writeln!(
            s,
            "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH — {} ({} cơ quan)",
            g.kind.words(),
            g.ranking.len()
        );
        let _ = writeln!(
            s,
            "  Hạng  Chỉ số  Tự đánh giá  Thẩm định  Điều tra  Thay đổi     Cơ quan"
        );
        for r in &g.ranking {
            let band = r
                .band
                .as_deref()
                .map(|b| format!("  ({b})"))
                .unwrap_or_default();
            let change = match (r.rank_change, r.index_change) {
                (Some(k), Some(i)) => format!("{:>3} {:>6}", signed_text(k), signed_score_text(i)),
                _ => String::new(),
            };
            let _ = writeln!(
                s,
                "  {:>4}  {:>6}  {:>11}  {:>9}  {:>8}  {:<11}  {}{band}",
                r.rank,
                score_text(r.index),
                r.own.map(score_text).unwrap_or_default(),
                score_text(r.appraised),
                score_text(r.survey),
                change,
                r.name
            );
        }
        let _ = writeln!(s, "  Chỉ số bình quân: {}", score_text(g.average));
        let _ = writeln!(s);
    }
    for d in diags {
        let _ = writeln!(s, "  {d}");
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let _ = writeln!(
        s,
        "{}: {}",
        file.display(),
        if errors == 0 {
            "bảng điểm hợp lệ".to_string()
        } else {
            format!("{errors} lỗi — chưa xếp hạng")
        }
    );
    s
}
