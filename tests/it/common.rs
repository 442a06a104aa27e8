//! Helpers shared by the integration tests: temporary folders, running the real
//! binary, and building catalogue workbooks in the layouts people actually send.

use rust_xlsxwriter::{Format, Workbook};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary folder removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!(
            "vanban-test-{name}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The repository root (where `inputs/` is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the vanban binary from the repository root.
pub fn vanban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run vanban")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// One row of the seed annex, from the committed TSV: (kind, cells).
pub fn seed_rows() -> Vec<(String, Vec<String>)> {
    vanban::sample::SEED_ANNEX_TSV
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split('\t');
            let kind = f.next().unwrap().to_string();
            let mut cells: Vec<String> = f.map(str::to_string).collect();
            cells.resize(6, String::new());
            (kind, cells)
        })
        .collect()
}

/// How a test catalogue workbook is laid out.
#[derive(Clone)]
pub struct Layout {
    /// Title lines above the header (none: no title).
    pub title: Vec<String>,
    /// Blank rows between the title and the header.
    pub gap: u32,
    /// Header texts in the seed's column order (Stt, content, lead, partner, product,
    /// deadline).
    pub header: [String; 6],
    /// Where each seed column goes (index = seed column, value = sheet column).
    pub order: [u16; 6],
    /// Add a `(1) (2) …` numbering row under the header.
    pub numbering_row: bool,
    /// Write STT as text ("1.") instead of number cells.
    pub stt_as_text: bool,
    /// Merge group rows across the table (else: the text in the content column only).
    pub merge_groups: bool,
    /// Convert every text to NFD.
    pub nfd: bool,
    /// Extra column with this header, after the table.
    pub extra_column: Option<String>,
    /// A sheet without the table before the catalogue sheet.
    pub leading_sheet: bool,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            title: vanban::sample::ANNEX_TITLE
                .iter()
                .map(|s| s.to_string())
                .collect(),
            gap: 1,
            header: vanban::sample::ANNEX_HEADER.map(str::to_string),
            order: [0, 1, 2, 3, 4, 5],
            numbering_row: false,
            stt_as_text: false,
            merge_groups: true,
            nfd: false,
            extra_column: None,
            leading_sheet: false,
        }
    }
}

fn nfd(s: &str, on: bool) -> String {
    use unicode_normalization::UnicodeNormalization;
    if on { s.nfd().collect() } else { s.to_string() }
}

/// Writes the seed annex rows (or the given rows) in a layout; returns the path.
pub fn write_catalogue(path: &Path, layout: &Layout, rows: &[(String, Vec<String>)]) -> PathBuf {
    let mut book = Workbook::new();
    if layout.leading_sheet {
        let s = book.add_worksheet();
        s.set_name("Hướng dẫn").unwrap();
        s.write_string(0, 0, "Trang này không có bảng").unwrap();
    }
    let sheet = book.add_worksheet();
    sheet.set_name("DM").unwrap();
    let bold = Format::new().set_bold();
    let width = 6 + layout.extra_column.is_some() as u16;
    let mut r = 0u32;
    for t in &layout.title {
        sheet
            .merge_range(r, 0, r, width - 1, &nfd(t, layout.nfd), &bold)
            .unwrap();
        r += 1;
    }
    r += layout.gap;
    for (i, h) in layout.header.iter().enumerate() {
        sheet
            .write_string_with_format(r, layout.order[i], nfd(h, layout.nfd), &bold)
            .unwrap();
    }
    if let Some(x) = &layout.extra_column {
        sheet.write_string(r, 6, nfd(x, layout.nfd)).unwrap();
    }
    r += 1;
    if layout.numbering_row {
        for c in 0..width {
            sheet.write_string(r, c, format!("({})", c + 1)).unwrap();
        }
        r += 1;
    }
    for (kind, cells) in rows {
        match kind.as_str() {
            "G" | "S" => {
                let text = nfd(&cells[0], layout.nfd);
                let fmt = if kind == "S" {
                    bold.clone().set_italic()
                } else {
                    bold.clone()
                };
                if layout.merge_groups {
                    sheet.merge_range(r, 0, r, width - 1, &text, &fmt).unwrap();
                } else {
                    sheet
                        .write_string_with_format(r, layout.order[1], text, &fmt)
                        .unwrap();
                }
            }
            _ => {
                for (i, cell) in cells.iter().enumerate() {
                    if cell.is_empty() {
                        continue;
                    }
                    let col = layout.order[i];
                    if i == 0 && !layout.stt_as_text {
                        if let Ok(n) = cell.parse::<f64>() {
                            sheet.write_number(r, col, n).unwrap();
                            continue;
                        }
                    }
                    let text = if i == 0 {
                        format!("{cell}.")
                    } else {
                        nfd(cell, layout.nfd)
                    };
                    sheet.write_string(r, col, text).unwrap();
                }
                if layout.extra_column.is_some() {
                    sheet.write_string(r, 6, "ghi chú").unwrap();
                }
            }
        }
        r += 1;
    }
    book.save(path).unwrap();
    path.to_path_buf()
}

pub use vanban::Workspace;

/// The shipped reference data (catalogue, registry, indicators, calendar).
pub fn reference() -> Workspace {
    let paths = vanban::workspace::Paths::under(&root());
    match Workspace::load(&paths, None) {
        Ok(r) => r,
        Err(e) => panic!("{e:?}"),
    }
}

/// Reads and checks files in parallel, in input order.
pub fn check_files(
    files: &[PathBuf],
    r: &Workspace,
    period: Option<vanban::model::period::Period>,
    as_of: chrono::NaiveDate,
    agency: Option<&str>,
) -> Vec<(vanban::read::submission::Submission, vanban::check::Checked)> {
    r.check_files(files, period, as_of, agency)
}

/// The issuers, signers and recipients of the shipped vanban.toml (`[documents]`).
pub fn documents() -> vanban::compose::config::ReportConfig {
    let text = std::fs::read_to_string(root().join("vanban.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    table["documents"].clone().try_into().unwrap()
}

/// The text of a DOCX's main part as a reader of the file gets it: the runs of a
/// paragraph joined as they stand, Word's non-breaking hyphen read as the hyphen it
/// prints, paragraphs (and table cells) separated by a space. Nothing is dropped or
/// cleaned: an invisible character in the file is in the text.
pub fn docx_text(path: &std::path::Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    docx_xml_text(&xml)
}

/// See [`docx_text`]: the text of a `word/document.xml`.
pub fn docx_xml_text(xml: &str) -> String {
    let re = regex::Regex::new(
        r"(?s)<w:t(?: [^>]*)?>(.*?)</w:t>|<w:t(?: [^>]*)?/>|<w:noBreakHyphen ?/>|<w:tab ?/>|<w:br(?: [^>]*)?/>|</w:p>",
    )
    .unwrap();
    let mut out = String::new();
    for c in re.captures_iter(xml) {
        match c.get(1) {
            Some(t) => out.push_str(
                &t.as_str()
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&"),
            ),
            None if c[0].starts_with("<w:noBreakHyphen") => out.push('-'),
            None if c[0].starts_with("<w:t") => {}
            None => out.push(' '),
        }
    }
    out
}

/// The shipped Quý I/2019 samples checked and aggregated as of 06/03/2019.
pub fn sample_period(ws: &Workspace) -> (Vec<vanban::check::Checked>, vanban::aggregate::Summary) {
    use vanban::sample::submissions::{SAMPLE_PERIOD, sample_as_of};
    let (files, _) =
        vanban::read::files::collect_inputs(&[root().join("inputs/bao-cao/q1-2019")]).unwrap();
    let checked: Vec<_> = ws
        .check_files(&files, Some(SAMPLE_PERIOD), sample_as_of(), None)
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    let summary = ws.summarise(SAMPLE_PERIOD, sample_as_of(), &checked);
    (checked, summary)
}

/// The shipped `vanban.toml` (its documents section and reference data) set on a test
/// folder: submissions from `<dir>/bao-cao/<period>/`, output into `<dir>/out`; DOCX
/// only unless `pdf`. Returns the configuration file's path.
pub fn config_in(dir: &TempDir, pdf: bool) -> PathBuf {
    let shipped = std::fs::read_to_string(root().join("vanban.toml")).unwrap();
    let mut text = shipped
        .replace(
            "submissions = \"inputs/bao-cao\"",
            &format!("submissions = {:?}", dir.path("bao-cao").to_str().unwrap()),
        )
        .replace(
            "output = \"output\"",
            &format!("output = {:?}", dir.path("out").to_str().unwrap()),
        );
    if !pdf {
        text = text.replace("formats = [\"docx\", \"pdf\"]", "formats = [\"docx\"]");
    }
    assert!(
        text.contains(dir.path("out").to_str().unwrap()),
        "vanban.toml changed shape"
    );
    let path = dir.path("vanban.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Asserts that two sheets hold the same cells (values, and bold and merge marks when
/// `whole`), naming the first cell that differs and `what` to do about it.
pub fn assert_same_cells(
    a: &vanban::read::sheet::Grid,
    b: &vanban::read::sheet::Grid,
    whole: bool,
    what: &str,
) {
    for r in 0..a.end_row().max(b.end_row()) {
        for c in 0..a.end_col().max(b.end_col()) {
            let (x, y) = (a.cell(r, c), b.cell(r, c));
            let same = if whole { x == y } else { x.value == y.value };
            assert!(
                same,
                "{}!{}: {x:?} ≠ {y:?} ({what})",
                a.name,
                vanban::model::finding::a1(r, c)
            );
        }
    }
}

/// `vanban check FILE` for the samples' period (Quý I/2019, as of 06/03/2019), with more
/// arguments.
pub fn check_q1(file: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        file.to_str().unwrap(),
        "--period",
        "q1-2019",
        "--as-of",
        "06/03/2019",
    ];
    args.extend_from_slice(extra);
    vanban(&args)
}

/// `vanban report|remind` for the samples' period (Quý I/2019, as of 06/03/2019) into
/// `out`, with more arguments; the command must succeed.
pub fn period_q1(command: &str, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        command,
        "--period",
        "q1-2019",
        "--as-of",
        "06/03/2019",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = vanban(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    o
}

/// A correct form fill: every task the agency leads "Đang thực hiện", with a report
/// date and number.
pub fn in_progress_fill(
    r: &Workspace,
    agency: &str,
    (y, m, d): (i32, u32, u32),
    number: &str,
) -> vanban::xlsx::form::FormFill {
    use vanban::xlsx::form::{FormFill, RowFill};
    let mut fill = FormFill {
        report_date: chrono::NaiveDate::from_ymd_opt(y, m, d),
        report_number: number.into(),
        ..Default::default()
    };
    for (t, lead) in vanban::xlsx::form::assigned_tasks(&r.catalogue, agency) {
        if lead {
            fill.rows.insert(
                t.code.clone(),
                RowFill {
                    status: "Đang thực hiện".into(),
                    result: "Đang triển khai.".into(),
                    ..Default::default()
                },
            );
        }
    }
    fill
}

/// Every cell's text of a sheet, row by row, separated by `sep`.
pub fn sheet_text(sheet: &vanban::read::sheet::Grid, sep: &str) -> String {
    (0..sheet.end_row())
        .flat_map(|r| (0..sheet.end_col()).map(move |c| (r, c)))
        .map(|(r, c)| sheet.text(r, c) + sep)
        .collect()
}

/// Every finding of a file of `check --format json` as "code@cell", sorted.
pub fn code_cells(file: &serde_json::Value) -> Vec<String> {
    let mut got: Vec<String> = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}@{}",
                d["code"].as_str().unwrap(),
                d["cell"].as_str().unwrap_or("")
            )
        })
        .collect();
    got.sort();
    got
}

/// The form of an agency for the samples' period, filled in as `fill` says.
pub fn form_bytes(r: &Workspace, agency: &str, fill: &vanban::xlsx::form::FormFill) -> Vec<u8> {
    let a = r.registry.get(agency).unwrap();
    vanban::xlsx::form::form_workbook(
        &r.catalogue,
        &r.indicators,
        Some(&r.calendar),
        a,
        vanban::sample::submissions::SAMPLE_PERIOD,
        Some(fill),
    )
    .unwrap()
}
