//! The Chỉ số CCHC: per agency the index — (appraised + survey points) / the maximum of
//! the criteria that apply to it × 100 —, a sub-index per lĩnh vực, the band, and the
//! change since last year; agencies ranked within their kind by index, descending;
//! equal indexes (at the two decimals they are published with) share a rank and the
//! next rank skips (1, 2, 2, 4); within a tie, agencies in Vietnamese collation.

use crate::model::scores::{
    FieldMax, Previous, PreviousResult, RankGroup, RankKind, Ranked, ScoreSettings, ScoreTable,
    field_names, round2,
};

/// Indexes are compared at the precision they are printed with (two decimals), so two
/// agencies shown with the same index always share a rank.
fn key(index: f64) -> i64 {
    (index * 100.0).round() as i64
}

/// The departments' and the districts' rankings (a kind with no agency is left out),
/// with the change since `previous` when given.
pub fn rank(
    table: &ScoreTable,
    settings: &ScoreSettings,
    previous: Option<&Previous>,
) -> Vec<RankGroup> {
    let collator = icu_collator::Collator::try_new(
        icu_locale_core::locale!("vi").into(),
        icu_collator::options::CollatorOptions::default(),
    )
    .ok();
    let names = field_names(&table.criteria);
    let mut groups = Vec::new();
    for kind in [RankKind::Department, RankKind::District] {
        let agencies: Vec<_> = table
            .agencies
            .iter()
            .filter(|a| RankKind::of(a.district) == kind)
            .collect();
        if agencies.is_empty() {
            continue;
        }
        // The lĩnh vực of this kind: those with a criterion scored for one of them.
        let fields: Vec<FieldMax> = names
            .iter()
            .filter_map(|f| {
                let max: f64 = table
                    .criteria
                    .iter()
                    .enumerate()
                    .filter(|(i, c)| {
                        c.field == *f && agencies.iter().any(|a| a.scores[*i].is_some())
                    })
                    .map(|(_, c)| c.max)
                    .sum();
                (max > 0.0).then(|| FieldMax {
                    name: f.clone(),
                    max,
                })
            })
            .collect();
        let mut rows: Vec<Ranked> = agencies
            .iter()
            .map(|a| {
                let scored = || {
                    table
                        .criteria
                        .iter()
                        .zip(&a.scores)
                        .filter_map(|(c, s)| s.as_ref().map(|s| (c, s)))
                };
                let max: f64 = scored().map(|(c, _)| c.max).sum();
                let total: f64 = scored().map(|(_, s)| s.points()).sum();
                let own: Vec<f64> = scored().filter_map(|(_, s)| s.own).collect();
                let index = if max > 0.0 {
                    round2(total / max * 100.0)
                } else {
                    0.0
                };
                let field_index = |f: &FieldMax| {
                    let (p, m) = scored()
                        .filter(|(c, _)| c.field == f.name)
                        .fold((0.0, 0.0), |(p, m), (c, s)| (p + s.points(), m + c.max));
                    if m > 0.0 { round2(p / m * 100.0) } else { 0.0 }
                };
                let last = previous.and_then(|p| p.by_code.get(&a.code));
                Ranked {
                    rank: 0,
                    agency: a.code.clone(),
                    name: a.name.clone(),
                    index,
                    total: round2(total),
                    max: round2(max),
                    own: (!own.is_empty()).then(|| round2(own.iter().sum())),
                    appraised: round2(scored().map(|(_, s)| s.appraised).sum()),
                    survey: round2(scored().map(|(_, s)| s.survey).sum()),
                    fields: fields
                        .iter()
                        .map(|f| (f.name.clone(), field_index(f)))
                        .collect(),
                    band: settings.band(index).map(str::to_string),
                    rank_change: None,
                    index_change: last.map(|l| round2(index - l.index)),
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            key(b.index)
                .cmp(&key(a.index))
                .then_with(|| match &collator {
                    Some(c) => c.compare(&a.name, &b.name),
                    None => a.name.cmp(&b.name),
                })
        });
        for i in 0..rows.len() {
            rows[i].rank = match i.checked_sub(1).map(|p| &rows[p]) {
                Some(prev) if key(prev.index) == key(rows[i].index) => prev.rank,
                _ => i + 1,
            };
            if let Some(l) = previous.and_then(|p| p.by_code.get(&rows[i].agency)) {
                rows[i].rank_change = Some(l.rank as i64 - rows[i].rank as i64);
            }
        }
        let average = round2(rows.iter().map(|r| r.index).sum::<f64>() / rows.len() as f64);
        groups.push(RankGroup {
            kind,
            fields,
            average,
            ranking: rows,
        });
    }
    groups
}

/// Last year's results from last year's rankings.
pub fn previous_of(groups: &[RankGroup]) -> Previous {
    Previous {
        by_code: groups
            .iter()
            .flat_map(|g| &g.ranking)
            .map(|r| {
                (
                    r.agency.clone(),
                    PreviousResult {
                        rank: r.rank,
                        index: r.index,
                    },
                )
            })
            .collect(),
    }
}

/// Why last year's results could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    #[error("không đọc được kết quả năm trước {file}: {message}")]
    Unreadable { file: String, message: String },
    #[error("kết quả năm trước {file} có {count} lỗi, chưa so sánh được: {first}")]
    Errors {
        file: String,
        count: usize,
        first: String,
    },
}

/// Last year's results from `--previous`: the JSON of `vanban chi-so --format json`, a
/// ranking workbook (rank and index per agency, as `vanban chi-so -o` writes it), or
/// last year's scoring workbook (checked and ranked like this year's).
pub fn load_previous(
    path: &std::path::Path,
    registry: &crate::model::registry::Registry,
) -> Result<Previous, PreviousError> {
    let file = path.display().to_string();
    let unreadable = |message: String| PreviousError::Unreadable {
        file: file.clone(),
        message,
    };
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let text = std::fs::read_to_string(path).map_err(|e| unreadable(e.to_string()))?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| unreadable(e.to_string()))?;
        let mut by_code = std::collections::BTreeMap::new();
        for r in v["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|g| g["ranking"].as_array().into_iter().flatten())
        {
            let (Some(agency), Some(rank), Some(index)) = (
                r["agency"].as_str().and_then(|a| registry.lookup(a)),
                r["rank"].as_u64(),
                r["index"].as_f64().or(r["total"].as_f64()),
            ) else {
                return Err(unreadable(format!("dòng xếp hạng không đọc được: {r}")));
            };
            by_code.insert(
                agency.code.clone(),
                PreviousResult {
                    rank: rank as usize,
                    index,
                },
            );
        }
        if by_code.is_empty() {
            return Err(unreadable("không có dòng xếp hạng nào".into()));
        }
        return Ok(Previous { by_code });
    }
    let book = crate::read::sheet::Workbook::open(path).map_err(|e| unreadable(e.to_string()))?;
    let rankings: Vec<_> = book
        .sheets
        .iter()
        .filter_map(crate::read::scores::read_ranking)
        .collect();
    if !rankings.is_empty() {
        let mut by_code = std::collections::BTreeMap::new();
        let mut errors = Vec::new();
        for row in rankings.iter().flatten() {
            let parse = |c: &crate::read::scores::ScoreCell| {
                crate::check::scores::parse_score(&c.value).ok()
            };
            match (
                registry.lookup(&row.agency),
                parse(&row.rank),
                parse(&row.index),
            ) {
                (Some(a), Some(rank), Some(index)) if rank >= 1.0 => {
                    by_code.insert(
                        a.code.clone(),
                        PreviousResult {
                            rank: rank as usize,
                            index,
                        },
                    );
                }
                _ => errors.push(format!("{} (ô {})", row.agency, row.agency_cell)),
            }
        }
        if !errors.is_empty() {
            return Err(PreviousError::Errors {
                file,
                count: errors.len(),
                first: errors.into_iter().take(5).collect::<Vec<_>>().join("; "),
            });
        }
        return Ok(Previous { by_code });
    }
    let settings =
        crate::check::scores::load_settings(path).map_err(|e| unreadable(e.to_string()))?;
    let sheets = crate::read::scores::read_scores(&book);
    let (table, diags) = crate::check::scores::check_scores(&sheets, registry, &settings);
    // An agency new this year was not scored last year: no change to show, no error.
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error() && d.code != crate::model::finding::Code::ScoreAgencyMissing)
        .map(|d| d.to_string())
        .collect();
    if !errors.is_empty() {
        return Err(PreviousError::Errors {
            file,
            count: errors.len(),
            first: errors.into_iter().take(5).collect::<Vec<_>>().join("; "),
        });
    }
    Ok(previous_of(&rank(&table, &settings, None)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scores::{AgencyScores, Band, Criterion, CriterionScore};

    fn a(name: &str, points: [f64; 2]) -> AgencyScores {
        AgencyScores {
            code: name.into(),
            name: name.into(),
            district: false,
            scores: points
                .iter()
                .map(|&p| {
                    Some(CriterionScore {
                        own: Some(p + 1.0),
                        appraised: p,
                        survey: 0.0,
                    })
                })
                .collect(),
        }
    }

    #[test]
    fn ties_share_a_rank_and_the_next_skips() {
        let c = |f: &str, max| Criterion {
            field: f.into(),
            name: f.into(),
            max,
            survey: false,
        };
        let mut dl = a("Sở Du lịch", [30.0, 0.0]);
        // Scored on the first criterion only: its index is on that maximum (80).
        dl.scores[1] = None;
        let table = ScoreTable {
            criteria: vec![c("A", 80.0), c("B", 20.0)],
            agencies: vec![
                a("Sở Y tế", [60.0, 20.0]),
                a("Sở Công Thương", [70.0, 16.5]),
                a("Sở Tư pháp", [60.0, 20.004]),
                dl,
            ],
        };
        let settings = ScoreSettings {
            bands: vec![
                Band {
                    name: "Tốt".into(),
                    min: 80.0,
                },
                Band {
                    name: "Khá".into(),
                    min: 30.0,
                },
            ],
            ..Default::default()
        };
        let previous = Previous {
            by_code: [(
                "Sở Y tế".to_string(),
                PreviousResult {
                    rank: 1,
                    index: 90.0,
                },
            )]
            .into(),
        };
        let g = &rank(&table, &settings, Some(&previous))[0];
        let got: Vec<(usize, &str, f64, Option<&str>, Option<i64>)> = g
            .ranking
            .iter()
            .map(|r| {
                (
                    r.rank,
                    r.name.as_str(),
                    r.index,
                    r.band.as_deref(),
                    r.rank_change,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (1, "Sở Công Thương", 86.5, Some("Tốt"), None),
                (2, "Sở Tư pháp", 80.0, Some("Tốt"), None),
                (2, "Sở Y tế", 80.0, Some("Tốt"), Some(-1)),
                (4, "Sở Du lịch", 37.5, Some("Khá"), None),
            ]
        );
        assert_eq!(g.ranking[2].index_change, Some(-10.0));
        assert_eq!(g.ranking[0].own, Some(88.5));
        assert_eq!(
            g.ranking[0].fields,
            [("A".into(), 87.5), ("B".into(), 82.5)]
        );
        assert_eq!(g.average, 71.0);
    }
}
