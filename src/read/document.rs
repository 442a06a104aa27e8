//! Files an agency sends that are not on the form: a Word report, a PDF, a scan, and
//! CSV exports of the form.
//!
//! A document is not read as a report — its tasks are prose — but it is not ignored
//! either: its agency is found (from the file name, and for DOCX, ODT and PDF from the
//! official header lines of its text, as in a workbook), so the agency is told to send
//! the form instead of being chased as if it had sent nothing. A CSV export of the form
//! is read as the form: its text decoded (UTF-8 with or without BOM, else
//! Windows-1258 as Excel writes it on Vietnamese Windows, whose tone marks are
//! combining characters) and brought to NFC.

use crate::read::sheet::{Cell, Grid, Value, Workbook};
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::io::{Cursor, Read};
use std::sync::Arc;

/// A kind of document that is not a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Word,
    OldWord,
    OpenText,
    Rtf,
    Pdf,
    Image,
}

impl DocKind {
    /// The kind of a file by its extension, when it is a document.
    pub fn of_extension(ext: &str) -> Option<DocKind> {
        Some(match ext.to_lowercase().as_str() {
            "docx" | "docm" => DocKind::Word,
            "doc" => DocKind::OldWord,
            "odt" => DocKind::OpenText,
            "rtf" => DocKind::Rtf,
            "pdf" => DocKind::Pdf,
            "jpg" | "jpeg" | "png" | "tif" | "tiff" | "heic" | "bmp" | "gif" => DocKind::Image,
            _ => return None,
        })
    }

    /// In words, for findings and letters, as a văn thư says it: "văn bản Word".
    pub fn label(self) -> &'static str {
        match self {
            DocKind::Word | DocKind::OldWord => "văn bản Word",
            DocKind::OpenText | DocKind::Rtf => "văn bản (không phải bảng tính)",
            DocKind::Pdf => "tệp PDF",
            DocKind::Image => "ảnh chụp",
        }
    }
}

/// The lines of a document's text, as far as they can be read: paragraphs of a DOCX
/// or ODT (table cells included, in reading order), the text of a PDF's first page. A
/// title split over two lines ("BÁO CÁO" / "Kết quả … quý I năm 2019") is joined, as
/// read aloud.
pub fn text_lines(bytes: &[u8], kind: DocKind) -> Vec<String> {
    let raw = match kind {
        DocKind::Word => zip_part(bytes, "word/document.xml")
            .map(|x| paragraphs(&x, "p", "t"))
            .unwrap_or_default(),
        DocKind::OpenText => zip_part(bytes, "content.xml")
            .map(|x| paragraphs(&x, "p", "span"))
            .unwrap_or_default(),
        DocKind::Pdf => crate::read::pdf_text::lines(bytes),
        _ => Vec::new(),
    };
    let mut out: Vec<String> = Vec::new();
    for line in raw {
        let line = crate::text::clean(&line);
        if line.is_empty() {
            continue;
        }
        // "BÁO CÁO" over the title: one line, as read aloud. (An issuer split over two
        // lines, "ỦY BAN NHÂN DÂN" / "HUYỆN VĨNH BẢO", is found by its lower line.)
        if let Some(last) = out.last_mut()
            && crate::text::header_key(last) == "bao cao"
        {
            last.push(' ');
            last.push_str(&line);
            continue;
        }
        out.push(line);
    }
    out
}

/// The document's first lines as a one-column sheet, so that the readers of a
/// workbook's header (agency, title, date lines) read them as they read a sheet.
pub fn as_workbook(lines: &[String]) -> Workbook {
    let rows = lines
        .iter()
        .take(40)
        .map(|l| {
            vec![Cell {
                value: Value::Text(Arc::from(l.as_str())),
                bold: false,
                merged_copy: false,
            }]
        })
        .collect();
    Workbook {
        sheets: vec![Grid::from_rows("Văn bản", rows)],
    }
}

fn zip_part(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut f = zip.by_name(name).ok()?;
    // A document's text part is small; a huge one is not worth reading for a header.
    if f.size() > 32 * 1024 * 1024 {
        return None;
    }
    let mut s = String::new();
    f.read_to_string(&mut s).ok()?;
    Some(s)
}

/// Text by paragraph: the text of `text` elements (and ODT's paragraphs' own text)
/// inside each `para` element, prefixes ignored.
fn paragraphs(xml: &str, para: &str, text: &str) -> Vec<String> {
    let local = |n: &str| -> String { n.rsplit(':').next().unwrap_or(n).to_string() };
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    // Paragraphs nest (a text box inside a paragraph): the innermost takes the text,
    // and the outer one goes on after it.
    let mut open: Vec<String> = Vec::new();
    let mut in_text = 0usize;
    // The same drawing twice (mc:Choice and its mc:Fallback): read once.
    let mut fallback = 0usize;
    let odt = text != "t";
    let is_para = |n: &str| n == para || (odt && n == "h");
    loop {
        let event = reader.read_event();
        if fallback > 0 {
            match event {
                Ok(Event::Start(e)) if local(e.name().as_ref()) == "Fallback" => fallback += 1,
                Ok(Event::End(e)) if local(e.name().as_ref()) == "Fallback" => fallback -= 1,
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
            continue;
        }
        match event {
            Ok(Event::Start(e)) => {
                let n = local(e.name().as_ref());
                if n == "Fallback" {
                    fallback = 1;
                } else if is_para(&n) {
                    open.push(String::new());
                } else if n == text {
                    in_text += 1;
                }
            }
            Ok(Event::Empty(e)) => {
                let n = local(e.name().as_ref());
                if let Some(c) = open.last_mut()
                    && (n == "tab" || n == "s")
                {
                    c.push(' ');
                }
                // A line break inside a paragraph ends a header line.
                if (n == "br" || n == "line-break")
                    && let Some(c) = open.last_mut()
                {
                    out.push(std::mem::take(c));
                }
            }
            Ok(Event::End(e)) => {
                let n = local(e.name().as_ref());
                if is_para(&n) {
                    if let Some(c) = open.pop() {
                        out.push(c);
                    }
                } else if n == text {
                    in_text = in_text.saturating_sub(1);
                }
            }
            Ok(Event::Text(t)) => {
                if let Some(c) = open.last_mut()
                    && (in_text > 0 || odt)
                {
                    c.push_str(t.as_ref());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(c) = open.last_mut()
                    && (in_text > 0 || odt)
                {
                    let name: &str = r.as_ref();
                    let s = quick_xml::escape::unescape(&format!("&{name};"))
                        .map(|s| s.into_owned())
                        .unwrap_or_default();
                    c.push_str(&s);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// A CSV export of the form as a workbook of one sheet: its bytes decoded (see the
/// module's note), the delimiter found (comma, semicolon — Excel's in locales with a
/// decimal comma — or tab), every field a text cell (numbers and dates are read from
/// text as from a text cell).
pub fn csv_workbook(bytes: &[u8], sheet: &str) -> Option<Workbook> {
    let text = decode_csv(bytes);
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| consistency(&text, *d))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let Ok(record) = record else { return None };
        rows.push(
            record
                .iter()
                .map(|f| {
                    let t = crate::text::clean(f);
                    Cell {
                        value: if t.is_empty() {
                            Value::Empty
                        } else {
                            Value::Text(Arc::from(t))
                        },
                        bold: false,
                        merged_copy: false,
                    }
                })
                .collect(),
        );
        if rows.len() > 200_000 {
            return None;
        }
    }
    Some(Workbook {
        sheets: vec![Grid::from_rows(sheet, rows)],
    })
}

/// How well a delimiter splits the first lines: the number of lines that have the most
/// common field count, when that count is above one. Excel does not quote commas in a
/// semicolon file, so counting occurrences would pick the comma of the texts.
fn consistency(text: &str, d: u8) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(d)
        .from_reader(text.as_bytes());
    let mut counts: std::collections::HashMap<usize, usize> = Default::default();
    for r in reader.records().take(30).flatten() {
        *counts.entry(r.len()).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|(fields, _)| *fields > 1)
        .map(|(_, lines)| lines)
        .max()
        .unwrap_or(0)
}

/// The text of a CSV file: UTF-8 (a BOM dropped), else Windows-1258.
pub fn decode_csv(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let (text, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    text.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn windows_1258_comes_out_nfc() {
        // "Đã hoàn thành" as Excel writes it on Vietnamese Windows: base letters and
        // combining tone marks (0xEC acute, 0xCC grave…).
        let decomposed: String = "Đã hoàn thành".nfd().collect();
        let (bytes, _, bad) = encoding_rs::WINDOWS_1258.encode(&decomposed);
        assert!(!bad);
        let text = crate::text::clean(&decode_csv(&bytes));
        assert_eq!(text, "Đã hoàn thành");
        assert!(text.nfc().eq(text.chars()));
    }

    #[test]
    fn csv_with_bom_and_semicolons() {
        let wb = csv_workbook(
            "\u{feff}Mã nhiệm vụ;Tình trạng;Văn bản\n1;Đã hoàn thành;Kế hoạch số 1, số 2, số 3, số 4\n"
                .as_bytes(),
            "x",
        )
        .unwrap();
        let g = &wb.sheets[0];
        assert_eq!(g.text(0, 0), "Mã nhiệm vụ");
        assert_eq!(g.text(1, 1), "Đã hoàn thành");
        assert_eq!(g.text(1, 2), "Kế hoạch số 1, số 2, số 3, số 4");
    }

    #[test]
    fn docx_paragraphs_and_split_title() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>UBND THÀNH PHỐ HẢI PHÒNG</w:t></w:r></w:p><w:p><w:r><w:t>SỞ XÂY </w:t></w:r><w:r><w:t>DỰNG</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>BÁO CÁO</w:t></w:r></w:p><w:p><w:r><w:t>Kết quả &amp; quý I năm 2019</w:t></w:r></w:p></w:body></w:document>"#;
        let raw = paragraphs(xml, "p", "t");
        assert_eq!(raw[1], "SỞ XÂY DỰNG");
        // A text box inside a paragraph, with its fallback copy: read once, and the
        // outer paragraph keeps its own text.
        let boxed = r#"<w:document xmlns:w="w" xmlns:mc="m"><w:p><w:r><w:t>Trước </w:t></w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>SỞ Y TẾ</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:p><w:r><w:t>SỞ Y TẾ</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent><w:r><w:t>sau</w:t></w:r></w:p></w:document>"#;
        assert_eq!(paragraphs(boxed, "p", "t"), ["SỞ Y TẾ", "Trước sau"]);
        assert_eq!(raw[3], "Kết quả & quý I năm 2019");
    }
}
