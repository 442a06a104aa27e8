//! Official documents: the QĐ 3472 reproduction read back from the PDF, DOCX/PDF
//! agreement, the format rules read back from the DOCX XML, LibreOffice conversion, and
//! the injection corpus.

use crate::common::*;
use regex::Regex;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use vanban::doc::pdf::PdfWriter;
use vanban::doc::{Block, Document, Issuer, Row, Signature, Table};

fn registry() -> vanban::Registry {
    vanban::Registry::load(&root().join("inputs/co-quan.toml")).unwrap()
}

fn qd3472() -> Document {
    let spec_path = root().join("inputs/quyet-dinh/qd-3472-2018.toml");
    let spec = vanban::read::spec::DecisionSpec::load(&spec_path).unwrap();
    spec.compose(spec_path.parent().unwrap(), &registry())
        .unwrap()
}

fn tool(name: &str) -> bool {
    Command::new(name).arg("-v").output().is_ok()
}

/// `pdftotext -raw` of a PDF (pages separated by form feeds);
/// `None` when poppler is absent.
fn pdftotext_raw(pdf: &[u8], dir: &Path, what: &str) -> Option<String> {
    if !tool("pdftotext") {
        eprintln!("pdftotext (poppler-utils) absent: skipping the {what}");
        return None;
    }
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    Some(String::from_utf8(out.stdout).unwrap())
}

/// Text of a PDF in content order, without the page numbers of the top margin (they
/// stand on lines of their own).
pub(crate) fn pdf_text(pdf: &[u8], dir: &Path) -> Option<String> {
    let text = pdftotext_raw(pdf, dir, "PDF text check")?;
    Some(
        text.lines()
            .filter(|l| {
                let t = l.trim();
                !(!t.is_empty() && t.len() <= 2 && t.chars().all(|c| c.is_ascii_digit()))
            })
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Whitespace collapsed.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asserts that every fragment occurs in `text`, in order. Whitespace is ignored
/// altogether: a PDF line may break after "/" inside "58-CTr/TU", which text
/// extraction returns as a space.
fn assert_in_order(text: &str, fragments: &[String], what: &str) {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let text = squeeze(text);
    let mut pos = 0;
    for f in fragments {
        let f = squeeze(f);
        if f.is_empty() {
            continue;
        }
        match text[pos..].find(&f) {
            Some(i) => pos += i + f.len(),
            None => {
                let found_anywhere = text.contains(&f);
                panic!(
                    "{what}: not found{} after offset {pos}: {f:?}",
                    if found_anywhere { " in order" } else { "" }
                );
            }
        }
    }
}

/// A line of the committed seed without its conversion's markup (#, *, <b>, <i>).
fn seed_line(l: &str) -> String {
    let l = Regex::new(r"^#+\s*")
        .unwrap()
        .replace(l.trim(), "")
        .to_string();
    let l = Regex::new(r"</?[bi]>")
        .unwrap()
        .replace_all(&l, "")
        .to_string();
    l.replace("**", "").replace('*', "").trim().to_string()
}

/// The seed's decision, plan and annex text, in order, from the committed copy of the
/// seed (`tests/fixtures/seed/`). Markup of the seed's conversion (#, *, <b>, tabs) is
/// removed; the header lines (Số, date, title) are compared separately because the
/// layout rules reshape them ("Số: 3472 /QĐ-UBND" is printed "Số: 3472/QĐ-UBND").
fn seed_fragments() -> Vec<String> {
    let seed =
        std::fs::read_to_string(root().join("tests/fixtures/seed/qd-3472-2018.txt")).unwrap();
    let strip = seed_line;
    let lines: Vec<&str> = seed.lines().collect();
    let mut out = Vec::new();
    // Decision body: from the first căn cứ to "Lưu: VT." of its Nơi nhận.
    let start = lines
        .iter()
        .position(|l| l.starts_with("Căn cứ Luật Tổ chức"))
        .unwrap();
    let end = lines
        .iter()
        .position(|l| l.starts_with("- Lưu: VT."))
        .unwrap();
    for l in &lines[start..=end] {
        let s = strip(l);
        if !s.is_empty() && s != "Nơi nhận:" {
            out.push(s);
        }
    }
    // Plan: from its first căn cứ to its last paragraph.
    let start = lines
        .iter()
        .position(|l| {
            l.starts_with("Căn cứ Nghị quyết 30c/NQ-CP ngày 08/11/2011 của Chính phủ ban hành")
        })
        .unwrap();
    let end = lines
        .iter()
        .position(|l| l.starts_with("Trong quá trình tổ chức thực hiện"))
        .unwrap();
    let mut plan = String::new();
    for l in &lines[start..=end] {
        let s = strip(l);
        if !s.is_empty() {
            plan.push_str(&s);
            plan.push(' ');
        }
    }
    // The plan is compared sentence by sentence (page-break splits of the seed join).
    out.extend(
        plan.split(". ")
            .map(|s| s.trim().to_string())
            .filter(|s| s.len() > 3),
    );
    // Annex: every cell of the table, row by row. The seed's row continuing task 34 on
    // the next page (a Word page break) is printed as part of task 34's content cell.
    let start = lines
        .iter()
        .position(|l| l.starts_with("Stt\tNội dung công việc"))
        .unwrap();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for l in &lines[start + 1..] {
        if l.starts_with("----") || l.trim().is_empty() {
            continue;
        }
        let cells: Vec<String> = l.split('\t').map(strip).collect();
        let content_only = cells.iter().filter(|c| !c.is_empty()).count() == 1
            && cells
                .get(1)
                .is_some_and(|c| c.chars().next().is_some_and(char::is_lowercase));
        if content_only && let Some(prev) = rows.last_mut() {
            prev[1] = format!("{} {}", prev[1], cells[1]);
            continue;
        }
        rows.push(cells);
    }
    for cells in rows {
        for s in cells {
            // The Stt column is placed by layout (on the parent or the a) row).
            if s.is_empty() || s.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            out.push(s);
        }
    }
    out
}

#[test]
fn qd_3472_pdf_holds_the_seed_text_in_order() {
    let doc = qd3472();
    let pdf = PdfWriter::new().render(&doc).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let dir = TempDir::new("qd-pdf");
    let Some(text) = pdf_text(&pdf, &dir.0) else {
        return;
    };
    // Header.
    assert_in_order(
        &text,
        &[
            "ỦY BAN NHÂN DÂN".into(),
            "THÀNH PHỐ HẢI PHÒNG".into(),
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
            "Độc lập - Tự do - Hạnh phúc".into(),
            "Số: 3472/QĐ-UBND".into(),
            "Hải Phòng, ngày 27 tháng 12 năm 2018".into(),
            "QUYẾT ĐỊNH".into(),
            "Ban hành Kế hoạch Cải cách hành chính nhà nước thành phố Hải Phòng năm 2019".into(),
        ],
        "header",
    );
    assert_in_order(&text, &seed_fragments(), "seed text");
    // The plan's and annex's own headings and reference lines.
    assert_in_order(
        &text,
        &[
            "KẾ HOẠCH".into(),
            "(Ban hành kèm theo Quyết định số 3472/QĐ-UBND ngày 27/12/2018 của Ủy ban nhân dân thành phố Hải Phòng)".into(),
            "Nguyễn Văn Tùng".into(),
            "DANH MỤC".into(),
            "(Ban hành kèm theo Quyết định số 3472/QĐ-UBND ngày 27 tháng 12 năm 2018 của Ủy ban nhân dân thành phố Hải Phòng)".into(),
        ],
        "attachments",
    );
}

/// The seed's paragraphs (the decision from its first căn cứ to its Nơi nhận, the plan
/// from its first căn cứ to its last paragraph), each as one line of text.
fn seed_paragraphs() -> Vec<String> {
    let seed =
        std::fs::read_to_string(root().join("tests/fixtures/seed/qd-3472-2018.txt")).unwrap();
    let strip = seed_line;
    let lines: Vec<&str> = seed.lines().collect();
    let find = |p: &str| lines.iter().position(|l| l.starts_with(p)).unwrap();
    let ranges = [
        (find("Căn cứ Luật Tổ chức"), find("- Lưu: VT.")),
        (
            find("Căn cứ Nghị quyết 30c/NQ-CP ngày 08/11/2011 của Chính phủ ban hành"),
            find("Trong quá trình tổ chức thực hiện"),
        ),
    ];
    let mut out: Vec<String> = Vec::new();
    for l in ranges.iter().flat_map(|&(a, b)| &lines[a..=b]) {
        let l = strip(l);
        if l.is_empty() || l == "Nơi nhận:" {
            continue;
        }
        // A paragraph the seed's conversion split at a page break goes on in lower case.
        match out.last_mut() {
            Some(prev)
                if l.starts_with(char::is_lowercase)
                    && !Regex::new(r"^\p{Ll}\) ").unwrap().is_match(&l) =>
            {
                prev.push(' ');
                prev.push_str(&l);
            }
            _ => out.push(l),
        }
    }
    out
}

/// What a search box does with a paragraph: whitespace (line ends included) counts as
/// one space, nothing else is forgiven.
fn found_by_search(text: &str, paragraphs: &[String]) -> Vec<String> {
    let text = norm(text);
    paragraphs
        .iter()
        .filter(|p| !text.contains(&norm(p)))
        .cloned()
        .collect()
}

#[test]
fn qd_3472_seed_paragraphs_are_found_by_plain_search_in_pdf_and_docx() {
    let doc = qd3472();
    let paragraphs = seed_paragraphs();
    assert!(paragraphs.len() >= 100, "{}", paragraphs.len());
    let docx = vanban::doc::docx::render(&doc).unwrap();
    let text = docx_paragraphs(&docx).join("\n");
    assert_no_invisible(&text, "DOCX text");
    let missing = found_by_search(&text, &paragraphs);
    assert!(
        missing.is_empty(),
        "DOCX: {} not found: {missing:#?}",
        missing.len()
    );
    let pdf = PdfWriter::new().render(&doc).unwrap();
    let dir = TempDir::new("qd-search");
    // A paragraph running over a page break is read without the page number between
    // its parts (a viewer's search across pages does as much).
    let Some(text) = pdf_text(&pdf, &dir.0) else {
        return;
    };
    assert_no_invisible(&text, "PDF text");
    let missing = found_by_search(&text, &paragraphs);
    assert!(
        missing.is_empty(),
        "PDF: {} not found: {missing:#?}",
        missing.len()
    );
}

/// Paragraph texts of a DOCX (`w:p` by `w:p`, as a reader gets them: see
/// [`docx_xml_text`]).
fn docx_paragraphs(docx: &[u8]) -> Vec<String> {
    let xml = docx_xml(docx, "word/document.xml");
    let p_re = Regex::new(r"(?s)<w:p[ >].*?</w:p>").unwrap();
    p_re.find_iter(&xml)
        .map(|p| docx_xml_text(p.as_str()).trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

pub(crate) fn docx_xml(docx: &[u8], part: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    zip.by_name(part).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn docx_and_pdf_carry_the_same_paragraphs() {
    assert_same_paragraphs(&qd3472(), &vanban::doc::docx::render(&qd3472()).unwrap());
}

/// Every paragraph of the model stands in the DOCX, and in the PDF in order.
pub(crate) fn assert_same_paragraphs(doc: &Document, docx: &[u8]) {
    let doc = doc.clone();
    let paragraphs: Vec<String> = docx_paragraphs(docx).iter().map(|p| norm(p)).collect();
    let joined = paragraphs.join("\n");
    for p in doc.paragraphs() {
        let p = norm(&p.replace('\u{a0}', " "));
        let found = paragraphs
            .iter()
            .any(|d| norm(&d.replace('\u{a0}', " ")) == p)
            || joined.replace('\u{a0}', " ").contains(&p)
            // A header name the layout breaks over two paragraphs ("UBND THÀNH PHỐ" /
            // "HẢI PHÒNG") reads on as one.
            || joined.replace(['\u{a0}', '\n'], " ").contains(&p);
        assert!(found, "DOCX lacks paragraph {p:?}");
    }
    let dir = TempDir::new("same");
    let pdf = PdfWriter::new().render(&doc).unwrap();
    if let Some(text) = pdf_text(&pdf, &dir.0) {
        // Short numbers (page numbers, Stt cells) are left out of the comparison.
        let paragraphs: Vec<String> = doc
            .paragraphs()
            .iter()
            .filter(|p| !(p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit())))
            .map(|p| p.replace('\u{a0}', " "))
            .collect();
        assert_in_order(&text, &paragraphs, "PDF paragraphs");
    }
}

#[test]
fn docx_follows_the_decree_rules() {
    let docx = vanban::doc::docx::render(&qd3472()).unwrap();
    assert_decree_layout(
        &docx,
        &[
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "26", true, false),
            ("Độc lập - Tự do - Hạnh phúc", "28", true, false),
            ("Số: 3472/QĐ-UBND", "26", false, false),
            ("Hải Phòng, ngày 27 tháng 12 năm 2018", "28", false, true),
            ("Nơi nhận:", "24", true, true),
            ("- Bộ Nội vụ; VP Chính phủ;", "22", false, false),
            ("ỦY BAN NHÂN DÂN", "26", true, false),
            ("Điều 1.", "28", true, false),
            ("QUYẾT ĐỊNH:", "28", true, false),
        ],
    );
}

/// The decree's layout in a DOCX with a landscape annex: A4, margins, the runs given
/// (text, half-points, bold, italic) as a reader of the file sees them, Times New
/// Roman, Vietnamese, a repeating table header, short rules, page numbers from page 2.
pub(crate) fn assert_decree_layout(docx: &[u8], runs: &[(&str, &str, bool, bool)]) {
    let xml = docx_xml(docx, "word/document.xml");
    // A4 portrait and the margins (20/20/30/15 mm), on the main section.
    assert!(
        xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "A4 portrait"
    );
    assert!(
        xml.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape""#),
        "landscape annex"
    );
    for m in [
        r#"w:top="1134""#,
        r#"w:bottom="1134""#,
        r#"w:left="1701""#,
        r#"w:right="850""#,
    ] {
        assert!(xml.contains(m), "margin {m}");
    }
    // Header elements: sizes (half-points), weight and slant — as a reader of the file
    // sees them: the paragraph's Word style, and what the run says beyond it.
    let styles = docx_xml(docx, "word/styles.xml");
    let style_xml = |id: &str| -> String {
        let start = styles
            .find(&format!(r#"w:styleId="{id}""#))
            .unwrap_or_else(|| panic!("style {id}"));
        let end = start + styles[start..].find("</w:style>").unwrap();
        styles[start..end].to_string()
    };
    let effective = |text: &str| -> (String, bool, bool) {
        let needle = format!(">{}</w:t>", text.replace('&', "&amp;"));
        let at = xml.find(&needle).unwrap_or_else(|| panic!("run {text:?}"));
        let run_start = xml[..at].rfind("<w:r>").unwrap();
        let run = &xml[run_start..at];
        let p_start = xml[..run_start].rfind("<w:p ").unwrap();
        let id_re = Regex::new(r#"<w:pStyle w:val="([^"]+)""#).unwrap();
        let id = id_re.captures(&xml[p_start..run_start]).unwrap()[1].to_string();
        let style = style_xml(&id);
        let sz_re = Regex::new(r#"<w:sz w:val="(\d+)""#).unwrap();
        let size = sz_re
            .captures(run)
            .or_else(|| sz_re.captures(&style))
            .unwrap()[1]
            .to_string();
        let flag = |tag: &str| {
            if run.contains(&format!(r#"<w:{tag} w:val="false""#)) {
                false
            } else {
                run.contains(&format!("<w:{tag} ")) || style.contains(&format!("<w:{tag} "))
            }
        };
        (size, flag("b"), flag("i"))
    };
    let check = |text: &str, size: &str, bold: bool, italic: bool| {
        assert_eq!(
            effective(text),
            (size.to_string(), bold, italic),
            "{text}: half-points, bold, italic"
        );
    };
    for (text, size, bold, italic) in runs {
        check(text, size, *bold, *italic);
    }
    // Times New Roman everywhere; Vietnamese language; repeating annex header; rules
    // drawn as bottom borders; page number field in a header, none on page 1.
    assert!(styles.contains(r#"w:ascii="Times New Roman""#));
    assert!(styles.contains(r#"<w:lang w:val="vi-VN""#), "language");
    assert!(xml.contains("<w:tblHeader />"), "repeating header row");
    assert!(xml.contains("<w:pBdr><w:bottom"), "short rules");
    assert!(xml.contains("<w:titlePg />"), "different first page");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let headers: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("word/header"))
        .map(String::from)
        .collect();
    let mut page_field = false;
    for h in headers {
        let mut s = String::new();
        zip.by_name(&h).unwrap().read_to_string(&mut s).unwrap();
        page_field |= s.contains("PAGE");
    }
    assert!(page_field, "page number field");
}

#[test]
fn draft_leaves_number_and_day_blank() {
    let mut doc = qd3472();
    doc.number = None;
    doc.date = None;
    doc.year = Some(2019);
    assert!(doc.number_line().starts_with("Số:") && doc.number_line().ends_with("/QĐ-UBND"));
    assert!(!doc.number_line().chars().any(|c| c.is_ascii_digit()));
    assert!(
        doc.date_line().starts_with("Hải Phòng, ngày") && doc.date_line().ends_with("năm 2019")
    );
    let pdf = PdfWriter::new().render(&doc).unwrap();
    let dir = TempDir::new("draft");
    if let Some(text) = pdf_text(&pdf, &dir.0) {
        assert!(norm(&text).contains("/QĐ-UBND"));
        assert!(!norm(&text).contains("Số: 3472"));
    }
}

pub(crate) fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok())
}

fn pdf_pages(pdf: &Path) -> Option<usize> {
    let out = Command::new("pdfinfo").arg(pdf).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find(|l| l.starts_with("Pages:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
}

#[test]
fn docx_opens_in_libreoffice_with_the_same_page_count() {
    let Some(bin) = soffice() else {
        eprintln!("LibreOffice absent: skipping the DOCX conversion check (CI installs it)");
        return;
    };
    let dir = TempDir::new("lo");
    let doc = qd3472();
    let docx_path = dir.path("qd.docx");
    std::fs::write(&docx_path, vanban::doc::docx::render(&doc).unwrap()).unwrap();
    let pdf_path = dir.path("typst.pdf");
    std::fs::write(&pdf_path, PdfWriter::new().render(&doc).unwrap()).unwrap();
    let out = Command::new(bin)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir.0)
        .arg(&docx_path)
        .env("HOME", &dir.0)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let converted = dir.path("qd.pdf");
    assert!(converted.exists(), "LibreOffice produced no PDF");
    if let (Some(a), Some(b)) = (pdf_pages(&converted), pdf_pages(&pdf_path)) {
        assert!(a.abs_diff(b) <= 1, "LibreOffice {a} pages, Typst {b} pages");
    }
}

/// Hostile strings that must print literally in both formats.
const HOSTILE: [&str; 12] = [
    "#read(\"/etc/passwd\")",
    "#include \"/etc/hostname\"",
    "*_$@<>` \\ & \" ' ]",
    "[unbalanced {brackets (",
    "```raw block``` $x^2$ <label> @ref",
    "<w:t>xml</w:t> &amp; &lt;",
    "a\u{0001}b\u{0008}c\u{000B}d",
    "zero\u{200B}width\u{200E}bidi\u{202E}trái",
    "Vie\u{0302}\u{0323}t tổ hợp",
    "= Not a heading",
    "- not a list",
    "// not a comment /* nor this */",
];

fn hostile_document() -> Document {
    let long_word = "Đ".repeat(10_000);
    let mut body: Vec<Block> = HOSTILE
        .iter()
        .map(|s| Block::Paragraph {
            text: s.to_string(),
        })
        .collect();
    body.push(Block::Paragraph {
        text: long_word.clone(),
    });
    body.push(Block::Table(Table {
        columns: vec![
            vanban::doc::Column {
                title: "#set page(width: 1cm)".into(),
                width: 1.0,
                align: Default::default(),
            },
            vanban::doc::Column {
                title: "]".into(),
                width: 3.0,
                align: Default::default(),
            },
        ],
        rows: (0..5000)
            .map(|i| Row::Cells {
                cells: vec![format!("{i}"), HOSTILE[i % HOSTILE.len()].to_string()],
            })
            .collect(),
        text: vanban::doc::TableText::Compact,
    }));
    Document {
        kind: "Báo cáo".into(),
        issuer: Issuer {
            parent: Some("#emph[ỦY BAN]".into()),
            name: "Sở Nội vụ <script>".into(),
            symbol: "SNV".into(),
            unit: None,
            place: "Hải Phòng".into(),
        },
        number: Some(7),
        date: chrono::NaiveDate::from_ymd_opt(2019, 3, 5),
        year: None,
        title: "Kết quả *đậm* _nghiêng_ #read(\"/etc/passwd\")".into(),
        authority: None,
        recipients: vec!["Bộ Nội vụ".into()],
        body,
        signature: Signature {
            lines: vec!["KT. GIÁM ĐỐC".into(), "PHÓ GIÁM ĐỐC".into()],
            name: "$Nguyễn$".into(),
        },
        noi_nhan: vec!["- Như trên;".into(), "- Lưu: VT, CCHC.".into()],
        appendices: vec![],
        mark: None,
    }
}

#[test]
fn hostile_text_prints_literally_in_both_formats() {
    let doc = hostile_document();
    let writer = PdfWriter::new();
    // Nothing missing from the embedded font except what the corpus does not hold.
    assert_eq!(writer.missing_glyphs(&doc), Vec::<char>::new());
    let pdf = writer.render(&doc).unwrap();
    let dir = TempDir::new("hostile");
    // The page structure is untouched: page 1 still carries the whole header and title.
    if tool("pdftotext") {
        let p = dir.path("first.pdf");
        std::fs::write(&p, &pdf).unwrap();
        let out = Command::new("pdftotext")
            .args(["-f", "1", "-l", "1", "-raw", "-enc", "UTF-8"])
            .arg(&p)
            .arg("-")
            .output()
            .unwrap();
        let first = norm(&String::from_utf8_lossy(&out.stdout));
        for s in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 07/BC-SNV",
            "Hải Phòng, ngày 05 tháng 3 năm 2019",
            "BÁO CÁO",
            "Kính gửi: Bộ Nội vụ",
        ] {
            assert!(first.contains(s), "page 1 lacks {s:?}");
        }
    }
    if let Some(text) = pdf_text(&pdf, &dir.0) {
        let t = norm(&text);
        for s in [
            "#read(\"/etc/passwd\")",
            "#include \"/etc/hostname\"",
            "*_$@<>`",
            "[unbalanced {brackets (",
            "```raw block``` $x^2$ <label> @ref",
            "<w:t>xml</w:t> &amp; &lt;",
            "abcd",
            "= Not a heading",
            "- not a list",
            "// not a comment /* nor this */",
            "#set page(width: 1cm)",
            "$Nguyễn$",
            "#EMPH[ỦY BAN]",
        ] {
            assert!(t.contains(s), "PDF lacks {s:?}");
        }
        // /etc/passwd was not read into the document.
        assert!(!t.contains("root:x:0:0"));
    }
    if tool("qpdf") {
        let p = dir.path("h.pdf");
        std::fs::write(&p, &pdf).unwrap();
        let out = Command::new("qpdf")
            .arg("--check")
            .arg(&p)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "qpdf --check: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    } else {
        eprintln!("qpdf absent: skipping the PDF structure check");
    }
    let docx = vanban::doc::docx::render(&doc).unwrap();
    let paragraphs = docx_paragraphs(&docx).join("\n");
    for s in [
        "#read(\"/etc/passwd\")",
        "<w:t>xml</w:t> &amp; &lt;",
        "abcd",
        "$Nguyễn$",
    ] {
        assert!(paragraphs.contains(s), "DOCX lacks {s:?}");
    }
    // The XML stays well-formed: LibreOffice opens it.
    if let Some(bin) = soffice() {
        let p = dir.path("h.docx");
        std::fs::write(&p, &docx).unwrap();
        let out = Command::new(bin)
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&dir.0)
            .arg(&p)
            .env("HOME", &dir.0)
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(
            dir.path("h.pdf").exists(),
            "LibreOffice could not open the hostile DOCX"
        );
    }
}

#[test]
fn a_character_no_font_draws_never_costs_a_document() {
    let mut doc = hostile_document();
    doc.body.push(Block::Paragraph {
        text: "Đã hoàn thành ✓ ☑ → ≥ 😀 và 中文".into(),
    });
    let writer = PdfWriter::new();
    // The symbols people type are drawn by the fallback font; emoji and CJK are not.
    let missing = writer.missing_glyphs(&doc);
    assert!(
        missing.contains(&'😀') && missing.contains(&'中'),
        "{missing:?}"
    );
    for drawn in ['✓', '☑', '→', '≥'] {
        assert!(!missing.contains(&drawn), "{drawn} is drawn");
    }
    // The PDF is written, PDF/A still, with a visible placeholder where the emoji was;
    // the DOCX keeps the characters.
    let pdf = writer.render(&doc).unwrap();
    let bytes = String::from_utf8_lossy(&pdf);
    assert!(bytes.contains("pdfaid:part"), "still PDF/A");
    let dir = TempDir::new("glyphs");
    if let Some(text) = pdf_text(&pdf, &dir.0) {
        assert!(text.contains("Đã hoàn thành ✓ ☑ → ≥ □ và □□"), "{text}");
    }
    let docx = vanban::doc::docx::render(&doc).unwrap();
    let path = dir.path("g.docx");
    std::fs::write(&path, docx).unwrap();
    assert!(crate::common::docx_text(&path).contains("≥ 😀 và 中文"));
}

#[test]
fn decision_and_render_commands() {
    let dir = TempDir::new("cmd");
    let out = vanban(&[
        "decision",
        "inputs/quyet-dinh/qd-3472-2018.toml",
        "-o",
        dir.0.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for ext in ["docx", "pdf"] {
        let p: PathBuf = dir.path(&format!("qd-3472-2018.{ext}"));
        assert!(std::fs::metadata(&p).unwrap().len() > 1000, "{ext}");
    }
    // render: any document from the model, as JSON.
    let json = serde_json::to_string(&hostile_document()).unwrap();
    let src = dir.path("bao-cao.json");
    std::fs::write(&src, json).unwrap();
    let out = vanban(&[
        "render",
        src.to_str().unwrap(),
        "-o",
        dir.0.to_str().unwrap(),
        "--format",
        "pdf",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path("bao-cao.pdf").exists());
    assert!(!dir.path("bao-cao.docx").exists());
    let out = vanban(&["render", src.to_str().unwrap(), "--format", "odt"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn same_document_gives_identical_bytes() {
    let doc = qd3472();
    let w = PdfWriter::new();
    assert!(
        w.render(&doc).unwrap() == w.render(&doc).unwrap(),
        "PDF differs between runs"
    );
    let a = vanban::doc::docx::render(&doc).unwrap();
    let b = vanban::doc::docx::render(&doc).unwrap();
    assert!(a == b, "DOCX differs between runs");
}

/// The text of each page of a PDF (pdftotext splits pages with form feeds).
fn pdf_pages_text(pdf: &[u8], dir: &Path) -> Option<Vec<String>> {
    let text = pdftotext_raw(pdf, dir, "page-by-page check")?;
    Some(text.split('\u{c}').map(str::to_string).collect())
}

#[test]
fn every_part_numbers_its_pages_from_its_own_second_page() {
    let dir = TempDir::new("pages");
    let pdf = PdfWriter::new().render(&qd3472()).unwrap();
    let Some(pages) = pdf_pages_text(&pdf, &dir.0) else {
        return;
    };
    // The first line of a page is its number when it has one.
    let number = |p: &str| {
        p.lines()
            .next()
            .map(str::trim)
            .filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_digit()))
            .map(|l| l.parse::<usize>().unwrap())
    };
    let starts: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.contains("KẾ HOẠCH") || p.contains("DANH MỤC"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        starts.len(),
        2,
        "the Kế hoạch and the Danh mục each start a part"
    );
    let parts = [0, starts[0], starts[1], pages.len() - 1];
    for w in parts.windows(2).take(3) {
        let (first, end) = (w[0], w[1]);
        assert_eq!(
            number(&pages[first]),
            None,
            "page {} shows no number",
            first + 1
        );
        for (k, i) in (first + 1..end).enumerate() {
            if pages[i].trim().is_empty() {
                continue;
            }
            assert_eq!(number(&pages[i]), Some(k + 2), "page {} of the PDF", i + 1);
        }
    }
}

/// A table row is kept whole on its page, unless its text is so long that it could be
/// taller than a page (more than `row_split_chars` characters in the row):
/// then it runs on over the page break instead of spilling off the page.
#[test]
fn a_row_taller_than_a_page_runs_over_the_page_break() {
    let dir = TempDir::new("long-row");
    // About 7,000 characters in a column a fifth of the text wide: several pages.
    let long: String = (1..=700)
        .map(|i| format!("mục-{i:04}"))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(long.chars().count() > vanban::doc::style::standard().row_split_chars);
    let column = |title: &str, width: f64| vanban::doc::Column {
        title: title.into(),
        width,
        align: Default::default(),
    };
    let mut doc = qd3472();
    doc.appendices.clear();
    doc.body = vec![Block::Table(Table {
        columns: vec![
            column("TT", 1.0),
            column("Nội dung", 1.0),
            column("Ghi chú", 3.0),
        ],
        rows: vec![
            Row::Cells {
                cells: vec!["1".into(), "Dòng ngắn".into(), "giữ trọn trên trang".into()],
            },
            Row::Cells {
                cells: vec!["2".into(), long, "dòng dài".into()],
            },
            Row::Cells {
                cells: vec!["3".into(), "Dòng cuối".into(), "sau dòng dài".into()],
            },
        ],
        text: vanban::doc::TableText::Compact,
    })];
    let pdf = PdfWriter::new().render(&doc).unwrap();
    let Some(pages) = pdf_pages_text(&pdf, &dir.0) else {
        return;
    };
    let page_of = |needle: &str| {
        pages
            .iter()
            .position(|p| p.contains(needle))
            .unwrap_or_else(|| panic!("{needle} is printed"))
    };
    let (first, last) = (page_of("mục-0001"), page_of("mục-0700"));
    assert!(
        last > first,
        "the long row runs over a page break (pages {} to {})",
        first + 1,
        last + 1
    );
    // Every part of it printed, in order, none cut off at a page's foot.
    let text: String = pages.concat();
    let mut at = 0;
    for i in (1..=700).step_by(7) {
        let needle = format!("mục-{i:04}");
        let found = text[at..].find(&needle);
        assert!(found.is_some(), "{needle} printed after the one before");
        at += found.unwrap();
    }
    assert!(page_of("Dòng cuối") >= last, "the next row follows it");
}

#[test]
fn pdfs_are_pdf_a_2b_with_the_documents_own_metadata() {
    let doc = qd3472();
    let pdf = PdfWriter::new().render(&doc).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    // The XMP packet declares PDF/A-2b and names the document.
    assert!(text.contains("<pdfaid:part>2</pdfaid:part>"), "PDF/A part");
    assert!(text.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(text.contains("Quyết định 3472/QĐ-UBND"), "title");
    assert!(text.contains("Ban hành Kế hoạch"), "subject: the trích yếu");
    assert!(
        text.contains("2018-12-27T00:00:00"),
        "the document's own date"
    );
    assert!(text.contains("<rdf:li>vi</rdf:li>"), "language");
    // Turned off, the PDF is plain and still reproducible.
    let plain = PdfWriter::new().pdfa(false).render(&doc).unwrap();
    assert!(!String::from_utf8_lossy(&plain).contains("pdfaid:part"));
    assert_eq!(plain, PdfWriter::new().pdfa(false).render(&doc).unwrap());
}

#[test]
fn docx_paragraphs_take_their_format_from_named_word_styles() {
    let doc = qd3472();
    let docx = vanban::doc::docx::render(&doc).unwrap();
    let xml = docx_xml(&docx, "word/document.xml");
    let styles = docx_xml(&docx, "word/styles.xml");
    // One named style per role of the style table, with its Vietnamese name, Times New
    // Roman in every script slot and the style a new paragraph takes after it.
    let style = vanban::doc::style::Style::default();
    for role in style.roles.all() {
        let at = styles
            .find(&format!(r#"w:styleId="{}""#, role.style_id))
            .unwrap_or_else(|| panic!("no Word style for {}", role.style_name));
        let def = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
        assert!(def.contains(&format!(r#"<w:name w:val="{}""#, role.style_name)));
        assert!(def.contains("<w:next "), "{}: next style", role.style_id);
        for slot in ["w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"] {
            assert!(
                def.contains(&format!(r#"{slot}="Times New Roman""#)),
                "{slot}"
            );
        }
    }
    assert!(styles.contains(r#"w:styleId="VbBody""#) && styles.contains("VB Nội dung"));
    // A paragraph typed after a body paragraph or a heading is a body paragraph.
    let body = &styles[styles.find(r#"w:styleId="VbHeading1""#).unwrap()..];
    assert!(body[..body.find("</w:style>").unwrap()].contains(r#"<w:next w:val="VbBody""#));
    // Every paragraph has its style (but docx-rs's section-break paragraphs), and runs
    // carry no font or formatting their style already gives.
    let p_re = Regex::new(r"<w:p [^>]*>(?:<w:pPr>(.*?)</w:pPr>)?").unwrap();
    let mut unstyled = 0;
    for c in p_re.captures_iter(&xml) {
        let ppr = c.get(1).map_or("", |m| m.as_str());
        if !ppr.contains("<w:pStyle ") && !ppr.contains("<w:sectPr>") {
            unstyled += 1;
        }
    }
    assert_eq!(unstyled, 0, "paragraphs without a style");
    assert!(!xml.contains("<w:rFonts "), "fonts come from the styles");
    // Body paragraphs carry no direct paragraph formatting.
    assert!(!xml.contains(r#"<w:pStyle w:val="VbBody" /><w:jc"#));
    let sizes = Regex::new(r#"<w:sz w:val="(\d+)""#).unwrap();
    let direct: std::collections::BTreeSet<String> = sizes
        .captures_iter(&xml)
        .map(|c| c[1].to_string())
        .collect();
    // Only the annex's cells, set smaller than the table-cell style, say their size.
    assert_eq!(direct, ["22".to_string()].into(), "{direct:?}");
}

#[test]
fn numbers_and_symbols_never_break_in_running_text() {
    let ids = [
        "3472/QĐ-UBND",
        "58-CTr/TU",
        "30/2020/NĐ-CP",
        "27-NQ/TW",
        "Quý I/2019",
        "05/SNV-CCHC",
    ];
    // Enough text, shifted word by word, that every identifier meets a line end.
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&"x".repeat(i % 7 + 1));
        text.push(' ');
        text.push_str(ids[i % ids.len()]);
        text.push_str(" và ");
    }
    let mut doc = qd3472();
    doc.appendices.clear();
    // A draft: the header's number line does not repeat an identifier of the body.
    doc.number = None;
    doc.body = vec![Block::Paragraph { text: text.clone() }];
    let dir = TempDir::new("ids");
    let pdf = PdfWriter::new().render(&doc).unwrap();
    if tool("pdftotext") {
        let path = dir.path("ids.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let out = Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        let out = String::from_utf8(out.stdout).unwrap();
        assert_no_invisible(&out, "PDF text");
        for id in ids {
            // "Quý I/2019" may break at its space, not at its "/".
            let id = id.trim_start_matches("Quý ");
            let want = text.matches(id).count();
            let found: usize = out.lines().map(|l| l.matches(id).count()).sum();
            assert_eq!(found, want, "{id} broken across lines:\n{out}");
        }
        assert!(!out.lines().any(|l| l.trim_end().ends_with('/')), "{out}");
    } else {
        eprintln!("pdftotext (poppler-utils) absent: skipping the line-break check");
    }
    // The DOCX keeps them whole by Word's own means: the hyphen of an identifier is
    // a non-breaking hyphen element, a slash needs nothing (Word never breaks there);
    // its text reads as typed.
    let docx = vanban::doc::docx::render(&doc).unwrap();
    let xml = docx_xml(&docx, "word/document.xml");
    assert!(xml.contains("3472/QĐ</w:t><w:noBreakHyphen/>"), "{xml}");
    let read = docx_xml_text(&xml);
    assert_no_invisible(&read, "DOCX text");
    for id in ids {
        assert_eq!(read.matches(id).count(), text.matches(id).count(), "{id}");
    }
    // Table cells may break: a cell too narrow for an identifier is not overflowed.
    let annex = vanban::doc::docx::render(&qd3472()).unwrap();
    let annex_xml = docx_xml(&annex, "word/document.xml");
    let table = &annex_xml[annex_xml.find("<w:tbl>").unwrap()..];
    let cells = &table[table.find("VbTableCell").unwrap_or(0)..];
    assert!(!cells.contains("noBreakHyphen"), "table cells may break");
}

/// No character a reader cannot see: word joiners, zero-width spaces, byte order marks,
/// soft hyphens, non-breaking hyphens typed as characters.
pub(crate) fn assert_no_invisible(text: &str, what: &str) {
    for c in ['\u{2060}', '\u{200B}', '\u{FEFF}', '\u{00AD}', '\u{2011}'] {
        if let Some(i) = text.find(c) {
            let before: String = text[..i].chars().rev().take(40).collect();
            let before: String = before.chars().rev().collect();
            panic!("{what}: U+{:04X} after {before:?}", c as u32);
        }
    }
}

/// A one-part document of `n` paragraphs of filler with a heading every fifth block.
fn filler_document(n: usize) -> Document {
    let mut doc = qd3472();
    doc.appendices.clear();
    doc.body = (0..n)
        .map(|i| {
            // A body ends with a paragraph, as documents do.
            if i % 5 == 4 && i + 1 < n {
                Block::Heading {
                    level: 2,
                    text: format!("{}. Đề mục số {i}", i / 5 + 1),
                }
            } else {
                Block::Paragraph {
                    text: format!(
                        "Đoạn {i}: {}",
                        "các cơ quan, đơn vị tiếp tục triển khai nhiệm vụ được giao. "
                            .repeat(i % 3 + 1)
                    ),
                }
            }
        })
        .collect();
    doc
}

#[test]
fn signatures_travel_with_the_body_and_headings_never_end_a_page() {
    if !tool("pdftotext") {
        eprintln!("pdftotext (poppler-utils) absent: skipping the keep-together check");
        return;
    }
    let dir = TempDir::new("keep");
    let writer = PdfWriter::new();
    let mut checked_breaks = 0;
    for n in 20..48 {
        let doc = filler_document(n);
        let pdf = writer.render(&doc).unwrap();
        let pages = pdf_pages_text(&pdf, &dir.0).unwrap();
        let pages: Vec<&String> = pages.iter().filter(|p| !p.trim().is_empty()).collect();
        // The signature's page holds at least two lines of the body before it.
        let sig = pages
            .iter()
            .find(|p| p.contains("TM. ỦY BAN NHÂN DÂN"))
            .expect("signature page");
        let before: Vec<&str> = sig[..sig.find("Nơi nhận:").unwrap_or(0)]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.chars().all(|c| c.is_ascii_digit()))
            .collect();
        assert!(before.len() >= 2, "n = {n}: signature alone: {sig}");
        // No page but the last ends with a heading.
        for p in &pages[..pages.len() - 1] {
            let last = p.lines().map(str::trim).rfind(|l| !l.is_empty()).unwrap();
            assert!(
                !last.contains(". Đề mục số"),
                "n = {n}: page ends with {last:?}"
            );
            checked_breaks += 1;
        }
    }
    assert!(checked_breaks > 20, "the filler documents span pages");
    // The DOCX says the same to Word: headings keep with the next paragraph, the last
    // paragraph of the body stays whole and with the signature, rows do not split.
    let docx = vanban::doc::docx::render(&filler_document(30)).unwrap();
    let xml = docx_xml(&docx, "word/document.xml");
    let heading = Regex::new(r#"<w:pStyle w:val="VbHeading2" />(.*?)</w:pPr>"#).unwrap();
    assert!(
        heading
            .captures_iter(&xml)
            .all(|c| c[1].contains("<w:keepNext"))
    );
    let spacer = xml[..xml.find(r#"w:val="VbSpacer""#).unwrap()]
        .rfind("<w:p ")
        .unwrap();
    let last_body = &xml[xml[..spacer].rfind("<w:p ").unwrap()..spacer];
    assert!(last_body.contains("<w:keepNext") && last_body.contains("<w:keepLines"));
}

/// The signature's page holds at least two lines of the body, and no page but the last
/// ends with one of the document's headings.
fn assert_keeps_together(name: &str, doc: &Document, dir: &Path) {
    let pdf = PdfWriter::new().render(doc).unwrap();
    let Some(pages) = pdf_pages_text(&pdf, dir) else {
        return;
    };
    let pages: Vec<&String> = pages.iter().filter(|p| !p.trim().is_empty()).collect();
    let first_sig_line = &doc.signature.lines[0];
    let sig = pages
        .iter()
        .find(|p| p.contains(first_sig_line.as_str()))
        .unwrap_or_else(|| panic!("{name}: no signature page"));
    let cut = sig
        .find("Nơi nhận:")
        .unwrap_or_else(|| sig.find(first_sig_line.as_str()).unwrap());
    let before = sig[..cut]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.chars().all(|c| c.is_ascii_digit()))
        .count();
    assert!(before >= 2, "{name}: the signature stands alone: {sig}");
    let headings: Vec<String> = doc
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text, .. } => Some(norm(text)),
            _ => None,
        })
        .collect();
    for p in &pages[..pages.len() - 1] {
        let last = norm(p.lines().map(str::trim).rfind(|l| !l.is_empty()).unwrap());
        assert!(
            !headings.contains(&last),
            "{name}: a page ends with the heading {last:?}"
        );
    }
}

#[test]
fn the_report_and_a_letter_keep_together_too() {
    let ws = reference();
    let (checked, summary) = sample_period(&ws);
    let config = documents();
    let dir = TempDir::new("keep-report");
    assert_keeps_together(
        "report",
        &ws.report(&summary, &checked, &config, None)
            .unwrap()
            .document,
        &dir.0,
    );
    for letter in ws.reminders(&summary, &checked, &config).iter().take(6) {
        assert_keeps_together(&letter.stem, &letter.document, &dir.0);
    }
    assert_keeps_together("QĐ 3472", &qd3472(), &dir.0);
}

#[test]
fn every_part_restarts_its_numbering_and_table_pages_fill_up() {
    let doc = qd3472();
    // DOCX: the decision, the plan and the annex are three sections, each numbered from
    // 1 with a first page of its own (no number on it).
    let docx = vanban::doc::docx::render(&doc).unwrap();
    let xml = docx_xml(&docx, "word/document.xml");
    assert_eq!(xml.matches(r#"<w:pgNumType w:start="1""#).count(), 3);
    assert_eq!(xml.matches("<w:titlePg />").count(), 3);
    // PDF: tagged (structure tree), and the annex's pages are filled down to the last row
    // that fits (the defect was a first page stopping at 60 %).
    let pdf = PdfWriter::new().render(&doc).unwrap();
    assert!(
        String::from_utf8_lossy(&pdf).contains("/StructTreeRoot"),
        "tagged PDF"
    );
    if !tool("pdftotext") {
        eprintln!("pdftotext (poppler-utils) absent: skipping the page-fill check");
        return;
    }
    let dir = TempDir::new("fill");
    let path = dir.path("qd.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-bbox-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout);
    let page_re =
        Regex::new(r#"(?s)<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>"#).unwrap();
    let line_re =
        Regex::new(r#"<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)""#).unwrap();
    let mut table_pages = 0;
    let pages: Vec<_> = page_re.captures_iter(&html).collect();
    for (i, p) in pages.iter().enumerate() {
        let (w, h): (f64, f64) = (p[1].parse().unwrap(), p[2].parse().unwrap());
        // Full annex pages: landscape, and not the last page of the document.
        if w < h || i + 1 == pages.len() {
            continue;
        }
        let bottom = line_re
            .captures_iter(&p[3])
            .map(|c| c[1].parse::<f64>().unwrap())
            .fold(0.0, f64::max);
        assert!(
            bottom > h * 0.75,
            "page {} of the annex filled to {:.0} %",
            i + 1,
            bottom / h * 100.0
        );
        table_pages += 1;
    }
    assert!(table_pages >= 3);
}
