//! vanban: the CCHC reporting pipeline of a Vietnamese Sở Nội vụ.
//!
//! Data flows one way, each room importing only the rooms below it:
//!
//! ```text
//! read ──▶ model ◀── check ◀── aggregate ◀── compose ──▶ doc (model → docx, pdf)
//!   │                                            │
//!   └── sheet, legacy, values, catalogue,        └── xlsx (form, feedback, status)
//!       submission, agencies, spec
//!                   workspace (facade) ◀── app (CLI, config, run) ◀── main.rs
//! ```
//!
//! - [`model`]: the domain's data — catalogue, registry, periods, indicators, statuses,
//!   findings. Imports nothing above it.
//! - [`read`]: workbooks and text files into the model (catalogue, submissions, agency
//!   phrases, deadlines, decision specs).
//! - [`check`]: a submission against the catalogue → findings.
//! - [`aggregate`]: checked submissions → per task, group, agency, figures and targets.
//! - [`compose`]: a summary or a spec → documents of the [`doc`] model (report,
//!   reminders, decisions), worded in Vietnamese.
//! - [`doc`]: the document model, the style table of roles and the DOCX/PDF writers.
//! - [`xlsx`]: workbooks vanban writes (the form, feedback copies, the status workbook).
//! - [`issue`]: a draft becomes a document — number, date and signer from the sổ văn
//!   bản đi (CSV/xlsx), the record of where its signature goes.
//! - [`sign`]: PAdES signatures as incremental updates of an issued PDF, the decree's
//!   images and places; keys behind a `Signer` so a token or a remote service can sign.
//! - [`edxml`]: the QCVN 102:2016 package of a signed document and the status messages
//!   recipients send back. These three sit beside [`compose`], over [`doc`].
//! - [`workspace`]: the small facade tests, benches, fuzz targets and the app use.
//! - [`app`]: the command layer (configuration, commands, the `run` pipeline, progress);
//!   nothing imports it.

pub mod aggregate;
pub mod app;
pub mod check;
pub mod compose;
pub mod doc;
pub mod edxml;
pub mod fonts;
pub mod issue;
pub mod model;
pub mod output;
pub mod read;
pub mod sample;
pub mod sign;
pub mod text;
pub mod workspace;
pub mod xlsx;

pub use model::catalogue::{Catalogue, Group, Task};
pub use model::finding::{Diagnostic, Severity};
pub use model::registry::{Agency, AgencyKind, AgencyRef, Registry};
pub use workspace::Workspace;
