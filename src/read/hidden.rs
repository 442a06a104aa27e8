//! Hidden rows and columns of an .xlsx: what the agency does not see, and did not sign.
//!
//! calamine reads every cell whether its row is hidden or not, so an old draft kept
//! under hidden rows would be read as the report. This module finds, per sheet, the
//! rows (`<row hidden="1">`) and columns (`<col hidden="1">`) hidden in an .xlsx sheet's
//! XML, or (`table:visibility="collapse"`) in an .ods; the submission reader leaves their
//! content out and says so (`sheet.hidden_data`). A part without the word `hidden` (or
//! `collapse`) is not parsed at all. (An .xls is read whole.)
//!
//! The same pass reads an .xlsx sheet's merged regions from the part it has inflated
//! (the `mergeCell` list after the cells), so calamine need not parse the sheet a second
//! time to find them.

use crate::model::finding::parse_a1;
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The hidden rows and column ranges of one sheet, zero-based.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hidden {
    pub rows: Vec<u32>,
    /// Inclusive column ranges.
    pub cols: Vec<(u32, u32)>,
}

impl Hidden {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.cols.is_empty()
    }

    pub fn hides_col(&self, c: u32) -> bool {
        self.cols.iter().any(|&(a, b)| (a..=b).contains(&c))
    }
}

/// What the scan of one sheet's XML found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetScan {
    pub hidden: Hidden,
    /// The merged regions ((row, col) of the top-left and bottom-right cells,
    /// zero-based), read from the part already inflated for the hidden rows; `None`
    /// when they could not be read so (an .ods, a part laid out otherwise): the
    /// caller then asks calamine, which parses the whole sheet again to find them.
    pub merges: Option<Vec<((u32, u32), (u32, u32))>>,
}

/// Hidden rows and columns, and merged regions, by sheet name (as the workbook names
/// it), for an .xlsx package; empty for anything else or a package not laid out as
/// expected (then every cell is read, as before).
pub fn hidden_parts(bytes: &[u8]) -> HashMap<String, SheetScan> {
    if !bytes.starts_with(b"PK") {
        return HashMap::new();
    }
    read_hidden(bytes).unwrap_or_default()
}

/// Largest sheet part scanned: beyond it the rows are read as they are.
const MAX_SCAN_BYTES: u64 = 64 * 1024 * 1024;

fn read_hidden(bytes: &[u8]) -> Option<HashMap<String, SheetScan>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    if zip.by_name("_rels/.rels").is_err() {
        // An OpenDocument spreadsheet (LibreOffice's own format).
        let f = zip.by_name("content.xml").ok()?;
        if f.size() > MAX_SCAN_BYTES {
            return None;
        }
        drop(f);
        let xml = part(&mut zip, "content.xml")?;
        let hidden = if xml.contains("collapse") {
            scan_ods(&xml)
        } else {
            HashMap::new()
        };
        return Some(
            hidden
                .into_iter()
                .map(|(name, hidden)| {
                    let merges = None;
                    (name, SheetScan { hidden, merges })
                })
                .collect(),
        );
    }
    // The workbook where the package says it is (calamine reads it so too).
    let root = part(&mut zip, "_rels/.rels")?;
    let workbook_path = relationships(&root)
        .into_iter()
        .find(|(_, (kind, _))| kind.ends_with("/officeDocument"))
        .map(|(_, (_, target))| resolve("", &target))?;
    let (dir, file) = workbook_path
        .rsplit_once('/')
        .unwrap_or(("", &workbook_path));
    let workbook = part(&mut zip, &workbook_path)?;
    let rels = part(&mut zip, &format!("{dir}/_rels/{file}.rels"))?;
    let targets = relationships(&rels);
    let mut out = HashMap::new();
    for (name, rid) in sheets(&workbook) {
        let Some((_, target)) = targets.get(&rid) else {
            continue;
        };
        let path = resolve(dir, target);
        let Ok(f) = zip.by_name(&path) else { continue };
        if f.size() > MAX_SCAN_BYTES {
            continue;
        }
        drop(f);
        let Some(xml) = part(&mut zip, &path) else {
            continue;
        };
        let hidden = if xml.contains("hidden") {
            scan_sheet(&xml)
        } else {
            Hidden::default()
        };
        let merges = merged_regions(&xml);
        out.insert(crate::text::clean(&name), SheetScan { hidden, merges });
    }
    Some(out)
}

/// The merged regions of a sheet's XML: the `mergeCell` elements after the cells
/// (`</sheetData>`, whatever its prefix), where no cell's text can stand. `None` when
/// that part of the sheet is not where the schema puts it or does not read cleanly.
fn merged_regions(xml: &str) -> Option<Vec<((u32, u32), (u32, u32))>> {
    let end = xml
        .rfind("sheetData>")
        .map(|i| i + "sheetData>".len())
        .or_else(|| xml.rfind("sheetData/>").map(|i| i + "sheetData/>".len()))?;
    let tail = &xml[end..];
    if !tail.contains("mergeCell") {
        return Some(Vec::new());
    }
    let mut reader = Reader::from_str(tail);
    // The fragment closes elements it did not open (`</worksheet>`): it is read up to
    // the end of the list of merges.
    reader.config_mut().check_end_names = false;
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if local(e.name().as_ref()) == "mergeCell" =>
            {
                let a = attrs(&e);
                let r = a.iter().find(|(k, _)| k == "ref")?;
                out.push(cell_range(&r.1)?);
            }
            Ok(Event::End(e)) if local(e.name().as_ref()) == "mergeCells" => return Some(out),
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// "B3:D5" (or "B3") as zero-based (row, col) of its corners.
fn cell_range(r: &str) -> Option<((u32, u32), (u32, u32))> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    Some((parse_a1(a)?, parse_a1(b)?))
}

/// A package part's path from the folder of the part that names it (OPC): "worksheets/
/// sheet1.xml" from "xl", "/xl/worksheets/sheet1.xml", "../xl/…". The feedback copy's
/// patch resolves its parts with it too.
pub fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => dir.split('/').filter(|p| !p.is_empty()).collect(),
    };
    for seg in target.trim_start_matches('/').split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

pub(crate) fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).ok()?;
    Some(s)
}

/// Local name of an element or attribute, prefix dropped.
pub(crate) fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

pub(crate) fn attrs(e: &quick_xml::events::BytesStart) -> Vec<(String, String)> {
    e.attributes()
        .filter_map(Result::ok)
        .map(|a| (a.key.as_ref().to_string(), a.value.into_owned()))
        .collect()
}

/// (sheet name, relationship id) in workbook order.
fn sheets(workbook: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(workbook);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if local(e.name().as_ref()) == "sheet" => {
                let a = attrs(&e);
                let name = a.iter().find(|(k, _)| k == "name").map(|(_, v)| v.clone());
                // r:id, whatever the prefix.
                let rid = a
                    .iter()
                    .find(|(k, _)| k.contains(':') && local(k) == "id")
                    .map(|(_, v)| v.clone());
                if let (Some(n), Some(r)) = (name, rid) {
                    out.push((unescape(&n), r));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// Relationship id → (type, target).
fn relationships(rels: &str) -> HashMap<String, (String, String)> {
    let mut reader = Reader::from_str(rels);
    let mut out = HashMap::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if local(e.name().as_ref()) == "Relationship" =>
            {
                let a = attrs(&e);
                let get = |k: &str| a.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
                if let (Some(id), Some(t)) = (get("Id"), get("Target")) {
                    out.insert(id, (get("Type").unwrap_or_default(), t));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

pub(crate) fn unescape(s: &str) -> String {
    quick_xml::escape::unescape(s).map_or_else(|_| s.to_string(), |c| c.into_owned())
}

fn truthy(v: &str) -> bool {
    v == "1" || v.eq_ignore_ascii_case("true")
}

/// The hidden rows and columns of one sheet's XML.
fn scan_sheet(xml: &str) -> Hidden {
    let mut reader = Reader::from_str(xml);
    let mut h = Hidden::default();
    let mut next_row = 0u32;
    let mut filtered: Option<(u32, u32)> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(e.name().as_ref()) {
                "row" => {
                    let a = attrs(&e);
                    let r = a
                        .iter()
                        .find(|(k, _)| k == "r")
                        .and_then(|(_, v)| v.parse::<u32>().ok())
                        .and_then(|v| v.checked_sub(1))
                        .unwrap_or(next_row);
                    next_row = r + 1;
                    if a.iter().any(|(k, v)| k == "hidden" && truthy(v)) {
                        h.rows.push(r);
                    }
                }
                "autoFilter" => {
                    // Rows a filter hides are the report seen through a filter, not an
                    // old draft: they are read.
                    if let Some((_, r)) = attrs(&e).into_iter().find(|(k, _)| k == "ref") {
                        filtered = filter_rows(&r);
                    }
                }
                "col" => {
                    let a = attrs(&e);
                    let get = |k: &str| {
                        a.iter()
                            .find(|(n, _)| n == k)
                            .and_then(|(_, v)| v.parse::<u32>().ok())
                    };
                    if a.iter().any(|(k, v)| k == "hidden" && truthy(v))
                        && let (Some(min), Some(max)) = (get("min"), get("max"))
                        && min >= 1
                        && max >= min
                    {
                        h.cols.push((min - 1, (max - 1).min(16_383)));
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    if let Some((first, last)) = filtered {
        h.rows.retain(|r| !(first..=last).contains(r));
    }
    h
}

/// The data rows of an autoFilter range ("A4:I40" → 4..=39, zero-based, below its
/// header row).
fn filter_rows(range: &str) -> Option<(u32, u32)> {
    let row = |a1: &str| -> Option<u32> {
        a1.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '$')
            .trim_start_matches('$')
            .parse::<u32>()
            .ok()
    };
    let (a, b) = range.split_once(':')?;
    Some((row(a)?, row(b)?.checked_sub(1)?))
}

/// The hidden rows and columns of each table of an ODS `content.xml`: rows and columns
/// with `table:visibility="collapse"` (hidden), counted with their repeats. Rows hidden by
/// a filter (`"filter"`) are the report seen through a filter: they are read.
fn scan_ods(xml: &str) -> HashMap<String, Hidden> {
    let mut reader = Reader::from_str(xml);
    let mut out = HashMap::new();
    let mut table: Option<(String, Hidden, u32, u32)> = None;
    let repeat = |a: &[(String, String)], k: &str| {
        a.iter()
            .find(|(n, _)| local(n) == k)
            .and_then(|(_, v)| v.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let collapsed = |a: &[(String, String)]| {
        a.iter()
            .any(|(n, v)| local(n) == "visibility" && v == "collapse")
    };
    loop {
        let event = reader.read_event();
        let (e, start) = match &event {
            Ok(Event::Start(e)) => (e, true),
            Ok(Event::Empty(e)) => (e, false),
            Ok(Event::End(e)) => {
                if local(e.name().as_ref()) == "table"
                    && let Some((name, h, _, _)) = table.take()
                    && !h.is_empty()
                {
                    out.insert(crate::text::clean(&unescape(&name)), h);
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
                table = Some((name, Hidden::default(), 0, 0));
            }
            "table-column" => {
                if let Some((_, h, _, col)) = table.as_mut() {
                    let n = repeat(&a, "number-columns-repeated");
                    if collapsed(&a) {
                        h.cols.push((*col, (*col + n - 1).min(16_383)));
                    }
                    *col = col.saturating_add(n);
                }
            }
            "table-row" => {
                if let Some((_, h, row, _)) = table.as_mut() {
                    let n = repeat(&a, "number-rows-repeated");
                    // A huge repeat of hidden empty rows (to the sheet's end) holds
                    // nothing; only the first thousand are named.
                    if collapsed(&a) {
                        h.rows.extend(*row..row.saturating_add(n.min(1000)));
                    }
                    *row = row.saturating_add(n);
                }
            }
            _ => {}
        }
    }
    out
}

/// Consecutive numbers as ranges: [2,3,4,6] → [(2,4),(6,6)].
pub fn runs(mut v: Vec<u32>) -> Vec<(u32, u32)> {
    v.sort_unstable();
    v.dedup();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((_, end)) if *end + 1 == x => *end = x,
            _ => out.push((x, x)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_are_read_after_the_cells() {
        // Excel's and openpyxl's layout, a prefixed one (some web exports), absolute
        // references, a single cell, and a cell whose text names the element.
        let plain = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lt;mergeCell ref="Z9"/&gt; mergeCells</t></is></c></row></sheetData><mergeCells count="3"><mergeCell ref="A1:B1"/><mergeCell ref="$C$11:$D$14"/><mergeCell ref="E2"/></mergeCells><pageMargins/></worksheet>"#;
        assert_eq!(
            merged_regions(plain),
            Some(vec![((0, 0), (0, 1)), ((10, 2), (13, 3)), ((1, 4), (1, 4))])
        );
        let prefixed = r#"<x:worksheet xmlns:x="m"><x:sheetData/><x:mergeCells><x:mergeCell ref="AA10:AB12"></x:mergeCell></x:mergeCells></x:worksheet>"#;
        assert_eq!(merged_regions(prefixed), Some(vec![((9, 26), (11, 27))]));
        // No merges: an empty list, not a question for calamine.
        let none = r#"<worksheet><sheetData><row r="1"/></sheetData></worksheet>"#;
        assert_eq!(merged_regions(none), Some(vec![]));
        // Not where the schema puts them, or unreadable: calamine is asked instead.
        assert_eq!(merged_regions("<worksheet/>"), None);
        let broken =
            r#"<worksheet><sheetData/><mergeCells><mergeCell ref="1A"/></mergeCells></worksheet>"#;
        assert_eq!(merged_regions(broken), None);
    }

    #[test]
    fn rows_and_columns() {
        let xml = r#"<worksheet xmlns="m"><cols><col min="3" max="4" hidden="1" width="0"/><col min="5" max="5"/></cols><sheetData><row r="2" hidden="1"><c r="A2"/></row><row r="3" hidden="true"/><row r="4"/><x:row xmlns:x="m" hidden="1"/></sheetData></worksheet>"#;
        let h = scan_sheet(xml);
        assert_eq!(h.rows, vec![1, 2, 4]);
        assert_eq!(h.cols, vec![(2, 3)]);
        assert_eq!(runs(vec![6, 2, 3, 4]), vec![(2, 4), (6, 6)]);
        // Rows hidden by a filter are read; those above its header are not.
        let filtered = r#"<worksheet><sheetData><row r="2" hidden="1"/><row r="6" hidden="1"/></sheetData><autoFilter ref="A4:C9"/></worksheet>"#;
        assert_eq!(scan_sheet(filtered).rows, vec![1]);
        assert_eq!(
            resolve("xl", "../xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(resolve("xl", "/xl/worksheets/s.xml"), "xl/worksheets/s.xml");
        let ods = r#"<office:document-content xmlns:office="o" xmlns:table="t"><office:body><office:spreadsheet><table:table table:name="Nhiệm vụ"><table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/><table:table-row><table:table-cell/></table:table-row><table:table-row table:visibility="collapse" table:number-rows-repeated="3"><table:table-cell/></table:table-row><table:table-row table:visibility="filter"/></table:table></office:spreadsheet></office:body></office:document-content>"#;
        let h = &scan_ods(ods)["Nhiệm vụ"];
        assert_eq!(h.rows, vec![1, 2, 3]);
        assert_eq!(h.cols, vec![(2, 2)]);
    }
}
