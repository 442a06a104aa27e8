//! The Chỉ số CCHC scores: the council's scoring fields with their maxima, each
//! agency's checked scores, the bands of the ranking, and the ranking itself.

use serde::{Deserialize, Serialize};

/// A scoring field (lĩnh vực) and its maximum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreField {
    pub name: String,
    pub max: f64,
}

/// One agency's checked scores, one per field, and their total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgencyScores {
    pub code: String,
    pub name: String,
    pub district: bool,
    pub scores: Vec<f64>,
    pub total: f64,
}

/// The scores of every agency, in the workbook's order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ScoreTable {
    pub fields: Vec<ScoreField>,
    pub agencies: Vec<AgencyScores>,
}

/// What goes beside a scoring workbook (`<name>.toml`): maxima the workbook does not
/// give, and the bands of the ranking. Nothing here has a built-in default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSettings {
    /// Field name → maximum, for fields whose header and rows do not give one.
    #[serde(default)]
    pub max: std::collections::BTreeMap<String, f64>,
    /// Bands, from the highest threshold down: a total at or above `min` is in it.
    #[serde(default, rename = "band")]
    pub bands: Vec<Band>,
}

/// "Tốt" from 80 points.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub name: String,
    pub min: f64,
}

impl ScoreSettings {
    /// The band of a total: the highest threshold it reaches.
    pub fn band(&self, total: f64) -> Option<&str> {
        self.bands
            .iter()
            .filter(|b| total + 1e-9 >= b.min)
            .max_by(|a, b| a.min.total_cmp(&b.min))
            .map(|b| b.name.as_str())
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
}

/// One line of a ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub rank: usize,
    pub agency: String,
    pub name: String,
    pub total: f64,
    /// Field name → score, in field order (a JSON object).
    #[serde(serialize_with = "fields_as_map")]
    pub fields: Vec<(String, f64)>,
    pub band: Option<String>,
}

fn fields_as_map<S: serde::Serializer>(fields: &[(String, f64)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(fields.len()))?;
    for (k, v) in fields {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

/// The ranking of one kind of agency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankGroup {
    pub kind: RankKind,
    pub ranking: Vec<Ranked>,
}

/// "86,52": two decimals, the Vietnamese decimal comma.
pub fn score_text(v: f64) -> String {
    format!("{v:.2}").replace('.', ",")
}
