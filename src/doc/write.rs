//! Rendering a document in the formats asked for, with one PDF writer (fonts and
//! template parsed once) shared by every document of a batch.

use super::Document;
use super::docx::{self, DocxError};
use super::pdf::{PdfError, PdfWriter};
use std::path::Path;

/// Output formats of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub docx: bool,
    pub pdf: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            docx: true,
            pdf: true,
        }
    }
}

impl Formats {
    /// Parses "docx,pdf", "pdf", "docx".
    pub fn parse(s: &str) -> Result<Formats, String> {
        let mut f = Formats {
            docx: false,
            pdf: false,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.to_ascii_lowercase().as_str() {
                "docx" => f.docx = true,
                "pdf" => f.pdf = true,
                other => {
                    return Err(format!(
                        "định dạng \"{other}\" không hỗ trợ; dùng docx, pdf"
                    ));
                }
            }
        }
        if !f.docx && !f.pdf {
            return Err("cần ít nhất một định dạng: docx, pdf".into());
        }
        Ok(f)
    }
}

impl Writers {
    /// The document's charts as pictures, each as wide as the text of its page.
    fn chart_images(&self, doc: &Document) -> Result<Vec<docx::ChartImage>, PdfError> {
        let Some(w) = self.pdf.as_ref().or(self.charts.as_ref()) else {
            return Ok(Vec::new());
        };
        let style = super::style::standard();
        let width =
            |page_mm: f64| (page_mm - style.margin_left_mm - style.margin_right_mm) * 72.0 / 25.4;
        let mut sections = vec![(&doc.body, 210.0)];
        sections.extend(
            doc.appendices
                .iter()
                .map(|a| (&a.body, if a.landscape { 297.0 } else { 210.0 })),
        );
        let mut out = Vec::new();
        for (blocks, page_mm) in sections {
            for b in blocks {
                if let super::Block::Chart(c) = b {
                    let (png, width_pt, height_pt) = w.chart_png(c, width(page_mm))?;
                    out.push(docx::ChartImage {
                        chart: c.clone(),
                        png,
                        width_pt,
                        height_pt,
                    });
                }
            }
        }
        Ok(out)
    }
}

/// Why a document could not be rendered in one format.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Docx(#[from] DocxError),
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

/// Each format's extension and its bytes, or why it failed.
pub type Rendered = Vec<(&'static str, Result<Vec<u8>, RenderError>)>;

/// The writers of a batch.
pub struct Writers {
    docx: bool,
    pdf: Option<PdfWriter>,
    /// Draws the charts a DOCX embeds when no PDF is asked for (the same Typst function).
    charts: Option<PdfWriter>,
    /// The mark a draft without a number carries ("DỰ THẢO"), if the office wants one.
    draft_mark: Option<String>,
}

impl Writers {
    /// Writers for the formats asked for; the PDF writer takes the extra fonts of
    /// `font_dir` (an office's real Times New Roman) besides the embedded ones.
    pub fn new(formats: Formats, font_dir: Option<&Path>) -> Result<Writers, PdfError> {
        let pdf = if formats.pdf {
            Some(PdfWriter::with_font_dir(font_dir)?)
        } else {
            None
        };
        let charts = match (&pdf, formats.docx) {
            (None, true) => Some(PdfWriter::with_font_dir(font_dir)?),
            _ => None,
        };
        Ok(Writers {
            docx: formats.docx,
            pdf,
            charts,
            draft_mark: None,
        })
    }

    /// Drafts (documents without a number) carry this mark at the top right of their
    /// first page; an issued document never does.
    pub fn draft_mark(mut self, mark: Option<String>) -> Writers {
        self.draft_mark = mark.filter(|m| !m.trim().is_empty());
        self
    }

    /// PDF/A-2b (the default) or plain PDF.
    pub fn pdfa(mut self, on: bool) -> Writers {
        self.pdf = self.pdf.map(|p| p.pdfa(on));
        self
    }

    /// The document in every format asked for: (extension, bytes or the failure). The
    /// PDF is laid out first: when it fits a one-page document onto its page with single
    /// spacing, the DOCX is written in the same style.
    pub fn render(&self, doc: &Document) -> Rendered {
        self.render_measured(doc, false).0
    }

    /// [`Writers::render`], and where the PDF's signing space fell when `measure` asks
    /// (an issued document keeps it for its digital signatures).
    pub fn render_measured(
        &self,
        doc: &Document,
        measure: bool,
    ) -> (Rendered, Option<super::SigningSpace>) {
        let marked;
        let doc = match (&self.draft_mark, doc.number) {
            (Some(mark), None) if doc.mark.is_none() => {
                marked = Document {
                    mark: Some(mark.clone()),
                    ..doc.clone()
                };
                &marked
            }
            _ => doc,
        };
        // On free cores: the DOCX's chart pictures are drawn while the PDF is laid out,
        // and the PDF is exported while the DOCX is written (it follows the PDF's
        // fitted style, so it waits for the layout). On a busy pool these run in turn.
        let charts = || {
            if self.docx {
                Some(self.chart_images(doc))
            } else {
                None
            }
        };
        let layout = || self.pdf.as_ref().map(|w| w.lay_out(doc));
        let (charts, laid) = rayon::join(charts, layout);
        let fitted = match &laid {
            Some(Ok(l)) => l.fitted.clone(),
            _ => None,
        };
        let space = match &laid {
            Some(Ok(l)) if measure => l.signing_space(),
            _ => None,
        };
        let style = fitted.as_ref().unwrap_or(super::style::standard());
        let pdf = || {
            let (w, laid) = (self.pdf.as_ref()?, laid?);
            Some(laid.and_then(|l| w.write(&l)).map_err(RenderError::from))
        };
        let docx = || {
            charts.map(|images| {
                images.map_err(RenderError::from).and_then(|images| {
                    docx::render_styled(doc, &images, style).map_err(RenderError::from)
                })
            })
        };
        let (pdf, docx) = rayon::join(pdf, docx);
        let mut out = Vec::new();
        if let Some(docx) = docx {
            out.push(("docx", docx));
        }
        if let Some(pdf) = pdf {
            out.push(("pdf", pdf));
        }
        (out, space)
    }
}
