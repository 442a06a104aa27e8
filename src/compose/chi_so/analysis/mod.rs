//! The Sở Nội vụ's report on the year's Chỉ số CCHC (Báo cáo kết quả xác định Chỉ số
//! CCHC), sent with the draft decision: how the index was determined, the results of
//! each kind of agency, the lĩnh vực, the strongest and weakest criteria, the gap
//! between self and appraised scores, the change since last year, and the Sở's
//! proposals. Every figure is computed from the checked scores; each finding is a
//! sentence with its figures, with a table or chart where a reader would rather look.

use crate::doc::{Block, Document};
use crate::model::scores::{
    Criterion, RankGroup, RankKind, ScoreSettings, ScoreTable, round2, score_text,
};
use crate::read::spec::{AnalysisSpec, parse_structured_text};

mod change;
mod criteria;
mod fields;

use change::change_blocks;
use criteria::{criteria_blocks, gap_blocks};
use fields::fields_blocks;

/// "76,07%": an index or rate as published, two decimals.
pub(super) fn pct(v: f64) -> String {
    format!("{}%", score_text(v))
}

/// "02", "15": a count of agencies or criteria, as official texts write them.
pub(super) fn count(n: usize) -> String {
    format!("{n:02}")
}

/// "các sở, ban, ngành" → "Các sở, ban, ngành".
pub(super) fn capital(s: &str) -> String {
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
        mark: None,
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
        who.push(format!(
            "{} {}",
            count(g.ranking.len()),
            g.kind.words().replace("các ", "")
        ));
        let crit = criteria_of(x.table, g.kind);
        let survey: f64 = crit
            .iter()
            .filter(|(_, c)| c.survey)
            .map(|(_, c)| c.max)
            .sum();
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
pub(super) fn last_index(r: &crate::model::scores::Ranked) -> Option<f64> {
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
            let up = g
                .ranking
                .iter()
                .filter(|r| r.index_change.is_some_and(|c| c > 0.0))
                .count();
            let down = g
                .ranking
                .iter()
                .filter(|r| r.index_change.is_some_and(|c| c < 0.0))
                .count();
            // The change of the averages as printed, so the sentence adds up.
            let (before, now) = (round2(before), round2(now));
            let d = round2(now - before);
            let (before, now) = (pct(before), pct(now));
            let moved = if d > 0.0 {
                format!(
                    "tăng {} điểm phần trăm (từ {before} lên {now})",
                    score_text(d)
                )
            } else if d < 0.0 {
                format!(
                    "giảm {} điểm phần trăm (từ {before} xuống {now})",
                    score_text(-d)
                )
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

/// "Cải cách thể chế" → "cải cách thể chế" inside a sentence (an abbreviation such as
/// "TTHC" stays).
pub(super) fn lower_first(s: &str) -> String {
    let mut it = s.chars();
    match (it.next(), it.clone().next()) {
        (Some(f), Some(n)) if f.is_uppercase() && !n.is_uppercase() => {
            f.to_lowercase().chain(it).collect()
        }
        _ => s.to_string(),
    }
}

pub(super) fn roman(n: usize) -> String {
    const R: [&str; 20] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ];
    R.get(n - 1)
        .map_or_else(|| n.to_string(), |s| s.to_string())
}
