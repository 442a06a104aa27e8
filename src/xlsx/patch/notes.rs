//! Notes: a comments part and its VML drawing per sheet (Excel's legacy notes), or ours
//! joined to the sheet's own.

use super::xml::{esc, re};
use super::{MAIN_NS, Mark, PatchError, REL_NS};
use crate::model::finding::parse_a1;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The worksheet with a `<legacyDrawing>` (the notes' shapes) where the schema puts it:
/// after `<drawing>`, before the elements that follow it.
pub(super) fn add_legacy_drawing(xml: &str, rid: &str) -> Result<String, PatchError> {
    let element = format!("<legacyDrawing r:id=\"{rid}\"/>");
    let mut xml = xml.to_string();
    // The root's own start tag (not the XML declaration before it) says whether `r:`
    // is declared.
    static ROOT: OnceLock<Regex> = OnceLock::new();
    let m = re(&ROOT, r#"<worksheet\b[^>]*>"#)
        .find(&xml)
        .ok_or(PatchError::Unexpected("không có <worksheet>"))?;
    if !m.as_str().contains("xmlns:r=") {
        xml.insert_str(
            m.start() + "<worksheet".len(),
            &format!(" xmlns:r=\"{REL_NS}\""),
        );
    }
    let after = [
        "<legacyDrawingHF",
        "<drawingHF",
        "<picture",
        "<oleObjects",
        "<controls",
        "<webPublishItems",
        "<tableParts",
        "<extLst",
        "</worksheet>",
    ];
    let at = after
        .iter()
        .filter_map(|t| xml.find(t))
        .min()
        .ok_or(PatchError::Unexpected("không có </worksheet>"))?;
    xml.insert_str(at, &element);
    Ok(xml)
}

/// Our notes added to a sheet's own: a comment and a shape per marked cell that has no
/// note yet; on a cell the agency annotated, our text follows the agency's in its note.
pub(super) fn join_notes(
    comments: &str,
    vml: &str,
    cells: &BTreeMap<(u32, u32), Mark>,
    k: usize,
) -> Result<(String, String), PatchError> {
    static REF: OnceLock<Regex> = OnceLock::new();
    let taken: std::collections::HashSet<(u32, u32)> =
        re(&REF, r#"<comment\b[^>]*\bref="([A-Z]+[0-9]+)""#)
            .captures_iter(comments)
            .filter_map(|c| parse_a1(&c[1]))
            .collect();
    let ours: BTreeMap<(u32, u32), &Mark> = cells
        .iter()
        .filter(|(pos, _)| !taken.contains(pos))
        .map(|(pos, m)| (*pos, m))
        .collect();
    // Our author, added to the authors list.
    static AUTHORS: OnceLock<Regex> = OnceLock::new();
    let authors = re(&AUTHORS, r#"(?s)<authors>(.*?)</authors>|<authors/>"#);
    let (mut comments, author_id) = match authors.captures(comments) {
        Some(c) => {
            let inner = c.get(1).map_or("", |m| m.as_str());
            let id = inner.matches("<author>").count() + inner.matches("<author/>").count();
            let whole = c.get(0).expect("match").range();
            let mut s = comments.to_string();
            s.replace_range(
                whole,
                &format!("<authors>{inner}<author>Sở Nội vụ</author></authors>"),
            );
            (s, id)
        }
        None => return Err(PatchError::Unexpected("ghi chú có sẵn không có <authors>")),
    };
    let added: String = ours
        .iter()
        .map(|(&(r, c), m)| {
            format!(
                "<comment ref=\"{}\" authorId=\"{author_id}\"><text><r><t xml:space=\"preserve\">{}</t></r></text></comment>",
                crate::model::finding::a1(r, c),
                esc(&m.note)
            )
        })
        .collect();
    for (&pos, m) in cells.iter().filter(|(pos, _)| taken.contains(pos)) {
        comments = append_to_comment(&comments, &crate::model::finding::a1(pos.0, pos.1), &m.note);
    }
    if comments.contains("<commentList/>") {
        comments = comments.replacen(
            "<commentList/>",
            &format!("<commentList>{added}</commentList>"),
            1,
        );
    } else {
        comments = comments.replacen("</commentList>", &format!("{added}</commentList>"), 1);
    }
    let shapes: BTreeMap<(u32, u32), Mark> = ours
        .iter()
        .map(|(&pos, m)| {
            (
                pos,
                Mark {
                    error: m.error,
                    note: String::new(),
                },
            )
        })
        .collect();
    let new_vml = vml_xml(&shapes, k);
    // Only the shapes: the sheet's drawing already has its layout and shape type.
    let start = new_vml
        .find("<v:shape ")
        .unwrap_or(new_vml.len() - "</xml>".len());
    let shapes_xml = &new_vml[start..new_vml.len() - "</xml>".len()];
    let at = vml
        .rfind("</xml>")
        .ok_or(PatchError::Unexpected("ghi chú có sẵn: vml không đóng"))?;
    let mut vml = vml.to_string();
    vml.insert_str(at, shapes_xml);
    if !vml.contains("_x0000_t202") {
        return Err(PatchError::Unexpected(
            "ghi chú có sẵn: vml không có kiểu hình ghi chú",
        ));
    }
    // Our shapes use the prefixes v:, o:, x:; a drawing written with others (ns0:,
    // ns1:…, as some libraries do) gets them declared on its root as well.
    let root_end = vml
        .find("<xml")
        .and_then(|i| vml[i..].find('>').map(|j| i + j))
        .ok_or(PatchError::Unexpected(
            "ghi chú có sẵn: vml không có gốc <xml>",
        ))?;
    let root = vml[..root_end].to_string();
    let mut decls = String::new();
    for (prefix, ns) in [
        ("v", "urn:schemas-microsoft-com:vml"),
        ("o", "urn:schemas-microsoft-com:office:office"),
        ("x", "urn:schemas-microsoft-com:office:excel"),
    ] {
        if !root.contains(&format!("xmlns:{prefix}=")) {
            decls.push_str(&format!(" xmlns:{prefix}=\"{ns}\""));
        }
    }
    let insert_at = if root.ends_with('/') {
        root_end - 1
    } else {
        root_end
    };
    vml.insert_str(insert_at, &decls);
    Ok((comments, vml))
}

/// A comment with our text added after the agency's, as a second run (a comment's text
/// is one `<t>` or a list of runs: a lone `<t>` becomes a run first).
fn append_to_comment(comments: &str, cell: &str, note: &str) -> String {
    let Some(start) = comments.find(&format!("ref=\"{cell}\"")) else {
        return comments.to_string();
    };
    let Some(open) = comments[start..]
        .find("<text>")
        .map(|i| start + i + "<text>".len())
    else {
        return comments.to_string();
    };
    let Some(close) = comments[open..].find("</text>").map(|i| open + i) else {
        return comments.to_string();
    };
    let inner = &comments[open..close];
    let runs = if inner.contains("<r>") || inner.contains("<r ") {
        inner.to_string()
    } else {
        format!("<r>{inner}</r>")
    };
    format!(
        "{}{runs}<r><t xml:space=\"preserve\">\n— Sở Nội vụ: {}</t></r>{}",
        &comments[..open],
        esc(note),
        &comments[close..]
    )
}

pub(super) fn comments_xml(cells: &BTreeMap<(u32, u32), Mark>) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"{MAIN_NS}\"><authors><author>Sở Nội vụ</author></authors><commentList>"
    );
    for (&(r, c), m) in cells {
        s.push_str(&format!(
            "<comment ref=\"{}\" authorId=\"0\"><text><r><t xml:space=\"preserve\">{}</t></r></text></comment>",
            crate::model::finding::a1(r, c),
            esc(&m.note)
        ));
    }
    s.push_str("</commentList></comments>");
    s
}

pub(super) fn vml_xml(cells: &BTreeMap<(u32, u32), Mark>, k: usize) -> String {
    let mut s = format!(
        "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"{}\"/></o:shapelayout><v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>",
        100 + k
    );
    for (i, (&(r, c), _)) in cells.iter().enumerate() {
        s.push_str(&format!(
            "<v:shape id=\"_x0000_s{}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:80pt;margin-top:2pt;width:270pt;height:105pt;z-index:{};visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox><x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{}, 15, {}, 2, {}, 15, {}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{r}</x:Row><x:Column>{c}</x:Column></x:ClientData></v:shape>",
            (100 + k) * 1024 + i + 1,
            i + 1,
            c + 1,
            r.saturating_sub(1),
            c + 5,
            r + 6
        ));
    }
    s.push_str("</xml>");
    s
}
