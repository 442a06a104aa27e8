//! DOCX writer: docx-rs, then one well-tested post-processing step for what docx-rs
//! cannot express (repeating table header rows, the Vietnamese text language).
//!
//! The document names Times New Roman (Word users have it; LibreOffice substitutes its
//! metric twin Liberation Serif), A4 with the margins of [`Style`], the header block as
//! a borderless two-column table whose short rules are bottom borders of paragraphs
//! indented to the rule's length, the page number field centred in the header of every
//! page but the first of each section, and a landscape section for wide appendices.

use super::style::{Style, cm_to_twips, half_points, mm_to_twips, text_width_pt};
use super::{Align, Appendix, Block, Document, QUOC_HIEU, Row, Signature, TIEU_NGU, Table};
use docx_rs::{
    AlignmentType, BorderType, Docx, FieldCharType, Header, InstrPAGE, InstrText, LineSpacing,
    LineSpacingType, PageMargin, PageNumType, PageOrientationType, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, Run, RunFonts, Section, SpecialIndentType, Table as DTable, TableCell,
    TableLayoutType, TableRow, VAlignType, WidthType,
};
use std::io::{Cursor, Read, Write};

/// Why a DOCX could not be produced.
#[derive(Debug, thiserror::Error)]
#[error("không tạo được tệp DOCX: {0}")]
pub struct DocxError(String);

/// The marker height (twips) given to table header rows; post-processing turns rows
/// carrying it into repeating header rows (`w:tblHeader`).
const HEADER_ROW_MARK: f32 = 1.0;

struct Ctx<'a> {
    style: &'a Style,
    /// Text width of the current section, in twips.
    text_width: u32,
}

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("Times New Roman")
}

fn run(text: &str, size_pt: f64) -> Run {
    Run::new()
        .add_text(super::printable(text))
        .size(half_points(size_pt))
        .fonts(fonts())
}

fn spacing(before_pt: f64, line: f64) -> LineSpacing {
    LineSpacing::new()
        .before((before_pt * 20.0).round() as u32)
        .after(0)
        .line((line * 240.0).round() as i32)
        .line_rule(LineSpacingType::Auto)
}

/// A centred paragraph with no indent.
fn center(runs: Vec<Run>, before_pt: f64) -> Paragraph {
    let mut p = Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(spacing(before_pt, 1.0));
    for r in runs {
        p = p.add_run(r);
    }
    p
}

/// A short horizontal rule: an empty paragraph whose bottom border is `length_pt`
/// long, centred in a box `box_twips` wide.
fn rule(length_pt: f64, box_twips: u32, style: &Style) -> Paragraph {
    let length = (length_pt * 20.0).round() as i32;
    let side = ((box_twips as i32 - length) / 2).max(0);
    let mut p = Paragraph::new()
        .indent(Some(side), None, Some(side), None)
        .line_spacing(spacing(0.0, 1.0))
        .add_run(Run::new().size(4));
    p.property = p.property.set_borders(
        docx_rs::ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(((style.rule_pt * 8.0).round() as usize).max(2))
                .space(1),
        ),
    );
    p
}

fn short_rule(
    text: &str,
    size: f64,
    bold: bool,
    fraction: f64,
    box_twips: u32,
    style: &Style,
) -> Paragraph {
    let box_pt = box_twips as f64 / 20.0;
    let w = text_width_pt(text, size, bold).min(box_pt);
    rule((w * fraction).max(2.0 / 2.54 * 72.0), box_twips, style)
}

/// A centred paragraph keeping the line breaks written in the text.
fn multiline(text: &str, size: f64, bold: bool) -> Paragraph {
    let mut p = Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(spacing(0.0, 1.0));
    for (i, line) in text.lines().enumerate() {
        let mut r = run(line, size);
        if bold {
            r = r.bold();
        }
        if i > 0 {
            r = Run::new()
                .add_break(docx_rs::BreakType::TextWrapping)
                .size(half_points(size))
                .fonts(fonts());
            p = p.add_run(r);
            let mut r2 = run(line, size);
            if bold {
                r2 = r2.bold();
            }
            p = p.add_run(r2);
        } else {
            p = p.add_run(r);
        }
    }
    p
}

fn borderless(rows: Vec<TableRow>, grid: Vec<usize>) -> DTable {
    let total: usize = grid.iter().sum();
    DTable::without_borders(rows)
        .set_grid(grid)
        .layout(TableLayoutType::Fixed)
        .width(total, WidthType::Dxa)
        .indent(0)
}

fn cell(width: u32, paragraphs: Vec<Paragraph>) -> TableCell {
    let mut c = TableCell::new()
        .width(width as usize, WidthType::Dxa)
        .vertical_align(VAlignType::Top);
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

fn issuer_paragraphs(doc: &Document, ctx: &Ctx) -> Vec<Paragraph> {
    let st = ctx.style;
    let left = cm_to_twips(st.left_col_cm);
    let mut out = Vec::new();
    if let Some(p) = &doc.issuer.parent {
        for line in super::fit_lines(&p.to_uppercase(), st.header_pt, false, st.left_col_cm) {
            out.push(center(vec![run(&line, st.header_pt)], 0.0));
        }
    }
    let lines = super::fit_lines(
        &doc.issuer.name.to_uppercase(),
        st.header_pt,
        true,
        st.left_col_cm,
    );
    for line in &lines {
        out.push(center(vec![run(line, st.header_pt).bold()], 0.0));
    }
    let longest = lines
        .iter()
        .max_by(|a, b| {
            text_width_pt(a, st.header_pt, true).total_cmp(&text_width_pt(b, st.header_pt, true))
        })
        .cloned()
        .unwrap_or_default();
    out.push(short_rule(&longest, st.header_pt, true, 0.4, left, st));
    out
}

fn national_paragraphs(ctx: &Ctx) -> Vec<Paragraph> {
    let st = ctx.style;
    let right = cm_to_twips(st.right_col_cm);
    vec![
        center(vec![run(QUOC_HIEU, st.header_pt).bold()], 0.0),
        center(vec![run(TIEU_NGU, st.motto_pt).bold()], 0.0),
        short_rule(TIEU_NGU, st.motto_pt, true, 1.0, right, st),
    ]
}

fn header_table(doc: &Document, ctx: &Ctx) -> DTable {
    let st = ctx.style;
    let (left, right) = (cm_to_twips(st.left_col_cm), cm_to_twips(st.right_col_cm));
    let mut number = vec![center(vec![run(&doc.number_line(), st.number_pt)], 6.0)];
    if doc.is_cong_van() {
        number.push(center(
            vec![run(&format!("V/v {}", doc.title), st.subject_pt)],
            6.0,
        ));
    }
    let date = vec![center(
        vec![run(&doc.date_line(), st.motto_pt).italic()],
        6.0,
    )];
    borderless(
        vec![
            TableRow::new(vec![
                cell(left, issuer_paragraphs(doc, ctx)),
                cell(right, national_paragraphs(ctx)),
            ]),
            TableRow::new(vec![cell(left, number), cell(right, date)]),
        ],
        vec![left as usize, right as usize],
    )
}

fn body_paragraph(runs: Vec<Run>, ctx: &Ctx, indent: bool) -> Paragraph {
    let st = ctx.style;
    let mut p = Paragraph::new()
        .align(AlignmentType::Both)
        .line_spacing(spacing(st.paragraph_spacing_pt, st.line_spacing));
    if indent {
        p = p.indent(
            None,
            Some(SpecialIndentType::FirstLine(
                cm_to_twips(st.indent_cm) as i32
            )),
            None,
            None,
        );
    }
    for r in runs {
        p = p.add_run(r);
    }
    p
}

enum Item {
    P(Paragraph),
    T(DTable),
}

fn data_table(t: &Table, ctx: &Ctx) -> DTable {
    let total: f64 = t.columns.iter().map(|c| c.width).sum::<f64>().max(1.0);
    let widths: Vec<usize> = t
        .columns
        .iter()
        .map(|c| (c.width / total * ctx.text_width as f64).floor() as usize)
        .collect();
    let para = |text: &str, align: Align, bold: bool, italic: bool| {
        let mut r = run(text, t.size);
        if bold {
            r = r.bold();
        }
        if italic {
            r = r.italic();
        }
        let a = match align {
            Align::Center => AlignmentType::Center,
            Align::Left => AlignmentType::Left,
        };
        Paragraph::new()
            .align(a)
            .line_spacing(spacing(0.0, 1.0))
            .add_run(r)
    };
    let mut rows = Vec::new();
    let header_cells: Vec<TableCell> = t
        .columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| {
            cell(*w as u32, vec![para(&c.title, Align::Center, true, false)])
                .vertical_align(VAlignType::Center)
        })
        .collect();
    rows.push(
        TableRow::new(header_cells)
            .row_height(HEADER_ROW_MARK)
            .height_rule(docx_rs::HeightRule::AtLeast)
            .cant_split(),
    );
    let full: usize = widths.iter().sum();
    for r in &t.rows {
        let row = match r {
            Row::Cells { cells } => TableRow::new(
                t.columns
                    .iter()
                    .zip(&widths)
                    .enumerate()
                    .map(|(i, (c, w))| {
                        let text = cells.get(i).map(String::as_str).unwrap_or("");
                        cell(*w as u32, vec![para(text, c.align, false, false)])
                    })
                    .collect(),
            ),
            Row::Group { text } => TableRow::new(vec![
                cell(full as u32, vec![para(text, Align::Left, true, false)])
                    .grid_span(widths.len()),
            ]),
            Row::Subgroup { text } => TableRow::new(vec![
                cell(full as u32, vec![para(text, Align::Left, true, true)])
                    .grid_span(widths.len()),
            ]),
        };
        rows.push(row.cant_split());
    }
    DTable::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(full, WidthType::Dxa)
}

fn blocks(blocks: &[Block], ctx: &Ctx) -> Vec<Item> {
    let st = ctx.style;
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::CanCu { text } => out.push(Item::P(body_paragraph(
                vec![run(text, st.body_pt).italic()],
                ctx,
                true,
            ))),
            Block::Center { text, bold } => {
                let mut r = run(text, st.body_pt);
                if *bold {
                    r = r.bold();
                }
                out.push(Item::P(center(vec![r], st.paragraph_spacing_pt)));
            }
            Block::Article { label, text } => out.push(Item::P(body_paragraph(
                vec![
                    run(label, st.body_pt).bold(),
                    run(&format!(" {text}"), st.body_pt),
                ],
                ctx,
                true,
            ))),
            Block::Heading { level, text } => {
                let r = run(text, st.body_pt);
                let r = if *level >= 3 { r.italic() } else { r.bold() };
                out.push(Item::P(body_paragraph(vec![r], ctx, true)));
            }
            Block::Paragraph { text } => out.push(Item::P(body_paragraph(
                vec![run(text, st.body_pt)],
                ctx,
                true,
            ))),
            Block::Bullet { text } => out.push(Item::P(body_paragraph(
                vec![run(&format!("- {text}"), st.body_pt)],
                ctx,
                true,
            ))),
            Block::Table(t) => out.push(Item::T(data_table(t, ctx))),
        }
    }
    out
}

fn closing(noi_nhan: &[String], sig: &Signature, ctx: &Ctx) -> DTable {
    let st = ctx.style;
    let (left, right) = (cm_to_twips(st.left_col_cm), cm_to_twips(st.right_col_cm));
    let mut l = Vec::new();
    if !noi_nhan.is_empty() {
        l.push(
            Paragraph::new()
                .line_spacing(spacing(0.0, 1.0))
                .add_run(run("Nơi nhận:", st.noi_nhan_label_pt).bold().italic()),
        );
        for e in noi_nhan {
            l.push(
                Paragraph::new()
                    .line_spacing(spacing(0.0, 1.0))
                    .add_run(run(e, st.noi_nhan_pt)),
            );
        }
    } else {
        l.push(Paragraph::new());
    }
    let mut r: Vec<Paragraph> = sig
        .lines
        .iter()
        .map(|line| center(vec![run(line, st.body_pt).bold()], 0.0))
        .collect();
    r.push(center(
        vec![run(&sig.name, st.body_pt).bold()],
        st.signature_space_pt,
    ));
    borderless(
        vec![TableRow::new(vec![cell(left, l), cell(right, r)]).cant_split()],
        vec![left as usize, right as usize],
    )
}

fn page_number_header(style: &Style) -> Header {
    Header::new().add_paragraph(
        Paragraph::new().align(AlignmentType::Center).add_run(
            Run::new()
                .size(half_points(style.page_number_pt))
                .fonts(fonts())
                .add_field_char(FieldCharType::Begin, false)
                .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                .add_field_char(FieldCharType::Separate, false)
                .add_text("2")
                .add_field_char(FieldCharType::End, false),
        ),
    )
}

fn appendix_items(doc: &Document, a: &Appendix, ctx: &Ctx) -> Vec<Item> {
    let st = ctx.style;
    let mut out = Vec::new();
    if a.issuer_header {
        let (left, right) = (cm_to_twips(st.left_col_cm), cm_to_twips(st.right_col_cm));
        out.push(Item::T(borderless(
            vec![TableRow::new(vec![
                cell(left, issuer_paragraphs(doc, ctx)),
                cell(right, national_paragraphs(ctx)),
            ])],
            vec![left as usize, right as usize],
        )));
    }
    if let Some(l) = &a.label {
        out.push(Item::P(center(
            vec![run(l, st.appendix_label_pt).bold()],
            12.0,
        )));
    }
    if let Some(k) = &a.kind {
        out.push(Item::P(center(vec![run(k, st.body_pt).bold()], 12.0)));
    }
    out.push(Item::P(multiline(&a.title, st.body_pt, true)));
    if let Some(r) = &a.reference {
        out.push(Item::P(center(vec![run(r, st.body_pt).italic()], 0.0)));
    }
    out.push(Item::P(short_rule(
        &a.title,
        st.body_pt,
        true,
        0.3,
        ctx.text_width,
        st,
    )));
    out.extend(blocks(&a.body, ctx));
    if let Some(s) = &a.signature {
        out.push(Item::P(Paragraph::new()));
        out.push(Item::T(closing(&[], s, ctx)));
    }
    out
}

/// Renders a document to DOCX bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, DocxError> {
    let style = Style::default();
    let portrait = Ctx {
        style: &style,
        text_width: mm_to_twips(210.0 - style.margin_left_mm - style.margin_right_mm),
    };
    let landscape = Ctx {
        style: &style,
        text_width: mm_to_twips(297.0 - style.margin_left_mm - style.margin_right_mm),
    };

    // Parts: the document, then each appendix in its own section.
    let mut parts: Vec<(bool, Vec<Item>)> = Vec::new();
    let mut main = vec![Item::T(header_table(doc, &portrait))];
    if let Some(t) = doc.type_name() {
        main.push(Item::P(center(vec![run(&t, style.body_pt).bold()], 12.0)));
        main.push(Item::P(multiline(&doc.title, style.body_pt, true)));
        let longest = doc
            .title
            .lines()
            .max_by(|a, b| {
                text_width_pt(a, style.body_pt, true).total_cmp(&text_width_pt(
                    b,
                    style.body_pt,
                    true,
                ))
            })
            .unwrap_or("");
        main.push(Item::P(short_rule(
            longest,
            style.body_pt,
            true,
            0.4,
            portrait.text_width,
            &style,
        )));
    }
    if let Some(a) = &doc.authority {
        main.push(Item::P(center(vec![run(a, style.body_pt).bold()], 6.0)));
    }
    match doc.recipients.as_slice() {
        [] => {}
        [one] => main.push(Item::P(center(
            vec![run(&format!("Kính gửi: {one}"), style.body_pt)],
            12.0,
        ))),
        many => {
            main.push(Item::P(center(vec![run("Kính gửi:", style.body_pt)], 12.0)));
            for r in many {
                main.push(Item::P(
                    Paragraph::new()
                        .indent(Some(cm_to_twips(5.5) as i32), None, None, None)
                        .line_spacing(spacing(0.0, 1.0))
                        .add_run(run(&format!("- {r}"), style.body_pt)),
                ));
            }
        }
    }
    main.extend(blocks(&doc.body, &portrait));
    main.push(Item::P(Paragraph::new().line_spacing(spacing(0.0, 1.0))));
    main.push(Item::T(closing(&doc.noi_nhan, &doc.signature, &portrait)));
    parts.push((false, main));
    for a in &doc.appendices {
        let ctx = if a.landscape { &landscape } else { &portrait };
        parts.push((a.landscape, appendix_items(doc, a, ctx)));
    }

    let margin = PageMargin::new()
        .top(mm_to_twips(style.margin_top_mm) as i32)
        .bottom(mm_to_twips(style.margin_bottom_mm) as i32)
        .left(mm_to_twips(style.margin_left_mm) as i32)
        .right(mm_to_twips(style.margin_right_mm) as i32)
        .header(567)
        .footer(567)
        .gutter(0);
    let (a4w, a4h) = (mm_to_twips(210.0), mm_to_twips(297.0));
    let mut docx = Docx::new()
        .default_fonts(fonts())
        .default_size(half_points(style.body_pt))
        .created_at("2000-01-01T00:00:00Z")
        .updated_at("2000-01-01T00:00:00Z");
    let last = parts.len() - 1;
    for (i, (landscape, items)) in parts.into_iter().enumerate() {
        let (w, h, orient) = if landscape {
            (a4h, a4w, PageOrientationType::Landscape)
        } else {
            (a4w, a4h, PageOrientationType::Portrait)
        };
        if i < last {
            let mut section = Section::new()
                .page_size(docx_rs::PageSize::new().size(w, h).orient(orient))
                .page_margin(margin.clone())
                .title_pg()
                .page_num_type(PageNumType::new().start(1))
                .header(page_number_header(&style))
                .first_header(Header::new());
            for item in items {
                section = match item {
                    Item::P(p) => section.add_paragraph(p),
                    Item::T(t) => section.add_table(t),
                };
            }
            docx = docx.add_section(section);
        } else {
            docx = docx
                .page_size(w, h)
                .page_orient(orient)
                .page_margin(margin.clone())
                .title_pg()
                .page_num_type(PageNumType::new().start(1))
                .header(page_number_header(&style))
                .first_header(Header::new());
            for item in items {
                docx = match item {
                    Item::P(p) => docx.add_paragraph(p),
                    Item::T(t) => docx.add_table(t),
                };
            }
        }
    }
    let mut buf = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut buf)
        .map_err(|e| DocxError(e.to_string()))?;
    postprocess(&buf.into_inner())
}

/// Adds what docx-rs cannot write: `w:tblHeader` on the rows marked as table headers
/// (so Word and LibreOffice repeat them on every page) and the Vietnamese language in the
/// default run properties (so Word proofs the text as Vietnamese). Re-compresses the
/// package with stable timestamps.
pub fn postprocess(docx: &[u8]) -> Result<Vec<u8>, DocxError> {
    let err = |e: &dyn std::fmt::Display| DocxError(e.to_string());
    let mut input = zip::ZipArchive::new(Cursor::new(docx)).map_err(|e| err(&e))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut next_id = 1u32;
    for i in 0..input.len() {
        let mut f = input.by_index(i).map_err(|e| err(&e))?;
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(|e| err(&e))?;
        if name.ends_with(".xml") && name.starts_with("word/") {
            let xml = String::from_utf8(data).map_err(|e| err(&e))?;
            data = renumber_para_ids(&xml, &mut next_id).into_bytes();
        }
        if name == "word/document.xml" {
            let xml = String::from_utf8(data).map_err(|e| err(&e))?;
            data = mark_header_rows(&xml).into_bytes();
        } else if name == "word/styles.xml" {
            let xml = String::from_utf8(data).map_err(|e| err(&e))?;
            data = add_language(&xml).into_bytes();
        }
        out.start_file(name, options).map_err(|e| err(&e))?;
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
    fn language_is_added_once() {
        let xml = "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"28\" /></w:rPr></w:rPrDefault></w:docDefaults>";
        let out = add_language(xml);
        assert!(out.contains(r#"<w:lang w:val="vi-VN""#));
        assert_eq!(add_language(&out), out);
    }
}
