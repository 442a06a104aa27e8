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

use crate::diag::{Diagnostic, a1};
use crate::legacy;
use crate::period::Period;
use crate::registry::Registry;
use crate::sheet::{Grid, Value, Workbook};
use crate::text::fold;
use chrono::NaiveDate;
use serde::Serialize;
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

/// One row of the task table, as read.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow {
    pub sheet: String,
    /// Zero-based sheet row.
    pub row: u32,
    /// The code as typed and as normalised ("15 b" → "15b"); `None` when not a code.
    pub code_text: String,
    pub code: Option<String>,
    pub title: String,
    pub role: String,
    pub status_text: String,
    #[serde(skip)]
    pub date_value: Value,
    pub evidence: String,
    pub result: String,
    pub difficulties: String,
    pub proposals: String,
    /// Column of each field present in the sheet.
    #[serde(skip)]
    pub cols: HashMap<Field, u32>,
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
    /// Indicator code (from the code column or recognised from the label).
    pub code: String,
    #[serde(skip)]
    pub value: Value,
    /// A1 address of the value cell.
    pub cell: String,
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
    /// The grids read, kept for writing the feedback copy.
    #[serde(skip)]
    pub workbook: Option<Workbook>,
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id())
    }
}

impl Submission {
    fn empty(file: &str) -> Submission {
        Submission {
            file: file.to_string(),
            agency: None,
            agency_text: None,
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
            workbook: None,
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
                    "file.unreadable",
                    format!("Không đọc được tệp: {e}"),
                ));
                return sub;
            }
        };
        if size > opts.limits.max_file_bytes {
            sub.unreadable = true;
            sub.diagnostics.push(Diagnostic::error(
                "file.too_large",
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
                    "file.unreadable",
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
        if bytes.len() as u64 > opts.limits.max_file_bytes {
            sub.unreadable = true;
            sub.diagnostics.push(Diagnostic::error(
                "file.too_large",
                format!("Tệp quá lớn ({} byte)", bytes.len()),
            ));
            return sub;
        }
        if let Some(total) = crate::sheet::unzipped_size(&bytes)
            && total > opts.limits.max_unzipped_bytes
        {
            sub.unreadable = true;
            sub.diagnostics.push(Diagnostic::error(
                "file.too_large",
                format!(
                    "Nội dung tệp khi giải nén quá lớn ({} MB, giới hạn {} MB)",
                    total / (1024 * 1024),
                    opts.limits.max_unzipped_bytes / (1024 * 1024)
                ),
            ));
            return sub;
        }
        let book = match Workbook::from_bytes(bytes) {
            Ok(b) => b,
            Err(e) => {
                sub.unreadable = true;
                sub.diagnostics.push(Diagnostic::error(
                    "file.unreadable",
                    capitalise(&e.to_string()),
                ));
                return sub;
            }
        };
        let cells: u64 = book.sheets.iter().map(|g| g.cell_count()).sum();
        if cells > opts.limits.max_cells {
            sub.unreadable = true;
            sub.diagnostics.push(Diagnostic::error(
                "file.too_large",
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
                "file.unreadable",
                "Bảng tính không có dữ liệu",
            ));
            return sub;
        }
        let book = legacy::convert_workbook(book, &mut sub.diagnostics);
        read_book(&mut sub, &book, registry, opts, file);
        sub.workbook = Some(book);
        sub
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------

/// The role of a task-table header cell.
fn task_header_role(text: &str, strong_status_seen: bool) -> Option<Field> {
    let f = crate::text::header_key(text);
    let f = f.as_str();
    let starts = |p: &str| f == p || f.starts_with(&format!("{p} "));
    if matches!(
        f,
        "ma nhiem vu"
            | "ma nv"
            | "ma so"
            | "ma"
            | "stt"
            | "tt"
            | "so tt"
            | "ma so nhiem vu"
            | "so thu tu"
    ) {
        Some(Field::Code)
    } else if starts("tinh trang")
        || starts("trang thai")
        || f == "tien do"
        || starts("tien do thuc hien")
        || starts("muc do hoan thanh")
    {
        Some(Field::Status)
    } else if f == "ket qua" {
        // "Kết quả" alone is the status column, unless a clearer one exists.
        Some(if strong_status_seen {
            Field::Result
        } else {
            Field::Status
        })
    } else if starts("ngay hoan thanh") || f == "ngay ht" || f == "thoi gian hoan thanh thuc te" {
        Some(Field::Date)
    } else if starts("van ban")
        || starts("san pham")
        || starts("so ky hieu")
        || starts("van ban san pham")
    {
        Some(Field::Evidence)
    } else if starts("ket qua thuc hien") || starts("ket qua dat duoc") {
        Some(Field::Result)
    } else if starts("kho khan") || starts("vuong mac") {
        Some(Field::Difficulties)
    } else if starts("de xuat") || starts("kien nghi") {
        Some(Field::Proposals)
    } else if starts("noi dung")
        || starts("ten nhiem vu")
        || f == "nhiem vu"
        || f == "noi dung cong viec"
    {
        Some(Field::Title)
    } else if starts("vai tro") {
        Some(Field::Role)
    } else {
        None
    }
}

const HEADER_ROWS: u32 = 30;

struct TaskHeader {
    row: u32,
    cols: HashMap<Field, u32>,
    extra: Vec<(u32, String)>,
}

fn find_task_header(grid: &Grid) -> Option<TaskHeader> {
    let last = grid
        .end_row()
        .min(grid.first_row().saturating_add(HEADER_ROWS));
    for row in grid.first_row()..last {
        let texts: Vec<(u32, String)> = (0..grid.end_col())
            .filter(|&c| !grid.cell(row, c).merged_copy)
            .filter_map(|c| match &grid.cell(row, c).value {
                Value::Text(t) => Some((c, t.clone())),
                _ => None,
            })
            .collect();
        let strong = texts.iter().any(|(_, t)| {
            matches!(task_header_role(t, false), Some(Field::Status)) && fold(t) != "ket qua"
        });
        let mut cols = HashMap::new();
        let mut extra = Vec::new();
        for (c, t) in &texts {
            match task_header_role(t, strong) {
                Some(f) if !cols.contains_key(&f) => {
                    cols.insert(f, *c);
                }
                _ => extra.push((*c, t.clone())),
            }
        }
        if cols.contains_key(&Field::Code) && cols.contains_key(&Field::Status) {
            return Some(TaskHeader { row, cols, extra });
        }
    }
    None
}

/// Metadata labels: "Cơ quan", "Kỳ báo cáo", "Ngày báo cáo"…
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meta {
    Agency,
    Period,
    Date,
    Number,
    Preparer,
    Phone,
}

fn meta_label(text: &str) -> Option<Meta> {
    let f = crate::text::header_key(text);
    match f.as_str() {
        "co quan" | "don vi" | "co quan bao cao" | "don vi bao cao" | "ten co quan"
        | "ten don vi" | "co quan don vi" => Some(Meta::Agency),
        "ky bao cao" | "ky" | "thoi ky bao cao" | "ky bc" => Some(Meta::Period),
        "ngay bao cao" | "ngay lap" | "ngay ky" => Some(Meta::Date),
        "so bao cao" | "so ky hieu" | "so ky hieu bao cao" | "so van ban" | "so" => {
            Some(Meta::Number)
        }
        "nguoi lap" | "nguoi bao cao" | "can bo lap" | "nguoi lap bieu" | "nguoi tong hop" => {
            Some(Meta::Preparer)
        }
        "dien thoai" | "so dien thoai" | "dt" | "sdt" => Some(Meta::Phone),
        _ => None,
    }
}

/// Label/value pairs of a sheet region: "Cơ quan: Sở Tư pháp" in one cell, or the label
/// in one cell and the value in the next non-empty cell of the row.
fn meta_pairs(grid: &Grid, rows: std::ops::Range<u32>) -> Vec<(Meta, Value, String, u32, u32)> {
    let mut out = Vec::new();
    for row in rows {
        let mut col = 0;
        while col < grid.end_col() {
            let cell = grid.cell(row, col);
            if cell.merged_copy {
                col += 1;
                continue;
            }
            let text = cell.text();
            if let Some((label, value)) = text.split_once(':')
                && let Some(m) = meta_label(label)
                && !value.trim().is_empty()
            {
                let v = value.trim().to_string();
                out.push((m, Value::Text(v.clone()), v, row, col));
            } else if let Some(m) = meta_label(text.trim_end_matches(':')) {
                if let Some(vc) = ((col + 1)..grid.end_col())
                    .find(|&c| !grid.cell(row, c).is_empty() && !grid.cell(row, c).merged_copy)
                {
                    let v = grid.cell(row, vc);
                    out.push((m, v.value.clone(), v.text(), row, vc));
                    col = vc;
                }
            }
            col += 1;
        }
    }
    out
}

fn read_book(
    sub: &mut Submission,
    book: &Workbook,
    registry: &Registry,
    opts: &ReadOptions,
    file: &str,
) {
    // Task sheet: the form's sheet first, then any sheet with a task header.
    let preferred = book.sheet("Nhiệm vụ");
    let candidates = preferred.into_iter().chain(
        book.sheets
            .iter()
            .filter(|g| preferred.is_none_or(|p| !std::ptr::eq(p, *g))),
    );
    let mut task = None;
    for grid in candidates {
        if let Some(h) = find_task_header(grid) {
            task = Some((grid, h));
            break;
        }
    }

    // Metadata: "Thông tin" sheet, then lines above the table.
    let mut pairs = Vec::new();
    if let Some(info) = book.sheet("Thông tin") {
        for p in meta_pairs(
            info,
            info.first_row()..info.end_row().min(info.first_row() + 60),
        ) {
            pairs.push((info.name.clone(), p));
        }
    }
    if let Some((grid, h)) = &task {
        for p in meta_pairs(grid, grid.first_row()..h.row) {
            pairs.push((grid.name.clone(), p));
        }
    }
    let mut seen_meta = Vec::new();
    for (sheet, (meta, value, text, row, col)) in pairs {
        if seen_meta.contains(&meta) {
            continue;
        }
        seen_meta.push(meta);
        let located = Located {
            text: text.clone(),
            sheet: Some(sheet.clone()),
            cell: Some(a1(row, col)),
        };
        match meta {
            Meta::Agency => sub.agency_text = Some(located),
            Meta::Period => sub.period_text = Some(located),
            Meta::Date => match crate::values::parse_date(&value) {
                Ok(d) => sub.report_date = d,
                Err(_) => sub.diagnostics.push(
                    Diagnostic::error(
                        "date.invalid",
                        format!("Ngày báo cáo \"{text}\" không đọc được"),
                    )
                    .at(&sheet, a1(row, col))
                    .with_hint("Ghi ngày theo dạng 15/03/2019"),
                ),
            },
            Meta::Number => sub.report_number = Some(text),
            Meta::Preparer => sub.preparer = Some(text),
            Meta::Phone => sub.phone = Some(text),
        }
    }

    // Command-line values win over the file's.
    if let Some(a) = &opts.agency {
        sub.agency_text = Some(Located {
            text: a.clone(),
            sheet: None,
            cell: None,
        });
    }
    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match &sub.agency_text {
        Some(l) => sub.agency = registry.lookup(&l.text).map(|a| a.code.clone()),
        None => {
            // Last resort: an agency code or alias in the file name ("STP_q1-2019.xlsx").
            let found = stem
                .split(|c: char| !c.is_alphanumeric())
                .filter(|t| t.len() >= 2)
                .find_map(|t| registry.get(t).or_else(|| registry.lookup(t)));
            if let Some(a) = found {
                sub.agency = Some(a.code.clone());
                sub.agency_text = Some(Located {
                    text: a.code.clone(),
                    sheet: None,
                    cell: None,
                });
            }
        }
    }
    let default_year = opts.period.map(|p| p.year);
    sub.period = match &sub.period_text {
        Some(l) => Period::parse_loose(&l.text, default_year),
        None => stem
            .split(|c: char| c == '_' || c == ' ' || c == '.')
            .find_map(Period::parse_id)
            .or(opts.period),
    };
    if sub.period_text.is_none() && sub.period.is_some() && opts.period.is_none() {
        // Found in the file name only: fine, nothing to report.
    }

    let Some((grid, header)) = task else {
        sub.diagnostics.push(Diagnostic::error(
            "sheet.missing",
            format!(
                "Không tìm thấy bảng nhiệm vụ (dòng tiêu đề có \"Mã nhiệm vụ\" và \"Tình trạng\") trong {HEADER_ROWS} dòng đầu của các trang: {}",
                book.sheets.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join(", ")
            ),
        ).with_hint("Dùng mẫu do Sở Nội vụ phát hành (vanban template)"));
        return;
    };
    sub.task_sheet = Some(grid.name.clone());
    for (c, t) in &header.extra {
        sub.diagnostics.push(
            Diagnostic::warning(
                "sheet.extra_column",
                format!("Cột \"{t}\" không thuộc mẫu báo cáo và được bỏ qua"),
            )
            .at(&grid.name, a1(header.row, *c)),
        );
    }
    read_task_rows(sub, grid, &header);
    read_figures(sub, book);
}

fn read_task_rows(sub: &mut Submission, grid: &Grid, header: &TaskHeader) {
    for row in header.row + 1..grid.end_row() {
        if grid.row_is_blank(row) {
            continue;
        }
        let get = |f: Field| {
            header
                .cols
                .get(&f)
                .map(|&c| grid.text(row, c))
                .unwrap_or_default()
        };
        let code_text = match header.cols.get(&Field::Code) {
            Some(&c) => match &grid.cell(row, c).value {
                Value::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
                _ => grid.text(row, c),
            },
            None => String::new(),
        };
        let r = TaskRow {
            sheet: grid.name.clone(),
            row,
            code: crate::catalogue::normalize_task_code(
                code_text
                    .trim()
                    .trim_start_matches(|c: char| c.is_alphabetic() && c.is_uppercase())
                    .trim(),
            )
            .or_else(|| crate::catalogue::normalize_task_code(&code_text)),
            code_text,
            title: get(Field::Title),
            role: get(Field::Role),
            status_text: get(Field::Status),
            date_value: header
                .cols
                .get(&Field::Date)
                .map(|&c| grid.cell(row, c).value.clone())
                .unwrap_or(Value::Empty),
            evidence: get(Field::Evidence),
            result: get(Field::Result),
            difficulties: get(Field::Difficulties),
            proposals: get(Field::Proposals),
            cols: header.cols.clone(),
        };
        // A column-numbering row "(1) (2) …" or a note line under the table.
        let numbering = (0..grid.end_col()).all(|c| {
            let t = grid.text(row, c);
            t.is_empty()
                || t.trim_matches(['(', ')'])
                    .chars()
                    .all(|ch| ch.is_ascii_digit())
        }) && r
            .status_text
            .trim_matches(['(', ')'])
            .chars()
            .all(|c| c.is_ascii_digit());
        if numbering {
            continue;
        }
        if r.code_text.is_empty() && r.title.is_empty() && r.is_unfilled() {
            continue;
        }
        // Footer lines such as "Người lập biểu" under the table carry no code, no status.
        if r.code.is_none() && r.status_text.is_empty() && r.title.is_empty() {
            continue;
        }
        // Section rows of a home-made table ("I | CẢI CÁCH THỂ CHẾ", "A. Nhiệm vụ chủ
        // trì", a title merged across): no task code, nothing reported.
        let heading_code = r.code_text.is_empty()
            || crate::text::roman_to_int(r.code_text.trim_end_matches(['.', ')', '-', ' ']))
                .is_some()
            || (r.code_text.trim_end_matches(['.', ')']).chars().count() == 1
                && r.code_text
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '.' || c == ')'));
        let merged_title = header
            .cols
            .get(&Field::Title)
            .is_some_and(|&c| grid.cell(row, c).merged_copy);
        let mut distinct: Vec<String> = Vec::new();
        for c in 0..grid.end_col() {
            let t = grid.text(row, c);
            if !t.is_empty() && !distinct.contains(&t) {
                distinct.push(t);
            }
        }
        if r.code.is_none()
            && distinct.len() == 1
            && !r.code_text.chars().any(|c| c.is_ascii_digit())
        {
            // One text across the row: a section heading.
            continue;
        }
        if r.code.is_none()
            && heading_code
            && (r.status_text.is_empty() || merged_title)
            && matches!(r.date_value, Value::Empty)
            && r.evidence.is_empty()
        {
            continue;
        }
        sub.rows.push(r);
    }
}

fn read_figures(sub: &mut Submission, book: &Workbook) {
    let Some(grid) = book.sheet("Số liệu") else {
        return;
    };
    // Header: a code column ("Mã chỉ tiêu") and a value column ("Số liệu", "Giá trị").
    let mut code_col = None;
    let mut name_col = None;
    let mut value_col = None;
    let mut header_row = None;
    let last = grid.end_row().min(grid.first_row() + HEADER_ROWS);
    for row in grid.first_row()..last {
        for c in 0..grid.end_col() {
            let f = fold(&grid.text(row, c));
            if f.starts_with("ma chi tieu") || f == "ma" || f == "ma so" {
                code_col = Some(c);
            } else if f == "chi tieu" || f.starts_with("ten chi tieu") || f.starts_with("noi dung")
            {
                name_col = Some(c);
            } else if f == "so lieu"
                || f == "gia tri"
                || f.starts_with("so lieu ")
                || f == "ket qua"
            {
                value_col = Some(c);
            }
        }
        if value_col.is_some() && (code_col.is_some() || name_col.is_some()) {
            header_row = Some(row);
            break;
        }
        code_col = None;
        name_col = None;
        value_col = None;
    }
    let (Some(hr), Some(vc)) = (header_row, value_col) else {
        sub.diagnostics.push(
            Diagnostic::error(
                "figure.invalid",
                "Trang Số liệu không có dòng tiêu đề (Mã chỉ tiêu | Chỉ tiêu | Số liệu): các số liệu không đọc được",
            )
            .in_sheet(&grid.name),
        );
        return;
    };
    for row in hr + 1..grid.end_row() {
        let code = code_col.map(|c| grid.text(row, c)).unwrap_or_default();
        let name = name_col.map(|c| grid.text(row, c)).unwrap_or_default();
        if code.is_empty() && name.is_empty() {
            continue;
        }
        sub.figures.push(FigureRow {
            sheet: grid.name.clone(),
            row,
            code: if code.is_empty() { name } else { code },
            value: grid.cell(row, vc).value.clone(),
            cell: a1(row, vc),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_synonyms() {
        assert_eq!(task_header_role("Mã NV", false), Some(Field::Code));
        assert_eq!(task_header_role("STT", false), Some(Field::Code));
        assert_eq!(task_header_role("Mã số", false), Some(Field::Code));
        assert_eq!(task_header_role("Trạng thái", false), Some(Field::Status));
        assert_eq!(task_header_role("Tiến độ", false), Some(Field::Status));
        assert_eq!(task_header_role("Kết quả", false), Some(Field::Status));
        assert_eq!(task_header_role("Kết quả", true), Some(Field::Result));
        assert_eq!(
            task_header_role("Kết quả thực hiện", false),
            Some(Field::Result)
        );
        assert_eq!(
            task_header_role("NGÀY HOÀN THÀNH", false),
            Some(Field::Date)
        );
        assert_eq!(
            task_header_role("Văn bản, sản phẩm", false),
            Some(Field::Evidence)
        );
        assert_eq!(
            task_header_role("Khó khăn,\nvướng mắc", false),
            Some(Field::Difficulties)
        );
        assert_eq!(task_header_role("Ghi chú", false), None);
    }

    #[test]
    fn meta_labels() {
        assert_eq!(meta_label("Cơ quan"), Some(Meta::Agency));
        assert_eq!(meta_label("Kỳ báo cáo:"), Some(Meta::Period));
        assert_eq!(meta_label("Số, ký hiệu"), Some(Meta::Number));
        assert_eq!(meta_label("Người lập"), Some(Meta::Preparer));
        assert_eq!(meta_label("Ghi chú"), None);
    }
}
