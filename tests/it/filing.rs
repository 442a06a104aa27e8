//! Documents as the văn thư files them (#25): the text reads as typed, Word opens every
//! DOCX without repair, headings a reader can navigate, a signer and room to sign,
//! letters in the Sở's words. Checked on every document of the shipped period's run.

use crate::common::*;
use crate::documents::assert_no_invisible;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The shipped period's run, made once for the tests of this file.
fn sample_run() -> &'static Path {
    static RUN: OnceLock<PathBuf> = OnceLock::new();
    RUN.get_or_init(|| {
        let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        // Earlier test processes' runs are not kept.
        if let Ok(entries) = std::fs::read_dir(&tmp) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with("filing-run-") {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = tmp.join(format!("filing-run-{}", std::process::id()));
        let out = vanban(&["run", "--quiet", "-o", dir.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        dir.join("q1-2019")
    })
}

/// Every file of the run with the given extension.
fn files(ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![sample_run().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The XML parts of a DOCX, by name.
fn parts(docx: &Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        if name.ends_with(".xml") {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            out.push((name, s));
        }
    }
    out
}

/// A DOCX's `word/document.xml`.
fn document_xml(docx: &Path) -> String {
    parts(docx)
        .into_iter()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap()
        .1
}

fn pdftotext(pdf: &Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn every_document_reads_as_typed() {
    let docx = files("docx");
    assert!(docx.len() >= 11, "{docx:?}");
    for f in &docx {
        let text = docx_text(f);
        assert_no_invisible(&text, &f.display().to_string());
    }
    // The decision's number is found by plain search in both formats.
    let qd = sample_run().join("quyet-dinh/qd-3472-2018");
    assert!(docx_text(&qd.with_extension("docx")).contains("3472/QĐ-UBND"));
    let pdfs = files("pdf");
    if pdftotext(&pdfs[0]).is_none() {
        eprintln!("pdftotext (poppler-utils) absent: skipping the PDF half of the check");
        return;
    }
    for f in &pdfs {
        let text = pdftotext(f).unwrap();
        assert_no_invisible(&text, &f.display().to_string());
    }
    assert!(
        pdftotext(&qd.with_extension("pdf"))
            .unwrap()
            .contains("3472/QĐ-UBND")
    );
}

/// The order ECMA-376 Part 1 gives the children of the elements vanban writes (typed
/// from the schema, independently of the writer's own table).
fn schema_orders() -> HashMap<&'static str, Vec<&'static str>> {
    let table = [
        (
            "w:style",
            "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden \
             unhideWhenUsed qFormat locked personal personalCompose personalReply rsid pPr \
             rPr tblPr trPr tcPr tblStylePr",
        ),
        (
            "w:pPr",
            "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr \
             suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap \
             overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd \
             snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc \
             textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr \
             sectPr pPrChange",
        ),
        (
            "w:rPr",
            "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike \
             dstrike outline shadow emboss imprint noProof snapToGrid vanish webHidden \
             color spacing w kern position sz szCs highlight u effect bdr shd fitText \
             vertAlign rtl cs em lang eastAsianLayout specVanish oMath rPrChange",
        ),
        (
            "w:tblPr",
            "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize \
             tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook \
             tblCaption tblDescription tblPrChange",
        ),
        (
            "w:tcPr",
            "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection \
             tcFitText vAlign hideMark",
        ),
        (
            "w:sectPr",
            "headerReference footerReference footnotePr endnotePr type pgSz pgMar \
             paperSrc pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg \
             textDirection bidi rtlGutter docGrid printerSettings sectPrChange",
        ),
        ("w:pBdr", "top left bottom right between bar"),
        (
            "w:tblBorders",
            "top left start bottom right end insideH insideV",
        ),
        ("w:tblCellMar", "top left start bottom right end"),
        ("w:docDefaults", "rPrDefault pPrDefault"),
        ("w:tbl", "bookmarkStart tblPr tblGrid tr"),
        ("w:tc", "tcPr p tbl"),
        ("w:tr", "tblPrEx trPr tc"),
        (
            "w:lvl",
            "start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc \
             pPr rPr",
        ),
        (
            "w:settings",
            "writeProtection view zoom removePersonalInformation removeDateAndTime \
             doNotDisplayPageBoundaries displayBackgroundShape embedTrueTypeFonts \
             embedSystemFonts saveSubsetFonts mirrorMargins gutterAtTop \
             hideSpellingErrors hideGrammaticalErrors proofState attachedTemplate \
             trackRevisions documentProtection defaultTabStop autoHyphenation \
             characterSpacingControl updateFields footnotePr endnotePr compat docVars rsids \
             themeFontLang clrSchemeMapping decimalSymbol listSeparator",
        ),
    ];
    table
        .into_iter()
        .map(|(e, kids)| (e, kids.split_whitespace().collect()))
        .collect()
}

/// Where a part breaks the schema's order: "w:pPr: w:jc before w:spacing".
fn order_faults(xml: &str, orders: &HashMap<&str, Vec<&str>>) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    // Per open element: its name and the rank of its last child.
    let mut stack: Vec<(String, Option<usize>, String)> = Vec::new();
    let mut faults = Vec::new();
    let mut child = |stack: &mut Vec<(String, Option<usize>, String)>, name: &str| {
        let Some((parent, last, last_name)) = stack.last_mut() else {
            return;
        };
        let Some(order) = orders.get(parent.as_str()) else {
            return;
        };
        let local = name.trim_start_matches("w:");
        let Some(rank) = order.iter().position(|k| *k == local) else {
            faults.push(format!("{parent}: {name} is not a child the schema allows"));
            return;
        };
        if last.is_some_and(|l| l > rank) {
            faults.push(format!("{parent}: {last_name} before {name}"));
        }
        *last = Some(rank);
        *last_name = name.to_string();
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                child(&mut stack, &name);
                stack.push((name, None, String::new()));
            }
            Event::Empty(e) => {
                let name = e.name().as_ref().to_string();
                child(&mut stack, &name);
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    faults
}

#[test]
fn word_opens_every_docx_without_repair() {
    let orders = schema_orders();
    for f in files("docx") {
        for (name, xml) in parts(&f) {
            if !name.starts_with("word/") {
                continue;
            }
            let mut faults = order_faults(&xml, &orders);
            faults.dedup();
            assert!(
                faults.is_empty(),
                "{} {name}: {} faults, first: {:?}",
                f.display(),
                faults.len(),
                &faults[..faults.len().min(8)]
            );
        }
    }
}

/// The outline level a paragraph style gives, following its `basedOn` chain as Word
/// does.
fn outline_level(styles: &str, id: &str) -> Option<u32> {
    let re =
        regex::Regex::new(r#"(?s)<w:style [^>]*w:styleId="([^"]+)"[^>]*>(.*?)</w:style>"#).unwrap();
    let by_id: HashMap<String, String> = re
        .captures_iter(styles)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect();
    let level = regex::Regex::new(r#"<w:outlineLvl w:val="(\d)""#).unwrap();
    let based = regex::Regex::new(r#"<w:basedOn w:val="([^"]+)""#).unwrap();
    let mut id = id.to_string();
    for _ in 0..10 {
        let body = by_id.get(&id)?;
        if let Some(c) = level.captures(body) {
            return c[1].parse().ok();
        }
        id = based.captures(body)?[1].to_string();
    }
    None
}

#[test]
fn headings_carry_outline_levels_a_reader_can_navigate() {
    let report = sample_run().join("bao-cao-cchc-q1-2019.docx");
    let all = parts(&report);
    let styles = &all.iter().find(|(n, _)| n == "word/styles.xml").unwrap().1;
    assert_eq!(outline_level(styles, "VbHeading1"), Some(0));
    assert_eq!(outline_level(styles, "VbHeading2"), Some(1));
    assert_eq!(outline_level(styles, "VbHeading3"), Some(2));
    assert_eq!(outline_level(styles, "VbBody"), None);
    let document = &all
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap()
        .1;
    let headings = document.matches(r#"<w:pStyle w:val="VbHeading1""#).count()
        + document.matches(r#"<w:pStyle w:val="VbHeading2""#).count();
    assert!(headings >= 8, "{headings}");
    // pandoc's reader, as any converter, sees a Header block for every one of them.
    match Command::new("pandoc")
        .args(["-f", "docx", "-t", "native"])
        .arg(&report)
        .output()
    {
        Ok(out) if out.status.success() => {
            let native = String::from_utf8(out.stdout).unwrap();
            let levels: Vec<u32> = regex::Regex::new(r"Header\s+(\d)")
                .unwrap()
                .captures_iter(&native)
                .map(|c| c[1].parse().unwrap())
                .collect();
            assert_eq!(levels.len(), headings, "{native}");
            assert_eq!(levels[0], 1);
            assert!(levels.contains(&2));
        }
        _ => eprintln!("pandoc absent: skipping the converter's reading of the headings"),
    }
}

#[test]
fn every_signature_has_room_to_sign_and_a_name_or_its_line() {
    let para = regex::Regex::new(r"(?s)<w:p[ >].*?</w:p>").unwrap();
    const TITLE: &str = r#"<w:pStyle w:val="VbSignatureTitle" />"#;
    for f in files("docx") {
        let xml = &document_xml(&f);
        let ps: Vec<&str> = para.find_iter(xml).map(|m| m.as_str()).collect();
        // The paragraph after the last quyền hạn / chức vụ line of each signature.
        let after: Vec<&str> = ps
            .windows(2)
            .filter(|w| w[0].contains(TITLE) && !w[1].contains(TITLE))
            .map(|w| w[1])
            .collect();
        assert!(!after.is_empty(), "{}: no signature", f.display());
        for p in after {
            let named = p.contains(r#"<w:pStyle w:val="VbSigner" />"#)
                && !docx_xml_text(p).trim().is_empty();
            // 80 pt of signing space (1600 twips), then the dotted line.
            let placeholder = p.contains(r#"<w:pStyle w:val="VbRule" />"#)
                && p.contains(r#"w:val="dotted""#)
                && p.contains(r#"w:before="1600""#);
            assert!(
                named || placeholder,
                "{}: after the signature lines: {p}",
                f.display()
            );
        }
    }
    // The decision of the seed names its signer, in both formats.
    let qd = sample_run().join("quyet-dinh/qd-3472-2018");
    assert!(docx_text(&qd.with_extension("docx")).contains("Nguyễn Văn Tùng"));
    if let Some(text) = pdftotext(&qd.with_extension("pdf")) {
        assert!(text.contains("Nguyễn Văn Tùng"));
    }
}

/// The pages of a PDF as `pdftotext -raw` reads them, page numbers dropped.
fn pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .split('\u{c}')
        .map(|p| {
            p.lines()
                .filter(|l| !(l.trim().len() <= 2 && l.trim().chars().all(|c| c.is_ascii_digit())))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

/// A DOCX converted by LibreOffice (what Word users see), in `dir`; `None`, said on
/// stderr, when LibreOffice is absent.
fn libreoffice_pdf(docx: &Path, dir: &TempDir, what: &str) -> Option<PathBuf> {
    let Some(bin) = crate::documents::soffice() else {
        eprintln!("LibreOffice absent: skipping the DOCX half of the {what}");
        return None;
    };
    let out = Command::new(bin)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir.0)
        .arg(docx)
        .env("HOME", &dir.0)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(dir.path(&format!(
        "{}.pdf",
        docx.file_stem().unwrap().to_str().unwrap()
    )))
}

/// The group heading rows of a DOCX's tables.
fn group_rows(docx: &Path) -> Vec<String> {
    let xml = &document_xml(docx);
    regex::Regex::new(r"(?s)<w:p[ >].*?</w:p>")
        .unwrap()
        .find_iter(xml)
        .map(|m| m.as_str())
        .filter(|p| {
            p.contains(r#"w:val="VbTableGroup""#) || p.contains(r#"w:val="VbTableSubgroup""#)
        })
        .map(|p| docx_xml_text(p).trim().to_string())
        .collect()
}

/// Group headings standing last on a page, with nothing of their group below them.
fn orphans(pdf: &Path, groups: &[String]) -> Vec<String> {
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let mut out = Vec::new();
    for (i, page) in pages(pdf).iter().enumerate() {
        let tail = squeeze(page);
        for g in groups {
            if !g.is_empty() && tail.ends_with(&squeeze(g)) {
                out.push(format!("page {}: {g}", i + 1));
            }
        }
    }
    out
}

#[test]
fn no_group_heading_row_is_left_alone_at_a_page_foot() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("pdftotext (poppler-utils) absent: skipping the pagination check");
        return;
    }
    let dir = TempDir::new("orphans");
    for stem in ["quyet-dinh/qd-3472-2018", "bao-cao-cchc-q1-2019"] {
        let base = sample_run().join(stem);
        let docx = base.with_extension("docx");
        let groups = group_rows(&docx);
        assert!(groups.len() >= 7, "{stem}: {groups:?}");
        let found = orphans(&base.with_extension("pdf"), &groups);
        assert!(found.is_empty(), "{stem}.pdf: {found:?}");
        // What Word users see, through LibreOffice.
        let Some(converted) = libreoffice_pdf(&docx, &dir, "pagination check") else {
            continue;
        };
        let found = orphans(&converted, &groups);
        assert!(
            found.is_empty(),
            "{stem}.docx through LibreOffice: {found:?}"
        );
    }
}

#[test]
fn titles_break_between_phrases_not_inside_a_word_name_or_period() {
    let para = regex::Regex::new(r"(?s)<w:p[ >].*?</w:p>").unwrap();
    let piece = regex::Regex::new(r"(?s)<w:t(?: [^>]*)?>(.*?)</w:t>|<w:br[^>]*/>").unwrap();
    let mut titles = 0;
    for f in files("docx") {
        let xml = &document_xml(&f);
        for p in para.find_iter(xml).map(|m| m.as_str()) {
            if !["VbTitle\"", "VbSubject\"", "VbAppendixTitle\""]
                .iter()
                .any(|s| p.contains(s))
            {
                continue;
            }
            titles += 1;
            let lines: String = piece
                .captures_iter(p)
                .map(|c| {
                    c.get(1)
                        .map_or("\n".to_string(), |t| t.as_str().to_string())
                })
                .collect();
            let lines: Vec<&str> = lines.lines().collect();
            for w in lines.windows(2) {
                let last = w[0].split_whitespace().last().unwrap_or("").to_lowercase();
                let first = w[1].split_whitespace().next().unwrap_or("").to_lowercase();
                let pair = format!("{last} {first}");
                assert!(
                    !["quý", "năm", "số", "tháng"].contains(&last.as_str())
                        && !first.starts_with(|c: char| c.is_ascii_digit())
                        && ![
                            "cải cách",
                            "hành chính",
                            "thực hiện",
                            "phương hướng",
                            "kết quả",
                            "báo cáo",
                            "tài chính",
                            "nhân dân",
                        ]
                        .contains(&pair.as_str()),
                    "{}: title broken at {pair:?}: {lines:?}",
                    f.display()
                );
            }
        }
    }
    assert!(titles >= 15, "{titles}");
}

/// Words of a program, not of a Sở: a cell reference, a file name, a finding code, the
/// checks' technical phrases, a title cut short, a rebuke a Sở does not address to a
/// People's Committee.
fn program_words(text: &str) -> Vec<String> {
    let patterns = [
        r"\bô [A-Z]{1,3}\d+",
        r"(?i)\.(xlsx|xls|ods|csv|pdf|docx)\b",
        r"\b[a-z]+\.[a-z_]+\b",
        r"số nguyên không âm",
        r"ở tất cả các cột",
        r"không đọc được hoặc",
        r"Tệp báo cáo đã kiểm tra",
        r"rút kinh nghiệm",
        r"…",
        r"\(\(|\)\)",
        r"\) \(",
    ];
    patterns
        .iter()
        .filter_map(|p| {
            regex::Regex::new(p)
                .unwrap()
                .find(text)
                .map(|m| format!("{p}: {:?}", m.as_str()))
        })
        .collect()
}

#[test]
fn letters_and_the_to_trinh_speak_the_sos_words() {
    let mut checked = 0;
    for f in files("docx") {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if !(f.parent().unwrap().ends_with("cong-van-don-doc") || name.starts_with("to-trinh")) {
            continue;
        }
        checked += 1;
        let text = docx_text(&f);
        let found = program_words(&text);
        assert!(found.is_empty(), "{name}: {found:?}");
        if let Some(pdf) = pdftotext(&f.with_extension("pdf")) {
            let found = program_words(&pdf);
            assert!(found.is_empty(), "{name} (PDF): {found:?}");
        }
    }
    assert_eq!(checked, 8);
    let letter =
        |stem: &str| docx_text(&sample_run().join(format!("cong-van-don-doc/{stem}.docx")));
    // Each reason is the fact itself.
    let qhb = letter("chinh-sua-QHB-q1-2019");
    assert!(
        qhb.contains("báo cáo ghi kỳ quý III/2019, không phải quý I/2019"),
        "{qhb}"
    );
    let sgtvt = letter("chinh-sua-SGTVT-q1-2019");
    assert!(
        sgtvt.contains("V/v gửi lại báo cáo") && sgtvt.contains("không mở được"),
        "{sgtvt}"
    );
    // Places as a văn thư writes them, swapped rows told as one fault.
    let qlc = letter("chinh-sua-QLC-q1-2019");
    assert!(qlc.contains("Biểu Nhiệm vụ, dòng 35"), "{qlc}");
    assert!(
        qlc.contains("ghi đổi chỗ cho nhau") && qlc.contains("dòng 7, 8"),
        "{qlc}"
    );
    // Wednesday 06/03/2019 and three working days: 07, 08 and 11/03.
    assert!(qlc.contains("trước ngày 12/03/2019"), "{qlc}");
    assert!(qlc.contains("Chi tiết liên hệ:"), "{qlc}");
    let late = letter("nhac-han-QNQ-q1-2019");
    assert!(
        late.contains("tiêu chí đánh giá, chấm điểm Chỉ số cải cách hành chính"),
        "{late}"
    );
}

#[test]
fn a_one_page_decision_stays_on_its_page() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("pdftotext (poppler-utils) absent: skipping the one-page check");
        return;
    }
    // With 1.1 lines its Điều 3 and signature went to page 2, a third of page 1 empty;
    // set single-spaced (the decree's minimum) it holds on page 1, in both formats. (The
    // 2018 Chỉ số draft as it was before its căn cứ and articles grew to two pages.)
    let out = TempDir::new("one-page-decision");
    let spec = root().join("tests/fixtures/one-page-decision.toml");
    let run = vanban(&[
        "decision",
        spec.to_str().unwrap(),
        "-o",
        out.0.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let base = out.path("one-page-decision");
    let first = |pdf: &Path| pages(pdf).into_iter().next().unwrap();
    let page = first(&base.with_extension("pdf"));
    assert!(
        page.contains("Điều 3.") && page.contains("CHỦ TỊCH"),
        "{page}"
    );
    let dir = TempDir::new("one-page");
    let Some(converted) = libreoffice_pdf(&base.with_extension("docx"), &dir, "one-page check")
    else {
        return;
    };
    let page = first(&converted);
    assert!(
        page.contains("Điều 3.") && page.contains("CHỦ TỊCH"),
        "{page}"
    );
    // A document that fills its pages keeps the format's 1.1 lines.
    let report = parts(&sample_run().join("bao-cao-cchc-q1-2019.docx"));
    let styles = &report
        .iter()
        .find(|(n, _)| n == "word/styles.xml")
        .unwrap()
        .1;
    assert!(styles.contains(r#"w:line="264""#), "1.1 lines: 264 / 240");
}

#[test]
fn phu_luc_ii_lists_agencies_in_official_order_names_whole() {
    let registry = vanban::Registry::load(&root().join("inputs/co-quan.toml")).unwrap();
    let report = docx_text(&sample_run().join("bao-cao-cchc-q1-2019.docx"));
    let annex = &report[report.find("SỐ LIỆU CẢI CÁCH HÀNH CHÍNH").unwrap()..];
    let annex = &annex[..annex.find("Tổng cộng").unwrap()];
    // Where each agency of the registry stands in the annex: in the registry's order.
    let at: Vec<usize> = registry
        .agencies()
        .iter()
        .filter_map(|a| annex.find(&format!(" {} ", a.name)))
        .collect();
    assert!(at.len() >= 10, "{at:?}");
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "not in registry order: {annex}"
    );
    // No name broken across lines in the PDF (a name column as wide as its longest name).
    let pdf = sample_run().join("bao-cao-cchc-q1-2019.pdf");
    let Some(_) = pdftotext(&pdf) else { return };
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let page = text
        .split('\u{c}')
        .find(|p| p.contains("SỐ LIỆU CẢI CÁCH"))
        .unwrap();
    for name in [
        "Ủy ban nhân dân huyện Thủy Nguyên",
        "Ủy ban nhân dân quận Ngô Quyền",
    ] {
        assert!(page.contains(name), "{name} broken: {page}");
    }
}

#[test]
fn no_title_or_quote_is_cut_with_an_ellipsis() {
    // A title cut between the syllables of a word ("Triển khai đánh giá xác…") is no
    // text a specialist writes (#24): titles are whole, quotes end at a sentence.
    for f in files("docx") {
        let text = docx_text(&f);
        if let Some(i) = text.find('…') {
            let before: String = text[..i].chars().rev().take(60).collect();
            panic!(
                "{}: …{}…",
                f.display(),
                before.chars().rev().collect::<String>()
            );
        }
        if let Some(pdf) = pdftotext(&f.with_extension("pdf")) {
            assert!(!pdf.contains('…'), "{} (PDF)", f.display());
        }
    }
}
