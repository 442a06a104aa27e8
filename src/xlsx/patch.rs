//! The feedback copy of an .xlsx made from the agency's own file: its package patched,
//! not rebuilt. Everything the agency made — formats, merges, column widths, other
//! sheets, formulas — stays as it was; vanban adds the findings sheet (first, and the
//! one the workbook opens on), two fills and the cell formats that use them (each marked
//! cell keeps its own format, with the fill added), and a note on each marked cell.
//!
//! An .xlsx is a zip of XML parts (ECMA-376). The parts vanban touches are small and
//! regular — `workbook.xml`, its relationships, `[Content_Types].xml`, `styles.xml`, a
//! worksheet's `<sheetData>` rows — and are edited as text at known elements; every other
//! part is copied byte for byte (raw, without recompressing). What the patch cannot do
//! safely (a sheet that already has notes: its notes are left alone and its cells only
//! shaded; a part that is not where the package says) is an error, and the caller falls
//! back to the rebuilt copy.

use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

/// A marked cell: whether a finding there is an error (else a warning), and its note.
pub struct Mark {
    pub error: bool,
    pub note: String,
}

/// Why a package could not be patched (the caller then rebuilds the copy).
#[derive(Debug, thiserror::Error)]
pub enum PatchError {
    #[error("tệp xlsx không đọc được: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("tệp xlsx không đọc được: {0}")]
    Io(#[from] std::io::Error),
    #[error("tệp xlsx thiếu phần {0}")]
    Missing(String),
    #[error("cấu trúc tệp xlsx không như mong đợi: {0}")]
    Unexpected(&'static str),
    /// A worksheet part too large to edit as text within bounded memory.
    #[error("trang tính quá lớn để sửa trực tiếp")]
    TooLarge,
}

/// Largest worksheet part edited as text; a larger sheet gets the rebuilt copy, which
/// is written in constant memory.
const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;

/// The findings sheet's content, already laid out: lines above the table, the header
/// (with column widths) and the rows (text cells; numbers as numbers).
pub struct Sheet {
    pub name: String,
    pub lines: Vec<String>,
    pub header: Vec<(String, f64)>,
    pub rows: Vec<Vec<Out>>,
}

/// A cell of the findings sheet.
pub enum Out {
    Text(String),
    Number(f64),
}

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WORKSHEET_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const COMMENTS_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const VML_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";
const ERROR_RGB: &str = "FFF4B6B6";
const WARNING_RGB: &str = "FFFFE699";

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

/// XML text with the five specials escaped and characters XML 1.0 forbids dropped.
fn esc(s: &str) -> String {
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
fn unesc(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The value of an attribute in an element's start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = start + tag[start..].find('"')?;
    Some(&tag[start..end])
}

/// An element's start tag with an attribute set (replaced or added).
fn with_attr(tag: &str, name: &str, value: &str) -> String {
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

/// "B12" → (11, 1), zero-based.
fn parse_ref(r: &str) -> Option<(u32, u32)> {
    let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &r[letters.len()..];
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.bytes().fold(0u32, |acc, b| {
        acc * 26 + (b.to_ascii_uppercase() - b'A' + 1) as u32
    }) - 1;
    Some((digits.parse::<u32>().ok()?.checked_sub(1)?, col))
}

/// A part's path resolved against the folder of the part that refers to it.
fn resolve(base_dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = base_dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The agency's workbook with the findings sheet first and the marked cells shaded and
/// annotated. `marks` is keyed by sheet name (as the reader names it, clean NFC) and
/// zero-based (row, column).
pub fn annotate(
    original: &[u8],
    findings: &Sheet,
    marks: &BTreeMap<String, BTreeMap<(u32, u32), Mark>>,
) -> Result<Vec<u8>, PatchError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(original))?;
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let mut changed: BTreeMap<String, String> = BTreeMap::new();

    // The workbook part, from the package relationships.
    let root_rels = read(&mut zip, "_rels/.rels")?;
    static OFFICE_DOC: OnceLock<Regex> = OnceLock::new();
    let workbook_path = re(&OFFICE_DOC, r#"<Relationship\b[^>]*/?>"#)
        .find_iter(&root_rels)
        .map(|m| m.as_str())
        .find(|t| attr(t, "Type").is_some_and(|ty| ty.ends_with("/officeDocument")))
        .and_then(|t| attr(t, "Target"))
        .map(|t| resolve("", t))
        .ok_or(PatchError::Unexpected("không có phần workbook"))?;
    let wb_dir = workbook_path
        .rsplit_once('/')
        .map_or("", |(d, _)| d)
        .to_string();
    let wb_rels_path = format!(
        "{wb_dir}/_rels/{}.rels",
        workbook_path.rsplit('/').next().unwrap_or("")
    );
    let mut workbook = read(&mut zip, &workbook_path)?;
    let mut wb_rels = read(&mut zip, &wb_rels_path)?;
    let mut types = read(&mut zip, "[Content_Types].xml")?;

    // Relationship id → target part.
    static REL: OnceLock<Regex> = OnceLock::new();
    let rels: HashMap<String, String> = re(&REL, r#"<Relationship\b[^>]*/?>"#)
        .find_iter(&wb_rels)
        .filter_map(|m| {
            let t = m.as_str();
            Some((
                attr(t, "Id")?.to_string(),
                resolve(&wb_dir, attr(t, "Target")?),
            ))
        })
        .collect();
    let styles_path = re(&REL, r#"<Relationship\b[^>]*/?>"#)
        .find_iter(&wb_rels)
        .map(|m| m.as_str())
        .find(|t| attr(t, "Type").is_some_and(|ty| ty.ends_with("/styles")))
        .and_then(|t| attr(t, "Target"))
        .map(|t| resolve(&wb_dir, t))
        .ok_or(PatchError::Unexpected("không có phần styles"))?;
    let styles = read(&mut zip, &styles_path)?;

    // Sheets: name → part, in workbook order.
    static SHEET: OnceLock<Regex> = OnceLock::new();
    let sheet_tags: Vec<String> = re(&SHEET, r#"<sheet\b[^>]*/?>"#)
        .find_iter(&workbook)
        .map(|m| m.as_str().to_string())
        .collect();
    if sheet_tags.is_empty() {
        return Err(PatchError::Unexpected("không có trang tính"));
    }
    let mut sheets: Vec<(String, String)> = Vec::new();
    let mut max_id = 0u32;
    for i in 0..zip.len() {
        if zip.by_index_raw(i)?.size() > MAX_PART_BYTES {
            return Err(PatchError::TooLarge);
        }
    }
    for t in &sheet_tags {
        max_id = max_id.max(attr(t, "sheetId").and_then(|v| v.parse().ok()).unwrap_or(0));
        let rid = attr(t, "r:id").ok_or(PatchError::Unexpected("trang không có r:id"))?;
        let name = crate::text::clean(&unesc(attr(t, "name").unwrap_or("")));
        if let Some(part) = rels.get(rid) {
            sheets.push((name, part.clone()));
        }
    }

    // Styles: two fills, and per (format, fill) a copy of the format with the fill.
    let (mut styles_new, fill_error, fill_warning) = add_fills(&styles)?;
    let mut xfs = CellXfs::read(&styles_new)?;
    let bold_xf = xfs.bold(&mut styles_new)?;
    let wrap_xf = xfs.wrapped();

    // Each marked sheet: cells shaded, notes added.
    let mut note_parts = 0usize;
    for (sheet_name, part) in &sheets {
        let Some(cells) = marks.get(sheet_name) else {
            continue;
        };
        if cells.is_empty() {
            continue;
        }
        let mut xml = read(&mut zip, part)?;
        xml = shade(&xml, cells, |orig, error| {
            xfs.with_fill(orig, if error { fill_error } else { fill_warning })
        })?;
        let has_notes = xml.contains("<legacyDrawing");
        if has_notes {
            // The sheet has notes of its own (the form's instructions): ours join them.
            let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
            let rels_path = format!("{dir}/_rels/{file}.rels");
            let sheet_rels = read(&mut zip, &rels_path)?;
            let target = |kind: &str| -> Option<String> {
                re(&REL, r#"<Relationship\b[^>]*/?>"#)
                    .find_iter(&sheet_rels)
                    .map(|m| m.as_str())
                    .find(|t| attr(t, "Type").is_some_and(|ty| ty.ends_with(kind)))
                    .and_then(|t| attr(t, "Target"))
                    .map(|t| resolve(dir, t))
            };
            let (Some(comments_path), Some(vml_path)) =
                (target("/comments"), target("/vmlDrawing"))
            else {
                return Err(PatchError::Unexpected(
                    "ghi chú có sẵn không tìm được phần của nó",
                ));
            };
            let comments = read(&mut zip, &comments_path)?;
            let vml = read(&mut zip, &vml_path)?;
            note_parts += 1;
            let (comments, vml) = join_notes(&comments, &vml, cells, note_parts)?;
            changed.insert(comments_path, comments);
            changed.insert(vml_path, vml);
        } else {
            note_parts += 1;
            let k = note_parts;
            let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
            let rels_path = format!("{dir}/_rels/{file}.rels");
            let comments_path = format!("xl/vanban-comments{k}.xml");
            let vml_path = format!("xl/drawings/vanban-vmlDrawing{k}.vml");
            let mut sheet_rels = if names.iter().any(|n| *n == rels_path) {
                read(&mut zip, &rels_path)?
            } else {
                format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>"
                )
            };
            let rid_c = format!("rIdVanbanC{k}");
            let rid_v = format!("rIdVanbanV{k}");
            let rel_lines = format!(
                "<Relationship Id=\"{rid_c}\" Type=\"{COMMENTS_REL}\" Target=\"/{comments_path}\"/><Relationship Id=\"{rid_v}\" Type=\"{VML_REL}\" Target=\"/{vml_path}\"/>"
            );
            sheet_rels = sheet_rels.replacen(
                "</Relationships>",
                &format!("{rel_lines}</Relationships>"),
                1,
            );
            xml = add_legacy_drawing(&xml, &rid_v)?;
            changed.insert(rels_path, sheet_rels);
            changed.insert(comments_path.clone(), comments_xml(cells));
            changed.insert(vml_path, vml_xml(cells, k));
            types = add_override(
                &types,
                &format!("/{comments_path}"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
            );
        }
        changed.insert(part.clone(), xml);
    }
    if note_parts > 0 && !types.contains("Extension=\"vml\"") {
        types = types.replacen(
            "<Override",
            "<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/><Override",
            1,
        );
    }

    // The findings sheet, first, selected; no other sheet selected.
    let new_part = format!("{wb_dir}/worksheets/vanban-ket-qua-kiem-tra.xml");
    let new_target = "worksheets/vanban-ket-qua-kiem-tra.xml";
    changed.insert(new_part.clone(), findings_xml(findings, bold_xf, wrap_xf));
    for (_, part) in &sheets {
        let xml = match changed.get(part) {
            Some(x) => x.clone(),
            None => read(&mut zip, part)?,
        };
        if xml.contains("tabSelected=\"1\"") {
            changed.insert(
                part.clone(),
                xml.replace("tabSelected=\"1\"", "tabSelected=\"0\""),
            );
        }
    }
    types = add_override(
        &types,
        &format!("/{new_part}"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    );
    let rid = "rIdVanbanKetQua";
    wb_rels = wb_rels.replacen(
        "</Relationships>",
        &format!("<Relationship Id=\"{rid}\" Type=\"{WORKSHEET_REL}\" Target=\"{new_target}\"/></Relationships>"),
        1,
    );
    let sheets_open = workbook
        .find("<sheets>")
        .ok_or(PatchError::Unexpected("không có <sheets>"))?
        + "<sheets>".len();
    workbook.insert_str(
        sheets_open,
        &format!(
            "<sheet name=\"{}\" sheetId=\"{}\" r:id=\"{rid}\"/>",
            esc(&findings.name),
            max_id + 1
        ),
    );
    // Sheet-local names (print areas, filters) point at sheets by position: one more.
    static LOCAL: OnceLock<Regex> = OnceLock::new();
    workbook = re(&LOCAL, r#"localSheetId="(\d+)""#)
        .replace_all(&workbook, |c: &regex::Captures| {
            format!("localSheetId=\"{}\"", c[1].parse::<u32>().unwrap_or(0) + 1)
        })
        .into_owned();
    static ACTIVE: OnceLock<Regex> = OnceLock::new();
    workbook = re(&ACTIVE, r#" (activeTab|firstSheet)="\d+""#)
        .replace_all(&workbook, "")
        .into_owned();
    if !workbook.contains("xmlns:r=") {
        workbook = workbook.replacen("<workbook ", &format!("<workbook xmlns:r=\"{REL_NS}\" "), 1);
    }
    changed.insert(workbook_path, workbook);
    changed.insert(wb_rels_path, wb_rels);
    changed.insert("[Content_Types].xml".into(), types);
    changed.insert(styles_path, xfs.write(&styles_new));

    // The new package: untouched parts copied raw, the others written.
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i)?;
        let name = f.name().to_string();
        if let Some(text) = changed.remove(&name) {
            drop(f);
            out.start_file(name, options)?;
            out.write_all(text.as_bytes())?;
        } else {
            out.raw_copy_file(f)?;
        }
    }
    for (name, text) in changed {
        out.start_file(name, options)?;
        out.write_all(text.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// A part of the package as text.
fn read(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, PatchError> {
    let mut f = zip
        .by_name(name)
        .map_err(|_| PatchError::Missing(name.to_string()))?;
    let mut s = String::new();
    f.read_to_string(&mut s)?;
    Ok(s)
}

/// Adds the two fills to `styles.xml`; returns it with their indexes (error, warning).
fn add_fills(styles: &str) -> Result<(String, usize, usize), PatchError> {
    let fill = |rgb: &str| {
        format!(
            "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"{rgb}\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        )
    };
    static FILLS: OnceLock<Regex> = OnceLock::new();
    let re_fills = re(&FILLS, r#"(?s)<fills\b[^>]*?(/>|>(.*?)</fills>)"#);
    let m = re_fills
        .captures(styles)
        .ok_or(PatchError::Unexpected("styles.xml không có <fills>"))?;
    let whole = m.get(0).expect("match");
    let inner = m.get(2).map_or("", |x| x.as_str());
    let count = inner.matches("<fill>").count()
        + inner.matches("<fill ").count()
        + inner.matches("<fill/>").count();
    let new = format!(
        "<fills count=\"{}\">{inner}{}{}</fills>",
        count + 2,
        fill(ERROR_RGB),
        fill(WARNING_RGB)
    );
    let mut s = styles.to_string();
    s.replace_range(whole.range(), &new);
    Ok((s, count, count + 1))
}

/// The cell formats of `styles.xml` and the ones vanban adds.
struct CellXfs {
    /// Each existing `<xf>` element, as written.
    xfs: Vec<String>,
    added: Vec<String>,
    made: HashMap<(usize, usize), usize>,
}

impl CellXfs {
    fn read(styles: &str) -> Result<CellXfs, PatchError> {
        static XFS: OnceLock<Regex> = OnceLock::new();
        static XF: OnceLock<Regex> = OnceLock::new();
        let block = re(&XFS, r#"(?s)<cellXfs\b[^>]*>(.*?)</cellXfs>"#)
            .captures(styles)
            .ok_or(PatchError::Unexpected("styles.xml không có <cellXfs>"))?;
        let xfs = re(&XF, r#"(?s)<xf\b[^>]*/>|<xf\b[^>]*[^/]>.*?</xf>"#)
            .find_iter(&block[1])
            .map(|m| m.as_str().to_string())
            .collect::<Vec<_>>();
        if xfs.is_empty() {
            return Err(PatchError::Unexpected("styles.xml không có định dạng ô"));
        }
        Ok(CellXfs {
            xfs,
            added: Vec::new(),
            made: HashMap::new(),
        })
    }

    fn push(&mut self, xf: String) -> usize {
        self.added.push(xf);
        self.xfs.len() + self.added.len() - 1
    }

    /// The format `orig` with a fill (made once per pair).
    fn with_fill(&mut self, orig: usize, fill: usize) -> usize {
        if let Some(&i) = self.made.get(&(orig, fill)) {
            return i;
        }
        let base = self
            .xfs
            .get(orig)
            .cloned()
            .unwrap_or_else(|| self.xfs[0].clone());
        let tag_end = base.find('>').unwrap_or(base.len() - 1) + 1;
        let (tag, rest) = base.split_at(tag_end);
        let tag = with_attr(
            &with_attr(tag, "fillId", &fill.to_string()),
            "applyFill",
            "1",
        );
        let i = self.push(format!("{tag}{rest}"));
        self.made.insert((orig, fill), i);
        i
    }

    /// A bold format (a bold font added to the fonts).
    fn bold(&mut self, styles: &mut String) -> Result<usize, PatchError> {
        static FONTS: OnceLock<Regex> = OnceLock::new();
        let m = re(&FONTS, r#"(?s)<fonts\b[^>]*>(.*?)</fonts>"#)
            .captures(styles)
            .ok_or(PatchError::Unexpected("styles.xml không có <fonts>"))?;
        let whole = m.get(0).expect("match").range();
        let inner = m[1].to_string();
        let count = inner.matches("<font>").count()
            + inner.matches("<font ").count()
            + inner.matches("<font/>").count();
        styles.replace_range(
            whole,
            &format!("<fonts count=\"{}\">{inner}<font><b/><sz val=\"11\"/><name val=\"Times New Roman\"/></font></fonts>", count + 1),
        );
        Ok(self.push(format!(
            "<xf numFmtId=\"0\" fontId=\"{count}\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        )))
    }

    /// A format with wrapped text, aligned to the top.
    fn wrapped(&mut self) -> usize {
        self.push(
            "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"
                .to_string(),
        )
    }

    /// `styles.xml` with the added formats appended to `<cellXfs>`.
    fn write(&self, styles: &str) -> String {
        static XFS: OnceLock<Regex> = OnceLock::new();
        re(&XFS, r#"(?s)<cellXfs\b[^>]*>(.*?)</cellXfs>"#)
            .replace(styles, |c: &regex::Captures| {
                format!(
                    "<cellXfs count=\"{}\">{}{}</cellXfs>",
                    self.xfs.len() + self.added.len(),
                    &c[1],
                    self.added.concat()
                )
            })
            .into_owned()
    }
}

/// Shades the marked cells of a worksheet: each marked cell's `s` set to its format with
/// the fill (`fmt(original, is_error)`); a marked cell the sheet does not have is added
/// in its row (a row it does not have is added in order).
fn shade(
    xml: &str,
    cells: &BTreeMap<(u32, u32), Mark>,
    mut fmt: impl FnMut(usize, bool) -> usize,
) -> Result<String, PatchError> {
    let data_start = xml
        .find("<sheetData")
        .ok_or(PatchError::Unexpected("trang tính không có <sheetData>"))?;
    let (head, rest) = xml.split_at(data_start);
    if rest.starts_with("<sheetData/>") {
        let rows = new_rows(cells, &mut fmt);
        return Ok(format!(
            "{head}<sheetData>{rows}</sheetData>{}",
            &rest["<sheetData/>".len()..]
        ));
    }
    let open_end = rest
        .find('>')
        .ok_or(PatchError::Unexpected("<sheetData>"))?
        + 1;
    let close = rest
        .find("</sheetData>")
        .ok_or(PatchError::Unexpected("</sheetData>"))?;
    let body = &rest[open_end..close];
    // Marks by row.
    let mut by_row: BTreeMap<u32, Vec<(u32, &Mark)>> = BTreeMap::new();
    for (&(r, c), m) in cells {
        by_row.entry(r).or_default().push((c, m));
    }
    static ROW: OnceLock<Regex> = OnceLock::new();
    let row_re = re(&ROW, r#"(?s)<row\b[^>]*/>|<row\b[^>]*[^/]>.*?</row>"#);
    let mut out = String::with_capacity(body.len() + cells.len() * 40);
    let mut last = 0;
    let mut pending = by_row.into_iter().peekable();
    let mut prev_row: Option<u32> = None;
    for m in row_re.find_iter(body) {
        out.push_str(&body[last..m.start()]);
        last = m.end();
        let row_xml = m.as_str();
        let tag_end = row_xml.find('>').unwrap_or(row_xml.len() - 1) + 1;
        let r = attr(&row_xml[..tag_end], "r")
            .and_then(|v| v.parse::<u32>().ok())
            .map(|v| v - 1)
            .unwrap_or_else(|| prev_row.map_or(0, |p| p + 1));
        prev_row = Some(r);
        // Rows with marks that come before this one.
        while let Some((pr, _)) = pending.peek()
            && *pr < r
        {
            let (pr, marks) = pending.next().expect("peeked");
            out.push_str(&one_new_row(pr, &marks, &mut fmt));
        }
        match pending.next_if(|(pr, _)| *pr == r) {
            Some((_, marks)) => out.push_str(&shade_row(row_xml, r, &marks, &mut fmt)),
            None => out.push_str(row_xml),
        }
    }
    out.push_str(&body[last..]);
    for (pr, marks) in pending {
        out.push_str(&one_new_row(pr, &marks, &mut fmt));
    }
    Ok(format!(
        "{head}{}{out}{}",
        &rest[..open_end],
        &rest[close..]
    ))
}

fn new_rows(
    cells: &BTreeMap<(u32, u32), Mark>,
    fmt: &mut impl FnMut(usize, bool) -> usize,
) -> String {
    let mut by_row: BTreeMap<u32, Vec<(u32, &Mark)>> = BTreeMap::new();
    for (&(r, c), m) in cells {
        by_row.entry(r).or_default().push((c, m));
    }
    by_row
        .into_iter()
        .map(|(r, marks)| one_new_row(r, &marks, fmt))
        .collect()
}

fn one_new_row(
    r: u32,
    marks: &[(u32, &Mark)],
    fmt: &mut impl FnMut(usize, bool) -> usize,
) -> String {
    let cells: String = marks
        .iter()
        .map(|(c, m)| {
            format!(
                "<c r=\"{}\" s=\"{}\"/>",
                crate::model::finding::a1(r, *c),
                fmt(0, m.error)
            )
        })
        .collect();
    format!("<row r=\"{}\">{cells}</row>", r + 1)
}

/// One existing row with its marked cells' formats changed (or cells added in order).
fn shade_row(
    row_xml: &str,
    r: u32,
    marks: &[(u32, &Mark)],
    fmt: &mut impl FnMut(usize, bool) -> usize,
) -> String {
    let tag_end = row_xml.find('>').unwrap_or(row_xml.len() - 1) + 1;
    let (tag, body) = row_xml.split_at(tag_end);
    let (open, inner, close) = if tag.ends_with("/>") {
        (format!("{}>", &tag[..tag.len() - 2]), "", "</row>")
    } else {
        let inner_end = body.rfind("</row>").unwrap_or(body.len());
        (tag.to_string(), &body[..inner_end], "</row>")
    };
    static CELL: OnceLock<Regex> = OnceLock::new();
    let cell_re = re(&CELL, r#"(?s)<c\b[^>]*/>|<c\b[^>]*[^/]>.*?</c>"#);
    let mut out = String::with_capacity(inner.len() + marks.len() * 30);
    let mut pending = marks.iter().peekable();
    let mut last = 0;
    let mut prev_col: Option<u32> = None;
    for m in cell_re.find_iter(inner) {
        out.push_str(&inner[last..m.start()]);
        last = m.end();
        let cell = m.as_str();
        let ctag_end = cell.find('>').unwrap_or(cell.len() - 1) + 1;
        let ctag = &cell[..ctag_end];
        let c = attr(ctag, "r")
            .and_then(parse_ref)
            .map(|(_, c)| c)
            .unwrap_or_else(|| prev_col.map_or(0, |p| p + 1));
        prev_col = Some(c);
        while let Some((pc, _)) = pending.peek()
            && *pc < c
        {
            let (pc, mk) = pending.next().expect("peeked");
            out.push_str(&format!(
                "<c r=\"{}\" s=\"{}\"/>",
                crate::model::finding::a1(r, *pc),
                fmt(0, mk.error)
            ));
        }
        match pending.next_if(|(pc, _)| *pc == c) {
            Some((_, mk)) => {
                let orig = attr(ctag, "s").and_then(|v| v.parse().ok()).unwrap_or(0);
                let new_tag = with_attr(ctag, "s", &fmt(orig, mk.error).to_string());
                out.push_str(&new_tag);
                out.push_str(&cell[ctag_end..]);
            }
            None => out.push_str(cell),
        }
    }
    out.push_str(&inner[last..]);
    for (pc, mk) in pending {
        out.push_str(&format!(
            "<c r=\"{}\" s=\"{}\"/>",
            crate::model::finding::a1(r, *pc),
            fmt(0, mk.error)
        ));
    }
    format!("{open}{out}{close}")
}

/// The worksheet with a `<legacyDrawing>` (the notes' shapes) where the schema puts it:
/// after `<drawing>`, before the elements that follow it.
fn add_legacy_drawing(xml: &str, rid: &str) -> Result<String, PatchError> {
    let element = format!("<legacyDrawing r:id=\"{rid}\"/>");
    let mut xml = xml.to_string();
    if !xml[..xml.find('>').unwrap_or(0)].contains("xmlns:r=") {
        static ROOT: OnceLock<Regex> = OnceLock::new();
        let m = re(&ROOT, r#"<worksheet\b"#)
            .find(&xml)
            .ok_or(PatchError::Unexpected("không có <worksheet>"))?;
        xml.insert_str(m.end(), &format!(" xmlns:r=\"{REL_NS}\""));
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

fn add_override(types: &str, part: &str, content_type: &str) -> String {
    if types.contains(&format!("PartName=\"{part}\"")) {
        return types.to_string();
    }
    types.replacen(
        "</Types>",
        &format!("<Override PartName=\"{part}\" ContentType=\"{content_type}\"/></Types>"),
        1,
    )
}

/// Our notes added to a sheet's own: a comment and a shape per marked cell that has no
/// note yet (a cell the agency annotated keeps its note; the shading still marks it).
fn join_notes(
    comments: &str,
    vml: &str,
    cells: &BTreeMap<(u32, u32), Mark>,
    k: usize,
) -> Result<(String, String), PatchError> {
    static REF: OnceLock<Regex> = OnceLock::new();
    let taken: std::collections::HashSet<(u32, u32)> =
        re(&REF, r#"<comment\b[^>]*\bref="([A-Z]+[0-9]+)""#)
            .captures_iter(comments)
            .filter_map(|c| parse_ref(&c[1]))
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
    if !vml.contains("id=\"_x0000_t202\"") {
        return Err(PatchError::Unexpected(
            "ghi chú có sẵn: vml không có kiểu hình ghi chú",
        ));
    }
    Ok((comments, vml))
}

fn comments_xml(cells: &BTreeMap<(u32, u32), Mark>) -> String {
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

fn vml_xml(cells: &BTreeMap<(u32, u32), Mark>, k: usize) -> String {
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

/// The findings sheet as a worksheet part (inline strings: no shared-string table to
/// change).
fn findings_xml(sheet: &Sheet, bold: usize, wrap: usize) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr><sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"/></sheetViews><cols>"
    );
    for (i, (_, w)) in sheet.header.iter().enumerate() {
        s.push_str(&format!(
            "<col min=\"{0}\" max=\"{0}\" width=\"{w}\" customWidth=\"1\"/>",
            i + 1
        ));
    }
    s.push_str("</cols><sheetData>");
    let text = |r: u32, c: u32, t: &str, st: usize| {
        format!(
            "<c r=\"{}\" s=\"{st}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
            crate::model::finding::a1(r, c),
            esc(t)
        )
    };
    let mut r = 0u32;
    for l in &sheet.lines {
        s.push_str(&format!(
            "<row r=\"{}\">{}</row>",
            r + 1,
            text(r, 0, l, bold)
        ));
        r += 1;
    }
    r += 1;
    let header: String = sheet
        .header
        .iter()
        .enumerate()
        .map(|(c, (h, _))| text(r, c as u32, h, bold))
        .collect();
    s.push_str(&format!("<row r=\"{}\">{header}</row>", r + 1));
    r += 1;
    for row in &sheet.rows {
        let cells: String = row
            .iter()
            .enumerate()
            .map(|(c, cell)| match cell {
                Out::Text(t) => text(r, c as u32, t, wrap),
                Out::Number(n) => format!(
                    "<c r=\"{}\" s=\"{wrap}\"><v>{n}</v></c>",
                    crate::model::finding::a1(r, c as u32)
                ),
            })
            .collect();
        s.push_str(&format!("<row r=\"{}\">{cells}</row>", r + 1));
        r += 1;
    }
    s.push_str("</sheetData><pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(parse_ref("AB12"), Some((11, 27)));
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

    #[test]
    fn a_marked_cell_is_shaded_added_or_its_row_added() {
        let xml = "<worksheet><sheetData><row r=\"2\"><c r=\"A2\" s=\"4\"><v>1</v></c><c r=\"C2\"><v>2</v></c></row><row r=\"5\"/></sheetData></worksheet>";
        let mut cells = BTreeMap::new();
        let mark = |error| Mark {
            error,
            note: "n".into(),
        };
        cells.insert((1, 0), mark(true));
        cells.insert((1, 1), mark(false));
        cells.insert((2, 3), mark(true));
        cells.insert((4, 0), mark(false));
        let out = shade(xml, &cells, |orig, error| 100 + orig * 2 + error as usize).unwrap();
        assert_eq!(
            out,
            "<worksheet><sheetData><row r=\"2\"><c r=\"A2\" s=\"109\"><v>1</v></c><c r=\"B2\" s=\"100\"/><c r=\"C2\"><v>2</v></c></row><row r=\"3\"><c r=\"D3\" s=\"101\"/></row><row r=\"5\"><c r=\"A5\" s=\"100\"/></row></sheetData></worksheet>"
        );
    }
}
