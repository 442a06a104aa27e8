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

mod canon;
mod cells;
mod findings;
mod notes;
mod styles;
mod xml;

use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;
use styles::CellXfs;
use xml::{attr, esc, re, resolve, unesc};

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
    /// A part of the patched copy failed the read-back: the copy is not sent.
    #[error("phần {0} của bản sao không hợp lệ")]
    Invalid(String),
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

pub(super) const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
pub(super) const REL_NS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// The namespace of relationship parts (`*.rels`).
const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
/// The namespace of `[Content_Types].xml`.
const TYPES_NS: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
const WORKSHEET_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const COMMENTS_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const VML_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";

/// The agency's workbook with the findings sheet first and the marked cells shaded and
/// annotated. `marks` is keyed by sheet name (as the reader names it, clean NFC) and
/// zero-based (row, column).
pub fn annotate(
    original: &[u8],
    findings: &Sheet,
    marks: &BTreeMap<String, BTreeMap<(u32, u32), Mark>>,
) -> Result<Vec<u8>, PatchError> {
    let mut pkg = Package::open(original)?;
    // Styles: two fills, and per (format, fill) a copy of the format with the fill.
    let styles = pkg.read_as(&pkg.styles_path.clone(), MAIN_NS, false)?;
    let (mut styles, fill_error, fill_warning) = styles::add_fills(&styles)?;
    let mut xfs = CellXfs::read(&styles)?;
    let bold = xfs.bold(&mut styles)?;
    let wrap = xfs.wrapped();
    let sheets = pkg.sheets.clone();
    let mut note_parts = 0usize;
    for (name, part) in &sheets {
        let Some(cells) = marks.get(name).filter(|c| !c.is_empty()) else {
            continue;
        };
        note_parts += 1;
        pkg.mark_sheet(part, cells, note_parts, |orig, error| {
            xfs.with_fill(orig, if error { fill_error } else { fill_warning })
        })?;
    }
    if note_parts > 0 && !pkg.types.contains("Extension=\"vml\"") {
        pkg.types = pkg.types.replacen(
            "<Override",
            "<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/><Override",
            1,
        );
    }
    pkg.add_findings(findings, bold, wrap)?;
    let styles_path = pkg.styles_path.clone();
    pkg.changed.insert(styles_path, xfs.write(&styles));
    pkg.write()
}

/// The package being patched: its parts as read, and the parts changed or added.
struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    names: Vec<String>,
    changed: BTreeMap<String, String>,
    workbook_path: String,
    wb_dir: String,
    wb_rels_path: String,
    workbook: String,
    wb_rels: String,
    types: String,
    styles_path: String,
    /// (sheet name, part), in workbook order.
    sheets: Vec<(String, String)>,
    max_sheet_id: u32,
}

static REL: OnceLock<Regex> = OnceLock::new();

/// The target of the first relationship of a kind ("/styles") in a relationships part.
fn target_of(rels: &str, dir: &str, kind: &str) -> Option<String> {
    re(&REL, r#"<Relationship\b[^>]*/?>"#)
        .find_iter(rels)
        .map(|m| m.as_str())
        .find(|t| attr(t, "Type").is_some_and(|ty| ty.ends_with(kind)))
        .and_then(|t| attr(t, "Target"))
        .map(|t| resolve(dir, t))
}

impl<'a> Package<'a> {
    /// Opens the package and finds its workbook, styles and sheets. A part over
    /// [`MAX_PART_BYTES`] refuses the patch.
    fn open(original: &'a [u8]) -> Result<Package<'a>, PatchError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(original))?;
        for i in 0..zip.len() {
            if zip.by_index_raw(i)?.size() > MAX_PART_BYTES {
                return Err(PatchError::TooLarge);
            }
        }
        let names: Vec<String> = zip.file_names().map(str::to_string).collect();
        let root_rels = canonical(read(&mut zip, "_rels/.rels")?, PKG_REL_NS, false)?;
        let workbook_path = target_of(&root_rels, "", "/officeDocument")
            .ok_or(PatchError::Unexpected("không có phần workbook"))?;
        let wb_dir = workbook_path
            .rsplit_once('/')
            .map_or("", |(d, _)| d)
            .to_string();
        let wb_rels_path = format!(
            "{wb_dir}/_rels/{}.rels",
            workbook_path.rsplit('/').next().unwrap_or("")
        );
        let workbook = canonical(read(&mut zip, &workbook_path)?, MAIN_NS, true)?;
        let wb_rels = canonical(read(&mut zip, &wb_rels_path)?, PKG_REL_NS, false)?;
        let types = canonical(read(&mut zip, "[Content_Types].xml")?, TYPES_NS, false)?;
        let styles_path = target_of(&wb_rels, &wb_dir, "/styles")
            .ok_or(PatchError::Unexpected("không có phần styles"))?;
        // Relationship id → target part; sheets by name, in workbook order.
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
        static SHEET: OnceLock<Regex> = OnceLock::new();
        let mut sheets = Vec::new();
        let mut max_sheet_id = 0u32;
        for m in re(&SHEET, r#"<sheet\b[^>]*/?>"#).find_iter(&workbook) {
            let t = m.as_str();
            max_sheet_id =
                max_sheet_id.max(attr(t, "sheetId").and_then(|v| v.parse().ok()).unwrap_or(0));
            let rid = attr(t, "r:id").ok_or(PatchError::Unexpected("trang không có r:id"))?;
            let name = crate::text::clean(&unesc(attr(t, "name").unwrap_or("")));
            if let Some(part) = rels.get(rid) {
                sheets.push((name, part.clone()));
            }
        }
        if sheets.is_empty() {
            return Err(PatchError::Unexpected("không có trang tính"));
        }
        Ok(Package {
            zip,
            names,
            changed: BTreeMap::new(),
            workbook_path,
            wb_dir,
            wb_rels_path,
            workbook,
            wb_rels,
            types,
            styles_path,
            sheets,
            max_sheet_id,
        })
    }

    /// A part as it now stands (changed, or as read).
    fn read(&mut self, name: &str) -> Result<String, PatchError> {
        match self.changed.get(name) {
            Some(s) => Ok(s.clone()),
            None => read(&mut self.zip, name),
        }
    }

    /// A part as it now stands, in the spelling the patch edits (see [`canon`]).
    fn read_as(&mut self, name: &str, primary: &str, rel: bool) -> Result<String, PatchError> {
        canonical(self.read(name)?, primary, rel)
    }

    /// One sheet's marked cells shaded and annotated: our notes in parts of their own,
    /// or joined to the sheet's notes when it has some (the form's instructions).
    fn mark_sheet(
        &mut self,
        part: &str,
        cells: &BTreeMap<(u32, u32), Mark>,
        k: usize,
        fmt: impl FnMut(usize, bool) -> usize,
    ) -> Result<(), PatchError> {
        let mut xml = cells::shade(&self.read_as(part, MAIN_NS, true)?, cells, fmt)?;
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_path = format!("{dir}/_rels/{file}.rels");
        if xml.contains("<legacyDrawing") {
            let sheet_rels = self.read_as(&rels_path, PKG_REL_NS, false)?;
            let (Some(comments_path), Some(vml_path)) = (
                target_of(&sheet_rels, dir, "/comments"),
                target_of(&sheet_rels, dir, "/vmlDrawing"),
            ) else {
                return Err(PatchError::Unexpected(
                    "ghi chú có sẵn không tìm được phần của nó",
                ));
            };
            let comments = self.read_as(&comments_path, MAIN_NS, false)?;
            let vml = self.read(&vml_path)?;
            let (comments, vml) = notes::join_notes(&comments, &vml, cells, k)?;
            self.changed.insert(comments_path, comments);
            self.changed.insert(vml_path, vml);
        } else {
            let comments_path = format!("xl/vanban-comments{k}.xml");
            let vml_path = format!("xl/drawings/vanban-vmlDrawing{k}.vml");
            let sheet_rels = if self.names.contains(&rels_path) {
                self.read_as(&rels_path, PKG_REL_NS, false)?
            } else {
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>".to_string()
            };
            let rid_v = format!("rIdVanbanV{k}");
            let rel_lines = format!(
                "<Relationship Id=\"rIdVanbanC{k}\" Type=\"{COMMENTS_REL}\" Target=\"/{comments_path}\"/><Relationship Id=\"{rid_v}\" Type=\"{VML_REL}\" Target=\"/{vml_path}\"/>"
            );
            let sheet_rels = sheet_rels.replacen(
                "</Relationships>",
                &format!("{rel_lines}</Relationships>"),
                1,
            );
            xml = notes::add_legacy_drawing(&xml, &rid_v)?;
            self.changed.insert(rels_path, sheet_rels);
            self.changed
                .insert(comments_path.clone(), notes::comments_xml(cells));
            self.changed.insert(vml_path, notes::vml_xml(cells, k));
            self.types = add_override(
                &self.types,
                &format!("/{comments_path}"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
            );
        }
        self.changed.insert(part.to_string(), xml);
        Ok(())
    }

    /// The findings sheet added first and selected (no other sheet selected); the
    /// workbook opens on it; sheet-local names shifted by one.
    fn add_findings(
        &mut self,
        findings: &Sheet,
        bold: usize,
        wrap: usize,
    ) -> Result<(), PatchError> {
        let new_part = format!("{}/worksheets/vanban-ket-qua-kiem-tra.xml", self.wb_dir);
        self.changed.insert(
            new_part.clone(),
            findings::findings_xml(findings, bold, wrap),
        );
        for (_, part) in self.sheets.clone() {
            let xml = self.read(&part)?;
            if xml.contains("tabSelected=\"1\"") || xml.contains("tabSelected=\"true\"") {
                self.changed.insert(
                    part,
                    xml.replace("tabSelected=\"1\"", "tabSelected=\"0\"")
                        .replace("tabSelected=\"true\"", "tabSelected=\"0\""),
                );
            }
        }
        self.types = add_override(
            &self.types,
            &format!("/{new_part}"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
        );
        let rid = "rIdVanbanKetQua";
        // A copy sent back (the agency corrected our copy and resent it) already has
        // our findings sheet: the old one goes, the new one takes its place.
        static OLD_REL: OnceLock<Regex> = OnceLock::new();
        self.wb_rels = re(
            &OLD_REL,
            r#"<Relationship\b[^>]*Id="rIdVanbanKetQua"[^>]*/>"#,
        )
        .replace_all(&self.wb_rels, "")
        .into_owned();
        static OLD_SHEET: OnceLock<Regex> = OnceLock::new();
        let before = self.workbook.clone();
        self.workbook = re(&OLD_SHEET, r#"<sheet\b[^>]*r:id="rIdVanbanKetQua"[^>]*/>"#)
            .replace_all(&before, "")
            .into_owned();
        if self.workbook != before {
            // Sheet-local names were shifted when that sheet came first: shift them back.
            static LOCAL_BACK: OnceLock<Regex> = OnceLock::new();
            self.workbook = re(&LOCAL_BACK, r#"localSheetId="(\d+)""#)
                .replace_all(&self.workbook, |c: &regex::Captures| {
                    format!(
                        "localSheetId=\"{}\"",
                        c[1].parse::<u32>().unwrap_or(1).saturating_sub(1)
                    )
                })
                .into_owned();
        }
        self.wb_rels = self.wb_rels.replacen(
            "</Relationships>",
            &format!("<Relationship Id=\"{rid}\" Type=\"{WORKSHEET_REL}\" Target=\"worksheets/vanban-ket-qua-kiem-tra.xml\"/></Relationships>"),
            1,
        );
        let mut workbook = std::mem::take(&mut self.workbook);
        let open = workbook
            .find("<sheets>")
            .ok_or(PatchError::Unexpected("không có <sheets>"))?
            + "<sheets>".len();
        workbook.insert_str(
            open,
            &format!(
                "<sheet name=\"{}\" sheetId=\"{}\" r:id=\"{rid}\"/>",
                esc(&findings.name),
                self.max_sheet_id + 1
            ),
        );
        // Sheet-local names (print areas, filters) point at sheets by position.
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
        let root_end = workbook
            .find("<workbook")
            .and_then(|i| workbook[i..].find('>').map(|e| i + e));
        if !root_end.is_some_and(|e| workbook[..e].contains("xmlns:r=")) {
            workbook =
                workbook.replacen("<workbook ", &format!("<workbook xmlns:r=\"{REL_NS}\" "), 1);
        }
        self.workbook = workbook;
        Ok(())
    }

    /// The new package: untouched parts copied raw (not recompressed), the others
    /// written.
    fn write(mut self) -> Result<Vec<u8>, PatchError> {
        self.changed.insert(
            self.workbook_path.clone(),
            std::mem::take(&mut self.workbook),
        );
        self.changed
            .insert(self.wb_rels_path.clone(), std::mem::take(&mut self.wb_rels));
        self.changed.insert(
            "[Content_Types].xml".into(),
            std::mem::take(&mut self.types),
        );
        self.check_changed()?;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let stored = deflated.compression_method(zip::CompressionMethod::Stored);
        let options = |text: &str| {
            if text.len() < crate::output::STORE_BELOW {
                stored
            } else {
                deflated
            }
        };
        for i in 0..self.zip.len() {
            let f = self.zip.by_index_raw(i)?;
            let name = f.name().to_string();
            if let Some(text) = self.changed.remove(&name) {
                drop(f);
                out.start_file(name, options(&text))?;
                out.write_all(text.as_bytes())?;
            } else {
                out.raw_copy_file(f)?;
            }
        }
        for (name, text) in std::mem::take(&mut self.changed) {
            out.start_file(name, options(&text))?;
            out.write_all(text.as_bytes())?;
        }
        Ok(out.finish()?.into_inner())
    }
}

impl Package<'_> {
    /// Every part the patch wrote, read back (see [`canon::check_part`]). A VML drawing
    /// is held to it only when the producer's own was well-formed: old Excel VML is
    /// not always, and Excel reads it as HTML-like markup.
    fn check_changed(&mut self) -> Result<(), PatchError> {
        let names: Vec<String> = self.changed.keys().cloned().collect();
        for name in names {
            let text = &self.changed[&name];
            if let Err(e) = canon::check_part(&name, text) {
                let lenient = name.to_lowercase().ends_with(".vml")
                    && self.names.contains(&name)
                    && read(&mut self.zip, &name)
                        .map(|orig| canon::check_part(&name, &orig).is_err())
                        .unwrap_or(true);
                if !lenient {
                    return Err(e);
                }
            }
        }
        Ok(())
    }
}

/// A part in the spelling the patch edits; the text itself when already so. A
/// relationships part written as one empty element gets its end tag, where the patch
/// adds its relationships.
fn canonical(text: String, primary: &str, rel: bool) -> Result<String, PatchError> {
    let text = match canon::canonical(&text, primary, rel)? {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(o) => o,
    };
    if primary == PKG_REL_NS && !text.contains("</Relationships>") {
        static EMPTY: OnceLock<Regex> = OnceLock::new();
        return Ok(re(&EMPTY, r#"<Relationships\b([^>]*?)\s*/>"#)
            .replace(&text, "<Relationships$1></Relationships>")
            .into_owned());
    }
    Ok(text)
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
