//! The pieces of a DOCX document, each a paragraph (or table) of one role of the style
//! table: the header block, the title, Kính gửi, the body blocks (data tables in
//! `table.rs`), the
//! Nơi nhận / signature block, and the appendices' title blocks.

use crate::doc::style::{
    Align as RoleAlign, Role, Style, cm_to_twips, half_points, pt_to_twips, text_width_pt,
};
use crate::doc::{Appendix, Block, Document, Signature, fit_lines, printable};
use docx_rs::{
    AlignmentType, BorderType, FieldCharType, Header, InstrPAGE, InstrText, LineSpacing,
    LineSpacingType, Paragraph, ParagraphBorder, ParagraphBorderPosition, Run, RunFonts,
    SpecialIndentType, Table as DTable, TableCell, TableLayoutType, TableRow, VAlignType,
    WidthType,
};

/// The Word styles of the paragraphs that draw the short rules and the fixed gaps.
pub(super) const RULE_STYLE: &str = "VbRule";
pub(super) const SPACER_STYLE: &str = "VbSpacer";

pub(super) struct Ctx<'a> {
    pub(super) style: &'a Style,
    /// Text width of the current section, in twips.
    pub(super) text_width: u32,
    /// The document's charts drawn as pictures (by the PDF writer's Typst function).
    pub(super) charts: &'a [super::chart::ChartImage],
}

pub(super) enum Item {
    P(Paragraph),
    T(DTable),
}

pub(super) fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("Times New Roman")
}

/// The role as its Word style defines it (a derived role — a table cell set smaller, a
/// centre line not bold — keeps its base role's style and says only what differs).
fn base_of(role: &Role) -> &'static Role {
    crate::doc::style::standard()
        .roles
        .by_style(role.style_id)
        .unwrap_or(&crate::doc::style::standard().roles.body)
}

/// A run of text set as `role` inside a paragraph of style `para`: only what differs
/// from the paragraph's style is written on the run.
fn run_in(text: &str, role: &Role, para: &Role) -> Run {
    let base = base_of(para);
    let mut r = Run::new().add_text(printable(text));
    if role.size_pt != base.size_pt {
        r = r.size(half_points(role.size_pt));
    }
    r = match (role.bold, base.bold) {
        (true, false) => r.bold(),
        (false, true) => r.disable_bold(),
        _ => r,
    };
    match (role.italic, base.italic) {
        (true, false) => r.italic(),
        (false, true) => r.disable_italic(),
        _ => r,
    }
}

/// A run of text in a paragraph of its own role.
fn run(text: &str, role: &Role) -> Run {
    run_in(text, role, role)
}

pub(super) fn spacing(role: &Role) -> LineSpacing {
    LineSpacing::new()
        .before(pt_to_twips(role.before_pt))
        .after(pt_to_twips(role.after_pt))
        .line((role.line * 240.0).round() as i32)
        .line_rule(LineSpacingType::Auto)
}

pub(super) fn alignment(align: RoleAlign) -> AlignmentType {
    match align {
        RoleAlign::Center => AlignmentType::Center,
        RoleAlign::Justify => AlignmentType::Both,
        RoleAlign::Left => AlignmentType::Left,
        RoleAlign::Right => AlignmentType::Right,
    }
}

/// The first-line and left indents of a role, when it has any.
pub(super) fn indents(role: &Role) -> Option<(Option<i32>, Option<SpecialIndentType>)> {
    (role.first_indent_cm > 0.0 || role.left_indent_cm > 0.0).then(|| {
        let left = (role.left_indent_cm > 0.0).then(|| cm_to_twips(role.left_indent_cm) as i32);
        let first = (role.first_indent_cm > 0.0)
            .then(|| SpecialIndentType::FirstLine(cm_to_twips(role.first_indent_cm) as i32));
        (left, first)
    })
}

/// A paragraph of a role holding `runs`: its Word style, and only what differs from it.
fn para(role: &Role, runs: Vec<Run>) -> Paragraph {
    let base = base_of(role);
    let mut p = Paragraph::new().style(role.style_id);
    if role.align != base.align {
        p = p.align(alignment(role.align));
    }
    if (role.before_pt, role.after_pt, role.line) != (base.before_pt, base.after_pt, base.line) {
        p = p.line_spacing(spacing(role));
    }
    if (role.first_indent_cm, role.left_indent_cm) != (base.first_indent_cm, base.left_indent_cm)
        && let Some((left, first)) = indents(role)
    {
        p = p.indent(left, first, None, None);
    }
    // docx-rs styles cannot say "keep with next": the paragraph says it.
    if role.keep_with_next {
        p = p.keep_next(true);
    }
    for r in runs {
        p = p.add_run(r);
    }
    p
}

/// The "DỰ THẢO" mark: a right-aligned line whose text is boxed by a character border
/// (the Typst template draws the same box).
fn draft_mark(text: &str, role: &Role, style: &Style) -> Paragraph {
    let border = docx_rs::TextBorder::new()
        .border_type(BorderType::Single)
        .size((style.rules.thickness_pt * 8.0).round() as usize)
        .space(2)
        .color("000000");
    para(role, vec![run(text, role).text_border(border)])
}

/// One paragraph of a role with one text.
pub(super) fn line(text: &str, role: &Role) -> Paragraph {
    para(role, vec![run(text, role)])
}

/// A short horizontal rule: an empty paragraph whose bottom border is `length_pt`
/// long, centred in a box `box_twips` wide.
fn rule(length_pt: f64, box_twips: u32, style: &Style) -> Paragraph {
    rule_with(
        length_pt,
        box_twips,
        style.rules.gap_pt,
        BorderType::Single,
        style,
    )
}

/// A rule as [`rule`], `before_pt` below what precedes it, drawn as `border`.
fn rule_with(
    length_pt: f64,
    box_twips: u32,
    before_pt: f64,
    border: BorderType,
    style: &Style,
) -> Paragraph {
    let length = (length_pt * 20.0).round() as i32;
    let side = ((box_twips as i32 - length) / 2).max(0);
    let mut p = Paragraph::new()
        .style(RULE_STYLE)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(
            LineSpacing::new()
                .before(pt_to_twips(before_pt))
                .after(0)
                .line(240)
                .line_rule(LineSpacingType::Auto),
        )
        .add_run(Run::new());
    p.property = p.property.set_borders(
        docx_rs::ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(border)
                .size(((style.rules.thickness_pt * 8.0).round() as usize).max(2))
                .space(1),
        ),
    );
    p
}

/// The rule under the widest of `lines` set in `role`.
fn short_rule(
    lines: &[&str],
    role: &Role,
    fraction: f64,
    box_twips: u32,
    style: &Style,
) -> Paragraph {
    let w = lines
        .iter()
        .map(|l| text_width_pt(l, role.size_pt, role.bold))
        .fold(0.0, f64::max);
    rule(
        style.rule_pt(w, fraction, box_twips as f64 / 20.0),
        box_twips,
        style,
    )
}

/// A paragraph keeping the line breaks written in the text.
fn multiline(text: &str, role: &Role) -> Paragraph {
    let mut runs = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if i > 0 {
            runs.push(Run::new().add_break(docx_rs::BreakType::TextWrapping));
        }
        runs.push(run(l, role));
    }
    para(role, runs)
}

fn borderless(rows: Vec<TableRow>, grid: Vec<usize>) -> DTable {
    let total: usize = grid.iter().sum();
    DTable::without_borders(rows)
        .set_grid(grid)
        .layout(TableLayoutType::Fixed)
        .width(total, WidthType::Dxa)
        .indent(0)
}

pub(super) fn cell(width: u32, paragraphs: Vec<Paragraph>) -> TableCell {
    let mut c = TableCell::new()
        .width(width as usize, WidthType::Dxa)
        .vertical_align(VAlignType::Top);
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

/// Ô 2: the parent body, the issuing body and the rule under it.
fn issuer_paragraphs(doc: &Document, ctx: &Ctx) -> Vec<Paragraph> {
    let st = ctx.style;
    let r = &st.roles;
    let mut out = Vec::new();
    if let Some(p) = &doc.issuer.parent {
        for l in fit_lines(
            &p.to_uppercase(),
            r.issuer_parent.size_pt,
            false,
            st.left_col_cm,
        ) {
            out.push(line(&l, &r.issuer_parent));
        }
    }
    let lines = fit_lines(
        &doc.issuer.name.to_uppercase(),
        r.issuer_name.size_pt,
        true,
        st.left_col_cm,
    );
    for l in &lines {
        out.push(line(l, &r.issuer_name));
    }
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    out.push(short_rule(
        &refs,
        &r.issuer_name,
        st.rules.issuer,
        cm_to_twips(st.left_col_cm),
        st,
    ));
    out
}

/// Ô 1: quốc hiệu, tiêu ngữ and the rule as long as the tiêu ngữ.
fn national_paragraphs(ctx: &Ctx) -> Vec<Paragraph> {
    let st = ctx.style;
    let (r, l) = (&st.roles, &st.labels);
    vec![
        line(l.quoc_hieu, &r.quoc_hieu),
        line(l.tieu_ngu, &r.tieu_ngu),
        short_rule(
            &[l.tieu_ngu],
            &r.tieu_ngu,
            st.rules.motto,
            cm_to_twips(st.right_col_cm),
            st,
        ),
    ]
}

fn header_table(doc: &Document, ctx: &Ctx) -> DTable {
    let st = ctx.style;
    let r = &st.roles;
    let (left, right) = (cm_to_twips(st.left_col_cm), cm_to_twips(st.right_col_cm));
    let mut number = vec![line(&doc.number_line(), &r.number)];
    if doc.is_cong_van() {
        number.push(multiline(
            &format!("{} {}", st.labels.subject, doc.title),
            &r.subject,
        ));
    }
    let date = vec![line(&doc.date_line(), &r.date_line)];
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

fn blocks(blocks: &[Block], ctx: &Ctx) -> Vec<Item> {
    let r = &ctx.style.roles;
    let mut out = Vec::new();
    for b in blocks {
        let p = match b {
            Block::CanCu { text } => line(text, &r.can_cu),
            Block::Center { text, bold } => line(
                text,
                &Role {
                    bold: *bold,
                    ..r.center
                },
            ),
            Block::Article { label, text } => para(
                &r.article_label,
                vec![
                    run(label, &r.article_label),
                    run_in(&format!(" {text}"), &r.body, &r.article_label),
                ],
            ),
            Block::Heading { level, text } => {
                let role = match level {
                    0 | 1 => &r.heading1,
                    2 => &r.heading2,
                    _ => &r.heading3,
                };
                line(text, role)
            }
            Block::Paragraph { text } => line(text, &r.body),
            Block::Bullet { text } => line(&format!("- {text}"), &r.body),
            Block::Note { text } => line(text, &r.note),
            Block::Table(t) => {
                out.push(Item::T(super::table::data_table(t, ctx)));
                continue;
            }
            Block::Chart(c) => {
                // The title stays on the page of its picture, as in the PDF.
                out.push(Item::P(line(&c.title, &r.chart_title).keep_next(true)));
                super::chart::chart_items(c, ctx, &mut out);
                continue;
            }
        };
        out.push(Item::P(p));
    }
    out
}

/// An empty paragraph exactly `pt` high: a gap of the style table between two blocks.
fn spacer(pt: f64) -> Paragraph {
    Paragraph::new().style(SPACER_STYLE).line_spacing(
        LineSpacing::new()
            .before(0)
            .after(0)
            .line(pt_to_twips(pt) as i32)
            .line_rule(LineSpacingType::Exact),
    )
}

/// The body and the Nơi nhận / signature block, the body's last paragraph (when short
/// enough) kept on the page of the signature: whole, and with the next paragraph.
fn body_and_closing(body: &[Block], noi_nhan: &[String], sig: &Signature, ctx: &Ctx) -> Vec<Item> {
    let st = ctx.style;
    let kept = crate::doc::style::kept_with_signature(body, st);
    let mut out = blocks(&body[..body.len() - kept], ctx);
    for item in blocks(&body[body.len() - kept..], ctx) {
        out.push(match item {
            Item::P(p) => Item::P(p.keep_next(true).keep_lines(true)),
            other => other,
        });
    }
    out.push(Item::P(spacer(st.closing_before_pt).keep_next(true)));
    out.push(Item::T(closing(noi_nhan, sig, ctx)));
    out
}

/// Nơi nhận on the left, the signature on the right, kept on one page.
fn closing(noi_nhan: &[String], sig: &Signature, ctx: &Ctx) -> DTable {
    let st = ctx.style;
    let r = &st.roles;
    let (left, right) = (cm_to_twips(st.left_col_cm), cm_to_twips(st.right_col_cm));
    let mut l = Vec::new();
    if !noi_nhan.is_empty() {
        l.push(line(st.labels.noi_nhan, &r.noi_nhan_label));
        for e in noi_nhan {
            l.push(line(e, &r.noi_nhan));
        }
    } else {
        l.push(Paragraph::new().style(r.noi_nhan.style_id));
    }
    let mut right_col: Vec<Paragraph> = sig
        .lines
        .iter()
        .map(|t| line(t, &r.signature_title))
        .collect();
    if sig.name.trim().is_empty() {
        // No signer configured: the signing space, then a dotted line where the name
        // will be written (the PDF draws the same).
        right_col.push(rule_with(
            st.rules.signer_placeholder_cm / 2.54 * 72.0,
            right,
            r.signer_name.before_pt,
            BorderType::Dotted,
            st,
        ));
    } else {
        right_col.push(line(&sig.name, &r.signer_name));
    }
    borderless(
        vec![TableRow::new(vec![cell(left, l), cell(right, right_col)]).cant_split()],
        vec![left as usize, right as usize],
    )
}

pub(super) fn page_number_header(style: &Style) -> Header {
    Header::new().add_paragraph(
        Paragraph::new()
            .style(style.roles.page_number.style_id)
            .add_run(
                Run::new()
                    .add_field_char(FieldCharType::Begin, false)
                    .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                    .add_field_char(FieldCharType::Separate, false)
                    .add_text("2")
                    .add_field_char(FieldCharType::End, false),
            ),
    )
}

/// "Kính gửi: X", or "Kính gửi:" and one "- X" line per addressee.
fn recipients(doc: &Document, ctx: &Ctx) -> Vec<Item> {
    let (r, l) = (&ctx.style.roles, &ctx.style.labels);
    match doc.recipients.as_slice() {
        [] => Vec::new(),
        [one] => vec![Item::P(line(
            &format!("{} {one}", l.kinh_gui),
            &r.recipient_single,
        ))],
        many => {
            let mut out = vec![Item::P(line(l.kinh_gui, &r.recipients_label))];
            for x in many {
                out.push(Item::P(line(&format!("- {x}"), &r.recipient)));
            }
            out
        }
    }
}

/// The document itself: header, title, authority, Kính gửi, body, closing.
pub(super) fn main_items(doc: &Document, ctx: &Ctx) -> Vec<Item> {
    let st = ctx.style;
    let r = &st.roles;
    let mut main = Vec::new();
    if let Some(mark) = &doc.mark {
        main.push(Item::P(draft_mark(mark, &r.draft_mark, st)));
    }
    main.push(Item::T(header_table(doc, ctx)));
    if let Some(t) = doc.type_name() {
        main.push(Item::P(line(&t, &r.type_name)));
        main.push(Item::P(multiline(&doc.title, &r.title)));
        let lines: Vec<&str> = doc.title.lines().collect();
        main.push(Item::P(short_rule(
            &lines,
            &r.title,
            st.rules.title,
            ctx.text_width,
            st,
        )));
    }
    if let Some(a) = &doc.authority {
        main.push(Item::P(line(a, &r.authority)));
    }
    main.extend(recipients(doc, ctx));
    main.extend(body_and_closing(
        &doc.body,
        &doc.noi_nhan,
        &doc.signature,
        ctx,
    ));
    main
}

/// An appendix or attached document: its title block, body and signature.
pub(super) fn appendix_items(doc: &Document, a: &Appendix, ctx: &Ctx) -> Vec<Item> {
    let st = ctx.style;
    let r = &st.roles;
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
        out.push(Item::P(spacer(st.after_header_pt)));
    }
    if let Some(l) = &a.label {
        out.push(Item::P(line(l, &r.appendix_label)));
    }
    if let Some(k) = &a.kind {
        out.push(Item::P(line(k, &r.appendix_kind)));
    }
    out.push(Item::P(multiline(&a.title, &r.appendix_title)));
    if let Some(x) = &a.reference {
        out.push(Item::P(line(x, &r.appendix_reference)));
    }
    let lines: Vec<&str> = a.title.lines().collect();
    out.push(Item::P(short_rule(
        &lines,
        &r.appendix_title,
        st.rules.appendix_title,
        ctx.text_width,
        st,
    )));
    match &a.signature {
        Some(s) => out.extend(body_and_closing(&a.body, &[], s, ctx)),
        None => out.extend(blocks(&a.body, ctx)),
    }
    out
}
