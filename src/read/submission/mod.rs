//! Reader of agency submissions: whatever workbook an agency sends back, read as
//! leniently as a careful clerk would.
//!
//! The task table is found by its header text in any sheet (the form's `Nhiệm vụ`
//! first), columns mapped by header synonyms in any order; the figures come from a
//! `Số liệu` sheet; the agency, period, report number and date from a `Thông tin`
//! sheet, from "Cơ quan: …" lines above the table, from the command line, or — last —
//! from the file name. Text in the legacy TCVN3/VNI encodings is converted (and
//! reported). Reading never fails on content: problems become diagnostics, and
//! [`crate::validate`] checks the result against the catalogue.

mod book;
mod header;
mod rows;

use crate::model::finding::{Code, Diagnostic, a1};
use crate::model::period::Period;
use crate::model::registry::Registry;
use crate::read::legacy;
use crate::read::sheet::{Value, Workbook};
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;

/// Limits applied before a file is parsed.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest accepted file, in bytes.
    pub max_file_bytes: u64,
    /// Largest accepted total of uncompressed zip members (xlsx/ods), in bytes.
    pub max_unzipped_bytes: u64,
    /// Largest accepted number of cells over all sheets.
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 20 * 1024 * 1024,
            max_unzipped_bytes: 200 * 1024 * 1024,
            max_cells: 2_000_000,
        }
    }
}

/// What the caller knows about a file before reading it.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Agency given on the command line (code, name or alias).
    pub agency: Option<String>,
    /// Period given on the command line; also completes "Quý I" without a year.
    pub period: Option<Period>,
    pub limits: Limits,
}

/// The fields of a task row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Code,
    Title,
    Role,
    Status,
    Date,
    Evidence,
    Result,
    Difficulties,
    Proposals,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Code,
        Field::Title,
        Field::Role,
        Field::Status,
        Field::Date,
        Field::Evidence,
        Field::Result,
        Field::Difficulties,
        Field::Proposals,
    ];

    /// The header printed in the form.
    pub fn header(self) -> &'static str {
        match self {
            Field::Code => "Mã nhiệm vụ",
            Field::Title => "Nội dung công việc",
            Field::Role => "Vai trò",
            Field::Status => "Tình trạng",
            Field::Date => "Ngày hoàn thành",
            Field::Evidence => "Văn bản, sản phẩm",
            Field::Result => "Kết quả thực hiện",
            Field::Difficulties => "Khó khăn, vướng mắc",
            Field::Proposals => "Đề xuất, kiến nghị",
        }
    }
}

/// Shared text of a row, cloned from the grid without copying: a table of 200,000
/// rows copied down from a few rows holds each distinct text once.
pub type Shared = std::sync::Arc<str>;

fn shared<S: serde::Serializer>(t: &Shared, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(t)
}

/// One row of the task table, as read.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow {
    #[serde(serialize_with = "shared")]
    pub sheet: Shared,
    /// Zero-based sheet row.
    pub row: u32,
    /// The code as typed and as normalised ("15 b" → "15b"); `None` when not a code.
    pub code_text: String,
    pub code: Option<String>,
    /// The group heading the row stands under, in a table split by group: its numeral
    /// ("II"), or the heading's words when it has none ("CẢI CÁCH TÀI CHÍNH CÔNG").
    pub group: Option<String>,
    #[serde(serialize_with = "shared")]
    pub title: Shared,
    #[serde(serialize_with = "shared")]
    pub role: Shared,
    #[serde(serialize_with = "shared")]
    pub status_text: Shared,
    #[serde(skip)]
    pub date_value: Value,
    #[serde(serialize_with = "shared")]
    pub evidence: Shared,
    #[serde(serialize_with = "shared")]
    pub result: Shared,
    #[serde(serialize_with = "shared")]
    pub difficulties: Shared,
    #[serde(serialize_with = "shared")]
    pub proposals: Shared,
    /// Column of each field present in the sheet (one map shared by the table's rows).
    #[serde(skip)]
    pub cols: std::sync::Arc<HashMap<Field, u32>>,
}

impl TaskRow {
    /// A1 address of a field of this row (the first column of the row when the field's
    /// column is absent).
    pub fn cell(&self, f: Field) -> String {
        a1(self.row, self.cols.get(&f).copied().unwrap_or(0))
    }

    /// True when nothing but the prefilled code/title/role is filled in.
    pub fn is_unfilled(&self) -> bool {
        self.status_text.is_empty()
            && matches!(self.date_value, Value::Empty)
            && self.evidence.is_empty()
            && self.result.is_empty()
            && self.difficulties.is_empty()
            && self.proposals.is_empty()
    }
}

/// One figure row of the `Số liệu` sheet.
#[derive(Debug, Clone, Serialize)]
pub struct FigureRow {
    pub sheet: String,
    pub row: u32,
    /// What the code column holds (or, without one, the label).
    pub code: String,
    /// The label column's text ("Số hồ sơ TTHC đã nhận"), when there is one.
    pub label: String,
    #[serde(skip)]
    pub value: Value,
    /// A1 address of the value cell.
    pub cell: String,
}

impl FigureRow {
    /// The value cell as typed.
    pub fn value_text(&self) -> String {
        crate::read::sheet::Cell {
            value: self.value.clone(),
            bold: false,
            merged_copy: false,
        }
        .text()
    }
}

/// A metadata value and where it was found.
#[derive(Debug, Clone, Serialize)]
pub struct Located {
    pub text: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
}

/// An agency submission as read from one file.
#[derive(Debug, Clone, Serialize)]
pub struct Submission {
    pub file: String,
    /// Registry code of the agency, when determined.
    pub agency: Option<String>,
    /// The agency as written in the file (or given on the command line).
    pub agency_text: Option<Located>,
    /// Agencies the file name fits equally, when it fits several (for the hint of
    /// `meta.missing`).
    pub agency_candidates: Vec<String>,
    pub period: Option<Period>,
    pub period_text: Option<Located>,
    pub report_date: Option<NaiveDate>,
    pub report_number: Option<String>,
    pub preparer: Option<String>,
    pub phone: Option<String>,
    /// Name of the sheet holding the task table.
    pub task_sheet: Option<String>,
    pub rows: Vec<TaskRow>,
    pub figures: Vec<FigureRow>,
    pub diagnostics: Vec<Diagnostic>,
    /// True when the file could not be read as a workbook at all.
    pub unreadable: bool,
    /// The kind of document, when the agency sent a document (Word, PDF, scan) instead
    /// of the form: its agency and period are read from its text, nothing else.
    #[serde(skip)]
    pub document: Option<crate::read::document::DocKind>,
    /// The grids read, kept for writing the feedback copy.
    #[serde(skip)]
    pub workbook: Option<Workbook>,
    /// SHA-256 (hex) of the bytes read, for the run's manifest; `None` when the file
    /// was not read (refused by size, or an I/O error).
    #[serde(skip)]
    pub sha256: Option<String>,
}

impl Submission {
    fn empty(file: &str) -> Submission {
        Submission {
            file: file.to_string(),
            agency: None,
            agency_text: None,
            agency_candidates: Vec::new(),
            period: None,
            period_text: None,
            report_date: None,
            report_number: None,
            preparer: None,
            phone: None,
            task_sheet: None,
            rows: Vec::new(),
            figures: Vec::new(),
            diagnostics: Vec::new(),
            unreadable: false,
            document: None,
            workbook: None,
            sha256: None,
        }
    }

    /// True when some diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Reads a submission file.
    pub fn read(path: &Path, registry: &Registry, opts: &ReadOptions) -> Submission {
        let name = path.display().to_string();
        let mut sub = Submission::empty(&name);
        let size = match std::fs::metadata(path) {
            Ok(m) => m.len(),
            Err(e) => {
                sub.unreadable = true;
                sub.diagnostics.push(Diagnostic::error(
                    Code::FileUnreadable,
                    format!("Không đọc được tệp: {e}"),
                ));
                return sub;
            }
        };
        if size > opts.limits.max_file_bytes {
            sub.unreadable = true;
            sub.diagnostics.push(Diagnostic::error(
                Code::FileTooLarge,
                format!(
                    "Tệp quá lớn ({} MB, giới hạn {} MB)",
                    size / (1024 * 1024),
                    opts.limits.max_file_bytes / (1024 * 1024)
                ),
            ));
            return sub;
        }
        match std::fs::read(path) {
            Ok(bytes) => Self::from_bytes(&name, bytes, registry, opts),
            Err(e) => {
                sub.unreadable = true;
                sub.diagnostics.push(Diagnostic::error(
                    Code::FileUnreadable,
                    format!("Không đọc được tệp: {e}"),
                ));
                sub
            }
        }
    }

    /// Reads a submission from its bytes; `file` names it in diagnostics.
    pub fn from_bytes(
        file: &str,
        bytes: Vec<u8>,
        registry: &Registry,
        opts: &ReadOptions,
    ) -> Submission {
        let mut sub = Submission::empty(file);
        sub.sha256 = Some(
            Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        );
        if bytes.len() as u64 > opts.limits.max_file_bytes {
            sub.unreadable = true;
            sub.diagnostics.push(Diagnostic::error(
                Code::FileTooLarge,
                format!("Tệp quá lớn ({} byte)", bytes.len()),
            ));
            return sub;
        }
        let ext = Path::new(file)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if let Some(kind) = crate::read::document::DocKind::of_extension(&ext) {
            read_document(&mut sub, &bytes, kind, registry, opts, file);
            return sub;
        }
        if ext == "csv" {
            let sheet = Path::new(file)
                .file_stem()
                .map(|s| crate::text::clean(&s.to_string_lossy()))
                .unwrap_or_default();
            match crate::read::document::csv_workbook(&bytes, &sheet) {
                Some(book) => {
                    let book = legacy::convert_workbook(book, &mut sub.diagnostics);
                    book::read_book(&mut sub, &book, registry, opts, file);
                    sub.workbook = Some(book);
                }
                None => {
                    sub.unreadable = true;
                    sub.diagnostics.push(Diagnostic::error(
                        Code::FileUnreadable,
                        "Tệp CSV không đọc được (dòng hỏng hoặc quá nhiều dòng)",
                    ));
                }
            }
            return sub;
        }
        if let Some(total) = crate::read::sheet::unzipped_size(&bytes)
            && total > opts.limits.max_unzipped_bytes
        {
            sub.unreadable = true;
            sub.diagnostics.push(Diagnostic::error(
                Code::FileTooLarge,
                format!(
                    "Nội dung tệp khi giải nén quá lớn ({} MB, giới hạn {} MB)",
                    total / (1024 * 1024),
                    opts.limits.max_unzipped_bytes / (1024 * 1024)
                ),
            ));
            return sub;
        }
        let book = match Workbook::from_bytes_within(bytes, opts.limits.max_cells) {
            Ok(b) => b,
            Err(crate::read::sheet::OpenError::TooManyCells(limit)) => {
                sub.unreadable = true;
                sub.diagnostics.push(Diagnostic::error(
                    Code::FileTooLarge,
                    format!(
                        "Bảng tính có quá nhiều ô (vượt giới hạn {} ô)",
                        crate::text::format_count(limit)
                    ),
                ));
                return sub;
            }
            Err(e) => {
                sub.unreadable = true;
                let mut d = Diagnostic::error(Code::FileUnreadable, capitalise(&e.to_string()));
                if let Some(detail) = e.detail() {
                    d = d.with_hint(detail);
                }
                sub.diagnostics.push(d);
                return sub;
            }
        };
        let cells: u64 = book.sheets.iter().map(|g| g.cell_count()).sum();
        if cells > opts.limits.max_cells {
            sub.unreadable = true;
            sub.diagnostics.push(Diagnostic::error(
                Code::FileTooLarge,
                format!(
                    "Bảng tính có quá nhiều ô ({cells}, giới hạn {})",
                    opts.limits.max_cells
                ),
            ));
            return sub;
        }
        if book.sheets.iter().all(|g| g.cell_count() == 0) {
            sub.unreadable = true;
            sub.diagnostics.push(Diagnostic::error(
                Code::FileUnreadable,
                "Bảng tính không có dữ liệu",
            ));
            return sub;
        }
        let mut book = book;
        for grid in &mut book.sheets {
            let content = grid.take_hidden();
            if let Some(d) = hidden_finding(&grid.name, &content) {
                sub.diagnostics.push(d);
            }
        }
        let book = legacy::convert_workbook(book, &mut sub.diagnostics);
        book::read_book(&mut sub, &book, registry, opts, file);
        sub.workbook = Some(book);
        sub
    }
}

/// A document in place of the form: its agency, period and date from its text (the
/// header lines, the title, the date line, as in a workbook), else from its name; one
/// `file.wrong_format` finding. The caller lowers that finding to a note when the same
/// agency sent the form too (the document is then its cover letter).
fn read_document(
    sub: &mut Submission,
    bytes: &[u8],
    kind: crate::read::document::DocKind,
    registry: &Registry,
    opts: &ReadOptions,
    file: &str,
) {
    sub.unreadable = true;
    sub.document = Some(kind);
    let lines = crate::read::document::text_lines(bytes, kind);
    let book = crate::read::document::as_workbook(&lines);
    book::read_document_meta(sub, &book, registry, opts, file);
    // Where the agency was read in the text, say so in words, not as a cell.
    for d in &mut sub.diagnostics {
        d.sheet = None;
        d.cell = None;
    }
    sub.diagnostics.push(
        Diagnostic::error(
            Code::FileWrongFormat,
            format!(
                "Báo cáo gửi dưới dạng {}, không theo mẫu Excel: nội dung không tổng hợp được",
                kind.label()
            ),
        )
        .with_hint("Gửi lại báo cáo trên mẫu Excel do Sở Nội vụ phát hành (vanban template)"),
    );
}

/// `sheet.hidden_data` for what a sheet hides: "Dòng 2–6 đang bị ẩn và chứa nội dung
/// cũ; vanban chỉ đọc các dòng hiển thị".
fn hidden_finding(sheet: &str, content: &crate::read::sheet::HiddenContent) -> Option<Diagnostic> {
    let span = |(a, b): (u32, u32), f: &dyn Fn(u32) -> String| {
        if a == b {
            f(a)
        } else {
            format!("{}–{}", f(a), f(b))
        }
    };
    let mut parts = Vec::new();
    if !content.rows.is_empty() {
        let list: Vec<String> = content
            .rows
            .iter()
            .map(|&r| span(r, &|x| (x + 1).to_string()))
            .collect();
        parts.push(format!("Dòng {}", list.join(", ")));
    }
    if !content.cols.is_empty() {
        let list: Vec<String> = content
            .cols
            .iter()
            .map(|&c| span(c, &crate::model::finding::column_letters))
            .collect();
        parts.push(format!("cột {}", list.join(", ")));
    }
    if parts.is_empty() {
        return None;
    }
    let first = content
        .rows
        .first()
        .map(|&(r, _)| a1(r, 0))
        .or_else(|| content.cols.first().map(|&(c, _)| a1(0, c)))?;
    Some(
        Diagnostic::warning(
            Code::SheetHiddenData,
            format!(
                "{} đang bị ẩn và chứa nội dung; vanban chỉ đọc các dòng, cột hiển thị",
                parts.join(" và ")
            ),
        )
        .at(sheet, first)
        .with_hint(
            "Nội dung bị ẩn không được tổng hợp. Nếu đó là bản cũ, xóa đi; nếu là số liệu báo cáo, bỏ ẩn và gửi lại",
        ),
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
