//! Reading workbooks (xlsx, xls, ods) into plain grids of cells.
//!
//! The readers for the catalogue and for submissions never see calamine: they get a
//! [`Grid`] per sheet in which every text is already clean NFC, merged regions are
//! filled with the value of their top-left cell (so a lead agency merged over rows 3a
//! and 3b reads on both rows) and each cell remembers its absolute position for
//! diagnostics, and whether it is bold.

use crate::text::clean;
use calamine::{Data, Reader, Sheets, open_workbook_auto_from_rs};
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

/// Why a file could not be opened as a workbook. The message is Vietnamese.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("không đọc được tệp: {0}")]
    Io(#[from] std::io::Error),
    /// The detail (from the spreadsheet library, in English) is kept for a hint.
    #[error("tệp không phải là bảng tính Excel/ODS hợp lệ (hoặc bị hỏng, bị đặt mật khẩu)")]
    NotAWorkbook(String),
    #[error("tệp rỗng")]
    Empty,
    /// Reading stopped: the sheets hold more cells than the caller accepts.
    #[error("bảng tính có quá nhiều ô (hơn {0})")]
    TooManyCells(u64),
}

impl OpenError {
    /// Technical detail for a hint, if any.
    pub fn detail(&self) -> Option<String> {
        match self {
            OpenError::NotAWorkbook(d) if !d.is_empty() => Some(format!("chi tiết kỹ thuật: {d}")),
            _ => None,
        }
    }
}

/// The value kinds the readers care about.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    /// Text, clean NFC. Shared: a text repeated down a column (a fill-down, the same
    /// status on every row) is held once, whatever the number of cells.
    Text(Arc<str>),
    Number(f64),
    Bool(bool),
    /// An Excel date (or date-time) cell.
    Date(NaiveDateTime),
    /// A cell holding an Excel error such as `#REF!`.
    Error(Arc<str>),
}

/// One cell of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: Value,
    /// Bold font (xlsx only; other formats report `false`).
    pub bold: bool,
    /// True when this cell is part of a merged region but not its top-left cell.
    pub merged_copy: bool,
}

impl Cell {
    const EMPTY: Cell = Cell {
        value: Value::Empty,
        bold: false,
        merged_copy: false,
    };

    /// The cell as text: text as is, whole numbers without `.0`, dates `dd/mm/yyyy`.
    pub fn text(&self) -> String {
        match &self.value {
            Value::Empty => String::new(),
            Value::Text(s) => s.to_string(),
            Value::Number(n) => format_number(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Date(d) => d.format("%d/%m/%Y").to_string(),
            Value::Error(e) => e.to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match &self.value {
            Value::Empty => true,
            Value::Text(s) => s.is_empty(),
            _ => false,
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A sheet as a rectangle of cells with absolute positions.
#[derive(Debug, Clone)]
pub struct Grid {
    pub name: String,
    /// Absolute (row, column) of `rows[0][0]`.
    origin: (u32, u32),
    rows: Vec<Vec<Cell>>,
    width: usize,
    /// Rows and columns the sheet hides (xlsx only; see [`crate::read::hidden`]).
    pub hidden: crate::read::hidden::Hidden,
}

/// The content a sheet hides, once taken out of its grid: inclusive ranges of rows
/// and of columns (zero-based) that held something.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HiddenContent {
    pub rows: Vec<(u32, u32)>,
    pub cols: Vec<(u32, u32)>,
}

impl Grid {
    /// Empties the cells of hidden rows and columns, which the agency does not see,
    /// and tells which of them held content. A hidden row or column that was empty
    /// anyway is not worth a word.
    pub fn take_hidden(&mut self) -> HiddenContent {
        if self.hidden.is_empty() {
            return HiddenContent::default();
        }
        let hidden = std::mem::take(&mut self.hidden);
        let mut rows_with = Vec::new();
        let mut cols_with = Vec::new();
        for &r in &hidden.rows {
            if r < self.origin.0 {
                continue;
            }
            // A merge's copies are the visible anchor's value, not the row's own.
            if let Some(row) = self.rows.get_mut((r - self.origin.0) as usize) {
                if row.iter().any(|c| !c.is_empty() && !c.merged_copy) {
                    rows_with.push(r);
                }
                row.clear();
            }
        }
        for row in self.rows.iter_mut() {
            for (ci, cell) in row.iter_mut().enumerate() {
                let c = self.origin.1 + ci as u32;
                if !cell.is_empty() && hidden.hides_col(c) {
                    if !cell.merged_copy {
                        cols_with.push(c);
                    }
                    *cell = Cell::EMPTY;
                }
            }
        }
        HiddenContent {
            rows: crate::read::hidden::runs(rows_with),
            cols: crate::read::hidden::runs(cols_with),
        }
    }

    /// Builds a grid from rows of cells starting at A1 (used by tests and by readers of
    /// other sources).
    pub fn from_rows(name: &str, rows: Vec<Vec<Cell>>) -> Grid {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        Grid {
            name: name.to_string(),
            origin: (0, 0),
            rows,
            width,
            hidden: Default::default(),
        }
    }

    /// Absolute index of the first row.
    pub fn first_row(&self) -> u32 {
        self.origin.0
    }

    /// Absolute index one past the last row.
    pub fn end_row(&self) -> u32 {
        self.origin.0 + self.rows.len() as u32
    }

    /// Absolute index one past the last column.
    pub fn end_col(&self) -> u32 {
        self.origin.1 + self.width as u32
    }

    /// The cell at an absolute position (an empty cell outside the used range).
    pub fn cell(&self, row: u32, col: u32) -> &Cell {
        if row < self.origin.0 || col < self.origin.1 {
            return &Cell::EMPTY;
        }
        self.rows
            .get((row - self.origin.0) as usize)
            .and_then(|r| r.get((col - self.origin.1) as usize))
            .unwrap_or(&Cell::EMPTY)
    }

    /// Text of the cell at an absolute position.
    pub fn text(&self, row: u32, col: u32) -> String {
        self.cell(row, col).text()
    }

    /// True when every cell of the row is empty.
    pub fn row_is_blank(&self, row: u32) -> bool {
        (self.origin.1..self.end_col()).all(|c| self.cell(row, c).is_empty())
    }

    /// Replaces the text of a cell (legacy encodings converted) with a text that may be
    /// shared with other cells.
    pub fn set_text(&mut self, row: u32, col: u32, text: Arc<str>) {
        if row < self.origin.0 || col < self.origin.1 {
            return;
        }
        let (r, c) = (
            (row - self.origin.0) as usize,
            (col - self.origin.1) as usize,
        );
        if let Some(cell) = self.rows.get_mut(r).and_then(|x| x.get_mut(c)) {
            cell.value = Value::Text(text);
        }
    }

    /// Every non-empty cell that is not a merged copy, with its absolute position.
    pub fn cells(&self) -> impl Iterator<Item = (u32, u32, &Cell)> + '_ {
        self.rows.iter().enumerate().flat_map(move |(r, row)| {
            row.iter().enumerate().filter_map(move |(c, cell)| {
                (!cell.is_empty() && !cell.merged_copy).then_some((
                    self.origin.0 + r as u32,
                    self.origin.1 + c as u32,
                    cell,
                ))
            })
        })
    }

    /// Number of cells in the grid's rectangle.
    pub fn cell_count(&self) -> u64 {
        self.rows.len() as u64 * self.width as u64
    }
}

/// Total uncompressed size of the members of a zip-based workbook (xlsx, ods), read
/// from the zip directory without inflating anything. `None` for other formats.
pub fn unzipped_size(bytes: &[u8]) -> Option<u64> {
    if !bytes.starts_with(b"PK") {
        return None;
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let size = archive.by_index_raw(i).ok()?.size();
        total = total.saturating_add(size);
    }
    Some(total)
}

/// A workbook read fully into grids.
#[derive(Debug, Clone)]
pub struct Workbook {
    pub sheets: Vec<Grid>,
}

impl Workbook {
    /// Reads a workbook file. The file is opened read-only and read once into memory.
    pub fn open(path: &Path) -> Result<Workbook, OpenError> {
        let bytes = std::fs::read(path)?;
        Self::from_bytes(bytes)
    }

    /// Reads a workbook from its bytes, whatever its format (xlsx, xls, ods, xlsb).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Workbook, OpenError> {
        Self::from_bytes_within(bytes, MAX_GRID_CELLS)
    }

    /// Reads a workbook from its bytes, stopping with [`OpenError::TooManyCells`] as
    /// soon as the sheets read hold more than `max_cells` cells (counted as laid out
    /// in memory), so a file over the limit is refused before it is read whole.
    pub fn from_bytes_within(bytes: Vec<u8>, max_cells: u64) -> Result<Workbook, OpenError> {
        if bytes.is_empty() {
            return Err(OpenError::Empty);
        }
        // calamine is not hardened against every malformed file; a panic inside it must
        // not take the whole batch down, so it is caught and reported as unreadable.
        let budget = max_cells.min(MAX_GRID_CELLS);
        let result = std::panic::catch_unwind(move || read_all(bytes, budget));
        match result {
            Ok(r) => r,
            Err(_) => Err(OpenError::NotAWorkbook(
                "lỗi nội bộ của thư viện đọc bảng tính".into(),
            )),
        }
    }

    /// The sheet with this name, compared loosely (case and diacritics ignored).
    pub fn sheet(&self, name: &str) -> Option<&Grid> {
        let key = crate::text::fold(name);
        self.sheets
            .iter()
            .find(|g| crate::text::fold(&g.name) == key)
    }
}

/// Largest grid the readers accept, in cells, whatever the caller's limit. Protects
/// against a sheet whose cells are spread over millions of positions.
const MAX_GRID_CELLS: u64 = 5_000_000;

/// Reads every sheet. An xlsx sheet is streamed cell by cell from its XML into the
/// grid — calamine never builds its own copy of the sheet — and texts are cleaned once
/// per distinct shared string. Other formats come through calamine's range, one sheet
/// at a time, freed as soon as its grid is built.
fn read_all(bytes: Vec<u8>, budget: u64) -> Result<Workbook, OpenError> {
    let mut hidden = crate::read::hidden::hidden_parts(&bytes);
    let mut ods_merges = crate::read::ods_merges::ods_merges(&bytes);
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| OpenError::NotAWorkbook(e.to_string()))?;
    let names = book.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    let mut used: u64 = 0;
    for name in names {
        let scan = hidden.remove(&clean(&name)).unwrap_or_default();
        let merges = match scan.merges {
            Some(m) => m,
            None => merged_regions(&mut book, &name),
        };
        let mut grid = GridBuilder::new(budget.saturating_sub(used));
        let read = match &mut book {
            Sheets::Xlsx(x) => stream_xlsx(x, &name, &mut grid),
            other => match other.worksheet_range(&name) {
                Ok(range) => {
                    let (r0, c0) = range.start().unwrap_or_default();
                    let mut texts = Interner::default();
                    for (r, c, data) in range.used_cells() {
                        let value = match data {
                            Data::String(s) => texts.text(s),
                            other => convert(other),
                        };
                        grid.push(r0 + r as u32, c0 + c as u32, value, false)?;
                    }
                    Ok(true)
                }
                Err(_) => Ok(false),
            },
        }?;
        // Chart sheets and macro sheets have no cells; skip them.
        if !read {
            continue;
        }
        used += grid.allocated;
        let mut grid = grid.finish(&clean(&name));
        grid.hidden = scan.hidden;
        for &(start, end) in &merges {
            grid.fill_merge(start, end);
        }
        for (start, end) in ods_merges.remove(&grid.name).unwrap_or_default() {
            grid.fill_merge(start, end);
        }
        sheets.push(grid);
    }
    Ok(Workbook { sheets })
}

/// Streams one xlsx sheet into `grid`; `Ok(false)` when the sheet has no cells to read
/// (a chart sheet).
fn stream_xlsx<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
    grid: &mut GridBuilder,
) -> Result<bool, OpenError> {
    let Ok(mut reader) = book.worksheet_cells_reader(name) else {
        return Ok(false);
    };
    let palette: Vec<bool> = reader
        .styles()
        .iter()
        .map(|st| st.font.as_ref().is_some_and(|f| f.is_bold()))
        .collect();
    let mut texts = Interner::default();
    loop {
        let next = reader
            .next_cell_with_style_id()
            .map_err(|e| OpenError::NotAWorkbook(e.to_string()))?;
        let Some((cell, style)) = next else { break };
        let (r, c) = cell.get_position();
        let value = match cell.get_value() {
            calamine::DataRef::Empty => continue,
            calamine::DataRef::SharedString(s) => texts.text(s),
            calamine::DataRef::String(s) => texts.text(s),
            other => convert(&calamine::Data::from(other.clone())),
        };
        grid.push(r, c, value, palette.get(style).copied().unwrap_or(false))?;
    }
    Ok(true)
}

/// Clean texts, each distinct text cleaned once and held once per sheet: a column
/// filled down holds one text, not one per row. Past [`Interner::MAX`] distinct texts
/// (a sheet of all-different notes) new texts are no longer remembered, so the table
/// itself stays small.
#[derive(Default)]
struct Interner {
    seen: HashMap<Box<str>, Option<Arc<str>>>,
}

impl Interner {
    const MAX: usize = 50_000;

    /// The cell value of a raw text: `Empty` when nothing is left once cleaned.
    fn text(&mut self, raw: &str) -> Value {
        if let Some(t) = self.seen.get(raw) {
            return t.clone().map_or(Value::Empty, Value::Text);
        }
        let cleaned = clean(raw);
        let t = (!cleaned.is_empty()).then(|| Arc::<str>::from(cleaned));
        if self.seen.len() < Self::MAX {
            self.seen.insert(raw.into(), t.clone());
        }
        t.map_or(Value::Empty, Value::Text)
    }
}

/// Builds a grid from cells in any order: rows are kept apart (each as long as its last
/// cell) until the end, when they are laid out from the first used row and column.
struct GridBuilder {
    rows: BTreeMap<u32, Vec<Cell>>,
    /// Cells allocated so far (row lengths summed).
    allocated: u64,
    budget: u64,
    min_col: u32,
}

impl GridBuilder {
    fn new(budget: u64) -> GridBuilder {
        GridBuilder {
            rows: BTreeMap::new(),
            allocated: 0,
            budget,
            min_col: u32::MAX,
        }
    }

    fn push(&mut self, row: u32, col: u32, value: Value, bold: bool) -> Result<(), OpenError> {
        if matches!(value, Value::Empty) {
            return Ok(());
        }
        let cells = self.rows.entry(row).or_default();
        let need = col as usize + 1;
        if cells.len() < need {
            self.allocated += (need - cells.len()) as u64;
            if self.allocated > self.budget {
                return Err(OpenError::TooManyCells(self.budget));
            }
            cells.resize(need, Cell::EMPTY);
        }
        cells[col as usize] = Cell {
            value,
            bold,
            merged_copy: false,
        };
        self.min_col = self.min_col.min(col);
        Ok(())
    }

    fn finish(self, name: &str) -> Grid {
        let (Some(&first), Some(&last)) = (self.rows.keys().next(), self.rows.keys().next_back())
        else {
            return Grid {
                name: name.to_string(),
                origin: (0, 0),
                rows: Vec::new(),
                width: 0,
                hidden: Default::default(),
            };
        };
        let skip = self.min_col as usize;
        let mut rows: Vec<Vec<Cell>> = Vec::with_capacity((last - first + 1) as usize);
        let mut width = 0;
        for (r, mut cells) in self.rows {
            while rows.len() < (r - first) as usize {
                rows.push(Vec::new());
            }
            cells.drain(..skip.min(cells.len()));
            cells.shrink_to_fit();
            width = width.max(cells.len());
            rows.push(cells);
        }
        Grid {
            name: name.to_string(),
            origin: (first, self.min_col),
            rows,
            width,
            hidden: Default::default(),
        }
    }
}

/// The merged regions calamine reads (for an .xlsx it parses the whole sheet again to
/// find them: used only when [`crate::read::hidden::hidden_parts`] could not read them
/// from the part it inflated).
fn merged_regions<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> Vec<((u32, u32), (u32, u32))> {
    let corners = |d: Vec<calamine::Dimensions>| d.into_iter().map(|d| (d.start, d.end)).collect();
    match book {
        Sheets::Xlsx(x) => corners(x.merge_cells_by_sheet_name(name).unwrap_or_default()),
        Sheets::Xls(x) => corners(x.merge_cells_by_sheet_name(name).unwrap_or_default()),
        // ODS merges are not exposed by calamine: they are read from the package
        // (crate::read::ods_merges). XLSB merges read as a value in the top-left cell
        // and blanks elsewhere, which the readers tolerate.
        _ => Vec::new(),
    }
}

fn convert(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(s) => {
            let s = clean(s);
            if s.is_empty() {
                Value::Empty
            } else {
                Value::Text(s.into())
            }
        }
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) if !dt.is_duration() => Value::Date(d),
            _ => Value::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => {
            match NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
                .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
                .or_else(|_| {
                    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                        .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default())
                }) {
                Ok(d) => Value::Date(d),
                Err(_) => Value::Text(clean(s).into()),
            }
        }
        Data::DurationIso(s) => Value::Text(clean(s).into()),
        Data::Error(e) => Value::Error(format!("{e}").into()),
    }
}

impl Grid {
    /// Copies the top-left value of a merged region into its other cells.
    fn fill_merge(&mut self, start: (u32, u32), end: (u32, u32)) {
        let top_left = self.cell(start.0, start.1).clone();
        if top_left.is_empty() {
            return;
        }
        // Bound the work: a merge spanning whole columns is clipped to the used range.
        let last_row = end.0.min(self.end_row().saturating_sub(1));
        let last_col = end.1.min(self.end_col().saturating_sub(1));
        for r in start.0..=last_row {
            if r < self.origin.0 {
                continue;
            }
            let Some(row) = self.rows.get_mut((r - self.origin.0) as usize) else {
                continue;
            };
            for c in start.1..=last_col {
                if (r, c) == start || c < self.origin.1 {
                    continue;
                }
                let ci = (c - self.origin.1) as usize;
                // Rows are as long as their last cell: a merge reaching past it
                // lengthens the row (never past the grid's width).
                if row.len() <= ci {
                    row.resize(ci + 1, Cell::EMPTY);
                }
                let cell = &mut row[ci];
                if cell.is_empty() {
                    *cell = Cell {
                        merged_copy: true,
                        ..top_left.clone()
                    };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_text_formats() {
        let c = |v| Cell {
            value: v,
            bold: false,
            merged_copy: false,
        };
        assert_eq!(c(Value::Number(1.0)).text(), "1");
        assert_eq!(c(Value::Number(2.5)).text(), "2.5");
        let d = chrono::NaiveDate::from_ymd_opt(2019, 1, 5)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert_eq!(c(Value::Date(d)).text(), "05/01/2019");
    }

    #[test]
    fn garbage_is_not_a_workbook() {
        assert!(matches!(
            Workbook::from_bytes(b"%PDF-1.4 hello".to_vec()),
            Err(OpenError::NotAWorkbook(_))
        ));
        assert!(matches!(
            Workbook::from_bytes(Vec::new()),
            Err(OpenError::Empty)
        ));
    }
}
