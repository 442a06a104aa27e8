//! The register of outgoing documents (sổ đăng ký văn bản đi, Nghị định 30/2020 Phụ lục
//! IV): one row per issued document, kept by the văn thư as CSV or an Excel workbook.
//! vanban reads it to give the next number, refuses a number already given, appends the
//! issue and, once the package is sent, the recipients' status. Columns it does not know
//! and rows above the header are kept as they are.
//!
//! | Số, ký hiệu văn bản | Ngày tháng văn bản | Tên loại và trích yếu nội dung văn bản | Người ký | Nơi nhận văn bản | Tệp | Trạng thái gửi | Ghi chú |

use super::IssueError;
use crate::doc::Document;
use crate::read::receipts::{read_rows, text};
use crate::read::values::parse_date;
use crate::text::header_key;
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

/// The columns of a new register.
pub const COLUMNS: [&str; 8] = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Tệp",
    "Trạng thái gửi",
    "Ghi chú",
];

/// Where the known columns are.
#[derive(Debug, Clone, Copy, Default)]
struct Columns {
    reference: Option<usize>,
    date: Option<usize>,
    title: Option<usize>,
    signer: Option<usize>,
    recipients: Option<usize>,
    file: Option<usize>,
    status: Option<usize>,
}

impl Columns {
    fn of(row: &[String]) -> Columns {
        let mut c = Columns::default();
        for (i, cell) in row.iter().enumerate() {
            let key = header_key(cell);
            let slot = if key.starts_with("so") && key.contains("ky hieu") {
                &mut c.reference
            } else if key.starts_with("ngay thang")
                || key == "ngay ban hanh"
                || key == "ngay van ban"
            {
                &mut c.date
            } else if key.contains("trich yeu") {
                &mut c.title
            } else if key == "nguoi ky" {
                &mut c.signer
            } else if key.starts_with("noi nhan") {
                &mut c.recipients
            } else if key == "tep" || key == "ten tep" {
                &mut c.file
            } else if key.starts_with("trang thai") {
                &mut c.status
            } else {
                continue;
            };
            slot.get_or_insert(i);
        }
        c
    }
}

/// An issued document as the register has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Index in [`Register::rows`].
    pub row: usize,
    pub number: u32,
    /// "BC-UBND".
    pub notation: String,
    pub date: Option<NaiveDate>,
}

/// A register, read whole.
#[derive(Debug, Clone)]
pub struct Register {
    pub path: PathBuf,
    /// Every row as text, the header among them.
    pub rows: Vec<Vec<String>>,
    header: usize,
    cols: Columns,
    pub entries: Vec<Entry>,
}

impl Register {
    /// Reads the register; a file that does not exist yet is a new, empty register.
    pub fn open(path: &Path) -> Result<Register, IssueError> {
        let err = |message: String| IssueError::Register {
            path: path.display().to_string(),
            message,
        };
        if !path.exists() {
            return Ok(Register::new(path));
        }
        let values = read_rows(path).map_err(err)?;
        let rows: Vec<Vec<String>> = values
            .iter()
            .map(|r| r.iter().map(text).collect())
            .collect();
        let Some(header) = rows
            .iter()
            .take(20)
            .position(|r| Columns::of(r).reference.is_some())
        else {
            if rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
                return Ok(Register::new(path));
            }
            return Err(err(format!(
                "không có dòng tiêu đề với cột “{}”",
                COLUMNS[0]
            )));
        };
        let cols = Columns::of(&rows[header]);
        let mut entries = Vec::new();
        for (i, row) in rows.iter().enumerate().skip(header + 1) {
            let Some(reference) = cols.reference.and_then(|c| row.get(c)) else {
                continue;
            };
            let Some((number, notation)) = parse_reference(reference) else {
                continue;
            };
            let date = cols
                .date
                .and_then(|c| values[i].get(c))
                .and_then(|v| parse_date(v).ok().flatten());
            entries.push(Entry {
                row: i,
                number,
                notation,
                date,
            });
        }
        Ok(Register {
            path: path.to_path_buf(),
            rows,
            header,
            cols,
            entries,
        })
    }

    fn new(path: &Path) -> Register {
        let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
        Register {
            path: path.to_path_buf(),
            cols: Columns::of(&header),
            rows: vec![header],
            header: 0,
            entries: Vec::new(),
        }
    }

    /// The entries of `doc`'s issuer in `year` (and of its kind, when numbering is per
    /// kind). A row without a date counts in every year: a number is never given twice.
    fn same_series<'a>(
        &'a self,
        doc: &'a Document,
        year: i32,
        per_kind: bool,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        let symbol = crate::text::fold(&doc.issuer.symbol);
        let kind = doc.kind_abbreviation().filter(|k| !k.is_empty());
        self.entries.iter().filter(move |e| {
            let (k, issuer) = split_notation(&e.notation);
            crate::text::fold(issuer) == symbol
                && e.date.is_none_or(|d| d.year() == year)
                && (!per_kind || k.map(crate::text::fold) == kind.map(crate::text::fold))
        })
    }

    /// The next number of `doc`'s issuer in `year`: one more than the highest given.
    pub fn next_number(&self, doc: &Document, year: i32, per_kind: bool) -> u32 {
        self.same_series(doc, year, per_kind)
            .map(|e| e.number)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// The entry of an issued document (by its số và ký hiệu, in its year).
    pub fn find(&self, number: u32, notation: &str, year: i32) -> Option<&Entry> {
        self.entries.iter().find(|e| {
            e.number == number
                && crate::text::fold(&e.notation) == crate::text::fold(notation)
                && e.date.is_none_or(|d| d.year() == year)
        })
    }

    /// The entry that already issued `doc`'s draft: same ký hiệu, same year, and the
    /// same kind and subject (compared loosely, as a clerk's retyped row would be).
    pub fn issued_as(&self, doc: &Document, year: i32) -> Option<&Entry> {
        let col = self.cols.title?;
        let notation = crate::text::fold(&super::notation(doc));
        let title = crate::text::fold(&format!("{}: {}", doc.kind, doc.title.replace('\n', " ")));
        self.entries.iter().find(|e| {
            crate::text::fold(&e.notation) == notation
                && e.date.is_none_or(|d| d.year() == year)
                && self.rows[e.row]
                    .get(col)
                    .is_some_and(|t| crate::text::fold(t) == title)
        })
    }

    /// Appends the issue of `doc` (issued: numbered and dated). A number already in
    /// the register for the same ký hiệu and year is refused.
    pub fn record(&mut self, doc: &Document, file: &str) -> Result<(), IssueError> {
        let (Some(number), Some(date)) = (doc.number, doc.date) else {
            return Err(IssueError::Invalid("văn bản chưa có số và ngày".into()));
        };
        let notation = super::notation(doc);
        if let Some(e) = self.find(number, &notation, date.year()) {
            return Err(IssueError::Register {
                path: self.path.display().to_string(),
                message: format!(
                    "số {} đã được cấp (dòng {}); dùng số {}",
                    super::reference(doc),
                    e.row + 1,
                    self.next_number(doc, date.year(), false)
                ),
            });
        }
        let width = self.rows[self.header].len().max(COLUMNS.len());
        let mut row = vec![String::new(); width];
        let c = self.cols;
        let mut put = |col: Option<usize>, value: String| {
            if let Some(i) = col {
                if i >= row.len() {
                    row.resize(i + 1, String::new());
                }
                row[i] = value;
            }
        };
        put(c.reference, super::reference(doc));
        put(c.date, date.format("%d/%m/%Y").to_string());
        put(
            c.title,
            format!("{}: {}", doc.kind, doc.title.replace('\n', " ")),
        );
        put(c.signer, doc.signature.name.clone());
        put(c.recipients, recipients(doc).join("; "));
        put(c.file, file.to_string());
        self.entries.push(Entry {
            row: self.rows.len(),
            number,
            notation,
            date: Some(date),
        });
        self.rows.push(row);
        Ok(())
    }

    /// Writes the recipients' status ("Sở Tài chính: 03 đã tiếp nhận") into the entry's
    /// status column. False when the register has no such entry.
    pub fn set_status(&mut self, number: u32, notation: &str, year: i32, status: &str) -> bool {
        let Some(row) = self.find(number, notation, year).map(|e| e.row) else {
            return false;
        };
        let col = match self.cols.status {
            Some(c) => c,
            None => {
                let c = self.rows[self.header].len();
                self.rows[self.header].push(COLUMNS[6].to_string());
                self.cols.status = Some(c);
                c
            }
        };
        let cells = &mut self.rows[row];
        if cells.len() <= col {
            cells.resize(col + 1, String::new());
        }
        cells[col] = status.to_string();
        true
    }

    /// The status column of an entry.
    pub fn status(&self, entry: &Entry) -> &str {
        self.cols
            .status
            .and_then(|c| self.rows[entry.row].get(c))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Writes the register back (atomically): CSV (UTF-8 with a BOM, which Excel reads
    /// as Unicode) or an Excel workbook.
    pub fn save(&self) -> Result<(), IssueError> {
        let err = |message: String| IssueError::Register {
            path: self.path.display().to_string(),
            message,
        };
        let ext = self
            .path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let bytes = match ext.as_str() {
            "csv" => self.csv().map_err(err)?,
            "xlsx" => self.xlsx().map_err(|e| err(e.to_string()))?,
            _ => {
                return Err(err(
                    "sổ văn bản đi phải là tệp .csv hoặc .xlsx để ghi".into()
                ));
            }
        };
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| err(e.to_string()))?;
        }
        crate::output::write_atomic(&self.path, &bytes).map_err(|e| err(e.to_string()))
    }

    fn csv(&self) -> Result<Vec<u8>, String> {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(b"\xEF\xBB\xBF".to_vec());
        for r in &self.rows {
            w.write_record(r).map_err(|e| e.to_string())?;
        }
        w.into_inner().map_err(|e| e.to_string())
    }

    fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Sổ văn bản đi")?;
        let bold = rust_xlsxwriter::Format::new().set_bold().set_text_wrap();
        for (r, row) in self.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if r == self.header {
                    sheet.write_string_with_format(r as u32, c as u16, v, &bold)?;
                } else if !v.is_empty() {
                    sheet.write_string(r as u32, c as u16, v)?;
                }
            }
        }
        for (c, width) in [16.0, 12.0, 60.0, 22.0, 40.0, 24.0, 30.0, 16.0]
            .iter()
            .enumerate()
        {
            sheet.set_column_width(c as u16, *width)?;
        }
        book.save_to_buffer()
    }
}

/// Where the document goes: the addressees (Kính gửi), then Nơi nhận without "Như
/// trên" (they are the addressees) and the office's own copy ("Lưu: VT").
pub fn recipients(doc: &Document) -> Vec<String> {
    let mut out: Vec<String> = doc
        .recipients
        .iter()
        .map(|r| r.trim().to_string())
        .collect();
    for n in &doc.noi_nhan {
        let n = n
            .trim()
            .trim_start_matches(['-', '+'])
            .trim()
            .trim_end_matches([';', '.', ',']);
        let key = crate::text::fold(n);
        if key.starts_with("nhu tren") || key.starts_with("luu") || n.is_empty() {
            continue;
        }
        if !out.iter().any(|o| crate::text::fold(o) == key) {
            out.push(n.to_string());
        }
    }
    out
}

/// "45/BC-UBND" → (45, "BC-UBND"); "Số: 05/SNV-CCHC" too.
pub fn parse_reference(s: &str) -> Option<(u32, String)> {
    let s = s
        .trim()
        .trim_start_matches("Số:")
        .trim_start_matches("số")
        .trim();
    let (n, notation) = s.split_once('/')?;
    let number = n.trim().parse().ok()?;
    let notation = notation.trim();
    (!notation.is_empty()).then(|| (number, notation.to_string()))
}

/// "BC-UBND" → (Some("BC"), "UBND"); "SNV-CCHC" (a công văn) → (None, "SNV").
fn split_notation(notation: &str) -> (Option<&str>, &str) {
    if let Some((first, rest)) = notation.split_once('-') {
        let is_kind = crate::doc::KINDS
            .iter()
            .any(|(_, a)| !a.is_empty() && crate::text::fold(a) == crate::text::fold(first));
        if is_kind {
            return (Some(first), rest.split('-').next().unwrap_or(rest));
        }
        return (None, first);
    }
    (None, notation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_notations() {
        assert_eq!(parse_reference("45/BC-UBND"), Some((45, "BC-UBND".into())));
        assert_eq!(
            parse_reference("Số: 05/SNV-CCHC"),
            Some((5, "SNV-CCHC".into()))
        );
        assert_eq!(parse_reference("45"), None);
        assert_eq!(split_notation("BC-UBND"), (Some("BC"), "UBND"));
        assert_eq!(split_notation("QĐ-UBND"), (Some("QĐ"), "UBND"));
        assert_eq!(split_notation("SNV-CCHC"), (None, "SNV"));
    }
}
