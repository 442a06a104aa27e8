//! A worksheet's marked cells shaded: the `s` (format) of each marked cell changed in
//! its `<c>` element, or the cell added in its row, or the row added in order.

use super::xml::{attr, re, with_attr};
use super::{Mark, PatchError};
use crate::model::finding::parse_a1;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Shades the marked cells of a worksheet: each marked cell's `s` set to its format with
/// the fill (`fmt(original, is_error)`); a marked cell the sheet does not have is added
/// in its row (a row it does not have is added in order).
pub(super) fn shade(
    xml: &str,
    cells: &BTreeMap<(u32, u32), Mark>,
    mut fmt: impl FnMut(usize, bool) -> usize,
) -> Result<String, PatchError> {
    let data_start = xml
        .find("<sheetData")
        .ok_or(PatchError::Unexpected("trang tính không có <sheetData>"))?;
    let (head, rest) = xml.split_at(data_start);
    if rest.starts_with("<sheetData/>") {
        let rows = new_rows(cells, &mut fmt);
        return Ok(format!(
            "{head}<sheetData>{rows}</sheetData>{}",
            &rest["<sheetData/>".len()..]
        ));
    }
    let open_end = rest
        .find('>')
        .ok_or(PatchError::Unexpected("<sheetData>"))?
        + 1;
    let close = rest
        .find("</sheetData>")
        .ok_or(PatchError::Unexpected("</sheetData>"))?;
    let body = &rest[open_end..close];
    // Marks by row.
    let mut by_row: BTreeMap<u32, Vec<(u32, &Mark)>> = BTreeMap::new();
    for (&(r, c), m) in cells {
        by_row.entry(r).or_default().push((c, m));
    }
    static ROW: OnceLock<Regex> = OnceLock::new();
    let row_re = re(&ROW, r#"(?s)<row\b[^>]*/>|<row\b[^>]*[^/]>.*?</row>"#);
    let mut out = String::with_capacity(body.len() + cells.len() * 40);
    let mut last = 0;
    let mut pending = by_row.into_iter().peekable();
    let mut prev_row: Option<u32> = None;
    for m in row_re.find_iter(body) {
        out.push_str(&body[last..m.start()]);
        last = m.end();
        let row_xml = m.as_str();
        let tag_end = row_xml.find('>').unwrap_or(row_xml.len() - 1) + 1;
        let r = attr(&row_xml[..tag_end], "r")
            .and_then(|v| v.parse::<u32>().ok())
            .map(|v| v - 1)
            .unwrap_or_else(|| prev_row.map_or(0, |p| p + 1));
        prev_row = Some(r);
        // Rows with marks that come before this one.
        while let Some((pr, _)) = pending.peek()
            && *pr < r
        {
            let (pr, marks) = pending.next().expect("peeked");
            out.push_str(&one_new_row(pr, &marks, &mut fmt));
        }
        match pending.next_if(|(pr, _)| *pr == r) {
            Some((_, marks)) => out.push_str(&shade_row(row_xml, r, &marks, &mut fmt)),
            None => out.push_str(row_xml),
        }
    }
    out.push_str(&body[last..]);
    for (pr, marks) in pending {
        out.push_str(&one_new_row(pr, &marks, &mut fmt));
    }
    Ok(format!(
        "{head}{}{out}{}",
        &rest[..open_end],
        &rest[close..]
    ))
}

fn new_rows(
    cells: &BTreeMap<(u32, u32), Mark>,
    fmt: &mut impl FnMut(usize, bool) -> usize,
) -> String {
    let mut by_row: BTreeMap<u32, Vec<(u32, &Mark)>> = BTreeMap::new();
    for (&(r, c), m) in cells {
        by_row.entry(r).or_default().push((c, m));
    }
    by_row
        .into_iter()
        .map(|(r, marks)| one_new_row(r, &marks, fmt))
        .collect()
}

fn one_new_row(
    r: u32,
    marks: &[(u32, &Mark)],
    fmt: &mut impl FnMut(usize, bool) -> usize,
) -> String {
    let cells: String = marks
        .iter()
        .map(|(c, m)| empty_cell(r, *c, fmt(0, m.error)))
        .collect();
    format!("<row r=\"{}\">{cells}</row>", r + 1)
}

/// A marked cell the sheet did not have: no value, only its format.
fn empty_cell(r: u32, c: u32, style: usize) -> String {
    format!(
        "<c r=\"{}\" s=\"{style}\"/>",
        crate::model::finding::a1(r, c)
    )
}

/// One existing row with its marked cells' formats changed (or cells added in order).
pub(super) fn shade_row(
    row_xml: &str,
    r: u32,
    marks: &[(u32, &Mark)],
    fmt: &mut impl FnMut(usize, bool) -> usize,
) -> String {
    let tag_end = row_xml.find('>').unwrap_or(row_xml.len() - 1) + 1;
    let (tag, body) = row_xml.split_at(tag_end);
    let (open, inner, close) = if tag.ends_with("/>") {
        (format!("{}>", &tag[..tag.len() - 2]), "", "</row>")
    } else {
        let inner_end = body.rfind("</row>").unwrap_or(body.len());
        (tag.to_string(), &body[..inner_end], "</row>")
    };
    // `spans` (an optional hint of the row's first and last column) may no longer hold
    // once a cell is added: it goes, and Excel works it out again.
    static SPANS: OnceLock<Regex> = OnceLock::new();
    let open = re(&SPANS, r#" spans="[^"]*""#)
        .replace(&open, "")
        .into_owned();
    static CELL: OnceLock<Regex> = OnceLock::new();
    let cell_re = re(&CELL, r#"(?s)<c\b[^>]*/>|<c\b[^>]*[^/]>.*?</c>"#);
    let mut out = String::with_capacity(inner.len() + marks.len() * 30);
    let mut pending = marks.iter().peekable();
    let mut last = 0;
    let mut prev_col: Option<u32> = None;
    for m in cell_re.find_iter(inner) {
        out.push_str(&inner[last..m.start()]);
        last = m.end();
        let cell = m.as_str();
        let ctag_end = cell.find('>').unwrap_or(cell.len() - 1) + 1;
        let ctag = &cell[..ctag_end];
        let c = attr(ctag, "r")
            .and_then(parse_a1)
            .map(|(_, c)| c)
            .unwrap_or_else(|| prev_col.map_or(0, |p| p + 1));
        prev_col = Some(c);
        while let Some((pc, _)) = pending.peek()
            && *pc < c
        {
            let (pc, mk) = pending.next().expect("peeked");
            out.push_str(&empty_cell(r, *pc, fmt(0, mk.error)));
        }
        match pending.next_if(|(pc, _)| *pc == c) {
            Some((_, mk)) => {
                let orig = attr(ctag, "s").and_then(|v| v.parse().ok()).unwrap_or(0);
                let new_tag = with_attr(ctag, "s", &fmt(orig, mk.error).to_string());
                out.push_str(&new_tag);
                out.push_str(&cell[ctag_end..]);
            }
            None => out.push_str(cell),
        }
    }
    out.push_str(&inner[last..]);
    for (pc, mk) in pending {
        out.push_str(&empty_cell(r, *pc, fmt(0, mk.error)));
    }
    format!("{open}{out}{close}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marked_cell_is_shaded_added_or_its_row_added() {
        let xml = "<worksheet><sheetData><row r=\"2\"><c r=\"A2\" s=\"4\"><v>1</v></c><c r=\"C2\"><v>2</v></c></row><row r=\"5\"/></sheetData></worksheet>";
        let mut cells = BTreeMap::new();
        let mark = |error| Mark {
            error,
            note: "n".into(),
        };
        cells.insert((1, 0), mark(true));
        cells.insert((1, 1), mark(false));
        cells.insert((2, 3), mark(true));
        cells.insert((4, 0), mark(false));
        let out = shade(xml, &cells, |orig, error| 100 + orig * 2 + error as usize).unwrap();
        assert_eq!(
            out,
            "<worksheet><sheetData><row r=\"2\"><c r=\"A2\" s=\"109\"><v>1</v></c><c r=\"B2\" s=\"100\"/><c r=\"C2\"><v>2</v></c></row><row r=\"3\"><c r=\"D3\" s=\"101\"/></row><row r=\"5\"><c r=\"A5\" s=\"100\"/></row></sheetData></worksheet>"
        );
    }
}
