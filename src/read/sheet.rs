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
use std::io::Cursor;
use std::path::Path;

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
    Text(String),
    Number(f64),
    Bool(bool),
    /// An Excel date (or date-time) cell.
    Date(NaiveDateTime),
    /// A cell holding an Excel error such as `#REF!`.
    Error(String),
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
            Value::Text(s) => s.clone(),
            Value::Number(n) => format_number(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Date(d) => d.format("%d/%m/%Y").to_string(),
            Value::Error(e) => e.clone(),
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
}

impl Grid {
    /// Builds a grid from rows of cells starting at A1 (used by tests and by readers of
    /// other sources).
    pub fn from_rows(name: &str, rows: Vec<Vec<Cell>>) -> Grid {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        Grid {
            name: name.to_string(),
            origin: (0, 0),
            rows,
            width,
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

    /// Replaces the text of a cell (used when converting legacy encodings).
    pub fn set_text(&mut self, row: u32, col: u32, text: String) {
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
        if bytes.is_empty() {
            return Err(OpenError::Empty);
        }
        // calamine is not hardened against every malformed file; a panic inside it must
        // not take the whole batch down, so it is caught and reported as unreadable.
        let result = std::panic::catch_unwind(move || read_all(bytes));
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

fn read_all(bytes: Vec<u8>) -> Result<Workbook, OpenError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| OpenError::NotAWorkbook(e.to_string()))?;
    let names = book.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = match book.worksheet_range(&name) {
            Ok(r) => r,
            // Chart sheets and macro sheets have no cells; skip them.
            Err(_) => continue,
        };
        let merges = merged_regions(&mut book, &name);
        let styles = book.worksheet_style(&name).ok();
        sheets.push(to_grid(&name, &range, &merges, styles.as_ref()));
    }
    Ok(Workbook { sheets })
}

fn merged_regions<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> Vec<calamine::Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        // ODS and XLSB merges are not exposed by calamine: their merged cells read as a
        // value in the top-left cell and blanks elsewhere, which the readers tolerate.
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
                Value::Text(s)
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
                Err(_) => Value::Text(clean(s)),
            }
        }
        Data::DurationIso(s) => Value::Text(clean(s)),
        Data::Error(e) => Value::Error(format!("{e}")),
    }
}

/// Largest grid the readers accept, in cells. Protects against a sheet whose used
/// range claims millions of cells (a single stray format at XFD1048576).
const MAX_GRID_CELLS: u64 = 5_000_000;

fn to_grid(
    name: &str,
    range: &calamine::Range<Data>,
    merges: &[calamine::Dimensions],
    styles: Option<&calamine::StyleRange>,
) -> Grid {
    let (Some(start), Some(end)) = (range.start(), range.end()) else {
        return Grid {
            name: clean(name),
            origin: (0, 0),
            rows: Vec::new(),
            width: 0,
        };
    };
    let height = (end.0 - start.0 + 1) as u64;
    let mut width = (end.1 - start.1 + 1) as u64;
    if height * width > MAX_GRID_CELLS {
        width = (MAX_GRID_CELLS / height).max(1);
    }
    let height = height.min(MAX_GRID_CELLS) as usize;
    let width = width as usize;
    let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(height);
    for r in 0..height {
        let mut row = Vec::with_capacity(width);
        for c in 0..width {
            let pos = (start.0 + r as u32, start.1 + c as u32);
            let value = range.get_value(pos).map(convert).unwrap_or(Value::Empty);
            let bold = styles
                .and_then(|s| s.get(pos))
                .and_then(|st| st.font.as_ref())
                .is_some_and(|f| f.is_bold());
            row.push(Cell {
                value,
                bold,
                merged_copy: false,
            });
        }
        rows.push(row);
    }
    let mut grid = Grid {
        name: clean(name),
        origin: start,
        rows,
        width,
    };
    for m in merges {
        grid.fill_merge(m.start, m.end);
    }
    grid
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
            for c in start.1..=last_col {
                if (r, c) == start || r < self.origin.0 || c < self.origin.1 {
                    continue;
                }
                let (ri, ci) = ((r - self.origin.0) as usize, (c - self.origin.1) as usize);
                if let Some(cell) = self.rows.get_mut(ri).and_then(|row| row.get_mut(ci))
                    && cell.is_empty()
                {
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
