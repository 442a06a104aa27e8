//! Post-processing of the docx-rs package for what docx-rs cannot express: repeating
//! table header rows (`w:tblHeader`), the Vietnamese text language, non-breaking
//! hyphens, paragraph ids numbered in document order so the same document gives the
//! same bytes, and every property element's children in schema order ([`super::order`]).

use super::{DocxError, HEADER_ROW_MARK};
use std::io::{Cursor, Read, Write};

/// Adds what docx-rs cannot write: `w:tblHeader` on the rows marked as table headers
/// (so Word and LibreOffice repeat them on every page) and the Vietnamese language in the
/// default run properties (so Word proofs the text as Vietnamese). Re-compresses the
/// package with stable timestamps.
pub(super) fn postprocess(docx: &[u8]) -> Result<Vec<u8>, DocxError> {
    let err = |e: &dyn std::fmt::Display| DocxError(e.to_string());
    let mut input = zip::ZipArchive::new(Cursor::new(docx)).map_err(|e| err(&e))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    // Pictures are compressed already (PNG): deflating them again costs more than the
    // rest of the package and saves nothing.
    let stored = options.compression_method(zip::CompressionMethod::Stored);
    let mut next_id = 1u32;
    for i in 0..input.len() {
        let mut f = input.by_index(i).map_err(|e| err(&e))?;
        let name = f.name().to_string();
        if f.is_dir() {
            out.add_directory(name, stored).map_err(|e| err(&e))?;
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(|e| err(&e))?;
        if name.ends_with(".xml") && name.starts_with("word/") {
            let xml = String::from_utf8(data).map_err(|e| err(&e))?;
            let mut xml = renumber_para_ids(&xml, &mut next_id);
            if name == "word/document.xml" {
                xml = no_break_hyphens(&mark_header_rows(&xml));
            } else if name == "word/styles.xml" {
                xml = add_language(&xml);
            }
            data = match super::order::in_schema_order(&xml) {
                std::borrow::Cow::Borrowed(_) => xml.into_bytes(),
                std::borrow::Cow::Owned(o) => o.into_bytes(),
            };
        }
        let how = if name.starts_with("word/media/") || data.len() < crate::output::STORE_BELOW {
            stored
        } else {
            options
        };
        out.start_file(name, how).map_err(|e| err(&e))?;
        out.write_all(&data).map_err(|e| err(&e))?;
    }
    Ok(out.finish().map_err(|e| err(&e))?.into_inner())
}

/// docx-rs numbers paragraphs from a process-wide counter, so the same document
/// rendered twice would differ: ids are renumbered in document order.
fn renumber_para_ids(xml: &str, next: &mut u32) -> String {
    const KEY: &str = "w14:paraId=\"";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find(KEY) {
        out.push_str(&rest[..i + KEY.len()]);
        rest = &rest[i + KEY.len()..];
        let end = rest.find('"').unwrap_or(0);
        out.push_str(&format!("{:08X}", *next));
        *next += 1;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Replaces the marker row height with a repeating-header flag.
fn mark_header_rows(xml: &str) -> String {
    let marker = format!(
        r#"<w:trHeight w:val="{}" w:hRule="atLeast" />"#,
        HEADER_ROW_MARK as u32
    );
    let marker_compact = marker.replace(" />", "/>");
    xml.replace(&marker, "<w:tblHeader />")
        .replace(&marker_compact, "<w:tblHeader />")
}

/// Writes each U+2011 of a text element as Word's non-breaking hyphen: the run's
/// text is closed, `<w:noBreakHyphen/>` follows, and the text goes on in a new text
/// element. Word, LibreOffice and the schema read it as a hyphen that is no line
/// break opportunity (ECMA-376 §17.3.3.18).
fn no_break_hyphens(xml: &str) -> String {
    const NBH: char = '\u{2011}';
    if !xml.contains(NBH) {
        return xml.to_string();
    }
    // The writer puts text only in text elements (never in attributes of
    // document.xml), so every U+2011 stands inside a `w:t`.
    let mut out = String::with_capacity(xml.len() + 256);
    for (i, part) in xml.split(NBH).enumerate() {
        if i > 0 {
            out.push_str("</w:t><w:noBreakHyphen/><w:t xml:space=\"preserve\">");
        }
        out.push_str(part);
    }
    // A hyphen at either end of a text leaves an empty text element: harmless, but
    // not written.
    out.replace("<w:t xml:space=\"preserve\"></w:t>", "")
}

/// Adds `<w:lang w:val="vi-VN"/>` to the document defaults.
fn add_language(xml: &str) -> String {
    const LANG: &str = r#"<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA" />"#;
    if xml.contains("<w:lang ") {
        return xml.to_string();
    }
    if let Some(start) = xml.find("<w:rPrDefault>")
        && let Some(rel) = xml[start..].find("</w:rPr>")
    {
        let at = start + rel;
        return format!("{}{LANG}{}", &xml[..at], &xml[at..]);
    }
    xml.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rows_are_marked() {
        let xml = r#"<w:tr><w:trPr><w:trHeight w:val="1" w:hRule="atLeast" /><w:cantSplit /></w:trPr></w:tr>"#;
        assert_eq!(
            mark_header_rows(xml),
            r#"<w:tr><w:trPr><w:tblHeader /><w:cantSplit /></w:trPr></w:tr>"#
        );
    }

    #[test]
    fn paragraph_ids_are_renumbered() {
        let mut n = 1;
        let out = renumber_para_ids(
            r#"<w:p w14:paraId="0000ABCD"/><w:p w14:paraId="00000007">"#,
            &mut n,
        );
        assert_eq!(
            out,
            r#"<w:p w14:paraId="00000001"/><w:p w14:paraId="00000002">"#
        );
    }

    #[test]
    fn non_breaking_hyphens_are_word_elements() {
        let xml = "<w:r><w:t xml:space=\"preserve\">số 3472/QĐ\u{2011}UBND ngày</w:t></w:r>";
        assert_eq!(
            no_break_hyphens(xml),
            "<w:r><w:t xml:space=\"preserve\">số 3472/QĐ</w:t><w:noBreakHyphen/>\
             <w:t xml:space=\"preserve\">UBND ngày</w:t></w:r>"
        );
        assert_eq!(no_break_hyphens("<w:t>a-b</w:t>"), "<w:t>a-b</w:t>");
    }

    #[test]
    fn language_is_added_once() {
        let xml = "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"28\" /></w:rPr></w:rPrDefault></w:docDefaults>";
        let out = add_language(xml);
        assert!(out.contains(r#"<w:lang w:val="vi-VN""#));
        assert_eq!(add_language(&out), out);
    }
}
