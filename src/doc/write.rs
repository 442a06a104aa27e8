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

/// Why a document could not be rendered in one format.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Docx(#[from] DocxError),
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

/// The writers of a batch.
pub struct Writers {
    docx: bool,
    pdf: Option<PdfWriter>,
}

impl Writers {
    /// Writers for the formats asked for; the PDF writer takes the extra fonts of
    /// `font_dir` (an office's real Times New Roman) besides the embedded ones.
    pub fn new(formats: Formats, font_dir: Option<&Path>) -> Result<Writers, PdfError> {
        Ok(Writers {
            docx: formats.docx,
            pdf: if formats.pdf {
                Some(PdfWriter::with_font_dir(font_dir)?)
            } else {
                None
            },
        })
    }

    /// PDF/A-2b (the default) or plain PDF.
    pub fn pdfa(mut self, on: bool) -> Writers {
        self.pdf = self.pdf.map(|p| p.pdfa(on));
        self
    }

    /// The document in every format asked for: (extension, bytes or the failure).
    pub fn render(&self, doc: &Document) -> Vec<(&'static str, Result<Vec<u8>, RenderError>)> {
        let mut out = Vec::new();
        if self.docx {
            out.push(("docx", docx::render(doc).map_err(RenderError::from)));
        }
        if let Some(w) = &self.pdf {
            out.push(("pdf", w.render(doc).map_err(RenderError::from)));
        }
        out
    }
}
