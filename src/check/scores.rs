//! Checks a scoring workbook before a ranking is published: every agency known and
//! scored once, every department and district of the registry present, every score a
//! number between 0 and its field's maximum, every total the sum of its fields. A
//! ranking is made only from a table without errors.

use crate::model::finding::{Code, Diagnostic};
use crate::model::registry::{AgencyKind, Registry};
use crate::model::scores::{AgencyScores, ScoreField, ScoreSettings, ScoreTable};
use crate::read::scores::{ScoreCell, ScoreSheet};
use crate::read::sheet::Value;
use crate::text::header_key;

/// Difference between a total and the sum of its fields tolerated (rounding to two
/// decimals on each field).
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

/// The checked table and every finding. The table holds only rows without errors.
pub fn check_scores(
    sheets: &[ScoreSheet],
    registry: &Registry,
    settings: &ScoreSettings,
) -> (ScoreTable, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let Some(first) = sheets.first() else {
        diags.push(Diagnostic::error(
            Code::ScoreMaxMissing,
            "Không tìm thấy bảng điểm: cần một dòng tiêu đề có cột cơ quan và các cột điểm",
        ));
        return (ScoreTable::default(), diags);
    };
    let fields = maxima(first, settings, &mut diags);
    let mut table = ScoreTable {
        fields: fields.clone(),
        agencies: Vec::new(),
    };
    let mut seen: Vec<(String, String)> = Vec::new();
    for sheet in sheets {
        // Fields of the other sheets are matched to the first sheet's by name.
        let order: Vec<Option<usize>> = fields
            .iter()
            .map(|f| {
                sheet
                    .fields
                    .iter()
                    .position(|g| header_key(&g.name) == header_key(&f.name))
            })
            .collect();
        for (f, o) in fields.iter().zip(&order) {
            if o.is_none() {
                diags.push(
                    Diagnostic::error(
                        Code::ScoreMaxMissing,
                        format!("Trang này không có cột điểm “{}”", f.name),
                    )
                    .in_sheet(&sheet.name),
                );
            }
        }
        let cx = RowCtx {
            sheet: &sheet.name,
            fields: &fields,
            order: &order,
            registry,
        };
        for row in &sheet.rows {
            if let Some(a) = check_row(row, &cx, &mut seen, &mut diags) {
                table.agencies.push(a);
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
    (table, diags)
}

/// What a row is checked against.
struct RowCtx<'a> {
    sheet: &'a str,
    fields: &'a [ScoreField],
    /// For each field, its column among the sheet's fields.
    order: &'a [Option<usize>],
    registry: &'a Registry,
}

/// One agency's row: known, scored once, every score valid, its total the sum; the
/// agency's scores when the row has no error.
fn check_row(
    row: &crate::read::scores::ScoreRowRaw,
    cx: &RowCtx,
    seen: &mut Vec<(String, String)>,
    diags: &mut Vec<Diagnostic>,
) -> Option<AgencyScores> {
    let Some(agency) = cx.registry.lookup(&row.agency) else {
        let hint: Vec<String> = cx
            .registry
            .closest(&row.agency, 3)
            .iter()
            .map(|a| a.name.clone())
            .collect();
        diags.push(
            Diagnostic::error(
                Code::ScoreAgencyUnknown,
                format!("Cơ quan “{}” không có trong danh sách cơ quan", row.agency),
            )
            .at(cx.sheet, &row.agency_cell)
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
            .at(cx.sheet, &row.agency_cell)
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
            .at(cx.sheet, &row.agency_cell)
            .for_agency(&agency.code),
        );
        return None;
    }
    seen.push((agency.code.clone(), row.agency_cell.clone()));
    let before = diags.len();
    let mut scores = Vec::with_capacity(cx.fields.len());
    for (f, o) in cx.fields.iter().zip(cx.order) {
        let Some(i) = o else {
            scores.push(0.0);
            continue;
        };
        let c = &row.scores[*i];
        scores.push(score(c, f, &agency.name, cx.sheet, diags));
    }
    let sum: f64 = scores.iter().sum();
    let total = match &row.total {
        Some(t) if !matches!(t.value, Value::Empty) => match parse_score(&t.value) {
            Ok(v) if (v - sum).abs() > TOTAL_TOLERANCE && diags.len() == before => {
                diags.push(
                    Diagnostic::error(
                        Code::ScoreTotalMismatch,
                        format!(
                            "Tổng điểm của {} ({}) khác tổng các lĩnh vực ({})",
                            agency.name,
                            crate::model::scores::score_text(v),
                            crate::model::scores::score_text(sum)
                        ),
                    )
                    .at(cx.sheet, &t.cell)
                    .for_agency(&agency.code),
                );
                v
            }
            Ok(v) => v,
            Err(text) => {
                diags.push(
                    Diagnostic::error(
                        Code::ScoreInvalid,
                        format!("Tổng điểm “{text}” của {} không phải là số", agency.name),
                    )
                    .at(cx.sheet, &t.cell)
                    .for_agency(&agency.code),
                );
                sum
            }
        },
        _ => sum,
    };
    (diags.len() == before).then(|| AgencyScores {
        code: agency.code.clone(),
        name: agency.name.clone(),
        district: agency.kind.is_district(),
        scores,
        total,
    })
}

/// Each field with its maximum: from its header, else the "Điểm tối đa" row, else the
/// settings beside the workbook; a field with none is an error.
fn maxima(
    sheet: &ScoreSheet,
    settings: &ScoreSettings,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ScoreField> {
    sheet
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let from_row = sheet
                .max_row
                .as_ref()
                .and_then(|r| parse_score(&r[i].value).ok());
            let from_settings = settings
                .max
                .iter()
                .find(|(k, _)| header_key(k) == header_key(&f.name))
                .map(|(_, v)| *v);
            let max = f.max.or(from_row).or(from_settings).unwrap_or_else(|| {
                diags.push(
                    Diagnostic::error(
                        Code::ScoreMaxMissing,
                        format!("Chưa có điểm tối đa của lĩnh vực “{}”", f.name),
                    )
                    .at(&sheet.name, crate::model::finding::a1(0, f.col))
                    .with_hint("Ghi trong tiêu đề cột (“… (10 điểm)”), trong dòng “Điểm tối đa”, hoặc trong mục [max] của tệp .toml cùng tên"),
                );
                f64::INFINITY
            });
            ScoreField {
                name: f.name.clone(),
                max,
            }
        })
        .collect()
}

fn score(
    c: &ScoreCell,
    f: &ScoreField,
    agency: &str,
    sheet: &str,
    diags: &mut Vec<Diagnostic>,
) -> f64 {
    let fail = |diags: &mut Vec<Diagnostic>, code: Code, msg: String| {
        diags.push(Diagnostic::error(code, msg).at(sheet, &c.cell));
        0.0
    };
    match parse_score(&c.value) {
        Err(t) if t.is_empty() => fail(
            diags,
            Code::ScoreInvalid,
            format!("{agency} chưa có điểm lĩnh vực “{}”", f.name),
        ),
        Err(t) => fail(
            diags,
            Code::ScoreInvalid,
            format!(
                "Điểm “{t}” của {agency}, lĩnh vực “{}”, không phải là số",
                f.name
            ),
        ),
        Ok(v) if v < 0.0 => fail(
            diags,
            Code::ScoreInvalid,
            format!("Điểm {v} của {agency}, lĩnh vực “{}”, là số âm", f.name),
        ),
        Ok(v) if v > f.max + 1e-9 => fail(
            diags,
            Code::ScoreAboveMax,
            format!(
                "Điểm {} của {agency}, lĩnh vực “{}”, lớn hơn điểm tối đa {}",
                crate::model::scores::score_text(v),
                f.name,
                crate::model::scores::score_text(f.max)
            ),
        ),
        Ok(v) => v,
    }
}

/// Why a scoring workbook could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ScoresError {
    #[error("không mở được bảng điểm {file}: {message}")]
    Open { file: String, message: String },
    #[error(transparent)]
    Settings(#[from] crate::model::ListError),
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
    let settings_path = path.with_extension("toml");
    let settings = if settings_path.exists() {
        let text = crate::model::ListError::read("cấu hình bảng điểm", &settings_path)?;
        toml::from_str(&text).map_err(|e: toml::de::Error| {
            crate::model::ListError::invalid("cấu hình bảng điểm", &settings_path, e.to_string())
        })?
    } else {
        ScoreSettings::default()
    };
    let sheets = crate::read::scores::read_scores(&book);
    let (table, diags) = check_scores(&sheets, registry, &settings);
    Ok((table, settings, diags))
}
