//! The Sở Nội vụ's report on the year's Chỉ số CCHC (Báo cáo kết quả xác định Chỉ số
//! CCHC), sent with the draft decision: how the index was determined, the results of
//! each kind of agency, the lĩnh vực, the strongest and weakest criteria, the gap
//! between self and appraised scores, the change since last year, and the Sở's
//! proposals. Every figure is computed from the checked scores; each finding is a
//! sentence with its figures, with a table or chart where a reader would rather look.

use crate::doc::{Align, Axis, Bar, BarChart, Block, Column, Document, Row, Table, TableText};
use crate::model::scores::{
    Criterion, RankGroup, RankKind, ScoreSettings, ScoreTable, percent_text, round2, score_text,
    signed_score_text,
};
use crate::read::spec::{AnalysisSpec, parse_structured_text};

/// "76,07%": an index or rate as published, two decimals.
fn pct(v: f64) -> String {
    format!("{}%", score_text(v))
}

/// "02", "15": a count of agencies or criteria, as official texts write them.
fn count(n: usize) -> String {
    format!("{n:02}")
}

/// "các sở, ban, ngành" → "Các sở, ban, ngành".
fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Everything the report is made from.
pub struct Inputs<'a> {
    pub spec: &'a AnalysisSpec,
    pub table: &'a ScoreTable,
    pub settings: &'a ScoreSettings,
    pub groups: &'a [RankGroup],
    /// The year compared with, when last year's results were given.
    pub previous_year: Option<i32>,
}

/// The report.
pub fn analysis_document(x: &Inputs) -> Document {
    let spec = x.spec;
    let year = spec.index_year;
    let top = spec.top.unwrap_or(5).max(1);
    let mut body = Vec::new();
    body.push(Block::Heading {
        level: 1,
        text: format!("I. TỔ CHỨC XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}"),
    });
    if let Some(t) = &spec.introduction {
        body.extend(parse_structured_text(t));
    }
    body.push(Block::Paragraph {
        text: scope_sentence(x),
    });
    body.push(Block::Heading {
        level: 1,
        text: format!("II. KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}"),
    });
    body.push(Block::Heading {
        level: 2,
        text: "1. Kết quả chung".into(),
    });
    for (i, g) in x.groups.iter().enumerate() {
        body.push(Block::Paragraph {
            text: format!("{}) {}", (b'a' + i as u8) as char, overall_sentence(g, x)),
        });
    }
    body.push(Block::Heading {
        level: 2,
        text: "2. Kết quả theo lĩnh vực".into(),
    });
    body.extend(fields_blocks(x));
    body.push(Block::Heading {
        level: 2,
        text: "3. Tiêu chí đạt cao và tiêu chí còn thấp".into(),
    });
    body.extend(criteria_blocks(x, top));
    body.push(Block::Heading {
        level: 2,
        text: "4. Chênh lệch giữa điểm tự đánh giá và điểm thẩm định".into(),
    });
    body.extend(gap_blocks(x, top));
    if let Some(py) = x.previous_year {
        body.push(Block::Heading {
            level: 2,
            text: format!("5. So sánh với kết quả năm {py}"),
        });
        body.extend(change_blocks(x, py, top));
    }
    body.push(Block::Heading {
        level: 1,
        text: "III. ĐỀ XUẤT, KIẾN NGHỊ".into(),
    });
    match &spec.proposals {
        Some(t) => body.extend(parse_structured_text(t)),
        None => body.push(Block::Paragraph {
            text: format!(
                "Sở Nội vụ kính trình Ủy ban nhân dân thành phố xem xét, ban hành Quyết định công bố Chỉ số cải cách hành chính năm {year} (dự thảo kèm theo)."
            ),
        }),
    }
    Document {
        kind: "Báo cáo".into(),
        issuer: spec.issuer.clone(),
        number: spec.number,
        date: spec.date,
        year: spec.year.or(spec.date.map(|d| chrono::Datelike::year(&d))),
        title: spec.title.clone(),
        authority: None,
        recipients: spec.recipients.clone(),
        body,
        signature: spec.signature.clone(),
        noi_nhan: spec.noi_nhan.clone(),
        appendices: Vec::new(),
    }
}

/// The criteria scored for a kind, with their indices in the table.
fn criteria_of<'t>(table: &'t ScoreTable, kind: RankKind) -> Vec<(usize, &'t Criterion)> {
    table
        .criteria
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            table
                .agencies
                .iter()
                .any(|a| RankKind::of(a.district) == kind && a.scores[*i].is_some())
        })
        .collect()
}

/// Who was scored, on what, and how the maximum divides between the council and the
/// survey.
fn scope_sentence(x: &Inputs) -> String {
    let mut who = Vec::new();
    let mut scales = Vec::new();
    for g in x.groups {
        who.push(format!("{} {}", count(g.ranking.len()), g.kind.words().replace("các ", "")));
        let crit = criteria_of(x.table, g.kind);
        let survey: f64 = crit.iter().filter(|(_, c)| c.survey).map(|(_, c)| c.max).sum();
        let all: f64 = crit.iter().map(|(_, c)| c.max).sum();
        scales.push((g.kind, g.fields.len(), crit.len(), all, survey));
    }
    let scale = |(_, fields, crit, all, survey): (RankKind, usize, usize, f64, f64)| {
        let mut s = format!(
            "{} lĩnh vực với {} tiêu chí, tiêu chí thành phần, tổng điểm tối đa {} điểm",
            count(fields),
            count(crit),
            score_text(all).trim_end_matches(",00")
        );
        if survey > 0.0 {
            s.push_str(&format!(
                ", trong đó {} điểm do Hội đồng thẩm định đánh giá và {} điểm qua điều tra xã hội học",
                score_text(all - survey).trim_end_matches(",00"),
                score_text(survey).trim_end_matches(",00")
            ));
        }
        s
    };
    let same = scales
        .windows(2)
        .all(|w| (w[0].1, w[0].2, w[0].3, w[0].4) == (w[1].1, w[1].2, w[1].3, w[1].4));
    let how = if same || scales.len() < 2 {
        scales.first().map(|s| scale(*s)).unwrap_or_default()
    } else {
        scales
            .iter()
            .map(|s| format!("đối với {}: {}", s.0.words(), scale(*s)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    format!(
        "Chỉ số cải cách hành chính năm {} được xác định đối với {}, trên {how}. Chỉ số của mỗi cơ quan là tỷ lệ phần trăm giữa tổng điểm đạt được (điểm thẩm định và điểm điều tra xã hội học) và tổng điểm tối đa của các tiêu chí áp dụng đối với cơ quan; tiêu chí không áp dụng đối với cơ quan không tính vào điểm tối đa.",
        x.spec.index_year,
        who.join(" và ")
    )
}

/// Last year's index of a line, when it was ranked.
fn last_index(r: &crate::model::scores::Ranked) -> Option<f64> {
    r.index_change.map(|c| round2(r.index - c))
}

/// A kind's average, highest and lowest, bands, and the change of its average.
fn overall_sentence(g: &RankGroup, x: &Inputs) -> String {
    let (Some(first), Some(last)) = (g.ranking.first(), g.ranking.last()) else {
        return String::new();
    };
    let best: Vec<&str> = g
        .ranking
        .iter()
        .filter(|r| r.rank == 1)
        .map(|r| r.name.as_str())
        .collect();
    let worst: Vec<&str> = g
        .ranking
        .iter()
        .filter(|r| r.rank == last.rank)
        .map(|r| r.name.as_str())
        .collect();
    let mut s = format!(
        "{}: Chỉ số bình quân đạt {}; cao nhất là {} ({}), thấp nhất là {} ({}), chênh lệch giữa cao nhất và thấp nhất {} điểm phần trăm.",
        capital(g.kind.words()),
        pct(g.average),
        best.join(", "),
        pct(first.index),
        worst.join(", "),
        pct(last.index),
        score_text(first.index - last.index)
    );
    let bands = x.settings.bands_descending();
    if !bands.is_empty() {
        let parts: Vec<String> = bands
            .iter()
            .map(|b| {
                let n = g
                    .ranking
                    .iter()
                    .filter(|r| r.band.as_deref() == Some(b.name.as_str()))
                    .count();
                (n, b)
            })
            .filter(|(n, _)| *n > 0)
            .map(|(n, b)| format!("{} cơ quan xếp loại {}", count(n), b.name))
            .collect();
        s.push_str(&format!(" Có {}.", parts.join(", ")));
    }
    if let Some(py) = x.previous_year {
        let both: Vec<(f64, f64)> = g
            .ranking
            .iter()
            .filter_map(|r| last_index(r).map(|l| (l, r.index)))
            .collect();
        if !both.is_empty() {
            let n = both.len() as f64;
            let before = both.iter().map(|b| b.0).sum::<f64>() / n;
            let now = both.iter().map(|b| b.1).sum::<f64>() / n;
            let up = g.ranking.iter().filter(|r| r.index_change.is_some_and(|c| c > 0.0)).count();
            let down = g.ranking.iter().filter(|r| r.index_change.is_some_and(|c| c < 0.0)).count();
            // The change of the averages as printed, so the sentence adds up.
            let (before, now) = (round2(before), round2(now));
            let d = round2(now - before);
            let (before, now) = (pct(before), pct(now));
            let moved = if d > 0.0 {
                format!("tăng {} điểm phần trăm (từ {before} lên {now})", score_text(d))
            } else if d < 0.0 {
                format!("giảm {} điểm phần trăm (từ {before} xuống {now})", score_text(-d))
            } else {
                format!("không thay đổi ({now})")
            };
            s.push_str(&format!(
                " So với năm {py}, Chỉ số bình quân của các cơ quan được xác định cả hai năm {moved}; {} cơ quan tăng Chỉ số, {} cơ quan giảm.",
                count(up),
                count(down)
            ));
        }
    }
    s
}

/// The mean sub-index of each lĩnh vực per kind: a table, a sentence per kind, a chart.
fn fields_blocks(x: &Inputs) -> Vec<Block> {
    let mut names: Vec<(String, f64)> = Vec::new();
    for g in x.groups {
        for f in &g.fields {
            if !names.iter().any(|(n, _)| *n == f.name) {
                names.push((f.name.clone(), f.max));
            }
        }
    }
    let mean = |g: &RankGroup, field: &str| -> Option<f64> {
        let i = g.fields.iter().position(|f| f.name == field)?;
        let v: Vec<f64> = g.ranking.iter().map(|r| r.fields[i].1).collect();
        (!v.is_empty()).then(|| round2(v.iter().sum::<f64>() / v.len() as f64))
    };
    let mut blocks = Vec::new();
    for g in x.groups {
        let mut by: Vec<(&str, f64)> = g
            .fields
            .iter()
            .filter_map(|f| mean(g, &f.name).map(|m| (f.name.as_str(), m)))
            .collect();
        by.sort_by(|a, b| b.1.total_cmp(&a.1));
        if let (Some(hi), Some(lo)) = (by.first(), by.last()) {
            blocks.push(Block::Paragraph {
                text: format!(
                    "{} đạt cao nhất ở lĩnh vực {} (bình quân {}), thấp nhất ở lĩnh vực {} (bình quân {}).",
                    capital(g.kind.words()),
                    lower_first(hi.0),
                    pct(hi.1),
                    lower_first(lo.0),
                    pct(lo.1)
                ),
            });
        }
    }
    let mut columns = vec![
        Column::new("STT", 3.0, Align::Center),
        Column::new("Lĩnh vực", 22.0, Align::Left),
    ];
    for g in x.groups {
        columns.push(Column::new(
            format!("Chỉ số thành phần bình quân của {} (%)", g.kind.words()),
            9.0,
            Align::Center,
        ));
    }
    let rows = names
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let mut cells = vec![roman(i + 1), name.clone()];
            for g in x.groups {
                cells.push(mean(g, name).map(score_text).unwrap_or_else(|| "—".into()));
            }
            Row::Cells { cells }
        })
        .collect();
    blocks.push(Block::Table(Table {
        columns,
        rows,
        text: TableText::Compact,
    }));
    // All agencies together, one bar per lĩnh vực, labelled by its number in the table
    // above (a lĩnh vực's full name would leave the bars no room on a portrait page).
    let bars = names
        .iter()
        .enumerate()
        .filter_map(|(i, (name, _))| {
            let v: Vec<f64> = x
                .groups
                .iter()
                .flat_map(|g| {
                    let i = g.fields.iter().position(|f| f.name == *name);
                    g.ranking.iter().filter_map(move |r| i.map(|i| r.fields[i].1))
                })
                .collect();
            (!v.is_empty()).then(|| {
                let m = round2(v.iter().sum::<f64>() / v.len() as f64);
                Bar {
                    label: format!("Lĩnh vực {}", roman(i + 1)),
                    value: m,
                    text: score_text(m),
                }
            })
        })
        .collect();
    blocks.push(Block::Chart(BarChart {
        title: "Chỉ số thành phần bình quân theo lĩnh vực của các cơ quan, đơn vị (lĩnh vực theo số thứ tự của bảng trên)".into(),
        max: 100.0,
        bars,
        axis: Some(Axis {
            step: 10.0,
            caption: "Tỷ lệ điểm đạt được so với điểm tối đa (%)".into(),
            ticks: (0..=10).map(|i| (i * 10).to_string()).collect(),
        }),
        lines: Vec::new(),
    }));
    blocks
}

/// "Cải cách thể chế" → "cải cách thể chế" inside a sentence (an abbreviation such as
/// "TTHC" stays).
fn lower_first(s: &str) -> String {
    let mut it = s.chars();
    match (it.next(), it.clone().next()) {
        (Some(f), Some(n)) if f.is_uppercase() && !n.is_uppercase() => {
            f.to_lowercase().chain(it).collect()
        }
        _ => s.to_string(),
    }
}

fn roman(n: usize) -> String {
    const R: [&str; 20] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ];
    R.get(n - 1).map_or_else(|| n.to_string(), |s| s.to_string())
}

/// A criterion's rate over every agency it applies to: points / maxima × 100, and how
/// many agencies reached less than half of it.
struct Rate<'t> {
    criterion: &'t Criterion,
    rate: f64,
    below_half: usize,
}

fn rates(table: &ScoreTable) -> Vec<Rate<'_>> {
    table
        .criteria
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let got: Vec<f64> = table
                .agencies
                .iter()
                .filter_map(|a| a.scores[i].map(|s| s.points()))
                .collect();
            (!got.is_empty()).then(|| Rate {
                criterion: c,
                rate: round2(got.iter().sum::<f64>() / (c.max * got.len() as f64) * 100.0),
                below_half: got.iter().filter(|p| **p < c.max / 2.0).count(),
            })
        })
        .collect()
}

/// The strongest and the weakest criteria across agencies.
fn criteria_blocks(x: &Inputs, top: usize) -> Vec<Block> {
    let mut all = rates(x.table);
    all.sort_by(|a, b| b.rate.total_cmp(&a.rate));
    let n = top.min(all.len() / 2).max(1);
    let named = |r: &Rate| format!("“{}” ({})", r.criterion.name, pct(r.rate));
    let strong: Vec<String> = all.iter().take(n).map(named).collect();
    let weak: Vec<&Rate> = all.iter().rev().take(n).collect();
    let mut blocks = vec![
        Block::Paragraph {
            text: format!(
                "Các tiêu chí có tỷ lệ điểm đạt bình quân cao nhất (tính trên tất cả cơ quan được đánh giá): {}.",
                strong.join("; ")
            ),
        },
        Block::Paragraph {
            text: format!(
                "Các tiêu chí có tỷ lệ điểm đạt bình quân thấp nhất, là những nội dung các cơ quan, đơn vị cần tập trung khắc phục: {}.",
                weak.iter().map(|r| named(r)).collect::<Vec<_>>().join("; ")
            ),
        },
    ];
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("STT", 3.0, Align::Center),
            Column::new("Tiêu chí", 20.0, Align::Left),
            Column::new("Lĩnh vực", 12.0, Align::Left),
            Column::new("Điểm tối đa", 5.0, Align::Center),
            Column::new("Tỷ lệ điểm đạt bình quân (%)", 6.0, Align::Center),
            Column::new("Số cơ quan đạt dưới 50% điểm tối đa", 6.0, Align::Center),
        ],
        rows: weak
            .iter()
            .enumerate()
            .map(|(i, r)| Row::Cells {
                cells: vec![
                    (i + 1).to_string(),
                    r.criterion.name.clone(),
                    r.criterion.field.clone(),
                    score_text(r.criterion.max),
                    score_text(r.rate),
                    r.below_half.to_string(),
                ],
            })
            .collect(),
        text: TableText::Compact,
    }));
    blocks
}

/// Self against appraised scores: the mean gap, the agencies furthest apart, the
/// criteria most over-assessed, and the cases above the council's threshold.
fn gap_blocks(x: &Inputs, top: usize) -> Vec<Block> {
    // Per agency, over the criteria it assessed itself.
    let mut agencies: Vec<(&str, f64, f64)> = x
        .table
        .agencies
        .iter()
        .filter_map(|a| {
            let pairs: Vec<(f64, f64)> = a
                .scores
                .iter()
                .flatten()
                .filter_map(|s| s.own.map(|o| (o, s.appraised)))
                .collect();
            (!pairs.is_empty()).then(|| {
                (
                    a.name.as_str(),
                    round2(pairs.iter().map(|p| p.0).sum()),
                    round2(pairs.iter().map(|p| p.1).sum()),
                )
            })
        })
        .collect();
    if agencies.is_empty() {
        return vec![Block::Paragraph {
            text: "Bảng điểm không có điểm tự đánh giá của các cơ quan, đơn vị nên không so sánh được với điểm thẩm định.".into(),
        }];
    }
    let mean = round2(agencies.iter().map(|a| a.1 - a.2).sum::<f64>() / agencies.len() as f64);
    let higher = agencies.iter().filter(|a| a.1 - a.2 > 0.005).count();
    agencies.sort_by(|a, b| (b.1 - b.2).total_cmp(&(a.1 - a.2)));
    let widest: Vec<&(&str, f64, f64)> = agencies.iter().take(top).collect();
    let threshold = x.settings.self_gap();
    let far: Vec<String> = x
        .table
        .agencies
        .iter()
        .flat_map(|a| {
            x.table
                .criteria
                .iter()
                .zip(&a.scores)
                .filter_map(move |(c, s)| {
                    let s = s.as_ref()?;
                    let o = s.own?;
                    (o - s.appraised > c.max * threshold / 100.0 + 1e-9).then(|| {
                        format!(
                            "{}, tiêu chí “{}” (tự đánh giá {}, thẩm định {} trên {} điểm)",
                            a.name,
                            c.name,
                            score_text(o),
                            score_text(s.appraised),
                            score_text(c.max)
                        )
                    })
                })
        })
        .collect();
    let mut blocks = vec![Block::Paragraph {
        text: format!(
            "{} trên {} cơ quan, đơn vị tự đánh giá cao hơn kết quả thẩm định; bình quân điểm tự đánh giá cao hơn điểm thẩm định {} điểm (tính trên các tiêu chí cơ quan tự đánh giá, không gồm điểm điều tra xã hội học). Chênh lệch lớn nhất: {}.",
            count(higher),
            count(agencies.len()),
            score_text(mean),
            widest
                .iter()
                .map(|a| format!("{} ({} điểm)", a.0, score_text(a.1 - a.2)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }];
    if !far.is_empty() {
        blocks.push(Block::Paragraph {
            text: format!(
                "Có {} trường hợp điểm tự đánh giá một tiêu chí cao hơn điểm thẩm định trên {} điểm tối đa của tiêu chí, đề nghị các cơ quan rút kinh nghiệm trong việc tự đánh giá: {}.",
                count(far.len()),
                percent_text(threshold),
                far.join("; ")
            ),
        });
    }
    let mut table = Table {
        columns: vec![
            Column::new("STT", 3.0, Align::Center),
            Column::new("Cơ quan, đơn vị", 20.0, Align::Left),
            Column::new("Điểm tự đánh giá", 6.0, Align::Center),
            Column::new("Điểm thẩm định", 6.0, Align::Center),
            Column::new("Chênh lệch (điểm)", 6.0, Align::Center),
        ],
        rows: widest
            .iter()
            .enumerate()
            .map(|(i, a)| Row::Cells {
                cells: vec![
                    (i + 1).to_string(),
                    a.0.to_string(),
                    score_text(a.1),
                    score_text(a.2),
                    score_text(a.1 - a.2),
                ],
            })
            .collect(),
        text: TableText::Compact,
    };
    // Names on one line.
    table.fit_column(1, false, 0.5);
    blocks.push(Block::Table(table));
    blocks
}

/// The largest gains and falls since last year, per kind.
fn change_blocks(x: &Inputs, py: i32, top: usize) -> Vec<Block> {
    let year = x.spec.index_year;
    let mut blocks = Vec::new();
    let mut rows = Vec::new();
    for g in x.groups {
        let mut moved: Vec<&crate::model::scores::Ranked> =
            g.ranking.iter().filter(|r| r.index_change.is_some()).collect();
        if moved.is_empty() {
            continue;
        }
        moved.sort_by(|a, b| {
            b.index_change
                .unwrap_or(0.0)
                .total_cmp(&a.index_change.unwrap_or(0.0))
        });
        let n = top.min(3).min(moved.len() / 2).max(1);
        let describe = |r: &crate::model::scores::Ranked| {
            let k = r.rank_change.unwrap_or(0);
            let from = r.rank as i64 + k;
            let rank = if k > 0 {
                format!("tăng {k} bậc, từ hạng {from} lên hạng {}", r.rank)
            } else if k < 0 {
                format!("giảm {} bậc, từ hạng {from} xuống hạng {}", -k, r.rank)
            } else {
                format!("giữ hạng {}", r.rank)
            };
            let c = r.index_change.unwrap_or(0.0);
            let index = if c >= 0.0 {
                format!("Chỉ số tăng {} điểm phần trăm", score_text(c))
            } else {
                format!("Chỉ số giảm {} điểm phần trăm", score_text(-c))
            };
            format!("{} ({rank}; {index})", r.name)
        };
        let gains: Vec<String> = moved
            .iter()
            .take(n)
            .filter(|r| r.index_change.is_some_and(|c| c > 0.0))
            .map(|r| describe(r))
            .collect();
        let falls: Vec<String> = moved
            .iter()
            .rev()
            .take(n)
            .filter(|r| r.index_change.is_some_and(|c| c < 0.0))
            .map(|r| describe(r))
            .collect();
        let mut s = format!("{}: ", capital(g.kind.words()));
        if !gains.is_empty() {
            s.push_str(&format!("tăng nhiều nhất là {}", gains.join("; ")));
        }
        if !falls.is_empty() {
            if !gains.is_empty() {
                s.push_str("; ");
            }
            s.push_str(&format!("giảm nhiều nhất là {}", falls.join("; ")));
        }
        s.push('.');
        blocks.push(Block::Paragraph { text: s });
        for r in moved
            .iter()
            .take(n)
            .filter(|r| r.index_change.is_some_and(|c| c > 0.0))
            .chain(
                moved
                    .iter()
                    .rev()
                    .take(n)
                    .filter(|r| r.index_change.is_some_and(|c| c < 0.0)),
            )
        {
            let k = r.rank_change.unwrap_or(0);
            rows.push(Row::Cells {
                cells: vec![
                    (rows.len() + 1).to_string(),
                    r.name.clone(),
                    (r.rank as i64 + k).to_string(),
                    r.rank.to_string(),
                    last_index(r).map(score_text).unwrap_or_default(),
                    score_text(r.index),
                    signed_score_text(r.index_change.unwrap_or(0.0)),
                ],
            });
        }
    }
    if !rows.is_empty() {
        let mut table = Table {
            columns: vec![
                Column::new("STT", 3.0, Align::Center),
                Column::new("Cơ quan, đơn vị", 18.0, Align::Left),
                Column::new(format!("Xếp hạng năm {py}"), 5.0, Align::Center),
                Column::new(format!("Xếp hạng năm {year}"), 5.0, Align::Center),
                Column::new(format!("Chỉ số năm {py} (%)"), 5.0, Align::Center),
                Column::new(format!("Chỉ số năm {year} (%)"), 5.0, Align::Center),
                Column::new("Tăng (+), giảm (-) (điểm phần trăm)", 6.0, Align::Center),
            ],
            rows,
            text: TableText::Compact,
        };
        // Names on one line.
        table.fit_column(1, false, 0.45);
        blocks.push(Block::Table(table));
    }
    blocks
}
