//! Small text tools for the package's XML parts: escaping, attributes of a start tag,
//! cell references, part paths.

use regex::Regex;
use std::sync::OnceLock;

pub(super) fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

/// The first element `re` finds — a pattern of the form `<name\b[^>]*>.*?</name>` or
/// `<name\b[^>]*?(/>|>.*?</name>)` — as the range of the whole element and of its
/// content (empty for `<name …/>`). The regex's DFA finds the element; its content is
/// what lies between the start tag's `>` and `</name>`. Asking the regex for capture
/// groups instead ran its backtracker over every style sheet, a few kilobytes each.
pub(super) fn element(
    re: &Regex,
    text: &str,
    name: &str,
) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let m = re.find(text)?;
    let whole = m.range();
    let tag_end = m.as_str().find('>')?;
    let start = whole.start + tag_end + 1;
    if m.as_str()[..tag_end].ends_with('/') {
        return Some((whole, start..start));
    }
    let end = whole.end.checked_sub(name.len() + 3)?;
    (text.get(end..whole.end)? == format!("</{name}>")).then_some((whole, start..end))
}

/// XML text with the five specials escaped and characters XML 1.0 forbids dropped.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The XML entities of an attribute value undone.
pub(super) fn unesc(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The value of an attribute in an element's start tag.
pub(super) fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = start + tag[start..].find('"')?;
    Some(&tag[start..end])
}

/// An element's start tag with an attribute set (replaced or added).
pub(super) fn with_attr(tag: &str, name: &str, value: &str) -> String {
    let key = format!(" {name}=\"");
    if let Some(start) = tag.find(&key) {
        let vstart = start + key.len();
        if let Some(len) = tag[vstart..].find('"') {
            return format!("{}{}{}", &tag[..vstart], value, &tag[vstart + len..]);
        }
    }
    let close = if tag.ends_with("/>") {
        tag.len() - 2
    } else {
        tag.len() - 1
    };
    format!("{} {name}=\"{value}\"{}", &tag[..close], &tag[close..])
}

/// A part's path resolved against the folder of the part that refers to it (the
/// package rules are the reader's: [`crate::read::hidden::resolve`]).
pub(super) fn resolve(base_dir: &str, target: &str) -> String {
    crate::read::hidden::resolve(base_dir, target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_are_found_with_their_content() {
        let block = Regex::new(r#"(?s)<cellXfs\b[^>]*>(.*?)</cellXfs>"#).unwrap();
        let text = r#"<a/><cellXfs count="2"><xf a="1"/><xf/></cellXfs><cellXfs>x</cellXfs>"#;
        let (whole, inner) = element(&block, text, "cellXfs").unwrap();
        assert_eq!(
            &text[whole],
            r#"<cellXfs count="2"><xf a="1"/><xf/></cellXfs>"#
        );
        assert_eq!(&text[inner], r#"<xf a="1"/><xf/>"#);
        // `<cellXfsExtra>` is another element; none at all is none.
        assert!(element(&block, "<cellXfsExtra>a</cellXfsExtra>", "cellXfs").is_none());
        let fills = Regex::new(r#"(?s)<fills\b[^>]*?(/>|>(.*?)</fills>)"#).unwrap();
        let (whole, inner) = element(&fills, r#"<x/><fills count="0"/>"#, "fills").unwrap();
        assert_eq!((whole, inner.is_empty()), (4..22, true));
        let text = "<fills><fill/></fills>";
        let (_, inner) = element(&fills, text, "fills").unwrap();
        assert_eq!(&text[inner], "<fill/>");
    }

    #[test]
    fn attributes_and_references() {
        assert_eq!(attr("<c r=\"B5\" s=\"3\">", "s"), Some("3"));
        assert_eq!(
            with_attr("<c r=\"B5\" s=\"3\">", "s", "9"),
            "<c r=\"B5\" s=\"9\">"
        );
        assert_eq!(
            with_attr("<c r=\"B5\"/>", "s", "9"),
            "<c r=\"B5\" s=\"9\"/>"
        );
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(resolve("xl", "/xl/styles.xml"), "xl/styles.xml");
        assert_eq!(
            resolve("xl/worksheets", "../comments1.xml"),
            "xl/comments1.xml"
        );
    }
}
