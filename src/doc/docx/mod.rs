//! DOCX writer: docx-rs, then one well-tested post-processing step ([`post`]) for what
//! docx-rs cannot express.
//!
//! Every paragraph takes its look from a role of the [`Style`] table — the same roles
//! the Typst template reads. The document names Times New Roman (Word users have it;
//! LibreOffice substitutes its metric twin Liberation Serif), A4 with the style's
//! margins, the header block as a borderless two-column table whose short rules are
//! bottom borders of paragraphs indented to the rule's length, the page number field
//! centred in the header of every page but the first of each section, and a landscape
//! section for wide appendices.

mod chart;
mod order;
mod parts;
mod post;
mod table;

use super::Document;
use super::style::{Role, Style, half_points, mm_to_twips};
pub use chart::ChartImage;
use docx_rs::{Docx, Header, PageMargin, PageNumType, PageOrientationType, Section};
use parts::{Ctx, Item};
use std::io::Cursor;

/// Why a DOCX could not be produced.
#[derive(Debug, thiserror::Error)]
#[error("không tạo được tệp DOCX: {0}")]
pub struct DocxError(String);

/// The marker height (twips) given to table header rows; post-processing turns rows
/// carrying it into repeating header rows (`w:tblHeader`).
const HEADER_ROW_MARK: f32 = 1.0;

/// The namespace of the Custom XML part holding the document model.
pub const MODEL_NAMESPACE: &str = "urn:vanban:document:1";
/// The id of that part's properties (fixed: the same document gives the same bytes).
const MODEL_ITEM_ID: &str = "6F1C2A5E-7B0D-4E52-9A3C-56A4B0D1E3F2";

/// The model as the Custom XML part stores it: the document's JSON (without the draft's
/// mark), base64-encoded so that no text of the document can disturb the XML.
fn embedded_model(doc: &Document) -> Result<String, DocxError> {
    use base64::Engine;
    let plain = Document {
        mark: None,
        ..doc.clone()
    };
    let json = serde_json::to_vec(&plain).map_err(|e| DocxError(e.to_string()))?;
    let data = base64::engine::general_purpose::STANDARD.encode(json);
    Ok(format!(
        "<vb:document xmlns:vb=\"{MODEL_NAMESPACE}\" encoding=\"base64\">{data}</vb:document>"
    ))
}

/// Renders a document to DOCX bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, DocxError> {
    render_with(doc, &[])
}

/// The document with its charts drawn as the given pictures.
pub fn render_with(doc: &Document, charts: &[ChartImage]) -> Result<Vec<u8>, DocxError> {
    render_styled(doc, charts, super::style::standard())
}

/// The document in a style of its own: the PDF writer's fitted style
/// ([`super::pdf::PdfWriter::render_fitted`]), so both formats keep a one-page document
/// on one page the same way.
pub fn render_styled(
    doc: &Document,
    charts: &[ChartImage],
    style: &Style,
) -> Result<Vec<u8>, DocxError> {
    let model = embedded_model(doc)?;
    let doc = &doc.with_title_lines().with_running_text(keep_hyphens);
    let text_width =
        |page_mm: f64| mm_to_twips(page_mm - style.margin_left_mm - style.margin_right_mm);
    let portrait = Ctx {
        style,
        text_width: text_width(210.0),
        charts,
    };
    let landscape = Ctx {
        style,
        text_width: text_width(297.0),
        charts,
    };
    // Parts: the document, then each appendix in its own section.
    let mut parts: Vec<(bool, Vec<Item>)> = vec![(false, parts::main_items(doc, &portrait))];
    for a in &doc.appendices {
        let ctx = if a.landscape { &landscape } else { &portrait };
        parts.push((a.landscape, parts::appendix_items(doc, a, ctx)));
    }
    let mut docx = Docx::new()
        .default_fonts(parts::fonts())
        .default_size(half_points(style.roles.body.size_pt))
        .created_at("2000-01-01T00:00:00Z")
        .updated_at("2000-01-01T00:00:00Z");
    for s in word_styles(style) {
        docx = docx.add_style(s);
    }
    // The document model travels with the draft (a Custom XML Data part, which Word
    // keeps when the clerk saves): `vanban ban-hanh` issues the draft from it.
    docx = docx.add_custom_item(MODEL_ITEM_ID, &model);
    let last = parts.len() - 1;
    for (i, (landscape, items)) in parts.into_iter().enumerate() {
        docx = add_part(docx, style, landscape, items, i == last);
    }
    let mut buf = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut buf)
        .map_err(|e| DocxError(e.to_string()))?;
    post::postprocess(&buf.into_inner())
}

/// The hyphens inside the identifiers of a running text marked as non-breaking
/// (U+2011), which post-processing writes as Word's own `w:noBreakHyphen`: the text
/// reads "3472/QĐ-UBND" to Find, copy and any reader, and no line breaks inside it.
/// Word never breaks at "/", so slashes need nothing.
fn keep_hyphens(text: &str) -> String {
    let mut out = text.to_string();
    // Ranges are byte ranges of `text`; '-' and U+2011 differ in length, so the
    // replacements are made from the end.
    let ranges: Vec<_> = super::lines::identifiers(text).collect();
    for r in ranges.into_iter().rev() {
        let id = text[r.clone()].replace('-', "\u{2011}");
        out.replace_range(r, &id);
    }
    out
}

/// One named paragraph style per role of the style table, in Vietnamese, each saying
/// which style a paragraph typed after it takes; plus the rule and spacer paragraphs.
fn word_styles(style: &Style) -> Vec<docx_rs::Style> {
    use docx_rs::{Style as WStyle, StyleType};
    let r = &style.roles;
    // The style a paragraph typed after this one takes in Word.
    let next_of = |role: &Role| -> &'static str {
        match role.style_id {
            "VbCanCu" | "VbBody" | "VbNoiNhan" | "VbRecipientItem" | "VbSignatureTitle" => {
                role.style_id
            }
            "VbNoiNhanLabel" => r.noi_nhan.style_id,
            "VbRecipientsLabel" => r.recipient.style_id,
            "VbTableHeader" | "VbTableCell" | "VbTableGroup" | "VbTableSubgroup" => {
                r.table_cell.style_id
            }
            _ => r.body.style_id,
        }
    };
    let mut out: Vec<WStyle> = r
        .all()
        .into_iter()
        .map(|role| {
            let mut s = WStyle::new(role.style_id, StyleType::Paragraph)
                .name(role.style_name)
                .based_on(outline_base(role).unwrap_or("Normal"))
                .next(next_of(role))
                .q_format(true)
                .fonts(parts::fonts())
                .size(half_points(role.size_pt))
                .align(parts::alignment(role.align))
                .line_spacing(parts::spacing(role));
            if role.bold {
                s = s.bold();
            }
            if role.italic {
                s = s.italic();
            }
            if let Some((left, first)) = parts::indents(role) {
                s = s.indent(left, first, None, None);
            }
            if let Some(level) = outline_level(role) {
                s = s.outline_lvl(level);
            }
            s
        })
        .collect();
    // Word's built-in heading styles, which the document's headings are based on: their
    // outline levels give Word's Navigation Pane and any converter (pandoc's reader
    // yields Header blocks) the document's sections. They carry nothing else; the
    // headings' look is their own style's.
    for level in 0..3 {
        out.push(
            WStyle::new(&format!("Heading{}", level + 1), StyleType::Paragraph)
                .name(&format!("heading {}", level + 1))
                .based_on("Normal")
                .next(r.body.style_id)
                .outline_lvl(level),
        );
    }
    for (id, name) in [
        (parts::RULE_STYLE, "VB Đường kẻ"),
        (parts::SPACER_STYLE, "VB Khoảng cách"),
    ] {
        out.push(
            WStyle::new(id, StyleType::Paragraph)
                .name(name)
                .based_on("Normal")
                .size(4)
                .line_spacing(docx_rs::LineSpacing::new().before(0).after(0).line(240)),
        );
    }
    out
}

/// The outline level of a heading role (0 for "I.", 1 for "1.", 2 for "a)"), none for
/// the other roles.
fn outline_level(role: &Role) -> Option<usize> {
    let r = &super::style::standard().roles;
    [&r.heading1, &r.heading2, &r.heading3]
        .iter()
        .position(|h| h.style_id == role.style_id)
}

/// The built-in heading style a heading role is based on.
fn outline_base(role: &Role) -> Option<&'static str> {
    outline_level(role).map(|l| ["Heading1", "Heading2", "Heading3"][l])
}

/// One part in its own section: A4 portrait or landscape, numbered from 1, the number
/// shown from its second page. The last part's settings are the document's own.
fn add_part(docx: Docx, style: &Style, landscape: bool, items: Vec<Item>, last: bool) -> Docx {
    let (a4w, a4h) = (mm_to_twips(210.0), mm_to_twips(297.0));
    let (w, h, orient) = if landscape {
        (a4h, a4w, PageOrientationType::Landscape)
    } else {
        (a4w, a4h, PageOrientationType::Portrait)
    };
    let header = super::style::cm_to_twips(style.header_cm) as i32;
    let margin = PageMargin::new()
        .top(mm_to_twips(style.margin_top_mm) as i32)
        .bottom(mm_to_twips(style.margin_bottom_mm) as i32)
        .left(mm_to_twips(style.margin_left_mm) as i32)
        .right(mm_to_twips(style.margin_right_mm) as i32)
        .header(header)
        .footer(header)
        .gutter(0);
    if last {
        let mut docx = docx
            .page_size(w, h)
            .page_orient(orient)
            .page_margin(margin)
            .title_pg()
            .page_num_type(PageNumType::new().start(1))
            .header(parts::page_number_header(style))
            .first_header(Header::new());
        for item in items {
            docx = match item {
                Item::P(p) => docx.add_paragraph(p),
                Item::T(t) => docx.add_table(t),
            };
        }
        return docx;
    }
    let mut section = Section::new()
        .page_size(docx_rs::PageSize::new().size(w, h).orient(orient))
        .page_margin(margin)
        .title_pg()
        .page_num_type(PageNumType::new().start(1))
        .header(parts::page_number_header(style))
        .first_header(Header::new());
    for item in items {
        section = match item {
            Item::P(p) => section.add_paragraph(p),
            Item::T(t) => section.add_table(t),
        };
    }
    docx.add_section(section)
}
