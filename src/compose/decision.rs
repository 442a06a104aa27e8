//! Quyết định drafts from a TOML spec written by staff (schema in README), composed into
//! the document model: issuer, number, date, trích yếu, căn cứ lines, the "Xét đề nghị…"
//! line, articles, signer, Nơi nhận, and attachments — a Kế hoạch given as structured
//! text, and the Danh mục table read from a catalogue workbook.

use crate::doc::{Align, Appendix, Block, Column, Document, Row, Table, TableText};
use crate::model::catalogue::Catalogue;
use crate::model::registry::Registry;
use crate::read::spec::{DecisionSpec, SpecError, parse_structured_text};
use std::path::Path;

impl DecisionSpec {
    /// Composes the document. Catalogue paths are resolved against `base` (the spec's
    /// folder).
    pub fn compose(&self, base: &Path, registry: &Registry) -> Result<Document, SpecError> {
        self.compose_with(base, registry, &Indexes::default())
    }

    /// Composes the document, taking the indexes of its scoring workbooks from
    /// `indexes` (shared with [`DecisionSpec::compose_analysis`]).
    pub fn compose_with(
        &self,
        base: &Path,
        registry: &Registry,
        indexes: &Indexes,
    ) -> Result<Document, SpecError> {
        let resolve = |p: &Path| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        };
        let mut body: Vec<Block> = self
            .can_cu
            .iter()
            .map(|t| Block::CanCu { text: t.clone() })
            .chain(
                self.basis
                    .iter()
                    .map(|b| Block::CanCu { text: b.sentence() }),
            )
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
                let cat = Catalogue::read(&resolve(c), registry, None)
                    .map_err(|e| SpecError::Attachment(e.to_string()))?;
                blocks.push(Block::Table(annex_table(&cat)));
            }
            if let Some(s) = &a.scores {
                let previous = a.previous.as_deref().map(resolve);
                blocks.extend(ranking_annex(
                    a,
                    &resolve(s),
                    previous.as_deref(),
                    registry,
                    indexes,
                )?);
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
            mark: None,
        })
    }
}

impl DecisionSpec {
    /// The analysis report the spec's `[analysis]` asks for, with its file stem
    /// (`bao-cao-` and the decision's stem unless the spec names one); `None` without
    /// one.
    pub fn compose_analysis(
        &self,
        base: &Path,
        registry: &Registry,
        decision_stem: &str,
        indexes: &Indexes,
    ) -> Option<Result<(String, Document), SpecError>> {
        let spec = self.analysis.as_ref()?;
        let resolve = |p: &Path| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        };
        let previous = spec.previous.as_deref().map(resolve);
        Some(
            indexes
                .get(&resolve(&spec.scores), previous.as_deref(), registry)
                .map(|index| {
                    let (table, settings, groups) = &*index;
                    let doc = crate::compose::chi_so::analysis::analysis_document(
                        &crate::compose::chi_so::analysis::Inputs {
                            spec,
                            table,
                            settings,
                            groups,
                            previous_year: previous.is_some().then_some(spec.index_year - 1),
                        },
                    );
                    let stem = spec
                        .stem
                        .clone()
                        .unwrap_or_else(|| format!("bao-cao-{decision_stem}"));
                    (crate::output::safe_file_stem(&stem), doc)
                }),
        )
    }
}

/// A scoring workbook's checked table, its settings and both kinds ranked.
pub type Index = (
    crate::model::scores::ScoreTable,
    crate::model::scores::ScoreSettings,
    Vec<crate::model::scores::RankGroup>,
);

/// A workbook and last year's results, as a document names them.
type IndexKey = (std::path::PathBuf, Option<std::path::PathBuf>);

/// The index of each scoring workbook (and last year's results) a spec names, computed
/// once: a Quyết định công bố names the same workbook in both annexes and its analysis
/// report, and each reading checks two workbooks.
#[derive(Default)]
pub struct Indexes {
    done: std::cell::RefCell<Vec<(IndexKey, std::rc::Rc<Index>)>>,
}

impl Indexes {
    /// The index of `path` compared with `previous`, computed on first use.
    pub fn get(
        &self,
        path: &Path,
        previous: Option<&Path>,
        registry: &Registry,
    ) -> Result<std::rc::Rc<Index>, SpecError> {
        let key = (path.to_path_buf(), previous.map(Path::to_path_buf));
        if let Some((_, i)) = self.done.borrow().iter().find(|(k, _)| *k == key) {
            return Ok(i.clone());
        }
        let index = std::rc::Rc::new(index_of(path, previous, registry)?);
        self.done.borrow_mut().push((key, index.clone()));
        Ok(index)
    }
}

/// The index of a scoring workbook, for a document: the workbook checked (a published
/// ranking must be right, so any error stops the draft, with the findings), last year's
/// results read, and both kinds ranked.
pub fn index_of(
    path: &Path,
    previous: Option<&Path>,
    registry: &Registry,
) -> Result<Index, SpecError> {
    let (table, settings, diags) = crate::check::scores::load(path, registry)
        .map_err(|e| SpecError::Attachment(e.to_string()))?;
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    if !errors.is_empty() {
        return Err(SpecError::Attachment(format!(
            "bảng điểm {} có {} lỗi, chưa lập được bảng xếp hạng (xem `vanban chi-so`): {}",
            path.display(),
            errors.len(),
            errors
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    let last = previous
        .map(|p| crate::aggregate::ranking::load_previous(p, registry))
        .transpose()
        .map_err(|e| SpecError::Attachment(e.to_string()))?;
    let groups = crate::aggregate::ranking::rank(&table, &settings, last.as_ref());
    Ok((table, settings, groups))
}

/// A ranking attachment: the ranking of the attachment's kind as a table, the bands
/// stated, and a chart.
fn ranking_annex(
    a: &crate::read::spec::AttachmentSpec,
    path: &Path,
    previous: Option<&Path>,
    registry: &Registry,
    indexes: &Indexes,
) -> Result<Vec<Block>, SpecError> {
    use crate::model::scores::RankKind;
    let index = indexes.get(path, previous, registry)?;
    let (_, settings, groups) = &*index;
    let kind = a.ranking.unwrap_or(RankKind::Department);
    let group = groups.iter().find(|g| g.kind == kind).ok_or_else(|| {
        SpecError::Attachment(format!(
            "bảng điểm {} không có {}",
            path.display(),
            kind.words()
        ))
    })?;
    let title = a
        .chart_title
        .clone()
        .unwrap_or_else(|| format!("Biểu đồ Chỉ số cải cách hành chính của {}", kind.words()));
    Ok(crate::compose::chi_so::ranking_blocks(
        group, settings, &title,
    ))
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
        text: TableText::Compact,
    }
}
