//! The one document model every official document is composed into, and that both
//! writers render. It holds meaning (a heading of level 2, a table with its columns), never
//! point sizes: how a role looks is [`super::style`]'s business.
//!
//! The model follows Nghị định 30/2020/NĐ-CP: header (issuing body, số/ký hiệu, quốc
//! hiệu, tiêu ngữ, place and date), tên loại and trích yếu (or "V/v …" for a công văn),
//! body blocks, signature block, Nơi nhận, and appendices/attachments that may start a
//! landscape section.

use super::lines::title_lines;
use super::style;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Document kinds and their ký hiệu abbreviations (Nghị định 30/2020, Phụ lục III).
pub const KINDS: &[(&str, &str)] = &[
    ("Nghị quyết", "NQ"),
    ("Quyết định", "QĐ"),
    ("Chỉ thị", "CT"),
    ("Quy chế", "QC"),
    ("Quy định", "QyĐ"),
    ("Thông cáo", "TC"),
    ("Thông báo", "TB"),
    ("Hướng dẫn", "HD"),
    ("Chương trình", "CTr"),
    ("Kế hoạch", "KH"),
    ("Phương án", "PA"),
    ("Đề án", "ĐA"),
    ("Dự án", "DA"),
    ("Báo cáo", "BC"),
    ("Biên bản", "BB"),
    ("Tờ trình", "TTr"),
    ("Hợp đồng", "HĐ"),
    ("Công điện", "CĐ"),
    ("Bản ghi nhớ", "BGN"),
    ("Bản thỏa thuận", "BTT"),
    ("Giấy ủy quyền", "GUQ"),
    ("Giấy mời", "GM"),
    ("Giấy giới thiệu", "GGT"),
    ("Giấy nghỉ phép", "GNP"),
    ("Phiếu gửi", "PG"),
    ("Phiếu chuyển", "PC"),
    ("Phiếu báo", "PB"),
    ("Công văn", ""),
];

/// The body issuing the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issuer {
    /// Tên cơ quan chủ quản (e.g. "UBND TỈNH THÀNH NAM" above "SỞ NỘI VỤ").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Tên cơ quan ban hành ("ỦY BAN NHÂN DÂN TỈNH THÀNH NAM").
    pub name: String,
    /// Abbreviation in the ký hiệu ("UBND", "SNV").
    pub symbol: String,
    /// For a công văn: the drafting unit ("CCHC" in "…/SNV-CCHC").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Place name of the date line (the city or province, as in vanban.toml).
    pub place: String,
}

/// A signature block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// Quyền hạn and chức vụ lines: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"].
    pub lines: Vec<String>,
    /// Full name, or empty for a draft awaiting the signer.
    #[serde(default)]
    pub name: String,
}

/// Alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    #[default]
    Left,
    Center,
}

/// A table column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub title: String,
    /// Relative width.
    pub width: f64,
    #[serde(default)]
    pub align: Align,
}

impl Table {
    /// Widens column `index` so that its longest cell stands on one line — an agency's
    /// or a place's name is never broken ("huyện Thủy / Nguyên") — taking the room from
    /// the other columns in proportion, up to `max_share` of the table; the table is as
    /// wide as the text of a page (`landscape` or not).
    pub fn fit_column(&mut self, index: usize, landscape: bool, max_share: f64) {
        let st = style::standard();
        let page_mm = if landscape { 297.0 } else { 210.0 };
        let table_pt = (page_mm - st.margin_left_mm - st.margin_right_mm) / 25.4 * 72.0;
        let size = st.table_pt(self.text);
        let longest = self
            .rows
            .iter()
            .filter_map(|r| match r {
                Row::Cells { cells } => cells.get(index),
                _ => None,
            })
            .map(|c| style::text_width_pt(c, size, false))
            .fold(0.0, f64::max);
        let need = ((longest + 2.0 * st.table.inset_x_pt + 2.0) / table_pt).min(max_share);
        let total: f64 = self.columns.iter().map(|c| c.width).sum();
        let Some(col) = self.columns.get(index) else {
            return;
        };
        let others = total - col.width;
        if col.width / total >= need || others <= 0.0 || need >= 1.0 {
            return;
        }
        // The column's width w with w / (w + others) = need.
        self.columns[index].width = need * others / (1.0 - need);
    }
}

impl Column {
    pub fn new(title: impl Into<String>, width: f64, align: Align) -> Column {
        Column {
            title: title.into(),
            width,
            align,
        }
    }

    /// The "STT" (number) column.
    pub fn number() -> Column {
        Column::new("STT", 4.0, Align::Center)
    }
}

/// A table row: cells, or a heading row spanning every column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Row {
    Cells { cells: Vec<String> },
    Group { text: String },
    Subgroup { text: String },
}

/// A table with a header row that repeats on every page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// How large the cells' text is set, as a role of the style table: tables are
    /// often set smaller than the body.
    #[serde(default)]
    pub text: TableText,
}

/// The text roles of a table's cells (sizes in [`super::style::Style::table_pt`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableText {
    /// A table in running text.
    #[default]
    Normal,
    /// A catalogue annex (many columns of prose).
    Compact,
    /// A wide landscape table.
    Small,
    /// A table of figures with many columns.
    Smallest,
}

/// A horizontal bar chart, described once: the PDF writer draws it with Typst, the DOCX
/// writer embeds the same drawing as an image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BarChart {
    pub title: String,
    /// The end of the value axis (a field's or the index's maximum).
    pub max: f64,
    pub bars: Vec<Bar>,
    /// A value axis under the bars: ticks every `step`, with its caption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub axis: Option<Axis>,
    /// Vertical reference lines across the bars (the average, the bands' thresholds).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<RefLine>,
}

/// A chart's value axis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Axis {
    pub step: f64,
    /// "Chỉ số (%)".
    pub caption: String,
    /// Tick labels, one per step from 0 to the chart's maximum ("0", "10", …).
    pub ticks: Vec<String>,
}

/// A reference line: its value, its label ("Bình quân: 82,15"), and whether it is the
/// chart's emphasised line (the average) or a threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefLine {
    pub value: f64,
    pub label: String,
    pub emphasis: bool,
}

/// One bar: its label, its value and the value as printed ("86,52").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Block {
    /// A legal basis line ("Căn cứ …;"), italic, indented.
    CanCu {
        text: String,
    },
    /// A centred line ("QUYẾT ĐỊNH:"), bold unless said otherwise.
    Center {
        text: String,
        #[serde(default = "yes")]
        bold: bool,
    },
    /// "Điều 1. …": the label bold, the text regular on the same line.
    Article {
        label: String,
        text: String,
    },
    /// Heading: level 1 "I. MỤC ĐÍCH…" (bold), 2 "1. …" (bold), 3 "a) …" (italic).
    Heading {
        level: u8,
        text: String,
    },
    /// A justified paragraph with a first-line indent.
    Paragraph {
        text: String,
    },
    /// A "- " line.
    Bullet {
        text: String,
    },
    /// A note under a table or an annex ("Ghi chú: …"), italic and smaller.
    Note {
        text: String,
    },
    Table(Table),
    Chart(BarChart),
}

fn yes() -> bool {
    true
}

/// An appendix or an attached document (a Kế hoạch, a Danh mục, a Phụ lục).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appendix {
    /// "Phụ lục I" (own line, bold 14); none for an attached Kế hoạch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Type name in capitals ("KẾ HOẠCH", "DANH MỤC"); none for a Phụ lục.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Title (sentence case; printed bold).
    pub title: String,
    /// "(Ban hành kèm theo Quyết định số … ngày … của …)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Print the issuer's header (without Số and date) above the type name.
    #[serde(default)]
    pub issuer_header: bool,
    /// Landscape section (wide tables).
    #[serde(default)]
    pub landscape: bool,
    pub body: Vec<Block>,
    /// A signature block at the end of the appendix (the seed's Kế hoạch has one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

/// An official document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// "Quyết định", "Báo cáo", "Công văn"…
    pub kind: String,
    pub issuer: Issuer,
    /// The number; `None` for a draft (left blank for the văn thư).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// The date; `None` for a draft (day and month left blank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The year of a draft's date line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Trích yếu (for a công văn: the subject after "V/v").
    pub title: String,
    /// Authority line of a Quyết định ("ỦY BAN NHÂN DÂN TỈNH THÀNH NAM").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// "Kính gửi:" addressees.
    #[serde(default)]
    pub recipients: Vec<String>,
    pub body: Vec<Block>,
    pub signature: Signature,
    /// Nơi nhận entries, each written as it should print ("- Bộ Nội vụ;").
    #[serde(default)]
    pub noi_nhan: Vec<String>,
    #[serde(default)]
    pub appendices: Vec<Appendix>,
    /// The mark a draft carries until it is issued ("DỰ THẢO"; see
    /// [`super::Writers::draft_mark`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<String>,
}

impl Document {
    /// The ký hiệu abbreviation of the kind ("QĐ"), empty for a công văn.
    pub fn kind_abbreviation(&self) -> Option<&'static str> {
        let key = crate::text::fold(&self.kind);
        KINDS
            .iter()
            .find(|(k, _)| crate::text::fold(k) == key)
            .map(|(_, a)| *a)
    }

    pub fn is_cong_van(&self) -> bool {
        crate::text::fold(&self.kind) == "cong van"
    }

    /// "Số: 3472/QĐ-UBND", "Số: 05/SNV-CCHC", or for a draft "Số:      /QĐ-UBND".
    /// Numbers below 10 take a leading zero.
    pub fn number_line(&self) -> String {
        let symbol = if self.is_cong_van() {
            match &self.issuer.unit {
                Some(u) => format!("{}-{u}", self.issuer.symbol),
                None => self.issuer.symbol.clone(),
            }
        } else {
            let abbr = self.kind_abbreviation().unwrap_or("");
            format!("{abbr}-{}", self.issuer.symbol)
        };
        match self.number {
            Some(n) => format!("Số: {n:02}/{symbol}"),
            None => format!("Số:{}/{symbol}", "\u{00A0}".repeat(6)),
        }
    }

    /// "<place>, ngày 27 tháng 12 năm 2018"; a draft leaves day and month blank.
    pub fn date_line(&self) -> String {
        format!("{}, {}", self.issuer.place, self.date_words())
    }

    /// "ngày 27 tháng 12 năm 2018"; a draft leaves day and month blank ("ngày      tháng
    /// năm 2019"), and the year too when it has none.
    fn date_words(&self) -> String {
        match self.date {
            Some(d) => date_words(d),
            None => {
                let gap = "\u{00A0}".repeat(5);
                let year = self
                    .year
                    .map(|y| y.to_string())
                    .unwrap_or_else(|| gap.clone());
                format!("ngày{gap}tháng{gap}năm {year}")
            }
        }
    }

    /// The line under an annex's title naming the document it is attached to, in the
    /// decree's form: "(Kèm theo Báo cáo số 45/BC-UBND ngày 06 tháng 3 năm 2019 của Ủy
    /// ban nhân dân thành phố Hải Phòng)"; a draft leaves number, day and month blank
    /// ("số      /BC-UBND ngày      tháng      năm 2019").
    pub fn attached_to(&self) -> String {
        let number = self.number_line();
        let number = number.trim_start_matches("Số:").trim_start_matches(' ');
        let date = self.date_words();
        format!(
            "(Kèm theo {} số {number} {date} của {})",
            self.kind, self.issuer.name
        )
    }

    /// How the document is named in lists and file metadata: "Quyết định 3472/QĐ-UBND",
    /// "Công văn 05/SNV-CCHC", or for a draft "Báo cáo (dự thảo)".
    pub fn reference_title(&self) -> String {
        match self.number {
            Some(_) => format!(
                "{} {}",
                self.kind,
                self.number_line().trim_start_matches("Số:").trim()
            ),
            None => format!("{} (dự thảo)", self.kind),
        }
    }

    /// The type name printed above the trích yếu ("QUYẾT ĐỊNH"), none for a công văn.
    pub fn type_name(&self) -> Option<String> {
        (!self.is_cong_van()).then(|| self.kind.to_uppercase())
    }

    /// The document with `f` applied to its running text — title, authority,
    /// recipients, the paragraphs of the body and of the appendices, appendix titles and
    /// references — and not to table cells (a cell too narrow for an identifier may
    /// break it). The DOCX writer marks the hyphens of identifiers with it (see
    /// [`super::style::Style::identifier_pattern`]).
    pub fn with_running_text(&self, f: impl Fn(&str) -> String) -> Document {
        let mut d = self.clone();
        d.title = f(&d.title);
        d.authority = d.authority.as_deref().map(&f);
        d.recipients = d.recipients.iter().map(|r| f(r)).collect();
        map_blocks(&mut d.body, &f);
        for a in &mut d.appendices {
            a.title = f(&a.title);
            a.reference = a.reference.as_deref().map(&f);
            map_blocks(&mut a.body, &f);
        }
        d
    }

    /// The document with its titles broken into lines as a drafter breaks them (see
    /// [`title_lines`]): the trích yếu within the text width (a công văn's "V/v …" within
    /// the header's left column), each annex title within its page. Both writers print
    /// this copy, so the DOCX and the PDF break a title at the same words.
    pub fn with_title_lines(&self) -> Document {
        let st = style::standard();
        let text_width = |landscape: bool| {
            let page = if landscape { 297.0 } else { 210.0 };
            (page - st.margin_left_mm - st.margin_right_mm) / 25.4 * 72.0
        };
        let mut d = self.clone();
        if self.is_cong_van() {
            let r = &st.roles.subject;
            let prefix = format!("{} ", st.labels.subject);
            let width = st.left_col_cm / 2.54 * 72.0 - 8.0;
            let lines = title_lines(&(prefix.clone() + &d.title), r.size_pt, r.bold, width);
            d.title = lines.strip_prefix(&prefix).unwrap_or(&lines).to_string();
        } else {
            let r = &st.roles.title;
            d.title = title_lines(&d.title, r.size_pt, r.bold, text_width(false));
        }
        let r = &st.roles.appendix_title;
        for a in &mut d.appendices {
            a.title = title_lines(&a.title, r.size_pt, r.bold, text_width(a.landscape));
        }
        d
    }

    /// Every text of the document in reading order, one entry per paragraph: what both
    /// writers must print (used to prove they agree).
    pub fn paragraphs(&self) -> Vec<String> {
        let labels = &style::standard().labels;
        let mut out = Vec::new();
        let mut push = |s: &str| {
            let s = crate::text::clean(s);
            if !s.is_empty() {
                out.push(s);
            }
        };
        if let Some(p) = &self.issuer.parent {
            push(&p.to_uppercase());
        }
        push(&self.issuer.name.to_uppercase());
        push(labels.quoc_hieu);
        push(labels.tieu_ngu);
        push(&self.number_line());
        if self.is_cong_van() {
            push(&format!("{} {}", labels.subject, self.title));
        }
        push(&self.date_line());
        if let Some(t) = self.type_name() {
            push(&t);
            push(&self.title);
        }
        if let Some(a) = &self.authority {
            push(a);
        }
        match self.recipients.as_slice() {
            [] => {}
            [one] => push(&format!("{} {one}", labels.kinh_gui)),
            many => {
                push(labels.kinh_gui);
                for r in many {
                    push(&format!("- {r}"));
                }
            }
        }
        blocks_paragraphs(&self.body, &mut push);
        push(labels.noi_nhan);
        for n in &self.noi_nhan {
            push(n);
        }
        for l in &self.signature.lines {
            push(l);
        }
        push(&self.signature.name);
        for a in &self.appendices {
            if a.issuer_header {
                if let Some(p) = &self.issuer.parent {
                    push(&p.to_uppercase());
                }
                push(&self.issuer.name.to_uppercase());
                push(labels.quoc_hieu);
                push(labels.tieu_ngu);
            }
            if let Some(l) = &a.label {
                push(l);
            }
            if let Some(k) = &a.kind {
                push(k);
            }
            push(&a.title);
            if let Some(r) = &a.reference {
                push(r);
            }
            blocks_paragraphs(&a.body, &mut push);
            if let Some(s) = &a.signature {
                for l in &s.lines {
                    push(l);
                }
                push(&s.name);
            }
        }
        out
    }
}

fn map_blocks(blocks: &mut [Block], f: &impl Fn(&str) -> String) {
    for b in blocks {
        match b {
            Block::CanCu { text }
            | Block::Paragraph { text }
            | Block::Bullet { text }
            | Block::Note { text }
            | Block::Heading { text, .. }
            | Block::Center { text, .. }
            | Block::Article { text, .. } => *text = f(text),
            Block::Table(_) | Block::Chart(_) => {}
        }
    }
}

fn blocks_paragraphs(blocks: &[Block], push: &mut impl FnMut(&str)) {
    for b in blocks {
        match b {
            Block::CanCu { text }
            | Block::Paragraph { text }
            | Block::Note { text }
            | Block::Center { text, .. } => push(text),
            Block::Heading { text, .. } => push(text),
            Block::Bullet { text } => push(&format!("- {text}")),
            Block::Article { label, text } => push(&format!("{label} {text}")),
            Block::Table(t) => {
                for c in &t.columns {
                    push(&c.title);
                }
                for r in &t.rows {
                    match r {
                        Row::Cells { cells } => cells.iter().for_each(|c| push(c)),
                        Row::Group { text } | Row::Subgroup { text } => push(text),
                    }
                }
            }
            Block::Chart(c) => {
                push(&c.title);
                for b in &c.bars {
                    push(&b.label);
                    push(&b.text);
                }
            }
        }
    }
}

/// The writers' filter of characters no XML can hold (kept here for `doc::printable`).
pub use crate::text::printable;

/// "ngày 05 tháng 01 năm 2019": day below 10 and months 1 and 2 with a leading zero.
pub fn date_words(d: NaiveDate) -> String {
    use chrono::Datelike;
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
}

/// A plain document of `kind` with no text, for the tests of the crate's rooms.
#[cfg(test)]
pub(crate) fn test_document(kind: &str) -> Document {
    Document {
        kind: kind.into(),
        issuer: Issuer {
            parent: None,
            name: "ỦY BAN NHÂN DÂN TỈNH THÀNH NAM".into(),
            symbol: "UBND".into(),
            unit: Some("VX".into()),
            place: "Thành Nam".into(),
        },
        number: Some(5),
        date: NaiveDate::from_ymd_opt(2019, 1, 5),
        year: None,
        title: "t".into(),
        authority: None,
        recipients: vec![],
        body: vec![],
        signature: Signature {
            lines: vec![],
            name: String::new(),
        },
        noi_nhan: vec![],
        appendices: vec![],
        mark: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::lines::fit_lines;

    fn doc(kind: &str) -> Document {
        test_document(kind)
    }

    #[test]
    fn number_and_date_lines() {
        let d = doc("Quyết định");
        assert_eq!(d.number_line(), "Số: 05/QĐ-UBND");
        assert_eq!(d.date_line(), "Thành Nam, ngày 05 tháng 01 năm 2019");
        let c = doc("Công văn");
        assert_eq!(c.number_line(), "Số: 05/UBND-VX");
        let mut draft = doc("Báo cáo");
        draft.number = None;
        draft.date = None;
        draft.year = Some(2019);
        assert_eq!(
            draft.number_line(),
            "Số:\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}/BC-UBND"
        );
        assert!(draft.date_line().ends_with("năm 2019"));
        assert_eq!(
            date_words(NaiveDate::from_ymd_opt(2018, 12, 27).unwrap()),
            "ngày 27 tháng 12 năm 2018"
        );
        assert_eq!(
            date_words(NaiveDate::from_ymd_opt(2019, 3, 4).unwrap()),
            "ngày 04 tháng 3 năm 2019"
        );
    }

    #[test]
    fn issuer_lines() {
        assert_eq!(
            fit_lines("ỦY BAN NHÂN DÂN TỈNH THÀNH NAM", 13.0, true, 6.5),
            ["ỦY BAN NHÂN DÂN", "TỈNH THÀNH NAM"]
        );
        assert_eq!(fit_lines("SỞ NỘI VỤ", 13.0, true, 6.5), ["SỞ NỘI VỤ"]);
    }

    #[test]
    fn printable_strips_controls() {
        assert_eq!(printable("a\u{0001}b\u{FFFF}c\nd"), "abc\nd");
    }
}
