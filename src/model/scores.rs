//! The Chỉ số CCHC of a year: the council's criteria (tiêu chí, grouped by lĩnh vực,
//! each with its maximum), each agency's checked scores — self-assessed (tự đánh giá),
//! appraised (thẩm định) and surveyed (điều tra xã hội học) —, the settings beside the
//! workbook (maxima, survey weight, bands, the self-gap threshold), and the ranking
//! with index, sub-indices, band and the change since last year.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A criterion (tiêu chí) of the index: its lĩnh vực, its name and maximum, and
/// whether its points come from the social survey instead of the appraisal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    /// The lĩnh vực; a workbook that scores fields directly (one column per lĩnh vực)
    /// gives each criterion its own name here.
    pub field: String,
    pub name: String,
    pub max: f64,
    pub survey: bool,
}

/// An agency's checked scores on one criterion. For a survey criterion `appraised` is
/// 0 and `survey` holds the (weighted) survey points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CriterionScore {
    /// The agency's own score; `None` where it gave none (it counts in no total).
    pub own: Option<f64>,
    pub appraised: f64,
    pub survey: f64,
}

impl CriterionScore {
    /// The points the criterion brings to the index.
    pub fn points(&self) -> f64 {
        self.appraised + self.survey
    }
}

/// One agency's checked scores, one entry per criterion of the table: `None` where the
/// criterion does not apply to it (marked "không áp dụng", or scored for no agency of
/// its kind), so its maximum does not count either.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgencyScores {
    pub code: String,
    pub name: String,
    pub district: bool,
    pub scores: Vec<Option<CriterionScore>>,
}

/// The criteria and every checked agency, in the workbook's order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ScoreTable {
    pub criteria: Vec<Criterion>,
    pub agencies: Vec<AgencyScores>,
}

/// The lĩnh vực of the table in the order their first criterion appears.
pub fn field_names(criteria: &[Criterion]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in criteria {
        if !out.contains(&c.field) {
            out.push(c.field.clone());
        }
    }
    out
}

/// What goes beside a scoring workbook (`<name>.toml`): maxima the workbook does not
/// give, which criteria the survey scores and how its points are weighted, the bands of
/// the ranking, and when a self score is "far above" the appraised one. Nothing here
/// has a built-in default but the survey weight (1) and the self-gap threshold (50 %).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSettings {
    /// Criterion (or field) name → maximum, for those whose header and rows give none.
    #[serde(default)]
    pub max: BTreeMap<String, f64>,
    /// Bands, in any order: an index at or above `min` (per cent) is in the highest
    /// band it reaches.
    #[serde(default, rename = "band")]
    pub bands: Vec<Band>,
    #[serde(default)]
    pub survey: SurveySettings,
    /// A self score more than this share of the criterion's maximum (per cent) above
    /// the appraised one is shown to the council (`score.self_gap`). Default 50.
    pub self_gap: Option<f64>,
}

/// The social survey's part.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveySettings {
    /// Survey values as typed × weight = points (a survey sheet kept on another scale).
    #[serde(default = "one")]
    pub weight: f64,
    /// Or: survey values typed on a scale (100 for per cent, 10 for a ten-point mark),
    /// turned into points of each criterion's maximum (value / scale × maximum).
    pub scale: Option<f64>,
    /// Criteria (or lĩnh vực) scored by the survey, besides those whose name says so
    /// ("Điều tra xã hội học", "Khảo sát …") or whose column is a survey column.
    #[serde(default)]
    pub criteria: Vec<String>,
}

fn one() -> f64 {
    1.0
}

impl Default for SurveySettings {
    fn default() -> Self {
        SurveySettings {
            weight: 1.0,
            scale: None,
            criteria: Vec::new(),
        }
    }
}

/// "Tốt" from 85 %.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub name: String,
    pub min: f64,
}

impl SurveySettings {
    /// Points per survey value typed, on a criterion of maximum `max`.
    pub fn factor(&self, max: f64) -> f64 {
        match self.scale {
            Some(scale) if scale > 0.0 => max / scale,
            _ => self.weight,
        }
    }
}

impl ScoreSettings {
    /// The band of an index: the highest threshold it reaches.
    pub fn band(&self, index: f64) -> Option<&str> {
        self.bands
            .iter()
            .filter(|b| index + 1e-9 >= b.min)
            .max_by(|a, b| a.min.total_cmp(&b.min))
            .map(|b| b.name.as_str())
    }

    /// The self-gap threshold, per cent of a criterion's maximum.
    pub fn self_gap(&self) -> f64 {
        self.self_gap.unwrap_or(50.0)
    }

    /// The bands from the highest threshold down.
    pub fn bands_descending(&self) -> Vec<&Band> {
        let mut b: Vec<&Band> = self.bands.iter().collect();
        b.sort_by(|x, y| y.min.total_cmp(&x.min));
        b
    }

    /// The bands as a sentence for the decision: "Tốt: Chỉ số từ 85% trở lên; Khá: từ
    /// 75% đến dưới 85%; …; Yếu: dưới 60%." (a band of threshold 0 reads "dưới" the
    /// next). `None` without bands.
    pub fn bands_sentence(&self) -> Option<String> {
        let bands = self.bands_descending();
        if bands.is_empty() {
            return None;
        }
        let mut parts = Vec::new();
        for (i, b) in bands.iter().enumerate() {
            let min = percent_text(b.min);
            let part = match (i, b.min <= 0.0) {
                (0, true) => format!("{}: mọi mức Chỉ số", b.name),
                (0, false) => format!("{}: Chỉ số từ {min} trở lên", b.name),
                (_, true) => format!("{}: dưới {}", b.name, percent_text(bands[i - 1].min)),
                (_, false) => format!(
                    "{}: từ {min} đến dưới {}",
                    b.name,
                    percent_text(bands[i - 1].min)
                ),
            };
            parts.push(part);
        }
        Some(format!("{}.", parts.join("; ")))
    }
}

/// Which ranking: the departments or the districts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RankKind {
    Department,
    District,
}

impl RankKind {
    /// "sở, ban, ngành" / "UBND quận, huyện", as in the annex titles.
    pub fn words(self) -> &'static str {
        match self {
            RankKind::Department => "các sở, ban, ngành",
            RankKind::District => "Ủy ban nhân dân các quận, huyện",
        }
    }

    /// The kind an agency is ranked in.
    pub fn of(district: bool) -> RankKind {
        if district {
            RankKind::District
        } else {
            RankKind::Department
        }
    }
}

/// One line of a ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub rank: usize,
    pub agency: String,
    pub name: String,
    /// (appraised + survey) / maximum × 100, two decimals.
    pub index: f64,
    /// Appraised and survey points together.
    pub total: f64,
    /// The maximum of the criteria that apply to the agency.
    pub max: f64,
    /// Self scores over the non-survey criteria (`None`: the agency gave none).
    #[serde(rename = "self")]
    pub own: Option<f64>,
    /// Appraised scores over the non-survey criteria.
    pub appraised: f64,
    /// Survey points.
    pub survey: f64,
    /// Lĩnh vực → sub-index (per cent), in the table's order (a JSON object).
    #[serde(serialize_with = "fields_as_map")]
    pub fields: Vec<(String, f64)>,
    pub band: Option<String>,
    /// Last year's rank − this year's (positive: climbed); `None` without last year.
    pub rank_change: Option<i64>,
    /// This year's index − last year's, in percentage points.
    pub index_change: Option<f64>,
}

fn fields_as_map<S: serde::Serializer>(fields: &[(String, f64)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(fields.len()))?;
    for (k, v) in fields {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

/// A lĩnh vực of a ranking and its maximum for that kind of agency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldMax {
    pub name: String,
    pub max: f64,
}

/// The ranking of one kind of agency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankGroup {
    pub kind: RankKind,
    /// The lĩnh vực scored for this kind, in order.
    pub fields: Vec<FieldMax>,
    /// The mean index of the group, two decimals.
    pub average: f64,
    pub ranking: Vec<Ranked>,
}

/// Last year's result of an agency, matched by its registry code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PreviousResult {
    pub rank: usize,
    pub index: f64,
}

/// Last year's results, per kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Previous {
    pub by_code: BTreeMap<String, PreviousResult>,
}

/// Two decimals, as published (and compared for ties).
pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// "86,52": two decimals, the Vietnamese decimal comma.
pub fn score_text(v: f64) -> String {
    format!("{v:.2}").replace('.', ",")
}

/// "85%", "82,5%": a threshold as written in a rule.
pub fn percent_text(v: f64) -> String {
    let s = score_text(v);
    let s = s.trim_end_matches('0').trim_end_matches(',');
    format!("{s}%")
}

/// "+2", "-1", "0": a change as a signed number (ASCII sign, as typed and searched).
pub fn signed_text(v: i64) -> String {
    if v > 0 {
        format!("+{v}")
    } else {
        v.to_string()
    }
}

/// "+1,25", "-0,80", "0,00": a change of index in percentage points.
pub fn signed_score_text(v: f64) -> String {
    let v = round2(v);
    if v > 0.0 {
        format!("+{}", score_text(v))
    } else if v < 0.0 {
        format!("-{}", score_text(-v))
    } else {
        score_text(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_read_as_a_rule() {
        let s = ScoreSettings {
            bands: vec![
                Band {
                    name: "Khá".into(),
                    min: 75.0,
                },
                Band {
                    name: "Tốt".into(),
                    min: 85.0,
                },
                Band {
                    name: "Trung bình".into(),
                    min: 60.0,
                },
                Band {
                    name: "Yếu".into(),
                    min: 0.0,
                },
            ],
            ..Default::default()
        };
        assert_eq!(
            s.bands_sentence().unwrap(),
            "Tốt: Chỉ số từ 85% trở lên; Khá: từ 75% đến dưới 85%; Trung bình: từ 60% đến dưới 75%; Yếu: dưới 60%."
        );
        assert_eq!(s.band(84.999), Some("Khá"));
        assert_eq!(s.band(12.0), Some("Yếu"));
        assert_eq!(percent_text(82.5), "82,5%");
        assert_eq!(signed_score_text(-0.8), "-0,80");
        assert_eq!(signed_text(2), "+2");
    }
}
