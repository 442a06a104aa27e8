//! Namespaces as the patch writes them, whatever the producer wrote.
//!
//! XML lets a producer name SpreadsheetML's elements with any prefix and declare its
//! namespaces on any element: openpyxl declares the relationships namespace on each
//! `<sheet>` rather than on `<workbook>`, some .NET writers put `x:` before every
//! element (`<x:sheetData>`, `<x:row>`, `<x:c>`). The patch edits a few parts as text at
//! known elements and adds `r:id` attributes, so it first brings each part it edits to
//! one spelling: the part's own namespace as the default one, the relationships
//! namespace as `r`, both declared on the root element and nowhere else; every other
//! element, attribute, prefix and declaration (`mc:Ignorable`, `x14ac:`, extension
//! lists) is kept as written. A part already spelled that way is returned untouched, so
//! files from Excel and from vanban itself are copied byte for byte as before.
//!
//! [`check_part`] then reads every part the patch wrote with a namespace-aware parser:
//! a copy with one undeclared prefix or one unclosed element is never sent back (the
//! caller falls back to the rebuilt copy).

use super::PatchError;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// The relationships namespace of attributes such as `r:id`.
pub(super) const REL_NS: &str = super::REL_NS;

/// A part's text with `primary` as the default namespace and, when `rel` is true, the
/// relationships namespace as `r`, both declared on the root only. Parts already so
/// written come back unchanged (borrowed).
pub(super) fn canonical<'a>(
    xml: &'a str,
    primary: &str,
    rel: bool,
) -> Result<std::borrow::Cow<'a, str>, PatchError> {
    if is_canonical(xml, primary, rel) {
        return Ok(std::borrow::Cow::Borrowed(xml));
    }
    rewrite(xml, primary, rel).map(std::borrow::Cow::Owned)
}

/// True when the only declarations of `primary` and of the relationships namespace are
/// `xmlns="primary"` and `xmlns:r="…"` on the root element (the relationships one may
/// be absent when nothing uses it; the patch adds it then).
fn is_canonical(xml: &str, primary: &str, rel: bool) -> bool {
    let Some(root) = root_tag(xml) else {
        return false;
    };
    let default = format!("xmlns=\"{primary}\"");
    if !root.contains(&default) || xml.matches(primary).count() != 1 {
        return false;
    }
    if !rel {
        return true;
    }
    match xml.matches(REL_NS).count() {
        // Namespaces that merely start with REL_NS (its /2006/relationships/… kinds)
        // appear only in relationship parts, which are not rewritten with rel = true.
        0 => !xml.contains("r:"),
        1 => root.contains(&format!("xmlns:r=\"{REL_NS}\"")),
        _ => false,
    }
}

/// The root element's start tag, if the text has one.
fn root_tag(xml: &str) -> Option<&str> {
    let mut rest = xml;
    let mut offset = 0;
    loop {
        let start = rest.find('<')?;
        let after = &rest[start + 1..];
        if after.starts_with('?') || after.starts_with('!') {
            let end = start + rest[start..].find('>')? + 1;
            offset += end;
            rest = &rest[end..];
            continue;
        }
        let end = rest[start..].find('>')? + start + 1;
        return Some(&xml[offset + start..offset + end]);
    }
}

/// How a namespace is written in the output.
enum Spelling<'a> {
    /// Unprefixed: the part's own namespace.
    Default,
    /// `r:` — the relationships namespace.
    Rel,
    /// As the producer wrote it.
    Kept(&'a str),
}

fn rewrite(xml: &str, primary: &str, rel: bool) -> Result<String, PatchError> {
    let bad = |_| PatchError::Unexpected("một phần XML của tệp không đọc được");
    let mut reader = NsReader::from_str(xml);
    let mut out = String::with_capacity(xml.len() + 128);
    let mut names: Vec<String> = Vec::new();
    let mut root_done = false;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(bad)?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let resolver = reader.resolver();
                let (ns, local) = resolver.resolve_element(e.name());
                let name = match spelling(&ns, primary, rel, e.name().as_ref())? {
                    Spelling::Default => local.as_ref().to_string(),
                    Spelling::Rel => format!("r:{}", local.as_ref()),
                    Spelling::Kept(raw) => raw.to_string(),
                };
                out.push('<');
                out.push_str(&name);
                if !root_done {
                    out.push_str(&format!(" xmlns=\"{primary}\""));
                    if rel {
                        out.push_str(&format!(" xmlns:r=\"{REL_NS}\""));
                    }
                    root_done = true;
                }
                for a in e.attributes().with_checks(true) {
                    let a = a.map_err(|_| PatchError::Unexpected("thuộc tính XML hỏng"))?;
                    let key: &str = a.key.as_ref();
                    let value: &str = &a.value;
                    if key == "xmlns" {
                        if value != primary {
                            // Another default namespace inside the part: unprefixed names
                            // below would change meaning. Not seen in SpreadsheetML.
                            return Err(PatchError::Unexpected("không gian tên mặc định lạ"));
                        }
                        continue;
                    }
                    if let Some(prefix) = key.strip_prefix("xmlns:") {
                        if value == primary || (rel && value == REL_NS) {
                            continue;
                        }
                        if rel && prefix == "r" {
                            return Err(PatchError::Unexpected("tiền tố r: dùng cho việc khác"));
                        }
                        push_attr(&mut out, key, value);
                        continue;
                    }
                    let attr_name = if key.contains(':') {
                        let (ns, local) = resolver.resolve_attribute(a.key);
                        match spelling(&ns, primary, rel, key)? {
                            // An attribute prefixed into the main namespace would lose it
                            // unprefixed (and may clash with a plain one): no producer
                            // writes that; the copy is rebuilt instead.
                            Spelling::Default => {
                                return Err(PatchError::Unexpected(
                                    "thuộc tính mang tiền tố của không gian tên chính",
                                ));
                            }
                            Spelling::Rel => format!("r:{}", local.as_ref()),
                            Spelling::Kept(raw) => raw.to_string(),
                        }
                    } else {
                        key.to_string()
                    };
                    push_attr(&mut out, &attr_name, value);
                }
                if empty {
                    out.push_str("/>");
                } else {
                    out.push('>');
                    names.push(name);
                }
            }
            Event::End(_) => {
                let name = names
                    .pop()
                    .ok_or(PatchError::Unexpected("thẻ đóng XML thừa"))?;
                out.push_str("</");
                out.push_str(&name);
                out.push('>');
            }
            Event::Eof => break,
            // Text, references, comments, declarations: as written.
            _ => out.push_str(&xml[before..after]),
        }
    }
    if !names.is_empty() || !root_done {
        return Err(PatchError::Unexpected("phần XML không trọn vẹn"));
    }
    Ok(out)
}

fn spelling<'a>(
    ns: &ResolveResult,
    primary: &str,
    rel: bool,
    raw: &'a str,
) -> Result<Spelling<'a>, PatchError> {
    Ok(match ns {
        ResolveResult::Bound(n) if n.as_ref() == primary => Spelling::Default,
        ResolveResult::Bound(n) if rel && n.as_ref() == REL_NS => Spelling::Rel,
        ResolveResult::Unknown(_) => {
            return Err(PatchError::Unexpected("tiền tố XML không được khai báo"));
        }
        // An unprefixed element outside any namespace would fall into ours once the
        // default namespace is declared on the root.
        ResolveResult::Unbound if !raw.contains(':') && !raw.is_empty() => {
            return Err(PatchError::Unexpected(
                "phần tử XML không có không gian tên",
            ));
        }
        _ => Spelling::Kept(raw),
    })
}

fn push_attr(out: &mut String, name: &str, raw_value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    // A value quoted with apostrophes may hold a double quote.
    out.push_str(&raw_value.replace('"', "&quot;"));
    out.push('"');
}

/// A part as the patch wrote it, read back with a namespace-aware parser: well-formed,
/// every element closed, no attribute repeated, every prefix declared.
pub(super) fn check_part(name: &str, xml: &str) -> Result<(), PatchError> {
    let invalid = || PatchError::Invalid(name.to_string());
    let mut reader = NsReader::from_str(xml);
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        let event = reader.read_event().map_err(|_| invalid())?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if depth == 0 {
                    roots += 1;
                }
                let resolver = reader.resolver();
                if let (ResolveResult::Unknown(_), _) = resolver.resolve_element(e.name()) {
                    return Err(invalid());
                }
                for a in e.attributes().with_checks(true) {
                    let a = a.map_err(|_| invalid())?;
                    if a.key.as_ref().starts_with("xmlns") {
                        continue;
                    }
                    if let (ResolveResult::Unknown(_), _) = resolver.resolve_attribute(a.key) {
                        return Err(invalid());
                    }
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::End(_) => depth = depth.checked_sub(1).ok_or_else(invalid)?,
            Event::Eof => break,
            _ => {}
        }
    }
    (depth == 0 && roots == 1).then_some(()).ok_or_else(invalid)
}
