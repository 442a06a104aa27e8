//! PDF writer: Typst used as a library.
//!
//! The template (`templates/van-ban.typ`) and the fonts (Liberation Serif, metric-
//! compatible with Times New Roman, `templates/fonts/`) are compiled into the binary,
//! so a fresh machine renders identically without system fonts. The document reaches
//! the template as data: a virtual file `/data.json`. One [`PdfWriter`] holds the parsed
//! fonts and the template and is shared by every document (and thread) of a batch; after
//! each document Typst's memoisation cache is trimmed so memory stays flat.

use super::style::Style;
use super::{BarChart, Document};

mod picture;
mod space;
use serde::Serialize;
pub use space::SigningSpace;
use std::path::Path;
use std::sync::Arc;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfStandard, PdfStandards, Timestamp};

/// The chart function, shared by the document template and the chart image.
const CHART: &str = include_str!("../../templates/chart.typ");
const TEMPLATE: &str = include_str!("../../templates/van-ban.typ");
/// A chart alone, on a page as tall as the chart (the DOCX writer's image).
const CHART_PAGE: &str = "
#let data = json(\"/data.json\")
#set text(font: data.style.fonts, lang: \"vi\", top-edge: \"ascender\", bottom-edge: \"descender\")
#set page(width: data.width_pt * 1pt, height: auto, margin: 2pt, fill: white)
#chart-bars(data.chart, data.style)
";
/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("không dựng được văn bản PDF: {0}")]
    Compile(String),
    #[error("không đọc được thư mục phông chữ {0}: {1}")]
    Fonts(String, String),
}

/// Fonts and template, parsed once and shared.
pub struct PdfWriter {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Arc<Vec<Font>>,
    main: FileId,
    data_id: FileId,
    template: Source,
    chart_page: Source,
    style: Style,
    /// Raw data of the fonts of the font folder, for glyph coverage checks (the
    /// embedded fonts' coverage is [`crate::fonts::drawable`], remembered per character).
    faces: Vec<Bytes>,
    /// Write PDF/A-2b (ISO 19005-2, the archival format records offices keep).
    pdfa: bool,
}

/// A document laid out by Typst, ready to be written as PDF.
pub struct Laid {
    paged: PagedDocument,
    /// The document as laid out (characters no font draws replaced).
    doc: Document,
    /// The single-spaced style, when the document was fitted onto its page.
    pub fitted: Option<Style>,
}

impl Laid {
    /// How many pages the document takes.
    pub fn pages(&self) -> usize {
        self.paged.pages().len()
    }
}

/// What the template receives.
#[derive(Serialize)]
struct TemplateData<'a> {
    document: &'a Document,
    style: &'a Style,
    number_line: String,
    date_line: String,
    type_name: Option<String>,
    is_cong_van: bool,
    /// Document metadata: "Quyết định 3472/QĐ-UBND" (or "Báo cáo (dự thảo)").
    pdf_title: String,
    /// Document metadata: the trích yếu as typed (the document's running text carries
    /// the identifier marks of [`mark_identifiers`]).
    description: &'a str,
    /// The document's day as [year, month, day], for the metadata date.
    day: Option<[i32; 3]>,
    /// How many blocks at the end of the body (and of each appendix) travel with the
    /// signature block (see [`super::style::kept_with_signature`]).
    keep_main: usize,
    keep_appendices: Vec<usize>,
    /// The issuer's name (and parent) split into printed lines.
    issuer_lines: Vec<String>,
    parent_lines: Vec<String>,
}

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("valid virtual path"),
    )
    .intern()
}

impl PdfWriter {
    /// A writer with the embedded fonts only.
    pub fn new() -> PdfWriter {
        Self::with_font_dir(None).expect("embedded fonts load")
    }

    /// A writer with the embedded fonts plus every `.ttf`/`.otf`/`.ttc` of a folder
    /// (e.g. an office's real Times New Roman, which the template then prefers).
    pub fn with_font_dir(dir: Option<&Path>) -> Result<PdfWriter, PdfError> {
        let mut fonts: Vec<Font> = Vec::new();
        let mut faces: Vec<Bytes> = Vec::new();
        if let Some(dir) = dir {
            let entries = std::fs::read_dir(dir)
                .map_err(|e| PdfError::Fonts(dir.display().to_string(), e.to_string()))?;
            let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for p in paths {
                let ext = p
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                if matches!(ext.as_str(), "ttf" | "otf" | "ttc" | "otc")
                    && let Ok(bytes) = std::fs::read(&p)
                {
                    let b = Bytes::new(bytes);
                    faces.push(b.clone());
                    fonts.extend(Font::iter(b));
                }
            }
        }
        for data in crate::fonts::EMBEDDED {
            fonts.extend(Font::iter(Bytes::new(data)));
        }
        let book = FontBook::from_fonts(&fonts);
        let main = file_id("/main.typ");
        Ok(PdfWriter {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(book),
            fonts: Arc::new(fonts),
            main,
            data_id: file_id("/data.json"),
            template: Source::new(main, format!("{CHART}\n{TEMPLATE}")),
            chart_page: Source::new(main, format!("{CHART}\n{CHART_PAGE}")),
            style: Style::default(),
            faces,
            pdfa: true,
        })
    }

    /// The same writer producing plain PDF instead of PDF/A-2b.
    pub fn pdfa(mut self, on: bool) -> PdfWriter {
        self.pdfa = on;
        self
    }

    /// Characters of the document that no available font can draw.
    pub fn missing_glyphs(&self, doc: &Document) -> Vec<char> {
        let mut chars = std::collections::BTreeSet::new();
        for p in doc.paragraphs() {
            chars.extend(p.chars());
        }
        chars
            .into_iter()
            .filter(|&c| !crate::fonts::drawable(c))
            .filter(|&c| {
                !self
                    .faces
                    .iter()
                    .any(|f| crate::fonts::has_outline(f.as_slice(), c))
            })
            .collect()
    }

    /// A chart's bars drawn by the same Typst function as in the PDF, as a PNG image
    /// `width_pt` wide (for the DOCX writer), with its size in points.
    pub fn chart_png(
        &self,
        chart: &BarChart,
        width_pt: f64,
    ) -> Result<(Vec<u8>, f64, f64), PdfError> {
        #[derive(serde::Serialize)]
        struct ChartData<'a> {
            chart: &'a BarChart,
            style: &'a Style,
            width_pt: f64,
        }
        let json = serde_json::to_vec(&ChartData {
            chart,
            style: &self.style,
            width_pt,
        })
        .map_err(|e| PdfError::Compile(e.to_string()))?;
        let world = DocWorld {
            writer: self,
            source: &self.chart_page,
            data: Bytes::new(json),
            today: None,
        };
        let paged = typst::compile::<PagedDocument>(&world)
            .output
            .map_err(|errs| PdfError::Compile(describe(&errs)))?;
        let page = paged
            .pages()
            .first()
            .ok_or_else(|| PdfError::Compile("biểu đồ không có trang".into()))?;
        let size = page.frame.size();
        let options = typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(self.style.chart.image_px_per_pt),
            ..Default::default()
        };
        let pixmap = typst_render::render(page, &options);
        let png = picture::encode_opaque_png(pixmap.data(), pixmap.width(), pixmap.height())
            .map_err(|e| PdfError::Compile(e.to_string()))?;
        Ok((png, size.x.to_pt(), size.y.to_pt()))
    }

    /// Renders a document to PDF bytes. A character no font draws (an emoji an agency
    /// typed) is printed as [`crate::fonts::PLACEHOLDER`], so one character never costs
    /// the city a document days before a deadline: the checks have already told the
    /// clerk where it came from (`text.unprintable`), and the DOCX keeps it.
    pub fn render(&self, doc: &Document) -> Result<Vec<u8>, PdfError> {
        self.render_fitted(doc).map(|(pdf, _)| pdf)
    }

    /// Renders a document, fitted (see [`PdfWriter::lay_out`]). Returns the style used,
    /// for the DOCX to follow.
    pub fn render_fitted(&self, doc: &Document) -> Result<(Vec<u8>, Option<Style>), PdfError> {
        let laid = self.lay_out(doc)?;
        Ok((self.write(&laid)?, laid.fitted))
    }

    /// Lays a document out, fitted: a document whose main part runs one page over onto a
    /// second — a one-page decision or letter whose signature block spills — is set
    /// with single line spacing (Nghị định 30's minimum) when that keeps it on one
    /// page, as a drafter would. The layout fixes the style the DOCX follows
    /// ([`Laid::fitted`]), so the PDF's export and the DOCX can then be written at once.
    pub fn lay_out(&self, doc: &Document) -> Result<Laid, PdfError> {
        let replace: std::collections::HashSet<char> =
            self.missing_glyphs(doc).into_iter().collect();
        let doc = sanitized(doc, &replace);
        let paged = self.compile(&doc, &self.style)?;
        if main_pages(&paged) == Some(2)
            && doc
                .body
                .iter()
                .all(|b| !matches!(b, super::Block::Table(_) | super::Block::Chart(_)))
        {
            // Tried on the main part alone (an annex may be long), laid out whole only
            // when it fits.
            let tight = self.style.single_spaced();
            let main = Document {
                appendices: Vec::new(),
                ..doc.clone()
            };
            if main_pages(&self.compile(&main, &tight)?) == Some(1) {
                let fitted = self.compile(&doc, &tight)?;
                if main_pages(&fitted) == Some(1) {
                    return Ok(Laid {
                        paged: fitted,
                        doc,
                        fitted: Some(tight),
                    });
                }
            }
        }
        Ok(Laid {
            paged,
            doc,
            fitted: None,
        })
    }

    /// The PDF of a laid-out document.
    pub fn write(&self, laid: &Laid) -> Result<Vec<u8>, PdfError> {
        self.export(&laid.paged, &laid.doc)
    }

    /// Lays out the document with a style.
    fn compile(&self, doc: &Document, style: &Style) -> Result<PagedDocument, PdfError> {
        let marked = doc.with_title_lines().with_running_text(mark_identifiers);
        let data = TemplateData {
            document: &marked,
            description: &doc.title,
            style,
            number_line: doc.number_line(),
            date_line: doc.date_line(),
            type_name: doc.type_name(),
            is_cong_van: doc.is_cong_van(),
            pdf_title: doc.reference_title(),
            keep_main: super::style::kept_with_signature(&doc.body, style),
            keep_appendices: doc
                .appendices
                .iter()
                .map(|a| super::style::kept_with_signature(&a.body, style))
                .collect(),
            day: document_day(&doc).map(|d| {
                use chrono::Datelike;
                [d.year(), d.month() as i32, d.day() as i32]
            }),
            issuer_lines: super::fit_lines(
                &doc.issuer.name.to_uppercase(),
                style.roles.issuer_name.size_pt,
                true,
                style.left_col_cm,
            ),
            parent_lines: doc
                .issuer
                .parent
                .as_deref()
                .map(|p| {
                    super::fit_lines(
                        &p.to_uppercase(),
                        style.roles.issuer_parent.size_pt,
                        false,
                        style.left_col_cm,
                    )
                })
                .unwrap_or_default(),
        };
        let json = serde_json::to_vec(&data).map_err(|e| PdfError::Compile(e.to_string()))?;
        let world = DocWorld {
            writer: self,
            source: &self.template,
            data: Bytes::new(json),
            today: doc.date,
        };
        typst::compile::<PagedDocument>(&world)
            .output
            .map_err(|errs| PdfError::Compile(describe(&errs)))
    }

    /// The PDF (PDF/A-2b unless turned off) of a laid-out document.
    fn export(&self, paged: &PagedDocument, doc: &Document) -> Result<Vec<u8>, PdfError> {
        let ident = format!("vanban:{}:{}", doc.kind, doc.number_line());
        let standards = if self.pdfa {
            PdfStandards::new(&[PdfStandard::A_2b])
                .map_err(|e| PdfError::Compile(e.message().to_string()))?
        } else {
            PdfStandards::default()
        };
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(ident),
            creator: Smart::Custom(Some("vanban".into())),
            // The document's own date (or 1 January of a draft's year), never the clock:
            // the same document gives the same bytes.
            timestamp: document_day(&doc).and_then(|d| {
                use chrono::Datelike;
                Datetime::from_ymd_hms(d.year(), d.month() as u8, d.day() as u8, 0, 0, 0)
                    .map(Timestamp::new_utc)
            }),
            standards,
            ..Default::default()
        };
        let pdf =
            typst_pdf::pdf(paged, &options).map_err(|errs| PdfError::Compile(describe(&errs)))?;
        evict_now_and_then();
        Ok(pdf)
    }
}

/// Keeps memory flat across a long batch (the web server, a reminder to every agency):
/// after every [`EVICT_EVERY`]-th PDF, Typst's memo cache drops what the documents since
/// the eviction before the last did not use. Evicting walks and frees the whole cache:
/// done after every document, as it was, it took about 4 % of a city run's CPU time,
/// while a city run (12 documents) peaks at the same memory whether it evicts or not.
fn evict_now_and_then() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static EXPORTED: AtomicUsize = AtomicUsize::new(0);
    if (EXPORTED.fetch_add(1, Ordering::Relaxed) + 1).is_multiple_of(EVICT_EVERY) {
        typst::comemo::evict(2);
    }
}

/// How many PDFs are written between two evictions of Typst's memo cache (the cache is
/// the process's, shared by every writer and thread, and so is this count).
const EVICT_EVERY: usize = 16;

/// How many pages the main part of a laid-out document takes (the template marks its
/// end with `<main-end>`).
fn main_pages(paged: &PagedDocument) -> Option<usize> {
    use typst::introspection::Introspector;
    let label = typst::foundations::Label::new(typst::utils::PicoStr::intern("main-end"))?;
    let intro = paged.introspector();
    let loc = intro.query_label(label).ok()?.location()?;
    intro.page(loc).map(|p| p.get())
}

/// Opens an identifier of running text (see [`mark_identifiers`]).
const ID_OPEN: char = '\u{E000}';
/// Closes it.
const ID_CLOSE: char = '\u{E001}';

/// Marks the identifiers of a running text ("3472/QĐ-UBND", "I/2019", see
/// [`super::style::Style::identifier_pattern`]) with two private-use characters, which
/// the template turns into boxes: a box is laid out as one unbreakable piece and adds
/// nothing to the text layer, so the PDF reads as typed. Marks cannot clash with the
/// data: the document is sanitised first, and no font draws these characters.
fn mark_identifiers(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for r in super::lines::identifiers(text) {
        out.push_str(&text[at..r.start]);
        out.push(ID_OPEN);
        out.push_str(&text[r.clone()]);
        out.push(ID_CLOSE);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The day a document is dated: its date, or 1 January of a draft's year, or — for a
/// model with neither — 1 January 2000 (PDF/A needs a date; the clock would make the
/// output differ between runs).
fn document_day(doc: &Document) -> Option<chrono::NaiveDate> {
    doc.date
        .or_else(|| {
            doc.year
                .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 1, 1))
        })
        .or_else(|| chrono::NaiveDate::from_ymd_opt(2000, 1, 1))
}

impl Default for PdfWriter {
    fn default() -> Self {
        Self::new()
    }
}

fn describe(errs: &[SourceDiagnostic]) -> String {
    errs.iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The document with every string stripped of characters that cannot be printed.
fn sanitized(doc: &Document, replace: &std::collections::HashSet<char>) -> Document {
    // Round-trip through JSON, cleaning every string value and printing the characters
    // no font draws as the placeholder.
    fn clean(v: &mut serde_json::Value, replace: &std::collections::HashSet<char>) {
        match v {
            serde_json::Value::String(s) => {
                let p = super::printable(s);
                *s = if replace.is_empty() {
                    p
                } else {
                    p.chars()
                        .map(|c| {
                            if replace.contains(&c) {
                                crate::fonts::PLACEHOLDER
                            } else {
                                c
                            }
                        })
                        .collect()
                };
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| clean(x, replace)),
            serde_json::Value::Object(o) => o.values_mut().for_each(|x| clean(x, replace)),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(doc).expect("document serialises");
    clean(&mut v, replace);
    serde_json::from_value(v).expect("document deserialises")
}

struct DocWorld<'a> {
    writer: &'a PdfWriter,
    /// The main source: the document template, or the chart page.
    source: &'a Source,
    data: Bytes,
    today: Option<chrono::NaiveDate>,
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.writer.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.writer.book
    }

    fn main(&self) -> FileId {
        self.writer.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.writer.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        // Only the data file exists: nothing on disk can be read from a template.
        if id == self.writer.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.writer.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // The document's own date, never the clock: output stays reproducible.
        use chrono::Datelike;
        let d = self.today?;
        Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
    }
}
