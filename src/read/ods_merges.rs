//! Merged cells of an OpenDocument spreadsheet. calamine does not report them for .ods,
//! so a header merged over several columns (an agency over its "Tự đánh giá" and "Thẩm
//! định" columns, a lĩnh vực over its criteria) would read as a label in its first cell
//! and blanks after it — unlike the same workbook saved as .xlsx. The spans are read
//! from `content.xml` (`table:number-columns-spanned`, `table:number-rows-spanned`),
//! counting repeated rows and cells, and filled like an .xlsx's merges.

use crate::read::hidden::{attrs, local, part, unescape};
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::collections::HashMap;
use std::io::Cursor;

/// A merged region: first and last (row, column), zero-based, inclusive.
pub type Region = ((u32, u32), (u32, u32));

/// Largest `content.xml` scanned.
const MAX_SCAN_BYTES: u64 = 64 * 1024 * 1024;

/// Merged regions by sheet name, for an .ods package; empty for anything else.
pub fn ods_merges(bytes: &[u8]) -> HashMap<String, Vec<Region>> {
    if !bytes.starts_with(b"PK") {
        return HashMap::new();
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return HashMap::new();
    };
    if zip.by_name("_rels/.rels").is_ok() {
        return HashMap::new();
    }
    match zip.by_name("content.xml") {
        Ok(f) if f.size() <= MAX_SCAN_BYTES => {}
        _ => return HashMap::new(),
    }
    match part(&mut zip, "content.xml") {
        Some(xml) if xml.contains("spanned") => scan(&xml),
        _ => HashMap::new(),
    }
}

fn scan(xml: &str) -> HashMap<String, Vec<Region>> {
    let mut reader = Reader::from_str(xml);
    let mut out: HashMap<String, Vec<Region>> = HashMap::new();
    // (table name, its regions, current row, current column)
    let mut table: Option<(String, Vec<Region>, u32, u32)> = None;
    let number = |a: &[(String, String)], k: &str| {
        a.iter()
            .find(|(n, _)| local(n) == k)
            .and_then(|(_, v)| v.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    };
    loop {
        let event = reader.read_event();
        let (e, start) = match &event {
            Ok(Event::Start(e)) => (e, true),
            Ok(Event::Empty(e)) => (e, false),
            Ok(Event::End(e)) => {
                match local(e.name().as_ref()) {
                    "table" => {
                        if let Some((name, regions, _, _)) = table.take()
                            && !regions.is_empty()
                        {
                            out.insert(crate::text::clean(&unescape(&name)), regions);
                        }
                    }
                    "table-row" => {
                        if let Some((_, _, _, col)) = table.as_mut() {
                            *col = 0;
                        }
                    }
                    _ => {}
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => continue,
        };
        let a = attrs(e);
        match local(e.name().as_ref()) {
            "table" if start => {
                let name = a
                    .iter()
                    .find(|(n, _)| local(n) == "name")
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                table = Some((name, Vec::new(), 0, 0));
            }
            "table-row" => {
                if let Some((_, _, row, col)) = table.as_mut() {
                    // The row's cells are counted from 0; the row index moves on at its
                    // start by its repeats, so a row's cells sit at `row - 1`.
                    *row = row.saturating_add(number(&a, "number-rows-repeated"));
                    *col = 0;
                }
            }
            "table-cell" | "covered-table-cell" => {
                if let Some((_, regions, row, col)) = table.as_mut() {
                    let cols = number(&a, "number-columns-spanned");
                    let rows = number(&a, "number-rows-spanned");
                    if (cols > 1 || rows > 1) && *row > 0 {
                        let r = *row - 1;
                        regions.push((
                            (r, *col),
                            (
                                r.saturating_add(rows - 1),
                                col.saturating_add(cols - 1).min(16_383),
                            ),
                        ));
                    }
                    *col = col.saturating_add(number(&a, "number-columns-repeated"));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_with_repeats() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:table="t"><office:body><office:spreadsheet><table:table table:name="Sở"><table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="3"/><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1"><text:p>Sở Nội vụ</text:p></table:table-cell><table:covered-table-cell/><table:table-cell table:number-rows-spanned="2"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        assert_eq!(scan(xml)["Sở"], [((2, 3), (2, 4)), ((2, 5), (3, 5))]);
    }
}
