//! Checks a scoring workbook before an index is published: every agency known and
//! scored once, every department and district of the registry present, every
//! criterion with a maximum, every score a number between 0 and its maximum, no agency
//! without a criterion its kind is scored on, every total the sum of its criteria; and
//! shows the council where an agency's self score is far above the appraised one. An
//! index is computed only from a table without errors.

use crate::model::finding::{Code, Diagnostic};
use crate::model::registry::{AgencyKind, Registry};
use crate::model::scores::{
    AgencyScores, Criterion, CriterionScore, ScoreSettings, ScoreTable, score_text,
};
use crate::read::scores::{AgencyRaw, CriterionHead, ScoreCell, ScoreSheet};
use crate::read::sheet::Value;
use crate::text::header_key;

/// Difference between a total and the sum of its criteria tolerated (rounding to two
/// decimals on each).
const TOTAL_TOLERANCE: f64 = 0.011;

/// A score as a number: a number cell, or text with a decimal comma ("8,75").
pub fn parse_score(value: &Value) -> Result<f64, String> {
    match value {
        Value::Number(n) if n.is_finite() => Ok(*n),
        Value::Text(t) => {
            let s: String = t.trim().chars().filter(|c| !c.is_whitespace()).collect();
            s.replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|v| {
                    v.is_finite() && s.chars().filter(|c| *c == ',' || *c == '.').count() <= 1
                })
                .ok_or_else(|| t.trim().to_string())
        }
        Value::Empty => Err(String::new()),
        Value::Number(_) => Err("#NUM".into()),
        Value::Bool(b) => Err(b.to_string()),
        Value::Date(d) => Err(d.format("%d/%m/%Y").to_string()),
        Value::Error(e) => Err(e.to_string()),
    }
}

/// "Không áp dụng" as councils mark a criterion that does not concern an agency.
fn not_applicable(value: &Value) -> bool {
    match value {
        Value::Text(t) => {
            let k = header_key(t);
            t.trim().chars().all(|c| matches!(c, '-' | '–' | '—' | '/')) && !t.trim().is_empty()
                || matches!(
                    k.as_str(),
                    "kad" | "k a d" | "n a" | "khong ap dung" | "kap dung"
                )
        }
        _ => false,
    }
}

/// A cell with something in it.
fn filled(c: &Option<ScoreCell>) -> Option<&ScoreCell> {
    c.as_ref()
        .filter(|c| !crate::read::scores::is_blank(&c.value))
}

/// The checked table and every finding. The table holds only agencies without errors.
pub fn check_scores(
    sheets: &[ScoreSheet],
    registry: &Registry,
    settings: &ScoreSettings,
) -> (ScoreTable, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if sheets.is_empty() {
        diags.push(Diagnostic::error(
            Code::ScoreMaxMissing,
            "Không tìm thấy bảng điểm: cần một dòng tiêu đề có cột cơ quan và các cột điểm (hoặc cột tiêu chí, điểm tối đa và các cột cơ quan)",
        ));
        return (ScoreTable::default(), diags);
    }
    let (criteria, index_of) = merge_criteria(sheets, settings, &mut diags);
    // Agencies: known, of a scored kind, once.
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    for (s, sheet) in sheets.iter().enumerate() {
        for row in &sheet.agencies {
            if let Some(a) = agency(row, &sheet.name, registry, &mut seen, &mut diags) {
                rows.push((sheet, s, row, a));
            }
        }
    }
    for a in registry
        .agencies()
        .iter()
        .filter(|a| a.kind != AgencyKind::Other)
    {
        if !seen.iter().any(|(c, _)| *c == a.code) {
            diags.push(
                Diagnostic::error(
                    Code::ScoreAgencyMissing,
                    format!("{} chưa có trong bảng điểm", a.name),
                )
                .for_agency(&a.code),
            );
        }
    }
    let applies = applying(&rows, &index_of, criteria.len());
    let gap = settings.self_gap();
    let mut table = ScoreTable {
        criteria: criteria.clone(),
        agencies: Vec::new(),
    };
    for (sheet, s, row, a) in rows {
        let kind = usize::from(a.kind.is_district());
        let before = diags.iter().filter(|d| d.is_error()).count();
        let mut scores: Vec<Option<CriterionScore>> = vec![None; criteria.len()];
        for (j, cells) in row.scores.iter().enumerate() {
            let i = index_of[s][j];
            if !applies[i][kind] {
                continue;
            }
            let c = &criteria[i];
            let cx = Cx {
                sheet: &sheet.name,
                agency: &a.name,
                code: &a.code,
                criterion: c,
            };
            scores[i] = score(cells, &cx, settings, gap, &mut diags);
        }
        // A criterion of its kind that the agency's sheet has no column for.
        for (i, c) in criteria.iter().enumerate() {
            if applies[i][kind] && !index_of[s].contains(&i) {
                diags.push(
                    Diagnostic::error(
                        Code::ScoreCriterionMissing,
                        format!(
                            "{} chưa có điểm tiêu chí “{}” (trang này không có cột của tiêu chí)",
                            a.name, c.name
                        ),
                    )
                    .at(&sheet.name, &row.agency_cell)
                    .for_agency(&a.code),
                );
            }
        }
        let errors = diags.iter().filter(|d| d.is_error()).count();
        if errors > before {
            continue;
        }
        let points: f64 = scores.iter().flatten().map(CriterionScore::points).sum();
        if !total_agrees(row, points, &sheet.name, a, &mut diags) {
            continue;
        }
        table.agencies.push(AgencyScores {
            code: a.code.clone(),
            name: a.name.clone(),
            district: a.kind.is_district(),
            scores,
        });
    }
    (table, diags)
}

/// The criteria of every sheet as one list (the same lĩnh vực and name on two sheets is
/// one criterion), and for each sheet the index of each of its criteria in the list.
fn merge_criteria(
    sheets: &[ScoreSheet],
    settings: &ScoreSettings,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Criterion>, Vec<Vec<usize>>) {
    let mut criteria: Vec<Criterion> = Vec::new();
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut index_of: Vec<Vec<usize>> = Vec::new();
    for sheet in sheets {
        let mut map = Vec::new();
        for h in &sheet.criteria {
            let field = h.field.clone().unwrap_or_else(|| h.name.clone());
            let key = (header_key(&field), header_key(&h.name));
            let i = match keys.iter().position(|k| *k == key) {
                Some(i) => i,
                None => {
                    keys.push(key);
                    criteria.push(Criterion {
                        survey: h.survey || survey_named(settings, &h.name, &field),
                        max: maximum(h, &sheet.name, settings, &field, diags),
                        field,
                        name: h.name.clone(),
                    });
                    criteria.len() - 1
                }
            };
            map.push(i);
        }
        index_of.push(map);
    }
    (criteria, index_of)
}

/// An agency checked so far: its sheet, the sheet's index, its row and who it is.
type Row<'a> = (
    &'a ScoreSheet,
    usize,
    &'a AgencyRaw,
    &'a crate::model::registry::Agency,
);

/// For each criterion, whether it applies to departments and to districts: when some
/// agency of that kind is scored on it ("-" or "không áp dụng" is no score).
fn applying(rows: &[Row], index_of: &[Vec<usize>], n: usize) -> Vec<[bool; 2]> {
    let mut applies = vec![[false; 2]; n];
    for (_, s, row, a) in rows {
        for (j, cells) in row.scores.iter().enumerate() {
            let given = filled(&cells.appraised)
                .or(filled(&cells.survey))
                .is_some_and(|c| !not_applicable(&c.value));
            if given {
                applies[index_of[*s][j]][usize::from(a.kind.is_district())] = true;
            }
        }
    }
    applies
}

/// The total a sheet gives for an agency, if any, is a number equal to the sum of its
/// criteria (within rounding); a finding otherwise.
fn total_agrees(
    row: &AgencyRaw,
    points: f64,
    sheet: &str,
    a: &crate::model::registry::Agency,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let Some(t) = filled(&row.total) else {
        return true;
    };
    let d = match parse_score(&t.value) {
        Ok(v) if (v - points).abs() > TOTAL_TOLERANCE => Diagnostic::error(
            Code::ScoreTotalMismatch,
            format!(
                "Tổng điểm của {} ({}) khác tổng điểm các tiêu chí ({})",
                a.name,
                score_text(v),
                score_text(points)
            ),
        ),
        Ok(_) => return true,
        Err(text) => Diagnostic::error(
            Code::ScoreInvalid,
            format!("Tổng điểm “{text}” của {} không phải là số", a.name),
        ),
    };
    diags.push(d.at(sheet, &t.cell).for_agency(&a.code));
    false
}

/// The settings name the criterion (or its lĩnh vực) as scored by the survey.
fn survey_named(settings: &ScoreSettings, name: &str, field: &str) -> bool {
    settings
        .survey
        .criteria
        .iter()
        .any(|k| header_key(k) == header_key(name) || header_key(k) == header_key(field))
}

/// The registry's agency of a row, once; findings for the others.
fn agency<'r>(
    row: &AgencyRaw,
    sheet: &str,
    registry: &'r Registry,
    seen: &mut Vec<(String, String)>,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'r crate::model::registry::Agency> {
    let Some(agency) = registry.lookup(&row.agency) else {
        let hint: Vec<String> = registry
            .closest(&row.agency, 3)
            .iter()
            .map(|a| a.name.clone())
            .collect();
        diags.push(
            Diagnostic::error(
                Code::ScoreAgencyUnknown,
                format!("Cơ quan “{}” không có trong danh sách cơ quan", row.agency),
            )
            .at(sheet, &row.agency_cell)
            .with_hint(format!("Gần nhất: {}", hint.join("; "))),
        );
        return None;
    };
    if agency.kind == AgencyKind::Other {
        diags.push(
            Diagnostic::error(
                Code::ScoreAgencyUnknown,
                format!(
                    "{} không thuộc diện xác định Chỉ số cải cách hành chính (không phải sở, ban, ngành hay Ủy ban nhân dân quận, huyện)",
                    agency.name
                ),
            )
            .at(sheet, &row.agency_cell)
            .for_agency(&agency.code),
        );
        return None;
    }
    if let Some((_, cell)) = seen.iter().find(|(c, _)| *c == agency.code) {
        diags.push(
            Diagnostic::error(
                Code::ScoreAgencyDuplicate,
                format!("{} có hai dòng điểm (dòng đầu ở ô {cell})", agency.name),
            )
            .at(sheet, &row.agency_cell)
            .for_agency(&agency.code),
        );
        return None;
    }
    seen.push((agency.code.clone(), row.agency_cell.clone()));
    Some(agency)
}

/// A criterion's maximum: from its label, else its "Điểm tối đa" cell, else the
/// settings beside the workbook; a criterion with none is an error.
fn maximum(
    h: &CriterionHead,
    sheet: &str,
    settings: &ScoreSettings,
    field: &str,
    diags: &mut Vec<Diagnostic>,
) -> f64 {
    let from_cell = h.max_cell.as_ref().map(|c| (parse_score(&c.value), c));
    if let Some((Err(text), c)) = &from_cell {
        diags.push(
            Diagnostic::error(
                Code::ScoreInvalid,
                format!(
                    "Điểm tối đa “{text}” của tiêu chí “{}” không phải là số",
                    h.name
                ),
            )
            .at(sheet, &c.cell),
        );
        return f64::INFINITY;
    }
    let from_settings = settings
        .max
        .iter()
        .find(|(k, _)| {
            header_key(k) == header_key(&h.name)
                || (h.field.is_none() && header_key(k) == header_key(field))
        })
        .map(|(_, v)| *v);
    let max = h
        .max
        .or(from_cell.and_then(|(v, _)| v.ok()))
        .or(from_settings);
    match max {
        Some(m) if m > 0.0 => m,
        _ => {
            diags.push(
                Diagnostic::error(
                    Code::ScoreMaxMissing,
                    format!("Chưa có điểm tối đa của tiêu chí “{}”", h.name),
                )
                .at(sheet, h.max_cell.as_ref().map_or(&h.cell, |c| &c.cell))
                .with_hint("Ghi trong tiêu đề (“… (2 điểm)”), trong dòng hoặc cột “Điểm tối đa”, hoặc trong mục [max] của tệp .toml cùng tên"),
            );
            f64::INFINITY
        }
    }
}

/// What a score is checked against.
struct Cx<'a> {
    sheet: &'a str,
    agency: &'a str,
    code: &'a str,
    criterion: &'a Criterion,
}

impl Cx<'_> {
    fn error(&self, code: Code, cell: &str, message: String) -> Diagnostic {
        Diagnostic::error(code, message)
            .at(self.sheet, cell)
            .for_agency(self.code)
    }

    /// A score as points (typed value × weight), or a finding and 0: not a number,
    /// negative, or above the criterion's maximum.
    fn value(&self, cell: &ScoreCell, what: &str, weight: f64, diags: &mut Vec<Diagnostic>) -> f64 {
        let c = self.criterion;
        let (code, message) = match parse_score(&cell.value) {
            Ok(v) if v >= 0.0 && v * weight <= c.max + 1e-9 => return v * weight,
            Err(t) => (
                Code::ScoreInvalid,
                format!(
                    "Điểm {what} “{t}” của {}, tiêu chí “{}”, không phải là số",
                    self.agency, c.name
                ),
            ),
            Ok(v) if v < 0.0 => (
                Code::ScoreInvalid,
                format!(
                    "Điểm {what} {v} của {}, tiêu chí “{}”, là số âm",
                    self.agency, c.name
                ),
            ),
            Ok(v) => (
                Code::ScoreAboveMax,
                format!(
                    "Điểm {what} {} của {}, tiêu chí “{}”, lớn hơn điểm tối đa {}",
                    score_text(v * weight),
                    self.agency,
                    c.name,
                    score_text(c.max)
                ),
            ),
        };
        diags.push(self.error(code, &cell.cell, message));
        0.0
    }

    /// A self score more than `gap` % of the maximum above the appraised one: shown to
    /// the council, at the self score's cell.
    fn self_gap(
        &self,
        own: f64,
        appraised: f64,
        cell: &str,
        gap: f64,
        diags: &mut Vec<Diagnostic>,
    ) {
        let c = self.criterion;
        if own - appraised <= c.max * gap / 100.0 + 1e-9 {
            return;
        }
        diags.push(
            Diagnostic::warning(
                Code::ScoreSelfGap,
                format!(
                    "{} tự đánh giá tiêu chí “{}” {} điểm, cao hơn điểm thẩm định ({}) {} điểm (trên {} điểm tối đa {})",
                    self.agency,
                    c.name,
                    score_text(own),
                    score_text(appraised),
                    score_text(own - appraised),
                    crate::model::scores::percent_text(gap),
                    score_text(c.max)
                ),
            )
            .at(self.sheet, cell)
            .for_agency(self.code),
        );
    }
}

/// One agency's cells on one criterion: the appraised (or survey) score present, every
/// score a number from 0 to the maximum; a self score far above the appraised one is
/// shown. `None` when the criterion is marked as not applying to the agency.
fn score(
    cells: &crate::read::scores::ScoreCells,
    cx: &Cx,
    settings: &ScoreSettings,
    gap: f64,
    diags: &mut Vec<Diagnostic>,
) -> Option<CriterionScore> {
    let c = cx.criterion;
    // For a survey criterion the one score given is the survey's.
    let (main, survey_col) = if c.survey {
        (filled(&cells.survey).or(filled(&cells.appraised)), true)
    } else {
        (filled(&cells.appraised), false)
    };
    let Some(main) = main else {
        let at = cells
            .appraised
            .as_ref()
            .or(cells.survey.as_ref())
            .map(|c| c.cell.clone())
            .unwrap_or_default();
        diags.push(cx.error(
            Code::ScoreCriterionMissing,
            &at,
            format!(
                "{} chưa có điểm {} tiêu chí “{}”",
                cx.agency,
                if c.survey {
                    "điều tra xã hội học của"
                } else {
                    "thẩm định của"
                },
                c.name
            ),
        ));
        return Some(CriterionScore {
            own: None,
            appraised: 0.0,
            survey: 0.0,
        });
    };
    if not_applicable(&main.value) {
        return None;
    }
    let what = if c.survey {
        "điều tra xã hội học"
    } else {
        "thẩm định"
    };
    let weight = settings.survey.factor(c.max);
    let errors = diags.len();
    let main_value = cx.value(main, what, if survey_col { weight } else { 1.0 }, diags);
    // A self gap is measured against a valid appraised score only.
    let main_valid = diags.len() == errors;
    // A non-survey criterion may also carry survey points.
    let extra = if survey_col {
        0.0
    } else {
        filled(&cells.survey).map_or(0.0, |s| cx.value(s, "điều tra xã hội học", weight, diags))
    };
    let own = if survey_col {
        None
    } else {
        filled(&cells.own).map(|s| (cx.value(s, "tự đánh giá", 1.0, diags), s.cell.clone()))
    };
    if let Some((o, cell)) = &own
        && main_valid
    {
        cx.self_gap(*o, main_value, cell, gap, diags);
    }
    if !survey_col && main_value + extra > c.max + 1e-9 {
        diags.push(cx.error(
            Code::ScoreAboveMax,
            &main.cell,
            format!(
                "Điểm thẩm định và điều tra xã hội học của {}, tiêu chí “{}” ({}), lớn hơn điểm tối đa {}",
                cx.agency,
                c.name,
                score_text(main_value + extra),
                score_text(c.max)
            ),
        ));
    }
    Some(if survey_col {
        CriterionScore {
            own: None,
            appraised: 0.0,
            survey: main_value,
        }
    } else {
        CriterionScore {
            own: own.map(|(o, _)| o),
            appraised: main_value,
            survey: extra,
        }
    })
}

/// Why a scoring workbook could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ScoresError {
    #[error("không mở được bảng điểm {file}: {message}")]
    Open { file: String, message: String },
    #[error(transparent)]
    Settings(#[from] crate::model::ListError),
}

/// The settings beside a scoring workbook (`<stem>.toml`), or none.
pub fn load_settings(path: &std::path::Path) -> Result<ScoreSettings, ScoresError> {
    let settings_path = path.with_extension("toml");
    if !settings_path.exists() {
        return Ok(ScoreSettings::default());
    }
    let text = crate::model::ListError::read("cấu hình bảng điểm", &settings_path)?;
    Ok(toml::from_str(&text).map_err(|e: toml::de::Error| {
        crate::model::ListError::invalid("cấu hình bảng điểm", &settings_path, e.to_string())
    })?)
}

/// A scoring workbook read and checked: its settings are `<stem>.toml` beside it when
/// that file exists.
pub fn load(
    path: &std::path::Path,
    registry: &Registry,
) -> Result<(ScoreTable, ScoreSettings, Vec<Diagnostic>), ScoresError> {
    let book = crate::read::sheet::Workbook::open(path).map_err(|e| ScoresError::Open {
        file: path.display().to_string(),
        message: e.to_string(),
    })?;
    let settings = load_settings(path)?;
    let sheets = crate::read::scores::read_scores(&book);
    let (table, diags) = check_scores(&sheets, registry, &settings);
    Ok((table, settings, diags))
}
