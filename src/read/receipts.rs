//! The văn thư's register of incoming documents (sổ văn bản đến) for a period: which
//! report arrived when. It lives in the period's submissions folder as `so-den.csv` or
//! `so-den.xlsx` (or .xls, .ods), one row per report received:
//!
//! | Tệp (or Cơ quan) | Ngày đến | Số đến |
//!
//! A row names the file it registers, or the agency that sent it (code, name or alias);
//! the date is day first (`07/03/2019`) or an Excel date. The register is optional; a
//! row that cannot be used is a warning, never a stop.

use crate::model::receipt::Receipt;
use crate::model::registry::Registry;
use crate::read::sheet::{Value, Workbook};
use crate::read::values::parse_date;
use crate::text::{fold, header_key};
use std::path::{Path, PathBuf};

/// One usable row of the register.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The file the row registers (its name, compared loosely), if the row names one.
    pub file: Option<String>,
    /// The agency that sent it (registry code), if the row names one.
    pub agency: Option<String>,
    pub receipt: Receipt,
}

/// A period's register: its usable rows, and what could not be used.
#[derive(Debug, Clone, Default)]
pub struct Register {
    pub path: Option<PathBuf>,
    pub entries: Vec<Entry>,
    /// Vietnamese warnings: "sổ đến, dòng 5: ngày đến “…” không đọc được".
    pub warnings: Vec<String>,
}

/// True when a file is a register, not a submission: its name is "sổ đến" or "sổ văn
/// bản đến" (accents, case, separators aside), as a spreadsheet or CSV.
pub fn is_register(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !matches!(ext.as_str(), "csv" | "xlsx" | "xls" | "ods") {
        return false;
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let key: String = fold(&stem)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    key.starts_with("soden") || key.starts_with("sovanbanden")
}

impl Register {
    /// The register of a submissions folder, if it has one (an empty register if not).
    pub fn find(folder: &Path, registry: &Registry) -> Register {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return Register::default();
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_register(p))
            .collect();
        paths.sort();
        match paths.first() {
            Some(p) => Register::load(p, registry),
            None => Register::default(),
        }
    }

    /// Reads a register file (CSV or a workbook).
    pub fn load(path: &Path, registry: &Registry) -> Register {
        let mut reg = Register {
            path: Some(path.to_path_buf()),
            ..Register::default()
        };
        let rows = match read_rows(path) {
            Ok(rows) => rows,
            Err(e) => {
                reg.warnings.push(format!(
                    "không đọc được sổ văn bản đến {}: {e}",
                    path.display()
                ));
                return reg;
            }
        };
        reg.read(&rows, registry);
        reg
    }

    /// The rows after the header: the header is the first row naming a date column
    /// ("Ngày đến") and a file or agency column.
    fn read(&mut self, rows: &[Vec<Value>], registry: &Registry) {
        let mut header = None;
        for (i, row) in rows.iter().enumerate().take(20) {
            let mut cols = Columns::default();
            for (c, v) in row.iter().enumerate() {
                let key = header_key(&text(v));
                match key.as_str() {
                    "tep" | "ten tep" | "tep bao cao" | "file" | "ten file" => cols.file = Some(c),
                    "co quan" | "don vi" | "co quan gui" | "noi gui" | "co quan ban hanh" => {
                        cols.agency = Some(c)
                    }
                    "ngay den" | "ngay nhan" | "ngay nhan bao cao" => cols.date = Some(c),
                    "so den" => cols.number = Some(c),
                    _ => {}
                }
            }
            if cols.date.is_some() && (cols.file.is_some() || cols.agency.is_some()) {
                header = Some((i, cols));
                break;
            }
        }
        let Some((h, cols)) = header else {
            self.warnings.push(
                "sổ văn bản đến không có dòng tiêu đề (Tệp hoặc Cơ quan | Ngày đến | Số đến): không dùng được"
                    .into(),
            );
            return;
        };
        for (i, row) in rows.iter().enumerate().skip(h + 1) {
            let cell =
                |c: Option<usize>| c.and_then(|c| row.get(c)).cloned().unwrap_or(Value::Empty);
            let file = text(&cell(cols.file));
            let agency_text = text(&cell(cols.agency));
            let date_value = cell(cols.date);
            if file.trim().is_empty() && agency_text.trim().is_empty() {
                continue;
            }
            let line = i + 1;
            let date = match parse_date(&date_value) {
                Ok(Some(d)) => d,
                _ => {
                    self.warnings.push(format!(
                        "sổ văn bản đến, dòng {line}: ngày đến “{}” không đọc được — bỏ qua dòng này",
                        text(&date_value)
                    ));
                    continue;
                }
            };
            let agency = if agency_text.trim().is_empty() {
                None
            } else {
                match agency_of(agency_text.trim(), registry) {
                    Some(a) => Some(a),
                    None if file.trim().is_empty() => {
                        self.warnings.push(format!(
                            "sổ văn bản đến, dòng {line}: cơ quan “{}” không có trong danh sách cơ quan — bỏ qua dòng này",
                            agency_text.trim()
                        ));
                        continue;
                    }
                    None => None,
                }
            };
            let number =
                Some(text(&cell(cols.number)).trim().to_string()).filter(|n| !n.is_empty());
            self.entries.push(Entry {
                file: Some(file.trim().to_string()).filter(|f| !f.is_empty()),
                agency,
                receipt: Receipt { date, number },
            });
        }
    }

    /// The receipt of a submission: the row naming its file, else the latest row naming
    /// its agency.
    pub fn receipt_of(&self, file: &str, agency: Option<&str>) -> Option<&Receipt> {
        let name = Path::new(file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let key = |s: &str| fold(s);
        if let Some(e) = self.entries.iter().find(|e| {
            e.file.as_deref().is_some_and(|f| {
                let f = Path::new(f)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                key(&f) == key(&name)
            })
        }) {
            return Some(&e.receipt);
        }
        let agency = agency?;
        self.entries
            .iter()
            .filter(|e| e.file.is_none() && e.agency.as_deref() == Some(agency))
            .map(|e| &e.receipt)
            .max_by_key(|r| r.date)
    }
}

/// The agency a clerk wrote, loosely: a name, code or alias; else a phrase naming one
/// agency ("UBND Q. Ngô Quyền"); else the name without "UBND" ("UBND Ngô Quyền").
fn agency_of(text: &str, registry: &Registry) -> Option<String> {
    if let Some(a) = registry.lookup(text) {
        return Some(a.code.clone());
    }
    let named = registry.resolve(text);
    if let [one] = named.agencies.as_slice() {
        return Some(one.clone());
    }
    let folded = fold(text);
    let rest = ["ubnd ", "uy ban nhan dan "]
        .iter()
        .find_map(|p| folded.strip_prefix(p))?;
    let start = text.chars().count().saturating_sub(rest.chars().count());
    let tail: String = text.chars().skip(start).collect();
    registry.lookup(tail.trim()).map(|a| a.code.clone())
}

#[derive(Default)]
struct Columns {
    file: Option<usize>,
    agency: Option<usize>,
    date: Option<usize>,
    number: Option<usize>,
}

pub(crate) fn text(v: &Value) -> String {
    crate::read::sheet::Cell {
        value: v.clone(),
        bold: false,
        merged_copy: false,
    }
    .text()
}

/// The rows of a CSV (comma, semicolon or tab; UTF-8, with or without BOM) or of the
/// first sheet of a workbook.
pub(crate) fn read_rows(path: &Path) -> Result<Vec<Vec<Value>>, String> {
    let is_csv = path
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("csv"));
    // A CSV is read as the form's CSV exports are (UTF-8 or Windows-1258, the delimiter
    // that splits its lines evenly): one reader for both.
    let book = if is_csv {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        crate::read::document::csv_workbook(&bytes, "Sổ văn bản đến")
            .ok_or_else(|| "tệp CSV không đọc được (dòng hỏng hoặc quá nhiều dòng)".to_string())?
    } else {
        Workbook::open(path).map_err(|e| e.to_string())?
    };
    let Some(grid) = book.sheets.first() else {
        return Ok(Vec::new());
    };
    Ok((grid.first_row()..grid.end_row())
        .map(|r| {
            (0..grid.end_col())
                .map(|c| grid.cell(r, c).value.clone())
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_names() {
        for n in [
            "so-den.csv",
            "Sổ đến.xlsx",
            "SO_DEN_Q1-2019.xls",
            "Sổ văn bản đến.ods",
        ] {
            assert!(is_register(Path::new(n)), "{n}");
        }
        for n in ["STP-q1-2019.xlsx", "so-den.pdf", "Sở Y tế.xlsx"] {
            assert!(!is_register(Path::new(n)), "{n}");
        }
    }
}
