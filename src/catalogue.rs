//! Reader of the plan's task catalogue (Danh mục nhiệm vụ, công việc cụ thể).
//!
//! The catalogue arrives as an Excel sheet pasted from the Word decision, so it is read
//! the way a person reads it, not by position:
//!
//! - the header row is found by its text in the first rows, columns are mapped by
//!   header (case, diacritics, spacing and line breaks ignored), a column-numbering row
//!   `(1) (2) (3)…` is skipped;
//! - a row holding only "I- …", "VIII. …" (merged or in any column) opens a group;
//! - sub-items "a) …", "b) …" become tasks coded `<number><letter>` (3a, 15b), the
//!   number taken from the parent row, from the a) row, or — when neither has one —
//!   from the sequence; a parent with sub-items stays a heading;
//! - an un-numbered heading without details is a subgroup; when it directly introduces
//!   a series of sub-items (the seed's "Kiểm tra cải cách hành chính…" before 6a, 6b)
//!   it is also their parent and its scope ends with the series;
//! - a row without number whose text starts in lower case continues the task above (a
//!   Word table row split across a page break).
//!
//! Lead and partner cells are resolved against the [`Registry`]; deadline texts are
//! parsed into milestones. Everything doubtful becomes a [`Diagnostic`] with its cell.

use crate::deadline::{Deadline, DeadlineProblem, parse_deadline};
use crate::diag::{Diagnostic, a1};
use crate::registry::{AgencyRef, Registry};
use crate::sheet::{Grid, OpenError, Value, Workbook};
use crate::text::{fold, item_letter_index, roman_to_int, starts_lowercase};
use regex::Regex;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// How many rows from the top of a sheet are searched for the header row.
pub const HEADER_SEARCH_ROWS: u32 = 30;

/// A group of tasks (one reform area), e.g. `II` "Cải cách thể chế".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// Roman numeral as written ("I", "VIII").
    pub id: String,
    pub title: String,
    /// The heading row as written ("I- Chỉ đạo điều hành…"), for reprinting the annex.
    #[serde(skip)]
    pub heading: String,
}

/// One reportable task of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    /// "7", "15b".
    pub code: String,
    /// Group id ("III").
    pub group: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subgroup: Option<String>,
    /// Title of the parent row of a sub-item ("Triển khai đánh giá xác định…" for 3a).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub title: String,
    pub lead: AgencyRef,
    pub partners: AgencyRef,
    pub product: String,
    pub deadline: Deadline,
    /// Sheet row (zero-based) of the task, for diagnostics.
    #[serde(skip)]
    pub row: u32,
    /// For a sub-item: the number stood on the parent row (3, 26), not on the a) row
    /// (6, 15). Kept to reprint the annex as it was laid out.
    #[serde(skip)]
    pub parent_numbered: bool,
}

impl Task {
    /// The title with its parent, as a reader of the annex understands the task:
    /// "Ban hành … Kế hoạch kiểm soát thủ tục hành chính năm 2019: Kế hoạch của UBND
    /// thành phố".
    pub fn full_title(&self) -> String {
        match &self.parent {
            Some(p) => format!("{}: {}", p.trim_end_matches(['.', ':', ' ']), self.title),
            None => self.title.clone(),
        }
    }

    /// True when the agency leads the task.
    pub fn is_led_by(&self, code: &str) -> bool {
        self.lead.contains(code)
    }

    /// True when the agency is a partner of the task.
    pub fn is_partner(&self, code: &str) -> bool {
        self.partners.contains(code)
    }
}

/// The catalogue read from a workbook.
#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    /// The plan's year ("…năm 2019" in the title, or given by the user).
    pub year: Option<i32>,
    pub groups: Vec<Group>,
    pub tasks: Vec<Task>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file it was read from.
    #[serde(skip)]
    pub source: String,
    /// The sheet it was read from.
    #[serde(skip)]
    pub sheet: String,
}

impl Catalogue {
    /// Reads the catalogue from a workbook file.
    pub fn read(
        path: &Path,
        registry: &Registry,
        year: Option<i32>,
    ) -> Result<Catalogue, CatalogueError> {
        let book = Workbook::open(path).map_err(|e| CatalogueError::Unreadable {
            file: path.display().to_string(),
            source: e,
        })?;
        Self::from_workbook(&book, &path.display().to_string(), registry, year)
    }

    /// Reads the catalogue from the first sheet of a workbook that has a task header.
    pub fn from_workbook(
        book: &Workbook,
        source: &str,
        registry: &Registry,
        year: Option<i32>,
    ) -> Result<Catalogue, CatalogueError> {
        for grid in &book.sheets {
            if let Some(header) = find_header(grid) {
                let mut cat = read_sheet(grid, &header, registry, year);
                cat.source = source.to_string();
                return Ok(cat);
            }
        }
        Err(CatalogueError::NoHeader {
            file: source.to_string(),
            sheets: book.sheets.iter().map(|g| g.name.clone()).collect(),
        })
    }

    /// The task with this code (exact, as produced by [`normalize_task_code`]).
    pub fn task(&self, code: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.code == code)
    }

    /// The group with this id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// Tasks of a group, in catalogue order.
    pub fn tasks_in<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a Task> + 'a {
        self.tasks.iter().filter(move |t| t.group == group)
    }

    /// True when some diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Problems that stop the catalogue from being read at all. Messages are Vietnamese.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("{file}: {source}")]
    Unreadable { file: String, source: OpenError },
    #[error(
        "{file}: không tìm thấy dòng tiêu đề của danh mục (Stt | Nội dung công việc | Cơ quan chủ trì | …) trong {HEADER_SEARCH_ROWS} dòng đầu của trang tính nào ({})",
        .sheets.join(", ")
    )]
    NoHeader { file: String, sheets: Vec<String> },
}

/// Normalises a task code typed by a person: "15b", "15 b", "15.b", "15-b)", "10.0",
/// "3Đ" → "15b", "10", "3đ". Returns `None` when the text is not a task code.
pub fn normalize_task_code(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^\(?(\d{1,3})(?:\.0+)?\s*[.\-/ ]?\s*([a-zđ])?\s*[.)]?$").unwrap()
    });
    let lower = crate::text::clean(text).to_lowercase();
    let caps = re.captures(&lower)?;
    let n: u32 = caps[1].parse().ok()?;
    if n == 0 {
        return None;
    }
    let letter = caps.get(2).map(|m| m.as_str()).unwrap_or("");
    if !letter.is_empty() && item_letter_index(letter.chars().next()?).is_none() {
        return None;
    }
    Some(format!("{n}{letter}"))
}

// ---------------------------------------------------------------------------------------
// Header

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Stt,
    Content,
    Lead,
    Partner,
    Product,
    Deadline,
}

impl Column {
    const ALL: [Column; 6] = [
        Column::Stt,
        Column::Content,
        Column::Lead,
        Column::Partner,
        Column::Product,
        Column::Deadline,
    ];
}

#[derive(Debug, Clone)]
struct Header {
    row: u32,
    cols: HashMap<Column, u32>,
}

impl Header {
    fn col(&self, c: Column) -> Option<u32> {
        self.cols.get(&c).copied()
    }
}

/// The role of a header cell, from its text.
fn header_role(text: &str) -> Option<Column> {
    let f = crate::text::header_key(text);
    let f = f.as_str();
    if matches!(f, "stt" | "tt" | "so tt" | "so thu tu" | "s tt" | "thu tu") {
        Some(Column::Stt)
    } else if f.contains("chu tri") {
        Some(Column::Lead)
    } else if f.contains("phoi hop") {
        Some(Column::Partner)
    } else if f.starts_with("noi dung")
        || f.starts_with("ten nhiem vu")
        || f == "nhiem vu"
        || f.starts_with("nhiem vu cong viec")
        || f == "cong viec"
    {
        Some(Column::Content)
    } else if f.starts_with("san pham") || f == "ket qua san pham" {
        Some(Column::Product)
    } else if f.starts_with("thoi gian") || f.starts_with("thoi han") || f.starts_with("tien do") {
        Some(Column::Deadline)
    } else {
        None
    }
}

fn find_header(grid: &Grid) -> Option<Header> {
    let last = grid
        .end_row()
        .min(grid.first_row().saturating_add(HEADER_SEARCH_ROWS));
    for row in grid.first_row()..last {
        let mut cols = HashMap::new();
        for col in 0..grid.end_col() {
            let cell = grid.cell(row, col);
            if cell.merged_copy {
                continue;
            }
            if let Value::Text(t) = &cell.value
                && let Some(role) = header_role(t)
            {
                cols.entry(role).or_insert(col);
            }
        }
        if cols.contains_key(&Column::Content) && cols.contains_key(&Column::Lead) {
            return Some(Header { row, cols });
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// Rows

/// The mapped cells of one data row.
#[derive(Debug, Default)]
struct RowCells {
    stt: String,
    stt_value: Option<Value>,
    content: String,
    lead: String,
    partner: String,
    product: String,
    deadline: String,
    /// The one distinct text of the row, when it has exactly one (headings).
    sole_text: Option<(u32, String)>,
    /// Columns whose cell is a copy from a merged region above or to the left.
    merged: Vec<Column>,
    bold: bool,
}

impl RowCells {
    fn has_details(&self) -> bool {
        !(self.lead.is_empty()
            && self.partner.is_empty()
            && self.product.is_empty()
            && self.deadline.is_empty())
    }
}

fn row_cells(grid: &Grid, header: &Header, row: u32) -> RowCells {
    let get = |c: Column| {
        header
            .col(c)
            .map(|col| grid.text(row, col))
            .unwrap_or_default()
    };
    let mut distinct: Vec<(u32, String)> = Vec::new();
    for col in 0..grid.end_col() {
        let t = grid.text(row, col);
        if !t.is_empty() && !distinct.iter().any(|(_, d)| *d == t) {
            distinct.push((col, t));
        }
    }
    let bold = (0..grid.end_col()).any(|col| {
        let c = grid.cell(row, col);
        c.bold && !c.is_empty()
    });
    let content = get(Column::Content);
    // A detail cell that is only a merged copy of the content (a title merged across
    // the table) is not a detail.
    let detail = |c: Column| {
        header
            .col(c)
            .map(|col| {
                let cell = grid.cell(row, col);
                let t = cell.text();
                if cell.merged_copy && t == content {
                    String::new()
                } else {
                    t
                }
            })
            .unwrap_or_default()
    };
    let mut cells = RowCells {
        stt: get(Column::Stt),
        stt_value: header
            .col(Column::Stt)
            .map(|c| grid.cell(row, c).value.clone()),
        lead: detail(Column::Lead),
        partner: detail(Column::Partner),
        product: detail(Column::Product),
        deadline: detail(Column::Deadline),
        content,
        sole_text: None,
        merged: Column::ALL
            .iter()
            .filter(|c| {
                header
                    .col(**c)
                    .is_some_and(|col| grid.cell(row, col).merged_copy)
            })
            .copied()
            .collect(),
        bold,
    };
    if distinct.len() == 1 {
        let (col, text) = distinct.pop().expect("one element");
        let only_number = Some(col) == header.col(Column::Stt)
            && stt_number(cells.stt_value.as_ref(), &text).is_some()
            && cells.content.is_empty();
        if !only_number {
            // A heading, wherever it stands and however far it is merged: its text is
            // the row's content and nothing else.
            cells = RowCells {
                content: text.clone(),
                sole_text: Some((col, text)),
                bold,
                ..RowCells::default()
            };
        }
    }
    cells
}

/// "I- Chỉ đạo…", "VIII. Về hiện đại hoá…", "IV - …", "II: …" → ("II", title).
fn group_heading(text: &str) -> Option<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^([IVXL]+)\s*[-.–—:)]\s*(\S.*)$").unwrap());
    let caps = re.captures(text.trim())?;
    roman_to_int(&caps[1])?;
    Some((caps[1].to_string(), caps[2].trim().to_string()))
}

/// "a) Kế hoạch…" → ('a', "Kế hoạch…").
fn sub_item(text: &str) -> Option<(char, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^([a-zđ])\s?[).]\s*(\S.*)$").unwrap());
    let caps = re.captures(text.trim())?;
    let letter = caps[1].chars().next()?;
    item_letter_index(letter)?;
    Some((letter, caps[2].trim().to_string()))
}

/// A sub-item row: "a) …" in the content, or the letter alone in the STT column
/// ("a", "b)") with the text in the content column.
fn row_sub_item(cells: &RowCells) -> Option<(char, String)> {
    if let Some(found) = sub_item(&cells.content) {
        return Some(found);
    }
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^\(?([a-zđ])\s*[).]?$").unwrap());
    let caps = re.captures(cells.stt.trim())?;
    let letter = caps[1].chars().next()?;
    item_letter_index(letter)?;
    (!cells.content.is_empty()).then(|| (letter, cells.content.clone()))
}

/// The number in an STT cell: 1.0, "1", "1.", "01", "(1)"; also "6a"/"15.b" → (6, 'a').
fn stt_number(value: Option<&Value>, text: &str) -> Option<(u32, Option<char>)> {
    if let Some(Value::Number(n)) = value {
        return (n.fract() == 0.0 && *n >= 1.0 && *n < 1000.0).then_some((*n as u32, None));
    }
    let code = normalize_task_code(text.trim_end_matches(['.', ')']))?;
    let digits: String = code.chars().take_while(char::is_ascii_digit).collect();
    let letter = code.chars().find(|c| !c.is_ascii_digit());
    Some((digits.parse().ok()?, letter))
}

/// A column-numbering row such as `(1) (2) (3) (4)` or `1 2 3 4`.
fn is_numbering_row(grid: &Grid, row: u32) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^\(?\d{1,2}\)?$").unwrap());
    let mut count = 0;
    for col in 0..grid.end_col() {
        let cell = grid.cell(row, col);
        if cell.is_empty() {
            continue;
        }
        if !re.is_match(&cell.text()) {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// The plan's year from the title lines above the header ("…năm 2019"), skipping the
/// "(Ban hành kèm theo Quyết định … năm 2018 …)" line.
fn title_year(grid: &Grid, header_row: u32) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\bnam (\d{4})\b").unwrap());
    for row in grid.first_row()..header_row {
        for col in 0..grid.end_col() {
            let cell = grid.cell(row, col);
            if cell.merged_copy {
                continue;
            }
            let f = fold(&cell.text());
            if f.starts_with('(')
                || f.contains("kem theo")
                || f.contains("quyet dinh so")
                || dateline_re().is_match(&f)
            {
                continue;
            }
            if let Some(c) = re.captures(&f) {
                return c[1].parse().ok();
            }
        }
    }
    None
}

/// "ngày 27 tháng 12 năm 2018": a place-and-date line, not the plan's year.
fn dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"ngay \d{1,2} thang \d{1,2} nam \d{4}").unwrap())
}

/// Words that start a product or content text, not an agency name: a lead cell that
/// begins with one of them was probably filled with the wrong column.
fn looks_like_content(lead: &str, title: &str, product: &str) -> bool {
    let f = fold(lead);
    let starts = [
        "ke hoach",
        "bao cao",
        "quyet dinh",
        "de an",
        "van ban",
        "xay dung",
        "trien khai",
        "ban hanh",
        "thuc hien",
    ];
    starts.iter().any(|s| f.starts_with(s))
        || (!f.is_empty() && (f == fold(title) || f == fold(product)))
}

struct Parent {
    number: Option<u32>,
    title: Option<String>,
    last_letter: Option<usize>,
    /// The series' parent is a subgroup heading whose scope ends with the series.
    scoped_subgroup: bool,
    /// Details written on the parent row, inherited by sub-items that leave them empty.
    defaults: Option<Defaults>,
    /// The number stood on the parent row.
    numbered: bool,
}

struct Defaults {
    lead: String,
    partner: String,
    product: String,
    deadline: String,
}

/// Raw task fields before agency resolution and deadline parsing.
struct RawTask {
    parent_numbered: bool,
    number: u32,
    letter: Option<char>,
    group: String,
    subgroup: Option<String>,
    parent: Option<String>,
    title: String,
    lead: String,
    partner: String,
    product: String,
    deadline: String,
    row: u32,
    /// Column of the cell that names the task (STT, or content), for diagnostics.
    cell_col: u32,
}

fn read_sheet(grid: &Grid, header: &Header, registry: &Registry, year: Option<i32>) -> Catalogue {
    let sheet = grid.name.clone();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let year = year.or_else(|| title_year(grid, header.row));
    if year.is_none() {
        diags.push(
            Diagnostic::warning(
                "catalogue.year_missing",
                "Không xác định được năm của kế hoạch từ tiêu đề danh mục (\"… năm 2019\"); các thời hạn ghi tháng/quý không kèm năm sẽ không đọc được",
            )
            .in_sheet(&sheet)
            .with_hint("Dùng tùy chọn --year"),
        );
    }
    let content_col = header.col(Column::Content).unwrap_or(0);
    let stt_col = header.col(Column::Stt);
    if stt_col.is_none() {
        diags.push(
            Diagnostic::warning(
                "catalogue.no_number_column",
                "Danh mục không có cột Stt: nhiệm vụ được đánh số theo thứ tự dòng",
            )
            .at(&sheet, a1(header.row, 0)),
        );
    }
    for col in 0..grid.end_col() {
        let t = grid.text(header.row, col);
        if !t.is_empty() && header_role(&t).is_none() && !grid.cell(header.row, col).merged_copy {
            diags.push(
                Diagnostic::warning(
                    "catalogue.extra_column",
                    format!("Cột \"{t}\" không thuộc mẫu danh mục và được bỏ qua"),
                )
                .at(&sheet, a1(header.row, col)),
            );
        }
    }

    let mut groups: Vec<Group> = Vec::new();
    let mut raws: Vec<RawTask> = Vec::new();
    let mut group = String::new();
    let mut subgroup: Option<String> = None;
    let mut parent: Option<Parent> = None;
    let mut last_number: u32 = 0;

    let rows: Vec<u32> = (header.row + 1..grid.end_row())
        .filter(|&r| !grid.row_is_blank(r))
        .collect();
    for (pos, &row) in rows.iter().enumerate() {
        if is_numbering_row(grid, row) {
            continue;
        }
        let cells = row_cells(grid, header, row);
        let next_is_sub_item = rows.get(pos + 1).is_some_and(|&next| {
            let n = row_cells(grid, header, next);
            row_sub_item(&n).is_some()
        });

        // Headings: a row with one text only, or a roman numeral in the STT column.
        let heading = cells.sole_text.clone().or_else(|| {
            (!cells.has_details()
                && group_heading(&format!("{}. {}", cells.stt, cells.content)).is_some()
                && roman_to_int(cells.stt.trim_end_matches(['.', '-', ' '])).is_some())
            .then(|| {
                (
                    0,
                    format!(
                        "{}. {}",
                        cells.stt.trim_end_matches(['.', '-']),
                        cells.content
                    ),
                )
            })
        });
        if let Some((col, text)) = &heading {
            if let Some((id, title)) = group_heading(text) {
                if groups.iter().any(|g| g.id == id) {
                    diags.push(
                        Diagnostic::warning(
                            "catalogue.group_duplicate",
                            format!("Nhóm nhiệm vụ {id} xuất hiện lần thứ hai"),
                        )
                        .at(&sheet, a1(row, *col)),
                    );
                } else {
                    groups.push(Group {
                        id: id.clone(),
                        title,
                        heading: text.clone(),
                    });
                }
                group = id;
                subgroup = None;
                parent = None;
                continue;
            }
        }

        let number = stt_number(cells.stt_value.as_ref(), &cells.stt);
        let content = cells.content.clone();
        if content.is_empty() && !cells.has_details() {
            diags.push(
                Diagnostic::warning(
                    "catalogue.row_unrecognised",
                    format!(
                        "Dòng {} chỉ có số thứ tự \"{}\", không có nội dung: bỏ qua",
                        row + 1,
                        cells.stt
                    ),
                )
                .at(&sheet, a1(row, stt_col.unwrap_or(0))),
            );
            continue;
        }

        let continues_previous = number.is_none()
            && row_sub_item(&cells).is_none()
            && !raws.is_empty()
            && (content.is_empty() || starts_lowercase(&content))
            && heading.as_ref().is_none_or(|_| !cells.bold);
        if continues_previous {
            // The rest of the task above, split over two rows (a page break in Word, or
            // a line wrapped into its own row). Cells merged down from the row above are
            // not new text.
            let last = raws.last_mut().expect("checked non-empty");
            for (col, field, extra) in [
                (Column::Content, &mut last.title, &content),
                (Column::Lead, &mut last.lead, &cells.lead),
                (Column::Partner, &mut last.partner, &cells.partner),
                (Column::Product, &mut last.product, &cells.product),
                (Column::Deadline, &mut last.deadline, &cells.deadline),
            ] {
                if !extra.is_empty() && !cells.merged.contains(&col) {
                    if !field.is_empty() {
                        field.push(' ');
                    }
                    field.push_str(extra);
                }
            }
            continue;
        }

        if let Some((letter, rest)) = row_sub_item(&cells) {
            // A sub-item of the current parent (or of a number on this row).
            let (row_number, _) = number.unzip();
            let p = parent.get_or_insert(Parent {
                number: None,
                title: None,
                last_letter: None,
                scoped_subgroup: false,
                defaults: None,
                numbered: false,
            });
            if let Some(n) = row_number
                && p.number != Some(n)
            {
                if p.number.is_some() {
                    // A new numbered series without a parent row ("7 | a) …").
                    *p = Parent {
                        number: Some(n),
                        title: None,
                        last_letter: None,
                        scoped_subgroup: false,
                        defaults: None,
                        numbered: false,
                    };
                } else {
                    p.number = Some(n);
                }
            }
            let n = match p.number {
                Some(n) => n,
                None => {
                    let n = last_number + 1;
                    p.number = Some(n);
                    diags.push(
                        Diagnostic::warning(
                            "catalogue.number_inferred",
                            format!(
                                "Mục \"{letter})\" không có số thứ tự: được đánh số {n}{letter} theo thứ tự"
                            ),
                        )
                        .at(&sheet, a1(row, content_col)),
                    );
                    n
                }
            };
            let idx = item_letter_index(letter).unwrap_or(0);
            let expected = p.last_letter.map_or(0, |l| l + 1);
            if idx != expected {
                diags.push(
                    Diagnostic::warning(
                        "catalogue.letter_order",
                        format!(
                            "Mục {n}{letter}) không đúng thứ tự chữ cái (cần mục {n}{})",
                            crate::text::VIETNAMESE_ITEM_LETTERS[expected.min(23)]
                        ),
                    )
                    .at(&sheet, a1(row, content_col)),
                );
            }
            p.last_letter = Some(idx);
            if n != last_number && n != last_number + 1 && p.last_letter == Some(0) {
                number_gap(&mut diags, &sheet, row, stt_col, last_number, n);
            }
            last_number = n;
            // Cells left empty take the parent row's (a lead merged or written once for
            // the whole series).
            let inherit = |own: String, pick: fn(&Defaults) -> &String| {
                if own.is_empty() {
                    p.defaults
                        .as_ref()
                        .map(|d| pick(d).clone())
                        .unwrap_or_default()
                } else {
                    own
                }
            };
            let lead = inherit(cells.lead, |d| &d.lead);
            let partner = inherit(cells.partner, |d| &d.partner);
            let product = inherit(cells.product, |d| &d.product);
            let deadline = inherit(cells.deadline, |d| &d.deadline);
            raws.push(RawTask {
                parent_numbered: p.numbered,
                number: n,
                letter: Some(letter),
                group: group.clone(),
                subgroup: subgroup.clone(),
                parent: p.title.clone(),
                title: rest,
                lead,
                partner,
                product,
                deadline,
                row,
                cell_col: if row_number.is_some() {
                    stt_col.unwrap_or(content_col)
                } else {
                    content_col
                },
            });
            continue;
        }

        // Not a sub-item: a series in progress ends here.
        if let Some(p) = parent.take()
            && p.scoped_subgroup
        {
            subgroup = None;
        }

        if next_is_sub_item && (number.is_some() || !cells.has_details()) {
            // Parent heading of the sub-items that follow (3, 15, 26, "Kiểm tra…").
            let is_subgroup = number.is_none() && cells.bold;
            if is_subgroup {
                subgroup = Some(content.clone());
            }
            if let Some((n, _)) = number {
                if n != last_number + 1 {
                    number_gap(&mut diags, &sheet, row, stt_col, last_number, n);
                }
                last_number = n - 1;
            }
            let defaults = cells.has_details().then(|| Defaults {
                lead: cells.lead.clone(),
                partner: cells.partner.clone(),
                product: cells.product.clone(),
                deadline: cells.deadline.clone(),
            });
            parent = Some(Parent {
                number: number.map(|(n, _)| n),
                title: Some(content),
                last_letter: None,
                scoped_subgroup: is_subgroup,
                defaults,
                numbered: number.is_some(),
            });
            continue;
        }

        if !cells.has_details() && number.is_none() {
            // An un-numbered heading inside a group.
            subgroup = Some(content);
            continue;
        }

        // An ordinary task.
        let (n, letter) = match number {
            Some(n) => n,
            None if stt_col.is_none() => (last_number + 1, None),
            None => {
                let n = last_number + 1;
                diags.push(
                    Diagnostic::warning(
                        "catalogue.number_inferred",
                        format!("Nhiệm vụ không có số thứ tự: được đánh số {n} theo thứ tự"),
                    )
                    .at(&sheet, a1(row, stt_col.unwrap_or(0))),
                );
                (n, None)
            }
        };
        if n != last_number + 1 && letter.is_none() {
            number_gap(&mut diags, &sheet, row, stt_col, last_number, n);
        }
        last_number = n;
        raws.push(RawTask {
            parent_numbered: false,
            number: n,
            letter,
            group: group.clone(),
            subgroup: subgroup.clone(),
            parent: None,
            title: content,
            lead: cells.lead,
            partner: cells.partner,
            product: cells.product,
            deadline: cells.deadline,
            row,
            cell_col: stt_col.unwrap_or(content_col),
        });
    }

    let tasks = finish_tasks(raws, header, &sheet, registry, year, &mut diags);
    if tasks.is_empty() {
        diags.push(
            Diagnostic::error(
                "catalogue.empty",
                "Không đọc được nhiệm vụ nào dưới dòng tiêu đề của danh mục",
            )
            .at(&sheet, a1(header.row, content_col)),
        );
    }
    Catalogue {
        year,
        groups,
        tasks,
        diagnostics: diags,
        source: String::new(),
        sheet,
    }
}

fn number_gap(
    diags: &mut Vec<Diagnostic>,
    sheet: &str,
    row: u32,
    stt_col: Option<u32>,
    last: u32,
    n: u32,
) {
    if n > last + 1 {
        diags.push(
            Diagnostic::warning(
                "catalogue.number_order",
                format!(
                    "Số thứ tự nhảy từ {last} lên {n}: có thể thiếu nhiệm vụ {}",
                    last + 1
                ),
            )
            .at(sheet, a1(row, stt_col.unwrap_or(0))),
        );
    }
}

/// Resolves agencies, parses deadlines and checks each task.
fn finish_tasks(
    raws: Vec<RawTask>,
    header: &Header,
    sheet: &str,
    registry: &Registry,
    year: Option<i32>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Task> {
    let lead_col = header.col(Column::Lead).unwrap_or(0);
    let deadline_col = header.col(Column::Deadline);
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut tasks = Vec::with_capacity(raws.len());
    for raw in raws {
        let code = format!(
            "{}{}",
            raw.number,
            raw.letter.map(String::from).unwrap_or_default()
        );
        if raw.group.is_empty() {
            diags.push(
                Diagnostic::warning(
                    "catalogue.no_group",
                    format!("Nhiệm vụ {code} đứng trước mọi nhóm nhiệm vụ (I, II, …)"),
                )
                .at(sheet, a1(raw.row, raw.cell_col)),
            );
        }
        if let Some(&first_row) = seen.get(&code) {
            diags.push(
                Diagnostic::error(
                    "task.duplicate",
                    format!(
                        "Mã nhiệm vụ {code} bị trùng: đã có ở dòng {}",
                        first_row + 1
                    ),
                )
                .at(sheet, a1(raw.row, raw.cell_col)),
            );
        } else {
            seen.insert(code.clone(), raw.row);
        }

        let lead = registry.resolve(&raw.lead);
        let partners = registry.resolve(&raw.partner);
        let lead_cell = a1(raw.row, lead_col);
        if raw.lead.is_empty() {
            diags.push(
                Diagnostic::warning(
                    "task.lead_missing",
                    format!("Nhiệm vụ {code} chưa ghi cơ quan chủ trì"),
                )
                .at(sheet, lead_cell),
            );
        } else if looks_like_content(&raw.lead, &raw.title, &raw.product) {
            let names = if lead.agencies.is_empty() {
                "không nêu được cơ quan nào".to_string()
            } else {
                format!("vẫn đọc được {} cơ quan", lead.agencies.len())
            };
            diags.push(
                Diagnostic::warning(
                    "task.lead_suspicious",
                    format!(
                        "Ô cơ quan chủ trì của nhiệm vụ {code} có vẻ chép nhầm nội dung công việc (\"{}\"); {names}",
                        raw.lead
                    ),
                )
                .at(sheet, lead_cell)
                .with_hint("Ghi tên cơ quan chủ trì, ví dụ: Các sở, ban, ngành; UBND các quận, huyện"),
            );
        } else if lead.agencies.is_empty() {
            let hint = registry
                .closest(&raw.lead, 3)
                .iter()
                .map(|a| a.name.clone())
                .collect::<Vec<_>>();
            let mut d = Diagnostic::warning(
                "task.lead_unresolved",
                format!(
                    "Ô cơ quan chủ trì của nhiệm vụ {code} (\"{}\") không nêu cơ quan nào trong danh sách cơ quan",
                    raw.lead
                ),
            )
            .at(sheet, lead_cell);
            if !hint.is_empty() {
                d = d.with_hint(format!("Có phải là: {}?", hint.join("; ")));
            }
            diags.push(d);
        }

        let (deadline, problem) = parse_deadline(&raw.deadline, year);
        if let Some(problem) = problem {
            let cell = a1(raw.row, deadline_col.unwrap_or(raw.cell_col));
            let message = match problem {
                DeadlineProblem::NoDate if raw.deadline.is_empty() => {
                    format!("Nhiệm vụ {code} chưa ghi thời gian thực hiện/hoàn thành")
                }
                DeadlineProblem::NoDate => format!(
                    "Không đọc được thời hạn của nhiệm vụ {code}: \"{}\"",
                    raw.deadline
                ),
                DeadlineProblem::BadDate(bad) => {
                    format!("Thời hạn của nhiệm vụ {code} có ngày tháng không hợp lệ: \"{bad}\"")
                }
            };
            diags.push(
                Diagnostic::warning("deadline.unparsed", message)
                    .at(sheet, cell)
                    .with_hint("Ví dụ: Quý II/2019; Tháng 01/2019; Cả năm 2019; Giai đoạn 2019-2020; Theo tiến độ Đề án"),
            );
        }

        tasks.push(Task {
            code,
            group: raw.group,
            subgroup: raw.subgroup,
            parent: raw.parent,
            title: raw.title,
            lead,
            partners,
            product: raw.product,
            deadline,
            row: raw.row,
            parent_numbered: raw.parent_numbered,
        });
    }
    tasks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_codes() {
        for (input, want) in [
            ("15b", "15b"),
            ("15 b", "15b"),
            ("15.b", "15b"),
            ("15-b)", "15b"),
            ("10.0", "10"),
            ("10", "10"),
            ("3Đ", "3đ"),
            (" 7 ", "7"),
        ] {
            assert_eq!(normalize_task_code(input).as_deref(), Some(want), "{input}");
        }
        for bad in ["", "abc", "0", "15f", "b15", "1.5"] {
            assert_eq!(normalize_task_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn header_roles() {
        assert_eq!(header_role("Stt"), Some(Column::Stt));
        assert_eq!(header_role("STT"), Some(Column::Stt));
        assert_eq!(header_role("Số TT"), Some(Column::Stt));
        assert_eq!(header_role("TT"), Some(Column::Stt));
        assert_eq!(header_role("Nội dung công việc"), Some(Column::Content));
        assert_eq!(header_role("NỘI DUNG  CÔNG VIỆC"), Some(Column::Content));
        assert_eq!(header_role("Cơ quan chủ trì"), Some(Column::Lead));
        assert_eq!(header_role("Cơ quan\nphối hợp"), Some(Column::Partner));
        assert_eq!(header_role("Sản phẩm"), Some(Column::Product));
        assert_eq!(
            header_role("Thời gian thực hiện/ hoàn thành"),
            Some(Column::Deadline)
        );
        assert_eq!(header_role("Ghi chú"), None);
    }

    #[test]
    fn group_and_sub_item_patterns() {
        assert_eq!(
            group_heading("I- Chỉ đạo điều hành"),
            Some(("I".into(), "Chỉ đạo điều hành".into()))
        );
        assert_eq!(group_heading("VIII. Về hiện đại hoá").unwrap().0, "VIII");
        assert_eq!(
            group_heading("IV - Cài cách tổ chức bộ máy").unwrap().0,
            "IV"
        );
        assert_eq!(group_heading("Kiểm tra cải cách hành chính"), None);
        assert_eq!(group_heading("IIII- x"), None);
        assert_eq!(sub_item("a) Kế hoạch"), Some(('a', "Kế hoạch".into())));
        assert_eq!(sub_item("đ) Kế hoạch").unwrap().0, 'đ');
        assert_eq!(sub_item("Kế hoạch"), None);
    }
}
