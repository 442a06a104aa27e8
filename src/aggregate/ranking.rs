//! The Chỉ số CCHC ranking: by total, descending; equal totals share a rank and the next
//! rank skips (1, 2, 2, 4); within a tie, agencies in Vietnamese collation.

use crate::model::scores::{RankGroup, RankKind, Ranked, ScoreSettings, ScoreTable};

/// Totals are compared at the precision they are printed with (two decimals), so two
/// agencies shown with the same total always share a rank.
fn key(total: f64) -> i64 {
    (total * 100.0).round() as i64
}

/// The departments' and the districts' rankings (a kind with no agency is left out).
pub fn rank(table: &ScoreTable, settings: &ScoreSettings) -> Vec<RankGroup> {
    let collator = icu_collator::Collator::try_new(
        icu_locale_core::locale!("vi").into(),
        icu_collator::options::CollatorOptions::default(),
    )
    .ok();
    let mut groups = Vec::new();
    for kind in [RankKind::Department, RankKind::District] {
        let mut rows: Vec<_> = table
            .agencies
            .iter()
            .filter(|a| a.district == (kind == RankKind::District))
            .collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| {
            key(b.total)
                .cmp(&key(a.total))
                .then_with(|| match &collator {
                    Some(c) => c.compare(&a.name, &b.name),
                    None => a.name.cmp(&b.name),
                })
        });
        let mut ranking: Vec<Ranked> = Vec::with_capacity(rows.len());
        for (i, a) in rows.iter().enumerate() {
            let rank = match ranking.last() {
                Some(prev) if key(prev.total) == key(a.total) => prev.rank,
                _ => i + 1,
            };
            ranking.push(Ranked {
                rank,
                agency: a.code.clone(),
                name: a.name.clone(),
                total: a.total,
                fields: table
                    .fields
                    .iter()
                    .zip(&a.scores)
                    .map(|(f, s)| (f.name.clone(), *s))
                    .collect(),
                band: settings.band(a.total).map(str::to_string),
            });
        }
        groups.push(RankGroup { kind, ranking });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scores::{AgencyScores, Band};

    fn a(name: &str, total: f64) -> AgencyScores {
        AgencyScores {
            code: name.into(),
            name: name.into(),
            district: false,
            scores: vec![total],
            total,
        }
    }

    #[test]
    fn ties_share_a_rank_and_the_next_skips() {
        let table = ScoreTable {
            fields: vec![crate::model::scores::ScoreField {
                name: "F".into(),
                max: 100.0,
            }],
            agencies: vec![
                a("Sở Y tế", 80.0),
                a("Sở Công Thương", 86.5),
                a("Sở Tư pháp", 80.004),
                a("Sở Du lịch", 70.0),
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
                    min: 70.0,
                },
            ],
            ..Default::default()
        };
        let g = &rank(&table, &settings)[0];
        let got: Vec<(usize, &str, Option<&str>)> = g
            .ranking
            .iter()
            .map(|r| (r.rank, r.name.as_str(), r.band.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (1, "Sở Công Thương", Some("Tốt")),
                (2, "Sở Tư pháp", Some("Tốt")),
                (2, "Sở Y tế", Some("Tốt")),
                (4, "Sở Du lịch", Some("Khá")),
            ]
        );
    }
}
