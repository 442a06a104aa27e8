//! Decision specs: the TOML file staff write for a Quyết định draft (schema in README),
//! and the structured text of its attached Kế hoạch, read into document blocks.

use crate::doc::{Block, Issuer, Signature};
use chrono::NaiveDate;
use regex::Regex;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Why a decision spec (or what it points to) cannot be used. Messages are Vietnamese.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("không đọc được {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file} sai cú pháp: {message}")]
    Syntax { file: String, message: String },
    /// The catalogue an attachment points to cannot be read or has errors.
    #[error("{0}")]
    Attachment(String),
}

/// The spec file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionSpec {
    pub issuer: Issuer,
    /// Omit for a draft (the number is left blank for the văn thư).
    pub number: Option<u32>,
    /// Omit for a draft (day and month left blank).
    pub date: Option<NaiveDate>,
    /// Year of a draft's date line.
    pub year: Option<i32>,
    /// Trích yếu.
    pub title: String,
    /// Authority line; defaults to the issuer's name.
    pub authority: Option<String>,
    #[serde(default)]
    pub can_cu: Vec<String>,
    /// Documents cited as căn cứ, as data ("Căn cứ Quyết định số … ngày … của … …;"),
    /// printed after `can_cu`.
    #[serde(default)]
    pub basis: Vec<Basis>,
    /// "Xét đề nghị của …" / "Theo đề nghị của …".
    pub de_nghi: Option<String>,
    /// Article texts: "Điều 1." is added in front of the first, and so on.
    pub articles: Vec<String>,
    pub signature: Signature,
    #[serde(default)]
    pub noi_nhan: Vec<String>,
    #[serde(default, rename = "attachment")]
    pub attachments: Vec<AttachmentSpec>,
    /// The report the Sở sends with a Chỉ số decision (Báo cáo kết quả xác định Chỉ số
    /// CCHC), drafted beside it.
    pub analysis: Option<AnalysisSpec>,
}

/// A document cited as căn cứ.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    /// "Quyết định", "Kế hoạch", "Nghị định"…
    pub kind: String,
    /// "30/2018/QĐ-UBND".
    pub number: String,
    pub date: NaiveDate,
    /// "Ủy ban nhân dân thành phố".
    pub issuer: String,
    /// What it does, as its trích yếu reads after the kind: "ban hành Quy định …".
    pub subject: String,
}

impl Basis {
    /// "Căn cứ Quyết định số 30/2018/QĐ-UBND ngày 09/10/2018 của Ủy ban nhân dân thành
    /// phố ban hành Quy định …;"
    pub fn sentence(&self) -> String {
        format!(
            "Căn cứ {} số {} ngày {} của {} {};",
            self.kind,
            self.number,
            self.date.format("%d/%m/%Y"),
            self.issuer,
            self.subject.trim().trim_end_matches([';', '.'])
        )
    }
}

/// The analysis report of a Chỉ số decision: who sends it to whom, and what the
/// figures cannot say (how the index was organised, the Sở's proposals).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisSpec {
    pub issuer: Issuer,
    /// The line above the issuer ("UBND THÀNH PHỐ HẢI PHÒNG").
    pub authority: Option<String>,
    pub year: Option<i32>,
    pub date: Option<NaiveDate>,
    pub number: Option<u32>,
    pub title: String,
    #[serde(default)]
    pub recipients: Vec<String>,
    /// The scoring workbook and last year's results (paths relative to the spec).
    pub scores: PathBuf,
    pub previous: Option<PathBuf>,
    /// The year scored (2018) and the year compared with, as printed.
    pub index_year: i32,
    /// Section I: how the index was determined (structured text).
    pub introduction: Option<String>,
    /// The last section: the Sở's proposals (structured text).
    pub proposals: Option<String>,
    /// How many criteria, agencies and gaps each list names (default 5).
    pub top: Option<usize>,
    pub signature: Signature,
    #[serde(default)]
    pub noi_nhan: Vec<String>,
    /// The output file's stem (default: "bao-cao-" and the decision's stem).
    pub stem: Option<String>,
}

/// An attached document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentSpec {
    pub label: Option<String>,
    pub kind: Option<String>,
    pub title: String,
    pub reference: Option<String>,
    #[serde(default)]
    pub issuer_header: bool,
    #[serde(default)]
    pub landscape: bool,
    /// Structured text (see [`parse_structured_text`]).
    pub text: Option<String>,
    /// A catalogue workbook whose annex becomes the attachment's table (path relative
    /// to the spec file).
    pub catalogue: Option<PathBuf>,
    /// A Chỉ số CCHC scoring workbook: the attachment is the ranking of `ranking`.
    pub scores: Option<PathBuf>,
    /// Last year's results, for the change in rank and index (see `vanban chi-so
    /// --previous`).
    pub previous: Option<PathBuf>,
    pub ranking: Option<crate::model::scores::RankKind>,
    /// The chart's title (a ranking attachment).
    pub chart_title: Option<String>,
    pub signature: Option<Signature>,
}

impl DecisionSpec {
    pub fn load(path: &Path) -> Result<DecisionSpec, SpecError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| SpecError::Io {
            file: file.clone(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| SpecError::Syntax {
            file,
            message: e.to_string(),
        })
    }
}

/// Reads structured text, one block per non-empty line:
/// - `I. …`, `II. …` → level-1 heading;
/// - `1. …` ending with ":" or shorter than 80 characters → level-2 heading, otherwise a
///   paragraph (a numbered clause);
/// - `a) …` ending with ":" → level-3 heading, otherwise a paragraph;
/// - `- …` → a dash line; anything else → a paragraph.
///
/// A line starting with `\` is always a plain paragraph (the backslash is dropped).
pub fn parse_structured_text(text: &str) -> Vec<Block> {
    static ROMAN: OnceLock<Regex> = OnceLock::new();
    static NUM: OnceLock<Regex> = OnceLock::new();
    static LETTER: OnceLock<Regex> = OnceLock::new();
    let roman = ROMAN.get_or_init(|| Regex::new(r"^[IVXL]+\.\s").unwrap());
    let num = NUM.get_or_init(|| Regex::new(r"^\d+\.\s").unwrap());
    let letter = LETTER.get_or_init(|| Regex::new(r"^[a-zđ]\)\s").unwrap());
    let mut out = Vec::new();
    for line in text.lines() {
        let line = crate::text::clean(line);
        if line.is_empty() {
            continue;
        }
        let short_or_colon = line.ends_with(':') || line.chars().count() < 80;
        let block = if let Some(rest) = line.strip_prefix('\\') {
            Block::Paragraph {
                text: rest.trim().to_string(),
            }
        } else if roman.is_match(&line) {
            Block::Heading {
                level: 1,
                text: line,
            }
        } else if num.is_match(&line) && short_or_colon {
            Block::Heading {
                level: 2,
                text: line,
            }
        } else if letter.is_match(&line) && line.ends_with(':') {
            Block::Heading {
                level: 3,
                text: line,
            }
        } else if let Some(rest) = line.strip_prefix("- ") {
            Block::Bullet {
                text: rest.to_string(),
            }
        } else {
            Block::Paragraph { text: line }
        };
        out.push(block);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structured_text() {
        let blocks = parse_structured_text(
            "I. MỤC ĐÍCH\n1. Mục đích, yêu cầu:\na) Tiếp tục đẩy mạnh triển khai thực hiện có hiệu quả Chương trình tổng thể cải cách hành chính.\nb) Tổ chức chỉ đạo:\n- Chỉ đạo tổ chức thực hiện\n\\1. not a heading\nĐoạn văn.",
        );
        assert!(matches!(&blocks[0], Block::Heading { level: 1, .. }));
        assert!(matches!(&blocks[1], Block::Heading { level: 2, .. }));
        assert!(matches!(&blocks[2], Block::Paragraph { .. }));
        assert!(matches!(&blocks[3], Block::Heading { level: 3, .. }));
        assert!(
            matches!(&blocks[4], Block::Bullet { text } if text == "Chỉ đạo tổ chức thực hiện")
        );
        assert!(matches!(&blocks[5], Block::Paragraph { text } if text == "1. not a heading"));
        assert_eq!(blocks.len(), 7);
    }
}
