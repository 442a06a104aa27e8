//! The style table: how each role of a document looks — size, weight, alignment,
//! spacing, indents, rules — chosen within Nghị định 30/2020 (see README, "Document
//! format"). Both writers take every number from here: the DOCX writer directly, the
//! Typst template through the data it receives. Composers name roles (a heading, a
//! table of figures), never sizes; a change here changes both documents alike.

use super::model::TableText;
use serde::Serialize;

pub use super::units::{cm_to_twips, half_points, mm_to_twips, pt_to_twips, text_width_pt};

/// Horizontal alignment of a role's paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    Center,
    Justify,
    Right,
}

/// How one kind of line looks.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Role {
    /// The Word style that carries this role in the DOCX ("VbBody"), and its name as a
    /// clerk sees it in Word's style list ("VB Nội dung").
    pub style_id: &'static str,
    pub style_name: &'static str,
    pub size_pt: f64,
    pub bold: bool,
    pub italic: bool,
    pub align: Align,
    /// Space above the paragraph.
    pub before_pt: f64,
    /// Space below the paragraph.
    pub after_pt: f64,
    /// Line spacing, as a multiple of single spacing.
    pub line: f64,
    /// First-line indent.
    pub first_indent_cm: f64,
    /// Indent of the whole paragraph from the left margin.
    pub left_indent_cm: f64,
    /// Never the last line of a page: kept with the paragraph that follows (headings).
    pub keep_with_next: bool,
}

impl Role {
    /// A centred line of `size_pt`, single-spaced, no space around it.
    const fn center(size_pt: f64, bold: bool, italic: bool) -> Role {
        Role {
            style_id: "",
            style_name: "",
            size_pt,
            bold,
            italic,
            align: Align::Center,
            before_pt: 0.0,
            after_pt: 0.0,
            line: 1.0,
            first_indent_cm: 0.0,
            left_indent_cm: 0.0,
            keep_with_next: false,
        }
    }

    /// A left-aligned line, single-spaced.
    const fn left(size_pt: f64, bold: bool, italic: bool) -> Role {
        Role {
            align: Align::Left,
            ..Role::center(size_pt, bold, italic)
        }
    }

    /// Names the Word style of the role.
    const fn named(mut self, id: &'static str, name: &'static str) -> Role {
        self.style_id = id;
        self.style_name = name;
        self
    }

    const fn before(mut self, pt: f64) -> Role {
        self.before_pt = pt;
        self
    }

    const fn after(mut self, pt: f64) -> Role {
        self.after_pt = pt;
        self
    }

    const fn indent(mut self, cm: f64) -> Role {
        self.left_indent_cm = cm;
        self
    }
}

/// Every role of an official document.
#[derive(Debug, Clone, Serialize)]
pub struct Roles {
    /// Tên cơ quan chủ quản (above the issuer; upright).
    pub issuer_parent: Role,
    /// Tên cơ quan ban hành (bold).
    pub issuer_name: Role,
    pub quoc_hieu: Role,
    pub tieu_ngu: Role,
    /// "Số: …/QĐ-UBND".
    pub number: Role,
    /// "V/v …" of a công văn, under the number.
    pub subject: Role,
    /// "<place>, ngày … tháng … năm …" (italic).
    pub date_line: Role,
    /// Tên loại ("QUYẾT ĐỊNH").
    pub type_name: Role,
    /// Trích yếu, under the tên loại.
    pub title: Role,
    /// The authority line of a Quyết định.
    pub authority: Role,
    /// "Kính gửi: X" (one addressee).
    pub recipient_single: Role,
    /// "Kính gửi:" above several addressees.
    pub recipients_label: Role,
    /// "- X;" under "Kính gửi:".
    pub recipient: Role,
    /// Body text (justified, first-line indent).
    pub body: Role,
    /// "Căn cứ …;" (italic).
    pub can_cu: Role,
    /// A centred body line ("QUYẾT ĐỊNH:").
    pub center: Role,
    /// "Điều 1." label (the text after it is `body`).
    pub article_label: Role,
    /// "I. …", "1. …", "a) …".
    pub heading1: Role,
    pub heading2: Role,
    pub heading3: Role,
    /// Table header row and group rows (size from [`Style::table_pt`]).
    pub table_header: Role,
    pub table_cell: Role,
    pub table_group: Role,
    pub table_subgroup: Role,
    /// "Nơi nhận:" (bold italic) and its entries.
    pub noi_nhan_label: Role,
    pub noi_nhan: Role,
    /// Quyền hạn, chức vụ of the signer (bold).
    pub signature_title: Role,
    /// The signer's name, below the space for signature and seal.
    pub signer_name: Role,
    /// Page number in the top margin (from page 2).
    pub page_number: Role,
    /// "Phụ lục I".
    pub appendix_label: Role,
    /// "KẾ HOẠCH" of an attached document.
    pub appendix_kind: Role,
    pub appendix_title: Role,
    /// "(Kèm theo …)" (italic).
    pub appendix_reference: Role,
    /// A chart's title (bold, centred, space above).
    pub chart_title: Role,
    /// A note under a table ("Ghi chú: …"): italic, smaller.
    pub note: Role,
    /// The "DỰ THẢO" mark of a draft that has no number yet, boxed, top right of the
    /// first page (issuing removes it).
    pub draft_mark: Role,
}

/// The short rules under the issuer, the tiêu ngữ and the titles: a fraction of the
/// text's width, within limits.
#[derive(Debug, Clone, Serialize)]
pub struct Rules {
    /// Line thickness (0.5–0.75 pt).
    pub thickness_pt: f64,
    /// Under the issuer's name: ≈ 1/3 to 1/2 of the name.
    pub issuer: f64,
    /// Under the tiêu ngữ: as long as it.
    pub motto: f64,
    /// Under the trích yếu.
    pub title: f64,
    /// Under an appendix title.
    pub appendix_title: f64,
    /// No rule shorter than this.
    pub min_cm: f64,
    /// Text wider than this counts as this wide (a landscape title).
    pub max_text_cm: f64,
    /// Space between a text and its rule.
    pub gap_pt: f64,
    /// The dotted line standing where the signer's name goes while none is configured:
    /// the signing space stays visible, and no placeholder text enters the document.
    pub signer_placeholder_cm: f64,
}

/// Table lines and cell padding; the cells' text sizes per [`TableText`].
#[derive(Debug, Clone, Serialize)]
pub struct TableStyle {
    pub stroke_pt: f64,
    pub inset_x_pt: f64,
    pub inset_y_pt: f64,
    /// Space above and below a table.
    pub around_pt: f64,
    pub normal_pt: f64,
    pub compact_pt: f64,
    pub small_pt: f64,
    pub smallest_pt: f64,
}

/// A bar chart: the bars' height and gap, their colour and the reference lines', the
/// label and value size, and the resolution of its image in a DOCX.
#[derive(Debug, Clone, Serialize)]
pub struct ChartStyle {
    pub bar_pt: f64,
    pub gap_pt: f64,
    /// "#rrggbb".
    pub bar_color: &'static str,
    /// The average's line and label (dashed, bold), and the bands' thresholds (dotted).
    pub average_color: &'static str,
    pub band_color: &'static str,
    pub text_pt: f64,
    /// Pixels per point of the image a DOCX embeds.
    pub image_px_per_pt: f64,
}

/// The fixed texts of the format (Nghị định 30/2020, Phụ lục I).
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    pub quoc_hieu: &'static str,
    pub tieu_ngu: &'static str,
    pub kinh_gui: &'static str,
    pub noi_nhan: &'static str,
    /// "V/v" before a công văn's subject.
    pub subject: &'static str,
}

/// Page, type and layout settings of an official document.
#[derive(Debug, Clone, Serialize)]
pub struct Style {
    /// Margins in millimetres: top 20, bottom 20, left 30, right 15 (text width 165 mm).
    /// Landscape sections turn them with the page (binding edge left).
    pub margin_top_mm: f64,
    pub margin_bottom_mm: f64,
    pub margin_left_mm: f64,
    pub margin_right_mm: f64,
    /// Distance of the page number from the top edge of the page.
    pub header_cm: f64,
    /// Fonts, in order of preference; the last is embedded in the binary.
    pub fonts: Vec<String>,
    /// Height of a single-spaced line of the fonts, in em (Times New Roman and its
    /// metric twin Liberation Serif: ascent + descent + line gap = 1.149): what Word and
    /// LibreOffice call one line. The PDF sets its leading from it so that a role's
    /// line spacing means the same in both formats.
    pub font_line_em: f64,
    /// Height of the glyph box Typst measures lines from (the OS/2 typographic ascender
    /// and descender: 0.693 + 0.216 = 0.909 em).
    pub font_box_em: f64,
    /// Header and signature table columns (left ≈ 40 %, right ≈ 60 % of 16.5 cm).
    pub left_col_cm: f64,
    pub right_col_cm: f64,
    /// Space between the header block and an attached document's type name.
    pub after_header_pt: f64,
    /// Space above the Nơi nhận / signature block.
    pub closing_before_pt: f64,
    /// A last paragraph of the body up to this many characters travels with the
    /// signature block to the next page (so the signature never stands alone).
    pub keep_with_signature_chars: usize,
    /// About how many characters of body text fill a line (16.5 cm at 14 pt).
    pub chars_per_line: usize,
    /// A table row whose text is longer than this may split across pages (it could be
    /// taller than a page); shorter rows never split.
    pub row_split_chars: usize,
    /// An identifier of running text that never breaks at a line end: a number and
    /// symbol ("3472/QĐ-UBND", "58-CTr/TU"), a period ("I/2019"), a date ("27/12/2018").
    /// A run of letters and digits joined by "/" or "-", one of its parts holding a
    /// digit. Both writers keep a match whole by layout, not by characters in the text
    /// (the PDF in a Typst box, the DOCX with Word's non-breaking hyphen; Word never
    /// breaks at "/"), so that search, copy and archives read the text as typed.
    pub identifier_pattern: &'static str,
    pub rules: Rules,
    pub table: TableStyle,
    pub chart: ChartStyle,
    pub roles: Roles,
    pub labels: Labels,
}

impl Roles {
    /// The roles of the format, sizes after the decree (body 14 pt, header 13 pt).
    fn standard() -> Roles {
        Self::with_body_line(1.1)
    }

    /// The roles with the body's line spacing (in lines) given.
    fn with_body_line(line: f64) -> Roles {
        let body = Role {
            style_id: "",
            style_name: "",
            size_pt: BODY,
            bold: false,
            italic: false,
            align: Align::Justify,
            before_pt: 6.0,
            after_pt: 0.0,
            line,
            first_indent_cm: 1.0,
            left_indent_cm: 0.0,
            keep_with_next: false,
        };
        let bold = Role { bold: true, ..body };
        let italic = Role {
            italic: true,
            ..body
        };
        let heading = |r: Role| Role {
            keep_with_next: true,
            ..r
        };
        Roles {
            issuer_parent: Role::center(HEADER, false, false)
                .named("VbIssuerParent", "VB Cơ quan chủ quản"),
            issuer_name: Role::center(HEADER, true, false).named("VbIssuer", "VB Cơ quan ban hành"),
            quoc_hieu: Role::center(HEADER, true, false).named("VbQuocHieu", "VB Quốc hiệu"),
            tieu_ngu: Role::center(BODY, true, false).named("VbTieuNgu", "VB Tiêu ngữ"),
            number: Role::center(HEADER, false, false)
                .before(6.0)
                .named("VbNumber", "VB Số, ký hiệu"),
            subject: Role::center(HEADER, false, false)
                .before(6.0)
                .named("VbSubject", "VB Trích yếu công văn"),
            date_line: Role::center(BODY, false, true)
                .before(6.0)
                .named("VbDateLine", "VB Địa danh, ngày tháng"),
            // Space below, so the capitals' accents of the trích yếu never touch it.
            type_name: Role::center(BODY, true, false)
                .before(12.0)
                .after(3.0)
                .named("VbTypeName", "VB Tên loại"),
            title: Role::center(BODY, true, false).named("VbTitle", "VB Trích yếu"),
            authority: Role::center(BODY, true, false)
                .before(6.0)
                .after(6.0)
                .named("VbAuthority", "VB Thẩm quyền ban hành"),
            recipient_single: Role::center(BODY, false, false)
                .before(12.0)
                .after(6.0)
                .named("VbRecipient", "VB Kính gửi"),
            recipients_label: Role::left(BODY, false, false)
                .before(12.0)
                .indent(3.5)
                .named("VbRecipientsLabel", "VB Kính gửi (nhiều nơi)"),
            recipient: Role::left(BODY, false, false)
                .indent(4.5)
                .named("VbRecipientItem", "VB Nơi được gửi"),
            body: body.named("VbBody", "VB Nội dung"),
            can_cu: italic.named("VbCanCu", "VB Căn cứ"),
            center: Role::center(BODY, true, false)
                .before(6.0)
                .named("VbCenter", "VB Dòng giữa"),
            article_label: bold.named("VbArticle", "VB Điều"),
            heading1: heading(bold).named("VbHeading1", "VB Đề mục 1"),
            heading2: heading(bold).named("VbHeading2", "VB Đề mục 2"),
            heading3: heading(italic).named("VbHeading3", "VB Đề mục 3"),
            table_header: Role::center(12.0, true, false).named("VbTableHeader", "VB Tiêu đề bảng"),
            table_cell: Role::left(12.0, false, false).named("VbTableCell", "VB Ô bảng"),
            // A group's heading row never ends a page: kept with the row that follows.
            table_group: heading(Role::left(12.0, true, false))
                .named("VbTableGroup", "VB Nhóm trong bảng"),
            table_subgroup: heading(Role::left(12.0, true, true))
                .named("VbTableSubgroup", "VB Nhóm con trong bảng"),
            noi_nhan_label: Role::left(12.0, true, true).named("VbNoiNhanLabel", "VB Nơi nhận"),
            noi_nhan: Role::left(11.0, false, false).named("VbNoiNhan", "VB Nơi nhận (mục)"),
            signature_title: Role::center(BODY, true, false)
                .named("VbSignatureTitle", "VB Quyền hạn, chức vụ người ký"),
            signer_name: Role::center(BODY, true, false)
                .before(80.0)
                .named("VbSigner", "VB Họ tên người ký"),
            page_number: Role::center(HEADER, false, false).named("VbPageNumber", "VB Số trang"),
            // Space below, so the accents of a capitalised title never touch it.
            appendix_label: Role::center(BODY, true, false)
                .after(3.0)
                .named("VbAppendixLabel", "VB Phụ lục"),
            appendix_kind: Role::center(BODY, true, false)
                .named("VbAppendixKind", "VB Tên loại văn bản kèm theo"),
            appendix_title: Role::center(BODY, true, false)
                .named("VbAppendixTitle", "VB Tiêu đề phụ lục"),
            // Space above, so a capitalised title's accents never touch it.
            appendix_reference: Role::center(BODY, false, true)
                .before(3.0)
                .named("VbAppendixReference", "VB Kèm theo"),
            chart_title: Role::center(BODY, true, false)
                .before(12.0)
                .after(6.0)
                .named("VbChartTitle", "VB Tiêu đề biểu đồ"),
            note: Role::left(12.0, false, true)
                .before(3.0)
                .named("VbNote", "VB Ghi chú"),
            draft_mark: Role {
                align: Align::Right,
                after_pt: 6.0,
                ..Role::center(13.0, true, false)
            }
            .named("VbDraftMark", "VB Dấu dự thảo"),
        }
    }
}

/// Body size (13–14 pt) and the header size (13 pt with a 14 pt body).
const BODY: f64 = 14.0;
const HEADER: f64 = 13.0;

impl Default for Style {
    fn default() -> Self {
        Style {
            margin_top_mm: 20.0,
            margin_bottom_mm: 20.0,
            margin_left_mm: 30.0,
            margin_right_mm: 15.0,
            header_cm: 1.0,
            fonts: vec![
                "Times New Roman".into(),
                "Liberation Serif".into(),
                crate::fonts::SYMBOL_FAMILY.into(),
            ],
            font_line_em: 1.149,
            font_box_em: 0.909,
            left_col_cm: 6.5,
            right_col_cm: 10.0,
            after_header_pt: 12.0,
            closing_before_pt: 8.0,
            keep_with_signature_chars: 600,
            row_split_chars: 2500,
            identifier_pattern: super::lines::IDENTIFIER,
            chars_per_line: 80,
            rules: Rules {
                thickness_pt: 0.6,
                issuer: 0.4,
                motto: 1.0,
                title: 0.4,
                appendix_title: 0.3,
                min_cm: 2.0,
                max_text_cm: 16.5,
                gap_pt: 2.0,
                signer_placeholder_cm: 4.5,
            },
            table: TableStyle {
                stroke_pt: 0.5,
                inset_x_pt: 4.0,
                inset_y_pt: 3.0,
                around_pt: 4.0,
                normal_pt: 12.0,
                compact_pt: 11.0,
                small_pt: 10.0,
                smallest_pt: 9.0,
            },
            chart: ChartStyle {
                bar_pt: 9.0,
                gap_pt: 3.0,
                bar_color: "#3b5b92",
                average_color: "#c0392b",
                band_color: "#4d4d4d",
                text_pt: 10.0,
                image_px_per_pt: 3.0,
            },
            roles: Roles::standard(),
            labels: Labels {
                quoc_hieu: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                tieu_ngu: "Độc lập - Tự do - Hạnh phúc",
                kinh_gui: "Kính gửi:",
                noi_nhan: "Nơi nhận:",
                subject: "V/v",
            },
        }
    }
}

impl Roles {
    /// Every role, each with its Word style.
    pub fn all(&self) -> Vec<&Role> {
        vec![
            &self.issuer_parent,
            &self.issuer_name,
            &self.quoc_hieu,
            &self.tieu_ngu,
            &self.number,
            &self.subject,
            &self.date_line,
            &self.type_name,
            &self.title,
            &self.authority,
            &self.recipient_single,
            &self.recipients_label,
            &self.recipient,
            &self.body,
            &self.can_cu,
            &self.center,
            &self.article_label,
            &self.heading1,
            &self.heading2,
            &self.heading3,
            &self.table_header,
            &self.table_cell,
            &self.table_group,
            &self.table_subgroup,
            &self.noi_nhan_label,
            &self.noi_nhan,
            &self.signature_title,
            &self.signer_name,
            &self.page_number,
            &self.appendix_label,
            &self.appendix_kind,
            &self.appendix_title,
            &self.appendix_reference,
            &self.chart_title,
            &self.note,
            &self.draft_mark,
        ]
    }

    /// The role whose Word style has this id.
    pub fn by_style(&self, id: &str) -> Option<&Role> {
        self.all().into_iter().find(|r| r.style_id == id)
    }
}

/// How many blocks at the end of a body travel with the signature block: the last
/// paragraph (when it is not too long to keep whole), and the one before it too when
/// the last is a single line — so at least two lines of the body stand above the
/// signature. Headings, tables and long paragraphs stop the count.
pub fn kept_with_signature(body: &[super::model::Block], style: &Style) -> usize {
    use super::model::Block;
    let keepable = |b: &Block| match b {
        Block::Paragraph { text }
        | Block::Bullet { text }
        | Block::CanCu { text }
        | Block::Article { text, .. } => {
            let n = text.chars().count();
            (n <= style.keep_with_signature_chars).then_some(n)
        }
        _ => None,
    };
    match body {
        [.., before, last] => match (keepable(before), keepable(last)) {
            (Some(_), Some(n)) if n <= style.chars_per_line => 2,
            (_, Some(_)) => 1,
            _ => 0,
        },
        [last] => usize::from(keepable(last).is_some()),
        [] => 0,
    }
}

/// The default style table, built once: what the writers compare a role with to know
/// what a paragraph must say beyond its Word style.
pub fn standard() -> &'static Style {
    static STYLE: std::sync::OnceLock<Style> = std::sync::OnceLock::new();
    STYLE.get_or_init(Style::default)
}

impl Style {
    /// The style with single line spacing in the body (Nghị định 30's minimum, as
    /// against 1.1 lines): what a drafter does to keep a one-page document on its page.
    pub fn single_spaced(&self) -> Style {
        Style {
            roles: Roles::with_body_line(1.0),
            ..self.clone()
        }
    }

    /// The size of a table's cells.
    pub fn table_pt(&self, text: TableText) -> f64 {
        match text {
            TableText::Normal => self.table.normal_pt,
            TableText::Compact => self.table.compact_pt,
            TableText::Small => self.table.small_pt,
            TableText::Smallest => self.table.smallest_pt,
        }
    }

    /// The length of a short rule under a text `text_pt` wide, within a box `box_pt`
    /// wide: `fraction` of the text (counted at most `max_text_cm`), at least `min_cm`.
    pub fn rule_pt(&self, text_pt: f64, fraction: f64, box_pt: f64) -> f64 {
        let max = self.rules.max_text_cm / 2.54 * 72.0;
        (text_pt.min(box_pt).min(max) * fraction).max(self.rules.min_cm / 2.54 * 72.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_times_metrics() {
        // Tiêu ngữ bold: 5.61 cm at 13 pt (spec §2.3), i.e. about 159 pt.
        let w = text_width_pt("Độc lập - Tự do - Hạnh phúc", 13.0, true);
        assert!((w - 159.0).abs() < 3.0, "{w}");
    }

    #[test]
    fn units() {
        assert_eq!(mm_to_twips(210.0), 11906);
        assert_eq!(mm_to_twips(297.0), 16838);
        assert_eq!(cm_to_twips(1.0), 567);
        assert_eq!(half_points(13.0), 26);
    }

    #[test]
    fn every_role_has_its_own_word_style() {
        let s = Style::default();
        let ids: std::collections::BTreeSet<&str> =
            s.roles.all().iter().map(|r| r.style_id).collect();
        assert_eq!(ids.len(), s.roles.all().len(), "one style per role");
        assert!(
            s.roles
                .all()
                .iter()
                .all(|r| r.style_name.starts_with("VB "))
        );
    }

    #[test]
    fn rules_are_bounded() {
        let s = Style::default();
        let cm = |pt: f64| pt / 72.0 * 2.54;
        // Never under 2 cm, and a landscape title counts as 16.5 cm at most.
        assert!((cm(s.rule_pt(10.0, 0.4, 1000.0)) - 2.0).abs() < 1e-9);
        assert!((cm(s.rule_pt(2000.0, 0.3, 2000.0)) - 16.5 * 0.3).abs() < 1e-9);
    }
}
