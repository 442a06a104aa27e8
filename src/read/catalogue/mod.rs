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

mod header;
mod rows;
mod sheet;
mod tasks;

use crate::model::catalogue::Catalogue;
use crate::model::registry::Registry;
use crate::read::sheet::{OpenError, Workbook};
use std::path::Path;

/// How many rows from the top of a sheet are searched for the header row.
pub const HEADER_SEARCH_ROWS: u32 = 30;

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
            if let Some(header) = header::find_header(grid) {
                let mut cat = sheet::read_sheet(grid, &header, registry, year);
                cat.source = source.to_string();
                return Ok(cat);
            }
        }
        Err(CatalogueError::NoHeader {
            file: source.to_string(),
            sheets: book.sheets.iter().map(|g| g.name.clone()).collect(),
        })
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
