//! Documents: the one model every official document is composed into ([`model`]), the
//! style table of roles both writers read ([`style`]), and the writers: [`docx`]
//! (docx-rs) and [`pdf`] (Typst as a library). Because the writers read the same model
//! and the same roles, the PDF and the DOCX of a document cannot say — or look —
//! different.
//!
//! This room knows nothing of catalogues, agencies or reports: it imports only the text
//! helpers, so any composer (or `vanban render`) can use it.

pub mod docx;
pub mod lines;
pub mod model;
pub mod pdf;
pub mod style;
mod units;
mod write;

pub use lines::{fit_lines, title_lines};
pub use model::*;
pub use pdf::SigningSpace;
pub use write::{Formats, RenderError, Rendered, Writers};
