//! Quyết định drafts from a TOML spec written by staff (schema in README), composed into
//! the document model: issuer, number, date, trích yếu, căn cứ lines, the "Xét đề nghị…"
//! line, articles, signer, Nơi nhận, and attachments — a Kế hoạch given as structured
//! text, and the Danh mục table read from a catalogue workbook.

use crate::catalogue::Catalogue;
use crate::doc::{Align, Appendix, Block, Column, Document, Issuer, Row, Signature, Table};
use crate::registry::Registry;
use chrono::NaiveDate;
use regex::Regex;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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
    /// "Xét đề nghị của …" / "Theo đề nghị của …".
    pub de_nghi: Option<String>,
    /// Article texts: "Điều 1." is added in front of the first, and so on.
    pub articles: Vec<String>,
    pub signature: Signature,
    #[serde(default)]
    pub noi_nhan: Vec<String>,
    #[serde(default, rename = "attachment")]
    pub attachments: Vec<AttachmentSpec>,
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
    pub signature: Option<Signature>,
}

impl DecisionSpec {
    pub fn load(path: &Path) -> Result<DecisionSpec, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("không đọc được {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("{} sai cú pháp: {e}", path.display()))
    }

    /// Composes the document. Catalogue paths are resolved against `base` (the spec's
    /// folder).
    pub fn compose(&self, base: &Path, registry: &Registry) -> Result<Document, String> {
        let mut body: Vec<Block> = self
            .can_cu
            .iter()
            .map(|t| Block::CanCu { text: t.clone() })
            .collect();
        if let Some(d) = &self.de_nghi {
            body.push(Block::CanCu { text: d.clone() });
        }
        body.push(Block::Center {
            text: "QUYẾT ĐỊNH:".into(),
            bold: true,
        });
        for (i, a) in self.articles.iter().enumerate() {
            body.push(Block::Article {
                label: format!("Điều {}.", i + 1),
                text: a.clone(),
            });
        }
        let mut appendices = Vec::new();
        for a in &self.attachments {
            let mut blocks = match &a.text {
                Some(t) => parse_structured_text(t),
                None => Vec::new(),
            };
            if let Some(c) = &a.catalogue {
                let path = if c.is_absolute() {
                    c.clone()
                } else {
                    base.join(c)
                };
                let cat = Catalogue::read(&path, registry, None).map_err(|e| e.to_string())?;
                blocks.push(Block::Table(annex_table(&cat)));
            }
            appendices.push(Appendix {
                label: a.label.clone(),
                kind: a.kind.clone(),
                title: a.title.clone(),
                reference: a.reference.clone(),
                issuer_header: a.issuer_header,
                landscape: a.landscape,
                body: blocks,
                signature: a.signature.clone(),
            });
        }
        Ok(Document {
            kind: "Quyết định".into(),
            issuer: self.issuer.clone(),
            number: self.number,
            date: self.date,
            year: self.year.or(self.date.map(|d| chrono::Datelike::year(&d))),
            title: self.title.clone(),
            authority: Some(
                self.authority
                    .clone()
                    .unwrap_or_else(|| self.issuer.name.to_uppercase()),
            ),
            recipients: Vec::new(),
            body,
            signature: self.signature.clone(),
            noi_nhan: self.noi_nhan.clone(),
            appendices,
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

/// The annex table of a catalogue, laid out as the annex: group rows, subgroup rows,
/// parent rows above a)/b) items, each task with its lead, partners, product and
/// deadline as written.
pub fn annex_table(cat: &Catalogue) -> Table {
    let columns = vec![
        Column {
            title: "Stt".into(),
            width: 5.0,
            align: Align::Center,
        },
        Column {
            title: "Nội dung công việc".into(),
            width: 33.0,
            align: Align::Left,
        },
        Column {
            title: "Cơ quan chủ trì".into(),
            width: 14.0,
            align: Align::Left,
        },
        Column {
            title: "Cơ quan phối hợp".into(),
            width: 18.0,
            align: Align::Left,
        },
        Column {
            title: "Sản phẩm".into(),
            width: 16.0,
            align: Align::Left,
        },
        Column {
            title: "Thời gian thực hiện/ hoàn thành".into(),
            width: 14.0,
            align: Align::Left,
        },
    ];
    let mut rows = Vec::new();
    let mut group = None;
    let mut subgroup: Option<&str> = None;
    let mut parent: Option<(&str, u32)> = None;
    for t in &cat.tasks {
        if group != Some(t.group.as_str()) {
            group = Some(t.group.as_str());
            subgroup = None;
            parent = None;
            if let Some(g) = cat.group(&t.group) {
                let text = if g.heading.is_empty() {
                    format!("{}. {}", g.id, g.title)
                } else {
                    g.heading.clone()
                };
                rows.push(Row::Group { text });
            }
        }
        if t.subgroup.as_deref() != subgroup {
            subgroup = t.subgroup.as_deref();
            if let Some(sg) = subgroup {
                rows.push(Row::Subgroup {
                    text: sg.to_string(),
                });
            }
        }
        let number: String = t.code.chars().take_while(char::is_ascii_digit).collect();
        let letter = t.code.chars().find(|c| !c.is_ascii_digit());
        let n: u32 = number.parse().unwrap_or(0);
        let mut stt = number.clone();
        let mut title = t.title.clone();
        if let Some(l) = letter {
            title = format!("{l}) {title}");
            let new_series = parent.is_none_or(|(_, pn)| pn != n);
            if new_series {
                let parent_title = t.parent.as_deref().unwrap_or("");
                // A subgroup heading that introduces the series is already printed.
                if !parent_title.is_empty() && Some(parent_title) != subgroup {
                    rows.push(Row::Cells {
                        cells: vec![
                            if t.parent_numbered {
                                number.clone()
                            } else {
                                String::new()
                            },
                            parent_title.to_string(),
                            String::new(),
                            String::new(),
                            String::new(),
                            String::new(),
                        ],
                    });
                }
                parent = Some((parent_title, n));
                if t.parent_numbered {
                    stt.clear();
                }
            } else {
                stt.clear();
            }
        } else {
            parent = None;
        }
        rows.push(Row::Cells {
            cells: vec![
                stt,
                title,
                t.lead.text.clone(),
                t.partners.text.clone(),
                t.product.clone(),
                t.deadline.text.clone(),
            ],
        });
    }
    Table {
        columns,
        rows,
        size: 11.0,
    }
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
