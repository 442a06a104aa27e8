//! The findings sheet as a worksheet part.

use super::xml::esc;
use super::{MAIN_NS, Out, REL_NS, Sheet};

/// The findings sheet as a worksheet part (inline strings: no shared-string table to
/// change).
pub(super) fn findings_xml(sheet: &Sheet, bold: usize, wrap: usize) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr><sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"/></sheetViews><cols>"
    );
    for (i, (_, w)) in sheet.header.iter().enumerate() {
        s.push_str(&format!(
            "<col min=\"{0}\" max=\"{0}\" width=\"{w}\" customWidth=\"1\"/>",
            i + 1
        ));
    }
    s.push_str("</cols><sheetData>");
    let text = |r: u32, c: u32, t: &str, st: usize| {
        format!(
            "<c r=\"{}\" s=\"{st}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
            crate::model::finding::a1(r, c),
            esc(t)
        )
    };
    let mut r = 0u32;
    for l in &sheet.lines {
        s.push_str(&format!(
            "<row r=\"{}\">{}</row>",
            r + 1,
            text(r, 0, l, bold)
        ));
        r += 1;
    }
    r += 1;
    let header: String = sheet
        .header
        .iter()
        .enumerate()
        .map(|(c, (h, _))| text(r, c as u32, h, bold))
        .collect();
    s.push_str(&format!("<row r=\"{}\">{header}</row>", r + 1));
    r += 1;
    for row in &sheet.rows {
        let cells: String = row
            .iter()
            .enumerate()
            .map(|(c, cell)| match cell {
                Out::Text(t) => text(r, c as u32, t, wrap),
                Out::Number(n) => format!(
                    "<c r=\"{}\" s=\"{wrap}\"><v>{n}</v></c>",
                    crate::model::finding::a1(r, c as u32)
                ),
            })
            .collect();
        s.push_str(&format!("<row r=\"{}\">{cells}</row>", r + 1));
        r += 1;
    }
    s.push_str("</sheetData><pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>");
    s
}
